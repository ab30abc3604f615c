// The exam's item bank and forms: items (each version a row) and the forms
// that fix a selection of them. Readable only through the exam services, which
// audit every view.
import { type Kysely, sql } from 'kysely';
import type { EssayCategory, ExamName, ItemStatus, PassRule, RubricCriterion } from '../../domain/exam.ts';
import { fromJson, newId, toJson } from '../portable.ts';
import type { Database, ExamFormTable, ExamItemTable } from '../schema.ts';

type Q = Kysely<Database>;

export type ItemKind = 'multiple-choice' | 'vignette';

export interface ExamItemRow {
  id: string;
  associationId: string;
  code: string;
  version: number;
  kind: ItemKind;
  exam: ExamName;
  status: ItemStatus;
  text: string;
  /** Multiple choice: the options and the index of the right one. */
  options: string[];
  answerKey: number | null;
  domains: string[];
  /** Vignette: its category and rubric. */
  category: EssayCategory | null;
  rubric: RubricCriterion[];
  createdAt: string;
  updatedAt: string;
}

export const itemRow = (r: ExamItemTable): ExamItemRow => ({
  id: r.id,
  associationId: r.association_id,
  code: r.code,
  version: r.version,
  kind: r.kind as ItemKind,
  exam: r.exam as ExamName,
  status: r.status as ItemStatus,
  text: r.text,
  options: fromJson<string[]>(r.options) ?? [],
  answerKey: r.answer_key,
  domains: fromJson<string[]>(r.domains) ?? [],
  category: r.category as EssayCategory | null,
  rubric: fromJson<RubricCriterion[]>(r.rubric) ?? [],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export interface ItemValues {
  associationId: string;
  code: string;
  version: number;
  kind: ItemKind;
  exam: ExamName;
  status: ItemStatus;
  text: string;
  options?: string[];
  answerKey?: number | null;
  domains: string[];
  category?: EssayCategory | null;
  rubric?: RubricCriterion[];
  createdBy: string | null;
  at: string;
}

/** What search matches: the code, the text and the options, lowercased. */
const searchText = (v: Pick<ItemValues, 'code' | 'text' | 'options'>) =>
  [v.code, v.text, ...(v.options ?? [])].join('\n').toLowerCase();

export async function insertItem(db: Q, v: ItemValues): Promise<ExamItemRow> {
  const row: ExamItemTable = {
    id: newId(),
    association_id: v.associationId,
    code: v.code,
    version: v.version,
    kind: v.kind,
    exam: v.exam,
    status: v.status,
    text: v.text,
    options: v.kind === 'multiple-choice' ? toJson(v.options ?? []) : null,
    answer_key: v.kind === 'multiple-choice' ? (v.answerKey ?? null) : null,
    domains: toJson(v.domains),
    category: v.kind === 'vignette' ? (v.category ?? null) : null,
    rubric: v.kind === 'vignette' ? toJson(v.rubric ?? []) : null,
    search_text: searchText(v),
    created_by: v.createdBy,
    created_at: v.at,
    updated_at: v.at,
  };
  await db.insertInto('exam_item').values(row).execute();
  return itemRow(row);
}

/** Changes a draft version in place (the service checks it is not in use). */
export async function updateItem(
  db: Q,
  id: string,
  v: Pick<
    ItemValues,
    'code' | 'exam' | 'text' | 'options' | 'answerKey' | 'domains' | 'category' | 'rubric' | 'at'
  >,
): Promise<void> {
  await db
    .updateTable('exam_item')
    .set({
      exam: v.exam,
      text: v.text,
      options: v.options ? toJson(v.options) : null,
      answer_key: v.answerKey ?? null,
      domains: toJson(v.domains),
      category: v.category ?? null,
      rubric: v.rubric ? toJson(v.rubric) : null,
      search_text: searchText(v),
      updated_at: v.at,
    })
    .where('id', '=', id)
    .execute();
}

export async function setItemStatus(db: Q, id: string, status: ItemStatus, at: string): Promise<void> {
  await db.updateTable('exam_item').set({ status, updated_at: at }).where('id', '=', id).execute();
}

export async function findItem(db: Q, associationId: string, id: string): Promise<ExamItemRow | undefined> {
  const row = await db
    .selectFrom('exam_item')
    .selectAll()
    .where('id', '=', id)
    .where('association_id', '=', associationId)
    .executeTakeFirst();
  return row && itemRow(row);
}

/** Every version of the item with `code`, the latest first. */
export async function itemVersions(db: Q, associationId: string, code: string): Promise<ExamItemRow[]> {
  const rows = await db
    .selectFrom('exam_item')
    .selectAll()
    .where('association_id', '=', associationId)
    .where('code', '=', code)
    .orderBy('version', 'desc')
    .execute();
  return rows.map(itemRow);
}

export interface ItemSearch {
  kind?: ItemKind;
  exam?: ExamName;
  status?: ItemStatus;
  /** A competency domain id the item tests. */
  domain?: string;
  /** Words that must all appear in the code, text or options. */
  text?: string;
  /** Only the latest version of each item (the default). */
  latestOnly?: boolean;
  limit?: number;
  offset?: number;
}

/** The bank searched: by kind, exam, status, domain and words; in code order. */
export async function searchItems(
  db: Q,
  associationId: string,
  s: ItemSearch = {},
): Promise<{ items: ExamItemRow[]; total: number }> {
  let q = db.selectFrom('exam_item').where('exam_item.association_id', '=', associationId);
  if (s.kind) q = q.where('kind', '=', s.kind);
  if (s.exam) q = q.where('exam', '=', s.exam);
  if (s.status) q = q.where('status', '=', s.status);
  // Domains are stored as a JSON array of ids, each quoted: a quoted match is exact.
  if (s.domain) q = q.where(contains('domains', JSON.stringify(s.domain)));
  for (const word of (s.text ?? '').toLowerCase().split(/\s+/).filter(Boolean))
    q = q.where(contains('search_text', word));
  if (s.latestOnly !== false)
    q = q.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('exam_item as later')
            .select('later.id')
            .whereRef('later.association_id', '=', 'exam_item.association_id')
            .whereRef('later.code', '=', 'exam_item.code')
            .whereRef('later.version', '>', 'exam_item.version'),
        ),
      ),
    );
  const total = await q.select(({ fn }) => fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll('exam_item')
    .orderBy('code')
    .orderBy('version', 'desc')
    .limit(s.limit ?? 50)
    .offset(s.offset ?? 0)
    .execute();
  return { items: rows.map(itemRow), total: Number(total.n) };
}

