// The review journey (issue 9) in Debian's chromium against the real server
// on a fresh test database (SQLite, or PostgreSQL with TEST_DATABASE_URL),
// with the real forms. Before the story: Ada's CT-AIMH IMHS portfolio is
// ready to submit (she has not), Cody is CT-AIMH's coordinator, Avery an
// advisor, and Rita (IMHM-C) and Rob (IMHS) reviewers with the endorsements
// recorded on their profiles. Then, all through the pages:
//   1. Cody assigns Avery as advisor; Avery reads the portfolio from My
//      advisees, comments on a section and writes to Ada; Ada reads the
//      comment beside the section, answers in the thread and submits;
//   2. Cody assigns Rita, then Rob, from the suggestions: the second starts
//      the review;
//   3. Rita confirms the automatic checks, marks the clauses and approves; Rob
//      asks for more information (a clause not clear, what is asked, by
//      when). The two disagree, and with two reviewers the coordinator
//      decides: Cody asks for more information with a reason (the path that
//      goes through the reviewers' and the coordinator's forms both);
//   4. Ada reads what is asked (both the reason and Rob's words, no reviewer
//      named), adds a training entry and resubmits; Cody starts the review
//      again; each reviewer sees what changed since their review, and
//      approves: the reviews agree, the application is approved;
//   5. Ada reads the decision letter, on its page and in the e-mail.
// Every page is checked with axe-core and saved under
// test-output/screenshots/review-journey-NN-*.png; the review form, the
// staff's application page, the applicant's application page and the
// decision letter at phone width (390 px) too, where nothing may scroll
// sideways.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Page } from 'playwright-core';
import { findApplication } from '../../src/db/repositories/applications.ts';
import {
  audited,
  type ChromiumUser,
  chromiumMissing,
  openChromium,
  screenshotDir,
} from '../helpers/chromium.ts';
import { type Browser, pageText, type TestApp } from '../helpers/http.ts';
import {
  expectNotice,
  fitsTheWidth,
  header,
  journeySteps,
  mailTo,
  numberedAudits,
  send,
  serveApp,
  signIn,
} from '../helpers/journey.ts';
import { type Reviewer, reviewer } from '../helpers/review.ts';
import { ctCoordinator, readyApplication } from '../helpers/submitted-application.ts';

let t: TestApp;
let base: string;
let imhs: string;
let cody: Browser; // the coordinator's HTTP session, for the fixtures only
const people: Record<'cody' | 'avery' | 'ada' | 'rita' | 'rob', ChromiumUser | undefined> = {
  cody: undefined,
  avery: undefined,
  ada: undefined,
  rita: undefined,
  rob: undefined,
};
let rita: Reviewer;
let rob: Reviewer;
const numbered = numberedAudits('review-journey');
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
const comment = 'Add the certificates of your trainings, and say which topics each covered.';
const question = 'Avery, is the 2023 training enough for the RSC part?';
const answer = 'Yes: what counts is the 52 hours of RSC you logged with Dana.';
const robAsks = 'Please send the log of your reflective supervision, signed by your provider.';
const codyReason = 'Add a training on infant mental health from the last two years, with its certificate.';
const dueOn = '2030-03-01';
const reviewerNames = () => [rita.name, rita.email, rob.name, rob.email];

const staffPath = () => `/associations/ct-aimh/applications/${imhs}`;
const stateOf = async () => (await findApplication(t.db.kysely, imhs))!.status;
const mainText = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

