// Running an installation with the real `endorse` binary and real server
// processes (`node src/server.ts`), on SQLite or PostgreSQL (TEST_DATABASE_URL):
// restore refuses while any server runs (and not after one crashed), a backup
// holds the database and the uploads and only its owner can read it, the
// round trip brings a download back byte for byte, `admin create` e-mails
// links that reach the server, `seed --demo` prints what each demo account can
// do, and ENDORSE_DATA_DIR keeps two installations apart.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { createProduct } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import { remindersSent } from '../../src/db/repositories/renewals.ts';
import { takeRestoreLock } from '../../src/db/server-lock.ts';
import { buildApp } from '../../src/http/app.ts';
import { openTestDb, testDialect } from '../helpers/db.ts';
import { Browser, startApp } from '../helpers/http.ts';
import { applicant, entryIds, minimalPdf, submitMultipart } from '../helpers/portfolio-http.ts';
import { renewingEndorsee } from '../helpers/renewal.ts';
import { freePort, root, type Run } from '../helpers/run.ts';

const bin = join(root, 'bin', 'endorse.js');
const server = join(root, 'src', 'server.ts');
// By its URL, so that a server started in another directory finds it.
const tsx = import.meta.resolve('tsx');

type Env = Record<string, string>;

/** This shell's environment without any installation's settings. */
function shellEnv(): Env {
  const env: Env = { NODE_ENV: 'test', NO_COLOR: '1' };
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(PORT|HOST|BASE_URL|DATABASE_URL|SMTP_URL|ENDORSE_.*)$/.test(k)) env[k] = v;
  return env;
}

/** The environment of one installation: its data directory and database. */
function installationEnv(config: Config, extra: Env = {}): Env {
  return {
    ...shellEnv(),
    ENDORSE_DATA_DIR: config.dataDir,
    ENDORSE_SQLITE_FILE: config.sqliteFile,
    ENDORSE_MAIL_DIR: config.mailDir,
    ENDORSE_SECRET: config.secret,
    ...(config.databaseUrl ? { DATABASE_URL: config.databaseUrl } : {}),
    ...extra,
  };
}

function run(args: string[], env: Env, cwd = root): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end();
  });
}

const endorse = (env: Env, ...args: string[]) => run([bin, ...args], env);

interface Server {
  pid: number;
  port: number;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string | null>;
  stop(signal?: NodeJS.Signals): Promise<number | string | null>;
}

/** Starts `npm start`'s program and waits until it serves (or ends, which rejects). */
async function startServer(env: Env, cwd = root): Promise<Server> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', tsx, server], {
    cwd,
    // tsx looks for tsconfig.json (how pages are compiled) in the working directory by default.
    env: {
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      TSX_TSCONFIG_PATH: join(root, 'tsconfig.json'),
    },
  });
  let output = '';
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      output += c;
      if (output.includes('Endorse is running')) resolve();
    });
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (output += c));
    void exited.then((code) => reject(new Error(`the server ended (${code}) before serving:\n${output}`)));
  });
  return {
    pid: child.pid!,
    port,
    exited,
    stop(signal = 'SIGTERM') {
      child.kill(signal);
      return exited;
    },
  };
}

/** The sign-in links in the .eml files of `mailDir` (quoted-printable undone). */
function mailedLinks(mailDir: string): string[] {
  if (!existsSync(mailDir)) return [];
  return readdirSync(mailDir)
    .filter((f) => f.endsWith('.eml'))
    .flatMap((f) => {
      const text = readFileSync(join(mailDir, f), 'utf8')
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return text.match(/https?:\/\/\S+magic-link\S+/g) ?? [];
    });
}

