// Reference requests go out only in the name of an applicant whose address is
// confirmed, never to the applicant's own mailbox (however it is spelled), and
// reviewers see each rater's address and whether it shares the applicant's
// domain. An applicant who waived seeing a rating learns nothing of it from the
// checklist, the references page or the e-mail: only how many ratings count
// and what kind of rater is still needed. Through the HTTP app, on SQLite or
// PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { applicationsOfPerson } from '../../src/db/repositories/applications.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { ratingDomains } from '../../src/services/references.ts';
import { checklistOf } from '../helpers/portfolio-http.ts';
import {
  type Browser,
  type Form,
  pageText,
  startApp,
  type TestApp,
  setEmailConfirmed,
} from '../helpers/http.ts';

let t: TestApp;
let gia: Browser; // a Gmail applicant
let gApp: string;
let gRefs: string;
let carl: Browser; // coordinator of mi-aimh

const domains = ratingDomains('mi-aimh');

async function start(b: Browser, email: string, name: string): Promise<string> {
  await b.signUp({ name, email });
  const started = await b.submit('/applications', '/applications', {
    association: 'mi-aimh',
    credential: 'IMHS',
  });
  assert.equal(started.statusCode, 303);
  const person = await findPersonByEmail(t.db.kysely, email);
  return (await applicationsOfPerson(t.db.kysely, person!.id)).at(-1)!.id;
}

const ask = (
  b: Browser,
  refs: string,
  rater: { name: string; email: string; relationship?: string; waived?: string },
) =>
  b.submit(refs, refs, {
    raterName: rater.name,
    raterEmail: rater.email,
    relationship: rater.relationship ?? 'colleague',
    waived: rater.waived ?? 'yes',
  });

const requestsOf = (applicationId: string) =>
  t.db.kysely
    .selectFrom('reference_request')
    .selectAll()
    .where('application_id', '=', applicationId)
    .execute();

const mailJobsTo = async (address: string) =>
  (await t.db.kysely.selectFrom('job').select('payload').where('kind', '=', 'mail').execute()).filter(
    (j) => (JSON.parse(j.payload) as { to: string }).to === address,
  );

async function linkFor(address: string): Promise<string> {
  const mails = (await t.mail()).filter((m) => m.includes(`To: ${address}`));
  const link = /\/references\/respond\/ref_[A-Za-z0-9_-]+/.exec(mails.at(-1) ?? '')?.[0];
  assert.ok(link, `a link e-mailed to ${address}`);
  return link;
}

function ratingForm(options: { ni?: number; endorsements?: string[] } = {}): Form {
  const form: Form = {
    knownYears: '2',
    knownMonths: '0',
    role: 'Colleague at the clinic',
    current: 'yes',
    comments: 'Private words for the reviewers.',
  };
  if (options.endorsements) form.endorsements = options.endorsements;
  domains.forEach((d, i) => (form[`rating-${d.id}`] = i < (options.ni ?? 0) ? 'ni' : '3'));
  return form;
}

async function rate(link: string, form: Form) {
  const res = await t.browser().submit(link, link, form);
  assert.equal(res.statusCode, 303);
}

before(async () => {
  t = await startApp();
  const site = await t.siteAdmin();
  carl = t.browser();
  await carl.signUp({ name: 'Carl Coordinator', email: 'carl@example.org' });
  const roles = await site.submit('/associations/mi-aimh/people', '/associations/mi-aimh/people', {
    email: 'carl@example.org',
    roles: ['coordinator'],
  });
  assert.equal(roles.statusCode, 303);
  gia = t.browser();
  gApp = await start(gia, 'gia.lee@gmail.com', 'Gia Lee');
  gRefs = `/applications/${gApp}/references`;
});
after(async () => {
  await t?.close();
});

describe('an unconfirmed address', () => {
  test('no reference request goes out in its name, and the page says how to confirm it', async () => {
    await setEmailConfirmed(t, 'gia.lee@gmail.com', false);
    const res = await ask(gia, gRefs, { name: 'Sam Lead', email: 'sam@example.org' });
    assert.equal(res.statusCode, 400);
    assert.match(
      pageText(res.body),
      /Confirm your e-mail address \(gia\.lee@gmail\.com\) before Endorse sends reference requests in your name: use “Forgot your password\?” on the sign-in page/,
    );
    assert.match(res.body, /value="Sam Lead"/, 'the form keeps what was typed');
    assert.equal((await requestsOf(gApp)).length, 0);
    assert.equal((await mailJobsTo('sam@example.org')).length, 0);
  });

  test('nor is a request sent again while the address is unconfirmed', async () => {
    await setEmailConfirmed(t, 'gia.lee@gmail.com', true);
    assert.equal((await ask(gia, gRefs, { name: 'Sam Lead', email: 'sam@example.org' })).statusCode, 303);
    const [request] = await requestsOf(gApp);
    // The address is unconfirmed again (e.g. the account changed its address).
    await setEmailConfirmed(t, 'gia.lee@gmail.com', false);
    const res = await gia.submit(gRefs, `${gRefs}/${request!.id}/resend`, {});
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /Confirm your e-mail address \(gia\.lee@gmail\.com\)/);
    assert.equal((await requestsOf(gApp))[0]!.token_hash, request!.token_hash, 'the link is unchanged');
    assert.equal((await mailJobsTo('sam@example.org')).length, 1);
    await setEmailConfirmed(t, 'gia.lee@gmail.com', true);
  });
});

