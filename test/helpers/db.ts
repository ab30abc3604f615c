// A fresh, migrated database for one test (file): SQLite in a temporary file by
// default, PostgreSQL when TEST_DATABASE_URL is set. On PostgreSQL each test
// database is a new database created on that server (and dropped after), so
// test files running in parallel never see each other's rows. (A schema per
// test is not enough: Kysely's Migrator looks for its kysely_migration table in
// every schema.)
//
//   await withTestDb(async (db) => { … });
//   const db = await openTestDb(); … await db.cleanup();
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Config, loadConfig } from '../../src/config.ts';
import { type Db, migrateToLatest, openDatabase } from '../../src/db/database.ts';
import type { Dialect } from '../../src/db/portable.ts';

export const testDatabaseUrl: string | undefined = process.env.TEST_DATABASE_URL || undefined;
export const testDialect: Dialect = testDatabaseUrl ? 'postgres' : 'sqlite';

export interface TestDb extends Db {
  /** The test database's URL on PostgreSQL; undefined on SQLite. */
  databaseUrl: string | undefined;
  /** The SQLite file (unused on PostgreSQL). */
  sqliteFile: string;
  /** A temporary directory of this test's own (removed by cleanup): uploads, mail, anything. */
  dir: string;
  /**
   * Another, independent connection (pool) to the same database, as a second
   * server process would have; closed by cleanup().
   */
  connect(): Db;
  /** A configuration that points at this database and keeps data, uploads and mail under `dir`. */
  config(env?: Record<string, string>): Config;
  /** Closes every connection, then drops the database (PostgreSQL) and removes `dir`. */
  cleanup(): Promise<void>;
}

export interface OpenTestDbOptions {
  /** Run the migrations (default true). */
  migrate?: boolean;
}

async function admin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function openTestDb(options: OpenTestDbOptions = {}): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), 'endorse-test-'));
  const sqliteFile = join(dir, 'test.sqlite');
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (testDatabaseUrl) {
    const name = `endorse_t_${process.pid}_${randomBytes(4).toString('hex')}`;
    // template0 never takes connections, so parallel test files can copy it at once.
    await admin(testDatabaseUrl, (c) => c.query(`create database "${name}" template template0`));
    const url = new URL(testDatabaseUrl);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      await admin(testDatabaseUrl!, (c) => c.query(`drop database if exists "${name}" with (force)`));
    };
  }

  const handles: Db[] = [];
  const connect = (): Db => {
    const handle = openDatabase({ databaseUrl, sqliteFile });
    handles.push(handle);
    return handle;
  };
  const main = connect();
  let cleaned = false;
  const db: TestDb = {
    ...main,
    databaseUrl,
    sqliteFile,
    dir,
    connect,
    config: (env = {}) =>
      loadConfig(
        {
          NODE_ENV: 'test',
          ENDORSE_DATA_DIR: join(dir, 'data'),
          ENDORSE_SQLITE_FILE: sqliteFile,
          ENDORSE_MAIL_DIR: join(dir, 'mail'),
          ENDORSE_SECRET: 'test-secret-test-secret-test-secret',
          ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
          ...env,
        },
        dir,
      ),
    async cleanup() {
      if (cleaned) return;
      cleaned = true;
      for (const handle of handles) await handle.close().catch(() => {});
      await dropDatabase?.();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    if (options.migrate ?? true) await migrateToLatest(main);
  } catch (e) {
    await db.cleanup();
    throw e;
  }
  return db;
}

/** Runs `fn` with a fresh migrated database, cleaned up afterwards whatever happens. */
export async function withTestDb<T>(fn: (db: TestDb) => Promise<T>, options?: OpenTestDbOptions): Promise<T> {
  const db = await openTestDb(options);
  try {
    return await fn(db);
  } finally {
    await db.cleanup();
  }
}
