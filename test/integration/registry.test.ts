// What the public sees, signed in or not: an endorsement's credential
// verified now (valid, suspended, revoked, expired), a credential file pasted
// or uploaded (tampered, from elsewhere, not JSON), what a credential means,
// the registry (search, pages, only what is listed) and the lookup by number.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { insertEndorsement } from '../../src/db/repositories/endorsements.ts';
import { authDate, authFlag, newId, timestamp, toFlag } from '../../src/db/portable.ts';
import { addYears } from '../../src/domain/renewal.ts';
import { setCredentialStatus } from '../../src/services/credentials.ts';
import { endorsee, type Endorsee } from '../helpers/endorsement.ts';
import { pageText, startApp, type TestApp } from '../helpers/http.ts';
import { submitMultipart } from '../helpers/portfolio-http.ts';

let t: TestApp;
let clock = new Date();
let jo: Endorsee;
before(async () => {
  t = await startApp({ rateLimit: 100_000, now: () => clock });
  jo = await endorsee(t, 'Jo Endorsee', 'jo.endorsee@example.org');
});
after(() => t.close());

const anonymous = () => t.browser();
const text = async (url: string) => {
  const res = await anonymous().get(url);
  return { status: res.statusCode, text: pageText(res.body), body: res.body };
};

async function setStatus(e: Endorsee, status: string, listed = true) {
  await t.db.kysely
    .updateTable('endorsement')
    .set({ status, listed: toFlag(listed) })
    .where('id', '=', e.endorsement.id)
    .execute();
}

/** Suspends or revokes as the coordinator's services will: the status and the credential's bit. */
async function flip(e: Endorsee, purpose: 'revocation' | 'suspension', set: boolean) {
  await t.db.kysely.transaction().execute(async (tx) => {
    await setCredentialStatus(tx, t.product, e.endorsement, purpose, set, clock);
  });
  await setStatus(e, set ? (purpose === 'revocation' ? 'revoked' : 'suspended') : 'active');
}

const verifyPasted = (json: string) =>
  submitMultipart(anonymous(), '/credentials/verify', '/credentials/verify', { json });

describe('the verification page of an endorsement', () => {
  test('says at the top that a valid credential is valid, then who holds what from whom, and each check', async () => {
    const page = await text(`/credentials/${jo.endorsement.id}`);
    assert.equal(page.status, 200);
    assert.match(
      page.text,
      /Valid: Jo Endorsee holds Infant Mental Health Specialist, endorsed by .+, until /,
    );
    assert.ok(page.text.indexOf('Valid: Jo Endorsee') < page.text.indexOf('What it says'));
    for (const words of [
      'Infant Mental Health Specialist (IMHS), Level III',
      `Number ${jo.endorsement.number}`,
      'Signature Holds',
      'Issuer key Known',
      'Status In force',
      'Dates Within its dates',
    ])
      assert.ok(page.text.includes(words), `shows "${words}"`);
    assert.match(page.body, new RegExp(`href="/credentials/${jo.endorsement.id}/credential.json"`));
    assert.match(page.body, /href="\/associations\/ct-aimh\/credentials\/IMHS"/);
    assert.match(page.body, /href="\/credentials\/verify"/);
  });

  test('an unknown endorsement is not found', async () => {
    assert.equal((await text('/credentials/no-such-endorsement')).status, 404);
  });

  test('says "Suspended" while suspended, "Valid" again once reinstated, and "Revoked" once revoked', async () => {
    const sam = await endorsee(t, 'Sam Suspended', 'sam.suspended@example.org');
    await flip(sam, 'suspension', true);
    let page = await text(`/credentials/${sam.endorsement.id}`);
    assert.match(page.text, /Suspended: .+ has suspended this endorsement/);
    assert.ok(page.text.includes('Status Suspended'));
    await flip(sam, 'suspension', false);
    assert.match((await text(`/credentials/${sam.endorsement.id}`)).text, /Valid: Sam Suspended holds/);
    await flip(sam, 'revocation', true);
    page = await text(`/credentials/${sam.endorsement.id}`);
    assert.match(page.text, /Revoked: .+ has revoked this endorsement/);
    assert.ok(page.text.includes('Status Revoked'));
  });

  test('says "Expired on …" once its valid-until date has passed', async () => {
    const old = await endorsee(t, 'Old Timer', 'old.timer@example.org');
    clock = new Date(Date.parse(`${old.endorsement.renewalDueOn}T00:00:00Z`) + 2 * 86_400_000);
    try {
      const page = await text(`/credentials/${old.endorsement.id}`);
      assert.match(page.text, /Expired on [A-Z][a-z]+ \d+, \d{4}/);
      assert.ok(page.text.includes('Dates Outside its dates'));
    } finally {
      clock = new Date();
    }
  });

  test("says what the association's records add: a transferred endorsement", async () => {
    const tess = await endorsee(t, 'Tess Transferred', 'tess.transferred@example.org');
    await setStatus(tess, 'transferred');
    const page = await text(`/credentials/${tess.endorsement.id}`);
    assert.match(page.text, /records say: Transferred/);
  });
});

