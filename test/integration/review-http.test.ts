// The review through the HTTP app: an assigned reviewer's form beside the
// frozen snapshot (the engine's verdict first, the reviewer notes, the
// Mentor level's competency domains, the ratings with the raters' e-mails),
// drafts that keep everything, one submission per round, independence of the
// two reviews (and two-level review), the round settled by the reviews, the
// applicant's request for more information, resubmission and the new round
// with what changed, the coordinator's decisions, withdrawal, and the
// decision letter, which never names a reviewer.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findApplication, findRoundSnapshot } from '../../src/db/repositories/applications.ts';
import { auditOf } from '../../src/db/repositories/audit.ts';
import { readPortfolio, replacePortfolio } from '../../src/db/repositories/portfolio.ts';
import { decisionsOf, reviewsOf } from '../../src/db/repositories/reviews.ts';
import { writeAssociationSetting } from '../../src/db/repositories/settings.ts';
import { type Browser, csrfToken, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { applicant } from '../helpers/portfolio-http.ts';
import {
  assignReviewer,
  completeReview,
  type Reviewer,
  reviewer,
  submittedAsItStands,
} from '../helpers/review.ts';
import { submittedApplication } from '../helpers/submitted-application.ts';

let t: TestApp;
let ada: Browser;
let adaId: string;
let imhs: string;
let cody: Browser;
let codyId: string;
let ctId: string;
let rae: Reviewer;
let rex: Reviewer;
let rho: Reviewer;

const reviewPath = (id: string) => `/reviews/${id}`;
const staffPage = (id: string) => `/associations/ct-aimh/applications/${id}`;
const stateOf = async (id: string) => (await findApplication(t.db.kysely, id))!.status;
const asked = 'Please add the log of your reflective supervision for 2024.';
const askedToo = 'The RSC hours need the provider’s signature.';

/** Posts the review form as the reviewer's browser does. */
const postReview = (who: Reviewer, id: string, form: Record<string, string>) =>
  completeReview(who.browser, id, { recommendation: '', ...form }).then((f) =>
    who.browser.post(reviewPath(id), f),
  );

/** The reviewers' names and e-mails are nowhere in `text`. */
function namesNoReviewer(text: string, where: string) {
  for (const r of [rae, rex, rho]) {
    assert.ok(!text.includes(r.name), `${where} names ${r.name}`);
    assert.ok(!text.includes(r.email), `${where} shows ${r.email}`);
  }
}

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  ({ ada, adaId, imhs, ctId, cody, codyId } = await submittedApplication(t));
  rae = await reviewer(t, 'ct-aimh', 'Rae Reviewer', 'rae@example.org');
  rex = await reviewer(t, 'ct-aimh', 'Rex Reviewer', 'rex@example.org');
  rho = await reviewer(t, 'ct-aimh', 'Rho Reviewer', 'rho@example.org');
  await assignReviewer(t, imhs, rae.id, codyId);
});
after(async () => {
  await t?.close();
});

describe('starting the review', () => {
  test('needs two active reviewers; then the coordinator starts it from the staff page', async () => {
    const one = await cody.submit(staffPage(imhs), `${staffPage(imhs)}/start-review`, {});
    assert.equal(one.statusCode, 400);
    assert.match(pageText(one.body), /Two reviewers must be assigned first/);
    assert.equal(await stateOf(imhs), 'submitted');
    await assignReviewer(t, imhs, rex.id, codyId);
    const two = await cody.submit(staffPage(imhs), `${staffPage(imhs)}/start-review`, {});
    assert.equal(two.statusCode, 303);
    assert.equal(await stateOf(imhs), 'in-review');
    const rows = await decisionsOf(t.db.kysely, imhs);
    assert.deepEqual(
      rows.map((d) => [d.step, d.decidedAs, d.decidedBy]),
      [['start-review', 'coordinator', codyId]],
    );
  });
});

