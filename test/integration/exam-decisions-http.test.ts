// After a failed exam the coordinator's only decision is to decline (when no
// retake is left); the staff page offers that and nothing the state forbids.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { timestamp } from '../../src/db/portable.ts';
import { takeStep } from '../../src/services/lifecycle.ts';
import { examSetup, registeredApplication } from '../helpers/exam.ts';
import { csrfToken, startApp, type TestApp } from '../helpers/http.ts';
import { applicant } from '../helpers/portfolio-http.ts';

let t: TestApp;
before(async () => {
  t = await startApp({ rateLimit: 100_000 });
});
after(() => t.close());

test('a failed exam: the staff page offers only declining, and declining closes it', async () => {
  const setup = await examSetup(t, { mc: 4, vignettes: 2, startsAt: '2030-05-01T09:00:00Z' });
  const ada = (await applicant(t, 'Ada Failed', 'ada.failed@example.org', [])).id;
  const { applicationId } = await registeredApplication(t, ada, setup.cora, setup.sitting.id);
  const application = (await findApplication(t.db.kysely, applicationId))!;
  await t.db.kysely
    .transaction()
    .execute((tx) =>
      takeStep(tx, t.product, { application, step: 'fail-exam', by: 'exam', actorId: null, at: timestamp() }),
    );
  const page = `/associations/ct-aimh/applications/${applicationId}`;
  const res = await setup.cora.browser.get(page);
  assert.equal(res.statusCode, 200);
  const options = [...res.body.matchAll(/name="step" value="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(options, ['decline']);
  const declined = await setup.cora.browser.post(`${page}/decide`, {
    _csrf: csrfToken(res.body),
    step: 'decline',
    reason: 'All attempts at the exam have been used.',
  });
  assert.equal(declined.statusCode, 303, declined.body.slice(0, 400));
  assert.equal((await findApplication(t.db.kysely, applicationId))!.status, 'declined');
});
