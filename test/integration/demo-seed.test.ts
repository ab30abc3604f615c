// The demo data, on SQLite or PostgreSQL (TEST_DATABASE_URL): an application
// in every state of its life, each reached through the product's services
// (every state change has its audited lifecycle step), and something to do
// for every role at once: the coordinator assigns, sends back and resumes,
// each reviewer has a review due (one overdue), the advisor has an advisee
// with a thread, an applicant has a request for more information to answer.
// A submitted application has its snapshot, fees due and history, a paid fee
// its payment, and a draft waiting for references the raters' requests. The
// written exam: a bank marked sample, a ready form, a past sitting that
// really happened in the past (an applicant passed, one failed, one's essays
// wait for the second reader) and an upcoming one with an applicant registered.
// Jo Endorsee's endorsement: in the public registry, its credential valid on
// its verification page, its papers on Jo's account page.
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
import { type AssociationRow, findAssociation } from '../../src/db/repositories/associations.ts';
import { type AuditEntry, auditOf } from '../../src/db/repositories/audit.ts';
import { attemptsOf, essaysOf } from '../../src/db/repositories/exam-attempts.ts';
import { formItems, formsOf, searchItems } from '../../src/db/repositories/exam-bank.ts';
import { readsOf } from '../../src/db/repositories/exam-reads.ts';
import { registrationsOf, rosterOf, sittingsOf } from '../../src/db/repositories/exam-sittings.ts';
import { feesDueOf } from '../../src/db/repositories/fees.ts';
import { endorsementsOfPerson } from '../../src/db/repositories/endorsements.ts';
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
import { loadActor } from '../../src/services/actors.ts';
import { applicationChecklist } from '../../src/services/application-portfolio.ts';
import { DEMO_PASSWORD, type demoAccounts, seedDemo } from '../../src/services/demo.ts';
import { examResult } from '../../src/services/exam-results.ts';
import { endorsementEvents } from '../../src/db/repositories/endorsements.ts';
import { auditEntriesOf, remindersSent, renewalsOf } from '../../src/db/repositories/renewals.ts';
import { addYears } from '../../src/domain/renewal.ts';
import { standingOf } from '../../src/services/renewal-checklist.ts';
import { currentCredential, verifyCredential } from '../../src/services/credentials.ts';
import { judgeEndorsementRenewal } from '../../src/services/renewals.ts';
import { readingQueue } from '../../src/services/exam-reading.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';

let t: TestApp;
let accounts: typeof demoAccounts;
let coordinator: Browser;
let ct: AssociationRow;

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
const awaitingExam = [...reviewed, 'approved', 'awaiting-exam'];
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
  taylor: [...awaitingExam, 'exam-passed'],
  omar: awaitingExam,
  ivy: [...awaitingExam, 'exam-failed'],
  nina: awaitingExam,
  endorsee: [...awaitingExam, 'exam-passed', 'endorsed'],
  ...Object.fromEntries(
    ['renewed', 'due', 'missing', 'grace', 'lapsed', 'paused', 'audited', 'reinstating'].map((who) => [
      who,
      [...reviewed, 'approved', 'endorsed'],
    ]),
  ),
};

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  accounts = await seedDemo(t.product);
  coordinator = await signIn(demo('coordinator'));
  ct = (await findAssociation(t.db.kysely, 'ct-aimh'))!;
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
    const applicants = accounts.filter((a) => /^(applicant|endorsee)\b/.test(a.role));
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