describe(`endorse restore and running servers (${testDialect})`, () => {
  test('restore refuses while any server runs and names them; a server killed with -9 does not block it', async () => {
    const db = await openTestDb();
    const servers: Server[] = [];
    try {
      const config = db.config();
      const env = installationEnv(config);
      const a = await startServer(env);
      const b = await startServer(env);
      servers.push(a, b);
      const file = join(db.dir, 'while-running.tar');
      const made = await endorse(env, 'backup', file);
      assert.equal(made.code, 0, `a backup is safe while servers run: ${made.stderr}`);

      // Saved after the backup, as by a request the server acknowledged.
      await db.kysely.insertInto('app_setting').values({ key: 'after-backup', value: 'kept' }).execute();

      const refused = await endorse(env, 'restore', file);
      assert.equal(refused.code, 2, refused.stdout);
      const [first, second] = [a.pid, b.pid].sort((x, y) => x - y);
      assert.match(
        refused.stderr,
        new RegExp(`2 servers are running on this installation \\(processes ${first}, ${second}\\)`),
      );
      assert.match(refused.stderr, /nothing was restored/);
      assert.match(refused.stderr, new RegExp(`kill ${first} ${second}\\b`));
      const row = await db.kysely
        .selectFrom('app_setting')
        .select('key')
        .where('key', '=', 'after-backup')
        .execute();
      assert.equal(row.length, 1, 'the acknowledged write is still there');

      assert.equal(await a.stop('SIGTERM'), 0, 'a server stops cleanly on SIGTERM');
      const stillOne = await endorse(env, 'restore', file);
      assert.equal(stillOne.code, 2);
      assert.match(stillOne.stderr, new RegExp(`\\(process ${b.pid}\\)`));

      assert.equal(await b.stop('SIGKILL'), 'SIGKILL');
      const restored = await endorse(env, 'restore', file);
      assert.equal(restored.code, 0, restored.stderr);
      if (testDialect === 'sqlite') {
        const reopened = db.connect();
        const gone = await reopened.kysely
          .selectFrom('app_setting')
          .select('key')
          .where('key', '=', 'after-backup')
          .execute();
        assert.equal(gone.length, 0, 'the database is the one in the backup');
      } else {
        assert.match(restored.stdout, /pg_restore/, 'on PostgreSQL restore says how to restore the database');
      }
    } finally {
      for (const s of servers) await s.stop('SIGKILL').catch(() => {});
      await db.cleanup();
    }
  });

  test('a server does not start while a restore is under way', async () => {
    const db = await openTestDb();
    try {
      const config = db.config();
      const lock = takeRestoreLock(config.dataDir);
      try {
        await assert.rejects(startServer(installationEnv(config)), /restore is under way/);
      } finally {
        lock.release();
      }
    } finally {
      await db.cleanup();
    }
  });
});

