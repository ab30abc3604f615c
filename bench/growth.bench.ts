// `npm run bench` (growth): what a portfolio of 10, 100, 1,000 and 5,000
// entries costs the engine and the applicant's checklist page, and how that
// cost grows: the exponent k of time ≈ c·entries^k, fitted over the sizes.
//
//   every series (engine from JSON, all credentials of an association, the page):
//   the exponent between the two largest sizes                                 k ≤ 1.2
//
// Why 1.2, and why the two largest: between 1,000 and 5,000 entries sorting
// (n log n) fits 1.13 and a quadratic 2. Over all four sizes the fixed cost,
// most of the time at 10 and 100 entries, hides growth (the fit over all
// sizes is printed beside). A quadratic part shows only as far as it is a
// share of the time: the former RSC window search (entries × window length)
// made all credentials of an association 3.6 times slower at 5,000 entries,
// yet that series fitted 1.14 between the two largest in CPU time.
//
// The entries are work, training and RSC, shared 1 : 2 : 2 at every size, so
// that the exponent is about size alone: the large portfolio's 1 : 10 : 2 would
// put 3,846 trainings in the portfolio of 5,000, over the 2,000 a section may
// hold (MAX_SECTION_ENTRIES); 1 : 2 : 2 gives 1,000 / 2,000 / 2,000 there. The
// other sections (3 degrees, 6 references, memberships…) are the large
// portfolio's at every size.
//
// The page: each portfolio is imported by its own applicant through the import
// forms (in parts when it holds more than one import may add, as the import
// page tells people to), then a server process (as `npm start`) serves
// `/applications/:id` to one connection at a time. SQLite by default;
// PostgreSQL with TEST_DATABASE_URL.
import { randomBytes } from 'node:crypto';
import { MAX_IMPORT_ENTRIES, MAX_SECTION_ENTRIES } from '../src/engine/limits.ts';
import type { PortfolioInput } from '../src/engine/portfolio.ts';
import { eligible, evaluate, preparePortfolio } from '../src/index.ts';
import { startApp } from '../test/helpers/http.ts';
import { applicant, confirmImport, submitMultipart } from '../test/helpers/portfolio-http.ts';
import { largePortfolio, sizeOfEntries } from './fixtures.ts';
import { check, finish, growthExponent, ms, scale, smoke, verdict } from './harness.ts';
import { load, startEndorseOn, visitorWith } from './load.ts';

const ON = '2026-11-22';
const SIZES = smoke ? [10, 100] : [10, 100, 1000, 5000];
const SHARES = { work: 1, training: 2, rsc: 2 };
const CLOSE_TO_LINEAR = 1.2;
const sections = ['work', 'training', 'rsc'] as const;

const portfolios = SIZES.map((entries) => ({
  entries,
  raw: largePortfolio(20261122, sizeOfEntries(entries, SHARES), ON),
}));
console.log(`Endorse growth benchmark: Node ${process.version}; portfolios of ${SIZES.join(', ')} entries`);
for (const { entries, raw } of portfolios)
  console.log(
    `  ${String(entries).padStart(5)}: ${sections.map((s) => `${raw[s]!.length} ${s}`).join(', ')}`,
  );
const largest = portfolios.at(-1)!.raw;
check(
  'every section within its cap',
  sections.every((s) => largest[s]!.length <= MAX_SECTION_ENTRIES),
  `the largest section of ${SIZES.at(-1)} entries holds ${Math.max(...sections.map((s) => largest[s]!.length))}, ` +
    `a section may hold ${MAX_SECTION_ENTRIES}`,
);

type Series = Array<{ size: number; value: number }>;
function growth(name: string, series: Series, unit: (v: number) => string) {
  const all = growthExponent(series).toFixed(2);
  console.log(`  ${name}: ${series.map((p) => `${p.size} → ${unit(p.value)}`).join(', ')}; over all: ${all}`);
  verdict(
    `growth exponent, ${name}`,
    growthExponent(series.slice(-2)),
    { atMost: CLOSE_TO_LINEAR },
    (v) => v.toFixed(2),
    `${series.at(-2)!.size} to ${series.at(-1)!.size} entries`,
  );
}

// --- The engine -------------------------------------------------------------------------------
/**
 * Milliseconds of CPU per call, over a loop: on a machine shared with other
 * work, wall-clock medians of single calls wander by 50% from run to run,
 * which is the whole margin between linear and not; the CPU a loop used wanders far less.
 */
