// The endorsement journey (issue 11) in Debian's chromium against the real
// server on a fresh test database (SQLite, or PostgreSQL with
// TEST_DATABASE_URL), with the real forms. Before the story: Ada's CT-AIMH
// IMHS application is approved and its exam passed (everything met), and Bo's
// IFS application is approved with its portfolio empty; Cody is CT-AIMH's
// coordinator. Then, all through the pages:
//   1. Cody tries to finalize Bo's application: refused, the page lists what
//      is unmet; he finalizes Ada's and lands on the endorsement's page; the
//      application's page says Endorsed;
//   2. Ada signs in, sees the endorsement on her account page, downloads the
//      certificate (its words, and a QR code decoding to the verification
//      address) and the credential;
//   3. an employer, not signed in, finds Ada in the registry, opens the
//      verification page (Valid) and pastes Ada's file into the check (Valid);
//   4. Cody revokes the endorsement with a reason; the employer's page now
//      says Revoked, the pasted file verifies as Revoked, the registry no
//      longer lists Ada; Ada's mail says it was revoked.
// Every page is checked with axe-core and saved under
// test-output/screenshots/endorsement-journey-NN-*.png; the main pages at
// phone width (390 px) too, where nothing may scroll sideways.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe } from 'node:test';
import type { Page } from 'playwright-core';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { endorsementsOfPerson } from '../../src/db/repositories/endorsements.ts';
import { credentialAddresses } from '../../src/services/credentials.ts';
import {
  audited,
  type ChromiumUser,
  chromiumMissing,
  openChromium,
  screenshotDir,
} from '../helpers/chromium.ts';
import { approve, approvedApplication, examSetup, passedExam } from '../helpers/exam.ts';
import type { TestApp } from '../helpers/http.ts';
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
import { pdfQrCodes, pdfText } from '../helpers/pdf.ts';
import { applicant } from '../helpers/portfolio-http.ts';
import { submittedApplication } from '../helpers/submitted-application.ts';

let t: TestApp;
let base: string;
let imhs: string;
let ifs: string;
let adaId: string;
let endorsementId: string;
let credentialFile: string;
const people: Record<'cody' | 'ada' | 'employer', ChromiumUser | undefined> = {
  cody: undefined,
  ada: undefined,
  employer: undefined,
};
const numbered = numberedAudits('endorsement-journey');
/** Screenshot and axe-core: no violation at all, whatever its impact. */
async function audit(page: Page, name: string): Promise<void> {
  const findings = await numbered.audit(page, name);
  assert.deepEqual(
    findings,
    [],
    `${name} (${page.url()}): ${findings.map((f) => `${f.impact} ${f.id}: ${f.help} — ${f.targets.join(', ')}`).join('; ')}`,
  );
}
const step = journeySteps();

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const reason = 'The supervision log in the portfolio was found to be forged.';
const staffPath = (id: string) => `/associations/ct-aimh/applications/${id}`;
const mainText = async (page: Page) => (await page.locator('main').innerText()).replace(/\s+/g, ' ');
const verification = () => credentialAddresses(t.product).verification(endorsementId);

/** The person's chromium, signed in when an address is given (opened the first time it is asked for). */
async function as(who: keyof typeof people, email?: string): Promise<Page> {
  let user = people[who];
  if (!user) {
    user = people[who] = await openChromium();
    if (email) await signIn(user.page, base, email);
  }
  return user.page;
}

