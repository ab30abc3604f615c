// Blind essay scoring, results and item statistics through the real app: two
// readers score an applicant's essays blind (never the applicant's name or
// e-mail, never the other reader's scores before both have scored); scores
// within the threshold settle to their mean, beyond it a third reader
// resolves; the result passes or fails by the pass rule, moves the
// application and mails the results letter; the applicant reads the result
// (domains, retake rules) and no one else's; a sitting's item statistics; and
// discounting an item turns a fail into a pass.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { findAttempt } from '../../src/db/repositories/exam-attempts.ts';
import { formItems } from '../../src/db/repositories/exam-bank.ts';
import { scoreResponse } from '../../src/services/exam-reading.ts';
import { AppError } from '../../src/services/errors.ts';
import {
  examSetup,
  registeredApplication,
  type Staff,
  sitting,
  staffMember,
  submittedAttempt,
} from '../helpers/exam.ts';
import type { Browser, TestApp } from '../helpers/http.ts';
import { startApp } from '../helpers/http.ts';
import { applicant } from '../helpers/portfolio-http.ts';

let t: TestApp;
let setup: Awaited<ReturnType<typeof examSetup>>;
let rae: Staff; // the second reader
let tia: Staff; // a third reader
let uma: Staff; // another third reader
let keys: number[]; // the form's multiple-choice keys, in order
let itemCodes: string[];

const reading = '/associations/ct-aimh/exam/reading';
const responseUrl = (code: string) => `${reading}/${code}`;
const allRight = (_: number, key: number) => key;
const wrong = (key: number) => (key + 1) % 4;

before(async () => {
  t = await startApp();
  // Six items: 80% of 6 needs 5 right; two vignettes answered of three, 10 points each, 14 to pass.
  setup = await examSetup(t, { mc: 6, vignettes: 3, startsAt: '2030-03-06T14:00:00Z' });
  const ct = setup.ct.id.slice(0, 6);
  rae = await staffMember(t, 'ct-aimh', 'Rae Reader', `rae.${ct}@example.org`, ['exam-scorer']);
  tia = await staffMember(t, 'ct-aimh', 'Tia Third', `tia.${ct}@example.org`, ['exam-scorer']);
  uma = await staffMember(t, 'ct-aimh', 'Uma Third', `uma.${ct}@example.org`, ['exam-scorer']);
  const mc = (await formItems(t.db.kysely, setup.form.id)).filter((i) => i.kind === 'multiple-choice');
  keys = mc.map((i) => i.answerKey!);
  itemCodes = mc.map((i) => i.code);
});
after(() => t.close());

/** An applicant registered for the sitting, with a submitted attempt; their browser and application. */
async function candidate(
  name: string,
  answer: (index: number, key: number) => number | null,
  sittingId = setup.sitting.id,
  how: 'applicant' | 'time-out' | 'paper-entry' = 'applicant',
) {
  const email = `${name.toLowerCase().replace(/\W+/g, '.')}@example.org`;
  const person = await applicant(t, name, email, []);
  const { applicationId, registrationId } = await registeredApplication(t, person.id, setup.cora, sittingId);
  const attempt = await submittedAttempt(t, registrationId, {
    answer,
    how,
    essays: [`${name} writes about the first family.`, `${name} writes about the second family.`],
  });
  return { ...person, email, name, applicationId, ...attempt };
}

/** The reader scores the response through its page: 303 back to the queue. */
async function score(reader: Browser, code: string, points: [number, number], comment = '') {
  const res = await reader.submit(responseUrl(code), responseUrl(code), {
    c0: String(points[0]),
    c1: String(points[1]),
    comment,
  });
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  assert.equal(res.headers.location, reading);
}

const statusOf = async (id: string) => (await findApplication(t.db.kysely, id))!.status;

