// The written exam (issue 10) in Debian's chromium against the real server on
// a fresh test database (SQLite, or PostgreSQL with TEST_DATABASE_URL), the
// app's clock set by the test. Before the story: in CT-AIMH Sam is an exam
// scorer with a sample bank (sample items, not real exam content) and a ready
// form of 5 items and 3 clinical vignettes (60 minutes), Cora the coordinator
// with an online sitting at 14:00; Ada's and Ben's applications are approved.
// Then, through the pages:
//   1. Sam looks over the bank and the form; Cora registers Ada for the
//      sitting and grants her 1.5× the time; Ben is registered too;
//   2. Ada opens the exam at the sitting's time (90 minutes with her
//      accommodation), answers items (the script saves each as it is chosen),
//      closes her browser, signs in again in a new one and finds every answer
//      and the time the server says is left; answers the rest, chooses 2 of
//      the 3 vignettes, writes her essays and submits;
//   3. Ben, in a browser without JavaScript, answers an item with the
//      one-page-per-item form; his time runs out and the exam is submitted
//      as it stood;
//   4. Sam and Rae read Ada's essays blind; they disagree on one by more than
//      the threshold and Tia reads it third;
//   5. Ada reads her result (passed, by domain), and her application's
//      checklist shows the exam met; Sam reads the sitting's statistics.
// Every response Ada's and Ben's browsers receive is kept: none holds a key,
// the words "answerKey"/"answer_key", or a rubric's criteria. Neither opens the
// other's exam. Every page is checked with axe-core and saved under
// test-output/screenshots/exam-journey-NN-*.png, the item, reading and sitting
// pages at phone width (390 px) too, where nothing may scroll sideways.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { answersOf, attemptOfRegistration, essaysOf } from '../../src/db/repositories/exam-attempts.ts';
import { formItems } from '../../src/db/repositories/exam-bank.ts';
import { liveRegistration } from '../../src/db/repositories/exam-sittings.ts';
import { timeLeftText } from '../../src/views/pages/exam-taking.tsx';
import {
  audited,
  type ChromiumUser,
  chromiumMissing,
  openChromium,
  screenshot,
  screenshotDir,
} from '../helpers/chromium.ts';
import {
  approvedApplication,
  examSetup,
  registeredApplication,
  type Staff,
  staffMember,
} from '../helpers/exam.ts';
import type { TestApp } from '../helpers/http.ts';
import {
  checklistItem,
  expectNotice,
  fitsTheWidth,
  journeySteps,
  numberedAudits,
  send,
  serveApp,
  signIn,
} from '../helpers/journey.ts';
import { applicant } from '../helpers/portfolio-http.ts';

let clock = new Date('2030-03-06T13:30:00Z');
const at = (iso: string) => {
  clock = new Date(iso);
};
let t: TestApp;
let base: string;
let setup: Awaited<ReturnType<typeof examSetup>>;
let rae: Staff;
let tia: Staff;
let ada: { id: string; application: string; email: string };
let ben: { application: string; registrationId: string; email: string };
const people: Record<'sam' | 'cora' | 'ada' | 'ben' | 'rae' | 'tia', ChromiumUser | undefined> = {
  sam: undefined,
  cora: undefined,
  ada: undefined,
  ben: undefined,
  rae: undefined,
  tia: undefined,
};
/** Every body the applicants' browsers received: url and text. */
const received: Array<{ url: string; body: string }> = [];
const pending: Array<Promise<void>> = [];
const numbered = numberedAudits('exam-journey');
/** Screenshot and axe-core: no violation at all, whatever its impact. */
const shots = {
  async audit(page: Page, name: string): Promise<void> {
    const findings = await numbered.audit(page, name);
    assert.deepEqual(
      findings,
      [],
      `${name} (${page.url()}): ${findings.map((f) => `${f.impact} ${f.id}: ${f.help} — ${f.targets.join(', ')}`).join('; ')}`,
    );
  },
};
const step = journeySteps();

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const rubric = ['Understands the relationship', 'Reflects on their own response'];
const essayOne = 'The mother and the baby: what the relationship shows, and what I felt as I read it.';
const essayTwo = 'The father, the toddler and the child care: what I would ask first, and why.';

const exam = (application: string) => `/applications/${application}/exam`;
const mainText = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');
const mcItems = async () =>
  (await formItems(t.db.kysely, setup.form.id)).filter((i) => i.kind === 'multiple-choice');
