// Accounts through the real HTML forms: sign-up, sign-in, sign-out, wrong
// passwords, CSRF, form validation, magic links, password reset, account page,
// and the one-time setup link.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { csrfToken, PASSWORD, pageText, startApp, type TestApp } from '../helpers/http.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(async () => {
  await t?.close();
});

describe('sign-up, sign-in, sign-out', () => {
  test('signing up signs in through the e-mailed link; signing out signs out', async () => {
    const b = t.browser();
    const res = await b.signUp({ name: 'Rosa Parks', email: 'Rosa@Example.org' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/');
    assert.ok(b.signedIn, 'a session cookie is set');

    const home = await b.get('/');
    assert.equal(home.statusCode, 200);
    assert.match(pageText(home.body), /Welcome, Rosa Parks/);
    assert.match(home.body, /Your account is ready/, 'the notice from the form shows once');
    assert.doesNotMatch((await b.get('/')).body, /Your account is ready/);

    const account = await b.get('/account');
    assert.equal(account.statusCode, 200);
    assert.match(account.body, /rosa@example\.org/);

    const out = await b.submit('/account', '/sign-out', {});
    assert.equal(out.statusCode, 303);
    assert.equal(b.signedIn, false);
    const again = await b.get('/account');
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, '/sign-in?next=%2Faccount');
  });

  test('the session cookie is HttpOnly and SameSite', async () => {
    const b = t.browser();
    await b.signUp({ email: 'cookie@example.org' });
    await b.submit('/', '/sign-out', {});
    const res = await b.signIn('cookie@example.org');
    const setCookies = ([] as string[]).concat(res.headers['set-cookie'] ?? []);
    const session = setCookies.find((c) => /session_token=/.test(c));
    assert.ok(session, `a session cookie among ${setCookies.join(' | ')}`);
    assert.match(session, /HttpOnly/i);
    assert.match(session, /SameSite=Lax/i);
    const csrf = setCookies.find((c) => c.startsWith('endorse.csrf='));
    if (csrf) assert.match(csrf, /HttpOnly/i);
  });

  test('signing in with the right password, then the wrong one', async () => {
    const b = t.browser();
    await b.signUp({ name: 'Grace', email: 'grace@example.org' });
    await b.submit('/', '/sign-out', {});

    const ok = await b.signIn('grace@example.org');
    assert.equal(ok.statusCode, 303);
    assert.ok(b.signedIn);

    const other = t.browser();
    const wrong = await other.signIn('grace@example.org', 'not the password at all');
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /role="alert"/);
    assert.match(pageText(wrong.body), /The e-mail address or password is not right/);
    assert.match(wrong.body, /value="grace@example.org"/, 'the e-mail is kept');
    assert.doesNotMatch(wrong.body, /not the password at all/, 'the password is not echoed');
    assert.equal(other.signedIn, false);
  });

  test('sign-in goes back to the page that asked for it, and only to this site', async () => {
    const b = t.browser();
    await b.signUp({ email: 'next@example.org' });
    await b.submit('/', '/sign-out', {});
    const page = await b.get('/sign-in?next=%2Faccount');
    const res = await b.post('/sign-in', {
      _csrf: csrfToken(page.body),
      email: 'next@example.org',
      password: PASSWORD,
      next: '/account',
    });
    assert.equal(res.headers.location, '/account');

    await b.submit('/', '/sign-out', {});
    const evil = await b.submit('/sign-in', '/sign-in', {
      email: 'next@example.org',
      password: PASSWORD,
      next: '//evil.example/steal',
    });
    assert.equal(evil.headers.location, '/');
  });

  test('a form without its CSRF token is refused with 403', async () => {
    const b = t.browser();
    await b.get('/sign-up'); // has the CSRF cookie, but posts no token
    const res = await b.post('/sign-up', { name: 'Mallory', email: 'mallory@example.org' });
    assert.equal(res.statusCode, 403);
    assert.match(pageText(res.body), /This form has expired or did not come from this site/);
    const noCookie = await t.browser().post('/sign-in', { email: 'x@example.org', password: PASSWORD });
    assert.equal(noCookie.statusCode, 403);
    const wrong = await b.post('/sign-up', { _csrf: 'forged', name: 'M', email: 'm@example.org' });
    assert.equal(wrong.statusCode, 403);
  });

  test("a CSRF token from someone else's session does not work", async () => {
    const alice = t.browser();
    await alice.signUp({ email: 'alice@example.org' });
    const token = csrfToken((await alice.get('/account')).body);
    const bob = t.browser();
    await bob.signUp({ email: 'bob@example.org' });
    const res = await bob.post('/account/name', { _csrf: token, name: 'Hacked' });
    assert.equal(res.statusCode, 403);
  });

  test('a form with a bad value names the field, keeps the other values, and re-renders', async () => {
    const b = t.browser();
    const res = await b.submit('/sign-up', '/sign-up', { name: '', email: 'not-an-address' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /class="error-summary" role="alert"/);
    assert.match(res.body, /<a href="#name">Enter your name<\/a>/);
    assert.match(res.body, /<a href="#email">Enter an e-mail address in the form name@example.org<\/a>/);
    assert.match(res.body, /id="email-error"/);
    assert.match(res.body, /aria-invalid="true"/);
    assert.match(res.body, /value="not-an-address"/, 'the e-mail is kept');
    assert.equal((res.body.match(/<h1[ >]/g) ?? []).length, 1, 'one h1');

    const b2 = t.browser();
    await b2.signUp({ email: 'chooser@example.org' });
    const short = await t
      .browser()
      .submit('/sign-in', '/sign-in', { email: 'chooser@example.org', password: '' });
    assert.match(short.body, /<a href="#password">Enter your password<\/a>/);
    const page = await b2.submit('/account', '/account/password', {
      currentPassword: PASSWORD,
      newPassword: 'short',
    });
    assert.match(page.body, /<a href="#newPassword">Choose a password of at least 10 characters<\/a>/);
    assert.doesNotMatch(page.body, /value="short"/, 'a password is never shown again');
  });
});

describe('account page', () => {
  test('changing the name and the password', async () => {
    const b = t.browser();
    await b.signUp({ name: 'Old Name', email: 'rename@example.org' });
    const named = await b.submitAndFollow('/account', '/account/name', { name: 'New Name' });
    assert.match(named.body, /Your name has been saved/);
    assert.match(named.body, /value="New Name"/);

    const wrong = await b.submit('/account', '/account/password', {
      currentPassword: 'wrong password!!',
      newPassword: 'another long password',
    });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /href="#currentPassword"/);

    const changed = await b.submitAndFollow('/account', '/account/password', {
      currentPassword: PASSWORD,
      newPassword: 'another long password',
    });
    assert.equal(changed.statusCode, 200);
    assert.match(changed.body, /Your password has been changed/);
    const other = t.browser();
    assert.equal((await other.signIn('rename@example.org', 'another long password')).statusCode, 303);
  });

  test('sign out everywhere ends every session', async () => {
    const laptop = t.browser();
    await laptop.signUp({ email: 'everywhere@example.org' });
    const phone = t.browser();
    assert.equal((await phone.signIn('everywhere@example.org')).statusCode, 303);
    assert.equal((await phone.get('/account')).statusCode, 200);

    const res = await laptop.submit('/account', '/account/sign-out-everywhere', {});
    assert.equal(res.statusCode, 303);
    assert.equal(laptop.signedIn, false);
    assert.equal((await laptop.get('/account')).statusCode, 303);
    assert.equal((await phone.get('/account')).statusCode, 303, 'the other session has ended too');
  });
});

