// The server's plumbing: health checks, security headers, error pages without
// stack traces, body size limits, rate limits, OpenAPI, static files, logs
// without secrets, and the route table.
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import Fastify from 'fastify';
import { pageRoutes, routeTable } from '../../src/http/route-table.ts';
import { PASSWORD, startApp, type TestApp } from '../helpers/http.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(async () => {
  await t?.close();
});

describe('health', () => {
  test('/healthz answers without the database; /readyz asks it', async () => {
    const live = await t.app.inject('/healthz');
    assert.equal(live.statusCode, 200);
    assert.deepEqual(live.json(), { status: 'ok' });
    const ready = await t.app.inject('/readyz');
    assert.equal(ready.statusCode, 200);
    assert.equal(ready.json().status, 'ok');
  });

  test('/readyz is 503 when the database does not answer', async () => {
    const broken = await startApp();
    try {
      await broken.db.close();
      assert.equal((await broken.app.inject('/healthz')).statusCode, 200);
      const ready = await broken.app.inject('/readyz');
      assert.equal(ready.statusCode, 503);
      assert.equal(ready.json().status, 'unavailable');
    } finally {
      await broken.app.close();
      await broken.db.cleanup();
    }
  });
});

describe('security headers', () => {
  test('pages have a self-only CSP without inline scripts, and the usual headers', async () => {
    const res = await t.app.inject('/sign-in');
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /default-src 'self'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /form-action 'self'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.ok(res.headers['x-frame-options']);
    assert.equal(res.headers['referrer-policy'], 'same-origin');
    assert.equal(res.headers['cache-control'], 'no-store');
    // The one script is a file of this site (what a form held when the session ended: public/keep-form.js).
    assert.doesNotMatch(res.body, /<script(?![^>]*\ssrc="\/assets\/keep-form\.js")/i, 'no inline scripts');
    assert.doesNotMatch(res.body, /\sstyle="/i, 'no inline styles');
  });

  // Every security header a response carries, exactly and nothing more; what a response sets for
  // itself (type, length, caching, cookies, rate limit, date) is left out.
  const securityHeaders = {
    'content-security-policy':
      "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';form-action 'self';frame-ancestors 'none';base-uri 'self';object-src 'none';script-src-attr 'none'",
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'same-origin',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  };
  const ownHeaders =
    /^(content-type|content-length|cache-control|set-cookie|location|etag|last-modified|accept-ranges|x-ratelimit-.*|date|connection)$/;
  const security = (headers: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(headers).filter(([name]) => !ownHeaders.test(name)));

  test('every response has the same security headers, in the same order, signed in or not', async () => {
    const ada = t.browser();
    await ada.signUp({ name: 'Ada Headers', email: 'ada.headers@example.org' });
    for (const url of [
      '/',
      '/account',
      '/sign-in',
      '/api/v1/me',
      '/no-such-page',
      '/assets/style.css',
      '/healthz',
    ]) {
      for (const cookie of ['', ada.cookieHeader()]) {
        const res = await t.app.inject({ url, headers: cookie ? { cookie } : {} });
        const sent = security(res.headers);
        assert.deepEqual(sent, securityHeaders, `${url} ${cookie ? 'signed in' : 'signed out'}`);
        assert.deepEqual(Object.keys(sent), Object.keys(securityHeaders), url);
      }
    }
  });

  test('over https, browsers are also told to come back over https only', async () => {
    const https = await startApp({ env: { BASE_URL: 'https://endorse.example.org' } });
    try {
      const res = await https.app.inject('/sign-in');
      assert.deepEqual(security(res.headers), {
        ...securityHeaders,
        'strict-transport-security': 'max-age=15552000; includeSubDomains',
      });
    } finally {
      await https.close();
    }
  });

  test('the API has the same headers', async () => {
    const res = await t.app.inject('/api/v1/me');
    assert.equal(res.statusCode, 401);
    assert.match(String(res.headers['content-security-policy']), /default-src 'self'/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
  });
});

describe('pages are accessible by construction', () => {
  test('the layout has landmarks, a skip link, one h1 and labels on every input', async () => {
    for (const url of ['/', '/sign-in', '/sign-up', '/forgot-password']) {
      const html = (await t.app.inject(url)).body;
      assert.match(html, /<html lang="en">/, url);
      assert.match(html, /<a class="skip-link" href="#main">/, url);
      assert.match(html, /<header class="banner">/, url);
      assert.match(html, /<nav aria-label="Main">/, url);
      assert.match(html, /<main id="main"/, url);
      assert.match(html, /<footer/, url);
      assert.equal((html.match(/<h1[ >]/g) ?? []).length, 1, `${url}: one h1`);
      for (const input of html.match(/<input\b[^>]*>/g) ?? []) {
        if (/type="hidden"/.test(input)) continue;
        const id = /id="([^"]+)"/.exec(input)?.[1];
        assert.ok(id, `${url}: ${input} has an id`);
        assert.match(html, new RegExp(`<label for="${id}"`), `${url}: #${id} has a label`);
      }
      for (const form of html.match(/<form\b[^>]*method="post"[^>]*>/g) ?? []) {
        const after = html.slice(html.indexOf(form) + form.length, html.indexOf(form) + form.length + 200);
        assert.match(
          after,
          /^<input type="hidden" name="_csrf" value="[^"]+"/,
          `${url}: ${form} has a CSRF token`,
        );
      }
    }
  });
});

