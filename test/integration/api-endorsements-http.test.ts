// The association's endorsements through /api/v1, through the real HTTP app:
// an API token of CT-AIMH lists and reads its endorsements (with what it may
// do next), suspends, reinstates and revokes one, finalizes an application
// (refused with every requirement unmet, then granted once the exam is
// passed), and accepts an endorsement MI-AIMH granted from the endorsee's
// credential. Refusals come back with their codes; a token of another
// association gets 404 for all of it; the OpenAPI document lists each route.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { findEndorsement } from '../../src/db/repositories/endorsements.ts';
import { createApiToken } from '../../src/services/api-tokens.ts';
import { endorsee } from '../helpers/endorsement.ts';
import { approve, approvedApplication, examSetup, passedExam, staffMember } from '../helpers/exam.ts';
import { type Browser, startApp, type TestApp } from '../helpers/http.ts';
import { applicant } from '../helpers/portfolio-http.ts';
import { submittedApplication } from '../helpers/submitted-application.ts';
import { routeTable } from '../../src/http/route-table.ts';

let t: TestApp;
let setup: Awaited<ReturnType<typeof examSetup>>;
let token: string; // CT-AIMH's
let miToken: string; // MI-AIMH's

async function call(method: 'GET' | 'POST', url: string, as: string | Browser, body?: unknown) {
  const headers: Record<string, string> = {};
  if (typeof as === 'string') headers.authorization = `Bearer ${as}`;
  else {
    if (method === 'POST')
      headers['x-csrf-token'] = ((await as.get('/api/v1/me')).json() as { csrfToken: string }).csrfToken;
    headers.cookie = as.cookieHeader();
  }
  if (method === 'POST') headers['content-type'] = 'application/json';
  return t.app.inject({
    method,
    url,
    headers,
    ...(method === 'POST' ? { payload: JSON.stringify(body ?? {}) } : {}),
  });
}
const get = (url: string, as: string | Browser = token) => call('GET', url, as);
const post = (url: string, body: unknown = {}, as: string | Browser = token) => call('POST', url, as, body);

function ok<T = Record<string, unknown>>(res: LightMyRequestResponse): T {
  assert.equal(res.statusCode, 200, res.body.slice(0, 800));
  return res.json() as T;
}
function refused(res: LightMyRequestResponse, status: number, o: { code?: string; field?: string } = {}) {
  assert.equal(res.statusCode, status, res.body.slice(0, 800));
  const body = res.json() as {
    error: string;
    message: string;
    code?: string;
    field?: string;
    unmet?: string[];
  };
  assert.ok(body.message, 'the error says what is wrong');
  if (o.code) assert.equal(body.code, o.code, body.message);
  if (o.field) assert.equal(body.field, o.field, body.message);
  return body;
}
/** What the token of another association is told: nothing is there. */
function hidden(res: LightMyRequestResponse) {
  refused(res, 404);
  assert.equal((res.json() as { code?: string }).code, undefined);
}

interface Detail {
  id: string;
  number: number;
  status: string;
  statusLabel: string;
  credential: string;
  endorsee: { id: string; name: string; email: string };
  applicationId: string | null;
  issued: { id: string } | null;
  urls: Record<'verification' | 'credential' | 'certificate' | 'letter' | 'achievement', string>;
  history: Array<{ kind: string; reason: string | null; at: string; actor: string | null }>;
  transfers: { from: { association: string; number: number } | null; to: unknown };
  may: { steps: string[] };
}

const ct = '/api/v1/associations/ct-aimh';
const one = (id: string) => `${ct}/endorsements/${id}`;

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  setup = await examSetup(t, { mc: 4, vignettes: 2, startsAt: '2030-05-01T09:00:00Z' });
  const ctId = (await findAssociation(t.db.kysely, 'ct-aimh'))!.id;
  const miId = (await findAssociation(t.db.kysely, 'mi-aimh'))!.id;
  const ctAdmin = await staffMember(t, 'ct-aimh', 'Cal Admin', 'cal.admin@example.org', ['admin']);
  const miAdmin = await staffMember(t, 'mi-aimh', 'Mia Admin', 'mia.admin@example.org', ['admin']);
  token = (await createApiToken(ctAdmin.actor, { associationId: ctId, name: 'Registry office' }, t.product))
    .token;
  miToken = (await createApiToken(miAdmin.actor, { associationId: miId, name: 'MI office' }, t.product))
    .token;
});
after(() => t.close());

