// Rate limits through the real HTTP app: the client address behind a proxy
// (TRUST_PROXY), the address better-auth records, the sign-in limits per
// address and per account (kept in the database, shared by processes), and
// the general limit (RATE_LIMIT_PER_MINUTE).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { createProduct } from '../../src/app.ts';
import { buildApp } from '../../src/http/app.ts';
import { issueSetupLink } from '../../src/services/setup.ts';
import { countSignInAttempt, defaultSignInLimits } from '../../src/services/sign-in-limits.ts';
import { Browser, type BrowserOrigin, PASSWORD, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { root } from '../helpers/run.ts';

const apps: TestApp[] = [];
after(async () => {
  for (const t of apps) await t.close();
});
async function app(options: Parameters<typeof startApp>[0] = {}): Promise<TestApp> {
  const t = await startApp(options);
  apps.push(t);
  return t;
}

const wrongSignIn = (b: Browser, email: string) => b.signIn(email, 'not the password');

/** The address better-auth recorded on the session this browser is signed in with. */
async function sessionAddress(t: TestApp, b: Browser): Promise<string | null> {
  const cookie = [...b.cookies].find(([name]) => name.endsWith('session_token'))?.[1];
  assert.ok(cookie, 'signed in');
  const token = decodeURIComponent(cookie).split('.')[0]!;
  const row = await t.db.kysely
    .selectFrom('session')
    .select('ipAddress')
    .where('token', '=', token)
    .executeTakeFirstOrThrow();
  return row.ipAddress;
}

describe('the client address behind a proxy', () => {
  test('with TRUST_PROXY=1 a made-up X-Forwarded-For does not get round the sign-in limit', async () => {
    const t = await app({ env: { TRUST_PROXY: '1' }, signInLimits: { perAddress: 3 } });
    // The proxy (10.0.0.2) appends the real client; the client made up the left-most entry.
    const forged = (i: number): BrowserOrigin => ({
      remoteAddress: '10.0.0.2',
      headers: { 'x-forwarded-for': `192.0.2.${i}, 198.51.100.7` },
    });
    const codes: number[] = [];
    for (let i = 1; i <= 5; i++)
      codes.push((await wrongSignIn(t.browser(forged(i)), `person${i}@example.org`)).statusCode);
    assert.deepEqual(codes, [401, 401, 401, 429, 429]);

    const refused = await wrongSignIn(t.browser(forged(9)), 'someone@example.org');
    assert.equal(refused.statusCode, 429);
    const text = pageText(refused.body);
    assert.match(
      text,
      /Too many attempts from your internet address\. Wait \d+ (seconds?|minute) and try again\./,
    );
    assert.match(refused.body, /action="\/sign-in"/, 'the sign-in form is shown again');
    assert.match(refused.body, /value="someone@example\.org"/, 'with the address typed');
    assert.ok(Number(refused.headers['retry-after']) > 0, 'Retry-After says how long');

    const other = t.browser({ remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': '198.51.100.8' } });
    assert.equal(
      (await wrongSignIn(other, 'someone@example.org')).statusCode,
      401,
      'another client is not held up',
    );
  });

  test('with TRUST_PROXY set to the proxy addresses, only a request from a proxy is taken as forwarded', async () => {
    const t = await app({ env: { TRUST_PROXY: '10.0.0.2, 10.1.0.0/16' } });
    await t.browser().signUp({ email: 'ada@example.org' });

    const viaProxy = t.browser({
      remoteAddress: '10.0.0.2',
      headers: { 'x-forwarded-for': '192.0.2.1, 198.51.100.7, 10.1.4.4' },
    });
    assert.equal((await viaProxy.signIn('ada@example.org')).statusCode, 303);
    assert.equal(await sessionAddress(t, viaProxy), '198.51.100.7', 'the right-most hop that is not a proxy');

    const direct = t.browser({
      remoteAddress: '203.0.113.9',
      headers: { 'x-forwarded-for': '198.51.100.7' },
    });
    assert.equal((await direct.signIn('ada@example.org')).statusCode, 303);
    assert.equal(await sessionAddress(t, direct), '203.0.113.9', 'not a proxy: its own address');
  });

  test('without a proxy better-auth sees the connection address, whatever headers the client sends', async () => {
    const t = await app();
    await t.browser().signUp({ email: 'ada@example.org' });
    const b = t.browser({
      remoteAddress: '203.0.113.5',
      headers: { 'x-forwarded-for': '198.51.100.1', 'x-endorse-client-address': '198.51.100.2' },
    });
    assert.equal((await b.signIn('ada@example.org')).statusCode, 303);
    assert.equal(await sessionAddress(t, b), '203.0.113.5');
  });
});

describe('settings that would weaken the limits refuse to start', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'endorse-limits-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: root,
        env: { PATH: process.env.PATH, ENDORSE_DATA_DIR: join(tmp, 'data'), PORT: '0', ...env },
      });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
  }

  for (const [env, says] of [
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY=true would believe any X-Forwarded-For.*number of proxies/],
    [
      { TRUST_PROXY: 'proxy.example.org' },
      /TRUST_PROXY: "proxy\.example\.org" is not an IP address or range/,
    ],
    [{ RATE_LIMIT_PER_MINUTE: 'lots' }, /RATE_LIMIT_PER_MINUTE must be a whole number.*not "lots"/],
  ] as const) {
    test(
      Object.entries(env)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
      async () => {
        const run = await start(env);
        assert.equal(run.code, 1);
        assert.match(run.stderr, says);
      },
    );
  }
});

