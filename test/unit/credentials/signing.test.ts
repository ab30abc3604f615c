// A credential signed with an association's key verifies with Digital
// Bazaar's verifier (not Endorse's own code), offline; any change to a field
// breaks it; one signed before a key rotation still verifies.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022CryptoSuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { contextUrls, documentLoaderWith } from '../../../src/credentials/documents.ts';
import { didDocument, newSigningKey, signCredential } from '../../../src/credentials/signing.ts';

const did = 'did:web:localhost%3A3000:associations:mi-aimh';

const badge = (name: string) => ({
  '@context': [contextUrls.credentials, contextUrls.openBadges],
  id: 'urn:uuid:7f3e8c52-1d2a-4f3e-9c1b-2a6f1e0c9d11',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Infant Mental Health Specialist',
  issuer: { id: did, type: ['Profile'], name: 'Michigan Association for Infant Mental Health' },
  validFrom: '2026-12-01T00:00:00Z',
  validUntil: '2027-12-31T23:59:59Z',
  credentialSubject: {
    type: ['AchievementSubject'],
    name,
    achievement: {
      id: 'https://localhost:3000/associations/mi-aimh/credentials/IMHS',
      type: ['Achievement'],
      name: 'Infant Mental Health Specialist',
      description: 'Endorsement at Level III.',
      criteria: { narrative: 'Meets every requirement of seed 001, Level III.' },
    },
  },
});

async function verify(credential: unknown, documents: Map<string, Record<string, unknown>>) {
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022CryptoSuite });
  return vc.verifyCredential({ credential, suite, documentLoader: documentLoaderWith(documents) });
}

describe('signing an Open Badges 3.0 credential', () => {
  test('it verifies with the Digital Bazaar verifier, offline', async () => {
    const key = await newSigningKey(did);
    const documents = new Map([[did, didDocument(did, [key])]]);
    const signed = await signCredential(badge('Jo Endorsee'), key, documents);
    const result = await verify(signed, documents);
    assert.equal(
      result.verified,
      true,
      JSON.stringify(result.error ?? result.results, null, 1)?.slice(0, 2000),
    );
  });

  test('changing any field breaks the proof', async () => {
    const key = await newSigningKey(did);
    const documents = new Map([[did, didDocument(did, [key])]]);
    const signed = (await signCredential(badge('Jo Endorsee'), key, documents)) as ReturnType<typeof badge>;
    for (const tamper of [
      (c: ReturnType<typeof badge>) => (c.credentialSubject.name = 'Someone Else'),
      (c: ReturnType<typeof badge>) => (c.validUntil = '2099-12-31T23:59:59Z'),
      (c: ReturnType<typeof badge>) => (c.credentialSubject.achievement.name = 'Infant Mental Health Mentor'),
    ]) {
      const copy = structuredClone(signed);
      tamper(copy);
      assert.equal((await verify(copy, documents)).verified, false);
    }
  });

  test('a credential signed before a key rotation still verifies; a key not in the DID document does not', async () => {
    const before = await newSigningKey(did);
    const after = await newSigningKey(did);
    const signedBefore = await signCredential(
      badge('Jo Endorsee'),
      before,
      new Map([[did, didDocument(did, [before])]]),
    );
    const rotated = new Map([[did, didDocument(did, [before, after])]]);
    assert.equal((await verify(signedBefore, rotated)).verified, true);
    const onlyNew = new Map([[did, didDocument(did, [after])]]);
    assert.equal((await verify(signedBefore, onlyNew)).verified, false);
  });

  test('the loader refuses any document it does not hold', async () => {
    await assert.rejects(documentLoaderWith()('https://example.org/context.json'), /never fetches/);
  });
});
