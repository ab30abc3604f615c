// The renewal year's turns through the services, over a calendar the tests
// move: an inactive pause within the association's limit (and refused
// beyond it, or where none is offered); reinstatement after it once every
// year missed is made up; an extension moving the date that counts for lapse
// and the late fee; NCIMHA's RSC hours and DEI hour judged; two submits at
// once renewing once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { endorsementEvents, findEndorsement } from '../../src/db/repositories/endorsements.ts';
import { renewalsOf } from '../../src/db/repositories/renewals.ts';
import { renewalSettingsOf } from '../../src/services/association-settings.ts';
import { currentCredential, verifyCredential } from '../../src/services/credentials.ts';
import { AppError, DomainError } from '../../src/services/errors.ts';
import { addEntry } from '../../src/services/portfolio.ts';
import { renewalPosition } from '../../src/services/renewal-checklist.ts';
import {
  approveReinstatement,
  grantExtension,
  judgeEndorsementRenewal,
  pauseEndorsement,
  requestReinstatement,
  submitRenewal,
} from '../../src/services/renewals.ts';
import { type Staff, staffMember } from '../helpers/exam.ts';
import { startApp, type TestApp } from '../helpers/http.ts';
import { rsc } from '../helpers/portfolio.ts';
import {
  addMembership,
  addTraining,
  renewingEndorsee,
  type RenewingEndorsee,
  setRenewalSettings,
} from '../helpers/renewal.ts';

let t: TestApp;
before(async () => {
  t = await startApp({ rateLimit: 100_000 });
});
after(() => t.close());

const on = (day: string) => new Date(`${day}T09:00:00Z`);
/** The error's code: a DomainError's own, else an AppError's kind and field. */
const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'none',
    (e: unknown) =>
      e instanceof DomainError
        ? e.domainCode
        : e instanceof AppError
          ? `${e.code} ${e.field ?? ''}`.trim()
          : String(e),
  );
const reload = async (who: RenewingEndorsee) => (await findEndorsement(t.db.kysely, who.endorsement.id))!;
const verdictOn = async (who: RenewingEndorsee, day: string) => {
  const credential = (await currentCredential(t.product, who.endorsement.id))!;
  return (await verifyCredential(t.product, credential.document, on(day))).verdict;
};
const eventsOf = async (who: RenewingEndorsee) =>
  (await endorsementEvents(t.db.kysely, who.endorsement.id)).map((e) => e.kind);

