// Signatures of an association's Code of Ethics and Endorsement Agreement.
import type { Kysely } from 'kysely';
import type { AgreementKind } from '../../catalogs/agreements.ts';
import { newId, timestamp } from '../portable.ts';
import { prepared } from '../prepared.ts';
import type { Database } from '../schema.ts';

type Q = Kysely<Database>;

export async function insertSignature(
  db: Q,
  values: {
    userId: string;
    associationId: string;
    kind: AgreementKind;
    textVersion: string;
    typedName: string;
  },
) {
  const row = {
    id: newId(),
    user_id: values.userId,
    association_id: values.associationId,
    kind: values.kind,
    text_version: values.textVersion,
    typed_name: values.typedName,
    signed_at: timestamp(),
  };
  await db.insertInto('agreement_signature').values(row).execute();
  return row;
}

/** The latest signature of each kind by a person for an association. */
const signaturesOf = prepared((db, v: { userId: string; associationId: string }) =>
  db
    .selectFrom('agreement_signature')
    .selectAll()
    .where('user_id', '=', v.userId)
    .where('association_id', '=', v.associationId)
    .orderBy('signed_at', 'desc'),
);

export async function latestSignatures(db: Q, userId: string, associationId: string) {
  const rows = await signaturesOf(db, { userId, associationId });
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.kind)) latest.set(r.kind, r);
  return latest;
}
