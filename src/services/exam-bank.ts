// The exam's item bank: multiple-choice items and essay vignettes, written and
// kept by the association's exam administrators (the exam-scorer role and
// admins). Every view and change of the bank is audited; its keys are read
// only here and by scoring, never sent to an applicant, reviewer or advisor.
import { z } from 'zod';
import { competencyDomains } from '../catalogs/competencies.ts';
import type { AuditAction } from '../domain/audit-actions.ts';
import { essayCategories, examNames, type ItemStatus, itemStatuses, optionLetter } from '../domain/exam.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import {
  codesWithPrefix,
  type ExamFormRow,
  type ExamItemRow,
  findItem,
  formsWithItem,
  insertItem,
  type ItemKind,
  type ItemSearch,
  itemInUse,
  itemVersions,
  searchItems,
  setItemStatus,
  updateItem,
} from '../db/repositories/exam-bank.ts';
import { timestamp } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import type { Kysely } from 'kysely';
import type { Actor } from '../policies/index.ts';
import type { Services } from './context.ts';
import { AppError, notFound } from './errors.ts';
import { authorizeFound } from './scope.ts';

const domainIds = competencyDomains.map((d) => d.id) as [string, ...string[]];

const code = z
  .string()
  .trim()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/,
    'a code is letters, digits, dots, dashes or underscores (at most 40)',
  );

/** A multiple-choice item as written: stem, options, the key, the domains it tests. */
export const multipleChoiceInput = z.object({
  kind: z.literal('multiple-choice'),
  code: code.optional(),
  exam: z.enum(examNames),
  status: z.enum(itemStatuses).default('draft'),
  text: z.string().trim().min(1, 'write the stem').max(4000),
  options: z
    .array(z.string().trim().min(1, 'an option is empty').max(1000))
    .min(2, 'give at least two options')
    .max(8, 'at most eight options'),
  /** The right option, 0-based. */
  answerKey: z.number().int().min(0),
  domains: z.array(z.enum(domainIds)).min(1, 'name the competency domain it tests'),
});

/** An essay vignette: its text, category, exam and rubric. */
export const vignetteInput = z.object({
  kind: z.literal('vignette'),
  code: code.optional(),
  exam: z.enum(examNames),
  status: z.enum(itemStatuses).default('draft'),
  text: z.string().trim().min(1, 'write the vignette').max(20_000),
  category: z.enum(essayCategories),
  domains: z.array(z.enum(domainIds)).default([]),
  rubric: z
    .array(
      z.object({
        criterion: z.string().trim().min(1, 'name the criterion').max(1000),
        points: z.number().int().min(1, 'a criterion is worth at least 1 point').max(100),
      }),
    )
    .min(1, 'give the rubric at least one criterion')
    .max(20),
});

export const itemInput = z
  .discriminatedUnion('kind', [multipleChoiceInput, vignetteInput])
  .superRefine((item, ctx) => {
    if (item.kind === 'multiple-choice' && item.answerKey >= item.options.length)
      ctx.addIssue({
        code: 'custom',
        path: ['answerKey'],
        message: `the key must be one of the ${item.options.length} options`,
      });
  });
export type ItemInput = z.input<typeof itemInput>;

/** Codes made for items written without one: MC-0001 for multiple choice, V-0001 for vignettes. */
const codePrefix: Record<ItemKind, string> = { 'multiple-choice': 'MC-', vignette: 'V-' };

async function nextCode(db: Kysely<Database>, associationId: string, kind: ItemKind): Promise<string> {
  const prefix = codePrefix[kind];
  const used = (await codesWithPrefix(db, associationId, prefix))
    .map((c) => Number(c.slice(prefix.length)))
    .filter(Number.isInteger);
  return `${prefix}${String(Math.max(0, ...used) + 1).padStart(4, '0')}`;
}

/** Authorizes `action` on the association's exam bank; anyone else finds no such page. */
export function authorizeBank(
  actor: Actor | undefined,
  action:
    'examBank.read' | 'examBank.edit' | 'examForm.compose' | 'examStatistics.read' | 'examItem.discount',
  associationId: string,
): asserts actor is Actor {
  authorizeFound(actor, action, { associationId }, 'The exam bank');
}

