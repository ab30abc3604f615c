// The applicant's journey (issue 4) in Debian's chromium against the real
// server on a fresh test database (SQLite, or PostgreSQL with
// TEST_DATABASE_URL):
//
// 1. Nina signs up through the page, does the self-study for MI-AIMH, starts
//    an MI-AIMH IMHS application from its result, fills every portfolio
//    section through the forms (a degree with a real PDF transcript, work,
//    training with topics and competency domains, RSC, leadership, two
//    memberships (one with a JPEG proof), an endorsement she holds), signs both
//    agreements by typed name, and invites three raters who fill the three
//    reference slots (one of them endorsed, for the endorsed-rater rule). Each
//    rater opens the link of their .eml in a browser of their own (no cookies),
//    and sends the rating. The checklist shows every requirement met but the
//    exam, and she submits: confirmation page and .eml. MI-AIMH has no fee
//    schedule, so she also applies to CT-AIMH for IMHS (the same portfolio:
//    entered once), whose references are seeded through the HTTP helpers, and
//    submits it: the fees of CT-AIMH's schedule on the page and in the .eml.
// 2. A text file named transcript.pdf is refused with a clear message, and
//    nothing saved is lost.
// 3. An expired rater link says so.
// 4. Another applicant cannot open Nina's pages or her uploaded file.
// 5. Every page visited is checked with axe-core (no serious or critical
//    violations) and saved under test-output/screenshots/applicant-journey-NN-*.png.
//
// The steps build on each other and run in order. Needs chromium at
// /usr/bin/chromium (scripts/ensure-chromium.sh installs it).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { applicationsOfPerson } from '../../src/db/repositories/applications.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { ratingDomains } from '../../src/services/references.ts';
import {
  audited,
  type ChromiumUser,
  chromiumMissing,
  openChromium,
  screenshotDir,
  signUpThroughPages,
} from '../helpers/chromium.ts';
import { minimalJpeg, minimalPdf, textNamedPdf } from '../helpers/files.ts';
import { type Browser, type Form, PASSWORD, pageText, type TestApp } from '../helpers/http.ts';
import {
  checklistItem,
  checklistStatuses,
  header,
  mailTo,
  numberedAudits,
  raterLink,
  readChecklist,
  serveApp,
} from '../helpers/journey.ts';

let t: TestApp;
let base: string;
const shots = numberedAudits('applicant-journey');
const users: ChromiumUser[] = [];
let nina: ChromiumUser; // the applicant
let bob: ChromiumUser; // another applicant

const NINA = { name: 'Nina Newapplicant', email: 'nina@example.org' };
const BOB = { name: 'Bob Otherapplicant', email: 'bob@example.org' };
const MI = 'Michigan Association for Infant Mental Health (MI-AIMH)';
const CT = 'Connecticut Association for Infant Mental Health (CT-AIMH)';

/** The three raters of the MI-AIMH application: one per reference slot; only Rita, who rates last, is endorsed. */
const RATERS = [
  {
    name: 'Paula Program',
    email: 'paula@example.org',
    relationship: 'Program supervisor',
    endorsements: [] as string[],
    role: 'I am her program supervisor at Family Center.',
  },
  {
    name: 'Colin Colleague',
    email: 'colin@example.org',
    relationship: 'Colleague',
    endorsements: [] as string[],
    role: 'We work on the same home-visiting team.',
  },
  {
    name: 'Rita Reflective',
    email: 'rita@example.org',
    relationship: 'Person providing your reflective supervision/consultation (RSC)',
    endorsements: ['IMHM-C'],
    role: 'I have been her reflective supervisor since 2024.',
  },
] as const;
const SECRET_COMMENT = 'Nina is a remarkably attuned clinician (rater-only comment).';

let miApp: string; // Nina's MI-AIMH IMHS application
let ctApp: string; // Nina's CT-AIMH IMHS application
let bobApp: string;
let transcriptHref: string; // /portfolio/files/<id> of Nina's transcript
let degreeEditHref: string; // /portfolio/education/<entry id>

/** Opens a path of the server; returns the HTTP status (no redirect allowed). */
async function open(page: Page, path: string): Promise<number> {
  const response = await page.goto(`${base}${path}`);
  assert.ok(response, `no response for ${path}`);
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, path, `${path} redirected`);
  return response.status();
}

/** Waits for the page's notice (role status) and checks its words. */
async function expectNotice(page: Page, text: string | RegExp): Promise<void> {
  const box = page.locator('.notice[role="status"]').filter({ hasText: text });
  await box.waitFor();
  const said = (await box.innerText()).trim();
  if (typeof text === 'string') assert.equal(said, text);
  else assert.match(said, text);
}
/** The entries of the section page, one line each (the first cell of each row). */
const entryLines = (page: Page) => page.locator('table.entries tbody tr > td:first-child').allInnerTexts();
/** The section page lists an entry whose line is `line` (a string: exactly; a RegExp: matching). */
async function expectEntry(page: Page, line: string | RegExp): Promise<void> {
  const lines = await entryLines(page);
  assert.ok(
    lines.some((l) => (typeof line === 'string' ? l.trim() === line : line.test(l))),
    `${page.url()} lists ${String(line)}; it lists:\n${lines.join('\n')}`,
  );
}
/** Waits for the page's level-1 heading `name`. */
const expectH1 = (page: Page, name: string) =>
  page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
const mainText = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

/** Clicks a form's submit button; returns the status of the page it leads to (after post/redirect/get). */
async function send(page: Page, button: Locator): Promise<number> {
  const [response] = await Promise.all([page.waitForNavigation(), button.click()]);
  assert.ok(response, `no page after ${page.url()}`);
  return response.status();
}

/**
 * Follows a link with the keyboard (focus, Enter), as a keyboard user does.
 * (Playwright aims a mouse click at the link's first box; where a link starts
 * with visually hidden words, that is their 1×1 px box just above the visible
 * text, and the click lands on the table cell instead. People click the text.)
 */
async function follow(link: Locator): Promise<void> {
  await link.focus();
  await link.press('Enter');
}

/** The steps of a journey build on each other: after one fails, the next ones fail at once, naming it. */
let brokenStep: string | undefined;
function step(name: string, fn: () => Promise<void>): void {
  test(name, async () => {
    if (brokenStep) throw new Error(`not run: the earlier step "${brokenStep}" failed`);
    try {
      await fn();
    } catch (e) {
      brokenStep = name;
      throw e;
    }
  });
}