describe(`endorse backup and restore keep the uploads (${testDialect})`, () => {
  test('an uploaded transcript comes back byte for byte after backup, wipe and restore; the backup is mode 600', async () => {
    const t = await startApp({ rateLimit: 100_000 });
    const config = t.product.config;
    const env = installationEnv(config);
    const pdf = minimalPdf();
    let second: { close(): Promise<void> } | undefined;
    try {
      const rosa = await applicant(t, 'Rosa Example', 'rosa@example.org', [['mi-aimh', 'IMHS']]);
      const education = `/portfolio/education?application=${rosa.applications[0]}`;
      const sent = await submitMultipart(
        rosa.browser,
        education,
        '/portfolio/education',
        { level: 'master', title: 'MSW', conferred: '2014-05-15', transcript: 'official' },
        { transcriptFile: { name: 'transcript.pdf', bytes: pdf, type: 'application/pdf' } },
      );
      assert.equal(sent.statusCode, 303);
      const page = await rosa.browser.get(education);
      const fileId = /href="\/portfolio\/files\/([0-9a-f-]{36})"/.exec(page.body)?.[1];
      assert.ok(fileId && entryIds(page.body, 'education').length === 1, 'the transcript is linked');
      await t.app.close();
      await t.product.close();
      await t.db.close();

      const file = join(t.db.dir, 'backup.tar');
      const made = await endorse(env, 'backup', file);
      assert.equal(made.code, 0, made.stderr);
      assert.match(made.stdout, /1 uploaded file/);
      assert.equal(statSync(file).mode & 0o777, 0o600, 'only its owner can read the backup');
      assert.equal((await endorse(env, 'backup', file)).code, 2, 'an existing backup is never overwritten');

      // A damaged or cut-off backup is refused before anything is replaced.
      const bytes = readFileSync(file);
      const damaged = Buffer.from(bytes);
      const at = damaged.indexOf('%PDF-1.4');
      damaged[at + 20] = damaged[at + 20]! ^ 0xff;
      writeFileSync(join(t.db.dir, 'damaged.tar'), damaged);
      const refused = await endorse(env, 'restore', join(t.db.dir, 'damaged.tar'));
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /not an Endorse backup \(uploads\/.* is damaged\); nothing was restored/);
      writeFileSync(join(t.db.dir, 'cut.tar'), bytes);
      truncateSync(join(t.db.dir, 'cut.tar'), bytes.length - 2048);
      const cut = await endorse(env, 'restore', join(t.db.dir, 'cut.tar'));
      assert.equal(cut.code, 2);
      assert.match(cut.stderr, /not an Endorse backup/);
      assert.deepEqual(readdirSync(config.uploadsDir).length, 1, 'a refused restore changes nothing');

      // Wipe what a lost disk loses: the uploads, and on SQLite the database.
      rmSync(config.uploadsDir, { recursive: true });
      if (testDialect === 'sqlite')
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${config.sqliteFile}${suffix}`, { force: true });

      const restored = await endorse(env, 'restore', file);
      assert.equal(restored.code, 0, restored.stderr);
      assert.match(restored.stdout, /1 uploaded file/);

      const product = await createProduct(config);
      const app = await buildApp(product);
      second = {
        async close() {
          await app.close();
          await product.close();
        },
      };
      const back = new Browser(app);
      assert.equal((await back.signIn('rosa@example.org')).statusCode, 303);
      const download = await back.get(`/portfolio/files/${fileId}`);
      assert.equal(download.statusCode, 200);
      assert.deepEqual(download.rawPayload, pdf);

      // Restoring again keeps the uploads it replaces beside them.
      await second.close();
      second = undefined;
      const again = await endorse(env, 'restore', file);
      assert.equal(again.code, 0, again.stderr);
      const kept = /kept as .*?(\S+uploads\.before-restore-\S+?)\.?$/m.exec(again.stdout)?.[1];
      assert.ok(kept && readdirSync(kept).length === 1, again.stdout);
    } finally {
      await second?.close();
      await t.db.cleanup();
    }
  });
});

describe(`endorse seed --demo (${testDialect})`, () => {
  test('prints every demo account with what it can do now, and refuses a database that has accounts', async () => {
    const db = await openTestDb();
    try {
      const env = installationEnv(db.config());
      const seeded = await endorse(env, 'seed', '--demo');
      assert.equal(seeded.code, 0, seeded.stderr);
      const lines = seeded.stdout.split('\n');
      assert.match(lines[0]!, /password is "endorse-demo-password"/);
      const accounts = lines.filter((l) => /^ {2}\S+@demo\.endorse\.test /.test(l));
      assert.ok(accounts.length >= 19, seeded.stdout);
      // Each account is followed by what it can do.
      for (const account of accounts)
        assert.match(lines[lines.indexOf(account) + 1]!, /^ {37}now: \S/, account);
      assert.match(
        seeded.stdout,
        /reviewer2@demo\.endorse\.test +reviewer of mi-aimh and ct-aimh\n +now: 1 review due, overdue/,
      );
      assert.match(
        seeded.stdout,
        /maria@demo\.endorse\.test .*\(more information requested\)\n +now: answer the request/,
      );
      const again = await endorse(env, 'seed', '--demo');
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already has accounts/);
    } finally {
      await db.cleanup();
    }
  });
});

describe(`endorse admin create (${testDialect})`, () => {
  test('the e-mailed link starts with BASE_URL, whatever PORT says', async () => {
    const db = await openTestDb();
    try {
      const config = db.config();
      const env = installationEnv(config, { BASE_URL: 'https://endorse.example.org/', PORT: '4567' });
      const made = await endorse(env, 'admin', 'create', '--email', 'ada@example.org');
      assert.equal(made.code, 0, made.stderr);
      assert.match(made.stdout, /sign-in link to https:\/\/endorse\.example\.org was e-mailed/);
      const [link] = mailedLinks(config.mailDir);
      assert.match(link ?? '', /^https:\/\/endorse\.example\.org\/api\/auth\/magic-link\/verify\?token=/);
    } finally {
      await db.cleanup();
    }
  });

  test("run from another shell (no BASE_URL, no PORT), the link goes to the server's address", async () => {
    const db = await openTestDb();
    try {
      const config = db.config();
      const env = installationEnv(config);
      const running = await startServer(env);
      await running.stop();
      const made = await endorse(env, 'admin', 'create', '--email', 'ada@example.org');
      assert.equal(made.code, 0, made.stderr);
      const [link] = mailedLinks(config.mailDir);
      assert.ok(
        link?.startsWith(`http://localhost:${running.port}/api/auth/magic-link/verify?token=`),
        `${link} goes to the server on port ${running.port}`,
      );
    } finally {
      await db.cleanup();
    }
  });

  test('a malformed address exits 2 with a message, not a stack trace, and makes no one', async () => {
    const db = await openTestDb();
    try {
      const env = installationEnv(db.config());
      const refused = await endorse(env, 'admin', 'create', '--email', 'not-an-address');
      assert.equal(refused.code, 2);
      assert.equal(
        refused.stderr,
        'endorse: --email "not-an-address" is not an e-mail address; give one such as --email you@example.org\n',
      );
      assert.equal((await db.kysely.selectFrom('user').select('id').execute()).length, 0);
    } finally {
      await db.cleanup();
    }
  });
});

