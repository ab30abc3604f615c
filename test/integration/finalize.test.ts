// Finalizing: Endorse judges the snapshot with the exam's result and refuses
// with what is unmet; an application meeting everything is endorsed and gets
// the association's next number, audited; two finalized at once get two
// numbers; a draft cannot be finalized and another association's staff find
// nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { auditOf } from '../../src/db/repositories/audit.ts';
import { endorsementsOfPerson } from '../../src/db/repositories/endorsements.ts';
import { timestamp } from '../../src/db/portable.ts';
import { finalizeApplication } from '../../src/services/endorsements.ts';
import { registerForSitting } from '../../src/services/exam-sittings.ts';
import { scoreResponse } from '../../src/services/exam-reading.ts';
import { takeStep } from '../../src/services/lifecycle.ts';
import { approvedApplication, examSetup, staffMember, submittedAttempt } from '../helpers/exam.ts';
import { startApp, type TestApp } from '../helpers/http.ts';
import { applicant } from '../helpers/portfolio-http.ts';
import { submittedApplication } from '../helpers/submitted-application.ts';

let t: TestApp;
let setup: Awaited<ReturnType<typeof examSetup>>;
before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  setup = await examSetup(t, { mc: 4, vignettes: 2, startsAt: '2030-05-01T09:00:00Z' });
});
after(() => t.close());

test('an application with a requirement unmet is refused with the reasons, and stays approved', async () => {
  const bo = (await applicant(t, 'Bo Unmet', 'bo.unmet@example.org', [])).id;
  const ifs = await approvedApplication(t, bo, setup.cora.id, 'ct-aimh', 'IFS');
  await assert.rejects(
    finalizeApplication(setup.cora.actor, ifs, setup.ct.id, t.product),
    (e: Error & { domainCode?: string }) =>
      e.domainCode === 'APPLICATION_STEP_BLOCKED' && /not every requirement is met: /.test(e.message),
  );
  assert.equal((await findApplication(t.db.kysely, ifs))!.status, 'approved');
  assert.deepEqual(await endorsementsOfPerson(t.db.kysely, bo), []);
});

test('a draft cannot be finalized; staff of another association find nothing', async () => {
  const cy = (await applicant(t, 'Cy Draft', 'cy.draft@example.org', [['ct-aimh', 'IFS']])).applications[0]!;
  await assert.rejects(finalizeApplication(setup.cora.actor, cy, setup.ct.id, t.product), /only an approved/);
  const elsewhere = await staffMember(t, 'mi-aimh', 'Mo Elsewhere', 'mo.elsewhere@example.org', [
    'coordinator',
  ]);
  await assert.rejects(finalizeApplication(elsewhere.actor, cy, setup.ct.id, t.product), /not found/);
});

test('a complete application whose exam is passed is endorsed with the next number, audited', async () => {
  const { adaId, imhs } = await submittedApplication(t);
  const application = (await findApplication(t.db.kysely, imhs))!;
  await t.db.kysely.transaction().execute((tx) =>
    takeStep(tx, t.product, {
      application,
      step: 'approve',
      by: 'coordinator',
      actorId: setup.cora.id,
      at: timestamp(),
      facts: { reason: 'Meets every requirement.' },
    }),
  );
  await assert.rejects(
    finalizeApplication(setup.cora.actor, imhs, setup.ct.id, t.product),
    /pass the written examination/,
    'approved, the exam still to pass',
  );
  const { registrationId } = await registerForSitting(setup.cora.actor, imhs, setup.sitting.id, t.product);
  const { blindCodes } = await submittedAttempt(t, registrationId, {
    answer: (_n, key) => key,
    essays: ['A first essay.', 'A second essay.'],
  });
  const rae = await staffMember(t, 'ct-aimh', 'Rae Reader', 'rae.reader@example.org', ['exam-scorer']);
  for (const reader of [setup.sam, rae])
    for (const code of blindCodes)
      await scoreResponse(reader.actor, setup.ct, code, { c0: '6', c1: '4' }, t.product);
  assert.equal((await findApplication(t.db.kysely, imhs))!.status, 'exam-passed');

  const endorsement = await finalizeApplication(setup.cora.actor, imhs, setup.ct.id, t.product);
  assert.equal((await findApplication(t.db.kysely, imhs))!.status, 'endorsed');
  assert.equal(endorsement.number, 1);
  assert.equal(endorsement.status, 'active');
  assert.equal(endorsement.credential, 'IMHS');
  assert.equal(endorsement.userId, adaId);
  assert.equal(endorsement.renewalDueOn.slice(0, 4), String(Number(endorsement.grantedOn.slice(0, 4)) + 1));
  const actions = (await auditOf(t.db.kysely, 'application', [imhs])).map((e) => e.action);
  assert.ok(actions.includes('application.finalize'));
  assert.equal((await auditOf(t.db.kysely, 'endorsement', [endorsement.id]))[0]!.action, 'endorsement.grant');
  await assert.rejects(
    finalizeApplication(setup.cora.actor, imhs, setup.ct.id, t.product),
    /only an approved/,
    'finalized once',
  );
});
