// A browser journey on Debian's chromium against the real server: a new user
// signs up through the page (and the link it e-mails), the association admin gives them the coordinator
// role on the people page, and they then see what a coordinator may see and
// nothing else. Every page visited is checked with axe-core (no serious or
// critical violations) and saved as a screenshot under test-output/screenshots/.
// The steps build on each other and run in order.
//
// Needs chromium at /usr/bin/chromium (scripts/ensure-chromium.sh installs it);
// without it this test fails and says how to install it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import {
  audit,
  audited,
  type ChromiumUser,
  chromiumMissing,
  clearScreenshots,
  openChromium,
  screenshotDir,
  signUpThroughPages,
} from '../helpers/chromium.ts';
import { type Browser, PASSWORD, type TestApp } from '../helpers/http.ts';
import { serveApp } from '../helpers/journey.ts';

let t: TestApp;
let base: string;
let nora: ChromiumUser; // the new user
let alice: ChromiumUser; // admin of mi-aimh
const users: ChromiumUser[] = [];

const NORA = { name: 'Nora Newcomer', email: 'nora@example.org' };

/** Opens a path of the server (no redirect allowed); returns the HTTP status of the page. */
async function open(page: Page, path: string): Promise<number> {
  const response = await page.goto(`${base}${path}`);
  assert.ok(response, `no response for ${path}`);
  assert.equal(page.url(), `${base}${path}`, `${path} redirected`);
  return response.status();
}

const nav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

before(async () => {
  // Fails (never skips) when chromium is missing, saying how to install it.
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  clearScreenshots('role-journey');

  ({ t, base } = await serveApp());

  // Seeded through the helpers: a site admin, an admin of mi-aimh, an applicant
  // of mi-aimh with an application, and one of ct-aimh.
  const site = await t.siteAdmin();
  const assign = async (slug: string, email: string, roles: string[]) => {
    const res = await site.submit(`/associations/${slug}/people`, `/associations/${slug}/people`, {
      email,
      roles,
    });
    assert.equal(res.statusCode, 303, `${email} gets ${roles.join(', ')} in ${slug}`);
  };
  const applicant = async (name: string, email: string, slug: string, credential: string) => {
    const b: Browser = t.browser();
    await b.signUp({ name, email });
    await assign(slug, email, ['applicant']);
    const res = await b.submit('/applications', '/applications', { association: slug, credential });
    assert.equal(res.statusCode, 303);
  };
  await t.browser().signUp({ name: 'Alice Admin', email: 'alice@example.org' });
  await assign('mi-aimh', 'alice@example.org', ['admin']);
  await applicant('Ann Applicant', 'ann@example.org', 'mi-aimh', 'IMHS');
  await applicant('Cora Connecticut', 'cora@example.org', 'ct-aimh', 'IFA');

  nora = await openChromium();
  users.push(nora);
  alice = await openChromium();
  users.push(alice);
});

after(async () => {
  for (const u of users) await u.close().catch(() => {});
  await t?.close();
  if (audited.length) {
    const lesser = audited.flatMap((a) => a.findings.map((f) => `${a.name}: ${f.impact} ${f.id}`));
    console.log(
      `axe checked ${audited.length} pages; screenshots in ${screenshotDir}` +
        (lesser.length ? `; lesser findings: ${lesser.join(', ')}` : '; no findings'),
    );
  }
});

