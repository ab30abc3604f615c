// The verifiable credential as an employer's verifier meets it: fetched from
// the installation (the credential, the association's DID document, its
// status lists), verified by Digital Bazaar's verifier offline with only
// what was fetched; a revocation or suspension flips the bit at once; and
// Endorse's own verification answers each case in its own verdict.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022CryptoSuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus, decodeList } from '@digitalbazaar/vc-bitstring-status-list';
import { identityMatches } from '../../src/credentials/badge.ts';
import { documentLoaderWith } from '../../src/credentials/documents.ts';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { didDocumentUrl } from '../../src/domain/endorsement.ts';
import { rotateSigningKey } from '../../src/services/association-keys.ts';
import { setCredentialStatus, statusListSize, verifyCredential } from '../../src/services/credentials.ts';
import { endorsee, type Endorsee } from '../helpers/endorsement.ts';
import { startApp, type TestApp } from '../helpers/http.ts';

// JSON as it came over the wire: the assertions below say what each field must be.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

let t: TestApp;
let jo: Endorsee;
before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  jo = await endorsee(t, 'Jo Endorsee', 'jo.endorsee@example.org');
});
after(() => t.close());

/** GETs an address of this installation through the app, as JSON. */
async function fetchJson(url: string): Promise<{ status: number; type: string; body: Json }> {
  const path = url.replace(/^https?:\/\/[^/]+/, '');
  const res = await t.app.inject(path);
  return { status: res.statusCode, type: String(res.headers['content-type']), body: res.json() };
}

/** The documents a verifier fetches for `credential`: the DID document (from did:web) and the status lists. */
async function fetchedDocuments(credential: Json) {
  const documents = new Map<string, Json>();
  const did = credential.issuer.id as string;
  documents.set(did, (await fetchJson(didDocumentUrl(did))).body);
  for (const entry of credential.credentialStatus as Json[])
    documents.set(entry.statusListCredential, (await fetchJson(entry.statusListCredential)).body);
  return documents;
}

const suite = () => new DataIntegrityProof({ cryptosuite: eddsaRdfc2022CryptoSuite });

async function served(): Promise<Json> {
  const res = await fetchJson(`/credentials/${jo.endorsement.id}/credential.json`);
  assert.equal(res.status, 200);
  return res.body;
}

describe('the credential an endorsement is issued', () => {
  test('is an Open Badges 3.0 credential saying who holds what, from whom, until when', async () => {
    const c = await served();
    assert.deepEqual(c.type, ['VerifiableCredential', 'OpenBadgeCredential']);
    assert.equal(c['@context'][0], 'https://www.w3.org/ns/credentials/v2');
    assert.match(c['@context'][1], /openbadges\/v3p0|ob\/v3p0/);
    const ct = (await findAssociation(t.db.kysely, 'ct-aimh'))!;
    assert.equal(c.issuer.id, `did:web:localhost%3A3000:associations:ct-aimh`);
    assert.deepEqual(c.issuer.type, ['Profile']);
    assert.equal(c.issuer.name, ct.name);
    assert.equal(c.credentialSubject.name, 'Jo Endorsee');
    assert.ok(!JSON.stringify(c).includes('jo.endorsee@example.org'), 'the e-mail never in the clear');
    assert.ok(identityMatches(c.credentialSubject.identifier[0], 'jo.endorsee@example.org'));
    assert.ok(!identityMatches(c.credentialSubject.identifier[0], 'someone.else@example.org'));
    const a = c.credentialSubject.achievement;
    assert.equal(a.name, 'Infant Mental Health Specialist');
    assert.equal(a.humanCode, 'IMHS');
    assert.ok(a.tag.includes('Level III'));
    assert.match(a.criteria.narrative, /written exam|examination/i);
    assert.ok(a.alignment.length >= 10, 'aligned with the Competency Guidelines domains');
    assert.ok(a.alignment.some((x: Json) => /Theoretical Foundations/.test(x.targetName)));
    assert.equal(c.validFrom, `${jo.endorsement.grantedOn}T00:00:00Z`);
    assert.equal(c.validUntil, `${jo.endorsement.renewalDueOn}T23:59:59Z`);
    assert.deepEqual(
      c.credentialStatus.map((s: Json) => s.statusPurpose),
      ['revocation', 'suspension'],
    );
    assert.equal(c.proof.type, 'DataIntegrityProof');
    assert.equal(c.proof.cryptosuite, 'eddsa-rdfc-2022');
    assert.deepEqual(c, jo.credential, 'served as issued');
  });

  test("verifies with Digital Bazaar's verifier, offline, from what the installation serves", async () => {
    const c = await served();
    const documents = await fetchedDocuments(c);
    const did = documents.get(c.issuer.id)!;
    assert.equal(did.verificationMethod[0].type, 'Multikey');
    assert.deepEqual(did['@context'], [
      'https://www.w3.org/ns/did/v1',
      'https://w3id.org/security/multikey/v1',
    ]);
    // As a verifier would: the status checked with the library (whose `verified` ignores the bit).
    const result = await vc.verifyCredential({
      credential: c,
      suite: suite(),
      documentLoader: documentLoaderWith(documents),
      checkStatus: (o: Json) => checkStatus({ ...o, verifyBitstringStatusListCredential: true }),
    });
    assert.equal(result.verified, true, JSON.stringify(result.error)?.slice(0, 1500));
    const status = await checkStatus({
      credential: c,
      suite: suite(),
      documentLoader: documentLoaderWith(documents),
      verifyBitstringStatusListCredential: true,
    });
    assert.equal(status.verified, true, String(status.error?.message));
    assert.deepEqual(
      status.results.map((r: Json) => r.status),
      [false, false],
    );
  });

  test('its status lists hold at least 131,072 entries, and its positions are drawn at random', async () => {
    const c = await served();
    for (const entry of c.credentialStatus as Json[]) {
      const list = await fetchJson(entry.statusListCredential);
      assert.equal(list.status, 200);
      assert.match(list.type, /application\/vc\+ld\+json/);
      const decoded = await decodeList({ encodedList: list.body.credentialSubject.encodedList });
      assert.equal(decoded.length, statusListSize);
      const position = Number(entry.statusListIndex);
      assert.ok(position >= 0 && position < statusListSize);
    }
    const others = await Promise.all(
      [1, 2, 3].map((i) => endorsee(t, `Other ${i}`, `other.${i}@example.org`)),
    );
    const positions = new Set(
      [jo, ...others].map((e) => (e.credential.credentialStatus as Json[])[0]!.statusListIndex),
    );
    assert.equal(positions.size, 4, 'four endorsements, four positions');
    assert.ok(
      [...positions].some((p) => Number(p) > 4),
      'not numbered from the start of the list',
    );
  });

  test('an unknown credential, association or list answers 404', async () => {
    for (const path of [
      '/credentials/no-such-endorsement/credential.json',
      '/associations/no-such/did.json',
      '/associations/ct-aimh/status/revocation/99',
      '/associations/ct-aimh/status/other/1',
      '/associations/ct-aimh/status/revocation/x',
    ])
      assert.equal((await t.app.inject(path)).statusCode, 404, path);
  });
});