export async function auditBank(
  db: Kysely<Database>,
  actor: Actor,
  associationId: string,
  action: AuditAction,
  subject: { type: string; id: string },
  after: Record<string, unknown> = {},
  before?: Record<string, unknown>,
): Promise<void> {
  await appendAudit(db, {
    actorId: actor.userId,
    associationId,
    subjectType: subject.type,
    subjectId: subject.id,
    action,
    ...(before ? { before } : {}),
    after,
  });
}

/** Parses an item as written; a clear error names the field at fault. */
export function parseItem(input: unknown): z.output<typeof itemInput> {
  const parsed = itemInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid', issue.message, issue.path.join('.') || 'form');
  }
  return parsed.data;
}

/** Adds an item to the bank as its first version (a code is made when none is given). */
export async function createItem(
  actor: Actor | undefined,
  associationId: string,
  input: unknown,
  services: Services,
  now: Date = new Date(),
): Promise<ExamItemRow> {
  authorizeBank(actor, 'examBank.edit', associationId);
  const item = parseItem(input);
  return services.db.kysely
    .transaction()
    .execute((tx) => createItemIn(tx, actor, associationId, item, timestamp(now)));
}

/** Adds a parsed item as its first version, inside `tx`. */
export async function createItemIn(
  tx: Kysely<Database>,
  actor: Actor,
  associationId: string,
  item: z.output<typeof itemInput>,
  at: string,
): Promise<ExamItemRow> {
  const itemCode = item.code ?? (await nextCode(tx, associationId, item.kind));
  if (item.code && (await codesWithPrefix(tx, associationId, item.code)).includes(item.code))
    throw new AppError(
      'invalid',
      `the bank has an item ${item.code} already: change that item instead`,
      'code',
    );
  const created = await insertItem(tx, {
    associationId,
    ...item,
    code: itemCode,
    version: 1,
    createdBy: actor.userId,
    at,
  });
  await auditBank(
    tx,
    actor,
    associationId,
    'exam-item.create',
    { type: 'exam-item', id: created.id },
    {
      code: created.code,
      version: 1,
      kind: created.kind,
      status: created.status,
    },
  );
  return created;
}

// ---------------------------------------------------------------------------
// An item written as flat fields: the columns of the CSV and the names of the
// page's form fields are the same, so one reading serves both and an error
// names the column (or field) at fault.

/** option_a … option_h: the options of a multiple-choice item, in order. */
export const optionColumns = Array.from({ length: 8 }, (_, i) => `option_${optionLetter(i).toLowerCase()}`);
export const itemColumns = [
  'code',
  'kind',
  'exam',
  'status',
  'text',
  ...optionColumns,
  'key',
  'domains',
  'category',
  'rubric',
] as const;
export type ItemFields = Partial<Record<string, string>>;

const invalid = (field: string, message: string) => new AppError('invalid', message, field);

/** "criterion: points; criterion: points" (or one criterion a line), read into the rubric. */
export function parseRubric(text: string): Array<{ criterion: string; points: number }> {
  return text
    .split(/[;\n]/)
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.lastIndexOf(':');
      const points = at < 0 ? NaN : Number(part.slice(at + 1).trim());
      if (at < 0 || !Number.isInteger(points))
        throw invalid(
          'rubric',
          `write each criterion as "criterion: points" ("${part}" has no whole points)`,
        );
      return { criterion: part.slice(0, at).trim(), points };
    });
}

export const rubricText = (rubric: ReadonlyArray<{ criterion: string; points: number }>): string =>
  rubric.map((r) => `${r.criterion}: ${r.points}`).join('; ');

/** The zod path of an item's problem as the column (or form field) it was written in. */
function columnOf(path: string): string {
  const [head, index] = path.split('.');
  if (head === 'options' && index !== undefined) return optionColumns[Number(index)] ?? 'option_a';
  if (head === 'options') return 'option_a';
  if (head === 'answerKey') return 'key';
  return head || 'text';
}

