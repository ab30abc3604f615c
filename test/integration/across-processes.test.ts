// Several server processes on one PostgreSQL database, as the README says
// they may run: two real servers (spawned as `npm start` runs one, each with
// its own data directory, the same ENDORSE_SECRET, one mail directory) share
// the job queue (each e-mail written once, each daily sweep queued once
// although both servers queue them at start), the sign-in limits (failures
// on one count on the other) and the sessions (signed in on one, known to
// the other; signed out on one, gone from both).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type ServerProcess, startEndorse, Visitor } from '../../bench/load.ts';
import { createProduct, type Product } from '../../src/app.ts';
import { SESSION_CACHE_SECONDS } from '../../src/http/plugins/session-cache.ts';
import { countPending, listJobs } from '../../src/db/repositories/jobs.ts';
import { enqueueMail, MAIL_JOB } from '../../src/mail/mailer.ts';
import { DEADLINE_SWEEP_JOB, ensureDeadlineSweep } from '../../src/services/deadlines.ts';
import { ensureRenewalSweep, RENEWAL_SWEEP_JOB } from '../../src/services/renewal-sweep.ts';
import {
  ensureSittingReminderSweep,
  SITTING_REMINDER_SWEEP_JOB,
} from '../../src/services/sitting-reminders.ts';
import { openTestDb, testDatabaseUrl, testDialect, type TestDb } from '../helpers/db.ts';
import { decodeEml, mailLink, PASSWORD, pageText } from '../helpers/http.ts';

const sweeps = [DEADLINE_SWEEP_JOB, SITTING_REMINDER_SWEEP_JOB, RENEWAL_SWEEP_JOB];
const quiet = { warn: () => {}, error: () => {} };

/** Polls `read` until `done` holds of its value, for at most `seconds`; returns the last value. */
async function waitFor<T>(read: () => Promise<T> | T, done: (value: T) => boolean, seconds = 30): Promise<T> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

test(`two products set up a new database at once (${testDialect})`, async () => {
  const db = await openTestDb();
  try {
    const count = testDialect === 'postgres' ? 3 : 1;
    const products = await Promise.all(
      Array.from({ length: count }, () => createProduct(db.config(), { db: db.connect(), logger: quiet })),
    );
    for (const p of products) await p.close();
    const slugs = (await db.kysely.selectFrom('organization').select('slug').execute()).map((o) => o.slug);
    assert.equal(new Set(slugs).size, slugs.length, 'each association once');
    assert.ok(slugs.length > 0);
  } finally {
    await db.cleanup();
  }
});

// Runs on both databases: on PostgreSQL two products with a pool each, as two
// server processes; on SQLite (one server per database file) many callers in
// the one product.
describe(`the daily sweeps queued by many callers at once (${testDialect})`, () => {
  let db: TestDb;
  let products: Product[];
  before(async () => {
    db = await openTestDb();
    const one = await createProduct(db.config(), { db: db.connect(), logger: quiet });
    products =
      testDialect === 'postgres'
        ? [one, await createProduct(db.config(), { db: db.connect(), logger: quiet })]
        : [one];
  });
  after(async () => {
    for (const p of products) await p.close();
    await db.cleanup();
  });

  test('one sweep of each kind waits in the queue', async () => {
    await Promise.all(
      products.flatMap((p) =>
        [1, 2, 3, 4, 5, 6, 7, 8]
          .slice(0, 8 / products.length)
          .flatMap(() => [ensureDeadlineSweep(p), ensureSittingReminderSweep(p), ensureRenewalSweep(p)]),
      ),
    );
    for (const kind of sweeps) assert.equal(await countPending(db, kind), 1, kind);
  });
});

