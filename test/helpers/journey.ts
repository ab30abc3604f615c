// Helpers for the applicant's browser journey (test/e2e/applicant-journey.test.ts):
// the real server on a free port, numbered audits (axe + screenshot), the live
// checklist as the page shows it, and the e-mails in the mail directory.
//
//   const s = await serveApp();                    // s.base = 'http://127.0.0.1:PORT'
//   const shots = numberedAudits('applicant-journey');
//   await shots.audit(page, 'sign-up');            // test-output/screenshots/applicant-journey-01-sign-up.png
//   const items = await readChecklist(page);       // [{ id: 'imhs.education', status: 'met', … }]
//   const path = await raterLink(s.t, 'rita@example.org');
import assert from 'node:assert/strict';
import { type AddressInfo, createServer } from 'node:net';
import { test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { audit, type AxeFinding, clearScreenshots } from './chromium.ts';
import { PASSWORD, startApp, type TestApp } from './http.ts';

export interface ServedApp {
  t: TestApp;
  /** http://127.0.0.1:<port> of the listening server. */
  base: string;
}

/**
 * The app on a fresh test database (SQLite, or PostgreSQL with TEST_DATABASE_URL), listening on a
 * free port that is also its BASE_URL, so that links from its e-mails (and better-auth's redirects
 * after them) lead back to it. `now` is the app's clock (as in startApp).
 */
export async function serveApp(options: { now?: () => Date } = {}): Promise<ServedApp> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const base = `http://127.0.0.1:${port}`;
  const t = await startApp({ rateLimit: 100_000, env: { BASE_URL: base }, ...options });
  await t.app.listen({ host: '127.0.0.1', port });
  return { t, base };
}

/**
 * Audits (screenshot + axe-core, failing on serious or critical violations)
 * under names `<prefix>-NN-<name>`, numbered in the order the pages were seen.
 * Removes this prefix's screenshots of an earlier run first, and only those.
 */
export function numberedAudits(prefix: string) {
  clearScreenshots(prefix);
  let n = 0;
  return {
    audit(page: Page, name: string): Promise<AxeFinding[]> {
      n += 1;
      return audit(page, `${prefix}-${String(n).padStart(2, '0')}-${name}`);
    },
  };
}

export interface ChecklistItem {
  /** The requirement's id in the catalog, e.g. imhs.education. */
  id: string;
  /** From the item's class: met or unmet. */
  status: 'met' | 'unmet';
  /** The status as a person reads it: the icon's text alternative ("Met", "Not met yet"). */
  said: string;
  kind: string;
  summary: string;
  missing: string[];
}

/** The live checklist on the page (the section with id "checklist"), item by item. */
export async function readChecklist(page: Page): Promise<ChecklistItem[]> {
  return page.locator('#checklist li.requirement').evaluateAll((items) =>
    items.map((li) => ({
      id: li.id.replace(/^req-/, ''),
      status: li.classList.contains('requirement-met') ? ('met' as const) : ('unmet' as const),
      said: li.querySelector('.status-icon')?.getAttribute('aria-label') ?? '',
      kind: li.querySelector('.requirement-kind')?.textContent?.trim() ?? '',
      summary: li.querySelector('.requirement-summary')?.textContent?.trim() ?? '',
      missing: [...li.querySelectorAll('.requirement-missing li')].map((m) => m.textContent?.trim() ?? ''),
    })),
  );
}

/** { id: status } of the checklist on the page, checking that the words agree with the class. */
export async function checklistStatuses(page: Page): Promise<Record<string, 'met' | 'unmet'>> {
  const items = await readChecklist(page);
  assert.ok(items.length > 0, `no checklist on ${page.url()}`);
  for (const i of items)
    assert.equal(i.said, i.status === 'met' ? 'Met' : 'Not met yet', `the words of ${i.id} on ${page.url()}`);
  return Object.fromEntries(items.map((i) => [i.id, i.status]));
}

/** The checklist item `id` on the page (fails when it is not there). */
export async function checklistItem(page: Page, id: string): Promise<ChecklistItem> {
  const item = (await readChecklist(page)).find((i) => i.id === id);
  assert.ok(item, `the checklist on ${page.url()} has no requirement ${id}`);
  return item;
}

