// Where an endorsement stands in its renewal year, and the engine's renewal
// checklist for it. The person's portfolio is judged once for all their
// endorsements, so hours entered once count for every endorsement they fit.
// The checklist of a renewal is the year ending on the due date (extended to
// the end of an extension); a reinstatement's is every year missed since.
import { findAssociation } from '../db/repositories/associations.ts';
import type { EndorsementRow } from '../db/repositories/endorsements.ts';
import { type ExtensionRow, type PauseRow, type RenewalRow } from '../db/repositories/renewals.ts';
import {
  effectiveDueOn,
  lapsesOn,
  type RenewalKind,
  renewalStanding,
  type RenewalStatus,
  lateOn,
  renewalPhase,
  type RenewalPhase,
  renewalYearOf,
  yearsMissed,
} from '../domain/renewal.ts';
import {
  type PortfolioInput,
  PortfolioError,
  type PortfolioProblem,
  preparePortfolio,
} from '../engine/portfolio.ts';
import { evaluateRenewal, type RenewalResult } from '../index.ts';
import { type RenewalSettings, renewalSettingsOf } from './association-settings.ts';
import { personPortfolio } from './application-portfolio.ts';
import type { Services } from './context.ts';
import { unmetOf } from './endorsements.ts';
import { withHeldEndorsements } from './held-endorsements.ts';

/** The person's portfolio as renewal reads it: their entries and Endorse's records, no application's parts. */
export async function renewalPortfolio(userId: string, services: Services): Promise<PortfolioInput> {
  const { references: _r, agreements: _a, exam: _e, ...declared } = await personPortfolio(userId, services);
  const [portfolio] = await withHeldEndorsements([declared], userId, services);
  return portfolio!;
}

/** The day `now` falls on (UTC), as renewal counts days. */
export const dayOf = (now: Date): string => now.toISOString().slice(0, 10);

/** An endorsement's renewal year as the calendar and its records place it, before any checklist. */
export interface RenewalPosition {
  dueOn: string;
  /** The extension of this due date, if a coordinator granted one. */
  extension: ExtensionRow | undefined;
  /** The due date that counts for lapse and the late fee. */
  effectiveDueOn: string;
  phase: RenewalPhase;
  lapsesOn: string;
  late: boolean;
  /** The years judged: the renewal year, or for a reinstatement every year missed. */
  years: { from: string; to: string }[];
}

export function renewalPosition(
  endorsement: EndorsementRow,
  settings: RenewalSettings,
  extension: ExtensionRow | undefined,
  on: string,
): RenewalPosition {
  const dueOn = endorsement.renewalDueOn;
  const effective = effectiveDueOn(dueOn, extension?.untilOn);
  const year = renewalYearOf(dueOn);
  const restoring = endorsement.status === 'lapsed' || endorsement.status === 'inactive';
  return {
    dueOn,
    extension,
    effectiveDueOn: effective,
    phase: renewalPhase(settings, effective, on),
    lapsesOn: lapsesOn(settings, effective),
    late: lateOn(effective, on),
    years: restoring ? yearsMissed(dueOn, on) : [{ from: year.from, to: effective }],
  };
}

export interface RenewalChecklist {
  /** One result per year judged (a renewal: one). */
  results: RenewalResult[];
  met: boolean;
  /** What is still missing, in the engine's words, every year together. */
  unmet: string[];
  /** Why the portfolio could not be judged (a stored entry the format refuses). */
  problems: PortfolioProblem[];
}

/** The engine's renewal checklist of an endorsement over the years of its position. */
export function renewalChecklist(
  portfolio: PortfolioInput | ReturnType<typeof preparePortfolio>,
  slug: string,
  credential: string,
  position: Pick<RenewalPosition, 'years'>,
): RenewalChecklist {
  try {
    const prepared = preparePortfolio(portfolio);
    const results = position.years.map((y) =>
      evaluateRenewal(prepared, { association: slug, credential, from: y.from, to: y.to }),
    );
    const unmet = results.flatMap((r) =>
      unmetOf({ ...r, on: r.to }).map((u) => (results.length > 1 ? `${r.from} to ${r.to}: ${u}` : u)),
    );
    return { results, met: results.every((r) => r.status === 'met'), unmet, problems: [] };
  } catch (e) {
    if (e instanceof PortfolioError) return { results: [], met: false, unmet: [], problems: e.problems };
    throw e;
  }
}

/** The fees a renewal or reinstatement records as due now (none where the association sets none). */
export function renewalFees(
  settings: RenewalSettings,
  kind: 'renewal' | 'reinstatement',
  late: boolean,
): { feeCents: number | null; lateFeeCents: number | null } {
  return kind === 'reinstatement'
    ? { feeCents: settings.reinstatementFeeCents, lateFeeCents: null }
    : { feeCents: settings.feeCents, lateFeeCents: late ? settings.lateFeeCents : null };
}

export interface EndorsementRenewal {
  endorsement: EndorsementRow;
  association: { id: string; slug: string; name: string };
  settings: RenewalSettings;
  position: RenewalPosition;
  checklist: RenewalChecklist;
  /** The record of this due date (renewed, under audit, or a reinstatement requested). */
  renewal: RenewalRow | undefined;
  pause: PauseRow | undefined;
}

/** Settings of each association, read once per association however many endorsements it has. */
export function settingsCache(services: Services) {
  const cache = new Map<string, Promise<RenewalSettings>>();
  return (associationId: string) => {
    if (!cache.has(associationId)) cache.set(associationId, renewalSettingsOf(services, associationId));
    return cache.get(associationId)!;
  };
}

/** Judges each of one person's endorsements on `on`, from their portfolio read once. */
export async function judgeRenewals(
  services: Services,
  userId: string,
  endorsements: readonly EndorsementRow[],
  records: {
    renewals: readonly RenewalRow[];
    extensions: ReadonlyMap<string, ExtensionRow>;
    pauses: ReadonlyMap<string, PauseRow>;
  },
  on: string,
  settingsOf: (associationId: string) => Promise<RenewalSettings> = settingsCache(services),
): Promise<EndorsementRenewal[]> {
  const portfolio = await renewalPortfolio(userId, services);
  let prepared: PortfolioInput | ReturnType<typeof preparePortfolio> = portfolio;
  try {
    prepared = preparePortfolio(portfolio);
  } catch (e) {
    if (!(e instanceof PortfolioError)) throw e;
  }
  const out: EndorsementRenewal[] = [];
  for (const endorsement of endorsements) {
    const association = (await findAssociation(services.db.kysely, endorsement.associationId))!;
    const settings = await settingsOf(endorsement.associationId);
    const extension = records.extensions.get(`${endorsement.id} ${endorsement.renewalDueOn}`);
    const position = renewalPosition(endorsement, settings, extension, on);
    out.push({
      endorsement,
      association: { id: association.id, slug: association.slug, name: association.name },
      settings,
      position,
      checklist: renewalChecklist(prepared, association.slug, endorsement.credential, position),
      renewal: records.renewals.find(
        (r) => r.endorsementId === endorsement.id && r.dueOn === endorsement.renewalDueOn,
      ),
      pause: records.pauses.get(endorsement.id),
    });
  }
  return out;
}

/** Where a judged endorsement stands in its renewal year (undefined: not in it). */
export const standingOf = (j: EndorsementRenewal) =>
  renewalStanding({
    status: j.endorsement.status,
    renewal: j.renewal && { kind: j.renewal.kind as RenewalKind, status: j.renewal.status as RenewalStatus },
    phase: j.position.phase,
    checklistMet: j.checklist.met,
  });
