// After a failed exam the coordinator's only decision is to decline (when no
// retake is left); the staff page offers that and nothing the state forbids.
// The staff page links to the exam only for credentials that have one.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { timestamp } from '../../src/db/portable.ts';
import { takeStep } from '../../src/services/lifecycle.ts';
import { approvedApplication, examSetup, registeredApplication } from '../helpers/exam.ts';
import { csrfToken, startApp, type TestApp } from '../helpers/http.ts';
import { applicant } from '../helpers/portfolio-http.ts';

let t: TestApp;
let setup: Awaited<ReturnType<typeof examSetup>>;
before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  setup = await examSetup(t, { mc: 4, vignettes: 2, startsAt: '2030-05-01T09:00:00Z' });
});
after(() => t.close());

const staffPage = (id: string) => `/associations/ct-aimh/applications/${id}`;

test('a failed exam: the staff page offers only declining, and declining closes it', async () => {
  const ada = (await applicant(t, 'Ada Failed', 'ada.failed@example.org', [])).id;
  const { applicationId } = await registeredApplication(t, ada, setup.cora, setup.sitting.id);
  const application = (await findApplication(t.db.kysely, applicationId))!;
  await t.db.kysely
    .transaction()
    .execute((tx) =>
      takeStep(tx, t.product, { application, step: 'fail-exam', by: 'exam', actorId: null, at: timestamp() }),
    );
  const res = await setup.cora.browser.get(staffPage(applicationId));
  assert.equal(res.statusCode, 200);
  const options = [...res.body.matchAll(/name="step" value="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(options, ['decline']);
  assert.ok(res.body.includes(`${staffPage(applicationId)}/exam"`), 'the exam page is linked');
  const declined = await setup.cora.browser.post(`${staffPage(applicationId)}/decide`, {
    _csrf: csrfToken(res.body),
    step: 'decline',
    reason: 'All attempts at the exam have been used.',
  });
  assert.equal(declined.statusCode, 303, declined.body.slice(0, 400));
  assert.equal((await findApplication(t.db.kysely, applicationId))!.status, 'declined');
});

test('an approved application of a credential without an exam has no exam link', async () => {
  const bo = (await applicant(t, 'Bo Approved', 'bo.approved@example.org', [])).id;
  const ifs = await approvedApplication(t, bo, setup.cora.id, 'ct-aimh', 'IFS');
  const res = await setup.cora.browser.get(staffPage(ifs));
  assert.equal(res.statusCode, 200);
  assert.ok(!res.body.includes(`${staffPage(ifs)}/exam"`), 'no exam link for IFS');
});
