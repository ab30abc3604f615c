// The coordinator's renewal year through HTTP, on a clock of the test's: an
// endorsee in each standing (renewed, audited, due with the checklist met,
// due with hours missing, in grace, inactive, lapsed), the counts and the
// list behind each, the search, the CSV (formula-safe), an extension granted
// and refused, audit decisions (the last acceptance renews), the proof
// downloaded, and a reinstatement approved after the endorsee asked.
//
// The lapse itself is the daily sweep's (another part of the issue): here the
// endorsement is lapsed with the status-change service the sweep uses.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findEndorsement } from '../../src/db/repositories/endorsements.ts';
import { auditEntriesOf, type AuditEntryRow, renewalsOf } from '../../src/db/repositories/renewals.ts';
import { parseCsv } from '../../src/domain/csv.ts';
import type { RenewalSettings } from '../../src/services/association-settings.ts';
import { recordStatusChange } from '../../src/services/endorsement-status.ts';
import { uploadAuditProof } from '../../src/services/renewal-audit.ts';
import { pauseEndorsement, requestReinstatement, submitRenewal } from '../../src/services/renewals.ts';
import { type Staff, staffMember } from '../helpers/exam.ts';
import { pageText, startApp, type TestApp } from '../helpers/http.ts';
import {
  addMembership,
  addTraining,
  renewingEndorsee,
  type RenewingEndorsee,
  setRenewalSettings,
} from '../helpers/renewal.ts';

const on = (day: string) => new Date(`${day}T09:00:00Z`);
// The day the year is looked at: two weeks after April 1 (Gus in grace), six weeks before June 1.
const clock = on('2027-04-15');
let t: TestApp;
let admin: Staff;
let cy: Staff;
let miCoordinator: Staff;
const people: Record<string, RenewingEndorsee> = {};
const base = '/associations/ct-aimh/renewals';

const settings = (more: Partial<RenewalSettings> = {}) =>
  setRenewalSettings(t, admin, 'ct-aimh', { feeCents: 7500, graceDays: 30, inactiveLimitDays: 365, ...more });

/** An endorsee of ct-aimh (IMHS), with a year's hours and membership when `met`. */
async function endorseeOf(key: string, name: string, grantedOn: string, met: boolean) {
  const who = await renewingEndorsee(t, name, `${key}@example.org`, {
    slug: 'ct-aimh',
    credential: 'IMHS',
    grantedOn,
  });
  if (met) {
    await addTraining(t, who, addMonths(grantedOn), 10, ['imh', 'dei']);
    await addTraining(t, who, addMonths(grantedOn, 2), 5);
    await addMembership(t, who, 'ct-aimh');
  }
  people[key] = who;
  return who;
}
const addMonths = (day: string, months = 1) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

const mailsTo = async (address: string) =>
  (await t.mail()).filter((m) => new RegExp(`^To: ${address.replace(/[.+]/g, '\\$&')}\\r?$`, 'im').test(m));

before(async () => {
  t = await startApp({ now: () => clock, rateLimit: 100_000 });
  admin = await staffMember(t, 'ct-aimh', 'Ada Admin', 'ada@example.org', ['admin']);
  cy = await staffMember(t, 'ct-aimh', 'Cy Coordinator', 'cy@example.org', ['coordinator']);
  miCoordinator = await staffMember(t, 'mi-aimh', 'Mo Coordinator', 'mo@example.org', ['coordinator']);
  await settings();
  // Due March 1, 2027, renewed on February 1.
  const rita = await endorseeOf('rita', 'Rita Renewed', '2026-03-01', true);
  await submitRenewal(rita.actor, rita.endorsement.id, { attest: true }, t.product, on('2027-02-01'));
  // Due March 1, drawn for audit (the share at 100% for this one only).
  const audrey = await endorseeOf('audrey', 'Audrey Audited', '2026-03-01', true);
  await settings({ auditPercent: 100 });
  await submitRenewal(audrey.actor, audrey.endorsement.id, { attest: true }, t.product, on('2027-02-01'));
  await settings();
  // Due June 1: hours missing, and hours met not yet renewed; the formula-like name is Mia's.
  await endorseeOf('manny', 'Manny Missing', '2026-06-01', false);
  await endorseeOf('mia', '=Mia Met', '2026-06-01', true);
  // Due April 1: two weeks into the 30 days of grace.
  await endorseeOf('gus', 'Gus Grace', '2026-04-01', false);
  // Due June 1, paused now.
  const paula = await endorseeOf('paula', 'Paula Paused', '2026-06-01', false);
  await pauseEndorsement(
    paula.actor,
    paula.endorsement.id,
    { untilOn: '2027-10-01', reason: 'parental leave' },
    t.product,
    clock,
  );
  // Due March 1, not renewed, grace over: lapsed as the sweep lapses it.
  const larry = await endorseeOf('larry', 'Larry Lapsed', '2026-03-01', true);
  await t.db.kysely.transaction().execute((tx) =>
    recordStatusChange(tx, t.product, {
      endorsement: larry.endorsement,
      to: 'lapsed',
      event: 'lapsed',
      reason: 'not renewed by the end of the grace period',
      actorId: admin.id,
      bit: { purpose: 'suspension', set: true },
      audit: { action: 'renewal.lapse' },
      now: on('2027-04-01'),
    }),
  );
});
after(() => t.close());

