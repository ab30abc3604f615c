// The demo data, on SQLite or PostgreSQL (TEST_DATABASE_URL): every
// application's stage is reached through the product's services, so a
// submitted one has its snapshot, its fees due and its history, a paid fee its
// payment, and a draft waiting for references the raters' requests; the
// coordinator sees all of it through the pages.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { applicationsOfPerson, findSnapshot } from '../../src/db/repositories/applications.ts';
import { auditOf } from '../../src/db/repositories/audit.ts';
import { feesDueOf } from '../../src/db/repositories/fees.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { referenceRequestsOf } from '../../src/db/repositories/references.ts';
import { DEMO_PASSWORD, seedDemo } from '../../src/services/demo.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';

let t: TestApp;
let coordinator: Browser;

const applicationOf = async (email: string) => {
  const person = await findPersonByEmail(t.db.kysely, email);
  assert.ok(person, email);
  const [application] = await applicationsOfPerson(t.db.kysely, person.id);
  assert.ok(application, `${email} has an application`);
  return application;
};

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  await seedDemo(t.product);
  coordinator = t.browser();
  const signedIn = await coordinator.submit('/sign-in', '/sign-in', {
    email: 'coordinator@demo.endorse.test',
    password: DEMO_PASSWORD,
  });
  assert.equal(signedIn.statusCode, 303);
});
after(async () => {
  await t?.close();
});

describe('endorse seed --demo', () => {
  test('a submitted application has its snapshot, fees due and history, as a real submission leaves them', async () => {
    const sam = await applicationOf('sam@demo.endorse.test');
    assert.equal(sam.status, 'submitted');
    assert.ok(sam.submittedAt);
    const snapshot = JSON.parse((await findSnapshot(t.db.kysely, sam.id))!) as {
      references: unknown[];
      agreements: { codeOfEthics: string | null };
    };
    assert.equal(snapshot.references.length, 3, 'the three ratings the raters gave');
    assert.ok(snapshot.agreements.codeOfEthics, 'the agreements signed');
    // CT-AIMH's schedule for IFS: $15 application, $100 processing.
    assert.deepEqual(
      (await feesDueOf(t.db.kysely, sam.id)).map((f) => [f.kind, f.amountCents]),
      [
        ['application', 1500],
        ['processing', 10000],
      ],
    );
    const actions = (await auditOf(t.db.kysely, 'application', [sam.id])).map((h) => h.action);
    assert.deepEqual(actions, ['application.start', 'application.submit']);
  });

  test('a partly paid one has the payment the coordinator recorded', async () => {
    const lee = await applicationOf('lee@demo.endorse.test');
    assert.equal(lee.status, 'submitted');
    const fees = await feesDueOf(t.db.kysely, lee.id);
    assert.equal(fees[0]!.paidCents, fees[0]!.amountCents);
    assert.equal(fees[1]!.paidCents, 0);
    const actions = (await auditOf(t.db.kysely, 'application', [lee.id])).map((h) => h.action);
    assert.deepEqual(actions, ['application.start', 'application.submit', 'payment.record']);
  });

  test('a draft waiting for references has its requests, one answered', async () => {
    const jo = await applicationOf('jo@demo.endorse.test');
    assert.equal(jo.status, 'draft');
    const requests = await referenceRequestsOf(t.db.kysely, jo.id);
    assert.deepEqual(requests.map((r) => r.status).sort(), ['sent', 'sent', 'submitted']);
    const rosa = await applicationOf('rosa@demo.endorse.test');
    assert.equal(rosa.status, 'draft');
  });

  test('the coordinator reads it through the pages: the list, the history and the fees', async () => {
    const list = await coordinator.get('/associations/ct-aimh/applications');
    assert.equal(list.statusCode, 200);
    const text = pageText(list.body);
    assert.match(text, /Sam Applicant : IFS application sam@demo\.endorse\.test IFS Submitted/);
    assert.match(text, /Lee Applicant : IMHS application lee@demo\.endorse\.test IMHS Submitted/);
    const sam = await applicationOf('sam@demo.endorse.test');
    const history = await coordinator.get(`/associations/ct-aimh/applications/${sam.id}`);
    assert.equal(history.statusCode, 200);
    assert.match(pageText(history.body), /application\.submit/);
    assert.match(pageText(history.body), /\$100\.00/);
  });
});