describe('e-mailed links', () => {
  test('"e-mail me a sign-in link" signs in through the link', async () => {
    const b = t.browser();
    await b.signUp({ name: 'Linda', email: 'linda@example.org' });
    await b.submit('/', '/sign-out', {});
    const sent = await b.submitAndFollow('/sign-in', '/sign-in/link', { email: 'linda@example.org' });
    assert.match(pageText(sent.body), /If linda@example.org has an account, we sent it a sign-in link/);

    const mail = (await t.mail()).filter(
      (m) => m.includes('linda@example.org') && m.includes('Your Endorse sign-in link'),
    );
    const link = /http:\/\/localhost:\d+(\/api\/auth\/magic-link\/verify\?\S+)/.exec(mail.at(-1) ?? '');
    assert.ok(link, 'the e-mail has the link');
    const verify = await b.get(link[1]!);
    assert.ok([301, 302, 303, 307].includes(verify.statusCode), `redirects (${verify.statusCode})`);
    assert.ok(b.signedIn);
    assert.match((await b.get('/')).body, /Welcome, Linda/);

    const reused = await t.browser().get(link[1]!);
    assert.ok(reused.statusCode >= 300 && reused.statusCode < 400);
    assert.match(String(reused.headers.location), /\/sign-in\?error=/);
  });

  test('forgot password → reset link → new password works, the old one does not', async () => {
    const b = t.browser();
    await b.signUp({ email: 'forgetful@example.org' });
    const sent = await t.browser().submitAndFollow('/forgot-password', '/forgot-password', {
      email: 'forgetful@example.org',
    });
    assert.match(pageText(sent.body), /If forgetful@example.org has an account, we sent it a link/);
    const unknown = await t.browser().submitAndFollow('/forgot-password', '/forgot-password', {
      email: 'nobody@example.org',
    });
    assert.match(
      pageText(unknown.body),
      /If nobody@example.org has an account/,
      'the same answer for anyone',
    );

    const mail = (await t.mail()).filter(
      (m) => m.includes('forgetful@example.org') && m.includes('password'),
    );
    const link = /http:\/\/localhost:\d+(\/api\/auth\/reset-password\/\S+)/.exec(mail.at(-1) ?? '');
    assert.ok(link, 'the e-mail has the link');
    const r = t.browser();
    const landing = await r.get(link[1]!);
    assert.ok(landing.statusCode >= 300 && landing.statusCode < 400);
    const formPage = String(landing.headers.location).replace(/^http:\/\/localhost:\d+/, '');
    assert.match(formPage, /^\/reset-password\?token=/);
    const done = await r.submitAndFollow(formPage, '/reset-password', { password: 'a brand new password' });
    assert.match(pageText(done.body), /Your password has been changed/);

    assert.equal((await t.browser().signIn('forgetful@example.org', 'a brand new password')).statusCode, 303);
    assert.equal((await t.browser().signIn('forgetful@example.org', PASSWORD)).statusCode, 401);
    assert.equal((await b.get('/account')).statusCode, 303, 'the old sessions have ended');
  });
});

