// `npm run bench` (second part): an import at the cap through the HTTP app,
// with another person using the site meanwhile, then the pages of the full
// portfolio. SQLite by default; PostgreSQL with TEST_DATABASE_URL. Exits
// non-zero when a target is missed.
//
//   the check of an import at the cap (POST /portfolio/import)        < 1 s
//   adding its entries (POST /portfolio/import/confirm)               < 1 s
//   any request of another person made during either                  < 100 ms
//   the pages of a full portfolio (section, overview, application)    median < 300 ms
import { MAX_IMPORT_ENTRIES, MAX_SECTION_ENTRIES } from '../src/engine/limits.ts';
import type { PortfolioInput } from '../src/engine/portfolio.ts';
import { type Browser, csrfToken, startApp, type TestApp } from '../test/helpers/http.ts';
import { applicant, checkedValues, hiddenValue } from '../test/helpers/portfolio-http.ts';
import { largePortfolio } from './fixtures.ts';
import { finish, median, ms, msSince, scale, smoke, sorted, verdict } from './harness.ts';

/** The entries of the import: the cap, MAX_IMPORT_ENTRIES (a smoke run imports fewer). */
const ENTRIES = scale(MAX_IMPORT_ENTRIES, 500);
const anImport = smoke ? `an import of ${ENTRIES} entries` : 'an import at the cap';

/** A portfolio of exactly ENTRIES entries: every section as a long career would fill it, then some. */
function portfolioAtTheCap(): PortfolioInput {
  const p = largePortfolio(20261122, {
    work: scale(1000, 20),
    training: scale(MAX_SECTION_ENTRIES, 200),
    rsc: scale(1000, 40),
    references: 6,
  });
  const lists = ['degrees', 'work', 'training', 'rsc', 'memberships', 'endorsements'] as const;
  const others = lists.reduce((n, k) => n + (p[k]?.length ?? 0), 0);
  p.leadership = Array.from({ length: ENTRIES - others }, (_, i) => ({
    activity: `Reflective practice group ${i + 1}`,
    from: '2015-01-01',
    to: null,
  }));
  return p;
}

/** Posts a multipart form (as the import page's forms are) with the CSRF token of `page`. */
async function postMultipart(
  b: Browser,
  page: string,
  action: string,
  fields: Record<string, string | string[]>,
) {
  const data = new FormData();
  data.append('_csrf', csrfToken(page));
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) data.append(k, one);
  const request = new Request('http://localhost/', { method: 'POST', body: data });
  return b.app.inject({
    method: 'POST',
    url: action,
    headers: { cookie: b.cookieHeader(), 'content-type': request.headers.get('content-type')! },
    payload: Buffer.from(await request.arrayBuffer()),
  });
}

/**
 * Runs `work` while another person uses the site: one request after the
 * other (`urls` in turn, 10 ms apart); returns how long `work` took and the
 * longest any of those requests took.
 */
async function withTraffic(other: Browser, urls: readonly string[], work: () => Promise<unknown>) {
  const waits: number[] = [];
  let running = true;
  const traffic = (async () => {
    for (let k = 0; running; k++) {
      const start = process.hrtime.bigint();
      const res = await other.get(urls[k % urls.length]!);
      if (res.statusCode !== 200) throw new Error(`${res.statusCode} during the import`);
      waits.push(msSince(start));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  const start = process.hrtime.bigint();
  const result = await work();
  const took = msSince(start);
  running = false;
  await traffic;
  return { result, took, slowest: Math.max(...waits), count: waits.length };
}

async function pageTimes(b: Browser, url: string, runs = 7): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const res = await b.get(url);
    if (res.statusCode !== 200) throw new Error(`GET ${url}: ${res.statusCode}`);
    times.push(msSince(start));
  }
  return median(sorted(times));
}

const t: TestApp = await startApp({ rateLimit: 1_000_000 });
try {
  console.log(
    `Endorse import benchmark: Node ${process.version}, ${t.db.dialect}; an import of ${ENTRIES} entries${smoke ? '' : ' (the cap)'}\n`,
  );
  const rosa = await applicant(t, 'Rosa Example', 'rosa@example.org', [['mi-aimh', 'IMHS']]);
  const sam = await applicant(t, 'Sam Other', 'sam@example.org', [['mi-aimh', 'IMHS']]);
  const samApp = sam.applications[0]!;
  const samPages = ['/readyz', `/portfolio/training?application=${samApp}`, `/applications/${samApp}`];
  for (const url of samPages) await sam.browser.get(url); // warm-up

  const json = JSON.stringify(portfolioAtTheCap());
  console.log(`The file: ${(Buffer.byteLength(json) / 1024 / 1024).toFixed(2)} MB`);
  const importPage = (await rosa.browser.get('/portfolio/import')).body;

  const check = await withTraffic(sam.browser, samPages, () =>
    postMultipart(rosa.browser, importPage, '/portfolio/import', { json }),
  );
  const preview = check.result as Awaited<ReturnType<typeof postMultipart>>;
  if (preview.statusCode !== 200) throw new Error(`the check answered ${preview.statusCode}`);
  console.log(`  the check: ${ms(check.took)}; ${check.count} requests of another person meanwhile`);
  const plan = hiddenValue(preview.body, '/portfolio/import/confirm', 'plan');
  const apply = checkedValues(preview.body, '/portfolio/import/confirm', 'apply');

  const confirm = await withTraffic(sam.browser, samPages, () =>
    postMultipart(rosa.browser, preview.body, '/portfolio/import/confirm', { plan, apply }),
  );
  const done = confirm.result as Awaited<ReturnType<typeof postMultipart>>;
  if (done.statusCode !== 303) throw new Error(`the confirmation answered ${done.statusCode}`);
  console.log(
    `  adding the entries: ${ms(confirm.took)}; ${confirm.count} requests of another person meanwhile`,
  );
  verdict(`the check of ${anImport}`, check.took, { below: 1000 }, ms);
  verdict(`adding the entries of ${anImport}`, confirm.took, { below: 1000 }, ms);
  verdict(
    'the slowest request of another person during the import',
    Math.max(check.slowest, confirm.slowest),
    { below: 100 },
    ms,
  );

  console.log('\nPages of the full portfolio (median of 7)');
  const app = rosa.applications[0]!;
  for (const [name, url] of [
    ['a section page (page 1)', `/portfolio/training?application=${app}`],
    ['the overview', `/portfolio?application=${app}`],
    ['the application page with its checklist', `/applications/${app}`],
  ] as const)
    verdict(name, await pageTimes(rosa.browser, url), { below: 300 }, ms);
} finally {
  await t.close();
}

console.log('');
finish();
