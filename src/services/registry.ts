// What the public sees of endorsements, signed in or not: an endorsement's
// credential verified as of now, a credential someone holds verified the same
// way, what a credential means (the achievement it points at), the registry
// of listed endorsements, and the lookup by number.
import { catalogs, credentialOf } from '../catalogs/index.ts';
import { competencyDomains, competencySource } from '../catalogs/competencies.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import {
  endorsementOfCredential,
  findEndorsementByNumber,
  findPublicEndorsement,
  type PublicEndorsementRow,
  searchRegistry,
} from '../db/repositories/endorsements.ts';
import { listedInRegistry } from '../domain/endorsement.ts';
import { describe } from '../index.ts';
import type { Services } from './context.ts';
import {
  type CredentialVerification,
  credentialAddresses,
  currentCredential,
  verifyCredential,
} from './credentials.ts';

/** An endorsement as the public sees it: who holds what, from whom, since and until when. */
export interface PublicEndorsement {
  id: string;
  number: number;
  name: string;
  credential: string;
  credentialName: string;
  level: number;
  category: string | null;
  association: { slug: string; name: string };
  status: string;
  listed: boolean;
  grantedOn: string;
  validUntil: string;
  verificationUrl: string;
  credentialUrl: string;
}

function publicEndorsement(services: Services, e: PublicEndorsementRow): PublicEndorsement {
  const definition = credentialOf(e.associationSlug, e.credential);
  const verificationUrl = credentialAddresses(services).verification(e.id);
  return {
    id: e.id,
    number: e.number,
    name: e.name,
    credential: e.credential,
    credentialName: definition?.name ?? e.credential,
    level: definition?.level ?? 0,
    category: e.category,
    association: { slug: e.associationSlug, name: e.associationName },
    status: e.status,
    listed: e.listed,
    grantedOn: e.grantedOn,
    validUntil: e.renewalDueOn,
    verificationUrl,
    credentialUrl: `${verificationUrl}/credential.json`,
  };
}

export interface VerificationResult {
  verification: CredentialVerification;
  /** The endorsement the credential belongs to, when it is this installation's and its proof holds. */
  endorsement?: PublicEndorsement;
}

/** The endorsement's current credential verified as of `now`; undefined for an unknown id. */
export async function verifyEndorsement(
  services: Services,
  endorsementId: string,
  now: Date = new Date(),
): Promise<VerificationResult | undefined> {
  const row = await findPublicEndorsement(services.db.kysely, endorsementId);
  const credential = row && (await currentCredential(services, row.id));
  if (!row || !credential) return undefined;
  return {
    verification: await verifyCredential(services, credential.document, now),
    endorsement: publicEndorsement(services, row),
  };
}

/**
 * A credential someone holds, verified as of `now`. When its proof holds and
 * it is one this installation issued, the endorsement it belongs to comes
 * with it, so that the page can say what the association's records say too.
 */
export async function verifyHeldCredential(
  services: Services,
  credential: unknown,
  now: Date = new Date(),
): Promise<VerificationResult> {
  const verification = await verifyCredential(services, credential, now);
  const id = credential && typeof credential === 'object' ? (credential as { id?: unknown }).id : undefined;
  if (!verification.checks.proof || typeof id !== 'string' || !id.startsWith('urn:uuid:'))
    return { verification };
  const row = await endorsementOfCredential(services.db.kysely, id.slice('urn:uuid:'.length));
  return row ? { verification, endorsement: publicEndorsement(services, row) } : { verification };
}

export const REGISTRY_PAGE_SIZE = 25;

export interface RegistryPage {
  q: string;
  entries: PublicEndorsement[];
  total: number;
  page: number;
  pages: number;
  pageSize: number;
}

/** Credential codes whose names contain `q`, in any association's catalog. */
function credentialsNamed(q: string): string[] {
  const wanted = q.toLowerCase();
  const codes = new Set<string>();
  for (const catalog of catalogs().values())
    for (const c of catalog.credentials) if (c.name.toLowerCase().includes(wanted)) codes.add(c.id);
  return [...codes];
}

/** One page of the public registry, searched by `q` (name, credential code or name, association slug or name). */
export async function registryPage(
  services: Services,
  query: { q?: string | undefined; page?: number | undefined },
): Promise<RegistryPage> {
  const q = (query.q ?? '').trim();
  const search = (page: number) =>
    searchRegistry(services.db.kysely, {
      ...(q ? { search: q, credentials: credentialsNamed(q) } : {}),
      limit: REGISTRY_PAGE_SIZE,
      offset: (page - 1) * REGISTRY_PAGE_SIZE,
    });
  let page = Math.max(1, query.page ?? 1);
  let { rows, total } = await search(page);
  const pages = Math.max(1, Math.ceil(total / REGISTRY_PAGE_SIZE));
  // A page past the end (the list shrank since the link was made) shows the last one.
  if (page > pages) ({ rows, total } = await search((page = pages)));
  return {
    q,
    entries: rows.map((r) => publicEndorsement(services, r)),
    total,
    page,
    pages,
    pageSize: REGISTRY_PAGE_SIZE,
  };
}

/**
 * An endorsement by its association's number, for employers and other
 * associations. One not listed in the registry (the endorsee chose not to
 * be, or it is not active) still answers, so that whoever holds the number
 * (from a certificate or a letter) learns its status; its endorsee's name is
 * left out, since the registry is where a name is published and they are not
 * in it.
 */
export async function lookUpEndorsement(services: Services, slug: string, number: number) {
  const row = await findEndorsementByNumber(services.db.kysely, slug, number);
  if (!row) return undefined;
  const e = publicEndorsement(services, row);
  return { ...e, name: listedInRegistry(row) ? e.name : null };
}

/** What a credential means: its requirements in the engine's words, their sources, and the Competency Guidelines domains. */
export async function achievementOf(services: Services, slug: string, credential: string, on: string) {
  const catalog = catalogs().get(slug);
  const definition = catalog?.credentials.find((c) => c.id === credential);
  const association = catalog && definition && (await findAssociation(services.db.kysely, slug));
  if (!catalog || !definition || !association) return undefined;
  const described = describe({ association: slug, credential, on });
  const cited = new Set(described.requirements.map((r) => r.source));
  return {
    association: { slug: association.slug, name: association.name },
    credential: definition.id,
    name: definition.name,
    level: definition.level,
    category: definition.category ?? null,
    on,
    requirements: described.requirements,
    sources: Object.entries(catalog.sources)
      .filter(([file]) => cited.has(file))
      .map(([file, description]) => ({ file, description })),
    framework: { source: competencySource, description: catalog.sources[competencySource] ?? '' },
    domains: competencyDomains.map((d) => ({ id: d.id, number: d.number, name: d.name, areas: d.areas })),
  };
}
export type Achievement = NonNullable<Awaited<ReturnType<typeof achievementOf>>>;
