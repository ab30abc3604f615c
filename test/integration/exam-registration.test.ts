// Registering for the exam through the services: an approved application is
// registered for a sitting (approved → awaiting exam, the applicant told by
// e-mail); the last seat goes to one person; a credential without an exam,
// a sitting that has started and a second registration are refused; the
// bank's forms are made by exam administrators only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { auditOf } from '../../src/db/repositories/audit.ts';
import { formItems } from '../../src/db/repositories/exam-bank.ts';
import { registrationsOf } from '../../src/db/repositories/exam-sittings.ts';
import { composeForm } from '../../src/services/exam-forms.ts';
import { registerForSitting } from '../../src/services/exam-sittings.ts';
import { loadActor } from '../../src/services/actors.ts';
import { approvedApplication, examSetup, registeredApplication } from '../helpers/exam.ts';
import { startApp, type TestApp } from '../helpers/http.ts';
import { applicant } from '../helpers/portfolio-http.ts';

let t: TestApp;
let setup: Awaited<ReturnType<typeof examSetup>>;

before(async () => {
  t = await startApp();
  setup = await examSetup(t, { mc: 6, vignettes: 3, startsAt: '2030-03-06T14:00:00Z', capacity: 2 });
});
after(() => t.close());

const person = async (name: string, email: string) => (await applicant(t, name, email, [])).id;

describe('exam registration', () => {
  test('the form holds the drawn items, multiple choice first, keys kept out of nothing but the bank', async () => {
    const items = await formItems(t.db.kysely, setup.form.id);
    assert.equal(items.length, 9);
    assert.deepEqual(
      items.map((i) => i.kind),
      [...Array(6).fill('multiple-choice'), ...Array(3).fill('vignette')],
    );
    assert.equal(setup.form.status, 'ready');
    assert.equal(setup.form.vignettesAnswered, 2);
    assert.deepEqual(setup.form.passRule, { mcPercent: 80, essayPoints: 14, combine: 'both' });
  });

  test('a coordinator may not compose forms: the bank is for exam administrators', async () => {
    await assert.rejects(
      composeForm(setup.cora.actor, setup.ct.id, { name: 'X', exam: 'imh', category: 'clinical' }, t.product),
      /The exam bank was not found/,
    );
  });

  test('registering an approved application: awaiting exam, audited, the applicant told', async () => {
    const ada = await person('Ada Exam', 'ada.exam@example.org');
    const { applicationId } = await registeredApplication(t, ada, setup.cora, setup.sitting.id);
    assert.equal((await findApplication(t.db.kysely, applicationId))!.status, 'awaiting-exam');
    const [registration] = await registrationsOf(t.db.kysely, applicationId);
    assert.equal(registration!.status, 'registered');
    assert.equal(registration!.attempt, 1);
    assert.equal(registration!.formId, setup.form.id);
    const actions = (await auditOf(t.db.kysely, 'application', [applicationId])).map((e) => e.action);
    assert.ok(actions.includes('application.register-exam'), actions.join());
    assert.ok(actions.includes('exam-registration.create'), actions.join());
    const mail = (await t.mail()).filter(
      (m) => /^To: .*ada\.exam@example\.org/im.test(m) && /^Dear Ada/m.test(m) && !/is now: approved/.test(m),
    );
    assert.equal(
      mail.length,
      1,
      'one mail after the approval: the confirmation (the state change sends none)',
    );
    assert.match(mail[0]!, /You are registered for the written examination/);
    assert.match(mail[0]!, /2030-03-06 at 14:00 UTC, online/);
    await assert.rejects(
      registerForSitting(setup.cora.actor, applicationId, setup.sitting.id, t.product),
      /registered for a sitting already/,
      'an application awaiting the exam cannot be registered again',
    );
  });

  test('the last seat goes to one of two at once; the other is told the sitting is full', async () => {
    const ids = await Promise.all(
      ['Bea', 'Cal'].map(async (n) =>
        approvedApplication(
          t,
          await person(`${n} Exam`, `${n.toLowerCase()}.exam@example.org`),
          setup.cora.id,
        ),
      ),
    );
    const outcomes = await Promise.allSettled(
      ids.map((id) => registerForSitting(setup.cora.actor, id, setup.sitting.id, t.product)),
    );
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    assert.match(String(refused.reason), /this sitting is full/);
    const states = await Promise.all(ids.map(async (id) => (await findApplication(t.db.kysely, id))!.status));
    assert.deepEqual(states.sort(), ['approved', 'awaiting-exam']);
  });

  test('the applicant chooses a sitting; one that has started, or a credential with no exam, is refused', async () => {
    const dee = await person('Dee Exam', 'dee.exam@example.org');
    const deeActor = await loadActor(dee, t.product);
    const ifs = await approvedApplication(t, dee, setup.cora.id, 'ct-aimh', 'IFS');
    await assert.rejects(
      registerForSitting(deeActor, ifs, setup.sitting.id, t.product),
      /this credential has no written examination/,
    );
    const imhs = await approvedApplication(
      t,
      await person('Eve Exam', 'eve.exam@example.org'),
      setup.cora.id,
    );
    await assert.rejects(
      registerForSitting(
        setup.cora.actor,
        imhs,
        setup.sitting.id,
        t.product,
        new Date('2030-03-06T14:00:01Z'),
      ),
      /has started already/,
    );
  });
});
