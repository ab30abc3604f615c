// Self-study through the HTTP app (app.inject), signed out and signed in: the
// questions → which credentials fit and what is missing (values from the seed
// rules), and a portfolio JSON imported by upload or paste, with validation
// errors that name the JSON path.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { applicationsOfPerson } from '../../src/db/repositories/applications.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import {
  type Browser,
  csrfToken,
  type Form,
  hiddenFields,
  pageText,
  startApp,
  type TestApp,
} from '../helpers/http.ts';

let t: TestApp;

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
});
after(async () => {
  await t?.close();
});

/** An associate's degree, 2 years in the field, 30 hours of training, a member: MI-AIMH's IFA. */
const associate: Form = {
  association: 'mi-aimh',
  degree: 'associate',
  degreeYear: '2015',
  familyYears: '2',
  imhYears: '',
  trainingHours: '30',
  imhTrainingHours: '10',
  rscHours: '',
  rscMonths: '',
  rscProvider: 'none',
  providesRsc: 'no',
  leadershipYears: '',
  membership: 'chosen',
};

/** The results section of a page, as text, credential by credential (in the order shown). */
function credentialsShown(html: string, association: string): Array<{ id: string; text: string }> {
  const section = new RegExp(
    `<section aria-label="${association.replace(/[()]/g, '\\$&')}">([\\s\\S]*?)</section>`,
  ).exec(html);
  assert.ok(section, `the results name ${association}`);
  return [...section[1]!.matchAll(/<li class="fit[^"]*">([\s\S]*?)<\/li>\s*(?=<li class="fit|<\/ol>)/g)].map(
    (m) => {
      const text = pageText(m[1]!);
      return { id: /\(([A-Z-]+), Level \d\)/.exec(text)![1]!, text };
    },
  );
}

const MI = 'Michigan Association for Infant Mental Health (MI-AIMH)';
const CT = 'Connecticut Association for Infant Mental Health (CT-AIMH)';

