// The coordinator's queue (issue 9): counts by state (every state, each a link
// to the filtered list), who is assigned, the age (since submitted, since the
// last change of state), overdue marks (a review past due, an answer past
// due) and "overdue only", on the page, in the API and in the CSV. Due dates
// are set relative to today, as the page judges them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { applicationStates, stateLabels } from '../../src/domain/application-lifecycle.ts';
import { insertAssignment } from '../../src/db/repositories/assignments.ts';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { newId } from '../../src/db/portable.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { queueApplications, type QueuedApplication } from '../helpers/queue.ts';

let t: TestApp;
let carl: Browser;
const list = '/associations/mi-aimh/applications';
const api = '/api/v1/associations/mi-aimh/applications';
const DAY = 86_400_000;
const now = Date.now();
const daysAgo = (n: number) => new Date(now - n * DAY).toISOString();
const dayIn = (n: number) => new Date(now + n * DAY).toISOString().slice(0, 10);

const app = (name: string, status: string, submitted: number, changed: number): QueuedApplication => ({
  name,
  email: `${name.split(' ')[0]!.toLowerCase()}@example.org`,
  credential: 'IMHS',
  status,
  createdAt: daysAgo(submitted + 5),
  submittedAt: daysAgo(submitted),
  updatedAt: daysAgo(changed),
});
const fixtures = [
  app('Irene Late-Review', 'in-review', 40, 10),
  app('Rita Reviewed', 'in-review', 30, 5),
  app('Mona Late-Answer', 'more-information-requested', 50, 20),
  app('Nora Answer-Ahead', 'more-information-requested', 45, 3),
  app('Sam Submitted', 'submitted', 2, 2),
];
let ids: Record<string, string> = {};

