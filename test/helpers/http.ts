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
  /** A browser; `from` gives the address it connects from and headers it sends with every request. */
  browser(from?: BrowserOrigin): Browser;
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
  // Tests sign many people in from one address; the sign-in limits have tests of their own.
  const app = await buildApp(product, {
    ...options,
    signInLimits: { perAddress: 1000, perAccount: 1000, ...options.signInLimits },
  });
  let admin: Browser | undefined;
  let mailRead: Promise<string[]> = Promise.resolve([]);
  const t: TestApp = {
    db,
    product,
    app,
    browser: (from) => new Browser(app, from, () => t.mail()),
    mail() {
      // One reading at a time: a mail claimed by another caller's run is still being
      // written when this one finds the queue empty, so each waits for the one before.
      const reading = mailRead.then(async () => {
        // Every mail due, not one batch of the queue: a long story queues more than a batch holds.
        while ((await product.jobs.runOnce()).claimed > 0);
        let files: string[] = [];
        try {
          files = readdirSync(config.mailDir).filter((f) => f.endsWith('.eml'));
        } catch {
          return [];
        }
        return files.sort().map((f) => decodeEml(readFileSync(join(config.mailDir, f), 'utf8')));
      });
      mailRead = reading.catch(() => []);
      return reading;
    },
    async siteAdmin() {
      if (admin) return admin;
      const link = await issueSetupLink(product);
      if (!link) throw new Error('a site administrator exists already');
      const b = t.browser();
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
 * Marks an account's address confirmed or not, directly in the database: only
 * accounts made before sign-up confirmed every address can be unconfirmed, and
 * no page makes one any more.
 */
export async function setEmailConfirmed(t: TestApp, email: string, confirmed: boolean): Promise<void> {
  await t.db.kysely
    .updateTable('user')
    .set({ emailVerified: t.db.dialect === 'postgres' ? confirmed : Number(confirmed) })
    .where('email', '=', email)
    .execute();
}

/** The body of an .eml with quoted-printable soft line breaks and escapes undone. */
export function decodeEml(text: string): string {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export type Form = Record<string, string | string[]>;

export interface BrowserOrigin {
  /** The address the connection comes from (default 127.0.0.1). */
  remoteAddress?: string;
  /** Headers sent with every request (e.g. X-Forwarded-For, as a proxy would add it). */
  headers?: Record<string, string>;
}

export class Browser {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly app: FastifyInstance,
    readonly from: BrowserOrigin = {},
    /** The TestApp's mail reader: a browser follows links from e-mails as a person would. */
    readonly mail: () => Promise<string[]> = async () => [],
  ) {}

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
      ...(this.from.remoteAddress ? { remoteAddress: this.from.remoteAddress } : {}),
      headers: { cookie: this.cookieHeader(), ...this.from.headers, ...headers },
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
      ...(this.from.remoteAddress ? { remoteAddress: this.from.remoteAddress } : {}),
      headers: {
        cookie: this.cookieHeader(),
        'content-type': 'application/x-www-form-urlencoded',
        ...this.from.headers,
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

  /**
   * Signs up as a person does: the sign-up form, the link in the e-mail it
   * sends, then a password on the page the link lands on. Ends signed in, with
   * the password set; returns the answer to the password form.
   */
  async signUp(person: { name?: string; email: string; password?: string }): Promise<LightMyRequestResponse> {
    const asked = await this.submit('/sign-up', '/sign-up', {
      name: person.name ?? person.email.split('@')[0]!,
      email: person.email,
    });
    if (asked.statusCode !== 200)
      throw new Error(`sign-up failed: ${asked.statusCode} ${asked.body.slice(0, 500)}`);
    const landing = await this.followMailLink(person.email, '/api/auth/magic-link/verify');
    const page = String(landing.headers.location ?? '');
    if (!page.includes('/account/choose-password'))
      throw new Error(`the sign-up link led to ${landing.statusCode} ${page}`);
    const path = page.replace(/^https?:\/\/[^/]+/, '');
    const res = await this.submit(path, '/account/choose-password', {
      password: person.password ?? PASSWORD,
    });
    if (res.statusCode !== 303)
      throw new Error(`choosing a password failed: ${res.statusCode} ${res.body.slice(0, 500)}`);
    return res;
  }

  /** Opens the link starting with `path` in the newest e-mail to `to`; returns the first answer. */
  async followMailLink(to: string, path: string): Promise<LightMyRequestResponse> {
    const link = mailLink(await this.mail(), to, path);
    if (!link) throw new Error(`no e-mail to ${to} with a link to ${path}`);
    return this.get(link);
  }

  async signIn(email: string, password = PASSWORD): Promise<LightMyRequestResponse> {
    return this.submit('/sign-in', '/sign-in', { email, password });
  }

  get signedIn(): boolean {
    return [...this.cookies.keys()].some((k) => k.endsWith('session_token'));
  }
}

/** The path and query of the link to `path` in the newest e-mail to `to`. */
export function mailLink(mails: readonly string[], to: string, path: string): string | undefined {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const recipient = new RegExp(`^To: .*${to.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'im');
  for (const mail of [...mails].reverse()) {
    if (!recipient.test(mail)) continue;
    const match = new RegExp(`https?://[^/\\s]+(${escaped}[^\\s]*)`).exec(mail);
    if (match) return match[1]!;
  }
  return undefined;
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
