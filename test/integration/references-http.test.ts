// References through the HTTP app (app.inject), on SQLite or PostgreSQL: the
// applicant asks a rater; the .eml holds a single-use link; the rater opens it
// and rates without an account; the applicant sees the status, never the
// content; expired, revoked and re-sent links say what happened; a rating with
// six "not enough information" answers does not count; the engine sees the
// ratings that count; another applicant can neither see nor manage them.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { applicationsOfPerson } from '../../src/db/repositories/applications.ts';
import { submittedReferences } from '../../src/db/repositories/references.ts';
import { listJobs } from '../../src/db/repositories/jobs.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { loadActor } from '../../src/services/actors.ts';
import { applicationChecklist } from '../../src/services/application-portfolio.ts';
import { hashToken } from '../../src/services/actors.ts';
import { ratingDomains, REFERENCE_REMINDER_JOB } from '../../src/services/references.ts';
import { type Browser, csrfToken, type Form, pageText, startApp, type TestApp } from '../helpers/http.ts';

let t: TestApp;
let ann: Browser; // the applicant
let bob: Browser; // another applicant
let carl: Browser; // coordinator of mi-aimh
let annId: string;
let annApp: string;
let bobApp: string;
let refsUrl: string;

const domains = ratingDomains('mi-aimh');

async function applicationOf(email: string): Promise<{ userId: string; applicationId: string }> {
  const person = await findPersonByEmail(t.db.kysely, email);
  assert.ok(person, `an account for ${email}`);
  const apps = await applicationsOfPerson(t.db.kysely, person.id);
  assert.ok(apps.length > 0, `${email} has an application`);
  return { userId: person.id, applicationId: apps.at(-1)!.id };
}

/** Every .eml sent to `address` so far (the queue is run first), oldest first. */
async function mailTo(address: string): Promise<string[]> {
  const all = await t.mail();
  return all.filter((m) => new RegExp(`^To: ${address.replace(/[.+]/g, '\\$&')}\\r?$`, 'im').test(m));
}

/** The path of the rater's link in the latest e-mail to `address`. */
async function linkFor(address: string): Promise<string> {
  const mails = await mailTo(address);
  assert.ok(mails.length > 0, `an e-mail to ${address}`);
  const links = [...mails.at(-1)!.matchAll(/https?:\/\/\S+?(\/references\/respond\/ref_[A-Za-z0-9_-]+)/g)];
  assert.ok(links.length > 0, `the e-mail to ${address} holds the link`);
  return links.at(-1)![1]!;
}

async function invite(
  who: Browser,
  applicationId: string,
  rater: { name: string; email: string; relationship: string; waived?: 'yes' | 'no' },
) {
  const url = `/applications/${applicationId}/references`;
  return who.submitAndFollow(url, url, {
    raterName: rater.name,
    raterEmail: rater.email,
    relationship: rater.relationship,
    waived: rater.waived ?? 'yes',
  });
}

function ratingForm(
  options: { ni?: number; endorsements?: string[]; current?: 'yes' | 'no'; comments?: string } = {},
): Form {
  const form: Form = {
    knownYears: '3',
    knownMonths: '4',
    role: 'Program supervisor at Family Center',
    current: options.current ?? 'yes',
    comments: options.comments ?? 'A thoughtful and steady clinician.',
  };
  if (options.endorsements) form.endorsements = options.endorsements;
  domains.forEach((d, i) => (form[`rating-${d.id}`] = i < (options.ni ?? 0) ? 'ni' : '3'));
  return form;
}

/** A visitor posts a form to `url` with a CSRF token from another page (a link that shows no form). */
async function postAnonymously(url: string, form: Form) {
  const b = t.browser();
  const page = await b.get('/sign-in');
  return b.post(url, { _csrf: csrfToken(page.body), ...form });
}

/** A rater (no account) opens the link and sends the form. */
async function rate(link: string, form: Form) {
  const rater = t.browser();
  const res = await rater.submit(link, link, form);
  return { rater, res };
}

