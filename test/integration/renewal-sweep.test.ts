// The daily renewal sweep over a calendar the test moves forward: reminders
// 60, 30 and 7 days before the due date, each once and saying what is still
// missing; a sweep that missed days sends only the latest; a reminder in the
// grace period with the late fee; the lapse after grace (suspension bit,
// registry, endorsee and coordinators told), delayed by an extension, held
// off by an open audit; a pause that runs out lapses; reinstatement restores.
// Every sweep is run twice and the second does nothing; two servers sweeping
// at once remind and lapse each endorsement exactly once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createProduct, type Product } from '../../src/app.ts';
import { auditOf } from '../../src/db/repositories/audit.ts';
import { endorsementEvents, findEndorsement } from '../../src/db/repositories/endorsements.ts';
import { openPausesOf, remindersSent } from '../../src/db/repositories/renewals.ts';
import { currentCredential, verifyCredential } from '../../src/services/credentials.ts';
import { registryPage } from '../../src/services/registry.ts';
import { type RenewalSweepSummary, runRenewalSweep } from '../../src/services/renewal-sweep.ts';
import {
  approveReinstatement,
  grantExtension,
  pauseEndorsement,
  requestReinstatement,
  submitRenewal,
} from '../../src/services/renewals.ts';
import { testDialect } from '../helpers/db.ts';
import { type Staff, staffMember } from '../helpers/exam.ts';
import { startApp, type TestApp } from '../helpers/http.ts';
import {
  addMembership,
  addTraining,
  renewingEndorsee,
  type RenewingEndorsee,
  setRenewalSettings,
} from '../helpers/renewal.ts';

let t: TestApp;
let cora: Staff;
let ctId: string;
before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  const ctAdmin = await staffMember(t, 'ct-aimh', 'Ada Admin', 'ada@example.org', ['admin']);
  const miAdmin = await staffMember(t, 'mi-aimh', 'Max Admin', 'max@example.org', ['admin']);
  cora = await staffMember(t, 'ct-aimh', 'Cora Coordinator', 'cora@example.org', ['coordinator']);
  ctId = (
    await setRenewalSettings(t, ctAdmin, 'ct-aimh', {
      feeCents: 7500,
      lateFeeCents: 2500,
      reinstatementFeeCents: 5000,
      graceDays: 30,
      remindAfter: [7],
      inactiveLimitDays: 180,
    })
  ).id;
  // Every MI-AIMH renewal is audited.
  await setRenewalSettings(t, miAdmin, 'mi-aimh', { auditPercent: 100 });
});
after(() => t.close());

const on = (day: string) => new Date(`${day}T06:00:00Z`);

/** Sweeps `day`, then sweeps it again: the second run sends and lapses nothing. */
async function sweep(day: string): Promise<RenewalSweepSummary> {
  const first = await runRenewalSweep(t.product, on(day), { batchSize: 3 });
  const again = await runRenewalSweep(t.product, on(day));
  assert.deepEqual(
    { reminded: again.reminded, lapsed: again.lapsed, pausesEnded: again.pausesEnded },
    { reminded: 0, lapsed: 0, pausesEnded: 0 },
    `the second sweep of ${day} changed nothing`,
  );
  return first;
}

/** The mails to `email` so far. */
async function mailsTo(email: string): Promise<string[]> {
  const to = new RegExp(`^To: .*${email.replace(/[.]/g, '\\.')}`, 'm');
  return (await t.mail()).filter((m) => to.test(m));
}

const offsetsSent = async (who: RenewingEndorsee) =>
  ((await remindersSent(t.db.kysely, [who.endorsement.id])).get(who.endorsement.id) ?? []).map(
    (s) => s.offset,
  );
const statusOf = async (who: RenewingEndorsee) =>
  (await findEndorsement(t.db.kysely, who.endorsement.id))!.status;
const verificationOf = async (who: RenewingEndorsee, day: string) =>
  await verifyCredential(
    t.product,
    (await currentCredential(t.product, who.endorsement.id))!.document,
    on(day),
  );
const verdictOf = async (who: RenewingEndorsee, day: string) => (await verificationOf(who, day)).verdict;
const listed = async (name: string) =>
  (await registryPage(t.product, { q: name })).entries.some((e) => e.name === name);

