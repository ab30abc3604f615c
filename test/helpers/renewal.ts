// Renewal fixtures: an endorsee granted on a chosen day (the clock the tests
// move), entries added to their portfolio as the portfolio pages add them,
// and an association's renewal settings changed by its admin's service.
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { type EndorsementRow, insertEndorsement } from '../../src/db/repositories/endorsements.ts';
import { insertEntry, startPortfolio } from '../../src/db/repositories/portfolio.ts';
import { addYears } from '../../src/domain/renewal.ts';
import { issueCredential } from '../../src/services/credentials.ts';
import { loadActor } from '../../src/services/actors.ts';
import { addEntry } from '../../src/services/portfolio.ts';
import {
  defaultRenewalSettings,
  type RenewalSettings,
  updateRenewalSettings,
} from '../../src/services/association-settings.ts';
import type { Actor } from '../../src/policies/index.ts';
import { endorsee, type Endorsee } from './endorsement.ts';
import type { Staff } from './exam.ts';
import type { TestApp } from './http.ts';

export interface RenewingEndorsee extends Endorsee {
  actor: Actor;
}

/** `name` holds `credential` of `slug`, granted at noon on `grantedOn`. */
export async function renewingEndorsee(
  t: TestApp,
  name: string,
  email: string,
  o: { slug?: string; credential?: string; grantedOn: string },
): Promise<RenewingEndorsee> {
  const e = await endorsee(t, name, email, { ...o, now: new Date(`${o.grantedOn}T12:00:00Z`) });
  return { ...e, actor: (await loadActor(e.userId, t.product))! };
}

/** A training entry, added through the portfolio's service (as its page does). */
export async function addTraining(
  t: TestApp,
  who: RenewingEndorsee,
  date: string,
  hours: number,
  topics: string[] = ['imh'],
) {
  return addEntry(
    who.actor,
    'training',
    { entry: { title: `Training on ${date}`, provider: 'Alliance', date, hours, topics } },
    t.product,
  );
}

/**
 * A membership covering the years renewal judges. Memberships of an
 * association the person never applied to need an uploaded proof on the
 * page; the tests record the entry as an import would.
 */
export async function addMembership(t: TestApp, who: RenewingEndorsee, association: string) {
  // As an import does: a first entry starts the portfolio (its format and person) first.
  await startPortfolio(t.db.kysely, who.userId, { name: who.name, email: who.email });
  return insertEntry(t.db.kysely, who.userId, 'memberships', {
    association,
    from: '2000-01-01',
    to: '2100-12-31',
  });
}

/** The association's admin sets its renewal settings through the service (each one not given at its default). */
export async function setRenewalSettings(
  t: TestApp,
  admin: Staff,
  slug: string,
  settings: Partial<RenewalSettings>,
) {
  const association = (await findAssociation(t.db.kysely, slug))!;
  await updateRenewalSettings(
    admin.actor,
    association.id,
    { ...defaultRenewalSettings, ...settings },
    t.product,
  );
  return association;
}

/** A second endorsement for the same person, granted at noon on `grantedOn`. */
export async function alsoHolds(
  t: TestApp,
  who: RenewingEndorsee,
  o: { slug: string; credential: string; grantedOn: string },
): Promise<EndorsementRow> {
  const association = (await findAssociation(t.db.kysely, o.slug))!;
  const now = new Date(`${o.grantedOn}T12:00:00Z`);
  return t.db.kysely.transaction().execute(async (tx) => {
    const row = await insertEndorsement(tx, {
      associationId: association.id,
      userId: who.userId,
      applicationId: null,
      credential: o.credential,
      category: null,
      grantedOn: o.grantedOn,
      renewalDueOn: addYears(o.grantedOn, 1),
      at: now.toISOString(),
    });
    await issueCredential(tx, t.product, row, now);
    return row;
  });
}
