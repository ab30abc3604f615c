// Starting and filling an application, through the HTTP app on SQLite or
// PostgreSQL (TEST_DATABASE_URL): the association is chosen first (no
// default), then a credential by name and level with the self-study's verdict
// on the person's portfolio, and the new application opens; only associations
// with a catalog are offered; memberships and endorsements held are chosen from
// the known associations ("another" one named in words where the seeds allow
// it); tables reflow at phone width; a sign-in link never makes an account.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { applicationsOfPerson } from '../../src/db/repositories/applications.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { listEntries, replacePortfolio } from '../../src/db/repositories/portfolio.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { minimalPng, submitMultipart } from '../helpers/portfolio-http.ts';

let t: TestApp;
let rosa: Browser;
let rosaId: string;

const example = JSON.parse(
  readFileSync(new URL('../../examples/portfolio-imhs.json', import.meta.url), 'utf8'),
) as Record<string, unknown>;

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  rosa = t.browser();
  await rosa.signUp({ name: 'Rosa Example', email: 'rosa@example.org' });
  rosaId = (await findPersonByEmail(t.db.kysely, 'rosa@example.org'))!.id;
  // Her portfolio as the example file has it (what an import would leave).
  await replacePortfolio(t.db.kysely, rosaId, {
    ...example,
    person: { name: 'Rosa Example', email: 'rosa@example.org' },
  });
  // An association added in the admin UI: it has no catalog, so no credentials.
  const site = await t.siteAdmin();
  const added = await site.submit('/admin/associations', '/admin/associations', {
    slug: 'ok-aimh',
    name: 'Oklahoma AIMH',
  });
  assert.equal(added.statusCode, 303);
});
after(async () => {
  await t?.close();
});

const optionsOf = (html: string, name: string) =>
  [
    ...(new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)?.[1] ?? '').matchAll(
      /<option value(?:="([^"]*)")?( selected)?/g,
    ),
  ].map((m) => ({ value: m[1] ?? '', selected: !!m[2] }));

describe('starting an application', () => {
  test('the list asks for the association first, with no default and no credential box', async () => {
    const page = await rosa.get('/applications');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="get" action="\/applications\/start"/);
    const options = optionsOf(page.body, 'association');
    assert.equal(options[0]!.value, '', 'the first option asks to choose');
    assert.match(page.body, /<option value( selected)?>Choose an association<\/option>/);
    assert.ok(!options.some((o) => o.selected && o.value !== ''), 'no association is chosen for her');
    assert.doesNotMatch(page.body, /name="credential"/);
  });

  test('an association without a catalog is not offered, and cannot be applied to', async () => {
    const list = await rosa.get('/applications');
    const offered = optionsOf(list.body, 'association').map((o) => o.value);
    assert.deepEqual(offered.sort(), ['', 'alliance', 'ct-aimh', 'mi-aimh', 'ncimha']);
    assert.doesNotMatch(list.body, /Oklahoma AIMH/);

    const step2 = await rosa.get('/applications/start?association=ok-aimh');
    assert.equal(step2.statusCode, 400);
    assert.match(step2.body, /<a href="#association">Choose one of the associations in the list/);
    assert.doesNotMatch(step2.body, /name="credential"/);

    const posted = await rosa.submit('/applications/start', '/applications', {
      association: 'ok-aimh',
      credential: 'IMHS',
    });
    assert.equal(posted.statusCode, 400);
    assert.match(pageText(posted.body), /Oklahoma AIMH has no credentials in Endorse yet/);
    assert.equal((await applicationsOfPerson(t.db.kysely, rosaId)).length, 0);
  });

  test("step 2 lists the association's credentials by name and level, with the self-study verdict", async () => {
    const page = await rosa.get('/applications/start?association=mi-aimh');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<option value="mi-aimh" selected/);
    assert.match(page.body, /<input type="hidden" name="association" value="mi-aimh"/);
    const text = pageText(page.body);
    // Her portfolio (the example) meets IMHS before applying; the mentor levels need more.
    assert.match(
      text,
      /Infant Mental Health Specialist \(IMHS\), Level III: your portfolio meets what can be checked before applying/,
    );
    assert.match(text, /\(IMHM-C\), Level IV: \d+ requirements? not met yet/);
    const radios = [
      ...page.body.matchAll(/<input type="radio" id="[^"]+" name="credential" value="([^"]+)"/g),
    ];
    assert.deepEqual(
      radios.map((m) => m[1]),
      ['IFA', 'IFS', 'IMHS', 'IMHM-C', 'IMHM-P', 'IMHM-RF'],
    );
  });

  test('choosing nothing says so on the credential; starting lands on the new application', async () => {
    const none = await rosa.submit('/applications/start?association=mi-aimh', '/applications', {
      association: 'mi-aimh',
    });
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /<a href="#credential">Choose a credential<\/a>/);
    assert.match(none.body, /name="credential" value="IMHS"/, 'the choices are offered again');

    const started = await rosa.submit('/applications/start?association=mi-aimh', '/applications', {
      association: 'mi-aimh',
      credential: 'IMHS',
    });
    assert.equal(started.statusCode, 303);
    const [application] = await applicationsOfPerson(t.db.kysely, rosaId);
    assert.ok(application);
    assert.equal(started.headers.location, `/applications/${application.id}`);
    const landed = await rosa.open(String(started.headers.location));
    assert.equal(landed.statusCode, 200);
    assert.match(pageText(landed.body), /Your IMHS application has been started/);

    const again = await rosa.submit('/applications/start?association=mi-aimh', '/applications', {
      association: 'mi-aimh',
      credential: 'IMHS',
    });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, new RegExp(`href="/applications/${application.id}">Continue your open IMHS`));
  });
});

