// Exam forms: a fixed selection of N multiple-choice items and the vignettes
// of one essay category (the applicant answers K of the M offered), with a
// pass rule and a time limit, the association's settings by default. A form
// is composed as a draft and made ready; a ready form is fixed and can be sat.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import { essayCategories, examNames, passCombinations } from '../domain/exam.ts';
import {
  type ExamFormRow,
  type ExamItemRow,
  findForm,
  formItemCounts,
  formItems,
  formsOf,
  insertForm,
  itemVersions,
  searchItems,
  setFormStatus,
} from '../db/repositories/exam-bank.ts';
import { findItem } from '../db/repositories/exam-bank.ts';
import { rosterOf, sittingsOfForm } from '../db/repositories/exam-sittings.ts';
import { timestamp } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import type { Kysely } from 'kysely';
import type { Actor } from '../policies/index.ts';
import { examSettingsOf } from './association-settings.ts';
import type { Services } from './context.ts';
import { AppError, DomainError, notFound } from './errors.ts';
import { auditBank, authorizeBank } from './exam-bank.ts';

export const formInput = z.object({
  name: z.string().trim().min(1, 'name the form').max(200),
  exam: z.enum(examNames),
  category: z.enum(essayCategories),
  /**
   * The item versions it holds (multiple choice and vignettes, in order); when
   * absent, `draw` picks them at random from the active items.
   */
  itemIds: z.array(z.string()).max(1000).optional(),
  /** Or the codes of the items: the latest version of each. */
  itemCodes: z.array(z.string().trim().min(1)).max(1000).optional(),
  draw: z
    .object({
      /** Left out: the association's settings. */
      mcItems: z
        .number()
        .int()
        .min(1, 'draw at least 1 multiple-choice item')
        .max(500, 'draw at most 500 items')
        .optional(),
      vignettes: z
        .number()
        .int()
        .min(1, 'draw at least 1 vignette')
        .max(10, 'draw at most 10 vignettes')
        .optional(),
    })
    .optional(),
  vignettesAnswered: z.number().int().min(1).max(10).optional(),
  passRule: z
    .object({
      mcPercent: z.number().min(1).max(100),
      essayPoints: z.number().min(0).max(1000),
      combine: z.enum(passCombinations),
    })
    .optional(),
  timeLimitMinutes: z.number().int().min(10).max(600).optional(),
});
export type FormInput = z.input<typeof formInput>;

/** Draws `n` of `items` at random (all of them when there are no more). */
function drawn<T>(items: readonly T[], n: number): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}

/** What keeps the selection from being sat, in words; undefined when it can be. */
function selectionProblem(
  form: Pick<ExamFormRow, 'exam' | 'category' | 'vignettesAnswered'>,
  items: readonly ExamItemRow[],
): string | undefined {
  const mc = items.filter((i) => i.kind === 'multiple-choice');
  const vignettes = items.filter((i) => i.kind === 'vignette');
  const foreign = items.find((i) => i.exam !== form.exam);
  if (foreign) return `${foreign.code} belongs to the other exam`;
  const otherCategory = vignettes.find((v) => v.category !== form.category);
  if (otherCategory) return `vignette ${otherCategory.code} is for another category`;
  if (mc.length === 0) return 'the form has no multiple-choice items';
  if (vignettes.length < form.vignettesAnswered)
    return `the form offers ${vignettes.length} vignette${vignettes.length === 1 ? '' : 's'} and the applicant answers ${form.vignettesAnswered}`;
  const inactive = items.find((i) => i.status !== 'active');
  if (inactive) return `${inactive.code} (version ${inactive.version}) is ${inactive.status}, not active`;
  return undefined;
}

