// The verifiable credential of an endorsement: issuing it (signed by the
// association's key, with its two status entries), the status lists the
// association signs (a bit set is a revocation or a suspension in force), and
// verifying a credential as anyone would, offline: proof, issuer key, status
// and dates, each reported on its own. Digital Bazaar's libraries are loaded
// at first use (see src/credentials/signing.ts).
import { randomInt, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { credentialOf } from '../catalogs/index.ts';
import { competencyDomains, competencySource } from '../catalogs/competencies.ts';
import { openBadgeCredential } from '../credentials/badge.ts';
import { documentLoaderWith } from '../credentials/documents.ts';
import { signCredential, type SigningKey } from '../credentials/signing.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import {
  entriesInList,
  findStatusList,
  insertIssuedCredential,
  insertStatusEntry,
  insertStatusList,
  latestIssuedCredential,
  latestStatusList,
  positionTaken,
  setPositions,
  setStatusBit,
  statusEntriesOf,
  updateStatusListDocument,
} from '../db/repositories/credentials.ts';
import type { EndorsementRow } from '../db/repositories/endorsements.ts';
import { findPersonById } from '../db/repositories/people.ts';
import { timestamp } from '../db/portable.ts';
import type { Database } from '../db/schema.ts';
import { addDays, lapsesOn } from '../domain/renewal.ts';
import { describe } from '../index.ts';
import { associationDidDocument, currentSigningKey, didOf } from './association-keys.ts';
import { renewalSettingsOf } from './association-settings.ts';
import type { Services } from './context.ts';

type Tx = Kysely<Database>;
type Json = Record<string, unknown>;

export const statusPurposes = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof statusPurposes)[number];

/**
 * Entries in a list. The Bitstring Status List specification asks for at
 * least 131,072, so that a list's size says nothing of how many it holds;
 * positions are drawn at random within it, and a list is filled only to
 * half before the next is opened, so a draw seldom meets a taken position.
 */
export const statusListSize = 131_072;
const listFullAt = statusListSize / 2;

/** Addresses on this installation. */
export const credentialAddresses = (services: Pick<Services, 'config'>) => ({
  statusList: (slug: string, purpose: string, n: number) =>
    `${services.config.baseUrl}/associations/${slug}/status/${purpose}/${n}`,
  achievement: (slug: string, credential: string) =>
    `${services.config.baseUrl}/associations/${slug}/credentials/${credential}`,
  verification: (endorsementId: string) => `${services.config.baseUrl}/credentials/${endorsementId}`,
  registry: () => `${services.config.baseUrl}/registry`,
});

async function signStatusList(
  key: SigningKey,
  didDocument: Json,
  url: string,
  purpose: string,
  set: readonly number[],
): Promise<string> {
  const { createList, createCredential } = await import('@digitalbazaar/vc-bitstring-status-list');
  const list = await createList({ length: statusListSize });
  for (const position of set) list.setStatus(position, true);
  const unsigned = await createCredential({ id: url, list, statusPurpose: purpose });
  // No validFrom: the list holds whatever is in force now, and a verifier's clock must not refuse it.
  const signed = await signCredential(
    { ...unsigned, issuer: key.controller },
    key,
    new Map([[key.controller, didDocument]]),
  );
  return JSON.stringify(signed);
}

/** A random free position in the association's current list for `purpose`, opening a new list when it is half full. */
async function takeStatusPosition(
  tx: Tx,
  services: Services,
  association: { id: string; slug: string },
  key: SigningKey,
  didDocument: Json,
  purpose: StatusPurpose,
  endorsementId: string,
  at: string,
) {
  let list = await latestStatusList(tx, association.id, purpose);
  if (!list || (await entriesInList(tx, list.id)) >= listFullAt) {
    const n = (list?.n ?? 0) + 1;
    const url = credentialAddresses(services).statusList(association.slug, purpose, n);
    const document = await signStatusList(key, didDocument, url, purpose, []);
    list = await insertStatusList(tx, {
      associationId: association.id,
      purpose,
      n,
      size: statusListSize,
      document,
      at,
    });
  }
  let position = randomInt(statusListSize);
  while (await positionTaken(tx, list.id, position)) position = randomInt(statusListSize);
  await insertStatusEntry(tx, { endorsementId, listId: list.id, position });
  return {
    purpose,
    listUrl: credentialAddresses(services).statusList(association.slug, purpose, list.n),
    position,
  };
}