/** Fills a portfolio section's "add" form (its aria-label is the button's text) and sends it. */
async function addEntry(page: Page, label: string, fill: (form: Locator) => Promise<void>): Promise<number> {
  const form = page.getByRole('form', { name: label });
  await fill(form);
  return send(page, form.getByRole('button', { name: label }));
}

before(async () => {
  // Fails (never skips) when chromium is missing, saying how to install it.
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  ({ t, base } = await serveApp());
  nina = await openChromium();
  users.push(nina);
});

after(async () => {
  for (const u of users) await u.close().catch(() => {});
  await t?.close();
  const mine = audited.filter((a) => a.name.startsWith('applicant-journey-'));
  if (mine.length) {
    const lesser = mine.flatMap((a) => a.findings.map((f) => `${a.name}: ${f.impact} ${f.id}`));
    console.log(
      `axe checked ${mine.length} pages of the applicant's journey; screenshots in ${screenshotDir}` +
        (lesser.length ? `; lesser findings: ${lesser.join(', ')}` : '; no findings'),
    );
  }
});

describe("1. the applicant's journey, from sign-up to a submitted application", () => {
  step('a new applicant signs up through the page', async () => {
    const { page } = nina;
    assert.equal(await open(page, '/'), 200);
    await shots.audit(page, 'home-visitor');
    await follow(page.getByRole('banner').getByRole('link', { name: 'Create an account' }));
    await page.waitForURL(`${base}/sign-up`);
    await shots.audit(page, 'sign-up');

    // The link in the e-mail confirms the address; then she chooses a password.
    await signUpThroughPages(
      page,
      base,
      () => t.mail(),
      { ...NINA, password: PASSWORD },
      (name) => shots.audit(page, name),
    );
    await page.getByText(`Welcome, ${NINA.name}`).waitFor();
    await shots.audit(page, 'home-signed-up');
  });

  step(
    'the self-study for MI-AIMH says which credentials fit; she starts an IMHS application from it',
    async () => {
      const { page } = nina;
      await follow(page.getByRole('main').getByRole('link', { name: 'Self-study' }));
      await page.waitForURL(`${base}/self-study`);
      await shots.audit(page, 'self-study');

      const form = page.getByRole('form', { name: 'Self-study questions' });
      await form.getByRole('checkbox', { name: MI }).check();
      await form.getByLabel('Your highest degree').selectOption({ label: "Master's degree" });
      await form.getByLabel('The year it was conferred').fill('2015');
      await form.getByLabel('Years of work in the infant, early childhood and family field').fill('10');
      await form.getByLabel(/^Of those, years of relationship-based infant mental health work/).fill('10');
      await form.getByLabel('Training hours in all').fill('32');
      await form.getByLabel('Of those, hours specific to infant mental health (IMH)').fill('24');
      await form.getByLabel('Of those, hours on diversity, equity and inclusion (DEI)').fill('8');
      await form.getByLabel('RSC hours received').fill('60');
      await form.getByLabel('Over how many months (up to now)').fill('18');
      await form.getByLabel("Your RSC provider's endorsement").selectOption({ label: 'Endorsed as IMHM-C' });
      await form.getByRole('radio', { name: 'Yes, of the association(s) I chose above' }).check();
      assert.equal(await send(page, form.getByRole('button', { name: 'See which credentials fit' })), 200);

      const results = page.getByRole('region', { name: 'Which credentials fit' });
      await results.waitFor();
      const mi = results.getByRole('region', { name: MI, exact: true });
      const imhs = mi.getByRole('listitem').filter({
        has: page.getByRole('heading', { name: 'Infant Mental Health Specialist (IMHS, Level 3)' }),
      });
      assert.match(await imhs.innerText(), /Fits\. Everything you can show now is met\./);
      // A credential this background does not reach says what is missing, in words.
      const mentor = mi
        .getByRole('listitem')
        .filter({ has: page.getByRole('heading', { name: /\(IMHM-C, Level 4\)/ }) });
      assert.match(await mentor.innerText(), /Not yet\.[\s\S]*Missing: /);
      await shots.audit(page, 'self-study-results');

      // Starting lands on the new application.
      await imhs.getByRole('button', { name: `Start an application for IMHS with ${MI}` }).click();
      await page.waitForURL(/\/applications\/[^/]+$/);
      await expectNotice(page, 'Your IMHS application has been started.');
      miApp = new URL(page.url()).pathname.split('/').pop()!;
      await expectH1(page, `IMHS application with ${MI}`);
      const statuses = await checklistStatuses(page);
      assert.deepEqual(Object.keys(statuses).sort(), [
        'imhs.agreements',
        'imhs.education',
        'imhs.exam',
        'imhs.membership',
        'imhs.references',
        'imhs.rsc.hours',
        'imhs.training.hours',
        'imhs.work.specialized',
      ]);
      assert.ok(
        Object.values(statuses).every((s) => s === 'unmet'),
        'nothing is met before the portfolio is filled',
      );
      await shots.audit(page, 'application-checklist-empty');
    },
  );

  step(
    'education: a degree with a real PDF transcript; the checklist turns the education requirement met',
    async () => {
      const { page } = nina;
      await follow(page.getByRole('link', { name: /^Add or change your degrees/ }));
      await page.waitForURL(`${base}/portfolio/education?application=${miApp}`);
      await shots.audit(page, 'education-empty');
      assert.equal((await checklistItem(page, 'imhs.education')).status, 'unmet');

      const status = await addEntry(page, 'Add a degree', async (form) => {
        await form.getByLabel('Level', { exact: true }).selectOption({ label: "master's degree" });
        await form.getByLabel('Title of the degree (optional)').fill('MSW');
        await form.getByLabel('Field of study (optional)').fill('Social Work');
        await form.getByLabel('Institution (optional)').fill('Wayne State University');
        await form.getByLabel('Date conferred').fill('2015-05-15');
        await form.getByLabel('Kind of transcript').selectOption({ label: 'Official transcript' });
        await form
          .getByLabel('Transcript file (optional)')
          .setInputFiles({ name: 'transcript.pdf', mimeType: 'application/pdf', buffer: minimalPdf() });
      });
      assert.equal(status, 200);
      assert.equal(page.url(), `${base}/portfolio/education?application=${miApp}`);
      await expectNotice(page, 'Degree added.');
      const row = page.getByRole('table').getByRole('row').filter({ hasText: 'Wayne State University' });
      assert.match(
        await row.innerText(),
        /master's degree — MSW, Social Work, Wayne State University, conferred 2015-05-15; transcript: official/,
      );
      const file = row.getByRole('link', { name: /transcript\.pdf/ });
      transcriptHref = (await file.getAttribute('href'))!;
      assert.match(transcriptHref, /^\/portfolio\/files\/[^/]+$/);
      degreeEditHref = new URL((await row.getByRole('link', { name: /^Edit/ }).getAttribute('href'))!, base)
        .pathname;
      // The file is kept as sent, and its owner can download it.
      const download = await page.request.get(`${base}${transcriptHref}`);
      assert.equal(download.status(), 200);
      assert.equal(download.headers()['content-type'], 'application/pdf');
      assert.deepEqual(await download.body(), minimalPdf());

      const education = await checklistItem(page, 'imhs.education');
      assert.equal(education.status, 'met', education.summary);
      await shots.audit(page, 'education-degree-added');
    },
  );

  step(
    'work, training (topics and competency domains), RSC: each turns its requirement met when saved',
    async () => {
      const { page } = nina;
      await follow(page.getByRole('link', { name: /^Add or change your specialized work/ }));
      await page.waitForURL(`${base}/portfolio/work?application=${miApp}`);
      assert.equal((await checklistItem(page, 'imhs.work.specialized')).status, 'unmet');
      await shots.audit(page, 'work-empty');
      assert.equal(
        await addEntry(page, 'Add work', async (form) => {
          await form.getByLabel('Job title').fill('Infant mental health home visitor');
          await form.getByLabel('Employer (optional)').fill('Family Center');
          await form.getByLabel('Start date', { exact: true }).fill('2015-09-01');
          await form.getByLabel('Full-time equivalent').fill('1');
          await form.getByRole('checkbox', { name: 'Paid work' }).check();
          await form.getByRole('checkbox', { name: 'Supervised work' }).check();
          const kinds = form.getByRole('group', { name: 'Kinds of work (choose all that apply)' });
          await kinds
            .getByRole('checkbox', { name: 'work in the infant, early childhood and family field' })
            .check();
          await kinds
            .getByRole('checkbox', { name: /^relationship-focused infant mental health work/ })
            .check();
          const supervisor = form.getByRole('group', { name: "Your supervisor's endorsements (if any)" });
          await supervisor.getByRole('checkbox', { name: 'IMHM-C', exact: true }).check();
        }),
        200,
      );
      await expectNotice(page, 'Work entry added.');
      await expectEntry(page, /Infant mental health home visitor at Family Center, 2015-09-01 to ongoing/);
      const work = await checklistItem(page, 'imhs.work.specialized');
      assert.equal(work.status, 'met', work.summary);
      await shots.audit(page, 'work-added');

      await follow(page.getByRole('link', { name: /^Add or change your in-service training/ }));
      await page.waitForURL(`${base}/portfolio/training?application=${miApp}`);
      assert.equal((await checklistItem(page, 'imhs.training.hours')).status, 'unmet');
      await shots.audit(page, 'training-empty');
      assert.equal(
        await addEntry(page, 'Add training', async (form) => {
          await form.getByLabel('Title of the training').fill('Foundations of infant mental health');
          await form.getByLabel('Given by (optional)').fill('MI-AIMH');
          await form.getByLabel('Date', { exact: true }).fill('2016-03-10');
          await form.getByLabel('Hours', { exact: true }).fill('32');
          const topics = form.getByRole('group', { name: 'Topics (choose all that apply)' });
          await topics.getByRole('checkbox', { name: 'IMH: specific to infant mental health' }).check();
          await topics.getByRole('checkbox', { name: 'DEI: on diversity, equity and inclusion' }).check();
          const domains = form.getByRole('group', {
            name: 'Competency domains it covered (choose all that apply)',
          });
          await domains.getByRole('checkbox', { name: '1. Theoretical Foundations' }).check();
          await domains.getByRole('checkbox', { name: '4. Direct Service Skills' }).check();
          await domains.getByRole('checkbox', { name: '9. Reflection' }).check();
        }),
        200,
      );
      await expectNotice(page, 'Training added.');
      await expectEntry(
        page,
        'Foundations of infant mental health — 32 h on 2016-03-10, MI-AIMH; topics: IMH, DEI; 3 competency domains',
      );
      const training = await checklistItem(page, 'imhs.training.hours');
      assert.equal(training.status, 'met', training.summary);
      assert.match(training.summary, /32/);
      await shots.audit(page, 'training-added');

      await follow(page.getByRole('link', { name: /^Add or change the RSC you received/ }));
      await page.waitForURL(`${base}/portfolio/rsc?application=${miApp}`);
      assert.equal((await checklistItem(page, 'imhs.rsc.hours')).status, 'unmet');
      await shots.audit(page, 'rsc-empty');
      assert.equal(
        await addEntry(page, 'Add RSC you received', async (form) => {
          await form.getByLabel("Provider's name").fill('Rita Reflective');
          await form
            .getByRole('group', { name: "Provider's endorsements" })
            .getByRole('checkbox', { name: 'IMHM-C', exact: true })
            .check();
          await form.getByLabel('First date').fill('2024-01-08');
          await form.getByLabel('Last date').fill('2025-06-30');
          await form.getByLabel('Hours of RSC received').fill('60');
          await form.getByLabel('Individual or group').selectOption({ label: 'Individual' });
          await form.getByLabel('Of those hours, hours about the RSC you provide to others').fill('0');
        }),
        200,
      );
      await expectNotice(page, 'RSC entry added.');
      await expectEntry(
        page,
        /60 h individual RSC with Rita Reflective \(IMHM-C\), 2024-01-08 to 2025-06-30/,
      );
      const rsc = await checklistItem(page, 'imhs.rsc.hours');
      assert.equal(rsc.status, 'met', rsc.summary);
      await shots.audit(page, 'rsc-added');
    },
  );

  step('leadership, memberships (one with a JPEG proof) and an endorsement held', async () => {
    const { page } = nina;
    const sections = page.getByRole('navigation', { name: 'Portfolio sections' });
    await follow(sections.getByRole('link', { name: 'Leadership' }));
    await page.waitForURL(`${base}/portfolio/leadership?application=${miApp}`);
    await shots.audit(page, 'leadership-empty');
    assert.equal(
      await addEntry(page, 'Add a leadership activity', async (form) => {
        await form
          .getByLabel('Activity', { exact: true })
          .fill('Chair of the county infant mental health coalition');
        await form.getByLabel('Start date', { exact: true }).fill('2021-01-01');
      }),
      200,
    );
    await expectNotice(page, 'Leadership activity added.');
    await expectEntry(page, 'Chair of the county infant mental health coalition, 2021-01-01 to ongoing');
    await shots.audit(page, 'leadership-added');

    await follow(page.getByRole('link', { name: /^Add or change your memberships/ }));
    await page.waitForURL(`${base}/portfolio/memberships?application=${miApp}`);
    assert.equal((await checklistItem(page, 'imhs.membership')).status, 'unmet');
    await shots.audit(page, 'memberships-empty');
    assert.equal(
      await addEntry(page, 'Add a membership', async (form) => {
        await form.getByLabel('Association', { exact: true }).selectOption({ label: MI });
        await form.getByLabel('Member since').fill('2018-01-01');
      }),
      200,
    );
    await expectNotice(page, 'Membership added.');
    const membership = await checklistItem(page, 'imhs.membership');
    assert.equal(membership.status, 'met', membership.summary);
    // Another association, not hosted here: with its proof of membership (a JPEG).
    assert.equal(
      await addEntry(page, 'Add a membership', async (form) => {
        await form
          .getByLabel('Association', { exact: true })
          .selectOption({ label: 'Another infant mental health association' });
        await form.getByLabel('If another association: its name').fill('WA-AIMH');
        await form.getByLabel('Member since').fill('2020-03-01');
        await form.getByLabel('Member until (leave empty if it has no end date)').fill('2026-12-31');
        await form
          .getByLabel('Proof of membership (optional)')
          .setInputFiles({ name: 'membership-card.jpg', mimeType: 'image/jpeg', buffer: minimalJpeg });
      }),
      200,
    );
    await expectNotice(page, 'Membership added.');
    const rows = page.getByRole('table').getByRole('row');
    await rows.filter({ hasText: 'Member of mi-aimh, 2018-01-01 to no end date' }).waitFor();
    await rows
      .filter({ hasText: 'Member of wa-aimh, 2020-03-01 to 2026-12-31' })
      .getByRole('link', { name: /membership-card\.jpg/ })
      .waitFor();
    await shots.audit(page, 'memberships-added');

    await follow(sections.getByRole('link', { name: 'Endorsements held' }));
    await page.waitForURL(`${base}/portfolio/endorsements?application=${miApp}`);
    await shots.audit(page, 'endorsements-empty');
    assert.equal(
      await addEntry(page, 'Add an endorsement you hold', async (form) => {
        await form.getByLabel('Credential', { exact: true }).selectOption({ label: 'IFS' });
        await form.getByLabel('Association that granted it').selectOption({ label: MI });
        await form.getByLabel('Date granted').fill('2018-06-01');
      }),
      200,
    );
    await expectNotice(page, 'Endorsement added.');
    await expectEntry(page, 'IFS from mi-aimh, granted 2018-06-01');
    await shots.audit(page, 'endorsements-added');

    // The overview counts every section; the competency coverage shows the training's domains.
    await follow(sections.getByRole('link', { name: 'Overview' }));
    await page.waitForURL(`${base}/portfolio?application=${miApp}`);
    const counts = await page
      .getByRole('table', { name: 'Your portfolio, section by section' })
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())),
      );
    assert.deepEqual(counts, [
      ['Education', '1'],
      ['Specialized work', '1'],
      ['In-service training', '1'],
      ['Reflective supervision/consultation (RSC) received', '1'],
      ['Leadership activities', '1'],
      ['Memberships', '2'],
      ['Endorsements you hold', '1'],
    ]);
    await shots.audit(page, 'portfolio-overview');

    await follow(sections.getByRole('link', { name: 'Competency coverage' }));
    await page.waitForURL(`${base}/portfolio/competencies?application=${miApp}`);
    const coverage = page.getByRole('table', { name: 'Competency domains and the training mapped to them' });
    const row = (name: string) =>
      coverage.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
    assert.match(
      await row('1. Theoretical Foundations').innerText(),
      /Foundations of infant mental health \(2016-03-10, 32 h\)/,
    );
    assert.match(await row('2. Law, Regulation, and Agency Policy').innerText(), /None yet/);
    await shots.audit(page, 'competency-coverage');
  });

  step(
    '2. a text file named transcript.pdf is refused with a clear message, and nothing saved is lost',
    async () => {
      const { page } = nina;
      const message =
        '“transcript.pdf” is not a PDF, PNG or JPEG file (its contents were checked, not its name). Choose the transcript as a PDF, PNG or JPEG file.';
      const wrongFile = { name: textNamedPdf.name, mimeType: 'application/pdf', buffer: textNamedPdf.bytes };

      // Adding a second degree with it.
      assert.equal(await open(page, `/portfolio/education?application=${miApp}`), 200);
      const status = await addEntry(page, 'Add a degree', async (form) => {
        await form.getByLabel('Level', { exact: true }).selectOption({ label: 'doctorate' });
        await form.getByLabel('Institution (optional)').fill('University of Michigan');
        await form.getByLabel('Date conferred').fill('2022-05-01');
        await form.getByLabel('Kind of transcript').selectOption({ label: 'Official transcript' });
        await form.getByLabel('Transcript file (optional)').setInputFiles(wrongFile);
      });
      assert.equal(status, 400);
      const summary = page.getByRole('alert');
      await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
      assert.equal((await summary.getByRole('link').allInnerTexts()).join('|'), message);
      const form = page.getByRole('form', { name: 'Add a degree' });
      // Beside the file input too, with "Error:" for screen readers.
      assert.equal(
        (await form.locator('.field-error .error-message').innerText()).replace(/\s+/g, ' '),
        `Error: ${message}`,
      );
      await form
        .getByLabel('Transcript file (optional)')
        .and(page.locator('[aria-invalid="true"]'))
        .waitFor();
      // What was typed is kept, so only the file has to be chosen again.
      assert.equal(await form.getByLabel('Level', { exact: true }).inputValue(), 'doctorate');
      assert.equal(await form.getByLabel('Institution (optional)').inputValue(), 'University of Michigan');
      assert.equal(await form.getByLabel('Date conferred').inputValue(), '2022-05-01');
      // Nothing was added, and the degree saved before is still there with its transcript.
      const rows = page.getByRole('table').locator('tbody tr');
      assert.equal(await rows.count(), 1);
      assert.match(await rows.first().innerText(), /Wayne State University[\s\S]*transcript\.pdf/);
      assert.equal((await checklistItem(page, 'imhs.education')).status, 'met');
      await shots.audit(page, 'education-wrong-file-refused');

      // Replacing the transcript of the saved degree with it.
      assert.equal(await open(page, `${degreeEditHref}?application=${miApp}`), 200);
      await shots.audit(page, 'education-edit');
      const edit = page.getByRole('form', { name: 'Save changes' });
      await edit.getByLabel('Replace the transcript (optional)').setInputFiles(wrongFile);
      assert.equal(await send(page, edit.getByRole('button', { name: 'Save changes' })), 400);
      assert.equal((await page.getByRole('alert').getByRole('link').allInnerTexts()).join('|'), message);
      await page.getByRole('main').getByText('Uploaded: transcript.pdf').waitFor();
      await shots.audit(page, 'education-edit-wrong-file-refused');

      // Every section still holds what was saved, and the transcript is the PDF sent first.
      assert.equal(await open(page, `/portfolio?application=${miApp}`), 200);
      const counts = await page
        .getByRole('table', { name: 'Your portfolio, section by section' })
        .locator('tbody td:nth-child(2)')
        .allInnerTexts();
      assert.deepEqual(counts, ['1', '1', '1', '1', '1', '2', '1']);
      const download = await page.request.get(`${base}${transcriptHref}`);
      assert.deepEqual(await download.body(), minimalPdf());
    },
  );

  step('both agreements signed by typed name, with the version of the text', async () => {
    const { page } = nina;
    assert.equal(await open(page, `/applications/${miApp}`), 200);
    await follow(page.getByRole('link', { name: /^Sign the agreements/ }).first());
    await page.waitForURL(`${base}/portfolio/agreements?application=${miApp}`);
    assert.equal((await checklistItem(page, 'imhs.agreements')).status, 'unmet');
    await shots.audit(page, 'agreements-unsigned');
    for (const title of [`${MI} Code of Ethics`, `${MI} Endorsement Agreement`]) {
      const form = page.getByRole('form', { name: `Sign the ${title}` });
      await form.getByLabel('Type your full name to sign').fill(NINA.name);
      assert.equal(await send(page, form.getByRole('button', { name: `Sign the ${title}` })), 200);
      await expectNotice(
        page,
        new RegExp(`^You signed the ${title.replace(/[()]/g, '\\$&')} \\(version [^)]+\\)\\.$`),
      );
      const section = page.getByRole('region', { name: title });
      assert.match(
        await section.locator('.agreement-status').innerText(),
        new RegExp(`Signed as “${NINA.name}” on \\d{4}-\\d\\d-\\d\\d .*\\(version`),
      );
    }
    const agreements = await checklistItem(page, 'imhs.agreements');
    assert.equal(agreements.status, 'met', agreements.summary);
    await shots.audit(page, 'agreements-signed');
  });

  step(
    'she invites three raters, one per reference slot; each gets an e-mail with a single-use link',
    async () => {
      const { page } = nina;
      assert.equal(await open(page, `/applications/${miApp}`), 200);
      await follow(page.getByRole('link', { name: /^Ask raters for references/ }));
      await page.waitForURL(`${base}/applications/${miApp}/references`);
      await page.getByText('You have not asked anyone yet.').waitFor();
      await shots.audit(page, 'references-none');
      for (const r of RATERS) {
        const form = page.getByRole('form', { name: 'Ask for a reference' });
        await form.getByLabel('Rater’s name').fill(r.name);
        await form.getByLabel('Rater’s e-mail address').fill(r.email);
        await form
          .getByLabel('How the rater knows you: they are your…')
          .selectOption({ label: r.relationship });
        await form.getByRole('radio', { name: 'Yes, I waive my right to see it' }).check();
        assert.equal(await send(page, form.getByRole('button', { name: 'Send the request' })), 200);
        await expectNotice(page, `Your request has been e-mailed to ${r.name} (${r.email}).`);
        const row = page.getByRole('row').filter({ hasText: r.email });
        assert.match(await row.innerText(), /Sent on .*; the link works until/);
      }
      await shots.audit(page, 'references-sent');

      for (const r of RATERS) {
        const [mail] = await mailTo(t, r.email);
        assert.ok(mail, `an .eml to ${r.email}`);
        assert.match(header(mail, 'Subject') ?? '', /Nina Newapplicant/);
        assert.match(
          mail,
          new RegExp(
            `${NINA.name} \\(${NINA.email}\\) is applying to ${MI.replace(/[()]/g, '\\$&')} for the IMHS endorsement`,
          ),
        );
        assert.match(await raterLink(t, r.email), /^\/references\/respond\/ref_/);
      }
    },
  );

  step('each rater opens the link from the .eml in a browser of their own and sends the rating', async () => {
    const domains = ratingDomains('mi-aimh');
    for (const [i, r] of RATERS.entries()) {
      const link = await raterLink(t, r.email);
      const rater = await openChromium();
      users.push(rater);
      try {
        const { page, context } = rater;
        assert.deepEqual(await context.cookies(), [], 'the rater has no cookies: no account, no session');
        assert.equal(await open(page, link), 200);
        await expectH1(page, `Reference rating for ${NINA.name}`);
        await page
          .getByText(`Dear ${r.name}: ${NINA.name} is applying to ${MI} for the IMHS endorsement`)
          .waitFor();
        await page.getByText(`${NINA.name} has waived the right to see your rating.`).waitFor();
        await shots.audit(page, `rater-${i + 1}-form`);

        const form = page.getByRole('form', { name: `Reference rating for ${NINA.name}` });
        const own = form.getByRole('group', { name: /^Your own endorsements/ });
        for (const e of r.endorsements)
          await own.getByRole('checkbox', { name: new RegExp(`^${e}:`) }).check();
        await form.getByLabel('Years', { exact: true }).fill('2');
        await form.getByLabel('Months', { exact: true }).fill('6');
        await form.getByLabel(`In what role do you know ${NINA.name}?`).fill(r.role);
        await form.getByRole('radio', { name: 'Yes, this is a current relationship' }).check();
        for (const [j, d] of domains.entries()) {
          const group = form.getByRole('group', { name: `${d.number}. ${d.name}` });
          // One "not enough information" at most: well under the six that make a rating not count.
          const answer =
            j === domains.length - 1
              ? 'Not enough information'
              : j % 2
                ? '3: Consistently'
                : '4: Exceptionally';
          await group.getByRole('radio', { name: answer }).check();
        }
        await form.getByLabel('Anything else the reviewers should know (optional)').fill(SECRET_COMMENT);
        assert.equal(await send(page, form.getByRole('button', { name: 'Send my rating' })), 200);
        await expectNotice(page, `Thank you: your rating of ${NINA.name} has been sent to ${MI}.`);
        await expectH1(page, 'This link has already been used');
        await shots.audit(page, `rater-${i + 1}-sent`);
        assert.deepEqual(rater.problems, []);
      } finally {
        await rater.close();
        users.splice(users.indexOf(rater), 1);
      }
      if (i === 1) {
        // Two slots filled, but neither rater is endorsed: the endorsed-rater rule still says no.
        // Having waived seeing the ratings, she reads only how many count and what kind of rater is needed.
        const { page } = nina;
        assert.equal(await open(page, `/applications/${miApp}/references`), 200);
        const text = await mainText(page);
        assert.match(text, /Not met yet: 2 of 3 reference ratings count toward the requirement/);
        assert.doesNotMatch(text, /no rating from an endorsed rater|Paula Program;|Colin Colleague;/);
        assert.match(
          text,
          /Still needed: a reference rating from someone who is: person providing your reflective supervision\/consultation \(RSC\), and endorsed \(IFS, IMHS, IMHM-C/,
        );
        await shots.audit(page, 'references-two-of-three');
      }
    }
  });

  step(
    'she sees each request submitted, never what the raters wrote; the reference slots are filled',
    async () => {
      const { page } = nina;
      assert.equal(await open(page, `/applications/${miApp}/references`), 200);
      for (const r of RATERS) {
        const row = page.getByRole('row').filter({ hasText: r.email });
        assert.match(await row.innerText(), /Submitted on /);
        assert.doesNotMatch(await row.innerText(), /does not count/);
      }
      const text = await mainText(page);
      assert.ok(!text.includes(SECRET_COMMENT), "the raters' comments are not shown to the applicant");
      assert.doesNotMatch(text, /Consistently|Exceptionally|Not enough information/);
      assert.match(text, /Met: 3 of 3 reference ratings count toward the requirement/);
      assert.doesNotMatch(text, /endorsed rater/);
      await shots.audit(page, 'references-submitted');
    },
  );

  step('the checklist shows every requirement met except the exam', async () => {
    const { page } = nina;
    assert.equal(await open(page, `/applications/${miApp}`), 200);
    assert.deepEqual(await checklistStatuses(page), {
      'imhs.education': 'met',
      'imhs.training.hours': 'met',
      'imhs.work.specialized': 'met',
      'imhs.rsc.hours': 'met',
      'imhs.references': 'met',
      'imhs.agreements': 'met',
      'imhs.exam': 'unmet',
      'imhs.membership': 'met',
    });
    const checklist = page.locator('#checklist');
    assert.match(
      await checklist.locator('.checklist-overall').innerText(),
      /7 of 8 requirements met for IMHS/,
    );
    const kinds = await checklist
      .locator('li.requirement')
      .evaluateAll((lis) =>
        lis.map(
          (li) =>
            `${li.querySelector('.requirement-kind')?.textContent}: ${li.querySelector('.status-text')?.textContent}`,
        ),
      );
    assert.deepEqual(
      kinds.sort(),
      [
        'Agreements: Met',
        'Education: Met',
        'Exam: Not met yet',
        'In-service training: Met',
        'Membership: Met',
        'References: Met',
        'Reflective supervision/consultation (RSC): Met',
        'Specialized work: Met',
      ].sort(),
    );
    // What each one says, with the numbers.
    const said = Object.fromEntries((await readChecklist(page)).map((i) => [i.id, i]));
    assert.equal(
      said['imhs.education']!.summary,
      "master's degree (MSW) conferred 2015-05-15, official transcript provided",
    );
    assert.equal(said['imhs.training.hours']!.summary, '32 of 30 hours');
    assert.match(
      said['imhs.work.specialized']!.summary,
      /^\d+(\.\d+)? of 2 years of post-graduate, supervised relationship-focused infant mental health work .* after 2015-05-15$/,
    );
    assert.equal(said['imhs.rsc.hours']!.summary, '60 of 50 hours between 2024-01-08 and 2025-06-30');
    // (She waived seeing the ratings: staff read which rater fills which slot.)
    assert.equal(said['imhs.references']!.summary, '3 of 3 reference ratings count toward the requirement');
    assert.match(
      said['imhs.agreements']!.summary,
      /^Code of Ethics signed \d{4}-\d\d-\d\d; Endorsement Agreement signed \d{4}-\d\d-\d\d$/,
    );
    assert.equal(said['imhs.exam']!.summary, 'written examination not yet taken');
    assert.deepEqual(said['imhs.exam']!.missing, ['pass the written examination']);
    assert.match(said['imhs.membership']!.summary, /^member of mi-aimh on \d{4}-\d\d-\d\d$/);
    for (const i of Object.values(said)) if (i.status === 'met') assert.deepEqual(i.missing, [], i.id);
    await shots.audit(page, 'application-checklist-complete');
  });

  step('she submits; the confirmation page and the confirmation .eml', async () => {
    const { page } = nina;
    await follow(page.getByRole('link', { name: 'All my applications' }));
    await page.waitForURL(`${base}/applications`);
    await follow(page.getByRole('link', { name: `Submit the IMHS application to ${MI}` }));
    await page.waitForURL(`${base}/applications/${miApp}/submit`);
    const main = page.getByRole('main');
    await main.getByText('Ready to submit.').waitFor();
    await main
      .getByText('The written examination comes after review: it does not stop you from submitting.')
      .waitFor();
    await main
      .getByText(
        `${MI} has no fee schedule for IMHS in Endorse, so no fees will be recorded when you submit.`,
        { exact: false },
      )
      .waitFor();
    const button = page.getByRole('button', { name: 'Submit application' });
    assert.equal(await button.isEnabled(), true);
    await shots.audit(page, 'submit-ready');

    assert.equal(await send(page, button), 200);
    assert.equal(page.url(), `${base}/applications/${miApp}/submit`);
    await expectNotice(
      page,
      `Your application has been submitted. ${MI} has no fee schedule for IMHS, so no fees were recorded. A confirmation is on its way by e-mail.`,
    );
    assert.match(
      await mainText(page),
      /Submitted on \d{4}-\d\d-\d\d .*The portfolio you submitted is kept as it was/,
    );
    assert.equal(
      await page.getByRole('button', { name: 'Submit application' }).count(),
      0,
      'it cannot be submitted again',
    );
    await page.getByRole('heading', { name: `Checklist: IMHS with ${MI}, as submitted` }).waitFor();
    await shots.audit(page, 'submitted');

    const mails = await mailTo(t, NINA.email);
    const confirmation = mails.find((m) => /has been submitted/.test(header(m, 'Subject') ?? ''));
    assert.ok(confirmation, 'a confirmation .eml to the applicant');
    assert.equal(header(confirmation, 'Subject'), `Your IMHS application to ${MI} has been submitted`);
    assert.match(confirmation, /Dear Nina Newapplicant,/);
    assert.match(
      confirmation,
      /Your application for Infant Mental Health Specialist \(IMHS\) to Michigan .* was submitted on \d{4}-\d\d-\d\d\./,
    );
    assert.match(confirmation, /has no fee schedule for IMHS in Endorse, so no fees were recorded/);
    assert.match(confirmation, /After the review you take the written examination\./);
    assert.match(confirmation, new RegExp(`/applications/${miApp}/submit`));

    assert.equal(await open(page, '/applications'), 200);
    assert.match(await page.getByRole('row').filter({ hasText: MI }).innerText(), /IMHS\s+submitted/);
    await shots.audit(page, 'my-applications-submitted');
  });

  step(
    'a CT-AIMH IMHS application reuses the same portfolio; submitting it records the fees on the page and in the .eml',
    async () => {
      const { page } = nina;
      // The association first, then its credential by name and level.
      const association = page.locator('form[action="/applications/start"]');
      await association.getByLabel('Association', { exact: true }).selectOption({ label: CT });
      assert.equal(
        await send(page, association.getByRole('button', { name: 'Next: choose the credential' })),
        200,
      );
      await page.waitForURL(`${base}/applications/start?association=ct-aimh`);
      await shots.audit(page, 'start-ct-credentials');
      const start = page.locator('form[action="/applications"]');
      await start.getByLabel(/^Infant Mental Health Specialist \(IMHS\), Level III: /).check();
      assert.equal(await send(page, start.getByRole('button', { name: 'Start application' })), 200);
      await page.waitForURL(/\/applications\/[^/]+$/);
      await expectNotice(page, 'Your IMHS application has been started.');
      ctApp = new URL(page.url()).pathname.split('/').pop()!;
      assert.notEqual(ctApp, miApp);
      // Entered once: the portfolio meets CT-AIMH's education, work, training, RSC and membership already.
      const before = await checklistStatuses(page);
      for (const [id, status] of Object.entries(before))
        assert.equal(
          status,
          /references|agreements|exam/.test(id) ? 'unmet' : 'met',
          `${id} before the CT-AIMH steps`,
        );
      await shots.audit(page, 'ct-application-checklist');

      // CT-AIMH's own agreements, signed in the browser.
      await follow(page.getByRole('link', { name: /^Sign the agreements/ }).first());
      await page.waitForURL(`${base}/portfolio/agreements?application=${ctApp}`);
      for (const title of [`${CT} Code of Ethics`, `${CT} Endorsement Agreement`]) {
        const form = page.getByRole('form', { name: `Sign the ${title}` });
        await form.getByLabel('Type your full name to sign').fill(NINA.name);
        assert.equal(await send(page, form.getByRole('button', { name: `Sign the ${title}` })), 200);
      }
      assert.equal(await page.getByRole('form', { name: /^Sign the / }).count(), 0, 'nothing left to sign');
      await shots.audit(page, 'ct-agreements-signed');

      // Its references, seeded through the HTTP helpers (the browser path is covered above).
      const ninaHttp = t.browser();
      assert.equal((await ninaHttp.signIn(NINA.email)).statusCode, 303);
      const refs = `/applications/${ctApp}/references`;
      const ctRaters = [
        { name: 'Paula Program', email: 'paula.ct@example.org', relationship: 'program-supervisor' },
        { name: 'Rita Reflective', email: 'rita.ct@example.org', relationship: 'rsc-provider' },
        { name: 'Colin Colleague', email: 'colin.ct@example.org', relationship: 'colleague' },
      ];
      const domains = ratingDomains('ct-aimh');
      for (const r of ctRaters) {
        const res = await ninaHttp.submit(refs, refs, {
          raterName: r.name,
          raterEmail: r.email,
          relationship: r.relationship,
          waived: 'no',
        });
        assert.equal(res.statusCode, 303, `${r.email}: ${pageText(res.body).slice(0, 300)}`);
        const link = await raterLink(t, r.email);
        const form: Form = {
          knownYears: '3',
          knownMonths: '0',
          role: 'Supervisor',
          current: 'yes',
          comments: '',
        };
        for (const d of domains) form[`rating-${d.id}`] = '3';
        const rater: Browser = t.browser();
        const sent = await rater.submit(link, link, form);
        assert.equal(sent.statusCode, 303, `${r.email}'s rating: ${pageText(sent.body).slice(0, 300)}`);
      }

      assert.equal(await open(page, `/applications/${ctApp}`), 200);
      const statuses = await checklistStatuses(page);
      for (const [id, status] of Object.entries(statuses))
        assert.equal(status, /exam/.test(id) ? 'unmet' : 'met', `${id} once CT-AIMH's references are in`);
      await shots.audit(page, 'ct-application-checklist-complete');

      assert.equal(await open(page, `/applications/${ctApp}/submit`), 200);
      await page
        .getByText(
          'When you submit, the application fee of $25.00 and the processing fee of $200.00 become due ($225.00 in all).',
          { exact: false },
        )
        .waitFor();
      await shots.audit(page, 'ct-submit-ready');
      assert.equal(await send(page, page.getByRole('button', { name: 'Submit application' })), 200);
      await expectNotice(
        page,
        'Your application has been submitted. Fees due: Application fee $25.00, Processing fee $200.00. A confirmation is on its way by e-mail.',
      );
      const fees = page.getByRole('table', { name: 'Fees due on this application' });
      const cells = await fees
        .getByRole('row')
        .evaluateAll((trs) =>
          trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim())),
        );
      assert.deepEqual(cells, [
        ['Fee', 'Amount', 'Paid', 'Still due'],
        ['Application fee', '$25.00', '$0.00', '$25.00'],
        ['Processing fee', '$200.00', '$0.00', '$200.00'],
        ['Total', '$225.00', '$0.00', '$225.00'],
      ]);
      await shots.audit(page, 'ct-submitted-fees');

      const confirmation = (await mailTo(t, NINA.email)).find(
        (m) => header(m, 'Subject') === `Your IMHS application to ${CT} has been submitted`,
      );
      assert.ok(confirmation, 'a confirmation .eml for the CT-AIMH application');
      assert.match(
        confirmation,
        /Fees due:\r?\n {2}Application fee: \$25\.00\r?\n {2}Processing fee: \$200\.00\r?\n {2}Total: \$225\.00/,
      );
      assert.match(confirmation, /will tell you how to pay\./);
    },
  );
});

