// Exam sittings, the applications registered for them, and the
// accommodations granted to an application.
import type { Kysely } from 'kysely';
import type { ExamName } from '../../domain/exam.ts';
import { fromFlag, fromJson, newId, toFlag, toJson, toNumber } from '../portable.ts';
import type { Database, ExamRegistrationTable, ExamSittingTable } from '../schema.ts';

type Q = Kysely<Database>;

export type SittingMode = 'online' | 'in-person';

export interface SittingRow {
  id: string;
  associationId: string;
  exam: ExamName;
  startsAt: string;
  mode: SittingMode;
  place: string;
  capacity: number;
  status: 'scheduled' | 'cancelled';
  /** The forms sat here, one per essay category. */
  formIds: string[];
  createdAt: string;
}

const sittingRow = (r: ExamSittingTable): SittingRow => ({
  id: r.id,
  associationId: r.association_id,
  exam: r.exam as ExamName,
  startsAt: r.starts_at,
  mode: r.mode as SittingMode,
  place: r.place,
  capacity: toNumber(r.capacity),
  status: r.status as SittingRow['status'],
  formIds: fromJson<string[]>(r.form_ids) ?? [],
  createdAt: r.created_at,
});

export interface SittingValues {
  associationId: string;
  exam: ExamName;
  startsAt: string;
  mode: SittingMode;
  place: string;
  capacity: number;
  formIds: string[];
  createdBy: string | null;
  at: string;
}

export async function insertSitting(db: Q, v: SittingValues): Promise<SittingRow> {
  const row: ExamSittingTable = {
    id: newId(),
    association_id: v.associationId,
    exam: v.exam,
    starts_at: v.startsAt,
    mode: v.mode,
    place: v.place,
    capacity: v.capacity,
    status: 'scheduled',
    form_ids: toJson(v.formIds),
    created_by: v.createdBy,
    created_at: v.at,
  };
  await db.insertInto('exam_sitting').values(row).execute();
  return sittingRow(row);
}