describe(
  'ENDORSE_DATA_DIR keeps a second installation apart (SQLite)',
  { skip: testDialect !== 'sqlite' && 'a PostgreSQL installation is its DATABASE_URL' },
  () => {
    test('database, secret, mail, uploads and the server lock all live in the data directory', async () => {
      const cwd = mkdtempSync(join(tmpdir(), 'endorse-two-'));
      const servers: Server[] = [];
      try {
        const first = { ...shellEnv(), ENDORSE_DATA_DIR: join(cwd, 'first') };
        const second = { ...shellEnv(), ENDORSE_DATA_DIR: join(cwd, 'second') };
        const inFirst = await startServer(first, cwd);
        servers.push(inFirst);
        for (const [env, email] of [
          [first, 'one@example.org'],
          [second, 'two@example.org'],
        ] as const) {
          const made = await run([bin, 'admin', 'create', '--email', email], env, cwd);
          assert.equal(made.code, 0, made.stderr);
        }
        for (const [dir, email] of [
          ['first', 'one'],
          ['second', 'two'],
        ] as const) {
          assert.ok(existsSync(join(cwd, dir, 'endorse.sqlite')), `${dir} has its database`);
          for (const kept of ['', 'mail'])
            assert.equal(
              statSync(join(cwd, dir, kept)).mode & 0o777,
              0o700,
              `${dir}/${kept}: password hashes and sign-in links are readable by the installation's owner only`,
            );
          const mail = readdirSync(join(cwd, dir, 'mail'));
          assert.deepEqual(
            mail.map((f) => f.includes(`${email}-at-example.org`)),
            [true],
            `${dir}'s mail is its own`,
          );
        }
        assert.notEqual(
          readFileSync(join(cwd, 'first', 'secret'), 'utf8'),
          readFileSync(join(cwd, 'second', 'secret'), 'utf8'),
        );
        assert.deepEqual(readdirSync(cwd).sort(), ['first', 'second'], 'nothing is written beside them');

        const file = join(cwd, 'second.tar');
        assert.equal((await run([bin, 'backup', file], second, cwd)).code, 0);
        const restored = await run([bin, 'restore', file], second, cwd);
        assert.equal(
          restored.code,
          0,
          `the server of the first does not hold the second: ${restored.stderr}`,
        );
        const refused = await run([bin, 'restore', file], first, cwd);
        assert.equal(refused.code, 2);
        assert.match(refused.stderr, new RegExp(`process ${inFirst.pid}\\b`));
      } finally {
        for (const s of servers) await s.stop('SIGKILL').catch(() => {});
        rmSync(cwd, { recursive: true, force: true });
      }
    });
  },
);

