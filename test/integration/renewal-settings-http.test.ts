// An association's renewal settings through the settings page: its admin
// reads the defaults (no fee, since the seeds give none), saves a fixed due
// day and fees (audited), is told what is wrong with a bad day, a reminder
// after the grace period or a negative fee, with what they typed kept; a
// coordinator finds nothing. An endorsement granted afterwards falls due on
// the fixed day; one granted before keeps its date.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findEndorsement } from '../../src/db/repositories/endorsements.ts';
import { auditOfAssociation } from '../../src/db/repositories/audit.ts';
import { renewalSettingsOf } from '../../src/services/association-settings.ts';
import { finalizeApplication } from '../../src/services/endorsements.ts';
import { approve, examSetup, passedExam, type Staff, staffMember } from '../helpers/exam.ts';
import { pageText, startApp, type TestApp } from '../helpers/http.ts';
import { renewingEndorsee } from '../helpers/renewal.ts';
import { submittedApplication } from '../helpers/submitted-application.ts';

let t: TestApp;
let admin: Staff;
let coordinator: Staff;
const page = '/associations/ct-aimh/settings';
const action = `${page}/renewal`;

const form = (o: Record<string, string> = {}) => ({
  dueDayKind: 'fixed',
  fixedDay: '12-31',
  fee: '75.00',
  lateFee: '$25',
  reinstatementFee: '',
  auditPercent: '5',
  remindBefore: '7, 60, 30',
  remindAfter: '14',
  graceDays: '30',
  inactiveLimitDays: '365',
  ...o,
});

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  admin = await staffMember(t, 'ct-aimh', 'Ada Admin', 'ada.admin@example.org', ['admin']);
  coordinator = await staffMember(t, 'ct-aimh', 'Cy Coordinator', 'cy.coord@example.org', ['coordinator']);
});
after(() => t?.close());

describe('renewal settings', () => {
  let ctId: string;

  test('the admin reads the defaults: the anniversary, and no fee unless the association sets one', async () => {
    const res = await admin.browser.get(page);
    assert.equal(res.statusCode, 200);
    const text = pageText(res.body);
    assert.match(text, /Annual renewal/);
    assert.match(text, /The seeds give no amounts, so no fee is charged unless the association sets one/);
    assert.match(text, /due dates already set stay as they are/);
    assert.match(res.body, /id="dueDayKind"[^>]*value="anniversary"[^>]*checked/);
    assert.match(res.body, /id="fee" name="fee" type="text" value[ >]/);
    assert.match(res.body, /value="60, 30, 7"/);
  });

  test('saving them is audited with the values before and after', async () => {
    const before = await renewingEndorsee(t, 'Bea Before', 'bea.before@example.org', {
      slug: 'ct-aimh',
      grantedOn: '2026-03-01',
    });
    ctId = before.endorsement.associationId;
    const saved = await admin.browser.submitAndFollow(page, action, form());
    assert.equal(saved.statusCode, 200);
    assert.match(pageText(saved.body), /The renewal settings have been saved/);
    assert.match(saved.body, /value="75.00"/);
    assert.match(saved.body, /id="fixedDay"[^>]*value="12-31"|value="12-31"[^>]*id="fixedDay"/);
    assert.deepEqual(await renewalSettingsOf(t.product, ctId), {
      dueDay: '12-31',
      feeCents: 7500,
      lateFeeCents: 2500,
      reinstatementFeeCents: null,
      auditPercent: 5,
      remindBefore: [60, 30, 7],
      remindAfter: [14],
      graceDays: 30,
      inactiveLimitDays: 365,
    });
    const [entry] = (await auditOfAssociation(t.db.kysely, ctId)).filter(
      (e) => e.action === 'association-setting.update',
    );
    assert.deepEqual(entry!.before, {
      'renewal.dueDay': 'anniversary',
      'renewal.feeCents': null,
      'renewal.lateFeeCents': null,
      'renewal.auditPercent': 0,
      'renewal.remindAfter': [],
      'renewal.graceDays': 0,
      'renewal.inactiveLimitDays': null,
    });
    assert.equal((entry!.after as Record<string, unknown>)['renewal.dueDay'], '12-31');
    // A due date already set stays.
    assert.equal((await findEndorsement(t.db.kysely, before.endorsement.id))!.renewalDueOn, '2027-03-01');
  });

  for (const [what, change, field, message] of [
    ['a day that is not one', { fixedDay: '02-30' }, 'fixedDay', /The fixed day: a day of the year as MM-DD/],
    ['a day not as MM-DD', { fixedDay: 'Dec 31' }, 'fixedDay', /The fixed day: a day of the year as MM-DD/],
    [
      'a reminder after the grace period',
      { remindAfter: '7, 45' },
      'remindAfter',
      /A reminder 45 days after the due date comes after the grace period \(30 days\)/,
    ],
    ['a negative fee', { lateFee: '-5' }, 'lateFee', /Late fee: an amount such as 75.00, or leave it empty/],
    [
      'a pause of no days',
      { inactiveLimitDays: '0' },
      'inactiveLimitDays',
      /Longest inactive pause: between 1/,
    ],
  ] as const)
    test(`${what} is refused on its field, what was typed kept, and nothing changes`, async () => {
      const typed = form({ fee: '80', ...change });
      const res = await admin.browser.submit(page, action, typed);
      assert.equal(res.statusCode, 400);
      const text = pageText(res.body);
      assert.match(text, message);
      assert.match(res.body, new RegExp(`id="${field}-error"`));
      const [name, value] = Object.entries(change)[0]!;
      assert.match(res.body, new RegExp(`name="${name}"[^>]*value="${value.replace(/[()]/g, '\\$&')}"`));
      assert.match(res.body, /value="80"/);
      assert.equal((await renewalSettingsOf(t.product, ctId)).feeCents, 7500);
    });

  test('a coordinator, and the admin at another association, find nothing', async () => {
    assert.equal((await coordinator.browser.get(page)).statusCode, 404);
    const refused = await coordinator.browser.submit(
      '/associations/ct-aimh/applications',
      action,
      form({ fee: '1' }),
    );
    assert.equal(refused.statusCode, 404);
    const mi = await admin.browser.submit(page, '/associations/mi-aimh/settings/renewal', form({ fee: '1' }));
    assert.equal(mi.statusCode, 404);
    assert.equal((await renewalSettingsOf(t.product, ctId)).feeCents, 7500);
  });

  test('an endorsement granted afterwards falls due on the fixed day, at least a year on', async () => {
    const setup = await examSetup(t, { mc: 4, vignettes: 2, startsAt: '2030-05-01T09:00:00Z' });
    const { imhs } = await submittedApplication(t);
    await approve(t, imhs, setup.cora.id);
    await passedExam(t, setup, imhs);
    const granted = await finalizeApplication(
      setup.cora.actor,
      imhs,
      setup.ct.id,
      t.product,
      new Date('2031-02-10T12:00:00Z'),
    );
    assert.equal(granted.grantedOn, '2031-02-10');
    assert.equal(granted.renewalDueOn, '2032-12-31');
  });
});
