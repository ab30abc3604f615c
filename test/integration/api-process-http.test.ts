// The application's process through /api/v1, through the real HTTP app: an
// association's API token (acting for the admin who made it) assigns the
// advisor and the reviewers, decides, resumes, starts the review and waives a
// fee; reviewers read and submit their reviews with their session (the CSRF
// token in a header); the one-application answer says where the application
// stands, who is assigned, the decisions and what the caller may do next.
// Errors: the JSON body with the field at fault, 404 for what the caller may
// not see, 409 with the product's code for a wrong state or a lost race. The
// OpenAPI document lists every endpoint with its request and response schemas.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { writeAssociationSetting } from '../../src/db/repositories/settings.ts';
import { apiRoutes } from '../../src/http/route-table.ts';
import { loadActor } from '../../src/services/actors.ts';
import { createApiToken } from '../../src/services/api-tokens.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { assignReviewer, submittedAsItStands } from '../helpers/review.ts';
import { type SubmittedApplication, submittedApplication } from '../helpers/submitted-application.ts';

let t: TestApp;
let s: SubmittedApplication;
let token: string;
let miToken: string;
const clock = new Date('2026-11-02T10:00:00Z');
const people = new Map<string, { id: string; browser: Browser }>();
const idOf = (name: string) => people.get(name)!.id;

const base = (id: string) => `/api/v1/associations/ct-aimh/applications/${id}`;

interface Call {
  /** An API token, or a signed-in browser (its session cookie, and the CSRF token unless `csrf: false`). */
  as: string | Browser;
  body?: unknown;
  csrf?: boolean;
}
const csrfOf = new Map<Browser, string>();
async function call(method: 'GET' | 'POST', url: string, c: Call): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (typeof c.as === 'string') headers.authorization = `Bearer ${c.as}`;
  else {
    if (method === 'POST' && c.csrf !== false) {
      if (!csrfOf.has(c.as)) {
        const me = await c.as.get('/api/v1/me');
        csrfOf.set(c.as, (me.json() as { csrfToken: string }).csrfToken);
      }
      headers['x-csrf-token'] = csrfOf.get(c.as)!;
    }
    headers.cookie = c.as.cookieHeader();
  }
  if (method === 'POST') headers['content-type'] = 'application/json';
  return t.app.inject({
    method,
    url,
    headers,
    ...(method === 'POST' ? { payload: JSON.stringify(c.body ?? {}) } : {}),
  });
}
const get = (url: string, as: Call['as'] = token) => call('GET', url, { as });
const post = (url: string, body: unknown = {}, as: Call['as'] = token, csrf = true) =>
  call('POST', url, { as, body, csrf });

type Detail = {
  status: string;
  stateLabel: string;
  next: string;
  advisor: { id: string; name: string } | null;
  reviewers: Array<{
    assignmentId: string;
    reviewer: { id: string; name: string };
    dueOn: string;
    status: string;
  }>;
  decisions: Array<{ step: string; decidedAs: string; decidedBy: string | null; reason: string | null }>;
  fees: Array<{ id: string; kind: string; waivedAt: string | null }>;
  may: { steps: string[]; assignAdvisor: boolean; assignReviewers: boolean; waiveFee: boolean };
};
const detail = async (id: string) => {
  const res = await get(base(id));
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as Detail;
};
const stateOf = async (id: string) => (await findApplication(t.db.kysely, id))!.status;

/** Answers `status` with the error body: the field at fault and the product's code, when given. */
function refused(res: LightMyRequestResponse, status: number, want: { field?: string; code?: string } = {}) {
  assert.equal(res.statusCode, status, res.body);
  const body = res.json() as { error: string; message: string; field?: string; code?: string };
  assert.ok(body.message, 'the error says what is wrong');
  if (want.field) assert.equal(body.field, want.field, body.message);
  if (want.code) assert.equal(body.code, want.code, body.message);
  return body;
}

/** Someone signed up and given `roles` in CT-AIMH by its admin; a reviewer with the endorsement recorded. */
async function person(name: string, email: string, roles: string[], credential?: string) {
  const browser = t.browser();
  await browser.signUp({ name, email });
  const id = (await findPersonByEmail(t.db.kysely, email))!.id;
  const given = await s.cody.submit('/associations/ct-aimh/people', '/associations/ct-aimh/people', {
    email,
    roles,
  });
  assert.equal(given.statusCode, 303);
  if (credential) {
    const recorded = await s.cody.submit(
      '/associations/ct-aimh/reviewers',
      '/associations/ct-aimh/reviewers',
      {
        person: id,
        credential,
        evidence: `CT-AIMH endorsement of ${name}`,
      },
    );
    assert.equal(recorded.statusCode, 303, pageText(recorded.body).slice(0, 300));
  }
  people.set(name, { id, browser });
}