describe('the written exam', () => {
  const actorOf = async (email: string) => (await loadActor(await idOf(email), t.product))!;
  const DAY = 86_400_000;

  test('the bank is sample items, marked so, and its form is ready with the demo settings', async () => {
    const { items } = await searchItems(t.db.kysely, ct.id, { limit: 1000 });
    const mc = items.filter((i) => i.kind === 'multiple-choice');
    const vignettes = items.filter((i) => i.kind === 'vignette');
    assert.equal(mc.length, 60);
    assert.deepEqual(vignettes.map((v) => v.category).sort(), [
      'clinical',
      'clinical',
      'clinical',
      'policy',
      'research-faculty',
    ]);
    for (const item of items) {
      assert.match(item.code, /^SAMPLE-/);
      assert.match(item.text, item.kind === 'vignette' ? /^Sample vignette: / : /^Sample item: /);
      assert.equal(item.status, 'active');
    }
    assert.equal(new Set(mc.map((i) => i.text)).size, 60, 'no two stems alike');
    assert.ok(new Set(mc.flatMap((i) => i.domains)).size >= 10, 'across the competency domains');
    for (const item of mc)
      assert.equal(new Set(item.options).size, 4, `${item.code}: four different options`);
    const [form, ...others] = await formsOf(t.db.kysely, ct.id);
    assert.equal(others.length, 0);
    assert.equal(form!.status, 'ready');
    assert.equal(form!.timeLimitMinutes, 180);
    assert.equal(form!.vignettesAnswered, 2);
    assert.equal(form!.passRule.mcPercent, 80);
    const onForm = await formItems(t.db.kysely, form!.id);
    assert.equal(onForm.filter((i) => i.kind === 'multiple-choice').length, 60);
    assert.equal(onForm.filter((i) => i.kind === 'vignette').length, 3);
  });

  test('a sitting three weeks ago online, sat by four, and one to come in person with Nina registered', async () => {
    const sittings = await sittingsOf(t.db.kysely, ct.id);
    const now = new Date().toISOString();
    const past = sittings.filter((s) => s.startsAt < now);
    const upcoming = sittings.filter((s) => s.startsAt > now);
    assert.equal(past.length, 1);
    assert.equal(upcoming.length, 1);
    assert.equal(past[0]!.mode, 'online');
    assert.ok(new Date(past[0]!.startsAt).getTime() < Date.now() - 20 * DAY);
    assert.equal(upcoming[0]!.mode, 'in-person');
    assert.match(upcoming[0]!.place, /Hartford/);
    const sat = await rosterOf(t.db.kysely, past[0]!.id);
    assert.deepEqual(sat.map((r) => [r.applicantName, r.status]).sort(), [
      ['Ivy Chen', 'sat'],
      ['Jo Endorsee', 'sat'],
      ['Omar Haddad', 'sat'],
      ['Taylor Brooks', 'sat'],
    ]);
    for (const r of sat) assert.ok(r.registeredAt < past[0]!.startsAt, 'registered before the sitting');
    const registered = await rosterOf(t.db.kysely, upcoming[0]!.id);
    assert.deepEqual(
      registered.map((r) => [r.applicantName, r.status]),
      [['Nina Walsh', 'registered']],
    );
    const sittingsPage = pageText((await coordinator.get('/associations/ct-aimh/exam/sittings')).body);
    assert.match(sittingsPage, /Hartford/);
    const taylor = await applicationOf(demo('taylor'));
    const result = await coordinator.get(`/associations/ct-aimh/applications/${taylor.id}/exam/result`);
    assert.match(pageText(result.body), /Taylor Brooks[\s\S]*Passed/);
    const statistics = await (
      await signIn(demo('scorer'))
    ).get(`/associations/ct-aimh/exam/sittings/${past[0]!.id}/statistics`);
    assert.equal(statistics.statusCode, 200);
    assert.match(pageText(statistics.body), /SAMPLE-MC-01/);
    const nina = await applicationOf(demo('nina'));
    const ninasExam = pageText(
      (await (await signIn(demo('nina'))).get(`/applications/${nina.id}/exam`)).body,
    );
    assert.match(ninasExam, /Hartford/);
  });

  test('Taylor sat it at the sitting, mostly right; two readers scored blind; passed, and the checklist has the exam met', async () => {
    const taylor = await applicationOf(demo('taylor'));
    assert.equal(taylor.status, 'exam-passed');
    const [registration] = await registrationsOf(t.db.kysely, taylor.id);
    const [sitting] = (await sittingsOf(t.db.kysely, ct.id)).filter((s) => s.id === registration!.sittingId);
    const [attempt] = await attemptsOf(t.db.kysely, taylor.id);
    assert.equal(attempt!.mode, 'online');
    assert.equal(attempt!.submittedHow, 'applicant');
    assert.ok(attempt!.startedAt >= sitting!.startsAt && attempt!.submittedAt! < attempt!.endsAt);
    const essays = await essaysOf(t.db.kysely, attempt!.id);
    assert.equal(essays.length, 2);
    for (const e of essays) assert.match(e.text, /^Sample essay: /);
    const reads = await readsOf(
      t.db.kysely,
      essays.map((e) => e.id),
    );
    const readers = [await idOf(demo('scorer')), await idOf(demo('scorer2'))].sort();
    for (const e of essays)
      assert.deepEqual(
        reads
          .get(e.id)!
          .map((r) => r.readerId)
          .sort(),
        readers,
      );
    const { result } = await examResult(await actorOf(demo('taylor')), taylor.id, t.product);
    assert.ok(result.status === 'scored');
    assert.equal(result.result, 'passed');
    assert.equal(result.mcCorrect, 54);
    assert.equal(result.mcCounted, 60);
    assert.ok(result.scoredAt < new Date(Date.now() - 10 * DAY).toISOString(), 'scored in the days after');
    const { result: checklist } = await applicationChecklist(
      await actorOf(demo('taylor')),
      taylor.id,
      t.product,
    );
    const exam = checklist.requirements.find((r) => r.kind === 'exam');
    assert.equal(exam?.status, 'met');
    const page = await (await signIn(demo('taylor'))).get(`/applications/${taylor.id}/exam/result`);
    assert.match(page.body, /<strong>Passed<\/strong>/);
    assert.doesNotMatch(page.body, /Sample item/, 'the result shows domains, never the items');
  });

  test('Ivy failed on the multiple choice and reads when she may retake', async () => {
    const ivy = await applicationOf(demo('ivy'));
    assert.equal(ivy.status, 'exam-failed');
    const { result } = await examResult(await actorOf(demo('ivy')), ivy.id, t.product);
    assert.ok(result.status === 'scored');
    assert.equal(result.result, 'failed');
    assert.equal(result.mcCorrect, 42);
    assert.ok(result.retake);
    assert.equal(result.retake.attemptsUsed, 1);
    assert.ok(result.retake.opensOn > today(), 'the waiting period is not over');
    const page = pageText(
      (await (await signIn(demo('ivy'))).get(`/applications/${ivy.id}/exam/result`)).body,
    );
    assert.match(page, /Not passed/);
    assert.match(page, /Taking the exam again Waiting period 90 days: a retake may be sat from/);
  });

  test('Sasha has essays to read, by their codes only; Elliot has read them', async () => {
    const omar = await applicationOf(demo('omar'));
    const [attempt] = await attemptsOf(t.db.kysely, omar.id);
    assert.equal(attempt!.status, 'submitted', 'scored only once the essays are read');
    const codes = (await essaysOf(t.db.kysely, attempt!.id)).map((e) => e.blindCode).sort();
    const sasha = await readingQueue(await actorOf(demo('scorer')), ct, t.product);
    assert.deepEqual(sasha.queue.map((q) => q.blindCode).sort(), codes);
    const elliot = await readingQueue(await actorOf(demo('scorer2')), ct, t.product);
    assert.deepEqual(elliot.queue, []);
    assert.equal(elliot.read.length, 8, 'every essay of the sitting');
    const page = pageText(
      (await (await signIn(demo('scorer'))).get('/associations/ct-aimh/exam/reading')).body,
    );
    for (const code of codes) assert.ok(page.includes(code), code);
    assert.doesNotMatch(page, /Omar|Haddad/);
    const omars = pageText(
      (await (await signIn(demo('omar'))).get(`/applications/${omar.id}/exam/result`)).body,
    );
    assert.match(omars, /is being scored/);
    const scorer = accounts.find((a) => a.email === demo('scorer'));
    assert.match(scorer!.now, /Essays to read: 2/);
  });
});

