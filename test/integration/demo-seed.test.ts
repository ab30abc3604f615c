// The demo data, on SQLite or PostgreSQL (TEST_DATABASE_URL): an application
// in every state of its life, each reached through the product's services
// (every state change has its audited lifecycle step), and something to do
// for every role at once: the coordinator assigns, sends back and resumes,
// each reviewer has a review due (one overdue), the advisor has an advisee
// with a thread, an applicant has a request for more information to answer.
// A submitted application has its snapshot, fees due and history, a paid fee
// its payment, and a draft waiting for references the raters' requests.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { messagesOf } from '../../src/db/repositories/advising.ts';
import {
  type ApplicationRow,
  applicationsOfPerson,
  findRoundSnapshot,
  findSnapshot,
} from '../../src/db/repositories/applications.ts';
import { activeAssignmentsOf } from '../../src/db/repositories/assignments.ts';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { type AuditEntry, auditOf } from '../../src/db/repositories/audit.ts';
import { feesDueOf } from '../../src/db/repositories/fees.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { referenceRequestsOf } from '../../src/db/repositories/references.ts';
import { qualificationsOf } from '../../src/db/repositories/reviewers.ts';
import { reviewsOf } from '../../src/db/repositories/reviews.ts';
import {
  applicationStates,
  stepTarget,
  type TransitionName,
  transitionNames,
} from '../../src/domain/application-lifecycle.ts';
import { DEMO_PASSWORD, type demoAccounts, seedDemo } from '../../src/services/demo.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';

let t: TestApp;
let accounts: typeof demoAccounts;
let coordinator: Browser;

const idOf = async (email: string) => {
  const person = await findPersonByEmail(t.db.kysely, email);
  assert.ok(person, email);
  return person.id;
};
const applicationOf = async (email: string) => {
  const [application] = await applicationsOfPerson(t.db.kysely, await idOf(email));
  assert.ok(application, `${email} has an application`);
  return application;
};
const signIn = async (email: string) => {
  const browser = t.browser();
  const res = await browser.submit('/sign-in', '/sign-in', { email, password: DEMO_PASSWORD });
  assert.equal(res.statusCode, 303, email);
  return browser;
};
const demo = (name: string) => `${name}@demo.endorse.test`;
const today = () => new Date().toISOString().slice(0, 10);

/** Reviews of the application's round its active reviewers have not submitted: what they have to do. */
async function reviewsDue(application: ApplicationRow) {
  if (application.status !== 'in-review') return [];
  const submitted = (await reviewsOf(t.db.kysely, application.id)).filter(
    (r) => r.round === application.round && r.status === 'submitted',
  );
  return (await activeAssignmentsOf(t.db.kysely, application.id)).filter(
    (a) => a.role === 'reviewer' && !submitted.some((r) => r.assignmentId === a.id),
  );
}

/**
 * The states the application went through by its audited lifecycle steps,
 * from draft: each step leaves the state the one before it reached, for the
 * state the lifecycle says it leads to.
 */
function statesThrough(audit: readonly AuditEntry[]): string[] {
  const left = audit.filter((e) =>
    (transitionNames as readonly string[]).includes(e.action.replace(/^application\./, '')),
  );
  const states = ['draft'];
  while (left.length) {
    const from = states.at(-1);
    // Steps audited in the same millisecond may be listed in either order.
    const i = left.findIndex((e) => (e.before as { status: string }).status === from);
    assert.ok(i >= 0, `an audited step leaves ${from}: ${left.map((e) => e.action).join(', ')}`);
    const [entry] = left.splice(i, 1);
    const to = (entry!.after as { status: string }).status;
    assert.equal(to, stepTarget(entry!.action.replace(/^application\./, '') as TransitionName));
    states.push(to);
  }
  return states;
}

const submitted = ['draft', 'submitted'];
const reviewed = [...submitted, 'in-review'];
const asked = [...reviewed, 'more-information-requested'];
/** Each demo applicant's application: the states it went through, the last the one it is in. */
const expected: Record<string, string[]> = {
  rosa: ['draft'],
  jo: ['draft'],
  sam: submitted,
  lee: submitted,
  kim: reviewed,
  morgan: reviewed,
  maria: asked,
  noah: [...asked, 'resubmitted'],
  priya: [...reviewed, 'on-hold'],
  jordan: [...reviewed, 'approved'],
  chris: [...reviewed, 'deferred'],
  dev: [...reviewed, 'declined'],
  quinn: [...submitted, 'withdrawn'],
};

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  accounts = await seedDemo(t.product);
  coordinator = await signIn(demo('coordinator'));
});
after(async () => {
  await t?.close();
});