/** Audits the page at desktop width, then at phone width after checking that it fits. */
async function both(page: Page, name: string): Promise<void> {
  await audit(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  try {
    await fitsTheWidth(page);
    await audit(page, `${name}-phone`);
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}

/** Pastes the credential file into the public check and answers the verdict's words. */
async function pasted(page: Page, file: string): Promise<string> {
  await page.goto(`${base}/credentials/verify`);
  await page.getByLabel('Or paste it here').fill(file);
  assert.equal(await send(page, page.getByRole('button', { name: 'Check this credential' })), 200);
  return page.locator('.verdict-text').innerText();
}

before(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  ({ t, base } = await serveApp());
  const setup = await examSetup(t, { mc: 4, vignettes: 2, startsAt: '2030-05-01T09:00:00Z' });
  const submitted = await submittedApplication(t);
  ({ imhs, adaId } = submitted);
  // Approved, then the exam sat, answered right and read by two scorers: exam passed.
  await approve(t, imhs, submitted.codyId);
  await passedExam(t, setup, imhs);
  const bo = await applicant(t, 'Bo Unmet', 'bo.unmet@example.org', []);
  ifs = await approvedApplication(t, bo.id, submitted.codyId, 'ct-aimh', 'IFS');
});

after(async () => {
  for (const user of Object.values(people)) await user?.close().catch(() => {});
  await t?.close();
  const mine = audited.filter((a) => a.name.startsWith('endorsement-journey-'));
  if (mine.length)
    console.log(
      `axe checked ${mine.length} pages of the endorsement journey; screenshots in ${screenshotDir}`,
    );
});

describe('journey: finalized, held, verified by an employer, revoked', () => {
  step(
    'the coordinator is refused for an application that does not meet everything: the unmet listed',
    async () => {
      const page = await as('cody', 'cody@example.org');
      await page.goto(`${base}${staffPath(ifs)}`);
      const section = page.getByRole('region', { name: 'Finalize the endorsement' });
      // The page says so before anyone tries.
      assert.match(await section.innerText(), /finalizing is refused until these are/);
      assert.ok((await section.getByRole('listitem').count()) > 0, 'the unmet requirements, listed');
      await both(page, 'staff-finalize-offered-unmet');
      const status = await send(page, section.getByRole('button', { name: 'Finalize the endorsement' }));
      assert.equal(status, 400);
      const refused = page.getByRole('region', { name: 'Finalize the endorsement' });
      assert.match(
        await refused.innerText(),
        /The endorsement was not finalized: not every requirement is met\./,
      );
      const unmet = await refused
        .getByRole('list', { name: 'Still unmet:' })
        .getByRole('listitem')
        .allInnerTexts();
      assert.ok(unmet.length > 0, 'the unmet requirements, listed');
      await both(page, 'staff-finalize-refused');
      assert.equal((await findApplication(t.db.kysely, ifs))!.status, 'approved');
    },
  );

  step("the coordinator finalizes the complete application and lands on the endorsement's page", async () => {
    const page = await as('cody');
    await page.goto(`${base}${staffPath(imhs)}`);
    await both(page, 'staff-finalize-offered');
    assert.match(await mainText(page), /the exam passed: the endorsement may be finalized/);
    const section = page.getByRole('region', { name: 'Finalize the endorsement' });
    assert.equal(await send(page, section.getByRole('button', { name: 'Finalize the endorsement' })), 200);
    const [endorsement] = await endorsementsOfPerson(t.db.kysely, adaId);
    assert.ok(endorsement, 'Ada holds the endorsement');
    endorsementId = endorsement.id;
    assert.equal(page.url(), `${base}/associations/ct-aimh/endorsements/${endorsementId}`);
    await page
      .getByRole('heading', {
        level: 1,
        name: `Ada Applicant: IMHS endorsement number ${endorsement.number}`,
      })
      .waitFor();
    assert.match(await mainText(page), /Status Active/);
    await both(page, 'endorsement');

    await page.goto(`${base}${staffPath(imhs)}`);
    assert.match(
      await mainText(page),
      new RegExp(`Endorsed: Infant Mental Health Specialist \\(IMHS\\), number ${endorsement.number}`),
    );
    assert.equal(await page.getByRole('button', { name: 'Finalize the endorsement' }).count(), 0);
    await both(page, 'staff-endorsed');
  });

  step(
    'the endorsee sees it on her account page and downloads the certificate and the credential',
    async () => {
      const page = await as('ada', 'ada@example.org');
      await page.goto(`${base}/account`);
      const section = page.getByRole('region', { name: 'Your endorsements' });
      const text = (await section.innerText()).replace(/\s+/g, ' ');
      assert.match(text, /Infant Mental Health Specialist/);
      assert.match(text, /Status Active/);
      await both(page, 'account');

      const href = await section.getByRole('link', { name: 'Certificate (PDF)' }).getAttribute('href');
      const pdf = await page.context().request.get(`${base}${href}`);
      assert.equal(pdf.status(), 200);
      assert.equal(pdf.headers()['content-type'], 'application/pdf');
      const bytes = await pdf.body();
      const words = await pdfText(bytes);
      const number = (await endorsementsOfPerson(t.db.kysely, adaId))[0]!.number;
      for (const expected of [
        'Ada Applicant',
        'Infant Mental Health Specialist',
        `Endorsement number ${number}`,
      ])
        assert.ok(words.includes(expected), `the certificate says "${expected}" (it says: ${words})`);
      assert.deepEqual(await pdfQrCodes(bytes), [verification()]);

      const download = page.waitForEvent('download');
      await section.getByRole('link', { name: 'Verifiable credential (JSON)' }).click();
      credentialFile = readFileSync((await (await download).path())!, 'utf8');
      const credential = JSON.parse(credentialFile) as { credentialSubject: { name: string } };
      assert.equal(credential.credentialSubject.name, 'Ada Applicant');
    },
  );

  step('an employer finds her in the registry, verifies the credential and the file: Valid', async () => {
    const page = await as('employer');
    await page.goto(`${base}/registry`);
    await page.getByLabel('Name, credential or association').fill('Ada');
    await send(page, page.getByRole('button', { name: 'Search' }));
    assert.match(await page.locator('.registry-count').innerText(), /1 endorsement matches “Ada”/);
    await both(page, 'registry');
    await send(page, page.getByRole('link', { name: 'Ada Applicant' }));
    assert.equal(page.url(), verification());
    assert.match(await page.locator('.verdict-text').innerText(), /Valid: Ada Applicant holds/);
    await both(page, 'verification-valid');
    assert.match(await pasted(page, credentialFile), /Valid: Ada Applicant holds/);
    await both(page, 'verify-file-valid');
  });

  step('the coordinator revokes it with a reason', async () => {
    const page = await as('cody');
    await page.goto(`${base}/associations/ct-aimh/endorsements/${endorsementId}`);
    const form = page.getByRole('form', { name: 'Revoke' });
    await form.getByLabel('Reason for the revocation').fill(reason);
    await form.getByLabel('I understand that the revocation is final.').check();
    assert.equal(await send(page, form.getByRole('button', { name: 'Revoke the endorsement' })), 200);
    await expectNotice(page, 'The endorsement is revoked, and the endorsee has been told.');
    const text = await mainText(page);
    assert.match(text, /Status Revoked/);
    assert.ok(text.includes(reason), 'the reason, in the history');
    await both(page, 'endorsement-revoked');
  });

  step(
    'the employer now reads Revoked, the file verifies as Revoked, and the registry lists no one',
    async () => {
      const page = await as('employer');
      await page.goto(verification());
      assert.match(await page.locator('.verdict-text').innerText(), /Revoked: /);
      await both(page, 'verification-revoked');
      assert.match(await pasted(page, credentialFile), /Revoked: /);
      await audit(page, 'verify-file-revoked');
      await page.goto(`${base}/registry?q=Ada`);
      assert.match(await page.locator('.registry-count').innerText(), /No endorsement matches “Ada”/);
      assert.equal(await page.getByRole('link', { name: 'Ada Applicant' }).count(), 0);
      await audit(page, 'registry-revoked');
    },
  );

  step("the endorsee's mail says it was revoked, and her account page too", async () => {
    const revoked = (await mailTo(t, 'ada@example.org')).filter(
      (m) => header(m, 'Subject') === 'Your Infant Mental Health Specialist endorsement: revoked',
    );
    assert.equal(revoked.length, 1, 'Ada is e-mailed the revocation');
    const said = revoked[0]!.replace(/=\r?\n/g, '').replace(/\s+/g, ' ');
    assert.match(
      said,
      /has revoked your Infant Mental Health Specialist endorsement .*A revocation is final\./,
    );
    assert.ok(said.includes(`The reason given: ${reason}`), 'with the reason');
    const page = await as('ada');
    await page.goto(`${base}/account`);
    assert.match(
      (await page.getByRole('region', { name: 'Your endorsements' }).innerText()).replace(/\s+/g, ' '),
      /Status Revoked/,
    );
    await audit(page, 'account-revoked');
  });
});
