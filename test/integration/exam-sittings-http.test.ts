// Sittings through the real app: the coordinator schedules a sitting and
// registers an approved applicant, an applicant chooses one and moves it; a
// full sitting is refused; a no-show leaves the application awaiting the exam
// to be registered again; a cancelled sitting cancels its registrations;
// accommodations are granted and shown (a paper one needs an in-person
// sitting); reminders go once each by a controlled clock; the exam settings
// form names the field at fault; an applicant cannot choose a sitting of the
// other exam nor see another's exam page.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { auditOf } from '../../src/db/repositories/audit.ts';
import { registrationsOf } from '../../src/db/repositories/exam-sittings.ts';
import { pendingPayloads } from '../../src/db/repositories/deadlines.ts';
import { examSettingsOf } from '../../src/services/association-settings.ts';
import { registerForSitting } from '../../src/services/exam-sittings.ts';
import {
  runSittingReminderSweep,
  sendSittingReminders,
  SITTING_REMINDER_SWEEP_JOB,
} from '../../src/services/sitting-reminders.ts';
import {
  approvedApplication,
  examSetup,
  readyExamForm,
  sampleBank,
  sitting,
  staffMember,
} from '../helpers/exam.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { applicant } from '../helpers/portfolio-http.ts';

let clock = new Date('2030-01-10T12:00:00Z');
let t: TestApp;
let setup: Awaited<ReturnType<typeof examSetup>>;
const sittingsUrl = '/associations/ct-aimh/exam/sittings';
const staffExam = (id: string) => `/associations/ct-aimh/applications/${id}/exam`;
const choice = (id: string) => `/applications/${id}/exam/sittings`;

before(async () => {
  t = await startApp({ now: () => clock });
  setup = await examSetup(t, { mc: 4, vignettes: 2, startsAt: '2030-03-06T14:00:00Z', capacity: 1 });
});
after(() => t.close());

let n = 0;
/** A new applicant with an IMHS application of CT-AIMH approved by Cora. */
async function approvedApplicant(
  name: string,
): Promise<{ browser: Browser; id: string; applicationId: string }> {
  const email = `${name.toLowerCase().replace(/\W/g, '.')}.${++n}@example.org`;
  const person = await applicant(t, name, email, []);
  return { ...person, applicationId: await approvedApplication(t, person.id, setup.cora.id) };
}

/** A sitting scheduled through the services, `capacity` seats, starting at `startsAt`. */
const anotherSitting = (startsAt: string, o: { capacity?: number; mode?: 'online' | 'in-person' } = {}) =>
  sitting(t, setup.cora.actor, setup.ct.id, [setup.form.id], { startsAt, now: clock, ...o });

const mailTo = async (email: string, subject: RegExp) =>
  (await t.mail()).filter(
    (m) => new RegExp(`^To: .*${email.replace(/\./g, '\\.')}`, 'im').test(m) && subject.test(m),
  );

const statusOf = async (id: string) => (await findApplication(t.db.kysely, id))!.status;

