// Reference reminders: 7 and 14 days after a link is sent, the rater is
// e-mailed again with the same link, unless they have answered, the request
// was revoked, the link expired, or it was re-sent (the new sending has
// reminders of its own). Run with a job runner whose clock is moved.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { applicationsOfPerson } from '../../src/db/repositories/applications.ts';
import { countPending, listJobs } from '../../src/db/repositories/jobs.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { type JobLogger, JobRunner } from '../../src/jobs/queue.ts';
import { registerReferenceReminderHandler } from '../../src/jobs/reference-reminders.ts';
import {
  ratingDomains,
  REFERENCE_REMINDER_JOB,
  type ReminderPayload,
  sendReferenceReminder,
} from '../../src/services/references.ts';
import { type Browser, type Form, startApp, type TestApp, verifyEmail } from '../helpers/http.ts';

const silent: JobLogger = { warn: () => {}, error: () => {} };
const DAY = 86_400_000;

let t: TestApp;
let ann: Browser;
let refsUrl: string;
let start: number;
let clock: Date;
let runner: JobRunner;

async function mailTo(address: string): Promise<string[]> {
  const all = await t.mail();
  return all.filter((m) => new RegExp(`^To: ${address.replace(/[.+]/g, '\\$&')}\\r?$`, 'im').test(m));
}
const reminders = async (address: string) =>
  (await mailTo(address)).filter((m) => /^Subject: Reminder: reference rating for Ann Applicant/m.test(m));
const linksIn = (mail: string) =>
  [...mail.matchAll(/https?:\/\/\S+?(\/references\/respond\/ref_[A-Za-z0-9_-]+)/g)].map((m) => m[1]!);

async function invite(name: string, email: string, relationship: string) {
  const res = await ann.submit(refsUrl, refsUrl, {
    raterName: name,
    raterEmail: email,
    relationship,
    waived: 'yes',
  });
  assert.equal(res.statusCode, 303);
  const mails = await mailTo(email);
  return linksIn(mails.at(-1)!).at(-1)!;
}

const requestOf = (email: string) =>
  t.db.kysely
    .selectFrom('reference_request')
    .selectAll()
    .where('rater_email', '=', email)
    .executeTakeFirstOrThrow();

/** Runs the reminder jobs due at `at` (the runner's clock) until none is left. */
async function runAt(at: number) {
  clock = new Date(at);
  for (;;) {
    const report = await runner.runOnce();
    assert.equal(report.retried + report.gaveUp, 0, 'no reminder job fails');
    if (report.claimed === 0) break;
  }
}

before(async () => {
  t = await startApp();
  ann = t.browser();
  await ann.signUp({ name: 'Ann Applicant', email: 'ann@example.org' });
  await verifyEmail(t, 'ann@example.org');
  await ann.submit('/applications', '/applications', { association: 'mi-aimh', credential: 'IMHS' });
  const person = (await findPersonByEmail(t.db.kysely, 'ann@example.org'))!;
  const [application] = await applicationsOfPerson(t.db.kysely, person.id);
  refsUrl = `/applications/${application!.id}/references`;
  start = Date.now();
  clock = new Date(start);
  runner = new JobRunner(t.db, { now: () => clock, logger: silent, workerId: 'reminders' });
  registerReferenceReminderHandler(runner, t.product, { now: () => clock });
});
after(async () => {
  await runner?.stop();
  await t?.close();
});

