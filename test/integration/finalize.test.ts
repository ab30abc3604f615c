// Finalizing: Endorse judges the snapshot with the exam's result and refuses
// with what is unmet; an application meeting everything is endorsed and gets
// the association's next number, audited; two finalized at once get two
// numbers; a draft cannot be finalized and another association's staff find
// nothing. The endorsee is e-mailed the letter with the certificate and the
// credential attached.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { auditOf } from '../../src/db/repositories/audit.ts';
import {
  type EndorsementRow,
  endorsementEvents,
  endorsementsOfPerson,
} from '../../src/db/repositories/endorsements.ts';
import { findPersonById } from '../../src/db/repositories/people.ts';
import { recipientSlug } from '../../src/mail/mailer.ts';
import { credentialAddresses, currentCredential } from '../../src/services/credentials.ts';
import { finalizeApplication } from '../../src/services/endorsements.ts';
import { approve, approvedApplication, examSetup, passedExam, staffMember } from '../helpers/exam.ts';
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
  await approve(t, imhs, setup.cora.id);
  await assert.rejects(
    finalizeApplication(setup.cora.actor, imhs, setup.ct.id, t.product),
    /pass the written examination/,
    'approved, the exam still to pass',
  );
  await passedExam(t, setup, imhs);

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
  assert.deepEqual(
    (await endorsementEvents(t.db.kysely, endorsement.id)).map((e) => [e.kind, e.actorName]),
    [['granted', 'Cora Coordinator']],
    'its history says who granted it',
  );
  await endorseeIsMailed(endorsement);
  await assert.rejects(
    finalizeApplication(setup.cora.actor, imhs, setup.ct.id, t.product),
    /only an approved/,
    'finalized once',
  );
});

/** An attachment of a raw .eml, by its file name (base64, as nodemailer writes attachments). */
function attachment(eml: string, filename: string): Buffer | undefined {
  const part = eml
    .split(/\r?\n--[^\r\n]+\r?\n/)
    .find((p) => p.includes(`filename=${filename}`) || p.includes(`filename="${filename}"`));
  if (!part) return undefined;
  return Buffer.from(
    part
      .split(/\r?\n\r?\n/)
      .slice(1)
      .join('')
      .replace(/\s+/g, ''),
    'base64',
  );
}

async function endorseeIsMailed(endorsement: EndorsementRow) {
  const person = (await findPersonById(t.db.kysely, endorsement.userId))!;
  const texts = (await t.mail()).filter((m) => m.includes(`To: ${person.email}`));
  const letter = texts.find((m) => /Subject: Congratulations: your Infant Mental Health Specialist/.test(m));
  assert.ok(letter, 'the endorsee is e-mailed the letter');
  for (const words of [
    `Dear ${person.name},`,
    `Endorsement number: ${endorsement.number}`,
    'Renewal will ask for:',
    credentialAddresses(t.product).verification(endorsement.id),
  ])
    assert.ok(letter.replace(/\r?\n/g, '\n').includes(words), `the letter says "${words}"`);
  const dir = t.product.config.mailDir;
  const raw = readdirSync(dir)
    .filter((f) => f.endsWith(`-${recipientSlug(person.email)}.eml`))
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .find((m) => m.includes('filename=endorsement-'));
  assert.ok(raw, 'the letter comes with attachments');
  const pdf = attachment(raw, `endorsement-${endorsement.number}-certificate.pdf`);
  assert.equal(pdf?.subarray(0, 5).toString(), '%PDF-', 'the certificate is attached');
  const json = attachment(raw, `endorsement-${endorsement.number}.json`);
  assert.ok(json, 'the credential is attached');
  assert.deepEqual(
    JSON.parse(json.toString('utf8')),
    (await currentCredential(t.product, endorsement.id))!.document,
  );
}
