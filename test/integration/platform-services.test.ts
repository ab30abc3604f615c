// Services with the real database: roles, audit rows with before/after, API
// tokens, the first administrator.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createProduct, type Product } from '../../src/app.ts';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { auditOf } from '../../src/db/repositories/audit.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { ForbiddenError } from '../../src/policies/index.ts';
import { actorFromApiToken, loadActor } from '../../src/services/actors.ts';
import { AppError } from '../../src/services/errors.ts';
import { createApiToken, revokeApiToken } from '../../src/services/api-tokens.ts';
import {
  listApplications,
  readApplicationHistory,
  startApplication,
} from '../../src/services/applications.ts';
import { listAssociationsFor } from '../../src/services/associations.ts';
import { listPeople, setRoles } from '../../src/services/people.ts';
import { completeSetup, issueSetupLink, setupTokenIsValid } from '../../src/services/setup.ts';
import { type TestDb, testDialect, withTestDb } from '../helpers/db.ts';
import { createAccountForOperator } from '../../src/services/accounts.ts';

async function person(product: Product, email: string) {
  await createAccountForOperator({ name: email.split('@')[0]!, email, password: 'a long password' }, product);
  const found = await findPersonByEmail(product.db.kysely, email);
  return (await loadActor(found!.id, product))!;
}

const withProduct = (fn: (product: Product, db: TestDb) => Promise<void>) =>
  withTestDb(async (db) => {
    const product = await createProduct(db.config(), { db });
    try {
      await fn(product, db);
    } finally {
      await product.close();
    }
  });

