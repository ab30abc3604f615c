// What one account can make Endorse do: one open application per association
// and credential (held by the database, so two starts at once cannot both
// win), and at most ENDORSE_MAIL_DAILY_LIMIT e-mails in any 24 hours for or to
// an account, of every kind: reference requests, resends, reminders, sign-in
// links, password resets. Past the cap an action is refused with a clear
// message and leaves nothing half-done; sign-in and reset pages answer as
// always, so they never tell whether an address has an account. Through the
// HTTP app, on SQLite or PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Migrator } from 'kysely';
import { migrateToLatest } from '../../src/db/database.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { authDate, authFlag } from '../../src/db/portable.ts';
import { applicationsOfPerson } from '../../src/db/repositories/applications.ts';
import { listJobs } from '../../src/db/repositories/jobs.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { enqueueMail, MailLimitReached } from '../../src/mail/mailer.ts';
import { loadActor } from '../../src/services/actors.ts';
import { startApplication } from '../../src/services/applications.ts';
import {
  ratingDomains,
  REFERENCE_REMINDER_JOB,
  type ReminderPayload,
  sendReferenceReminder,
} from '../../src/services/references.ts';
import { withTestDb } from '../helpers/db.ts';
import { type Browser, pageText, startApp, type TestApp } from '../helpers/http.ts';

const LIMIT = 4;
const DAY = 86_400_000;

let t: TestApp;

async function personId(email: string): Promise<string> {
  const person = await findPersonByEmail(t.db.kysely, email);
  assert.ok(person, email);
  return person.id;
}

const applicationsOf = async (email: string) => applicationsOfPerson(t.db.kysely, await personId(email));

const start = (b: Browser, association: string, credential: string) =>
  b.submit('/applications', '/applications', { association, credential });

/** The mail jobs counted against an account, oldest first. */
const mailOf = async (email: string) => {
  const id = await personId(email);
  return t.db.kysely
    .selectFrom('job')
    .selectAll()
    .where('kind', '=', 'mail')
    .where('account_id', '=', id)
    .orderBy('created_at')
    .execute();
};

before(async () => {
  t = await startApp({ env: { ENDORSE_MAIL_DAILY_LIMIT: String(LIMIT) } });
});
after(async () => {
  await t?.close();
});

describe('one open application per association and credential', () => {
  let ada: Browser;

  before(async () => {
    ada = t.browser();
    await ada.signUp({ name: 'Ada Applicant', email: 'ada@example.org' });
  });

  test('a second start is refused, with a link to the open one', async () => {
    assert.equal((await start(ada, 'mi-aimh', 'IMHS')).statusCode, 303);
    const [open] = await applicationsOf('ada@example.org');
    const again = await start(ada, 'mi-aimh', 'imhs');
    assert.equal(again.statusCode, 400);
    assert.match(
      again.body,
      /<a href="#credential">You already have an open IMHS application with [^<]+ \(status: draft\); continue that one/,
    );
    assert.match(
      again.body,
      new RegExp(`<a href="/applications/${open!.id}">Continue your open IMHS application`),
    );
    assert.equal((await applicationsOf('ada@example.org')).length, 1);
  });

  test('another credential, or the same one at another association, may be started', async () => {
    assert.equal((await start(ada, 'mi-aimh', 'IFS')).statusCode, 303);
    assert.equal((await start(ada, 'ct-aimh', 'IMHS')).statusCode, 303);
    assert.equal((await applicationsOf('ada@example.org')).length, 3);
  });

  test('once the open one is withdrawn, a new one may be started', async () => {
    const [first] = await applicationsOf('ada@example.org');
    // No service withdraws an application yet (the review issue's state machine will): set it here.
    await t.db.kysely
      .updateTable('application')
      .set({ status: 'withdrawn' })
      .where('id', '=', first!.id)
      .execute();
    assert.equal((await start(ada, 'mi-aimh', 'IMHS')).statusCode, 303);
    assert.equal((await start(ada, 'mi-aimh', 'IMHS')).statusCode, 400);
  });

  test('of two starts at the same moment, one wins', async () => {
    const b = t.browser();
    await b.signUp({ name: 'Cy Concurrent', email: 'cy@example.org' });
    const actor = await loadActor(await personId('cy@example.org'), t.product);
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        startApplication(actor, { association: 'mi-aimh', credential: 'IMHS' }, t.product),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results.filter((r) => r.status === 'rejected'))
      assert.match(String((r as PromiseRejectedResult).reason), /already have an open IMHS application/);
    assert.equal((await applicationsOf('cy@example.org')).length, 1);
  });
});