describe("the applicant's own address", () => {
  test('is refused however it is spelled, with the error on the rater’s e-mail', async () => {
    for (const email of [
      'GIA.LEE@gmail.com',
      'gialee@gmail.com',
      'g.i.a.l.e.e+reference@gmail.com',
      'gia.lee@googlemail.com',
      'Gia.Lee+me@GoogleMail.com',
    ]) {
      const res = await ask(gia, gRefs, { name: 'Me Again', email });
      assert.equal(res.statusCode, 400, email);
      assert.match(
        res.body,
        /<a href="#raterEmail">A reference must come from someone else: this is your own e-mail address/,
        email,
      );
    }
    assert.equal((await requestsOf(gApp)).length, 1, 'only Sam was asked');
  });

  test('elsewhere, +tags are the same mailbox but dots are not', async () => {
    const b = t.browser();
    const app = await start(b, 'ola.berg@example.org', 'Ola Berg');
    const refs = `/applications/${app}/references`;
    const tagged = await ask(b, refs, { name: 'Ola Tagged', email: 'Ola.Berg+rater@Example.org' });
    assert.equal(tagged.statusCode, 400);
    assert.match(tagged.body, /A reference must come from someone else/);
    // At example.org "olaberg" is another mailbox than "ola.berg".
    assert.equal((await ask(b, refs, { name: 'Olaf Berg', email: 'olaberg@example.org' })).statusCode, 303);
    // And one rater is one mailbox: asking again with a tag is asking twice.
    const twice = await ask(b, refs, { name: 'Olaf Berg', email: 'olaberg+2@example.org' });
    assert.equal(twice.statusCode, 400);
    assert.match(pageText(twice.body), /You have already asked Olaf Berg \(olaberg@example\.org\)/);
  });
});

describe("reviewers see each rater's address", () => {
  test('with a marker where it shares the applicant’s domain', async () => {
    assert.equal((await ask(gia, gRefs, { name: 'Gus Mail', email: 'gus@googlemail.com' })).statusCode, 303);
    const page = await carl.get(`/associations/mi-aimh/applications/${gApp}/references`);
    assert.equal(page.statusCode, 200);
    const section = (name: string) => {
      const s = (page.body.match(/<section\b[\s\S]*?<\/section>/g) ?? []).find((x) => x.includes(name));
      assert.ok(s, `a section for ${name}`);
      return pageText(s);
    };
    assert.match(pageText(page.body), /Applicant’s e-mail address: gia\.lee@gmail\.com/);
    assert.match(section('Gus Mail'), /E-mail gus@googlemail\.com Same domain as the applicant/);
    assert.match(section('Sam Lead'), /E-mail sam@example\.org/);
    assert.doesNotMatch(section('Sam Lead'), /Same domain/);
  });
});

describe('after a waiver', () => {
  let wen: Browser;
  let app: string;
  let refs: string;

  before(async () => {
    wen = t.browser();
    app = await start(wen, 'wen@example.org', 'Wen Waiver');
    refs = `/applications/${app}/references`;
    // Paula rates enough domains and is endorsed; Nora answers "not enough information" six times.
    for (const [name, email, relationship] of [
      ['Paula Program', 'paula@example.org', 'program-supervisor'],
      ['Nora Unsure', 'nora@example.org', 'rsc-provider'],
    ] as const) {
      assert.equal((await ask(wen, refs, { name, email, relationship })).statusCode, 303);
    }
    await rate(await linkFor('paula@example.org'), ratingForm({ endorsements: ['IMHS'] }));
    await rate(await linkFor('nora@example.org'), ratingForm({ ni: 6 }));
  });

  const forbidden = /does not count|endorsed rater|Paula Program;|Nora Unsure;|: missing/;

  test('the checklist says how many ratings count and what kind of rater is still needed, nothing more', async () => {
    for (const url of [
      `/applications/${app}`,
      `/portfolio?application=${app}`,
      `/applications/${app}/submit`,
    ]) {
      const page = await wen.get(url);
      assert.equal(page.statusCode, 200, url);
      const references = checklistOf(page.body).get('imhs.references');
      assert.ok(references, `${url} shows the references requirement`);
      assert.equal(references.summary, '1 of 3 reference ratings count toward the requirement', url);
      const item = /id="req-imhs\.references">([\s\S]*?)(?:<li class="requirement|<\/ol>)/.exec(page.body);
      assert.ok(item, url);
      assert.doesNotMatch(pageText(item[1]!), forbidden, url);
      assert.match(pageText(item[1]!), /Still needed: a reference rating from someone who is:/, url);
    }
    const page = pageText((await wen.get(`/applications/${app}`)).body);
    assert.match(page, /Still needed: a reference rating from someone who is: .*reflective supervision/);
  });

  test('the references page and the e-mails do not tell the ratings apart', async () => {
    const page = await wen.get(refs);
    const text = pageText(page.body);
    assert.match(text, /Not met yet: 1 of 3 reference ratings count toward the requirement/);
    assert.doesNotMatch(text, forbidden);
    assert.match(text, /Nora Unsure nora@example\.org .* Submitted on/);
    const mails = (await t.mail()).filter(
      (m) => m.includes('To: wen@example.org') && !m.includes('Subject: Confirm your e-mail address'),
    );
    assert.equal(mails.length, 2);
    for (const m of mails) {
      assert.match(m, /has submitted a reference rating/);
      assert.doesNotMatch(m, /does not count/);
    }
  });

  test('staff still see everything', async () => {
    const ratings = pageText((await carl.get(`/associations/mi-aimh/applications/${app}/references`)).body);
    assert.match(ratings, /Counts No \(6 of 11 domains/);
    const staffView = checklistOf((await carl.get(`/applications/${app}`)).body).get('imhs.references');
    assert.match(
      staffView!.summary,
      /^1 of 3 reference ratings \(.*Paula Program.*\); includes rating from an endorsed rater$/,
    );
  });
});
