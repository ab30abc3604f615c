// Fees due on an application, the payments a coordinator records against
// them, and waivers: a coordinator may waive a fee, with a reason, and nothing
// more is then due on it.
import { authorizeApplication } from './scope.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import {
  type FeeDueRow,
  type FeeKind,
  feesDueOf,
  findFeeDue,
  insertFeeDue,
  insertPayment,
  type ScheduledFee,
  waiveFeeDue,
} from '../db/repositories/fees.ts';
import { timestamp } from '../db/portable.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type Actor } from '../policies/index.ts';
import type { Services } from './context.ts';
import { AppError, DomainError } from './errors.ts';

export {
  feeKindLabels,
  formatMoney,
  parseMoney,
  type PaymentMethod,
  paymentMethodLabels,
  paymentMethods,
  stillDueCents,
} from '../domain/fees.ts';
import { feeKindLabels, formatMoney, type PaymentMethod, stillDueCents } from '../domain/fees.ts';

const feeName = (due: FeeDueRow) => (feeKindLabels[due.kind] ?? due.kind).toLowerCase();

/**
 * Records the scheduled fees of `kinds` as due on the application, each once
 * (a kind already due is left as it is) and only when it is more than
 * nothing; returns those it added.
 */
export async function recordFeesDue(
  tx: Kysely<Database>,
  applicationId: string,
  fee: ScheduledFee,
  kinds: readonly FeeKind[],
): Promise<FeeDueRow[]> {
  const already = new Set((await feesDueOf(tx, applicationId)).map((d) => d.kind));
  const amounts: Record<FeeKind, number> = {
    application: fee.applicationCents,
    processing: fee.processingCents,
    // A retake's fee is the association's exam setting, added when the retake is registered.
    'exam-retake': 0,
  };
  const added: FeeDueRow[] = [];
  for (const kind of kinds)
    if (amounts[kind] > 0 && !already.has(kind))
      added.push(
        await insertFeeDue(tx, { applicationId, kind, amountCents: amounts[kind], currency: fee.currency }),
      );
  return added;
}

/** The application's fees due with their payments, for the applicant and the association's staff. */
export async function applicationFees(actor: Actor | undefined, applicationId: string, services: Services) {
  const { application } = await authorizeApplication(actor, applicationId, 'application.read', services);
  return feesDueOf(services.db.kysely, application.id);
}

/** The application a payment is recorded on, if the actor may record payments on it (in `associationId`). */
export async function paymentTarget(
  actor: Actor | undefined,
  applicationId: string,
  associationId: string,
  services: Services,
) {
  return authorizeApplication(actor, applicationId, 'payment.record', services, associationId);
}

export async function recordPayment(
  actor: Actor | undefined,
  input: {
    applicationId: string;
    associationId: string;
    feeDueId: string;
    amountCents: number;
    method: PaymentMethod;
    note: string | null;
  },
  services: Services,
) {
  const db = services.db.kysely;
  const { application, actor: recorder } = await paymentTarget(
    actor,
    input.applicationId,
    input.associationId,
    services,
  );
  return db.transaction().execute(async (tx) => {
    const due = await findFeeDue(tx, input.feeDueId);
    if (!due || due.applicationId !== application.id)
      throw new AppError('invalid', 'choose one of the fees due on this application', 'feeDue');
    if (due.waivedAt)
      throw new DomainError('FEE_SETTLED', `the ${feeName(due)} was waived: nothing is due on it`, 'feeDue');
    const paid = (await feesDueOf(tx, application.id)).find((f) => f.id === due.id)?.paidCents ?? 0;
    const left = due.amountCents - paid;
    if (input.amountCents > left)
      throw new AppError(
        'invalid',
        left > 0
          ? `that is more than the ${formatMoney(left, due.currency)} still due on the ${feeKindLabels[due.kind]?.toLowerCase() ?? due.kind}`
          : `the ${feeKindLabels[due.kind]?.toLowerCase() ?? due.kind} is paid in full already`,
        'amount',
      );
    const id = await insertPayment(tx, {
      feeDueId: due.id,
      amountCents: input.amountCents,
      method: input.method,
      note: input.note,
      recordedBy: recorder.userId,
    });
    await appendAudit(tx, {
      actorId: recorder.userId,
      associationId: application.associationId,
      subjectType: 'application',
      subjectId: application.id,
      action: 'payment.record',
      after: {
        payment: id,
        fee: due.kind,
        amount: formatMoney(input.amountCents, due.currency),
        method: input.method,
        ...(input.note ? { note: input.note } : {}),
      },
    });
    return { id, due, amountCents: input.amountCents, paidInFull: input.amountCents === left };
  });
}

/** The application a fee is waived on, if the actor may waive fees on it (in `associationId`). */
export async function waiverTarget(
  actor: Actor | undefined,
  applicationId: string,
  associationId: string,
  services: Services,
) {
  return authorizeApplication(actor, applicationId, 'fee.waive', services, associationId);
}

/** Waives a fee due on the application, with the coordinator's reason; refused (FEE_SETTLED) once paid or waived. */
export async function waiveFee(
  actor: Actor | undefined,
  input: { applicationId: string; associationId: string; feeDueId: string; reason: string },
  services: Services,
) {
  const { application, actor: coordinator } = await waiverTarget(
    actor,
    input.applicationId,
    input.associationId,
    services,
  );
  const reason = input.reason.trim();
  if (!reason) throw new AppError('invalid', 'say why the fee is waived', 'reason');
  return services.db.kysely.transaction().execute(async (tx) => {
    const due = (await feesDueOf(tx, application.id)).find((f) => f.id === input.feeDueId);
    if (!due) throw new AppError('invalid', 'choose one of the fees due on this application', 'feeDue');
    if (due.waivedAt)
      throw new DomainError('FEE_SETTLED', `the ${feeName(due)} was waived already`, 'feeDue');
    if (due.paidCents >= due.amountCents)
      throw new DomainError('FEE_SETTLED', `the ${feeName(due)} is paid in full already`, 'feeDue');
    const at = timestamp();
    if (!(await waiveFeeDue(tx, due.id, { at, by: coordinator.userId, reason })))
      throw new DomainError('FEE_SETTLED', `the ${feeName(due)} was waived meanwhile`, 'feeDue');
    await appendAudit(tx, {
      actorId: coordinator.userId,
      associationId: application.associationId,
      subjectType: 'application',
      subjectId: application.id,
      action: 'fee.waive',
      before: { fee: due.kind, stillDue: formatMoney(stillDueCents(due), due.currency) },
      after: { fee: due.kind, waived: true, reason },
    });
    return { due, at };
  });
}
