// One migration set for both databases. Column types differ only where
// better-auth expects native booleans and timestamps (its own tables).
import type { Migration } from 'kysely';
import type { Dialect } from '../portable.ts';
import { initial } from './0001-initial.ts';
import { signInLimits } from './0002-sign-in-limits.ts';
import { sendingLimits } from './0003-sending-limits.ts';
import { snapshotCatalog } from './0004-snapshot-catalog.ts';
import { applicationList } from './0005-application-list.ts';
import { review } from './0006-review.ts';
import { oneActiveAssignment } from './0007-one-active-assignment.ts';
import { exam } from './0008-exam.ts';
import { endorsement } from './0009-endorsement.ts';
import { renewal } from './0010-renewal.ts';
import { signatureIndex } from './0011-signature-index.ts';

export function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001-initial': initial(dialect),
    '0002-sign-in-limits': signInLimits,
    '0003-sending-limits': sendingLimits(dialect),
    '0004-snapshot-catalog': snapshotCatalog,
    '0005-application-list': applicationList,
    '0006-review': review,
    '0007-one-active-assignment': oneActiveAssignment,
    '0008-exam': exam,
    '0009-endorsement': endorsement,
    '0010-renewal': renewal,
    '0011-signature-index': signatureIndex,
  };
}