before(async () => {
  t = await startApp({ now: () => clock, rateLimit: 100_000 });
  s = await submittedApplication(t);
  await writeAssociationSetting(t.db.kysely, s.ctId, 'reviewDays', '10', clock.toISOString());
  const cody = await loadActor(s.codyId, t.product);
  token = (await createApiToken(cody, { associationId: s.ctId, name: 'Integration' }, t.product)).token;
  // A token of MI-AIMH, made by the site admin.
  await t.siteAdmin();
  const siteId = (await findPersonByEmail(t.db.kysely, 'admin@example.org'))!.id;
  const miId = (await findAssociation(t.db.kysely, 'mi-aimh'))!.id;
  miToken = (
    await createApiToken(await loadActor(siteId, t.product), { associationId: miId, name: 'MI' }, t.product)
  ).token;
  await person('Avery Advisor', 'avery@example.org', ['advisor']);
  await person('Rita Mentor', 'rita@example.org', ['reviewer'], 'IMHM-C');
  await person('Rob Specialist', 'rob@example.org', ['reviewer'], 'IMHS');
  await person('Ivy Family', 'ivy@example.org', ['reviewer'], 'IFS');
  // Dana Mentor is the RSC provider Ada's portfolio names.
  await person('Dana Mentor', 'dana@example.org', ['reviewer'], 'IMHM-C');
});
after(async () => {
  await t?.close();
});

describe('the one application', () => {
  test('says where it stands, what happens next, who is assigned and what the caller may do', async () => {
    const a = await detail(s.imhs);
    assert.equal(a.status, 'submitted');
    assert.equal(a.stateLabel, 'Submitted');
    assert.match(a.next, /will assign two reviewers/);
    assert.equal(a.advisor, null);
    assert.deepEqual(a.reviewers, []);
    assert.deepEqual(a.decisions, []);
    assert.deepEqual(a.may.steps, [
      'start-review',
      'approve',
      'request-information',
      'defer',
      'hold',
      'decline',
    ]);
    assert.equal(a.may.assignAdvisor, true);
    assert.equal(a.may.assignReviewers, true);
    assert.equal(a.may.waiveFee, true);
  });

  test('another association, or an application that is not there, is not found', async () => {
    refused(await get(`/api/v1/associations/mi-aimh/applications/${s.imhs}`), 404);
    refused(await get(base('app_nothing')), 404);
    refused(await get(base(s.imhs), miToken), 404);
  });
});

describe('the advisor', () => {
  test('assigned, shown on the application, replaced and removed; bad input names the field', async () => {
    refused(await post(`${base(s.imhs)}/advisor`, {}), 400, { field: 'advisor' });
    refused(await post(`${base(s.imhs)}/advisor`, { advisor: s.adaId }), 400, {
      code: 'ASSIGNEE_NOT_ELIGIBLE',
    });
    const done = await post(`${base(s.imhs)}/advisor`, { advisor: idOf('Avery Advisor') });
    assert.equal(done.statusCode, 200, done.body);
    assert.deepEqual(done.json(), {
      advisor: { id: idOf('Avery Advisor'), name: 'Avery Advisor', email: 'avery@example.org' },
      replaced: null,
    });
    assert.equal((await detail(s.imhs)).advisor?.name, 'Avery Advisor');
    const removed = await post(`${base(s.imhs)}/advisor/remove`);
    assert.equal(removed.statusCode, 200, removed.body);
    assert.equal((await detail(s.imhs)).advisor, null);
    refused(await post(`/api/v1/associations/mi-aimh/applications/${s.imhs}/advisor/remove`), 404);
  });
});

