// The database layer on SQLite (default) and PostgreSQL (TEST_DATABASE_URL):
// migrations, restarts, backups and the portfolio round trip.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { Migrator } from 'kysely';
import { createProduct } from '../../src/app.ts';
import { migrateToLatest } from '../../src/db/database.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import { appendAudit, auditOf } from '../../src/db/repositories/audit.ts';
import { readPortfolio, replacePortfolio } from '../../src/db/repositories/portfolio.ts';
import type { Database } from '../../src/db/schema.ts';
import { seedDemo } from '../../src/services/demo.ts';
import { DEMO_PASSWORD } from '../../src/services/demo.ts';
import { openTestDb, testDialect, withTestDb } from '../helpers/db.ts';
import { portfolioArb } from '../helpers/engine.ts';
import { createAccountForOperator } from '../../src/services/accounts.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tables: Array<keyof Database> = [
  'user',
  'session',
  'account',
  'verification',
  'organization',
  'member',
  'invitation',
  'rateLimit',
  'catalog_version',
  'fee',
  'application',
  'portfolio_entry',
  'file',
  'reference_request',
  'agreement_signature',
  'fee_due',
  'payment',
  'audit_event',
  'job',
  'api_token',
  'app_setting',
  'sign_in_count',
  'application_snapshot',
  'application_assignment',
  'review',
  'application_decision',
  'application_message',
  'reviewer_qualification',
  'association_setting',
  'exam_item',
  'exam_form',
  'exam_form_item',
  'exam_sitting',
  'exam_registration',
  'exam_accommodation',
  'exam_attempt',
  'exam_answer',
  'exam_essay_response',
  'exam_essay_read',
  'exam_item_discount',
  'endorsement',
  'endorsement_event',
  'association_key',
  'status_list',
  'status_entry',
  'issued_credential',
];