describe('the review page', () => {
  test('an assigned reviewer sees the engine verdict of every requirement, the reviewer notes and the ratings with e-mails', async () => {
    const res = await rae.browser.get(reviewPath(imhs));
    assert.equal(res.statusCode, 200);
    const text = pageText(res.body);
    assert.match(text, /auto-checked: 33 of 30 hours, met/);
    assert.match(text, /auto-checked: 52 of \d+ [^,]*hours[^,]*, met/);
    assert.match(text, /What the automatic check cannot judge/);
    assert.match(text, /Applicant will submit a professional portfolio/);
    assert.doesNotMatch(text, /Competency domains/);
    assert.match(text, /colleague@example\.org/);
    assert.match(text, /rsc-provider@example\.org/);
    assert.match(text, /Attachment and loss/);
    assert.match(text, /I confirm the automatic check/);
  });

  test('nobody else opens it: an unassigned reviewer, the applicant, the coordinator', async () => {
    for (const who of [rho.browser, ada, cody])
      assert.equal((await who.get(reviewPath(imhs))).statusCode, 404);
  });

  test('a Mentor-level application asks for every competency domain of seed 004', async () => {
    const mentor = await applicant(t, 'Mia Mentor', 'mia@example.org', []);
    const id = await submittedAsItStands(t, mentor.id, 'ct-aimh', 'IMHM-C');
    await assignReviewer(t, id, rae.id, codyId);
    // Before the review starts there is nothing to mark yet.
    assert.match(pageText((await rae.browser.get(reviewPath(id))).body), /there is nothing to review now/);
    await assignReviewer(t, id, rex.id, codyId);
    assert.equal((await cody.submit(staffPage(id), `${staffPage(id)}/start-review`, {})).statusCode, 303);
    const text = pageText((await rae.browser.get(reviewPath(id))).body);
    assert.match(text, /Competency domains/);
    assert.match(text, /1\. Theoretical Foundations/);
    assert.match(text, /9\. Reflection/);
  });
});

describe('drafts and submission', () => {
  test('a draft saves everything typed, and is audited', async () => {
    const page = await rae.browser.get(reviewPath(imhs));
    const res = await rae.browser.post(reviewPath(imhs), {
      _csrf: csrfToken(page.body),
      action: 'save',
      'req.imhs.training.hours.verdict': 'disputed',
      'req.imhs.training.hours.comment': 'Two certificates are unreadable',
      recommendation: 'request-information',
      toApplicant: asked,
      toStaff: 'Only for the office',
    });
    assert.equal(res.statusCode, 303);
    const again = await rae.browser.get(reviewPath(imhs));
    assert.match(again.body, /value="disputed" checked/);
    assert.match(again.body, /Two certificates are unreadable/);
    assert.match(again.body, /Only for the office/);
    const [review] = (await reviewsOf(t.db.kysely, imhs)).filter((r) => r.reviewerId === rae.id);
    assert.equal(review!.status, 'draft');
    assert.equal(JSON.parse(review!.findings).requirements['imhs.training.hours'].verdict, 'disputed');
    assert.ok((await auditOf(t.db.kysely, 'application', [imhs])).some((h) => h.action === 'review.save'));
  });

  test('submitting an incomplete review says what is missing, field by field, and keeps the draft', async () => {
    const page = await rae.browser.get(reviewPath(imhs));
    const res = await rae.browser.post(reviewPath(imhs), {
      _csrf: csrfToken(page.body),
      action: 'submit',
      'req.imhs.training.hours.verdict': 'disputed',
      'req.imhs.training.hours.comment': '',
      'clause.0.mark': 'not-clear',
      recommendation: 'request-information',
      toApplicant: asked,
      responseDueOn: '',
    });
    assert.equal(res.statusCode, 400);
    const text = pageText(res.body);
    assert.match(text, /Your draft is saved, but/);
    assert.match(text, /Say why you dispute the automatic check of/);
    assert.match(text, /Confirm or dispute the automatic check of/);
    assert.match(text, /Give the date a response is due/);
    assert.match(text, /Say what is not met or not clear/);
    assert.match(res.body, /href="#req\.imhs\.training\.hours\.comment"/);
    assert.equal((await reviewsOf(t.db.kysely, imhs)).find((r) => r.reviewerId === rae.id)!.status, 'draft');
  });

  test('a submitted review stays hidden from the other reviewer, and cannot be submitted twice', async () => {
    const res = await postReview(rae, imhs, {
      recommendation: 'request-information',
      toApplicant: asked,
      responseDueOn: '2030-02-01',
      toStaff: 'Only for the office',
    });
    assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 600));
    assert.equal(await stateOf(imhs), 'in-review');
    const rexPage = pageText((await rex.browser.get(reviewPath(imhs))).body);
    assert.doesNotMatch(rexPage, /Rae Reviewer/);
    assert.ok(!rexPage.includes(asked));
    const raePage = await rae.browser.get(reviewPath(imhs));
    assert.match(pageText(raePage.body), /Your review, as submitted/);
    const twice = await rae.browser.post(reviewPath(imhs), {
      _csrf: csrfToken(raePage.body),
      action: 'submit',
      recommendation: 'approve',
    });
    assert.equal(twice.statusCode, 409);
    assert.match(pageText(twice.body), /submitted your review of this round already/);
    assert.ok((await auditOf(t.db.kysely, 'application', [imhs])).some((h) => h.action === 'review.submit'));
  });

  test('two matching requests decide: the applicant is asked, in the reviewers’ words, never their names', async () => {
    const res = await postReview(rex, imhs, {
      recommendation: 'request-information',
      toApplicant: askedToo,
      responseDueOn: '2030-03-01',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(await stateOf(imhs), 'more-information-requested');
    const decided = (await decisionsOf(t.db.kysely, imhs)).at(-1)!;
    assert.equal(decided.step, 'request-information');
    assert.equal(decided.decidedAs, 'review');
    assert.equal(decided.responseDueOn, '2030-03-01');
    // Now both are in, each reviewer sees the other's review.
    assert.match(pageText((await rae.browser.get(reviewPath(imhs))).body), /Review by Rex Reviewer/);
    assert.match(pageText((await rex.browser.get(reviewPath(imhs))).body), /Review by Rae Reviewer/);

    const page = await ada.get(`/applications/${imhs}`);
    const text = pageText(page.body);
    assert.match(text, /More information is requested/);
    assert.ok(text.includes(asked) && text.includes(askedToo));
    assert.match(text, /Please answer by 2030-03-01/);
    assert.doesNotMatch(text, /Only for the office/);
    namesNoReviewer(page.body, 'the application page');

    const letter = await ada.get(`/applications/${imhs}/decision`);
    assert.equal(letter.statusCode, 200);
    const lt = pageText(letter.body);
    assert.match(lt, /Outcome More information requested/);
    assert.ok(lt.includes(asked));
    assert.match(lt, /What happens next/);
    namesNoReviewer(letter.body, 'the decision letter');

    const mail = (await t.mail()).filter(
      (m) => /^To: .*ada@example\.org/im.test(m) && m.includes('Decision on your'),
    );
    assert.equal(mail.length, 1);
    assert.match(mail[0]!, /Please answer by 2030-03-01/);
    assert.match(mail[0]!, new RegExp(`/applications/${imhs}/decision`));
    namesNoReviewer(mail[0]!, 'the decision e-mail');
    // The coordinator sees both reviews, with their authors.
    const staff = pageText((await cody.get(staffPage(imhs))).body);
    assert.match(staff, /Round 1: review by Rae Reviewer \(submitted\)/);
    assert.match(staff, /Only for the office/);
  });
});