/** Reads an item from its flat fields; an error names the column at fault. */
export function parseItemFields(fields: ItemFields): z.output<typeof itemInput> {
  const get = (name: string) => (fields[name] ?? '').trim();
  const kind = get('kind') || 'multiple-choice';
  const options: string[] = [];
  let gap: string | undefined;
  for (const column of optionColumns) {
    const value = get(column);
    if (value && gap)
      throw invalid(gap, `${gap} is empty but a later option is not: fill the options in order`);
    if (value) options.push(value);
    else gap ??= column;
  }
  const domains = get('domains')
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
  const unknown = domains.find((d) => !domainIds.includes(d));
  if (unknown)
    throw invalid('domains', `"${unknown}" is not a competency domain: use ids such as ${domainIds[0]}`);
  let input: Record<string, unknown>;
  if (kind === 'multiple-choice') {
    const key = get('key').toUpperCase();
    const answerKey = key.length === 1 ? key.charCodeAt(0) - 65 : -1;
    if (!key) throw invalid('key', 'give the key: the letter of the right option');
    if (answerKey < 0 || answerKey > 7)
      throw invalid('key', `the key "${get('key')}" is not a letter A to H`);
    if (get('category') || get('rubric'))
      throw invalid(
        get('category') ? 'category' : 'rubric',
        'a multiple-choice item has no category or rubric',
      );
    input = { kind, options, answerKey };
  } else if (kind === 'vignette') {
    if (options.length || get('key'))
      throw invalid(options.length ? 'option_a' : 'key', 'a vignette has no options or key');
    input = { kind, category: get('category') || undefined, rubric: parseRubric(get('rubric')) };
  } else throw invalid('kind', `the kind "${kind}" is neither multiple-choice nor vignette`);
  try {
    return parseItem({
      ...input,
      code: get('code') || undefined,
      exam: get('exam') || undefined,
      status: get('status') || undefined,
      text: get('text'),
      domains,
    });
  } catch (e) {
    if (e instanceof AppError && e.field) throw invalid(columnOf(e.field), e.message);
    throw e;
  }
}

/** An item as its flat fields (for the CSV and to fill the page's form). */
export function itemFields(item: ExamItemRow): Record<(typeof itemColumns)[number], string> {
  const fields = Object.fromEntries(itemColumns.map((c) => [c, ''])) as Record<
    (typeof itemColumns)[number],
    string
  >;
  Object.assign(fields, {
    code: item.code,
    kind: item.kind,
    exam: item.exam,
    status: item.status,
    text: item.text,
    domains: item.domains.join(';'),
  });
  item.options.forEach((o, i) => ((fields as Record<string, string>)[optionColumns[i]!] = o));
  if (item.kind === 'multiple-choice' && item.answerKey !== null) fields.key = optionLetter(item.answerKey);
  if (item.kind === 'vignette') {
    fields.category = item.category ?? '';
    fields.rubric = rubricText(item.rubric);
  }
  return fields;
}

// ---------------------------------------------------------------------------
// Reading the bank.

export interface BankSearch extends Pick<ItemSearch, 'kind' | 'exam' | 'status' | 'domain' | 'text'> {
  page?: number;
}
export const bankPageSize = 50;

/** A page of the bank's items (the latest version of each) matching the search; audited. */
export async function searchBank(
  actor: Actor | undefined,
  associationId: string,
  search: BankSearch,
  services: Services,
): Promise<{ items: ExamItemRow[]; total: number; page: number; pages: number }> {
  authorizeBank(actor, 'examBank.read', associationId);
  const page = Math.max(1, search.page ?? 1);
  const { page: _page, ...filters } = search;
  const db = services.db.kysely;
  const found = await searchItems(db, associationId, {
    ...filters,
    limit: bankPageSize,
    offset: (page - 1) * bankPageSize,
  });
  await auditBank(
    db,
    actor,
    associationId,
    'exam-bank.read',
    { type: 'exam-bank', id: associationId },
    {
      search: { ...filters, page },
      found: found.total,
    },
  );
  return { ...found, page, pages: Math.max(1, Math.ceil(found.total / bankPageSize)) };
}