/** Composes a draft form from chosen items, or drawn at random from the active ones. */
export async function composeForm(
  actor: Actor | undefined,
  associationId: string,
  input: FormInput,
  services: Services,
  now: Date = new Date(),
): Promise<ExamFormRow> {
  authorizeBank(actor, 'examForm.compose', associationId);
  const parsed = formInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError('invalid', issue.message, issue.path.join('.') || 'form');
  }
  const v = parsed.data;
  const settings = await examSettingsOf(services, associationId);
  const db = services.db.kysely;
  let items: ExamItemRow[];
  if (v.itemIds) {
    items = [];
    for (const id of v.itemIds) {
      const item = await findItem(db, associationId, id);
      if (!item) throw new AppError('invalid', `no item ${id} in the bank`, 'itemIds');
      items.push(item);
    }
  } else if (v.itemCodes) {
    items = [];
    for (const itemCode of v.itemCodes) {
      const latest = (await itemVersions(db, associationId, itemCode))[0];
      if (!latest) throw new AppError('invalid', `no item ${itemCode} in the bank`, 'itemCodes');
      items.push(latest);
    }
  } else {
    const draw = {
      mcItems: v.draw?.mcItems ?? settings.mcItems,
      vignettes: v.draw?.vignettes ?? settings.vignettesOffered,
    };
    const active = (kind: 'multiple-choice' | 'vignette') =>
      searchItems(db, associationId, { kind, exam: v.exam, status: 'active', limit: 100_000 });
    const mc = (await active('multiple-choice')).items;
    const vignettes = (await active('vignette')).items.filter((i) => i.category === v.category);
    if (mc.length < draw.mcItems)
      throw new AppError(
        'invalid',
        `the bank has ${mc.length} active items for this exam; the form needs ${draw.mcItems}`,
        'draw.mcItems',
      );
    if (vignettes.length < draw.vignettes)
      throw new AppError(
        'invalid',
        `the bank has ${vignettes.length} active vignettes for this category; the form needs ${draw.vignettes}`,
        'draw.vignettes',
      );
    items = [...drawn(mc, draw.mcItems), ...drawn(vignettes, draw.vignettes)];
  }
  const mcFirst = [
    ...items.filter((i) => i.kind === 'multiple-choice'),
    ...items.filter((i) => i.kind === 'vignette'),
  ];
  return db.transaction().execute(async (tx) => {
    const form = await insertForm(tx, {
      associationId,
      name: v.name,
      exam: v.exam,
      category: v.category,
      status: 'draft',
      vignettesAnswered: v.vignettesAnswered ?? settings.vignettesAnswered,
      passRule: v.passRule ?? {
        mcPercent: settings.mcPassPercent,
        essayPoints: settings.essayPassPoints,
        combine: settings.passCombine,
      },
      timeLimitMinutes: v.timeLimitMinutes ?? settings.timeLimitMinutes,
      itemIds: mcFirst.map((i) => i.id),
      createdBy: actor.userId,
      at: timestamp(now),
    });
    await auditBank(
      tx,
      actor,
      associationId,
      'exam-form.create',
      { type: 'exam-form', id: form.id },
      {
        name: form.name,
        items: mcFirst.map((i) => `${i.code} v${i.version}`),
      },
    );
    return form;
  });
}

/** Makes a draft form ready to be sat: from then on it and its items are fixed. */
export async function readyForm(
  actor: Actor | undefined,
  associationId: string,
  formId: string,
  services: Services,
): Promise<ExamFormRow> {
  authorizeBank(actor, 'examForm.compose', associationId);
  const db = services.db.kysely;
  const form = await findForm(db, associationId, formId);
  if (!form) throw notFound('The exam form');
  if (form.status !== 'draft')
    throw new DomainError('EXAM_ITEM_IN_USE', `the form is ${form.status} already`, 'form');
  const problem = selectionProblem(form, await formItems(db, form.id));
  if (problem) throw new AppError('invalid', `the form cannot be made ready: ${problem}`, 'form');
  await db.transaction().execute(async (tx) => {
    await setFormStatus(tx, form.id, 'ready');
    await auditBank(
      tx,
      actor,
      associationId,
      'exam-form.ready',
      { type: 'exam-form', id: form.id },
      { status: 'ready' },
      { status: 'draft' },
    );
  });
  return { ...form, status: 'ready' };
}