describe('time passing over one renewal year', () => {
  let ann: RenewingEndorsee;
  let ben: RenewingEndorsee;
  let cai: RenewingEndorsee;
  let dee: RenewingEndorsee;
  let eve: RenewingEndorsee;

  test('60, 30 and 7 days before the due date: one reminder each, saying what is missing', async () => {
    ann = await renewingEndorsee(t, 'Ann Early', 'ann@example.org', {
      slug: 'ct-aimh',
      credential: 'IMHS',
      grantedOn: '2026-03-01',
    });
    assert.equal(ann.endorsement.renewalDueOn, '2027-03-01');
    assert.equal((await sweep('2026-12-30')).reminded, 0, '61 days before: nothing yet');
    assert.equal((await sweep('2026-12-31')).reminded, 1);
    let mails = await mailsTo('ann@example.org');
    const first = mails.at(-1)!;
    assert.match(first, /is due on March 1, 2027/);
    assert.match(first, /Still missing:/);
    assert.match(first, /15 more hours/);
    assert.match(first, /\/renewals/);
    await sweep('2027-01-15');
    assert.equal((await mailsTo('ann@example.org')).length, mails.length, 'nothing between reminders');
    assert.equal((await sweep('2027-01-30')).reminded, 1);
    await addTraining(t, ann, '2026-09-01', 15, ['imh', 'dei']);
    await addMembership(t, ann, 'ct-aimh');
    assert.equal((await sweep('2027-02-22')).reminded, 1);
    mails = await mailsTo('ann@example.org');
    assert.match(mails.at(-1)!, /Everything is in: renew now/);
    assert.doesNotMatch(mails.at(-1)!, /Still missing/);
    assert.deepEqual(
      (await offsetsSent(ann)).sort((a, b) => a - b),
      [-60, -30, -7],
    );
    const audited = (await auditOf(t.db.kysely, 'endorsement', [ann.endorsement.id])).filter(
      (e) => e.action === 'renewal.remind',
    );
    assert.equal(audited.length, 3);
    // Ann renews: a renewed endorsement is reminded of nothing more this year.
    await submitRenewal(ann.actor, ann.endorsement.id, { attest: true }, t.product, on('2027-02-23'));
  });

  test('a sweep that missed days sends only the latest reminder owed', async () => {
    ben = await renewingEndorsee(t, 'Ben Late', 'ben@example.org', {
      slug: 'ct-aimh',
      credential: 'IMHS',
      grantedOn: '2026-03-02',
    });
    await sweep('2027-02-25');
    assert.deepEqual(await offsetsSent(ben), [-7]);
    assert.equal((await mailsTo('ben@example.org')).filter((m) => /Still missing/.test(m)).length, 1);
  });

  test('in the grace period, a reminder with the late fee', async () => {
    const annBefore = (await mailsTo('ann@example.org')).length;
    await sweep('2027-03-09');
    const mail = (await mailsTo('ben@example.org')).at(-1)!;
    assert.match(mail, /was due on March 2, 2027/);
    assert.match(mail, /renew until April 1, 2027, with the late fee of \$25\.00/);
    assert.deepEqual(await offsetsSent(ben), [-7, 7]);
    assert.equal((await mailsTo('ann@example.org')).length, annBefore, 'Ann renewed: nothing for her');
    assert.equal(await statusOf(ann), 'active');
  });

  test('after grace the endorsement lapses: suspension bit, registry, endorsee and coordinator told', async () => {
    cai = await renewingEndorsee(t, 'Cai Extended', 'cai@example.org', {
      slug: 'ct-aimh',
      credential: 'IMHS',
      grantedOn: '2026-03-02',
    });
    await grantExtension(
      cora.actor,
      cai.endorsement.id,
      ctId,
      { untilOn: '2027-04-30', reason: 'A long illness' },
      t.product,
      on('2027-03-20'),
    );
    dee = await renewingEndorsee(t, 'Dee Audited', 'dee@example.org', {
      slug: 'mi-aimh',
      credential: 'IMHS',
      grantedOn: '2026-03-02',
    });
    await addTraining(t, dee, '2026-09-01', 15, ['imh']);
    await addMembership(t, dee, 'mi-aimh');
    const submitted = await submitRenewal(
      dee.actor,
      dee.endorsement.id,
      { attest: true },
      t.product,
      on('2027-02-20'),
    );
    assert.equal(submitted.renewal.status, 'audit');

    assert.ok(await listed('Ben Late'));
    // In grace the credential is past its validUntil (the due date), but not suspended.
    assert.equal((await verificationOf(ben, '2027-04-01')).checks.suspended, false);
    assert.equal((await sweep('2027-04-01')).lapsed, 0, 'the last day of grace');
    assert.equal(await statusOf(ben), 'active');

    const coraBefore = (await mailsTo('cora@example.org')).length;
    const summary = await sweep('2027-04-02');
    assert.equal(summary.lapsed, 1);
    assert.ok(summary.heldByAudit >= 1);
    assert.equal(await statusOf(ben), 'lapsed');
    assert.equal(await verdictOf(ben, '2027-04-02'), 'suspended');
    assert.equal(await listed('Ben Late'), false);
    const events = await endorsementEvents(t.db.kysely, ben.endorsement.id);
    assert.equal(events.filter((e) => e.kind === 'lapsed').length, 1);
    const toBen = (await mailsTo('ben@example.org')).at(-1)!;
    assert.match(toBen, /has lapsed/);
    assert.match(toBen, /reinstatement fee of \$50\.00/);
    assert.match(toBen, /\/renewals/);
    const toCora = await mailsTo('cora@example.org');
    assert.equal(toCora.length, coraBefore + 1);
    assert.match(toCora.at(-1)!, /Ben Late's IMHS|Ben Late's .*endorsement/);
    assert.match(toCora.at(-1)!, new RegExp(`/associations/ct-aimh/renewals/${ben.endorsement.id}`));
  });

  test('an extension delays the lapse; an open audit prevents it', async () => {
    assert.equal(await statusOf(cai), 'active');
    assert.equal(await statusOf(dee), 'active');
    await sweep('2027-05-31');
    assert.equal(await statusOf(cai), 'lapsed', 'the extension to April 30 and 30 days of grace are over');
    assert.equal(await statusOf(dee), 'active', 'the audit is still open');
  });

  test('an inactive pause that runs out lapses', async () => {
    eve = await renewingEndorsee(t, 'Eve Paused', 'eve@example.org', {
      slug: 'ct-aimh',
      credential: 'IMHS',
      grantedOn: '2026-10-01',
    });
    await pauseEndorsement(
      eve.actor,
      eve.endorsement.id,
      { untilOn: '2027-07-01', reason: 'Parental leave' },
      t.product,
      on('2027-06-01'),
    );
    assert.equal((await sweep('2027-07-01')).pausesEnded, 0, 'the last day of the pause');
    assert.equal(await statusOf(eve), 'inactive');
    assert.equal((await sweep('2027-07-02')).pausesEnded, 1);
    assert.equal(await statusOf(eve), 'lapsed');
    assert.equal((await openPausesOf(t.db.kysely, [eve.endorsement.id])).size, 0);
    assert.equal(await verdictOf(eve, '2027-07-02'), 'suspended');
    assert.match((await mailsTo('eve@example.org')).at(-1)!, /inactive pause ended on July 1, 2027/);
  });

  test('reinstatement restores the status bit and the registry listing', async () => {
    await addTraining(t, ben, '2026-12-01', 15, ['imh', 'dei']);
    await addMembership(t, ben, 'ct-aimh');
    await requestReinstatement(ben.actor, ben.endorsement.id, { attest: true }, t.product, on('2027-07-10'));
    await approveReinstatement(cora.actor, ben.endorsement.id, ctId, t.product, on('2027-07-11'));
    assert.equal(await statusOf(ben), 'active');
    assert.equal(await verdictOf(ben, '2027-07-11'), 'valid');
    assert.ok(await listed('Ben Late'));
    const summary = await sweep('2027-07-12');
    assert.equal(summary.lapsed, 0);
    assert.equal(await statusOf(ben), 'active', 'the next due date is a year away');
  });
});

