// Prepared reads (src/db/prepared.ts) give what the same query built at each
// call gives, on SQLite and PostgreSQL, with each value in its place; and a
// read that does not pass its values to Kysely as given is refused at once,
// not run with the wrong values. On PostgreSQL each runs as a named
// statement, and still gives the right rows once a migration has changed
// what it returns.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { findAssociation, insertAssociation } from '../../src/db/repositories/associations.ts';
import { prepared } from '../../src/db/prepared.ts';
import { openTestDb, type TestDb, testDialect } from '../helpers/db.ts';

let db: TestDb;
before(async () => {
  db = await openTestDb();
  for (const [slug, name] of [
    ['zz-one', 'Association One'],
    ['zz-two', 'Association Two'],
    ['zz-three', 'Association Three'],
  ])
    await insertAssociation(db.kysely, db.dialect, { slug: slug!, name: name! });
});
after(() => db.cleanup());

const named = prepared((k, v: { prefix: string; slug: string }) =>
  k
    .selectFrom('organization')
    .select(['id', 'slug', 'name as title'])
    .where('slug', 'like', v.prefix)
    .where('slug', '!=', v.slug)
    .orderBy('slug')
    .limit(5),
);

test('a prepared read gives the rows of the query built anew, for each set of values', async () => {
  for (const [prefix, slug] of [
    ['zz-%', 'zz-two'],
    ['zz-t%', 'zz-three'],
    ['zz-%', 'none'],
    ['nothing%', 'zz-one'],
  ] as const) {
    const built = await db.kysely
      .selectFrom('organization')
      .select(['id', 'slug', 'name as title'])
      .where('slug', 'like', prefix)
      .where('slug', '!=', slug)
      .orderBy('slug')
      .limit(5)
      .execute();
    assert.deepEqual(await named(db.kysely, { prefix, slug }), built, `${prefix} ${slug}`);
  }
  assert.deepEqual(
    (await named(db.kysely, { prefix: 'zz-%', slug: 'zz-two' })).map((r) => r.slug),
    ['zz-one', 'zz-three'],
  );
});

test('a value used twice is given in both places (an association by its id or its slug)', async () => {
  const two = (await findAssociation(db.kysely, 'zz-two'))!;
  assert.equal(two.name, 'Association Two');
  assert.deepEqual(await findAssociation(db.kysely, two.id), two);
  assert.equal(await findAssociation(db.kysely, 'zz-none'), undefined);
});

test('a prepared read runs inside a transaction, and sees its writes', async () => {
  await db.kysely.transaction().execute(async (tx) => {
    await insertAssociation(tx, db.dialect, { slug: 'zz-four', name: 'Association Four' });
    assert.equal((await findAssociation(tx, 'zz-four'))?.name, 'Association Four');
  });
});

test('a read that changes a value before giving it to Kysely is refused, naming the value', async () => {
  const changed = prepared((k, v: { slug: string }) =>
    k.selectFrom('organization').select('id').where('slug', '=', v.slug.toUpperCase()),
  );
  await assert.rejects(changed(db.kysely, { slug: 'zz-one' }), /pass each value to Kysely as given: slug/);
  const inText = prepared((k, v: { slug: string }) =>
    k.selectFrom('organization').select('id').where('slug', 'in', [v.slug, 'x']).where('name', '=', 'y'),
  );
  // A value inside a list is still one parameter of its own, so it is allowed and right.
  assert.deepEqual(await inText(db.kysely, { slug: 'zz-one' }), []);
});

const postgresOnly = { skip: testDialect !== 'postgres' && 'named statements are PostgreSQL’s' };

test('on PostgreSQL a prepared read is a named statement of its connection', postgresOnly, async () => {
  await db.kysely.transaction().execute(async (tx) => {
    // One transaction is one connection: the statement it kept is listed there.
    assert.deepEqual(
      (await named(tx, { prefix: 'zz-t%', slug: 'zz-three' })).map((r) => r.slug),
      ['zz-two'],
    );
    const kept = await sql<{ name: string; statement: string }>`
      select name, statement from pg_prepared_statements where statement like '%"name" as "title"%'
    `.execute(tx);
    assert.equal(kept.rows.length, 1, 'kept once');
    assert.match(kept.rows[0]!.name, /^endorse_\d+$/);
  });
});

test(
  'a named read whose result a migration changed runs again, with the new rows',
  postgresOnly,
  async () => {
    const whole = prepared((k, v: { slug: string }) =>
      k.selectFrom('organization').selectAll().where('slug', '=', v.slug),
    );
    // The pool hands back the connection just released: the same one that kept the statement.
    assert.equal((await whole(db.kysely, { slug: 'zz-one' }))[0]?.name, 'Association One');
    await sql`alter table organization add column zz_added text not null default 'added'`.execute(db.kysely);
    try {
      for (let i = 0; i < 3; i++) {
        const [row] = (await whole(db.kysely, { slug: 'zz-one' })) as Array<Record<string, unknown>>;
        assert.equal(row?.name, 'Association One');
        assert.equal(row?.zz_added, 'added');
      }
    } finally {
      await sql`alter table organization drop column zz_added`.execute(db.kysely);
    }
  },
);