/** Every .eml sent to `address` so far (the mail queue is run first), oldest first, decoded. */
export async function mailTo(t: TestApp, address: string): Promise<string[]> {
  const all = await t.mail();
  const to = new RegExp(`^To: ${address.replace(/[.+]/g, '\\$&')}\\r?$`, 'im');
  return all.filter((m) => to.test(m));
}

/** The path of the rater's single-use link in the latest e-mail to `address`. */
export async function raterLink(t: TestApp, address: string): Promise<string> {
  const mails = await mailTo(t, address);
  assert.ok(mails.length > 0, `an e-mail to ${address} in the mail directory`);
  const links = [...mails.at(-1)!.matchAll(/https?:\/\/\S+?(\/references\/respond\/ref_[A-Za-z0-9_-]+)/g)];
  assert.ok(links.length > 0, `the e-mail to ${address} holds a rater's link`);
  return links.at(-1)![1]!;
}

/** The header value `name` of an .eml text, unfolded (long headers go on over several lines). */
export function header(eml: string, name: string): string | undefined {
  const head = eml.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}: (.*?)\\r?$`, 'im').exec(head)?.[1];
}

/** The steps of a journey build on each other: after one fails, the next ones fail at once, naming it. */
export function journeySteps(): (name: string, fn: () => Promise<void>) => void {
  let broken: string | undefined;
  return (name, fn) =>
    test(name, async () => {
      if (broken) throw new Error(`not run: the earlier step "${broken}" failed`);
      try {
        await fn();
      } catch (e) {
        broken = name;
        throw e;
      }
    });
}

/** Clicks (a form's button, a link) and waits for the page it leads to; returns its HTTP status. */
export async function send(page: Page, button: Locator): Promise<number> {
  const [response] = await Promise.all([page.waitForNavigation(), button.click()]);
  assert.ok(response, `no page after ${page.url()}`);
  return response.status();
}

/** Signs in on the sign-in page with the tests' password and waits for the home page. */
export async function signIn(page: Page, base: string, email: string): Promise<void> {
  await page.goto(`${base}/sign-in`);
  const form = page.locator('form[action="/sign-in"]');
  await form.getByLabel('E-mail address').fill(email);
  await form.getByLabel('Password').fill(PASSWORD);
  await form.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/`);
}

/** Waits for the page's notice (role status) and checks its words. */
export async function expectNotice(page: Page, text: string | RegExp): Promise<void> {
  const box = page.locator('.notice[role="status"]').filter({ hasText: text });
  await box.waitFor();
  const said = (await box.innerText()).trim();
  if (typeof text === 'string') assert.equal(said, text);
  else assert.match(said, text);
}

/** The page does not scroll sideways, no table cell lies beyond the right edge, and captions span their tables. */
export async function fitsTheWidth(page: Page): Promise<void> {
  const { scrollWidth, width, outside, cells } = await page.evaluate(() => {
    const all = [...document.querySelectorAll('td, tbody th')];
    const beyond = all
      .filter((c) => {
        const box = c.getBoundingClientRect();
        return box.width > 1 && box.right > window.innerWidth + 0.5;
      })
      .map((c) => (c.textContent ?? '').trim().slice(0, 40));
    return {
      scrollWidth: document.documentElement.scrollWidth,
      width: window.innerWidth,
      outside: beyond,
      cells: all.length,
    };
  });
  const wide = await page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5)
      .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)
      .slice(0, 8),
  );
  assert.ok(
    scrollWidth <= width,
    `${page.url()} scrolls sideways: ${scrollWidth} px wide in ${width} (${wide.join(', ')})`,
  );
  assert.deepEqual(outside, [], `${page.url()}: ${outside.length} of ${cells} cells are out of sight`);
  const squeezed = await page.locator('table.table-stack caption').evaluateAll((captions) =>
    captions
      .filter((c) => {
        const width = c.getBoundingClientRect().width;
        // A visually hidden caption (1 px) is for screen readers only.
        return width > 1 && width < c.closest('table')!.getBoundingClientRect().width - 1;
      })
      .map((c) => (c.textContent ?? '').trim()),
  );
  assert.deepEqual(squeezed, [], `${page.url()}: captions narrower than their stacked tables`);
}
