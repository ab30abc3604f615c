// The coordinator's list of applications (issue 8, "the coordinator's
// queue"), through the real HTTP app: drafts left out unless asked for; search
// by name or e-mail in any case; filters by state and credential; sorts by
// latest change, newest or oldest; cursor pages stable under ties; the same
// through /api/v1, documented in OpenAPI; a CSV download of the filtered list,
// formula-safe and audited as an export.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { queueApplications, type QueuedApplication } from '../helpers/queue.ts';

let t: TestApp;
let carl: Browser; // coordinator of mi-aimh
const list = '/associations/mi-aimh/applications';
const api = '/api/v1/associations/mi-aimh/applications';

const at = (day: number) => new Date(Date.UTC(2026, 0, day, 12)).toISOString();
const submitted = (name: string, email: string, credential: string, day: number, status = 'submitted') =>
  ({
    name,
    email,
    credential,
    status,
    createdAt: at(day - 1),
    submittedAt: at(day),
    updatedAt: at(day),
  }) satisfies QueuedApplication;

/** Twenty-five applications that came in at the same moment: the pages must not lose or repeat one. */
const ties = Array.from({ length: 25 }, (_, i) =>
  submitted(`Tie Applicant ${i + 1}`, `tie${i + 1}@example.org`, 'IFS', 20),
);
const fixtures: QueuedApplication[] = [
  submitted('Zoë Ölander', 'zoe@example.org', 'IMHS', 5),
  submitted('Marco Rossi', 'Marco.Rossi@Example.ORG', 'IFA', 10, 'in-review'),
  { ...submitted('Dana Draft', 'dana@example.org', 'IMHS', 12, 'draft'), submittedAt: null },
  submitted('=HYPERLINK("http://evil.example")', 'formula@example.org', 'IMHS', 14),
  submitted('O"Brien, Pat', 'pat@example.org', 'IMHS', 15, 'approved'),
  submitted('Ann 100% Sure', 'ann100@example.org', 'IMHS', 16),
  submitted('Ann 1000 Sure', 'ann1000@example.org', 'IMHS', 17),
  ...ties,
];
const notDrafts = fixtures.filter((f) => f.status !== 'draft').length;

interface Summary {
  id: string;
  status: string;
  credential: string;
  applicant: { name: string; email: string };
}
interface Page {
  applications: Summary[];
  next: string | null;
}
const apiGet = async (query: string) => {
  const res = await carl.get(`${api}${query}`);
  return { res, body: res.json() as Page & { error?: string; field?: string; message?: string } };
};
const namesOf = (page: Page) => page.applications.map((a) => a.applicant.name);

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  const site = await t.siteAdmin();
  carl = t.browser();
  await carl.signUp({ name: 'Carl Coordinator', email: 'carl@example.org' });
  const granted = await site.submit('/associations/mi-aimh/people', '/associations/mi-aimh/people', {
    email: 'carl@example.org',
    roles: ['coordinator'],
  });
  assert.equal(granted.statusCode, 303);
  const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
  await queueApplications(t.db, mi.id, fixtures);
});

after(async () => {
  await t?.close();
});