/** The catalog's requirements for the credential, in the engine's plain words, as the achievement's criteria. */
function criteriaOf(slug: string, credential: string, on: string): string {
  const described = describe({ association: slug, credential, on });
  return described.requirements.map((r) => `- ${r.text} (${r.source})`).join('\n');
}

export interface IssuedCredential {
  id: string;
  document: Json;
}

/**
 * Signs and records a new credential for the endorsement, valid from `now`
 * until its renewal date. The first one takes its status positions; later
 * ones (after a renewal) keep them, so a revocation covers every credential
 * the endorsement was issued.
 */
export async function issueCredential(
  tx: Tx,
  services: Services,
  endorsement: EndorsementRow,
  now: Date = new Date(),
): Promise<IssuedCredential> {
  const at = timestamp(now);
  const association = (await findAssociation(tx, endorsement.associationId))!;
  const person = (await findPersonById(tx, endorsement.userId))!;
  const key = await currentSigningKey(tx, services, association, now);
  const didDocument = await associationDidDocument(tx, services, association);
  const addresses = credentialAddresses(services);
  const held = await statusEntriesOf(tx, endorsement.id);
  const status = held.length
    ? held.map((e) => ({
        purpose: e.purpose as StatusPurpose,
        listUrl: addresses.statusList(association.slug, e.purpose, e.n),
        position: e.position,
      }))
    : await Promise.all(
        statusPurposes.map((purpose) =>
          takeStatusPosition(tx, services, association, key, didDocument, purpose, endorsement.id, at),
        ),
      );
  // Valid while renewing is still possible: to the due date and through the grace period after it.
  const settings = await renewalSettingsOf({ db: { ...services.db, kysely: tx } }, endorsement.associationId);
  const validUntil = addDays(lapsesOn(settings, endorsement.renewalDueOn), -1);
  const definition = credentialOf(association.slug, endorsement.credential);
  if (!definition) throw new Error(`${association.slug} has no credential ${endorsement.credential}`);
  const id = randomUUID();
  const unsigned = openBadgeCredential({
    credentialId: id,
    issuer: { did: key.controller, name: association.name, url: addresses.registry() },
    achievement: {
      url: addresses.achievement(association.slug, definition.id),
      code: definition.id,
      name: definition.name,
      level: definition.level,
      criteria: criteriaOf(association.slug, definition.id, endorsement.grantedOn),
      domains: competencyDomains.map((d) => ({ id: d.id, name: `${d.number}. ${d.name}` })),
      framework: `Competency Guidelines (${competencySource})`,
    },
    subject: { name: person.name, email: person.email, salt: randomUUID() },
    number: endorsement.number,
    validFrom: at.slice(0, 10),
    validUntil,
    status,
  });
  const document = await signCredential(unsigned, key, new Map([[key.controller, didDocument]]));
  await insertIssuedCredential(tx, {
    id,
    endorsementId: endorsement.id,
    document: JSON.stringify(document),
    validUntil,
    at,
  });
  return { id, document };
}

/** The credential issued last for the endorsement. */
export async function currentCredential(services: Services, endorsementId: string) {
  const row = await latestIssuedCredential(services.db.kysely, endorsementId);
  return row && { id: row.id, document: JSON.parse(row.document) as Json, issuedAt: row.issuedAt };
}

/** Status lists whose bits changed in a transaction and that are signed again once, before it ends. */
export type ListsToSign = Map<string, { associationId: string; purpose: StatusPurpose; n: number }>;

/**
 * Sets or clears the endorsement's bit for `purpose`, and signs the list
 * again so that verifiers see it at once. With `toSign`, the list is only
 * noted there, for `signStatusListsAgain` to sign once however many of its
 * bits change (the renewal sweep lapses many at a time).
 */
