// `npm run bench` (fifth part): the daily renewal sweep over 100,000
// endorsements of four associations, their due dates spread over the year
// (from a few days past to a year ahead), on the first day the sweep runs:
// every reminder owed is sent (60, 30 or 7 days ahead), and the endorsements
// a few days past their due date lapse, each with its credential's status
// list signed again. A second sweep the same day must change nothing.
// SQLite by default; PostgreSQL with TEST_DATABASE_URL. Exits non-zero when a
// target is missed.
//
//   one sweep of 100,000 endorsements      < 60 s
//   a second sweep the same day            sends and lapses nothing
import { findAssociation } from '../src/db/repositories/associations.ts';
import { countEndorsementsToSweep } from '../src/db/repositories/renewals.ts';
import { insertEndorsement } from '../src/db/repositories/endorsements.ts';
import { authDate, authFlag, newId } from '../src/db/portable.ts';
import { addDays, addYears } from '../src/domain/renewal.ts';
import { issueCredential } from '../src/services/credentials.ts';
import { runRenewalSweep } from '../src/services/renewal-sweep.ts';
import { startApp } from '../test/helpers/http.ts';
import { check, finish, msSince, scale, verdict } from './harness.ts';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const N = Number(process.env.RENEWALS_BENCH_N ?? scale(100_000, 1_000));
const DAY = '2027-06-15';
const slugs = ['mi-aimh', 'ct-aimh', 'ncimha', 'alliance'];
const credentials: Record<string, string> = {
  'mi-aimh': 'IMHS',
  'ct-aimh': 'IMHS',
  ncimha: 'IMHS',
  alliance: 'IMHM-C',
};

const t = await startApp({ rateLimit: 1_000_000 });
try {
  const db = t.db;
  const associations = await Promise.all(slugs.map(async (s) => (await findAssociation(db.kysely, s))!));
  const made = process.hrtime.bigint();
  const BATCH = 1000;
  let lapsing = 0;
  for (let i = 0; i < N; i += BATCH) {
    const people = Array.from({ length: Math.min(BATCH, N - i) }, (_, k) => ({
      id: newId(),
      n: i + k,
    }));
    await db.kysely
      .insertInto('user')
      .values(
        people.map((p) => ({
          id: p.id,
          name: `Endorsee ${p.n}`,
          email: `endorsee${p.n}@example.org`,
          emailVerified: authFlag(db.dialect, true),
          image: null,
          createdAt: authDate(db.dialect, new Date('2020-01-01T00:00:00Z')),
          updatedAt: authDate(db.dialect, new Date('2020-01-01T00:00:00Z')),
          isSiteAdmin: authFlag(db.dialect, false),
        })),
      )
      .execute();
    await db.kysely.transaction().execute(async (tx) => {
      for (const p of people) {
        // Due dates from 5 days past to a year ahead, one day after another.
        const dueOn = addDays(DAY, (p.n % 365) - 5);
        const association = associations[p.n % associations.length]!;
        const row = await insertEndorsement(tx, {
          associationId: association.id,
          userId: p.id,
          applicationId: null,
          credential: credentials[association.slug]!,
          category: null,
          grantedOn: addYears(dueOn, -1),
          renewalDueOn: dueOn,
          at: '2026-01-01T00:00:00.000Z',
        });
        // Those that lapse today hold a credential with its status entries, as every endorsee does.
        if (dueOn < DAY) {
          await issueCredential(tx, t.product, row, new Date('2026-06-01T00:00:00Z'));
          lapsing++;
        }
      }
    });
  }
  console.log(
    `${N} endorsements (${lapsing} past due, with credentials) written in ${seconds(msSince(made))} (${db.dialect})`,
  );
  if ((await countEndorsementsToSweep(db.kysely)) !== N) throw new Error('not every endorsement is swept');

  const now = new Date(`${DAY}T03:00:00Z`);
  const start = process.hrtime.bigint();
  const first = await runRenewalSweep(t.product, now);
  const took = msSince(start);
  console.log(
    `first sweep of ${DAY}: walked ${first.walked}, reminded ${first.reminded}, lapsed ${first.lapsed}`,
  );
  check(
    'the sweep walked every endorsement and lapsed those past due',
    first.walked === N && first.lapsed === lapsing,
    `walked ${first.walked} of ${N}, lapsed ${first.lapsed} of ${lapsing}`,
  );
  verdict(`one sweep of ${N} endorsements`, took, { below: 60_000 }, seconds);

  const again = process.hrtime.bigint();
  const second = await runRenewalSweep(t.product, now);
  const changed = second.reminded + second.lapsed + second.pausesEnded;
  check(
    'a second sweep the same day',
    changed === 0,
    `${second.reminded} reminded, ${second.lapsed} lapsed, ${second.pausesEnded} pauses ended (${seconds(msSince(again))}); target: nothing`,
  );
} finally {
  await t.close();
}
finish();