describe("Endorse's verification", () => {
  test('valid; revoked or suspended as soon as the bit is set; valid again when a suspension ends', async () => {
    const kim = await endorsee(t, 'Kim Status', 'kim.status@example.org');
    const verdict = async () => (await verifyCredential(t.product, kim.credential)).verdict;
    assert.equal(await verdict(), 'valid');
    const flip = (purpose: 'revocation' | 'suspension', set: boolean) =>
      t.db.kysely
        .transaction()
        .execute((tx) => setCredentialStatus(tx, t.product, kim.endorsement, purpose, set));
    await flip('suspension', true);
    assert.equal(await verdict(), 'suspended');
    const documents = await fetchedDocuments(kim.credential);
    const status = await checkStatus({
      credential: kim.credential,
      suite: suite(),
      documentLoader: documentLoaderWith(documents),
      verifyBitstringStatusListCredential: true,
    });
    assert.deepEqual(
      status.results.map((r: Json) => [r.credentialStatus.statusPurpose, r.status]),
      [
        ['revocation', false],
        ['suspension', true],
      ],
      'the served list says so too',
    );
    await flip('suspension', false);
    assert.equal(await verdict(), 'valid');
    await flip('revocation', true);
    assert.equal(await verdict(), 'revoked');
    assert.equal((await verifyCredential(t.product, jo.credential)).verdict, 'valid', 'others unaffected');
  });

  test('a changed credential is invalid; one from elsewhere has an unknown issuer; dates are judged on the clock', async () => {
    const tampered = structuredClone(jo.credential) as Json;
    tampered.credentialSubject.name = 'Someone Else';
    const changed = await verifyCredential(t.product, tampered);
    assert.equal(changed.verdict, 'invalid');
    assert.equal(changed.checks.proof, false);
    const foreign = structuredClone(jo.credential) as Json;
    foreign.issuer.id = 'did:web:elsewhere.example:associations:ct-aimh';
    assert.equal((await verifyCredential(t.product, foreign)).verdict, 'unknown-issuer');
    assert.equal((await verifyCredential(t.product, 'not a credential')).verdict, 'invalid');
    assert.equal((await verifyCredential(t.product, { type: ['VerifiableCredential'] })).verdict, 'invalid');
    const until = new Date(`${jo.endorsement.renewalDueOn}T23:59:59Z`);
    assert.equal(
      (await verifyCredential(t.product, jo.credential, new Date(until.getTime() + 1000))).verdict,
      'expired',
    );
    assert.equal(
      (await verifyCredential(t.product, jo.credential, new Date(`${jo.endorsement.grantedOn}T00:00:00Z`)))
        .verdict,
      'valid',
    );
    const valid = await verifyCredential(t.product, jo.credential);
    assert.deepEqual(valid.claims.subjectName, 'Jo Endorsee');
    assert.equal(valid.association?.slug, 'ct-aimh');
  });

  test('a credential signed before a key rotation still verifies', async () => {
    const ct = (await findAssociation(t.db.kysely, 'ct-aimh'))!;
    await t.db.kysely.transaction().execute((tx) => rotateSigningKey(tx, t.product, ct));
    assert.equal((await verifyCredential(t.product, jo.credential)).verdict, 'valid');
    const after = await endorsee(t, 'Lee After', 'lee.after@example.org');
    assert.notEqual(after.credential.proof, undefined);
    assert.notEqual(
      (after.credential.proof as Json).verificationMethod,
      (jo.credential.proof as Json).verificationMethod,
      'signed with the new key',
    );
    assert.equal((await verifyCredential(t.product, after.credential)).verdict, 'valid');
    const did = (await fetchJson(`/associations/ct-aimh/did.json`)).body;
    assert.equal(did.verificationMethod.length, 2, 'both keys in the DID document');
  });
});
