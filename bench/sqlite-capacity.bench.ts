// `npm run bench` (SQLite capacity): how the single-file database serves as
// the applicants grow: 1,000 and 20,000 applicants, each with a draft
// application and a portfolio, then a server process (as `npm start`) under
//
//   reads    10 applicants opening their checklist page /applications/:id, one connection each
//   a mix    8 of them reading, 2 others saving a training entry (the form's POST) over and over
//
// It prints requests per second, p99 and the database file's size; there are
// no targets (the figures say where the file stops serving well), only checks
// that every answer was the one expected (200 for a page, 303 for a save).
//
// The applicants who load the server sign up and import the large portfolio
// through the real forms; the others are written as the coordinator's queue
// benchmark writes them (test/helpers/queue.ts), each with a portfolio of 36
// entries written by the repository that stores every portfolio.
import { randomBytes } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import autocannon from 'autocannon';
import { findAssociation } from '../src/db/repositories/associations.ts';
import { replacePortfolio } from '../src/db/repositories/portfolio.ts';
import { csrfToken, hiddenFields, startApp, type TestApp } from '../test/helpers/http.ts';
import { applicant, confirmImport, submitMultipart } from '../test/helpers/portfolio-http.ts';
import { queueApplications } from '../test/helpers/queue.ts';
import { largePortfolio } from './fixtures.ts';
import { check, finish, msSince, smoke } from './harness.ts';
import { type LoadResult, load, startEndorseOn, type Visitor, visitorWith } from './load.ts';

const SIZES = smoke ? [50] : [1_000, 20_000];
const SECONDS = smoke ? 1 : 5;
const READERS = 10;
const WRITERS = 2;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const fileSize = (file: string) =>
  [file, `${file}-wal`].reduce((n, f) => n + (existsSync(f) ? statSync(f).size : 0), 0);

/** `count` queued applicants with a draft IMHS application and a small portfolio each. */
async function fillQueue(t: TestApp, count: number) {
  const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
  const stamp = '2026-01-15T10:00:00.000Z';
  const ids = await queueApplications(
    t.db,
    mi.id,
    Array.from({ length: count }, (_, i) => ({
      name: `Queued Applicant ${i}`,
      email: `queued${i}@example.org`,
      credential: 'IMHS',
      status: 'draft',
      createdAt: stamp,
      submittedAt: null,
      updatedAt: stamp,
    })),
  );
  const small = largePortfolio(7, { work: 3, training: 12, rsc: 4, references: 3 });
  small.memberships = small.memberships!.slice(-3);
  const users = await t.db.kysely
    .selectFrom('application')
    .select(['user_id', 'id'])
    .where('id', 'in', ids)
    .execute();
  for (let i = 0; i < users.length; i += 500)
    await t.db.kysely.transaction().execute(async (trx) => {
      for (const u of users.slice(i, i + 500))
        await replacePortfolio(trx, u.user_id, {
          ...small,
          person: { name: 'Queued', email: 'q@example.org' },
        });
    });
}

/** A real applicant: signed up through the forms, the large portfolio imported, an IMHS application. */
async function realApplicant(t: TestApp, n: number) {
  const a = await applicant(t, `Loaded Applicant ${n}`, `loaded${n}@example.org`, [['mi-aimh', 'IMHS']]);
  const preview = await submitMultipart(a.browser, '/portfolio/import', '/portfolio/import', {
    json: JSON.stringify(largePortfolio(n)),
  });
  const done = await confirmImport(a.browser, preview.body);
  if (done.statusCode !== 303) throw new Error(`the import answered ${done.statusCode}`);
  return { browser: a.browser, application: a.applications[0]! };
}

