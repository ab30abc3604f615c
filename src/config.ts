// Configuration from the environment, with defaults that let `npm start` run
// on a fresh machine: SQLite under data/, e-mail as .eml files under data/mail/.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';

export interface Config {
  env: 'production' | 'development' | 'test';
  port: number;
  host: string;
  /** The address people use to reach the server; links in e-mails start with it. */
  baseUrl: string;
  /** PostgreSQL when set; otherwise SQLite at `sqliteFile`. */
  databaseUrl: string | undefined;
  dataDir: string;
  sqliteFile: string;
  uploadsDir: string;
  mailDir: string;
  /** SMTP server URL (smtp://user:pass@host:587); without it mail is written to `mailDir`. */
  smtpUrl: string | undefined;
  mailFrom: string;
  /** Signs sessions and tokens. From ENDORSE_SECRET, or made once and kept in `dataDir`. */
  secret: string;
  /**
   * Behind a TLS-terminating proxy: which hops of X-Forwarded-* to believe (the
   * client is the right-most address not trusted), and cookies are marked Secure.
   */
  trustProxy: TrustProxy;
  /** Requests per minute per client address, for all routes; 0 turns the limit off. */
  rateLimitPerMinute: number;
  logLevel: string;
  /** The most e-mails Endorse queues for or to one account in any 24 hours. */
  mailDailyLimit: number;
}

/** Off; the number of proxies in front of Endorse; or the proxies' addresses (and address ranges). */
export type TrustProxy = false | { hops: number } | { proxies: string[] };

export function loadConfig(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): Config {
  // Settings that can be wrong are read first, so a bad one stops the start before anything is written.
  const trustProxy = parseTrustProxy(env.TRUST_PROXY);
  const rateLimitPerMinute = parseRateLimit(env.RATE_LIMIT_PER_MINUTE);
  const dataDir = resolve(root, env.ENDORSE_DATA_DIR ?? 'data');
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, not "${env.PORT}"`);
  const mode =
    env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  return {
    env: mode,
    port,
    host: env.HOST ?? '0.0.0.0',
    baseUrl: (env.BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    sqliteFile: resolve(root, env.ENDORSE_SQLITE_FILE ?? join(dataDir, 'endorse.sqlite')),
    uploadsDir: join(dataDir, 'uploads'),
    // Under the data directory, so that ENDORSE_DATA_DIR alone keeps a second installation apart.
    mailDir: resolve(root, env.ENDORSE_MAIL_DIR ?? join(dataDir, 'mail')),
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'Endorse <no-reply@localhost>',
    secret: env.ENDORSE_SECRET ?? persistentSecret(dataDir),
    trustProxy,
    rateLimitPerMinute,
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'silent' : 'info'),
    mailDailyLimit: positiveInteger(env, 'ENDORSE_MAIL_DAILY_LIMIT', 50),
  };
}

const trustProxyHelp =
  'TRUST_PROXY takes the number of proxies in front of Endorse (e.g. 1) or their addresses, comma-separated (e.g. 10.0.0.2,10.1.0.0/16)';

function parseTrustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text === '0') return false;
  if (/^\d+$/.test(text)) return { hops: Number(text) };
  if (/^(true|yes|on)$/i.test(text)) {
    throw new Error(
      `TRUST_PROXY=${text} would believe any X-Forwarded-For a client makes up, so every rate limit could be dodged. ${trustProxyHelp}.`,
    );
  }
  const proxies = text.split(',').map((s) => s.trim());
  const bad = proxies.find((p) => !isAddressOrRange(p));
  if (bad !== undefined)
    throw new Error(`TRUST_PROXY: "${bad}" is not an IP address or range. ${trustProxyHelp}.`);
  return { proxies };
}

function isAddressOrRange(text: string): boolean {
  const [address = '', prefix, ...rest] = text.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function parseRateLimit(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 300;
  const text = value.trim();
  if (!/^\d+$/.test(text)) {
    throw new Error(
      `RATE_LIMIT_PER_MINUTE must be a whole number of requests per minute per client address (0 turns the limit off), not "${value}"`,
    );
  }
  return Number(text);
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${name} must be a whole number of at least 1, not "${raw}"`);
  return n;
}

/** A random secret made on first start and kept (mode 600) so that sessions survive restarts. */
function persistentSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  try {
    writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (e) {
    // Another process made it first: use theirs.
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim();
    throw e;
  }
}
