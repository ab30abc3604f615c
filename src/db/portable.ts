// The small layer that lets one set of queries run on SQLite and PostgreSQL:
// ids made in the app, timestamps as ISO-8601 text, booleans as 0/1, JSON as
// text, and numbers from aggregates (PostgreSQL returns bigint as text).
import { randomUUID } from 'node:crypto';

export type Dialect = 'sqlite' | 'postgres';

export const newId = (): string => randomUUID();

/** ISO-8601 UTC with milliseconds: sorts as text in both databases. */
export const timestamp = (date: Date = new Date()): string => date.toISOString();

export const toFlag = (value: boolean): number => (value ? 1 : 0);
export const fromFlag = (value: unknown): boolean => value === 1 || value === true || value === '1';

export const toJson = (value: unknown): string => JSON.stringify(value);
export function fromJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}

/** count(*) and sum() come back as number (SQLite) or string (PostgreSQL bigint). */
export const toNumber = (value: unknown): number =>
  value === null || value === undefined ? 0 : Number(value);

/** better-auth's own boolean columns are native on PostgreSQL and 0/1 on SQLite. */
export const authFlag = (dialect: Dialect, value: boolean): boolean | number =>
  dialect === 'postgres' ? value : value ? 1 : 0;
/** better-auth's own timestamps are native on PostgreSQL and ISO text on SQLite. */
export const authDate = (dialect: Dialect, date: Date = new Date()): Date | string =>
  dialect === 'postgres' ? date : date.toISOString();

/**
 * A LIKE pattern matching `text` anywhere, lower-cased, its own % _ and \
 * taken literally (used with `escape '\'`, which both databases read).
 */
export const containing = (text: string): string =>
  `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
