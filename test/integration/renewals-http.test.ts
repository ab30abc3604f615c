// The endorsee's renewal page through the real HTTP app, on a clock the test
// moves: the checklist turning met as hours are entered on the portfolio
// page (once, for two endorsements), renewing refused with why and the form
// kept, renewing (the due date a year on, a new credential, the mail),
// pausing within the association's limit, asking to be reinstated after a
// lapse with every year missed judged, an audit's proof uploaded, and
// someone else's endorsement or entry answering 404.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findEndorsement } from '../../src/db/repositories/endorsements.ts';
import { auditEntriesOf, renewalsOf } from '../../src/db/repositories/renewals.ts';
import { recordStatusChange } from '../../src/services/endorsement-status.ts';
import { approveReinstatement } from '../../src/services/renewals.ts';
import { type Staff, staffMember } from '../helpers/exam.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { checklistOf, minimalPdf, submitMultipart } from '../helpers/portfolio-http.ts';
import {
  addMembership,
  addTraining,
  alsoHolds,
  renewingEndorsee,
  type RenewingEndorsee,
  setRenewalSettings,
} from '../helpers/renewal.ts';

let clock = new Date('2026-12-01T09:00:00Z');
let t: TestApp;
let ctAdmin: Staff;
before(async () => {
  t = await startApp({ now: () => clock, rateLimit: 100_000 });
  ctAdmin = await staffMember(t, 'ct-aimh', 'Ada Admin', 'ada@example.org', ['admin']);
  await setRenewalSettings(t, ctAdmin, 'ct-aimh', { feeCents: 7500, graceDays: 30, inactiveLimitDays: 365 });
});
after(() => t.close());

const on = (day: string) => {
  clock = new Date(`${day}T09:00:00Z`);
};

/** The part of the renewal page about one endorsement. */
async function renewalOf(b: Browser, endorsementId: string) {
  const res = await b.get('/renewals');
  assert.equal(res.statusCode, 200, pageText(res.body).slice(0, 400));
  return articleOf(res.body, endorsementId);
}
function articleOf(html: string, endorsementId: string) {
  const start = html.indexOf(`id="renewal-of-${endorsementId}"`);
  assert.ok(start > 0, `the page has endorsement ${endorsementId}`);
  const end = html.indexOf('</article>', start);
  const part = html.slice(start, end);
  return { html: part, text: pageText(part), checklist: [...checklistOf(part).values()] };
}
const unmet = <R extends { status: string }>(c: { checklist: R[] }) =>
  c.checklist.filter((r) => r.status === 'unmet');

