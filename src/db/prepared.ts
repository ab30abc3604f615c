// Reads that pages make on every request, built and compiled once and run
// again with new values. Kysely builds and compiles a query at each call,
// which for a select of a dozen named columns costs more than SQLite takes to
// run it: on the application's page that was about a fifth of the request.
// On PostgreSQL each also runs as a named statement (database.ts), planned
// once per connection.
import { type Compilable, type CompiledQuery, createQueryId, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

type Values = Record<string, string | number>;

interface Compiled {
  sql: string;
  query: CompiledQuery['query'];
  /** Each parameter: the name of a value given at run time, or a constant of the query itself. */
  parameters: Array<{ value: string } | { constant: unknown }>;
}

/**
 * A read whose values are named: `build` receives, for each name, a stand-in
 * that it must pass to Kysely as a value, as given (not changed first; in a
 * list only of a fixed length). Each stand-in must come out as a parameter,
 * or the first run throws: that is what makes a kept query always the one
 * `build` would make.
 * Writes are never prepared (what listens to writes sees queries as they are
 * built).
 */
export function prepared<V extends Values, R>(
  build: (db: Kysely<Database>, values: { [K in keyof V]: V[K] }) => Compilable<R>,
): (db: Kysely<Database>, values: V) => Promise<R[]> {
  // One compilation per dialect: the SQL differs between SQLite and PostgreSQL.
  const kept = new Map<unknown, Compiled>();
  return async (db, values) => {
    const dialect = db.getExecutor().adapter.constructor;
    let compiled = kept.get(dialect);
    if (!compiled) {
      compiled = compile(db, build, Object.keys(values));
      kept.set(dialect, compiled);
    }
    const parameters = compiled.parameters.map((p) => ('value' in p ? values[p.value] : p.constant));
    const { rows } = await db.executeQuery<R>({
      sql: compiled.sql,
      query: compiled.query,
      parameters,
      queryId: createQueryId(),
    } as CompiledQuery<R>);
    return rows;
  };
}

/** The name each kept query's SQL runs under on PostgreSQL (database.ts), one per SQL text. */
const statementNames = new Map<string, string>();
export const statementName = (sql: string): string | undefined => statementNames.get(sql);

const marker = (name: string) => `\u0000endorse-value:${name}\u0000`;

function compile<V extends Values, R>(
  db: Kysely<Database>,
  build: (db: Kysely<Database>, values: V) => Compilable<R>,
  names: string[],
): Compiled {
  const stand = Object.fromEntries(names.map((n) => [n, marker(n)])) as V;
  const { sql, query, parameters } = build(db, stand).compile();
  const byMarker = new Map(names.map((n) => [marker(n), n]));
  const seen = new Set<string>();
  const mapped = parameters.map((p) => {
    const name = typeof p === 'string' ? byMarker.get(p) : undefined;
    if (name === undefined) return { constant: p };
    seen.add(name);
    return { value: name };
  });
  const lost = names.filter((n) => !seen.has(n));
  if (lost.length || sql.includes('\u0000'))
    throw new Error(`a prepared query must pass each value to Kysely as given: ${lost.join(', ') || sql}`);
  if (!statementNames.has(sql)) statementNames.set(sql, `endorse_${statementNames.size + 1}`);
  return { sql, query, parameters: mapped };
}
