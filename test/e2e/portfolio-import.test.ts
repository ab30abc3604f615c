// In Debian's chromium against the real server (SQLite, or PostgreSQL with
// TEST_DATABASE_URL):
//
// 1. Rosa, whose portfolio holds the example's entries, imports a file with
//    two of her trainings with details added and one new training: the
//    preview (desktop and phone width) shows them as changed, with the
//    difference, and new; she leaves the new one unticked and applies the
//    rest; her training hours stay as they were.
// 2. Her session ends while she fills in a training; sending it leads to
//    sign-in and back to the form with what she typed, which she sends again.
//
// Every page is checked with axe-core (no serious or critical violations) and
// saved as test-output/screenshots/portfolio-import-NN-*.png.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { listEntries } from '../../src/db/repositories/portfolio.ts';
import { type ChromiumUser, chromiumMissing, openChromium } from '../helpers/chromium.ts';
import { PASSWORD } from '../helpers/http.ts';
import { numberedAudits, type ServedApp, serveApp } from '../helpers/journey.ts';
import { applicant, confirmImport, submitMultipart } from '../helpers/portfolio-http.ts';

let s: ServedApp;
let rosa: ChromiumUser;
let rosaId: string;
const shots = numberedAudits('portfolio-import');
const example = readFileSync(new URL('../../examples/portfolio-imhs.json', import.meta.url), 'utf8');

before(async () => {
  // Fails (never skips) when chromium is missing, saying how to install it.
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  s = await serveApp();
  const r = await applicant(s.t, 'Rosa Example', 'rosa@example.org', [['mi-aimh', 'IMHS']]);
  rosaId = r.id;
  const preview = await submitMultipart(r.browser, '/portfolio/import', '/portfolio/import', {
    json: example,
  });
  assert.equal((await confirmImport(r.browser, preview.body)).statusCode, 303);
  rosa = await openChromium();
  await signIn();
});

after(async () => {
  await rosa?.close();
  await s?.t.close();
});

async function signIn() {
  const { page } = rosa;
  if (!page.url().includes('/sign-in')) await page.goto(`${s.base}/sign-in`);
  await page.getByLabel('E-mail address').first().fill('rosa@example.org');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

const trainingHours = async () =>
  (await listEntries(s.t.db.kysely, rosaId, 'training')).reduce(
    (n, r) => n + ((r.data as { hours: number }).hours ?? 0),
    0,
  );

test('the preview shows changed entries with the difference and new ones; only the ticked ones apply', async () => {
  const { page } = rosa;
  const file = JSON.parse(example) as { training: Array<Record<string, unknown>> };
  file.training[1] = { ...file.training[1], provider: 'MI-AIMH' };
  file.training[2] = { ...file.training[2], competencies: ['4-direct-service-skills'] };
  file.training.push({ title: 'Play and the dyad', date: '2023-03-03', hours: 4, topics: ['imh'] });
  assert.equal(await trainingHours(), 33);

  await page.goto(`${s.base}/portfolio/import`);
  await shots.audit(page, 'import');
  await page.getByLabel("Or paste the file's text").fill(JSON.stringify(file, null, 2));
  await page.getByRole('button', { name: 'Check the file' }).click();
  await page.getByRole('heading', { name: 'Check what the import changes' }).waitFor();
  await shots.audit(page, 'preview-desktop');
  await page.setViewportSize({ width: 390, height: 844 });
  await shots.audit(page, 'preview-phone');
  const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  assert.equal(scrolls, false, 'the preview does not scroll sideways at 390 px');
  await page.setViewportSize({ width: 1280, height: 900 });

  const changed = page.getByRole('group', { name: /Changed: 2/ });
  await changed.getByText('provider: none').waitFor();
  const addNew = page.getByLabel(/Add: Play and the dyad/);
  assert.equal(await addNew.isChecked(), true);
  await addNew.uncheck();
  await page.getByRole('button', { name: 'Apply the ticked entries' }).click();
  await page.getByText('Import done: changed 2 in your portfolio.').waitFor();
  await shots.audit(page, 'applied');
  assert.equal(await trainingHours(), 33, 'no hours counted twice, the unticked one not added');
  const trainings = (await listEntries(s.t.db.kysely, rosaId, 'training')).map(
    (r) => r.data as Record<string, unknown>,
  );
  assert.equal(trainings.length, 4);
  assert.equal(trainings[1]!.provider, 'MI-AIMH');
});

test('a form sent after the session ended: sign in, and the form is back with what was typed', async () => {
  const { page } = rosa;
  await page.goto(`${s.base}/portfolio/training`);
  await page.getByLabel('Title of the training').fill('Circle of Security');
  await page.getByLabel('Given by (optional)').fill('MI-AIMH');
  await page.getByLabel('Date').fill('2025-04-02');
  await page.getByLabel('Hours', { exact: true }).fill('7.5');
  await page.getByLabel(/^IMH:/).check();

  // The session ends (expired, or signed out elsewhere) while she types.
  await s.t.db.kysely.deleteFrom('session').execute();
  await page.getByRole('button', { name: 'Add training' }).click();
  await page.waitForURL(/\/sign-in\?next=%2Fportfolio%2Ftraining&resume=1$/);
  await page.getByText('You were not signed in any more, so the form you sent was not saved.').waitFor();
  await shots.audit(page, 'sign-in-again');

  await signIn();
  assert.equal(new URL(page.url()).pathname, '/portfolio/training');
  await page.getByText('You are signed in again. What you typed before is back in the form below').waitFor();
  await shots.audit(page, 'form-kept');
  assert.equal(await page.getByLabel('Title of the training').inputValue(), 'Circle of Security');
  assert.equal(await page.getByLabel('Given by (optional)').inputValue(), 'MI-AIMH');
  assert.equal(await page.getByLabel('Date').inputValue(), '2025-04-02');
  assert.equal(await page.getByLabel('Hours', { exact: true }).inputValue(), '7.5');
  assert.equal(await page.getByLabel(/^IMH:/).isChecked(), true);
  assert.equal(await page.getByLabel(/^RSC:/).isChecked(), false);

  await page.getByRole('button', { name: 'Add training' }).click();
  await page.getByText('Training added.').waitFor();
  assert.equal(await trainingHours(), 40.5);
  // Once sent, the form is not filled in again.
  await page.reload();
  assert.equal(await page.getByLabel('Title of the training').inputValue(), '');
  assert.deepEqual(rosa.problems, []);
});