describe('renewing on the page', () => {
  let jo: RenewingEndorsee;
  let miId: string;
  before(async () => {
    jo = await renewingEndorsee(t, 'Jo Renewer', 'jo@example.org', {
      slug: 'ct-aimh',
      credential: 'IMHS',
      grantedOn: '2026-03-01',
    });
    miId = (await alsoHolds(t, jo, { slug: 'mi-aimh', credential: 'IMHS', grantedOn: '2026-03-01' })).id;
  });

  test('the account page and the navigation lead to the renewal page', async () => {
    const account = await jo.browser.get('/account');
    assert.match(account.body, new RegExp(`href="/renewals#renewal-of-${jo.endorsement.id}"`));
    assert.match(account.body, /<a href="\/renewals"[^>]*>My renewals<\/a>/);
  });

  test('too early: the page says when renewing opens, and submitting is refused, nothing saved', async () => {
    on('2026-12-01');
    const page = await renewalOf(jo.browser, jo.endorsement.id);
    assert.match(page.text, /Renewal due\s*March 1, 2027/);
    assert.match(page.text, /Not due yet: renewing opens on December 31, 2026/);
    assert.doesNotMatch(page.html, /action="\/renewals\/[^"]+\/submit"/);
    const res = await jo.browser.submit('/renewals', `/renewals/${jo.endorsement.id}/submit`, {
      attest: 'yes',
    });
    assert.equal(res.statusCode, 409);
    assert.match(pageText(res.body), /Renewing opens on December 31, 2026/);
    assert.deepEqual(await renewalsOf(t.db.kysely, [jo.endorsement.id]), []);
  });

  test('open and unmet: the checklist in the application checklist’s words, with links to the portfolio', async () => {
    on('2027-01-15');
    const page = await renewalOf(jo.browser, jo.endorsement.id);
    assert.match(page.text, /Due on March 1, 2027: you can renew now/);
    assert.match(page.text, /renewal year March 2, 2026 to March 1, 2027/);
    assert.ok(
      unmet(page).some((r) => /of 15 hours/.test(r.summary)),
      JSON.stringify(page.checklist),
    );
    assert.match(page.html, /href="\/portfolio\/training"/);
    assert.match(page.html, /href="\/portfolio\/memberships"/);
    assert.match(page.text, /Renewing records as due: renewal fee \$75\.00/);
    assert.ok(unmet(await renewalOf(jo.browser, miId)).length > 0);
  });

  test('submitting with the checklist unmet is refused with what is missing, the box kept ticked', async () => {
    const res = await jo.browser.submit('/renewals', `/renewals/${jo.endorsement.id}/submit`, {
      attest: 'yes',
    });
    assert.equal(res.statusCode, 400);
    const text = pageText(res.body);
    assert.match(text, /There is a problem/);
    assert.match(text, /The renewal checklist is not met yet: .*15 more hours/);
    assert.match(res.body, new RegExp(`id="submit-${jo.endorsement.id}-attest"[^>]*checked`));
    assert.deepEqual(await renewalsOf(t.db.kysely, [jo.endorsement.id]), []);
  });

  test('hours entered once on the portfolio page move both endorsements’ checklists', async () => {
    const res = await jo.browser.submit('/portfolio/training', '/portfolio/training', {
      title: 'Infant mental health and equity',
      provider: 'Alliance',
      date: '2026-06-01',
      hours: '15',
      topics: ['imh', 'dei'],
    });
    assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 600));
    await addMembership(t, jo, 'ct-aimh');
    await addMembership(t, jo, 'mi-aimh');
    for (const id of [jo.endorsement.id, miId]) {
      const page = await renewalOf(jo.browser, id);
      assert.deepEqual(unmet(page), [], page.text);
      assert.match(page.text, /requirements met for IMHS/);
    }
  });

  test('submitting without the attest box is refused at the box, nothing saved', async () => {
    const res = await jo.browser.submit('/renewals', `/renewals/${jo.endorsement.id}/submit`, {});
    assert.equal(res.statusCode, 400);
    const id = `submit-${jo.endorsement.id}-attest`;
    assert.match(res.body, new RegExp(`href="#${id}"`));
    assert.match(res.body, new RegExp(`id="${id}-error"[^>]*>[\\s\\S]*Tick the box to attest`));
    assert.deepEqual(await renewalsOf(t.db.kysely, [jo.endorsement.id]), []);
  });

  test('renewing moves the due date a year, and the page offers the new credential; the endorsee is told', async () => {
    const res = await jo.browser.submit('/renewals', `/renewals/${jo.endorsement.id}/submit`, {
      attest: 'yes',
    });
    assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 600));
    assert.equal(res.headers.location, `/renewals#renewal-of-${jo.endorsement.id}`);
    assert.equal((await findEndorsement(t.db.kysely, jo.endorsement.id))!.renewalDueOn, '2028-03-01');
    const page = await renewalOf(jo.browser, jo.endorsement.id);
    assert.match(page.text, /Renewal due\s*March 1, 2028/);
    // Valid through the 30 days of grace after the due date.
    assert.match(page.text, /Your new credential is valid until March 31, 2028/);
    assert.match(page.text, /Recorded as due: renewal fee \$75\.00/);
    const href = `/credentials/${jo.endorsement.id}/credential.json`;
    assert.match(page.html, new RegExp(`href="${href}"`));
    assert.match(page.html, new RegExp(`href="/endorsements/${jo.endorsement.id}/certificate.pdf"`));
    assert.doesNotMatch(page.html, /action="\/renewals\/[^"]+\/submit"/);
    const credential = await jo.browser.get(href);
    assert.equal(credential.statusCode, 200);
    assert.equal(
      (JSON.parse(credential.body) as { validUntil: string }).validUntil.slice(0, 10),
      '2028-03-31',
    );
    const mail = (await t.mail()).filter((m) => m.includes('jo@example.org') && /is renewed/.test(m));
    assert.equal(mail.length, 1);
    assert.match(mail[0]!, /Your next renewal is due on March 1, 2028/);
    // The MI-AIMH endorsement is still due: renewing one does not renew the other.
    assert.match((await renewalOf(jo.browser, miId)).html, /action="\/renewals\/[^"]+\/submit"/);
  });
});

