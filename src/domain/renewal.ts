// An endorsement's renewal year, as a function of the calendar (issue 12):
// when it is due, which reminders are owed on a day, when the grace period
// ends and the endorsement lapses, whether a late fee applies, and how long
// an inactive pause may last; what a renewal record goes through, and where
// an endorsement stands in its association's renewal year. Pure: days in,
// days out (YYYY-MM-DD, UTC). The association's numbers are its settings;
// nothing here invents one.

export interface RenewalSettings {
  /** `anniversary` of the grant, or a fixed day every year (`12-31`). */
  dueDay: 'anniversary' | `${number}-${number}`;
  /** Days before the due date on which a reminder goes (60, 30, 7). */
  remindBefore: readonly number[];
  /** Days after the due date on which a reminder goes, while renewing is still possible. */
  remindAfter: readonly number[];
  /** Days after the due date in which renewing is still possible, with the late fee. */
  graceDays: number;
  /** The longest inactive pause, in days (unset: the association allows none). */
  inactiveLimitDays: number | undefined;
}

const DAY = 86_400_000;
const toTime = (day: string) => Date.parse(`${day}T00:00:00Z`);
const fromTime = (t: number) => new Date(t).toISOString().slice(0, 10);

/** Whether `text` is a day of the calendar as YYYY-MM-DD (2027-02-30 is not). */
export const isDay = (text: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(toTime(text)) && fromTime(toTime(text)) === text;

/** `day` moved by `days` (negative: earlier). */
export const addDays = (day: string, days: number): string => fromTime(toTime(day) + days * DAY);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number =>
  Math.round((toTime(to) - toTime(from)) / DAY);

/** The same month and day `years` on, 28 February standing for a 29th that year has not. */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y + years, m - 1, d));
  if (next.getUTCMonth() !== m - 1) next.setUTCDate(0);
  return next.toISOString().slice(0, 10);
}

/**
 * The first due date of an endorsement granted on `grantedOn`: a year on
 * for the anniversary; for a fixed day, the first such day at least a year
 * after the grant, so no one renews within months of being endorsed.
 */
export function firstDueOn(settings: Pick<RenewalSettings, 'dueDay'>, grantedOn: string): string {
  const aYearOn = addYears(grantedOn, 1);
  if (settings.dueDay === 'anniversary') return aYearOn;
  const year = Number(aYearOn.slice(0, 4));
  const fixed = (y: number) => addYears(`${y - 1}-${settings.dueDay}`, 1);
  return fixed(year) >= aYearOn ? fixed(year) : fixed(year + 1);
}

/** The due date after a renewal: the same day a year on (renewing late does not move the cycle). */
export const nextDueOn = (dueOn: string): string => addYears(dueOn, 1);

/** The renewal year judged for a due date: the twelve months ending on it. */
export const renewalYearOf = (dueOn: string): { from: string; to: string } => ({
  from: addDays(addYears(dueOn, -1), 1),
  to: dueOn,
});

export type RenewalPhase = 'not-due' | 'due' | 'grace' | 'lapsed';

/**
 * Where `on` falls for a due date: `due` from the first reminder's day up
 * to and including the due date, `grace` after it for the grace period,
 * `lapsed` once that has ended.
 */
export function renewalPhase(
  settings: Pick<RenewalSettings, 'remindBefore' | 'graceDays'>,
  dueOn: string,
  on: string,
): RenewalPhase {
  const until = daysBetween(on, dueOn);
  if (until >= 0) return until <= Math.max(0, ...settings.remindBefore) ? 'due' : 'not-due';
  return -until <= settings.graceDays ? 'grace' : 'lapsed';
}

/** The day the endorsement lapses when not renewed: the day after the grace period. */
export const lapsesOn = (settings: Pick<RenewalSettings, 'graceDays'>, dueOn: string): string =>
  addDays(dueOn, settings.graceDays + 1);

/** Whether renewing on `on` owes the late fee: after the due date. */
export const lateOn = (dueOn: string, on: string): boolean => on > dueOn;

/** A reminder by its offset from the due date: `-60` is 60 days before, `7` a week after. */
export type ReminderOffset = number;

/**
 * The reminder owed on `on`, if any: the latest scheduled one whose day has
 * come and that is later than every one sent. A job that missed days sends
 * only that one (nobody gets three at once), and never one it skipped
 * afterwards; none once the grace period has ended.
 */
