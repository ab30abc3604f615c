// `npm run bench`: every bench/*.bench.ts, each in its own process (so one's
// heap and JIT do not colour the next), in name order, then one line per file.
// Exits non-zero when any missed a target. `npm run bench -- engine peer` runs
// only the files whose names contain one of the words. BENCH_SMOKE=1 (CI)
// runs them small: they must run to the end, the figures are not held to targets.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const dir = new URL('.', import.meta.url).pathname;
const only = process.argv.slice(2);
const all = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .sort();
const files = all.filter((f) => !only.length || only.some((word) => f.includes(word)));
if (!files.length) {
  console.error(
    `No benchmark's name contains ${only.map((w) => `"${w}"`).join(' or ')}; the benchmarks are: ` +
      `${all.map((f) => f.replace(/\.bench\.ts$/, '')).join(', ')}.`,
  );
  process.exit(2);
}

const results: Array<{ file: string; ok: boolean; seconds: number }> = [];
for (const file of files) {
  console.log(`\n=== ${file} ${'='.repeat(Math.max(0, 70 - file.length))}`);
  const start = Date.now();
  const run = spawnSync(process.execPath, ['--import', 'tsx', `${dir}${file}`], { stdio: 'inherit' });
  results.push({ file, ok: run.status === 0, seconds: (Date.now() - start) / 1000 });
}
console.log(`\n=== summary ${process.env.BENCH_SMOKE === '1' ? '(smoke run) ' : ''}${'='.repeat(58)}`);
for (const r of results) {
  console.log(`${r.ok ? 'PASS' : 'FAIL'}  ${r.file.padEnd(24)} ${r.seconds.toFixed(1)} s`);
}
if (results.some((r) => !r.ok)) process.exitCode = 1;