/** Saves a new training entry over and over on one connection; counts 303s as done. */
async function saveTraining(v: Visitor, seconds: number): Promise<LoadResult> {
  const html = await (await v.get('/portfolio/training')).text();
  const body = new URLSearchParams({
    _csrf: csrfToken(html),
    ...hiddenFields(html, '/portfolio/training'),
    title: 'Reflective practice day',
    date: '2026-03-02',
    hours: '6',
  }).toString();
  const r = await autocannon({
    url: `${v.url}/portfolio/training`,
    method: 'POST',
    connections: 1,
    duration: seconds,
    headers: { cookie: v.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const done = r['3xx'];
  return {
    rps: done / seconds,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failed: r.requests.total - done,
    requests: r.requests.total,
  };
}

const sum = (rs: LoadResult[], k: 'rps' | 'failed' | 'requests') => rs.reduce((n, r) => n + r[k], 0);
const worst = (rs: LoadResult[]) => Math.max(...rs.map((r) => r.p99));

console.log(
  `Endorse SQLite capacity: Node ${process.version}; ${SIZES.join(' and ')} applicants, ${SECONDS} s loads`,
);
for (const size of SIZES) {
  const secret = randomBytes(32).toString('base64url');
  const t = await startApp({ rateLimit: 1_000_000, env: { ENDORSE_SECRET: secret } });
  try {
    const filling = process.hrtime.bigint();
    await fillQueue(t, size - READERS - WRITERS);
    const queued = msSince(filling);
    const loaded = [];
    for (let n = 0; n < READERS + WRITERS; n++) loaded.push(await realApplicant(t, n + 1));
    const filled = msSince(filling);
    await t.app.close();
    await t.product.close();
    await t.db.close();
    console.log(
      `\n${size} applicants (${t.db.dialect}): written in ${(filled / 1000).toFixed(1)} s ` +
        `(${size - READERS - WRITERS} queued in ${(queued / 1000).toFixed(1)} s); ` +
        `database ${mb(fileSize(t.db.sqliteFile))}`,
    );

    const server = await startEndorseOn(t.db, secret);
    try {
      const people = loaded.map((p) => ({
        v: visitorWith(server.url, p.browser.cookies),
        path: `/applications/${p.application}`,
      }));
      for (const p of people) {
        const res = await p.v.get(p.path);
        if (res.status !== 200) throw new Error(`the checklist answered ${res.status}`);
      }
      // The machine's state in this run: a route that does almost nothing, on the same server.
      const floor = await load(server.url, '/healthz', {
        connections: READERS,
        seconds: Math.min(SECONDS, 3),
      });
      console.log(`  for scale, /healthz at ${READERS} connections: ${floor.rps.toFixed(0)} req/s`);
      const saved = await people[READERS]!.v.submit('/portfolio/training', '/portfolio/training', {
        title: 'Reflective practice day',
        date: '2026-03-02',
        hours: '6',
      });
      check(`a save answered 303 (${size})`, saved.status === 303, String(saved.status));
      const readers = people.slice(0, READERS);
      const reads = await Promise.all(
        readers.map((p) =>
          load(server.url, p.path, { connections: 1, seconds: SECONDS, cookie: p.v.cookie }),
        ),
      );
      console.log(
        `  reads, ${READERS} connections: ${sum(reads, 'rps').toFixed(0)} req/s, p99 ≤ ${worst(reads)} ms (the worst reader's)`,
      );
      check(
        `every read answered 200 (${size})`,
        sum(reads, 'failed') === 0,
        `${sum(reads, 'failed')} of ${sum(reads, 'requests')} not`,
      );

      const mixReads = readers.slice(0, READERS - WRITERS);
      const [writes, ...mixed] = await Promise.all([
        Promise.all(people.slice(READERS).map((p) => saveTraining(p.v, SECONDS))),
        ...mixReads.map((p) =>
          load(server.url, p.path, { connections: 1, seconds: SECONDS, cookie: p.v.cookie }),
        ),
      ]);
      console.log(
        `  a mix, ${READERS - WRITERS} reading and ${WRITERS} saving: reads ${sum(mixed, 'rps').toFixed(0)} req/s, ` +
          `p99 ≤ ${worst(mixed)} ms; saves ${sum(writes, 'rps').toFixed(0)} req/s, p99 ≤ ${worst(writes)} ms`,
      );
      check(
        `every read in the mix answered 200 (${size})`,
        sum(mixed, 'failed') === 0,
        `${sum(mixed, 'failed')} of ${sum(mixed, 'requests')} not`,
      );
      check(
        `every save answered 303 (${size})`,
        sum(writes, 'failed') === 0,
        `${sum(writes, 'failed')} of ${sum(writes, 'requests')} not`,
      );
      console.log(
        `  database after the loads: ${mb(fileSize(t.db.sqliteFile))}; server RSS ${(await server.rssMb()).toFixed(0)} MB`,
      );
    } finally {
      await server.stop();
    }
  } finally {
    await t.db.cleanup();
  }
}
finish();
