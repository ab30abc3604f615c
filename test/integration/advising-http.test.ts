// Advisors through the HTTP app (seed 002, step 6): a coordinator assigns an
// endorsement advisor to an application at any time after it starts (drafts
// too), replaces or removes them, and only an advisor of the association with
// a confirmed address who is not the applicant can be assigned. The advisor
// reads the portfolio as it stands (not the snapshot), comments on a section
// or one entry, and writes with the applicant on the application's thread,
// each message e-mailed to the other and charged to its author's daily mail.
// Staff see the comments and the thread on their application page; other
// advisors and other applicants find nothing there.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { advisorsOf } from '../../src/db/repositories/advising.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { enqueueMail } from '../../src/mail/mailer.ts';
import { type Browser, pageText, setEmailConfirmed, startApp, type TestApp } from '../helpers/http.ts';
import { applicant, checklistOf } from '../helpers/portfolio-http.ts';
import { submittedApplication } from '../helpers/submitted-application.ts';

let t: TestApp;
let ada: Browser; // the applicant, with a submitted CT-AIMH IMHS application
let adaId: string;
let imhs: string;
let cody: Browser; // CT-AIMH's coordinator and admin
let dee: Browser; // another applicant, with a draft
let deeDraft: string;
const people: Record<string, { browser: Browser; id: string; email: string }> = {};

const staffPage = (id: string) => `/associations/ct-aimh/applications/${id}`;
const advisorAction = (id: string) => `${staffPage(id)}/advisor`;

/** The newest e-mail to `to` whose subject matches. */
async function mailTo(to: string, subject: RegExp): Promise<string | undefined> {
  const mails = await t.mail();
  return [...mails].reverse().find((m) => new RegExp(`^To: .*${to}`, 'im').test(m) && subject.test(m));
}

async function person(key: string, name: string, roles: string[]) {
  const browser = t.browser();
  const email = `${key}@example.org`;
  await browser.signUp({ name, email });
  if (roles.length) {
    const res = await cody.submit('/associations/ct-aimh/people', '/associations/ct-aimh/people', {
      email,
      roles,
    });
    assert.equal(res.statusCode, 303);
  }
  people[key] = { browser, email, id: (await findPersonByEmail(t.db.kysely, email))!.id };
}

const assign = (id: string, advisor: string) => cody.submit(staffPage(id), advisorAction(id), { advisor });

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  ({ ada, adaId, imhs, cody } = await submittedApplication(t));
  await person('avery', 'Avery Advisor', ['advisor']);
  await person('bo', 'Bo Backup', ['advisor']);
  await person('carl', 'Carl Unassigned', ['advisor']);
  await person('uma', 'Uma Unconfirmed', ['advisor']);
  await setEmailConfirmed(t, 'uma@example.org', false);
  await person('nina', 'Nina Nonadvisor', ['reviewer']);
  // The applicant holds the advisor role too: still never her own advisor.
  const res = await cody.submit('/associations/ct-aimh/people', '/associations/ct-aimh/people', {
    email: 'ada@example.org',
    roles: ['applicant', 'advisor'],
  });
  assert.equal(res.statusCode, 303);
  const made = await applicant(t, 'Dee Draft', 'dee@example.org', [['ct-aimh', 'IFS']]);
  dee = made.browser;
  deeDraft = made.applications[0]!;
});
after(async () => {
  await t?.close();
});

