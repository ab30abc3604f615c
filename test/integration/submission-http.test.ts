// Submitting an application through the HTTP app (app.inject): blocked with
// the list of what blocks it; allowed once everything but the exam is met
// (the portfolio built in the database: entries, signatures, submitted
// ratings); the association's fees recorded as due (CT-AIMH IMHS: $25 + $200),
// the snapshot frozen, a confirmation e-mailed; never twice, never by
// someone else; a coordinator records a payment.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { agreementTexts } from '../../src/catalogs/agreements.ts';
import { insertSignature } from '../../src/db/repositories/agreements.ts';
import {
  applicationsOfPerson,
  findApplication,
  findSnapshot,
} from '../../src/db/repositories/applications.ts';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { auditOf } from '../../src/db/repositories/audit.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { replacePortfolio } from '../../src/db/repositories/portfolio.ts';
import { newId, timestamp } from '../../src/db/portable.ts';
import type { PortfolioInput } from '../../src/engine/portfolio.ts';
import { applicationPortfolio } from '../../src/services/application-portfolio.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';

let t: TestApp;
let ada: Browser; // the applicant
let adaId: string;
let ctId: string;
let imhs: string; // Ada's CT-AIMH IMHS application

const submitPage = (id: string) => `/applications/${id}/submit`;

async function startApplication(b: Browser, association: string, credential: string): Promise<string> {
  const res = await b.submit('/applications', '/applications', { association, credential });
  assert.equal(res.statusCode, 303);
  const apps = await applicationsOfPerson(t.db.kysely, adaId);
  return apps.find((a) => a.credential === credential && a.associationId === ctId)!.id;
}

/** A submitted rating that counts, as the reference form leaves it. */
async function submittedRating(
  applicationId: string,
  relationship: string,
  raterEndorsements: string[] = [],
) {
  const now = timestamp();
  await t.db.kysely
    .insertInto('reference_request')
    .values({
      id: newId(),
      application_id: applicationId,
      rater_name: `Rater (${relationship})`,
      rater_email: `${relationship}@example.org`,
      relationship,
      waived: 1,
      token_hash: randomBytes(16).toString('hex'),
      status: 'submitted',
      expires_at: timestamp(new Date(Date.now() + 30 * 86400_000)),
      sent_at: now,
      opened_at: now,
      submitted_at: now,
      revoked_at: null,
      reminders_sent: 0,
      rating: JSON.stringify({ counts: true, current: true, raterEndorsements }),
      created_at: now,
    })
    .execute();
}

/** Everything CT-AIMH's IMHS asks for before review (the exam comes after it). */
const portfolio: PortfolioInput = {
  format: 'endorse-portfolio/1',
  person: { name: 'Ada Applicant', email: 'ada@example.org' },
  degrees: [{ level: 'master', title: 'MSW', conferred: '2018-05-15', transcript: 'official' }],
  work: [
    {
      title: 'Infant mental health therapist',
      from: '2018-09-01',
      to: null,
      fte: 1,
      paid: true,
      supervised: true,
      kinds: ['imh-dyadic'],
    },
  ],
  training: [
    { title: 'Attachment and loss', date: '2022-03-02', hours: 20, topics: ['imh'] },
    { title: 'Reflective practice', date: '2023-04-01', hours: 12, topics: ['rsc'] },
  ],
  rsc: [
    {
      from: '2023-01-05',
      to: '2024-06-30',
      hours: 52,
      format: 'individual',
      provider: { name: 'Dana Mentor', endorsements: ['IMHM-C'] },
    },
  ],
  memberships: [{ association: 'ct-aimh', from: '2020-01-01', to: null }],
};

async function statusOf(id: string) {
  return t.db.kysely
    .selectFrom('application')
    .select(['status', 'submitted_at', 'snapshot'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}
async function feesDue(id: string) {
  const rows = await t.db.kysely
    .selectFrom('fee_due')
    .select(['id', 'kind', 'amount_cents', 'currency'])
    .where('application_id', '=', id)
    .execute();
  return rows
    .map((r) => ({ ...r, amount_cents: Number(r.amount_cents) }))
    .sort((a, b) => a.kind.localeCompare(b.kind));
}

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  ctId = (await findAssociation(t.db.kysely, 'ct-aimh'))!.id;
  ada = t.browser();
  await ada.signUp({ name: 'Ada Applicant', email: 'ada@example.org' });
  adaId = (await findPersonByEmail(t.db.kysely, 'ada@example.org'))!.id;
  imhs = await startApplication(ada, 'ct-aimh', 'IMHS');
});
after(async () => {
  await t?.close();
});

