// Commands that run the installation: migrate, backup, restore, admin create, seed --demo.
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { z } from 'zod';
import { createProduct } from '../app.ts';
import { type Config, loadConfig } from '../config.ts';
import { migrateToLatest, openDatabase } from '../db/database.ts';
import { ServersRunningError, takeRestoreLock } from '../db/server-lock.ts';
import { UsageError } from '../engine/evaluate.ts';
import { rotateAssociationKey } from '../services/association-keys.ts';
import { runRenewalSweep } from '../services/renewal-sweep.ts';
import { DEMO_PASSWORD, seedDemo } from '../services/demo.ts';
import { serverAddress } from '../services/installation.ts';
import { createSiteAdmin } from '../services/setup.ts';
import { isValidStorageKey } from '../storage/files.ts';
import { type TarEntry, TarError, TarWriter, readTar } from './tar.ts';

type Print = (text: string) => void;

const pgDump = (config: Config) =>
  `  pg_dump --format=custom --file=endorse.dump "${redactUrl(config.databaseUrl!)}"`;
const pgRestore = '  pg_restore --no-owner --dbname="$DATABASE_URL" endorse.dump (into an empty database)';

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

// A backup is one tar file: the SQLite database (left out on PostgreSQL, which
// has pg_dump), every uploaded file, and last a manifest with each entry's
// size and SHA-256, so that restore can tell a whole backup from a damaged or
// cut-off one before it replaces anything.
const FORMAT = 'endorse-backup/1';
const DATABASE_ENTRY = 'endorse.sqlite';
const UPLOADS_ENTRY = 'uploads/';
const MANIFEST_ENTRY = 'endorse-backup.json';