describe('3. an expired rater link says so', () => {
  let expiredLink: string;

  before(async () => {
    // Bob, another applicant, seeded through the HTTP helpers: an application with one request.
    const b = t.browser();
    await b.signUp(BOB);
    assert.equal(
      (await b.submit('/applications', '/applications', { association: 'mi-aimh', credential: 'IFS' }))
        .statusCode,
      303,
    );
    const person = await findPersonByEmail(t.db.kysely, BOB.email);
    assert.ok(person);
    bobApp = (await applicationsOfPerson(t.db.kysely, person.id))[0]!.id;
    const refs = `/applications/${bobApp}/references`;
    const res = await b.submit(refs, refs, {
      raterName: 'Ella Late',
      raterEmail: 'ella@example.org',
      relationship: 'trainer',
      waived: 'yes',
    });
    assert.equal(res.statusCode, 303);
    expiredLink = await raterLink(t, 'ella@example.org');
    // Through the database helper: the link's 30 days are over.
    await t.db.kysely
      .updateTable('reference_request')
      .set({ expires_at: '2026-01-15T10:00:00.000Z' })
      .where('rater_email', '=', 'ella@example.org')
      .execute();
  });

  test('the rater opening it is told it expired, and when, and whom to ask', async () => {
    const rater = await openChromium();
    users.push(rater);
    try {
      assert.equal(await open(rater.page, expiredLink), 410);
      await expectH1(rater.page, 'This link has expired');
      await rater.page
        .getByText(
          `This link expired on January 15, 2026; ask the applicant, ${BOB.name}, to send a new one.`,
        )
        .waitFor();
      assert.equal(await rater.page.getByRole('form').count(), 0, 'no rating form');
      await shots.audit(rater.page, 'rater-link-expired');
      assert.deepEqual(rater.problems, []);
    } finally {
      await rater.close();
      users.splice(users.indexOf(rater), 1);
    }
  });

  test('the applicant sees the request as expired', async () => {
    bob = await openChromium();
    users.push(bob);
    const { page } = bob;
    assert.equal(await open(page, '/sign-in'), 200);
    const form = page.locator('form[action="/sign-in"]');
    await form.getByLabel('E-mail address').fill(BOB.email);
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    assert.equal(await open(page, `/applications/${bobApp}/references`), 200);
    assert.match(
      await page.getByRole('row').filter({ hasText: 'ella@example.org' }).innerText(),
      /Expired on January 15, 2026 without an answer/,
    );
    await shots.audit(page, 'references-expired');
  });
});

