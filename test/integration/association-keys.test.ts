// An association's signing key, kept in the database: made once, its secret
// half sealed (never stored in the clear), used again; after a rotation the
// DID document lists both keys, so a credential signed before still verifies
// with Digital Bazaar's verifier.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022CryptoSuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { contextUrls, documentLoaderWith } from '../../src/credentials/documents.ts';
import { signCredential } from '../../src/credentials/signing.ts';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import {
  associationDidDocument,
  currentSigningKey,
  didOf,
  rotateSigningKey,
} from '../../src/services/association-keys.ts';
import { startApp, type TestApp } from '../helpers/http.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(() => t.close());

test('made with the association, sealed, reused; a rotation keeps earlier credentials verifying', async () => {
  const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
  const did = didOf(t.product, mi.slug);
  assert.match(did, /^did:web:localhost(%3A\d+)?:associations:mi-aimh$/);
  const first = await currentSigningKey(t.db.kysely, t.product, mi);
  const again = await currentSigningKey(t.db.kysely, t.product, mi);
  assert.deepEqual(again, first);
  const stored = await t.db.kysely
    .selectFrom('association_key')
    .selectAll()
    .where('association_id', '=', mi.id)
    .execute();
  assert.equal(stored.length, 1, 'made when the association was installed, and only then');
  assert.ok(!JSON.stringify(stored).includes(first.secretKeyMultibase), 'the secret half is sealed');

  const credential = {
    '@context': [contextUrls.credentials, contextUrls.openBadges],
    id: 'urn:uuid:3c1f6a0e-8a55-4d7b-9e2f-6b1d0c2e4a77',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Infant Mental Health Specialist',
    issuer: { id: did, type: ['Profile'], name: mi.name },
    validFrom: '2026-12-01T00:00:00Z',
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: {
        id: 'http://localhost:3000/associations/mi-aimh/credentials/IMHS',
        type: ['Achievement'],
        name: 'Infant Mental Health Specialist',
        criteria: { narrative: 'Level III.' },
      },
    },
  };
  const documents = async () => new Map([[did, await associationDidDocument(t.db.kysely, t.product, mi)]]);
  const signed = await signCredential(credential, first, await documents());
  const verify = async () =>
    vc.verifyCredential({
      credential: signed,
      suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022CryptoSuite }),
      documentLoader: documentLoaderWith(await documents()),
    });
  assert.equal((await verify()).verified, true);

  const next = await rotateSigningKey(t.db.kysely, t.product, mi);
  assert.notEqual(next.publicKeyMultibase, first.publicKeyMultibase);
  assert.deepEqual(await currentSigningKey(t.db.kysely, t.product, mi), next);
  const doc = (await associationDidDocument(t.db.kysely, t.product, mi)) as { verificationMethod: unknown[] };
  assert.equal(doc.verificationMethod.length, 2);
  assert.equal((await verify()).verified, true, 'signed before the rotation, still valid');
});