/** The person's chromium, signed in (opened the first time it is asked for). */
async function as(who: keyof typeof people, email: string): Promise<Page> {
  let user = people[who];
  if (!user) {
    user = people[who] = await openChromium();
    await signIn(user.page, base, email);
  }
  return user.page;
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

/** No reviewer's name or e-mail address is in `text`. */
function namesNoReviewer(text: string, where: string): void {
  for (const n of reviewerNames()) assert.ok(!text.includes(n), `${where} shows ${n}`);
}

/** The review form: every automatic check confirmed, every clause met but those given, the recommendation. */
async function fillReview(
  page: Page,
  fill: { recommendation: string; notClear?: { comment: string }; toApplicant?: string; dueOn?: string },
): Promise<void> {
  const form = page.getByRole('form', { name: 'Your review' });
  const confirms = await form.getByRole('radio', { name: 'I confirm the automatic check' }).all();
  assert.ok(confirms.length >= 5, `the form confirms each requirement (${confirms.length})`);
  for (const r of confirms) await r.check();
  const clauses = form.locator('section[aria-labelledby="clauses-title"] fieldset');
  const count = await clauses.count();
  assert.ok(count >= 1, 'the clauses the automatic check cannot judge');
  for (let i = 0; i < count; i++) {
    const clause = clauses.nth(i);
    if (i === 0 && fill.notClear) {
      await clause.getByRole('radio', { name: 'Not clear', exact: true }).check();
      await form.locator(`textarea[name="clause.${i}.comment"]`).fill(fill.notClear.comment);
    } else await clause.getByRole('radio', { name: 'Met', exact: true }).check();
  }
  await form.getByRole('radio', { name: fill.recommendation, exact: true }).check();
  if (fill.toApplicant) await form.getByLabel('For the applicant').fill(fill.toApplicant);
  if (fill.dueOn)
    await form.getByLabel('A response is due on (when asking for more information)').fill(fill.dueOn);
}

before(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  ({ t, base } = await serveApp());
  ({ imhs } = await readyApplication(t));
  ({ cody } = await ctCoordinator(t));
  const advisor = t.browser();
  await advisor.signUp({ name: 'Avery Advisor', email: 'avery@example.org' });
  const role = await cody.submit('/associations/ct-aimh/people', '/associations/ct-aimh/people', {
    email: 'avery@example.org',
    roles: ['advisor'],
  });
  assert.equal(role.statusCode, 303);
  rita = await reviewer(t, 'ct-aimh', 'Rita Mentor', 'rita@example.org');
  rob = await reviewer(t, 'ct-aimh', 'Rob Specialist', 'rob@example.org');
  for (const [r, credential] of [
    [rita, 'IMHM-C'],
    [rob, 'IMHS'],
  ] as const) {
    const recorded = await cody.submit('/associations/ct-aimh/reviewers', '/associations/ct-aimh/reviewers', {
      person: r.id,
      credential,
      evidence: `CT-AIMH endorsement of ${r.name}, checked in the registry`,
    });
    assert.equal(recorded.statusCode, 303, pageText(recorded.body).slice(0, 400));
  }
});

after(async () => {
  for (const user of Object.values(people)) await user?.close().catch(() => {});
  await t?.close();
  const mine = audited.filter((a) => a.name.startsWith('review-journey-'));
  if (mine.length)
    console.log(`axe checked ${mine.length} pages of the review journey; screenshots in ${screenshotDir}`);
});

