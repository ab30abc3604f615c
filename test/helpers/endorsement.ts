// Endorsements for the tests that start after the grant (credentials,
// certificates, the registry, revocation, transfer): a signed-up person with
// an endorsement recorded and its credential issued by the real services.
// Finalizing itself, from a complete application, is test/integration/finalize.test.ts.
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { type EndorsementRow, insertEndorsement } from '../../src/db/repositories/endorsements.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { timestamp } from '../../src/db/portable.ts';
import { addYears } from '../../src/domain/renewal.ts';
import { issueCredential } from '../../src/services/credentials.ts';
import type { Browser, TestApp } from './http.ts';

export interface Endorsee {
  browser: Browser;
  userId: string;
  name: string;
  email: string;
  endorsement: EndorsementRow;
  credential: Record<string, unknown>;
}

/** `name` (signed up as `email`) holds `credential` of `slug`, granted `now`. */
export async function endorsee(
  t: TestApp,
  name: string,
  email: string,
  o: { slug?: string; credential?: string; category?: string | null; now?: Date } = {},
): Promise<Endorsee> {
  const browser = t.browser();
  await browser.signUp({ name, email });
  const userId = (await findPersonByEmail(t.db.kysely, email))!.id;
  const association = (await findAssociation(t.db.kysely, o.slug ?? 'ct-aimh'))!;
  const now = o.now ?? new Date();
  const at = timestamp(now);
  const { endorsement, credential } = await t.db.kysely.transaction().execute(async (tx) => {
    const row = await insertEndorsement(tx, {
      associationId: association.id,
      userId,
      applicationId: null,
      credential: o.credential ?? 'IMHS',
      category: o.category ?? null,
      grantedOn: at.slice(0, 10),
      renewalDueOn: addYears(at.slice(0, 10), 1),
      at,
    });
    return { endorsement: row, credential: (await issueCredential(tx, t.product, row, now)).document };
  });
  return { browser, userId, name, email, endorsement, credential };
}
