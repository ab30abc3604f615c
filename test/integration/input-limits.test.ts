// The limits on what people send, through the HTTP app on SQLite or on
// PostgreSQL (TEST_DATABASE_URL): numbers in range, lengths of text, the
// nesting of JSON and control characters, answered with 400 and the field at
// fault from the forms, import, the JSON bodies and better-auth's endpoints;
// the caps on entries per section and per import; long sections in pages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { listEntries } from '../../src/db/repositories/portfolio.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { MAX_IMPORT_ENTRIES, MAX_SECTION_ENTRIES } from '../../src/engine/limits.ts';
import { type Browser, csrfToken, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { applicant, confirmImport, entryIds, submitMultipart } from '../helpers/portfolio-http.ts';

let t: TestApp;

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
});

after(async () => {
  await t?.close();
});

let people = 0;
/** A new applicant of their own (each test fills a portfolio differently). */
async function someone(): Promise<{ browser: Browser; id: string }> {
  people++;
  return applicant(t, `Person ${people}`, `person${people}@example.org`, [['mi-aimh', 'IMHS']]);
}

const entryCount = async (userId: string) =>
  (await listEntries(t.db.kysely, userId)).filter(
    (r) => !r.section.startsWith('=') && !r.section.startsWith('[]'),
  ).length;

const portfolio = (lists: Record<string, unknown[]>) =>
  JSON.stringify({ format: 'endorse-portfolio/1', person: { name: 'Rosa Example' }, ...lists });

const training = (n: number, extra: Record<string, unknown> = {}) =>
  Array.from({ length: n }, (_, i) => ({
    title: `Training ${i + 1}`,
    date: '2020-01-01',
    hours: 1,
    topics: ['imh'],
    ...extra,
  }));
const leadership = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ activity: `Activity ${i + 1}`, from: '2020-01-01', to: null }));
const memberships = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    association: 'mi-aimh',
    from: `${1000 + (i % 1000)}-01-01`,
    to: null,
  }));

/** Pastes `json` into the import form: the check, which saves nothing. */
const importText = (b: Browser, json: string) =>
  submitMultipart(
    b,
    '/portfolio/import',
    '/portfolio/import',
    {},
    { file: { name: 'p.json', bytes: Buffer.from(json) } },
  );

/** Imports `json` through both steps: the check, then the confirmation. */
async function importAll(b: Browser, json: string) {
  const preview = await importText(b, json);
  assert.equal(preview.statusCode, 200, pageText(preview.body).slice(0, 500));
  return confirmImport(b, preview.body);
}

const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('numbers: finite and in range', () => {
  test('1e308 hours: refused by import and by the form, naming the field', async () => {
    const { browser, id } = await someone();
    const res = await importText(browser, portfolio({ training: training(1, { hours: 1e308 }) }));
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /training\[0\]\.hours: must be at most 100000 hours/);

    const form = await browser.submit('/portfolio/training', '/portfolio/training', {
      title: 'Attachment and loss',
      date: '2019-03-02',
      hours: `1${'0'.repeat(308)}`,
    });
    assert.equal(form.statusCode, 400);
    assert.match(form.body, /href="#hours"/);
    assert.match(pageText(form.body), /The hours of training must be at most 100000 hours/);
    assert.equal(await entryCount(id), 0);
  });
});

