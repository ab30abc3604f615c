// What an actor may not see answers exactly what does not exist: for every
// kind of id in an address (application, portfolio entry, file, API token,
// reference request, association for its staff pages), another applicant and
// another association's staff get, for an id that exists, the very answer
// they get for one that does not: the same status, content type and body,
// byte for byte apart from the form token every page carries. And someone
// signed out is asked to sign in, whether the id exists or not.
// On SQLite, or on PostgreSQL with TEST_DATABASE_URL.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { loadActor } from '../../src/services/actors.ts';
import { createApiToken } from '../../src/services/api-tokens.ts';
import { startApplication } from '../../src/services/applications.ts';
import { addEntry } from '../../src/services/portfolio.ts';
import { setRoles } from '../../src/services/people.ts';
import { requestReference } from '../../src/services/references.ts';
import { type Browser, csrfToken, startApp, type TestApp } from '../helpers/http.ts';
import { minimalPdf } from '../helpers/portfolio-http.ts';

let t: TestApp;
/** Rosa's things, all in mi-aimh. */
const rosa = { application: '', entry: '', file: '', reference: '', token: '' };
/** Olive: another applicant of mi-aimh. Cade and Cody: the admin and a coordinator of ct-aimh. */
const browsers = new Map<'olive' | 'cade' | 'cody' | 'nobody', Browser>();
const csrf = new Map<string, string>();

async function person(name: string, email: string) {
  const b = t.browser();
  await b.signUp({ name, email });
  const row = (await findPersonByEmail(t.db.kysely, email))!;
  return { browser: b, id: row.id, actor: (await loadActor(row.id, t.product))! };
}

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  await t.siteAdmin();
  const site = await loadActor((await findPersonByEmail(t.db.kysely, 'admin@example.org'))!.id, t.product);
  const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
  const ct = (await findAssociation(t.db.kysely, 'ct-aimh'))!;
  const give = (associationId: string, email: string, roles: ['admin'] | ['coordinator']) =>
    setRoles(site, { associationId, email, roles }, t.product);

  const r = await person('Rosa Example', 'rosa@example.org');
  const actor = r.actor;
  rosa.application = (
    await startApplication(actor, { association: 'mi-aimh', credential: 'IMHS' }, t.product)
  ).id;
  rosa.entry = (
    await addEntry(
      actor,
      'training',
      { entry: { title: 'Rosa’s training', date: '2020-01-01', hours: 1, topics: [] } },
      t.product,
    )
  ).id;
  const education = await addEntry(
    actor,
    'education',
    {
      entry: { level: 'master', conferred: '2010-05-01', transcript: 'official' },
      upload: { filename: 'transcript.pdf', bytes: minimalPdf() },
    },
    t.product,
  );
  rosa.file = (education.data as { transcriptFileId: string }).transcriptFileId;
  rosa.reference = (
    await requestReference(
      actor,
      rosa.application,
      { raterName: 'Rae Rater', raterEmail: 'rae@example.org', relationship: 'colleague', waived: true },
      t.product,
    )
  ).id;
  const miAdmin = await person('Mia Mi-Admin', 'mia@example.org');
  await give(mi.id, 'mia@example.org', ['admin']);
  rosa.token = (
    await createApiToken(
      await loadActor(miAdmin.id, t.product),
      { associationId: mi.id, name: 'Mi sync' },
      t.product,
    )
  ).id;

  const olive = await person('Olive Other', 'olive@example.org');
  await startApplication(olive.actor, { association: 'mi-aimh', credential: 'IMHS' }, t.product);
  const cade = await person('Cade Ct-Admin', 'cade@example.org');
  await give(ct.id, 'cade@example.org', ['admin']);
  const cody = await person('Cody Ct-Coordinator', 'cody@example.org');
  await give(ct.id, 'cody@example.org', ['coordinator']);
  browsers.set('olive', olive.browser).set('cade', cade.browser).set('cody', cody.browser);
  const visitor = t.browser();
  browsers.set('nobody', visitor);
  for (const [who, b] of browsers) {
    const page = await b.get(who === 'nobody' ? '/sign-in' : '/account');
    csrf.set(who, csrfToken(page.body));
  }
});
after(async () => {
  await t?.close();
});

const missing = () => randomUUID();

/** One address with an id in it, for an id that exists (Rosa's) and one that does not. */
interface Address {
  method: 'GET' | 'POST';
  url: (id: string) => string;
  id: () => string;
  form?: Record<string, string>;
}
const get = (url: Address['url'], id: () => string): Address => ({ method: 'GET', url, id });
const post = (url: Address['url'], id: () => string, form: Record<string, string> = {}): Address => ({
  method: 'POST',
  url,
  id,
  form,
});