describe('reading the endorsements', () => {
  test('the list searches by name, e-mail or number, filters by status, in pages', async () => {
    const lee = await endorsee(t, 'Lee Listed', 'lee.listed@example.org');
    const max = await endorsee(t, 'Max Other', 'max.other@example.org');
    type Page = { endorsements: Array<{ id: string; endorsee: { email: string } }>; total: number };
    const all = ok<Page & { page: number; pages: number }>(await get(`${ct}/endorsements`));
    assert.ok(all.total >= 2);
    assert.equal(all.page, 1);
    const byName = ok<Page>(await get(`${ct}/endorsements?q=lee+LISTED`));
    assert.deepEqual(
      byName.endorsements.map((e) => e.endorsee.email),
      ['lee.listed@example.org'],
    );
    const byNumber = ok<Page>(await get(`${ct}/endorsements?q=${max.endorsement.number}`));
    assert.ok(byNumber.endorsements.some((e) => e.id === max.endorsement.id));
    assert.ok(!byNumber.endorsements.some((e) => e.id === lee.endorsement.id));
    assert.equal(ok<Page>(await get(`${ct}/endorsements?status=revoked&q=lee`)).total, 0);
    assert.equal(ok<Page>(await get(`${ct}/endorsements?status=active&q=lee`)).total, 1);
    assert.equal(ok<Page>(await get(`${ct}/endorsements?page=99`)).endorsements.length, 0);

    refused(await get(`${ct}/endorsements?status=gone`), 400, { field: 'status' });
    refused(await get(`${ct}/endorsements?page=0`), 400, { field: 'page' });
    hidden(await get(`${ct}/endorsements`, miToken));
    hidden(await get(`${ct}/endorsements`, lee.browser));
  });

  test('one endorsement: its record, history, addresses, and the steps open now', async () => {
    const kit = await endorsee(t, 'Kit Read', 'kit.read@example.org');
    const d = ok<Detail>(await get(one(kit.endorsement.id)));
    assert.equal(d.number, kit.endorsement.number);
    assert.equal(d.status, 'active');
    assert.equal(d.statusLabel, 'Active');
    assert.deepEqual(d.endorsee, { id: kit.userId, name: 'Kit Read', email: 'kit.read@example.org' });
    assert.ok(d.issued, 'the credential in force');
    assert.match(d.urls.verification, new RegExp(`/credentials/${kit.endorsement.id}$`));
    assert.match(d.urls.credential, new RegExp(`/credentials/${kit.endorsement.id}/credential\\.json$`));
    assert.match(d.urls.certificate, /\/certificate\.pdf$/);
    assert.match(d.urls.achievement, /\/associations\/ct-aimh\/credentials\/IMHS$/);
    assert.deepEqual(d.may.steps, ['suspend', 'revoke']);
    // The addresses given answer.
    const credential = await t.app.inject(new URL(d.urls.credential).pathname);
    assert.equal(credential.statusCode, 200);

    hidden(await get(one(kit.endorsement.id), miToken));
    hidden(await get(one('no-such-endorsement')));
    hidden(await get(one(kit.endorsement.id), kit.browser));
  });
});