describe('blind scoring and the result', () => {
  let ada: Awaited<ReturnType<typeof candidate>>;

  before(async () => {
    ada = await candidate('Ada Examinee', allRight);
  });

  test('the queue lists the responses by blind code, never whose they are', async () => {
    const queue = await setup.sam.browser.get(reading);
    assert.equal(queue.statusCode, 200);
    for (const code of ada.blindCodes) assert.ok(queue.body.includes(`Read response ${code}`), code);
    for (const secret of [ada.name, ada.email, ada.applicationId])
      assert.ok(!queue.body.includes(secret), `the queue shows ${secret}`);
    const page = await setup.sam.browser.get(responseUrl(ada.blindCodes[0]!));
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ada Examinee writes about the first family\./);
    assert.match(page.body, /Sample vignette \d: a family and a question about it\./);
    assert.match(page.body, /Understands the relationship \(0 to 6 points\)/);
    assert.match(page.body, /Reflects on their own response \(0 to 4 points\)/);
    // The essay may mention its writer; nothing the page adds does.
    for (const secret of [ada.email, ada.applicationId])
      assert.ok(!page.body.includes(secret), `the response page shows ${secret}`);
    assert.equal(
      page.body.split('Ada Examinee').length - 1,
      1,
      'the name appears only inside the essay text',
    );
    const nav = await setup.sam.browser.get('/');
    assert.match(
      nav.body,
      /href="\/associations\/ct-aimh\/exam\/reading"/,
      'the staff navigation links the queue',
    );
  });

  test('a score out of range is refused, naming the criterion; nothing is saved', async () => {
    const code = ada.blindCodes[0]!;
    const res = await setup.sam.browser.submit(responseUrl(code), responseUrl(code), { c0: '7', c1: '' });
    assert.equal(res.statusCode, 400);
    assert.match(
      res.body,
      /href="#c0">Give a whole number of 0 to 6 points for “Understands the relationship”/,
    );
    const blank = await setup.sam.browser.submit(responseUrl(code), responseUrl(code), { c0: '5', c1: '' });
    assert.match(blank.body, /href="#c1">Give 0 to 4 points for “Reflects on their own response”/);
    assert.match(blank.body, /name="c0" type="text" value="5"/, 'what was typed is kept');
    const reads = await t.db.kysely.selectFrom('exam_essay_read').selectAll().execute();
    assert.equal(reads.length, 0);
  });

  test('two readers score blind; within the threshold the score is their mean', async () => {
    const [first] = ada.blindCodes as [string, string];
    await score(setup.sam.browser, first, [5, 3], 'Sam’s private note');
    // Rae has not scored yet: she sees no one's scores.
    const raePage = await rae.browser.get(responseUrl(first));
    assert.ok(!raePage.body.includes('Sam’s private note'));
    assert.ok(!raePage.body.includes('Every reader'));
    assert.match(raePage.body, /Your scores: second read/);
    // Sam sees his own read only until Rae has scored.
    const samPage = await setup.sam.browser.get(responseUrl(first));
    assert.match(samPage.body, /You gave 8 points \(first read\)/);
    assert.match(samPage.body, /appear here once they have scored it too/);
    assert.match(samPage.body, /Waiting for the other reader/);
    await score(rae.browser, first, [6, 3]);
    const both = await setup.sam.browser.get(responseUrl(first));
    assert.match(both.body, /Every reader&#39;s scores|Every reader's scores/);
    assert.match(both.body, /Settled at 8\.5 points/);
    assert.ok(!(await tia.browser.get(reading)).body.includes(first), 'settled: no third read');
  });

  test('beyond the threshold a third reader resolves; the result passes and moves the application', async () => {
    const second = ada.blindCodes[1]!;
    await score(setup.sam.browser, second, [1, 1]);
    await score(rae.browser, second, [5, 4]);
    assert.equal(await statusOf(ada.applicationId), 'awaiting-exam');
    // The applicant's result before it is settled: being scored.
    const waiting = await ada.browser.get(`/applications/${ada.applicationId}/exam/result`);
    assert.equal(waiting.statusCode, 200);
    assert.match(waiting.body, /is being scored/);
    // The first readers are done; the third (who read neither) sees neither score.
    assert.ok(!(await setup.sam.browser.get(reading)).body.includes(`Read response ${second}`));
    const queue = await tia.browser.get(reading);
    assert.match(queue.body, new RegExp(`Read response ${second}[\\s\\S]*?third read`));
    const third = await tia.browser.get(responseUrl(second));
    assert.match(third.body, /Your scores: third read/);
    assert.ok(!third.body.includes('Every reader'));
    // 2 and 9 differ by 7 > 3: the third read (8) and the nearer (9) make 8.5; 8.5 + 8.5 = 17 ≥ 14.
    await score(tia.browser, second, [5, 3]);
    const attempt = (await findAttempt(t.db.kysely, ada.attemptId))!;
    assert.equal(attempt.status, 'scored');
    assert.equal(attempt.essayPoints, 17);
    assert.equal(attempt.result, 'passed');
    assert.equal(await statusOf(ada.applicationId), 'exam-passed');
    const letter = (await t.mail()).filter((m) => /^To: .*ada\.examinee@example\.org/im.test(m)).at(-1)!;
    assert.match(letter, /You passed the written examination for your IMHS application/);
    assert.match(letter, /Multiple choice: 6 of 6 right \(100%\)\. Essays: 17 points\./);
    const scored = await t.db.kysely
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'exam-essay.score')
      .execute();
    assert.equal(scored.length, 5, 'every read audited');
  });

  test('the applicant reads the result by domain, never the items; the checklist shows the exam met', async () => {
    const page = await ada.browser.get(`/applications/${ada.applicationId}/exam/result`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<strong>Passed<\/strong>/);
    assert.match(page.body, /6 of 6 right \(100%\)/);
    assert.match(page.body, /17 points/);
    assert.match(page.body, /1\. Theoretical Foundations<\/td><td data-label="Right">2 of 2/);
    assert.match(page.body, /4\. Direct Service Skills/);
    assert.ok(!/Sample item|Taking the exam again/.test(page.body), 'no items, no retake rules after a pass');
    const application = await ada.browser.get(`/applications/${ada.applicationId}`);
    assert.match(
      application.body,
      /class="requirement requirement-met"[^>]*><p class="requirement-head">[\s\S]*?requirement-kind">Exam</,
    );
    // Someone else's result is not there; nor is it through the staff address for an applicant.
    const other = await applicant(t, 'Olga Other', 'olga.other@example.org', []);
    assert.equal((await other.browser.get(`/applications/${ada.applicationId}/exam/result`)).statusCode, 404);
    assert.equal(
      (await ada.browser.get(`/associations/ct-aimh/applications/${ada.applicationId}/exam/result`))
        .statusCode,
      404,
    );
    // Readers score; they do not read applications' results.
    assert.equal(
      (await rae.browser.get(`/associations/ct-aimh/applications/${ada.applicationId}/exam/result`))
        .statusCode,
      404,
    );
  });

  test("the coordinator reads it from the application's staff page", async () => {
    const staff = await setup.cora.browser.get(`/associations/ct-aimh/applications/${ada.applicationId}`);
    const link = `/associations/ct-aimh/applications/${ada.applicationId}/exam/result`;
    assert.ok(staff.body.includes(`href="${link}"`), 'the staff page links the result');
    const page = await setup.cora.browser.get(link);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ada Examinee&#39;s written examination|Ada Examinee's written examination/);
    assert.match(page.body, /<strong>Passed<\/strong>/);
  });

  test('a fail: exam failed, the letter and the result page give the retake rules', async () => {
    // 4 of 6 right: short of the 5 needed, whatever the essays.
    const dee = await candidate('Dee Retake', (i, key) => (i < 4 ? key : wrong(key)), undefined, 'time-out');
    const queue = await setup.sam.browser.get(reading);
    assert.match(queue.body, new RegExp(`${dee.blindCodes[0]}[\\s\\S]*?submitted when time ran out`));
    for (const code of dee.blindCodes) {
      await score(setup.sam.browser, code, [6, 4]);
      await score(rae.browser, code, [6, 4]);
    }
    assert.equal(await statusOf(dee.applicationId), 'exam-failed');
    const attempt = (await findAttempt(t.db.kysely, dee.attemptId))!;
    const opens = new Date(Date.parse(attempt.scoredAt!.slice(0, 10)) + 90 * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const letter = (await t.mail()).filter((m) => /^To: .*dee\.retake@example\.org/im.test(m)).at(-1)!;
    assert.match(letter, /did not pass the written examination/);
    assert.match(letter, /attempt 2 of 3/);
    const page = await dee.browser.get(`/applications/${dee.applicationId}/exam/result`);
    assert.match(page.body, /<strong>Not passed<\/strong>/);
    assert.match(page.body, /4 of 6 right \(67%\)/);
    assert.match(page.body, new RegExp(`90 days: a retake may be sat from ${opens}`));
    assert.match(page.body, /1 of 3 used/);
    assert.match(page.body, /Retake fee<\/dt><dd>None/);
  });

  test('two third readers racing for the one slot: one read is kept, the other told it was scored', async () => {
    const eve = await candidate('Eve Race', allRight);
    const code = eve.blindCodes[0]!;
    await score(setup.sam.browser, code, [0, 0]);
    await score(rae.browser, code, [6, 4]);
    const ct = { id: setup.ct.id, slug: 'ct-aimh', name: setup.ct.name };
    const tries = await Promise.allSettled(
      [tia, uma].map((reader) => scoreResponse(reader.actor, ct, code, { c0: '5', c1: '4' }, t.product)),
    );
    const won = tries.filter((x) => x.status === 'fulfilled');
    const lost = tries.flatMap((x) => (x.status === 'rejected' ? [x.reason as unknown] : []));
    assert.equal(won.length, 1);
    assert.equal(lost.length, 1);
    assert.ok(
      lost[0] instanceof AppError &&
        (lost[0] as { domainCode?: string }).domainCode === 'ESSAY_ALREADY_SCORED',
    );
    // The same reader twice at once: one read.
    const other = eve.blindCodes[1]!;
    const twice = await Promise.allSettled(
      [0, 1].map(() => scoreResponse(setup.sam.actor, ct, other, { c0: '3', c1: '3' }, t.product)),
    );
    assert.equal(twice.filter((x) => x.status === 'fulfilled').length, 1);
    const rejected = twice.find((x) => x.status === 'rejected') as PromiseRejectedResult;
    assert.equal((rejected.reason as { domainCode?: string }).domainCode, 'ESSAY_ALREADY_SCORED');
    const reads = await t.db.kysely
      .selectFrom('exam_essay_read')
      .innerJoin('exam_essay_response', 'exam_essay_response.id', 'exam_essay_read.response_id')
      .select('exam_essay_read.slot')
      .where('exam_essay_response.blind_code', 'in', [code, other])
      .execute();
    assert.equal(reads.length, 4);
  });
});