/** One item version with every version of its code, and the forms it is on; audited. */
export async function readItem(
  actor: Actor | undefined,
  associationId: string,
  itemId: string,
  services: Services,
): Promise<{ item: ExamItemRow; versions: ExamItemRow[]; forms: ExamFormRow[]; inUse: boolean }> {
  authorizeBank(actor, 'examBank.read', associationId);
  const db = services.db.kysely;
  const item = await findItem(db, associationId, itemId);
  if (!item) throw notFound('The exam item');
  const versions = await itemVersions(db, associationId, item.code);
  const forms = await formsWithItem(db, item.id);
  await auditBank(
    db,
    actor,
    associationId,
    'exam-bank.read',
    { type: 'exam-item', id: item.id },
    {
      code: item.code,
      version: item.version,
    },
  );
  return { item, versions, forms, inUse: forms.some((f) => f.status !== 'draft') };
}

// ---------------------------------------------------------------------------
// Changing an item.

type ParsedItem = z.output<typeof itemInput>;

/** The content of an item, to tell whether a change changes anything. */
const content = (i: {
  exam: string;
  text: string;
  options?: readonly string[];
  answerKey?: number | null;
  domains: readonly string[];
  category?: string | null;
  rubric?: ReadonlyArray<{ criterion: string; points: number }>;
}) =>
  JSON.stringify([
    i.exam,
    i.text,
    i.options ?? [],
    i.answerKey ?? null,
    [...i.domains].sort(),
    i.category ?? null,
    (i.rubric ?? []).map((r) => [r.criterion, r.points]),
  ]);

export interface Revision {
  item: ExamItemRow;
  /** in-place: the draft changed; version: a new version made; unchanged: nothing to change. */
  outcome: 'in-place' | 'version' | 'unchanged';
}

/**
 * Revises the latest version of an item, inside `tx`: a draft on no ready
 * form changes in place; an item in use or active is never edited in place:
 * the change makes the next version under the same code (active in place of
 * an active one, which retires).
 */
export async function reviseItemIn(
  tx: Kysely<Database>,
  actor: Actor,
  latest: ExamItemRow,
  change: ParsedItem,
  at: string,
): Promise<Revision> {
  if (change.kind !== latest.kind)
    throw invalid('kind', `${latest.code} is a ${latest.kind} item: its kind cannot change`);
  const next = {
    exam: change.exam,
    text: change.text,
    domains: change.domains,
    ...(change.kind === 'multiple-choice'
      ? { options: change.options, answerKey: change.answerKey }
      : { category: change.category, rubric: change.rubric }),
  };
  if (content(next) === content(latest)) return { item: latest, outcome: 'unchanged' };
  const before = { version: latest.version, status: latest.status, ...pick(latest) };
  const subject = (id: string) => ({ type: 'exam-item', id });
  if (latest.status === 'draft' && !(await itemInUse(tx, latest.id))) {
    await updateItem(tx, latest.id, { code: latest.code, ...next, at });
    const item: ExamItemRow = { ...latest, ...next, updatedAt: at };
    await auditBank(
      tx,
      actor,
      latest.associationId,
      'exam-item.update',
      subject(latest.id),
      pick(item),
      before,
    );
    return { item, outcome: 'in-place' };
  }
  const status: ItemStatus = latest.status === 'active' ? 'active' : 'draft';
  const item = await insertItem(tx, {
    associationId: latest.associationId,
    code: latest.code,
    version: latest.version + 1,
    kind: latest.kind,
    status,
    ...next,
    createdBy: actor.userId,
    at,
  });
  if (latest.status === 'active') await setItemStatus(tx, latest.id, 'retired', at);
  await auditBank(
    tx,
    actor,
    latest.associationId,
    'exam-item.version',
    subject(item.id),
    {
      version: item.version,
      status,
      ...pick(item),
      ...(latest.status === 'active' ? { retired: latest.id } : {}),
    },
    before,
  );
  return { item, outcome: 'version' };
}

/** What the audit keeps of an item's content (the key included: the audit is read by administrators only). */
const pick = (i: ExamItemRow) => ({
  code: i.code,
  exam: i.exam,
  text: i.text,
  ...(i.kind === 'multiple-choice'
    ? { options: i.options, answerKey: i.answerKey }
    : { category: i.category, rubric: i.rubric }),
  domains: i.domains,
});