describe('lengths of text', () => {
  test('a 1 MB title is refused by import, a title over the limit by the form', async () => {
    const { browser, id } = await someone();
    const res = await importText(
      browser,
      portfolio({ training: training(1, { title: 'x'.repeat(1_000_000) }) }),
    );
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /training\[0\]\.title: must be at most 500 characters/);

    const form = await browser.submit('/portfolio/training', '/portfolio/training', {
      title: 'x'.repeat(501),
      date: '2019-03-02',
      hours: '6',
    });
    assert.equal(form.statusCode, 400);
    assert.match(form.body, /href="#title"/);
    assert.match(pageText(form.body), /The title of the training must be at most 500 characters/);
    assert.equal(await entryCount(id), 0);
  });

  test('a long real title of a training is taken', async () => {
    const { browser, id } = await someone();
    const title =
      'Infant and Early Childhood Mental Health Consultation in Early Care and Education Settings: Building Reflective Capacity, Strengthening Relationships and Supporting Culturally Responsive Practice with Families of Infants and Toddlers (Module 3 of 6)';
    const form = await browser.submit('/portfolio/training', '/portfolio/training', {
      title,
      date: '2019-03-02',
      hours: '6.5',
    });
    assert.equal(form.statusCode, 303, pageText(form.body).slice(0, 500));
    assert.equal(await entryCount(id), 1);
  });

  test("a 200,000-character name: the account's name form and sign-up refuse it; no account is made", async () => {
    const { browser } = await someone();
    const name = 'n'.repeat(200_000);
    const form = await browser.submit('/account', '/account/name', { name });
    assert.equal(form.statusCode, 400);
    assert.match(form.body, /href="#name"/);
    assert.match(pageText(form.body), /Your name must be at most 200 characters/);

    const signUp = await t.browser().submit('/sign-up', '/sign-up', { name, email: 'long-name@example.org' });
    assert.equal(signUp.statusCode, 400);
    assert.match(signUp.body, /href="#name"/);
    assert.match(pageText(signUp.body), /Your name must be at most 200 characters/);
    assert.equal(await findPersonByEmail(t.db.kysely, 'long-name@example.org'), undefined);
  });
});

describe('nesting of JSON', () => {
  test('deeply nested JSON: 400 from the JSON body parser, import and the self-study', async () => {
    const { browser, id } = await someone();
    const body = `{"name":${deep(100_000)}}`;
    const form = await t.app.inject({
      method: 'POST',
      url: '/account/name',
      headers: { cookie: browser.cookieHeader(), 'content-type': 'application/json' },
      payload: body,
    });
    assert.equal(form.statusCode, 400);
    assert.match(pageText(form.body), /body nests objects and lists more than 32 deep/);

    const nested = portfolio({ training: training(1, { notes: JSON.parse(deep(40)) }) });
    const imported = await importText(browser, nested);
    assert.equal(imported.statusCode, 400);
    assert.match(pageText(imported.body), /\$: nests objects and lists more than 32 deep/);
    const veryDeep = await importText(browser, `{"format":"endorse-portfolio/1","x":${deep(100_000)}}`);
    assert.equal(veryDeep.statusCode, 400);
    assert.equal(await entryCount(id), 0);

    const page = await t.browser().get('/self-study');
    const selfStudy = await t.browser().app.inject({
      method: 'POST',
      url: '/self-study/import',
      headers: { cookie: '', 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        _csrf: csrfToken(page.body),
        json: nested,
        'import-association': 'mi-aimh',
      }).toString(),
    });
    assert.notEqual(selfStudy.statusCode, 500);
  });
});

describe('control characters', () => {
  test('a NUL in a form field, a JSON body or an import answers 400 with the field; nothing is saved', async () => {
    const { browser, id } = await someone();
    const form = await browser.submit('/portfolio/training', '/portfolio/training', {
      title: 'Attachment\u0000and loss',
      date: '2019-03-02',
      hours: '6',
    });
    assert.equal(form.statusCode, 400);
    assert.match(pageText(form.body), /title contains a control character \(U\+0000\) at character 11/);

    const name = await browser.submit('/account', '/account/name', { name: 'Rosa\u0000' });
    assert.equal(name.statusCode, 400);
    assert.match(pageText(name.body), /name contains a control character \(U\+0000\)/);

    const bell = await browser.submit('/account', '/account/name', { name: 'Rosa\u0007' });
    assert.equal(bell.statusCode, 400);

    const signUp = await t.browser().submit('/sign-up', '/sign-up', {
      name: 'Rosa\u0000',
      email: 'nul-name@example.org',
    });
    assert.equal(signUp.statusCode, 400);
    assert.match(pageText(signUp.body), /name contains a control character \(U\+0000\)/);
    assert.ok(!(await t.mail()).some((m) => m.includes('nul-name@example.org')));

    const imported = await importText(
      browser,
      portfolio({ training: training(1, { provider: 'Family\u0000Center' }) }),
    );
    assert.equal(imported.statusCode, 400);
    assert.match(
      pageText(imported.body),
      /training\[0\]\.provider: contains a control character \(U\+0000\)/,
    );
    const unknownField = await importText(
      browser,
      portfolio({ training: training(1, { 'note\u0000': 'x' }) }),
    );
    assert.equal(unknownField.statusCode, 400);
    assert.equal(await entryCount(id), 0);

    const account = await browser.get('/account');
    assert.match(account.body, /value="Person \d+"/, 'the name is unchanged');
  });

  test('tabs and line breaks are text, not control characters', async () => {
    const { browser, id } = await someone();
    const res = await browser.submit('/portfolio/leadership', '/portfolio/leadership', {
      activity: 'Facilitates a reflective practice group\r\n\tand trains new facilitators',
      from: '2018-01-01',
    });
    assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 500));
    assert.equal(await entryCount(id), 1);
  });
});

