// What an application's checklist counts: entries from the person's portfolio,
// but agreements and references only as recorded in Endorse.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProduct } from '../../src/app.ts';
import { agreementTexts } from '../../src/catalogs/agreements.ts';
import { insertSignature } from '../../src/db/repositories/agreements.ts';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { replacePortfolio } from '../../src/db/repositories/portfolio.ts';
import { loadActor } from '../../src/services/actors.ts';
import { applicationChecklist } from '../../src/services/application-portfolio.ts';
import { startApplication } from '../../src/services/applications.ts';
import { testDialect, withTestDb } from '../helpers/db.ts';
import { createAccountForOperator } from '../../src/services/accounts.ts';

test(`agreements count only when signed here, for the text in force (${testDialect})`, async () => {
  await withTestDb(async (db) => {
    const product = await createProduct(db.config(), { db });
    try {
      await createAccountForOperator(
        { name: 'Rosa', email: 'rosa@example.org', password: 'a long password' },
        product,
      );
      const person = (await findPersonByEmail(db.kysely, 'rosa@example.org'))!;
      const actor = (await loadActor(person.id, product))!;
      const mi = (await findAssociation(db.kysely, 'mi-aimh'))!;
      // Dates typed into an imported file do not count as signatures.
      await replacePortfolio(db.kysely, person.id, {
        format: 'endorse-portfolio/1',
        person: { name: 'Rosa' },
        agreements: { codeOfEthics: '2020-01-01', endorsementAgreement: '2020-01-01' },
        references: [{ name: 'Sam', relationship: 'program-supervisor', submitted: '2020-01-01' }],
      });
      const application = await startApplication(
        actor,
        { association: 'mi-aimh', credential: 'IFA' },
        product,
      );
      const status = async (kind: string) =>
        (await applicationChecklist(actor, application.id, product)).result.requirements.find(
          (r) => r.kind === kind,
        )!;
      assert.equal((await status('agreements')).status, 'unmet');
      assert.match((await status('references')).summary, /^0 of 3/);

      const texts = agreementTexts(mi);
      for (const t of texts) {
        await insertSignature(db.kysely, {
          userId: person.id,
          associationId: mi.id,
          kind: t.kind,
          textVersion: 'an-older-text',
          typedName: 'Rosa',
        });
      }
      assert.equal(
        (await status('agreements')).status,
        'unmet',
        'a signature of an older text does not count',
      );
      for (const t of texts) {
        await insertSignature(db.kysely, {
          userId: person.id,
          associationId: mi.id,
          kind: t.kind,
          textVersion: t.version,
          typedName: 'Rosa',
        });
      }
      assert.equal((await status('agreements')).status, 'met');
    } finally {
      await product.close();
    }
  });
});
