// Renewing an endorsement through the services, over a calendar the tests
// move: when renewing opens, the checklist refusing with what is missing,
// hours entered once counting for two endorsements, renewal moving the due
// date a year and issuing a credential valid until the new date.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findEndorsement } from '../../src/db/repositories/endorsements.ts';
import { auditEntriesOf, type AuditEntryRow } from '../../src/db/repositories/renewals.ts';
import { decideAuditEntry, uploadAuditProof } from '../../src/services/renewal-audit.ts';
import { currentCredential, verifyCredential } from '../../src/services/credentials.ts';
import { DomainError } from '../../src/services/errors.ts';
import { judgeEndorsementRenewal, submitRenewal } from '../../src/services/renewals.ts';
import { type Staff, staffMember } from '../helpers/exam.ts';
import { startApp, type TestApp } from '../helpers/http.ts';
import {
  addMembership,
  addTraining,
  alsoHolds,
  renewingEndorsee,
  type RenewingEndorsee,
  setRenewalSettings,
} from '../helpers/renewal.ts';

let t: TestApp;
let ctAdmin: Staff;
before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  ctAdmin = await staffMember(t, 'ct-aimh', 'Ada Admin', 'ada@example.org', ['admin']);
});
after(() => t.close());

const on = (day: string) => new Date(`${day}T09:00:00Z`);
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'none',
    (e: unknown) => (e instanceof DomainError ? e.domainCode : String(e)),
  );

describe('renewing', () => {
  let jo: RenewingEndorsee;
  let miId: string;
  before(async () => {
    await setRenewalSettings(t, ctAdmin, 'ct-aimh', { feeCents: 7500, lateFeeCents: 2500, graceDays: 30 });
    jo = await renewingEndorsee(t, 'Jo Renewer', 'jo@example.org', {
      slug: 'ct-aimh',
      credential: 'IMHS',
      grantedOn: '2026-03-01',
    });
    miId = (await alsoHolds(t, jo, { slug: 'mi-aimh', credential: 'IMHS', grantedOn: '2026-03-01' })).id;
  });

  test('renewing opens with the first reminder, 60 days before the due date', async () => {
    assert.equal(jo.endorsement.renewalDueOn, '2027-03-01');
    assert.equal(
      await codeOf(submitRenewal(jo.actor, jo.endorsement.id, { attest: true }, t.product, on('2026-12-30'))),
      'RENEWAL_NOT_OPEN',
    );
  });

  test('refused with what is missing while the checklist is unmet', async () => {
    const refused = await submitRenewal(
      jo.actor,
      jo.endorsement.id,
      { attest: true },
      t.product,
      on('2027-01-15'),
    ).catch((e: unknown) => e);
    assert.ok(
      refused instanceof DomainError && refused.domainCode === 'RENEWAL_REQUIREMENTS_UNMET',
      String(refused),
    );
    assert.match(refused.message, /15 more hours/);
  });

  test('hours entered once count for both endorsements', async () => {
    await addTraining(t, jo, '2026-06-01', 15, ['imh', 'dei']);
    await addMembership(t, jo, 'ct-aimh');
    await addMembership(t, jo, 'mi-aimh');
    for (const id of [jo.endorsement.id, miId]) {
      const e = (await findEndorsement(t.db.kysely, id))!;
      const judged = await judgeEndorsementRenewal(t.product, e, on('2027-01-15'));
      assert.equal(
        judged.checklist.met,
        true,
        `${judged.association.slug}: ${judged.checklist.unmet.join('; ')}`,
      );
    }
  });

  test('renewing late records the late fee, moves the due date a year and issues a credential valid until its grace period ends', async () => {
    const { renewal, endorsement } = await submitRenewal(
      jo.actor,
      jo.endorsement.id,
      { attest: true },
      t.product,
      on('2027-03-10'),
    );
    assert.equal(renewal.status, 'renewed');
    assert.equal(renewal.late, true);
    assert.deepEqual([renewal.feeCents, renewal.lateFeeCents], [7500, 2500]);
    assert.equal(endorsement.renewalDueOn, '2028-03-01');
    assert.equal((await findEndorsement(t.db.kysely, jo.endorsement.id))!.renewalDueOn, '2028-03-01');
    const credential = (await currentCredential(t.product, jo.endorsement.id))!.document as {
      validUntil: string;
    };
    // Valid through the 30 days of grace after the new due date, while renewing is still possible.
    assert.equal(credential.validUntil.slice(0, 10), '2028-03-31');
    assert.equal((await verifyCredential(t.product, credential, on('2027-03-10'))).verdict, 'valid');
    // The next year is not open yet.
    assert.equal(
      await codeOf(submitRenewal(jo.actor, jo.endorsement.id, { attest: true }, t.product, on('2027-03-11'))),
      'RENEWAL_NOT_OPEN',
    );
  });
});

