// Issue 7, accounts: better-auth's own endpoints are closed except the two
// that e-mailed links land on; an address is proven (by an e-mailed link)
// before its account holds a password or a role; sign-up answers the same for
// any address; `next` never leads off this site; signing in by link keeps the
// password.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { findMembership, findPersonByEmail } from '../../src/db/repositories/people.ts';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { reachableAuthEndpoints } from '../../src/http/plugins/auth.ts';
import { type Browser, mailLink, PASSWORD, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { root } from '../helpers/run.ts';
import { testDialect } from '../helpers/db.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(async () => {
  await t?.close();
});

/** An account as made before addresses were confirmed: a password, the address never proven. */
async function unconfirmedAccount(email: string, password = PASSWORD) {
  const auth = await t.product.auth.$context;
  const user = await auth.internalAdapter.createUser(
    { email, name: email.split('@')[0]!, emailVerified: false },
    { method: 'email-password' },
  );
  await auth.internalAdapter.linkAccount({
    userId: user.id,
    providerId: 'credential',
    accountId: user.id,
    password: await auth.password.hash(password),
  });
  return user;
}

const mailsTo = async (email: string) =>
  (await t.mail()).filter((m) => new RegExp(`^To: .*${email.replace(/[.+]/g, '\\$&')}`, 'im').test(m));

describe(`better-auth's endpoints over HTTP (${testDialect})`, () => {
  test('every path better-auth registers answers 404, except the links from e-mails', async () => {
    const admin = await t.siteAdmin();
    const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
    const reachable = new Set(reachableAuthEndpoints.map((e) => `${e.method} ${e.path}`));
    assert.deepEqual(
      [...reachable].sort(),
      ['GET /magic-link/verify', 'GET /reset-password/:token'],
      'only the sign-in link and the reset-password link',
    );
    let walked = 0;
    for (const [name, endpoint] of Object.entries(t.product.auth.api)) {
      const { path, options } = endpoint as { path?: string; options?: { method?: string | string[] } };
      if (!path) continue; // called on the server only: better-auth gives it no address
      const declared = options?.method ?? '*';
      const methods = (Array.isArray(declared) ? declared : [declared]).flatMap((m) =>
        m === '*' ? ['GET', 'POST'] : [m],
      );
      const url = `/api/auth${path.replace(/:([a-zA-Z]+)/g, 'probe-$1')}`;
      for (const method of methods) {
        walked++;
        // As a signed-in site administrator who is an admin of mi-aimh: the most anyone holds.
        const res = await t.app.inject({
          method: method as 'GET' | 'POST',
          url: `${url}?organizationId=${mi.id}`,
          headers: { cookie: admin.cookieHeader(), 'content-type': 'application/json' },
          ...(method === 'GET' ? {} : { payload: JSON.stringify({ organizationId: mi.id }) }),
        });
        if (reachable.has(`${method} ${path}`)) {
          assert.notEqual(res.statusCode, 404, `${name}: ${method} ${url} is served`);
        } else {
          assert.equal(res.statusCode, 404, `${name}: ${method} ${url} answers 404 (got ${res.statusCode})`);
          assert.deepEqual(
            res.json(),
            {
              error: 'not_found',
              message: 'There is nothing at this address. Check it, or start from the home page.',
            },
            `${name}: Endorse's own 404`,
          );
        }
      }
    }
    assert.ok(walked > 40, `walked ${walked} endpoints`);
    // A path that only looks like an open one goes no further.
    for (const url of [
      '/api/auth/reset-password/..%2Forganization%2Flist-members?callbackURL=%2F',
      '/api/auth/magic-link/verify/',
      '/api/auth/MAGIC-LINK/verify',
    ]) {
      const res = await t.app.inject({ url, headers: { cookie: admin.cookieHeader() } });
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().error, 'not_found', url);
    }
  });

  test('an association admin cannot list members or rename the association through better-auth', async () => {
    const admin = await t.siteAdmin();
    const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
    const cookie = admin.cookieHeader();
    const list = await t.app.inject({
      url: `/api/auth/organization/list-members?organizationId=${mi.id}`,
      headers: { cookie },
    });
    assert.equal(list.statusCode, 404);
    const rename = await t.app.inject({
      method: 'POST',
      url: '/api/auth/organization/update',
      headers: { cookie, 'content-type': 'application/json', origin: t.product.config.baseUrl },
      payload: JSON.stringify({ organizationId: mi.id, data: { name: 'Renamed', slug: 'renamed' } }),
    });
    assert.equal(rename.statusCode, 404);
    const after = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
    assert.equal(after.name, mi.name, 'the association keeps its name');
  });
});