interface Row {
  applicant: { name: string };
  advisors: string[];
  reviewers: string[];
  daysSinceSubmitted: number | null;
  daysInState: number;
  reviewDueOn: string | null;
  responseDueOn: string | null;
  reviewOverdue: boolean;
  responseOverdue: boolean;
}
const apiGet = async (query: string) => {
  const res = await carl.get(`${api}${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { applications: Row[]; counts: { state: string; count: number }[] };
};

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  const site = await t.siteAdmin();
  const person = async (name: string, email: string, roles: string[]) => {
    const b = t.browser();
    await b.signUp({ name, email });
    const res = await site.submit('/associations/mi-aimh/people', '/associations/mi-aimh/people', {
      email,
      roles,
    });
    assert.equal(res.statusCode, 303);
    return { browser: b, id: (await findPersonByEmail(t.db.kysely, email))!.id };
  };
  carl = (await person('Carl Coordinator', 'carl@example.org', ['coordinator'])).browser;
  const ava = await person('Ava Advisor', 'ava@example.org', ['advisor']);
  const rae = await person('Rae Reviewer', 'rae@example.org', ['reviewer']);
  const rob = await person('Rob Reviewer', 'rob@example.org', ['reviewer']);
  const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
  const made = await queueApplications(t.db, mi.id, fixtures);
  ids = Object.fromEntries(fixtures.map((f, i) => [f.name.split(' ')[0]!, made[i]!]));
  const k = t.db.kysely;
  const assign = async (
    applicationId: string,
    userId: string,
    role: 'advisor' | 'reviewer',
    dueOn: string | null,
  ) =>
    (await insertAssignment(k, { applicationId, userId, role, assignedBy: null, at: daysAgo(31), dueOn }))!;
  // Irene: Rae's review was due yesterday and is not in; Rob's is in. Rita: both are in.
  const review = async (applicationId: string, assignmentId: string, reviewerId: string) =>
    k
      .insertInto('review')
      .values({
        id: newId(),
        application_id: applicationId,
        assignment_id: assignmentId,
        reviewer_id: reviewerId,
        round: 0,
        status: 'submitted',
        findings: '{}',
        recommendation: 'approve',
        to_applicant: null,
        to_staff: null,
        created_at: daysAgo(2),
        updated_at: daysAgo(2),
        submitted_at: daysAgo(2),
      })
      .execute();
  await assign(ids.Irene!, ava.id, 'advisor', null);
  await assign(ids.Irene!, rae.id, 'reviewer', dayIn(-1));
  await review(ids.Irene!, await assign(ids.Irene!, rob.id, 'reviewer', dayIn(-1)), rob.id);
  await review(ids.Rita!, await assign(ids.Rita!, rae.id, 'reviewer', dayIn(-3)), rae.id);
  await review(ids.Rita!, await assign(ids.Rita!, rob.id, 'reviewer', dayIn(-3)), rob.id);
  await assign(ids.Sam!, ava.id, 'advisor', null);
  // Requests for more information: Mona's latest was due 3 days ago; Nora's earlier one was due
  // long ago, but the latest (which replaces it) is due in 10 days.
  let seq = 0;
  const request = (applicationId: string, decidedAt: string, dueOn: string) =>
    k
      .insertInto('application_decision')
      .values({
        id: newId(),
        application_id: applicationId,
        seq: ++seq,
        round: 0,
        step: 'request-information',
        decided_as: 'review',
        decided_by: null,
        reason: null,
        to_applicant: 'More RSC hours, please.',
        response_due_on: dueOn,
        decided_at: decidedAt,
      })
      .execute();
  await request(ids.Mona!, daysAgo(20), dayIn(-3));
  await request(ids.Nora!, daysAgo(60), dayIn(-30));
  await request(ids.Nora!, daysAgo(3), dayIn(10));
});
after(async () => {
  await t?.close();
});

describe("the coordinator's queue", () => {
  test('counts every state of the lifecycle, each a link to the list filtered by it', async () => {
    const page = await carl.get(list);
    assert.equal(page.statusCode, 200);
    const counts = /<nav aria-label="Applications by state">([\s\S]*?)<\/nav>/.exec(page.body)?.[1] ?? '';
    const want: Record<string, number> = { 'in-review': 2, 'more-information-requested': 2, submitted: 1 };
    for (const state of applicationStates) {
      assert.match(counts, new RegExp(`href="${list}\\?status=${state}"`), state);
      assert.match(pageText(counts), new RegExp(`${stateLabels[state]}: ${want[state] ?? 0}(\\D|$)`), state);
    }
    const listed = await apiGet('');
    assert.deepEqual(
      listed.counts,
      applicationStates.map((state) => ({ state, count: want[state] ?? 0 })),
    );
  });

  test('shows who is assigned, the age, and what is overdue in words', async () => {
    const text = pageText((await carl.get(list)).body);
    const row = (name: string) => {
      const at = text.indexOf(name);
      assert.ok(at >= 0, name);
      return text.slice(at, at + 260);
    };
    assert.match(row('Irene'), /Advisor: Ava Advisor\s*Reviewers: Rae Reviewer, Rob Reviewer/);
    assert.match(row('Irene'), /submitted 40 days ago; 10 days in this state/);
    assert.match(row('Irene'), new RegExp(`Review overdue: ${dayIn(-1)}`));
    assert.doesNotMatch(row('Rita'), /Review (overdue|due)/, 'both reviews are in');
    assert.match(row('Mona'), new RegExp(`Answer overdue: ${dayIn(-3)}`));
    assert.match(row('Nora'), new RegExp(`Answer due: ${dayIn(10)}`));
    assert.doesNotMatch(row('Nora'), /overdue/, 'the latest request counts, not an earlier one');
    assert.match(row('Sam'), /Advisor: Ava Advisor/);
    assert.match(row('Sam'), /submitted 2 days ago; 2 days in this state/);
  });

  test('"overdue only" lists what has a review or an answer past its due date', async () => {
    const page = await carl.get(`${list}?overdue=true`);
    assert.equal(page.statusCode, 200);
    const text = pageText(page.body);
    for (const name of ['Irene', 'Mona']) assert.match(text, new RegExp(name));
    for (const name of ['Rita', 'Nora', 'Sam']) assert.doesNotMatch(text, new RegExp(`${name} `));
    assert.match(page.body, /<input[^>]*name="overdue"[^>]*value="true"[^>]*checked/);
    const listed = await apiGet('?overdue=true');
    assert.deepEqual(listed.applications.map((a) => a.applicant.name).sort(), [
      'Irene Late-Review',
      'Mona Late-Answer',
    ]);
    const bad = await carl.get(`${api}?overdue=maybe`);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /overdue must be true or false/);
  });

  test('the API gives the same, field by field', async () => {
    const rows = (await apiGet('?limit=100')).applications;
    const irene = rows.find((r) => r.applicant.name === 'Irene Late-Review')!;
    assert.deepEqual(
      {
        advisors: irene.advisors,
        reviewers: irene.reviewers,
        daysSinceSubmitted: irene.daysSinceSubmitted,
        daysInState: irene.daysInState,
        reviewDueOn: irene.reviewDueOn,
        reviewOverdue: irene.reviewOverdue,
        responseOverdue: irene.responseOverdue,
      },
      {
        advisors: ['Ava Advisor'],
        reviewers: ['Rae Reviewer', 'Rob Reviewer'],
        daysSinceSubmitted: 40,
        daysInState: 10,
        reviewDueOn: dayIn(-1),
        reviewOverdue: true,
        responseOverdue: false,
      },
    );
    const nora = rows.find((r) => r.applicant.name === 'Nora Answer-Ahead')!;
    assert.deepEqual([nora.responseDueOn, nora.responseOverdue], [dayIn(10), false]);
  });

  test('the CSV has the same columns, filtered the same', async () => {
    const res = await carl.get(`${list}.csv?overdue=true`);
    assert.equal(res.statusCode, 200);
    const lines = res.body.slice(1).trim().split(/\r?\n/);
    assert.match(
      lines[0]!,
      /Advisor,Reviewers,Days since submitted,Days in this state,Review due,Answer due,Overdue/,
    );
    assert.equal(lines.length, 3);
    const irene = lines.find((l) => l.startsWith('Irene'))!;
    assert.ok(irene.includes(`Ava Advisor,"Rae Reviewer, Rob Reviewer",40,10,${dayIn(-1)},,review,`), irene);
    const mona = lines.find((l) => l.startsWith('Mona'))!;
    assert.ok(mona.includes(`,${dayIn(-3)},answer,`), mona);
  });
});
