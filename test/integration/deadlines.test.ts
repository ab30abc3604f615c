// Deadlines and reminders, with the job runner's clock moved: a review is due
// 30 days after assignment (reminders 7 and 1 days before, and the day after
// it passes, when the coordinators are told too); an answer to a request for
// more information likewise. Reminders do nothing once the review is in, the
// assignment ended, the applicant resubmitted; each is sent once; the daily
// sweep schedules what is missing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { endAssignment, insertAssignment } from '../../src/db/repositories/assignments.ts';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { countPending, enqueue, listJobs } from '../../src/db/repositories/jobs.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { newId } from '../../src/db/portable.ts';
import { type JobLogger, JobRunner } from '../../src/jobs/queue.ts';
import { registerDeadlineHandlers } from '../../src/jobs/review-reminders.ts';
import { reviewSettingsOf } from '../../src/services/association-settings.ts';
import {
  DEADLINE_SWEEP_JOB,
  dueOnAfter,
  ensureDeadlineSweep,
  RESPONSE_REMINDER_JOB,
  REVIEW_REMINDER_JOB,
  type ReminderPayload,
  scheduleResponseReminders,
  scheduleReviewReminders,
  sendReviewReminder,
  sweepDeadlines,
} from '../../src/services/deadlines.ts';
import { takeStep } from '../../src/services/lifecycle.ts';
import { startApp, type TestApp } from '../helpers/http.ts';
import { type SubmittedApplication, submittedApplication } from '../helpers/submitted-application.ts';

const silent: JobLogger = { warn: () => {}, error: () => {} };
const DAY = 86_400_000;

let t: TestApp;
let s: SubmittedApplication;
let start: number;
let clock: Date;
let runner: JobRunner;
const reviewer: Record<'rae' | 'rob' | 'ray', { id: string; email: string; assignment?: string }> = {
  rae: { id: '', email: 'rae@example.org' },
  rob: { id: '', email: 'rob@example.org' },
  ray: { id: '', email: 'ray@example.org' },
};

async function mailTo(address: string, subject: RegExp): Promise<string[]> {
  const all = await t.mail();
  return all.filter(
    (m) => new RegExp(`^To: ${address.replace(/[.+]/g, '\\$&')}\\r?$`, 'im').test(m) && subject.test(m),
  );
}
const reviewReminders = (address: string) => mailTo(address, /^Subject: Reminder: your review of Ada/m);
const reviewOverdue = (address: string) => mailTo(address, /^Subject: Overdue: your review of Ada/m);

/** Runs the jobs due at `at` (the runner's clock) until none is left. */
async function runAt(at: number) {
  clock = new Date(at);
  for (;;) {
    const report = await runner.runOnce();
    assert.equal(report.retried + report.gaveUp, 0, 'no deadline job fails');
    if (report.claimed === 0) break;
  }
}

const application = async () => (await findApplication(t.db.kysely, s.imhs))!;

before(async () => {
  t = await startApp();
  s = await submittedApplication(t);
  const site = await t.siteAdmin();
  for (const [name, r] of Object.entries(reviewer)) {
    await t.browser().signUp({ name: `${name[0]!.toUpperCase()}${name.slice(1)} Reviewer`, email: r.email });
    const res = await site.submit('/associations/ct-aimh/people', '/associations/ct-aimh/people', {
      email: r.email,
      roles: ['reviewer'],
    });
    assert.equal(res.statusCode, 303);
    r.id = (await findPersonByEmail(t.db.kysely, r.email))!.id;
  }
  // Noon of today: due dates count whole days, and a start just before midnight
  // would put "30 days and a minute later" on the day after.
  start = Date.parse(`${new Date().toISOString().slice(0, 10)}T12:00:00Z`);
  clock = new Date(start);
  runner = new JobRunner(t.db, { now: () => clock, logger: silent, workerId: 'deadlines' });
  registerDeadlineHandlers(runner, t.product, { now: () => clock });

  // Three reviewers assigned as the assignment service does: due in reviewDays, reminders scheduled.
  const settings = await reviewSettingsOf(t.product, s.ctId);
  assert.deepEqual([settings.reviewDays, settings.reminderDaysBefore], [30, [7, 1]]);
  await t.db.kysely.transaction().execute(async (tx) => {
    for (const r of Object.values(reviewer)) {
      const dueOn = dueOnAfter(clock, settings.reviewDays);
      const at = clock.toISOString();
      r.assignment = (await insertAssignment(tx, {
        applicationId: s.imhs,
        userId: r.id,
        role: 'reviewer',
        assignedBy: s.codyId,
        at,
        dueOn,
      }))!;
      assert.equal(await scheduleReviewReminders(tx, { id: r.assignment, dueOn }, settings, clock), 3);
    }
    await takeStep(tx, t.product, {
      application: (await findApplication(tx, s.imhs))!,
      step: 'start-review',
      by: 'coordinator',
      actorId: s.codyId,
      facts: { reviewers: 3 },
      at: clock.toISOString(),
    });
  });
});
after(async () => {
  await runner?.stop();
  await t?.close();
});

