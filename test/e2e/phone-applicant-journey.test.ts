// The applicant at phone width (390 px), in Debian's chromium against the real
// server on a fresh test database (SQLite, or PostgreSQL with
// TEST_DATABASE_URL): Pia signs up, starts an application by choosing the
// association and then the credential (by name and level, with the
// self-study's verdict beside it) and lands on it; she records a membership of
// another association and an endorsement she holds by choosing them; she asks
// a rater for a reference. Every page fits the width: no page scrolls sideways
// and every table cell, status and actions among them, is in sight. Every page
// is checked with axe-core and saved under
// test-output/screenshots/phone-applicant-NN-*.png; the pages of starting and
// choosing are saved at desktop width too.
//
// The steps build on each other and run in order. Needs chromium at
// /usr/bin/chromium (scripts/ensure-chromium.sh installs it).
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Page } from 'playwright-core';
import {
  audited,
  type ChromiumUser,
  chromiumMissing,
  openChromium,
  screenshotDir,
  signUpThroughPages,
} from '../helpers/chromium.ts';
import { minimalJpeg } from '../helpers/files.ts';
import { PASSWORD, type TestApp } from '../helpers/http.ts';
import { fitsTheWidth, journeySteps, numberedAudits, send, serveApp } from '../helpers/journey.ts';

let t: TestApp;
let base: string;
let pia: ChromiumUser;
let applicationId: string;
const shots = numberedAudits('phone-applicant');

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const PIA = { name: 'Pia Phone', email: 'pia@example.org', password: PASSWORD };
const MI = 'Michigan Association for Infant Mental Health (MI-AIMH)';

/** Audits the page (axe + screenshot) at phone width after checking that it fits. */
async function phoneAudit(page: Page, name: string): Promise<void> {
  await fitsTheWidth(page);
  await shots.audit(page, name);
}

/** The same page at desktop width too (screenshot + axe), then back to the phone. */
async function desktopToo(page: Page, name: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await shots.audit(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
}

const step = journeySteps();

before(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  ({ t, base } = await serveApp());
  pia = await openChromium();
  await pia.page.setViewportSize(PHONE);
});

after(async () => {
  await pia?.close().catch(() => {});
  await t?.close();
  const mine = audited.filter((a) => a.name.startsWith('phone-applicant-'));
  if (mine.length)
    console.log(
      `axe checked ${mine.length} pages of the phone-width journey; screenshots in ${screenshotDir}`,
    );
});

