// Browser tests on Debian's chromium through playwright-core: one browser per
// person (each with a fresh profile, so its own cookies), axe-core checks on
// every page, and screenshots under test-output/screenshots/ for people to
// look at.
//
//   const nora = await openChromium();
//   await nora.page.goto(`${base}/sign-up`);
//   await audit(nora.page, 'sign-up');   // screenshot + axe: no serious or critical violations
//   await nora.close();
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AxeResults } from 'axe-core';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { mailLink } from './http.ts';
import { root } from './run.ts';

/** Debian's chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Why the browser tests cannot run here, or undefined when chromium is installed. */
export function chromiumMissing(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  return (
    `The browser tests need Debian's chromium at ${chromiumPath}, and it is not there. ` +
    'Install it with `scripts/ensure-chromium.sh` (runs `apt-get install -y chromium`, as root or via sudo), ' +
    'or `sudo apt-get install -y chromium`; or set CHROMIUM_PATH to a chromium binary.'
  );
}

export interface ChromiumUser {
  context: BrowserContext;
  page: Page;
  /** Problems the browser reported: Content-Security-Policy refusals and uncaught page errors. */
  problems: string[];
  close(): Promise<void>;
}

/**
 * A headless chromium with a fresh profile (its own cookies): one per person in a journey.
 * `javaScriptEnabled: false` is a browser without scripts (the pages must work without them).
 */
export async function openChromium(o: { javaScriptEnabled?: boolean } = {}): Promise<ChromiumUser> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const profile = mkdtempSync(join(tmpdir(), 'endorse-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1280, height: 900 },
      javaScriptEnabled: o.javaScriptEnabled ?? true,
    });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return {
    context,
    page,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeWindow {
  axe?: { run(context: Document, options: object): Promise<AxeResults> };
}

/**
 * Puts axe-core into the page. The app's Content-Security-Policy (script-src
 * 'self') refuses inline <script> tags, so page.addScriptTag({ content })
 * cannot be used without weakening it; the source is evaluated through the
 * DevTools protocol instead, which the page's CSP does not govern.
 */
async function injectAxe(page: Page): Promise<void> {
  const present = () => page.evaluate(() => typeof (globalThis as AxeWindow).axe?.run === 'function');
  if (await present()) return;
  await page.evaluate(axeSource);
  assert.ok(await present(), 'axe-core could not be put into the page');
}

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Runs axe-core (WCAG 2.x A/AA rules and best practices) on the page; returns its violations. */
export async function runAxe(page: Page): Promise<AxeFinding[]> {
  await injectAxe(page);
  return page.evaluate(async () => {
    const results = await (globalThis as AxeWindow).axe!.run(document, { resultTypes: ['violations'] });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
  });
}

export const screenshotDir = join(root, 'test-output', 'screenshots');

/** Starts the screenshot folder afresh (so that what is there comes from this run). */
/** Removes the screenshots whose names start with `prefix-` (other test files keep theirs). */
export function clearScreenshots(prefix: string): void {
  mkdirSync(screenshotDir, { recursive: true });
  for (const f of readdirSync(screenshotDir)) {
    if (f.startsWith(`${prefix}-`)) rmSync(join(screenshotDir, f), { force: true });
  }
}

/** Saves a full-page screenshot as test-output/screenshots/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Every page audited in this process, with axe's findings (for a summary at the end). */
export const audited: Array<{ name: string; url: string; findings: AxeFinding[] }> = [];

/**
 * Screenshots the page, runs axe on it and fails on any serious or critical
 * violation. Lesser findings are kept in `audited` for the summary.
 */
export async function audit(page: Page, name: string): Promise<AxeFinding[]> {
  await screenshot(page, name);
  const findings = await runAxe(page);
  audited.push({ name, url: page.url(), findings });
  const severe = findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
  assert.deepEqual(
    severe,
    [],
    `${name} (${page.url()}) has serious or critical accessibility violations:\n${severe
      .map((f) => `  ${f.impact} ${f.id}: ${f.help} — ${f.targets.join(', ')}`)
      .join('\n')}`,
  );
  return findings;
}

/**
 * Signs up on the pages as a person does: the sign-up form, then the link in
 * the e-mail it sends (read with `mail`, the TestApp's mail reader), then a
 * password on the page the link opens. `shot` audits each new page by name.
 */
export async function signUpThroughPages(
  page: Page,
  base: string,
  mail: () => Promise<string[]>,
  person: { name: string; email: string; password: string },
  shot: (name: 'check-email' | 'choose-password') => Promise<unknown>,
): Promise<void> {
  await page.getByLabel('Your name').fill(person.name);
  await page.getByLabel('E-mail address').fill(person.email);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Check your e-mail' }).waitFor();
  await shot('check-email');
  const link = mailLink(await mail(), person.email, '/api/auth/magic-link/verify');
  assert.ok(link, `an e-mail to ${person.email} with the link`);
  await page.goto(`${base}${link}`);
  await page.waitForURL(`${base}/account/choose-password`);
  await shot('choose-password');
  await page.getByLabel('Password').fill(person.password);
  await page.getByRole('button', { name: 'Save the password' }).click();
  await page.waitForURL(`${base}/`);
  await page.getByText('Your password is saved. Your account is ready.').waitFor();
}
