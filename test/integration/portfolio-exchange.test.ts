// Import / export of the interchange JSON, agreements signed by typed name,
// and competency coverage, through the HTTP app (app.inject) on SQLite or on
// PostgreSQL (TEST_DATABASE_URL).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { agreementTexts } from '../../src/catalogs/agreements.ts';
import { latestSignatures } from '../../src/db/repositories/agreements.ts';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { auditOf } from '../../src/db/repositories/audit.ts';
import { listEntries } from '../../src/db/repositories/portfolio.ts';
import { parsePortfolio } from '../../src/engine/portfolio.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { applicant, confirmImport, requirement, submitMultipart } from '../helpers/portfolio-http.ts';

let t: TestApp;
let rosa: Browser;
let rosaId: string;
let imhs: string;

const example = readFileSync(new URL('../../examples/portfolio-imhs.json', import.meta.url), 'utf8');
const listKeys = ['degrees', 'work', 'training', 'rsc', 'leadership', 'memberships', 'endorsements'] as const;

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  const r = await applicant(t, 'Rosa Example', 'rosa@example.org', [['mi-aimh', 'IMHS']]);
  rosa = r.browser;
  rosaId = r.id;
  imhs = r.applications[0]!;
});

after(async () => {
  await t?.close();
});

const entryCount = async (userId: string) =>
  (await listEntries(t.db.kysely, userId)).filter(
    (r) => !r.section.startsWith('=') && !r.section.startsWith('[]'),
  ).length;

async function exported(b: Browser): Promise<Record<string, unknown>> {
  const res = await b.get('/portfolio/export');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.match(
    String(res.headers['content-disposition']),
    /^attachment; filename="portfolio-\d{4}-\d{2}-\d{2}\.json"$/,
  );
  return JSON.parse(res.body) as Record<string, unknown>;
}