describe('errors', () => {
  test('unknown pages are a 404 page; unknown API paths are JSON', async () => {
    const page = await t.app.inject('/no/such/page');
    assert.equal(page.statusCode, 404);
    assert.match(page.headers['content-type'] as string, /text\/html/);
    assert.match(page.body, /Page not found/);
    const api = await t.app.inject('/api/v1/nothing');
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error, 'not_found');
  });

  test('a page that needs signing in redirects to sign-in; the API says 401', async () => {
    const page = await t.app.inject('/associations/mi-aimh/applications');
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/sign-in?next=%2Fassociations%2Fmi-aimh%2Fapplications');
    const api = await t.app.inject('/api/v1/associations/mi-aimh/applications');
    assert.equal(api.statusCode, 401);
    assert.equal(api.json().error, 'unauthenticated');
  });

  test('an API validation error names the field', async () => {
    const res = await t.app.inject('/api/v1/associations/mi-aimh/catalog/IMHS?on=2024-13-45');
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.error, 'invalid');
    assert.equal(body.field, 'on');
    assert.match(body.message, /^on: /);
  });

  test('error pages never show a stack trace', async () => {
    // A route that throws, on an app built the same way.
    const { buildApp } = await import('../../src/http/app.ts');
    const { registerErrorHandling } = await import('../../src/http/errors.tsx');
    assert.equal(typeof buildApp, 'function');
    const bare = Fastify();
    bare.decorate('product', t.product);
    bare.decorateRequest('actor', undefined);
    bare.decorateRequest('user', undefined);
    bare.decorateRequest('sessionId', undefined);
    await bare.register((await import('@fastify/cookie')).default, { secret: 'x'.repeat(32) });
    await bare.register((await import('@fastify/csrf-protection')).default);
    registerErrorHandling(bare);
    bare.get('/boom', async () => {
      throw new Error('secret internals at /work/main/src/whatever.ts:12');
    });
    bare.get('/api/boom', async () => {
      throw new TypeError('secret internals');
    });
    const page = await bare.inject('/boom');
    assert.equal(page.statusCode, 500);
    assert.match(page.body, /Sorry, something went wrong/);
    assert.doesNotMatch(page.body, /secret internals|\.ts:\d+|at \w+ \(/);
    const api = await bare.inject('/api/boom');
    assert.equal(api.statusCode, 500);
    assert.deepEqual(Object.keys(api.json()).sort(), ['error', 'message']);
    assert.doesNotMatch(api.body, /secret internals|stack/);
    await bare.close();

    for (const res of [
      await t.app.inject('/no/such/page'),
      await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        payload: 'x',
        headers: { 'content-type': 'text/plain' },
      }),
      await t.app.inject({ method: 'POST', url: '/api/auth/sign-in/email', payload: '{bad json' }),
    ]) {
      assert.doesNotMatch(res.body, /\.ts:\d+|node_modules|at \w+ \(/, res.body.slice(0, 300));
    }
  });

  test('a body over the size limit is refused with 413', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `email=${'a'.repeat(1024 * 1024 + 10)}`,
    });
    assert.equal(res.statusCode, 413);
    assert.doesNotMatch(res.body, /\.ts:\d+/);
  });
});

