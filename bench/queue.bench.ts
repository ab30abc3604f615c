// `npm run bench` (third part): the coordinator's list of applications at
// 10,000 applications of one association (and as many of another), through
// the HTTP app as a signed-in coordinator. SQLite by default; PostgreSQL with
// TEST_DATABASE_URL. Exits non-zero when a target is missed.
//
//   a page of the list (first page, a search, a filter, a sort, overdue only, page 100)   median < 150 ms
//   the CSV of the whole list (10,000 rows less the drafts)                  < 2 s
import { sql } from 'kysely';
import { findAssociation } from '../src/db/repositories/associations.ts';
import { startApp } from '../test/helpers/http.ts';
import { queueApplications, type QueuedApplication } from '../test/helpers/queue.ts';
import { finish, median, ms, msSince, scale, sorted, verdict } from './harness.ts';

const N = scale(10_000, 300);
/** The page the cursors lead to, 50 applications a page. */
const FAR_PAGE = scale(100, 3);
const statuses = ['submitted', 'in-review', 'exam', 'endorsed', 'withdrawn', 'draft'];
const credentials = ['IFA', 'IFS', 'IMHS', 'IMHM-C'];
const surnames = ['Rossi', 'Ölander', 'Nguyen', 'García', 'Smith', 'Okafor', 'Kowalski', 'Haddad'];
function applications(prefix: string): QueuedApplication[] {
  return Array.from({ length: N }, (_, i) => {
    // Many applications share a moment, as an import or a deadline makes them.
    const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(i / 7) * 3_600_000).toISOString();
    const status = statuses[i % statuses.length]!;
    return {
      name: `Applicant${i} ${surnames[i % surnames.length]}`,
      email: `${prefix}${i}@example.org`,
      credential: credentials[i % credentials.length]!,
      status,
      createdAt: day,
      submittedAt: status === 'draft' ? null : day,
      updatedAt: day,
    };
  });
}

const t = await startApp({ rateLimit: 1_000_000 });
try {
  const site = await t.siteAdmin();
  const carl = t.browser();
  await carl.signUp({ name: 'Carl Coordinator', email: 'carl@example.org' });
  await site.submit('/associations/mi-aimh/people', '/associations/mi-aimh/people', {
    email: 'carl@example.org',
    roles: ['coordinator'],
  });
  const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
  const ct = (await findAssociation(t.db.kysely, 'ct-aimh'))!;
  const made = process.hrtime.bigint();
  await queueApplications(t.db, mi.id, applications('mi'));
  await queueApplications(t.db, ct.id, applications('ct'));
  // PostgreSQL's autovacuum gathers statistics after a load like this one; without them it
  // plans the search as if the tables were empty (seconds instead of milliseconds).
  if (t.db.dialect === 'postgres') await sql`analyze`.execute(t.db.kysely);
  console.log(`${2 * N} applications written in ${ms(msSince(made))} (${t.db.dialect})`);

  const list = '/associations/mi-aimh/applications';
  const timed = async (url: string) => {
    const start = process.hrtime.bigint();
    const res = await carl.get(url);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode}`);
    return { ms: msSince(start), body: res.body };
  };
  const pageMedian = async (name: string, url: string) => {
    await timed(url); // warm
    const runs: number[] = [];
    for (let i = 0; i < 9; i++) runs.push((await timed(url)).ms);
    verdict(`${name} (${url.slice(list.length) || 'first page'})`, median(sorted(runs)), { below: 150 }, ms);
  };
  await pageMedian('the first page', list);
  await pageMedian('a search by name, any case', `${list}?q=%C3%B6lander`);
  await pageMedian('a search by e-mail', `${list}?q=mi${scale(4242, 242)}%40`);
  await pageMedian('a state and a credential', `${list}?status=in-review&credential=IFS`);
  await pageMedian('oldest first', `${list}?sort=oldest`);
  await pageMedian('overdue only', `${list}?overdue=true`);

  // Page 100 (FAR_PAGE): follow the cursors there, then time that page.
  let url = `${list}?sort=newest&limit=50`;
  for (let i = 1; i < FAR_PAGE; i++) {
    const next = /<a href="([^"]+)">Next page<\/a>/.exec((await timed(url)).body)?.[1];
    if (!next) throw new Error(`no page ${i + 1}`);
    url = next.replaceAll('&amp;', '&');
  }
  await pageMedian(`page ${FAR_PAGE}`, url);

  const csv = await timed(`${list}.csv?status=all`);
  verdict(
    `the CSV of all ${N} applications (${(csv.body.length / 1e6).toFixed(1)} MB)`,
    csv.ms,
    { below: 2000 },
    ms,
  );
} finally {
  await t.close();
}
finish();