async function latestOf(db: Kysely<Database>, associationId: string, itemId: string): Promise<ExamItemRow> {
  const item = await findItem(db, associationId, itemId);
  if (!item) throw notFound('The exam item');
  const latest = (await itemVersions(db, associationId, item.code))[0]!;
  if (latest.id !== item.id)
    throw invalid(
      'form',
      `this is version ${item.version} of ${item.code}; change the latest, version ${latest.version}`,
    );
  return latest;
}

/** Revises an item from its page's fields (the code and status are not changed here). */
export async function reviseItem(
  actor: Actor | undefined,
  associationId: string,
  itemId: string,
  fields: ItemFields,
  services: Services,
  now: Date = new Date(),
): Promise<Revision> {
  return revise(actor, associationId, itemId, services, now, (latest) =>
    parseItemFields({ ...fields, code: latest.code, status: latest.status, kind: latest.kind }),
  );
}

/** Revises an item from its content as written in JSON (the API); the code, kind and status stay. */
export async function reviseItemWith(
  actor: Actor | undefined,
  associationId: string,
  itemId: string,
  input: unknown,
  services: Services,
  now: Date = new Date(),
): Promise<Revision> {
  const given = input && typeof input === 'object' ? input : {};
  return revise(actor, associationId, itemId, services, now, (latest) =>
    parseItem({ ...given, code: latest.code, status: latest.status, kind: latest.kind }),
  );
}

async function revise(
  actor: Actor | undefined,
  associationId: string,
  itemId: string,
  services: Services,
  now: Date,
  parse: (latest: ExamItemRow) => ParsedItem,
): Promise<Revision> {
  authorizeBank(actor, 'examBank.edit', associationId);
  return services.db.kysely.transaction().execute(async (tx) => {
    const latest = await latestOf(tx, associationId, itemId);
    return reviseItemIn(tx, actor, latest, parse(latest), timestamp(now));
  });
}

/** The status changes an item may take: a draft is made active (or retired), an active item retired. */
const statusSteps: Record<ItemStatus, readonly ItemStatus[]> = {
  draft: ['active', 'retired'],
  active: ['retired'],
  retired: [],
};

/** Changes the status of an item's latest version, inside `tx`. */
export async function setStatusIn(
  tx: Kysely<Database>,
  actor: Actor,
  item: ExamItemRow,
  status: ItemStatus,
  at: string,
): Promise<ExamItemRow> {
  if (status === item.status) return item;
  if (!statusSteps[item.status].includes(status))
    throw invalid(
      'status',
      item.status === 'retired'
        ? `${item.code} is retired: change it to make a new draft version instead`
        : `${item.code} is ${item.status}: it cannot go back to ${status}`,
    );
  await setItemStatus(tx, item.id, status, at);
  await auditBank(
    tx,
    actor,
    item.associationId,
    'exam-item.status',
    { type: 'exam-item', id: item.id },
    { code: item.code, version: item.version, status },
    { status: item.status },
  );
  return { ...item, status, updatedAt: at };
}

/** Makes an item active or retires it (its latest version). */
export async function changeItemStatus(
  actor: Actor | undefined,
  associationId: string,
  itemId: string,
  status: string,
  services: Services,
  now: Date = new Date(),
): Promise<ExamItemRow> {
  authorizeBank(actor, 'examBank.edit', associationId);
  const wanted = itemStatuses.find((s) => s === status);
  if (!wanted) throw invalid('status', 'choose draft, active or retired');
  return services.db.kysely.transaction().execute(async (tx) => {
    const latest = await latestOf(tx, associationId, itemId);
    return setStatusIn(tx, actor, latest, wanted, timestamp(now));
  });
}

/** Adds an item written as flat fields (the page's form). */
export const createItemFromFields = (
  actor: Actor | undefined,
  associationId: string,
  fields: ItemFields,
  services: Services,
  now: Date = new Date(),
): Promise<ExamItemRow> => {
  authorizeBank(actor, 'examBank.edit', associationId);
  return createItem(actor, associationId, parseItemFields(fields), services, now);
};
