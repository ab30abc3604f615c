// Fees: the application fee is due when the application starts, the processing
// fee at submission; a coordinator may waive a fee due, with a reason, beside
// "Record a payment"; a waived fee shows as waived (not still due) on the
// staff page, the applicant's submission page and in the confirmation e-mail;
// a fee paid or waived already cannot be waived (FEE_SETTLED); audited.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { feesDueOf } from '../../src/db/repositories/fees.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { type SubmittedApplication, submittedApplication } from '../helpers/submitted-application.ts';

let t: TestApp;
let s: SubmittedApplication;
let wes: Browser; // a coordinator of CT-AIMH from before the submission
let staffUrl: string;

const feeOf = async (kind: string) => (await feesDueOf(t.db.kysely, s.imhs)).find((f) => f.kind === kind)!;

before(async () => {
  t = await startApp();
  s = await submittedApplication(t, {
    beforeSubmit: async ({ imhs }) => {
      wes = t.browser();
      await wes.signUp({ name: 'Wes Waiver', email: 'wes@example.org' });
      const site = await t.siteAdmin();
      const res = await site.submit('/associations/ct-aimh/people', '/associations/ct-aimh/people', {
        email: 'wes@example.org',
        roles: ['coordinator'],
      });
      assert.equal(res.statusCode, 303);
      const url = `/associations/ct-aimh/applications/${imhs}`;
      // The application fee is due from the start; Wes waives it before Ada submits.
      const dues = await feesDueOf(t.db.kysely, imhs);
      assert.deepEqual(
        dues.map((d) => d.kind),
        ['application'],
      );
      const waived = await wes.submit(url, `${url}/waivers`, {
        feeDue: dues[0]!.id,
        reason: 'Scholarship from the association',
      });
      assert.equal(waived.statusCode, 303, pageText(waived.body).slice(0, 600));
    },
  });
  staffUrl = `/associations/ct-aimh/applications/${s.imhs}`;
});
after(async () => {
  await t?.close();
});

describe('waiving a fee', () => {
  test('the confirmation e-mail shows the waived fee as waived, and the total still due without it', async () => {
    const mail = (await t.mail()).find(
      (m) => /^To: ada@example\.org\r?$/m.test(m) && /has been submitted/.test(m) && /Fees due:/.test(m),
    );
    assert.ok(mail, 'a confirmation');
    assert.match(mail, /Application fee: \$25\.00 \(waived\)/);
    assert.match(mail, /Processing fee: \$200\.00/);
    assert.match(mail, /Total still due: \$200\.00/);
  });

  test('the staff page shows it waived, with who and why, and offers only the processing fee', async () => {
    const page = await s.cody.get(staffUrl);
    assert.equal(page.statusCode, 200);
    const text = pageText(page.body);
    assert.match(text, /Waived on .* by Wes Waiver: Scholarship from the association/);
    assert.match(page.body, /<h3>Waive a fee<\/h3>/);
    const application = await feeOf('application');
    assert.ok(!page.body.includes(`value="${application.id}"`), 'a waived fee is not offered again');
    assert.match(text, /Total \$225\.00 \$0\.00 \$200\.00/);
  });

  test("the applicant's submission page shows it waived, not still due", async () => {
    const page = await s.ada.get(`/applications/${s.imhs}/submit`);
    const text = pageText(page.body);
    assert.match(text, /Application fee \$25\.00 \$0\.00 Waived on/);
    assert.ok(!text.includes('by Wes Waiver'), 'the applicant is not told who waived it');
    assert.match(text, /Total \$225\.00 \$0\.00 \$200\.00/);
  });

  test('waived again: refused, saying so; no reason: refused on the field; nothing changes', async () => {
    const application = await feeOf('application');
    const again = await s.cody.submit(staffUrl, `${staffUrl}/waivers`, {
      feeDue: application.id,
      reason: 'twice',
    });
    assert.equal(again.statusCode, 400);
    assert.match(pageText(again.body), /the application fee was waived already/i);
    const processing = await feeOf('processing');
    const noReason = await s.cody.submit(staffUrl, `${staffUrl}/waivers`, {
      feeDue: processing.id,
      reason: '  ',
    });
    assert.equal(noReason.statusCode, 400);
    assert.match(pageText(noReason.body), /Say why the fee is waived/);
    assert.equal((await feeOf('processing')).waivedAt, null);
    assert.equal((await feeOf('application')).waiveReason, 'Scholarship from the association');
  });

  test('a payment against a waived fee is refused', async () => {
    const application = await feeOf('application');
    const res = await s.cody.submit(staffUrl, `${staffUrl}/payments`, {
      feeDue: application.id,
      amount: '25.00',
      method: 'check',
    });
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /the application fee was waived: nothing is due on it/i);
    assert.equal((await feeOf('application')).paidCents, 0);
  });

  test('a fee paid in full cannot be waived', async () => {
    const processing = await feeOf('processing');
    const paid = await s.cody.submit(staffUrl, `${staffUrl}/payments`, {
      feeDue: processing.id,
      amount: '200.00',
      method: 'card',
    });
    assert.equal(paid.statusCode, 303);
    const page = await s.cody.get(staffUrl);
    assert.ok(!/<h3>Waive a fee<\/h3>/.test(page.body), 'nothing is left to waive');
    const res = await s.cody.submit(staffUrl, `${staffUrl}/waivers`, {
      feeDue: processing.id,
      reason: 'late',
    });
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /the processing fee is paid in full already/i);
    assert.equal((await feeOf('processing')).waivedAt, null);
  });

  test('the waiver is audited with who and why', async () => {
    const events = await t.db.kysely
      .selectFrom('audit_event')
      .innerJoin('user', 'user.id', 'audit_event.actor_id')
      .select(['user.email', 'audit_event.after'])
      .where('subject_id', '=', s.imhs)
      .where('action', '=', 'fee.waive')
      .execute();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.email, 'wes@example.org');
    assert.deepEqual(JSON.parse(events[0]!.after!), {
      fee: 'application',
      waived: true,
      reason: 'Scholarship from the association',
    });
  });
});