const kinds: Record<string, Address[]> = {
  application: [
    get(
      (id) => `/applications/${id}`,
      () => rosa.application,
    ),
    get(
      (id) => `/applications/${id}/portfolio`,
      () => rosa.application,
    ),
    get(
      (id) => `/applications/${id}/submit`,
      () => rosa.application,
    ),
    post(
      (id) => `/applications/${id}/submit`,
      () => rosa.application,
    ),
    get(
      (id) => `/applications/${id}/references`,
      () => rosa.application,
    ),
    post(
      (id) => `/applications/${id}/references`,
      () => rosa.application,
      {
        raterName: 'Mallory',
        raterEmail: 'mallory@example.org',
        relationship: 'colleague',
      },
    ),
    get(
      (id) => `/associations/mi-aimh/applications/${id}`,
      () => rosa.application,
    ),
    get(
      (id) => `/associations/mi-aimh/applications/${id}/references`,
      () => rosa.application,
    ),
    post(
      (id) => `/associations/mi-aimh/applications/${id}/payments`,
      () => rosa.application,
      {
        amount: '10.00',
      },
    ),
  ],
  'portfolio entry': [
    get(
      (id) => `/portfolio/training/${id}`,
      () => rosa.entry,
    ),
    post(
      (id) => `/portfolio/training/${id}`,
      () => rosa.entry,
      {
        title: 'Changed',
        date: '2020-01-01',
        hours: '2',
      },
    ),
    post(
      (id) => `/portfolio/training/${id}/remove`,
      () => rosa.entry,
    ),
  ],
  file: [
    get(
      (id) => `/portfolio/files/${id}`,
      () => rosa.file,
    ),
  ],
  'API token': [
    post(
      (id) => `/associations/mi-aimh/api-tokens/${id}/revoke`,
      () => rosa.token,
    ),
    post(
      (id) => `/associations/ct-aimh/api-tokens/${id}/revoke`,
      () => rosa.token,
    ),
  ],
  'reference request': [
    post(
      (id) => `/applications/${rosa.application}/references/${id}/resend`,
      () => rosa.reference,
    ),
    post(
      (id) => `/applications/${rosa.application}/references/${id}/revoke`,
      () => rosa.reference,
    ),
  ],
  'association (staff pages)': [
    get(
      (slug) => `/associations/${slug}/people`,
      () => 'mi-aimh',
    ),
    post(
      (slug) => `/associations/${slug}/people`,
      () => 'mi-aimh',
      { email: 'cade@example.org', roles: 'admin' },
    ),
    get(
      (slug) => `/associations/${slug}/api-tokens`,
      () => 'mi-aimh',
    ),
    post(
      (slug) => `/associations/${slug}/api-tokens`,
      () => 'mi-aimh',
      { name: 'Mine now' },
    ),
    get(
      (slug) => `/associations/${slug}/applications`,
      () => 'mi-aimh',
    ),
    get(
      (slug) => `/api/v1/associations/${slug}/applications`,
      () => 'mi-aimh',
    ),
    get(
      (slug) => `/api/v1/associations/${slug}/people`,
      () => 'mi-aimh',
    ),
  ],
};

async function send(who: string, a: Address, id: string): Promise<LightMyRequestResponse> {
  const b = browsers.get(who as 'olive')!;
  if (a.method === 'GET') return b.get(a.url(id));
  return b.post(a.url(id), { _csrf: csrf.get(who)!, ...a.form });
}

/** The answer as a person sees it: status, type and body (the per-page form token aside). */
const answer = (res: LightMyRequestResponse) => ({
  status: res.statusCode,
  type: res.headers['content-type'],
  location: res.headers.location,
  body: res.body.replace(/name="_csrf" value="[^"]+"/g, 'name="_csrf" value="…"'),
});

for (const [kind, addresses] of Object.entries(kinds)) {
  describe(`${kind}: an id the actor may not see answers as one that does not exist`, () => {
    for (const who of ['olive', 'cade', 'cody'] as const) {
      test(`${who === 'olive' ? 'another applicant' : `another association's ${who === 'cade' ? 'admin' : 'coordinator'}`} (${who})`, async () => {
        for (const a of addresses) {
          const there = answer(await send(who, a, a.id()));
          const none = answer(await send(who, a, missing()));
          const label = `${a.method} ${a.url(':id')}`;
          assert.equal(there.status, 404, `${label}: ${there.status}`);
          assert.deepEqual(
            there,
            none,
            `${label}: an id that exists answers differently from one that does not`,
          );
          assert.doesNotMatch(there.body, /rosa|Rosa/, `${label} says nothing of Rosa`);
        }
      });
    }
    test('someone signed out is asked to sign in, whether the id exists or not', async () => {
      for (const a of addresses) {
        for (const id of [a.id(), missing()]) {
          const url = a.url(id);
          const res = await send('nobody', a, id);
          if (url.startsWith('/api/')) {
            assert.equal(res.statusCode, 401, url);
            assert.equal(res.json().error, 'unauthenticated', url);
          } else {
            // A form sent signed out goes back to the page it came from (none here) to resume.
            const expected =
              a.method === 'GET' ? `/sign-in?next=${encodeURIComponent(url)}` : '/sign-in?next=%2F&resume=1';
            assert.equal(res.statusCode, 303, url);
            assert.equal(res.headers.location, expected, url);
          }
        }
      }
    });
  });
}

describe('the answer is the one for an address with nothing there', () => {
  test('a page, and the JSON API, answer 404 "Page not found" / not_found with the same words', async () => {
    const b = browsers.get('olive')!;
    const page = answer(await b.get(`/applications/${rosa.application}`));
    const nowhere = answer(await b.get(`/no-such-page/${missing()}`));
    assert.deepEqual(page, nowhere);
    assert.match(page.body, /<h1>Page not found<\/h1>/);
    assert.doesNotMatch(page.body, /administrator|roles do not allow/);

    const api = await browsers.get('cade')!.get('/api/v1/associations/mi-aimh/people');
    const apiNowhere = await browsers.get('cade')!.get('/api/v1/no-such-thing');
    assert.equal(api.statusCode, 404);
    assert.deepEqual(api.json(), apiNowhere.json());
    assert.equal(api.json().error, 'not_found');
  });
});
