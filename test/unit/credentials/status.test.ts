// Revocation through a Bitstring Status List the association signs: the
// entry's bit is clear until the credential is revoked. The library answers
// `verified: true` whether or not the bit is set; the bit is in each
// result's `status`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022CryptoSuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import { checkStatus, createCredential, createList } from '@digitalbazaar/vc-bitstring-status-list';
import { contextUrls, documentLoaderWith } from '../../../src/credentials/documents.ts';
import { didDocument, newSigningKey, signCredential } from '../../../src/credentials/signing.ts';

const did = 'did:web:localhost%3A3000:associations:mi-aimh';
const statusUrl = 'http://localhost:3000/associations/mi-aimh/status/revocation/1';
const position = 4242;

test('a revoked credential fails its status check; before, it passes', async () => {
  const key = await newSigningKey(did);
  const documents = new Map<string, Record<string, unknown>>([[did, didDocument(did, [key])]]);
  const list = await createList({ length: 131_072 });
  const publish = async () => {
    const unsigned = await createCredential({ id: statusUrl, list, statusPurpose: 'revocation' });
    documents.set(
      statusUrl,
      await signCredential({ ...unsigned, issuer: did, validFrom: '2026-12-01T00:00:00Z' }, key, documents),
    );
  };
  await publish();
  const credential = await signCredential(
    {
      '@context': [contextUrls.credentials, contextUrls.openBadges],
      id: 'urn:uuid:0b8a3a62-5d43-4a7e-9d55-3e2b7f3c1a10',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      name: 'Infant Mental Health Specialist',
      issuer: { id: did, type: ['Profile'], name: 'Michigan Association for Infant Mental Health' },
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
      credentialStatus: {
        id: `${statusUrl}#${position}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: 'revocation',
        statusListIndex: String(position),
        statusListCredential: statusUrl,
      },
    },
    key,
    documents,
  );
  const status = () =>
    checkStatus({
      credential,
      documentLoader: documentLoaderWith(documents),
      suite: new DataIntegrityProof({ cryptosuite: eddsaRdfc2022CryptoSuite }),
      verifyBitstringStatusListCredential: true,
    });
  const clear = await status();
  assert.equal(clear.verified, true, String(clear.error?.message));
  assert.equal(clear.results[0].status, false);
  list.setStatus(position, true);
  await publish();
  const revoked = await status();
  assert.equal(revoked.verified, true, 'the list verifies: the library says nothing of the bit here');
  assert.equal(revoked.results[0].status, true, 'the bit is set: revoked');
});