describe('submitting an application', () => {
  test('with requirements unmet, the page lists what blocks it and Submit is disabled', async () => {
    const res = await ada.get(submitPage(imhs));
    assert.equal(res.statusCode, 200);
    const text = pageText(res.body);
    assert.match(text, /Submit your IMHS application/);
    assert.match(text, /What stops you from submitting/);
    assert.match(
      text,
      /A master's degree or doctorate, with an official transcript from every college degree\./,
    );
    assert.match(text, /Missing: a master's degree or doctorate/);
    assert.match(text, /50 hours of reflective supervision\/consultation/);
    assert.match(text, /Missing: sign the Code of Ethics/);
    assert.match(text, /The written examination comes after review: it does not stop you from submitting/);
    // The exam is not among what blocks it.
    const blockers = /<section aria-labelledby="blockers-title">([\s\S]*?)<\/section>/.exec(res.body)![1]!;
    assert.doesNotMatch(pageText(blockers), /written examination/);
    assert.match(
      res.body,
      /<button type="submit" class="button primary" disabled aria-describedby="blockers-title"/,
    );
    assert.match(text, /the application fee of \$25\.00 and the processing fee of \$200\.00 become due/);
  });

  test('posting it anyway is refused with the same list, and nothing changes', async () => {
    const res = await ada.submit(submitPage(imhs), submitPage(imhs), {});
    assert.equal(res.statusCode, 400);
    const text = pageText(res.body);
    assert.match(text, /There is a problem/);
    assert.match(text, /requirements are not met yet, so the application cannot be submitted/);
    assert.match(text, /Missing: a master's degree or doctorate/);
    const row = await statusOf(imhs);
    assert.deepEqual(row, { status: 'draft', submitted_at: null, snapshot: null });
    // Only the application fee, due since the application started (seed 002, step 5).
    assert.deepEqual(
      (await feesDue(imhs)).map((f) => f.kind),
      ['application'],
    );
  });

  test('another applicant can neither open the page nor submit', async () => {
    const eve = t.browser();
    await eve.signUp({ name: 'Eve Other', email: 'eve@example.org' });
    assert.equal((await eve.get(submitPage(imhs))).statusCode, 404);
    // Eve's own CSRF token (from a page of hers), posted at Ada's application.
    const res = await eve.submit('/applications', submitPage(imhs), {});
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /<h1>Page not found<\/h1>/);
    assert.equal((await statusOf(imhs)).status, 'draft');
    // Signed out: to the sign-in page.
    const anon = await t.browser().get(submitPage(imhs));
    assert.equal(anon.statusCode, 303);
    assert.match(String(anon.headers.location), /^\/sign-in\?next=/);
  });

  test('once everything but the exam is met, it is submitted: fees due, snapshot, e-mail, audit', async () => {
    await replacePortfolio(t.db.kysely, adaId, portfolio as Record<string, unknown>);
    // Signed for the texts in force (an older text would not count).
    for (const { kind, version } of agreementTexts({ slug: 'ct-aimh', name: 'CT-AIMH' }))
      await insertSignature(t.db.kysely, {
        userId: adaId,
        associationId: ctId,
        kind,
        textVersion: version,
        typedName: 'Ada Applicant',
      });
    await submittedRating(imhs, 'program-supervisor', ['IMHS']);
    await submittedRating(imhs, 'rsc-provider', ['IMHM-C']);
    await submittedRating(imhs, 'colleague');

    const ready = await ada.get(submitPage(imhs));
    assert.equal(ready.statusCode, 200);
    assert.match(
      pageText(ready.body),
      /Ready to submit\. Every requirement you can meet before review is met/,
    );
    assert.match(ready.body, /class="requirement requirement-unmet" id="req-imhs\.exam"/);
    assert.equal(
      (ready.body.match(/class="requirement requirement-unmet"/g) ?? []).length,
      1,
      'only the exam',
    );
    assert.match(ready.body, /<button type="submit" class="button primary" aria-describedby="submit-hint"/);

    const expected = (await applicationPortfolio((await findApplication(t.db.kysely, imhs))!, t.product))
      .portfolio;
    const res = await ada.submit(submitPage(imhs), submitPage(imhs), {});
    assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 1500));
    assert.equal(res.headers.location, submitPage(imhs));
    const after = await ada.open(submitPage(imhs));
    const text = pageText(after.body);
    assert.match(
      text,
      /Your application has been submitted\. Fees due: Application fee \$25\.00, Processing fee \$200\.00\. A confirmation is on its way by e-mail\./,
    );
    assert.match(text, /Submitted on \d{4}-\d\d-\d\d/);
    assert.match(text, /Application fee \$25\.00 \$0\.00 \$25\.00/);
    assert.match(text, /Processing fee \$200\.00 \$0\.00 \$200\.00/);
    assert.match(text, /Total \$225\.00 \$0\.00 \$225\.00/);
    assert.doesNotMatch(after.body, /action="\/applications\/[^"]+\/submit"/, 'no submit form any more');

    // The fees of CT-AIMH's schedule (002) for IMHS, as amounts due.
    assert.deepEqual(
      (await feesDue(imhs)).map(({ kind, amount_cents, currency }) => ({ kind, amount_cents, currency })),
      [
        { kind: 'application', amount_cents: 2500, currency: 'USD' },
        { kind: 'processing', amount_cents: 20000, currency: 'USD' },
      ],
    );
    // The portfolio, frozen as submitted.
    const row = await statusOf(imhs);
    assert.equal(row.status, 'submitted');
    assert.ok(row.submitted_at);
    assert.deepEqual(JSON.parse(row.snapshot!), expected);
    assert.equal((JSON.parse(row.snapshot!) as PortfolioInput).references!.length, 3);
    // Audited.
    const history = await auditOf(t.db.kysely, 'application', [imhs]);
    const started = history.find((h) => h.action === 'application.start');
    assert.deepEqual((started?.after as { feesDue: unknown }).feesDue, [
      { kind: 'application', amount: '$25.00' },
    ]);
    const submitted = history.find((h) => h.action === 'application.submit');
    assert.ok(submitted);
    assert.equal(submitted.actorId, adaId);
    assert.deepEqual((submitted.after as { feesDue: unknown }).feesDue, [
      { kind: 'processing', amount: '$200.00' },
    ]);
    // The confirmation, through the mail queue, as an .eml file.
    const mail = (await t.mail()).find(
      (m) => m.includes('has been submitted') && m.includes('ada@example.org'),
    );
    assert.ok(mail, 'a confirmation was written to var/mail');
    assert.match(mail, /^To: ada@example\.org/m);
    assert.match(
      mail,
      /Infant Mental Health Specialist \(IMHS\) to Connecticut Association for Infant Mental Health/,
    );
    assert.match(mail, /Application fee: \$25\.00/);
    assert.match(mail, /Processing fee: \$200\.00/);
    assert.match(mail, /Total: \$225\.00/);
    assert.match(mail, /After the review you take the written examination/);
    assert.match(mail, new RegExp(`/applications/${imhs}/submit`));
  });

  test('later edits do not change the snapshot', async () => {
    const before = (await statusOf(imhs)).snapshot;
    await replacePortfolio(t.db.kysely, adaId, {
      ...portfolio,
      training: [...portfolio.training!, { title: 'Added later', date: '2026-01-10', hours: 99, topics: [] }],
      degrees: [],
    });
    assert.equal((await statusOf(imhs)).snapshot, before);
    assert.doesNotMatch(before!, /Added later/);
    // The page judges the portfolio as submitted: the degree removed since still counts there.
    const page = pageText((await ada.get(submitPage(imhs))).body);
    assert.match(
      page,
      /Checklist: IMHS with Connecticut Association for Infant Mental Health \(CT-AIMH\), as submitted/,
    );
    assert.match(page, /✓ Met Education master's degree \(MSW\) conferred 2018-05-15/);
    await replacePortfolio(t.db.kysely, adaId, portfolio as Record<string, unknown>);
  });

  test('a submitted application cannot be submitted again', async () => {
    const page = await ada.get('/applications');
    const res = await ada.post(submitPage(imhs), {
      _csrf: /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!,
    });
    assert.equal(res.statusCode, 409);
    assert.match(
      pageText(res.body),
      /This application has been submitted already: it cannot be submitted again/,
    );
    assert.equal((await feesDue(imhs)).length, 2);
    const history = await auditOf(t.db.kysely, 'application', [imhs]);
    assert.equal(history.filter((h) => h.action === 'application.submit').length, 1);
  });

  test('with no fee in the schedule, nothing is recorded as due, and the applicant is told so', async () => {
    await t.db.kysely
      .deleteFrom('fee')
      .where('association_id', '=', ctId)
      .where('credential', '=', 'IFA')
      .execute();
    const ifa = await startApplication(ada, 'ct-aimh', 'IFA');
    for (const relationship of ['program-supervisor', 'trainer', 'consultant'])
      await submittedRating(ifa, relationship, ['IMHS']);
    const ready = pageText((await ada.get(submitPage(ifa))).body);
    assert.match(ready, /Ready to submit/);
    assert.match(
      ready,
      /has no fee schedule for IFA in Endorse, so no fees will be recorded when you submit/,
    );
    const res = await ada.submitAndFollow(submitPage(ifa), submitPage(ifa), {});
    assert.equal(res.statusCode, 200);
    assert.match(
      pageText(res.body),
      /Your application has been submitted\. Connecticut Association for Infant Mental Health \(CT-AIMH\) has no fee schedule for IFA, so no fees were recorded\./,
    );
    assert.match(pageText(res.body), /No fees were recorded for this application/);
    assert.deepEqual(await feesDue(ifa), []);
    assert.equal((await statusOf(ifa)).status, 'submitted');
    const mail = (await t.mail()).find((m) => m.includes('Your IFA application'));
    assert.ok(mail);
    assert.match(mail, /has no fee schedule for IFA in Endorse, so no fees were recorded/);
  });
});