const attemptOf = async (registrationId: string) =>
  (await attemptOfRegistration(t.db.kysely, registrationId))!;
let adaRegistrationId: string | undefined;
/** Ada's registration (the attempt once started marks it sat, so it is kept once found). */
const adaRegistration = async () =>
  (adaRegistrationId ??= (await liveRegistration(t.db.kysely, ada.application))!.id);
/** Ada's saved answers by item number (1-based), as the server holds them. */
async function savedAnswers(registrationId: string): Promise<Record<number, number | null>> {
  const answers = await answersOf(t.db.kysely, (await attemptOf(registrationId)).id);
  const items = await mcItems();
  return Object.fromEntries(
    items.flatMap((item, i) => (answers.has(item.id) ? [[i + 1, answers.get(item.id)!]] : [])),
  );
}

/** Keeps the body of every response the applicant's browser receives (redirects have none). */
function listen(context: BrowserContext): void {
  context.on('response', (response) => {
    pending.push(
      response.text().then(
        (body) => void received.push({ url: response.url(), body }),
        () => {},
      ),
    );
  });
}

/** The person's chromium, signed in (opened the first time it is asked for). */
async function as(
  who: keyof typeof people,
  email: string,
  o: { javaScriptEnabled?: boolean } = {},
): Promise<Page> {
  let user = people[who];
  if (!user) {
    user = people[who] = await openChromium(o);
    if (who === 'ada' || who === 'ben') listen(user.context);
    await signIn(user.page, base, email);
  }
  return user.page;
}

async function closeBrowser(who: keyof typeof people): Promise<void> {
  await people[who]?.close();
  people[who] = undefined;
}

/** Audits the page at phone width, after checking that it fits; then back to the desktop. */
async function phoneToo(page: Page, name: string): Promise<void> {
  await page.setViewportSize(PHONE);
  try {
    await fitsTheWidth(page);
    await shots.audit(page, `${name}-phone`);
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}

/** Chooses option `choice` (its index) on the item page open. */
async function choose(page: Page, choice: number): Promise<void> {
  await page.locator(`input[name="choice"][value="${choice}"]`).check();
}

/** The reader scores the response open on the page; answers the notice shown on the queue. */
async function score(page: Page, points: [number, number]): Promise<void> {
  const form = page.getByRole('form', { name: 'Score this response' });
  await form.getByLabel(`${rubric[0]} (0 to 6 points)`).fill(String(points[0]));
  await form.getByLabel(`${rubric[1]} (0 to 4 points)`).fill(String(points[1]));
  assert.equal(await send(page, form.getByRole('button', { name: 'Submit my scores' })), 200);
}

/** Opens the response whose essay is `essay` from the reader's queue. */
async function openResponse(page: Page, essay: string, name: string): Promise<void> {
  await page.goto(`${base}/associations/ct-aimh/exam/reading`);
  const hrefs = await page
    .getByRole('link', { name: /^Read response / })
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')!));
  assert.ok(hrefs.length > 0, `${name}: the queue holds responses: ${await mainText(page)}`);
  for (const href of hrefs) {
    await page.goto(`${base}${href}`);
    if ((await mainText(page)).includes(essay)) return;
  }
  assert.fail(`${name}: no response in the queue holds "${essay}"`);
}

/** Nothing on the reader's page names the applicant. */
async function blind(page: Page, where: string): Promise<void> {
  const html = await page.content();
  for (const s of ['Ada Applicant', ada.email]) assert.ok(!html.includes(s), `${where} shows ${s}`);
}

before(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  ({ t, base } = await serveApp({ now: () => clock }));
  setup = await examSetup(t, { mc: 5, vignettes: 3, startsAt: '2030-03-06T14:00:00Z', minutes: 60 });
  const ct = setup.ct.id.slice(0, 6);
  rae = await staffMember(t, 'ct-aimh', 'Rae Reader', `rae.${ct}@example.org`, ['exam-scorer']);
  tia = await staffMember(t, 'ct-aimh', 'Tia Third', `tia.${ct}@example.org`, ['exam-scorer']);
  const a = await applicant(t, 'Ada Applicant', 'ada@example.org', []);
  ada = {
    id: a.id,
    email: 'ada@example.org',
    application: await approvedApplication(t, a.id, setup.cora.id),
  };
  const b = await applicant(t, 'Ben Applicant', 'ben@example.org', []);
  const r = await registeredApplication(t, b.id, setup.cora, setup.sitting.id, clock);
  ben = { application: r.applicationId, registrationId: r.registrationId, email: 'ben@example.org' };
});

