// An association's review settings through the pages: its admin reads the
// defaults, changes them (audited, one entry with the values before and
// after), and is told what is wrong with bad values, with what they typed
// kept; a coordinator, and the admin of another association, find nothing.
// The new number of days is what the next reviewer's due date is counted with.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { auditOfAssociation } from '../../src/db/repositories/audit.ts';
import { reviewSettingsOf } from '../../src/services/association-settings.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';

let t: TestApp;
let alice: Browser; // admin of mi-aimh
let carl: Browser; // coordinator of mi-aimh
let miId: string;
const page = '/associations/mi-aimh/settings';

before(async () => {
  t = await startApp();
  const site = await t.siteAdmin();
  alice = t.browser();
  await alice.signUp({ name: 'Alice Admin', email: 'alice@example.org' });
  carl = t.browser();
  await carl.signUp({ name: 'Carl Coordinator', email: 'carl@example.org' });
  for (const [email, role] of [
    ['alice@example.org', 'admin'],
    ['carl@example.org', 'coordinator'],
  ] as const)
    await site.submit('/associations/mi-aimh/people', '/associations/mi-aimh/people', {
      email,
      roles: [role],
    });
  miId = (await findAssociation(t.db.kysely, 'mi-aimh'))!.id;
});
after(async () => {
  await t?.close();
});

describe('review settings', () => {
  test('the admin reads the defaults, linked from the navigation', async () => {
    const res = await alice.get(page);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /id="reviewDays"[^>]*value="30"|value="30"[^>]*id="reviewDays"/);
    assert.match(res.body, /value="7, 1"/);
    assert.match(res.body, /href="\/associations\/mi-aimh\/settings"/);
  });

  test('saving changes them, audited with the values before and after', async () => {
    const saved = await alice.submitAndFollow(page, page, {
      reviewDays: '21',
      responseDays: '30',
      reminderDaysBefore: '1, 7, 3',
      reviewMode: 'two-level',
    });
    assert.equal(saved.statusCode, 200);
    assert.match(pageText(saved.body), /The review settings have been saved/);
    assert.deepEqual(await reviewSettingsOf(t.product, miId), {
      reviewDays: 21,
      responseDays: 30,
      reviewMode: 'two-level',
      reminderDaysBefore: [7, 3, 1],
    });
    const entries = (await auditOfAssociation(t.db.kysely, miId)).filter(
      (e) => e.action === 'association-setting.update',
    );
    assert.equal(entries.length, 1);
    assert.deepEqual(entries[0]!.before, {
      reviewDays: 30,
      reviewMode: 'independent',
      reminderDaysBefore: [7, 1],
    });
    assert.deepEqual(entries[0]!.after, {
      reviewDays: 21,
      reviewMode: 'two-level',
      reminderDaysBefore: [7, 3, 1],
    });
  });

  test('bad values are named, what was typed comes back, and nothing changes', async () => {
    const res = await alice.submit(page, page, {
      reviewDays: 'a month',
      responseDays: '400',
      reminderDaysBefore: '7, soon',
      reviewMode: 'independent',
    });
    assert.equal(res.statusCode, 400);
    const text = pageText(res.body);
    assert.match(text, /Days to review: a whole number of days/);
    assert.match(text, /Days to answer a request: between 1 and 365 days/);
    assert.match(text, /Reminders: whole numbers of days between 1 and 90/);
    assert.match(res.body, /value="a month"/);
    assert.equal((await reviewSettingsOf(t.product, miId)).reviewDays, 21);
  });

  test("a coordinator, and another association's settings, are not there", async () => {
    assert.equal((await carl.get(page)).statusCode, 404);
    const refused = await carl.submit('/associations/mi-aimh/applications', page, {
      reviewDays: '1',
      responseDays: '1',
      reminderDaysBefore: '',
      reviewMode: 'independent',
    });
    assert.equal(refused.statusCode, 404);
    assert.equal((await alice.get('/associations/ct-aimh/settings')).statusCode, 404);
    assert.equal((await reviewSettingsOf(t.product, miId)).reviewDays, 21);
  });
});
