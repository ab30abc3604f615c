// The Open Badges 3.0 credential an association issues for an endorsement,
// before it is signed: the association as the issuer's Profile, the
// credential as an Achievement (its criteria the catalog's requirements, its
// alignment the Competency Guidelines domains), the endorsee by name and a
// salted hash of their e-mail, the dates, and the two status entries
// (revocation, suspension). Pure: everything it says is handed in.
import { createHash } from 'node:crypto';
import { contextUrls } from './documents.ts';

type Json = Record<string, unknown>;

export const romanLevels = ['I', 'II', 'III', 'IV'] as const;

/** "Level III", as associations name their levels. */
export const levelName = (level: number): string => `Level ${romanLevels[level - 1] ?? level}`;

export interface BadgeInput {
  /** The credential's own id (a new one each time it is issued, as after a renewal). */
  credentialId: string;
  issuer: { did: string; name: string; url: string };
  achievement: {
    /** Where the achievement is described on this installation. */
    url: string;
    code: string;
    name: string;
    level: number;
    category?: string;
    criteria: string;
    domains: readonly { id: string; name: string }[];
    framework: string;
  };
  subject: { name: string; email: string; salt: string };
  number: number;
  /** Days, YYYY-MM-DD: the credential is valid from the start of the first to the end of the second. */
  validFrom: string;
  validUntil: string;
  status: readonly { purpose: 'revocation' | 'suspension'; listUrl: string; position: number }[];
}

/** The e-mail as OB 3.0 identifies a person without saying who: sha256 of the address and a salt. */
export function emailIdentity(email: string, salt: string): Json {
  const hash = createHash('sha256').update(`${email.trim().toLowerCase()}${salt}`).digest('hex');
  return {
    type: 'IdentityObject',
    identityType: 'emailAddress',
    hashed: true,
    identityHash: `sha256$${hash}`,
    salt,
  };
}

/** Whether `email` is the one a credential's identity hash was made from. */
export function identityMatches(
  identity: { identityHash?: unknown; salt?: unknown },
  email: string,
): boolean {
  if (typeof identity.salt !== 'string' || typeof identity.identityHash !== 'string') return false;
  return emailIdentity(email, identity.salt).identityHash === identity.identityHash;
}

export function openBadgeCredential(b: BadgeInput): Json {
  const level = levelName(b.achievement.level);
  return {
    '@context': [contextUrls.credentials, contextUrls.openBadges],
    id: `urn:uuid:${b.credentialId}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: b.achievement.name,
    issuer: { id: b.issuer.did, type: ['Profile'], name: b.issuer.name, url: b.issuer.url },
    validFrom: `${b.validFrom}T00:00:00Z`,
    validUntil: `${b.validUntil}T23:59:59Z`,
    credentialSubject: {
      type: ['AchievementSubject'],
      name: b.subject.name,
      identifier: [emailIdentity(b.subject.email, b.subject.salt)],
      achievement: {
        id: b.achievement.url,
        type: ['Achievement'],
        achievementType: 'Certification',
        humanCode: b.achievement.code,
        name: b.achievement.name,
        description: `${b.achievement.name} (${level}${b.achievement.category ? `, ${b.achievement.category}` : ''}): endorsement number ${b.number}, granted by ${b.issuer.name}.`,
        tag: [level, ...(b.achievement.category ? [b.achievement.category] : [])],
        criteria: { id: b.achievement.url, narrative: b.achievement.criteria },
        alignment: b.achievement.domains.map((d) => ({
          type: ['Alignment'],
          targetName: d.name,
          targetUrl: `${b.achievement.url}#${d.id}`,
          targetFramework: b.achievement.framework,
          targetType: 'ext:CompetencyDomain',
        })),
      },
    },
    credentialStatus: b.status.map((s) => ({
      id: `${s.listUrl}#${s.position}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: s.purpose,
      statusListIndex: String(s.position),
      statusListCredential: s.listUrl,
    })),
  };
}
