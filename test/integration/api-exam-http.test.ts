// The written exam through /api/v1, through the real HTTP app: an API token of
// CT-AIMH (acting for the admin who made it) writes items, composes a form and
// makes it ready, schedules a sitting and registers an approved application;
// the applicant takes the exam with their session (the CSRF token in a
// header) and never receives a key; two readers score the essays blind (the
// exam scorer signed in, the token); the result is passed. Refusals come back
// with their codes, 404 for what the caller may not see, and an API token
// never takes an exam.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { auditOf } from '../../src/db/repositories/audit.ts';
import { reviseItemWith } from '../../src/services/exam-bank.ts';
import { createApiToken } from '../../src/services/api-tokens.ts';
import { approvedApplication, type Staff, staffMember } from '../helpers/exam.ts';
import { type Browser, startApp, type TestApp } from '../helpers/http.ts';
import { applicant } from '../helpers/portfolio-http.ts';

let t: TestApp;
let clock = new Date('2030-03-01T10:00:00Z');
let ctId: string;
let ada: Staff; // admin of CT-AIMH, maker of the token
let sam: Staff; // exam scorer of CT-AIMH
let token: string;
let pat: { browser: Browser; id: string };
let quinn: { browser: Browser; id: string };
let patApplication: string;
let quinnApplication: string;
let sittingId: string;
let formId: string;
const keys: number[] = [];
const startsAt = '2030-03-06T14:00:00.000Z';

