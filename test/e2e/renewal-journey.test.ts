// The renewal journey (issue 12) in Debian's chromium against the real
// server on a fresh test database (SQLite, or PostgreSQL with
// TEST_DATABASE_URL), on a clock set to January 15, 2027. Before the story:
// Jo holds IMHS of CT-AIMH and of MI-AIMH, both granted March 1, 2026 (due
// March 1, 2027), and her memberships are recorded; CT-AIMH's renewal fee is
// $75. Then, all through the pages:
//   1. Jo follows "Renew" from her account page to her renewal page: both
//      checklists say training hours are still needed;
//   2. she follows the checklist's link to her training, adds 15 hours once,
//      and comes back: both checklists are met;
//   3. she tries to renew without ticking the attest box (refused at the
//      box), ticks it and renews: the page offers the new credential, valid
//      until March 1, 2028, and she downloads it; her mail says so.
// Every page is checked with axe-core and saved under
// test-output/screenshots/renewal-journey-NN-*.png, at desktop and phone
// width (390 px), where nothing may scroll sideways.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import {
  audited,
  type ChromiumUser,
  chromiumMissing,
  openChromium,
  screenshotDir,
} from '../helpers/chromium.ts';
import { staffMember } from '../helpers/exam.ts';
import type { TestApp } from '../helpers/http.ts';
import {
  expectNotice,
  fitsTheWidth,
  journeySteps,
  mailTo,
  numberedAudits,
  send,
  serveApp,
  signIn,
} from '../helpers/journey.ts';
import {
  addMembership,
  alsoHolds,
  renewingEndorsee,
  type RenewingEndorsee,
  setRenewalSettings,
} from '../helpers/renewal.ts';

const clock = new Date('2027-01-15T09:00:00Z');
let t: TestApp;
let base: string;
let jo: RenewingEndorsee;
let user: ChromiumUser | undefined;
const numbered = numberedAudits('renewal-journey');
const step = journeySteps();
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const ct = 'Infant Mental Health Specialist, Connecticut Association for Infant Mental Health (CT-AIMH)';
const mi = 'Infant Mental Health Specialist, Michigan Association for Infant Mental Health (MI-AIMH)';

/** Screenshot and axe-core at desktop width, then at phone width after checking that it fits: no violation at all. */
async function both(page: Page, name: string): Promise<void> {
  for (const [size, width] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(width);
    if (size === 'phone') await fitsTheWidth(page);
    const findings = await numbered.audit(page, `${name}-${size}`);
    assert.deepEqual(
      findings,
      [],
      `${name} (${page.url()}): ${findings.map((f) => `${f.impact} ${f.id}: ${f.help} — ${f.targets.join(', ')}`).join('; ')}`,
    );
  }
  await page.setViewportSize(DESKTOP);
}

const article = (page: Page, name: string): Locator => page.getByRole('article', { name });
/** The statuses of a checklist in an article, by requirement kind. */
const statuses = (a: Locator) =>
  a.locator('li.requirement').evaluateAll((items) =>
    items.map((li) => ({
      kind: li.querySelector('.requirement-kind')?.textContent?.trim() ?? '',
      said: li.querySelector('.status-icon')?.getAttribute('aria-label') ?? '',
      summary: li.querySelector('.requirement-summary')?.textContent?.trim() ?? '',
    })),
  );

before(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  ({ t, base } = await serveApp({ now: () => clock }));
  const admin = await staffMember(t, 'ct-aimh', 'Ada Admin', 'ada@example.org', ['admin']);
  await setRenewalSettings(t, admin, 'ct-aimh', { feeCents: 7500 });
  jo = await renewingEndorsee(t, 'Jo Renewer', 'jo@example.org', {
    slug: 'ct-aimh',
    credential: 'IMHS',
    grantedOn: '2026-03-01',
  });
  await alsoHolds(t, jo, { slug: 'mi-aimh', credential: 'IMHS', grantedOn: '2026-03-01' });
  await addMembership(t, jo, 'ct-aimh');
  await addMembership(t, jo, 'mi-aimh');
});

after(async () => {
  await user?.close().catch(() => {});
  await t?.close();
  const mine = audited.filter((a) => a.name.startsWith('renewal-journey-'));
  if (mine.length)
    console.log(`axe checked ${mine.length} pages of the renewal journey; screenshots in ${screenshotDir}`);
});

