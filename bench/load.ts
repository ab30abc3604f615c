// Load on real server processes, for the page benchmarks: start Endorse (or a
// bare Fastify route) as its own process, sign a person in over HTTP, and
// drive a path with autocannon from this process, so the load generator and
// the server each have their own event loop (on a 2-core machine, a core each).
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { openDatabase } from '../src/db/database.ts';
import { csrfToken, hiddenFields } from '../test/helpers/http.ts';
import { freePort } from '../test/helpers/run.ts';

const root = new URL('..', import.meta.url).pathname;

/**
 * How `npm start` runs the server: the arguments after `node` in its script in
 * package.json (the bundle, rebuilt first if a source is newer), so that the
 * figures are the product's.
 */
export const serverCommand: readonly string[] = (() => {
  const [node, ...args] = (
    JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }
  ).scripts.start.split(' ');
  if (node !== 'node')
    throw new Error('npm start no longer runs node directly: bench/load.ts must follow it');
  return args;
})();

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** Milliseconds from spawning to the first 200 from /healthz. */
  startMs: number;
  /** The server's resident memory now, in MB (from /proc). */
  rssMb(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts a process and waits until GET /healthz answers 200. `env` is added to
 * this process's environment; PORT and (unless given) a fresh ENDORSE_DATA_DIR
 * are chosen here.
 */
export async function startProcess(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const ownDir = env.ENDORSE_DATA_DIR ? undefined : mkdtempSync(join(tmpdir(), 'endorse-bench-'));
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '0',
      PORT: String(port),
      HOST: '127.0.0.1',
      ...(ownDir ? { ENDORSE_DATA_DIR: ownDir } : {}),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${stderr}`);
    try {
      const res = await fetch(`${url}/healthz`);
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  const startMs = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    url,
    child,
    startMs,
    async rssMb() {
      const { readFile } = await import('node:fs/promises');
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      if (ownDir) rmSync(ownDir, { recursive: true, force: true });
    },
  };
}

/** Endorse as `npm start` runs it. */
export const startEndorse = (env: Record<string, string> = {}) => startProcess(serverCommand, env);

/**
 * Endorse as `npm start` runs it, on the database of a test app this process
 * filled (and its data and mail folders), with that app's secret so that its
 * sessions hold; once what was queued meanwhile (mail, say) is done.
 */
export async function startEndorseOn(
  db: { dir: string; sqliteFile: string; databaseUrl?: string | undefined },
  secret: string,
): Promise<ServerProcess> {
  const server = await startEndorse({
    ENDORSE_DATA_DIR: join(db.dir, 'data'),
    ENDORSE_SQLITE_FILE: db.sqliteFile,
    ENDORSE_MAIL_DIR: join(db.dir, 'mail'),
    ENDORSE_SECRET: secret,
    ...(db.databaseUrl ? { DATABASE_URL: db.databaseUrl } : {}),
  });
  await waitForIdleQueue(db);
  return server;
}

/** The floor: Fastify with one route and nothing else (bench/bare-server.ts). */
export const startBare = () => startProcess(['--import', 'tsx', 'bench/bare-server.ts']);

/**
 * Waits (at most two minutes) until no job is due and not done on the
 * server's database. A server sends at its first start what was queued
 * before it (a demo seed queues some 365 e-mails) and runs its daily sweeps:
 * a page measured meanwhile shares the processor with that work.
 */
export async function waitForIdleQueue(where: {
  databaseUrl?: string | undefined;
  sqliteFile: string;
}): Promise<void> {
  const db = openDatabase(where);
  try {
    for (const until = Date.now() + 120_000; Date.now() < until;) {
      const { n } = await db.kysely
        .selectFrom('job')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('done_at', 'is', null)
        .where('run_at', '<=', new Date().toISOString())
        .executeTakeFirstOrThrow();
      if (Number(n) === 0) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the server still has due jobs after two minutes');
  } finally {
    await db.close();
  }
}

/** A person with a cookie jar, over real HTTP; `headers` go with every request (e.g. X-Forwarded-For). */
export class Visitor {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly url: string,
    readonly headers: Record<string, string> = {},
  ) {}

  get cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  #keep(res: Response): Response {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const at = pair!.indexOf('=');
      const name = pair!.slice(0, at).trim();
      const value = pair!.slice(at + 1).trim();
      if (value === '' || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  async get(path: string): Promise<Response> {
    return this.#keep(
      await fetch(this.url + path, { headers: { ...this.headers, cookie: this.cookie }, redirect: 'manual' }),
    );
  }

  /** Opens the page the form is on and posts the form, with its hidden fields, to `action`. */
  async submit(page: string, action: string, form: Record<string, string>): Promise<Response> {
    const html = await (await this.get(page)).text();
    const body = new URLSearchParams({ _csrf: csrfToken(html), ...hiddenFields(html, action), ...form });
    return this.#keep(
      await fetch(this.url + action, {
        method: 'POST',
        headers: {
          ...this.headers,
          cookie: this.cookie,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body,
        redirect: 'manual',
      }),
    );
  }

  async signIn(email: string, password: string): Promise<void> {
    const res = await this.submit('/sign-in', '/sign-in', { email, password });
    if (res.status !== 303) throw new Error(`signing in as ${email}: ${res.status}`);
  }
}

export interface LoadResult {
  /** Requests answered per second (2xx only: anything else is counted in `failed`). */
  rps: number;
  p50: number;
  p99: number;
  /** Answers that were not 2xx, and connection errors or timeouts. */
  failed: number;
  requests: number;
}

/** Drives GET `path` with `connections` keep-alive connections for `seconds`. */
export async function load(
  url: string,
  path: string,
  options: { connections?: number; seconds?: number; cookie?: string } = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url: url + path,
    connections: options.connections ?? 10,
    duration: options.seconds ?? 10,
    headers: options.cookie ? { cookie: options.cookie } : {},
  });
  const ok = result['2xx'];
  return {
    rps: ok / (options.seconds ?? 10),
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
    requests: result.requests.total,
  };
}

/** A visitor with the cookies of a session made elsewhere (sessions live in the database): no sign-in, so no sign-in limit. */
export function visitorWith(url: string, cookies: ReadonlyMap<string, string>): Visitor {
  const visitor = new Visitor(url);
  for (const [name, value] of cookies) visitor.cookies.set(name, value);
  return visitor;
}