const statusRow = (html: string, rater: string) => {
  const row = (html.match(/<tr\b[^>]*id="request-[^"]+"[\s\S]*?<\/tr>/g) ?? []).find((r) =>
    r.includes(rater),
  );
  assert.ok(row, `a row for ${rater}`);
  return pageText(row);
};

/** The references requirement as staff read it (whole: applicants who waived read less). */
async function referencesRequirement(applicationId: string) {
  const coordinator = await findPersonByEmail(t.db.kysely, 'carl@example.org');
  const actor = await loadActor(coordinator!.id, t.product);
  const { result } = await applicationChecklist(actor, applicationId, t.product);
  const req = result.requirements.find((r) => r.kind === 'references');
  assert.ok(req, 'the credential has a references requirement');
  return req;
}

before(async () => {
  t = await startApp();
  const site = await t.siteAdmin();
  ann = t.browser();
  await ann.signUp({ name: 'Ann Applicant', email: 'ann@example.org' });
  bob = t.browser();
  await bob.signUp({ name: 'Bob Other', email: 'bob@example.org' });
  carl = t.browser();
  await carl.signUp({ name: 'Carl Coordinator', email: 'carl@example.org' });
  const roles = await site.submit('/associations/mi-aimh/people', '/associations/mi-aimh/people', {
    email: 'carl@example.org',
    roles: ['coordinator'],
  });
  assert.equal(roles.statusCode, 303);
  for (const b of [ann, bob]) {
    const started = await b.submit('/applications', '/applications', {
      association: 'mi-aimh',
      credential: 'IMHS',
    });
    assert.equal(started.statusCode, 303);
  }
  ({ userId: annId, applicationId: annApp } = await applicationOf('ann@example.org'));
  ({ applicationId: bobApp } = await applicationOf('bob@example.org'));
  refsUrl = `/applications/${annApp}/references`;
});
after(async () => {
  await t?.close();
});