describe(`platform services (${testDialect})`, () => {
  test('the four associations exist with their catalogs and CT-AIMH fee schedule', async () => {
    await withProduct(async (product) => {
      for (const slug of ['mi-aimh', 'ct-aimh', 'ncimha', 'alliance']) {
        assert.ok(await findAssociation(product.db.kysely, slug), slug);
      }
      const ct = await findAssociation(product.db.kysely, 'ct-aimh');
      const fees = await product.db.kysely
        .selectFrom('fee')
        .selectAll()
        .where('association_id', '=', ct!.id)
        .execute();
      const imhs = fees.find((f) => f.credential === 'IMHS');
      assert.deepEqual([imhs?.application_cents, imhs?.processing_cents], [2500, 20000]);
      const versions = await product.db.kysely
        .selectFrom('catalog_version')
        .select('association_id')
        .execute();
      assert.equal(versions.length, 4);
    });
  });

  test('an association admin sets roles; the change is audited with before and after; other associations are out of reach', async () => {
    await withProduct(async (product) => {
      const mi = (await findAssociation(product.db.kysely, 'mi-aimh'))!;
      const ct = (await findAssociation(product.db.kysely, 'ct-aimh'))!;
      const site = await person(product, 'site@example.org');
      const siteAdmin = { ...site, isSiteAdmin: true };
      await setRoles(
        siteAdmin,
        { associationId: mi.id, email: 'site@example.org', roles: ['admin'] },
        product,
      );
      const admin = (await loadActor(site.userId, product))!;
      const casey = await person(product, 'casey@example.org');

      await setRoles(
        admin,
        { associationId: mi.id, email: 'casey@example.org', roles: ['coordinator', 'reviewer'] },
        product,
      );
      await setRoles(
        admin,
        { associationId: mi.id, email: 'casey@example.org', roles: ['coordinator'] },
        product,
      );
      const history = await auditOf(product.db.kysely, 'person', [casey.userId]);
      assert.deepEqual(
        history.map((h) => [h.action, h.before, h.after]),
        [
          ['roles.set', { roles: [] }, { roles: ['reviewer', 'coordinator'] }],
          ['roles.set', { roles: ['reviewer', 'coordinator'] }, { roles: ['coordinator'] }],
        ],
      );
      assert.equal(history[0]!.actorId, admin.userId);

      const people = await listPeople(admin, mi.id, product);
      assert.deepEqual(people.find((p) => p.email === 'casey@example.org')?.roles, ['coordinator']);
      await assert.rejects(listPeople(admin, ct.id, product), ForbiddenError);
      await assert.rejects(
        setRoles(admin, { associationId: ct.id, email: 'casey@example.org', roles: ['admin'] }, product),
        ForbiddenError,
      );
      await assert.rejects(
        setRoles(admin, { associationId: mi.id, email: 'nobody@example.org', roles: ['reviewer'] }, product),
        /ask them to sign up first/,
      );
      const coordinator = (await loadActor(casey.userId, product))!;
      assert.deepEqual(
        (await listAssociationsFor(coordinator, product)).map((a) => a.slug),
        ['mi-aimh'],
      );
    });
  });

  test("coordinators list their association's applications and read each one's history", async () => {
    await withProduct(async (product) => {
      const mi = (await findAssociation(product.db.kysely, 'mi-aimh'))!;
      const applicant = await person(product, 'rosa@example.org');
      const application = await startApplication(
        applicant,
        { association: 'mi-aimh', credential: 'imhs' },
        product,
      );
      assert.equal(application.credential, 'IMHS');
      await assert.rejects(
        startApplication(applicant, { association: 'mi-aimh', credential: 'XYZ' }, product),
        /has no credential "XYZ"/,
      );
      const site = { ...(await person(product, 'site@example.org')), isSiteAdmin: true };
      await setRoles(
        site,
        { associationId: mi.id, email: 'site@example.org', roles: ['coordinator'] },
        product,
      );
      const coordinator = (await loadActor(site.userId, product))!;
      const list = await listApplications(coordinator, mi, { status: 'draft' }, product);
      assert.deepEqual(
        list.applications.map((a) => [a.applicantEmail, a.credential]),
        [['rosa@example.org', 'IMHS']],
      );
      const { history } = await readApplicationHistory(coordinator, application.id, product);
      assert.deepEqual(
        history.map((h) => h.action),
        ['application.start'],
      );
      // Another's application, to someone who may not see it, is "not found", as a missing one is.
      await assert.rejects(
        readApplicationHistory(applicant, application.id, product),
        (e) => e instanceof AppError && e.code === 'not_found',
      );
      await assert.rejects(listApplications(applicant, mi, {}, product), ForbiddenError);
    });
  });

  test('an API token acts for its association only, and stops when revoked', async () => {
    await withProduct(async (product) => {
      const mi = (await findAssociation(product.db.kysely, 'mi-aimh'))!;
      const ct = (await findAssociation(product.db.kysely, 'ct-aimh'))!;
      const site = { ...(await person(product, 'site@example.org')), isSiteAdmin: true };
      await setRoles(site, { associationId: mi.id, email: 'site@example.org', roles: ['admin'] }, product);
      const admin = (await loadActor(site.userId, product))!;
      const { id, token } = await createApiToken(admin, { associationId: mi.id, name: 'reports' }, product);
      const stored = await product.db.kysely
        .selectFrom('api_token')
        .select('token_hash')
        .executeTakeFirstOrThrow();
      assert.notEqual(stored.token_hash, token, 'only a hash is stored');
      const viaToken = await actorFromApiToken(token, product);
      assert.ok(viaToken);
      assert.equal((await listPeople(viaToken, mi.id, product)).length, 1);
      await assert.rejects(listPeople(viaToken, ct.id, product), ForbiddenError);
      await revokeApiToken(admin, id, product);
      assert.equal(await actorFromApiToken(token, product), undefined);
      assert.equal(await actorFromApiToken('endorse_made-up', product), undefined);
    });
  });

  test('the one-time setup link makes the first site administrator, then stops working', async () => {
    await withProduct(async (product) => {
      const link = await issueSetupLink(product);
      assert.ok(link);
      const token = new URL(link).searchParams.get('token')!;
      assert.equal(await setupTokenIsValid(token, product), true);
      assert.equal(await setupTokenIsValid('setup_wrong', product), false);
      const response = await completeSetup(
        token,
        { name: 'First', email: 'first@example.org', password: 'a long password' },
        product,
      );
      assert.equal(response.status, 200);
      assert.match(response.headers.get('set-cookie') ?? '', /session_token=/);
      const first = await findPersonByEmail(product.db.kysely, 'first@example.org');
      assert.equal(first?.isSiteAdmin, true);
      assert.equal(await issueSetupLink(product), undefined, 'no more links once an administrator exists');
      await assert.rejects(
        completeSetup(
          token,
          { name: 'Second', email: 'second@example.org', password: 'a long password' },
          product,
        ),
        /no longer valid/,
      );
    });
  });
});