describe(`endorse keys rotate (${testDialect})`, () => {
  test('a new key signs from now on; the old one stays in the DID document; an unknown association is refused', async () => {
    const db = await openTestDb();
    try {
      const config = db.config();
      const env = installationEnv(config, { BASE_URL: 'https://endorse.example.org' });
      const migrated = await endorse(env, 'migrate');
      assert.equal(migrated.code, 0, migrated.stderr);
      const didOfInstallation = async () => {
        const product = await createProduct({ ...config, baseUrl: 'https://endorse.example.org' });
        try {
          const app = await buildApp(product);
          const res = await app.inject('/associations/ct-aimh/did.json');
          await app.close();
          return res.json() as {
            id: string;
            verificationMethod: { id: string }[];
            assertionMethod: string[];
          };
        } finally {
          await product.close();
        }
      };
      const before = await didOfInstallation();
      assert.equal(before.id, 'did:web:endorse.example.org:associations:ct-aimh');
      assert.equal(before.verificationMethod.length, 1, 'made with the association');
      const rotated = await endorse(env, 'keys', 'rotate', '--association', 'ct-aimh');
      assert.equal(rotated.code, 0, rotated.stderr);
      assert.match(
        rotated.stdout,
        /now signs with a new key \(did:web:endorse\.example\.org:associations:ct-aimh#z/,
      );
      assert.match(rotated.stdout, /https:\/\/endorse\.example\.org\/associations\/ct-aimh\/did\.json/);
      const after = await didOfInstallation();
      assert.equal(after.verificationMethod.length, 2);
      assert.equal(after.verificationMethod[0]!.id, before.verificationMethod[0]!.id, 'the old key kept');
      const unknown = await endorse(env, 'keys', 'rotate', '--association', 'no-such');
      assert.equal(unknown.code, 2);
      assert.match(unknown.stderr, /the association "no-such" was not found/);
      const usage = await endorse(env, 'keys', 'rotate');
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /--association is required/);
    } finally {
      await db.cleanup();
    }
  });
});

describe(`endorse renewals run (${testDialect})`, () => {
  test('sweeps the day given, once; a summary on stdout, no progress bar off a terminal; a bad date refused', async () => {
    const t = await startApp();
    try {
      const ann = await renewingEndorsee(t, 'Ann Early', 'ann@example.org', {
        slug: 'ct-aimh',
        credential: 'IMHS',
        grantedOn: '2026-03-01',
      });
      const env = installationEnv(t.product.config);
      const first = await endorse(env, 'renewals', 'run', '--on', '2026-12-31');
      assert.equal(first.code, 0, first.stderr);
      assert.equal(first.stderr, '', 'no progress bar when standard error is not a terminal');
      assert.match(first.stdout, /Renewals swept for 2026-12-31: 1 active or inactive endorsement looked at/);
      assert.match(first.stdout, /reminders sent: +1\n/);
      assert.match(first.stdout, /lapsed, not renewed after grace: +0\n/);
      assert.deepEqual(
        [...(await remindersSent(t.db.kysely, [ann.endorsement.id])).get(ann.endorsement.id)!].map(
          (r) => r.offset,
        ),
        [-60],
      );
      const again = await endorse(env, 'renewals', 'run', '--on', '2026-12-31');
      assert.equal(again.code, 0, again.stderr);
      assert.match(again.stdout, /reminders sent: +0\n/);
      for (const bad of ['2026-13-01', '31/12/2026', '2027-02-30']) {
        const refused = await endorse(env, 'renewals', 'run', '--on', bad);
        assert.equal(refused.code, 2, bad);
        assert.match(refused.stderr, /--on must be a date as YYYY-MM-DD, such as 2027-03-01/);
      }
      const usage = await endorse(env, 'renewals');
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /give exactly one word \(run\)/);
    } finally {
      await t.close();
    }
  });
});
