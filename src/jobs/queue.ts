// Runs background jobs from the job table. Every server process may run a
// JobRunner: handlers are code registered per process, while the queue itself
// (what is due, who holds what, how many attempts) lives only in the
// database, so any number of processes can share one database. A job runs at
// least once: if a process dies mid-job, the job's lease (`lockMs`) expires
// and another process runs it again, so handlers should tolerate a repeat.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Db } from '../db/database.ts';
import { claimDue, type Job, markDone, markFailed } from '../db/repositories/jobs.ts';

export type JobHandler<P = unknown> = (payload: P, job: Job<P>) => Promise<void>;

/** What a runner logs; a pino logger fits. */
export interface JobLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface JobRunnerOptions {
  /** Names this runner in `locked_by`; default host, process id and a random suffix. */
  workerId?: string;
  /** Jobs claimed per batch (default 10). */
  batchSize?: number;
  /** How long a claimed job is held before another runner may take it over (default 5 minutes). */
  lockMs?: number;
  /** Runs before giving up (default 8). */
  maxAttempts?: number;
  /** Delay before the next run after the n-th failed run (n ≥ 1); default `defaultBackoff`. */
  backoffMs?: (attempts: number) => number;
  /** The clock (tests move it). */
  now?: () => Date;
  logger?: JobLogger;
}

export interface RunReport {
  claimed: number;
  done: number;
  /** Failed and scheduled again. */
  retried: number;
  /** Failed for the last time. */
  gaveUp: number;
}

/** One minute after the first failure, doubling each time, at most six hours (8 runs span about 2 hours). */
export function defaultBackoff(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60_000);
}

const consoleLogger: JobLogger = {
  warn: (details, message) => console.error(message, details),
  error: (details, message) => console.error(message, details),
};

function describeError(error: unknown): string {
  const text = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  return text.length > 4000 ? `${text.slice(0, 4000)}…` : text;
}

export class JobRunner {
  readonly workerId: string;
  readonly #db: Db;
  readonly #handlers = new Map<string, JobHandler>();
  readonly #batchSize: number;
  readonly #lockMs: number;
  readonly #maxAttempts: number;
  readonly #backoffMs: (attempts: number) => number;
  readonly #now: () => Date;
  readonly #logger: JobLogger;
  readonly #inFlight = new Set<Promise<unknown>>();
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  /** Bumped by start(), so a tick from before a stop()/start() pair does not poll on. */
  #generation = 0;

  constructor(db: Db, options: JobRunnerOptions = {}) {
    this.#db = db;
    this.workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.#batchSize = options.batchSize ?? 10;
    this.#lockMs = options.lockMs ?? 5 * 60_000;
    this.#maxAttempts = options.maxAttempts ?? 8;
    this.#backoffMs = options.backoffMs ?? defaultBackoff;
    this.#now = options.now ?? (() => new Date());
    this.#logger = options.logger ?? consoleLogger;
  }

  /** Registers the handler for one kind of job; this runner claims only kinds it has handlers for. */
  handle<P = unknown>(kind: string, handler: JobHandler<P>): this {
    if (this.#handlers.has(kind)) throw new Error(`a handler for "${kind}" jobs is already registered`);
    this.#handlers.set(kind, handler as JobHandler);
    return this;
  }

  get kinds(): string[] {
    return [...this.#handlers.keys()];
  }

  /** Claims the jobs due now (one batch) and runs them one after another. */
  runOnce(): Promise<RunReport> {
    const batch = this.#runBatch();
    this.#inFlight.add(batch);
    void batch.finally(() => this.#inFlight.delete(batch)).catch(() => {});
    return batch;
  }

  async #runBatch(): Promise<RunReport> {
    const report: RunReport = { claimed: 0, done: 0, retried: 0, gaveUp: 0 };
    if (this.#handlers.size === 0) return report;
    const jobs = await claimDue(
      this.#db,
      this.workerId,
      this.#now(),
      this.#batchSize,
      this.#lockMs,
      this.kinds,
    );
    report.claimed = jobs.length;
    for (const job of jobs) {
      const handler = this.#handlers.get(job.kind)!;
      try {
        await handler(job.payload, job);
      } catch (error) {
        const attempts = job.attempts + 1;
        const giveUp = attempts >= this.#maxAttempts;
        const now = this.#now();
        const retryAt = giveUp ? null : new Date(now.getTime() + this.#backoffMs(attempts));
        await markFailed(this.#db, job.id, describeError(error), retryAt, this.workerId, now);
        const details = { jobId: job.id, kind: job.kind, attempts, err: error };
        if (giveUp) {
          report.gaveUp++;
          this.#logger.error(details, `job ${job.kind} ${job.id} failed ${attempts} times; giving up`);
        } else {
          report.retried++;
          this.#logger.warn({ ...details, retryAt }, `job ${job.kind} ${job.id} failed; will retry`);
        }
        continue;
      }
      await markDone(this.#db, job.id, this.workerId, this.#now());
      report.done++;
    }
    return report;
  }

  /**
   * Polls every `intervalMs` (at once when a batch came back full). The timer
   * is unref'd: it never keeps the process alive on its own.
   */
  start(intervalMs = 1000): void {
    if (this.#running) return;
    this.#running = true;
    const generation = ++this.#generation;
    const tick = async (): Promise<void> => {
      this.#timer = undefined;
      let full = false;
      try {
        const report = await this.runOnce();
        full = report.claimed >= this.#batchSize;
      } catch (error) {
        this.#logger.error({ err: error, workerId: this.workerId }, 'job runner: claiming jobs failed');
      }
      if (this.#running && this.#generation === generation) this.#schedule(tick, full ? 0 : intervalMs);
    };
    this.#schedule(tick, 0);
  }

  #schedule(tick: () => Promise<void>, delayMs: number): void {
    this.#timer = setTimeout(() => void tick(), delayMs);
    this.#timer.unref();
  }

  /** Stops polling and waits for the batch in progress (if any) to finish. */
  async stop(): Promise<void> {
    this.#running = false;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }
}
