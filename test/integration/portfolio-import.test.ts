// Importing a file into a portfolio that already holds entries: each entry of
// the file is new, identical (skipped) or changed (with the difference); only
// the ticked ones change the portfolio, exactly as the preview showed them.
// And forms with files: a file over the limit brings the form back with the
// error at the file and everything typed kept. Through the HTTP app
// (app.inject) on SQLite or on PostgreSQL (TEST_DATABASE_URL).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { listEntries } from '../../src/db/repositories/portfolio.ts';
import { MAX_UPLOAD_BYTES } from '../../src/services/files.ts';
import { type Browser, csrfToken, pageText, startApp, type TestApp } from '../helpers/http.ts';
import {
  applicant,
  checkedValues,
  confirmImport,
  hiddenValue,
  minimalPdf,
  requirement,
  submitMultipart,
} from '../helpers/portfolio-http.ts';

let t: TestApp;
let rosa: Browser;
let rosaId: string;
let imhs: string;

const example = JSON.parse(
  readFileSync(new URL('../../examples/portfolio-imhs.json', import.meta.url), 'utf8'),
) as Record<string, unknown> & { training: Array<Record<string, unknown>> };

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

const paste = (b: Browser, document: unknown) =>
  submitMultipart(b, '/portfolio/import', '/portfolio/import', { json: JSON.stringify(document) });

const trainingHours = async () => (await requirement(rosa, imhs, 'imhs.training.hours')).summary;
const trainings = async () =>
  (await listEntries(t.db.kysely, rosaId, 'training')).map((r) => r.data as Record<string, unknown>);