describe('rate limits', () => {
  test('too many sign-in attempts from one address get 429', async () => {
    const limited = await startApp({ signInLimits: { perAddress: 3 } });
    try {
      const b = limited.browser();
      const codes: number[] = [];
      for (let i = 0; i < 5; i++)
        codes.push((await b.signIn('someone@example.org', 'wrong password')).statusCode);
      assert.deepEqual(codes.slice(0, 3), [401, 401, 401]);
      assert.equal(codes[3], 429);
      const page = await b.get('/sign-in');
      assert.equal(page.statusCode, 200, 'other pages still work');
    } finally {
      await limited.close();
    }
  });
});

describe('API documentation', () => {
  test('OpenAPI JSON lists the /api/v1 routes with their parameters', async () => {
    const res = await t.app.inject('/api/docs/json');
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.match(doc.openapi, /^3\./);
    const paths = Object.keys(doc.paths);
    for (const p of [
      '/api/v1/me',
      '/api/v1/associations/{slug}/applications',
      '/api/v1/associations/{slug}/people',
      '/api/v1/associations/{slug}/catalog/{credential}',
    ]) {
      assert.ok(paths.includes(p), `${p} is documented (have ${paths.join(', ')})`);
    }
    assert.ok(
      !paths.some((p) => p.startsWith('/sign-') || p.startsWith('/api/auth')),
      'pages are not in the API docs',
    );
    const catalog = doc.paths['/api/v1/associations/{slug}/catalog/{credential}'].get;
    assert.ok(
      catalog.parameters.some((p: { name: string; in: string }) => p.name === 'on' && p.in === 'query'),
    );
    const ui = await t.app.inject('/api/docs');
    assert.ok([200, 302].includes(ui.statusCode));
  });
});

describe('static files', () => {
  test('the stylesheet is served', async () => {
    const res = await t.app.inject('/assets/style.css');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /text\/css/);
    assert.match(res.body, /:focus-visible/);
  });
});

describe('logs', () => {
  test('cookies, tokens and passwords never reach the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logged = await startApp({ logStream: stream, env: { LOG_LEVEL: 'trace' } });
    try {
      const b = logged.browser();
      await b.signUp({ email: 'logs@example.org', password: PASSWORD });
      await b.get('/account');
      await b.get('/setup?token=setup_verysecretvalue');
      await b.get('/reset-password?token=resetsecretvalue');
      logged.app.log.info(
        { headers: { cookie: 'a=b', authorization: 'Bearer x' }, body: { password: 'pw' } },
        'x',
      );
      const text = lines.join('');
      assert.ok(lines.length > 5, 'something was logged');
      assert.doesNotMatch(text, new RegExp(PASSWORD));
      assert.doesNotMatch(text, /session_token=/);
      assert.doesNotMatch(text, /verysecretvalue|resetsecretvalue/);
      assert.doesNotMatch(text, /Bearer x|"a=b"|"pw"/);
      assert.match(text, /\[redacted\]/);
    } finally {
      await logged.close();
    }
  });
});

describe('route table', () => {
  test('every page route says who may use it', () => {
    assert.ok(pageRoutes.length > 20);
    for (const r of routeTable) {
      assert.ok(r.access, `${r.method} ${r.url}`);
      if (r.url.includes(':slug') && r.access !== 'public')
        assert.ok(r.resource, `${r.method} ${r.url} has a resource`);
    }
  });

  test('the app serves exactly the routes in the table (buildApp checks this at start)', async () => {
    for (const r of routeTable) {
      const found = t.app.hasRoute({ method: r.method, url: r.url });
      assert.ok(found, `${r.method} ${r.url}`);
    }
  });
});