describe('checking a credential file', () => {
  test('the form takes a file or pasted text', async () => {
    const page = await text('/credentials/verify');
    assert.equal(page.status, 200);
    assert.match(page.body, /enctype="multipart\/form-data"/);
    assert.match(page.body, /<input[^>]+type="file"/);
    assert.match(page.body, /<textarea[^>]+name="json"/);
  });

  test('a pasted credential gets the same verdict', async () => {
    const res = await verifyPasted(JSON.stringify(jo.credential));
    assert.equal(res.statusCode, 200);
    assert.match(pageText(res.body), /Valid: Jo Endorsee holds Infant Mental Health Specialist/);
    assert.match(pageText(res.body), new RegExp(`Number ${jo.endorsement.number}`));
  });

  test('an uploaded credential file gets the same verdict', async () => {
    const res = await submitMultipart(
      anonymous(),
      '/credentials/verify',
      '/credentials/verify',
      {},
      { file: { name: 'endorsement.json', bytes: Buffer.from(JSON.stringify(jo.credential)) } },
    );
    assert.equal(res.statusCode, 200);
    assert.match(pageText(res.body), /Valid: Jo Endorsee holds/);
  });

  test('a tampered credential: the signature does not match', async () => {
    const changed = structuredClone(jo.credential) as { credentialSubject: { name: string } };
    changed.credentialSubject.name = 'Someone Else';
    const res = await verifyPasted(JSON.stringify(changed));
    assert.equal(res.statusCode, 200);
    const shown = pageText(res.body);
    assert.match(shown, /Not valid: the signature does not match/);
    assert.ok(shown.includes('Signature Does not hold'));
    assert.ok(!shown.includes('Valid: Someone Else'));
  });

  test('a credential of another installation: Endorse cannot check this issuer', async () => {
    const foreign = structuredClone(jo.credential) as { issuer: { id: string } };
    foreign.issuer.id = 'did:web:endorse.elsewhere.example:associations:ct-aimh';
    const res = await verifyPasted(JSON.stringify(foreign));
    assert.equal(res.statusCode, 200);
    assert.match(pageText(res.body), /Endorse cannot check this issuer/);
    assert.ok(pageText(res.body).includes('Issuer key Unknown'));
  });

  test('text that is not JSON is refused, saying so, with the text kept', async () => {
    const res = await verifyPasted('{"type": ["VerifiableCredential"');
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /There is a problem/);
    assert.match(pageText(res.body), /The text is not JSON/);
    assert.match(
      res.body,
      /<textarea[^>]*>\{&quot;type&quot;: \[&quot;VerifiableCredential&quot;<\/textarea>/,
    );
  });

  test('JSON that is not a credential, one without a proof, nothing at all, and too much are each refused', async () => {
    const cases: [string, RegExp][] = [
      ['{"hello": "world"}', /The text is JSON but not a credential/],
      [JSON.stringify({ ...jo.credential, proof: undefined }), /a credential without a signature/],
      ['', /Choose a credential file, or paste its JSON/],
      [`"${'x'.repeat(300 * 1024)}"`, /larger than 256 KB/],
    ];
    for (const [json, message] of cases) {
      const res = await verifyPasted(json);
      assert.equal(res.statusCode, 400, String(message));
      assert.match(pageText(res.body), message);
    }
  });
});

describe('what a credential means', () => {
  test("the achievement page names the credential and its requirements, with an anchor for each alignment's domain", async () => {
    const achievement = (
      jo.credential.credentialSubject as { achievement: { id: string; alignment: { targetUrl: string }[] } }
    ).achievement;
    const path = new URL(achievement.id).pathname;
    assert.equal(path, '/associations/ct-aimh/credentials/IMHS');
    const page = await text(path);
    assert.equal(page.status, 200);
    assert.match(page.text, /Infant Mental Health Specialist \(IMHS\)/);
    assert.match(page.text, /Level III/);
    assert.match(page.text, /Requirements/);
    assert.match(page.text, /Source documents/);
    assert.ok(achievement.alignment.length > 0);
    for (const a of achievement.alignment) {
      const url = new URL(a.targetUrl);
      assert.equal(url.pathname, path);
      assert.match(page.body, new RegExp(`id="${url.hash.slice(1)}"`), `an anchor for ${a.targetUrl}`);
    }
  });

  test('an unknown association or credential is not found', async () => {
    assert.equal((await text('/associations/nowhere/credentials/IMHS')).status, 404);
    assert.equal((await text('/associations/ct-aimh/credentials/NOPE')).status, 404);
  });
});

describe('the registry', () => {
  let mi: { id: string };
  let listed: Endorsee;
  before(async () => {
    mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
    listed = await endorsee(t, 'Lee Listed', 'lee.listed@example.org', {
      slug: 'mi-aimh',
      credential: 'IFS',
    });
  });

  test('lists active, listed endorsements, each linking to its verification page', async () => {
    const page = await text('/registry');
    assert.equal(page.status, 200);
    assert.match(page.body, new RegExp(`<a href="/credentials/${listed.endorsement.id}">Lee Listed</a>`));
    assert.match(page.body, new RegExp(`<a href="/credentials/${jo.endorsement.id}">Jo Endorsee</a>`));
    assert.match(page.body, /href="\/credentials\/verify"/);
  });

  test('searches by name, credential code or name, and association slug or name, whatever the case', async () => {
    const ifs = 'Infant Family Specialist';
    for (const q of ['lee list', 'LEE', 'IFS', 'ifs', ifs.toLowerCase(), 'mi-aimh']) {
      const page = await text(`/registry?q=${encodeURIComponent(q)}`);
      assert.ok(page.text.includes('Lee Listed'), `"${q}" finds Lee`);
      assert.ok(!page.text.includes('Jo Endorsee'), `"${q}" does not find Jo`);
    }
    const ct = (await findAssociation(t.db.kysely, 'ct-aimh'))!;
    const byName = await text(`/registry?q=${encodeURIComponent(ct.name)}`);
    assert.ok(byName.text.includes('Jo Endorsee') && !byName.text.includes('Lee Listed'));
  });

  test('LIKE wildcards in a search are taken literally', async () => {
    for (const q of ['%', '_', 'Lee_Listed', '\\']) {
      const page = await text(`/registry?q=${encodeURIComponent(q)}`);
      assert.ok(!page.text.includes('Lee Listed'), `"${q}" matches nothing`);
      assert.match(page.text, /No endorsement matches/);
    }
  });

  test('never lists a suspended, revoked, lapsed, inactive, transferred or opted-out endorsement', async () => {
    const cases: [string, string, boolean][] = [
      ['Una Suspended', 'suspended', true],
      ['Una Revoked', 'revoked', true],
      ['Una Lapsed', 'lapsed', true],
      ['Una Inactive', 'inactive', true],
      ['Una Transferred', 'transferred', true],
      ['Una Unlisted', 'active', false],
    ];
    for (const [name, status, isListed] of cases) {
      const e = await endorsee(t, name, `${name.toLowerCase().replace(' ', '.')}@example.org`);
      await setStatus(e, status, isListed);
    }
    const page = await text('/registry?q=Una');
    assert.match(page.text, /No endorsement matches “Una”/);
    for (const [name] of cases) assert.ok(!page.text.includes(name), `${name} is not listed`);
  });

  test('pages of 25 with a count, next and previous links', async () => {
    const at = timestamp(clock);
    for (let i = 0; i < 27; i++) {
      const id = newId();
      await t.db.kysely
        .insertInto('user')
        .values({
          id,
          name: `Pat Paged ${String(i).padStart(2, '0')}`,
          email: `pat.paged.${i}@example.org`,
          emailVerified: authFlag(t.db.dialect, true),
          image: null,
          createdAt: authDate(t.db.dialect, clock),
          updatedAt: authDate(t.db.dialect, clock),
          isSiteAdmin: authFlag(t.db.dialect, false),
        } as never)
        .execute();
      await insertEndorsement(t.db.kysely, {
        associationId: mi.id,
        userId: id,
        applicationId: null,
        credential: 'IFA',
        category: null,
        grantedOn: at.slice(0, 10),
        renewalDueOn: addYears(at.slice(0, 10), 1),
        at,
      });
    }
    const first = await text('/registry?q=pat+paged');
    assert.match(first.text, /27 endorsements match “pat paged”; showing 1 to 25 \(page 1 of 2\)/);
    assert.equal((first.body.match(/<a href="\/credentials\/[0-9a-f-]{36}">/g) ?? []).length, 25);
    assert.ok(first.text.includes('Pat Paged 00') && !first.text.includes('Pat Paged 25'));
    assert.match(first.body, /<a href="\/registry\?q=pat\+paged&amp;page=2" rel="next">Next page<\/a>/);
    assert.ok(!first.body.includes('rel="prev"'));
    const second = await text('/registry?q=pat+paged&page=2');
    assert.match(second.text, /showing 26 to 27 \(page 2 of 2\)/);
    assert.ok(second.text.includes('Pat Paged 25') && second.text.includes('Pat Paged 26'));
    assert.match(second.body, /<a href="\/registry\?q=pat\+paged" rel="prev">Previous page<\/a>/);
    assert.ok(!second.body.includes('rel="next"'));
    // An unreadable page number is the first page.
    assert.match((await text('/registry?q=pat+paged&page=x')).text, /page 1 of 2/);
    // A page past the end is the last page.
    assert.match((await text('/registry?q=pat+paged&page=9')).text, /showing 26 to 27 \(page 2 of 2\)/);
  });
});

describe('the lookup by number', () => {
  const lookup = (slug: string, number: number | string) =>
    t.app.inject(`/api/v1/registry/${slug}/${number}`);

  test('answers without a token: what the endorsement is, its status, and where to verify it', async () => {
    const res = await lookup('ct-aimh', jo.endorsement.number);
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.deepEqual(
      { ...body, associationName: undefined },
      {
        number: jo.endorsement.number,
        association: 'ct-aimh',
        associationName: undefined,
        credential: 'IMHS',
        credentialName: 'Infant Mental Health Specialist',
        level: 3,
        name: 'Jo Endorsee',
        status: 'active',
        grantedOn: jo.endorsement.grantedOn,
        validUntil: jo.endorsement.renewalDueOn,
        verification: `${t.product.config.baseUrl}/credentials/${jo.endorsement.id}`,
        credentialJson: `${t.product.config.baseUrl}/credentials/${jo.endorsement.id}/credential.json`,
      },
    );
    const served = await t.app.inject(new URL(body.credentialJson).pathname);
    assert.equal(served.statusCode, 200);
  });

  test('an endorsement the registry does not list answers with its status, without the name', async () => {
    const una = await endorsee(t, 'Ula Optedout', 'ula.optedout@example.org');
    await setStatus(una, 'active', false);
    const body = (await lookup('ct-aimh', una.endorsement.number)).json();
    assert.equal(body.status, 'active');
    assert.equal(body.name, null);
    await setStatus(una, 'revoked', true);
    const revoked = (await lookup('ct-aimh', una.endorsement.number)).json();
    assert.equal(revoked.status, 'revoked');
    assert.equal(revoked.name, null);
  });

  test('an unknown number or association answers 404 with the API error body', async () => {
    for (const [slug, number] of [
      ['ct-aimh', 999_999],
      ['nowhere', 1],
      ['ct-aimh', 'abc'],
    ] as const) {
      const res = await lookup(slug, number);
      assert.equal(res.statusCode, 404, `${slug}/${number}`);
      assert.equal(res.json().error, 'not_found');
    }
  });

  test('is in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/docs/json')).json();
    assert.ok(doc.paths['/api/v1/registry/{slug}/{number}']?.get);
  });
});