export async function setCredentialStatus(
  tx: Tx,
  services: Services,
  endorsement: EndorsementRow,
  purpose: StatusPurpose,
  set: boolean,
  now: Date = new Date(),
  toSign?: ListsToSign,
): Promise<void> {
  const entry = (await statusEntriesOf(tx, endorsement.id)).find((e) => e.purpose === purpose);
  if (!entry) return;
  await setStatusBit(tx, endorsement.id, entry.listId, set);
  const lists: ListsToSign = toSign ?? new Map();
  lists.set(entry.listId, { associationId: endorsement.associationId, purpose, n: entry.n });
  if (!toSign) await signStatusListsAgain(tx, services, lists, now);
}

/** Signs each list again with its association's current key, as it now stands. */
export async function signStatusListsAgain(
  tx: Tx,
  services: Services,
  lists: ListsToSign,
  now: Date = new Date(),
): Promise<void> {
  for (const [listId, list] of lists) {
    const association = (await findAssociation(tx, list.associationId))!;
    const key = await currentSigningKey(tx, services, association, now);
    const didDocument = await associationDidDocument(tx, services, association);
    const url = credentialAddresses(services).statusList(association.slug, list.purpose, list.n);
    const document = await signStatusList(
      key,
      didDocument,
      url,
      list.purpose,
      await setPositions(tx, listId),
    );
    await updateStatusListDocument(tx, listId, document, timestamp(now));
  }
  lists.clear();
}

/** The signed status list credential as served, or undefined. */
export async function statusListDocument(
  services: Services,
  slug: string,
  purpose: string,
  n: number,
): Promise<Json | undefined> {
  const association = await findAssociation(services.db.kysely, slug);
  if (!association || !(statusPurposes as readonly string[]).includes(purpose)) return undefined;
  const list = await findStatusList(services.db.kysely, association.id, purpose, n);
  return list && (JSON.parse(list.document) as Json);
}

export type VerificationVerdict =
  'valid' | 'revoked' | 'suspended' | 'expired' | 'not-yet-valid' | 'unknown-issuer' | 'invalid';