describe('endorse seed --demo: every state, reached step by step', () => {
  test('there is an application in every state, and each got there through its audited steps', async () => {
    const states = new Set<string>();
    for (const [who, path] of Object.entries(expected)) {
      const application = await applicationOf(demo(who));
      const audit = await auditOf(t.db.kysely, 'application', [application.id]);
      assert.deepEqual(statesThrough(audit), path, who);
      assert.equal(application.status, path.at(-1), who);
      states.add(application.status);
    }
    assert.deepEqual([...states].sort(), [...applicationStates].sort());
  });

  test('every applicant of the demo list is one of these, and every account says what it can do now', async () => {
    const applicants = accounts.filter((a) => a.role.startsWith('applicant'));
    assert.deepEqual(applicants.map((a) => a.email).sort(), Object.keys(expected).map(demo).sort());
    for (const a of accounts) {
      assert.ok(a.now.trim(), `${a.email} says what it can do`);
      await idOf(a.email);
    }
    const robin = accounts.find((a) => a.name === 'Robin Reviewer');
    assert.match(robin!.now, /1 review due, overdue/);
  });
});

describe('something to do for every role', () => {
  test('the coordinator: a submitted application without reviewers, a resubmitted one, one on hold; the queue shows the overdue review', async () => {
    const sam = await applicationOf(demo('sam'));
    assert.equal(sam.status, 'submitted');
    assert.deepEqual(await activeAssignmentsOf(t.db.kysely, sam.id), []);
    const page = await coordinator.get(`/associations/ct-aimh/applications/${sam.id}`);
    assert.match(pageText(page.body), /Riley Reviewer/, 'Riley is suggested');
    assert.match(pageText(page.body), /Robin Reviewer/, 'Robin is suggested');
    assert.equal((await applicationOf(demo('noah'))).status, 'resubmitted');
    assert.equal((await applicationOf(demo('priya'))).status, 'on-hold');
    const overdue = pageText((await coordinator.get('/associations/ct-aimh/applications?overdue=true')).body);
    assert.match(overdue, /Kim Okafor/);
    assert.match(overdue, /Review overdue/);
    assert.doesNotMatch(overdue, /Morgan Ellis/);
  });

  test('each reviewer holds a Mentor endorsement on their profile and has one review due; Robin’s is overdue', async () => {
    const ct = (await findAssociation(t.db.kysely, 'ct-aimh'))!;
    const held = (await qualificationsOf(t.db.kysely, ct.id)).map((q) => [q.userId, q.credential, q.level]);
    const riley = await idOf(demo('reviewer'));
    const robin = await idOf(demo('reviewer2'));
    assert.deepEqual(
      held.sort(),
      [
        [riley, 'IMHM-C', 4],
        [robin, 'IMHM-RF', 4],
      ].sort(),
    );
    const due = new Map<string, { applicant: string; dueOn: string | null }[]>();
    for (const who of Object.keys(expected)) {
      for (const a of await reviewsDue(await applicationOf(demo(who))))
        due.set(a.userId, [...(due.get(a.userId) ?? []), { applicant: who, dueOn: a.dueOn }]);
    }
    assert.deepEqual(
      due.get(riley)?.map((d) => d.applicant),
      ['morgan'],
    );
    assert.deepEqual(
      due.get(robin)?.map((d) => d.applicant),
      ['kim'],
    );
    assert.ok(due.get(robin)![0]!.dueOn! < today(), 'Robin’s review is overdue');
    assert.ok(due.get(riley)![0]!.dueOn! >= today(), 'Riley’s is not');
    const list = pageText((await (await signIn(demo('reviewer2'))).get('/reviews')).body);
    assert.match(list, /Kim Okafor/);
    assert.match(list, /Overdue: was due/);
  });

  test('the review in is complete: a finding for every requirement, and the other reviewer cannot see it', async () => {
    const kim = await applicationOf(demo('kim'));
    const [review] = (await reviewsOf(t.db.kysely, kim.id)).filter((r) => r.status === 'submitted');
    assert.equal(review!.reviewerName, 'Riley Reviewer');
    assert.equal(review!.recommendation, 'approve');
    const findings = JSON.parse(review!.findings) as { requirements: Record<string, { verdict: string }> };
    assert.ok(Object.keys(findings.requirements).length > 3);
    for (const f of Object.values(findings.requirements)) assert.equal(f.verdict, 'confirmed');
    const robinsPage = pageText((await (await signIn(demo('reviewer2'))).get(`/reviews/${kim.id}`)).body);
    assert.match(robinsPage, /Your review Not started/);
    assert.doesNotMatch(robinsPage, /Riley Reviewer/);
  });

  test('the advisor: advises Rosa’s draft, with a comment and messages both ways', async () => {
    const rosa = await applicationOf(demo('rosa'));
    assert.equal(rosa.status, 'draft');
    const advisees = pageText((await (await signIn(demo('advisor'))).get('/advising')).body);
    assert.match(advisees, /Rosa Example/);
    assert.equal((await messagesOf(t.db.kysely, rosa.id, 'comment')).length, 1);
    const thread = (await messagesOf(t.db.kysely, rosa.id, 'message')).map((m) => m.authorId);
    assert.deepEqual(thread, [await idOf(demo('advisor')), await idOf(demo('rosa'))]);
    const rosasThread = pageText(
      (await (await signIn(demo('rosa'))).get(`/applications/${rosa.id}/messages`)).body,
    );
    assert.match(rosasThread, /Should the home-visiting workshop count/);
  });

  test('the applicant asked for more information sees what was asked on their application', async () => {
    const maria = await applicationOf(demo('maria'));
    const page = pageText((await (await signIn(demo('maria'))).get(`/applications/${maria.id}`)).body);
    assert.match(page, /More information requested/);
    assert.match(page, /reflective supervision you have had since 2016/);
    assert.doesNotMatch(page, /Riley Reviewer|Robin Reviewer/);
  });

  test('the resubmitted portfolio is the next round, with what the applicant added', async () => {
    const noah = await applicationOf(demo('noah'));
    assert.equal(noah.round, 2);
    const snapshot = await findRoundSnapshot(t.db.kysely, noah.id, 2);
    assert.match(snapshot!.document, /Culturally responsive practice with families/);
  });

  test('the decided applicants read their decision letters, with the reasons', async () => {
    for (const [who, said] of [
      ['jordan', /Approved/],
      ['chris', /Deferred[\s\S]*apply again/],
      ['dev', /Declined[\s\S]*school-age children/],
    ] as const) {
      const application = await applicationOf(demo(who));
      const letter = await (await signIn(demo(who))).get(`/applications/${application.id}/decision`);
      assert.equal(letter.statusCode, 200, who);
      assert.match(pageText(letter.body), said, who);
    }
  });
});

