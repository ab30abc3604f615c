// The audit of a renewal drawn at random (the association's share): the
// endorsee uploads proof for each training and RSC entry claimed, and a
// coordinator accepts or rejects each, entry by entry. A rejected entry can
// be proved again with another file. When every entry is accepted the
// renewal completes as an unaudited one does at once.
import { findAssociation } from '../db/repositories/associations.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import { type EndorsementRow, findEndorsement } from '../db/repositories/endorsements.ts';
import { findFile } from '../db/repositories/files.ts';
import {
  attachAuditProof,
  auditEntriesOf,
  type AuditEntryRow,
  completeRenewal as completeRenewalRow,
  decideAuditEntry as decideAuditEntryRow,
  findAuditEntry,
  findRenewal,
  type RenewalRow,
} from '../db/repositories/renewals.ts';
import { timestamp } from '../db/portable.ts';
import { auditPassed } from '../domain/renewal.ts';
import type { Action, Actor } from '../policies/index.ts';
import type { Services } from './context.ts';
import { credentialName, mailEndorsee } from './endorsement-status.ts';
import { AppError, DomainError, notFound } from './errors.ts';
import { checkUpload, type FileServices, prepareFile, type Upload, withStoredFiles } from './files.ts';
import { completeRenewal } from './renewals.ts';
import { authorizeFound, endorsementResource } from './scope.ts';

/** The entry, its renewal and endorsement, if the actor may do `action` on it (in `associationId`); else not found. */
async function auditedEntry(
  actor: Actor | undefined,
  entryId: string,
  action: Action,
  services: Services,
  associationId?: string,
): Promise<{ actor: Actor; entry: AuditEntryRow; renewal: RenewalRow; endorsement: EndorsementRow }> {
  const db = services.db.kysely;
  const entry = await findAuditEntry(db, entryId);
  const renewal = entry && (await findRenewal(db, entry.renewalId));
  const found = renewal && (await findEndorsement(db, renewal.endorsementId));
  const endorsement = !associationId || found?.associationId === associationId ? found : undefined;
  authorizeFound(actor, action, endorsement && endorsementResource(endorsement), 'The audited entry');
  return { actor, entry: entry!, renewal: renewal!, endorsement: endorsement! };
}

const auditOver = () =>
  new DomainError('AUDIT_ENTRY_DECIDED', 'this audit is over: the renewal is complete', 'form');

export async function uploadAuditProof(
  actor: Actor | undefined,
  entryId: string,
  upload: Upload | undefined,
  services: FileServices,
): Promise<AuditEntryRow> {
  const found = await auditedEntry(actor, entryId, 'renewal.uploadProof', services);
  if (found.renewal.status !== 'audit') throw auditOver();
  if (found.entry.decision === 'accepted')
    throw new DomainError(
      'AUDIT_ENTRY_DECIDED',
      'this entry is accepted already: it needs no more proof',
      'proof',
    );
  if (!upload || upload.bytes.length === 0)
    throw new AppError('invalid', 'Choose the file that proves this entry (a PDF, PNG or JPEG)', 'proof');
  const prepared = prepareFile(found.actor.userId, upload, checkUpload(upload, 'proof', 'proof'));
  return withStoredFiles(services, [prepared], async (tx) => {
    if (!(await attachAuditProof(tx, entryId, prepared.row.id))) throw auditOver();
    await appendAudit(tx, {
      actorId: found.actor.userId,
      associationId: found.endorsement.associationId,
      subjectType: 'endorsement',
      subjectId: found.endorsement.id,
      action: 'renewal.audit-proof',
      after: { renewal: found.renewal.id, entry: entryId, file: prepared.row.id },
    });
    return { ...found.entry, fileId: prepared.row.id, decision: 'pending', reason: null };
  });
}

/**
 * A coordinator accepts or rejects one entry (a rejection says why, and the
 * endorsee is told); the last acceptance completes the renewal. Returns the
 * renewal as it now stands.
 */
export async function decideAuditEntry(
  actor: Actor | undefined,
  entryId: string,
  associationId: string,
  input: { decision: 'accepted' | 'rejected'; reason?: string | undefined },
  services: Services,
  now: Date = new Date(),
): Promise<RenewalRow> {
  const found = await auditedEntry(actor, entryId, 'renewal.decideAudit', services, associationId);
  const { renewal, endorsement } = found;
  if (renewal.status !== 'audit') throw auditOver();
  if (!found.entry.fileId)
    throw new DomainError(
      'AUDIT_ENTRY_DECIDED',
      'the endorsee has not uploaded proof for this entry yet',
      'form',
    );
  const reason = input.reason?.trim() || null;
  if (input.decision === 'rejected' && !reason)
    throw new AppError('invalid', 'Enter why the proof is rejected: the endorsee is told it', 'reason');
  const at = timestamp(now);
  return services.db.kysely.transaction().execute(async (tx) => {
    const decided = await decideAuditEntryRow(tx, {
      id: entryId,
      decision: input.decision,
      reason,
      by: found.actor.userId,
      at,
    });
    if (!decided)
      throw new DomainError(
        'AUDIT_ENTRY_DECIDED',
        'this entry was decided meanwhile, or new proof is awaited: look at it again',
        'form',
      );
    await appendAudit(tx, {
      actorId: found.actor.userId,
      associationId,
      subjectType: 'endorsement',
      subjectId: endorsement.id,
      action: 'renewal.audit-decide',
      after: { renewal: renewal.id, entry: entryId, decision: input.decision, ...(reason ? { reason } : {}) },
    });
    const association = (await findAssociation(tx, associationId))!;
    const name = credentialName(association.slug, endorsement.credential);
    if (input.decision === 'rejected')
      await mailEndorsee(tx, services, endorsement, {
        subject: `Your ${name} renewal audit: proof not accepted`,
        lines: [
          `${association.name} did not accept the proof you uploaded for “${String(found.entry.entry.title ?? found.entry.section)}”.`,
          '',
          `The reason given: ${reason}`,
          '',
          `Upload other proof on your renewal page: ${services.config.baseUrl}/renewals`,
        ],
      });
    if (!auditPassed(await auditEntriesOf(tx, [renewal.id]))) return renewal;
    if (!(await completeRenewalRow(tx, renewal.id, 'audit', found.actor.userId, at))) throw auditOver();
    await completeRenewal(tx, services, endorsement, renewal, found.actor.userId, now);
    return { ...renewal, status: 'renewed', completedAt: at, completedBy: found.actor.userId };
  });
}

/** The proof uploaded for an audited entry, for the association's coordinators. */
export async function auditProof(
  actor: Actor | undefined,
  entryId: string,
  associationId: string,
  services: FileServices,
): Promise<{ filename: string; contentType: string; bytes: Buffer }> {
  const { entry } = await auditedEntry(actor, entryId, 'renewal.decideAudit', services, associationId);
  const file = entry.fileId ? await findFile(services.db.kysely, entry.fileId) : undefined;
  if (!file) throw notFound('The proof');
  return {
    filename: file.filename,
    contentType: file.contentType,
    bytes: await services.storage.get(file.storageKey),
  };
}
