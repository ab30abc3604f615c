// A person's portfolio, one row per entry, each holding the entry exactly as
// written in the interchange format, so that export(import(x)) equals x.
import type { Kysely } from 'kysely';
import { newId, timestamp, toNumber } from '../portable.ts';
import { prepared } from '../prepared.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;
type Document = Record<string, unknown>;

/** Keys whose value is a list: stored one row per element, in order. */
const listSections = new Set([
  'degrees',
  'work',
  'training',
  'rsc',
  'leadership',
  'references',
  'memberships',
  'endorsements',
]);

/** Replaces the person's whole portfolio with `document` (already validated). */
export async function replacePortfolio(db: Q, userId: string, document: Document): Promise<void> {
  const now = timestamp();
  await db.deleteFrom('portfolio_entry').where('user_id', '=', userId).execute();
  const rows: Database['portfolio_entry'][] = [];
  // `position` numbers rows through the whole document, keeping the order of keys and of list items.
  const add = (section: string, data: unknown) =>
    rows.push({
      id: newId(),
      user_id: userId,
      section,
      position: rows.length,
      data: JSON.stringify(data),
      created_at: now,
      updated_at: now,
    });
  for (const [section, value] of Object.entries(document)) {
    if (!listSections.has(section) || !Array.isArray(value)) add(`=${section}`, value);
    else if (value.length === 0) add(`[]${section}`, null);
    else for (const item of value) add(section, item);
  }
  if (rows.length) await db.insertInto('portfolio_entry').values(rows).execute();
}

/** The person's portfolio as an interchange document, or undefined when they have none. */
const entriesOf = prepared((db, { userId }: { userId: string }) =>
  db
    .selectFrom('portfolio_entry')
    .select(['section', 'position', 'data'])
    .where('user_id', '=', userId)
    .orderBy('position'),
);

export async function readPortfolio(db: Q, userId: string): Promise<Document | undefined> {
  const rows = await entriesOf(db, { userId });
  if (!rows.length) return undefined;
  const document: Document = {};
  for (const row of rows) {
    if (row.section.startsWith('[]')) document[row.section.slice(2)] = [];
    else if (row.section.startsWith('=')) document[row.section.slice(1)] = JSON.parse(row.data);
    else ((document[row.section] ??= []) as unknown[]).push(JSON.parse(row.data));
  }
  return document;
}

// ---------------------------------------------------------------------------
// Entry by entry: the portfolio pages add, change and remove one list item at a
// time. A new entry goes after everything else (position max + 1), so the
// document keeps its order and a new item ends its list.

export interface EntryRow {
  id: string;
  userId: string;
  /** The list it belongs to (degrees, work, training…), or `=key` / `[]key` for the other rows. */
  section: string;
  position: number;
  /** The entry as in the interchange format. */
  data: unknown;
  createdAt: string;
  updatedAt: string;
}

const entryColumns = [
  'id',
  'user_id as userId',
  'section',
  'position',
  'data',
  'created_at as createdAt',
  'updated_at as updatedAt',
] as const;

const toEntryRow = (r: Omit<EntryRow, 'data'> & { data: string }): EntryRow => ({
  ...r,
  position: Number(r.position),
  data: JSON.parse(r.data) as unknown,
});

/** The person's rows in document order; only those of one list when `section` is given, one page when `page` is. */
export async function listEntries(
  db: Q,
  userId: string,
  section?: string,
  page?: { offset: number; limit: number },
): Promise<EntryRow[]> {
  let query = db.selectFrom('portfolio_entry').select(entryColumns).where('user_id', '=', userId);
  if (section !== undefined) query = query.where('section', '=', section);
  query = query.orderBy('position').orderBy('created_at');
  if (page) query = query.limit(page.limit).offset(page.offset);
  return (await query.execute()).map(toEntryRow);
}

/** How many rows each list of the person's document has. */
export async function countEntries(db: Q, userId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('portfolio_entry')
    .select((eb) => ['section', eb.fn.countAll().as('n')])
    .where('user_id', '=', userId)
    .groupBy('section')
    .execute();
  return new Map(rows.map((r) => [r.section, toNumber(r.n)]));
}

export async function findEntry(db: Q, id: string): Promise<EntryRow | undefined> {
  const row = await db
    .selectFrom('portfolio_entry')
    .select(entryColumns)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toEntryRow(row) : undefined;
}

/** Adds a row after every other row of the person's document. */
export async function insertEntry(db: Q, userId: string, section: string, data: unknown): Promise<EntryRow> {
  const [row] = await insertEntries(db, userId, [{ section, data }]);
  return row!;
}

/** Rows per INSERT: well under either database's limit on bound values. */
const BATCH = 500;

/**
 * Adds rows after every other row of the person's document, in the order
 * given. The last position is read once; run it inside a transaction so
 * that no other row takes the same places.
 */
export async function insertEntries(
  db: Q,
  userId: string,
  entries: ReadonlyArray<{ section: string; data: unknown }>,
): Promise<EntryRow[]> {
  const last = await db
    .selectFrom('portfolio_entry')
    .select((eb) => eb.fn.max('position').as('max'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const first = last?.max === null || last?.max === undefined ? 0 : Number(last.max) + 1;
  const now = timestamp();
  const rows = entries.map((e, i) => ({
    id: newId(),
    user_id: userId,
    section: e.section,
    position: first + i,
    data: JSON.stringify(e.data),
    created_at: now,
    updated_at: now,
  }));
  for (let i = 0; i < rows.length; i += BATCH)
    await db
      .insertInto('portfolio_entry')
      .values(rows.slice(i, i + BATCH))
      .execute();
  return rows.map((row, i) => ({
    id: row.id,
    userId,
    section: row.section,
    position: row.position,
    data: entries[i]!.data,
    createdAt: now,
    updatedAt: now,
  }));
}

/** Replaces one row's entry (the row keeps its place in the document). */
export async function updateEntry(db: Q, id: string, data: unknown): Promise<void> {
  await db
    .updateTable('portfolio_entry')
    .set({ data: JSON.stringify(data), updated_at: timestamp() })
    .where('id', '=', id)
    .execute();
}

export async function deleteEntry(db: Q, id: string): Promise<void> {
  await db.deleteFrom('portfolio_entry').where('id', '=', id).execute();
}

/**
 * Makes sure the person's document exists: with no rows yet, writes its first
 * two keys (`format` and `person`) so that entries added after them form a
 * valid document. Returns whether it wrote them.
 */
export async function startPortfolio(
  db: Q,
  userId: string,
  person: { name: string; email: string },
): Promise<boolean> {
  const any = await db
    .selectFrom('portfolio_entry')
    .select('id')
    .where('user_id', '=', userId)
    .limit(1)
    .executeTakeFirst();
  if (any) return false;
  await replacePortfolio(db, userId, { format: 'endorse-portfolio/1', person });
  return true;
}

/**
 * Holds the person's portfolio until the transaction `db` ends: on
 * PostgreSQL the (no-op) write locks their account row, so a second change of
 * many entries at once waits here and then reads the first one's entries;
 * SQLite has one writer at a time.
 */
export async function lockPortfolio(db: Q, userId: string): Promise<void> {
  await db
    .updateTable('user')
    .set((eb) => ({ id: eb.ref('id') }))
    .where('id', '=', userId)
    .execute();
}