describe('resubmission and the next round', () => {
  test('the applicant amends and resubmits; the coordinator starts round 2; each reviewer sees what changed', async () => {
    const portfolio = (await readPortfolio(t.db.kysely, adaId)) as { training: unknown[] };
    await replacePortfolio(t.db.kysely, adaId, {
      ...portfolio,
      training: [
        ...portfolio.training,
        { title: 'RSC log 2024', date: '2024-12-01', hours: 3, topics: ['rsc'] },
      ],
    } as never);
    const res = await ada.submit(`/applications/${imhs}`, `/applications/${imhs}/resubmit`, {});
    assert.equal(res.statusCode, 303);
    assert.equal(await stateOf(imhs), 'resubmitted');
    const row = (await findApplication(t.db.kysely, imhs))!;
    assert.equal(row.round, 2);
    assert.match((await findRoundSnapshot(t.db.kysely, imhs, 2))!.document, /RSC log 2024/);
    assert.doesNotMatch((await findRoundSnapshot(t.db.kysely, imhs, 1))!.document, /RSC log 2024/);
    // A second resubmission finds it resubmitted already.
    assert.equal((await ada.get(`/applications/${imhs}`)).body.includes('/resubmit"'), false);

    const start = await cody.submit(staffPage(imhs), `${staffPage(imhs)}/start-review`, {});
    assert.equal(start.statusCode, 303);
    assert.equal(await stateOf(imhs), 'in-review');
    const page = pageText((await rae.browser.get(reviewPath(imhs))).body);
    assert.match(page, /What changed since your review of round 1/);
    // Each part named as the applicant's pages name it.
    assert.match(page, /In-service training — RSC log 2024/);
    assert.match(page, /Your review Not started/);
  });

  test('two approvals approve; the letter says so and what happens next', async () => {
    assert.equal((await postReview(rae, imhs, { recommendation: 'approve' })).statusCode, 303);
    assert.equal(await stateOf(imhs), 'in-review');
    assert.equal((await postReview(rex, imhs, { recommendation: 'approve' })).statusCode, 303);
    assert.equal(await stateOf(imhs), 'approved');
    const letter = pageText((await ada.get(`/applications/${imhs}/decision`)).body);
    assert.match(letter, /Outcome Approved/);
    assert.match(letter, /The reviewers approved your portfolio/);
    assert.ok(!letter.includes(asked));
    const rounds = (await reviewsOf(t.db.kysely, imhs)).map((r) => [r.round, r.status]);
    assert.equal(rounds.filter(([round]) => round === 2).length, 2);
  });
});