describe('the applicant at 390 px', () => {
  step('she signs up through the pages', async () => {
    const { page } = pia;
    await page.goto(`${base}/sign-up`);
    await phoneAudit(page, 'sign-up');
    await signUpThroughPages(
      page,
      base,
      () => t.mail(),
      PIA,
      (name) => phoneAudit(page, name),
    );
    await phoneAudit(page, 'home-signed-in');
  });

  step('she chooses the association, then the credential by name and level, and lands on it', async () => {
    const { page } = pia;
    await page.goto(`${base}/applications`);
    await phoneAudit(page, 'my-applications-empty');
    const choose = page.getByRole('form', { name: 'Choose the association' });
    const association = choose.getByLabel('Association', { exact: true });
    assert.equal(await association.inputValue(), '', 'no association is chosen for her');
    await desktopToo(page, 'my-applications-empty');
    await association.selectOption({ label: MI });
    assert.equal(await send(page, choose.getByRole('button', { name: 'Next: choose the credential' })), 200);
    await page.waitForURL(`${base}/applications/start?association=mi-aimh`);
    await phoneAudit(page, 'start-choose-credential');
    await desktopToo(page, 'start-choose-credential');

    const form = page.getByRole('form', { name: `Choose the credential at ${MI}` });
    const ifs = form.getByLabel(/^Infant Family Specialist \(IFS\), Level II: /);
    // Her portfolio is empty: the self-study's verdict says how much is missing.
    assert.match((await ifs.getAttribute('id')) ?? '', /credential/);
    assert.match(
      await form.locator(`label[for="${await ifs.getAttribute('id')}"]`).innerText(),
      /requirements? not met yet$/,
    );
    // Nothing chosen: the error is on the credential, the choices are there again.
    assert.equal(await send(page, form.getByRole('button', { name: 'Start application' })), 400);
    await page.getByRole('alert').getByRole('link', { name: 'Choose a credential' }).waitFor();
    await phoneAudit(page, 'start-nothing-chosen');
    await form.getByLabel(/^Infant Family Specialist \(IFS\), Level II: /).check();
    assert.equal(await send(page, form.getByRole('button', { name: 'Start application' })), 200);
    await page.waitForURL(/\/applications\/[^/]+$/);
    applicationId = new URL(page.url()).pathname.split('/').pop()!;
    await page
      .locator('.notice[role="status"]')
      .filter({ hasText: 'Your IFS application has been started.' })
      .waitFor();
    await phoneAudit(page, 'application-started');
  });

  step('she records memberships and an endorsement she holds by choosing them', async () => {
    const { page } = pia;
    await page.goto(`${base}/portfolio/memberships`);
    await phoneAudit(page, 'memberships-empty');
    await desktopToo(page, 'memberships-empty');
    const add = page.getByRole('form', { name: 'Add a membership' });
    await add.getByLabel('Association', { exact: true }).selectOption({ label: MI });
    await add.getByLabel('Member since').fill('2024-01-01');
    assert.equal(await send(page, add.getByRole('button', { name: 'Add a membership' })), 200);
    const other = page.getByRole('form', { name: 'Add a membership' });
    await other
      .getByLabel('Association', { exact: true })
      .selectOption({ label: 'Another infant mental health association' });
    await other.getByLabel('If another association: its name').fill('WA-AIMH');
    await other.getByLabel('Member since').fill('2023-03-01');
    await other
      .getByLabel('Proof of membership (optional)')
      .setInputFiles({ name: 'card.jpg', mimeType: 'image/jpeg', buffer: minimalJpeg });
    assert.equal(await send(page, other.getByRole('button', { name: 'Add a membership' })), 200);
    const rows = page.locator('table.entries tbody tr');
    await rows.filter({ hasText: 'Member of wa-aimh' }).waitFor();
    assert.equal(await rows.count(), 2);
    await phoneAudit(page, 'memberships-added');

    await page.goto(`${base}/portfolio/endorsements`);
    const held = page.getByRole('form', { name: 'Add an endorsement you hold' });
    await held.getByLabel('Credential', { exact: true }).selectOption({ label: 'IFA' });
    await held.getByLabel('Association that granted it').selectOption({ label: MI });
    await held.getByLabel('Date granted').fill('2019-06-01');
    assert.equal(await send(page, held.getByRole('button', { name: 'Add an endorsement you hold' })), 200);
    await page.locator('table.entries tbody tr').filter({ hasText: 'IFA from mi-aimh' }).waitFor();
    await phoneAudit(page, 'endorsements-added');
    await desktopToo(page, 'endorsements-added');

    await page.goto(`${base}/portfolio`);
    await phoneAudit(page, 'portfolio-overview');
  });

  step("she asks a rater; the request's status and actions are in sight", async () => {
    const { page } = pia;
    await page.goto(`${base}/applications/${applicationId}/references`);
    await phoneAudit(page, 'references-none');
    const form = page.getByRole('form', { name: 'Ask for a reference' });
    await form.getByLabel('Rater’s name').fill('Paula Program');
    await form.getByLabel('Rater’s e-mail address').fill('paula@example.org');
    await form
      .getByLabel('How the rater knows you: they are your…')
      .selectOption({ label: 'Program supervisor' });
    await form.getByRole('radio', { name: 'Yes, I waive my right to see it' }).check();
    assert.equal(await send(page, form.getByRole('button', { name: 'Send the request' })), 200);
    const row = page.getByRole('row').filter({ hasText: 'paula@example.org' });
    await row.getByText(/Sent on /).waitFor();
    assert.ok(await row.getByRole('button', { name: /Revoke/ }).isVisible(), 'the action is in sight');
    await phoneAudit(page, 'references-sent');
    await desktopToo(page, 'references-sent');

    await page.goto(`${base}/applications`);
    const mine = page.getByRole('row').filter({ hasText: MI });
    const status = mine.locator('td[data-label="Status"]');
    assert.equal((await status.innerText()).trim(), 'draft');
    assert.ok(await status.isVisible(), 'the status is in sight');
    assert.ok(await mine.getByRole('link', { name: /^References/ }).isVisible());
    await phoneAudit(page, 'my-applications');
    await desktopToo(page, 'my-applications');
  });
});
