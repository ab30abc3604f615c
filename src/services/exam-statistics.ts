// Item statistics after a sitting, for exam administrators: for each
// multiple-choice item of the forms sat there, its difficulty (share right),
// discrimination (point-biserial), the options no one chose and why it is
// flagged; and discounting an item for the sitting, which rescores every
// attempt there (a fail may become a pass; a pass stays a pass). Reading the
// statistics is audited like every view of the bank.
import { findAttempt } from '../db/repositories/exam-attempts.ts';
import { type ExamFormRow, findForm, formItems } from '../db/repositories/exam-bank.ts';
import { discountsWithReasons, insertDiscount, sittingAnswers } from '../db/repositories/exam-reads.ts';
import { findSitting, lockSitting, type SittingRow } from '../db/repositories/exam-sittings.ts';
import { timestamp } from '../db/portable.ts';
import { type ItemStatistic, itemStatistics } from '../domain/exam.ts';
import type { Actor } from '../policies/index.ts';
import type { Services } from './context.ts';
import { AppError, notFound } from './errors.ts';
import { auditBank, authorizeBank } from './exam-bank.ts';
import { scoreAttempt } from './exam-scoring.ts';

type Db = Services['db']['kysely'];

export interface ItemRowStatistic extends ItemStatistic {
  code: string;
  version: number;
  text: string;
  options: string[];
  key: number;
  domains: string[];
  discounted: { reason: string; at: string } | undefined;
}

export interface SittingStatistics {
  sitting: SittingRow;
  forms: Array<{ form: ExamFormRow; attempts: number; items: ItemRowStatistic[] }>;
}

async function sittingOf(db: Db, associationId: string, sittingId: string) {
  const sitting = await findSitting(db, associationId, sittingId);
  if (!sitting) throw notFound('The sitting');
  return sitting;
}

/** The multiple-choice items of each form sat at the sitting, with their keys. */
async function formsOf(db: Db, sitting: SittingRow) {
  return Promise.all(
    sitting.formIds.map(async (id) => {
      const form = (await findForm(db, sitting.associationId, id))!;
      const items = (await formItems(db, id)).filter(
        (i) => i.kind === 'multiple-choice' && i.answerKey !== null,
      );
      return { form, items };
    }),
  );
}

/** Each item's statistics over the sitting's submitted attempts, form by form (audited). */
export async function sittingStatistics(
  actor: Actor | undefined,
  associationId: string,
  sittingId: string,
  services: Services,
): Promise<SittingStatistics> {
  authorizeBank(actor, 'examStatistics.read', associationId);
  const db = services.db.kysely;
  const sitting = await sittingOf(db, associationId, sittingId);
  const answers = await sittingAnswers(db, sitting.id);
  const discounts = new Map((await discountsWithReasons(db, sitting.id)).map((d) => [d.itemId, d]));
  const forms = (await formsOf(db, sitting)).map(({ form, items }) => {
    const attempts = answers.filter((a) => a.formId === form.id);
    const stats = itemStatistics(
      items.map((i) => ({ id: i.id, key: i.answerKey!, domains: i.domains, options: i.options.length })),
      attempts,
    );
    return {
      form,
      attempts: attempts.length,
      items: items.map((item, n) => ({
        ...stats[n]!,
        code: item.code,
        version: item.version,
        text: item.text,
        options: item.options,
        key: item.answerKey!,
        domains: item.domains,
        discounted: discounts.get(item.id),
      })),
    };
  });
  await auditBank(
    db,
    actor,
    associationId,
    'exam-statistics.read',
    { type: 'exam-sitting', id: sitting.id },
    { attempts: answers.length },
  );
  return { sitting, forms };
}

/**
 * Discounts an item for the sitting (the reason is required) and rescores
 * every attempt there in the same transaction; says how many now pass.
 */
export async function discountItem(
  actor: Actor | undefined,
  associationId: string,
  sittingId: string,
  input: { item?: unknown; reason?: unknown },
  services: Services,
  now: Date = new Date(),
): Promise<{ code: string; rescored: number; nowPassing: number }> {
  authorizeBank(actor, 'examItem.discount', associationId);
  const at = timestamp(now);
  return services.db.kysely.transaction().execute(async (tx) => {
    const sitting = await sittingOf(tx, associationId, sittingId);
    await lockSitting(tx, sitting.id);
    const item = (await formsOf(tx, sitting)).flatMap((f) => f.items).find((i) => i.id === input.item);
    if (!item) throw new AppError('invalid', 'Choose an item of this sitting to discount', 'item');
    const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
    if (!reason) throw new AppError('invalid', `Enter why ${item.code} is discounted`, 'reason');
    if (reason.length > 2000)
      throw new AppError('invalid', 'The reason must be at most 2,000 characters', 'reason');
    if (!(await insertDiscount(tx, { sittingId: sitting.id, itemId: item.id, reason, by: actor.userId, at })))
      throw new AppError('invalid', `${item.code} is discounted for this sitting already`, 'item');
    await auditBank(
      tx,
      actor,
      associationId,
      'exam-item.discount',
      { type: 'exam-item', id: item.id },
      { sittingId: sitting.id, code: item.code, version: item.version, reason },
    );
    let nowPassing = 0;
    const attempts = await sittingAnswers(tx, sitting.id);
    for (const { attemptId } of attempts) {
      const before = (await findAttempt(tx, attemptId))!.result;
      const state = await scoreAttempt(tx, services, attemptId, at);
      if (state.status === 'scored' && state.result === 'passed' && before !== 'passed') nowPassing += 1;
    }
    return { code: item.code, rescored: attempts.length, nowPassing };
  });
}