after(async () => {
  for (const user of Object.values(people)) await user?.close().catch(() => {});
  await t?.close();
  const mine = audited.filter((a) => a.name.startsWith('exam-journey-'));
  if (mine.length)
    console.log(`axe checked ${mine.length} pages of the exam journey; screenshots in ${screenshotDir}`);
});

describe('journey: the exam online, a closed browser, a time-out, blind reads, the result', () => {
  step('the exam scorer looks over the item bank and the form', async () => {
    const page = await as('sam', setup.sam.email);
    await page.goto(`${base}/associations/ct-aimh/exam/items`);
    assert.match(await mainText(page), /Sample item 1/);
    await shots.audit(page, 'bank');
    const item = (await mcItems())[0]!;
    await send(page, page.getByRole('link', { name: item.code, exact: true }));
    assert.match(await mainText(page), new RegExp(item.text.replace(/[?]/g, '\\?')));
    await shots.audit(page, 'bank-item');
    await page.goto(`${base}/associations/ct-aimh/exam/forms`);
    await shots.audit(page, 'forms');
    await page.goto(`${base}/associations/ct-aimh/exam/forms/${setup.form.id}`);
    await shots.audit(page, 'form');
  });

  step('the coordinator registers Ada for the sitting and grants her extra time', async () => {
    const page = await as('cora', setup.cora.email);
    await page.goto(`${base}/associations/ct-aimh/exam/sittings`);
    await shots.audit(page, 'sittings');
    await page.goto(`${base}/associations/ct-aimh/exam/sittings/${setup.sitting.id}`);
    assert.match(await mainText(page), /Ben Applicant/);
    await shots.audit(page, 'sitting');
    await phoneToo(page, 'sitting');
    await page.goto(`${base}/associations/ct-aimh/applications/${ada.application}/exam`);
    await shots.audit(page, 'staff-exam-page');
    const register = page.getByRole('form', { name: 'Register for a sitting' });
    await register.getByRole('group', { name: 'Sitting' }).getByRole('radio').first().check();
    assert.equal(await send(page, register.getByRole('button', { name: 'Register' })), 200);
    assert.equal((await findApplication(t.db.kysely, ada.application))!.status, 'awaiting-exam');
    await adaRegistration();
    const grant = page.getByRole('form', { name: 'Accommodations' });
    await grant.getByLabel('Time allowed, as a multiple').fill('1.5');
    assert.equal(await send(page, grant.getByRole('button', { name: 'Save the accommodations' })), 200);
    assert.match(await mainText(page), /1\.5/);
    await shots.audit(page, 'staff-exam-registered');
    await closeBrowser('cora');
  });

  step('Ada opens her exam before the sitting, then at its time, with her extra time', async () => {
    const page = await as('ada', ada.email);
    await page.goto(`${base}/applications/${ada.application}`);
    await send(page, page.getByRole('link', { name: 'Your written examination' }));
    await page.getByRole('heading', { name: 'Your sitting has not started yet' }).waitFor();
    assert.match(await mainText(page), /90 minutes from the moment you start \(the exam's 60 minutes/);
    assert.match(await mainText(page), /Extra time: 1\.5× the time limit/);
    await shots.audit(page, 'ada-before');
    at('2030-03-06T14:05:00Z');
    await page.reload();
    await page.getByRole('heading', { name: 'You may start the exam now' }).waitFor();
    await shots.audit(page, 'ada-open');
    assert.equal(await send(page, page.getByRole('button', { name: 'Start the exam' })), 200);
    await page.getByRole('heading', { name: 'Your exam is under way' }).waitFor();
    assert.equal(await page.locator('#exam-time-left').innerText(), '1 h 30 min');
    const attempt = await attemptOf(await adaRegistration());
    assert.equal(attempt.endsAt.slice(0, 16), '2030-03-06T15:35', 'the accommodation extends the clock');
    await shots.audit(page, 'ada-under-way');
  });

  step('Ada answers items: the script saves each choice without a button', async () => {
    const page = await as('ada', ada.email);
    const keys = (await mcItems()).map((i) => i.answerKey!);
    const registration = await adaRegistration();
    await send(page, page.getByRole('link', { name: 'Begin with item 1' }));
    await page.getByRole('heading', { name: 'Item 1 of 5' }).waitFor();
    await shots.audit(page, 'ada-item-1');
    await page.setViewportSize(PHONE);
    const next = (await page.getByRole('button', { name: 'Save and next' }).boundingBox())!;
    const all = (await page.getByRole('button', { name: 'Save and see all items' }).boundingBox())!;
    assert.ok(
      all.y >= next.y + next.height + 4 || all.x >= next.x + next.width + 4,
      'the buttons do not touch',
    );
    await phoneToo(page, 'ada-item-1');
    // A wrong choice first, then the right one: the server holds the last, no button pressed.
    await choose(page, (keys[0]! + 1) % 4);
    await page.locator('.exam-save-status').getByText('Saved.').waitFor();
    await choose(page, keys[0]!);
    await page.locator('.exam-save-status').getByText('Saving…').or(page.getByText('Saved.')).waitFor();
    await page.locator('.exam-save-status').getByText('Saved.').waitFor();
    assert.deepEqual(await savedAnswers(registration), { 1: keys[0] });
    await page.goto(`${base}${exam(ada.application)}/items/2`);
    await choose(page, keys[1]!);
    await page.locator('.exam-save-status').getByText('Saved.').waitFor();
    assert.deepEqual(await savedAnswers(registration), { 1: keys[0], 2: keys[1] });
    await shots.audit(page, 'ada-item-2-saved');
    await page.goto(`${base}${exam(ada.application)}/items/3`);
    await choose(page, keys[2]!);
    await page.locator('.exam-save-status').getByText('Saved.').waitFor();
    assert.deepEqual(await savedAnswers(registration), { 1: keys[0], 2: keys[1], 3: keys[2] });
  });

  step('Ada closes her browser half-way; in a new one she finds every answer and the time left', async () => {
    await closeBrowser('ada');
    at('2030-03-06T14:30:00Z');
    const page = await as('ada', ada.email);
    const keys = (await mcItems()).map((i) => i.answerKey!);
    await page.goto(`${base}${exam(ada.application)}`);
    assert.match(await mainText(page), /3 of 5 answered/);
    const attempt = await attemptOf(await adaRegistration());
    const seconds = Math.floor((new Date(attempt.endsAt).getTime() - clock.getTime()) / 1000);
    assert.equal(seconds, 65 * 60);
    assert.equal(await page.locator('.exam-clock').getAttribute('data-seconds-left'), String(seconds));
    assert.equal(await page.locator('#exam-time-left').innerText(), timeLeftText(seconds));
    await shots.audit(page, 'ada-resumed');
    for (const n of [1, 2, 3]) {
      await page.goto(`${base}${exam(ada.application)}/items/${n}`);
      assert.ok(await page.locator(`input[name="choice"][value="${keys[n - 1]}"]`).isChecked(), `item ${n}`);
      assert.equal(await page.locator('#exam-time-left').innerText(), '1 h 05 min');
    }
    await send(page, page.getByRole('button', { name: 'Save and next' }));
    await page.getByRole('heading', { name: 'Item 4 of 5' }).waitFor();
    await choose(page, keys[3]!);
    await send(page, page.getByRole('button', { name: 'Save and next' }));
    await choose(page, keys[4]!);
    await send(page, page.getByRole('button', { name: 'Save and go to the essays' }));
    await page.getByRole('heading', { name: 'The essays: choose your vignettes' }).waitFor();
    assert.equal(Object.keys(await savedAnswers(await adaRegistration())).length, 5);
  });

  step('Ada chooses 2 of the 3 vignettes, writes her essays and submits', async () => {
    const page = await as('ada', ada.email);
    await shots.audit(page, 'ada-essays');
    const group = page.getByRole('group', { name: 'Choose 2 of the 3 vignettes to answer' });
    await group.getByRole('checkbox', { name: /^Vignette 1\./ }).check();
    await group.getByRole('checkbox', { name: /^Vignette 3\./ }).check();
    assert.equal(await send(page, page.getByRole('button', { name: 'Save my choice and write' })), 200);
    await page.getByRole('heading', { name: 'Vignette 1' }).waitFor();
    // Typed, and saved by the script a moment after typing stops.
    await page.getByLabel('Your essay').fill(essayOne);
    await page.locator('.exam-save-status').getByText('Saved.').waitFor();
    const attempt = await attemptOf(await adaRegistration());
    assert.deepEqual(
      (await essaysOf(t.db.kysely, attempt.id)).map((e) => e.text),
      [essayOne],
    );
    await shots.audit(page, 'ada-essay-1');
    // On a phone the essay is longer than the screen: the time left stays in sight as it scrolls.
    await page.setViewportSize(PHONE);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    assert.ok((await page.evaluate(() => window.scrollY)) > 300, 'the essay page scrolls past the clock');
    const clockBox = (await page.locator('.exam-clock').boundingBox())!;
    assert.ok(clockBox.y >= 0 && clockBox.y + clockBox.height <= PHONE.height, 'the clock is in sight');
    await phoneToo(page, 'ada-essay-1');
    await send(page, page.getByRole('button', { name: 'Save and go to vignette 3' }));
    await page.getByLabel('Your essay').fill(essayTwo);
    await send(page, page.getByRole('button', { name: 'Save and review the exam' }));
    await page.getByRole('heading', { name: 'Submit the exam' }).waitFor();
    assert.match(await mainText(page), /Every multiple-choice item is answered/);
    await shots.audit(page, 'ada-submit');
    at('2030-03-06T14:50:00Z');
    assert.equal(await send(page, page.getByRole('button', { name: 'Submit the exam' })), 200);
    await expectNotice(page, 'Your exam is submitted.');
    await page.getByRole('heading', { name: 'Your exam has been submitted' }).waitFor();
    assert.equal((await attemptOf(await adaRegistration())).submittedHow, 'applicant');
    await shots.audit(page, 'ada-submitted');
  });

  step(
    'Ben answers without JavaScript; his time runs out and the exam is submitted as it stood',
    async () => {
      const page = await as('ben', ben.email, { javaScriptEnabled: false });
      const keys = (await mcItems()).map((i) => i.answerKey!);
      await page.goto(`${base}${exam(ben.application)}`);
      assert.equal(await send(page, page.getByRole('button', { name: 'Start the exam' })), 200);
      await send(page, page.getByRole('link', { name: 'Begin with item 1' }));
      await choose(page, keys[0]!);
      assert.equal(await send(page, page.getByRole('button', { name: 'Save and next' })), 200);
      await page.getByRole('heading', { name: 'Item 2 of 5' }).waitFor();
      assert.deepEqual(await savedAnswers(ben.registrationId), { 1: keys[0] });
      // axe runs as a script, which this browser has not: a screenshot only (Ada's item pages are audited).
      await screenshot(page, 'exam-journey-ben-no-script-item-2');
      // Neither applicant opens the other's exam.
      const other = async (p: Page, url: string) => (await p.goto(`${base}${url}`))!.status();
      for (const url of [
        exam(ada.application),
        `${exam(ada.application)}/result`,
        `${exam(ada.application)}/items/1`,
      ])
        assert.equal(await other(page, url), 404, url);
      const adaPage = await as('ada', ada.email);
      for (const url of [
        exam(ben.application),
        `${exam(ben.application)}/items/1`,
        `${exam(ben.application)}/sittings`,
      ])
        assert.equal(await other(adaPage, url), 404, url);
      assert.equal(await other(adaPage, `/associations/ct-aimh/exam/sittings/${setup.sitting.id}`), 404);
      at('2030-03-06T15:55:00Z'); // he started at 14:50, with 60 minutes
      await page.goto(`${base}${exam(ben.application)}/items/2`);
      await page.getByRole('heading', { name: 'Your exam has been submitted' }).waitFor();
      assert.match(
        await mainText(page),
        /The time ran out and your exam was submitted as it stood at 2030-03-06/,
      );
      const attempt = await attemptOf(ben.registrationId);
      assert.equal(attempt.submittedHow, 'time-out');
      assert.equal(attempt.submittedAt, attempt.endsAt);
      await screenshot(page, 'exam-journey-ben-no-script-timed-out');
      await closeBrowser('ben');
      const again = await as('ben', ben.email);
      await again.goto(`${base}${exam(ben.application)}`);
      assert.match(await mainText(again), /The time ran out and your exam was submitted as it stood/);
      await shots.audit(again, 'ben-timed-out');
      await closeBrowser('ben');
    },
  );

  step('two readers score Ada’s essays blind; they disagree on one and a third reads it', async () => {
    const sam = await as('sam', setup.sam.email);
    await sam.goto(`${base}/associations/ct-aimh/exam/reading`);
    await blind(sam, 'the reading queue');
    await shots.audit(sam, 'sam-queue');
    await openResponse(sam, essayOne, 'Sam');
    await blind(sam, 'the response');
    assert.ok((await mainText(sam)).includes(rubric[0]!), 'the reader sees the rubric');
    await shots.audit(sam, 'sam-response');
    await phoneToo(sam, 'sam-response');
    await score(sam, [6, 4]);
    await openResponse(sam, essayTwo, 'Sam');
    await score(sam, [6, 4]);
    await shots.audit(sam, 'sam-read');

    const raePage = await as('rae', rae.email);
    await openResponse(raePage, essayOne, 'Rae');
    assert.ok(
      !(await mainText(raePage)).includes('Every reader'),
      "Sam's scores are hidden until both are in",
    );
    await blind(raePage, 'the response (second read)');
    await score(raePage, [5, 4]);
    await openResponse(raePage, essayTwo, 'Rae');
    await score(raePage, [2, 3]);
    await blind(raePage, 'the queue after reading');
    await shots.audit(raePage, 'rae-read');
    assert.equal((await attemptOf(await adaRegistration())).status, 'submitted', 'waiting for a third read');

    const tiaPage = await as('tia', tia.email);
    await openResponse(tiaPage, essayTwo, 'Tia');
    assert.match(await mainText(tiaPage), /Your scores: third read \(the first two differ\)/);
    await blind(tiaPage, 'the response (third read)');
    await shots.audit(tiaPage, 'tia-third-read');
    await score(tiaPage, [6, 4]);
    assert.match(await mainText(tiaPage), /Settled at 10 points after a third read/);
    const attempt = await attemptOf(await adaRegistration());
    assert.equal(attempt.status, 'scored');
    assert.equal(attempt.result, 'passed');
    assert.equal((await findApplication(t.db.kysely, ada.application))!.status, 'exam-passed');
  });

  step('Ada reads her result, and her checklist shows the exam met', async () => {
    const page = await as('ada', ada.email);
    await page.goto(`${base}${exam(ada.application)}`);
    await send(page, page.getByRole('link', { name: 'read your result' }));
    const text = await mainText(page);
    assert.match(text, /Passed/);
    assert.match(text, /5 of 5 right \(100%\)/);
    assert.match(text, /Essays 19\.5 points/);
    assert.match(text, /Performance by competency domain/);
    assert.ok(!text.includes('Sample item'), 'the result shows domains, not items');
    await shots.audit(page, 'ada-result');
    await phoneToo(page, 'ada-result');
    await page.goto(`${base}/applications/${ada.application}`);
    const item = await checklistItem(page, 'imhs.exam');
    assert.equal(item.status, 'met');
    await shots.audit(page, 'ada-application');
  });

  step('the exam scorer reads the sitting’s statistics', async () => {
    const page = await as('sam', setup.sam.email);
    await page.goto(`${base}/associations/ct-aimh/exam/sittings/${setup.sitting.id}/statistics`);
    assert.match(await mainText(page), /Sample item 1/);
    await shots.audit(page, 'statistics');
  });

  step('no response the applicants received holds a key or a rubric', async () => {
    await Promise.all(pending);
    const keys = (await mcItems()).map((i) => i.answerKey!);
    const pages = received.filter((r) => r.url.startsWith(base));
    assert.ok(
      pages.some((r) => r.url.includes('/exam/items/')),
      'the item pages were received',
    );
    assert.ok(
      pages.some((r) => r.url.endsWith('/exam/autosave')),
      'the autosave answers were received',
    );
    const forbidden = ['answerKey', 'answer_key', JSON.stringify(keys), keys.join(','), ...rubric];
    for (const r of pages)
      for (const word of forbidden) assert.ok(!r.body.includes(word), `${r.url} holds ${word}`);
    for (const who of ['ada', 'sam', 'rae', 'tia'] as const)
      assert.deepEqual(people[who]?.problems ?? [], [], `${who}'s browser reported problems`);
  });
});