describe('the status steps', () => {
  test('suspend, reinstate, revoke: each answers the endorsement as it now stands', async () => {
    const sky = await endorsee(t, 'Sky Steps', 'sky.steps@example.org');
    const id = sky.endorsement.id;
    // Another association's token learns nothing, whatever it sends; nothing changes.
    hidden(await post(`${one(id)}/suspend`, { reason: 'Not ours' }, miToken));
    hidden(await post(`${one(id)}/revoke`, { reason: 'Not ours' }, miToken));
    assert.equal((await findEndorsement(t.db.kysely, id))!.status, 'active');

    refused(await post(`${one(id)}/suspend`, {}), 400, { field: 'reason' });
    refused(await post(`${one(id)}/suspend`, { reason: 7 }), 400, { field: 'reason' });
    refused(await post(`${one(id)}/reinstate`, {}), 409, { code: 'ENDORSEMENT_STATE_FORBIDS' });

    const suspended = ok<Detail>(await post(`${one(id)}/suspend`, { reason: 'A complaint is examined' }));
    assert.equal(suspended.status, 'suspended');
    assert.deepEqual(suspended.may.steps, ['reinstate', 'revoke']);
    assert.deepEqual(suspended.history.at(-1), {
      kind: 'suspended',
      reason: 'A complaint is examined',
      at: suspended.history.at(-1)!.at,
      actor: 'Cal Admin',
    });
    refused(await post(`${one(id)}/suspend`, { reason: 'Again' }), 409, {
      code: 'ENDORSEMENT_STATE_FORBIDS',
    });

    const reinstated = ok<Detail>(await post(`${one(id)}/reinstate`, {}));
    assert.equal(reinstated.status, 'active');
    hidden(await post(`${one(id)}/reinstate`, {}, miToken));

    refused(await post(`${one(id)}/revoke`, { reason: '  ' }), 400, { field: 'reason' });
    const revoked = ok<Detail>(await post(`${one(id)}/revoke`, { reason: 'Misconduct, found' }));
    assert.equal(revoked.status, 'revoked');
    assert.deepEqual(revoked.may.steps, []);
    const final = refused(await post(`${one(id)}/reinstate`, {}), 409, { code: 'ENDORSEMENT_STATE_FORBIDS' });
    assert.match(final.message, /revocation is final/);
    assert.deepEqual(
      revoked.history.slice(-3).map((h) => h.kind),
      ['suspended', 'reinstated', 'revoked'],
    );
    assert.equal((await findEndorsement(t.db.kysely, id))!.status, 'revoked');
  });

  test('signed in, a coordinator sends the CSRF token; without it nothing changes', async () => {
    const jo = await endorsee(t, 'Jo Session', 'jo.session@example.org');
    const id = jo.endorsement.id;
    const bare = await t.app.inject({
      method: 'POST',
      url: `${one(id)}/suspend`,
      headers: { cookie: setup.cora.browser.cookieHeader(), 'content-type': 'application/json' },
      payload: JSON.stringify({ reason: 'No token' }),
    });
    assert.equal(bare.statusCode, 403, bare.body);
    assert.equal((await findEndorsement(t.db.kysely, id))!.status, 'active');
    const done = ok<Detail>(
      await post(`${one(id)}/suspend`, { reason: 'With the token' }, setup.cora.browser),
    );
    assert.equal(done.status, 'suspended');
    assert.equal(done.history.at(-1)!.actor, 'Cora Coordinator');
  });
});

describe('finalizing an application', () => {
  test('refused with every requirement unmet, or for its state; hidden from another association', async () => {
    const bo = await applicant(t, 'Bo Unmet', 'bo.unmet@example.org', []);
    const ifs = await approvedApplication(t, bo.id, setup.cora.id, 'ct-aimh', 'IFS');
    const res = await post(`${ct}/applications/${ifs}/finalize`);
    const body = refused(res, 400, { code: 'APPLICATION_STEP_BLOCKED' });
    assert.ok(Array.isArray(body.unmet) && body.unmet.length > 0, 'each requirement unmet');
    assert.match(body.message, /not every requirement is met/);
    assert.equal((await findApplication(t.db.kysely, ifs))!.status, 'approved');

    hidden(await post(`${ct}/applications/${ifs}/finalize`, {}, miToken));
    hidden(await post(`${ct}/applications/${ifs}/finalize`, {}, bo.browser));

    const draft = (await applicant(t, 'Cy Draft', 'cy.draft@example.org', [['ct-aimh', 'IFS']]))
      .applications[0]!;
    refused(await post(`${ct}/applications/${draft}/finalize`), 409, { code: 'APPLICATION_STATE_FORBIDS' });
    assert.equal((await findApplication(t.db.kysely, draft))!.status, 'draft');
  });

  test('granted once the exam is passed: the answer is the endorsement', async () => {
    const { adaId, imhs } = await submittedApplication(t);
    await approve(t, imhs, setup.cora.id);
    const early = refused(await post(`${ct}/applications/${imhs}/finalize`), 400, {
      code: 'APPLICATION_STEP_BLOCKED',
    });
    assert.ok(
      early.unmet?.some((u) => /written examination/.test(u)),
      early.unmet?.join('; '),
    );

    await passedExam(t, setup, imhs);

    hidden(await post(`${ct}/applications/${imhs}/finalize`, {}, miToken));
    const granted = ok<Detail>(await post(`${ct}/applications/${imhs}/finalize`));
    assert.equal(granted.status, 'active');
    assert.equal(granted.credential, 'IMHS');
    assert.equal(granted.applicationId, imhs);
    assert.equal(granted.endorsee.id, adaId);
    assert.ok(granted.issued);
    assert.deepEqual(granted.may.steps, ['suspend', 'revoke']);
    assert.equal((await findApplication(t.db.kysely, imhs))!.status, 'endorsed');
    refused(await post(`${ct}/applications/${imhs}/finalize`), 409, { code: 'APPLICATION_STATE_FORBIDS' });
  });
});