describe('entries per section and per import', () => {
  test(`an import over the cap of ${MAX_IMPORT_ENTRIES} entries is refused, naming it; nothing is saved`, async () => {
    const { browser, id } = await someone();
    const over = portfolio({
      training: training(MAX_SECTION_ENTRIES),
      leadership: leadership(MAX_SECTION_ENTRIES),
      memberships: memberships(MAX_IMPORT_ENTRIES - 2 * MAX_SECTION_ENTRIES + 1),
    });
    const res = await importText(browser, over);
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /\$: holds 5,001 entries: one import adds at most 5,000/);
    const section = await importText(browser, portfolio({ training: training(MAX_SECTION_ENTRIES + 1) }));
    assert.equal(section.statusCode, 400);
    assert.match(
      pageText(section.body),
      /training: holds more than 2,000 entries, the most a section may hold/,
    );
    assert.equal(await entryCount(id), 0);
  });

  test('an import at the cap works; the section page shows page 1 of its entries with a link to the next', async () => {
    const { browser, id } = await someone();
    const full = portfolio({
      training: training(MAX_SECTION_ENTRIES),
      leadership: leadership(MAX_SECTION_ENTRIES),
      memberships: memberships(MAX_IMPORT_ENTRIES - 2 * MAX_SECTION_ENTRIES),
    });
    const done = await importAll(browser, full);
    assert.equal(done.statusCode, 303, pageText(done.body).slice(0, 500));
    assert.equal(await entryCount(id), MAX_IMPORT_ENTRIES);

    const first = await browser.get('/portfolio/training');
    assert.equal(first.statusCode, 200);
    const text = pageText(first.body);
    assert.match(text, /Your in-service training: 2000 entries, 1 to 50 shown/);
    assert.match(text, /Page 1 of 40/);
    assert.match(first.body, /<nav class="pagination" aria-label="Pages of your in-service training">/);
    assert.match(
      first.body,
      /<a href="\/portfolio\/training\?page=2&amp;application=[^"]+" rel="next">Next page<\/a>/,
    );
    assert.doesNotMatch(first.body, /rel="prev"/);
    assert.equal(entryIds(first.body, 'training').length, 50);
    assert.match(text, /Training 1 /);
    assert.doesNotMatch(text, /Training 51 /);

    const second = await browser.get('/portfolio/training?page=2');
    assert.match(pageText(second.body), /51 to 100 shown/);
    assert.match(
      second.body,
      /href="\/portfolio\/training\?page=1&amp;application=[^"]+" rel="prev">Previous page/,
    );
    assert.match(pageText(second.body), /Training 51 /);
    const last = await browser.get('/portfolio/training?page=40');
    assert.doesNotMatch(last.body, /rel="next"/);
    assert.equal((await browser.get('/portfolio/training?page=two')).statusCode, 400);

    // The section is full: one more, by form or import, is refused with the cap.
    const more = await browser.submit('/portfolio/training', '/portfolio/training', {
      title: 'One more',
      date: '2021-01-01',
      hours: '1',
    });
    assert.equal(more.statusCode, 400);
    assert.match(pageText(more.body), /a section holds at most 2,000 entries/);
    const again = await importText(browser, portfolio({ training: [{ date: '2022-01-01', hours: 2 }] }));
    assert.equal(again.statusCode, 400);
    assert.match(
      pageText(again.body),
      /training: your portfolio has 2,000 in-service training entries and this adds 1: a section holds at most 2,000 entries/,
    );
    assert.equal(await entryCount(id), MAX_IMPORT_ENTRIES);

    // The checklist still shows on the portfolio's pages.
    const overview = await browser.get('/portfolio');
    assert.equal(overview.statusCode, 200);
    assert.match(pageText(overview.body), /In-service training 2000/);
  });
});