/** Whether the column contains `text` literally: its % and _ escaped, as both databases read `escape`. */
const contains = (column: 'domains' | 'search_text', text: string) =>
  sql<boolean>`${sql.ref(column)} like ${`%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`} escape '\\'`;

/** The codes in use that start with `prefix` (for the next item's code). */
export async function codesWithPrefix(db: Q, associationId: string, prefix: string): Promise<string[]> {
  const rows = await db
    .selectFrom('exam_item')
    .select('code')
    .distinct()
    .where('association_id', '=', associationId)
    .where('code', 'like', `${prefix}%`)
    .execute();
  return rows.map((r) => r.code);
}

/** Whether the item version is on a form that is ready or has been sat (then it is never edited in place). */
export async function itemInUse(db: Q, itemId: string): Promise<boolean> {
  const row = await db
    .selectFrom('exam_form_item')
    .innerJoin('exam_form', 'exam_form.id', 'exam_form_item.form_id')
    .select('exam_form.id')
    .where('exam_form_item.item_id', '=', itemId)
    .where('exam_form.status', '!=', 'draft')
    .executeTakeFirst();
  return !!row;
}

export interface ExamFormRow {
  id: string;
  associationId: string;
  name: string;
  exam: ExamName;
  category: EssayCategory;
  status: 'draft' | 'ready' | 'retired';
  vignettesAnswered: number;
  passRule: PassRule;
  timeLimitMinutes: number;
  createdAt: string;
}