describe("4. another applicant cannot open the first one's pages", () => {
  test("Bob gets a refusal page for each of Nina's pages and her file, never her data", async () => {
    assert.ok(miApp && ctApp && transcriptHref && degreeEditHref, "part 1 made Nina's pages");
    const { page } = bob;
    const hers = [
      NINA.name,
      NINA.email,
      'Wayne State University',
      'Rita Reflective',
      'transcript.pdf',
      'Paula Program',
    ];
    const pages: Array<[string, string]> = [
      [`/applications/${miApp}`, 'other-application'],
      [`/applications/${miApp}/references`, 'other-references'],
      [`/applications/${miApp}/submit`, 'other-submit'],
      [`/applications/${miApp}/portfolio`, 'other-portfolio'],
      [`/applications/${ctApp}`, 'other-second-application'],
      [transcriptHref, 'other-uploaded-file'],
      [degreeEditHref, 'other-degree-edit'],
    ];
    for (const [path, name] of pages) {
      const status = await open(page, path);
      assert.equal(status, 404, path);
      await expectH1(page, 'Page not found');
      const text = await page.locator('body').innerText();
      for (const s of hers) assert.ok(!text.includes(s), `${path} shows "${s}"`);
      await shots.audit(page, `${name}-${status}`);
    }
    // The file, asked for directly (not as a page): refused, and not its bytes.
    const file = await bob.context.request.get(`${base}${transcriptHref}`);
    assert.equal(file.status(), 404, 'the file');
    assert.ok(!(await file.body()).subarray(0, 5).equals(Buffer.from('%PDF-')));

    // Nor can he act on her application with a valid form token of his own.
    assert.equal(await open(page, `/applications/${bobApp}/references`), 200);
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    for (const action of [`/applications/${miApp}/references`, `/applications/${ctApp}/submit`]) {
      const res = await bob.context.request.post(`${base}${action}`, {
        form: {
          _csrf: csrf,
          raterName: 'Mallory',
          raterEmail: 'mallory@example.org',
          relationship: 'colleague',
          waived: 'yes',
        },
        maxRedirects: 0,
      });
      assert.equal(res.status(), 404, `POST ${action}`);
    }
    assert.equal((await mailTo(t, 'mallory@example.org')).length, 0);

    // His own portfolio is his: none of her entries.
    assert.equal(await open(page, '/portfolio/education'), 200);
    await page.getByText('Nothing here yet.').waitFor();
    await shots.audit(page, 'other-own-education-empty');
  });
});

test('5. the browsers reported no Content-Security-Policy refusals or script errors', () => {
  assert.deepEqual(
    users.flatMap((u) => u.problems),
    [],
  );
});
