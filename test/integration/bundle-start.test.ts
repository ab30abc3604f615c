// `npm start` runs the server from its bundle (.build/server.js, made by
// scripts/build.js): the bundle is rebuilt when a source is newer, not
// otherwise, and the server it runs serves its pages, its assets and signing
// in (better-auth is inside the bundle) as the sources do under tsx.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Visitor } from '../../bench/load.ts';
import { freePort, root } from '../helpers/run.ts';

const bundle = join(root, '.build', 'server.js');
const dataDir = mkdtempSync(join(tmpdir(), 'endorse-bundle-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  url: string;
  /** What the server printed on start. */
  output: string;
  stop(): Promise<void>;
}

/**
 * `npm start` itself, in its own process group (npm, its shell and node stop
 * together); resolves once it has printed `until`.
 */
async function npmStart(until: RegExp): Promise<Started> {
  const port = await freePort();
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: root,
    detached: true,
    env: {
      ...process.env,
      ENDORSE_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
  });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      output += c;
      if (until.test(output)) resolve();
    });
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (output += c));
    void exited.then((code) =>
      reject(new Error(`npm start ended (${String(code)}) before serving:\n${output}`)),
    );
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output,
    async stop() {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

test('npm start rebuilds a stale bundle, and its server serves pages, assets and signing in', async () => {
  // A bundle older than every source must be rebuilt before the server starts.
  const long_ago = new Date('2000-01-01T00:00:00Z');
  try {
    utimesSync(bundle, long_ago, long_ago);
  } catch {
    // no bundle yet: the start makes one
  }
  const server = await npmStart(/one-time link to create one: \S+\n/);
  try {
    assert.ok(statSync(bundle).mtime > long_ago, 'the bundle was rebuilt');
    const visitor = new Visitor(server.url);
    assert.equal((await visitor.get('/healthz')).status, 200);
    const signIn = await visitor.get('/sign-in');
    assert.equal(signIn.status, 200);
    assert.match(await signIn.text(), /<h1>Sign in<\/h1>/);
    const style = await visitor.get('/assets/style.css');
    assert.equal(style.status, 200, 'the stylesheet is served from public/');
    assert.match(style.headers.get('content-type') ?? '', /text\/css/);

    // The first administrator, through the one-time link the server printed, then signing in.
    const link = /Open this one-time link to create one: (\S+)/.exec(server.output)?.[1];
    assert.ok(link, `the server printed a setup link:\n${server.output}`);
    const setup = new URL(link).pathname + new URL(link).search;
    const made = await visitor.submit(setup, '/setup', {
      name: 'Ada Admin',
      email: 'ada@example.org',
      password: 'a long enough password',
    });
    assert.equal(made.status, 303, 'the administrator was made');
    const ada = new Visitor(server.url);
    await ada.signIn('ada@example.org', 'a long enough password');
    const account = await ada.get('/account');
    assert.equal(account.status, 200);
    assert.match(await account.text(), /ada@example\.org/);
  } finally {
    await server.stop();
  }

  // A fresh bundle is used as it is.
  const built = statSync(bundle).mtimeMs;
  const again = await npmStart(/Endorse is running/);
  try {
    assert.equal((await fetch(`${again.url}/healthz`)).status, 200);
    assert.equal(statSync(bundle).mtimeMs, built, 'the bundle was not rebuilt');
  } finally {
    await again.stop();
  }
});