const yearPage = async (query = '') => {
  const res = await cy.browser.get(`${base}?year=2027${query}`);
  assert.equal(res.statusCode, 200, res.body.slice(0, 500));
  return pageText(res.body);
};
const numberOf = (key: string) => String(people[key]!.endorsement.number);

describe('the renewal year', () => {
  test('counts every standing, each a link to its list', async () => {
    const text = await yearPage();
    for (const label of [
      'Renewed: 1',
      'Due, checklist met: 1',
      'Due, hours missing: 1',
      'In grace: 1',
      'Lapsed: 1',
      'Inactive: 1',
      'Under audit: 1',
    ])
      assert.ok(text.includes(label), `${label} in: ${text.slice(0, 800)}`);
    assert.match(text, /7 endorsements in all/);
    const res = await cy.browser.get(`${base}?year=2027`);
    assert.match(res.body, /href="\/associations\/ct-aimh\/renewals\?year=2027&amp;standing=grace"/);
  });

  test('the list behind each standing holds its endorsee only', async () => {
    const expected = {
      renewed: 'rita',
      audited: 'audrey',
      'due-met': 'mia',
      'due-missing': 'manny',
      grace: 'gus',
      inactive: 'paula',
      lapsed: 'larry',
    };
    for (const [standing, key] of Object.entries(expected)) {
      const text = await yearPage(`&standing=${standing}`);
      assert.match(text, /1 endorsement match/, standing);
      assert.ok(text.includes(people[key]!.email), `${standing}: ${key}`);
      for (const other of Object.values(expected).filter((k) => k !== key))
        assert.ok(!text.includes(people[other]!.email), `${standing}: not ${other}`);
    }
    // What is missing is said in the engine's words.
    assert.match(await yearPage('&standing=due-missing'), /15 more hours/);
  });

  test('search by name, e-mail or number', async () => {
    assert.match(await yearPage('&q=gus'), /1 endorsement match.*gus@example\.org/s);
    assert.match(await yearPage('&q=paula%40example.org'), /Paula Paused/);
    const byNumber = await yearPage(`&q=%23${numberOf('manny')}`);
    assert.match(byNumber, /1 endorsement match.*Manny Missing/s);
    assert.match(await yearPage('&q=nobody-here'), /No endorsements match/);
    // Another year holds none of them; a year that is no year is refused, saying so.
    assert.match(pageText((await cy.browser.get(`${base}?year=2031`)).body), /No renewals fall due in 2031/);
    const bad = await cy.browser.get(`${base}?year=soon`);
    assert.equal(bad.statusCode, 400);
    assert.match(pageText(bad.body), /The year must be a number/);
  });

  test('the CSV has the same rows, formula-safe', async () => {
    const res = await cy.browser.get(`${base}.csv?year=2027`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /text\/csv/);
    assert.match(
      String(res.headers['content-disposition']),
      /attachment; filename="renewals-ct-aimh-2027.csv"/,
    );
    const rows = parseCsv(res.body);
    assert.equal(rows[0]![4], 'Standing');
    assert.equal(rows.length, 8);
    const mia = rows.find((r) => r[2] === 'mia@example.org')!;
    assert.equal(mia[1], "'=Mia Met", 'the name is not read as a formula');
    assert.equal(mia[4], 'Due, checklist met');
    const rita = rows.find((r) => r[2] === 'rita@example.org')!;
    assert.deepEqual(
      [rita[4], rita[5], rita[8], rita[9]],
      ['Renewed', '2027-03-01', 'renewal fee $75.00', 'no'],
    );
    const filtered = parseCsv((await cy.browser.get(`${base}.csv?year=2027&standing=audited`)).body);
    assert.deepEqual(
      filtered.slice(1).map((r) => [r[2], r[9]]),
      [['audrey@example.org', 'yes']],
    );
  });

  test('the staff navigation and the endorsement page link to it', async () => {
    const res = await cy.browser.get('/associations/ct-aimh/endorsements');
    assert.match(res.body, /href="\/associations\/ct-aimh\/renewals"/);
    const one = await cy.browser.get(`/associations/ct-aimh/endorsements/${people.manny!.endorsement.id}`);
    assert.ok(one.body.includes(`href="/associations/ct-aimh/renewals/${people.manny!.endorsement.id}"`));
  });
});