describe('payments (a coordinator)', () => {
  let cody: Browser;
  const historyPage = () => `/associations/ct-aimh/applications/${imhs}`;
  const paymentsUrl = () => `${historyPage()}/payments`;

  before(async () => {
    cody = t.browser();
    await cody.signUp({ name: 'Cody Coordinator', email: 'cody@example.org' });
    const site = await t.siteAdmin();
    const res = await site.submit('/associations/ct-aimh/people', '/associations/ct-aimh/people', {
      email: 'cody@example.org',
      roles: ['coordinator'],
    });
    assert.equal(res.statusCode, 303);
  });

  test("the coordinator's application page shows the fees due and records a payment", async () => {
    const page = await cody.get(historyPage());
    assert.equal(page.statusCode, 200);
    const text = pageText(page.body);
    assert.match(text, /Fees and payments/);
    assert.match(text, /Application fee \$25\.00 \$0\.00 \$25\.00/);
    const fees = await feesDue(imhs);
    const applicationFee = fees.find((f) => f.kind === 'application')!;
    const res = await cody.submitAndFollow(historyPage(), paymentsUrl(), {
      feeDue: applicationFee.id,
      amount: '25.00',
      method: 'check',
      note: 'Check 1234',
    });
    assert.equal(res.statusCode, 200);
    const after = pageText(res.body);
    assert.match(
      after,
      /Payment of \$25\.00 recorded against the application fee, which is now paid in full\./,
    );
    assert.match(
      after,
      /Application fee \$25\.00 \$25\.00 \$25\.00 by check, .* recorded by Cody Coordinator \(Check 1234\) \$0\.00/,
    );
    assert.match(after, /Total \$225\.00 \$25\.00 \$200\.00/);
    assert.match(after, /payment\.record/, 'the history shows it');
    const payments = await t.db.kysely.selectFrom('payment').selectAll().execute();
    assert.equal(payments.length, 1);
    assert.equal(Number(payments[0]!.amount_cents), 2500);
    assert.equal(payments[0]!.fee_due_id, applicationFee.id);
    // The applicant sees it on the submission page.
    assert.match(pageText((await ada.get(submitPage(imhs))).body), /Total \$225\.00 \$25\.00 \$200\.00/);
  });

  test('more than is still due, or not an amount, is refused with a message', async () => {
    const processing = (await feesDue(imhs)).find((f) => f.kind === 'processing')!;
    const over = await cody.submit(historyPage(), paymentsUrl(), {
      feeDue: processing.id,
      amount: '300',
      method: 'card',
    });
    assert.equal(over.statusCode, 400);
    assert.match(pageText(over.body), /That is more than the \$200\.00 still due on the processing fee/);
    const bad = await cody.submit(historyPage(), paymentsUrl(), {
      feeDue: processing.id,
      amount: 'lots',
      method: 'card',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(pageText(bad.body), /Enter the amount paid as dollars and cents/);
    assert.equal((await t.db.kysely.selectFrom('payment').selectAll().execute()).length, 1);
  });

  test('the applicant cannot record a payment', async () => {
    const processing = (await feesDue(imhs)).find((f) => f.kind === 'processing')!;
    const res = await ada.submit('/applications', paymentsUrl(), {
      feeDue: processing.id,
      amount: '200',
      method: 'cash',
    });
    assert.equal(res.statusCode, 404);
    assert.equal((await t.db.kysely.selectFrom('payment').selectAll().execute()).length, 1);
  });

  test('the snapshot is still the one submitted', async () => {
    const snapshot = await findSnapshot(t.db.kysely, imhs);
    assert.ok(snapshot);
    assert.equal((JSON.parse(snapshot) as PortfolioInput).person.name, 'Ada Applicant');
  });
});