/** Every row of every table, sorted, with timestamps as text: two databases with equal dumps hold the same data. */
async function dump(db: { kysely: import('kysely').Kysely<Database> }) {
  const out: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await db.kysely.selectFrom(table).selectAll().execute();
    out[table] = rows.map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

describe(`the audit log (${testDialect})`, () => {
  test('events appended in the same millisecond read in the order they were appended', async () => {
    await withTestDb(async (db) => {
      const subjectId = 'one-subject';
      const actions = Array.from({ length: 40 }, (_, i) => (i % 2 ? 'portfolio.read' : 'application.start'));
      for (const action of actions)
        await appendAudit(db.kysely, {
          actorId: null,
          associationId: null,
          subjectType: 'application',
          subjectId,
          action: action as 'portfolio.read' | 'application.start',
          after: {},
        });
      const read = await auditOf(db.kysely, 'application', [subjectId]);
      assert.deepEqual(
        read.map((e) => e.action),
        actions,
      );
    });
  });
});

describe(`migrations (${testDialect})`, () => {
  test('run up on an empty database, create every table, and are then up to date', async () => {
    await withTestDb(
      async (db) => {
        assert.deepEqual(await migrateToLatest(db), Object.keys(migrations(db.dialect)));
        for (const table of tables) {
          const rows = await db.kysely.selectFrom(table).selectAll().limit(1).execute();
          assert.ok(Array.isArray(rows), table);
        }
        assert.deepEqual(await migrateToLatest(db), []);
      },
      { migrate: false },
    );
  });

  test('run up, one at a time, over a database holding data from each earlier migration', async () => {
    await withTestDb(
      async (db) => {
        const names = Object.keys(migrations(db.dialect));
        const migrator = new Migrator({
          db: db.kysely,
          provider: { getMigrations: async () => migrations(db.dialect) },
        });
        let seeded = false;
        for (const name of names) {
          const { error } = await migrator.migrateTo(name);
          assert.equal(error, undefined, `${name} ran`);
          if (!seeded) {
            // Data written by the product right after the first migration.
            const product = await createProduct(db.config(), { db });
            await seedDemo(product);
            await product.close();
            seeded = true;
          }
        }
        const before = await dump(db);
        await migrateToLatest(db);
        const after = await dump(db);
        for (const table of ['user', 'application', 'portfolio_entry', 'member', 'audit_event'] as const) {
          assert.ok(before[table]!.length > 0, `${table} has data`);
          assert.deepEqual(after[table], before[table], `${table} kept`);
        }
      },
      { migrate: false },
    );
  });
});

describe(`a restart keeps all data (${testDialect})`, () => {
  test('close the product and open it again on a new connection', async () => {
    const db = await openTestDb();
    try {
      const first = await createProduct(db.config(), { db });
      await seedDemo(first);
      const before = await dump(db);
      await first.close();

      const again = db.connect();
      const second = await createProduct(db.config(), { db: again });
      assert.deepEqual(await dump(again), before);
      const signIn = await second.auth.api.signInEmail({
        body: { email: 'rosa@demo.endorse.test', password: DEMO_PASSWORD },
        asResponse: true,
      });
      assert.equal(signIn.status, 200, 'a demo applicant still signs in');
      await second.close();
    } finally {
      await db.cleanup();
    }
  });
});

describe(
  'backup and restore (SQLite)',
  { skip: testDialect !== 'sqlite' && 'PostgreSQL uses pg_dump' },
  () => {
    test('a backup restores to an identical database, and the replaced one is kept', async () => {
      const db = await openTestDb();
      try {
        const config = db.config();
        const product = await createProduct(config, { db });
        await seedDemo(product);
        const original = await dump(db);
        await product.close();
        await db.close();

        const env = {
          ...process.env,
          NODE_ENV: 'test',
          ENDORSE_DATA_DIR: config.dataDir,
          ENDORSE_SQLITE_FILE: config.sqliteFile,
          ENDORSE_SECRET: config.secret,
        };
        const cli = (...args: string[]) =>
          spawnSync(process.execPath, [join(root, 'bin/endorse.js'), ...args], {
            env,
            cwd: db.dir,
            encoding: 'utf8',
          });
        const file = join(db.dir, 'backup.tar');
        const made = cli('backup', file);
        assert.equal(made.status, 0, made.stderr);
        assert.equal(cli('backup', file).status, 2, 'an existing backup is never overwritten');

        // Change the live database, then restore: the change must be gone.
        const live = db.connect();
        await live.kysely.deleteFrom('application').execute();
        await live.close();

        const restored = cli('restore', file);
        assert.equal(restored.status, 0, restored.stderr);
        assert.match(restored.stdout, /kept as .*before-restore/);
        const reopened = db.connect();
        assert.deepEqual(await dump(reopened), original);

        const notABackup = join(db.dir, 'not-a-backup.sqlite');
        spawnSync('sh', ['-c', `echo hello > ${notABackup}`]);
        const refused = cli('restore', notABackup);
        assert.equal(refused.status, 2);
        assert.match(refused.stderr, /is not an Endorse backup/);
        assert.deepEqual(await dump(reopened), original, 'a refused restore changes nothing');

        // A backup made by an earlier Endorse is the database file alone: it still restores.
        const earlier = join(db.dir, 'earlier.sqlite');
        await reopened.sqlite!.backup(earlier);
        await reopened.close();
        const wiped = db.connect();
        await wiped.kysely.deleteFrom('application').execute();
        await wiped.close();
        const fromEarlier = cli('restore', earlier);
        assert.equal(fromEarlier.status, 0, fromEarlier.stderr);
        assert.match(fromEarlier.stdout, /holds the database only: the uploads were left as they are/);
        assert.deepEqual(await dump(db.connect()), original);
      } finally {
        await db.cleanup();
      }
    });
  },
);

describe(`portfolio entries round-trip the interchange format exactly (${testDialect})`, () => {
  test("the spec's example and generated portfolios come back identical, key order included", async () => {
    await withTestDb(async (db) => {
      const product = await createProduct(db.config(), { db });
      await createAccountForOperator(
        { name: 'Rosa', email: 'rosa@example.org', password: 'a long password' },
        product,
      );
      const user = await db.kysely.selectFrom('user').select('id').executeTakeFirstOrThrow();
      const example = JSON.parse(readFileSync(join(root, 'examples/portfolio-imhs.json'), 'utf8'));
      const documents = [
        example,
        { format: 'endorse-portfolio/1', person: { name: 'Only' }, work: [] },
        ...fc.sample(portfolioArb, 25),
      ];
      for (const document of documents) {
        await replacePortfolio(db.kysely, user.id, document);
        const back = await readPortfolio(db.kysely, user.id);
        assert.equal(JSON.stringify(back), JSON.stringify(document));
      }
      await product.close();
    });
  });
});