describe('reviewers', () => {
  test('suggested least loaded first, with conflicts and warnings', async () => {
    const res = await get(`${base(s.imhs)}/reviewers`);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as {
      eligible: Array<{ name: string; qualifiedBy: string; warnings: Array<{ as: string }> }>;
      ineligible: Array<{ name: string; refusals: string[] }>;
      mayAssign: boolean;
    };
    assert.equal(body.mayAssign, true);
    assert.deepEqual(body.eligible.map((e) => e.name).sort(), [
      'Dana Mentor',
      'Rita Mentor',
      'Rob Specialist',
    ]);
    assert.deepEqual(
      body.eligible.find((e) => e.name === 'Dana Mentor')?.warnings.map((w) => w.as),
      ['rsc-provider'],
    );
    assert.deepEqual(body.ineligible.find((e) => e.name === 'Ivy Family')?.refusals, ['not-qualified']);
  });

  test('assigning: validation at the field, the warning to confirm, the second starts the review', async () => {
    refused(await post(`${base(s.imhs)}/reviewers`, { reviewers: [] }), 400, { field: 'reviewers' });
    refused(await post(`${base(s.imhs)}/reviewers`, { reviewers: 'x' }), 400, { field: 'reviewers' });
    refused(await post(`${base(s.imhs)}/reviewers`, { reviewers: [idOf('Ivy Family')] }), 400, {
      code: 'ASSIGNEE_NOT_ELIGIBLE',
    });
    refused(await post(`${base(s.imhs)}/reviewers`, { reviewers: [idOf('Dana Mentor')] }), 400, {
      code: 'ASSIGNEE_NEEDS_CONFIRMATION',
    });
    const one = await post(`${base(s.imhs)}/reviewers`, {
      reviewers: [idOf('Ivy Family'), idOf('Rob Specialist')],
    });
    assert.equal(one.statusCode, 400, 'nobody is assigned when one of them may not be');
    const first = await post(`${base(s.imhs)}/reviewers`, { reviewers: [idOf('Dana Mentor')], anyway: true });
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), {
      assigned: [{ id: idOf('Dana Mentor'), name: 'Dana Mentor' }],
      dueOn: '2026-11-12',
      state: 'submitted',
    });
    // Dana is removed again; Rita and Rob review it.
    const a = await detail(s.imhs);
    const dana = a.reviewers.find((r) => r.reviewer.name === 'Dana Mentor')!;
    assert.equal(dana.dueOn, '2026-11-12');
    const removed = await post(`${base(s.imhs)}/reviewers/${dana.assignmentId}/remove`);
    assert.deepEqual(removed.json(), { removed: { id: idOf('Dana Mentor'), name: 'Dana Mentor' } });
    refused(await post(`${base(s.imhs)}/reviewers/${dana.assignmentId}/remove`), 404);
    const both = await post(`${base(s.imhs)}/reviewers`, {
      reviewers: [idOf('Rita Mentor'), idOf('Rob Specialist')],
    });
    assert.equal(both.statusCode, 200, both.body);
    assert.equal((both.json() as { state: string }).state, 'in-review');
    const now = await detail(s.imhs);
    assert.equal(now.stateLabel, 'In review');
    assert.deepEqual(
      now.reviewers
        .filter((r) => r.status === 'active')
        .map((r) => [r.reviewer.name, r.dueOn])
        .sort(),
      [
        ['Rita Mentor', '2026-11-12'],
        ['Rob Specialist', '2026-11-12'],
      ],
    );
    assert.deepEqual(now.may.steps, ['approve', 'request-information', 'defer', 'hold', 'decline']);
    assert.equal(now.may.assignAdvisor, true);
  });
});

