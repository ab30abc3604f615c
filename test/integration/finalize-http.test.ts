// Finalizing from the staff's application page: the form is offered once the
// application is approved or its exam passed; refused, the page lists what is
// unmet and nothing changes; granted, it goes on to the endorsement and both
// application pages say "Endorsed". Nobody but the association's coordination
// learns the step exists.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { endorsementsOfPerson } from '../../src/db/repositories/endorsements.ts';
import { approve, approvedApplication, examSetup, passedExam, staffMember } from '../helpers/exam.ts';
import { csrfToken, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { applicant } from '../helpers/portfolio-http.ts';
import { submittedApplication } from '../helpers/submitted-application.ts';

let t: TestApp;
let setup: Awaited<ReturnType<typeof examSetup>>;
before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  setup = await examSetup(t, { mc: 4, vignettes: 2, startsAt: '2030-05-01T09:00:00Z' });
});
after(() => t.close());

const staffPage = (id: string) => `/associations/ct-aimh/applications/${id}`;
const finalizePath = (id: string) => `${staffPage(id)}/finalize`;

test('refused: the staff page comes back with what is unmet, and nothing changes', async () => {
  const bo = await applicant(t, 'Bo Unmet', 'bo.unmet@example.org', []);
  const ifs = await approvedApplication(t, bo.id, setup.cora.id, 'ct-aimh', 'IFS');
  const page = await setup.cora.browser.get(staffPage(ifs));
  assert.match(page.body, new RegExp(`action="${finalizePath(ifs)}"`));
  assert.match(pageText(page.body), /Finalize the endorsement/);

  const res = await setup.cora.browser.submit(staffPage(ifs), finalizePath(ifs), {});
  assert.equal(res.statusCode, 400);
  const text = pageText(res.body);
  assert.match(text, /The endorsement was not finalized: not every requirement is met\./);
  assert.match(text, /Still unmet:/);
  const unmet = res.body.match(
    /<ul aria-labelledby="finalize-unmet-title" class="unmet">([\s\S]*?)<\/ul>/,
  )?.[1];
  assert.ok(unmet && (unmet.match(/<li>/g) ?? []).length > 0, 'the unmet requirements, listed');
  assert.equal((await findApplication(t.db.kysely, ifs))!.status, 'approved');
  assert.deepEqual(await endorsementsOfPerson(t.db.kysely, bo.id), []);

  // Neither the applicant nor a reviewer learns the step exists.
  const own = await bo.browser.post(finalizePath(ifs), {
    _csrf: csrfToken((await bo.browser.get(`/applications/${ifs}`)).body),
  });
  assert.equal(own.statusCode, 404);
  const rita = await staffMember(t, 'ct-aimh', 'Rita Reviewer', 'rita.reviewer@example.org', ['reviewer']);
  const reviewer = await rita.browser.post(finalizePath(ifs), {
    _csrf: csrfToken((await rita.browser.get('/account')).body),
  });
  assert.equal(reviewer.statusCode, 404);
  assert.equal((await findApplication(t.db.kysely, ifs))!.status, 'approved');
});

test('not offered before approval; posted anyway, it is refused for the state', async () => {
  const cy = (await applicant(t, 'Cy Draft', 'cy.draft@example.org', [['ct-aimh', 'IFS']])).applications[0]!;
  const page = await setup.cora.browser.get(staffPage(cy));
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /\/finalize"/);
  const res = await setup.cora.browser.post(finalizePath(cy), { _csrf: csrfToken(page.body) });
  assert.equal(res.statusCode, 409);
  assert.match(
    pageText(res.body),
    /only an approved application, or one whose exam is passed, can be finalized/i,
  );
  assert.equal((await findApplication(t.db.kysely, cy))!.status, 'draft');
});

test('granted: on to the endorsement; both application pages say Endorsed', async () => {
  const { ada, adaId, imhs } = await submittedApplication(t);
  await approve(t, imhs, setup.cora.id);
  // Approved, the exam still to take: the form is offered and refused with the exam unmet.
  const early = await setup.cora.browser.submit(staffPage(imhs), finalizePath(imhs), {});
  assert.equal(early.statusCode, 400);
  assert.match(pageText(early.body), /pass the written examination/);

  await passedExam(t, setup, imhs);

  const res = await setup.cora.browser.submit(staffPage(imhs), finalizePath(imhs), {});
  assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 800));
  const [endorsement] = await endorsementsOfPerson(t.db.kysely, adaId);
  assert.ok(endorsement);
  assert.equal(res.headers.location, `/associations/ct-aimh/endorsements/${endorsement.id}`);
  assert.equal((await findApplication(t.db.kysely, imhs))!.status, 'endorsed');

  const said = new RegExp(
    `Endorsed: Infant Mental Health Specialist \\(IMHS\\), number ${endorsement.number}, granted ${endorsement.grantedOn}`,
  );
  const staff = await setup.cora.browser.get(staffPage(imhs));
  assert.match(pageText(staff.body), said);
  assert.match(staff.body, new RegExp(`href="[^"]*/credentials/${endorsement.id}"`));
  assert.doesNotMatch(staff.body, /\/finalize"/, 'finalized once: no longer offered');
  const own = await ada.get(`/applications/${imhs}`);
  assert.match(pageText(own.body), said);
  assert.match(own.body, /href="\/account"/);
  assert.match(own.body, new RegExp(`href="[^"]*/credentials/${endorsement.id}"`));
});
