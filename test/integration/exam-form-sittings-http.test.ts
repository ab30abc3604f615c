// Exam administrators find where a form is sat from the form's page: item
// statistics once a sitting has started, and the paper sheets of an
// in-person sitting still to enter, each a link to its page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { examSetup, registeredApplication, sitting } from '../helpers/exam.ts';
import { pageText, startApp, type TestApp } from '../helpers/http.ts';
import { applicant } from '../helpers/portfolio-http.ts';

let clock = new Date('2026-12-01T12:00:00Z');
let t: TestApp;
before(async () => {
  t = await startApp({ now: () => clock, rateLimit: 100_000 });
});
after(() => t.close());

test('the form page lists its sittings with their statistics and the sheets to enter', async () => {
  const setup = await examSetup(t, { mc: 4, vignettes: 2, startsAt: '2030-05-01T09:00:00Z' });
  const hall = await sitting(t, setup.cora.actor, setup.ct.id, [setup.form.id], {
    startsAt: '2030-05-02T09:00:00Z',
    mode: 'in-person',
  });
  const ada = (await applicant(t, 'Ada Paper', 'ada.paper@example.org', [])).id;
  const { registrationId } = await registeredApplication(t, ada, setup.cora, hall.id);
  const formPage = `/associations/ct-aimh/exam/forms/${setup.form.id}`;
  const statistics = (id: string) => `/associations/ct-aimh/exam/sittings/${id}/statistics`;
  const paper = `/associations/ct-aimh/exam/sittings/${hall.id}/paper/${registrationId}`;

  const before = await setup.sam.browser.get(formPage);
  assert.equal(before.statusCode, 200);
  assert.match(pageText(before.body), /Sittings of this form/);
  assert.ok(!before.body.includes(statistics(setup.sitting.id)), 'no statistics before a sitting');
  assert.ok(!before.body.includes(paper), 'no sheets before the sitting');

  clock = new Date('2030-05-02T12:00:00Z');
  const afterBoth = await setup.sam.browser.get(formPage);
  assert.ok(afterBoth.body.includes(statistics(setup.sitting.id)));
  assert.ok(afterBoth.body.includes(statistics(hall.id)));
  assert.ok(afterBoth.body.includes(paper));
  assert.match(pageText(afterBoth.body), /Enter Ada Paper’s sheets/);
  const entry = await setup.sam.browser.get(paper);
  assert.equal(entry.statusCode, 200);
  assert.match(pageText(entry.body), /Ada Paper/);

  // The coordinator does not read the form, and so finds none of this.
  assert.equal((await setup.cora.browser.get(formPage)).statusCode, 404);
});
