// `npm run bench` (fourth part): the exam's item bank at a thousand items,
// imported as CSV, searched through the HTTP app as its exam scorer. SQLite by
// default; PostgreSQL with TEST_DATABASE_URL. Exits non-zero when a target is
// missed.
//
//   importing 1,000 items from CSV (all checked, then saved)              < 5 s
//   a page of the bank (all, words, domain and status, page 10)           median < 150 ms
//   the CSV of the whole bank                                             < 1 s
import { sql } from 'kysely';
import { findAssociation } from '../src/db/repositories/associations.ts';
import { importItemsCsv } from '../src/services/exam-exchange.ts';
import { staffMember } from '../test/helpers/exam.ts';
import { startApp } from '../test/helpers/http.ts';
import { finish, median, ms, msSince, scale, sorted, verdict } from './harness.ts';

const ITEMS = scale(1000, 100);
/** A page past the first (the bank shows 50 items a page). */
const LATER_PAGE = scale(10, 2);

const domains = ['1-theoretical-foundations', '4-direct-service-skills', '8-thinking', '9-reflection'];
const topics = ['attachment', 'co-regulation', 'reflective supervision', 'trauma', 'play'];
const csv = [
  'code,kind,exam,status,text,option_a,option_b,option_c,option_d,key,domains',
  ...Array.from({ length: ITEMS }, (_, i) =>
    [
      `MC-${String(i + 1).padStart(4, '0')}`,
      'multiple-choice',
      i % 2 ? 'ecmh' : 'imh',
      ['draft', 'active', 'active', 'retired'][i % 4],
      `Sample item ${i + 1} on ${topics[i % topics.length]}: which response fits best?`,
      'The first',
      'The second',
      'The third',
      'The fourth',
      'ABCD'[i % 4],
      `${domains[i % 4]};${domains[(i + 1) % 4]}`,
    ].join(','),
  ),
].join('\n');

const t = await startApp({ rateLimit: 1_000_000 });
try {
  const ct = (await findAssociation(t.db.kysely, 'ct-aimh'))!;
  const sam = await staffMember(t, 'ct-aimh', 'Sam Scorer', 'sam@example.org', ['exam-scorer']);
  const start = process.hrtime.bigint();
  await importItemsCsv(sam.actor, ct.id, csv, t.product);
  verdict(`importing ${ITEMS.toLocaleString('en-US')} items from CSV`, msSince(start), { below: 5000 }, ms);
  if (t.db.dialect === 'postgres') await sql`analyze`.execute(t.db.kysely);

  const base = '/associations/ct-aimh/exam/items';
  const pages = ['', '?q=co-regulation+fits', '?domain=8-thinking&status=active', `?page=${LATER_PAGE}`];
  const times: number[] = [];
  for (let round = 0; round < 5; round++)
    for (const page of pages) {
      const s = process.hrtime.bigint();
      const res = await sam.browser.get(`${base}${page}`);
      times.push(msSince(s));
      if (res.statusCode !== 200) throw new Error(`GET ${base}${page}: ${res.statusCode}`);
    }
  verdict('a page of the bank (median)', median(sorted(times)), { below: 150 }, ms);

  const s = process.hrtime.bigint();
  const exported = await sam.browser.get(`${base}/export.csv`);
  verdict('the CSV of the whole bank', msSince(s), { below: 1000 }, ms);
  if (exported.statusCode !== 200) throw new Error(`export: ${exported.statusCode}`);
} finally {
  await t.close();
}
finish();
