// Associations, roles and what each role sees, through the pages and the API:
// a site admin adds an association and makes an association admin; the admin
// gives roles; a coordinator reads applications and their history; an
// applicant sees only their own; API tokens act for one association only.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';

let t: TestApp;
let site: Browser;
let alice: Browser; // admin of mi-aimh
let carl: Browser; // coordinator of mi-aimh
let ann: Browser; // applicant
let applicationId: string;

const navOf = (html: string) => /<nav aria-label="Main">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';

before(async () => {
  t = await startApp();
  site = await t.siteAdmin();
  alice = t.browser();
  await alice.signUp({ name: 'Alice Admin', email: 'alice@example.org' });
  carl = t.browser();
  await carl.signUp({ name: 'Carl Coordinator', email: 'carl@example.org' });
  ann = t.browser();
  await ann.signUp({ name: 'Ann Applicant', email: 'ann@example.org' });
});
after(async () => {
  await t?.close();
});

describe('site administration', () => {
  test('a site admin sees every association and the Associations link', async () => {
    const page = await site.get('/admin/associations');
    assert.equal(page.statusCode, 200);
    for (const slug of ['mi-aimh', 'ct-aimh', 'ncimha', 'alliance'])
      assert.match(page.body, new RegExp(slug));
    assert.match(navOf(page.body), /href="\/admin\/associations"/);
  });

  test('a site admin adds an association; bad and duplicate ids are named', async () => {
    const created = await site.submitAndFollow('/admin/associations', '/admin/associations', {
      slug: 'ok-aimh',
      name: 'Oklahoma AIMH',
    });
    assert.equal(created.statusCode, 200);
    assert.match(created.body, /Oklahoma AIMH \(ok-aimh\) has been added/);
    assert.match(created.body, /<code class="slug">ok-aimh<\/code>/);

    const bad = await site.submit('/admin/associations', '/admin/associations', {
      slug: 'Bad Id!',
      name: 'X',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /<a href="#slug">The id may hold only lower-case letters/);
    assert.match(bad.body, /value="X"/);

    const dup = await site.submit('/admin/associations', '/admin/associations', {
      slug: 'ok-aimh',
      name: 'Again',
    });
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /<a href="#slug">An association with the id/);
  });

  test('a site admin renames an association', async () => {
    const renamed = await site.submitAndFollow('/admin/associations', '/admin/associations/ok-aimh/name', {
      name: 'Oklahoma Association for Infant Mental Health',
    });
    assert.match(renamed.body, /ok-aimh is now called Oklahoma Association for Infant Mental Health/);
    const empty = await site.submit('/admin/associations', '/admin/associations/ok-aimh/name', {
      name: '  ',
    });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /href="#rename-ok-aimh-name"/);
  });

  test('nobody else may manage associations: for them there is nothing there', async () => {
    assert.equal((await alice.get('/admin/associations')).statusCode, 404);
    const res = await alice.submit('/account', '/admin/associations', { slug: 'mine', name: 'Mine' });
    assert.equal(res.statusCode, 404);
    assert.equal((await t.browser().get('/admin/associations')).statusCode, 303);
  });
});