describe('an inactive pause, then reinstatement', () => {
  let admin: Staff;
  let coordinator: Staff;
  let pat: RenewingEndorsee;
  before(async () => {
    admin = await staffMember(t, 'ct-aimh', 'Ada Admin', 'ada@example.org', ['admin']);
    coordinator = await staffMember(t, 'ct-aimh', 'Cy Coordinator', 'cy@example.org', ['coordinator']);
    pat = await renewingEndorsee(t, 'Pat Paused', 'pat@example.org', {
      slug: 'ct-aimh',
      credential: 'IMHS',
      grantedOn: '2026-03-01',
    });
  });

  test('refused where the association offers no pause', async () => {
    assert.equal(
      await codeOf(
        pauseEndorsement(
          pat.actor,
          pat.endorsement.id,
          { untilOn: '2027-01-31', reason: 'Leave' },
          t.product,
          on('2026-10-01'),
        ),
      ),
      'invalid form',
    );
    assert.equal((await reload(pat)).status, 'active');
  });

  test('refused beyond the limit, without a reason, and without a day it ends', async () => {
    await setRenewalSettings(t, admin, 'ct-aimh', { inactiveLimitDays: 180, reinstatementFeeCents: 5000 });
    const long = await pauseEndorsement(
      pat.actor,
      pat.endorsement.id,
      { untilOn: '2027-03-30', reason: 'Parental leave' },
      t.product,
      on('2026-10-01'),
    ).catch((e: unknown) => e);
    assert.ok(long instanceof AppError && long.field === 'untilOn', String(long));
    assert.match(long.message, /at most 180 days, until March 29, 2027/);
    assert.equal(
      await codeOf(
        pauseEndorsement(
          pat.actor,
          pat.endorsement.id,
          { untilOn: '2027-03-29', reason: ' ' },
          t.product,
          on('2026-10-01'),
        ),
      ),
      'invalid reason',
    );
    assert.equal(
      await codeOf(
        pauseEndorsement(
          pat.actor,
          pat.endorsement.id,
          { untilOn: 'soon', reason: 'Leave' },
          t.product,
          on('2026-10-01'),
        ),
      ),
      'invalid untilOn',
    );
    assert.equal((await reload(pat)).status, 'active');
  });

  test('within the limit: inactive, the suspension bit set, the pause in the history', async () => {
    assert.equal(await verdictOn(pat, '2026-10-01'), 'valid');
    const paused = await pauseEndorsement(
      pat.actor,
      pat.endorsement.id,
      { untilOn: '2027-03-29', reason: 'Parental leave' },
      t.product,
      on('2026-10-01'),
    );
    assert.equal(paused.status, 'inactive');
    assert.equal((await reload(pat)).status, 'inactive');
    assert.equal(await verdictOn(pat, '2026-10-02'), 'suspended');
    assert.ok((await eventsOf(pat)).includes('paused'));
    // Paused, it is not renewed: it is reinstated.
    assert.equal(
      await codeOf(
        submitRenewal(pat.actor, pat.endorsement.id, { attest: true }, t.product, on('2027-02-01')),
      ),
      'ENDORSEMENT_STATE_FORBIDS',
    );
  });

  test('reinstatement is refused while a year missed is unmet, naming the year', async () => {
    // Two due dates have passed since the pause: March 1, 2027 and March 1, 2028.
    await addTraining(t, pat, '2026-06-01', 15);
    await addMembership(t, pat, 'ct-aimh');
    const refused = await requestReinstatement(
      pat.actor,
      pat.endorsement.id,
      { attest: true },
      t.product,
      on('2028-03-15'),
    ).catch((e: unknown) => e);
    assert.ok(
      refused instanceof DomainError && refused.domainCode === 'RENEWAL_REQUIREMENTS_UNMET',
      String(refused),
    );
    assert.match(
      refused.message,
      /the years missed are not made up yet: 2027-03-02 to 2028-03-01: 15 more hours/,
    );
    assert.doesNotMatch(refused.message, /2026-03-02 to 2027-03-01/, 'the first year is made up');
  });

  test('with one year missed, the refusal names that year', async () => {
    const una = await renewingEndorsee(t, 'Una Once', 'una@example.org', {
      slug: 'ct-aimh',
      credential: 'IMHS',
      grantedOn: '2026-03-01',
    });
    await pauseEndorsement(
      una.actor,
      una.endorsement.id,
      { untilOn: '2027-03-29', reason: 'Illness' },
      t.product,
      on('2026-10-01'),
    );
    const refused = await requestReinstatement(
      una.actor,
      una.endorsement.id,
      { attest: true },
      t.product,
      on('2027-03-15'),
    ).catch((e: unknown) => e);
    assert.ok(refused instanceof DomainError, String(refused));
    assert.equal(refused.domainCode, 'RENEWAL_REQUIREMENTS_UNMET');
    assert.match(
      refused.message,
      /the year missed, March 2, 2026 to March 1, 2027, is not made up yet: 15 more hours/,
    );
  });

  test('met once training is added for each year missed; the coordinator reinstates', async () => {
    await addTraining(t, pat, '2027-09-01', 15);
    const request = await requestReinstatement(
      pat.actor,
      pat.endorsement.id,
      { attest: true },
      t.product,
      on('2028-03-15'),
    );
    assert.equal(request.kind, 'reinstatement');
    assert.equal(request.status, 'requested');
    assert.equal(request.feeCents, 5000);
    assert.equal((request.checklist as unknown[]).length, 2, 'both years judged');
    assert.equal(
      await codeOf(
        requestReinstatement(pat.actor, pat.endorsement.id, { attest: true }, t.product, on('2028-03-16')),
      ),
      'RENEWAL_ALREADY_SUBMITTED',
    );
    const before = (await currentCredential(t.product, pat.endorsement.id))!;
    const reinstated = await approveReinstatement(
      coordinator.actor,
      pat.endorsement.id,
      pat.endorsement.associationId,
      t.product,
      on('2028-03-20'),
    );
    assert.equal(reinstated.status, 'active');
    const row = await reload(pat);
    assert.equal(row.status, 'active');
    // The next due date after today, on the cycle of the grant.
    assert.equal(row.renewalDueOn, '2029-03-01');
    const issued = (await currentCredential(t.product, pat.endorsement.id))!;
    assert.notEqual(issued.id, before.id, 'a new credential');
    assert.equal((issued.document as { validUntil: string }).validUntil.slice(0, 10), '2029-03-01');
    assert.equal(await verdictOn(pat, '2028-03-21'), 'valid');
    assert.deepEqual((await eventsOf(pat)).slice(-2), ['paused', 'reinstated']);
    const [record] = await renewalsOf(t.db.kysely, [pat.endorsement.id]);
    assert.equal(record!.status, 'renewed');
  });
});

