// Opens the database named by the configuration: PostgreSQL when a URL is
// given, otherwise an embedded SQLite file. The rest of the code sees one
// Kysely instance and does not care which.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  AliasNode,
  DeleteQueryNode,
  InsertQueryNode,
  Kysely,
  type KyselyPlugin,
  Migrator,
  type OperationNode,
  PostgresDialect,
  type QueryId,
  SqliteDialect,
  type SqliteDatabase,
  sql,
  TableNode,
  UpdateQueryNode,
} from 'kysely';
import { migrations } from './migrations/index.ts';
import { statementName } from './prepared.ts';
import type { Dialect } from './portable.ts';
import type { Database } from './schema.ts';

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** The SQLite handle, for online backups; undefined on PostgreSQL. */
  sqlite: SQLite.Database | undefined;
  /**
   * Calls `listener` after each write made through this handle (better-auth's
   * included) to what says who a signed-in person is: their account, sessions,
   * memberships, associations and endorsements; not for a new session or
   * person, which no session already made depends on. Writes by other
   * processes are not seen.
   */
  onAccountWrite(listener: () => void): void;
  close(): Promise<void>;
}

const accountTables: ReadonlySet<string> = new Set([
  'user',
  'session',
  'member',
  'organization',
  'endorsement',
]);

/**
 * Whether a write can change who a session already made signs in. A new
 * session or a new person cannot (signing in or up, which happen all day,
 * leave everyone else's kept reads alone); an upsert might.
 */
const changesSignedIn = (node: OperationNode): boolean => {
  const table = writtenTable(node) ?? '';
  if (!accountTables.has(table)) return false;
  return !(InsertQueryNode.is(node) && !node.onConflict && (table === 'session' || table === 'user'));
};

/** Tells listeners of writes to the account tables, once each write has run. */
class AccountWrites implements KyselyPlugin {
  readonly listeners: Array<() => void> = [];
  readonly #pending = new WeakSet<QueryId>();

  transformQuery({ node, queryId }: { node: OperationNode; queryId: QueryId }) {
    if (this.listeners.length && changesSignedIn(node)) {
      this.#pending.add(queryId);
      // Before too: a read that began before the write and ends after it is not kept.
      this.#notify();
    }
    return node as never;
  }

  async transformResult<R>({ queryId, result }: { queryId: QueryId; result: R }): Promise<R> {
    if (this.#pending.has(queryId)) {
      this.#pending.delete(queryId);
      this.#notify();
    }
    return result;
  }

  #notify() {
    for (const listener of this.listeners) listener();
  }
}

function writtenTable(node: OperationNode): string | undefined {
  const table = InsertQueryNode.is(node)
    ? node.into
    : UpdateQueryNode.is(node)
      ? node.table
      : DeleteQueryNode.is(node)
        ? node.from.froms[0]
        : undefined;
  if (!table) return undefined;
  const named = TableNode.is(table)
    ? table
    : AliasNode.is(table) && TableNode.is(table.node)
      ? table.node
      : undefined;
  return named?.table.identifier.name;
}

export function openDatabase(options: {
  databaseUrl?: string | undefined;
  sqliteFile: string;
  onIdleError?: (error: Error) => void;
}): Db {
  if (options.databaseUrl) {
    // Loaded only here: an installation on SQLite never needs the PostgreSQL driver.
    const { Pool } = createRequire(import.meta.url)('pg') as typeof import('pg');
    const pool = new Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection dropped by the server (restart, failover) must not crash the
    // process: the pool discards it and opens a new one on the next query.
    pool.on('error', (error) => options.onIdleError?.(error));
    pool.on('connect', nameKeptStatements);
    const writes = new AccountWrites();
    const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [writes] });
    return {
      kysely,
      dialect: 'postgres',
      sqlite: undefined,
      onAccountWrite: (listener) => writes.listeners.push(listener),
      close: () => kysely.destroy(),
    };
  }
  if (options.sqliteFile !== ':memory:')
    mkdirSync(dirname(options.sqliteFile), { recursive: true, mode: 0o700 });
  const sqlite = new SQLite(options.sqliteFile);
  // WAL lets readers go on while one writer writes; foreign keys are off by default in SQLite.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // SQLite's lower() folds A-Z only; names such as "Zoë Ölander" are searched in any case, as on PostgreSQL.
  sqlite.function('lower', { deterministic: true }, (text: unknown) =>
    typeof text === 'string' ? text.toLowerCase() : text,
  );
  const writes = new AccountWrites();
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
    plugins: [writes],
  });
  return {
    kysely,
    dialect: 'sqlite',
    sqlite,
    onAccountWrite: (listener) => writes.listeners.push(listener),
    close: () => kysely.destroy(),
  };
}

/**
 * On each new connection, the reads that prepared.ts keeps run as named
 * statements, which PostgreSQL parses and plans once per connection instead
 * of at every run (parsing and planning took most of its time on a page). A
 * kept statement PostgreSQL refuses because a migration changed what it
 * returns runs unnamed from then on, on that connection; in a transaction
 * that one attempt fails.
 */
function nameKeptStatements(client: import('pg').PoolClient): void {
  const query = client.query.bind(client) as (config: unknown, values?: unknown) => Promise<unknown>;
  const refused = new Set<string>();
  client.query = (async (text: unknown, values?: unknown) => {
    const name = typeof text === 'string' && !refused.has(text) ? statementName(text) : undefined;
    if (!name) return query(text, values);
    try {
      return await query({ name, text, values });
    } catch (e) {
      if (!/cached plan must not change result type/.test((e as Error).message)) throw e;
      refused.add(text as string);
      return query(text, values);
    }
  }) as never;
}

/**
 * Kysely prepares every query again; preparing costs about as much as
 * running a small one, so statements are kept by their SQL (the most used
 * few hundred) and run again. Endorse never streams a query, so a kept
 * statement is never still busy when it is used again.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    prepare(source: string) {
      let statement = kept.get(source);
      if (statement) {
        // Most recently used last, so the oldest is the first to go.
        kept.delete(source);
      } else {
        statement = sqlite.prepare(source);
        if (kept.size >= 500) kept.delete(kept.keys().next().value!);
      }
      kept.set(source, statement);
      return statement;
    },
    close: () => sqlite.close(),
  };
}

/** Brings the schema up to date; returns the names of the migrations it ran. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db: db.kysely,
    provider: { getMigrations: async () => migrations(db.dialect) },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Whether the database answers (for /readyz). */
export async function ping(db: Db): Promise<void> {
  await sql`select 1`.execute(db.kysely);
}

/**
 * Inside a transaction: waits until no other transaction holds the lock named
 * `name`, then holds it until this one ends. On PostgreSQL an advisory lock, so
 * that server processes starting at once do not both find a row missing and
 * both add it; on SQLite the transaction already holds the one connection.
 */
export async function lockUntilCommit(tx: Kysely<Database>, dialect: Dialect, name: string): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${name}))`.execute(tx);
}
