// The exam's item bank: multiple-choice items and essay vignettes, written and
// kept by the association's exam administrators (the exam-scorer role and
// admins). Every view and change of the bank is audited; its keys are read
// only here and by scoring, never sent to an applicant, reviewer or advisor.
import { z } from 'zod';
import { competencyDomains } from '../catalogs/competencies.ts';
import type { AuditAction } from '../domain/audit-actions.ts';
import { essayCategories, examNames, itemStatuses } from '../domain/exam.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import {
  codesWithPrefix,
  type ExamItemRow,
  insertItem,
  type ItemKind,
} from '../db/repositories/exam-bank.ts';
import { timestamp } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import type { Kysely } from 'kysely';
import type { Actor } from '../policies/index.ts';
import type { Services } from './context.ts';
import { AppError } from './errors.ts';
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
  return services.db.kysely.transaction().execute(async (tx) => {
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
      at: timestamp(now),
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
  });
}