describe('pausing', () => {
  let pat: RenewingEndorsee;
  before(async () => {
    on('2027-01-15');
    pat = await renewingEndorsee(t, 'Pat Paused', 'pat@example.org', {
      slug: 'ct-aimh',
      credential: 'IMHS',
      grantedOn: '2026-03-01',
    });
  });

  test('refused beyond the association’s limit, at the date, with what was typed', async () => {
    const page = await renewalOf(pat.browser, pat.endorsement.id);
    assert.match(page.text, /At most until January 14, 2028/);
    const res = await pat.browser.submit('/renewals', `/renewals/${pat.endorsement.id}/pause`, {
      untilOn: '2028-06-01',
      reason: 'Parental leave',
    });
    assert.equal(res.statusCode, 400);
    const id = `pause-${pat.endorsement.id}-untilOn`;
    assert.match(pageText(res.body), /A pause can last at most 365 days, until January 14, 2028/);
    assert.match(res.body, new RegExp(`id="${id}"[^>]*value="2028-06-01"|value="2028-06-01"[^>]*id="${id}"`));
    assert.match(res.body, />Parental leave<\/textarea>/);
    assert.equal((await findEndorsement(t.db.kysely, pat.endorsement.id))!.status, 'active');
  });

  test('a date that is not one, and no reason, are refused at their fields', async () => {
    const res = await pat.browser.submit('/renewals', `/renewals/${pat.endorsement.id}/pause`, {
      untilOn: '2027-02-30',
      reason: '',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, new RegExp(`href="#pause-${pat.endorsement.id}-untilOn"`));
    assert.match(res.body, new RegExp(`href="#pause-${pat.endorsement.id}-reason"`));
  });

  test('within the limit the endorsement is inactive, and the page says so', async () => {
    const res = await pat.browser.submit('/renewals', `/renewals/${pat.endorsement.id}/pause`, {
      untilOn: '2027-06-30',
      reason: 'Parental leave',
    });
    assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 600));
    assert.equal((await findEndorsement(t.db.kysely, pat.endorsement.id))!.status, 'inactive');
    const page = await renewalOf(pat.browser, pat.endorsement.id);
    assert.match(page.text, /Paused\s*From January 15, 2027 until June 30, 2027: Parental leave/);
    assert.match(page.text, /Status\s*Inactive/);
    assert.doesNotMatch(page.html, /\/pause"/);
    assert.match(page.html, /action="\/renewals\/[^"]+\/reinstatement"/);
  });
});

describe('after a lapse', () => {
  let lee: RenewingEndorsee;
  before(async () => {
    on('2027-01-15');
    lee = await renewingEndorsee(t, 'Lee Lapsed', 'lee@example.org', {
      slug: 'ct-aimh',
      credential: 'IMHS',
      grantedOn: '2024-03-01',
    });
    // The lapse as the daily renewal sweep records it (that job is another part of this work).
    await t.db.kysely.transaction().execute((tx) =>
      recordStatusChange(tx, t.product, {
        endorsement: lee.endorsement,
        to: 'lapsed',
        event: 'lapsed',
        reason: null,
        actorId: ctAdmin.actor.userId,
        bit: { purpose: 'suspension', set: true },
        audit: { action: 'renewal.lapse' },
        now: new Date('2025-04-01T00:00:00Z'),
      }),
    );
  });

  test('every year missed is judged; asking before they are made up is refused with what is missing', async () => {
    const page = await renewalOf(lee.browser, lee.endorsement.id);
    assert.match(page.text, /Lapsed: make up the years missed and ask to be reinstated/);
    assert.match(page.text, /each renewal year missed \(2 years\)/);
    assert.match(page.text, /renewal year March 2, 2024 to March 1, 2025/);
    assert.match(page.text, /renewal year March 2, 2025 to March 1, 2026/);
    assert.doesNotMatch(page.html, /\/submit"/);
    const res = await lee.browser.submit('/renewals', `/renewals/${lee.endorsement.id}/reinstatement`, {
      attest: 'yes',
    });
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /The years missed are not made up yet: 2024-03-02 to 2025-03-01: /);
    assert.deepEqual(await renewalsOf(t.db.kysely, [lee.endorsement.id]), []);
  });

  test('with the years made up, the request is recorded and the page says the association reinstates', async () => {
    await addTraining(t, lee, '2024-06-01', 15, ['imh', 'dei']);
    await addTraining(t, lee, '2025-06-01', 15, ['imh', 'dei']);
    await addMembership(t, lee, 'ct-aimh');
    const res = await lee.browser.submit('/renewals', `/renewals/${lee.endorsement.id}/reinstatement`, {
      attest: 'yes',
    });
    assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 600));
    const page = await renewalOf(lee.browser, lee.endorsement.id);
    assert.match(page.text, /You asked to be reinstated on/);
    assert.doesNotMatch(page.html, /\/reinstatement"/);
    const [request] = await renewalsOf(t.db.kysely, [lee.endorsement.id]);
    assert.equal(request?.kind, 'reinstatement');
  });

  test('once the coordinator reinstates, the page says so and offers the new credential', async () => {
    const coordinator = await staffMember(t, 'ct-aimh', 'Cy Coordinator', 'cy@example.org', ['coordinator']);
    await approveReinstatement(
      coordinator.actor,
      lee.endorsement.id,
      lee.endorsement.associationId,
      t.product,
      clock,
    );
    const page = await renewalOf(lee.browser, lee.endorsement.id);
    assert.match(page.text, /Status\s*Active/);
    assert.match(page.text, /Reinstated on 2027-01-15/);
    assert.match(page.text, /Your new credential is valid until March 31, 2027/);
  });
});