describe("the coordinator's list", () => {
  test('drafts are left out by default, and shown when asked for', async () => {
    const page = pageText((await carl.get(list)).body);
    assert.match(page, /Zoë Ölander/);
    assert.doesNotMatch(page, /Dana Draft/);
    const drafts = await carl.get(`${list}?status=draft`);
    assert.match(pageText(drafts.body), /Dana Draft/);
    assert.doesNotMatch(pageText(drafts.body), /Zoë/);
    const all = await apiGet('?status=all&limit=100');
    assert.equal(all.body.applications.length, fixtures.length);
    const plain = await apiGet('?limit=100');
    assert.equal(plain.body.applications.length, notDrafts);
    assert.ok(plain.body.applications.every((a) => a.status !== 'draft'));
  });

  test('search finds a name or an e-mail address in any case, non-ASCII letters too', async () => {
    assert.deepEqual(namesOf((await apiGet(`?q=${encodeURIComponent('ZOË ö')}`)).body), ['Zoë Ölander']);
    assert.deepEqual(namesOf((await apiGet('?q=rossi%40example.org')).body), ['Marco Rossi']);
    // The search box with empty selects, as a browser sends the form.
    const page = await carl.get(`${list}?q=marco&status=&credential=&sort=latest`);
    assert.equal(page.statusCode, 200);
    assert.match(pageText(page.body), /Marco Rossi/);
    assert.doesNotMatch(pageText(page.body), /Zoë/);
    assert.match(page.body, /<input id="q" name="q" type="search" value="marco"/);
    // % and _ are letters like any other.
    assert.deepEqual(namesOf((await apiGet('?q=100%25')).body), ['Ann 100% Sure']);
    assert.deepEqual(namesOf((await apiGet('?q=tie_')).body), []);
  });

  test('filters by state and by credential; an unknown credential is named', async () => {
    assert.deepEqual(namesOf((await apiGet('?status=in-review')).body), ['Marco Rossi']);
    assert.deepEqual(namesOf((await apiGet('?credential=ifa')).body), ['Marco Rossi']);
    assert.equal((await apiGet('?credential=IFS&limit=100')).body.applications.length, ties.length);
    const unknown = await apiGet('?credential=NOPE');
    assert.equal(unknown.res.statusCode, 400);
    assert.equal(unknown.body.field, 'credential');
    assert.match(unknown.body.message ?? '', /no credential "NOPE".*IMHS/);
    const page = await carl.get(`${list}?credential=NOPE`);
    assert.equal(page.statusCode, 400);
    assert.match(pageText(page.body), /There is a problem.*no credential "NOPE"/);
    const status = await apiGet('?status=lost');
    assert.equal(status.res.statusCode, 400);
    assert.equal(status.body.field, 'status');
  });

  test('sorts by latest change, newest or oldest', async () => {
    const oldest = namesOf((await apiGet('?sort=oldest&limit=3')).body);
    assert.deepEqual(oldest, ['Zoë Ölander', 'Marco Rossi', '=HYPERLINK("http://evil.example")']);
    const newest = namesOf((await apiGet('?sort=newest&limit=100')).body);
    assert.deepEqual(newest.slice(-2), ['Marco Rossi', 'Zoë Ölander']);
    const latest = namesOf((await apiGet('?limit=100')).body);
    assert.equal(latest.at(-1), 'Zoë Ölander');
    const page = await carl.get(`${list}?sort=oldest`);
    assert.match(page.body, /<option value="oldest" selected>/);
    assert.ok(pageText(page.body).indexOf('Zoë') < pageText(page.body).indexOf('Marco Rossi'));
  });

  test('pages follow each other by cursor, none lost or repeated among ties', async () => {
    for (const sort of ['latest', 'newest', 'oldest']) {
      const whole = (await apiGet(`?sort=${sort}&limit=100`)).body.applications.map((a) => a.id);
      const seen: string[] = [];
      let cursor: string | null = '';
      let pages = 0;
      while (cursor !== null) {
        const { res, body } = await apiGet(
          `?sort=${sort}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        assert.equal(res.statusCode, 200);
        assert.ok(body.applications.length <= 7);
        seen.push(...body.applications.map((a) => a.id));
        cursor = body.next;
        pages += 1;
      }
      assert.equal(pages, Math.ceil(notDrafts / 7), sort);
      assert.deepEqual(seen, whole, `${sort}: every application once, in the same order`);
    }
  });

  test('a cursor that is not one answers 400 naming the cursor; limit is checked', async () => {
    const bad = await apiGet('?cursor=not-a-cursor');
    assert.equal(bad.res.statusCode, 400);
    assert.equal(bad.body.field, 'cursor');
    const { next } = (await apiGet('?sort=oldest&limit=2')).body;
    const otherSort = await apiGet(`?sort=newest&cursor=${next}`);
    assert.equal(otherSort.res.statusCode, 400);
    assert.equal(otherSort.body.field, 'cursor');
    for (const limit of ['0', '101', 'ten']) {
      const res = await apiGet(`?limit=${limit}`);
      assert.equal(res.res.statusCode, 400, limit);
      assert.equal(res.body.field, 'limit', limit);
    }
    assert.equal((await apiGet('?limit=1')).body.applications.length, 1);
    const page = await carl.get(`${list}?cursor=not-a-cursor`);
    assert.equal(page.statusCode, 400);
    assert.match(pageText(page.body), /There is a problem.*cursor is not a place in this list/i);
  });

  test('the page links to the next page and back to the first, keeping the filters', async () => {
    const first = await carl.get(`${list}?credential=IFS&limit=10`);
    const next = /<a href="([^"]+)">Next page<\/a>/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');
    assert.ok(next, 'a link to the next page');
    assert.match(next, /credential=IFS/);
    const second = await carl.get(next);
    assert.equal(second.statusCode, 200);
    const rows = (html: string) => [...html.matchAll(/Tie Applicant \d+/g)].map((m) => m[0]);
    assert.equal(rows(second.body).length, 10);
    assert.equal(
      rows(second.body).filter((r) => rows(first.body).includes(r)).length,
      0,
      'the second page shows other applications',
    );
    assert.match(second.body, /<a href="[^"]*credential=IFS[^"]*">First page<\/a>/);
  });

  test('the OpenAPI document describes the filters and the page', async () => {
    const doc = (await t.app.inject('/api/docs/json')).json() as {
      paths: Record<
        string,
        { get: { parameters: Array<{ name: string; in: string; description?: string }> } }
      >;
    };
    const op = doc.paths['/api/v1/associations/{slug}/applications']!.get;
    const query = op.parameters.filter((p) => p.in === 'query').map((p) => p.name);
    assert.deepEqual(query.sort(), ['credential', 'cursor', 'limit', 'overdue', 'q', 'sort', 'status']);
    assert.ok(
      op.parameters.every((p) => p.description),
      'every parameter says what it does',
    );
  });
});

describe('the CSV download', () => {
  const parse = (csv: string) => {
    // RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
    const rows: string[][] = [];
    let row: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < csv.length; i++) {
      const c = csv[i]!;
      if (quoted && c === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = !quoted;
      } else if (!quoted && c === ',') {
        row.push(cell);
        cell = '';
      } else if (!quoted && c === '\r' && csv[i + 1] === '\n') {
        row.push(cell);
        rows.push(row);
        row = [];
        cell = '';
        i++;
      } else {
        cell += c;
      }
    }
    return rows;
  };

  test('is the filtered list, every page of it, with a header row, safe to open in a spreadsheet', async () => {
    const res = await carl.get(`${list}.csv?credential=IMHS&limit=1`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(
      String(res.headers['content-disposition']),
      /^attachment; filename="applications-mi-aimh\.csv"$/,
    );
    assert.ok(res.body.startsWith('\uFEFF'), 'a UTF-8 byte-order mark for spreadsheets');
    const rows = parse(res.body.slice(1));
    assert.deepEqual(rows[0], [
      'Applicant',
      'E-mail',
      'Credential',
      'State',
      'Started',
      'Submitted',
      'Last change',
      'Advisor',
      'Reviewers',
      'Days since submitted',
      'Days in this state',
      'Review due',
      'Answer due',
      'Overdue',
      'Application id',
    ]);
    const names = rows.slice(1).map((r) => r[0]);
    // IMHS, not drafts, all pages (limit is the page's size, not the download's).
    assert.deepEqual(names.sort(), [
      '\'=HYPERLINK("http://evil.example")',
      'Ann 100% Sure',
      'Ann 1000 Sure',
      'O"Brien, Pat',
      'Zoë Ölander',
    ]);
    assert.match(res.body, /"O""Brien, Pat"/);
    const zoe = rows.find((r) => r[0] === 'Zoë Ölander')!;
    assert.deepEqual(zoe.slice(1, 6), ['zoe@example.org', 'IMHS', 'Submitted', at(4), at(5)]);
  });

  test('the page links to the download with its filters', async () => {
    const page = await carl.get(`${list}?q=ann&status=all&sort=oldest`);
    const href = /<a href="([^"]+\.csv[^"]*)" download>/.exec(page.body)?.[1]?.replaceAll('&amp;', '&');
    assert.equal(href, `${list}.csv?q=ann&status=all&sort=oldest`);
    const rows = parse((await carl.get(href)).body.slice(1));
    assert.deepEqual(
      rows.slice(1).map((r) => r[0]),
      ['Ann 100% Sure', 'Ann 1000 Sure'],
    );
  });

  test('each download is audited as an export, with its filters and how many it held', async () => {
    await carl.get(`${list}.csv?q=marco`);
    const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
    const events = await t.db.kysely
      .selectFrom('audit_event')
      .select(['action', 'subject_type', 'subject_id', 'after'])
      .where('action', '=', 'application.export')
      .execute();
    const last = events.at(-1)!;
    assert.equal(last.subject_type, 'association');
    assert.equal(last.subject_id, mi.id);
    assert.deepEqual(JSON.parse(last.after!), {
      filters: { q: 'marco', sort: 'latest' },
      applications: 1,
    });
  });

  test('a bad filter answers 400 naming it, and nothing is exported', async () => {
    const before = await t.db.kysely
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'application.export')
      .execute();
    const res = await carl.get(`${list}.csv?sort=alphabetical`);
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /sort must be one of latest, newest, oldest/);
    const after = await t.db.kysely
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'application.export')
      .execute();
    assert.equal(after.length, before.length);
  });
});
