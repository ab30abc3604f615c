// Two reviewers submitting at once while the coordinator decides: exactly one
// decision is taken, whoever wins, and the others are told that someone else
// changed the application meanwhile (on SQLite and on PostgreSQL).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { decisionsOf } from '../../src/db/repositories/reviews.ts';
import { isDecisionStep } from '../../src/services/decisions.ts';
import { type Browser, csrfToken, startApp, type TestApp } from '../helpers/http.ts';
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
let cody: Browser;
let codyId: string;
let rae: Reviewer;
let rex: Reviewer;

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  ({ cody, codyId } = await submittedApplication(t));
  rae = await reviewer(t, 'ct-aimh', 'Rae Reviewer', 'rae@example.org');
  rex = await reviewer(t, 'ct-aimh', 'Rex Reviewer', 'rex@example.org');
});
after(async () => {
  await t?.close();
});

test('two reviewers and the coordinator at once: exactly one decision', async () => {
  for (let i = 0; i < 4; i++) {
    const person = await applicant(t, `Racer ${i}`, `racer-${i}@example.org`, []);
    const id = await submittedAsItStands(t, person.id, 'ct-aimh', 'IFA');
    await assignReviewer(t, id, rae.id, codyId);
    await assignReviewer(t, id, rex.id, codyId);
    const staff = `/associations/ct-aimh/applications/${id}`;
    assert.equal((await cody.submit(staff, `${staff}/start-review`, {})).statusCode, 303);
    const forms = await Promise.all([
      completeReview(rae.browser, id, { recommendation: 'approve' }),
      completeReview(rex.browser, id, { recommendation: 'approve' }),
    ]);
    const decide = {
      _csrf: csrfToken((await cody.get(staff)).body),
      step: 'decline',
      reason: 'Out of scope',
    };
    // The coordinator first, last or between, as the requests are fired in a different order each time.
    const shots = [
      () => rae.browser.post(`/reviews/${id}`, forms[0]!),
      () => rex.browser.post(`/reviews/${id}`, forms[1]!),
      () => cody.post(`${staff}/decide`, decide),
    ];
    const order = [shots[i % 3]!, shots[(i + 1) % 3]!, shots[(i + 2) % 3]!];
    const answers = await Promise.all(order.map((shot) => shot()));
    for (const a of answers) assert.ok([303, 409].includes(a.statusCode), `answered ${a.statusCode}`);
    const decisions = (await decisionsOf(t.db.kysely, id)).filter((d) => isDecisionStep(d.step));
    assert.equal(decisions.length, 1, JSON.stringify(decisions));
    const state = (await findApplication(t.db.kysely, id))!.status;
    assert.equal(state, decisions[0]!.step === 'approve' ? 'approved' : 'declined');
    assert.equal(decisions[0]!.decidedAs, decisions[0]!.step === 'approve' ? 'review' : 'coordinator');
  }
});