describe('the sign-in limits', () => {
  test('many addresses cannot try one account; other accounts are not affected', async () => {
    const t = await app({ signInLimits: { perAccount: 3 } });
    await t.browser().signUp({ email: 'ada@example.org' });
    const from = (i: number) => t.browser({ remoteAddress: `198.51.100.${i}` });
    const codes: number[] = [];
    for (let i = 1; i <= 4; i++) codes.push((await wrongSignIn(from(i), 'ADA@example.org ')).statusCode);
    assert.deepEqual(codes, [401, 401, 401, 429], 'the address is counted however it is written');

    const refused = await from(5).signIn('ada@example.org');
    assert.equal(refused.statusCode, 429, 'even with the right password, until the window ends');
    assert.match(
      pageText(refused.body),
      /Too many failed attempts for ada@example\.org\. Wait \d+ minutes? and try again\./,
    );
    assert.equal((await wrongSignIn(from(6), 'grace@example.org')).statusCode, 401);
  });

  test('an IPv6 client is counted by its /64 network, an IPv4 one however it is written', async () => {
    const t = await app({ signInLimits: { perAddress: 2 } });
    const tryFrom = async (remoteAddress: string, i: number) =>
      (await wrongSignIn(t.browser({ remoteAddress }), `person${i}@example.org`)).statusCode;
    assert.equal(await tryFrom('2001:db8:1:2::1', 1), 401);
    assert.equal(await tryFrom('2001:db8:1:2:ffff::9', 2), 401);
    assert.equal(await tryFrom('2001:0db8:0001:0002:abcd::1', 3), 429, 'the same /64');
    assert.equal(await tryFrom('2001:db8:1:3::1', 4), 401, 'another /64');
    assert.equal(await tryFrom('198.51.100.1', 5), 401);
    assert.equal(await tryFrom('::ffff:198.51.100.1', 6), 401);
    assert.equal(await tryFrom('198.51.100.1', 7), 429);
  });

  test('every limited form is shown again, with the values kept, when its limit is reached', async () => {
    const t = await app({ signInLimits: { perAddress: 0 } });
    const setup = new URL((await issueSetupLink(t.product))!);
    const forms: Array<[page: string, action: string, form: Record<string, string>]> = [
      ['/sign-up', '/sign-up', { name: 'Ada', email: 'ada@example.org', password: PASSWORD }],
      ['/sign-in', '/sign-in', { email: 'ada@example.org', password: PASSWORD }],
      ['/sign-in', '/sign-in/link', { email: 'ada@example.org' }],
      ['/forgot-password', '/forgot-password', { email: 'ada@example.org' }],
      ['/reset-password?token=abc', '/reset-password', { password: PASSWORD }],
      [
        `${setup.pathname}${setup.search}`,
        '/setup',
        { name: 'Ada', email: 'ada@example.org', password: PASSWORD },
      ],
    ];
    for (const [page, action, form] of forms) {
      const res = await t.browser().submit(page, action, form);
      assert.equal(res.statusCode, 429, action);
      assert.match(res.body, new RegExp(`action="${action}"`), `${action}: the form again`);
      assert.match(
        pageText(res.body),
        /Wait \d+ (seconds?|minute) and try again/,
        `${action}: how long to wait`,
      );
      if (action !== '/reset-password')
        assert.match(res.body, /value="ada@example\.org"/, `${action}: values kept`);
    }
  });

  test('only failed passwords count against an account', async () => {
    const t = await app({ signInLimits: { perAccount: 2 } });
    await t.browser().signUp({ email: 'ada@example.org' });
    for (let i = 0; i < 4; i++) assert.equal((await t.browser().signIn('ada@example.org')).statusCode, 303);
    assert.equal((await wrongSignIn(t.browser(), 'ada@example.org')).statusCode, 401);
    assert.equal((await t.browser().signIn('ada@example.org')).statusCode, 303, 'one slip does not lock out');
  });

  test('e-mails asked for an account are limited, and the form says how long to wait', async () => {
    const t = await app({ signInLimits: { perAccount: 2 } });
    const ask = (i: number) =>
      t
        .browser({ remoteAddress: `198.51.100.${i}` })
        .submit('/forgot-password', '/forgot-password', { email: 'ada@example.org' });
    assert.equal((await ask(1)).statusCode, 303);
    assert.equal((await ask(2)).statusCode, 303);
    const refused = await ask(3);
    assert.equal(refused.statusCode, 429);
    assert.match(refused.body, /action="\/forgot-password"/);
    assert.match(
      pageText(refused.body),
      /Too many e-mails asked for ada@example\.org\. Wait \d+ minutes? and try again\./,
    );
    const link = await t
      .browser({ remoteAddress: '198.51.100.4' })
      .submit('/sign-in', '/sign-in/link', { email: 'ada@example.org' });
    assert.equal(link.statusCode, 429, 'a sign-in link is an e-mail too');
    assert.match(link.body, /action="\/sign-in\/link"/);
    assert.match(link.body, /value="ada@example\.org"/);
    const password = await wrongSignIn(t.browser({ remoteAddress: '198.51.100.5' }), 'ada@example.org');
    assert.equal(password.statusCode, 401, 'passwords are counted apart from e-mails');
  });

  test("better-auth's endpoints count against the address too (the links in e-mails land there)", async () => {
    const t = await app({ signInLimits: { perAddress: 2 } });
    const verify = () =>
      t.app.inject({ url: '/api/auth/magic-link/verify?token=made-up', remoteAddress: '198.51.100.3' });
    assert.notEqual((await verify()).statusCode, 429);
    assert.notEqual((await verify()).statusCode, 429);
    const refused = await verify();
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error, 'rate_limited');
    assert.match(refused.json().message, /Wait \d+ (seconds?|minute) and try again/);
  });

  test('two server processes on one database share the counts', async () => {
    const t = await app({ signInLimits: { perAccount: 4 } });
    const secondDb = t.db.connect();
    const second = await createProduct(t.product.config, { db: secondDb });
    const secondApp = await buildApp(second, { signInLimits: { perAddress: 1000, perAccount: 4 } });
    try {
      const apps = [t.app, secondApp];
      const codes = await Promise.all(
        Array.from({ length: 10 }, async (_, i) => {
          const b = new Browser(apps[i % 2]!, { remoteAddress: `198.51.100.${i + 1}` });
          return (await wrongSignIn(b, 'ada@example.org')).statusCode;
        }),
      );
      assert.equal(
        codes.filter((c) => c === 401).length,
        4,
        `four failures allowed in all (${codes.join(' ')})`,
      );
      assert.equal(codes.filter((c) => c === 429).length, 6);
    } finally {
      await secondApp.close();
      await second.close();
    }
  });

  test('the counts of ended windows are deleted', async () => {
    const t = await app();
    const hourAgo = new Date(Date.now() - 60 * 60_000);
    await countSignInAttempt(
      { kind: 'password', address: '198.51.100.1', email: 'ada@example.org' },
      defaultSignInLimits,
      t.product,
      hourAgo,
    );
    const before = await t.db.kysely.selectFrom('sign_in_count').selectAll().execute();
    assert.equal(before.length, 2, 'one count for the address, one for the account');

    await wrongSignIn(t.browser({ remoteAddress: '198.51.100.2' }), 'grace@example.org');
    const rows = await t.db.kysely.selectFrom('sign_in_count').select('key').execute();
    assert.deepEqual(rows.map((r) => r.key).sort(), ['address:198.51.100.2', 'password:grace@example.org']);
  });
});

