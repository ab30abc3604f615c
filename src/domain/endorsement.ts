// The endorsement once granted, as a small state machine of its own (the
// application's ends at "endorsed"): who may move it where, what the public
// registry lists, and the association's decentralized identifier. Pure.

export const endorsementStatuses = [
  'active',
  'suspended',
  'revoked',
  'lapsed',
  'inactive',
  'transferred',
] as const;
export type EndorsementStatus = (typeof endorsementStatuses)[number];

export const endorsementStatusLabels: Record<EndorsementStatus, string> = {
  active: 'Active',
  suspended: 'Suspended',
  revoked: 'Revoked',
  lapsed: 'Lapsed',
  inactive: 'Inactive',
  transferred: 'Transferred',
};

export const endorsementSteps = [
  'suspend',
  'reinstate',
  'revoke',
  'transfer',
  'lapse',
  'pause',
  'restore',
] as const;
export type EndorsementStep = (typeof endorsementSteps)[number];

/**
 * Where each step leads from where: a suspension is reversible, a revocation
 * final; a transfer ends this association's endorsement when another
 * association issues its own. Renewal (src/domain/renewal.ts) lapses one not
 * renewed in time, or whose inactive pause ran out; pauses an active one at
 * the endorsee's request; and restores a lapsed or inactive one when the
 * coordinator reinstates it after the years missed are made up.
 */
const moves: Record<EndorsementStep, { from: readonly EndorsementStatus[]; to: EndorsementStatus }> = {
  suspend: { from: ['active'], to: 'suspended' },
  reinstate: { from: ['suspended'], to: 'active' },
  revoke: { from: ['active', 'suspended'], to: 'revoked' },
  transfer: { from: ['active'], to: 'transferred' },
  lapse: { from: ['active', 'inactive'], to: 'lapsed' },
  pause: { from: ['active'], to: 'inactive' },
  restore: { from: ['lapsed', 'inactive'], to: 'active' },
};

/** Where `step` leads from `status`, or undefined when the step is not possible there. */
export function endorsementMove(step: EndorsementStep, status: string): EndorsementStatus | undefined {
  const move = moves[step];
  return (move.from as readonly string[]).includes(status) ? move.to : undefined;
}

/** Where the endorsee finds each paper of an endorsement, on this installation. */
export const endorseePaths = (endorsementId: string) => {
  const id = encodeURIComponent(endorsementId);
  return {
    certificate: `/endorsements/${id}/certificate.pdf`,
    letter: `/endorsements/${id}/letter`,
    listing: `/endorsements/${id}/listing`,
    credential: `/credentials/${id}/credential.json`,
    verification: `/credentials/${id}`,
  };
};

/** The registry lists active endorsements whose endorsee has not chosen to be left out. */
export const listedInRegistry = (e: { status: string; listed: boolean }): boolean =>
  e.status === 'active' && e.listed;

/** Whether a verifier should accept the credential now: active, and within its dates. */
export function validNow(e: { status: string; validFrom: string; validUntil: string }, at: string): boolean {
  return e.status === 'active' && e.validFrom <= at && at <= e.validUntil;
}

/**
 * The association's did:web on this installation: the host of `baseUrl`
 * (its port percent-encoded, as did:web asks), then `associations` and the
 * slug, resolving to `<baseUrl>/associations/<slug>/did.json`.
 */
export function associationDid(baseUrl: string, slug: string): string {
  const url = new URL(baseUrl);
  const host = url.port ? `${url.hostname}%3A${url.port}` : url.hostname;
  const path = url.pathname.split('/').filter(Boolean);
  return ['did:web', host, ...path, 'associations', slug].join(':');
}

/** Where a did:web of this shape is served. */
export function didDocumentUrl(did: string): string {
  const [, , host, ...path] = did.split(':');
  return `https://${decodeURIComponent(host!)}/${path.join('/')}/did.json`;
}