describe("the coordinator's steps", () => {
  test('a decision: validation at the field; hold, then resume; a step the state forbids is 409 with its code', async () => {
    const url = `${base(s.imhs)}/decision`;
    refused(await post(url, { step: 'decline', reason: '' }), 400, { field: 'reason' });
    refused(await post(url, { step: 'maybe', reason: 'x' }), 400, { field: 'step' });
    refused(await post(url, { step: 'request-information', reason: 'x', responseDueOn: 'soon' }), 400, {
      field: 'responseDueOn',
    });
    const held = await post(url, { step: 'hold', reason: 'Waiting for the board to meet' });
    assert.equal(held.statusCode, 200, held.body);
    assert.equal((held.json() as { state: string }).state, 'on-hold');
    const a = await detail(s.imhs);
    assert.ok(a.may.steps.includes('resume') && !a.may.steps.includes('start-review'), a.may.steps.join());
    assert.deepEqual(
      a.decisions.map((d) => [d.step, d.decidedAs, d.decidedBy, d.reason]),
      [
        // Assigning the second reviewer started the review; then the hold.
        ['start-review', 'coordinator', 'Cody Coordinator', null],
        ['hold', 'coordinator', 'Cody Coordinator', 'Waiting for the board to meet'],
      ],
    );
    refused(await post(`${base(s.imhs)}/start-review`), 409, { code: 'APPLICATION_STATE_FORBIDS' });
    const resumed = await post(`${base(s.imhs)}/resume`);
    assert.equal(resumed.statusCode, 200, resumed.body);
    assert.deepEqual(resumed.json(), {
      state: 'in-review',
      stateLabel: 'In review',
      next: 'Two reviewers are reading your portfolio. You will hear from the association when they finish.',
    });
    refused(await post(`${base(s.imhs)}/resume`), 409, { code: 'APPLICATION_STATE_FORBIDS' });
    refused(await post(`/api/v1/associations/mi-aimh/applications/${s.imhs}/resume`), 404);
  });

  test('starting the review needs two reviewers; two decisions at once: exactly one is taken, the other is 409', async () => {
    const id = await submittedAsItStands(t, idOf('Avery Advisor'), 'ct-aimh', 'IMHS');
    await assignReviewer(t, id, idOf('Rita Mentor'), s.codyId);
    refused(await post(`${base(id)}/start-review`), 400, { code: 'APPLICATION_STEP_BLOCKED' });
    await assignReviewer(t, id, idOf('Rob Specialist'), s.codyId);
    const started = await post(`${base(id)}/start-review`);
    assert.equal(started.statusCode, 200, started.body);
    const [x, y] = await Promise.all([
      post(`${base(id)}/decision`, { step: 'decline', reason: 'Not eligible' }),
      post(`${base(id)}/decision`, { step: 'defer', reason: 'Apply again next year' }),
    ]);
    const codes = [x, y].map((r) => r.statusCode).sort();
    assert.deepEqual(codes, [200, 409], `${x.body} ${y.body}`);
    const lost = [x, y].find((r) => r.statusCode === 409)!;
    const code = (lost.json() as { code: string }).code;
    assert.ok(['APPLICATION_STATE_CHANGED', 'APPLICATION_STATE_FORBIDS'].includes(code), code);
    assert.ok(['declined', 'deferred'].includes(await stateOf(id)));
    assert.equal((await detail(id)).decisions.filter((d) => d.step !== 'start-review').length, 1);
  });
});

describe('fee waivers', () => {
  test('a fee due is waived with a reason, once; bad input names the field', async () => {
    const fee = (await detail(s.imhs)).fees.find((f) => !f.waivedAt)!;
    assert.ok(fee, 'the application has a fee due');
    const url = `${base(s.imhs)}/fees/${fee.id}/waiver`;
    refused(await post(url, {}), 400, { field: 'reason' });
    refused(await post(url, { reason: '   ' }), 400, { field: 'reason' });
    refused(await post(`${base(s.imhs)}/fees/fee_nothing/waiver`, { reason: 'x' }), 400, { field: 'feeDue' });
    const waived = await post(url, { reason: 'Scholarship' });
    assert.equal(waived.statusCode, 200, waived.body);
    assert.equal((waived.json() as { fee: { id: string } }).fee.id, fee.id);
    assert.ok((await detail(s.imhs)).fees.find((f) => f.id === fee.id)?.waivedAt);
    refused(await post(url, { reason: 'Again' }), 409, { code: 'FEE_SETTLED' });
  });
});