describe('an installation with several open applications for one credential', () => {
  test('keeps the one furthest along open and withdraws the others, audited, when it is migrated', async () => {
    await withTestDb(
      async (db) => {
        const migrator = new Migrator({
          db: db.kysely,
          provider: { getMigrations: async () => migrations(db.dialect) },
        });
        assert.equal((await migrator.migrateTo('0001-initial')).error, undefined);
        const k = db.kysely;
        const now = authDate(db.dialect);
        await k
          .insertInto('user')
          .values({
            id: 'u1',
            name: 'Uma',
            email: 'uma@example.org',
            emailVerified: authFlag(db.dialect, true),
            createdAt: now,
            updatedAt: now,
            isSiteAdmin: authFlag(db.dialect, false),
            image: null,
          })
          .execute();
        await k
          .insertInto('organization')
          .values({ id: 'o1', name: 'O', slug: 'o', createdAt: now })
          .execute();
        const row = (id: string, status: string, at: string, credential = 'IMHS') => ({
          id,
          user_id: 'u1',
          association_id: 'o1',
          credential,
          status,
          created_at: at,
          updated_at: at,
          submitted_at: null,
          snapshot: null,
        });
        await k
          .insertInto('application')
          .values([
            row('a-old-draft', 'draft', '2026-01-01T00:00:00.000Z'),
            row('a-submitted', 'submitted', '2026-02-01T00:00:00.000Z'),
            row('a-new-draft', 'draft', '2026-03-01T00:00:00.000Z'),
            row('a-withdrawn', 'withdrawn', '2025-12-01T00:00:00.000Z'),
            row('a-other', 'draft', '2026-01-01T00:00:00.000Z', 'IFS'),
          ])
          .execute();
        await migrateToLatest(db);
        const statuses = Object.fromEntries(
          (await k.selectFrom('application').select(['id', 'status']).execute()).map((a) => [a.id, a.status]),
        );
        assert.deepEqual(statuses, {
          'a-old-draft': 'withdrawn',
          'a-submitted': 'submitted',
          'a-new-draft': 'withdrawn',
          'a-withdrawn': 'withdrawn',
          'a-other': 'draft',
        });
        const audit = await k
          .selectFrom('audit_event')
          .select(['subject_id', 'action'])
          .orderBy('subject_id')
          .execute();
        assert.deepEqual(audit, [
          { subject_id: 'a-new-draft', action: 'application.withdraw' },
          { subject_id: 'a-old-draft', action: 'application.withdraw' },
        ]);
      },
      { migrate: false },
    );
  });
});