describe("one endorsee's renewal", () => {
  const pageOf = (key: string) => `${base}/${people[key]!.endorsement.id}`;

  test('shows the checklist and what is missing', async () => {
    const res = await cy.browser.get(pageOf('manny'));
    assert.equal(res.statusCode, 200);
    const text = pageText(res.body);
    assert.match(text, /Renewal: Manny Missing/);
    assert.match(text, /Renewal due June 1, 2027/);
    assert.match(text, /15 more hours/);
    assert.match(text, /has not submitted a renewal/);
  });

  test('an extension is refused without a reason, or before the due date, with the field at fault', async () => {
    const noReason = await cy.browser.submit(pageOf('manny'), `${pageOf('manny')}/extension`, {
      untilOn: '2027-08-01',
      reason: '',
    });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /id="extension-reason-error"/);
    assert.match(noReason.body, /value="2027-08-01"/, 'the date typed is kept');
    const early = await cy.browser.submit(pageOf('manny'), `${pageOf('manny')}/extension`, {
      untilOn: '2027-05-01',
      reason: 'family illness',
    });
    assert.equal(early.statusCode, 400);
    assert.match(early.body, /id="untilOn-error"/);
    assert.match(pageText(early.body), /an extension ends after the due date \(June 1, 2027\)/i);
    assert.match(early.body, /family illness/, 'the reason typed is kept');
  });

  test('an extension granted: the endorsee is told, the history and the year say so', async () => {
    const res = await cy.browser.submitAndFollow(pageOf('manny'), `${pageOf('manny')}/extension`, {
      untilOn: '2027-08-01',
      reason: 'family illness',
    });
    assert.equal(res.statusCode, 200);
    const text = pageText(res.body);
    assert.match(text, /The renewal is extended/);
    assert.match(text, /Extended to August 1, 2027/);
    assert.match(text, /Renewal extended.*Cy Coordinator.*until 2027-08-01: family illness/s);
    const mail = (await mailsTo('manny@example.org')).at(-1)!;
    assert.match(mail, /June 1, 2027, to August 1, 2027/);
    assert.match(mail, /family illness/);
    assert.match(await yearPage('&q=manny'), /extended to August 1, 2027/);
  });

  test('audit decisions: a rejection needs a reason, the last acceptance renews', async () => {
    const audrey = people.audrey!;
    const [renewal] = await renewalsOf(t.db.kysely, [audrey.endorsement.id]);
    const entries = await auditEntriesOf(t.db.kysely, [renewal!.id]);
    assert.equal(entries.length, 2);
    const [first, second] = entries as [AuditEntryRow, AuditEntryRow];
    const pdf = { filename: 'certificate.pdf', bytes: Buffer.from('%PDF-1.4\n%proof\n') };
    await uploadAuditProof(audrey.actor, first.id, pdf, t.product);
    await uploadAuditProof(audrey.actor, second.id, pdf, t.product);
    const page = pageOf('audrey');
    const decide = (entry: AuditEntryRow, form: Record<string, string>) =>
      cy.browser.submit(page, `${base}/audit-entries/${entry.id}/decision`, form);

    assert.match(pageText((await cy.browser.get(page)).body), /Under audit/);
    const noReason = await decide(second, { decision: 'rejected', reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.ok(noReason.body.includes(`id="${second.id}-reason-error"`));
    const rejected = await decide(second, { decision: 'rejected', reason: 'the date is unreadable' });
    assert.equal(rejected.statusCode, 303);
    assert.match((await mailsTo('audrey@example.org')).at(-1)!, /the date is unreadable/);
    assert.equal((await decide(first, { decision: 'accepted' })).statusCode, 303);
    // The rejected entry waits for new proof: no decision on it meanwhile.
    const waiting = await decide(second, { decision: 'accepted' });
    assert.equal(waiting.statusCode, 409);
    await uploadAuditProof(audrey.actor, second.id, pdf, t.product);
    const done = await cy.browser.submitAndFollow(page, `${base}/audit-entries/${second.id}/decision`, {
      decision: 'accepted',
    });
    assert.match(pageText(done.body), /the renewal is complete/);
    assert.equal((await findEndorsement(t.db.kysely, audrey.endorsement.id))!.renewalDueOn, '2028-03-01');
    assert.match((await mailsTo('audrey@example.org')).at(-1)!, /is renewed/);
    assert.match(await yearPage('&standing=renewed'), /2 endorsements match/);
  });

  test("the proof downloads for the coordinator, and is not there for another association's", async () => {
    const [renewal] = await renewalsOf(t.db.kysely, [people.audrey!.endorsement.id]);
    const [entry] = await auditEntriesOf(t.db.kysely, [renewal!.id]);
    const url = `${base}/audit-entries/${entry!.id}/proof`;
    const res = await cy.browser.get(url);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="certificate.pdf"/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.match(res.body, /%proof/);
    assert.equal((await miCoordinator.browser.get(url)).statusCode, 404);
    assert.equal(
      (await miCoordinator.browser.get(`/associations/mi-aimh/renewals/audit-entries/${entry!.id}/proof`))
        .statusCode,
      404,
    );
    assert.equal((await people.audrey!.browser.get(url)).statusCode, 404);
  });

  test('reinstatement: refused before the endorsee asks, approved after', async () => {
    const larry = people.larry!;
    const page = pageOf('larry');
    assert.doesNotMatch(pageText((await cy.browser.get(page)).body), /Reinstate the endorsement/);
    const early = await cy.browser.submit(page, `${page}/reinstate`, {});
    assert.equal(early.statusCode, 400);
    assert.match(pageText(early.body), /has not asked to be reinstated/);
    await requestReinstatement(larry.actor, larry.endorsement.id, { attest: true }, t.product, clock);
    assert.match(pageText((await cy.browser.get(page)).body), /Reinstatement requested/);
    const done = await cy.browser.submitAndFollow(page, `${page}/reinstate`, {});
    assert.match(pageText(done.body), /The endorsement is reinstated/);
    const row = (await findEndorsement(t.db.kysely, larry.endorsement.id))!;
    assert.deepEqual([row.status, row.renewalDueOn], ['active', '2028-03-01']);
    assert.match((await mailsTo('larry@example.org')).at(-1)!, /is reinstated/);
    // Reinstated, his next renewal falls in 2028: the 2027 year no longer counts him lapsed.
    assert.match(await yearPage(), /Lapsed: 0/);
  });

  test("another association's coordinator and the endorsee are told it is not there", async () => {
    const page = pageOf('manny');
    assert.equal((await miCoordinator.browser.get(page)).statusCode, 404);
    assert.equal(
      (await miCoordinator.browser.get(`/associations/mi-aimh/renewals/${people.manny!.endorsement.id}`))
        .statusCode,
      404,
    );
    assert.equal((await people.manny!.browser.get(page)).statusCode, 404);
    assert.equal((await people.manny!.browser.get(`${base}?year=2027`)).statusCode, 404);
  });
});