describe('reminders after 7 and 14 days', () => {
  const links = new Map<string, string>();

  before(async () => {
    for (const [name, email, relationship] of [
      ['Sam Waiting', 'sam@example.org', 'program-supervisor'],
      ['Rita Prompt', 'rita@example.org', 'rsc-provider'],
      ['Ella Revoked', 'ella@example.org', 'colleague'],
      ['Dan Resent', 'dan@example.org', 'trainer'],
      ['Eve Expired', 'eve@example.org', 'consultant'],
    ] as const) {
      links.set(email, await invite(name, email, relationship));
    }
    // Rita answers at once.
    const rater = t.browser();
    const form: Form = { knownYears: '2', knownMonths: '0', role: 'My RSC provider', current: 'yes' };
    for (const d of ratingDomains('mi-aimh')) form[`rating-${d.id}`] = '4';
    const res = await rater.submit(links.get('rita@example.org')!, links.get('rita@example.org')!, form);
    assert.equal(res.statusCode, 303);
    // Ella's request is revoked; Dan's re-sent (a new link); Eve's link expires after 5 days.
    const ella = await requestOf('ella@example.org');
    assert.equal((await ann.submit(refsUrl, `${refsUrl}/${ella.id}/revoke`, {})).statusCode, 303);
    const dan = await requestOf('dan@example.org');
    assert.equal((await ann.submit(refsUrl, `${refsUrl}/${dan.id}/resend`, {})).statusCode, 303);
    links.set('dan@example.org', linksIn((await mailTo('dan@example.org')).at(-1)!).at(-1)!);
    const eve = await requestOf('eve@example.org');
    await t.db.kysely
      .updateTable('reference_request')
      .set({ expires_at: new Date(start + 5 * DAY).toISOString() })
      .where('id', '=', eve.id)
      .execute();
  });

  test('the product runs reference reminders', () => {
    assert.ok(t.product.jobs.kinds.includes(REFERENCE_REMINDER_JOB));
  });

  test('nothing is sent before 7 days', async () => {
    await runAt(start + 6 * DAY);
    assert.equal((await reminders('sam@example.org')).length, 0);
  });

  test('after 7 days: a reminder, with the same link, only to raters who have not answered', async () => {
    await runAt(start + 7 * DAY + 60_000);
    const sam = await reminders('sam@example.org');
    assert.equal(sam.length, 1);
    assert.deepEqual(linksIn(sam[0]!), [links.get('sam@example.org')]);
    assert.match(sam[0]!, /is still waiting for your reference rating/);
    assert.equal((await requestOf('sam@example.org')).reminders_sent, 1);
    // The link in the reminder still opens the form.
    const open = await t.browser().get(links.get('sam@example.org')!);
    assert.equal(open.statusCode, 200);

    assert.equal((await reminders('rita@example.org')).length, 0, 'Rita has answered');
    assert.equal((await reminders('ella@example.org')).length, 0, "Ella's request was revoked");
    assert.equal((await reminders('eve@example.org')).length, 0, "Eve's link has expired");
    const dan = await reminders('dan@example.org');
    assert.equal(dan.length, 1, 'one reminder for the re-sent request, not one per sending');
    assert.deepEqual(linksIn(dan[0]!), [links.get('dan@example.org')], 'with the new link');
  });

  test('after 14 days: the second reminder; then no more', async () => {
    await runAt(start + 14 * DAY + 60_000);
    assert.equal((await reminders('sam@example.org')).length, 2);
    assert.equal((await reminders('dan@example.org')).length, 2);
    for (const email of ['rita@example.org', 'ella@example.org', 'eve@example.org'])
      assert.equal((await reminders(email)).length, 0, email);
    assert.equal((await requestOf('sam@example.org')).reminders_sent, 2);
    assert.equal(await countPending(t.db, REFERENCE_REMINDER_JOB), 0);
    await runAt(start + 29 * DAY);
    assert.equal((await reminders('sam@example.org')).length, 2);

    const sam = await requestOf('sam@example.org');
    const audit = await t.db.kysely
      .selectFrom('audit_event')
      .select(['action', 'actor_id'])
      .where('subject_id', '=', sam.id)
      .where('action', '=', 'reference.remind')
      .execute();
    assert.deepEqual(audit, [
      { action: 'reference.remind', actor_id: null },
      { action: 'reference.remind', actor_id: null },
    ]);
  });

  test('a reminder job that runs twice sends once', async () => {
    const sam = await requestOf('sam@example.org');
    const [job] = (await listJobs(t.db, { kind: REFERENCE_REMINDER_JOB })).filter(
      (j) => (j.payload as ReminderPayload).requestId === sam.id && (j.payload as ReminderPayload).n === 2,
    );
    assert.ok(job);
    const again = await sendReferenceReminder(
      job.payload as ReminderPayload,
      t.product,
      new Date(start + 15 * DAY),
    );
    assert.equal(again, 'skipped');
    assert.equal((await reminders('sam@example.org')).length, 2);
  });
});