describe('import: a preview first, then the entries are added', () => {
  test('pasted JSON: the preview counts and lists what will be added and changes nothing', async () => {
    const res = await submitMultipart(rosa, `/portfolio/import?application=${imhs}`, '/portfolio/import', {
      json: example,
    });
    assert.equal(res.statusCode, 200, pageText(res.body).slice(0, 500));
    const text = pageText(res.body);
    assert.match(
      text,
      /Nothing has changed yet\. The file has 8 entries new to your portfolio and 0 entries with other details than yours\./,
    );
    assert.match(text, /Education 1 0 0/);
    assert.match(text, /In-service training 4 0 0/);
    assert.match(text, /Reflective supervision\/consultation \(RSC\) received 1 0 0/);
    assert.match(text, /New: 4 not in your portfolio yet/);
    assert.match(text, /Add: Attachment and loss — 6 h on 2019-03-02; topics: IMH/);
    assert.match(text, /52 h individual RSC with Dana Mentor \(IMHM-C\)/);
    assert.match(text, /3 references: a rating counts only when the rater submits it through Endorse/);
    assert.match(text, /exam: the association records exam results/);
    assert.equal(await entryCount(rosaId), 0, 'nothing is added before the confirmation');
    assert.equal((await requirement(rosa, imhs, 'imhs.training.hours')).summary, '0 of 30 hours');

    // Confirming adds them; the checklist shows them at once.
    const confirm = await confirmImport(rosa, res.body, { application: imhs });
    assert.equal(confirm.statusCode, 303, pageText(confirm.body).slice(0, 500));
    assert.equal(confirm.headers.location, `/portfolio?application=${imhs}`);
    assert.equal(await entryCount(rosaId), 8);
    assert.equal((await requirement(rosa, imhs, 'imhs.training.hours')).summary, '33 of 30 hours');
    assert.equal((await requirement(rosa, imhs, 'imhs.rsc.hours')).status, 'met');
    const audit = await auditOf(t.db.kysely, 'person', [rosaId]);
    const summary = audit.find((e) => e.action === 'portfolio.import');
    assert.ok(summary);
    assert.equal((summary.after as { added: Record<string, number> }).added.training, 4);
  });

  test('importing the same file again adds nothing: the preview says every entry is there already', async () => {
    const res = await submitMultipart(
      rosa,
      '/portfolio/import',
      '/portfolio/import',
      {},
      {
        file: { name: 'portfolio.json', bytes: Buffer.from(example), type: 'application/json' },
      },
    );
    assert.equal(res.statusCode, 200);
    const text = pageText(res.body);
    assert.match(
      text,
      /There is nothing to add or change: everything in the file is already in your portfolio\. 8 entries already/,
    );
    assert.doesNotMatch(res.body, /action="\/portfolio\/import\/confirm"/, 'no confirm button');
  });

  test('invalid JSON, and JSON the format refuses, are reported with their JSON path; nothing changes', async () => {
    const before = await entryCount(rosaId);
    const broken = await submitMultipart(rosa, '/portfolio/import', '/portfolio/import', {
      json: '{"format": ',
    });
    assert.equal(broken.statusCode, 400);
    assert.match(pageText(broken.body), /\$: is not valid JSON/);
    assert.match(
      broken.body,
      /\{&quot;format&quot;: <\/textarea>|\{"format": <\/textarea>/,
      'the pasted text is kept',
    );

    const doc = JSON.parse(example) as Record<string, unknown>;
    (doc.work as Array<Record<string, unknown>>)[0]!.fte = 2;
    (doc.training as Array<Record<string, unknown>>)[2]!.date = '2020-02-31';
    const refused = await submitMultipart(
      rosa,
      '/portfolio/import',
      '/portfolio/import',
      {},
      {
        file: { name: 'bad.json', bytes: Buffer.from(JSON.stringify(doc)) },
      },
    );
    assert.equal(refused.statusCode, 400);
    const text = pageText(refused.body);
    assert.match(text, /work\[0\]\.fte: must be at most 1/);
    assert.match(text, /training\[2\]\.date: must be a real date written YYYY-MM-DD/);
    assert.match(refused.body, /href="#file"/);

    // A confirmation of a plan that no preview made is refused too.
    const forged = await submitMultipart(rosa, '/portfolio/import', '/portfolio/import/confirm', {
      plan: Buffer.from(JSON.stringify(doc)).toString('base64url'),
      apply: '0',
    });
    assert.equal(forged.statusCode, 400);
    assert.equal(await entryCount(rosaId), before);

    const empty = await submitMultipart(rosa, '/portfolio/import', '/portfolio/import', {});
    assert.equal(empty.statusCode, 400);
    assert.match(pageText(empty.body), /Choose a portfolio file \(\.json\), or paste its text/);
  });
});

describe('export', () => {
  test("round-trips: another person imports Rosa's export and exports the same entries", async () => {
    // One more entry made through a form, so that form-made and imported entries both travel.
    await submitMultipart(rosa, '/portfolio/leadership', '/portfolio/leadership', {
      activity: 'Chairs the reflective practice group',
      from: '2018-01-01',
    });
    const first = await exported(rosa);
    assert.ok(parsePortfolio(first).ok, 'the export is a valid portfolio');
    assert.equal(first.format, 'endorse-portfolio/1');
    assert.deepEqual(first.person, { name: 'Rosa Example', email: 'rosa@example.org' });
    assert.equal((first.leadership as unknown[]).length, 1);

    const sam = await applicant(t, 'Sam Second', 'sam@example.org', []);
    const preview = await submitMultipart(
      sam.browser,
      '/portfolio/import',
      '/portfolio/import',
      {},
      {
        file: { name: 'rosa.json', bytes: Buffer.from(JSON.stringify(first)) },
      },
    );
    assert.equal(preview.statusCode, 200);
    const confirm = await confirmImport(sam.browser, preview.body);
    assert.equal(confirm.statusCode, 303);
    const second = await exported(sam.browser);
    assert.deepEqual(second.person, { name: 'Sam Second', email: 'sam@example.org' });
    for (const key of listKeys) assert.deepEqual(second[key] ?? [], first[key] ?? [], key);
    // Rosa's own export, imported by Rosa, adds nothing.
    const again = await submitMultipart(rosa, '/portfolio/import', '/portfolio/import', {
      json: JSON.stringify(first),
    });
    assert.match(pageText(again.body), /There is nothing to add or change/);
  });

  test("file references to someone else's uploads are left out of an import", async () => {
    const doc = {
      format: 'endorse-portfolio/1',
      person: { name: 'X' },
      degrees: [{ level: 'doctorate', conferred: '2019-05-01', transcriptFileId: 'not-my-file' }],
    };
    const sam = t.browser();
    await sam.signIn('sam@example.org');
    const preview = await submitMultipart(sam, '/portfolio/import', '/portfolio/import', {
      json: JSON.stringify(doc),
    });
    assert.match(pageText(preview.body), /1 reference to uploaded files that are not yours/);
    const confirm = await confirmImport(sam, preview.body);
    assert.equal(confirm.statusCode, 303);
    const degrees = (await exported(sam)).degrees as Array<Record<string, unknown>>;
    assert.deepEqual(degrees.at(-1), { level: 'doctorate', conferred: '2019-05-01' });
  });
});

describe('agreements: signed by typed name, with time and text version', () => {
  test("the page shows each text with its version; a name that is not the account's is refused", async () => {
    const page = await rosa.get(`/portfolio/agreements?application=${imhs}`);
    assert.equal(page.statusCode, 200);
    const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
    const [coe, ea] = agreementTexts(mi);
    const text = pageText(page.body);
    assert.match(text, new RegExp(`Version ${coe!.version}`));
    assert.match(text, new RegExp(`Version ${ea!.version}`));
    assert.match(text, /Code of Ethics/);
    assert.equal((await requirement(rosa, imhs, 'imhs.agreements')).status, 'unmet');

    const wrong = await rosa.submit('/portfolio/agreements', '/portfolio/agreements', {
      association: 'mi-aimh',
      kind: 'code-of-ethics',
      typedName: 'Someone Else',
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(pageText(wrong.body), /type your name as it is on your account: Rosa Example/);
    assert.match(wrong.body, /href="#mi-aimh-code-of-ethics-typedName"/);
    assert.match(
      wrong.body,
      /id="mi-aimh-code-of-ethics-typedName"[^>]*value="Someone Else"|value="Someone Else"[^>]*id="mi-aimh-code-of-ethics-typedName"/,
    );
    assert.equal((await latestSignatures(t.db.kysely, rosaId, mi.id)).size, 0);
  });

  test('signing both texts stores name, time and version, is audited, and meets the agreements rule', async () => {
    const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
    const [coe, ea] = agreementTexts(mi);
    const first = await rosa.submit(`/portfolio/agreements?application=${imhs}`, '/portfolio/agreements', {
      association: 'mi-aimh',
      kind: 'code-of-ethics',
      typedName: '  rosa   EXAMPLE ',
    });
    assert.equal(first.statusCode, 303, pageText(first.body).slice(0, 400));
    assert.equal(first.headers.location, `/portfolio/agreements?application=${imhs}`);
    const unmet = await requirement(rosa, imhs, 'imhs.agreements');
    assert.match(unmet.summary, /Code of Ethics signed \d{4}-\d{2}-\d{2}; Endorsement Agreement not signed/);

    const second = await rosa.submit('/portfolio/agreements', '/portfolio/agreements', {
      association: 'mi-aimh',
      kind: 'endorsement-agreement',
      typedName: 'Rosa Example',
    });
    assert.equal(second.statusCode, 303);
    assert.equal((await requirement(rosa, imhs, 'imhs.agreements')).status, 'met');

    const signatures = await latestSignatures(t.db.kysely, rosaId, mi.id);
    assert.equal(signatures.get('code-of-ethics')!.text_version, coe!.version);
    assert.equal(signatures.get('code-of-ethics')!.typed_name, 'rosa   EXAMPLE');
    assert.equal(signatures.get('endorsement-agreement')!.text_version, ea!.version);
    assert.ok(Date.now() - Date.parse(signatures.get('endorsement-agreement')!.signed_at) < 60_000);

    const audit = (await auditOf(t.db.kysely, 'person', [rosaId])).filter(
      (e) => e.action === 'agreement.sign',
    );
    assert.equal(audit.length, 2);
    assert.deepEqual(
      audit.map((e) => (e.after as { kind: string; textVersion: string }).textVersion).sort(),
      [coe!.version, ea!.version].sort(),
    );
    const page = pageText((await rosa.get('/portfolio/agreements')).body);
    assert.match(page, new RegExp(`Signed as “Rosa Example” on .* \\(version ${ea!.version}\\)`));
  });

  test('an association one has not applied to cannot be signed for', async () => {
    const res = await rosa.submit('/portfolio/agreements', '/portfolio/agreements', {
      association: 'ncimha',
      kind: 'code-of-ethics',
      typedName: 'Rosa Example',
    });
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /Start an application with .* before signing its agreements/);
  });
});

describe('competency coverage', () => {
  test('each domain with the training mapped to it, counted', async () => {
    const add = (form: Record<string, string | string[]>) =>
      rosa
        .submit('/portfolio/training', '/portfolio/training', form)
        .then((r) => assert.equal(r.statusCode, 303));
    await add({
      title: 'Theories of attachment',
      date: '2024-01-10',
      hours: '4',
      topics: ['imh'],
      competencies: ['1-theoretical-foundations', '4-direct-service-skills'],
    });
    await add({
      title: 'Dyadic intervention',
      date: '2024-02-10',
      hours: '2.5',
      topics: ['imh'],
      competencies: ['4-direct-service-skills'],
    });
    const res = await rosa.get('/portfolio/competencies?association=mi-aimh');
    assert.equal(res.statusCode, 200);
    const text = pageText(res.body);
    assert.match(text, /2 of 11 domains have training mapped to them/);
    assert.match(text, /4 of your 6 trainings are not mapped to any domain/);
    const row = (id: string) => {
      const m = new RegExp(`<tr id="domain-${id}">([\\s\\S]*?)</tr>`).exec(res.body);
      assert.ok(m, id);
      return pageText(m[1]!).trim();
    };
    assert.match(row('1-theoretical-foundations'), /Theories of attachment \(2024-01-10, 4 h\) 1 4$/);
    assert.match(row('4-direct-service-skills'), /Theories of attachment.*Dyadic intervention.* 2 6\.5$/);
    assert.match(row('2-law-regulation-and-agency-policy'), /None yet 0 0$/);
  });
});