describe('import into a portfolio that has entries', () => {
  test('a file with the same trainings, details added, does not count their hours twice (35 stays 35, not 59)', async () => {
    // The portfolio: the example's 33 hours, imported, and 2 hours typed in: 35.
    const first = await paste(rosa, example);
    assert.equal((await confirmImport(rosa, first.body)).statusCode, 303);
    const typed = await submitMultipart(rosa, '/portfolio/training', '/portfolio/training', {
      title: 'Home visiting basics',
      date: '2022-05-01',
      hours: '2',
      topics: 'imh',
    });
    assert.equal(typed.statusCode, 303, pageText(typed.body).slice(0, 400));
    assert.equal(await trainingHours(), '35 of 30 hours');

    // The same portfolio from another program's file: two trainings with a provider and
    // competencies added (one typed in other case and spacing), one new training.
    const file = structuredClone(example);
    file.training[1] = {
      ...file.training[1],
      title: '  infant mental health  FOUNDATIONS',
      provider: 'MI-AIMH',
    };
    file.training[2] = { ...file.training[2], hours: 6, competencies: ['4-direct-service-skills'] };
    file.training.push({ title: 'Play and the dyad', date: '2023-03-03', hours: 4, topics: ['imh'] });

    const preview = await paste(rosa, file);
    assert.equal(preview.statusCode, 200, pageText(preview.body).slice(0, 500));
    const text = pageText(preview.body);
    assert.match(text, /Nothing has changed yet\. The file has 1 entry new to your portfolio and 2 entries/);
    assert.match(text, /In-service training 1 2 2/, 'training: 1 new, 2 changed, 2 skipped');
    assert.match(text, /Education 0 0 1/);
    assert.match(text, /Changed: 2 in your portfolio with other details/);
    assert.match(text, /Change: Infant mental health foundations — 18 h on 2019-06-10/);
    assert.match(
      text,
      /title: Infant mental health foundations\s+→\s+becomes\s+infant mental health FOUNDATIONS/,
    );
    assert.match(text, /provider: none\s+→\s+becomes\s+MI-AIMH/);
    assert.match(text, /competency domains: none\s+→\s+becomes\s+4-direct-service-skills/);
    assert.match(text, /New: 1 not in your portfolio yet/);
    assert.match(text, /Add: Play and the dyad — 4 h on 2023-03-03/);
    assert.equal(await trainingHours(), '35 of 30 hours', 'nothing changes before the confirmation');

    // Rosa takes the changes but not the new training.
    const ticks = checkedValues(preview.body, '/portfolio/import/confirm', 'apply');
    assert.equal(ticks.length, 3, 'every new and changed entry is ticked to start with');
    const newOne = /id="apply-(\d+)"[^>]*>\s*<label[^>]*>Add: Play and the dyad/.exec(preview.body)?.[1];
    assert.ok(newOne);
    const done = await confirmImport(rosa, preview.body, { apply: ticks.filter((v) => v !== newOne) });
    assert.equal(done.statusCode, 303, pageText(done.body).slice(0, 400));
    assert.equal(await trainingHours(), '35 of 30 hours');
    const now = await trainings();
    assert.equal(now.length, 5);
    assert.equal(now[1]!.provider, 'MI-AIMH');
    assert.deepEqual(now[2]!.competencies, ['4-direct-service-skills']);
    assert.ok(!now.some((e) => e.title === 'Play and the dyad'));

    // The same file again: the changes are in, only the new training is left.
    const again = pageText((await paste(rosa, file)).body);
    assert.match(again, /In-service training 1 0 4/);
  });

  test('the confirmation applies what the preview showed, once, whatever file is sent meanwhile', async () => {
    const file = structuredClone(example);
    file.training.push({
      title: 'Trauma and the young child',
      date: '2024-09-09',
      hours: 5,
      topics: ['imh'],
    });
    const preview = await paste(rosa, file);
    assert.equal(preview.statusCode, 200);

    // Another file is checked in the meantime (another tab): the first preview still holds.
    const other = structuredClone(file);
    other.training.at(-1)!.hours = 50;
    assert.equal((await paste(rosa, other)).statusCode, 200);
    assert.equal(await trainingHours(), '35 of 30 hours');

    const done = await confirmImport(rosa, preview.body);
    assert.equal(done.statusCode, 303, pageText(done.body).slice(0, 400));
    assert.equal(await trainingHours(), '40 of 30 hours', 'the 5 hours previewed, not 50');

    // Sent a second time (back button, double click): the portfolio has changed since, nothing is added.
    const twice = await confirmImport(rosa, preview.body);
    assert.equal(twice.statusCode, 400);
    assert.match(
      pageText(twice.body),
      /Your portfolio has changed since this preview, so nothing was imported/,
    );
    assert.equal(await trainingHours(), '40 of 30 hours');

    // Two confirmations at the same moment (a double click): one applies, the other changes nothing.
    file.training.push({ title: 'Fathers and infants', date: '2024-10-10', hours: 2, topics: ['imh'] });
    const next = await paste(rosa, file);
    const both = await Promise.all([confirmImport(rosa, next.body), confirmImport(rosa, next.body)]);
    assert.deepEqual(both.map((r) => r.statusCode).sort(), [303, 400]);
    assert.equal(await trainingHours(), '42 of 30 hours');
  });

  test('a plan that is not the preview’s is refused; nothing ticked shows the preview again', async () => {
    const file = structuredClone(example);
    file.training.push({ title: 'Infant sleep', date: '2025-01-15', hours: 3, topics: ['imh'] });
    const preview = await paste(rosa, file);
    const plan = hiddenValue(preview.body, '/portfolio/import/confirm', 'plan');

    // Changing the plan (more hours) breaks its signature.
    const [body, mac] = plan.split('.');
    const opened = JSON.parse(Buffer.from(body!, 'base64url').toString()) as {
      plan: { items: Array<{ entry: { hours: number } }> };
    };
    opened.plan.items[0]!.entry.hours = 300;
    const forged = await submitMultipart(rosa, '/portfolio/import', '/portfolio/import/confirm', {
      plan: `${Buffer.from(JSON.stringify(opened)).toString('base64url')}.${mac}`,
      apply: '0',
    });
    assert.equal(forged.statusCode, 400);
    assert.match(pageText(forged.body), /This import could not be confirmed: choose the file again/);

    // Someone else's preview does not work for Rosa either.
    const sam = await applicant(t, 'Sam Other', 'sam@example.org', []);
    const samPreview = await paste(sam.browser, file);
    const stolen = await submitMultipart(rosa, '/portfolio/import', '/portfolio/import/confirm', {
      plan: hiddenValue(samPreview.body, '/portfolio/import/confirm', 'plan'),
      apply: '0',
    });
    assert.equal(stolen.statusCode, 400);

    const none = await confirmImport(rosa, preview.body, { apply: [] });
    assert.equal(none.statusCode, 400);
    const text = pageText(none.body);
    assert.match(text, /Tick the entries to add or change/);
    assert.match(text, /Add: Infant sleep — 3 h on 2025-01-15/, 'the same preview, to tick again');
    assert.match(none.body, /href="#apply"/);
    assert.equal(await trainingHours(), '42 of 30 hours');
  });
});

