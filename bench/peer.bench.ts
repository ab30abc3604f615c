// `npm run bench` (peer.bench.ts): Endorse against a general rules engine (issue 13).
// The same question, MI-AIMH IMHS on 2026-11-22 for the large portfolio of
// bench/fixtures.ts, each side doing its own work from an already parsed JSON
// object:
//
//   Endorse  evaluate(obj, …): validation, preparation, evaluation, with the explanation
//   peer     engine.run({ portfolio: obj, on }) of bench/peer/mi-imhs-rules-engine.ts,
//            the engine (rules and fact functions) built once beforehand; met/unmet only
//
//   Endorse / peer (medians)                          ≤ 0.2   (Endorse ≤ 1/5 of the peer's time)
//   JSON.parse of the document, text to result        ≤ 1
//
// First it checks that both give the same met/unmet per requirement, for the
// large portfolio and the two examples. Exits non-zero when a target is missed
// or the two disagree.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { evaluate } from '../src/index.ts';
import { largePortfolio, largeSize } from './fixtures.ts';
import { check, finish, median, ms, p95, sampleAsync, verdict } from './harness.ts';
import { type Answer, buildEngine, judge } from './peer/mi-imhs-rules-engine.ts';

const ON = '2026-11-22';
const question = { association: 'mi-aimh', credential: 'IMHS', on: ON } as const;
const raw: unknown = JSON.parse(JSON.stringify(largePortfolio()));
const engine = buildEngine();

console.log(
  `Endorse against json-rules-engine: Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}`,
);
console.log(
  `Portfolio: ${largeSize.work} work, ${largeSize.training} training, ${largeSize.rsc} RSC, ` +
    `${largeSize.references} references; mi-aimh IMHS on ${ON}\n`,
);

// --- Same answers ---------------------------------------------------------------------------------
{
  const example = (file: string): unknown =>
    JSON.parse(readFileSync(new URL(`../examples/${file}`, import.meta.url), 'utf8'));
  const cases: Array<[string, unknown, string]> = [
    ['large portfolio', raw, ON],
    ['examples/portfolio-imhs.json', example('portfolio-imhs.json'), '2026-11-22'],
    ['examples/portfolio-mentor-ct.json', example('portfolio-mentor-ct.json'), '2024-06-01'],
  ];
  console.log('Met/unmet per requirement, Endorse against the peer (mi-aimh IMHS)');
  let agree = true;
  for (const [name, portfolio, on] of cases) {
    const endorse = evaluate(portfolio, { ...question, on });
    const peer: Answer = await judge(engine, portfolio, on);
    const ids = [...new Set([...endorse.requirements.map((r) => r.id), ...Object.keys(peer)])];
    const differ = ids.filter((id) => endorse.requirements.find((r) => r.id === id)?.status !== peer[id]);
    const row = endorse.requirements.map((r) => `${r.id.replace(/^imhs\./, '')} ${r.status}`).join(', ');
    console.log(
      `  ${name} on ${on}: ${differ.length ? `DISAGREE on ${differ.join(', ')}` : 'agree'} (${row})`,
    );
    if (differ.length) agree = false;
  }
  check('the peer gives the same met/unmet as Endorse', agree, agree ? 'agrees' : 'disagrees');
  console.log('');
}

// --- Each side's own work -------------------------------------------------------------------------
{
  const endorse = await sampleAsync(() => evaluate(raw, question), 3000, 500);
  const peer = await sampleAsync(() => engine.run({ portfolio: raw, on: ON }), 3000, 500);
  const ratio = median(endorse) / median(peer);
  console.log('Own work from a parsed JSON object, one question');
  console.log(
    `  Endorse evaluate(obj, …) (validation, preparation, evaluation)  median ${ms(median(endorse))}, p95 ${ms(p95(endorse))}`,
  );
  console.log(
    `  peer engine.run(facts) (engine built once)                      median ${ms(median(peer))}, p95 ${ms(p95(peer))}`,
  );
  verdict(
    'Endorse / peer, medians',
    ratio,
    { atMost: 0.2 },
    (v) => v.toFixed(2),
    'Endorse ≤ 1/5 of the peer',
  );
  console.log('');
}

// --- JSON.parse per evaluation -----------------------------------------------------------------------
{
  const text = JSON.stringify(raw);
  const original = JSON.parse;
  let calls = 0;
  const count = (during: () => unknown) => {
    calls = 0;
    JSON.parse = ((...args: Parameters<typeof JSON.parse>) => {
      calls++;
      return original(...args);
    }) as typeof JSON.parse;
    try {
      during();
    } finally {
      JSON.parse = original;
    }
    return calls;
  };
  const inEvaluate = count(() => evaluate(raw, question));
  const fromText = count(() => evaluate(JSON.parse(text), question));
  console.log('JSON.parse for one Endorse evaluation');
  console.log(
    `  during evaluate(obj, …): ${inEvaluate}; from the document's text (the caller's parse included): ${fromText}`,
  );
  check('JSON.parse of the document, text to result', fromText <= 1, `${fromText}; target ≤ 1`);
  console.log('');
}

finish();