describe('an audited renewal', () => {
  let al: RenewingEndorsee;
  let jo: RenewingEndorsee;
  before(async () => {
    on('2027-02-01');
    await setRenewalSettings(t, ctAdmin, 'ct-aimh', { auditPercent: 100 });
    al = await renewingEndorsee(t, 'Al Audited', 'al@example.org', {
      slug: 'ct-aimh',
      credential: 'IMHS',
      grantedOn: '2026-03-01',
    });
    jo = await renewingEndorsee(t, 'Jo Other', 'jo.other@example.org', {
      slug: 'ct-aimh',
      credential: 'IMHS',
      grantedOn: '2026-03-01',
    });
    await addTraining(t, al, '2026-05-01', 10, ['imh', 'dei']);
    await addTraining(t, al, '2026-07-01', 5);
    await addMembership(t, al, 'ct-aimh');
  });

  test('the page lists each entry claimed and takes a proof upload; a file that is not proof is refused at it', async () => {
    const res = await al.browser.submit('/renewals', `/renewals/${al.endorsement.id}/submit`, {
      attest: 'yes',
    });
    assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 600));
    const page = await renewalOf(al.browser, al.endorsement.id);
    assert.match(page.text, /Your renewal of IMHS with Connecticut .* is being audited/);
    assert.match(page.text, /Training on 2026-05-01\s*, May 1, 2026, 10 hours/);
    assert.match(page.text, /Training on 2026-07-01\s*, July 1, 2026, 5 hours/);
    const [first] = (
      await auditEntriesOf(
        t.db.kysely,
        (await renewalsOf(t.db.kysely, [al.endorsement.id])).map((r) => r.id),
      )
    ).sort((a, b) => String(a.entry.date).localeCompare(String(b.entry.date)));
    const action = `/renewals/audit-entries/${first!.id}/proof`;
    const wrong = await submitMultipart(
      al.browser,
      '/renewals',
      action,
      {},
      {
        proof: { name: 'notes.txt', bytes: Buffer.from('just words'), type: 'text/plain' },
      },
    );
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, new RegExp(`href="#proof-${first!.id}-proof"`));
    assert.match(pageText(wrong.body), /is not a PDF, PNG or JPEG file/);
    const done = await submitMultipart(
      al.browser,
      '/renewals',
      action,
      {},
      {
        proof: { name: 'certificate.pdf', bytes: minimalPdf(), type: 'application/pdf' },
      },
    );
    assert.equal(done.statusCode, 303, pageText(done.body).slice(0, 600));
    assert.equal(done.headers.location, `/renewals#audit-entry-${first!.id}`);
    const after = await renewalOf(al.browser, al.endorsement.id);
    assert.match(after.text, /Waiting for a coordinator/);
    assert.match(after.text, /No proof uploaded yet/);
  });

  test('someone else’s endorsement or entry answers 404, and changes nothing', async () => {
    const [renewal] = await renewalsOf(t.db.kysely, [al.endorsement.id]);
    const [entry] = await auditEntriesOf(t.db.kysely, [renewal!.id]);
    for (const [url, form] of [
      [`/renewals/${al.endorsement.id}/submit`, { attest: 'yes' }],
      [`/renewals/${al.endorsement.id}/pause`, { untilOn: '2027-03-01', reason: 'Leave' }],
      [`/renewals/${al.endorsement.id}/pause`, {}],
      [`/renewals/${al.endorsement.id}/reinstatement`, { attest: 'yes' }],
      ['/renewals/no-such-endorsement/submit', { attest: 'yes' }],
    ] as const) {
      const res = await jo.browser.submit('/renewals', url, form);
      assert.equal(res.statusCode, 404, url);
    }
    const upload = await submitMultipart(
      jo.browser,
      '/renewals',
      `/renewals/audit-entries/${entry!.id}/proof`,
      {},
      {
        proof: { name: 'certificate.pdf', bytes: minimalPdf(), type: 'application/pdf' },
      },
    );
    assert.equal(upload.statusCode, 404);
    assert.equal((await findEndorsement(t.db.kysely, al.endorsement.id))!.status, 'active');
    assert.doesNotMatch((await jo.browser.get('/renewals')).body, new RegExp(al.endorsement.id));
  });
});