describe('memberships and endorsements held are chosen, not typed', () => {
  const add = (section: string, form: Record<string, string>) =>
    rosa.submit(`/portfolio/${section}`, `/portfolio/${section}`, form);
  const stored = async (section: string) =>
    (await listEntries(t.db.kysely, rosaId)).filter((e) => e.section === section).map((e) => e.data);

  test('the membership form offers the associations and "another", with its name in words', async () => {
    const form = await rosa.get('/portfolio/memberships');
    assert.equal(form.statusCode, 200);
    const options = optionsOf(form.body, 'association').map((o) => o.value);
    for (const slug of ['', 'mi-aimh', 'ct-aimh', 'ncimha', 'alliance', 'other'])
      assert.ok(options.includes(slug));
    assert.match(form.body, /name="otherAssociation"/);
    assert.doesNotMatch(pageText(form.body), /short id/);

    const before = (await stored('memberships')).length;
    const unnamed = await add('memberships', { association: 'other', from: '2026-01-01' });
    assert.equal(unnamed.statusCode, 400);
    assert.match(unnamed.body, /<a href="#otherAssociation">Enter the name of the other association/);
    const none = await add('memberships', { association: '', from: '2026-01-01' });
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /<a href="#association">Choose the association<\/a>/);
    assert.equal((await stored('memberships')).length, before, 'nothing was saved');

    // Another association needs proof of membership, as any association not applied to here.
    const other = await submitMultipart(
      rosa,
      '/portfolio/memberships',
      '/portfolio/memberships',
      { association: 'other', otherAssociation: 'WA-AIMH', from: '2026-01-01' },
      { proofFile: { name: 'card.png', bytes: minimalPng() } },
    );
    assert.equal(other.statusCode, 303, pageText(other.body).slice(0, 400));
    assert.equal((await add('memberships', { association: 'mi-aimh', from: '2026-02-01' })).statusCode, 303);
    const rows = await stored('memberships');
    assert.deepEqual(
      rows.slice(-2).map((r) => (r as { association: string }).association),
      ['wa-aimh', 'mi-aimh'],
    );
  });

  test('an entry of another association edits as "another", with its name kept', async () => {
    const entry = (await listEntries(t.db.kysely, rosaId)).find(
      (e) => e.section === 'memberships' && (e.data as { association: string }).association === 'wa-aimh',
    )!;
    const page = await rosa.get(`/portfolio/memberships/${entry.id}`);
    assert.equal(page.statusCode, 200);
    assert.deepEqual(
      optionsOf(page.body, 'association')
        .filter((o) => o.selected)
        .map((o) => o.value),
      ['other'],
    );
    assert.match(page.body, /name="otherAssociation" type="text" value="wa-aimh"/);
  });

  test('the endorsement form offers the associations to choose from', async () => {
    const form = await rosa.get('/portfolio/endorsements');
    const options = optionsOf(form.body, 'association').map((o) => o.value);
    assert.deepEqual(options.slice(0, 1), ['']);
    for (const slug of ['mi-aimh', 'ct-aimh', 'ncimha', 'alliance']) assert.ok(options.includes(slug));
    const none = await add('endorsements', { credential: 'IFS', association: '', granted: '2017-06-01' });
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /<a href="#association">Choose the association that granted it<\/a>/);
    assert.equal(
      (await add('endorsements', { credential: 'IFS', association: 'mi-aimh', granted: '2017-06-01' }))
        .statusCode,
      303,
    );
  });
});

describe('tables at phone width', () => {
  test('every table on these pages stacks, each cell named by its column', async () => {
    const pages = ['/applications', '/portfolio', '/portfolio/memberships'];
    for (const url of pages) {
      const page = await rosa.get(url);
      assert.equal(page.statusCode, 200, url);
      const tables = [...page.body.matchAll(/<table[^>]*>([\s\S]*?)<\/table>/g)];
      assert.ok(tables.length > 0, `${url} has a table`);
      for (const [whole] of tables) {
        assert.match(whole, /^<table class="[^"]*\btable-stack\b/, url);
        const cells = [...whole.matchAll(/<td( data-label="[^"]+")?/g)];
        assert.ok(cells.length > 0 && cells.every((c) => c[1]), `${url}: every cell has its column's name`);
      }
    }
    const css = await rosa.get('/assets/style.css');
    assert.match(css.body, /@media \(max-width: 40rem\)[\s\S]*table\.table-stack td\[data-label\]::before/);
  });
});

describe('signing in by link', () => {
  test('an unknown address gets no link and no account: an account is made by sign-up, with a name', async () => {
    const before = (await t.mail()).length;
    const sent = await t.browser().submit('/sign-in', '/sign-in/link', { email: 'newcomer@example.org' });
    assert.equal(sent.statusCode, 303);
    assert.equal((await t.mail()).length, before, 'no e-mail');
    assert.equal(await findPersonByEmail(t.db.kysely, 'newcomer@example.org'), undefined);

    const nameless = await t.browser().submit('/sign-up', '/sign-up', { email: 'newcomer@example.org' });
    assert.equal(nameless.statusCode, 400);
    assert.match(nameless.body, /<a href="#name">/);
    assert.equal((await t.mail()).length, before, 'no e-mail without a name');
  });
});