export interface CredentialVerification {
  verdict: VerificationVerdict;
  /** Each check on its own: the proof, that the key is the issuer's, the status bits, the dates. */
  checks: {
    format: boolean;
    issuerKnown: boolean;
    proof: boolean;
    revoked: boolean | undefined;
    suspended: boolean | undefined;
    withinDates: boolean | undefined;
  };
  /** What the credential says (only to be trusted when the proof holds). */
  claims: {
    subjectName?: string;
    achievementName?: string;
    achievementCode?: string;
    issuerName?: string;
    issuerDid?: string;
    validFrom?: string;
    validUntil?: string;
  };
  /** The association that signed it, when it is one of this installation's. */
  association?: { id: string; slug: string; name: string };
  /** Why the proof or status check failed, as the library said it. */
  detail?: string;
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The association of this installation whose did:web is `did`. */
async function associationOfDid(services: Services, did: string | undefined) {
  const prefix = didOf(services, '');
  if (!did?.startsWith(prefix)) return undefined;
  const association = await findAssociation(services.db.kysely, did.slice(prefix.length));
  return association && didOf(services, association.slug) === did ? association : undefined;
}

/** The status list credentials the credential names, where they are this installation's. */
async function statusDocuments(services: Services, credential: Json, slug: string) {
  const documents = new Map<string, Json>();
  const entries = ([] as unknown[]).concat(credential.credentialStatus ?? []) as Json[];
  for (const entry of entries) {
    const url = text(entry.statusListCredential);
    const prefix = `${services.config.baseUrl}/associations/${slug}/status/`;
    if (!url?.startsWith(prefix)) continue;
    const [purpose, n] = url.slice(prefix.length).split('/');
    const document = await statusListDocument(services, slug, purpose ?? '', Number(n));
    if (document) documents.set(url, document);
  }
  return documents;
}

/**
 * Verifies `credential` as an employer's verifier would, with only what
 * this installation holds (its associations' DID documents and status
 * lists), never fetching: a credential from elsewhere is `unknown-issuer`.
 */
export async function verifyCredential(
  services: Services,
  credential: unknown,
  now: Date = new Date(),
): Promise<CredentialVerification> {
  const checks: CredentialVerification['checks'] = {
    format: false,
    issuerKnown: false,
    proof: false,
    revoked: undefined,
    suspended: undefined,
    withinDates: undefined,
  };
  if (!credential || typeof credential !== 'object' || Array.isArray(credential))
    return { verdict: 'invalid', checks, claims: {} };
  const c = credential as Json;
  const issuer = (typeof c.issuer === 'object' && c.issuer ? c.issuer : { id: c.issuer }) as Json;
  const subject = (c.credentialSubject ?? {}) as Json;
  const achievement = (subject.achievement ?? {}) as Json;
  const claims: CredentialVerification['claims'] = {
    subjectName: text(subject.name),
    achievementName: text(achievement.name),
    achievementCode: text(achievement.humanCode),
    issuerName: text(issuer.name),
    issuerDid: text(issuer.id),
    validFrom: text(c.validFrom),
    validUntil: text(c.validUntil),
  };
  checks.format = Array.isArray(c.type) && c.type.includes('OpenBadgeCredential') && !!c.proof;
  if (!checks.format) return { verdict: 'invalid', checks, claims };
  const association = await associationOfDid(services, claims.issuerDid);
  if (!association) return { verdict: 'unknown-issuer', checks, claims };
  checks.issuerKnown = true;
  const documents = await statusDocuments(services, c, association.slug);
  documents.set(claims.issuerDid!, await associationDidDocument(services.db.kysely, services, association));
  const documentLoader = documentLoaderWith(documents);
  const [vc, { DataIntegrityProof }, { cryptosuite: eddsaRdfc2022CryptoSuite }, statusList] =
    await Promise.all([
      import('@digitalbazaar/vc'),
      import('@digitalbazaar/data-integrity'),
      import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
      import('@digitalbazaar/vc-bitstring-status-list'),
    ]);
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022CryptoSuite });
  const found = { association: { id: association.id, slug: association.slug, name: association.name } };
  // The dates are judged below against Endorse's clock, so the proof is checked as of the
  // credential's own start; the status is read here, once, and judged below bit by bit
  // (the library's `verified` says only that the lists hold, not whether a bit is set).
  let status: { verified: boolean; results?: unknown[]; error?: Error } = { verified: false };
  const proof = await vc.verifyCredential({
    credential: c,
    suite,
    documentLoader,
    now: claims.validFrom,
    checkStatus: async () => {
      status = await statusList.checkStatus({
        credential: c,
        suite,
        documentLoader,
        verifyBitstringStatusListCredential: true,
      });
      return { verified: true };
    },
  });
  checks.proof = proof.verified === true;
  if (!checks.proof)
    return {
      verdict: 'invalid',
      checks,
      claims,
      ...found,
      detail: proof.error?.message ?? 'the proof does not hold',
    };
  if (!status.verified)
    return {
      verdict: 'invalid',
      checks,
      claims,
      ...found,
      detail: status.error?.message ?? 'the status list does not verify',
    };
  for (const r of (status.results ?? []) as { credentialStatus: Json; status: boolean }[]) {
    if (r.credentialStatus.statusPurpose === 'revocation') checks.revoked = r.status;
    if (r.credentialStatus.statusPurpose === 'suspension') checks.suspended = r.status;
  }
  const at = now.toISOString();
  const from = claims.validFrom ? new Date(claims.validFrom).toISOString() : undefined;
  const until = claims.validUntil ? new Date(claims.validUntil).toISOString() : undefined;
  checks.withinDates = (!from || from <= at) && (!until || at <= until);
  const verdict: VerificationVerdict = checks.revoked
    ? 'revoked'
    : checks.suspended
      ? 'suspended'
      : from && at < from
        ? 'not-yet-valid'
        : until && at > until
          ? 'expired'
          : 'valid';
  return { verdict, checks, claims, ...found };
}
