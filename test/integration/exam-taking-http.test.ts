// Taking the exam through the HTTP app, with the app's clock set by the test:
// it opens at the sitting's time (not before); answers are saved as they are
// given, so a new browser finds every one and the time left; submitting
// scores the multiple choice at once; an attempt past its end is submitted as
// it stands, lazily and by its job; extra time extends the clock; an answer
// after the end is refused and nothing is lost; the key never reaches the
// applicant; no one else opens the exam; paper sittings are entered and scored.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { auditOf } from '../../src/db/repositories/audit.ts';
import {
  answersOf,
  attemptOfRegistration,
  essaysOf,
  findAttempt,
} from '../../src/db/repositories/exam-attempts.ts';
import { formItems } from '../../src/db/repositories/exam-bank.ts';
import { findRegistration, writeAccommodation } from '../../src/db/repositories/exam-sittings.ts';
import { listJobs } from '../../src/db/repositories/jobs.ts';
import { registerExamTimeOutHandler } from '../../src/jobs/exam-time-out.ts';
import { JobRunner } from '../../src/jobs/queue.ts';
import { EXAM_TIME_OUT_JOB } from '../../src/services/exam-taking.ts';
import { examSetup, registeredApplication, sitting } from '../helpers/exam.ts';
import { Browser, csrfToken, type Form, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { applicant } from '../helpers/portfolio-http.ts';

let clock = new Date('2030-03-06T13:00:00Z');
const at = (iso: string) => {
  clock = new Date(iso);
};
let t: TestApp;
let setup: Awaited<ReturnType<typeof examSetup>>;
/** Every body and header the applicants' browsers received. */
const received: Array<{ url: string; res: LightMyRequestResponse }> = [];

/** A browser that keeps every answer it receives, for the checks on what reached the applicant. */
class Recording extends Browser {
  override async get(url: string, headers: Record<string, string> = {}) {
    const res = await super.get(url, headers);
    received.push({ url, res });
    return res;
  }
  override async post(url: string, form: Form, headers: Record<string, string> = {}) {
    const res = await super.post(url, form, headers);
    received.push({ url, res });
    return res;
  }
}

async function signedIn(email: string): Promise<Browser> {
  const b = new Recording(t.app, {}, () => t.mail());
  const res = await b.signIn(email);
  assert.equal(res.statusCode, 303);
  return b;
}

let people = 0;
/** An applicant approved and registered for `sittingId` by the coordinator, signed in in a recording browser. */
async function candidate(sittingId = setup.sitting.id) {
  const n = ++people;
  const email = `candidate${n}@example.org`;
  const { id } = await applicant(t, `Candidate ${n}`, email, []);
  const { applicationId, registrationId } = await registeredApplication(t, id, setup.cora, sittingId);
  return {
    email,
    applicationId,
    registrationId,
    browser: await signedIn(email),
    exam: `/applications/${applicationId}/exam`,
  };
}

/** Posts to the autosave as the page's script does: the form's CSRF token with the fields. */
async function autosave(b: Browser, exam: string, page: string, fields: Form) {
  const html = (await b.get(page)).body;
  const res = await b.post(`${exam}/autosave`, { _csrf: csrfToken(html), ...fields });
  return {
    status: res.statusCode,
    body: JSON.parse(res.body) as { saved?: boolean; code?: string; secondsLeft?: number },
  };
}

const attemptOf = async (registrationId: string) =>
  (await attemptOfRegistration(t.db.kysely, registrationId))!;

before(async () => {
  t = await startApp({ now: () => clock });
  setup = await examSetup(t, { mc: 4, vignettes: 3, startsAt: '2030-03-06T14:00:00Z', minutes: 60 });
});
after(() => t.close());

describe('taking the exam online', () => {
  test('opens at the sitting’s time; answers saved as given; a new browser finds them and the time left; submitting scores the multiple choice', async () => {
    const c = await candidate();
    at('2030-03-06T13:00:00Z');
    const application = await c.browser.get(`/applications/${c.applicationId}`);
    assert.ok(application.body.includes(`href="${c.exam}"`), 'the application page links to the exam');
    const early = await c.browser.get(c.exam);
    assert.equal(early.statusCode, 200);
    assert.match(pageText(early.body), /The exam opens at 2030-03-06 14:00 UTC/);
    assert.doesNotMatch(early.body, /Start the exam/);
    const refused = await c.browser.post(`${c.exam}/start`, { _csrf: csrfToken(early.body) });
    assert.equal(refused.statusCode, 303);
    assert.match(pageText((await c.browser.get(c.exam)).body), /the exam opens at 2030-03-06 at 14:00 UTC/i);
    assert.equal(await attemptOfRegistration(t.db.kysely, c.registrationId), undefined, 'nothing started');
    assert.equal((await c.browser.get(`${c.exam}/items/1`)).statusCode, 303, 'no item before the start');

    at('2030-03-06T14:05:00Z');
    const started = await c.browser.submit(c.exam, `${c.exam}/start`, {});
    assert.equal(started.statusCode, 303);
    const attempt = await attemptOf(c.registrationId);
    assert.equal(attempt.startedAt, '2030-03-06T14:05:00.000Z');
    assert.equal(attempt.endsAt, '2030-03-06T15:05:00.000Z', 'the form’s 60 minutes from the start');
    assert.equal((await findRegistration(t.db.kysely, c.registrationId))!.status, 'sat');
    const jobs = await listJobs(t.db, { kind: EXAM_TIME_OUT_JOB });
    assert.ok(
      jobs.some(
        (j) => (j.payload as { attemptId: string }).attemptId === attempt.id && j.runAt === attempt.endsAt,
      ),
    );
    const actions = (await auditOf(t.db.kysely, 'application', [c.applicationId])).map((e) => e.action);
    assert.ok(actions.includes('exam-attempt.start'), actions.join());

    const keys = (await formItems(t.db.kysely, setup.form.id)).filter((i) => i.kind === 'multiple-choice');
    const item1 = await c.browser.get(`${c.exam}/items/1`);
    assert.equal(item1.statusCode, 200);
    assert.match(item1.body, /<fieldset[^>]*>\s*<legend>/);
    assert.doesNotMatch(item1.body, /checked/, 'an unanswered item has no option checked');
    const saved = await c.browser.submit(`${c.exam}/items/1`, `${c.exam}/items/1`, {
      choice: String(keys[0]!.answerKey),
      go: 'next',
    });
    assert.equal(saved.statusCode, 303);
    assert.equal(saved.headers.location, `${c.exam}/items/2`);
    const wrong = (keys[1]!.answerKey! + 1) % 4;
    const auto = await autosave(c.browser, c.exam, `${c.exam}/items/2`, { item: '2', choice: String(wrong) });
    assert.equal(auto.status, 200);
    assert.equal(auto.body.saved, true);

    const chose = await c.browser.submit(`${c.exam}/essays`, `${c.exam}/essays`, { vignettes: ['1', '3'] });
    assert.equal(chose.statusCode, 303);
    assert.equal(chose.headers.location, `${c.exam}/essays/1`);
    const tooMany = await c.browser.submit(`${c.exam}/essays`, `${c.exam}/essays`, {
      vignettes: ['1', '2', '3'],
    });
    assert.equal(tooMany.statusCode, 400);
    assert.match(pageText(tooMany.body), /Choose 2 of the 3 vignettes \(you chose 3\)/);
    const essay = await c.browser.submit(`${c.exam}/essays/1`, `${c.exam}/essays/1`, {
      text: 'The baby looks away; the parent follows.',
      go: 'next',
    });
    assert.equal(essay.statusCode, 303);
    assert.equal(essay.headers.location, `${c.exam}/essays/3`);
    assert.equal(
      (
        await autosave(c.browser, c.exam, `${c.exam}/essays/3`, {
          essay: '3',
          text: 'A policy answer, half written',
        })
      ).status,
      200,
    );
    assert.equal(
      (await c.browser.get(`${c.exam}/essays/2`)).statusCode,
      303,
      'a vignette not chosen is not written',
    );

    // The browser closes; half an hour later the applicant signs in elsewhere.
    at('2030-03-06T14:35:00Z');
    const again = await signedIn(c.email);
    const page = pageText((await again.get(c.exam)).body);
    assert.match(page, /Time left: 30 min/);
    assert.match(page, /2 of 4 answered/);
    assert.match(page, /Item 1: answered Item 2: answered Item 3: not answered Item 4: not answered/);
    assert.match(page, /Vignette 1: written Vignette 3: written/);
    const back1 = (await again.get(`${c.exam}/items/1`)).body;
    assert.equal(back1.match(/checked/g)?.length, 1);
    assert.match(back1, new RegExp(`value="${keys[0]!.answerKey}" checked`));
    assert.match((await again.get(`${c.exam}/essays/3`)).body, /A policy answer, half written/);

    const review = pageText((await again.get(`${c.exam}/submit`)).body);
    assert.match(review, /2 of 4 multiple-choice items are not answered/);
    assert.match(review, /Item 3 Item 4/);
    const submitted = await again.submit(`${c.exam}/submit`, `${c.exam}/submit`, {});
    assert.equal(submitted.statusCode, 303);
    const done = await attemptOf(c.registrationId);
    assert.equal(done.status, 'submitted');
    assert.equal(done.submittedHow, 'applicant');
    assert.equal(done.mcCorrect, 1, 'scored the moment it was submitted');
    assert.equal(done.mcCounted, 4);
    assert.match(pageText((await again.get(c.exam)).body), /You submitted your exam at 2030-03-06 14:35 UTC/);
    assert.equal((await again.get(`${c.exam}/items/1`)).statusCode, 303, 'the items are gone once submitted');
    const late = await autosave(again, c.exam, c.exam, { item: '3', choice: '0' });
    assert.equal(late.status, 409);
    assert.equal(late.body.code, 'EXAM_TIME_UP');
    const actionsAfter = (await auditOf(t.db.kysely, 'application', [c.applicationId])).map((e) => e.action);
    assert.ok(actionsAfter.includes('exam-attempt.submit'), actionsAfter.join());
  });

  test('past its end an attempt is submitted as it stands when next touched; the late answer is refused, nothing lost', async () => {
    const c = await candidate();
    at('2030-03-06T14:10:00Z');
    assert.equal((await c.browser.submit(c.exam, `${c.exam}/start`, {})).statusCode, 303);
    assert.equal(
      (await autosave(c.browser, c.exam, `${c.exam}/items/1`, { item: '1', choice: '3' })).status,
      200,
    );
    at('2030-03-06T15:09:59Z');
    const lastSecond = await autosave(c.browser, c.exam, `${c.exam}/items/2`, { item: '2', choice: '1' });
    assert.equal(lastSecond.status, 200);
    assert.equal(lastSecond.body.secondsLeft, 1);
    const page = await c.browser.get(`${c.exam}/items/3`);
    at('2030-03-06T15:10:00Z');
    const refused = await c.browser.post(`${c.exam}/autosave`, {
      _csrf: csrfToken(page.body),
      item: '3',
      choice: '0',
    });
    assert.equal(refused.statusCode, 409);
    assert.equal((JSON.parse(refused.body) as { code: string }).code, 'EXAM_TIME_UP');
    const form = await c.browser.post(`${c.exam}/items/3`, { _csrf: csrfToken(page.body), choice: '0' });
    assert.equal(form.statusCode, 303, 'the form goes back to the exam page');
    assert.match(
      pageText((await c.browser.get(c.exam)).body),
      /The time ran out and your exam was submitted as it stood at 2030-03-06 15:10 UTC/,
    );
    const attempt = await attemptOf(c.registrationId);
    assert.equal(attempt.submittedHow, 'time-out');
    assert.equal(attempt.submittedAt, attempt.endsAt);
    assert.equal(attempt.mcCounted, 4, 'the multiple choice is scored');
    const answers = await answersOf(t.db.kysely, attempt.id);
    assert.equal(answers.size, 2, 'the two answers given in time are kept, the late one not saved');
  });

  test('the job queued at the end submits an attempt nobody touches', async () => {
    const c = await candidate();
    at('2030-03-06T14:20:00Z');
    assert.equal((await c.browser.submit(c.exam, `${c.exam}/start`, {})).statusCode, 303);
    await autosave(c.browser, c.exam, `${c.exam}/items/4`, { item: '4', choice: '2' });
    const runner = new JobRunner(t.db, { now: () => clock, logger: { warn: () => {}, error: () => {} } });
    registerExamTimeOutHandler(runner, t.product, { now: () => clock });
    at('2030-03-06T15:00:00Z');
    await runner.runOnce();
    assert.equal((await attemptOf(c.registrationId)).status, 'in-progress', 'not before its end');
    at('2030-03-06T15:20:00Z');
    assert.ok((await runner.runOnce()).done >= 1);
    const attempt = await attemptOf(c.registrationId);
    assert.equal(attempt.submittedHow, 'time-out');
    assert.equal(attempt.mcCounted, 4);
    // No vignette was chosen: nothing is left to read, so the result follows at once.
    assert.equal(attempt.status, 'scored');
    assert.equal(attempt.result, 'failed');
    assert.equal((await answersOf(t.db.kysely, attempt.id)).size, 1);
  });

  test('extra time extends the clock; larger text is applied', async () => {
    const c = await candidate();
    await writeAccommodation(t.db.kysely, c.applicationId, {
      extraTime: 1.5,
      breakMinutes: 10,
      largeText: true,
      paper: false,
      note: null,
      grantedBy: setup.cora.id,
      grantedAt: '2030-01-01T00:00:00.000Z',
    });
    at('2030-03-06T14:00:00Z');
    const before = pageText((await c.browser.get(c.exam)).body);
    assert.match(
      before,
      /100 minutes from the moment you start \(the exam's 60 minutes with your accommodation\)/,
    );
    assert.match(before, /Extra time: 1.5× the time limit/);
    assert.equal((await c.browser.submit(c.exam, `${c.exam}/start`, {})).statusCode, 303);
    assert.equal((await attemptOf(c.registrationId)).endsAt, '2030-03-06T15:40:00.000Z');
    assert.match((await c.browser.get(`${c.exam}/items/1`)).body, /class="exam exam-large-text"/);
  });

  test('a sitting may be started until its window closes; a sitting one is not registered for does not open', async () => {
    const later = await sitting(t, setup.cora.actor, setup.ct.id, [setup.form.id], {
      startsAt: '2030-03-07T14:00:00Z',
    });
    const c = await candidate(later.id);
    at('2030-03-06T14:05:00Z');
    const res = await c.browser.submit(c.exam, `${c.exam}/start`, {});
    assert.equal(res.statusCode, 303);
    assert.match(pageText((await c.browser.get(c.exam)).body), /The exam opens at 2030-03-07 at 14:00 UTC/i);
    at('2030-03-07T15:00:00Z');
    assert.match(pageText((await c.browser.get(c.exam)).body), /could be started until 2030-03-07 15:00 UTC/);
    assert.equal((await c.browser.submit(c.exam, `${c.exam}/start`, {})).statusCode, 303);
    assert.equal(await attemptOfRegistration(t.db.kysely, c.registrationId), undefined);
  });

  test('another applicant, and staff, find nothing at the exam’s addresses', async () => {
    const owner = await candidate();
    at('2030-03-06T14:30:00Z');
    await owner.browser.submit(owner.exam, `${owner.exam}/start`, {});
    const other = await candidate();
    const otherPage = await other.browser.get(other.exam);
    for (const url of [owner.exam, `${owner.exam}/items/1`, `${owner.exam}/essays`, `${owner.exam}/submit`])
      assert.equal((await other.browser.get(url)).statusCode, 404, url);
    const post = await other.browser.post(`${owner.exam}/autosave`, {
      _csrf: csrfToken(otherPage.body),
      item: '1',
      choice: '0',
    });
    assert.equal(post.statusCode, 404);
    for (const staff of [setup.cora.browser, setup.sam.browser])
      assert.equal((await staff.get(`${owner.exam}/items/1`)).statusCode, 404);
    assert.equal((await setup.cora.browser.get(owner.exam)).statusCode, 404);
    assert.equal((await answersOf(t.db.kysely, (await attemptOf(owner.registrationId)).id)).size, 0);
  });
});

describe('paper sittings', () => {
  test('an exam administrator enters the sheets: errors name the item; the attempt is submitted and scored', async () => {
    const hall = await sitting(t, setup.cora.actor, setup.ct.id, [setup.form.id], {
      startsAt: '2030-03-08T14:00:00Z',
      mode: 'in-person',
    });
    const c = await candidate(hall.id);
    const url = `/associations/ct-aimh/exam/sittings/${hall.id}/paper/${c.registrationId}`;
    assert.equal((await setup.cora.browser.get(url)).statusCode, 404, 'coordinators do not enter exams');
    at('2030-03-08T18:00:00Z');
    const keys = (await formItems(t.db.kysely, setup.form.id)).filter((i) => i.kind === 'multiple-choice');
    const letter = (k: number) => 'ABCD'[k]!;
    const bad = await setup.sam.browser.submit(url, url, {
      'item.1': letter(keys[0]!.answerKey!),
      'item.2': 'E',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(pageText(bad.body), /Item 2: “E” is not one of its options \(A–D\)/);
    const tooMany = await setup.sam.browser.submit(url, url, {
      'essay.1': 'a',
      'essay.2': 'b',
      'essay.3': 'c',
    });
    assert.equal(tooMany.statusCode, 400);
    assert.match(pageText(tooMany.body), /3 essays entered: the applicant answers 2 of the 3 vignettes/);
    assert.equal(
      await attemptOfRegistration(t.db.kysely, c.registrationId),
      undefined,
      'nothing entered yet',
    );
    const ok = await setup.sam.browser.submit(url, url, {
      'item.1': letter(keys[0]!.answerKey!),
      'item.2': letter(keys[1]!.answerKey!).toLowerCase(),
      'item.3': '',
      'item.4': letter((keys[3]!.answerKey! + 1) % 4),
      'essay.2': 'Written on the sheet for vignette 2.',
    });
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 500));
    const attempt = await attemptOf(c.registrationId);
    assert.equal(attempt.mode, 'paper');
    assert.equal(attempt.submittedHow, 'paper-entry');
    assert.equal(attempt.mcCorrect, 2);
    assert.equal(attempt.mcCounted, 4);
    assert.equal((await essaysOf(t.db.kysely, attempt.id)).length, 1);
    assert.equal((await findRegistration(t.db.kysely, c.registrationId))!.status, 'sat');
    const actions = (await auditOf(t.db.kysely, 'application', [c.applicationId])).map((e) => e.action);
    assert.ok(actions.includes('exam-attempt.paper-entry'), actions.join());
    assert.match(pageText((await c.browser.get(c.exam)).body), /Your paper exam was entered/);
    assert.equal(
      (await findAttempt(t.db.kysely, attempt.id))!.status,
      'submitted',
      'the essays await their readers',
    );
  });
});

describe('what reached the applicants', () => {
  test('no exam answer is cached, and none holds a key or a rubric', async () => {
    assert.ok(received.length > 50, `${received.length} answers recorded`);
    const keyed = (await formItems(t.db.kysely, setup.form.id)).map((i) => JSON.stringify(i));
    for (const { url, res } of received) {
      if (url.includes('/exam')) assert.equal(res.headers['cache-control'], 'no-store', url);
      assert.doesNotMatch(res.body, /answer.?key/i, url);
      assert.doesNotMatch(res.body, /Understands the relationship|Reflects on their own response/, url);
      for (const json of keyed) assert.ok(!res.body.includes(json), url);
      // An option is checked only where the applicant chose it: the key is never preselected.
      if (url.includes('/items/')) assert.ok((res.body.match(/checked/g)?.length ?? 0) <= 1, url);
    }
  });
});
