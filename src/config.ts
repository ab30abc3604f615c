// Configuration from the environment, with defaults that let `npm start` run
// on a fresh machine: SQLite under data/, e-mail as .eml files under data/mail/.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  /** Behind a TLS-terminating proxy: trust X-Forwarded-* and mark cookies Secure. */
  trustProxy: boolean;
  logLevel: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): Config {
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
    trustProxy: env.TRUST_PROXY === '1' || env.TRUST_PROXY === 'true',
    logLevel: env.LOG_LEVEL ?? (mode === 'test' ? 'silent' : 'info'),
  };
}

/** A random secret made on first start and kept (mode 600) so that sessions survive restarts. */
function persistentSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
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