// On PostgreSQL a second product with its own pool, as a second server; on SQLite
// (one server per database file) two sweeps at once in the one server.
describe(`two sweeps at once (${testDialect})`, () => {
  let other: Product;
  const people: RenewingEndorsee[] = [];
  before(async () => {
    other =
      testDialect === 'postgres'
        ? await createProduct(t.product.config, {
            db: t.db.connect(),
            logger: { warn: () => {}, error: () => {} },
          })
        : t.product;
    for (let i = 0; i < 6; i++)
      people.push(
        await renewingEndorsee(t, `Racer ${i}`, `racer-${i}@example.org`, {
          slug: 'ct-aimh',
          credential: 'IMHS',
          grantedOn: '2027-08-01',
        }),
      );
  });
  after(async () => {
    if (other !== t.product) await other.close();
  });

  const ids = () => people.map((p) => p.endorsement.id);
  const both = (day: string) =>
    Promise.all([runRenewalSweep(t.product, on(day), { batchSize: 2 }), runRenewalSweep(other, on(day))]);
  const auditCount = async (action: string) =>
    (await auditOf(t.db.kysely, 'endorsement', ids())).filter((e) => e.action === action).length;
  const mailsOf = async (p: RenewingEndorsee, pattern: RegExp) =>
    (await mailsTo(`racer-${people.indexOf(p)}@example.org`)).filter((m) => pattern.test(m)).length;

  test('each reminder exactly once', async () => {
    const [a, b] = await both('2028-06-02');
    assert.ok(a.reminded + b.reminded >= people.length);
    const sent = await remindersSent(t.db.kysely, ids());
    for (const p of people) {
      assert.deepEqual(
        sent.get(p.endorsement.id)!.map((s) => s.offset),
        [-60],
      );
      assert.equal(await mailsOf(p, /is due on August 1, 2028/), 1);
    }
    assert.equal(await auditCount('renewal.remind'), people.length);
  });

  test('each lapse exactly once', async () => {
    const coraBefore = (await mailsTo('cora@example.org')).length;
    const [a, b] = await both('2028-09-01');
    assert.ok(a.lapsed + b.lapsed >= people.length);
    for (const p of people) {
      assert.equal(await statusOf(p), 'lapsed');
      const events = await endorsementEvents(t.db.kysely, p.endorsement.id);
      assert.equal(events.filter((e) => e.kind === 'lapsed').length, 1);
      assert.equal(await mailsOf(p, /has lapsed/), 1);
    }
    assert.equal(await auditCount('renewal.lapse'), people.length);
    assert.equal((await mailsTo('cora@example.org')).length, coraBefore + people.length);
  });
});
