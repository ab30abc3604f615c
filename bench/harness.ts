// What every benchmark of `npm run bench` shares: timing, medians, and the
// verdict lines (PASS or FAIL, each figure beside its target). A file calls
// `finish()` at its end, which lists what was missed and exits non-zero.
//
// BENCH_SMOKE=1 (CI) runs each benchmark small and once: it must run to the
// end, but its figures are not held to the targets, since CI machines are
// noisy. The verdict lines still say what was measured.
export const smoke = process.env.BENCH_SMOKE === '1';

/** `full` normally; `small` in a smoke run. */
export const scale = (full: number, small: number): number => (smoke ? small : full);

/** Milliseconds since `start` (a process.hrtime.bigint() reading). */
export const msSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;

/** Runs `fn` `warmup` times, then times `samples` single runs; returns the sorted times in ms. */
export function sample(fn: () => unknown, samples: number, warmup = Math.min(500, samples)): number[] {
  samples = scale(samples, Math.min(samples, 20));
  warmup = scale(warmup, Math.min(warmup, 5));
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += fn() ? 1 : 0;
  const times = new Array<number>(samples);
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    sink += fn() ? 1 : 0;
    times[i] = msSince(start);
  }
  if (sink < 0) console.log(sink); // keeps the results alive
  return times.sort((a, b) => a - b);
}

/** As `sample`, for a function whose result is awaited. */
export async function sampleAsync(
  fn: () => unknown,
  samples: number,
  warmup = Math.min(500, samples),
): Promise<number[]> {
  samples = scale(samples, Math.min(samples, 20));
  warmup = scale(warmup, Math.min(warmup, 5));
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += (await fn()) ? 1 : 0;
  const times = new Array<number>(samples);
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    sink += (await fn()) ? 1 : 0;
    times[i] = msSince(start);
  }
  if (sink < 0) console.log(sink);
  return times.sort((a, b) => a - b);
}

export const median = (sorted: readonly number[]): number => sorted[Math.floor(sorted.length / 2)]!;
export const p95 = (sorted: readonly number[]): number => sorted[Math.floor(sorted.length * 0.95)]!;
export const sorted = (values: readonly number[]): number[] => [...values].sort((a, b) => a - b);

/** A duration in milliseconds, with more digits below 0.1 ms. */
export const ms = (value: number): string => `${value < 0.1 ? value.toFixed(4) : value.toFixed(3)} ms`;

/**
 * The exponent k of time ≈ c·size^k, fitted by least squares on logarithms:
 * 1 is linear, 2 quadratic.
 */
export function growthExponent(points: ReadonlyArray<{ size: number; value: number }>): number {
  const xs = points.map((p) => Math.log(p.size));
  const ys = points.map((p) => Math.log(p.value));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}

const failures: string[] = [];

/**
 * Prints one figure against its target and remembers a miss. `atMost`: the
 * figure must not exceed the target (times, memory); `atLeast`: it must reach
 * it (throughput, ratios of speed-up).
 */
export function verdict(
  name: string,
  value: number,
  target: { atMost: number } | { atLeast: number } | { below: number },
  unit: (value: number) => string = String,
  where = '',
): boolean {
  const [pass, wanted] =
    'atMost' in target
      ? [value <= target.atMost, `≤ ${unit(target.atMost)}`]
      : 'atLeast' in target
        ? [value >= target.atLeast, `≥ ${unit(target.atLeast)}`]
        : [value < target.below, `< ${unit(target.below)}`];
  const at = where ? ` (${where})` : '';
  if (!pass) failures.push(`${name}${at}: ${unit(value)}, target ${wanted}`);
  console.log(`${pass ? 'PASS' : 'FAIL'}  ${name}: ${unit(value)}${at}; target ${wanted}`);
  return pass;
}

/** A check that is not a figure (two answers agree, nothing failed): must hold in smoke runs too. */
const broken: string[] = [];
export function check(name: string, pass: boolean, detail: string): void {
  if (!pass) broken.push(`${name}: ${detail}`);
  console.log(`${pass ? 'PASS' : 'FAIL'}  ${name}: ${detail}`);
}

/** Ends the benchmark: lists what was missed; exits non-zero on a miss (in a smoke run, only when a check failed). */
export function finish(): void {
  const missed = [...broken, ...failures];
  if (missed.length) {
    console.log(`${missed.length} target(s) missed:\n${missed.map((f) => `  - ${f}`).join('\n')}`);
    if (smoke) console.log('(smoke run: only the checks count)');
  } else {
    console.log('All targets met.');
  }
  if (broken.length || (!smoke && failures.length)) process.exitCode = 1;
}
