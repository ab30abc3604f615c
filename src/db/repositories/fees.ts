// Fees: the association's schedule (fee), the amounts due on a submitted
// application (fee_due) and the payments a coordinator records against them.
import type { Kysely } from 'kysely';
import { newId, timestamp, toNumber } from '../portable.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export const feeKinds = ['application', 'processing', 'exam-retake'] as const;
export type FeeKind = (typeof feeKinds)[number];

export interface ScheduledFee {
  applicationCents: number;
  processingCents: number;
  currency: string;
  source: string;
}

/** The association's fees for a credential, or undefined when its schedule has none. */
export async function scheduledFee(
  db: Q,
  associationId: string,
  credential: string,
): Promise<ScheduledFee | undefined> {
  const row = await db
    .selectFrom('fee')
    .select(['application_cents', 'processing_cents', 'currency', 'source'])
    .where('association_id', '=', associationId)
    .where('credential', '=', credential)
    .executeTakeFirst();
  return (
    row && {
      applicationCents: toNumber(row.application_cents),
      processingCents: toNumber(row.processing_cents),
      currency: row.currency,
      source: row.source,
    }
  );
}

export interface FeeDueRow {
  id: string;
  applicationId: string;
  kind: string;
  amountCents: number;
  currency: string;
  createdAt: string;
  /** Set when a coordinator waived the fee: nothing more is due on it. */
  waivedAt: string | null;
  waiveReason: string | null;
}

export async function insertFeeDue(
  db: Q,
  values: { applicationId: string; kind: FeeKind; amountCents: number; currency: string },
): Promise<FeeDueRow> {
  const row = {
    id: newId(),
    application_id: values.applicationId,
    kind: values.kind,
    amount_cents: values.amountCents,
    currency: values.currency,
    created_at: timestamp(),
  };
  await db.insertInto('fee_due').values(row).execute();
  return {
    id: row.id,
    applicationId: row.application_id,
    kind: row.kind,
    amountCents: row.amount_cents,
    currency: row.currency,
    createdAt: row.created_at,
    waivedAt: null,
    waiveReason: null,
  };
}

export interface PaymentRow {
  id: string;
  feeDueId: string;
  amountCents: number;
  method: string;
  note: string | null;
  recordedBy: string;
  recordedByName: string | null;
  recordedAt: string;
}

export interface FeeDueWithPayments extends FeeDueRow {
  payments: PaymentRow[];
  paidCents: number;
  waivedByName: string | null;
}

/** The application's fees due (application fee first), each with the payments recorded against it. */
export async function feesDueOf(db: Q, applicationId: string): Promise<FeeDueWithPayments[]> {
  const dues = await db
    .selectFrom('fee_due')
    .leftJoin('user', 'user.id', 'fee_due.waived_by')
    .selectAll('fee_due')
    .select('user.name as waived_by_name')
    .where('application_id', '=', applicationId)
    .orderBy('fee_due.created_at')
    .orderBy('fee_due.kind')
    .execute();
  if (!dues.length) return [];
  const payments = await db
    .selectFrom('payment')
    .leftJoin('user', 'user.id', 'payment.recorded_by')
    .select([
      'payment.id',
      'payment.fee_due_id',
      'payment.amount_cents',
      'payment.method',
      'payment.note',
      'payment.recorded_by',
      'user.name as recorded_by_name',
      'payment.recorded_at',
    ])
    .where(
      'payment.fee_due_id',
      'in',
      dues.map((d) => d.id),
    )
    .orderBy('payment.recorded_at')
    .execute();
  const order = (kind: string) => (kind === 'application' ? 0 : kind === 'processing' ? 1 : 2);
  return dues
    .map((d) => {
      const own = payments
        .filter((p) => p.fee_due_id === d.id)
        .map((p): PaymentRow => ({
          id: p.id,
          feeDueId: p.fee_due_id,
          amountCents: toNumber(p.amount_cents),
          method: p.method,
          note: p.note,
          recordedBy: p.recorded_by,
          recordedByName: p.recorded_by_name,
          recordedAt: p.recorded_at,
        }));
      return {
        id: d.id,
        applicationId: d.application_id,
        kind: d.kind,
        amountCents: toNumber(d.amount_cents),
        currency: d.currency,
        createdAt: d.created_at,
        waivedAt: d.waived_at,
        waiveReason: d.waive_reason,
        waivedByName: d.waived_by_name,
        payments: own,
        paidCents: own.reduce((s, p) => s + p.amountCents, 0),
      };
    })
    .sort((a, b) => order(a.kind) - order(b.kind));
}

export async function findFeeDue(db: Q, id: string): Promise<FeeDueRow | undefined> {
  const row = await db.selectFrom('fee_due').selectAll().where('id', '=', id).executeTakeFirst();
  return (
    row && {
      id: row.id,
      applicationId: row.application_id,
      kind: row.kind,
      amountCents: toNumber(row.amount_cents),
      currency: row.currency,
      createdAt: row.created_at,
      waivedAt: row.waived_at,
      waiveReason: row.waive_reason,
    }
  );
}

/** Waives a fee due unless it is waived already (of two waivers at once, one wins); returns whether this one did. */
export async function waiveFeeDue(
  db: Q,
  id: string,
  waiver: { at: string; by: string; reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('fee_due')
    .set({ waived_at: waiver.at, waived_by: waiver.by, waive_reason: waiver.reason })
    .where('id', '=', id)
    .where('waived_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function insertPayment(
  db: Q,
  values: { feeDueId: string; amountCents: number; method: string; note: string | null; recordedBy: string },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('payment')
    .values({
      id,
      fee_due_id: values.feeDueId,
      amount_cents: values.amountCents,
      method: values.method,
      note: values.note,
      recorded_by: values.recordedBy,
      recorded_at: timestamp(),
    })
    .execute();
  return id;
}