describe('asking for a reference', () => {
  test('the form offers the relationships in plain words and the waiver', async () => {
    const page = await ann.get(refsUrl);
    assert.equal(page.statusCode, 200);
    assert.match(
      page.body,
      /<option value="rsc-provider">Person providing your reflective supervision\/consultation \(RSC\)<\/option>/,
    );
    assert.match(page.body, /<option value="program-supervisor">Program supervisor<\/option>/);
    assert.match(page.body, /name="waived" value="yes"/);
    assert.match(pageText(page.body), /0 of 3 reference ratings/);
    assert.match(pageText(page.body), /You have not asked anyone yet/);
  });

  test('a bad request re-renders the form with each problem and the values kept', async () => {
    const res = await ann.submit(refsUrl, refsUrl, { raterName: 'Sam', raterEmail: 'not-an-address' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /<a href="#raterEmail">Enter an e-mail address in the form name@example.org/);
    assert.match(res.body, /<a href="#relationship">Choose how the rater knows you/);
    assert.match(res.body, /<a href="#waived">Choose whether you waive your right to see the rating/);
    assert.match(res.body, /value="Sam"/);
    const self = await ann.submit(refsUrl, refsUrl, {
      raterName: 'Me',
      raterEmail: 'ann@example.org',
      relationship: 'colleague',
      waived: 'no',
    });
    assert.equal(self.statusCode, 400);
    assert.match(self.body, /A reference must come from someone else/);
  });

  test('the rater gets an e-mail with a single-use link; only its hash is stored; reminders are scheduled', async () => {
    const page = await invite(ann, annApp, {
      name: 'Sam Lead',
      email: 'sam@example.org',
      relationship: 'program-supervisor',
    });
    assert.equal(page.statusCode, 200);
    assert.match(pageText(page.body), /Your request has been e-mailed to Sam Lead \(sam@example.org\)/);
    assert.match(statusRow(page.body, 'Sam Lead'), /Sent on .*the link works until/);

    const mails = await mailTo('sam@example.org');
    assert.equal(mails.length, 1);
    assert.match(mails[0]!, /Subject: Reference rating requested by Ann Applicant/);
    assert.match(mails[0]!, /has named you, as their program supervisor/);
    assert.match(mails[0]!, /Ann Applicant has waived the right to see your rating/);
    const link = await linkFor('sam@example.org');
    const token = link.split('/').at(-1)!;

    const row = await t.db.kysely
      .selectFrom('reference_request')
      .selectAll()
      .where('rater_email', '=', 'sam@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(row.token_hash, hashToken(token));
    assert.equal(row.status, 'sent');
    const days = (Date.parse(row.expires_at) - Date.parse(row.sent_at!)) / 86_400_000;
    assert.equal(days, 30);
    // The token itself is nowhere in the database (the sent mail job aside, which holds the e-mail).
    for (const table of ['reference_request', 'audit_event'] as const) {
      const rows = await t.db.kysely.selectFrom(table).selectAll().execute();
      assert.ok(!JSON.stringify(rows).includes(token), `${table} does not hold the token`);
    }
    const reminders = (await listJobs(t.db, { kind: REFERENCE_REMINDER_JOB })).filter(
      (j) => (j.payload as { requestId: string }).requestId === row.id,
    );
    assert.deepEqual(
      reminders
        .map((j) => (Date.parse(j.runAt) - Date.parse(row.sent_at!)) / 86_400_000)
        .sort((a, b) => a - b),
      [7, 14],
    );
    assert.ok(
      !JSON.stringify(reminders).includes(token),
      'the reminders hold the token sealed, not in clear',
    );

    const audit = await t.db.kysely
      .selectFrom('audit_event')
      .selectAll()
      .where('subject_type', '=', 'reference-request')
      .where('subject_id', '=', row.id)
      .execute();
    assert.deepEqual(
      audit.map((a) => [a.action, a.actor_id]),
      [['reference.request', annId]],
    );
  });

  test('asking the same rater twice is refused', async () => {
    const again = await ann.submit(refsUrl, refsUrl, {
      raterName: 'Sam Lead',
      raterEmail: 'SAM@example.org',
      relationship: 'colleague',
      waived: 'yes',
    });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /You have already asked Sam Lead/);
  });
});

describe('the rater answers through the link', () => {
  let link: string;

  before(async () => {
    link = await linkFor('sam@example.org');
  });

  test('the link opens a form (no account) and marks the request opened', async () => {
    const rater = t.browser();
    const res = await rater.get(link);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    const text = pageText(res.body);
    assert.match(text, /Reference rating for Ann Applicant/);
    assert.match(text, /named you as their program supervisor/);
    for (const d of domains) assert.match(res.body, new RegExp(`name="rating-${d.id}" value="ni"`));
    assert.match(res.body, /name="endorsements" value="IMHS"/);
    assert.match(res.body, /name="vetted" value="yes"/);
    const page = await ann.get(refsUrl);
    assert.match(statusRow(page.body, 'Sam Lead'), /Opened on/);
  });

  test('a rating with a missing answer is refused, with the answers kept', async () => {
    const form = ratingForm({ endorsements: ['IMHS'] });
    delete form[`rating-${domains[2]!.id}`];
    form.knownYears = '';
    form.knownMonths = '';
    const { res } = await rate(link, form);
    assert.equal(res.statusCode, 400);
    assert.match(
      res.body,
      new RegExp(`<a href="#rating-${domains[2]!.id}">Rate the applicant on ${domains[2]!.name}`),
    );
    assert.match(
      res.body,
      /<a href="#knownYears">Enter how long you have known the applicant[\s\S]*<a href="#rating-/,
      'every problem at once, in the order the form asks',
    );
    assert.match(res.body, /value="IMHS" checked/);
    assert.match(res.body, /A thoughtful and steady clinician/);
    const row = await t.db.kysely
      .selectFrom('reference_request')
      .select(['status', 'rating'])
      .where('rater_email', '=', 'sam@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'opened');
    assert.equal(row.rating, null);
  });

  test('submitting stores the rating; the link is then used', async () => {
    const { rater, res } = await rate(
      link,
      ratingForm({ endorsements: ['IMHS'], comments: 'Confidential: a thoughtful clinician.' }),
    );
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, link);
    const after = await rater.get(link);
    assert.equal(after.statusCode, 200);
    assert.match(pageText(after.body), /Thank you: your rating of Ann Applicant has been sent/);
    assert.match(pageText(after.body), /This link has already been used/);

    const row = await t.db.kysely
      .selectFrom('reference_request')
      .selectAll()
      .where('rater_email', '=', 'sam@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'submitted');
    const rating = JSON.parse(row.rating!);
    assert.deepEqual(rating.raterEndorsements, ['IMHS']);
    assert.equal(rating.current, true);
    assert.equal(rating.counts, true);
    assert.equal(rating.ratings.length, domains.length);
    assert.deepEqual(rating.known, { years: 3, months: 4 });

    // The audit says what happened, not what the rater wrote.
    const audit = await t.db.kysely
      .selectFrom('audit_event')
      .selectAll()
      .where('subject_id', '=', row.id)
      .orderBy('at')
      .execute();
    assert.deepEqual(
      audit.map((a) => a.action),
      ['reference.request', 'reference.open', 'reference.submit'],
    );
    assert.ok(!JSON.stringify(audit).includes('Confidential'));
  });

  test('the link works once', async () => {
    const again = await postAnonymously(link, ratingForm({ comments: 'A second try' }));
    assert.equal(again.statusCode, 200);
    assert.match(pageText(again.body), /This link has already been used/);
    const row = await t.db.kysely
      .selectFrom('reference_request')
      .select('rating')
      .where('rater_email', '=', 'sam@example.org')
      .executeTakeFirstOrThrow();
    assert.ok(!row.rating!.includes('A second try'));
  });

  test('the applicant sees "submitted" but never the content, and is e-mailed', async () => {
    const page = await ann.get(refsUrl);
    assert.match(statusRow(page.body, 'Sam Lead'), /Submitted on/);
    assert.doesNotMatch(page.body, /Confidential|thoughtful|Family Center/);
    assert.doesNotMatch(page.body, /Send again<span class="visually-hidden"> to Sam Lead/);
    const mails = await mailTo('ann@example.org');
    assert.match(mails.at(-1)!, /Sam Lead has submitted a reference rating/);
    assert.doesNotMatch(mails.at(-1)!, /Confidential/);
    // Nor through the staff page.
    const staff = await ann.get(`/associations/mi-aimh/applications/${annApp}/references`);
    assert.equal(staff.statusCode, 404);
    assert.doesNotMatch(staff.body, /Confidential/);
  });

  test('a coordinator reads the rating', async () => {
    const page = await carl.get(`/associations/mi-aimh/applications/${annApp}/references`);
    assert.equal(page.statusCode, 200);
    const text = pageText(page.body);
    assert.match(text, /Confidential: a thoughtful clinician/);
    assert.match(text, /Rater’s endorsements IMHS/);
    assert.match(text, /3 years, 4 months/);
    assert.match(text, /Counts Yes \(0 of 11 domains/);
  });
});

describe('the engine counts submitted ratings', () => {
  test('the references requirement changes with each rating that counts', async () => {
    // Sam (program supervisor, current, endorsed IMHS) has answered.
    const one = await referencesRequirement(annApp);
    assert.equal(one.status, 'unmet');
    assert.match(one.summary, /^1 of 3 reference ratings/);
    assert.match(one.summary, /Sam Lead/);
    assert.match(one.summary, /includes rating from an endorsed rater/);
    const { counted: entries, waivedRatingIn } = await submittedReferences(t.db.kysely, annApp);
    assert.equal(waivedRatingIn, true, 'Ann waived seeing it');
    assert.equal(entries.length, 1);
    assert.deepEqual(
      { ...entries[0]!, submitted: undefined },
      {
        name: 'Sam Lead',
        email: 'sam@example.org',
        relationship: 'program-supervisor',
        current: true,
        raterEndorsements: ['IMHS'],
        raterVetted: false,
        submitted: undefined,
      },
    );
    assert.match(entries[0]!.submitted, /^\d{4}-\d\d-\d\d$/);

    for (const [name, email, relationship] of [
      ['Rita Reflective', 'rita@example.org', 'rsc-provider'],
      ['Cole League', 'cole@example.org', 'colleague'],
    ] as const) {
      await invite(ann, annApp, { name, email, relationship, waived: 'no' });
      const { res } = await rate(await linkFor(email), ratingForm());
      assert.equal(res.statusCode, 303);
    }
    const three = await referencesRequirement(annApp);
    assert.equal(three.status, 'met', three.summary);
    assert.match(three.summary, /^3 of 3 reference ratings/);
    const page = await ann.get(refsUrl);
    assert.match(pageText(page.body), /Met: 3 of 3 reference ratings/);
  });
});

describe('links that no longer work', () => {
  const rowOf = (email: string) =>
    t.db.kysely
      .selectFrom('reference_request')
      .selectAll()
      .where('rater_email', '=', email)
      .executeTakeFirstOrThrow();

  test('an expired link says so, with the date, and takes no rating', async () => {
    await invite(ann, annApp, { name: 'Ella Late', email: 'ella@example.org', relationship: 'trainer' });
    const link = await linkFor('ella@example.org');
    const row = await rowOf('ella@example.org');
    await t.db.kysely
      .updateTable('reference_request')
      .set({ expires_at: '2026-01-15T10:00:00.000Z' })
      .where('id', '=', row.id)
      .execute();
    const res = await t.browser().get(link);
    assert.equal(res.statusCode, 410);
    assert.match(
      pageText(res.body),
      /This link expired on January 15, 2026; ask the applicant, Ann Applicant, to send a new one/,
    );
    const post = await postAnonymously(link, ratingForm());
    assert.equal(post.statusCode, 410);
    assert.match(pageText(post.body), /This link expired on January 15, 2026/);
    assert.equal((await rowOf('ella@example.org')).status, 'sent');
    const page = await ann.get(refsUrl);
    assert.match(statusRow(page.body, 'Ella Late'), /Expired on January 15, 2026/);
  });

  test('re-sending makes a new link; the old one stops working', async () => {
    const old = await linkFor('ella@example.org');
    const row = await rowOf('ella@example.org');
    const page = await ann.submitAndFollow(refsUrl, `${refsUrl}/${row.id}/resend`, {});
    assert.match(
      pageText(page.body),
      /A new link has been e-mailed to Ella Late. The old link no longer works/,
    );
    assert.match(statusRow(page.body, 'Ella Late'), /Sent on/);
    const fresh = await linkFor('ella@example.org');
    assert.notEqual(fresh, old);
    const dead = await t.browser().get(old);
    assert.equal(dead.statusCode, 404);
    assert.match(pageText(dead.body), /This link does not work/);
    const open = await t.browser().get(fresh);
    assert.equal(open.statusCode, 200);
    assert.match(pageText(open.body), /Reference rating for Ann Applicant/);
    const audit = await t.db.kysely
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', row.id)
      .execute();
    assert.ok(audit.some((a) => a.action === 'reference.resend'));
  });

  test('a revoked link says the request was withdrawn', async () => {
    const link = await linkFor('ella@example.org');
    const row = await rowOf('ella@example.org');
    const page = await ann.submitAndFollow(refsUrl, `${refsUrl}/${row.id}/revoke`, {});
    assert.match(pageText(page.body), /The request to Ella Late has been revoked/);
    assert.match(statusRow(page.body, 'Ella Late'), /Revoked on/);
    const res = await t.browser().get(link);
    assert.equal(res.statusCode, 410);
    assert.match(pageText(res.body), /Ann Applicant has withdrawn this request/);
    const post = await postAnonymously(link, ratingForm());
    assert.equal(post.statusCode, 410);
    assert.match(pageText(post.body), /withdrawn/);
    assert.equal((await rowOf('ella@example.org')).status, 'revoked');
    // Nothing more to do with it.
    const again = await ann.submit(refsUrl, `${refsUrl}/${row.id}/resend`, {});
    assert.equal(again.statusCode, 409);
  });

  test('a made-up link does not work', async () => {
    const res = await t.browser().get('/references/respond/ref_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa');
    assert.equal(res.statusCode, 404);
    assert.match(pageText(res.body), /This link does not work/);
  });
});

describe('a rating with too little information', () => {
  test('six "not enough information" answers: it does not count, and the applicant is told to ask someone else', async () => {
    await invite(ann, annApp, {
      name: 'Nia Unsure',
      email: 'nia@example.org',
      relationship: 'consultant',
      waived: 'no',
    });
    const { res } = await rate(
      await linkFor('nia@example.org'),
      ratingForm({ ni: 6, endorsements: ['IMHM-C'] }),
    );
    assert.equal(res.statusCode, 303);
    const row = await t.db.kysely
      .selectFrom('reference_request')
      .select('rating')
      .where('rater_email', '=', 'nia@example.org')
      .executeTakeFirstOrThrow();
    const rating = JSON.parse(row.rating!);
    assert.equal(rating.counts, false);
    assert.equal(rating.notEnoughInformation, 6);

    const page = await ann.get(refsUrl);
    assert.match(statusRow(page.body, 'Nia Unsure'), /Submitted on .* does not count ?: ask someone else/);
    assert.match(
      pageText(page.body),
      /The rating from Nia Unsure does not count.*Ask someone else who knows your work well/,
    );
    const mails = await mailTo('ann@example.org');
    assert.match(mails.at(-1)!, /does not count/);
    const entries = (await submittedReferences(t.db.kysely, annApp)).counted;
    assert.ok(!entries.some((e) => e.name === 'Nia Unsure'), 'the engine does not see it');
  });

  test('five "not enough information" answers still count', async () => {
    await invite(bob, bobApp, { name: 'Fay Five', email: 'fay@example.org', relationship: 'teacher' });
    await rate(await linkFor('fay@example.org'), ratingForm({ ni: 5 }));
    const entries = (await submittedReferences(t.db.kysely, bobApp)).counted;
    assert.deepEqual(
      entries.map((e) => e.name),
      ['Fay Five'],
    );
  });
});

describe('another applicant', () => {
  test("cannot see or manage the first one's requests", async () => {
    const sam = await t.db.kysely
      .selectFrom('reference_request')
      .select('id')
      .where('rater_email', '=', 'rita@example.org')
      .executeTakeFirstOrThrow();
    const before = await t.db.kysely.selectFrom('reference_request').selectAll().orderBy('id').execute();
    const page = await bob.get(refsUrl);
    assert.equal(page.statusCode, 404);
    assert.doesNotMatch(page.body, /Sam Lead|sam@example.org/);
    const ownPage = await bob.get(`/applications/${bobApp}/references`);
    assert.equal(ownPage.statusCode, 200);
    assert.doesNotMatch(ownPage.body, /Sam Lead|sam@example.org/);
    const forms = [
      [
        refsUrl,
        { raterName: 'Eve', raterEmail: 'eve@example.org', relationship: 'colleague', waived: 'yes' },
      ],
      [`${refsUrl}/${sam.id}/resend`, {}],
      [`${refsUrl}/${sam.id}/revoke`, {}],
      // Ann's request under Bob's application's address is not found there either.
      [`/applications/${bobApp}/references/${sam.id}/revoke`, {}],
    ] as const;
    for (const [action, form] of forms) {
      const res = await bob.submit(`/applications/${bobApp}/references`, action, { ...form });
      assert.equal(res.statusCode, 404, action);
      assert.doesNotMatch(res.body, /Sam Lead|rita@example.org/);
    }
    const after = await t.db.kysely.selectFrom('reference_request').selectAll().orderBy('id').execute();
    assert.deepEqual(after, before, 'nothing changed');
    assert.equal((await mailTo('eve@example.org')).length, 0);
  });

  test('is not shown the staff page of ratings', async () => {
    const res = await bob.get(`/associations/mi-aimh/applications/${annApp}/references`);
    assert.equal(res.statusCode, 404);
  });
});