describe('item statistics and discounting', () => {
  let sittingId: string;
  let quinn: Awaited<ReturnType<typeof candidate>>;
  const stats = () => `/associations/ct-aimh/exam/sittings/${sittingId}/statistics`;

  before(async () => {
    sittingId = (
      await sitting(t, setup.cora.actor, setup.ct.id, [setup.form.id], { startsAt: '2030-06-05T14:00:00Z' })
    ).id;
    // P all right (6); Q the first four right, the last two wrong (4); R the first wrong,
    // the next two right, the rest blank (2).
    await candidate('Pat Perfect', allRight, sittingId);
    quinn = await candidate('Quinn Close', (i, key) => (i < 4 ? key : wrong(key)), sittingId);
    const roz = await candidate(
      'Roz Blank',
      (i, key) => (i === 0 ? wrong(key) : i < 3 ? key : null),
      sittingId,
      'paper-entry',
    );
    const queue = await setup.sam.browser.get(reading);
    assert.match(queue.body, new RegExp(`${roz.blindCodes[0]}[\\s\\S]*?entered from paper`));
    for (const code of quinn.blindCodes) {
      await score(setup.sam.browser, code, [6, 4]);
      await score(rae.browser, code, [6, 4]);
    }
  });

  test('difficulty, discrimination, options no one chose and flags, per item (audited)', async () => {
    const page = await setup.sam.browser.get(stats());
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Sample form: 3 attempts/);
    // Totals 6, 4, 2: mean 4, s = √(8/3) = 1.633. Item 1 right for P and Q (mean 5) and wrong for
    // R (2): p = 0.67, r = 3 / 1.633 × √(2/9) = 0.87. Item 5 right for P only (6; others 3): p = 0.33,
    // r = 0.87. Item 2 right for all: p = 1, r undefined.
    const row = (n: number, difficulty: string, discrimination: string) =>
      new RegExp(
        `${itemCodes[n]} \\(version 1\\)[\\s\\S]*?<td data-label="Key">${'ABCD'[keys[n]!]}</td><td data-label="Difficulty">${difficulty}</td><td data-label="Discrimination">${discrimination}</td>`,
      );
    assert.match(page.body, row(0, '0.67', '0.87'));
    assert.match(page.body, row(4, '0.33', '0.87'));
    assert.match(page.body, row(1, '1.00', '—'));
    assert.match(page.body, /almost everyone answered it right/);
    assert.match(page.body, /no one chose option/);
    const audited = await t.db.kysely
      .selectFrom('audit_event')
      .select('subject_id')
      .where('action', '=', 'exam-statistics.read')
      .execute();
    assert.ok(audited.some((a) => a.subject_id === sittingId));
    // Coordinators and applicants: not there.
    assert.equal((await setup.cora.browser.get(stats())).statusCode, 404);
    assert.equal((await quinn.browser.get(stats())).statusCode, 404);
  });

  test('discounting needs a reason, and turns a fail into a pass by rescoring the sitting', async () => {
    assert.equal(await statusOf(quinn.applicationId), 'exam-failed');
    const discount = `${stats()}/discount`;
    const item = (await formItems(t.db.kysely, setup.form.id)).find((i) => i.code === itemCodes[5])!;
    const noReason = await setup.sam.browser.submit(stats(), discount, { item: item.id, reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, new RegExp(`href="#reason">Enter why ${itemCodes[5]} is discounted`));
    const done = await setup.sam.browser.submit(stats(), discount, {
      item: item.id,
      reason: 'Two options are defensible.',
    });
    assert.equal(done.statusCode, 303, done.body.slice(0, 400));
    // 4 of the 5 counted items right: 80% of 5 is 4, a pass.
    const attempt = (await findAttempt(t.db.kysely, quinn.attemptId))!;
    assert.equal(attempt.mcCounted, 5);
    assert.equal(attempt.result, 'passed');
    assert.equal(await statusOf(quinn.applicationId), 'exam-passed');
    const after = await setup.sam.browser.open(stats());
    assert.match(after.body, /is discounted: 3 attempts rescored, 1 now passing/);
    assert.match(after.body, /<strong>Discounted<\/strong>: Two options are defensible\./);
    const audit = await t.db.kysely
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'exam-item.discount')
      .execute();
    assert.equal(audit.length, 1);
    const again = await setup.sam.browser.submit(stats(), discount, { item: item.id, reason: 'Again.' });
    assert.equal(again.statusCode, 400);
  });
});