/** The association's forms, the latest first, with how many items each holds; audited. */
export async function listForms(
  actor: Actor | undefined,
  associationId: string,
  services: Services,
): Promise<Array<ExamFormRow & { items: number }>> {
  authorizeBank(actor, 'examBank.read', associationId);
  const db = services.db.kysely;
  const counts = await formItemCounts(db, associationId);
  const forms = (await formsOf(db, associationId)).map((f) => ({ ...f, items: counts.get(f.id) ?? 0 }));
  await auditBank(
    db,
    actor,
    associationId,
    'exam-bank.read',
    { type: 'exam-form', id: associationId },
    {
      forms: forms.length,
    },
  );
  return forms;
}

/**
 * Where a form is sat, for its exam administrators: each sitting, whether it
 * has started (its item statistics follow), and for one in person the sheets
 * still to enter (the registrations of this form not yet entered).
 */
export interface FormSitting {
  id: string;
  startsAt: string;
  mode: 'online' | 'in-person';
  place: string;
  cancelled: boolean;
  started: boolean;
  sheetsToEnter: Array<{ registrationId: string; applicantName: string }>;
}

async function sittingsOf(db: Kysely<Database>, form: ExamFormRow, now: Date): Promise<FormSitting[]> {
  const sittings = await sittingsOfForm(db, form.associationId, form.id);
  return Promise.all(
    sittings.map(async (s) => {
      const started = s.startsAt <= timestamp(now);
      const roster = started && s.mode === 'in-person' ? await rosterOf(db, s.id) : [];
      return {
        id: s.id,
        startsAt: s.startsAt,
        mode: s.mode,
        place: s.place,
        cancelled: s.status === 'cancelled',
        started,
        sheetsToEnter: roster
          .filter((r) => r.formId === form.id && r.status === 'registered')
          .map((r) => ({ registrationId: r.id, applicantName: r.applicantName })),
      };
    }),
  );
}

/** A form with its items in order, keys included, and where it is sat: for exam administrators only; audited. */
export async function viewForm(
  actor: Actor | undefined,
  associationId: string,
  formId: string,
  services: Services,
  now: Date = new Date(),
): Promise<{
  form: ExamFormRow;
  items: ExamItemRow[];
  problem: string | undefined;
  sittings: FormSitting[];
}> {
  authorizeBank(actor, 'examBank.read', associationId);
  const db = services.db.kysely;
  const form = await findForm(db, associationId, formId);
  if (!form) throw notFound('The exam form');
  const items = await formItems(db, form.id);
  await auditBank(
    db,
    actor,
    associationId,
    'exam-bank.read',
    { type: 'exam-form', id: form.id },
    {
      name: form.name,
    },
  );
  return {
    form,
    items,
    problem: form.status === 'draft' ? selectionProblem(form, items) : undefined,
    sittings: await sittingsOf(db, form, now),
  };
}

/** Retires a form: it is no longer offered for new sittings (those sat keep it). */
export async function retireForm(
  actor: Actor | undefined,
  associationId: string,
  formId: string,
  services: Services,
): Promise<ExamFormRow> {
  authorizeBank(actor, 'examForm.compose', associationId);
  const db = services.db.kysely;
  const form = await findForm(db, associationId, formId);
  if (!form) throw notFound('The exam form');
  if (form.status === 'retired')
    throw new DomainError('EXAM_ITEM_IN_USE', 'the form is retired already', 'form');
  await db.transaction().execute(async (tx) => {
    await setFormStatus(tx, form.id, 'retired');
    await auditBank(
      tx,
      actor,
      associationId,
      'exam-form.retire',
      { type: 'exam-form', id: form.id },
      { status: 'retired' },
      { status: form.status },
    );
  });
  return { ...form, status: 'retired' };
}