describe('a daily cap on e-mail per account', () => {
  let ann: Browser;
  let refs: string;

  const ask = (name: string, email: string) =>
    ann.submit(refs, refs, { raterName: name, raterEmail: email, relationship: 'colleague', waived: 'no' });

  before(async () => {
    ann = t.browser();
    await ann.signUp({ name: 'Ann Applicant', email: 'ann@example.org' });
    assert.equal((await start(ann, 'mi-aimh', 'IMHS')).statusCode, 303);
    refs = `/applications/${(await applicationsOf('ann@example.org'))[0]!.id}/references`;
  });

  test('reference requests count against the applicant; past the cap the request is refused and nothing is made', async () => {
    for (let i = 1; i <= LIMIT; i++)
      assert.equal((await ask(`Rater ${i}`, `rater${i}@example.org`)).statusCode, 303);
    assert.equal((await mailOf('ann@example.org')).length, LIMIT);
    const requestsBefore = await t.db.kysely.selectFrom('reference_request').select('id').execute();
    const jobsBefore = (await listJobs(t.db, { limit: 1000 })).length;

    const refused = await ask('One Too Many', 'toomany@example.org');
    assert.equal(refused.statusCode, 429);
    const oldest = (await mailOf('ann@example.org'))[0]!;
    const retry = new Date(Math.ceil((Date.parse(oldest.created_at) + DAY) / 60_000) * 60_000);
    assert.match(
      pageText(refused.body),
      new RegExp(
        `You have sent ${LIMIT} e-mails through Endorse in the last 24 hours, the most allowed; try again after ${retry.toISOString().slice(11, 16)} UTC`,
      ),
    );
    assert.match(refused.body, /value="One Too Many"/, 'the form keeps what was typed');
    assert.deepEqual(
      await t.db.kysely.selectFrom('reference_request').select('id').execute(),
      requestsBefore,
    );
    assert.equal((await listJobs(t.db, { limit: 1000 })).length, jobsBefore, 'no mail, no reminders queued');
  });

  test('so is sending a request again', async () => {
    const request = await t.db.kysely
      .selectFrom('reference_request')
      .selectAll()
      .where('rater_email', '=', 'rater1@example.org')
      .executeTakeFirstOrThrow();
    const res = await ann.submit(refs, `${refs}/${request.id}/resend`, {});
    assert.equal(res.statusCode, 429);
    assert.match(pageText(res.body), /You have sent 4 e-mails through Endorse in the last 24 hours/);
    const after = await t.db.kysely
      .selectFrom('reference_request')
      .select('token_hash')
      .where('id', '=', request.id)
      .executeTakeFirstOrThrow();
    assert.equal(after.token_hash, request.token_hash, 'the old link still works');
  });

  test('a reminder waits until the cap allows it', async () => {
    const [job] = await listJobs(t.db, { kind: REFERENCE_REMINDER_JOB, limit: 100 });
    const payload = job!.payload as ReminderPayload;
    const waiting = (await listJobs(t.db, { kind: REFERENCE_REMINDER_JOB, limit: 100 })).length;
    const outcome = await sendReferenceReminder(payload, t.product, new Date(Date.now() + 7 * DAY - 60_000));
    assert.equal(outcome, 'postponed');
    assert.equal((await mailOf('ann@example.org')).length, LIMIT);
    const reminders = await listJobs(t.db, { kind: REFERENCE_REMINDER_JOB, limit: 100 });
    assert.equal(reminders.length, waiting + 1);
    const oldest = (await mailOf('ann@example.org'))[0]!;
    assert.equal(reminders[0]!.runAt, new Date(Date.parse(oldest.created_at) + DAY).toISOString());
    const row = await t.db.kysely
      .selectFrom('reference_request')
      .select('reminders_sent')
      .where('id', '=', payload.requestId)
      .executeTakeFirstOrThrow();
    assert.equal(Number(row.reminders_sent), 0);
  });

  test('a rating still comes in past the cap; only the notice to the applicant is not sent', async () => {
    const mail = (await listJobs(t.db, { kind: 'mail', limit: 1000 })).find(
      (j) => (j.payload as { to: string }).to === 'rater2@example.org',
    );
    const link = /\/references\/respond\/ref_[\w-]+/.exec((mail!.payload as { text: string }).text)![0];
    const form: Record<string, string> = {
      knownYears: '1',
      knownMonths: '0',
      role: 'Colleague',
      current: 'yes',
      comments: '',
    };
    for (const d of ratingDomains('mi-aimh')) form[`rating-${d.id}`] = '3';
    assert.equal((await t.browser().submit(link, link, form)).statusCode, 303);
    const row = await t.db.kysely
      .selectFrom('reference_request')
      .select('status')
      .where('rater_email', '=', 'rater2@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(row.status, 'submitted');
    assert.equal((await mailOf('ann@example.org')).length, LIMIT);
  });

  test('sign-in links and password resets to the account count too; the pages answer as for any address', async () => {
    const visitor = t.browser();
    const link = await visitor.submit('/sign-in', '/sign-in/link', { email: 'ann@example.org' });
    assert.equal(link.statusCode, 303);
    const noAccount = await t.browser().submit('/sign-in', '/sign-in/link', { email: 'nobody@example.org' });
    assert.equal(noAccount.statusCode, link.statusCode);
    assert.equal(noAccount.headers.location, link.headers.location);
    assert.match(
      pageText((await visitor.open('/sign-in')).body),
      /If ann@example\.org has an account, we sent it a sign-in link/,
    );

    const reset = await visitor.submit('/forgot-password', '/forgot-password', { email: 'ann@example.org' });
    assert.equal(reset.statusCode, 303);
    assert.match(
      pageText((await visitor.open('/sign-in')).body),
      /If ann@example\.org has an account, we sent it a link/,
    );

    assert.equal((await mailOf('ann@example.org')).length, LIMIT, 'neither was queued');
    const toAnn = (await listJobs(t.db, { kind: 'mail', limit: 1000 })).filter(
      (j) => (j.payload as { to: string }).to === 'ann@example.org',
    );
    assert.deepEqual(
      toAnn.map((j) => (j.payload as { subject: string }).subject),
      ['Confirm your e-mail address for Endorse'],
      'only the sign-up link went to her',
    );
  });

  test('they count before the cap is reached, and the cap rolls over 24 hours', async () => {
    const bea = t.browser();
    await bea.signUp({ name: 'Bea Other', email: 'bea@example.org' });
    for (let i = 0; i < LIMIT; i++)
      assert.equal(
        (await t.browser().submit('/sign-in', '/sign-in/link', { email: 'bea@example.org' })).statusCode,
        303,
      );
    assert.equal((await mailOf('bea@example.org')).length, LIMIT);
    await t.browser().submit('/sign-in', '/sign-in/link', { email: 'bea@example.org' });
    assert.equal((await mailOf('bea@example.org')).length, LIMIT);

    // A day later, Ann's oldest mail no longer counts: one more may go out.
    const oldest = (await mailOf('ann@example.org'))[0]!;
    await t.db.kysely
      .updateTable('job')
      .set({ created_at: new Date(Date.now() - DAY - 1000).toISOString() })
      .where('id', '=', oldest.id)
      .execute();
    assert.equal((await ask('Next Day', 'nextday@example.org')).statusCode, 303);
    assert.equal((await ask('And Another', 'another@example.org')).statusCode, 429);
  });

  test('mails queued at the same moment are counted one after the other', async () => {
    await t.browser().signUp({ name: 'Dee Many', email: 'dee@example.org' });
    const charge = { account: 'addressee', dailyLimit: LIMIT } as const;
    const results = await Promise.allSettled(
      Array.from({ length: LIMIT + 3 }, (_, i) =>
        enqueueMail(t.db, { to: 'dee@example.org', subject: `Notice ${i}`, text: 'T' }, charge),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, LIMIT);
    for (const r of results.filter((r) => r.status === 'rejected'))
      assert.ok((r as PromiseRejectedResult).reason instanceof MailLimitReached);
    assert.equal((await mailOf('dee@example.org')).length, LIMIT);
  });
});