describe('people and roles', () => {
  test('the site admin makes Alice admin of mi-aimh; Alice then sees its admin pages', async () => {
    const before = await alice.get('/');
    assert.doesNotMatch(navOf(before.body), /mi-aimh/);
    assert.equal((await alice.get('/associations/mi-aimh/people')).statusCode, 404);

    const saved = await site.submitAndFollow('/associations/mi-aimh/people', '/associations/mi-aimh/people', {
      email: 'alice@example.org',
      roles: ['admin'],
    });
    assert.match(pageText(saved.body), /alice@example.org now holds: Association admin/);

    const nav = navOf((await alice.get('/')).body);
    assert.match(nav, /href="\/associations\/mi-aimh\/people"/);
    assert.match(nav, /href="\/associations\/mi-aimh\/api-tokens"/);
    assert.match(nav, /href="\/associations\/mi-aimh\/applications"/);
    assert.doesNotMatch(nav, /ct-aimh|\/admin\/associations/);
    assert.equal((await alice.get('/associations/mi-aimh/people')).statusCode, 200);
    assert.equal((await alice.get('/associations/ct-aimh/people')).statusCode, 404);
  });

  test('Alice makes Carl coordinator with the checkboxes; Carl sees the applications, not people', async () => {
    const form = await alice.get('/associations/mi-aimh/people');
    for (const role of ['applicant', 'advisor', 'reviewer', 'exam-scorer', 'coordinator', 'admin']) {
      assert.match(form.body, new RegExp(`type="checkbox"[^>]*name="roles" value="${role}"`), role);
    }
    const saved = await alice.submitAndFollow(
      '/associations/mi-aimh/people',
      '/associations/mi-aimh/people',
      {
        email: 'carl@example.org',
        roles: ['coordinator', 'reviewer'],
      },
    );
    assert.match(pageText(saved.body), /carl@example.org now holds: Reviewer, Coordinator/);
    assert.match(pageText(saved.body), /Carl Coordinator carl@example.org Reviewer, Coordinator/);

    const nav = navOf((await carl.get('/')).body);
    assert.match(nav, /href="\/associations\/mi-aimh\/applications"/);
    assert.doesNotMatch(nav, /people|api-tokens/);
    assert.equal((await carl.get('/associations/mi-aimh/people')).statusCode, 404);
    assert.equal((await carl.get('/associations/mi-aimh/api-tokens')).statusCode, 404);
    const tryAssign = await carl.submit('/', '/associations/mi-aimh/people', {
      email: 'carl@example.org',
      roles: 'admin',
    });
    assert.equal(tryAssign.statusCode, 404);
  });

  test('changing roles: the form is pre-filled; unknown people and roles are named', async () => {
    const pre = await alice.get('/associations/mi-aimh/people?email=carl%40example.org');
    assert.match(pre.body, /value="carl@example.org"/);
    assert.match(pre.body, /name="roles" value="coordinator" checked/);
    assert.doesNotMatch(pre.body, /name="roles" value="admin" checked/);

    const unknown = await alice.submit('/associations/mi-aimh/people', '/associations/mi-aimh/people', {
      email: 'nobody@example.org',
      roles: 'reviewer',
    });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /<a href="#email">No one has an account with the e-mail nobody@example.org/);

    const badRole = await alice.submit('/associations/mi-aimh/people', '/associations/mi-aimh/people', {
      email: 'carl@example.org',
      roles: ['coordinator', 'emperor'],
    });
    assert.equal(badRole.statusCode, 400);
    assert.match(badRole.body, /<a href="#roles">/);
    assert.match(badRole.body, /value="carl@example.org"/);
  });
});

describe('applications', () => {
  test('Ann starts an application; a wrong credential is named', async () => {
    const page = await ann.get('/applications');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /You have no applications yet/);

    const wrong = await ann.submit('/applications/start?association=mi-aimh', '/applications', {
      association: 'mi-aimh',
      credential: 'NOPE',
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /<a href="#credential">/);
    assert.match(wrong.body, /<option value="mi-aimh" selected/);

    const started = await ann.submitAndFollow('/applications/start?association=mi-aimh', '/applications', {
      association: 'mi-aimh',
      credential: 'imhs',
    });
    assert.match(started.body, /Your IMHS application has been started/);
    const list = await ann.get('/applications');
    assert.match(pageText(list.body), /IMHS draft/);
  });

  test('the coordinator sees the list and the audit history', async () => {
    const list = await carl.get('/associations/mi-aimh/applications?status=draft');
    assert.equal(list.statusCode, 200);
    assert.match(pageText(list.body), /Ann Applicant : IMHS application ann@example.org IMHS Draft/);
    const href = /href="(\/associations\/mi-aimh\/applications\/[^"]+)"/.exec(list.body)?.[1];
    assert.ok(href);
    applicationId = href.split('/').at(-1)!;

    const history = await carl.get(href);
    assert.equal(history.statusCode, 200);
    assert.match(pageText(history.body), /application\.start/);
    assert.match(pageText(history.body), /Ann Applicant/);
    assert.match(history.body, /&quot;credential&quot;:&quot;IMHS&quot;|"credential":"IMHS"/);

    assert.equal((await carl.get(`/associations/ct-aimh/applications/${applicationId}`)).statusCode, 404);
    assert.equal((await carl.get('/associations/mi-aimh/applications/no-such-id')).statusCode, 404);
    assert.equal((await carl.get('/associations/ct-aimh/applications')).statusCode, 404);
  });

  test('the applicant cannot see the coordinator pages', async () => {
    assert.equal((await ann.get('/associations/mi-aimh/applications')).statusCode, 404);
    const history = await ann.get(`/associations/mi-aimh/applications/${applicationId}`);
    assert.equal(history.statusCode, 404);
    assert.match(history.body, /<h1>Page not found<\/h1>/);
    assert.doesNotMatch(navOf((await ann.get('/')).body), /associations\//);
    assert.equal((await ann.get('/api/v1/associations/mi-aimh/applications')).statusCode, 404);
  });

  test('the API lists applications for staff with a session', async () => {
    const res = await carl.get('/api/v1/associations/mi-aimh/applications?status=draft');
    assert.equal(res.statusCode, 200);
    const [first] = res.json().applications;
    assert.equal(first.credential, 'IMHS');
    assert.equal(first.applicant.email, 'ann@example.org');
    const me = (await carl.get('/api/v1/me')).json();
    assert.equal(me.via, 'session');
    assert.deepEqual(me.associations, [
      { slug: 'mi-aimh', name: me.associations[0].name, roles: ['reviewer', 'coordinator'] },
    ]);
  });
});

