// The endorsements Endorse itself has granted count in the engine as
// endorsements the person holds, wherever the portfolio identifies the
// person: the applicant (`endorsements[]`), a rater (`raterEndorsements`, by
// the rater's e-mail address) and an RSC provider (`provider.endorsements`,
// when the entry gives the provider's e-mail address). What is declared
// stays; Endorse's records are added, and where a record and a declaration
// differ the record wins for what it says: a credential Endorse records the
// person as holding, but not actively (suspended, revoked, lapsed, inactive,
// transferred), does not count. Applied each time a portfolio is judged, the
// snapshot included (like the exam): a suspension counts at once.
import { type HeldEndorsementRow, endorsementsHeldBy } from '../db/repositories/endorsements.ts';
import { credentialIds, type PortfolioInput } from '../engine/portfolio.ts';
import type { Services } from './context.ts';

/** What an entry says Endorse records, shown beside it ("endorsed in Endorse: IMHS, MI-AIMH, no. 12"). */
export interface RecordedEndorsement {
  credential: string;
  association: string;
  number: number;
}

const known: readonly string[] = credentialIds;
const recorded = (e: HeldEndorsementRow): RecordedEndorsement => ({
  credential: e.credential,
  association: e.slug,
  number: e.number,
});

/**
 * A person's credentials as the engine reads them: those declared, less any
 * Endorse records as held only inactively, plus those Endorse records as
 * active; with the active records, for the page.
 */
function heldCredentials(declared: readonly string[], records: readonly HeldEndorsementRow[]) {
  const active = records.filter((e) => e.status === 'active' && known.includes(e.credential));
  const activeIds = new Set(active.map((e) => e.credential));
  const notHeld = new Set(records.map((e) => e.credential).filter((c) => !activeIds.has(c)));
  return {
    credentials: [...new Set([...declared.filter((c) => !notHeld.has(c)), ...activeIds])],
    recorded: active.map(recorded),
  };
}

const emailOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.includes('@') ? value.trim().toLowerCase() : undefined;

/** The addresses of the raters and RSC providers a portfolio names. */
const namedEmails = (portfolio: PortfolioInput): string[] =>
  [
    ...(portfolio.references ?? []).map((r) => emailOf(r.email)),
    ...(portfolio.rsc ?? []).map((e) => emailOf((e.provider as { email?: unknown } | undefined)?.email)),
  ].filter((e): e is string => e !== undefined);

/**
 * The portfolios of `applicantId` (the one as it stands, and the snapshot
 * judged beside it), each with what Endorse records of the people it names:
 * read once for all of them.
 */
export async function withHeldEndorsements(
  portfolios: readonly PortfolioInput[],
  applicantId: string,
  services: Services,
): Promise<PortfolioInput[]> {
  const records = await endorsementsHeldBy(services.db.kysely, {
    userIds: [applicantId],
    emails: portfolios.flatMap(namedEmails),
  });
  return portfolios.map((p) => withRecords(p, applicantId, records));
}

function withRecords(
  portfolio: PortfolioInput,
  applicantId: string,
  records: readonly HeldEndorsementRow[],
): PortfolioInput {
  const references = portfolio.references ?? [];
  const rsc = portfolio.rsc ?? [];
  const ofEmail = (email: string | undefined) => (email ? records.filter((e) => e.email === email) : []);
  const own = records.filter((e) => e.userId === applicantId);

  // The applicant's own: one entry per credential and association, the record's granted date winning.
  const key = (e: { credential: string; association: string }) => `${e.credential} ${e.association}`;
  const active = new Map<string, HeldEndorsementRow>();
  for (const e of own)
    if (e.status === 'active' && known.includes(e.credential) && !active.has(key(recorded(e))))
      active.set(key(recorded(e)), e);
  const recordedKeys = new Set(own.map((e) => key(recorded(e))));
  const declared = (portfolio.endorsements ?? []).filter(
    (e) => !recordedKeys.has(key(e)) && e.heldInEndorse === undefined,
  );
  const endorsements = [
    ...declared,
    ...[...active.values()].map((e) => ({
      credential: e.credential as (typeof credentialIds)[number],
      association: e.slug,
      granted: e.grantedOn,
      heldInEndorse: [recorded(e)],
    })),
  ];

  return {
    ...portfolio,
    ...(endorsements.length || portfolio.endorsements ? { endorsements } : {}),
    ...(portfolio.references && {
      references: references.map((r) => {
        const { credentials, recorded } = heldCredentials(
          r.raterEndorsements ?? [],
          ofEmail(emailOf(r.email)),
        );
        const { heldInEndorse: _was, ...entry } = r;
        return {
          ...entry,
          raterEndorsements: credentials as (typeof credentialIds)[number][],
          ...(recorded.length ? { heldInEndorse: recorded } : {}),
        };
      }),
    }),
    ...(portfolio.rsc && {
      rsc: rsc.map((e) => {
        const email = emailOf((e.provider as { email?: unknown } | undefined)?.email);
        if (!email) return e;
        const { credentials, recorded } = heldCredentials(e.provider.endorsements ?? [], ofEmail(email));
        const { heldInEndorse: _was, ...provider } = e.provider;
        return {
          ...e,
          provider: {
            ...provider,
            endorsements: credentials as (typeof credentialIds)[number][],
            ...(recorded.length ? { heldInEndorse: recorded } : {}),
          },
        };
      }),
    }),
  };
}