const formRow = (r: ExamFormTable): ExamFormRow => ({
  id: r.id,
  associationId: r.association_id,
  name: r.name,
  exam: r.exam as ExamName,
  category: r.category as EssayCategory,
  status: r.status as ExamFormRow['status'],
  vignettesAnswered: r.vignettes_answered,
  passRule: fromJson<PassRule>(r.pass_rule)!,
  timeLimitMinutes: r.time_limit_minutes,
  createdAt: r.created_at,
});

export interface FormValues {
  associationId: string;
  name: string;
  exam: ExamName;
  category: EssayCategory;
  status: ExamFormRow['status'];
  vignettesAnswered: number;
  passRule: PassRule;
  timeLimitMinutes: number;
  /** The item versions it holds, in order (multiple choice first, then vignettes). */
  itemIds: string[];
  createdBy: string | null;
  at: string;
}

export async function insertForm(db: Q, v: FormValues): Promise<ExamFormRow> {
  const row: ExamFormTable = {
    id: newId(),
    association_id: v.associationId,
    name: v.name,
    exam: v.exam,
    category: v.category,
    status: v.status,
    vignettes_answered: v.vignettesAnswered,
    pass_rule: toJson(v.passRule),
    time_limit_minutes: v.timeLimitMinutes,
    created_by: v.createdBy,
    created_at: v.at,
  };
  await db.insertInto('exam_form').values(row).execute();
  if (v.itemIds.length)
    await db
      .insertInto('exam_form_item')
      .values(v.itemIds.map((item_id, position) => ({ form_id: row.id, item_id, position })))
      .execute();
  return formRow(row);
}

export async function setFormStatus(db: Q, id: string, status: ExamFormRow['status']): Promise<void> {
  await db.updateTable('exam_form').set({ status }).where('id', '=', id).execute();
}

export async function findForm(db: Q, associationId: string, id: string): Promise<ExamFormRow | undefined> {
  const row = await db
    .selectFrom('exam_form')
    .selectAll()
    .where('id', '=', id)
    .where('association_id', '=', associationId)
    .executeTakeFirst();
  return row && formRow(row);
}

/** The forms (not drafts) an item version is on: why it is not edited in place. */
export async function formsWithItem(db: Q, itemId: string): Promise<ExamFormRow[]> {
  const rows = await db
    .selectFrom('exam_form_item')
    .innerJoin('exam_form', 'exam_form.id', 'exam_form_item.form_id')
    .selectAll('exam_form')
    .where('exam_form_item.item_id', '=', itemId)
    .orderBy('exam_form.created_at')
    .execute();
  return rows.map(formRow);
}

/** How many items each form of the association holds. */
export async function formItemCounts(db: Q, associationId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('exam_form_item')
    .innerJoin('exam_form', 'exam_form.id', 'exam_form_item.form_id')
    .select(['exam_form.id as id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('exam_form.association_id', '=', associationId)
    .groupBy('exam_form.id')
    .execute();
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

export async function formsOf(db: Q, associationId: string): Promise<ExamFormRow[]> {
  const rows = await db
    .selectFrom('exam_form')
    .selectAll()
    .where('association_id', '=', associationId)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map(formRow);
}

/** The item versions of a form, in order, keys included: for scoring and administration only. */
export async function formItems(db: Q, formId: string): Promise<ExamItemRow[]> {
  const rows = await db
    .selectFrom('exam_form_item')
    .innerJoin('exam_item', 'exam_item.id', 'exam_form_item.item_id')
    .selectAll('exam_item')
    .where('exam_form_item.form_id', '=', formId)
    .orderBy('exam_form_item.position')
    .execute();
  return rows.map(itemRow);
}