describe('an extension', () => {
  let coordinator: Staff;
  let elsewhere: Staff;
  let ed: RenewingEndorsee;
  before(async () => {
    const admin = await staffMember(t, 'mi-aimh', 'Mia Admin', 'mia@example.org', ['admin']);
    await setRenewalSettings(t, admin, 'mi-aimh', { feeCents: 6000, lateFeeCents: 2500 });
    coordinator = await staffMember(t, 'mi-aimh', 'Max Coordinator', 'max@example.org', ['coordinator']);
    elsewhere = await staffMember(t, 'ct-aimh', 'Cat Coordinator', 'cat@example.org', ['coordinator']);
    ed = await renewingEndorsee(t, 'Ed Extended', 'ed@example.org', {
      slug: 'mi-aimh',
      credential: 'IMHS',
      grantedOn: '2026-03-01',
    });
    await addTraining(t, ed, '2026-08-01', 15);
    await addMembership(t, ed, 'mi-aimh');
  });
  const extend = (who: Staff, input: { untilOn: string; reason: string }) =>
    grantExtension(
      who.actor,
      ed.endorsement.id,
      ed.endorsement.associationId,
      input,
      t.product,
      on('2027-02-20'),
    );

  test('refused without a reason, to a day not after the due date, and by another association', async () => {
    assert.equal(
      await codeOf(extend(coordinator, { untilOn: '2027-04-30', reason: '  ' })),
      'invalid reason',
    );
    assert.equal(
      await codeOf(extend(coordinator, { untilOn: '2027-03-01', reason: 'Illness' })),
      'invalid untilOn',
    );
    assert.equal(await codeOf(extend(elsewhere, { untilOn: '2027-04-30', reason: 'Illness' })), 'not_found');
    assert.ok(!(await eventsOf(ed)).includes('extended'));
  });

  test('granted: the endorsee is told, the history says so, and the date that counts moves', async () => {
    await extend(coordinator, { untilOn: '2027-04-30', reason: 'Illness in the family' });
    assert.ok((await eventsOf(ed)).includes('extended'));
    const mail = (await t.mail()).filter((m) => /^To: .*ed@example\.org/im.test(m));
    assert.ok(
      mail.some(
        (m) =>
          /extended the renewal .* to April 30, 2027/.test(m) &&
          /The reason given: Illness in the family/.test(m),
      ),
      'the endorsee is told, with the reason',
    );
    const judged = await judgeEndorsementRenewal(t.product, await reload(ed), on('2027-03-15'));
    assert.equal(judged.position.effectiveDueOn, '2027-04-30');
    assert.equal(judged.position.phase, 'due');
    assert.equal(judged.position.late, false);
    // Without it, with no grace period, the endorsement would be lapsing.
    const settings = await renewalSettingsOf(t.product, ed.endorsement.associationId);
    assert.equal(renewalPosition(await reload(ed), settings, undefined, '2027-03-15').phase, 'lapsed');
  });

  test('renewing after the original date, within the extension, is not late; the cycle stays on the original date', async () => {
    const { renewal, endorsement } = await submitRenewal(
      ed.actor,
      ed.endorsement.id,
      { attest: true },
      t.product,
      on('2027-03-15'),
    );
    assert.equal(renewal.status, 'renewed');
    assert.equal(renewal.late, false);
    assert.deepEqual([renewal.feeCents, renewal.lateFeeCents], [6000, null]);
    assert.equal(endorsement.renewalDueOn, '2028-03-01');
  });
});