describe('accepting a transfer', () => {
  test("MI-AIMH's endorsement, from the endorsee's credential, becomes CT-AIMH's own", async () => {
    const ro = await endorsee(t, 'Ro Moves', 'ro.moves@example.org', { slug: 'mi-aimh' });
    const transfer = `${ct}/endorsements/transfer`;
    hidden(await post(transfer, { credential: ro.credential, email: ro.email }, miToken));
    refused(await post(transfer, { credential: ro.credential, email: 'not an address' }), 400, {
      field: 'email',
    });
    refused(await post(transfer, { email: ro.email }), 400, { field: 'credential' });
    const wrong = refused(
      await post(transfer, { credential: ro.credential, email: 'someone.else@example.org' }),
      400,
      { code: 'TRANSFER_REFUSED', field: 'email' },
    );
    assert.match(wrong.message, /not the one the credential was issued to/);
    const forged = { ...ro.credential, name: 'Something else' };
    refused(await post(transfer, { credential: forged, email: ro.email }), 400, {
      code: 'TRANSFER_REFUSED',
      field: 'credential',
    });
    const own = await endorsee(t, 'Cat Own', 'cat.own@example.org');
    refused(await post(transfer, { credential: own.credential, email: own.email }), 400, {
      code: 'TRANSFER_REFUSED',
      field: 'credential',
    });
    assert.equal((await findEndorsement(t.db.kysely, ro.endorsement.id))!.status, 'active');

    const created = ok<Detail>(
      await post(transfer, { credential: ro.credential, email: 'Ro.Moves@example.org' }),
    );
    assert.equal(created.status, 'active');
    assert.equal(created.endorsee.id, ro.userId);
    assert.equal(created.applicationId, null);
    assert.equal(created.transfers.from?.number, ro.endorsement.number);
    assert.equal(created.history[0]!.kind, 'transferred-in');
    assert.equal((await findEndorsement(t.db.kysely, ro.endorsement.id))!.status, 'transferred');
    // Each association's token sees its own only.
    hidden(await get(one(created.id), miToken));
    const mi = ok<Detail>(
      await get(`/api/v1/associations/mi-aimh/endorsements/${ro.endorsement.id}`, miToken),
    );
    assert.equal(mi.status, 'transferred');
    assert.deepEqual(mi.may.steps, []);
    refused(await post(transfer, { credential: ro.credential, email: ro.email }), 400, {
      code: 'TRANSFER_REFUSED',
    });
  });
});

describe('the OpenAPI document', () => {
  test('lists each endorsement route with its request and response schemas', async () => {
    type Op = {
      requestBody?: { content: Record<string, { schema: unknown }> };
      responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
      tags?: string[];
    };
    const doc = (await t.app.inject('/api/docs/json')).json() as {
      paths: Record<string, Record<string, Op>>;
      components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
    };
    const ours = routeTable.filter(
      (r) =>
        r.kind === 'api' &&
        /\/endorsements|\/finalize$/.test(r.url) &&
        r.url.startsWith('/api/v1/associations'),
    );
    assert.equal(ours.length, 7);
    for (const route of ours) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      assert.ok(op, `${route.method} ${route.url} is documented`);
      assert.deepEqual(op.tags, ['endorsements']);
      assert.ok(op.responses['200']?.content?.['application/json']?.schema, `${route.url}: its answer`);
      assert.ok(op.responses['404'], `${route.url}: its errors`);
      if (route.method === 'POST' && !route.url.endsWith('/finalize'))
        assert.ok(op.requestBody?.content['application/json']?.schema, `${route.url}: its request`);
    }
    const finalize = doc.paths['/api/v1/associations/{slug}/applications/{id}/finalize']!.post!;
    assert.match(JSON.stringify(finalize.responses['400']), /FinalizeRefused/);
    assert.ok(doc.components.schemas.FinalizeRefused?.properties?.unmet, 'the refusal lists what is unmet');
  });
});
