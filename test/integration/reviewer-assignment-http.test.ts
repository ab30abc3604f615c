// Reviewers through the real HTTP app: staff record the endorsements
// reviewers hold; an application's eligible reviewers are suggested least
// loaded first; an ineligible one is refused with why, a name the portfolio
// gives its RSC provider needs "assign anyway"; the second reviewer starts
// the review; reviews are due the association's review days after the
// (controlled) day of assignment; a reviewer declines with a reason and is not
// suggested again; a coordinator removes a reviewer; the reviewer's own list.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { assignmentsOf, insertAssignment } from '../../src/db/repositories/assignments.ts';
import { auditOf } from '../../src/db/repositories/audit.ts';
import { decisionsOf } from '../../src/db/repositories/reviews.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { writeAssociationSetting } from '../../src/db/repositories/settings.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { type SubmittedApplication, submittedApplication } from '../helpers/submitted-application.ts';

let t: TestApp;
let s: SubmittedApplication;
let clock = new Date('2026-11-02T10:00:00Z');
const people = new Map<string, { id: string; browser: Browser; email: string }>();

const staffPage = () => `/associations/ct-aimh/applications/${s.imhs}`;
const reviewersPage = () => `/associations/ct-aimh/applications/${s.imhs}/reviewers`;
const idOf = (name: string) => people.get(name)!.id;
const assign = (form: Record<string, string | string[]>) =>
  s.cody.submit(reviewersPage(), reviewersPage(), form);
const reviewerRows = async () =>
  (await assignmentsOf(t.db.kysely, s.imhs)).filter((a) => a.role === 'reviewer');

/** A reviewer of CT-AIMH, with the endorsement Cody records on their profile. */
async function reviewer(name: string, email: string, credential: string) {
  const browser = t.browser();
  await browser.signUp({ name, email });
  const id = (await findPersonByEmail(t.db.kysely, email))!.id;
  const roles = await s.cody.submit('/associations/ct-aimh/people', '/associations/ct-aimh/people', {
    email,
    roles: ['reviewer'],
  });
  assert.equal(roles.statusCode, 303);
  const recorded = await s.cody.submit('/associations/ct-aimh/reviewers', '/associations/ct-aimh/reviewers', {
    person: id,
    credential,
    evidence: `CT-AIMH endorsement of ${name}, checked in the registry`,
  });
  assert.equal(recorded.statusCode, 303, pageText(recorded.body).slice(0, 500));
  people.set(name, { id, browser, email });
}

before(async () => {
  t = await startApp({ now: () => clock });
  s = await submittedApplication(t);
  await writeAssociationSetting(t.db.kysely, s.ctId, 'reviewDays', '10', clock.toISOString());
  await reviewer('Rita Mentor', 'rita@example.org', 'IMHM-C');
  await reviewer('Rob Specialist', 'rob@example.org', 'IMHS');
  await reviewer('Ivy Family', 'ivy@example.org', 'IFS');
  // Dana Mentor is the RSC provider Ada's portfolio names.
  await reviewer('Dana Mentor', 'dana@example.org', 'IMHM-C');
  // Ada's colleague rated her at colleague@example.org; this is the same mailbox.
  await reviewer('Cole League', 'Colleague+reviews@example.org', 'IMHM-C');
});

after(async () => {
  await t?.close();
});