describe('journey: hours entered once, the checklists met, renewed, the new credential downloaded', () => {
  step('the endorsee follows Renew from her account page; both checklists still need training', async () => {
    user = await openChromium();
    const page = user.page;
    await signIn(page, base, 'jo@example.org');
    await page.goto(`${base}/account`);
    const endorsements = page.getByRole('region', { name: 'Your endorsements' });
    assert.equal(await send(page, endorsements.getByRole('link', { name: /^Renew/ }).first()), 200);
    assert.equal(new URL(page.url()).pathname, '/renewals');
    await page.getByRole('heading', { level: 1, name: 'Your renewals' }).waitFor();
    for (const name of [ct, mi]) {
      const a = article(page, name);
      assert.match(await a.innerText(), /Due on March 1, 2027: you can renew now/);
      const training = (await statuses(a)).find((r) => r.kind === 'In-service training');
      assert.equal(training?.said, 'Not met yet', JSON.stringify(await statuses(a)));
      assert.match(training.summary, /0 of 15/);
    }
    assert.match(await article(page, ct).innerText(), /Renewing records as due: renewal fee \$75\.00/);
    await both(page, 'renewals-unmet');
  });

  step('she enters 15 hours once, through the checklist’s link, and both checklists are met', async () => {
    const page = user!.page;
    await send(
      page,
      article(page, ct).getByRole('link', { name: /^Add or change your in-service training/ }),
    );
    assert.equal(new URL(page.url()).pathname, '/portfolio/training');
    const form = page.getByRole('form', { name: 'Add training' });
    await form.getByLabel('Title of the training').fill('Infant mental health and equity');
    await form.getByLabel('Given by (optional)').fill('CT-AIMH');
    await form.getByLabel('Date', { exact: true }).fill('2026-06-01');
    await form.getByLabel('Hours', { exact: true }).fill('15');
    const topics = form.getByRole('group', { name: 'Topics (choose all that apply)' });
    await topics.getByRole('checkbox', { name: 'IMH: specific to infant mental health' }).check();
    await topics.getByRole('checkbox', { name: 'DEI: on diversity, equity and inclusion' }).check();
    assert.equal(await send(page, form.getByRole('button', { name: 'Add training' })), 200);
    await expectNotice(page, 'Training added.');
    await page.goto(`${base}/renewals`);
    for (const name of [ct, mi]) {
      const found = await statuses(article(page, name));
      assert.deepEqual(
        found.filter((r) => r.said !== 'Met'),
        [],
        name,
      );
    }
    await both(page, 'renewals-met');
  });

  step('renewing without the attest box is refused at the box; with it, renewed', async () => {
    const page = user!.page;
    const renew = () => article(page, ct).getByRole('form', { name: /^Renew/ });
    assert.equal(await send(page, renew().getByRole('button', { name: 'Renew the endorsement' })), 400);
    const box = renew().getByRole('checkbox', { name: /I attest/ });
    assert.equal(await box.getAttribute('aria-invalid'), 'true');
    await page
      .getByRole('alert')
      .getByRole('link', { name: /Tick the box to attest/ })
      .waitFor();
    await both(page, 'renew-refused');
    await box.check();
    assert.equal(await send(page, renew().getByRole('button', { name: 'Renew the endorsement' })), 200);
    await expectNotice(page, /Your endorsement is renewed/);
    const text = await article(page, ct).innerText();
    assert.match(text, /Your new credential is valid until March 1, 2028/);
    assert.match(text, /Renewal due\s*March 1, 2028/);
    await both(page, 'renewed');
  });

  step('she downloads the new credential, valid until the new due date; her mail says so', async () => {
    const page = user!.page;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      article(page, ct).getByRole('link', { name: 'Your new credential (JSON)' }).click(),
    ]);
    const file = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { validUntil: string };
    assert.equal(file.validUntil.slice(0, 10), '2028-03-01');
    const mail = (await mailTo(t, 'jo@example.org')).filter((m) => /is renewed/.test(m));
    assert.equal(mail.length, 1);
    assert.match(mail[0]!, /Your next renewal is due on March 1, 2028/);
  });
});
