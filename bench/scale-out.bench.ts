// Beyond one machine's one process: two Endorse processes on one PostgreSQL
// database serve the applicant's checklist page together. The benchmark
// starts a throwaway PostgreSQL (`.ci/postgres`; or a fresh database on the
// server TEST_DATABASE_URL names), fills it with the demo data, starts two
// servers on it (each its own data directory, the same ENDORSE_SECRET), signs
// Rosa in on the first, and drives `/applications/:id` with 10 connections:
// on one process, then split 5 + 5 over both at once with the same session
// cookie (sessions live in the database). It prints the combined throughput
// against one process's, and where the machine's CPU time went meanwhile:
// on 2 cores the load generator and PostgreSQL compete with the servers.
import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { check, finish, msSince, scale, verdict } from './harness.ts';
import {
  load,
  type LoadResult,
  type ServerProcess,
  startEndorse,
  Visitor,
  waitForIdleQueue,
} from './load.ts';

const root = new URL('..', import.meta.url).pathname;
const seconds = scale(8, 1);
const rounds = scale(2, 1);
const connections = 10;
const secret = randomBytes(32).toString('base64url');

/** A database of this run's own, and how to be rid of it. */
interface Database {
  url: string;
  /** The PostgreSQL server's main process, when this run started it (its CPU time is counted). */
  postmaster: number | undefined;
  drop(): Promise<void>;
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function openDatabase(): Promise<Database> {
  const shared = process.env.TEST_DATABASE_URL;
  if (shared) {
    const name = `endorse_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin(shared, `create database "${name}" template template0`);
    const url = new URL(shared);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      postmaster: undefined,
      drop: () => admin(shared, `drop database if exists "${name}" with (force)`),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'endorse-bench-pg-'));
  const stop = () => {
    execFileSync(join(root, '.ci/postgres'), ['stop', dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const out = execFileSync(join(root, '.ci/postgres'), ['start', dir], { encoding: 'utf8' });
    const url = /TEST_DATABASE_URL=(\S+)/.exec(out)![1]!;
    const postmaster = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    return { url, postmaster, drop: async () => stop() };
  } catch (e) {
    stop();
    throw e;
  }
}

// CPU time from /proc, in seconds: utime + stime (+ cutime + cstime, for the
// PostgreSQL children that have ended), fields 14 to 17 of /proc/<pid>/stat.
const tick = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' '); // fields from the third on
  } catch {
    return undefined;
  }
}
function cpuOf(pid: number, children = false): number {
  const f = statFields(pid);
  if (!f) return 0;
  const own = Number(f[11]) + Number(f[12]);
  return (children ? own + Number(f[13]) + Number(f[14]) : own) / tick;
}
/** The PostgreSQL server: its main process, its live children, and its ended children. */
function postgresCpu(postmaster: number): number {
  let total = cpuOf(postmaster, true);
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    if (Number(statFields(Number(name))?.[1]) === postmaster) total += cpuOf(Number(name), true);
  }
  return total;
}
/** The whole machine's busy CPU seconds (every core), from /proc/stat. */
function machineCpu(): number {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return (user! + nice! + system! + irq! + softirq! + steal!) / tick;
}

interface CpuReading {
  at: bigint;
  parts: Map<string, number>;
}
function readCpu(servers: readonly ServerProcess[], db: Database): CpuReading {
  const parts = new Map<string, number>();
  servers.forEach((s, i) => parts.set(`${ENDORSE} ${i + 1}`, cpuOf(s.child.pid!)));
  if (db.postmaster) parts.set(POSTGRES, postgresCpu(db.postmaster));
  const own = process.cpuUsage();
  parts.set(GENERATOR, (own.user + own.system) / 1e6);
  parts.set(MACHINE, machineCpu());
  return { at: process.hrtime.bigint(), parts };
}
const ENDORSE = 'Endorse process';
const POSTGRES = 'PostgreSQL';
const GENERATOR = 'load generator (autocannon, this process)';
const MACHINE = 'machine, all processes';

/**
 * Prints, over the spans of one kind of run, how many cores each part kept
 * busy and its CPU milliseconds per request answered; returns the latter.
 */
function printCpu(label: string, spans: ReadonlyArray<[CpuReading, CpuReading]>, requests: number) {
  const wall = spans.reduce((t, [from, to]) => t + Number(to.at - from.at) / 1e9, 0);
  const used = (name: string) =>
    spans.reduce((t, [from, to]) => t + to.parts.get(name)! - from.parts.get(name)!, 0);
  const lines = [...spans[0]![0].parts.keys()].map((name) => ({ name, seconds: used(name) }));
  const machine = lines.pop()!;
  const counted = lines.reduce((sum, l) => sum + l.seconds, 0);
  lines.push({ name: 'everything else on the machine', seconds: Math.max(0, machine.seconds - counted) });
  console.log(
    `  CPU, ${label}, ${requests} requests: cores busy on average over ${wall.toFixed(1)} s (of ${cpus().length}), CPU ms per request`,
  );
  for (const l of [...lines, machine])
    console.log(
      `    ${l.name.padEnd(44)} ${(l.seconds / wall).toFixed(2)}  ${requests ? `${((l.seconds * 1000) / requests).toFixed(2)} ms` : '—'}`,
    );
  const perRequest = (prefix: string) =>
    (lines.filter((l) => l.name.startsWith(prefix)).reduce((t, l) => t + l.seconds, 0) * 1000) / requests;
  return { endorse: perRequest(ENDORSE), postgres: perRequest(POSTGRES), generator: perRequest(GENERATOR) };
}

const describe = (r: LoadResult) =>
  `${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.requests} requests, ${r.failed} not 200`;

const dataDirs: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'endorse-bench-'));
  dataDirs.push(dir);
  return dir;
};
let step = process.hrtime.bigint();
const took = (what: string) => {
  console.log(`  ${what} in ${(msSince(step) / 1000).toFixed(1)} s`);
  step = process.hrtime.bigint();
};
const db = await openDatabase();
const servers: ServerProcess[] = [];
try {
  console.log(
    `scale-out: the checklist page on one and on two Endorse processes, one PostgreSQL; ${seconds}-s loads`,
  );
  took(db.postmaster ? 'PostgreSQL started' : 'database made');
  const common = { DATABASE_URL: db.url, ENDORSE_SECRET: secret };
  await run(process.execPath, ['bin/endorse.js', 'seed', '--demo'], {
    ...common,
    ENDORSE_DATA_DIR: dataDir(),
  });
  took('demo data seeded');
  servers.push(
    ...(await Promise.all([1, 2].map(() => startEndorse({ ...common, ENDORSE_DATA_DIR: dataDir() })))),
  );
  const [a, b] = servers as [ServerProcess, ServerProcess];
  took('two servers started at once');

  const rosa = new Visitor(a.url);
  await rosa.signIn('rosa@demo.endorse.test', 'endorse-demo-password');
  const list = await (await rosa.get('/applications')).text();
  const path = /href="(\/applications\/[0-9a-f-]{36})"/.exec(list)?.[1];
  if (!path) throw new Error("no application on Rosa's list of applications");
  const opened = await Promise.all(
    [a, b].map(async (s) => (await fetch(s.url + path, { headers: { cookie: rosa.cookie } })).status),
  );
  check(
    'the session made on process 1 opens the page on both',
    opened.every((status) => status === 200),
    `${path}: ${opened.join(', ')}`,
  );

  // The servers' own start-up work (the daily sweeps over the demo data) is done before measuring.
  await waitForIdleQueue({ databaseUrl: db.url, sqliteFile: '' });
  took('the start-up jobs done');

  const options = (share: number) => ({ connections: share, seconds, cookie: rosa.cookie });
  // Warm both servers up (compilation, caches, pools) before anything is measured.
  const warm = await Promise.all(
    [a, b].map((s) => load(s.url, path, { ...options(5), seconds: scale(3, 1) })),
  );

  const one: LoadResult[] = [];
  const two: LoadResult[][] = [];
  const cpuOne: [CpuReading, CpuReading][] = [];
  const cpuTwo: [CpuReading, CpuReading][] = [];
  const work: [DatabaseStats, DatabaseStats, number][] = [];
  for (let round = 0; round < rounds; round++) {
    let before = readCpu(servers, db);
    const statsBefore = await databaseStats(db.url);
    one.push(await load(a.url, path, options(connections)));
    cpuOne.push([before, readCpu(servers, db)]);
    work.push([statsBefore, await databaseStats(db.url), one.at(-1)!.requests]);
    before = readCpu(servers, db);
    two.push(await Promise.all([a, b].map((s) => load(s.url, path, options(connections / 2)))));
    cpuTwo.push([before, readCpu(servers, db)]);
  }
  for (const r of one) console.log(`  one process, ${connections} connections: ${describe(r)}`);
  for (const [r1, r2] of two)
    console.log(
      `  two processes, ${connections / 2} + ${connections / 2} connections: ${describe(r1!)}; ${describe(r2!)}`,
    );
  const [statements, rows, pages] = work.reduce(
    ([t, r, n], [from, to, requests]) => [
      t + to.transactions - from.transactions,
      r + to.rows - from.rows,
      n + requests,
    ],
    [0, 0, 0],
  );
  console.log(
    `  PostgreSQL per checklist page (one process): ${(statements / pages).toFixed(1)} transactions ` +
      `(a statement outside a transaction is one), ${Math.round(rows / pages)} rows read`,
  );
  const count = (runs: LoadResult[]) => runs.reduce((n, r) => n + r.requests, 0);
  printCpu('one process driven', cpuOne, count(one));
  const cost = printCpu('two processes driven', cpuTwo, count(two.flat()));
  if (db.postmaster) {
    // One process is one event loop: at most one core. Two share the machine's cores with
    // PostgreSQL and the load generator, so at these costs per request two give at most:
    const cores = cpus().length;
    const all = cost.endorse + cost.postgres + cost.generator;
    const ceiling = Math.min(2 / cost.endorse, cores / all) / Math.min(1 / cost.endorse, cores / all);
    console.log(
      `  at these CPU costs per request, ${cores} cores allow two processes at most ${ceiling.toFixed(2)}× one ` +
        `(Endorse ${cost.endorse.toFixed(2)} ms, PostgreSQL ${cost.postgres.toFixed(2)} ms, ` +
        `load generator ${cost.generator.toFixed(2)} ms per request; with nothing else running)`,
    );
  }

  const mean = (values: number[]) => values.reduce((x, y) => x + y, 0) / values.length;
  const single = mean(one.map((r) => r.rps));
  const combined = mean(two.map((pair) => pair.reduce((sum, r) => sum + r.rps, 0)));
  verdict(
    'two processes against one, checklist page',
    single > 0 ? combined / single : 0,
    { atLeast: 1.6 },
    (x) => `${x.toFixed(2)}×`,
    `${Math.round(combined)} against ${Math.round(single)} req/s`,
  );
  const all = [...warm, ...one, ...two.flat()];
  check(
    'every answer was 200, on both processes',
    all.every((r) => r.failed === 0) && all.some((r) => r.requests > 0),
    `${all.reduce((n, r) => n + r.requests, 0)} requests, ${all.reduce((n, r) => n + r.failed, 0)} not 200`,
  );
} finally {
  for (const s of servers) await s.stop();
  await db.drop();
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
}
finish();

interface DatabaseStats {
  transactions: number;
  rows: number;
}

/** The database's counts of transactions and of rows read (by scans and by index), from pg_stat_database. */
async function databaseStats(url: string): Promise<DatabaseStats> {
  // The servers report their counts at most once a second, and when idle.
  await new Promise((r) => setTimeout(r, 1500));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ t: string; r: string }>(
      `select xact_commit + xact_rollback as t, tup_returned + tup_fetched as r
       from pg_stat_database where datname = current_database()`,
    );
    return { transactions: Number(rows[0]!.t), rows: Number(rows[0]!.r) };
  } finally {
    await client.end();
  }
}

/** Runs a command in the repository to its end; throws with its output if it fails. */
function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd: root, env: { ...process.env, ...env } }, (error, stdout, stderr) =>
      error ? reject(new Error(`${args.join(' ')}: ${error.message}\n${stdout}${stderr}`)) : resolve(),
    );
  });
}