interface Manifest {
  format: typeof FORMAT;
  createdAt: string;
  database: 'sqlite' | 'postgres';
  entries: Array<{ name: string; size: number; sha256: string }>;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** The keys of the stored uploads; files being written (temporary names) are not yet uploads. */
function storedKeys(uploadsDir: string): string[] {
  try {
    return readdirSync(uploadsDir, { withFileTypes: true })
      .filter((e) => e.isFile() && isValidStorageKey(e.name))
      .map((e) => e.name)
      .sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}

/**
 * `endorse backup FILE`: the database (an online SQLite backup, safe while the
 * server runs) and the uploads in one file that only its owner can read: it
 * holds password hashes and sessions.
 */
export async function backup(file: string, print: Print): Promise<number> {
  const config = loadConfig();
  const target = resolve(file);
  if (existsSync(target)) throw new UsageError(`${file} already exists; choose a new file name`);
  if (!existsSync(dirname(target))) throw new UsageError(`there is no directory ${dirname(target)}`);
  const sqlite = !config.databaseUrl;
  if (sqlite && !existsSync(config.sqliteFile))
    throw new UsageError(`there is no database at ${config.sqliteFile} yet`);
  // mkdtemp makes the directory readable by its owner only; the snapshot waits there.
  const staging = mkdtempSync(join(dirname(target), '.endorse-backup-'));
  let fd: number | undefined;
  let uploads = 0;
  try {
    const sources: Array<{ name: string; path: string }> = [];
    if (sqlite) {
      const snapshot = join(staging, DATABASE_ENTRY);
      const db = new SQLite(config.sqliteFile, { readonly: true, fileMustExist: true });
      try {
        await db.backup(snapshot);
      } finally {
        db.close();
      }
      sources.push({ name: DATABASE_ENTRY, path: snapshot });
    }
    // Listed after the snapshot: every file its rows refer to was stored before it was taken.
    for (const key of storedKeys(config.uploadsDir))
      sources.push({ name: `${UPLOADS_ENTRY}${key}`, path: join(config.uploadsDir, key) });

    fd = openSync(target, 'wx', 0o600);
    const tar = new TarWriter(fd);
    const entries: Manifest['entries'] = [];
    for (const source of sources) {
      let size: number;
      try {
        size = statSync(source.path).size;
      } catch (e) {
        // Removed since it was listed: nothing refers to it any more.
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw e;
      }
      const hash = createHash('sha256');
      tar.addFile(source.name, source.path, size, (chunk) => hash.update(chunk));
      entries.push({ name: source.name, size, sha256: hash.digest('hex') });
      if (source.name !== DATABASE_ENTRY) uploads++;
    }
    const manifest: Manifest = {
      format: FORMAT,
      createdAt: new Date().toISOString(),
      database: sqlite ? 'sqlite' : 'postgres',
      entries,
    };
    tar.addBytes(MANIFEST_ENTRY, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    tar.finish();
    fsyncSync(fd);
  } catch (e) {
    if (fd !== undefined) rmSync(target, { force: true });
    throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
    rmSync(staging, { recursive: true, force: true });
  }
  const what = `${sqlite ? 'the database and ' : ''}${plural(uploads, 'uploaded file')}`;
  print(`Backed up ${what} to ${file} (readable only by you: it holds password hashes and sessions).`);
  if (!sqlite)
    print(
      `The database is PostgreSQL (DATABASE_URL): back it up with its own tools as well, e.g.\n${pgDump(config)}`,
    );
  return 0;
}

/** The lock that keeps servers off the data while it is replaced; refused while any server runs. */
function lockForRestore(config: Config) {
  try {
    return takeRestoreLock(config.dataDir);
  } catch (e) {
    if (!(e instanceof ServersRunningError)) throw e;
    const how = e.pids.length
      ? `stop ${e.pids.length > 1 ? 'them' : 'it'} first (kill ${e.pids.join(' ')}, or stop the service that runs it; npm start stops with Ctrl-C)`
      : 'stop every server that uses this installation first';
    throw new UsageError(
      `${e.message}; nothing was restored. To restore, ${how}, then run endorse restore again.`,
    );
  }
}

const notABackup = (file: string, why: string) =>
  new UsageError(`${file} is not an Endorse backup (${why}); nothing was restored`);

/** Writes an archive entry to a new file at `path`; returns the SHA-256 of its bytes. */
function extract(entry: TarEntry, path: string, mode: number): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'wx', mode);
  try {
    for (const chunk of entry.chunks()) {
      hash.update(chunk);
      let done = 0;
      while (done < chunk.length) done += writeSync(fd, chunk, done);
    }
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

/** Unpacks a backup into `staging` (database and uploads), checking it against its manifest. */
function unpack(file: string, staging: { database: string; uploads: string }) {
  const found = new Map<string, { size: number; sha256: string }>();
  let manifest: Manifest | undefined;
  mkdirSync(staging.uploads, { mode: 0o700 });
  try {
    for (const entry of readTar(file)) {
      if (manifest) throw notABackup(file, `${entry.name} follows the manifest`);
      if (found.has(entry.name)) throw notABackup(file, `${entry.name} is in it twice`);
      if (entry.name === MANIFEST_ENTRY) {
        const text = Buffer.concat([...entry.chunks()]).toString('utf8');
        try {
          manifest = JSON.parse(text) as Manifest;
        } catch {
          throw notABackup(file, 'its manifest is not JSON');
        }
        continue;
      }
      const key = entry.name.startsWith(UPLOADS_ENTRY) ? entry.name.slice(UPLOADS_ENTRY.length) : undefined;
      let path: string;
      if (entry.name === DATABASE_ENTRY) path = staging.database;
      else if (key !== undefined && isValidStorageKey(key)) path = join(staging.uploads, key);
      else throw notABackup(file, `it holds ${JSON.stringify(entry.name)}`);
      const sha256 = extract(entry, path, entry.name === DATABASE_ENTRY ? 0o600 : 0o640);
      found.set(entry.name, { size: entry.size, sha256 });
    }
  } catch (e) {
    if (e instanceof TarError) throw notABackup(file, e.message);
    throw e;
  }
  if (!manifest) throw notABackup(file, 'it has no manifest: it may have been cut off');
  if (manifest.format !== FORMAT) throw notABackup(file, `its format is ${String(manifest.format)}`);
  const listed = manifest.entries ?? [];
  for (const { name, size, sha256 } of listed) {
    const got = found.get(name);
    if (!got) throw notABackup(file, `${name} is missing from it`);
    if (got.size !== size || got.sha256 !== sha256) throw notABackup(file, `${name} is damaged`);
  }
  if (listed.length !== found.size) throw notABackup(file, 'it holds files its manifest does not list');
  return { database: found.has(DATABASE_ENTRY), uploads: found.size - (found.has(DATABASE_ENTRY) ? 1 : 0) };
}

function checkDatabase(path: string, file: string) {
  let check: SQLite.Database | undefined;
  try {
    check = new SQLite(path, { readonly: true, fileMustExist: true });
    const integrity = check.pragma('integrity_check', { simple: true });
    const migrated = check
      .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
      .get();
    if (integrity !== 'ok' || !migrated) throw new Error('not an Endorse database');
  } catch (e) {
    throw notABackup(file, `its database: ${(e as Error).message}`);
  } finally {
    check?.close();
  }
}

/** A backup made by an earlier Endorse: the SQLite database file alone. */
function isSqliteFile(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

/**
 * `endorse restore FILE`: replaces the database and the uploads with those in
 * a backup. Refused while a server runs. What it replaces is kept beside it,
 * so nothing saved is lost; on PostgreSQL it restores the uploads (the
 * database comes back with pg_restore).
 */
export async function restore(file: string, print: Print): Promise<number> {
  const config = loadConfig();
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`there is no file ${file}`);
  const sqlite = !config.databaseUrl;
  const lock = lockForRestore(config);
  const suffix = randomBytes(4).toString('hex');
  const staging = {
    database: `${config.sqliteFile}.restoring-${suffix}`,
    uploads: `${config.uploadsDir}.restoring-${suffix}`,
  };
  try {
    let holds: { database: boolean; uploads: number | undefined };
    if (isSqliteFile(file)) {
      if (!sqlite)
        throw new UsageError(`${file} is a SQLite database, and this installation uses PostgreSQL`);
      mkdirSync(dirname(staging.database), { recursive: true });
      copyFileSync(file, staging.database, constants.COPYFILE_EXCL);
      chmodSync(staging.database, 0o600);
      holds = { database: true, uploads: undefined };
    } else {
      mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
      mkdirSync(dirname(staging.database), { recursive: true });
      holds = unpack(file, staging);
      if (sqlite && !holds.database)
        throw new UsageError(`${file} holds no database (it was made on PostgreSQL); nothing was restored`);
      if (!sqlite && holds.database)
        throw new UsageError(
          `${file} holds a SQLite database, and this installation uses PostgreSQL; nothing was restored`,
        );
    }
    if (holds.database) checkDatabase(staging.database, file);

    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const kept: string[] = [];
    if (holds.database) {
      if (existsSync(config.sqliteFile)) {
        // Fold the write-ahead log into the file so that the copy we keep is whole.
        const current = new SQLite(config.sqliteFile);
        current.pragma('wal_checkpoint(TRUNCATE)');
        current.close();
        const keep = `${config.sqliteFile}.before-restore-${stamp}`;
        renameSync(config.sqliteFile, keep);
        for (const wal of ['-wal', '-shm']) rmSync(`${config.sqliteFile}${wal}`, { force: true });
        kept.push(keep);
      }
      renameSync(staging.database, config.sqliteFile);
    }
    if (holds.uploads !== undefined) {
      if (existsSync(config.uploadsDir)) {
        const keep = `${config.uploadsDir}.before-restore-${stamp}`;
        renameSync(config.uploadsDir, keep);
        kept.push(keep);
      }
      renameSync(staging.uploads, config.uploadsDir);
    }
    if (holds.database) {
      const db = openDatabase(config);
      try {
        await migrateToLatest(db);
      } finally {
        await db.close();
      }
    }
    const what = [
      holds.database ? `the database (${config.sqliteFile})` : '',
      holds.uploads !== undefined ? `${plural(holds.uploads, 'uploaded file')} (${config.uploadsDir})` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    print(
      `Restored ${what} from ${file}.${kept.length ? ` What it replaced is kept as ${kept.join(' and ')}.` : ''}`,
    );
    if (holds.uploads === undefined)
      print(
        'This backup (made by an earlier Endorse) holds the database only: the uploads were left as they are.',
      );
    if (!sqlite)
      print(`The database is PostgreSQL (DATABASE_URL): restore it with its own tools, e.g.\n${pgRestore}`);
  } finally {
    // Checking the database may have left its (empty) write-ahead log beside it.
    for (const staged of ['', '-wal', '-shm']) rmSync(`${staging.database}${staged}`, { force: true });
    rmSync(staging.uploads, { recursive: true, force: true });
    lock.release();
  }
  return 0;
}

/**
 * The configuration for commands that e-mail links: BASE_URL when it is set,
 * otherwise the address the server was last started with.
 */
async function withServerAddress(config: Config): Promise<Config> {
  if (process.env.BASE_URL) return config;
  const db = openDatabase(config);
  try {
    await migrateToLatest(db);
    const recorded = await serverAddress(db);
    return recorded ? { ...config, baseUrl: recorded } : config;
  } finally {
    await db.close();
  }
}

export async function adminCreate(input: { email: string; name?: string }, print: Print): Promise<number> {
  const email = input.email.trim();
  if (!z.email().safeParse(email).success)
    throw new UsageError(
      `--email ${JSON.stringify(input.email)} is not an e-mail address; give one such as --email you@example.org`,
    );
  const config = await withServerAddress(loadConfig());
  const product = await createProduct(config);
  try {
    const { person, created } = await createSiteAdmin({ ...input, email }, product);
    await product.jobs.runOnce();
    print(
      `${created ? 'Created' : 'Made'} ${person.email} a site administrator. A sign-in link to ${config.baseUrl} was e-mailed to them` +
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
    for (const a of accounts) {
      print(`  ${a.email.padEnd(34)} ${a.role}`);
      print(`  ${''.padEnd(34)} now: ${a.now}`);
    }
  } finally {
    await product.close();
  }
  return 0;
}

export async function rotateKey(slug: string, print: Print): Promise<number> {
  // The DID names this installation's host: the address the server runs at, as for e-mailed links.
  const config = await withServerAddress(loadConfig());
  const product = await createProduct(config);
  try {
    const { association, key } = await rotateAssociationKey(product, slug);
    print(
      `${association.name} now signs with a new key (${key.id}). The earlier key stays in ` +
        `${config.baseUrl}/associations/${association.slug}/did.json, so what it signed still verifies.`,
    );
  } finally {
    await product.close();
  }
  return 0;
}

/** A progress bar that redraws one line of a terminal; nothing when `err` is not one. */
function progressBar(err: NodeJS.WritableStream & { isTTY?: boolean }) {
  if (!err.isTTY) return { update: () => {}, done: () => {} };
  const width = 30;
  let drawn = -1;
  return {
    update(done: number, total: number) {
      const filled = total ? Math.round((done / total) * width) : width;
      const percent = total ? Math.floor((done / total) * 100) : 100;
      if (percent === drawn) return;
      drawn = percent;
      err.write(
        `\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${percent}%  ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} endorsements`,
      );
    },
    done: () => err.write('\n'),
  };
}

export async function runRenewals(
  now: Date,
  print: Print,
  err: NodeJS.WritableStream & { isTTY?: boolean },
): Promise<number> {
  // Links in the mails name the address the server runs at.
  const config = await withServerAddress(loadConfig());
  const product = await createProduct(config);
  const bar = progressBar(err);
  try {
    const s = await runRenewalSweep(product, now, { onProgress: bar.update });
    bar.done();
    const count = (n: number, one: string, many = `${one}s`) =>
      `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
    print(
      [
        `Renewals swept for ${s.on}: ${count(s.walked, 'active or inactive endorsement')} looked at.`,
        `  reminders sent:                       ${s.reminded}`,
        `  lapsed, not renewed after grace:      ${s.lapsed}`,
        `  lapsed, inactive pause ran out:       ${s.pausesEnded}`,
        `  kept active while an audit is open:   ${s.heldByAudit}`,
        `  done meanwhile by another sweep:      ${s.doneElsewhere}`,
        ...(s.reminded + s.lapsed + s.pausesEnded
          ? ['The e-mails wait in the queue: the running server sends them.']
          : []),
      ].join('\n'),
    );
  } finally {
    await product.close();
  }
  return 0;
}