describe('review deadlines', () => {
  test('the product runs deadline reminders and the sweep', () => {
    for (const kind of [REVIEW_REMINDER_JOB, RESPONSE_REMINDER_JOB, DEADLINE_SWEEP_JOB])
      assert.ok(t.product.jobs.kinds.includes(kind), kind);
  });

  test('nothing before 7 days ahead of the due date', async () => {
    await runAt(start + 22 * DAY);
    assert.equal((await reviewReminders(reviewer.rae.email)).length, 0);
  });

  test('7 days before: each reviewer is reminded, with the due date and the link to the review', async () => {
    await runAt(start + 23 * DAY + 60_000);
    for (const r of Object.values(reviewer)) {
      const mails = await reviewReminders(r.email);
      assert.equal(mails.length, 1, r.email);
      assert.match(mails[0]!, new RegExp(`/reviews/${s.imhs}`));
    }
  });

  test('1 day before: only the reviewer whose review is still to come and whose assignment holds', async () => {
    const app = await application();
    // Rob submits his review of this round (the review form's service writes this row).
    await t.db.kysely
      .insertInto('review')
      .values({
        id: newId(),
        application_id: s.imhs,
        assignment_id: reviewer.rob.assignment!,
        reviewer_id: reviewer.rob.id,
        round: app.round,
        status: 'submitted',
        findings: '{}',
        recommendation: 'approve',
        to_applicant: null,
        to_staff: null,
        created_at: clock.toISOString(),
        updated_at: clock.toISOString(),
        submitted_at: clock.toISOString(),
      })
      .execute();
    // Ray declines the assignment.
    assert.ok(
      await endAssignment(t.db.kysely, reviewer.ray.assignment!, {
        status: 'declined',
        at: clock.toISOString(),
        reason: 'I supervised her',
      }),
    );
    await runAt(start + 29 * DAY + 60_000);
    assert.equal((await reviewReminders(reviewer.rae.email)).length, 2);
    assert.equal((await reviewReminders(reviewer.rob.email)).length, 1, 'Rob has submitted');
    assert.equal((await reviewReminders(reviewer.ray.email)).length, 1, 'Ray declined');
  });

  test('the day after the due date: the reviewer and the coordinators are told it is overdue', async () => {
    await runAt(start + 30 * DAY + 60_000);
    assert.equal((await reviewOverdue(reviewer.rae.email)).length, 0, 'not before the date has passed');
    await runAt(start + 31 * DAY + 60_000);
    assert.equal((await reviewOverdue(reviewer.rae.email)).length, 1);
    const staff = await mailTo('cody@example.org', /^Subject: Overdue review: Ada/m);
    assert.equal(staff.length, 1);
    assert.match(staff[0]!, /Rae Reviewer's review/);
    assert.equal((await reviewOverdue(reviewer.rob.email)).length, 0);
    assert.equal((await reviewOverdue(reviewer.ray.email)).length, 0);
    assert.equal(await countPending(t.db, REVIEW_REMINDER_JOB), 0);
    const audit = await t.db.kysely
      .selectFrom('audit_event')
      .select(['actor_id', 'subject_id'])
      .where('action', '=', 'deadline.remind')
      .where('subject_id', '=', reviewer.rae.assignment!)
      .execute();
    assert.equal(audit.length, 3);
    assert.ok(audit.every((a) => a.actor_id === null));
  });

  test('a reminder that runs twice is sent once', async () => {
    const [job] = (await listJobs(t.db, { kind: REVIEW_REMINDER_JOB })).filter(
      (j) =>
        (j.payload as ReminderPayload).subjectId === reviewer.rae.assignment &&
        (j.payload as ReminderPayload).key === 'overdue',
    );
    assert.ok(job);
    assert.equal(await sendReviewReminder(job.payload as ReminderPayload, t.product), 'skipped');
    assert.equal((await reviewOverdue(reviewer.rae.email)).length, 1);
  });

  test('the sweep schedules only what is missing', async () => {
    // A due date set without its reminders (moved to 10 days from the runner's clock).
    const dueOn = dueOnAfter(clock, 10);
    await t.db.kysely
      .updateTable('application_assignment')
      .set({ due_on: dueOn })
      .where('id', '=', reviewer.rae.assignment!)
      .execute();
    assert.deepEqual(await sweepDeadlines(t.product, clock), { scheduled: 3 });
    assert.deepEqual(
      await sweepDeadlines(t.product, clock),
      { scheduled: 0 },
      'pending ones are not doubled',
    );
    // Through the sweep job: it sweeps, then queues the next sweep a day later.
    await enqueue(t.db, DEADLINE_SWEEP_JOB, {}, clock);
    await runAt(clock.getTime());
    assert.equal(await countPending(t.db, DEADLINE_SWEEP_JOB), 1);
    // A server starting keeps the one sweep waiting rather than adding another.
    await ensureDeadlineSweep(t.product, clock);
    assert.equal(await countPending(t.db, DEADLINE_SWEEP_JOB), 1);
    assert.equal(await countPending(t.db, REVIEW_REMINDER_JOB), 3);
    await runAt(clock.getTime() + 3 * DAY + 60_000);
    assert.equal((await reviewReminders(reviewer.rae.email)).length, 3, 'the new 7-day reminder');
  });
});

describe('response deadlines', () => {
  let requestId: string;
  const responseReminders = () =>
    mailTo('ada@example.org', /^Subject: Reminder: more information for your IMHS/m);
  const responseOverdue = () => mailTo('ada@example.org', /^Subject: Overdue: the more information/m);

  before(async () => {
    const settings = await reviewSettingsOf(t.product, s.ctId);
    const now = clock;
    const dueOn = dueOnAfter(now, settings.responseDays);
    requestId = newId();
    await t.db.kysely.transaction().execute(async (tx) => {
      const app = (await findApplication(tx, s.imhs))!;
      await takeStep(tx, t.product, {
        application: app,
        step: 'request-information',
        by: 'coordinator',
        actorId: s.codyId,
        facts: { request: { text: 'Add your 2016 RSC log.', dueOn } },
        at: now.toISOString(),
      });
      // As the decision service records it.
      await tx
        .insertInto('application_decision')
        .values({
          id: requestId,
          application_id: s.imhs,
          seq: 1,
          round: app.round,
          step: 'request-information',
          decided_as: 'coordinator',
          decided_by: s.codyId,
          reason: null,
          to_applicant: 'Add your 2016 RSC log.',
          response_due_on: dueOn,
          decided_at: now.toISOString(),
        })
        .execute();
      assert.equal(
        await scheduleResponseReminders(tx, { id: requestId, responseDueOn: dueOn }, settings, now),
        3,
      );
    });
    start = now.getTime();
  });

  test('7 and 1 days before the answer is due, the applicant is reminded', async () => {
    await runAt(start + 22 * DAY);
    assert.equal((await responseReminders()).length, 0);
    await runAt(start + 23 * DAY + 60_000);
    const mails = await responseReminders();
    assert.equal(mails.length, 1);
    assert.match(mails[0]!, new RegExp(`/applications/${s.imhs}`));
    await runAt(start + 29 * DAY + 60_000);
    assert.equal((await responseReminders()).length, 2);
  });

  test('once the applicant has resubmitted, no overdue reminder', async () => {
    await t.db.kysely.transaction().execute(async (tx) =>
      takeStep(tx, t.product, {
        application: (await findApplication(tx, s.imhs))!,
        step: 'resubmit',
        by: 'applicant',
        actorId: s.adaId,
        at: clock.toISOString(),
      }),
    );
    await runAt(start + 31 * DAY + 60_000);
    assert.equal((await responseOverdue()).length, 0);
    assert.equal((await mailTo('cody@example.org', /^Subject: Overdue answer/m)).length, 0);
    assert.equal(await countPending(t.db, RESPONSE_REMINDER_JOB), 0);
  });
});