describe('setup link', () => {
  test('creates the first site administrator once, then stops working', async () => {
    const { issueSetupLink } = await import('../../src/services/setup.ts');
    const link = await issueSetupLink(t.product);
    assert.ok(link);
    const path = new URL(link).pathname + new URL(link).search;
    const token = new URL(link).searchParams.get('token')!;

    assert.equal((await t.browser().get('/setup?token=wrong')).statusCode, 400);
    assert.equal((await t.browser().get('/setup')).statusCode, 400);

    const b = t.browser();
    const bad = await b.submit(path, '/setup', {
      token,
      name: '',
      email: 'first@example.org',
      password: PASSWORD,
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /href="#name"/);

    const res = await b.submit(path, '/setup', {
      token,
      name: 'First Admin',
      email: 'first@example.org',
      password: PASSWORD,
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, '/admin/associations');
    const page = await b.get('/admin/associations');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /mi-aimh/);

    const again = await t.browser().get(path);
    assert.equal(again.statusCode, 400);
    assert.match(pageText(again.body), /This setup link does not work/);
    const replay = await t.browser().submit('/sign-in', '/setup', {
      token,
      name: 'Second',
      email: 'second@example.org',
      password: PASSWORD,
    });
    assert.equal(replay.statusCode, 400);
    assert.equal(await issueSetupLink(t.product), undefined, 'no new link once an administrator exists');
  });
});
