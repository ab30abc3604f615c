// Staff judge what was submitted, through the HTTP app (app.inject): once an
// application is submitted, every staff view of it (the staff's application
// page, the application's checklist, its read-only portfolio, its files and
// the API) reads the frozen snapshot, judged on the day it was submitted, with
// a note and a side-by-side of what the applicant has changed since. The
// snapshot records the catalog version. A submitted application shows its
// state, and the exam "after review", to the applicant and to staff.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { getCatalog } from '../../src/catalogs/index.ts';
import { createApiToken } from '../../src/services/api-tokens.ts';
import { loadActor } from '../../src/services/actors.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { checklistOf, entryIds } from '../helpers/portfolio-http.ts';
import { submittedApplication, submittedRating, transcript } from '../helpers/submitted-application.ts';

let t: TestApp;
let ada: Browser; // the applicant
let imhs: string; // Ada's CT-AIMH IMHS application, submitted
let cody: Browser; // CT-AIMH's coordinator
let codyId: string;
let ctId: string;

const staffPage = () => `/associations/ct-aimh/applications/${imhs}`;

/** The summary of one requirement in the checklist of a page. */
const summaryOf = (html: string, id: string) => checklistOf(html).get(id)?.summary;

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  ({ ada, imhs, ctId, cody, codyId } = await submittedApplication(t));
});
after(async () => {
  await t?.close();
});

describe('before the applicant changes anything', () => {
  test('the list opens the staff application page: state, checklist, sections, files, ratings, fees, history', async () => {
    const list = await cody.get('/associations/ct-aimh/applications');
    assert.match(list.body, new RegExp(`href="${staffPage()}"`));
    const res = await cody.get(staffPage());
    assert.equal(res.statusCode, 200);
    const text = pageText(res.body);
    assert.match(text, /Ada Applicant: IMHS application/);
    assert.match(text, /State Submitted on \d{4}-\d\d-\d\d [\d:]+ UTC · awaiting review/);
    assert.match(text, new RegExp(`judged against the requirements as of ${getCatalog('ct-aimh').version}`));
    assert.match(text, /The applicant has not changed their portfolio since/);
    assert.equal(summaryOf(res.body, 'imhs.training.hours'), '33 of 30 hours');
    assert.match(text, /Attachment and loss — 21 h/);
    assert.match(res.body, /href="\/portfolio\/files\/[0-9a-f-]{36}">transcript\.pdf/);
    assert.match(text, /Reference ratings that count \(3\)/);
    assert.match(text, /Rater \(colleague\) \(colleague\), rating received/);
    assert.match(text, /Fees and payments/);
    assert.match(text, /Record a payment/);
    assert.match(text, /application\.submit/);
    assert.match(text, /Read the reference ratings/);
  });

  test('a submitted application shows its state and the exam as after review, not as a failure', async () => {
    for (const [who, url] of [
      [cody, staffPage()],
      [cody, `/applications/${imhs}`],
      [ada, `/applications/${imhs}`],
      [ada, `/applications/${imhs}/submit`],
      [ada, `/portfolio/training?application=${imhs}`],
    ] as const) {
      const res = await who.get(url);
      assert.equal(res.statusCode, 200, url);
      const text = pageText(res.body);
      assert.match(text, /Submitted on \d{4}-\d\d-\d\d [\d:]+ UTC · awaiting review/, url);
      assert.match(text, /\d+ of \d+ requirements to meet before review are met/, url);
      assert.doesNotMatch(text, /Not met yet/, url);
      assert.match(res.body, /class="requirement requirement-after-review" id="req-imhs\.exam"/, url);
      assert.match(text, /After review/, url);
    }
  });
});