describe(
  'two server processes on one database',
  {
    skip: testDatabaseUrl
      ? false
      : 'needs PostgreSQL (TEST_DATABASE_URL): a SQLite file serves one server process',
  },
  () => {
    let db: TestDb;
    let a: ServerProcess;
    let b: ServerProcess;
    let mailDir: string;
    const startedAt = Date.now();

    before(async () => {
      // A new, empty database: the two servers migrate it and set it up at once.
      db = await openTestDb({ migrate: false });
      mailDir = join(db.dir, 'mail');
      const secret = randomBytes(32).toString('base64url');
      // TRUST_PROXY=1: X-Forwarded-For names the client, so each part of this test signs in
      // from an address of its own and the per-address limit of one part leaves the others be.
      const env = (name: string) => ({
        DATABASE_URL: db.databaseUrl!,
        ENDORSE_SECRET: secret,
        ENDORSE_DATA_DIR: join(db.dir, name),
        ENDORSE_MAIL_DIR: mailDir,
        TRUST_PROXY: '1',
      });
      [a, b] = await Promise.all([startEndorse(env('a')), startEndorse(env('b'))]);
    });
    after(async () => {
      await Promise.all([a?.stop(), b?.stop()]);
      await db.cleanup();
    });

    const mails = (): string[] => {
      try {
        return readdirSync(mailDir)
          .filter((f) => f.endsWith('.eml'))
          .sort()
          .map((f) => decodeEml(readFileSync(join(mailDir, f), 'utf8')));
      } catch {
        return [];
      }
    };
    const from = (url: string, address: string) => new Visitor(url, { 'x-forwarded-for': address });

    test('each e-mail queued is written once, by one server or the other', async () => {
      const n = 60;
      const subject = (i: number) => `Message ${i} of ${n}`;
      for (let i = 0; i < n; i++)
        await enqueueMail(
          db,
          { to: `person${i}@example.org`, subject: subject(i), text: `Number ${i}.` },
          { account: null, dailyLimit: 1000 },
        );
      const written = (all: string[]) => all.filter((m) => /^Subject: Message \d+ of /m.test(m));
      await waitFor(
        () => written(mails()),
        (w) => w.length >= n,
      );
      // Both pollers have looked at the queue again since (each polls every second).
      await waitFor(
        () => countPending(db, MAIL_JOB),
        (c) => c === 0,
      );
      await new Promise((r) => setTimeout(r, 2500));
      const found = written(mails());
      for (let i = 0; i < n; i++) {
        const copies = found.filter((m) => new RegExp(`^Subject: ${subject(i)}\r?$`, 'm').test(m));
        assert.equal(copies.length, 1, `${subject(i)}: ${copies.length} copies`);
      }
      assert.equal(found.length, n);
      const jobs = (await listJobs(db, { kind: MAIL_JOB })).filter((j) =>
        String((j.payload as { subject?: string }).subject).startsWith('Message '),
      );
      assert.equal(jobs.length, n);
      assert.ok(
        jobs.every((j) => j.doneAt !== null && j.lastError === null && j.attempts === 0),
        'every job done at its first run',
      );
    });

    test('the daily sweeps: both servers queue them at start, each runs once and waits a day for the next', async () => {
      const done = (jobs: Awaited<ReturnType<typeof listJobs>>) => jobs.filter((j) => j.doneAt !== null);
      for (const kind of sweeps) {
        const jobs = await waitFor(
          () => listJobs(db, { kind }),
          (all) => done(all).length >= 1,
        );
        assert.equal(done(jobs).length, 1, `${kind}: run once`);
        assert.equal(done(jobs)[0]!.lastError, null, `${kind}: ran without error`);
        const waiting = jobs.filter((j) => j.doneAt === null);
        assert.equal(waiting.length, 1, `${kind}: one waiting`);
        const due = Date.parse(waiting[0]!.runAt);
        assert.ok(
          due >= startedAt + 86_400_000 - 60_000,
          `${kind}: the next one a day later (${waiting[0]!.runAt})`,
        );
      }
    });

    test('failed sign-ins on one server count on the other', async () => {
      const fail = (v: Visitor, email: string) =>
        v.submit('/sign-in', '/sign-in', { email, password: 'wrong' });
      // The limits are 10 per client address a minute and 10 failures per account in 15 minutes.
      const onA = from(a.url, '198.51.100.1');
      for (let i = 0; i < 10; i++)
        assert.equal((await fail(onA, 'victim@example.org')).status, 401, `try ${i + 1}`);

      const sameAccount = await fail(from(b.url, '198.51.100.2'), 'victim@example.org');
      assert.equal(sameAccount.status, 429);
      assert.match(pageText(await sameAccount.text()), /Too many failed attempts for victim@example\.org\./);

      const sameAddress = await fail(from(b.url, '198.51.100.1'), 'someone@example.org');
      assert.equal(sameAddress.status, 429);
      assert.match(pageText(await sameAddress.text()), /Too many attempts from your internet address\./);

      const other = await fail(from(b.url, '198.51.100.3'), 'someone@example.org');
      assert.equal(other.status, 401, 'another address and account are not held up');
    });

    test('a session made on one server is known to the other, and signing out on either ends it on both', async () => {
      // Each server keeps who a cookie signs in for a few seconds (src/http/plugins/session-cache.ts):
      // the one signed out on forgets at once, the other within that time.
      const email = 'ada@example.org';
      // Sign-up on A; the e-mail is written by whichever server claims it; its link works on B.
      const ada = from(a.url, '203.0.113.1');
      const asked = await ada.submit('/sign-up', '/sign-up', { name: 'Ada', email });
      assert.equal(asked.status, 200);
      const link = await waitFor(
        () => mailLink(mails(), email, '/api/auth/magic-link/verify'),
        (l) => l !== undefined,
      );
      assert.ok(link, 'the sign-up e-mail');
      const onB = from(b.url, '203.0.113.1');
      const landing = await onB.get(link);
      const page = String(landing.headers.get('location') ?? '').replace(/^https?:\/\/[^/]+/, '');
      assert.match(page, /^\/account\/choose-password/);
      const chosen = await onB.submit(page, '/account/choose-password', { password: PASSWORD });
      assert.equal(chosen.status, 303);

      // Signed in with the password on A: the cookie opens /account on B.
      const signedIn = from(a.url, '203.0.113.2');
      await signedIn.signIn(email, PASSWORD);
      const accountOn = async (url: string) => {
        const res = await fetch(`${url}/account`, {
          headers: { cookie: signedIn.cookie },
          redirect: 'manual',
        });
        return { status: res.status, text: pageText(await res.text()) };
      };
      for (const url of [a.url, b.url]) {
        const res = await accountOn(url);
        assert.equal(res.status, 200, url);
        assert.match(res.text, /ada@example\.org/);
      }

      // Signed out on B: B refuses the cookie at once, A within the time it keeps a session.
      const signOut = new Visitor(b.url, { 'x-forwarded-for': '203.0.113.2' });
      for (const [k, v] of signedIn.cookies) signOut.cookies.set(k, v);
      const signedOutAt = Date.now();
      const out = await signOut.submit('/account', '/sign-out', {});
      assert.equal(out.status, 303);
      assert.notEqual((await accountOn(b.url)).status, 200, 'B: signed out at once');
      const onA = await waitFor(
        () => accountOn(a.url),
        (res) => res.status !== 200,
        SESSION_CACHE_SECONDS + 3,
      );
      assert.notEqual(onA.status, 200, 'A: signed out');
      assert.ok(
        Date.now() - signedOutAt <= (SESSION_CACHE_SECONDS + 3) * 1000,
        `A forgot the session within ${SESSION_CACHE_SECONDS} s (and the time to ask)`,
      );
    });
  },
);