describe('exam sittings through the pages', () => {
  test('the coordinator schedules a sitting: bad values name the field, a good one lands on the sitting', async () => {
    const cora = setup.cora.browser;
    const list = await cora.get(sittingsUrl);
    assert.equal(list.statusCode, 200);
    assert.match(pageText(list.body), /Sittings ahead .*2030-03-06 14:00 UTC/);
    const bad = await cora.submit(sittingsUrl, sittingsUrl, {
      exam: 'imh',
      startsAt: '',
      mode: 'in-person',
      place: '',
      capacity: 'ten',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(pageText(bad.body), /Enter the date and time it starts/);
    assert.match(pageText(bad.body), /Seats: a whole number/);
    const past = await cora.submit(sittingsUrl, sittingsUrl, {
      exam: 'imh',
      startsAt: '2029-12-01T09:00',
      mode: 'online',
      capacity: '5',
      formIds: setup.form.id,
    });
    assert.equal(past.statusCode, 400);
    assert.match(pageText(past.body), /Choose a date and time still ahead/);
    const noPlace = await cora.submit(sittingsUrl, sittingsUrl, {
      exam: 'imh',
      startsAt: '2030-04-01T09:00',
      mode: 'in-person',
      place: '',
      capacity: '5',
      formIds: setup.form.id,
    });
    assert.equal(noPlace.statusCode, 400);
    assert.match(pageText(noPlace.body), /Say where the sitting is held/);
    const made = await cora.submit(sittingsUrl, sittingsUrl, {
      exam: 'imh',
      startsAt: '2030-04-01T09:00',
      mode: 'in-person',
      place: 'Hartford, Room 3',
      capacity: '5',
      formIds: setup.form.id,
    });
    assert.equal(made.statusCode, 303, made.body.slice(0, 500));
    const page = await cora.open(String(made.headers.location));
    assert.match(pageText(page.body), /2030-04-01 09:00 UTC\s*, In person: Hartford, Room 3/);
    assert.match(pageText(page.body), /Seats taken 0 of 5/);
  });

  test('the coordinator registers an approved applicant from the list; a full sitting refuses the next', async () => {
    const ada = await approvedApplicant('Ada Sitter');
    const bea = await approvedApplicant('Bea Sitter');
    const page = `${sittingsUrl}/${setup.sitting.id}`;
    const shown = await setup.cora.browser.get(page);
    assert.match(pageText(shown.body), /Ada Sitter: IMHS, approved/);
    const done = await setup.cora.browser.submit(page, `${page}/register`, {
      application: ada.applicationId,
    });
    assert.equal(done.statusCode, 303, done.body.slice(0, 500));
    assert.equal(await statusOf(ada.applicationId), 'awaiting-exam');
    const roster = pageText((await setup.cora.browser.get(page)).body);
    assert.match(roster, /Ada Sitter IMHS 1 Registered/);
    assert.equal((await mailTo('ada.sitter', /You are registered/)).length, 1);
    const full = await setup.cora.browser.submit(page, `${page}/register`, {
      application: bea.applicationId,
    });
    assert.equal(full.statusCode, 400);
    assert.match(pageText(full.body), /This sitting is full: choose another/);
    assert.equal(await statusOf(bea.applicationId), 'approved', 'nothing changed for the one refused');
    const none = await setup.cora.browser.submit(page, `${page}/register`, { application: '' });
    assert.equal(none.statusCode, 400);
    assert.match(pageText(none.body), /Choose an application/);
  });

  test('the applicant chooses a sitting, then moves it before it starts: same attempt, old one rescheduled', async () => {
    const cal = await approvedApplicant('Cal Chooser');
    const first = await anotherSitting('2030-05-02T13:00:00Z', { capacity: 3 });
    const second = await anotherSitting('2030-05-09T13:00:00Z', { capacity: 3 });
    const own = await cal.browser.get(`/applications/${cal.applicationId}`);
    assert.match(pageText(own.body), /Your exam You have not chosen a sitting yet/);
    const page = await cal.browser.get(choice(cal.applicationId));
    assert.equal(page.statusCode, 200);
    assert.match(pageText(page.body), /2030-05-02 at 13:00 UTC, Online: 3 seats left/);
    const empty = await cal.browser.submit(choice(cal.applicationId), choice(cal.applicationId), {});
    assert.equal(empty.statusCode, 400);
    assert.match(pageText(empty.body), /Choose a sitting/);
    const chose = await cal.browser.submit(choice(cal.applicationId), choice(cal.applicationId), {
      sitting: first.id,
    });
    assert.equal(chose.statusCode, 303, chose.body.slice(0, 500));
    assert.equal(await statusOf(cal.applicationId), 'awaiting-exam');
    const moved = await cal.browser.submit(choice(cal.applicationId), choice(cal.applicationId), {
      sitting: second.id,
    });
    assert.equal(moved.statusCode, 303, moved.body.slice(0, 500));
    const regs = await registrationsOf(t.db.kysely, cal.applicationId);
    assert.deepEqual(
      regs
        .map((r) => [r.sittingId, r.status, r.attempt])
        .sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
      [
        [second.id, 'registered', 1],
        [first.id, 'rescheduled', 1],
      ],
    );
    const actions = (await auditOf(t.db.kysely, 'application', [cal.applicationId])).map((e) => e.action);
    assert.ok(actions.includes('exam-registration.reschedule'), actions.join());
    assert.match(
      pageText((await cal.browser.get(`/applications/${cal.applicationId}`)).body),
      /Your sitting: 2030-05-09 13:00 UTC/,
    );
    assert.equal((await mailTo('cal.chooser', /has moved/)).length, 1);

    // Once the sitting has started, the applicant cannot move it; the coordinator can.
    clock = new Date('2030-05-09T13:05:00Z');
    const third = await anotherSitting('2030-06-01T13:00:00Z', { capacity: 3 });
    const late = await cal.browser.submit(choice(cal.applicationId), choice(cal.applicationId), {
      sitting: third.id,
    });
    assert.equal(late.statusCode, 400);
    assert.match(pageText(late.body), /Your sitting has started/);
    const byStaff = await setup.cora.browser.submit(
      staffExam(cal.applicationId),
      `${staffExam(cal.applicationId)}/sitting`,
      {
        sitting: third.id,
      },
    );
    assert.equal(byStaff.statusCode, 303, byStaff.body.slice(0, 500));
    assert.equal(
      (await registrationsOf(t.db.kysely, cal.applicationId)).find((r) => r.status === 'registered')!
        .sittingId,
      third.id,
    );
    clock = new Date('2030-01-10T12:00:00Z');
  });

  test('a no-show after the sitting starts: not an attempt; the application is registered again without a step', async () => {
    const dee = await approvedApplicant('Dee Absent');
    const early = await anotherSitting('2030-02-01T09:00:00Z', { capacity: 3 });
    await registerForSitting(setup.cora.actor, dee.applicationId, early.id, t.product, clock);
    const before = await setup.cora.browser.get(staffExam(dee.applicationId));
    assert.doesNotMatch(pageText(before.body), /Did not come/, 'no no-show before the sitting starts');
    clock = new Date('2030-02-01T10:00:00Z');
    const page = await setup.cora.browser.get(`${sittingsUrl}/${early.id}`);
    assert.match(pageText(page.body), /A no-show is not counted as an attempt/);
    const [reg] = await registrationsOf(t.db.kysely, dee.applicationId);
    const marked = await setup.cora.browser.submit(
      `${sittingsUrl}/${early.id}`,
      `${staffExam(dee.applicationId)}/no-show`,
      { registration: reg!.id, sitting: early.id },
    );
    assert.equal(marked.statusCode, 303, marked.body.slice(0, 500));
    assert.equal(marked.headers.location, `${sittingsUrl}/${early.id}`);
    assert.equal(await statusOf(dee.applicationId), 'awaiting-exam');
    const later = await anotherSitting('2030-03-20T09:00:00Z', { capacity: 3 });
    const again = await setup.cora.browser.submit(
      staffExam(dee.applicationId),
      `${staffExam(dee.applicationId)}/sitting`,
      {
        sitting: later.id,
      },
    );
    assert.equal(again.statusCode, 303, again.body.slice(0, 500));
    const regs = await registrationsOf(t.db.kysely, dee.applicationId);
    assert.deepEqual(regs.map((r) => [r.status, r.attempt]).sort(), [
      ['no-show', 1],
      ['registered', 1],
    ]);
    const actions = (await auditOf(t.db.kysely, 'application', [dee.applicationId])).map((e) => e.action);
    assert.equal(actions.filter((a) => a === 'application.register-exam').length, 1, actions.join());
    assert.ok(actions.includes('exam-registration.no-show'), actions.join());
    assert.match(
      pageText((await setup.cora.browser.get(staffExam(dee.applicationId))).body),
      /Did not come \(no-show: not counted as an attempt\)/,
    );
    clock = new Date('2030-01-10T12:00:00Z');
  });

  test('cancelling a sitting cancels its registrations and tells the applicants; they choose again', async () => {
    const eve = await approvedApplicant('Eve Cancelled');
    const doomed = await anotherSitting('2030-04-10T09:00:00Z', { capacity: 3 });
    await registerForSitting(setup.cora.actor, eve.applicationId, doomed.id, t.product, clock);
    const page = `${sittingsUrl}/${doomed.id}`;
    const unconfirmed = await setup.cora.browser.submit(page, `${page}/cancel`, {});
    assert.equal(unconfirmed.statusCode, 400);
    assert.match(pageText(unconfirmed.body), /Tick the box to confirm/);
    const cancelled = await setup.cora.browser.submit(page, `${page}/cancel`, { confirm: 'yes' });
    assert.equal(cancelled.statusCode, 303, cancelled.body.slice(0, 500));
    const [reg] = await registrationsOf(t.db.kysely, eve.applicationId);
    assert.equal(reg!.status, 'cancelled');
    assert.equal(await statusOf(eve.applicationId), 'awaiting-exam');
    assert.equal((await mailTo('eve.cancelled', /sitting is cancelled/)).length, 1);
    assert.match(pageText((await setup.cora.browser.get(page)).body), /Status Cancelled/);
    const other = await anotherSitting('2030-04-17T09:00:00Z', { capacity: 3 });
    const chose = await eve.browser.submit(choice(eve.applicationId), choice(eve.applicationId), {
      sitting: other.id,
    });
    assert.equal(chose.statusCode, 303, chose.body.slice(0, 500));
    const audit = (await auditOf(t.db.kysely, 'exam-sitting', [doomed.id])).map((e) => e.action);
    assert.deepEqual(audit, ['exam-sitting.schedule', 'exam-sitting.cancel']);
  });

  test('changing a sitting: capacity not below the seats taken; the applicants told of a new time', async () => {
    const fay = await approvedApplicant('Fay Changed');
    const gil = await approvedApplicant('Gil Changed');
    const s = await anotherSitting('2030-04-20T09:00:00Z', { capacity: 3 });
    await registerForSitting(setup.cora.actor, fay.applicationId, s.id, t.product, clock);
    await registerForSitting(setup.cora.actor, gil.applicationId, s.id, t.product, clock);
    const page = `${sittingsUrl}/${s.id}`;
    const tooSmall = await setup.cora.browser.submit(page, page, {
      startsAt: '2030-04-20T09:00',
      mode: 'online',
      place: '',
      capacity: '1',
    });
    assert.equal(tooSmall.statusCode, 400);
    assert.match(pageText(tooSmall.body), /2 seats are taken: the capacity cannot be less/);
    const changed = await setup.cora.browser.submit(page, page, {
      startsAt: '2030-04-21T15:30',
      mode: 'online',
      place: '',
      capacity: '4',
    });
    assert.equal(changed.statusCode, 303, changed.body.slice(0, 500));
    const mails = await mailTo('fay.changed', /has changed/);
    assert.equal(mails.length, 1);
    assert.match(mails[0]!, /it is now 2030-04-21 at 15:30 UTC, online/);
    assert.deepEqual(
      (await auditOf(t.db.kysely, 'exam-sitting', [s.id])).map((e) => e.action),
      ['exam-sitting.schedule', 'exam-sitting.update'],
    );
  });

  test('accommodations: granted by the coordinator, bad values named, shown to the applicant; paper needs in person', async () => {
    const gus = await approvedApplicant('Gus Accommodated');
    const online = await anotherSitting('2030-04-25T09:00:00Z', { capacity: 3 });
    await registerForSitting(setup.cora.actor, gus.applicationId, online.id, t.product, clock);
    const url = staffExam(gus.applicationId);
    const bad = await setup.cora.browser.submit(url, `${url}/accommodations`, {
      extraTime: 'lots',
      breakMinutes: '15',
      note: '',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(pageText(bad.body), /Time allowed: a number such as 1.5/);
    const tooMuch = await setup.cora.browser.submit(url, `${url}/accommodations`, {
      extraTime: '5',
      breakMinutes: '15',
      note: '',
    });
    assert.equal(tooMuch.statusCode, 400);
    assert.match(pageText(tooMuch.body), /Extra time: at most 3/);
    const granted = await setup.cora.browser.submitAndFollow(url, `${url}/accommodations`, {
      extraTime: '1.5',
      breakMinutes: '15',
      aids: ['large-text', 'paper'],
      note: 'Documented need',
    });
    assert.equal(granted.statusCode, 200);
    assert.match(
      pageText(granted.body),
      /registered at an online sitting: move them to an in-person sitting/,
    );
    assert.match(
      pageText(granted.body),
      /1.5× time, 15 minutes of breaks, larger text, a paper sitting \(Documented need\)/,
    );
    const shown = pageText((await gus.browser.get(choice(gus.applicationId))).body);
    assert.match(shown, /Accommodations 1.5× time, 15 minutes of breaks, larger text, a paper sitting/);
    assert.match(
      pageText((await gus.browser.get(`/applications/${gus.applicationId}`)).body),
      /Accommodations: 1.5× time/,
    );
    const otherOnline = await anotherSitting('2030-04-26T09:00:00Z', { capacity: 3 });
    const refused = await gus.browser.submit(choice(gus.applicationId), choice(gus.applicationId), {
      sitting: otherOnline.id,
    });
    assert.equal(refused.statusCode, 400);
    assert.match(
      pageText(refused.body),
      /sits the exam on paper \(an accommodation\): choose an in-person sitting/,
    );
    const inPerson = await anotherSitting('2030-04-27T09:00:00Z', { capacity: 3, mode: 'in-person' });
    const moved = await gus.browser.submit(choice(gus.applicationId), choice(gus.applicationId), {
      sitting: inPerson.id,
    });
    assert.equal(moved.statusCode, 303, moved.body.slice(0, 500));
    const actions = (await auditOf(t.db.kysely, 'application', [gus.applicationId])).map((e) => e.action);
    assert.ok(actions.includes('exam-accommodation.grant'), actions.join());
  });

  test('reminders go out the days before, once each, by the clock given', async () => {
    const hal = await approvedApplicant('Hal Reminded');
    const s = await anotherSitting('2030-07-15T09:00:00Z', { capacity: 3 });
    await registerForSitting(
      setup.cora.actor,
      hal.applicationId,
      s.id,
      t.product,
      new Date('2030-07-01T08:00:00Z'),
    );
    const sent = async (at: string) => (await sendSittingReminders(t.product, new Date(at))).sent;
    const mine = async () => (await mailTo('hal.reminded', /Reminder: your written examination/)).length;
    await sent('2030-07-07T06:00:00Z'); // eight days before: not yet
    assert.equal(await mine(), 0);
    await sent('2030-07-08T06:00:00Z');
    assert.equal(await mine(), 1, 'seven days before');
    await sent('2030-07-08T18:00:00Z');
    await sent('2030-07-12T06:00:00Z');
    assert.equal(await mine(), 1, 'once: not again the same day, nor between');
    await sent('2030-07-14T06:00:00Z');
    assert.equal(await mine(), 2, 'the day before');
    await sent('2030-07-14T20:00:00Z');
    await sent('2030-07-15T10:00:00Z'); // after it started: none
    assert.equal(await mine(), 2);
    const [reg] = await registrationsOf(t.db.kysely, hal.applicationId);
    const reminders = (await auditOf(t.db.kysely, 'exam-registration', [reg!.id])).filter(
      (e) => e.action === 'exam-registration.remind',
    );
    assert.deepEqual(
      reminders.map((e) => (e.after as { key: string }).key),
      ['before-7', 'before-1'],
    );
    const late = await approvedApplicant('Ivy Late');
    await registerForSitting(
      setup.cora.actor,
      late.applicationId,
      s.id,
      t.product,
      new Date('2030-07-12T08:00:00Z'),
    );
    await sent('2030-07-12T09:00:00Z');
    assert.equal(
      (await mailTo('ivy.late', /Reminder/)).length,
      0,
      'the 7-day reminder came before she registered',
    );
    await runSittingReminderSweep(t.product, new Date('2030-07-14T07:00:00Z'));
    assert.equal((await mailTo('ivy.late', /Reminder: your written examination is tomorrow/)).length, 1);
    assert.equal(
      (await pendingPayloads(t.db.kysely, [SITTING_REMINDER_SWEEP_JOB])).length,
      1,
      'the next sweep waits',
    );
  });

  test('the exam settings form: every field, bad values naming the field, saved and audited', async () => {
    const alma = await staffMember(t, 'ct-aimh', 'Alma Admin', `alma.${++n}@example.org`, ['admin']);
    const url = '/associations/ct-aimh/settings';
    const page = await alma.browser.get(url);
    assert.equal(page.statusCode, 200);
    for (const field of [
      'mcItems',
      'mcPassPercent',
      'essayPassPoints',
      'passCombine',
      'vignettesOffered',
      'vignettesAnswered',
      'timeLimitMinutes',
      'readerThreshold',
      'retakeWaitDays',
      'maxAttempts',
      'retakeFee',
      'sittingReminderDaysBefore',
    ])
      assert.match(page.body, new RegExp(`name="${field}"`), field);
    const good = {
      mcItems: '50',
      mcPassPercent: '75',
      essayPassPoints: '12',
      passCombine: 'sum',
      vignettesOffered: '3',
      vignettesAnswered: '2',
      timeLimitMinutes: '150',
      readerThreshold: '2',
      retakeWaitDays: '60',
      maxAttempts: '4',
      retakeFee: '75.00',
      sittingReminderDaysBefore: '1, 14',
    };
    const bad = await alma.browser.submit(url, `${url}/exam`, {
      ...good,
      mcItems: 'many',
      maxAttempts: '20',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(pageText(bad.body), /Multiple-choice items: a whole number, such as 60/);
    assert.match(pageText(bad.body), /Attempts allowed: between 1 and 10/);
    assert.match(bad.body, /value="many"/, 'what was typed is kept');
    const more = await alma.browser.submit(url, `${url}/exam`, { ...good, vignettesAnswered: '4' });
    assert.equal(more.statusCode, 400);
    assert.match(pageText(more.body), /The vignettes answered cannot be more than the vignettes offered/);
    assert.match(more.body, /href="#vignettesAnswered"/);
    const saved = await alma.browser.submitAndFollow(url, `${url}/exam`, good);
    assert.match(pageText(saved.body), /The exam settings have been saved/);
    const settings = await examSettingsOf(t.product, setup.ct.id);
    assert.equal(settings.mcItems, 50);
    assert.equal(settings.passCombine, 'sum');
    assert.equal(settings.retakeFeeCents, 7500);
    assert.deepEqual(settings.sittingReminderDaysBefore, [14, 1]);
    const audit = (await auditOf(t.db.kysely, 'association', [setup.ct.id])).filter(
      (e) => e.action === 'association-setting.update',
    );
    assert.ok(audit.some((e) => (e.after as Record<string, unknown>)['exam.mcItems'] === 50));
    const coordinator = await setup.cora.browser.get(url);
    assert.equal(coordinator.statusCode, 404, 'the coordinator does not change the settings');
  });

  test('an applicant cannot choose a sitting of the other exam, nor open another applicant’s exam pages', async () => {
    await sampleBank(t, setup.sam.actor, setup.ct.id, { mc: 2, vignettes: 2, exam: 'ecmh' });
    const ecmhForm = await readyExamForm(t, setup.sam.actor, setup.ct.id, {
      mc: 2,
      vignettes: 2,
      exam: 'ecmh',
    });
    const ecmh = await sitting(t, setup.cora.actor, setup.ct.id, [ecmhForm.id], {
      startsAt: '2030-05-20T09:00:00Z',
      exam: 'ecmh',
      now: clock,
    });
    const jo = await approvedApplicant('Jo Other');
    const refused = await jo.browser.submit(choice(jo.applicationId), choice(jo.applicationId), {
      sitting: ecmh.id,
    });
    assert.equal(refused.statusCode, 400);
    assert.match(pageText(refused.body), /This sitting is for the other exam/);
    assert.equal(await statusOf(jo.applicationId), 'approved');
    const kim = await approvedApplicant('Kim Nosy');
    assert.equal((await kim.browser.get(choice(jo.applicationId))).statusCode, 404);
    assert.equal((await kim.browser.get(staffExam(jo.applicationId))).statusCode, 404);
    const post = await kim.browser.submit(choice(kim.applicationId), choice(jo.applicationId), {
      sitting: ecmh.id,
    });
    assert.equal(post.statusCode, 404);
  });
});