describe("NCIMHA's IMHS renewal", () => {
  let nia: RenewingEndorsee;
  before(async () => {
    nia = await renewingEndorsee(t, 'Nia Carolina', 'nia@example.org', {
      slug: 'ncimha',
      credential: 'IMHS',
      grantedOn: '2026-03-01',
    });
    await addMembership(t, nia, 'ncimha');
    await addTraining(t, nia, '2026-05-01', 15);
  });
  const judge = async () =>
    (await judgeEndorsementRenewal(t.product, await reload(nia), on('2027-02-01'))).checklist;
  const status = (c: Awaited<ReturnType<typeof judge>>, id: string) =>
    c.results[0]!.requirements.find((r) => r.id.endsWith(id))?.status;

  test('15 hours are not enough: the DEI hour (from 2024) and 12 RSC hours received are asked too', async () => {
    const checklist = await judge();
    assert.equal(checklist.met, false);
    assert.equal(status(checklist, 'training.hours'), 'met');
    assert.equal(status(checklist, 'training.dei'), 'unmet');
    assert.equal(status(checklist, 'rsc.hours'), 'unmet');
    assert.equal(checklist.unmet.length, 2, checklist.unmet.join('; '));
  });

  test('a DEI hour, then 12 hours of RSC within the year, meet it', async () => {
    await addTraining(t, nia, '2026-09-01', 1, ['dei']);
    const withDei = await judge();
    assert.equal(status(withDei, 'training.dei'), 'met');
    assert.equal(withDei.met, false);
    await addEntry(nia.actor, 'rsc', { entry: rsc('2026-04-01', '2026-12-31', 12) }, t.product);
    const checklist = await judge();
    assert.equal(status(checklist, 'rsc.hours'), 'met');
    assert.equal(checklist.met, true, checklist.unmet.join('; '));
  });
});

describe('two submits at once', () => {
  test('renew once: the other is told it was submitted, and the due date moves exactly one year', async () => {
    const duo = await renewingEndorsee(t, 'Duo Twice', 'duo@example.org', {
      slug: 'ct-aimh',
      credential: 'IMHS',
      grantedOn: '2026-03-01',
    });
    await addTraining(t, duo, '2026-06-01', 15);
    await addMembership(t, duo, 'ct-aimh');
    const submit = () =>
      submitRenewal(duo.actor, duo.endorsement.id, { attest: true }, t.product, on('2027-02-01'));
    const outcomes = await Promise.allSettled([submit(), submit()]);
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    const [refused] = outcomes.filter((o) => o.status === 'rejected');
    const code = (refused!.reason as DomainError).domainCode;
    assert.ok(['RENEWAL_ALREADY_SUBMITTED', 'ENDORSEMENT_STATUS_CHANGED'].includes(code), code);
    assert.equal((await reload(duo)).renewalDueOn, '2028-03-01');
    assert.equal((await renewalsOf(t.db.kysely, [duo.endorsement.id])).length, 1);
    assert.equal((await eventsOf(duo)).filter((k) => k === 'renewed').length, 1);
  });
});