describe('the general rate limit (RATE_LIMIT_PER_MINUTE)', () => {
  test('0 turns it off', async () => {
    const t = await app({ env: { RATE_LIMIT_PER_MINUTE: '0' } });
    const codes = new Set<number>();
    for (let i = 0; i < 320; i++) codes.add((await t.app.inject('/sign-in')).statusCode);
    assert.deepEqual([...codes], [200]);
  });

  test('a small value limits each address', async () => {
    const t = await app({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await t.app.inject('/sign-in')).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 429]);
    const other = await t.app.inject({ url: '/sign-in', remoteAddress: '198.51.100.1' });
    assert.equal(other.statusCode, 200);
  });
});

test('a signed-in password change is limited by the account too', async () => {
  const t = await app({ signInLimits: { perAccount: 2 } });
  const ada = t.browser();
  await ada.signUp({ email: 'ada@example.org' });
  const change = () =>
    ada.submit('/account', '/account/password', {
      currentPassword: 'wrong wrong wrong',
      newPassword: `${PASSWORD}!`,
    });
  assert.equal((await change()).statusCode, 400);
  assert.equal((await change()).statusCode, 400);
  const refused = await change();
  assert.equal(refused.statusCode, 429);
  assert.match(refused.body, /action="\/account\/password"/);
  assert.match(pageText(refused.body), /Too many failed attempts for ada@example\.org/);
});
