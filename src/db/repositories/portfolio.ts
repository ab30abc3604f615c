// A person's portfolio, one row per entry, each holding the entry exactly as
// written in the interchange format, so that export(import(x)) equals x.
import type { Kysely } from 'kysely';
import { newId, timestamp } from '../portable.ts';
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
export async function readPortfolio(db: Q, userId: string): Promise<Document | undefined> {
  const rows = await db
    .selectFrom('portfolio_entry')
    .select(['section', 'position', 'data'])
    .where('user_id', '=', userId)
    .orderBy('position')
    .execute();
  if (!rows.length) return undefined;
  const document: Document = {};
  for (const row of rows) {
    if (row.section.startsWith('[]')) document[row.section.slice(2)] = [];
    else if (row.section.startsWith('=')) document[row.section.slice(1)] = JSON.parse(row.data);
    else ((document[row.section] ??= []) as unknown[]).push(JSON.parse(row.data));
  }
  return document;
}