export function remindersOwed(
  settings: Pick<RenewalSettings, 'remindBefore' | 'remindAfter' | 'graceDays'>,
  dueOn: string,
  on: string,
  sent: readonly ReminderOffset[],
): ReminderOffset[] {
  if (renewalPhase(settings, dueOn, on) === 'lapsed') return [];
  const now = daysBetween(dueOn, on);
  const before = settings.remindBefore.map((d) => -d);
  const after = settings.remindAfter.filter((d) => d <= settings.graceDays);
  const last = sent.length ? Math.max(...sent) : -Infinity;
  const come = [...before, ...after].filter((o) => o <= now && o > last).sort((a, b) => a - b);
  const latest = come.at(-1);
  return latest === undefined ? [] : [latest];
}

/** Why an inactive pause from `from` to `to` is refused, or undefined when it is allowed. */
export function inactivePauseRefusal(
  settings: Pick<RenewalSettings, 'inactiveLimitDays'>,
  from: string,
  to: string,
): 'not-allowed' | 'ends-before-it-starts' | 'too-long' | undefined {
  if (settings.inactiveLimitDays === undefined) return 'not-allowed';
  if (to < from) return 'ends-before-it-starts';
  return daysBetween(from, to) + 1 > settings.inactiveLimitDays ? 'too-long' : undefined;
}

/** The renewal years an endorsee missed, lapsed or inactive, up to `on`: each judged for reinstatement. */
export function yearsMissed(dueOn: string, on: string): { from: string; to: string }[] {
  const years: { from: string; to: string }[] = [];
  for (let due = dueOn; due <= on; due = nextDueOn(due)) years.push(renewalYearOf(due));
  return years;
}

/** The first due date after `on`, from a due date missed: where the cycle resumes after a reinstatement. */
export function nextDueAfter(dueOn: string, on: string): string {
  let due = dueOn;
  while (due <= on) due = nextDueOn(due);
  return due;
}

/** The due date that counts for lapse and the late fee: an extension granted moves it on, never back. */
export const effectiveDueOn = (dueOn: string, extendedTo: string | undefined): string =>
  extendedTo && extendedTo > dueOn ? extendedTo : dueOn;

/**
 * A renewal record: the endorsee's renewal of one due date, or their request
 * to be reinstated after a lapse or a pause.
 * - renewal: `renewed` at once, or `audit` when drawn for audit, until every
 *   entry claimed is accepted;
 * - reinstatement: `requested` until the coordinator reinstates (`renewed`).
 */
export const renewalKinds = ['renewal', 'reinstatement'] as const;
export type RenewalKind = (typeof renewalKinds)[number];
export const renewalStatuses = ['audit', 'requested', 'renewed'] as const;
export type RenewalStatus = (typeof renewalStatuses)[number];

/** Whether a renewal drawn `draw` (uniform in [0, 1)) is audited, at the association's share in percent. */
export const drawnForAudit = (auditPercent: number, draw: number): boolean => draw * 100 < auditPercent;

/** An entry claimed in an audited renewal: proof uploaded or not, then accepted or rejected by a coordinator. */
export const auditDecisions = ['pending', 'accepted', 'rejected'] as const;
export type AuditDecision = (typeof auditDecisions)[number];

/** An audit is over when every entry claimed is accepted. */
export const auditPassed = (entries: readonly { decision: string }[]): boolean =>
  entries.length > 0 && entries.every((e) => e.decision === 'accepted');

/** Where an endorsement stands in its renewal year, as the coordinator's year page counts it. */
export const renewalStandings = [
  'renewed',
  'due-met',
  'due-missing',
  'grace',
  'lapsed',
  'inactive',
  'audited',
] as const;
export type RenewalStanding = (typeof renewalStandings)[number];

/**
 * The standing of an endorsement whose due date falls in the year: by its
 * renewal record when there is one, else by its status, else by the phase of
 * its due date and whether the checklist is met. Suspended, revoked and
 * transferred endorsements are not in the renewal year (undefined).
 */
export function renewalStanding(e: {
  status: string;
  renewal: { kind: RenewalKind; status: RenewalStatus } | undefined;
  phase: RenewalPhase;
  checklistMet: boolean;
}): RenewalStanding | undefined {
  if (e.renewal?.kind === 'renewal') return e.renewal.status === 'renewed' ? 'renewed' : 'audited';
  if (e.status === 'lapsed') return 'lapsed';
  if (e.status === 'inactive') return 'inactive';
  if (e.status !== 'active') return undefined;
  if (e.phase === 'grace' || e.phase === 'lapsed') return 'grace';
  return e.checklistMet ? 'due-met' : 'due-missing';
}