describe('journey: sign up, get a role, see what it allows and nothing else', () => {
  test('a new user signs up through the page', async () => {
    const { page } = nora;
    assert.equal(await open(page, '/'), 200);
    await audit(page, 'role-journey-01-home-visitor');

    await page.getByRole('banner').getByRole('link', { name: 'Create an account' }).click();
    await page.waitForURL(`${base}/sign-up`);
    await audit(page, 'role-journey-02-sign-up');

    // The link in the e-mail confirms the address; then she chooses a password.
    await signUpThroughPages(
      page,
      base,
      () => t.mail(),
      { ...NORA, password: PASSWORD },
      (name) => audit(page, `role-journey-02-${name}`),
    );
    await page.getByText(`Welcome, ${NORA.name}`).waitFor();
    await audit(page, 'role-journey-03-home-signed-up');

    // No role yet: no association in the navigation, and its pages are closed.
    assert.equal(await nav(page).getByRole('link', { name: 'Applications', exact: true }).count(), 0);
    assert.equal(await open(page, '/associations/mi-aimh/applications'), 404);
    await audit(page, 'role-journey-04-applications-before-role-404');
  });

  test('the association admin signs in and makes them coordinator on the people page', async () => {
    const { page } = alice;
    assert.equal(await open(page, '/sign-in'), 200);
    await audit(page, 'role-journey-05-sign-in');
    const form = page.locator('form[action="/sign-in"]');
    await form.getByLabel('E-mail address').fill('alice@example.org');
    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/`);

    await nav(page).getByRole('link', { name: 'People & roles' }).click();
    await page.waitForURL(`${base}/associations/mi-aimh/people`);
    await audit(page, 'role-journey-06-people');

    await page.getByLabel('Their e-mail address').fill(NORA.email);
    await page.getByRole('checkbox', { name: 'Coordinator' }).check();
    await page.getByRole('button', { name: 'Save roles' }).click();
    await page.getByText(`${NORA.email} now holds: Coordinator.`).waitFor();
    assert.equal(await page.getByRole('row', { name: new RegExp(`${NORA.name}.*Coordinator`) }).count(), 1);
    await audit(page, 'role-journey-07-people-role-given');
  });

  test('the new user reloads and sees the Applications, Endorsements, Renewals, Reviewers and Exam sittings links of mi-aimh and the list', async () => {
    const { page } = nora;
    // Still on the page that was closed to them a moment ago.
    assert.equal(page.url(), `${base}/associations/mi-aimh/applications`);
    const response = await page.reload();
    assert.equal(response?.status(), 200);
    const hrefs = await nav(page)
      .getByRole('link')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, [
      '/',
      '/applications',
      '/associations/mi-aimh/applications',
      '/associations/mi-aimh/endorsements',
      '/associations/mi-aimh/renewals',
      '/associations/mi-aimh/reviewers',
      '/associations/mi-aimh/exam/sittings',
    ]);
    await nav(page).getByRole('link', { name: 'Applications', exact: true }).waitFor();
    // Ann's application is a draft: the list shows drafts when asked for.
    await page.getByLabel('State', { exact: true }).selectOption({ label: 'Every state, drafts too' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/status=all/);
    const table = page.getByRole('table');
    await table.getByText('ann@example.org').waitFor();
    assert.equal(await table.getByText('cora@example.org').count(), 0, "ct-aimh's applicant is not listed");
    await audit(page, 'role-journey-08-applications-after-role');

    await page.getByRole('link', { name: /Ann Applicant/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Ann Applicant: IMHS application' }).waitFor();
    await page.getByRole('cell', { name: 'application.start' }).waitFor();
    await audit(page, 'role-journey-09-application');

    await nav(page).getByRole('link', { name: 'Home' }).click();
    await page.waitForURL(`${base}/`);
    await audit(page, 'role-journey-10-home-coordinator');
  });

  test('and nothing else: not the people page, not another association, not site admin', async () => {
    const { page } = nora;
    for (const [path, name] of [
      ['/associations/mi-aimh/people', '11-people-404'],
      ['/associations/mi-aimh/api-tokens', '12-api-tokens-404'],
      ['/associations/ct-aimh/applications', '13-other-association-404'],
      ['/admin/associations', '14-site-admin-404'],
    ] as const) {
      assert.equal(await open(page, path), 404, path);
      await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
      assert.equal(await page.getByText('cora@example.org').count(), 0);
      await audit(page, `role-journey-${name}`);
    }
  });

  test('keyboard: the skip link is the first Tab stop and moves focus to the main content', async () => {
    const { page } = nora;
    assert.equal(await open(page, '/associations/mi-aimh/applications'), 200);
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { className: el?.className, text: el?.textContent?.trim(), href: el?.getAttribute('href') };
    });
    assert.deepEqual(first, { className: 'skip-link', text: 'Skip to main content', href: '#main' });
    const box = await page.locator('a.skip-link').boundingBox();
    assert.ok(box && box.x >= 0 && box.y >= 0, 'the skip link comes into view when it has focus');
    await audit(page, 'role-journey-15-skip-link-focused');

    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'main');
    // The next Tab stop is inside the main content, past the navigation.
    await page.keyboard.press('Tab');
    assert.ok(
      await page.evaluate(() => !!document.activeElement?.closest('main')),
      'after the skip link, Tab continues in the main content',
    );
  });

  test('the browser reported no Content-Security-Policy refusals or script errors', () => {
    assert.deepEqual([...nora.problems, ...alice.problems], []);
  });
});