const csrfOf = new Map<Browser, string>();
async function call(method: 'GET' | 'POST', url: string, as: string | Browser, body?: unknown) {
  const headers: Record<string, string> = {};
  if (typeof as === 'string') headers.authorization = `Bearer ${as}`;
  else {
    if (method === 'POST') {
      if (!csrfOf.has(as))
        csrfOf.set(as, ((await as.get('/api/v1/me')).json() as { csrfToken: string }).csrfToken);
      headers['x-csrf-token'] = csrfOf.get(as)!;
    }
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
  assert.equal(res.statusCode, 200, res.body.slice(0, 500));
  return res.json() as T;
}
function refused(res: LightMyRequestResponse, status: number, code?: string) {
  assert.equal(res.statusCode, status, res.body.slice(0, 500));
  const body = res.json() as { error: string; message: string; code?: string };
  assert.ok(body.message, 'the error says what is wrong');
  if (code) assert.equal(body.code, code, body.message);
  return body;
}

const ct = '/api/v1/associations/ct-aimh';
const mine = (id: string) => `/api/v1/applications/${id}/exam`;

before(async () => {
  t = await startApp({ now: () => clock, rateLimit: 100_000 });
  ctId = (await findAssociation(t.db.kysely, 'ct-aimh'))!.id;
  ada = await staffMember(t, 'ct-aimh', 'Ada Admin', 'ada.admin@example.org', ['admin']);
  sam = await staffMember(t, 'ct-aimh', 'Sam Scorer', 'sam.scorer@example.org', ['exam-scorer']);
  token = (await createApiToken(ada.actor, { associationId: ctId, name: 'Exam office' }, t.product)).token;
  pat = await applicant(t, 'Pat Applicant', 'pat.exam@example.org', []);
  quinn = await applicant(t, 'Quinn Applicant', 'quinn.exam@example.org', []);
  patApplication = await approvedApplication(t, pat.id, ada.id);
  quinnApplication = await approvedApplication(t, quinn.id, ada.id);
});
after(() => t.close());

describe('the exam through the API', () => {
  test('the token writes items, revises one, activates it, searches and reads the bank', async () => {
    const domains = ['1-theoretical-foundations', '4-direct-service-skills'];
    for (let i = 0; i < 4; i++) {
      keys.push(i % 4);
      const item = ok<{ code: string; status: string; answerKey: number }>(
        await post(`${ct}/exam/items`, {
          kind: 'multiple-choice',
          exam: 'imh',
          status: i === 0 ? 'draft' : 'active',
          text: `API item ${i + 1}: which option is right?`,
          options: ['First', 'Second', 'Third', 'Fourth'],
          answerKey: i % 4,
          domains: [domains[i % 2]],
        }),
      );
      assert.equal(item.code, `MC-000${i + 1}`);
      assert.equal(item.answerKey, i % 4, 'exam administrators see the key');
    }
    for (let i = 0; i < 3; i++)
      ok(
        await post(`${ct}/exam/items`, {
          kind: 'vignette',
          exam: 'imh',
          status: 'active',
          category: 'clinical',
          text: `API vignette ${i + 1}: a family and a question.`,
          rubric: [
            { criterion: 'Understands the relationship', points: 6 },
            { criterion: 'Reflects on their own response', points: 4 },
          ],
        }),
      );
    const bad = refused(
      await post(`${ct}/exam/items`, {
        kind: 'multiple-choice',
        exam: 'imh',
        text: 'No key',
        options: ['A', 'B'],
        answerKey: 5,
        domains: ['1-theoretical-foundations'],
      }),
      400,
    );
    assert.match(bad.message, /key/);

    const found = ok<{ items: Array<{ id: string; code: string; status: string }>; total: number }>(
      await get(`${ct}/exam/items?q=API+item&status=draft`),
    );
    assert.deepEqual(
      found.items.map((i) => i.code),
      ['MC-0001'],
    );
    const draft = found.items[0]!;
    const revised = ok<{ outcome: string; item: { text: string; version: number } }>(
      await post(`${ct}/exam/items/${draft.id}`, {
        kind: 'multiple-choice',
        exam: 'imh',
        text: 'API item 1, clearer: which option is right?',
        options: ['First', 'Second', 'Third', 'Fourth'],
        answerKey: 0,
        domains: ['1-theoretical-foundations'],
      }),
    );
    assert.equal(revised.outcome, 'in-place', 'a draft changes in place');
    assert.equal(revised.item.version, 1);
    const active = ok<{ status: string }>(
      await post(`${ct}/exam/items/${draft.id}/status`, { status: 'active' }),
    );
    assert.equal(active.status, 'active');
    refused(await post(`${ct}/exam/items/${draft.id}/status`, { status: 'draft' }), 400);
    const one = ok<{ item: { text: string }; versions: unknown[]; inUse: boolean }>(
      await get(`${ct}/exam/items/${draft.id}`),
    );
    assert.equal(one.item.text, 'API item 1, clearer: which option is right?');
    assert.equal(one.versions.length, 1);
    assert.equal(one.inUse, false);
    const actions = (await auditOf(t.db.kysely, 'exam-item', [draft.id])).map((e) => e.action);
    assert.ok(actions.includes('exam-item.status'), actions.join());
  });

  test('imports CSV refusing a bad file whole, with every problem', async () => {
    const res = await post(`${ct}/exam/items/import`, { format: 'csv', file: 'kind,code\nnonsense,X-1\n' });
    const body = refused(res, 400) as { problems?: unknown[] };
    assert.ok(body.problems?.length, 'every problem of the file');
  });

  test('the token composes a form by codes and makes it ready; the API lists and shows it', async () => {
    const form = ok<{ id: string; status: string }>(
      await post(`${ct}/exam/forms`, {
        name: 'API form',
        exam: 'imh',
        category: 'clinical',
        itemCodes: ['MC-0001', 'MC-0002', 'MC-0003', 'MC-0004', 'V-0001', 'V-0002', 'V-0003'],
        vignettesAnswered: 2,
      }),
    );
    assert.equal(form.status, 'draft');
    formId = form.id;
    const ready = ok<{ status: string }>(await post(`${ct}/exam/forms/${formId}/ready`));
    assert.equal(ready.status, 'ready');
    refused(await post(`${ct}/exam/forms/${formId}/ready`), 409);
    const listed = ok<Array<{ id: string; items: number }>>(await get(`${ct}/exam/forms`));
    assert.equal(listed.find((f) => f.id === formId)?.items, 7);
    const shown = ok<{ items: Array<{ answerKey: number | null }>; problem: string | null }>(
      await get(`${ct}/exam/forms/${formId}`),
    );
    assert.equal(shown.items.length, 7);
    assert.equal(shown.problem, null);
  });

  test('the token schedules a sitting, registers an approved application; the last seat goes once', async () => {
    const s = ok<{ id: string; capacity: number }>(
      await post(`${ct}/exam/sittings`, {
        exam: 'imh',
        startsAt,
        mode: 'online',
        capacity: 1,
        formIds: [formId],
      }),
    );
    sittingId = s.id;
    const list = ok<{ upcoming: Array<{ id: string }> }>(await get(`${ct}/exam/sittings`));
    assert.ok(list.upcoming.some((x) => x.id === sittingId));
    const before = ok<{ toRegister: Array<{ id: string }> }>(await get(`${ct}/exam/sittings/${sittingId}`));
    assert.ok(before.toRegister.some((a) => a.id === patApplication));
    const done = ok<{ registrationId: string; moved: boolean }>(
      await post(`${ct}/exam/sittings/${sittingId}/register`, { application: patApplication }),
    );
    assert.equal(done.moved, false);
    assert.equal((await findApplication(t.db.kysely, patApplication))!.status, 'awaiting-exam');
    refused(
      await post(`${ct}/exam/sittings/${sittingId}/register`, { application: quinnApplication }),
      409,
      'SITTING_FULL',
    );
    refused(
      await post(`${mine(quinnApplication)}/sittings`, { sitting: sittingId }, quinn.browser),
      409,
      'SITTING_FULL',
    );
    const roster = ok<{ roster: Array<{ applicationId: string; status: string }>; seatsTaken: number }>(
      await get(`${ct}/exam/sittings/${sittingId}`),
    );
    assert.equal(roster.seatsTaken, 1);
    assert.deepEqual(
      roster.roster.map((r) => [r.applicationId, r.status]),
      [[patApplication, 'registered']],
    );
    const granted = ok<{ accommodation: { extraTime: number }; warning: string | null }>(
      await post(`${ct}/applications/${patApplication}/exam/accommodations`, {
        extraTime: 1.5,
        breakMinutes: 0,
        largeText: false,
        paper: false,
        note: 'Time and a half',
      }),
    );
    assert.equal(granted.accommodation.extraTime, 1.5);
    const exam = ok<{ registrations: Array<{ status: string }>; result: { status: string }; state: string }>(
      await get(`${ct}/applications/${patApplication}/exam`),
    );
    assert.equal(exam.state, 'awaiting-exam');
    assert.equal(exam.registrations[0]?.status, 'registered');
    assert.equal(exam.result.status, 'not-sat');
  });

  test('an API token never takes an exam, and no one opens another applicant’s exam', async () => {
    refused(await get(mine(patApplication), token), 404);
    refused(await post(`${mine(patApplication)}/start`, {}, token), 404);
    refused(await get(mine(patApplication), quinn.browser), 404);
    refused(await get(`${mine(patApplication)}/items/1`, quinn.browser), 404);
    refused(await get(`/api/v1/associations/mi-aimh/exam/items`, token), 404);
    refused(await get(`${ct}/exam/reading`, quinn.browser), 404);
  });

  test('the applicant starts at the sitting’s time, answers, writes, submits; no key ever', async () => {
    const beforeOpen = ok<{ phase: string }>(await get(mine(patApplication), pat.browser));
    assert.equal(beforeOpen.phase, 'before');
    refused(await post(`${mine(patApplication)}/start`, {}, pat.browser), 409, 'EXAM_NOT_OPEN');
    clock = new Date('2030-03-06T14:05:00Z');
    const started = ok<{ phase: string; attempt: { secondsLeft: number }; minutes: number }>(
      await post(`${mine(patApplication)}/start`, {}, pat.browser),
    );
    assert.equal(started.phase, 'during');
    assert.equal(started.minutes, 270, 'time and a half of the form’s three hours');
    assert.equal(started.attempt.secondsLeft, 270 * 60, 'the server’s clock runs from the start');
    const bodies: string[] = [];
    for (let n = 1; n <= 4; n++) {
      const res = await get(`${mine(patApplication)}/items/${n}`, pat.browser);
      bodies.push(res.body);
      const item = ok<{ text: string; options: Array<{ index: number }>; choice: number | null }>(res);
      assert.equal(item.choice, null);
      const key = keys[Number(/API item (\d)/.exec(item.text)![1]) - 1]!;
      ok(await post(`${mine(patApplication)}/items/${n}`, { choice: key }, pat.browser));
    }
    for (const body of bodies) assert.doesNotMatch(body, /answerKey|"key"/, 'no key reaches the applicant');
    refused(await post(`${mine(patApplication)}/items/1`, { choice: 'A' }, pat.browser), 400);
    const offered = ok<{ answered: number; vignettes: Array<{ n: number }> }>(
      await get(`${mine(patApplication)}/essays`, pat.browser),
    );
    assert.equal(offered.answered, 2);
    assert.equal(offered.vignettes.length, 3);
    ok(await post(`${mine(patApplication)}/essays`, { vignettes: [1, 2] }, pat.browser));
    for (const n of [1, 2]) {
      ok(await post(`${mine(patApplication)}/essays/${n}`, { text: `My essay ${n}.` }, pat.browser));
      const essay = ok<{ text: string }>(await get(`${mine(patApplication)}/essays/${n}`, pat.browser));
      assert.equal(essay.text, `My essay ${n}.`);
    }
    const during = ok<{ phase: string; items: Array<{ answered: boolean }> }>(
      await get(mine(patApplication), pat.browser),
    );
    assert.equal(during.phase, 'during');
    assert.ok(during.items.every((i) => i.answered));
    const done = ok<{ scoring: string }>(await post(`${mine(patApplication)}/submit`, {}, pat.browser));
    assert.equal(done.scoring, 'awaiting-reads');
    refused(await post(`${mine(patApplication)}/items/1`, { choice: 0 }, pat.browser), 409, 'EXAM_TIME_UP');
    const waiting = ok<{ status: string }>(await get(`${mine(patApplication)}/result`, pat.browser));
    assert.equal(waiting.status, 'being-scored');
  });

  test('two readers score blind (session and token); a second read is refused; the result is passed', async () => {
    const queue = await get(`${ct}/exam/reading`, sam.browser);
    const q = ok<{ queue: Array<{ blindCode: string; slot: number }> }>(queue);
    assert.equal(q.queue.length, 2);
    assert.doesNotMatch(queue.body, /Pat Applicant|pat\.exam@example\.org/, 'no applicant name');
    for (const { blindCode } of q.queue) {
      const response = await get(`${ct}/exam/reading/${blindCode}`, sam.browser);
      assert.doesNotMatch(response.body, /Pat Applicant|pat\.exam/);
      const seen = ok<{ response: { text: string }; vignette: { rubric: unknown[] }; slot: number }>(
        response,
      );
      assert.match(seen.response.text, /My essay/);
      assert.equal(seen.slot, 1);
      refused(await post(`${ct}/exam/reading/${blindCode}`, { scores: [9, 3] }, sam.browser), 400);
      const read = ok<{ slot: number; total: number }>(
        await post(`${ct}/exam/reading/${blindCode}`, { scores: [5, 3] }, sam.browser),
      );
      assert.deepEqual([read.slot, read.total], [1, 8]);
      refused(
        await post(`${ct}/exam/reading/${blindCode}`, { scores: [5, 3] }, sam.browser),
        409,
        'ESSAY_ALREADY_SCORED',
      );
      const other = ok<{ reads: unknown[] }>(await get(`${ct}/exam/reading/${blindCode}`, sam.browser));
      assert.deepEqual(other.reads, [], 'not the other reader’s scores until both have scored');
    }
    let last: { state: { status: string; result?: string } } | undefined;
    for (const { blindCode } of q.queue)
      last = ok(await post(`${ct}/exam/reading/${blindCode}`, { scores: [6, 2] }, token));
    assert.deepEqual([last!.state.status, last!.state.result], ['scored', 'passed']);

    const result = ok<{ status: string; result: string; mcPercent: number; byDomain: unknown[] }>(
      await get(`${mine(patApplication)}/result`, pat.browser),
    );
    assert.deepEqual([result.status, result.result, result.mcPercent], ['scored', 'passed', 100]);
    assert.equal(result.byDomain.length, 2);
    assert.equal((await findApplication(t.db.kysely, patApplication))!.status, 'exam-passed');
    const staff = ok<{ state: string; result: { result: string } }>(
      await get(`${ct}/applications/${patApplication}/exam`),
    );
    assert.deepEqual([staff.state, staff.result.result], ['exam-passed', 'passed']);
  });

  test('item statistics of the sitting, and discounting an item rescores it', async () => {
    const stats = ok<{
      forms: Array<{ attempts: number; items: Array<{ itemId: string; difficulty: number }> }>;
    }>(await get(`${ct}/exam/sittings/${sittingId}/statistics`));
    assert.equal(stats.forms[0]!.attempts, 1);
    assert.ok(stats.forms[0]!.items.every((i) => i.difficulty === 1));
    const item = stats.forms[0]!.items[0]!.itemId;
    refused(await post(`${ct}/exam/sittings/${sittingId}/statistics/discount`, { item, reason: '' }), 400);
    const done = ok<{ rescored: number }>(
      await post(`${ct}/exam/sittings/${sittingId}/statistics/discount`, { item, reason: 'Ambiguous' }),
    );
    assert.equal(done.rescored, 1);
    refused(await get(`${ct}/exam/sittings/${sittingId}/statistics`, quinn.browser), 404);
  });

  test('revising an item on a ready form makes a new version (the service beside the page’s)', async () => {
    const { items } = ok<{ items: Array<{ id: string; code: string }> }>(
      await get(`${ct}/exam/items?q=clearer`),
    );
    const done = await reviseItemWith(
      ada.actor,
      ctId,
      items[0]!.id,
      {
        kind: 'multiple-choice',
        exam: 'imh',
        text: 'API item 1, third wording',
        options: ['First', 'Second', 'Third', 'Fourth'],
        answerKey: 0,
        domains: ['1-theoretical-foundations'],
      },
      t.product,
    );
    assert.equal(done.outcome, 'version');
    assert.equal(done.item.version, 2);
    assert.equal(done.item.code, items[0]!.code);
    await assert.rejects(
      reviseItemWith(
        ada.actor,
        ctId,
        done.item.id,
        { kind: 'vignette', exam: 'imh', text: ' ', options: ['A', 'B'], answerKey: 0, domains: [] },
        t.product,
      ),
      /write the stem/,
    );
  });

  test('coordinator steps: register, move, a no-show only once started, change and cancel a sitting', async () => {
    const schedule = async (day: string) =>
      ok<{ id: string }>(
        await post(`${ct}/exam/sittings`, {
          exam: 'imh',
          startsAt: `${day}T14:00:00Z`,
          mode: 'online',
          capacity: 5,
          formIds: [formId],
        }),
      ).id;
    const june = await schedule('2030-06-06');
    const july = await schedule('2030-07-06');
    const changed = ok<{ capacity: number }>(
      await post(`${ct}/exam/sittings/${june}`, {
        startsAt: '2030-06-06T14:00:00Z',
        mode: 'online',
        place: '',
        capacity: 6,
      }),
    );
    assert.equal(changed.capacity, 6);
    const first = ok<{ registrationId: string; moved: boolean }>(
      await post(`${ct}/applications/${quinnApplication}/exam/sitting`, { sitting: june }),
    );
    assert.equal(first.moved, false);
    const moved = ok<{ registrationId: string; moved: boolean }>(
      await post(`${ct}/applications/${quinnApplication}/exam/sitting`, { sitting: july }),
    );
    assert.equal(moved.moved, true);
    const early = refused(
      await post(`${ct}/applications/${quinnApplication}/exam/no-show`, {
        registration: moved.registrationId,
      }),
      400,
    );
    assert.match(early.message, /not started/);
    const cancelled = ok<{ cancelled: number }>(await post(`${ct}/exam/sittings/${july}/cancel`));
    assert.equal(cancelled.cancelled, 1);
    const mail = (await t.mail()).filter((m) => m.includes('quinn.exam@example.org'));
    assert.ok(mail.length >= 3, 'the applicant is told of each step');
  });
});