describe('an audited renewal', () => {
  let al: RenewingEndorsee;
  let coordinator: Staff;
  before(async () => {
    await setRenewalSettings(t, ctAdmin, 'ct-aimh', { auditPercent: 100 });
    coordinator = await staffMember(t, 'ct-aimh', 'Cy Coordinator', 'cy@example.org', ['coordinator']);
    al = await renewingEndorsee(t, 'Al Audited', 'al@example.org', {
      slug: 'ct-aimh',
      credential: 'IMHS',
      grantedOn: '2026-03-01',
    });
    await addTraining(t, al, '2026-05-01', 10);
    await addTraining(t, al, '2026-07-01', 5);
    await addTraining(t, al, '2025-01-01', 40);
    await addMembership(t, al, 'ct-aimh');
  });

  test('waits for proof of each entry claimed, and renews when every one is accepted', async () => {
    const { renewal } = await submitRenewal(
      al.actor,
      al.endorsement.id,
      { attest: true },
      t.product,
      on('2027-02-01'),
    );
    assert.equal(renewal.status, 'audit');
    const entries = await auditEntriesOf(t.db.kysely, [renewal.id]);
    // The two entries of the year, not the one before it.
    assert.deepEqual(entries.map((e) => e.entry.date).sort(), ['2026-05-01', '2026-07-01']);
    assert.equal((await findEndorsement(t.db.kysely, al.endorsement.id))!.renewalDueOn, '2027-03-01');
    const pdf = { filename: 'certificate.pdf', bytes: Buffer.from('%PDF-1.4\n%proof\n') };
    const [first, second] = entries as [AuditEntryRow, AuditEntryRow];
    assert.equal(
      await codeOf(
        decideAuditEntry(
          coordinator.actor,
          first.id,
          al.endorsement.associationId,
          { decision: 'accepted' },
          t.product,
        ),
      ),
      'AUDIT_ENTRY_DECIDED',
      'no decision before proof',
    );
    await uploadAuditProof(al.actor, first.id, pdf, t.product);
    await uploadAuditProof(al.actor, second.id, pdf, t.product);
    const rejected = await decideAuditEntry(
      coordinator.actor,
      second.id,
      al.endorsement.associationId,
      { decision: 'rejected', reason: 'unreadable' },
      t.product,
    );
    assert.equal(rejected.status, 'audit');
    await uploadAuditProof(al.actor, second.id, pdf, t.product);
    await decideAuditEntry(
      coordinator.actor,
      first.id,
      al.endorsement.associationId,
      { decision: 'accepted' },
      t.product,
    );
    const done = await decideAuditEntry(
      coordinator.actor,
      second.id,
      al.endorsement.associationId,
      { decision: 'accepted' },
      t.product,
      on('2027-02-10'),
    );
    assert.equal(done.status, 'renewed');
    assert.equal((await findEndorsement(t.db.kysely, al.endorsement.id))!.renewalDueOn, '2028-03-01');
    assert.equal(await codeOf(uploadAuditProof(al.actor, first.id, pdf, t.product)), 'AUDIT_ENTRY_DECIDED');
  });
});
