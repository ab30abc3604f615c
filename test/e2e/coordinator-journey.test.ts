// The coordinator's journey (issue 8) in Debian's chromium against the real
// server: Carl, coordinator of MI-AIMH, has a list of 70 applications. He
// signs in, finds Zoë's application by searching her name (without its
// accents' case), opens it from its row, filters the list by state and
// credential, downloads the filtered list as CSV (read back: a header row and
// the filtered applications, a formula neutralized), and reads the list at
// phone width (390 px): the table stacks, nothing scrolls sideways. Every page
// is checked with axe-core and saved under
// test-output/screenshots/coordinator-journey-NN-*.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { type ChromiumUser, chromiumMissing, openChromium } from '../helpers/chromium.ts';
import { PASSWORD, type TestApp } from '../helpers/http.ts';
import { numberedAudits, serveApp } from '../helpers/journey.ts';
import { queueApplications, type QueuedApplication } from '../helpers/queue.ts';

let t: TestApp;
let base: string;
let carl: ChromiumUser;
const shots = numberedAudits('coordinator-journey');
const list = '/associations/mi-aimh/applications';

const at = (day: number) => new Date(Date.UTC(2026, 0, 1 + day, 9)).toISOString();
const application = (i: number, name: string, email: string, credential: string, status: string) =>
  ({
    name,
    email,
    credential,
    status,
    createdAt: at(i),
    submittedAt: status === 'draft' ? null : at(i + 1),
    updatedAt: at(i + 2),
  }) satisfies QueuedApplication;

const statuses = ['submitted', 'in-review', 'approved', 'on-hold', 'draft'];
const credentials = ['IFA', 'IFS', 'IMHS'];
const fixtures = [
  application(70, 'Zoë Ölander', 'zoe.olander@example.org', 'IMHS', 'in-review'),
  application(71, '=cmd|calc', 'formula@example.org', 'IMHS', 'in-review'),
  ...Array.from({ length: 68 }, (_, i) =>
    application(
      i,
      `Applicant Number ${i + 1}`,
      `applicant${i + 1}@example.org`,
      credentials[i % 3]!,
      statuses[i % 5]!,
    ),
  ),
];

before(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  ({ t, base } = await serveApp());
  const site = await t.siteAdmin();
  await t.browser().signUp({ name: 'Carl Coordinator', email: 'carl@example.org' });
  const granted = await site.submit('/associations/mi-aimh/people', '/associations/mi-aimh/people', {
    email: 'carl@example.org',
    roles: ['coordinator'],
  });
  assert.equal(granted.statusCode, 303);
  await queueApplications(t.db, (await findAssociation(t.db.kysely, 'mi-aimh'))!.id, fixtures);
  carl = await openChromium();
});

after(async () => {
  await carl?.close().catch(() => {});
  await t?.close();
});

describe("journey: a coordinator works the association's queue", () => {
  test('Carl signs in and opens the list: a page of 50, drafts left out', async () => {
    const { page } = carl;
    await page.goto(`${base}/sign-in`);
    const form = page.locator('form[action="/sign-in"]');
    await form.getByLabel('E-mail address').fill('carl@example.org');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);
    await page.goto(`${base}${list}`);
    const rows = page.getByRole('table').locator('tbody tr');
    assert.equal(await rows.count(), 50);
    assert.equal(await page.getByRole('table').getByText('Draft', { exact: true }).count(), 0);
    await page.getByRole('link', { name: 'Next page' }).waitFor();
    await shots.audit(page, 'list');
  });

  test('he finds Zoë by searching her name and opens her application from its row', async () => {
    const { page } = carl;
    await page.getByRole('searchbox', { name: 'Name or e-mail' }).fill('ZOË');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/q=ZO/);
    const rows = page.getByRole('table').locator('tbody tr');
    assert.equal(await rows.count(), 1);
    await shots.audit(page, 'search');
    await page.getByRole('link', { name: /Zoë Ölander/ }).click();
    await page.waitForURL(new RegExp(`${list}/[^/?]+$`));
    await shots.audit(page, 'application');
    await page.goBack();
  });

  test('he filters by state and credential and downloads that list as CSV', async () => {
    const { page } = carl;
    await page.goto(`${base}${list}`);
    await page.getByLabel('State', { exact: true }).selectOption({ label: 'In review' });
    await page.getByLabel('Credential').selectOption('IMHS');
    await page.getByLabel('Sort by').selectOption({ label: 'Oldest first (waiting longest)' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/status=in-review/);
    const expected = fixtures
      .filter((f) => f.status === 'in-review' && f.credential === 'IMHS')
      .sort((a, b) => a.submittedAt!.localeCompare(b.submittedAt!));
    assert.equal(await page.getByRole('table').locator('tbody tr').count(), expected.length);
    await shots.audit(page, 'filtered');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: /Download these applications/ }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'applications-mi-aimh.csv');
    const csv = readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trimEnd().split('\r\n');
    assert.match(
      lines[0]!,
      /^Applicant,E-mail,Credential,State,Started,Submitted,Last change,Advisor,Reviewers,Days since submitted,Days in this state,Review due,Answer due,Overdue,Application id$/,
    );
    assert.deepEqual(
      lines.slice(1).map((l) => l.split(',')[0]),
      expected.map((f) => (f.name.startsWith('=') ? `'${f.name}` : f.name)),
    );
  });

  test('at phone width the table stacks into rows, nothing scrolls sideways', async () => {
    const { page } = carl;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}${list}?status=in-review&credential=IMHS`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `the page is ${wide} px wide at 390 px`);
    const display = await page
      .locator('table.table-stack td')
      .first()
      .evaluate((td) => getComputedStyle(td).display);
    assert.equal(display, 'block');
    await shots.audit(page, 'list-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