describe('the endorsement', () => {
  test('anyone finds Jo Endorsee in the registry and her credential verifies as valid; Jo has the papers', async () => {
    const [endorsement, ...others] = await endorsementsOfPerson(t.db.kysely, await idOf(demo('endorsee')));
    assert.equal(others.length, 0);
    assert.equal(endorsement!.status, 'active');
    assert.equal(endorsement!.listed, true);
    const visitor = t.browser();
    const registry = await visitor.get('/registry?q=Jo');
    assert.equal(registry.statusCode, 200);
    assert.match(pageText(registry.body), /1 endorsement matches “Jo”/, 'Jo Applicant holds none');
    assert.match(registry.body, new RegExp(`<a href="/credentials/${endorsement!.id}">Jo Endorsee</a>`));
    const verification = await visitor.get(`/credentials/${endorsement!.id}`);
    assert.equal(verification.statusCode, 200);
    assert.match(pageText(verification.body), /Valid: Jo Endorsee holds Infant Mental Health Specialist/);
    const account = pageText((await (await signIn(demo('endorsee'))).get('/account')).body);
    assert.match(account, /Your endorsements/);
    assert.ok(account.includes(`Endorsement number ${endorsement!.number}`));
    const jo = accounts.find((a) => a.email === demo('endorsee'));
    assert.match(jo!.now, /registry/);
    assert.match(jo!.now, /account page/);
  });
});