describe('the questions', () => {
  test('signed out, the page offers the questions and the import, and explains what comes later', async () => {
    const res = await t.browser().get('/self-study');
    assert.equal(res.statusCode, 200);
    const text = pageText(res.body);
    assert.match(text, /Getting Started/);
    assert.match(text, /References, the Code of Ethics and Endorsement Agreement, and the written exam/);
    for (const name of ['MI-AIMH', 'CT-AIMH', 'NCIMHA']) assert.match(text, new RegExp(name));
    assert.match(res.body, /action="\/self-study"/);
    assert.match(res.body, /action="\/self-study\/import" enctype="multipart\/form-data"/);
  });

  test('MI-AIMH: an associate fits IFA (first); IMHS is not yet, and says what is missing', async () => {
    const b = t.browser();
    const res = await b.submit('/self-study', '/self-study', associate);
    assert.equal(res.statusCode, 200);
    const shown = credentialsShown(res.body, MI);
    assert.deepEqual(shown.map((c) => c.id).sort(), ['IFA', 'IFS', 'IMHM-C', 'IMHM-P', 'IMHM-RF', 'IMHS']);
    assert.equal(shown[0]!.id, 'IFA', 'best fit first');
    assert.match(shown[0]!.text, /Fits\. Everything you can show now is met/);
    assert.match(shown[0]!.text, /30 of 30 hours/);
    assert.match(shown[0]!.text, /Later, in the application: 3 reference ratings/);
    assert.doesNotMatch(shown[0]!.text, /Start an application/, 'signed out: no button');
    const imhs = shown.find((c) => c.id === 'IMHS')!;
    assert.match(imhs.text, /Not yet\. 3 requirements are not met/);
    assert.match(imhs.text, /Missing: a master's degree or doctorate/);
    assert.match(imhs.text, /Missing: 50 more RSC hours within 24 months/);
    assert.match(imhs.text, /Pass the written examination/, 'the exam is named as coming later');
    // The answers are kept in the form.
    assert.match(
      res.body,
      /id="trainingHours" name="trainingHours" type="text" class="number" inputMode="decimal" value="30"/i,
    );
  });

  test('MI-AIMH and CT-AIMH at once: a specialist fits IMHS at both', async () => {
    const res = await t.browser().submit('/self-study', '/self-study', {
      ...associate,
      association: ['mi-aimh', 'ct-aimh'],
      degree: 'master',
      degreeYear: '2018',
      familyYears: '3',
      imhYears: '2',
      rscHours: '50',
      rscMonths: '18',
      rscProvider: 'IMHM-C',
    });
    assert.equal(res.statusCode, 200);
    for (const association of [MI, CT]) {
      const shown = credentialsShown(res.body, association);
      assert.equal(shown[0]!.id, 'IMHS', `${association}: IMHS first`);
      assert.match(shown[0]!.text, /Fits\./);
    }
    // 49 RSC hours: one short.
    const short = await t.browser().submit('/self-study', '/self-study', {
      ...associate,
      degree: 'master',
      degreeYear: '2018',
      imhYears: '2',
      rscHours: '49',
      rscMonths: '18',
      rscProvider: 'IMHM-C',
    });
    const imhs = credentialsShown(short.body, MI).find((c) => c.id === 'IMHS')!;
    assert.match(imhs.text, /Missing: 1 more RSC hour/);
  });

  test('answers that do not add up are refused with a message at the field', async () => {
    const b = t.browser();
    const res = await b.submit('/self-study', '/self-study', {
      ...associate,
      association: [],
      degreeYear: '',
      trainingHours: '10',
      imhTrainingHours: '12',
      rscHours: '20',
      rscMonths: '',
      familyYears: 'two',
    });
    assert.equal(res.statusCode, 400);
    const text = pageText(res.body);
    assert.match(text, /There is a problem/);
    assert.match(text, /Choose at least one association/);
    assert.match(text, /Enter the year your degree was conferred/);
    assert.match(text, /Enter years of work in the infant and family field as a number/);
    assert.match(
      text,
      /The hours about IMH, RSC and DEI \(12 together\) are more than your 10 training hours/,
    );
    assert.match(text, /Enter over how many months you received your RSC hours/);
    assert.match(res.body, /href="#association"/);
    assert.doesNotMatch(text, /Which credentials fit/);
  });

  test('without a CSRF token the form is refused', async () => {
    const res = await t.browser().post('/self-study', associate);
    assert.equal(res.statusCode, 403);
  });

  test('signed in, each credential has a button that starts an application for it', async () => {
    const b = t.browser();
    await b.signUp({ name: 'Sam Self', email: 'sam@example.org' });
    const res = await b.submit('/self-study', '/self-study', associate);
    assert.equal(res.statusCode, 200);
    assert.match(pageText(res.body), /Start an application for IFA with Michigan/);
    const form: Form = { ...hiddenFields(res.body, '/applications'), _csrf: csrfToken(res.body) };
    assert.equal(form.association, 'mi-aimh');
    // The first button on the page is the best fit's: IFA.
    assert.equal(form.credential, 'IFA');
    const started = await b.post('/applications', form);
    assert.equal(started.statusCode, 303);
    const sam = await findPersonByEmail(t.db.kysely, 'sam@example.org');
    const apps = await applicationsOfPerson(t.db.kysely, sam!.id);
    assert.deepEqual(
      apps.map((a) => a.credential),
      ['IFA'],
    );
  });
});

/** Posts the import form as a browser does: multipart, with the page's CSRF token. */
async function importMultipart(
  b: Browser,
  fields: Record<string, string | string[]>,
  file?: { name: string; text: string },
): Promise<LightMyRequestResponse> {
  const page = await b.get('/self-study');
  const form = new FormData();
  form.append('_csrf', csrfToken(page.body));
  for (const [k, v] of Object.entries(fields))
    for (const one of Array.isArray(v) ? v : [v]) form.append(k, one);
  if (file) form.append('file', new Blob([file.text], { type: 'application/json' }), file.name);
  else form.append('file', new Blob([]), '');
  const request = new Request('http://localhost/self-study/import', { method: 'POST', body: form });
  const res = await t.app.inject({
    method: 'POST',
    url: '/self-study/import',
    headers: { cookie: b.cookieHeader(), 'content-type': request.headers.get('content-type')! },
    payload: Buffer.from(await request.arrayBuffer()),
  });
  return res;
}

describe('importing a portfolio', () => {
  const example = readFileSync(new URL('../../examples/portfolio-imhs.json', import.meta.url), 'utf8');

  test('an uploaded portfolio file is judged against every credential of the association', async () => {
    const res = await importMultipart(
      t.browser(),
      { 'import-association': 'mi-aimh', json: '' },
      { name: 'portfolio-imhs.json', text: example },
    );
    assert.equal(res.statusCode, 200, pageText(res.body).slice(0, 800));
    const text = pageText(res.body);
    assert.match(text, /from the portfolio you imported/);
    const shown = credentialsShown(res.body, MI);
    assert.equal(shown.length, 6);
    assert.equal(shown[0]!.id, 'IMHS');
    assert.match(shown[0]!.text, /Fits\./);
  });

  test('a pasted portfolio (urlencoded) is judged too', async () => {
    const res = await t.browser().submit('/self-study', '/self-study/import', {
      'import-association': 'ct-aimh',
      json: example,
    });
    assert.equal(res.statusCode, 200);
    assert.equal(credentialsShown(res.body, CT).length, 6);
  });

  test('a portfolio with a bad value: the error names its JSON path, and the pasted text is kept', async () => {
    const bad = JSON.parse(example) as {
      work: Array<{ fte: number }>;
      training: Array<Record<string, unknown>>;
    };
    bad.work[0]!.fte = 2;
    bad.training[0]!.date = '2019-02-30';
    const res = await t.browser().submit('/self-study', '/self-study/import', {
      'import-association': 'mi-aimh',
      json: JSON.stringify(bad),
    });
    assert.equal(res.statusCode, 400);
    const text = pageText(res.body);
    assert.match(text, /work\[0\]\.fte: must be at most 1/);
    assert.match(text, /training\[0\]\.date: must be a real date written YYYY-MM-DD/);
    assert.match(res.body, /href="#import-json"/);
    assert.match(res.body, /&quot;fte&quot;:2|"fte":2/);
    assert.doesNotMatch(text, /Which credentials fit/);
  });

  test('an uploaded file that is not JSON, or not a portfolio, says so with the place at fault', async () => {
    const broken = await importMultipart(
      t.browser(),
      { 'import-association': 'mi-aimh' },
      { name: 'p.json', text: '{\n  "format": "endorse-portfolio/1",\n  "person": { "name": "A" },,\n}' },
    );
    assert.equal(broken.statusCode, 400);
    assert.match(pageText(broken.body), /The file is not valid JSON: .*\(line 3, column \d+\)/);
    assert.match(broken.body, /href="#import-file"/);

    const notPortfolio = await importMultipart(
      t.browser(),
      { 'import-association': 'mi-aimh' },
      { name: 'p.json', text: JSON.stringify({ format: 'something-else', person: {} }) },
    );
    assert.equal(notPortfolio.statusCode, 400);
    const text = pageText(notPortfolio.body);
    assert.match(text, /format: must be "endorse-portfolio\/1"/);
    assert.match(text, /person\.name: is required/);
  });

  test('a file over the limit, even over 10 MB, brings the form back with the error at the file', async () => {
    for (const size of [1024 * 1024 + 1, 12 * 1024 * 1024]) {
      const res = await importMultipart(
        t.browser(),
        { 'import-association': 'ct-aimh', json: '' },
        { name: 'huge.json', text: ' '.repeat(size) },
      );
      assert.equal(res.statusCode, 400, `${size} bytes`);
      assert.match(pageText(res.body), /The file is larger than 1 MB: choose a smaller portfolio file/);
      assert.match(res.body, /href="#import-file"/);
      assert.match(res.body, /value="ct-aimh"[^>]*checked|checked[^>]*value="ct-aimh"/, 'the choice is kept');
    }
  });

  test('nothing to import, or no association chosen: a message for each', async () => {
    const res = await importMultipart(t.browser(), { json: '' });
    assert.equal(res.statusCode, 400);
    const text = pageText(res.body);
    assert.match(text, /Choose at least one association/);
    assert.match(text, /Choose a portfolio file, or paste its JSON below/);
  });

  test('a multipart import without the CSRF token is refused', async () => {
    const form = new FormData();
    form.append('import-association', 'mi-aimh');
    form.append('json', example);
    const request = new Request('http://localhost/self-study/import', { method: 'POST', body: form });
    const res = await t.app.inject({
      method: 'POST',
      url: '/self-study/import',
      headers: { 'content-type': request.headers.get('content-type')! },
      payload: Buffer.from(await request.arrayBuffer()),
    });
    assert.equal(res.statusCode, 403);
  });
});