describe(`sign-up proves the address (${testDialect})`, () => {
  test('signing up makes no account until the e-mailed link is opened; then a password is chosen', async () => {
    const b = t.browser();
    const asked = await b.submit('/sign-up', '/sign-up', {
      name: 'Nia New',
      email: 'nia@example.org',
      password: 'a password typed anyway',
    });
    assert.equal(asked.statusCode, 200);
    assert.match(pageText(asked.body), /Check your e-mail/);
    assert.equal(await findPersonByEmail(t.db.kysely, 'nia@example.org'), undefined, 'no account yet');
    assert.equal(b.signedIn, false);

    const [mail] = await mailsTo('nia@example.org');
    assert.match(mail!, /Confirm your e-mail address/);
    const landing = await b.followMailLink('nia@example.org', '/api/auth/magic-link/verify');
    assert.ok(b.signedIn, 'the link signs in');
    assert.match(String(landing.headers.location), /\/account\/choose-password$/);
    const nia = await findPersonByEmail(t.db.kysely, 'nia@example.org');
    assert.equal(nia?.name, 'Nia New');
    assert.equal(nia?.emailVerified, true);
    assert.equal(
      (await t.browser().signIn('nia@example.org', 'a password typed anyway')).statusCode,
      401,
      'the password typed at sign-up was never kept',
    );

    const page = await b.get('/account/choose-password');
    assert.match(pageText(page.body), /Choose a password/);
    assert.match(page.body, /href="\/">Skip this<\/a>/);
    const short = await b.submit('/account/choose-password', '/account/choose-password', {
      password: 'short',
    });
    assert.equal(short.statusCode, 400);
    assert.match(short.body, /<a href="#password">Choose a password of at least 10 characters<\/a>/);
    const chosen = await b.submit('/account/choose-password', '/account/choose-password', {
      password: PASSWORD,
    });
    assert.equal(chosen.statusCode, 303);
    assert.equal((await t.browser().signIn('nia@example.org')).statusCode, 303);
    const again = await b.get('/account/choose-password');
    assert.match(pageText(again.body), /You have a password already/);
  });

  test('sign-up answers the same for an address that has an account, and tells its owner', async () => {
    await t.browser().signUp({ name: 'Owen Owner', email: 'owen@example.org' });
    const before = (await mailsTo('owen@example.org')).length;
    const known = await t
      .browser()
      .submit('/sign-up', '/sign-up', { name: 'Eve', email: 'owen@example.org' });
    const unknown = await t
      .browser()
      .submit('/sign-up', '/sign-up', { name: 'Eve', email: 'nobody@example.org' });
    assert.equal(known.statusCode, unknown.statusCode);
    assert.equal(
      pageText(known.body)
        .replace(/\S+@example\.org/g, 'ADDRESS')
        .replace(/value="[^"]*"/g, ''),
      pageText(unknown.body)
        .replace(/\S+@example\.org/g, 'ADDRESS')
        .replace(/value="[^"]*"/g, ''),
    );
    const told = (await mailsTo('owen@example.org')).slice(before);
    assert.equal(told.length, 1);
    assert.match(told[0]!, /You have one already/);
    assert.match(told[0]!, /\/forgot-password/);
    assert.equal(
      mailLink(told, 'owen@example.org', '/api/auth/magic-link/verify'),
      undefined,
      'no sign-in link',
    );
    assert.equal((await findPersonByEmail(t.db.kysely, 'owen@example.org'))?.name, 'Owen Owner');
  });

  test('the sign-in-link form makes no account for an unknown address, and answers the same', async () => {
    const known = await t
      .browser()
      .submitAndFollow('/sign-in', '/sign-in/link', { email: 'owen@example.org' });
    const unknown = await t.browser().submitAndFollow('/sign-in', '/sign-in/link', {
      email: 'stranger@example.org',
    });
    assert.equal(
      pageText(known.body).replace('owen@example.org', 'ADDRESS'),
      pageText(unknown.body).replace('stranger@example.org', 'ADDRESS'),
    );
    assert.deepEqual(await mailsTo('stranger@example.org'), [], 'nothing is sent');
    assert.equal(await findPersonByEmail(t.db.kysely, 'stranger@example.org'), undefined);
  });

  test('an unconfirmed account cannot sign in with its password until a reset proves the address', async () => {
    await unconfirmedAccount('legacy@example.org');
    const refused = await t.browser().signIn('legacy@example.org');
    assert.equal(refused.statusCode, 403);
    assert.match(pageText(refused.body), /Your e-mail address is not confirmed yet/);
    assert.match(pageText(refused.body), /Forgot your password\?/);
    const wrong = await t.browser().signIn('legacy@example.org', 'not the password at all');
    assert.equal(wrong.statusCode, 401, 'a wrong password learns nothing about the account');

    await t.browser().submit('/forgot-password', '/forgot-password', { email: 'legacy@example.org' });
    const r = t.browser();
    const landing = await r.followMailLink('legacy@example.org', '/api/auth/reset-password/');
    const form = String(landing.headers.location).replace(/^https?:\/\/[^/]+/, '');
    await r.submit(form, '/reset-password', { password: 'a proven new password' });
    assert.equal((await t.browser().signIn('legacy@example.org', 'a proven new password')).statusCode, 303);
    assert.equal((await findPersonByEmail(t.db.kysely, 'legacy@example.org'))?.emailVerified, true);
  });

  test('roles go only to accounts whose address is proven', async () => {
    const admin = await t.siteAdmin();
    const squatter = await unconfirmedAccount('future-coordinator@example.org');
    const res = await admin.submit('/associations/mi-aimh/people', '/associations/mi-aimh/people', {
      email: 'future-coordinator@example.org',
      roles: ['coordinator'],
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<a href="#email">[^<]*has not confirmed its e-mail address yet/);
    const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
    assert.equal(await findMembership(t.db.kysely, mi.id, squatter.id), undefined);
  });

  test('`endorse admin create` refuses an unconfirmed account and makes a new one without a password', async () => {
    await unconfirmedAccount('future-admin@example.org');
    const refused = await endorseAdminCreate('future-admin@example.org');
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /has not confirmed its e-mail address yet/);
    assert.equal((await findPersonByEmail(t.db.kysely, 'future-admin@example.org'))?.isSiteAdmin, false);

    const made = await endorseAdminCreate('new-admin@example.org');
    assert.equal(made.code, 0, made.stderr);
    const person = await findPersonByEmail(t.db.kysely, 'new-admin@example.org');
    assert.equal(person?.isSiteAdmin, true);
    assert.equal(person?.emailVerified, true);
    assert.equal(
      (await t.browser().signIn('new-admin@example.org', PASSWORD)).statusCode,
      401,
      'no password',
    );
    const b = t.browser();
    const landing = await b.followMailLink('new-admin@example.org', '/api/auth/magic-link/verify');
    assert.match(String(landing.headers.location), /\/account\/choose-password$/);
    assert.equal((await b.get('/admin/associations')).statusCode, 200, 'the link signs the administrator in');
  });
});