describe('assigning the advisor', () => {
  test('the staff page offers only eligible advisors: the association’s, confirmed, not the applicant', async () => {
    const res = await cody.get(staffPage(imhs));
    assert.equal(res.statusCode, 200);
    const text = pageText(res.body);
    assert.match(text, /Endorsement advisor No advisor is assigned\./);
    const select = /<select id="advisor"[\s\S]*?<\/select>/.exec(res.body)?.[0] ?? '';
    for (const name of ['Avery Advisor', 'Bo Backup', 'Carl Unassigned'])
      assert.match(select, new RegExp(name));
    for (const name of ['Uma Unconfirmed', 'Nina Nonadvisor', 'Ada Applicant'])
      assert.doesNotMatch(select, new RegExp(name));
  });

  test('anyone else is refused with the reason, at the field, and nothing is assigned', async () => {
    for (const [who, reason] of [
      [
        'nina',
        /Nina Nonadvisor does not hold the advisor role in Connecticut Association for Infant Mental Health \(CT-AIMH\): give them the role first/,
      ],
      ['uma', /Uma Unconfirmed has not confirmed their e-mail address yet/],
    ] as const) {
      const res = await assign(imhs, people[who]!.id);
      assert.equal(res.statusCode, 400, who);
      assert.match(pageText(res.body), reason);
    }
    const own = await assign(imhs, adaId);
    assert.equal(own.statusCode, 400);
    assert.match(pageText(own.body), /The applicant cannot be their own advisor/);
    const none = await assign(imhs, '');
    assert.equal(none.statusCode, 400);
    assert.match(pageText(none.body), /Choose the advisor/);
    const unknown = await assign(imhs, 'no-such-person');
    assert.equal(unknown.statusCode, 400);
    assert.match(pageText(unknown.body), /Choose one of the advisors of Connecticut Association/);
    assert.deepEqual(await advisorsOf(t.db.kysely, imhs), []);
  });

  test('someone who is not a coordinator cannot assign: not found', async () => {
    const avery = people.avery!.browser;
    const page = await avery.get('/account');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await avery.post(advisorAction(imhs), { _csrf: csrf, advisor: people.avery!.id });
    assert.equal(res.statusCode, 404);
    assert.deepEqual(await advisorsOf(t.db.kysely, imhs), []);
  });

  test('assigning: shown, audited, and the advisor and the applicant are e-mailed', async () => {
    const res = await assign(imhs, people.avery!.id);
    assert.equal(res.statusCode, 303);
    const page = pageText((await cody.get(staffPage(imhs))).body);
    assert.match(page, /Endorsement advisor Avery Advisor avery@example\.org , since/);
    assert.match(page, /advisor\.assign/);
    const toAdvisor = await mailTo('avery@example.org', /You are Ada Applicant's endorsement advisor/);
    assert.ok(toAdvisor, 'the advisor is e-mailed');
    assert.match(toAdvisor, new RegExp(`/applications/${imhs}/portfolio`));
    assert.ok(await mailTo('ada@example.org', /Your endorsement advisor: Avery Advisor/));
    const again = await assign(imhs, people.avery!.id);
    assert.equal(again.statusCode, 400);
    assert.match(pageText(again.body), /Avery Advisor is the advisor of this application already/);
  });

  test('replacing: one active advisor, the one replaced is told, and loses the application', async () => {
    assert.equal((await assign(imhs, people.bo!.id)).statusCode, 303);
    assert.ok(await mailTo('avery@example.org', /You no longer advise Ada Applicant/));
    assert.equal((await people.avery!.browser.get(`/applications/${imhs}/portfolio`)).statusCode, 404);
    assert.equal((await assign(imhs, people.avery!.id)).statusCode, 303);
    const page = pageText((await cody.get(staffPage(imhs))).body);
    assert.match(page, /Endorsement advisor Avery Advisor/);
    assert.match(page, /Earlier: Avery Advisor \(.*\) ; Bo Backup \(/);
    assert.match(page, /advisor\.unassign/);
    const active = await t.db.kysely
      .selectFrom('application_assignment')
      .select('user_id')
      .where('application_id', '=', imhs)
      .where('role', '=', 'advisor')
      .where('status', '=', 'active')
      .execute();
    assert.deepEqual(
      active.map((a) => a.user_id),
      [people.avery!.id],
    );
    assert.equal((await people.bo!.browser.get(`/applications/${imhs}`)).statusCode, 404);
  });

  test('a draft gets an advisor too, who can be removed', async () => {
    assert.equal((await assign(deeDraft, people.bo!.id)).statusCode, 303);
    const bo = people.bo!.browser;
    const read = await bo.get(`/applications/${deeDraft}/portfolio`);
    assert.equal(read.statusCode, 200);
    assert.match(pageText(read.body), /Portfolio of Dee Draft/);
    const removed = await cody.submit(staffPage(deeDraft), `${advisorAction(deeDraft)}/remove`, {});
    assert.equal(removed.statusCode, 303);
    assert.match(pageText((await cody.get(staffPage(deeDraft))).body), /No advisor is assigned\./);
    assert.ok(await mailTo('dee@example.org', /Bo Backup no longer advises your application/));
    assert.equal((await bo.get(`/applications/${deeDraft}/portfolio`)).statusCode, 404);
    assert.equal((await assign(deeDraft, people.bo!.id)).statusCode, 303);
  });

  test('two coordinators assigning at once leave one active advisor', async () => {
    const site = await t.siteAdmin();
    const [one, two] = await Promise.all([
      assign(deeDraft, people.carl!.id),
      site.submit(staffPage(deeDraft), advisorAction(deeDraft), { advisor: people.avery!.id }),
    ]);
    assert.deepEqual([one.statusCode, two.statusCode], [303, 303]);
    const active = await t.db.kysely
      .selectFrom('application_assignment')
      .select('user_id')
      .where('application_id', '=', deeDraft)
      .where('role', '=', 'advisor')
      .where('status', '=', 'active')
      .execute();
    assert.equal(active.length, 1);
    assert.equal((await assign(deeDraft, people.bo!.id)).statusCode, 303);
    assert.ok(await mailTo('bo@example.org', /You are Dee Draft's endorsement advisor/));
  });

  test('everyone who ever advised an application is known, for the reviewers’ conflicts', async () => {
    assert.deepEqual(
      new Set(await advisorsOf(t.db.kysely, imhs)),
      new Set([people.avery!.id, people.bo!.id]),
    );
  });
});

describe('the advisor’s pages', () => {
  before(async () => {
    // The applicant adds training after submitting: the advisor reads it, staff judge the snapshot.
    const res = await ada.submit('/portfolio/training', '/portfolio/training', {
      title: 'Training after submission',
      date: '2024-02-02',
      hours: '7',
    });
    assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 600));
  });

  test('My advisees: applicant, credential, association, state, links', async () => {
    const res = await people.avery!.browser.get('/advising');
    assert.equal(res.statusCode, 200);
    const text = pageText(res.body);
    assert.match(text, /My advisees/);
    assert.match(
      text,
      /Ada Applicant portfolio · messages IMHS Connecticut Association for Infant Mental Health \(CT-AIMH\) Submitted None yet/,
    );
    assert.match(res.body, new RegExp(`href="/applications/${imhs}"`));
    assert.match(res.body, new RegExp(`href="/applications/${imhs}/portfolio"`));
    assert.doesNotMatch(text, /Dee Draft/);
    const bo = pageText((await people.bo!.browser.get('/advising')).body);
    assert.match(
      bo,
      /Dee Draft portfolio · messages IFS Connecticut Association for Infant Mental Health \(CT-AIMH\) Draft/,
    );
    assert.doesNotMatch(bo, /Ada Applicant/);
    assert.match(
      pageText((await people.carl!.browser.get('/advising')).body),
      /You advise no applications now/,
    );
  });

  test('the advisor reads the portfolio as it stands; staff read it as submitted', async () => {
    const avery = people.avery!.browser;
    const portfolio = await avery.get(`/applications/${imhs}/portfolio`);
    assert.equal(portfolio.statusCode, 200);
    assert.match(pageText(portfolio.body), /Training after submission/);
    assert.doesNotMatch(pageText(portfolio.body), /The portfolio as submitted/);
    const staff = pageText((await cody.get(`/applications/${imhs}/portfolio`)).body);
    assert.match(staff, /The portfolio as submitted/);
    const page = await avery.get(`/applications/${imhs}`);
    assert.match(page.body, /href="\/advising">My advisees/);
    const live = checklistOf(page.body);
    assert.equal(live.get('imhs.training.hours')?.summary, '40 of 30 hours');
    const judged = checklistOf((await cody.get(`/applications/${imhs}`)).body);
    assert.equal(judged.get('imhs.training.hours')?.summary, '33 of 30 hours');
  });

  test('another advisor, an unassigned advisor and another applicant find nothing', async () => {
    for (const who of [people.bo!.browser, people.carl!.browser, dee]) {
      for (const url of [
        `/applications/${imhs}`,
        `/applications/${imhs}/portfolio`,
        `/applications/${imhs}/messages`,
      ])
        assert.equal((await who.get(url)).statusCode, 404, url);
      const page = await who.get('/account');
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
      for (const [url, form] of [
        [`/applications/${imhs}/messages`, { body: 'Hello' }],
        [`/applications/${imhs}/comments`, { about: 'section:training', body: 'Hello' }],
      ] as const)
        assert.equal((await who.post(url, { _csrf: csrf, ...form })).statusCode, 404, url);
    }
    const rows = await t.db.kysely.selectFrom('application_message').select('id').execute();
    assert.equal(rows.length, 0);
  });
});

describe('comments', () => {
  const portfolio = () => `/applications/${imhs}/portfolio`;
  const comments = () => `/applications/${imhs}/comments`;

  test('the advisor comments on a section and on one entry; the applicant is e-mailed', async () => {
    const avery = people.avery!.browser;
    const page = await avery.get(portfolio());
    const entry =
      /<option value="entry:([0-9a-f-]{36})"[^>]*>In-service training: Training after submission/.exec(
        page.body,
      )?.[1];
    assert.ok(entry, 'each entry can be commented on');
    const onSection = await avery.submit(portfolio(), comments(), {
      about: 'section:training',
      body: 'Add the certificates of your training.',
    });
    assert.equal(onSection.statusCode, 303);
    const onEntry = await avery.submit(portfolio(), comments(), {
      about: `entry:${entry}`,
      body: 'Which topics did this one cover?',
    });
    assert.equal(onEntry.statusCode, 303);
    const mail = await mailTo('ada@example.org', /Avery Advisor commented on your portfolio/);
    assert.ok(mail);
    assert.match(mail, /Which topics did this one cover\?/);
    assert.match(pageText((await avery.get(portfolio())).body), /on “Training after submission/);
  });

  test('the applicant sees them by section, linking to the section; staff see them too', async () => {
    const res = await ada.get(`/applications/${imhs}`);
    const text = pageText(res.body);
    assert.match(text, /Avery Advisor is your endorsement advisor/);
    assert.match(text, /In-service training \(2\)/);
    assert.match(text, /Add the certificates of your training\./);
    assert.match(text, /on “Training after submission[^”]*” Which topics did this one cover\?/);
    assert.match(res.body, new RegExp(`href="/portfolio/training\\?application=${imhs}"`));
    const staff = pageText((await cody.get(staffPage(imhs))).body);
    assert.match(staff, /The advisor's comments \(2\)/);
    assert.match(staff, /Which topics did this one cover\?/);
    assert.match(staff, /comment\.post/);
  });

  test('the applicant sees them beside the section, on the entry they are about', async () => {
    const res = await ada.get(`/portfolio/training?application=${imhs}`);
    assert.equal(res.statusCode, 200);
    const text = pageText(res.body);
    assert.match(text, /Your advisor's comments on this section \(2\)/);
    assert.match(text, /Avery Advisor , .* — on the section Add the certificates of your training\./);
    assert.match(text, /on “Training after submission[^”]*” Which topics did this one cover\?/);
    assert.doesNotMatch(pageText((await ada.get('/portfolio/rsc')).body), /Your advisor's comments/);
  });

  test('a comment that cannot be posted comes back with its text and the reason', async () => {
    const avery = people.avery!.browser;
    const empty = await avery.submit(portfolio(), comments(), { about: 'section:training', body: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(pageText(empty.body), /Write something first/);
    const long = 'x'.repeat(5001);
    const tooLong = await avery.submit(portfolio(), comments(), { about: 'section:rsc', body: long });
    assert.equal(tooLong.statusCode, 400);
    assert.match(pageText(tooLong.body), /Write at most 5,000 characters \(this is 5,001\)/);
    assert.ok(tooLong.body.includes(`>${long}</textarea>`), 'the text comes back');
    assert.match(tooLong.body, /<option value="section:rsc" selected/);
    const nowhere = await avery.submit(portfolio(), comments(), { about: 'entry:nope', body: 'Hi' });
    assert.equal(nowhere.statusCode, 400);
    assert.match(pageText(nowhere.body), /Choose the section or entry the comment is about/);
    // The applicant does not comment on her own portfolio.
    const own = await ada.submit(`/applications/${imhs}`, comments(), { about: 'section:rsc', body: 'Me' });
    assert.equal(own.statusCode, 404);
  });
});

describe('messages', () => {
  const thread = () => `/applications/${imhs}/messages`;

  test('the applicant and the advisor write to each other, each e-mailed, both see the thread', async () => {
    const sent = await ada.submit(thread(), thread(), { body: 'Dear Avery, when can we talk?' });
    assert.equal(sent.statusCode, 303);
    const toAdvisor = await mailTo('avery@example.org', /Ada Applicant wrote about their IMHS application/);
    assert.ok(toAdvisor);
    assert.match(toAdvisor, /when can we talk\?/);
    const avery = people.avery!.browser;
    const answer = await avery.submit(thread(), thread(), { body: 'Tuesday at ten.' });
    assert.equal(answer.statusCode, 303);
    const toApplicant = await mailTo('ada@example.org', /Avery Advisor wrote about your IMHS application/);
    assert.ok(toApplicant);
    assert.match(toApplicant, /Tuesday at ten\./);
    for (const who of [ada, avery]) {
      const text = pageText((await who.get(thread())).body);
      assert.match(
        text,
        /Ada Applicant , .* Dear Avery, when can we talk\? Avery Advisor , .* Tuesday at ten\./,
      );
    }
    // Each message counts against its author's daily mail.
    const jobs = await t.db.kysely.selectFrom('job').selectAll().where('kind', '=', 'mail').execute();
    const charged = (text: string) =>
      jobs.find((j) => String(j.payload).includes(text)) as { account_id?: string | null } | undefined;
    assert.equal(charged('when can we talk')?.account_id, adaId);
    assert.equal(charged('Tuesday at ten')?.account_id, people.avery!.id);
    assert.match(pageText((await avery.get('/advising')).body), /Submitted Avery Advisor, /);
  });

  test('the coordinators read the thread on the staff page, without writing', async () => {
    const staff = pageText((await cody.get(staffPage(imhs))).body);
    assert.match(staff, /Messages between the applicant and the advisor \(2\)/);
    assert.match(staff, /Tuesday at ten\./);
    assert.match(staff, /message\.post/);
    const page = await cody.get(thread());
    assert.equal(page.statusCode, 200);
    assert.doesNotMatch(page.body, /Send the message/);
  });

  test('a message that cannot be sent comes back with its text: too long, or the author’s mail used up', async () => {
    const long = 'y'.repeat(5001);
    const tooLong = await ada.submit(thread(), thread(), { body: long });
    assert.equal(tooLong.statusCode, 400);
    assert.match(pageText(tooLong.body), /Write at most 5,000 characters/);
    assert.ok(tooLong.body.includes(`>${long}</textarea>`));
    const empty = await ada.submit(thread(), thread(), { body: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(pageText(empty.body), /Write something first/);
    // The advisor has had their most mail for the day.
    const limit = t.product.config.mailDailyLimit;
    for (let i = 0; i < limit; i++)
      await enqueueMail(
        t.db.kysely,
        { to: 'someone@example.org', subject: `Filler ${i}`, text: '.' },
        { account: people.avery!.id, dailyLimit: limit },
      ).catch(() => undefined);
    const capped = await people.avery!.browser.submit(thread(), thread(), { body: 'One more thing.' });
    assert.equal(capped.statusCode, 429);
    assert.match(pageText(capped.body), /the most allowed/);
    assert.ok(capped.body.includes('>One more thing.</textarea>'));
    const rows = await t.db.kysely
      .selectFrom('application_message')
      .select('body')
      .where('kind', '=', 'message')
      .execute();
    assert.equal(rows.length, 2, 'nothing half-sent');
  });
});