describe("the reviewer's side", () => {
  const reviewUrl = () => `/api/v1/reviews/${s.imhs}`;
  type Review = {
    requirements: Array<{ id: string; status: string; summary: string }>;
    clauses: Array<{ key: string }>;
    domains: Array<{ key: string }>;
    ratings: Array<{ raterEmail: string }>;
    review: { status: string; toStaff: string } | null;
    others: unknown[];
    may: { save: boolean; submit: boolean };
  };
  const complete = (r: Review, recommendation: string) => ({
    action: 'submit',
    recommendation,
    findings: {
      requirements: Object.fromEntries(r.requirements.map((q) => [q.id, { verdict: 'confirmed' }])),
      clauses: Object.fromEntries(r.clauses.map((c) => [c.key, { mark: 'met' }])),
      domains: Object.fromEntries(r.domains.map((d) => [d.key, { mark: 'met' }])),
    },
  });

  test('my assignments, and my review with the engine verdicts and the ratings with e-mails', async () => {
    const rita = people.get('Rita Mentor')!.browser;
    const mine = await get('/api/v1/reviews', rita);
    assert.equal(mine.statusCode, 200, mine.body);
    const list = mine.json() as Array<{ applicationId: string; dueOn: string; overdue: boolean }>;
    assert.ok(list.some((a) => a.applicationId === s.imhs && a.dueOn === '2026-11-12' && !a.overdue));
    const res = await get(reviewUrl(), rita);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json() as Review;
    assert.equal(r.requirements.find((q) => q.id === 'imhs.training.hours')?.summary, '33 of 30 hours');
    assert.ok(r.ratings.some((x) => x.raterEmail === 'colleague@example.org'));
    assert.equal(r.review, null);
    assert.deepEqual(r.may, { save: true, submit: true });
  });

  test('only the assigned reviewer, with their session: not another reviewer, not an API token', async () => {
    refused(await get(reviewUrl(), people.get('Ivy Family')!.browser), 404);
    refused(await get(reviewUrl(), token), 404);
    refused(await get('/api/v1/reviews', token), 404);
    refused(await post(reviewUrl(), { action: 'save' }, token), 404);
    refused(await get('/api/v1/reviews', t.browser()), 401);
  });

  test('a POST with the session cookie alone is refused (no CSRF header)', async () => {
    const rita = people.get('Rita Mentor')!.browser;
    const res = await post(reviewUrl(), { action: 'save', toStaff: 'no token' }, rita, false);
    assert.equal(res.statusCode, 403, res.body);
    assert.equal((await get(reviewUrl(), rita)).json().review, null);
  });

  test('save a draft; an incomplete submission keeps the draft and names every field; two approvals approve', async () => {
    const rita = people.get('Rita Mentor')!.browser;
    const rob = people.get('Rob Specialist')!.browser;
    refused(await post(reviewUrl(), { recommendation: 'maybe' }, rita), 400, { field: 'recommendation' });
    const draft = await post(reviewUrl(), { action: 'save', toStaff: 'Reading it' }, rita);
    assert.equal(draft.statusCode, 200, draft.body);
    assert.deepEqual(draft.json(), { status: 'draft', outcome: null, state: 'in-review' });
    const r = (await get(reviewUrl(), rita)).json() as Review;
    assert.equal(r.review?.toStaff, 'Reading it');
    const incomplete = refused(await post(reviewUrl(), { action: 'submit' }, rita), 400) as unknown as {
      field: string;
      problems: Array<{ field: string }>;
    };
    assert.match(incomplete.field, /^findings\.requirements\..+\.verdict$/);
    assert.ok(incomplete.problems.some((p) => p.field === 'recommendation'));
    assert.equal(((await get(reviewUrl(), rita)).json() as Review).review?.status, 'draft');
    const first = await post(reviewUrl(), complete(r, 'approve'), rita);
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { status: 'submitted', outcome: 'pending', state: 'in-review' });
    refused(await post(reviewUrl(), complete(r, 'approve'), rita), 409, { code: 'REVIEW_ALREADY_SUBMITTED' });
    const second = await post(
      reviewUrl(),
      complete((await get(reviewUrl(), rob)).json() as Review, 'approve'),
      rob,
    );
    assert.equal(second.statusCode, 200, second.body);
    assert.deepEqual(second.json(), { status: 'submitted', outcome: 'decided', state: 'approved' });
    const a = await detail(s.imhs);
    assert.equal(a.stateLabel, 'Approved');
    assert.deepEqual(a.may.steps, []);
    assert.deepEqual(
      a.decisions.filter((d) => d.step === 'approve').map((d) => d.decidedAs),
      ['review'],
    );
    refused(await post(`${base(s.imhs)}/decision`, { step: 'decline', reason: 'Late' }), 409, {
      code: 'APPLICATION_STATE_FORBIDS',
    });
  });
});

describe('the OpenAPI document', () => {
  test('lists every API route with its request and response schemas', async () => {
    const res = await t.app.inject({ url: '/api/docs/json' });
    assert.equal(res.statusCode, 200);
    type Op = {
      requestBody?: { content: Record<string, { schema: unknown }> };
      responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
    };
    const doc = res.json() as { paths: Record<string, Record<string, Op>> };
    for (const route of apiRoutes) {
      const path = route.url.replace(/:(\w+)/g, '{$1}');
      const op = doc.paths[path]?.[route.method.toLowerCase()];
      assert.ok(op, `${route.method} ${route.url} is documented`);
      assert.ok(
        op.responses['200']?.content?.['application/json']?.schema,
        `${route.url}: its answer's schema`,
      );
      assert.ok(
        Object.keys(op.responses).some((status) => status.startsWith('4')),
        `${route.url}: its errors`,
      );
    }
    const withBody = ['advisor', 'reviewers', 'decision', 'fees/{feeDueId}/waiver'].map(
      (p) => `/api/v1/associations/{slug}/applications/{id}/${p}`,
    );
    for (const path of [...withBody, '/api/v1/reviews/{applicationId}'])
      assert.ok(
        doc.paths[path]?.post?.requestBody?.content['application/json']?.schema,
        `${path}: its request`,
      );
  });
});
