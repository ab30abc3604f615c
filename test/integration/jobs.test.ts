// The job queue on the real database (SQLite, or PostgreSQL with
// TEST_DATABASE_URL): claiming, leases, retries with backoff, giving up, and
// several runners (connections, then processes) sharing one database without
// ever running a job twice.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  claimDue,
  countFailed,
  countPending,
  enqueue,
  getJob,
  jobState,
  listJobs,
  markDone,
  markFailed,
  pruneDone,
  retryFailed,
} from '../../src/db/repositories/jobs.ts';
import { defaultBackoff, type JobLogger, JobRunner } from '../../src/jobs/queue.ts';
import { openTestDb, type TestDb, testDialect } from '../helpers/db.ts';

const silent: JobLogger = { warn: () => {}, error: () => {} };
const t0 = new Date('2026-11-23T18:00:00.000Z');
const plus = (ms: number): Date => new Date(t0.getTime() + ms);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(`job queue on ${testDialect}`, () => {
  let db: TestDb;
  before(async () => {
    db = await openTestDb();
  });
  after(async () => {
    await db?.cleanup();
  });
  beforeEach(async () => {
    await db.kysely.deleteFrom('job').execute();
  });

  test('enqueue stores the payload as JSON and the job as pending', async () => {
    const payload = { to: 'rosa@example.org', nested: { n: 1.5, list: [true, null, 'é ✓'] } };
    const id = await enqueue(db, 'mail', payload, t0);
    const job = await getJob(db, id);
    assert.ok(job);
    assert.deepEqual(job.payload, payload);
    assert.equal(job.kind, 'mail');
    assert.equal(job.runAt, t0.toISOString());
    assert.equal(job.attempts, 0);
    assert.equal(jobState(job), 'pending');
    assert.equal(await countPending(db), 1);
    assert.equal(await countPending(db, 'reminder'), 0);
  });

  test('claimDue takes only due, unlocked jobs, oldest first, up to the limit and of the given kinds', async () => {
    const a = await enqueue(db, 'mail', 1, plus(-2000));
    const b = await enqueue(db, 'mail', 2, plus(-1000));
    const c = await enqueue(db, 'reminder', 3, plus(-1500));
    await enqueue(db, 'mail', 4, plus(60_000)); // not yet due

    const first = await claimDue(db, 'w1', t0, 1, 10_000, ['mail']);
    assert.deepEqual(
      first.map((j) => j.id),
      [a],
    );
    assert.equal(first[0]!.lockedBy, 'w1');
    assert.equal(first[0]!.lockedUntil, plus(10_000).toISOString());

    const rest = await claimDue(db, 'w2', t0, 10, 10_000);
    assert.deepEqual(
      rest.map((j) => j.id),
      [c, b],
    );
    assert.deepEqual(await claimDue(db, 'w3', t0, 10, 10_000), [], 'everything due is locked');
    assert.deepEqual(await claimDue(db, 'w3', t0, 10, 10_000, []), []);
    assert.deepEqual(await claimDue(db, 'w3', t0, 0, 10_000), []);
  });

  test('an expired lease lets another worker take the job; the first can no longer finish it', async () => {
    const id = await enqueue(db, 'mail', {}, t0);
    assert.equal((await claimDue(db, 'slow', t0, 10, 1000)).length, 1);
    assert.equal((await claimDue(db, 'other', plus(999), 10, 1000)).length, 0);
    const taken = await claimDue(db, 'other', plus(1000), 10, 1000);
    assert.deepEqual(
      taken.map((j) => j.id),
      [id],
    );
    assert.equal(await markDone(db, id, 'slow'), false, 'the lease was taken over');
    assert.equal(await markFailed(db, id, 'late', null, 'slow'), false);
    assert.equal(await markDone(db, id, 'other'), true);
    const job = (await getJob(db, id))!;
    assert.equal(jobState(job), 'done');
    assert.equal(job.lockedBy, null);
    assert.equal(await markDone(db, id), false, 'already done');
  });

  test('markFailed counts the attempt, keeps the error and reschedules, or gives up with null', async () => {
    const id = await enqueue(db, 'mail', {}, t0);
    await claimDue(db, 'w', t0, 1, 1000);
    assert.equal(await markFailed(db, id, 'SMTP said no', plus(5000), 'w'), true);
    let job = (await getJob(db, id))!;
    assert.equal(job.attempts, 1);
    assert.equal(job.lastError, 'SMTP said no');
    assert.equal(job.runAt, plus(5000).toISOString());
    assert.equal(job.lockedBy, null);
    assert.equal(jobState(job), 'pending');
    assert.deepEqual(await claimDue(db, 'w', plus(4999), 1, 1000), []);

    await claimDue(db, 'w', plus(5000), 1, 1000);
    assert.equal(await markFailed(db, id, 'still no', null, 'w', plus(5001)), true);
    job = (await getJob(db, id))!;
    assert.equal(job.attempts, 2);
    assert.equal(jobState(job), 'failed');
    assert.equal(job.doneAt, plus(5001).toISOString());
    assert.equal(job.lastError, 'still no');
    assert.deepEqual(await claimDue(db, 'w', plus(10 ** 9), 1, 1000), []);
  });

  test('a runner retries with exponential backoff, then succeeds', async () => {
    let clock = t0;
    let calls = 0;
    const runner = new JobRunner(db, { now: () => clock, logger: silent, workerId: 'r' });
    runner.handle<{ n: number }>('flaky', async (payload) => {
      assert.deepEqual(payload, { n: 7 });
      calls++;
      if (calls <= 3) throw new Error(`failure ${calls}`);
    });
    const id = await enqueue(db, 'flaky', { n: 7 }, t0);

    let expectedRunAt = t0.getTime();
    for (let attempt = 1; attempt <= 3; attempt++) {
      clock = new Date(expectedRunAt);
      assert.deepEqual(await runner.runOnce(), { claimed: 1, done: 0, retried: 1, gaveUp: 0 });
      const job = (await getJob(db, id))!;
      const delay = defaultBackoff(attempt);
      assert.equal(delay, 60_000 * 2 ** (attempt - 1));
      expectedRunAt += delay;
      assert.equal(job.attempts, attempt);
      assert.equal(job.runAt, new Date(expectedRunAt).toISOString());
      assert.match(job.lastError!, new RegExp(`failure ${attempt}`));
      clock = new Date(expectedRunAt - 1);
      assert.equal((await runner.runOnce()).claimed, 0, 'not before its backoff');
    }
    clock = new Date(expectedRunAt);
    assert.deepEqual(await runner.runOnce(), { claimed: 1, done: 1, retried: 0, gaveUp: 0 });
    const job = (await getJob(db, id))!;
    assert.equal(jobState(job), 'done');
    assert.equal(job.lastError, null);
    assert.equal(job.attempts, 3);
    assert.equal(calls, 4);
  });

  test('a runner gives up after maxAttempts and keeps the last error; an admin can retry it', async () => {
    let clock = t0;
    const logged: string[] = [];
    const runner = new JobRunner(db, {
      now: () => clock,
      maxAttempts: 3,
      backoffMs: () => 1000,
      logger: { warn: (_d, m) => logged.push(`warn ${m}`), error: (_d, m) => logged.push(`error ${m}`) },
    });
    let calls = 0;
    runner.handle('doomed', async () => {
      calls++;
      throw new Error(`boom ${calls}`);
    });
    const id = await enqueue(db, 'doomed', null, t0);
    const reports = [];
    for (let i = 0; i < 5; i++) {
      reports.push(await runner.runOnce());
      clock = new Date(clock.getTime() + 1000);
    }
    assert.deepEqual(
      reports.map((r) => [r.retried, r.gaveUp]),
      [
        [1, 0],
        [1, 0],
        [0, 1],
        [0, 0],
        [0, 0],
      ],
    );
    assert.equal(calls, 3);
    const job = (await getJob(db, id))!;
    assert.equal(jobState(job), 'failed');
    assert.equal(job.attempts, 3);
    assert.match(job.lastError!, /boom 3/);
    assert.equal(await countPending(db), 0);
    assert.equal(await countFailed(db), 1);
    assert.equal(await countFailed(db, 'other'), 0);
    assert.deepEqual(
      (await listJobs(db, { state: 'failed' })).map((j) => j.id),
      [id],
    );
    assert.deepEqual(await listJobs(db, { state: 'pending' }), []);
    assert.equal(logged.filter((l) => l.startsWith('warn')).length, 2);
    assert.match(logged.at(-1)!, /^error job doomed .* failed 3 times; giving up/);

    assert.equal(await retryFailed(db, id, clock), true);
    assert.equal(await countPending(db), 1);
    assert.equal((await getJob(db, id))!.attempts, 0);
    assert.equal((await runner.runOnce()).retried, 1);
  });

  test('a runner claims only the kinds it handles', async () => {
    const runner = new JobRunner(db, { logger: silent });
    const seen: unknown[] = [];
    runner.handle('mail', async (p) => void seen.push(p));
    assert.throws(() => runner.handle('mail', async () => {}), /already registered/);
    await enqueue(db, 'mail', 'a');
    const other = await enqueue(db, 'reminder', 'b');
    assert.deepEqual(await runner.runOnce(), { claimed: 1, done: 1, retried: 0, gaveUp: 0 });
    assert.deepEqual(seen, ['a']);
    const job = (await getJob(db, other))!;
    assert.equal(jobState(job), 'pending');
    assert.equal(job.lockedBy, null);
    assert.equal(await new JobRunner(db).runOnce().then((r) => r.claimed), 0, 'no handlers, no claims');
  });

  test('pruneDone removes old successful jobs and keeps failed and pending ones', async () => {
    const ok = await enqueue(db, 'k', 1, t0);
    const bad = await enqueue(db, 'k', 2, t0);
    const pending = await enqueue(db, 'k', 3, plus(1000));
    await claimDue(db, 'w', t0, 2, 1000);
    await markDone(db, ok, 'w', t0);
    await markFailed(db, bad, 'x', null, 'w', t0);
    assert.equal(await pruneDone(db, plus(1)), 1);
    assert.equal(await getJob(db, ok), undefined);
    assert.ok(await getJob(db, bad));
    assert.ok(await getJob(db, pending));
  });

  test('concurrent claims over several connections never hand out one job twice', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 120; i++) ids.add(await enqueue(db, 'race', i, t0));
    const handles = [db, db.connect(), db.connect(), db.connect()];
    const claimed = await Promise.all(
      Array.from({ length: 24 }, (_, i) => claimDue(handles[i % handles.length]!, `w${i}`, t0, 7, 60_000)),
    );
    const all = claimed.flat().map((j) => j.id);
    assert.equal(new Set(all).size, all.length, 'no job claimed twice');
    assert.equal(all.length, 120, 'and every job claimed');
    assert.ok(
      claimed.every((c) => c.length <= 7),
      'limit respected',
    );
  });

  test('two runners on two connections run every job exactly once', async () => {
    const runs = new Map<string, string[]>();
    const runners = [db, db.connect()].map((handle, i) => {
      const runner = new JobRunner(handle, { workerId: `runner-${i}`, batchSize: 4, logger: silent });
      runner.handle('race', async (_payload, job) => {
        runs.set(job.id, [...(runs.get(job.id) ?? []), runner.workerId]);
        await sleep(Math.random() * 2);
      });
      return runner;
    });
    const total = 80;
    for (let i = 0; i < total; i++) await enqueue(db, 'race', i);
    const drain = async (runner: JobRunner) => {
      let done = 0;
      for (;;) {
        const report = await runner.runOnce();
        if (report.claimed === 0) return done;
        done += report.done;
      }
    };
    const counts = await Promise.all(runners.map(drain));
    assert.equal(runs.size, total);
    for (const [id, by] of runs)
      assert.equal(by.length, 1, `job ${id} ran ${by.length} times (${by.join(', ')})`);
    assert.equal(counts[0]! + counts[1]!, total);
    assert.ok(
      counts.every((n) => n > 0),
      `both runners worked: ${counts.join(' + ')}`,
    );
    assert.equal(await countPending(db), 0);
  });

  test('start() polls, and stop() waits for the batch in progress', async () => {
    const runner = new JobRunner(db, { logger: silent });
    let finished = 0;
    runner.handle('slow', async () => {
      await sleep(150);
      finished++;
    });
    await enqueue(db, 'slow', null);
    runner.start(10);
    runner.start(10); // a second start is ignored
    const deadline = Date.now() + 5000;
    while ((await listJobs(db, { state: 'pending' }))[0]?.lockedBy == null && Date.now() < deadline)
      await sleep(5);
    assert.equal(finished, 0, 'the handler is still running');
    await runner.stop();
    assert.equal(finished, 1, 'stop() waited for it');
    assert.equal(await countPending(db), 0);
    await enqueue(db, 'slow', null);
    await sleep(60);
    assert.equal(await countPending(db), 1, 'no polling after stop()');
  });

  test('three processes sharing the database run every job exactly once', async () => {
    const total = 150;
    for (let i = 0; i < total; i++) await enqueue(db, 'race', i);
    const out = join(db.dir, 'runs.log');
    writeFileSync(out, '');
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const worker = `
      import { appendFileSync } from 'node:fs';
      import { createInterface } from 'node:readline';
      const { openDatabase } = await import(${JSON.stringify(join(root, 'src/db/database.ts'))});
      const { JobRunner } = await import(${JSON.stringify(join(root, 'src/jobs/queue.ts'))});
      const db = openDatabase({ databaseUrl: process.env.DB_URL || undefined, sqliteFile: process.env.DB_FILE });
      const runner = new JobRunner(db, { workerId: 'process-' + process.pid, batchSize: 3 });
      runner.handle('race', async (_payload, job) => {
        appendFileSync(process.env.OUT, runner.workerId + ' ' + job.id + '\\n');
        await new Promise((r) => setTimeout(r, Math.random() * 3));
      });
      console.log('ready');
      for await (const _line of createInterface({ input: process.stdin })) break;
      let idle = 0;
      while (idle < 2) idle = (await runner.runOnce()).claimed === 0 ? idle + 1 : 0;
      await db.close();
    `;
    const children = Array.from({ length: 3 }, () =>
      spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', worker], {
        cwd: root,
        env: { ...process.env, DB_URL: db.databaseUrl ?? '', DB_FILE: db.sqliteFile, OUT: out },
        stdio: ['pipe', 'pipe', 'pipe'],
      }),
    );
    const exits = children.map(
      (child) =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          let stderr = '';
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          child.on('close', (code) => resolve({ code, stderr }));
        }),
    );
    // Start them together once all three are ready.
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve, reject) => {
            child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
            child.on('close', () => reject(new Error('a worker process ended before it was ready')));
          }),
      ),
    ).catch(async (e) => {
      throw new Error(`${(e as Error).message}: ${(await exits[0])!.stderr}`);
    });
    for (const child of children) child.stdin.end('go\n');
    for (const { code, stderr } of await Promise.all(exits)) assert.equal(code, 0, stderr);

    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const byJob = new Map<string, string[]>();
    for (const line of lines) {
      const [workerId, id] = line.split(' ') as [string, string];
      byJob.set(id, [...(byJob.get(id) ?? []), workerId]);
    }
    assert.equal(byJob.size, total);
    for (const [id, by] of byJob) assert.equal(by.length, 1, `job ${id} ran in ${by.join(' and ')}`);
    const workers = new Set(lines.map((l) => l.split(' ')[0]));
    assert.ok(workers.size >= 2, `jobs ran in ${workers.size} process(es)`);
    assert.equal(await countPending(db), 0);
  });
});