describe("reviewers' endorsements", () => {
  test('the reviewers page lists each reviewer with what they hold; bad input comes back at its field', async () => {
    const page = await s.cody.get('/associations/ct-aimh/reviewers');
    assert.equal(page.statusCode, 200);
    const text = pageText(page.body);
    assert.match(text, /Rita Mentor/);
    assert.match(text, /IMHM-C \(level 4, Infant mental health \(IMH\)\)/);
    assert.match(text, /IFS \(level 2/);
    const bad = await s.cody.submit('/associations/ct-aimh/reviewers', '/associations/ct-aimh/reviewers', {
      person: idOf('Rita Mentor'),
      credential: 'IMHS',
      evidence: '',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(pageText(bad.body), /Enter how you know they hold it/);
    const twice = await s.cody.submit('/associations/ct-aimh/reviewers', '/associations/ct-aimh/reviewers', {
      person: idOf('Rita Mentor'),
      credential: 'IMHM-C',
      evidence: 'again',
    });
    assert.equal(twice.statusCode, 400);
    assert.match(pageText(twice.body), /Rita Mentor holds IMHM-C already/);
  });

  test('an endorsement can be removed, and is audited both ways', async () => {
    const extra = await s.cody.submit('/associations/ct-aimh/reviewers', '/associations/ct-aimh/reviewers', {
      person: idOf('Ivy Family'),
      credential: 'IFA',
      evidence: 'registry',
    });
    assert.equal(extra.statusCode, 303);
    const page = await s.cody.get('/associations/ct-aimh/reviewers');
    const action =
      /action="(\/associations\/ct-aimh\/reviewers\/[^"]+\/remove)"[^>]*aria-label="Remove IFA from Ivy Family"/.exec(
        page.body,
      )?.[1];
    assert.ok(action, 'a form removes IFA from Ivy');
    const removed = await s.cody.submit('/associations/ct-aimh/reviewers', action, {});
    assert.equal(removed.statusCode, 303);
    assert.doesNotMatch(
      pageText((await s.cody.get('/associations/ct-aimh/reviewers')).body),
      /IFA \(level 1/,
    );
    const audit = (await auditOf(t.db.kysely, 'person', [idOf('Ivy Family')]))
      .map((e) => e.action)
      .filter((a) => a.startsWith('reviewer-qualification.'));
    assert.deepEqual(audit, [
      'reviewer-qualification.record',
      'reviewer-qualification.record',
      'reviewer-qualification.remove',
    ]);
  });

  test("a reviewer's page is not for the reviewer", async () => {
    const res = await people.get('Rita Mentor')!.browser.get('/associations/ct-aimh/reviewers');
    assert.equal(res.statusCode, 404);
  });
});

describe('assigning reviewers', () => {
  test('the staff page suggests the eligible reviewers and says why the others are not', async () => {
    const page = await s.cody.get(staffPage());
    assert.equal(page.statusCode, 200);
    const text = pageText(page.body);
    assert.match(text, /No reviewer has been assigned yet/);
    assert.match(text, /Suggested reviewers, least loaded first/);
    for (const name of ['Rita Mentor', 'Rob Specialist', 'Dana Mentor']) assert.match(text, new RegExp(name));
    assert.match(text, /Dana Mentor has the name of the applicant's RSC provider/);
    assert.match(text, /Ivy Family holds no endorsement at this level or higher in this field/);
    assert.match(text, /Cole League is one of the applicant's raters/);
  });

  test('an ineligible reviewer is refused with the reason, and nothing is assigned', async () => {
    for (const [name, why] of [
      ['Ivy Family', /Ivy Family holds no endorsement at this level or higher/],
      ['Cole League', /Cole League is one of the applicant's raters, so they cannot review/],
    ] as const) {
      const res = await assign({ reviewer: idOf(name) });
      assert.equal(res.statusCode, 400);
      assert.match(pageText(res.body), why);
    }
    const applicant = await assign({ reviewer: s.adaId });
    assert.equal(applicant.statusCode, 400);
    assert.match(pageText(applicant.body), /not a reviewer of CT-AIMH|is not a reviewer/);
    assert.deepEqual(await reviewerRows(), []);
  });

  test('a warning needs "assign anyway"; the review is due the review days after today', async () => {
    const warned = await assign({ reviewer: idOf('Dana Mentor') });
    assert.equal(warned.statusCode, 400);
    assert.match(pageText(warned.body), /Dana Mentor has the name of the applicant's RSC provider: judge/);
    assert.deepEqual(await reviewerRows(), []);

    const res = await assign({ reviewer: idOf('Dana Mentor'), anyway: 'yes' });
    assert.equal(res.statusCode, 303);
    const [dana] = await reviewerRows();
    assert.equal(dana?.userId, idOf('Dana Mentor'));
    assert.equal(dana?.dueOn, '2026-11-12');
    assert.equal(dana?.assignedAt, '2026-11-02T10:00:00.000Z');
    // One reviewer: still waiting for the second.
    assert.equal((await findApplication(t.db.kysely, s.imhs))?.status, 'submitted');
    const mail = (await t.mail()).filter(
      (m) => m.includes('dana@example.org') && m.includes('Please review'),
    );
    assert.equal(mail.length, 1);
    assert.match(mail[0]!, /due on 2026-11-12/);
    assert.match(mail[0]!, new RegExp(`/reviews/${s.imhs}`));
  });

  test('a declined reviewer is no longer suggested; the coordinators are told', async () => {
    const dana = people.get('Dana Mentor')!;
    const list = await dana.browser.get('/reviews');
    assert.equal(list.statusCode, 200);
    assert.match(pageText(list.body), /Ada Applicant/);
    assert.match(list.body, new RegExp(`href="/reviews/${s.imhs}"`));

    const empty = await dana.browser.submit('/reviews', `/reviews/${s.imhs}/decline`, { reason: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(pageText(empty.body), /Enter why you decline this review/);
    assert.equal((await reviewerRows())[0]?.status, 'active');

    const res = await dana.browser.submit('/reviews', `/reviews/${s.imhs}/decline`, {
      reason: 'I was her RSC provider',
    });
    assert.equal(res.statusCode, 303);
    const [row] = await reviewerRows();
    assert.equal(row?.status, 'declined');
    assert.equal(row?.endReason, 'I was her RSC provider');
    const told = (await t.mail()).filter(
      (m) => m.includes('cody@example.org') && m.includes('declined to review'),
    );
    assert.equal(told.length, 1);
    assert.match(told[0]!, /I was her RSC provider/);
    assert.match(pageText((await s.cody.get(staffPage())).body), /Dana Mentor declined this application/);
    const again = await assign({ reviewer: idOf('Dana Mentor'), anyway: 'yes' });
    assert.equal(again.statusCode, 400);
    assert.match(pageText(again.body), /Dana Mentor declined this application/);
    assert.doesNotMatch(pageText((await dana.browser.get('/reviews')).body), /Ada Applicant/);
  });

  test('assigning two at once starts the review, in the same step', async () => {
    const res = await assign({ reviewer: [idOf('Rita Mentor'), idOf('Rob Specialist')] });
    assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 800));
    assert.equal((await findApplication(t.db.kysely, s.imhs))?.status, 'in-review');
    const active = (await reviewerRows()).filter((a) => a.status === 'active');
    assert.deepEqual(active.map((a) => a.name).sort(), ['Rita Mentor', 'Rob Specialist']);
    const actions = (await auditOf(t.db.kysely, 'application', [s.imhs])).map((e) => e.action);
    assert.deepEqual(
      actions.filter((a) => a.startsWith('reviewer.') || a === 'application.start-review'),
      [
        'reviewer.assign',
        'reviewer.decline',
        'reviewer.assign',
        'reviewer.assign',
        'application.start-review',
      ],
    );
    // Recorded among the decisions, as every later start of the review is.
    assert.deepEqual(
      (await decisionsOf(t.db.kysely, s.imhs)).map((d) => [d.step, d.decidedAs, d.round]),
      [['start-review', 'coordinator', 1]],
    );
    const page = pageText((await s.cody.get(staffPage())).body);
    assert.match(page, /Rita Mentor\s*Assigned/);
    assert.match(page, /2026-11-12/);
  });

  test("a reviewer's list puts the overdue first and says so", async () => {
    clock = new Date('2026-11-20T09:00:00Z');
    const rob = people.get('Rob Specialist')!;
    const page = pageText((await rob.browser.get('/reviews')).body);
    assert.match(page, /Ada Applicant/);
    assert.match(page, /Overdue: was due 2026-11-12/);
    assert.match(page, /Infant Mental Health Specialist \(IMHS\)/);
  });

  test('a coordinator removes a reviewer who has not submitted; a third may be assigned later', async () => {
    const rob = (await reviewerRows()).find((a) => a.name === 'Rob Specialist' && a.status === 'active')!;
    const res = await s.cody.submit(staffPage(), `${reviewersPage()}/${rob.id}/remove`, {});
    assert.equal(res.statusCode, 303);
    assert.equal((await reviewerRows()).find((a) => a.id === rob.id)?.status, 'removed');
    assert.equal((await findApplication(t.db.kysely, s.imhs))?.status, 'in-review');
    const actions = (await auditOf(t.db.kysely, 'application', [s.imhs])).map((e) => e.action);
    assert.equal(actions.at(-1), 'reviewer.unassign');
    // Rob may be assigned again (removal is not a declared conflict), now due ten days from the new today.
    const back = await assign({ reviewer: idOf('Rob Specialist') });
    assert.equal(back.statusCode, 303);
    const again = (await reviewerRows()).filter((a) => a.name === 'Rob Specialist' && a.status === 'active');
    assert.equal(again[0]?.dueOn, '2026-11-30');
  });

  test('only the assigned reviewer may decline; others are told it is not there', async () => {
    const ivy = people.get('Ivy Family')!;
    const page = await ivy.browser.get('/reviews');
    assert.equal(page.statusCode, 200);
    assert.match(pageText(page.body), /You have no reviews to do/);
    const res = await ivy.browser.submit('/reviews', `/reviews/${s.imhs}/decline`, { reason: 'not mine' });
    assert.equal(res.statusCode, 404);
  });
});

describe('one active assignment, held by the database', () => {
  test('the same person twice in one role, or a second advisor, is not inserted', async () => {
    const k = t.db.kysely;
    const at = new Date().toISOString();
    const base = { applicationId: s.imhs, assignedBy: null, at };
    // Rita is an active reviewer of the application (assigned above).
    assert.equal(
      await insertAssignment(k, { ...base, userId: idOf('Rita Mentor'), role: 'reviewer' }),
      undefined,
    );
    const advisor = await insertAssignment(k, { ...base, userId: idOf('Rita Mentor'), role: 'advisor' });
    assert.ok(advisor, 'a reviewer role and an advisor role are two assignments');
    assert.equal(
      await insertAssignment(k, { ...base, userId: idOf('Rob Specialist'), role: 'advisor' }),
      undefined,
    );
    await k.deleteFrom('application_assignment').where('id', '=', advisor).execute();
  });
});