describe('journey: advice, submission, two reviews, a request for more information, approval', () => {
  step('the coordinator assigns the advisor on the staff application page', async () => {
    const page = await as('cody', 'cody@example.org');
    await page.goto(`${base}/associations/ct-aimh/applications`);
    await send(page, page.getByRole('link', { name: /^Draft: / }));
    await shots.audit(page, 'queue-drafts');
    await send(page, page.getByRole('link', { name: /Ada Applicant/ }));
    await page.waitForURL(`${base}${staffPath()}`);
    await page.getByText('No advisor is assigned.').waitFor();
    await page.getByText('No decision has been taken yet.').waitFor();
    await shots.audit(page, 'staff-draft');
    const form = page.getByRole('form', { name: 'Assign an advisor' });
    await form.getByLabel('Advisor').selectOption({ label: 'Avery Advisor (avery@example.org)' });
    assert.equal(await send(page, form.getByRole('button', { name: 'Assign the advisor' })), 200);
    await expectNotice(
      page,
      'Avery Advisor is now the endorsement advisor. They and the applicant have been e-mailed.',
    );
    await shots.audit(page, 'staff-advisor-assigned');
  });

  step('the advisor reads the portfolio from My advisees, comments on a section and writes', async () => {
    const page = await as('avery', 'avery@example.org');
    await send(page, page.getByRole('link', { name: 'My advisees' }));
    const row = page.getByRole('row').filter({ hasText: 'Ada Applicant' });
    assert.match((await row.innerText()).replace(/\s+/g, ' '), /IMHS .*Draft/);
    await shots.audit(page, 'advisees');
    await send(page, row.getByRole('link', { name: 'portfolio' }));
    await page.getByRole('heading', { level: 1, name: 'Portfolio of Ada Applicant' }).waitFor();
    assert.match(await mainText(page), /Attachment and loss/);
    await shots.audit(page, 'advisor-portfolio');
    const form = page.getByRole('form', { name: 'Comment on the portfolio' });
    await form.getByLabel('About').selectOption({ label: 'In-service training (the section)' });
    await form.getByLabel('Your comment').fill(comment);
    assert.equal(await send(page, form.getByRole('button', { name: 'Post the comment' })), 200);
    assert.match(await mainText(page), /The advisor's comments \(1\)/);
    assert.ok((await mainText(page)).includes(comment));
    await shots.audit(page, 'advisor-commented');

    await page.goto(`${base}/advising`);
    await send(
      page,
      page.getByRole('row').filter({ hasText: 'Ada Applicant' }).getByRole('link', { name: 'messages' }),
    );
    await page.getByText('No messages yet.').waitFor();
    await shots.audit(page, 'advisor-thread-empty');
    const write = page.getByRole('form', { name: 'Write a message' });
    await write
      .getByLabel('Write to Ada Applicant')
      .fill('Welcome, Ada. Ask me anything about your portfolio.');
    assert.equal(await send(page, write.getByRole('button', { name: 'Send the message' })), 200);
    await page.getByText('Welcome, Ada.').waitFor();
    await shots.audit(page, 'advisor-thread');
    await people.avery!.close();
    people.avery = undefined;
    const mail = (await mailTo(t, 'ada@example.org')).filter((m) =>
      /Avery Advisor commented on your portfolio/.test(header(m, 'Subject') ?? ''),
    );
    assert.equal(mail.length, 1, 'Ada is e-mailed the comment');
  });

  step('the applicant reads the comment beside the section, answers in the thread, and submits', async () => {
    const page = await as('ada', 'ada@example.org');
    await page.goto(`${base}/applications/${imhs}`);
    const advising = page.getByRole('region', { name: 'Endorsement advisor' });
    assert.match(await advising.innerText(), /Avery Advisor is your endorsement advisor/);
    assert.ok((await advising.innerText()).includes(comment));
    await shots.audit(page, 'applicant-advised');
    await send(page, advising.getByRole('link', { name: 'In-service training' }));
    await page.waitForURL(`${base}/portfolio/training?application=${imhs}`);
    const beside = page.getByRole('region', { name: "Your advisor's comments on this section (1)" });
    assert.ok((await beside.innerText()).includes(comment));
    await shots.audit(page, 'applicant-section-comment');

    await page.goto(`${base}/applications/${imhs}`);
    await send(page, page.getByRole('link', { name: 'Messages (1)' }));
    const write = page.getByRole('form', { name: 'Write a message' });
    await write.getByLabel('Write to Avery Advisor').fill(question);
    assert.equal(await send(page, write.getByRole('button', { name: 'Send the message' })), 200);
    assert.match(await mainText(page), /Welcome, Ada\..*Avery, is the 2023 training enough/);
    await shots.audit(page, 'applicant-thread');
    assert.ok(
      (await mailTo(t, 'avery@example.org')).some((m) => m.includes(question)),
      'Avery is e-mailed the answer',
    );

    await page.goto(`${base}/applications/${imhs}`);
    await send(page, page.getByRole('link', { name: 'Submit this application' }));
    await page.getByText('Ready to submit.').waitFor();
    await shots.audit(page, 'applicant-ready-to-submit');
    assert.equal(await send(page, page.getByRole('button', { name: 'Submit application' })), 200);
    await page
      .getByText(/Submitted on /)
      .first()
      .waitFor();
    await shots.audit(page, 'applicant-submitted');
    assert.equal(await stateOf(), 'submitted');
  });

  step('the advisor answers, and the coordinator reads the thread on the staff page', async () => {
    const page = await as('avery', 'avery@example.org');
    await page.goto(`${base}/applications/${imhs}/messages`);
    const write = page.getByRole('form', { name: 'Write a message' });
    await write.getByLabel('Write to Ada Applicant').fill(answer);
    assert.equal(await send(page, write.getByRole('button', { name: 'Send the message' })), 200);
    await people.avery!.close();
    people.avery = undefined;
    const staff = await as('cody', 'cody@example.org');
    await staff.goto(`${base}${staffPath()}`);
    const text = await mainText(staff);
    assert.match(text, /Messages between the applicant and the advisor \(3\)/);
    assert.ok(text.includes(answer) && text.includes(comment));
  });

  step(
    'the coordinator assigns two reviewers from the suggestions; the second starts the review',
    async () => {
      const page = await as('cody', 'cody@example.org');
      await page.goto(`${base}${staffPath()}`);
      const suggest = page.getByRole('form', { name: 'Assign reviewers' });
      const group = suggest.getByRole('group', {
        name: 'Suggested reviewers, least loaded first: choose one or two',
      });
      await group.getByRole('checkbox', { name: /^Rita Mentor: 0 reviews on hand, holds IMHM-C/ }).check();
      await shots.audit(page, 'staff-suggestions');
      assert.equal(await send(page, suggest.getByRole('button', { name: 'Assign' })), 200);
      await expectNotice(page, /^Rita Mentor assigned, review due \d{4}-\d\d-\d\d\.$/);
      assert.equal(await stateOf(), 'submitted', 'one reviewer: waiting for the second');
      await shots.audit(page, 'reviewers-one');
      const again = page.getByRole('form', { name: 'Assign reviewers' });
      await again.getByRole('checkbox', { name: /^Rob Specialist: 0 reviews on hand, holds IMHS/ }).check();
      assert.equal(await send(page, again.getByRole('button', { name: 'Assign' })), 200);
      await expectNotice(page, /^Rob Specialist assigned, review due .*\. The application is in review\.$/);
      assert.equal(await stateOf(), 'in-review');
      await shots.audit(page, 'reviewers-two');
    },
  );

  step('reviewer 1 confirms the checks beside the snapshot, marks the clauses and approves', async () => {
    const page = await as('rita', rita.email);
    await send(page, page.getByRole('link', { name: 'My reviews' }));
    const row = page.getByRole('row').filter({ hasText: 'Ada Applicant' });
    assert.match(await row.innerText(), /Infant Mental Health Specialist \(IMHS\)/);
    await shots.audit(page, 'rita-my-reviews');
    await send(page, row.getByRole('link', { name: 'Ada Applicant' }));
    await page.waitForURL(`${base}/reviews/${imhs}`);
    const text = await mainText(page);
    assert.match(text, /auto-checked: 33 of 30 hours, met/);
    assert.match(text, /auto-checked: 52 of \d+ [^,]*hours[^,]*, met/);
    assert.match(text, /rsc-provider@example\.org/);
    assert.match(text, /The portfolio as submitted \(round 1\)/);
    await shots.audit(page, 'rita-review-form');
    await page.setViewportSize(PHONE);
    const save = (await page.getByRole('button', { name: 'Save the draft' }).boundingBox())!;
    const submit = (await page.getByRole('button', { name: 'Submit the review' }).boundingBox())!;
    assert.ok(
      submit.y >= save.y + save.height + 4 || submit.x >= save.x + save.width + 4,
      'the two buttons do not touch',
    );
    await phoneToo(page, 'rita-review-form');
    await fillReview(page, { recommendation: 'Approve' });
    assert.equal(await send(page, page.getByRole('button', { name: 'Submit the review' })), 200);
    await expectNotice(page, 'Your review is submitted.');
    await page.getByRole('heading', { name: 'Your review, as submitted' }).waitFor();
    await shots.audit(page, 'rita-review-submitted');
  });

  step('reviewer 2 asks for more information: a clause not clear, what is asked, by when', async () => {
    const page = await as('rob', rob.email);
    await page.goto(`${base}/reviews`);
    await send(
      page,
      page.getByRole('row').filter({ hasText: 'Ada Applicant' }).getByRole('link', { name: 'Ada Applicant' }),
    );
    assert.ok(!(await mainText(page)).includes(rita.name), "Rita's review is hidden until both are in");
    await fillReview(page, {
      recommendation: 'Ask the applicant for more information',
      notClear: { comment: 'The portfolio does not show the RSC log.' },
      toApplicant: robAsks,
      dueOn,
    });
    await shots.audit(page, 'rob-review-filled');
    assert.equal(await send(page, page.getByRole('button', { name: 'Submit the review' })), 200);
    await expectNotice(page, 'Your review is submitted. The reviews disagree: the coordinator will decide.');
    assert.match(await mainText(page), /Review by Rita Mentor/);
    await shots.audit(page, 'rob-review-submitted');
    assert.equal(await stateOf(), 'in-review');
  });

  step('the reviews disagree: the coordinator asks for more information, with a reason', async () => {
    const page = await as('cody', 'cody@example.org');
    await page.goto(`${base}${staffPath()}`);
    const text = await mainText(page);
    assert.match(text, /Round 1: review by Rita Mentor \(submitted\)/);
    assert.match(text, /Round 1: review by Rob Specialist \(submitted\)/);
    // A finding names what it is about, in words.
    assert.match(
      text,
      /Not clear: Applicant will submit a professional portfolio [^—]* — The portfolio does not show the RSC log\./,
    );
    await shots.audit(page, 'staff-disagreement');
    await phoneToo(page, 'staff-disagreement');
    const decide = page.getByRole('form', { name: 'Decide' });
    await decide.getByRole('radio', { name: 'Ask for more information', exact: true }).check();
    await decide.getByLabel('Reason').fill(codyReason);
    await decide.getByLabel('A response is due on (when asking for more information)').fill(dueOn);
    assert.equal(await send(page, decide.getByRole('button', { name: 'Record the decision' })), 200);
    await expectNotice(page, 'Done: the application is now more information requested.');
    assert.equal(await stateOf(), 'more-information-requested');
    await shots.audit(page, 'staff-information-requested');
  });

  step('the applicant reads what is asked, without reviewer names, amends and resubmits', async () => {
    const page = await as('ada', 'ada@example.org');
    await page.goto(`${base}/applications/${imhs}`);
    const request = page.getByRole('note').filter({ hasText: 'More information is requested' });
    const asked = await request.innerText();
    assert.ok(asked.includes(codyReason), 'the coordinator’s reason');
    assert.ok(asked.includes(robAsks), 'the reviewer’s words');
    assert.match(asked, new RegExp(`Please answer by ${dueOn}`));
    assert.match(await mainText(page), /Status more information requested Started/);
    namesNoReviewer(await page.content(), 'the applicant’s application page');
    await shots.audit(page, 'applicant-asked');
    await phoneToo(page, 'applicant-asked');

    await page.goto(`${base}/portfolio/training?application=${imhs}`);
    const add = page.getByRole('form', { name: 'Add training' });
    await add.getByLabel('Title of the training').fill('Infant mental health update');
    await add.getByLabel('Date', { exact: true }).fill('2025-05-20');
    await add.getByLabel('Hours', { exact: true }).fill('6');
    await add
      .getByRole('group', { name: 'Topics (choose all that apply)' })
      .getByRole('checkbox', { name: 'IMH: specific to infant mental health' })
      .check();
    assert.equal(await send(page, add.getByRole('button', { name: 'Add training' })), 200);
    await expectNotice(page, 'Training added.');
    await shots.audit(page, 'applicant-training-added');

    await page.goto(`${base}/applications/${imhs}`);
    const resubmit = page.getByRole('form', { name: 'Resubmit' });
    assert.equal(
      await send(page, resubmit.getByRole('button', { name: 'Resubmit my amended portfolio' })),
      200,
    );
    await expectNotice(
      page,
      'Your amended portfolio has been resubmitted. The association will send it back to the reviewers.',
    );
    await shots.audit(page, 'applicant-resubmitted');
    assert.equal(await stateOf(), 'resubmitted');
  });

  step('the coordinator starts the review again', async () => {
    const page = await as('cody', 'cody@example.org');
    await page.goto(`${base}${staffPath()}`);
    const start = page.getByRole('form', { name: 'Start the review' });
    assert.match(await start.innerText(), /2 active reviewers/);
    assert.equal(await send(page, start.getByRole('button', { name: 'Start the review' })), 200);
    await expectNotice(page, 'Done: the application is now in review.');
    await shots.audit(page, 'staff-round-two');
  });

  step(
    'each reviewer sees what changed since their review, and approves: the application is approved',
    async () => {
      for (const [who, r] of [
        ['rita', rita],
        ['rob', rob],
      ] as const) {
        const page = await as(who, r.email);
        await page.goto(`${base}/reviews/${imhs}`);
        const changes = page.getByRole('region', { name: 'What changed since your review of round 1' });
        assert.match((await changes.innerText()).replace(/\s+/g, ' '), /Infant mental health update — 6 h/);
        assert.match(await mainText(page), /Your review Not started/);
        await shots.audit(page, `${who}-round-two`);
        if (who === 'rob') await phoneToo(page, `${who}-round-two`);
        await fillReview(page, { recommendation: 'Approve' });
        assert.equal(await send(page, page.getByRole('button', { name: 'Submit the review' })), 200);
        await expectNotice(
          page,
          who === 'rita'
            ? 'Your review is submitted.'
            : 'Your review is submitted. The reviews agree, so the application has been decided.',
        );
        await shots.audit(page, `${who}-approved`);
      }
      assert.equal(await stateOf(), 'approved');
      const page = await as('cody', 'cody@example.org');
      await page.goto(`${base}${staffPath()}`);
      await shots.audit(page, 'staff-approved');
    },
  );

  step('the applicant reads the decision letter, on its page and in the e-mail', async () => {
    const page = await as('ada', 'ada@example.org');
    await page.goto(`${base}/applications/${imhs}`);
    await shots.audit(page, 'applicant-approved');
    await phoneToo(page, 'applicant-approved');
    await send(page, page.getByRole('link', { name: 'Read the decision letter' }));
    await page.waitForURL(`${base}/applications/${imhs}/decision`);
    const letter = await mainText(page);
    assert.match(
      letter,
      /Decision on your IMHS application to Connecticut Association for Infant Mental Health/,
    );
    assert.match(letter, /Outcome Approved/);
    assert.match(letter, /What happens next/);
    assert.ok(!letter.includes(robAsks) && !letter.includes(codyReason), 'an approval gives no reasons');
    namesNoReviewer(await page.content(), 'the decision letter');
    await shots.audit(page, 'decision-letter');
    await phoneToo(page, 'decision-letter');

    const toAda = await mailTo(t, 'ada@example.org');
    const letters = toAda.filter((m) =>
      (header(m, 'Subject') ?? '').startsWith('Decision on your IMHS application'),
    );
    assert.equal(
      letters.length,
      2,
      `the request and the approval, among: ${toAda.map((m) => header(m, 'Subject')).join(' | ')}`,
    );
    const [request, approval] = letters as [string, string];
    assert.match(header(request, 'Subject')!, /: more information requested$/);
    for (const words of [codyReason, robAsks, `Please answer by ${dueOn}.`])
      assert.ok(request.includes(words), `the request says ${words}`);
    assert.match(header(approval, 'Subject')!, /: approved$/);
    assert.match(approval, /What happens next: /);
    for (const m of letters) namesNoReviewer(m, 'a decision e-mail');
    const link = new RegExp(`${base.replace(/[.]/g, '\\.')}(/applications/${imhs}/decision)`).exec(
      approval,
    )?.[1];
    assert.ok(link, 'the e-mail links to the letter');
    await page.goto(`${base}${link}`);
    await page.getByText('Outcome').first().waitFor();
  });
});
