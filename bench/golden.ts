// `npm run golden`: writes test/fixtures/engine-golden.json.gz, the engine's
// results over the portfolios of test/helpers/golden.ts, which
// test/unit/engine/golden.test.ts holds the engine to, byte for byte.
//
// Run it only when a change of results is intended (a catalog corrected, a
// reading changed), never to make the golden test pass after an
// optimization: the test failing is the point. Say in the commit which
// results changed and why.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { caseLines, compress, GOLDEN_FILE, goldenCases, goldenText } from '../test/helpers/golden.ts';

const started = process.hrtime.bigint();
const cases = goldenCases();
const lines = cases.map(caseLines);
const text = goldenText(lines);
const stored = compress(text);
writeFileSync(GOLDEN_FILE, stored);

const calls = lines.reduce((n, c) => n + c.calls.length, 0);
const errors = lines.reduce((n, c) => n + c.calls.filter((x) => x.line.includes('"error":')).length, 0);
const met = lines.reduce((n, c) => n + c.calls.filter((x) => x.line.includes('"status":"met"')).length, 0);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
console.log(
  `${fileURLToPath(GOLDEN_FILE)}: ${cases.length} portfolios, ${calls} calls (${errors} refused, ${met} with something met); ` +
    `${mb(Buffer.byteLength(text))} of JSON, ${mb(stored.length)} stored, in ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`,
);