function cpuPerCall(fn: () => unknown, runs: number): number {
  runs = scale(runs, Math.min(runs, 20));
  for (let i = 0; i < Math.min(runs, 20); i++) fn();
  const before = process.cpuUsage();
  for (let i = 0; i < runs; i++) fn();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / runs;
}

console.log('\nThe engine (CPU per call, over a loop)');
const fromJson: Series = [];
const association: Series = [];
for (const { entries, raw } of portfolios) {
  const runs = Math.min(2000, Math.max(20, Math.round(50_000 / entries)));
  const one = cpuPerCall(() => evaluate(raw, { association: 'mi-aimh', credential: 'IMHS', on: ON }), runs);
  const prepared = preparePortfolio(raw);
  const all = cpuPerCall(() => eligible(prepared, { association: 'mi-aimh', on: ON }), runs);
  console.log(
    `  ${String(entries).padStart(5)} entries: evaluate(JSON, mi-aimh IMHS) ${ms(one)}, ` +
      `eligible(prepared, mi-aimh) ${ms(all)}`,
  );
  fromJson.push({ size: entries, value: one });
  association.push({ size: entries, value: all });
}
growth('engine, one credential from JSON', fromJson, ms);
growth('engine, all credentials of an association (prepared)', association, ms);

// --- The checklist page -----------------------------------------------------------------------
/** The document in imports of at most MAX_IMPORT_ENTRIES entries: the trainings that do not fit come after. */
function importParts(doc: PortfolioInput): PortfolioInput[] {
  const lists = Object.values(doc).filter(Array.isArray) as unknown[][];
  const over = lists.reduce((n, list) => n + list.length, 0) - MAX_IMPORT_ENTRIES;
  if (over <= 0) return [doc];
  const training = doc.training!;
  return [
    { ...doc, training: training.slice(0, training.length - over) },
    { format: doc.format, person: doc.person, training: training.slice(training.length - over) },
  ];
}

const secret = randomBytes(32).toString('base64url');
const t = await startApp({ rateLimit: 1_000_000, env: { ENDORSE_SECRET: secret } });
const people: Array<{ entries: number; cookies: Map<string, string>; application: string }> = [];
try {
  for (const { entries, raw } of portfolios) {
    const email = `applicant${entries}@example.org`;
    const a = await applicant(t, `Applicant ${entries}`, email, [['mi-aimh', 'IMHS']]);
    for (const part of importParts(raw)) {
      const preview = await submitMultipart(a.browser, '/portfolio/import', '/portfolio/import', {
        json: JSON.stringify(part),
      });
      if (preview.statusCode !== 200) throw new Error(`the import check answered ${preview.statusCode}`);
      const done = await confirmImport(a.browser, preview.body);
      if (done.statusCode !== 303) throw new Error(`the import answered ${done.statusCode}`);
    }
    people.push({ entries, cookies: a.browser.cookies, application: a.applications[0]! });
  }
  await t.app.close();
  await t.product.close();
  await t.db.close();

  const server = await startEndorseOn(t.db, secret);
  try {
    const seconds = smoke ? 1 : 3;
    console.log(`\nThe checklist page /applications/:id, 1 connection, ${seconds} s each (${t.db.dialect})`);
    const page: Series = [];
    for (const { entries, cookies, application } of people) {
      const visitor = visitorWith(server.url, cookies);
      const path = `/applications/${application}`;
      const first = await visitor.get(path);
      const requirements = ((await first.text()).match(/class="requirement requirement-/g) ?? []).length;
      check(
        `the checklist of ${entries} entries`,
        first.status === 200 && requirements > 0,
        `${first.status}, ${requirements} requirements`,
      );
      const r = await load(server.url, path, { connections: 1, seconds, cookie: visitor.cookie });
      console.log(
        `  ${String(entries).padStart(5)} entries: median ${ms(r.p50)}, p99 ${ms(r.p99)} (${r.requests} requests)`,
      );
      check(`every answer 200 (${entries} entries)`, r.failed === 0, `${r.failed} of ${r.requests} not 200`);
      page.push({ size: entries, value: r.p50 });
    }
    growth('checklist page, median latency', page, ms);
  } finally {
    await server.stop();
  }
} finally {
  await t.db.cleanup();
}
finish();