describe('a file over the limit brings the form back', () => {
  const overLimit = () => {
    const pdf = minimalPdf();
    return Buffer.concat([pdf, Buffer.alloc(MAX_UPLOAD_BYTES + 2 * 1024 * 1024 - pdf.length, 0x20)]);
  };

  test('a transcript of 12 MB: the education form again, the error at the file, what was typed kept', async () => {
    const before = (await listEntries(t.db.kysely, rosaId, 'degrees')).length;
    const res = await submitMultipart(
      rosa,
      '/portfolio/education',
      '/portfolio/education',
      {
        level: 'doctorate',
        title: 'PhD',
        field: 'developmental psychology',
        institution: 'Wayne State University',
        conferred: '2020-05-10',
        transcript: 'official',
      },
      { transcriptFile: { name: 'transcript-scan.pdf', bytes: overLimit(), type: 'application/pdf' } },
    );
    assert.equal(res.statusCode, 400, pageText(res.body).slice(0, 300));
    assert.match(pageText(res.body), /transcript-scan\.pdf” is larger than 10 MB/);
    assert.match(res.body, /href="#transcriptFile"/);
    assert.match(res.body, /id="transcriptFile-error"/);
    for (const kept of ['PhD', 'developmental psychology', 'Wayne State University', '2020-05-10'])
      assert.match(res.body, new RegExp(`value="${kept}"`), kept);
    assert.match(res.body, /<option value="doctorate" selected/);
    assert.equal((await listEntries(t.db.kysely, rosaId, 'degrees')).length, before);
  });

  test('a portfolio file of 12 MB: the import page again with the error at the file', async () => {
    const res = await submitMultipart(
      rosa,
      '/portfolio/import',
      '/portfolio/import',
      {},
      { file: { name: 'huge.json', bytes: Buffer.alloc(MAX_UPLOAD_BYTES + 2 * 1024 * 1024, 0x20) } },
    );
    assert.equal(res.statusCode, 400, pageText(res.body).slice(0, 300));
    assert.match(pageText(res.body), /“huge\.json” is larger than 2 MB/);
    assert.match(res.body, /href="#file"/);
  });
});

describe('a form sent after the session ended', () => {
  test('leads to sign-in, then back to the page the form was on, with nothing saved meanwhile', async () => {
    const b = t.browser();
    await b.signUp({ name: 'Lee Late', email: 'lee@example.org' });
    const page = await b.get('/portfolio/training?page=1');
    const form = {
      _csrf: csrfToken(page.body),
      title: 'Circle of Security',
      date: '2025-04-02',
      hours: '7.5',
      topics: 'imh',
    };
    await t.db.kysely.deleteFrom('session').execute();
    const post = (referer: string) =>
      b.app.inject({
        method: 'POST',
        url: '/portfolio/training',
        headers: { cookie: b.cookieHeader(), referer },
        payload: form,
      });
    const res = await post(`${t.product.config.baseUrl}/portfolio/training?page=1`);
    assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 300));
    assert.equal(res.headers.location, '/sign-in?next=%2Fportfolio%2Ftraining%3Fpage%3D1&resume=1');
    const signIn = await b.get(String(res.headers.location));
    assert.match(
      pageText(signIn.body),
      /You were not signed in any more, so the form you sent was not saved/,
    );
    assert.match(signIn.body, /name="next" value="\/portfolio\/training\?page=1"/);
    assert.match(signIn.body, /<script src="\/assets\/keep-form\.js" defer/);

    // A page of another site is never where sign-in leads.
    const elsewhere = await post('https://elsewhere.example/portfolio/training');
    assert.equal(elsewhere.headers.location, '/sign-in?next=%2F&resume=1');

    // A wrong token from someone signed in is still refused as before.
    await b.signIn('lee@example.org');
    const forged = await b.app.inject({
      method: 'POST',
      url: '/portfolio/training',
      headers: { cookie: b.cookieHeader() },
      payload: { ...form, _csrf: 'forged' },
    });
    assert.equal(forged.statusCode, 403);
  });
});
