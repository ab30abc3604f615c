// An association's signing keys (Ed25519 as Multikey), its DID document, and
// signing a credential with a Data Integrity proof (eddsa-rdfc-2022), with
// Digital Bazaar's libraries. Pure of the database: keys come in and go out
// as their exported form.
//
// The libraries are loaded at first use, not at start: together they are a
// good share of the server's start-up time and memory, and a server serving
// pages needs none of them.
import { contextUrls, documentLoaderWith } from './documents.ts';

type Json = Record<string, unknown>;

/** A signing key as stored: its id in the DID document and its two halves, multibase-encoded. */
export interface SigningKey {
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase: string;
}

/** A new key for the DID `controller`, its id the DID and a fragment named by the public key. */
export async function newSigningKey(controller: string): Promise<SigningKey> {
  const Ed25519Multikey = await import('@digitalbazaar/ed25519-multikey');
  const pair = await Ed25519Multikey.generate({ controller });
  const exported = await pair.export({ publicKey: true, secretKey: true, includeContext: false });
  return {
    id: `${controller}#${exported.publicKeyMultibase}`,
    controller,
    publicKeyMultibase: exported.publicKeyMultibase,
    secretKeyMultibase: exported.secretKeyMultibase,
  };
}

/** The DID document: every key the association has had, so credentials signed before a rotation still verify. */
export function didDocument(
  did: string,
  keys: readonly Pick<SigningKey, 'id' | 'publicKeyMultibase'>[],
): Json {
  const methods = keys.map((k) => ({
    id: k.id,
    type: 'Multikey',
    controller: did,
    publicKeyMultibase: k.publicKeyMultibase,
  }));
  return {
    '@context': [contextUrls.did, contextUrls.multikey],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}

/** Signs `credential` with `key`; `documents` hold the DID documents and status lists it names. */
export async function signCredential(
  credential: Json,
  key: SigningKey,
  documents: ReadonlyMap<string, Json> = new Map(),
): Promise<Json> {
  const [Ed25519Multikey, { DataIntegrityProof }, { cryptosuite: eddsaRdfc2022CryptoSuite }, vc] =
    await Promise.all([
      import('@digitalbazaar/ed25519-multikey'),
      import('@digitalbazaar/data-integrity'),
      import('@digitalbazaar/eddsa-rdfc-2022-cryptosuite'),
      import('@digitalbazaar/vc'),
    ]);
  const pair = await Ed25519Multikey.from({
    '@context': contextUrls.multikey,
    type: 'Multikey',
    id: key.id,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
  const suite = new DataIntegrityProof({ signer: pair.signer(), cryptosuite: eddsaRdfc2022CryptoSuite });
  return vc.issue({ credential, suite, documentLoader: documentLoaderWith(documents) });
}