describe('after the applicant changes their portfolio', () => {
  before(async () => {
    // A training added after submission (33 → 35 hours), and the degree with its transcript removed.
    const added = await ada.submit('/portfolio/training', '/portfolio/training', {
      title: 'Added after submitting',
      date: '2026-01-10',
      hours: '2',
      topics: ['imh'],
    });
    assert.equal(added.statusCode, 303, pageText(added.body).slice(0, 400));
    const [degree] = entryIds((await ada.get('/portfolio/education')).body, 'education');
    assert.ok(degree);
    const removed = await ada.submit(
      `/portfolio/education/${degree}`,
      `/portfolio/education/${degree}/remove`,
      {},
    );
    assert.equal(removed.statusCode, 303);
  });

  test('the staff page reads the snapshot (33 hours, not 35), notes the change and shows it side by side', async () => {
    const res = await cody.get(staffPage());
    assert.equal(res.statusCode, 200);
    assert.equal(summaryOf(res.body, 'imhs.training.hours'), '33 of 30 hours');
    const text = pageText(res.body);
    assert.match(
      text,
      /The applicant has changed their portfolio since submitting \(Education, In-service training\)/,
    );
    const changes = /<table class="changes table-stack">([\s\S]*?)<\/table>/.exec(res.body)?.[1] ?? '';
    const rows = pageText(changes);
    assert.match(rows, /In-service training — Added after submitting — 2 h on 2026-01-10/);
    assert.match(rows, /Education master's degree — MSW, conferred 2018-05-15; transcript: official —/);
    // The sections are the snapshot's: the degree is still there, the training added later is not.
    const sections = /<h2 id="sections-title">[\s\S]*?<section aria-labelledby="fees-title">/.exec(
      res.body,
    )![0];
    assert.match(pageText(sections), /MSW/);
    assert.doesNotMatch(pageText(sections), /Added after submitting/);
  });

  test('the application checklist and the read-only portfolio read the snapshot too', async () => {
    const checklist = await cody.get(`/applications/${imhs}`);
    assert.equal(summaryOf(checklist.body, 'imhs.training.hours'), '33 of 30 hours');
    assert.match(checklist.body, new RegExp(`href="${staffPage()}"`));
    const portfolio = await cody.get(`/applications/${imhs}/portfolio`);
    assert.equal(portfolio.statusCode, 200);
    const text = pageText(portfolio.body);
    assert.match(text, /The portfolio as submitted/);
    assert.match(text, /The applicant has changed their portfolio since submitting/);
    assert.match(text, /In-service training \(2\)/);
    assert.match(text, /Education \(1\)/);
  });

  test('a transcript the applicant removed after submitting is still served to staff from the snapshot', async () => {
    const res = await cody.get(staffPage());
    const href = /href="(\/portfolio\/files\/[0-9a-f-]{36})">transcript\.pdf/.exec(res.body)?.[1];
    assert.ok(href, 'the snapshot links its transcript');
    const file = await cody.get(href);
    assert.equal(file.statusCode, 200);
    assert.deepEqual(file.rawPayload, transcript);
    // The applicant's own section no longer lists it.
    assert.doesNotMatch((await ada.get('/portfolio/education')).body, /transcript\.pdf/);
  });

  test('a rating received after submitting is marked on the ratings page and is not in the snapshot', async () => {
    await new Promise((resolve) => setTimeout(resolve, 5)); // a later timestamp than the submission's
    await submittedRating(t, imhs, 'supervisee');
    const ratings = await cody.get(`${staffPage()}/references`);
    assert.equal(ratings.statusCode, 200);
    const late =
      /<section aria-labelledby="rater-[^"]+"><h2[^>]*>Rater \(supervisee\)<\/h2>[\s\S]*?<\/section>/.exec(
        ratings.body,
      )?.[0];
    assert.ok(late, 'the late rating is listed');
    assert.match(pageText(late), /Received after the application was submitted: not part of it/);
    assert.equal(
      (pageText(ratings.body).match(/not part of it/g) ?? []).length,
      1,
      'only the late rating is marked',
    );
    const text = pageText((await cody.get(staffPage())).body);
    assert.match(text, /Reference ratings that count \(3\)/);
    assert.match(
      text,
      /The applicant has changed their portfolio since submitting \(Education, In-service training, Reference ratings that count\)/,
    );
  });

  test('the API gives the snapshot, its checklist, the catalog version and what changed since', async () => {
    const token = await createApiToken(
      await loadActor(codyId, t.product),
      { associationId: ctId, name: 'Snapshot reader' },
      t.product,
    );
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/associations/ct-aimh/applications/${imhs}`,
      headers: { authorization: `Bearer ${token.token}` },
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as {
      status: string;
      submission: { catalogVersion: string; changedSince: string[] };
      checklist: { requirements: Array<{ id: string; status: string; summary: string }> };
      portfolio: { training: unknown[]; degrees: unknown[] };
    };
    assert.equal(body.status, 'submitted');
    assert.equal(body.submission.catalogVersion, getCatalog('ct-aimh').version);
    assert.deepEqual(body.submission.changedSince.sort(), ['degrees', 'references', 'training']);
    const req = (id: string) => body.checklist.requirements.find((r) => r.id === id);
    assert.equal(req('imhs.training.hours')?.summary, '33 of 30 hours');
    assert.equal(req('imhs.exam')?.status, 'after-review');
    assert.equal(body.portfolio.training.length, 2);
    assert.equal(body.portfolio.degrees.length, 1);
    // Another association's token does not see it.
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/v1/associations/mi-aimh/applications/${imhs}`,
      headers: { authorization: `Bearer ${token.token}` },
    });
    assert.equal(other.statusCode, 404);
  });
});