describe('the application up to submission', () => {
  test('a submitted application has its snapshot, fees due and history, as a real submission leaves them', async () => {
    const sam = await applicationOf(demo('sam'));
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
    const lee = await applicationOf(demo('lee'));
    assert.equal(lee.status, 'submitted');
    const fees = await feesDueOf(t.db.kysely, lee.id);
    assert.equal(fees[0]!.paidCents, fees[0]!.amountCents);
    assert.equal(fees[1]!.paidCents, 0);
    const actions = (await auditOf(t.db.kysely, 'application', [lee.id])).map((h) => h.action);
    assert.deepEqual(actions, ['application.start', 'application.submit', 'payment.record']);
  });

  test('a draft waiting for references has its requests, one answered', async () => {
    const jo = await applicationOf(demo('jo'));
    assert.equal(jo.status, 'draft');
    const requests = await referenceRequestsOf(t.db.kysely, jo.id);
    assert.deepEqual(requests.map((r) => r.status).sort(), ['sent', 'sent', 'submitted']);
  });

  test('the coordinator reads it through the pages: the list, the history and the fees', async () => {
    const list = await coordinator.get('/associations/ct-aimh/applications');
    assert.equal(list.statusCode, 200);
    const text = pageText(list.body);
    assert.match(text, /Sam Applicant : IFS application sam@demo\.endorse\.test IFS Submitted/);
    assert.match(text, /Lee Applicant : IMHS application lee@demo\.endorse\.test IMHS Submitted/);
    const sam = await applicationOf(demo('sam'));
    const history = await coordinator.get(`/associations/ct-aimh/applications/${sam.id}`);
    assert.equal(history.statusCode, 200);
    assert.match(pageText(history.body), /application\.submit/);
    assert.match(pageText(history.body), /\$100\.00/);
  });
});
