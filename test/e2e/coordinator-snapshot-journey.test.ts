// The coordinator's journey (issue 8) in Debian's chromium against the real
// server on a fresh test database (SQLite, or PostgreSQL with
// TEST_DATABASE_URL): Ada's CT-AIMH IMHS application is submitted (through the
// HTTP helpers), then she adds a training. Cody, CT-AIMH's coordinator, signs
// in, opens the application from the list, and reads it as submitted: its
// state, the checklist of the snapshot (33 hours, not 35), the note of what
// changed with the side-by-side, the sections with the transcript, fees and
// history; at desktop and at phone width. Every page is checked with axe-core
// and saved under test-output/screenshots/coordinator-snapshot-NN-*.png.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ChromiumUser, chromiumMissing, openChromium } from '../helpers/chromium.ts';
import { type Browser, PASSWORD, type TestApp } from '../helpers/http.ts';
import { checklistItem, numberedAudits, serveApp } from '../helpers/journey.ts';
import { submittedApplication } from '../helpers/submitted-application.ts';

let t: TestApp;
let base: string;
let ada: Browser;
let imhs: string;
let cody: ChromiumUser;
const shots = numberedAudits('coordinator-snapshot');

const skip = chromiumMissing();

before(async () => {
  if (skip) return;
  ({ t, base } = await serveApp());
  ({ ada, imhs } = await submittedApplication(t));
  const added = await ada.submit('/portfolio/training', '/portfolio/training', {
    title: 'Added after submitting',
    date: '2026-01-10',
    hours: '2',
    topics: ['imh'],
  });
  assert.equal(added.statusCode, 303);
  cody = await openChromium();
});
after(async () => {
  await cody?.close();
  await t?.close();
});

describe('the coordinator reads what was submitted', { skip }, () => {
  test('opens the application from the list and reads the snapshot, at desktop and phone width', async () => {
    const { page } = cody;
    await page.goto(`${base}/sign-in`);
    const form = page.locator('form[action="/sign-in"]');
    await form.getByLabel('E-mail address').fill('cody@example.org');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);

    await page.goto(`${base}/associations/ct-aimh/applications`);
    await shots.audit(page, 'list');
    await page.getByRole('link', { name: /Ada Applicant/ }).click();
    await page.waitForURL(`${base}/associations/ct-aimh/applications/${imhs}`);
    await page.getByRole('heading', { level: 1, name: 'Ada Applicant: IMHS application' }).waitFor();
    await page
      .getByText(/Submitted on .* · awaiting review/)
      .first()
      .waitFor();
    await page.getByText('The applicant has changed their portfolio since submitting').waitFor();
    const changes = page.getByRole('table', { name: 'What changed since submission, side by side' });
    assert.match((await changes.innerText()).replace(/\s+/g, ' '), /Added after submitting — 2 h/);
    assert.equal((await checklistItem(page, 'imhs.training.hours')).summary, '33 of 30 hours');
    assert.equal(
      await page.locator('#req-imhs\\.exam .status-icon').getAttribute('aria-label'),
      'After review',
    );
    await page.getByRole('link', { name: /transcript\.pdf/ }).waitFor();
    await page.getByRole('heading', { name: 'Fees and payments' }).waitFor();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await shots.audit(page, 'application-desktop');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await shots.audit(page, 'application-phone');
  });
});
