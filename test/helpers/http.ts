// The HTTP app on a fresh test database, and a small "browser" for
// app.inject(): it keeps cookies, takes the CSRF token from the page a form is
// on, and signs up / signs in through the real forms.
//
//   const t = await startApp();
//   const ada = t.browser();
//   await ada.signUp({ name: 'Ada', email: 'ada@example.org' });
//   const page = await ada.get('/account');
//   await t.close();
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEmailVerificationToken } from 'better-auth/api';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createProduct, type Product } from '../../src/app.ts';
import { type BuildAppOptions, buildApp } from '../../src/http/app.ts';
import { issueSetupLink } from '../../src/services/setup.ts';
import { openTestDb, type TestDb } from './db.ts';

export const PASSWORD = 'correct horse battery staple';

export interface TestApp {
  db: TestDb;
  product: Product;
  app: FastifyInstance;
  browser(): Browser;
  /** Runs the mail queue and returns the text of every .eml written so far, oldest first. */
  mail(): Promise<string[]>;
  /** A signed-in site administrator (made through the one-time setup link). */
  siteAdmin(): Promise<Browser>;
  close(): Promise<void>;
}

export async function startApp(
  options: BuildAppOptions & { env?: Record<string, string> } = {},
): Promise<TestApp> {
  const db = await openTestDb();
  const config = db.config({ ENDORSE_SECRET: randomBytes(32).toString('base64url'), ...options.env });
  const product = await createProduct(config, { db, logger: { warn: () => {}, error: () => {} } });
  const app = await buildApp(product, { authRateLimit: 1000, ...options });
  let admin: Browser | undefined;
  const t: TestApp = {
    db,
    product,
    app,
    browser: () => new Browser(app),
    async mail() {
      await product.jobs.runOnce();
      let files: string[] = [];
      try {
        files = readdirSync(config.mailDir).filter((f) => f.endsWith('.eml'));
      } catch {
        return [];
      }
      return files.sort().map((f) => decodeEml(readFileSync(join(config.mailDir, f), 'utf8')));
    },
    async siteAdmin() {
      if (admin) return admin;
      const link = await issueSetupLink(product);
      if (!link) throw new Error('a site administrator exists already');
      const b = new Browser(app);
      const url = new URL(link);
      const res = await b.submit(`${url.pathname}${url.search}`, '/setup', {
        token: url.searchParams.get('token')!,
        name: 'Site Admin',
        email: 'admin@example.org',
        password: PASSWORD,
      });
      if (res.statusCode !== 303)
        throw new Error(`setup failed: ${res.statusCode} ${res.body.slice(0, 500)}`);
      admin = b;
      return b;
    },
    async close() {
      await app.close();
      await product.close();
      await db.cleanup();
    },
  };
  return t;
}

/**
 * Confirms the address of the account `email` through better-auth's own
 * verification link (GET /api/auth/verify-email with the token better-auth
 * e-mails), as its owner would by opening it: reference requests go out only in
 * the name of an account whose address is confirmed. (Not a sign-in link:
 * better-auth's sign-in by link also removes the password of an account whose
 * address it confirms, and later sign-ins with the password would fail.) Once
 * sign-up confirms every address, this has nothing left to do.
 */
export async function verifyEmail(t: TestApp, email: string): Promise<void> {
  const token = await createEmailVerificationToken(t.product.config.secret, email);
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/auth/verify-email?token=${encodeURIComponent(token)}`,
  });
  if (res.statusCode !== 200) throw new Error(`verifying ${email} failed: ${res.statusCode} ${res.body}`);
}

/** The body of an .eml with quoted-printable soft line breaks and escapes undone. */
function decodeEml(text: string): string {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export type Form = Record<string, string | string[]>;

export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(readonly app: FastifyInstance) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  #keep(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      const expired = c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() <= Date.now());
      if (expired || c.value === '') this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const res = await this.app.inject({
      method: 'GET',
      url,
      headers: { cookie: this.cookieHeader(), ...headers },
    });
    return this.#keep(res);
  }

  /** GETs `url`, following redirects on this site. */
  async open(url: string): Promise<LightMyRequestResponse> {
    let res = await this.get(url);
    for (let i = 0; i < 5 && res.statusCode >= 300 && res.statusCode < 400; i++) {
      res = await this.get(String(res.headers.location));
    }
    return res;
  }

  /** POSTs a form as a browser would (no CSRF token added). */
  async post(url: string, form: Form, headers: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) {
      for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    }
    const res = await this.app.inject({
      method: 'POST',
      url,
      headers: {
        cookie: this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
        ...headers,
      },
      payload: body.toString(),
    });
    return this.#keep(res);
  }

  /**
   * Opens the page the form is on and posts the form to `action` as a browser
   * would: with the form's hidden fields (the CSRF token among them), then `form`.
   */
  async submit(pageUrl: string, action: string, form: Form): Promise<LightMyRequestResponse> {
    const page = await this.get(pageUrl);
    if (page.statusCode !== 200) throw new Error(`GET ${pageUrl}: ${page.statusCode}`);
    return this.post(action, { _csrf: csrfToken(page.body), ...hiddenFields(page.body, action), ...form });
  }

  /** Submits, then follows the redirect (post/redirect/get) and returns the page it lands on. */
  async submitAndFollow(pageUrl: string, action: string, form: Form): Promise<LightMyRequestResponse> {
    const res = await this.submit(pageUrl, action, form);
    if (res.statusCode !== 303) return res;
    return this.open(String(res.headers.location));
  }

  async signUp(person: { name?: string; email: string; password?: string }): Promise<LightMyRequestResponse> {
    const res = await this.submit('/sign-up', '/sign-up', {
      name: person.name ?? person.email.split('@')[0]!,
      email: person.email,
      password: person.password ?? PASSWORD,
    });
    if (res.statusCode !== 303)
      throw new Error(`sign-up failed: ${res.statusCode} ${res.body.slice(0, 500)}`);
    return res;
  }

  async signIn(email: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    return this.submit('/sign-in', '/sign-in', { email, password });
  }

  get signedIn(): boolean {
    return [...this.cookies.keys()].some((k) => k.endsWith('session_token'));
  }
}

/** The CSRF token of the (first) form on a page. */
export function csrfToken(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match) throw new Error('no CSRF token on the page');
  return match[1]!;
}

/** The hidden inputs of the form on the page that posts to `action`. */
export function hiddenFields(html: string, action: string): Form {
  const fields: Form = {};
  const forms = html.match(/<form\b[^>]*>[\s\S]*?<\/form>/g) ?? [];
  const form = forms.find((f) =>
    new RegExp(`action="${action.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`).test(f),
  );
  if (!form) return fields;
  for (const input of form.match(/<input\b[^>]*>/g) ?? []) {
    if (!/type="hidden"/.test(input)) continue;
    const name = /name="([^"]*)"/.exec(input)?.[1];
    const value = /value="([^"]*)"/.exec(input)?.[1] ?? '';
    if (name) fields[name] = value.replace(/&amp;/g, '&').replace(/&quot;/g, '"');
  }
  return fields;
}

/** The text of an HTML page without tags (for "the page says …" checks). */
export function pageText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
}