describe('API tokens', () => {
  let token: string;

  test('an association admin makes a token and sees it once', async () => {
    const res = await alice.submit('/associations/mi-aimh/api-tokens', '/associations/mi-aimh/api-tokens', {
      name: 'Membership sync',
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'no-store');
    token = /value="(endorse_[^"]+)"/.exec(res.body)?.[1] ?? '';
    assert.ok(token, 'the secret is on the page');
    const later = await alice.get('/associations/mi-aimh/api-tokens');
    assert.match(later.body, /Membership sync/);
    assert.doesNotMatch(later.body, new RegExp(token), 'and never again');
  });

  test('the token works for its association and not for another', async () => {
    const bearer = { authorization: `Bearer ${token}` };
    const apps = await t.app.inject({
      url: '/api/v1/associations/mi-aimh/applications?status=all',
      headers: bearer,
    });
    assert.equal(apps.statusCode, 200);
    assert.equal(apps.json().applications[0].applicant.email, 'ann@example.org');
    const people = await t.app.inject({ url: '/api/v1/associations/mi-aimh/people', headers: bearer });
    assert.equal(people.statusCode, 200);
    assert.ok(people.json().some((p: { email: string }) => p.email === 'carl@example.org'));
    const me = await t.app.inject({ url: '/api/v1/me', headers: bearer });
    assert.equal(me.json().via, 'api-token');
    assert.equal(me.json().isSiteAdmin, false);

    const other = await t.app.inject({ url: '/api/v1/associations/ct-aimh/applications', headers: bearer });
    assert.equal(other.statusCode, 404);
    assert.equal(other.json().error, 'not_found');
    const wrong = await t.app.inject({
      url: '/api/v1/associations/mi-aimh/applications',
      headers: { authorization: 'Bearer endorse_not-a-real-token' },
    });
    assert.equal(wrong.statusCode, 401);
    const page = await t.app.inject({ url: '/associations/mi-aimh/applications', headers: bearer });
    assert.equal(page.statusCode, 303, 'tokens are for the API, not pages');
  });

  test('a revoked token stops working', async () => {
    const res = await alice.submitAndFollow(
      '/associations/mi-aimh/api-tokens',
      (/action="(\/associations\/mi-aimh\/api-tokens\/[^"]+\/revoke)"/.exec(
        (await alice.get('/associations/mi-aimh/api-tokens')).body,
      ) ?? [])[1]!,
      {},
    );
    assert.match(
      res.body,
      /The token &quot;Membership sync&quot; has been revoked|The token "Membership sync" has been revoked/,
    );
    const after = await t.app.inject({
      url: '/api/v1/associations/mi-aimh/applications',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(after.statusCode, 401);
  });
});

describe('public catalog API', () => {
  test("a credential's requirements on a date, with sources", async () => {
    const res = await t.app.inject('/api/v1/associations/mi-aimh/catalog/IMHS?on=2026-01-15');
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.association, 'mi-aimh');
    assert.equal(body.credential, 'IMHS');
    assert.equal(body.on, '2026-01-15');
    assert.ok(body.requirements.length > 0);
    assert.ok(body.requirements.every((r: { text: string; source: string }) => r.text && r.source));
    const missing = await t.app.inject('/api/v1/associations/mi-aimh/catalog/NOPE');
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error, 'not_found');
  });
});