describe('the renewal year', () => {
  /** The demo endorsee's endorsement as the renewal services see it today. */
  const renewalOf = async (who: string) => {
    const [endorsement] = await endorsementsOfPerson(t.db.kysely, await idOf(demo(who)));
    assert.ok(endorsement, who);
    const judged = await judgeEndorsementRenewal(t.product, endorsement, new Date());
    return {
      endorsement,
      judged,
      records: await renewalsOf(t.db.kysely, [endorsement.id]),
      reminders: ((await remindersSent(t.db.kysely, [endorsement.id])).get(endorsement.id) ?? []).map(
        (r) => r.offset,
      ),
      verdict: (
        await verifyCredential(t.product, (await currentCredential(t.product, endorsement.id))!.document)
      ).verdict,
      standing: standingOf(judged),
    };
  };

  test('an endorsee in every standing of the year, each reached by the services and the daily job', async () => {
    const renewed = await renewalOf('renewed');
    assert.equal(renewed.records[0]?.status, 'renewed');
    assert.equal(renewed.endorsement.renewalDueOn, addYears(renewed.records[0]!.dueOn, 1));
    assert.equal(renewed.verdict, 'valid');
    const standings = Object.fromEntries(
      await Promise.all(
        ['due', 'missing', 'grace', 'lapsed', 'paused', 'audited'].map(async (who) => [
          who,
          (await renewalOf(who)).standing,
        ]),
      ),
    );
    assert.deepEqual(standings, {
      due: 'due-met',
      missing: 'due-missing',
      grace: 'grace',
      lapsed: 'lapsed',
      paused: 'inactive',
      audited: 'audited',
    });
  });

  test('the job sent the reminders on their days, and lapsed what was not renewed', async () => {
    const due = await renewalOf('due');
    assert.deepEqual(
      due.reminders.sort((a, b) => a - b),
      [-60, -30],
    );
    const missing = await renewalOf('missing');
    assert.deepEqual(missing.reminders, [-60]);
    assert.match(missing.judged.checklist.unmet.join(' '), /9 more hours/);
    const grace = await renewalOf('grace');
    assert.equal(grace.judged.position.late, true);
    assert.deepEqual(
      grace.reminders.sort((a, b) => a - b),
      [-60, -30, -7, 7],
    );
    const lapsed = await renewalOf('lapsed');
    assert.equal(lapsed.verdict, 'suspended');
    const events = (await endorsementEvents(t.db.kysely, lapsed.endorsement.id)).map((e) => e.kind);
    assert.deepEqual(events, ['granted', 'lapsed']);
    const registry = pageText((await t.browser().get('/registry?q=Lee+Lapsed')).body);
    assert.match(registry, /No endorsement matches “Lee Lapsed”/);
  });

  test('the paused, audited and reinstating endorsees each wait for what comes next', async () => {
    const paused = await renewalOf('paused');
    assert.ok(paused.judged.pause, 'an open pause');
    assert.equal(paused.verdict, 'suspended');
    const audited = await renewalOf('audited');
    const entries = await auditEntriesOf(t.db.kysely, [audited.records[0]!.id]);
    assert.equal(entries.length, 2);
    assert.equal(entries.filter((e) => e.fileId).length, 1, 'proof sent for one');
    const reinstating = await renewalOf('reinstating');
    assert.equal(reinstating.endorsement.status, 'lapsed');
    assert.equal(reinstating.records[0]?.kind, 'reinstatement');
    assert.equal(reinstating.records[0]?.status, 'requested');
    assert.equal(reinstating.records[0]?.feeCents, 7500);
  });

  test('the coordinator sees the year on the renewals page', async () => {
    const year = new Date().getUTCFullYear();
    const page = pageText((await coordinator.get(`/associations/ct-aimh/renewals?year=${year}`)).body);
    assert.match(page, /Renewed/);
    assert.match(page, /Rene Renewed/);
  });
});
