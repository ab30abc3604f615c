// What the endorsee receives: the certificate holds the right words and a QR
// code that decodes to the verification address; the letter says what was
// granted, what renewal asks and where to verify; the account page lists
// the endorsements with their papers; the registry choice flips, audited and
// in the history; only the endorsee and the association's coordination may
// have the papers, everyone else finds nothing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { auditOf } from '../../src/db/repositories/audit.ts';
import { findEndorsement } from '../../src/db/repositories/endorsements.ts';
import { longDate } from '../../src/domain/references.ts';
import { describe as describeCredential } from '../../src/index.ts';
import { credentialAddresses } from '../../src/services/credentials.ts';
import { type Endorsee, endorsee } from '../helpers/endorsement.ts';
import { staffMember } from '../helpers/exam.ts';
import { csrfToken, pageText, startApp, type TestApp } from '../helpers/http.ts';
import { pdfQrCodes, pdfText } from '../helpers/pdf.ts';

let t: TestApp;
let ada: Endorsee;
before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  ada = await endorsee(t, 'Ada Certified', 'ada.certified@example.org', {
    slug: 'ct-aimh',
    credential: 'IMHS',
  });
});
after(() => t.close());

describe('the certificate', () => {
  test('holds the association, the endorsee, the credential and its level, the number, the dates and the address', async () => {
    const res = await ada.browser.get(`/endorsements/${ada.endorsement.id}/certificate.pdf`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    assert.match(String(res.headers['content-disposition']), /endorsement-1-certificate\.pdf/);
    const text = await pdfText(res.rawPayload);
    const e = ada.endorsement;
    for (const expected of [
      'Connecticut Association for Infant Mental Health',
      'CT-AIMH',
      'Certificate of Endorsement',
      'Ada Certified',
      'Infant Mental Health Specialist',
      'Level III',
      `Endorsement number ${e.number}`,
      `Granted ${longDate(e.grantedOn)}`,
      `Renewal due ${longDate(e.renewalDueOn)}`,
      credentialAddresses(t.product).verification(e.id),
    ])
      assert.ok(text.includes(expected), `the certificate says "${expected}" (it says: ${text})`);
  });

  test('its QR code decodes to the verification address', async () => {
    const res = await ada.browser.get(`/endorsements/${ada.endorsement.id}/certificate.pdf`);
    assert.deepEqual(await pdfQrCodes(res.rawPayload), [
      credentialAddresses(t.product).verification(ada.endorsement.id),
    ]);
  });
});

describe('who may have the papers', () => {
  test("the endorsee and the association's coordinators; another person and another association's coordinator find nothing", async () => {
    const cora = await staffMember(t, 'ct-aimh', 'Cora Papers', 'cora.papers@example.org', ['coordinator']);
    const milo = await staffMember(t, 'mi-aimh', 'Milo Elsewhere', 'milo.elsewhere@example.org', [
      'coordinator',
    ]);
    const other = await endorsee(t, 'Olga Other', 'olga.other@example.org', { slug: 'ct-aimh' });
    const id = ada.endorsement.id;
    const urls = [`/endorsements/${id}/certificate.pdf`, `/endorsements/${id}/letter`];
    for (const url of urls) {
      assert.equal((await ada.browser.get(url)).statusCode, 200, `the endorsee: ${url}`);
      assert.equal((await cora.browser.get(url)).statusCode, 200, `a coordinator of ct-aimh: ${url}`);
      for (const [who, browser] of [
        ['another endorsee', other.browser],
        ["mi-aimh's coordinator", milo.browser],
      ] as const) {
        const res = await browser.get(url);
        assert.equal(res.statusCode, 404, `${who}: ${url}`);
        assert.ok(!res.body.includes('Ada Certified'), `${who} is not told whose it is`);
      }
      const nobody = await t.browser().get(url);
      assert.equal(nobody.statusCode, 303, 'someone not signed in is asked to sign in');
      assert.match(String(nobody.headers.location), /^\/sign-in/);
    }
    assert.equal((await ada.browser.get('/endorsements/no-such-endorsement/letter')).statusCode, 404);
  });
});

describe('the letter', () => {
  test('congratulates in the association name, says what was granted, what renewal asks and where to verify', async () => {
    const res = await ada.browser.get(`/endorsements/${ada.endorsement.id}/letter`);
    assert.equal(res.statusCode, 200);
    const text = pageText(res.body);
    const e = ada.endorsement;
    const address = credentialAddresses(t.product).verification(e.id);
    for (const expected of [
      'On behalf of Connecticut Association for Infant Mental Health (CT-AIMH), congratulations',
      'Infant Mental Health Specialist, Level III',
      `Endorsement number ${e.number}`,
      `Granted ${longDate(e.grantedOn)}`,
      `Renewal due ${longDate(e.renewalDueOn)}`,
      address,
    ])
      assert.ok(text.includes(expected), `the letter says "${expected}"`);
    const renewal = describeCredential({
      association: 'ct-aimh',
      credential: 'IMHS',
      on: e.grantedOn,
    }).renewal;
    assert.ok(renewal.length > 0);
    for (const r of renewal) assert.ok(text.includes(r.text), `renewal asks: ${r.text}`);
    assert.ok(res.body.includes(`href="/endorsements/${e.id}/certificate.pdf"`));
    assert.match(
      res.body,
      new RegExp(`href="/credentials/${e.id}/credential.json" download="endorsement-1.json"`),
    );
  });
});

describe('the account page', () => {
  test("lists the endorsee's endorsements with status, dates and every paper", async () => {
    const res = await ada.browser.get('/account');
    assert.equal(res.statusCode, 200);
    const text = pageText(res.body);
    const e = ada.endorsement;
    assert.match(text, /Your endorsements/);
    assert.match(text, /Infant Mental Health Specialist, Level III/);
    assert.ok(text.includes(`Endorsement number ${e.number}`));
    assert.match(text, /Status Active/);
    assert.ok(text.includes(`Renewal due ${longDate(e.renewalDueOn)}`));
    for (const href of [
      `/endorsements/${e.id}/certificate.pdf`,
      `/endorsements/${e.id}/letter`,
      `/credentials/${e.id}/credential.json`,
      `/credentials/${e.id}"`,
    ])
      assert.ok(res.body.includes(`href="${href}`), `links to ${href}`);
    assert.match(res.body, /download="endorsement-1\.json"/);
    assert.match(res.body, /<legend>List this endorsement in the public registry\?<\/legend>/);
  });

  test('someone without an endorsement sees no such section', async () => {
    const b = t.browser();
    await b.signUp({ name: 'Nell None', email: 'nell.none@example.org' });
    assert.doesNotMatch(pageText((await b.get('/account')).body), /Your endorsements/);
  });
});

describe('the registry choice', () => {
  test('the endorsee flips it, audited and in the history; nobody else can', async () => {
    const e = ada.endorsement;
    const action = `/endorsements/${e.id}/listing`;
    const left = await ada.browser.submit('/account', action, { listed: 'no' });
    assert.equal(left.statusCode, 303);
    assert.equal((await findEndorsement(t.db.kysely, e.id))!.listed, false);
    const page = await ada.browser.open(String(left.headers.location));
    assert.match(pageText(page.body), /left out of the public registry/);
    assert.match(page.body, /value="no"[^>]*checked/);

    const back = await ada.browser.submit('/account', action, { listed: 'yes' });
    assert.equal(back.statusCode, 303);
    assert.equal((await findEndorsement(t.db.kysely, e.id))!.listed, true);

    const audit = (await auditOf(t.db.kysely, 'endorsement', [e.id])).filter(
      (a) => a.action === 'endorsement.choose-listing',
    );
    assert.deepEqual(
      audit.map((a) => a.after),
      [{ listed: false }, { listed: true }],
    );
    const events = await t.db.kysely
      .selectFrom('endorsement_event')
      .select(['kind', 'actor_id'])
      .where('endorsement_id', '=', e.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    assert.deepEqual(
      events.filter((x) => x.kind !== 'granted'),
      [
        { kind: 'unlisted', actor_id: ada.userId },
        { kind: 'listed', actor_id: ada.userId },
      ],
    );

    // A coordinator may have the papers but not choose for the endorsee.
    const cora = await staffMember(t, 'ct-aimh', 'Cora Chooser', 'cora.chooser@example.org', ['coordinator']);
    const csrf = csrfToken((await cora.browser.get('/account')).body);
    const refused = await cora.browser.post(action, { _csrf: csrf, listed: 'no' });
    assert.equal(refused.statusCode, 404);
    assert.equal((await findEndorsement(t.db.kysely, e.id))!.listed, true);
  });

  test('a choice that is neither yes nor no is refused, saying what to choose', async () => {
    const csrf = csrfToken((await ada.browser.get('/account')).body);
    const res = await ada.browser.post(`/endorsements/${ada.endorsement.id}/listing`, {
      _csrf: csrf,
      listed: 'maybe',
    });
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /Choose whether the public registry lists this endorsement/);
    assert.equal((await findEndorsement(t.db.kysely, ada.endorsement.id))!.listed, true);
  });
});