describe('the coordinator decides, and two-level review', () => {
  let id: string;
  let ivy: Awaited<ReturnType<typeof applicant>>;
  before(async () => {
    ivy = await applicant(t, 'Ivy Infant', 'ivy@example.org', []);
    id = await submittedAsItStands(t, ivy.id, 'ct-aimh', 'IFA');
    await assignReviewer(t, id, rae.id, codyId);
    await assignReviewer(t, id, rex.id, codyId);
    assert.equal((await cody.submit(staffPage(id), `${staffPage(id)}/start-review`, {})).statusCode, 303);
    await writeAssociationSetting(
      t.db.kysely,
      ctId,
      'reviewMode',
      JSON.stringify('two-level'),
      new Date().toISOString(),
    );
  });

  test('in two-level review a reviewer assigned after the first review was submitted sees it; the one before does not', async () => {
    assert.equal(
      (await postReview(rae, id, { recommendation: 'approve', toStaff: 'First level: fine' })).statusCode,
      303,
    );
    await assignReviewer(t, id, rho.id, codyId);
    assert.match(pageText((await rho.browser.get(reviewPath(id))).body), /First level: fine/);
    assert.doesNotMatch(pageText((await rex.browser.get(reviewPath(id))).body), /First level: fine/);
  });

  test('disagreement is left to the coordinator; with three reviewers, the majority decides', async () => {
    assert.equal((await postReview(rex, id, { recommendation: 'hold' })).statusCode, 303);
    assert.equal(await stateOf(id), 'in-review');
    assert.equal((await postReview(rho, id, { recommendation: 'hold' })).statusCode, 303);
    assert.equal(await stateOf(id), 'on-hold');
  });

  test('the coordinator resumes, and a decision without a reason is refused with the field named', async () => {
    assert.equal((await cody.submit(staffPage(id), `${staffPage(id)}/resume`, {})).statusCode, 303);
    assert.equal(await stateOf(id), 'in-review');
    const none = await cody.submit(staffPage(id), `${staffPage(id)}/decide`, { step: 'decline', reason: '' });
    assert.equal(none.statusCode, 400);
    assert.match(pageText(none.body), /Enter the reason for the decision/);
    assert.equal(await stateOf(id), 'in-review');
  });

  test('the coordinator declines with a reason: recorded, audited, and the letter gives it', async () => {
    const res = await cody.submit(staffPage(id), `${staffPage(id)}/decide`, {
      step: 'decline',
      reason: 'The work experience is not with infants.',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(await stateOf(id), 'declined');
    const d = (await decisionsOf(t.db.kysely, id)).at(-1)!;
    assert.deepEqual([d.step, d.decidedAs, d.decidedBy], ['decline', 'coordinator', codyId]);
    assert.ok(
      (await auditOf(t.db.kysely, 'application', [id])).some((h) => h.action === 'application.decline'),
    );
    const letter = await ivy.browser.get(`/applications/${id}/decision`);
    assert.match(pageText(letter.body), /Outcome Declined/);
    assert.match(pageText(letter.body), /The work experience is not with infants/);
    namesNoReviewer(letter.body, 'the decision letter');
    const staff = pageText((await cody.get(staffPage(id))).body);
    assert.match(staff, /Decline/);
    assert.doesNotMatch(staff, /Record the decision/);
  });
});

describe('withdrawal', () => {
  test('the applicant withdraws before a decision, only once they confirm', async () => {
    const wes = await applicant(t, 'Wes Withdrawer', 'wes@example.org', []);
    const id = await submittedAsItStands(t, wes.id, 'ct-aimh', 'IFA');
    const page = `/applications/${id}`;
    assert.match(pageText((await wes.browser.get(`${page}/decision`)).body), /No decision yet/);
    const unconfirmed = await wes.browser.submit(page, `${page}/withdraw`, {});
    assert.equal(unconfirmed.statusCode, 400);
    assert.match(pageText(unconfirmed.body), /Tick the box to confirm/);
    assert.equal(await stateOf(id), 'submitted');
    const res = await wes.browser.submit(page, `${page}/withdraw`, { confirm: 'yes' });
    assert.equal(res.statusCode, 303);
    assert.equal(await stateOf(id), 'withdrawn');
    // Nothing to withdraw any more, and a decided application cannot be withdrawn.
    assert.equal((await ada.get(`/applications/${imhs}`)).body.includes('/withdraw"'), false);
  });
});
