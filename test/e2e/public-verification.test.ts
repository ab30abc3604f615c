// An employer, not signed in, in Debian's chromium against the real server:
// finds Jo in the registry, opens her credential's verification page, reads
// what the credential means, and checks the credential file she was given by
// pasting it; then a suspended endorsement's page says so. Every page at
// desktop width and at 390 px (fitting the width), checked with axe-core and
// saved under test-output/screenshots/public-verification-NN-*.png.
//
// Needs chromium at /usr/bin/chromium (scripts/ensure-chromium.sh installs it).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { setCredentialStatus } from '../../src/services/credentials.ts';
import { type ChromiumUser, chromiumMissing, openChromium } from '../helpers/chromium.ts';
import { endorsee, type Endorsee } from '../helpers/endorsement.ts';
import type { TestApp } from '../helpers/http.ts';
import { fitsTheWidth, numberedAudits, serveApp } from '../helpers/journey.ts';

let t: TestApp;
let base: string;
let employer: ChromiumUser;
let jo: Endorsee;
const shots = numberedAudits('public-verification');

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** The page at desktop width, then at phone width (fitting it), each audited. */
async function both(page: Page, name: string) {
  await page.setViewportSize(DESKTOP);
  await shots.audit(page, `${name}-desktop`);
  await page.setViewportSize(PHONE);
  await fitsTheWidth(page);
  await shots.audit(page, `${name}-phone`);
}

before(async () => {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  ({ t, base } = await serveApp());
  jo = await endorsee(t, 'Jo Endorsee', 'jo.endorsee@example.org');
  employer = await openChromium();
});
after(async () => {
  await employer?.close();
  await t?.close();
});

test('an employer finds Jo, verifies her credential, reads what it means and checks the file she gave', async () => {
  const page = employer.page;
  await page.goto(`${base}/`);
  await page.getByRole('link', { name: 'Search the registry' }).click();
  await page.getByLabel('Name, credential or association').fill('jo');
  await page.getByRole('button', { name: 'Search' }).click();
  assert.match(await page.locator('.registry-count').innerText(), /1 endorsement matches “jo”/);
  await both(page, 'registry');

  await page.getByRole('link', { name: 'Jo Endorsee' }).click();
  assert.match(await page.locator('.verdict-text').innerText(), /Valid: Jo Endorsee holds/);
  await both(page, 'verification');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download the credential (JSON)' }).click();
  const file = readFileSync((await (await download).path())!, 'utf8');
  assert.equal(JSON.parse(file).credentialSubject.name, 'Jo Endorsee');

  await page.getByRole('link', { name: /What Infant Mental Health Specialist means/ }).click();
  assert.equal(await page.locator('h1').innerText(), 'Infant Mental Health Specialist (IMHS)');
  await both(page, 'achievement');

  await page.goto(`${base}/credentials/verify`);
  await page.getByLabel('Or paste it here').fill('not json');
  await page.getByRole('button', { name: 'Check this credential' }).click();
  assert.match(await page.locator('.error-summary').innerText(), /The text is not JSON/);
  await both(page, 'verify-error');

  await page.getByLabel('Or paste it here').fill(file);
  await page.getByRole('button', { name: 'Check this credential' }).click();
  assert.match(await page.locator('.verdict-text').innerText(), /Valid: Jo Endorsee holds/);
  await both(page, 'verify-valid');

  await t.db.kysely.transaction().execute(async (tx) => {
    await setCredentialStatus(tx, t.product, jo.endorsement, 'suspension', true);
    await tx
      .updateTable('endorsement')
      .set({ status: 'suspended' })
      .where('id', '=', jo.endorsement.id)
      .execute();
  });
  await page.goto(`${base}/credentials/${jo.endorsement.id}`);
  assert.match(await page.locator('.verdict-text').innerText(), /Suspended/);
  await both(page, 'verification-suspended');
  await page.goto(`${base}/registry`);
  assert.match(await page.locator('.registry-count').innerText(), /No one is listed/);
  await both(page, 'registry-empty');
});
