// Commands that run the installation: migrate, backup, restore, admin create, seed --demo.
import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import { createProduct } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import { UsageError } from '../engine/evaluate.ts';
import { DEMO_PASSWORD, seedDemo } from '../services/demo.ts';
import { createSiteAdmin } from '../services/setup.ts';

type Print = (text: string) => void;

const pgDumpHelp = (config: Config) =>
  `this database is PostgreSQL (DATABASE_URL); back it up with its own tools, for example:\n` +
  `  pg_dump --format=custom --file=endorse.dump "${redactUrl(config.databaseUrl!)}"\n` +
  `and restore into an empty database with:\n` +
  `  pg_restore --no-owner --dbname="$DATABASE_URL" endorse.dump`;

const redactUrl = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

export async function migrate(print: Print): Promise<number> {
  const config = loadConfig();
  const db = openDatabase(config);
  try {
    const ran = await migrateToLatest(db);
    print(ran.length ? `Ran ${ran.length} migration(s): ${ran.join(', ')}` : 'The database is up to date.');
  } finally {
    await db.close();
  }
  // Seeds the shipped associations too.
  const product = await createProduct(config);
  await product.close();
  return 0;
}

/** An online backup of the SQLite database: safe while the server runs. */
export async function backup(file: string, print: Print): Promise<number> {
  const config = loadConfig();
  if (config.databaseUrl) throw new UsageError(pgDumpHelp(config));
  if (existsSync(file)) throw new UsageError(`${file} already exists; choose a new file name`);
  if (!existsSync(config.sqliteFile))
    throw new UsageError(`there is no database at ${config.sqliteFile} yet`);
  const db = new SQLite(config.sqliteFile, { readonly: true });
  try {
    await db.backup(file);
  } finally {
    db.close();
  }
  print(`Backed up ${config.sqliteFile} to ${file}`);
  return 0;
}

/**
 * Replaces the SQLite database with a backup. Stop the server first. The
 * database it replaces is kept beside it, so nothing saved is lost.
 */
export async function restore(file: string, print: Print): Promise<number> {
  const config = loadConfig();
  if (config.databaseUrl) throw new UsageError(pgDumpHelp(config));
  if (!existsSync(file)) throw new UsageError(`there is no file ${file}`);
  let check: SQLite.Database | undefined;
  try {
    check = new SQLite(file, { readonly: true, fileMustExist: true });
    const integrity = check.pragma('integrity_check', { simple: true });
    const migrated = check
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
      .get();
    if (integrity !== 'ok' || !migrated) throw new Error('not an Endorse database');
  } catch (e) {
    throw new UsageError(`${file} is not an Endorse SQLite backup (${(e as Error).message})`);
  } finally {
    check?.close();
  }
  let kept: string | undefined;
  if (existsSync(config.sqliteFile)) {
    // Fold the write-ahead log into the file so that the copy we keep is whole.
    const current = new SQLite(config.sqliteFile);
    current.pragma('wal_checkpoint(TRUNCATE)');
    current.close();
    kept = `${config.sqliteFile}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(config.sqliteFile, kept);
    for (const suffix of ['-wal', '-shm']) rmSync(`${config.sqliteFile}${suffix}`, { force: true });
  }
  copyFileSync(file, config.sqliteFile);
  const db = openDatabase(config);
  try {
    await migrateToLatest(db);
  } finally {
    await db.close();
  }
  print(
    `Restored ${config.sqliteFile} from ${file}.${kept ? ` The database it replaced is kept as ${kept}.` : ''}`,
  );
  return 0;
}

export async function adminCreate(input: { email: string; name?: string }, print: Print): Promise<number> {
  const config = loadConfig();
  const product = await createProduct(config);
  try {
    const { person, created } = await createSiteAdmin(input, product);
    await product.jobs.runOnce();
    print(
      `${created ? 'Created' : 'Made'} ${person.email} a site administrator. A sign-in link was e-mailed to them` +
        (config.smtpUrl ? '.' : ` (no SMTP configured: open the newest .eml file in ${config.mailDir}).`),
    );
  } finally {
    await product.close();
  }
  return 0;
}

export async function seed(print: Print): Promise<number> {
  const config = loadConfig();
  const product = await createProduct(config);
  try {
    const accounts = await seedDemo(product);
    print(`Demo data added. Every demo account's password is "${DEMO_PASSWORD}":`);
    for (const a of accounts) print(`  ${a.email.padEnd(34)} ${a.role}`);
  } finally {
    await product.close();
  }
  return 0;
}