export async function updateSitting(
  db: Q,
  id: string,
  v: Partial<Pick<SittingValues, 'startsAt' | 'mode' | 'place' | 'capacity' | 'formIds'>> & {
    status?: SittingRow['status'];
  },
): Promise<void> {
  await db
    .updateTable('exam_sitting')
    .set({
      ...(v.startsAt !== undefined ? { starts_at: v.startsAt } : {}),
      ...(v.mode !== undefined ? { mode: v.mode } : {}),
      ...(v.place !== undefined ? { place: v.place } : {}),
      ...(v.capacity !== undefined ? { capacity: v.capacity } : {}),
      ...(v.formIds !== undefined ? { form_ids: toJson(v.formIds) } : {}),
      ...(v.status !== undefined ? { status: v.status } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function findSitting(db: Q, associationId: string, id: string): Promise<SittingRow | undefined> {
  const row = await db
    .selectFrom('exam_sitting')
    .selectAll()
    .where('id', '=', id)
    .where('association_id', '=', associationId)
    .executeTakeFirst();
  return row && sittingRow(row);
}

export async function findSittingById(db: Q, id: string): Promise<SittingRow | undefined> {
  const row = await db.selectFrom('exam_sitting').selectAll().where('id', '=', id).executeTakeFirst();
  return row && sittingRow(row);
}

/** The association's sittings from `from` on (all when undefined), soonest first, with seats taken. */
export async function sittingsOf(
  db: Q,
  associationId: string,
  from?: string,
): Promise<Array<SittingRow & { registered: number }>> {
  let q = db
    .selectFrom('exam_sitting')
    .selectAll('exam_sitting')
    .select((eb) =>
      eb
        .selectFrom('exam_registration')
        .select(eb.fn.countAll<number | string>().as('n'))
        .whereRef('exam_registration.sitting_id', '=', 'exam_sitting.id')
        .where('exam_registration.status', 'in', ['registered', 'sat'])
        .as('registered'),
    )
    .where('association_id', '=', associationId);
  if (from) q = q.where('starts_at', '>=', from);
  const rows = await q.orderBy('starts_at').orderBy('id').execute();
  return rows.map((r) => ({ ...sittingRow(r), registered: toNumber(r.registered ?? 0) }));
}

/**
 * Holds the sitting's row until the transaction ends (a write that changes
 * nothing takes the row lock on PostgreSQL and the write lock on SQLite), so
 * seats are counted and taken one registration at a time.
 */
export async function lockSitting(db: Q, id: string): Promise<void> {
  await db
    .updateTable('exam_sitting')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', id)
    .execute();
}

/** The association's sittings where the form is sat (ids are UUIDs: a quoted match is exact), soonest first. */
export async function sittingsOfForm(db: Q, associationId: string, formId: string): Promise<SittingRow[]> {
  const rows = await db
    .selectFrom('exam_sitting')
    .selectAll()
    .where('association_id', '=', associationId)
    .where('form_ids', 'like', `%${JSON.stringify(formId)}%`)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
  return rows.map(sittingRow);
}

/** Seats taken at the sitting (registered or sat). */
export async function seatsTaken(db: Q, sittingId: string): Promise<number> {
  const row = await db
    .selectFrom('exam_registration')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('sitting_id', '=', sittingId)
    .where('status', 'in', ['registered', 'sat'])
    .executeTakeFirstOrThrow();
  return toNumber(row.n);
}

export type RegistrationStatus = 'registered' | 'sat' | 'rescheduled' | 'no-show' | 'cancelled';

export interface RegistrationRow {
  id: string;
  sittingId: string;
  applicationId: string;
  formId: string;
  attempt: number;
  status: RegistrationStatus;
  registeredBy: string | null;
  registeredAt: string;
  endedAt: string | null;
  endReason: string | null;
}

const registrationRow = (r: ExamRegistrationTable): RegistrationRow => ({
  id: r.id,
  sittingId: r.sitting_id,
  applicationId: r.application_id,
  formId: r.form_id,
  attempt: toNumber(r.attempt),
  status: r.status as RegistrationStatus,
  registeredBy: r.registered_by,
  registeredAt: r.registered_at,
  endedAt: r.ended_at,
  endReason: r.end_reason,
});

export async function insertRegistration(
  db: Q,
  v: {
    sittingId: string;
    applicationId: string;
    formId: string;
    attempt: number;
    by: string | null;
    at: string;
  },
): Promise<RegistrationRow> {
  const row: ExamRegistrationTable = {
    id: newId(),
    sitting_id: v.sittingId,
    application_id: v.applicationId,
    form_id: v.formId,
    attempt: v.attempt,
    status: 'registered',
    registered_by: v.by,
    registered_at: v.at,
    ended_at: null,
    end_reason: null,
  };
  await db.insertInto('exam_registration').values(row).execute();
  return registrationRow(row);
}

/**
 * Ends or moves a registration from `from` to `to` with compare-and-set;
 * false when its status was no longer `from`.
 */
export async function changeRegistration(
  db: Q,
  id: string,
  change: { from: RegistrationStatus; to: RegistrationStatus; at: string; reason?: string },
): Promise<boolean> {
  const ends = change.to !== 'registered' && change.to !== 'sat';
  const result = await db
    .updateTable('exam_registration')
    .set({
      status: change.to,
      ...(ends ? { ended_at: change.at, end_reason: change.reason ?? null } : {}),
    })
    .where('id', '=', id)
    .where('status', '=', change.from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The application's registration waiting to be sat, if any. */
export async function liveRegistration(db: Q, applicationId: string): Promise<RegistrationRow | undefined> {
  const row = await db
    .selectFrom('exam_registration')
    .selectAll()
    .where('application_id', '=', applicationId)
    .where('status', '=', 'registered')
    .executeTakeFirst();
  return row && registrationRow(row);
}

export async function findRegistration(db: Q, id: string): Promise<RegistrationRow | undefined> {
  const row = await db.selectFrom('exam_registration').selectAll().where('id', '=', id).executeTakeFirst();
  return row && registrationRow(row);
}

/** Every registration of the application, the first first. */
export async function registrationsOf(db: Q, applicationId: string): Promise<RegistrationRow[]> {
  const rows = await db
    .selectFrom('exam_registration')
    .selectAll()
    .where('application_id', '=', applicationId)
    .orderBy('registered_at')
    .orderBy('id')
    .execute();
  return rows.map(registrationRow);
}

/** The registrations of a sitting that hold a seat, with the applicant's name (for the coordinator's roster). */
export async function rosterOf(
  db: Q,
  sittingId: string,
): Promise<Array<RegistrationRow & { applicantName: string; applicantEmail: string; credential: string }>> {
  const rows = await db
    .selectFrom('exam_registration')
    .innerJoin('application', 'application.id', 'exam_registration.application_id')
    .innerJoin('user', 'user.id', 'application.user_id')
    .selectAll('exam_registration')
    .select(['user.name as applicantName', 'user.email as applicantEmail', 'application.credential'])
    .where('exam_registration.sitting_id', '=', sittingId)
    .orderBy('user.name')
    .orderBy('exam_registration.id')
    .execute();
  return rows.map((r) => ({
    ...registrationRow(r),
    applicantName: r.applicantName,
    applicantEmail: r.applicantEmail,
    credential: r.credential,
  }));
}

export interface Accommodation {
  /** 1.5 for time and a half; 1 for none. */
  extraTime: number;
  breakMinutes: number;
  largeText: boolean;
  paper: boolean;
  note: string | null;
  grantedBy: string | null;
  grantedAt: string;
}

export async function findAccommodation(db: Q, applicationId: string): Promise<Accommodation | undefined> {
  const r = await db
    .selectFrom('exam_accommodation')
    .selectAll()
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
  return (
    r && {
      extraTime: toNumber(r.extra_time),
      breakMinutes: toNumber(r.break_minutes),
      largeText: fromFlag(r.large_text),
      paper: fromFlag(r.paper),
      note: r.note,
      grantedBy: r.granted_by,
      grantedAt: r.granted_at,
    }
  );
}

export async function writeAccommodation(db: Q, applicationId: string, a: Accommodation): Promise<void> {
  const values = {
    extra_time: a.extraTime,
    break_minutes: a.breakMinutes,
    large_text: toFlag(a.largeText),
    paper: toFlag(a.paper),
    note: a.note,
    granted_by: a.grantedBy,
    granted_at: a.grantedAt,
  };
  await db
    .insertInto('exam_accommodation')
    .values({ application_id: applicationId, ...values })
    .onConflict((oc) => oc.column('application_id').doUpdateSet(values))
    .execute();
}

/** Registrations still to be sat at scheduled sittings starting after `from` and no later than `to`, with the sitting. */
export async function registrationsBefore(
  db: Q,
  from: string,
  to: string,
): Promise<Array<{ registration: RegistrationRow; sitting: SittingRow }>> {
  const rows = await db
    .selectFrom('exam_registration')
    .innerJoin('exam_sitting', 'exam_sitting.id', 'exam_registration.sitting_id')
    .selectAll('exam_registration')
    .select([
      'exam_sitting.association_id as s_association_id',
      'exam_sitting.exam as s_exam',
      'exam_sitting.starts_at as s_starts_at',
      'exam_sitting.mode as s_mode',
      'exam_sitting.place as s_place',
      'exam_sitting.capacity as s_capacity',
      'exam_sitting.status as s_status',
      'exam_sitting.form_ids as s_form_ids',
      'exam_sitting.created_by as s_created_by',
      'exam_sitting.created_at as s_created_at',
    ])
    .where('exam_registration.status', '=', 'registered')
    .where('exam_sitting.status', '=', 'scheduled')
    .where('exam_sitting.starts_at', '>', from)
    .where('exam_sitting.starts_at', '<=', to)
    .orderBy('exam_sitting.starts_at')
    .orderBy('exam_registration.id')
    .execute();
  return rows.map((r) => ({
    registration: registrationRow(r),
    sitting: sittingRow({
      id: r.sitting_id,
      association_id: r.s_association_id,
      exam: r.s_exam,
      starts_at: r.s_starts_at,
      mode: r.s_mode,
      place: r.s_place,
      capacity: r.s_capacity,
      status: r.s_status,
      form_ids: r.s_form_ids,
      created_by: r.s_created_by,
      created_at: r.s_created_at,
    }),
  }));
}

/**
 * The association's applications of `credentials` in `statuses` that hold no
 * registration waiting to be sat, with the applicant's name: those a
 * coordinator may register for a sitting.
 */
export async function applicationsToRegister(
  db: Q,
  associationId: string,
  credentials: readonly string[],
  statuses: readonly string[],
): Promise<Array<{ id: string; credential: string; status: string; applicantName: string }>> {
  if (!credentials.length) return [];
  return db
    .selectFrom('application')
    .innerJoin('user', 'user.id', 'application.user_id')
    .select(['application.id', 'application.credential', 'application.status', 'user.name as applicantName'])
    .where('application.association_id', '=', associationId)
    .where('application.credential', 'in', [...credentials])
    .where('application.status', 'in', [...statuses])
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('exam_registration')
            .select('exam_registration.id')
            .whereRef('exam_registration.application_id', '=', 'application.id')
            .where('exam_registration.status', '=', 'registered'),
        ),
      ),
    )
    .orderBy('user.name')
    .orderBy('application.id')
    .execute();
}
