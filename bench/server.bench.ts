// `npm run bench -- server`: how soon `npm start` serves, and how much memory
// the server holds once started, idle. The server is started exactly as
// `npm start` starts it (bench/load.ts's serverCommand, read from
// package.json), each time on a new data directory (so each start also
// creates and migrates its database, as the first start of an installation
// does), and again on a data directory already made (a restart).
//
//   start until /healthz answers (bundle already built)   median < 1.5 s
//   resident memory after start, 2 s idle                  median ≤ 120 MB
//
// Also printed, without a target: the first start after a source changed
// (the bundle is rebuilt first), and the processor time the server used
// until /healthz answered, which a busy machine inflates less than the
// wall-clock time.
import { mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, scale, sorted, verdict, finish } from './harness.ts';
import { type ServerProcess, startEndorse } from './load.ts';

const bundle = new URL('../.build/server.js', import.meta.url);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const megabytes = (mb: number) => `${mb.toFixed(0)} MB`;
const idle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Processor time (user and system, all threads) the process has used, in ms. */
function cpuMs(server: ServerProcess): number {
  const fields = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // clock ticks of 10 ms
}

// The first start after a change: a bundle older than every source is rebuilt before the server starts.
const longAgo = new Date('2000-01-01T00:00:00Z');
try {
  utimesSync(bundle, longAgo, longAgo);
} catch {
  // no bundle yet: this start makes it
}
const cold = await startEndorse();
await cold.stop();
console.log(`first start after a change (bundle rebuilt): ${seconds(cold.startMs)}`);

const runs = scale(7, 1);
const starts: number[] = [];
const rss: number[] = [];
const cpu: number[] = [];
for (let i = 0; i < runs; i++) {
  const server = await startEndorse();
  starts.push(server.startMs);
  cpu.push(cpuMs(server));
  await idle(2000);
  rss.push(await server.rssMb());
  await server.stop();
}

// Restarts on one data directory, made by the first of them.
const dataDir = mkdtempSync(join(tmpdir(), 'endorse-bench-restart-'));
const restarts: number[] = [];
for (let i = 0; i <= runs; i++) {
  const server = await startEndorse({ ENDORSE_DATA_DIR: dataDir });
  if (i > 0) restarts.push(server.startMs);
  await server.stop();
}
rmSync(dataDir, { recursive: true, force: true });

const where = `median of ${runs}, new data directory`;
verdict('npm start until /healthz answers', median(sorted(starts)), { below: 1500 }, seconds, where);
verdict('resident memory after start, 2 s idle', median(sorted(rss)), { atMost: 120 }, megabytes, where);
console.log(
  `restart on a data directory already made: ${seconds(median(sorted(restarts)))} (median of ${runs})`,
);
console.log(`processor time until /healthz answered: ${seconds(median(sorted(cpu)))} (median of ${runs})`);
finish();
