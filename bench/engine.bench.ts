// `npm run bench`: how fast the engine judges a large portfolio, against the
// targets. Exits non-zero when a target is missed.
//
//   one credential (prepared portfolio)   median < 0.2 ms   (the slowest credential of any association)
//   all credentials of an association     median < 2 ms     (the slowest association)
//   100,000 renewal years                 total  < 10 s     (one core)
//   preparePortfolio (validation included) median ≤ 0.15 ms (once per document: checks, dates to day numbers)
//
// Also printed, without a target: the same preparation by zod alone (what
// every document took before the one-pass reader, and what a document the
// reader has a doubt about still takes).
import { cpus } from 'node:os';
import {
  catalogs,
  eligible,
  evaluate,
  evaluateRenewal,
  type PreparedPortfolio,
  parsePortfolio,
  preparePortfolio,
} from '../src/index.ts';
import { prepareWithZod } from '../src/engine/portfolio.ts';
import { largePortfolio, largeSize } from './fixtures.ts';
import { finish, median, ms, msSince, p95, sample, scale, verdict } from './harness.ts';

const ON = '2026-11-22';
const raw = largePortfolio();
const prepared = preparePortfolio(raw);

const cpu = cpus()[0]?.model ?? 'unknown CPU';
console.log(`Endorse engine benchmark: Node ${process.version}, ${cpu}`);
console.log(
  `Portfolio: ${largeSize.work} work, ${largeSize.training} training, ${largeSize.rsc} RSC, ` +
    `${largeSize.references} references, ${prepared.degrees.length} degrees, ${prepared.memberships.length} memberships; on ${ON}\n`,
);

// --- Preparing the portfolio: validation, then day numbers -----------------------------------
{
  const document: unknown = JSON.parse(JSON.stringify(raw));
  const validate = sample(() => parsePortfolio(document).ok, 1000, 200);
  const prepare = sample(() => preparePortfolio(document), 1000, 200);
  const byZod = sample(() => prepareWithZod(document), 300, 100);
  console.log('Preparing the portfolio (once per document), from a parsed JSON object');
  console.log(
    `  validation (parsePortfolio)            median ${ms(median(validate))}, p95 ${ms(p95(validate))}`,
  );
  console.log(
    `  preparePortfolio (validation included) median ${ms(median(prepare))}, p95 ${ms(p95(prepare))}`,
  );
  console.log(`  the same by zod alone (prepareWithZod)  median ${ms(median(byZod))}, p95 ${ms(p95(byZod))}`);
  verdict('preparePortfolio, validation included', median(prepare), { atMost: 0.15 }, ms);
  console.log('');
}

// --- One credential ---------------------------------------------------------------------------
const pairs = [...catalogs().values()].flatMap((c) => c.credentials.map((cred) => [c.id, cred.id] as const));
{
  console.log('One credential, prepared portfolio: evaluate(prepared, { association, credential, on })');
  let worst = { value: 0, where: '' };
  for (const [association, credential] of pairs) {
    const times = sample(() => evaluate(prepared, { association, credential, on: ON }), 2000);
    const result = evaluate(prepared, { association, credential, on: ON });
    const unmet = result.requirements.filter((r) => r.status === 'unmet').length;
    console.log(
      `  ${`${association} ${credential}`.padEnd(18)} median ${ms(median(times))}, p95 ${ms(p95(times))}  ` +
        `(${result.status}${unmet ? `, ${unmet} unmet` : ''})`,
    );
    if (median(times) > worst.value) worst = { value: median(times), where: `${association} ${credential}` };
  }
  const fromRaw = sample(
    () => evaluate(raw, { association: 'ct-aimh', credential: 'IMHM-C', on: ON }),
    300,
    100,
  );
  console.log(
    `  for comparison, ct-aimh IMHM-C from raw JSON (validation included): median ${ms(median(fromRaw))}`,
  );
  verdict('one credential, median of the slowest', worst.value, { below: 0.2 }, ms, worst.where);
  console.log('');
}

// --- All credentials of an association ----------------------------------------------------------
{
  console.log('All credentials of an association: eligible(prepared, { association, on })');
  let worst = { value: 0, where: '' };
  for (const catalog of catalogs().values()) {
    const times = sample(() => eligible(prepared, { association: catalog.id, on: ON }), 1000, 200);
    const rows = eligible(prepared, { association: catalog.id, on: ON });
    console.log(
      `  ${catalog.id.padEnd(9)} ${rows.length} credential${rows.length === 1 ? ' ' : 's'} median ${ms(median(times))}, p95 ${ms(p95(times))}  ` +
        `(best fit ${rows[0]?.credential}: ${rows[0]?.status})`,
    );
    if (median(times) > worst.value) worst = { value: median(times), where: catalog.id };
  }
  verdict(
    'all credentials of an association, median of the slowest',
    worst.value,
    { below: 2 },
    ms,
    worst.where,
  );
  console.log('');
}

// --- 100,000 renewal years --------------------------------------------------------------------------
{
  const N = scale(100_000, 2_000);
  // Every credential of every association, over renewal years ending 2007-12-31 … 2026-11-22.
  const ends = Array.from({ length: 20 }, (_, i) => (i === 19 ? ON : `${2007 + i}-12-31`));
  const jobs = ends.flatMap((to) =>
    pairs.map(([association, credential]) => ({ association, credential, to })),
  );
  const run = (portfolio: PreparedPortfolio, count: number) => {
    let met = 0;
    for (let i = 0; i < count; i++) {
      if (evaluateRenewal(portfolio, jobs[i % jobs.length]!).status === 'met') met++;
    }
    return met;
  };
  run(prepared, scale(5000, 200)); // warm-up
  const start = process.hrtime.bigint();
  const met = run(prepared, N);
  const total = msSince(start);
  console.log('Renewal years: evaluateRenewal(prepared, { association, credential, to }), one core');
  console.log(
    `  ${N.toLocaleString('en-US')} evaluations (${jobs.length} distinct years × credentials, ${met} met): ` +
      `${(total / 1000).toFixed(2)} s, ${ms(total / N)} each`,
  );
  verdict(
    `${N.toLocaleString('en-US')} renewal evaluations, total`,
    total / 1000,
    { below: 10 },
    (v) => `${v.toFixed(2)} s`,
  );
  console.log('');
}

finish();