/** The real binary against this test's database and mail folder. */
function endorseAdminCreate(email: string): Promise<{ code: number | null; stderr: string }> {
  const { config } = t.product;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    ENDORSE_SQLITE_FILE: config.sqliteFile,
    ENDORSE_MAIL_DIR: config.mailDir,
    ENDORSE_DATA_DIR: join(t.db.dir, 'data'),
    ENDORSE_SECRET: config.secret,
    BASE_URL: config.baseUrl,
  };
  if (config.databaseUrl) env.DATABASE_URL = config.databaseUrl;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(root, 'bin', 'endorse.js'), 'admin', 'create', '--email', email],
      {
        cwd: root,
        env,
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe(`going back after signing in stays on this site (${testDialect})`, () => {
  const offSite = [
    '//evil.example/steal',
    '/\\evil.example',
    '/\t/evil.example',
    '\\\\evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    '/api/v1/me',
  ];

  test('sign-in and sign-up take a `next` only when it is a path on this origin', async () => {
    const b = t.browser();
    await b.signUp({ email: 'wanderer@example.org' });
    for (const next of offSite) {
      const res = await b.get(`/sign-in?next=${encodeURIComponent(next)}`);
      const location = String(res.headers.location ?? '');
      assert.ok(
        res.statusCode === 200 || location === '/',
        `${JSON.stringify(next)} → ${res.statusCode} ${location}`,
      );
      const signUp = await t.browser().get(`/sign-up?next=${encodeURIComponent(next)}`);
      assert.match(signUp.body, /name="next" value="\/"/, `sign-up keeps ${JSON.stringify(next)} out`);
      const form = await t.browser().submit('/sign-in', '/sign-in', {
        email: 'wanderer@example.org',
        password: PASSWORD,
        next,
      });
      assert.equal(form.headers.location, '/', `sign-in with ${JSON.stringify(next)}`);
    }
    const own = await b.get('/sign-in?next=%2Faccount%3Ftab%3D1');
    assert.equal(own.headers.location, '/account?tab=1', 'a path on this site is kept');
    const absolute = await b.get(
      `/sign-in?next=${encodeURIComponent(`${t.product.config.baseUrl}/account`)}`,
    );
    assert.equal(absolute.headers.location, '/account', "this site's own address is a path on it");
  });

  test('a line break in `next` answers 400', async () => {
    for (const url of ['/sign-in?next=%2F%0Aevil', '/sign-up?next=%2F%0D%0ALocation%3A%20x']) {
      const res = await t.browser().get(url);
      assert.equal(res.statusCode, 400, url);
    }
    const b = t.browser();
    await b.signUp({ email: 'linebreak@example.org' });
    assert.equal((await b.get('/sign-in?next=%2F%0Aevil')).statusCode, 400, 'signed in too');
  });
});

describe(`signing in by link keeps the password (${testDialect})`, () => {
  test('the first e-mailed-link sign-in neither removes the password nor signs out elsewhere', async () => {
    const laptop: Browser = t.browser();
    await laptop.signUp({ email: 'keeper@example.org' });
    await laptop.submit('/', '/sign-out', {});
    const phone = t.browser();
    assert.equal((await phone.signIn('keeper@example.org')).statusCode, 303);

    await laptop.submit('/sign-in', '/sign-in/link', { email: 'keeper@example.org' });
    await laptop.followMailLink('keeper@example.org', '/api/auth/magic-link/verify');
    assert.ok(laptop.signedIn);
    assert.equal((await phone.get('/account')).statusCode, 200, 'the other session goes on');
    assert.equal(
      (await t.browser().signIn('keeper@example.org')).statusCode,
      303,
      'the password still works',
    );
  });
});
