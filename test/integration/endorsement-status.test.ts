// The association's coordinators and its endorsements: the list (search,
// status, pages), one endorsement's page, suspending, reinstating and
// revoking (the credential's status bit flipped in the same transaction, the
// history, the audit and the endorsee's mail), two revocations at once, and
// accepting an endorsement transferred from another association.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { auditOf as auditEntries } from '../../src/db/repositories/audit.ts';
import {
  changeEndorsementStatus,
  endorsementEvents,
  findEndorsement,
  insertEndorsement,
} from '../../src/db/repositories/endorsements.ts';
import { timestamp } from '../../src/db/portable.ts';
import { currentCredential, verifyCredential } from '../../src/services/credentials.ts';
import {
  reinstateEndorsement,
  revokeEndorsement,
  suspendEndorsement,
} from '../../src/services/endorsement-status.ts';
import { acceptTransfer } from '../../src/services/endorsement-transfer.ts';
import { AppError, DomainError } from '../../src/services/errors.ts';
import { endorsee, type Endorsee } from '../helpers/endorsement.ts';
import { type Staff, staffMember } from '../helpers/exam.ts';
import { pageText, startApp, type TestApp } from '../helpers/http.ts';
import { submitMultipart } from '../helpers/portfolio-http.ts';

let t: TestApp;
let ctCoordinator: Staff;
let miCoordinator: Staff;
let ct: { id: string; slug: string };
let mi: { id: string; slug: string };

before(async () => {
  t = await startApp({ rateLimit: 100_000 });
  ctCoordinator = await staffMember(t, 'ct-aimh', 'Cam Coordinator', 'cam@example.org', ['coordinator']);
  miCoordinator = await staffMember(t, 'mi-aimh', 'Mia Coordinator', 'mia@example.org', ['coordinator']);
  ct = (await findAssociation(t.db.kysely, 'ct-aimh'))!;
  mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
});
after(() => t.close());

const pageOf = (slug: string, id: string) => `/associations/${slug}/endorsements/${id}`;
const verdictOf = async (credential: unknown) => (await verifyCredential(t.product, credential)).verdict;
const statusOf = async (id: string) => (await findEndorsement(t.db.kysely, id))!.status;
const auditOf = async (id: string) =>
  (await auditEntries(t.db.kysely, 'endorsement', [id])).map((e) => e.action);
async function mailTo(email: string): Promise<string> {
  const mine = (await t.mail()).filter((m) => new RegExp(`^To: .*${email}`, 'im').test(m));
  return mine.at(-1) ?? '';
}
/** Sends a step's form from the endorsement's page. */
const send = (who: Staff, slug: string, id: string, step: string, form: Record<string, string>) =>
  who.browser.submit(pageOf(slug, id), `${pageOf(slug, id)}/${step}`, form);

describe('suspending, reinstating and revoking', () => {
  let jo: Endorsee;
  before(async () => {
    jo = await endorsee(t, 'Jo Endorsee', 'jo@example.org');
  });

  test('the page shows the endorsee, the credential, its verification address, the history and the forms', async () => {
    const res = await ctCoordinator.browser.get(pageOf('ct-aimh', jo.endorsement.id));
    assert.equal(res.statusCode, 200);
    const text = pageText(res.body);
    for (const words of [
      'Jo Endorsee',
      'jo@example.org',
      `number ${jo.endorsement.number}`,
      'Infant Mental Health Specialist',
      'Active',
      'Listed',
      'Granted',
      jo.endorsement.renewalDueOn,
      'Suspend the endorsement',
      'Revoke the endorsement',
      'I understand that the revocation is final.',
    ])
      assert.ok(text.includes(words), `the page shows ${words}`);
    assert.ok(
      res.body.includes(`href="/credentials/${jo.endorsement.id}"`),
      'links to the verification page',
    );
    assert.ok(!text.includes('Reinstate the endorsement'), 'an active endorsement cannot be reinstated');
  });

  test('a suspension needs a reason: the form comes back saying so', async () => {
    const res = await send(ctCoordinator, 'ct-aimh', jo.endorsement.id, 'suspend', { reason: '  ' });
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /Enter the reason for the suspension/);
    assert.ok(res.body.includes('href="#suspend-reason"'), 'the summary links to the field');
    assert.equal(await statusOf(jo.endorsement.id), 'active');
  });

  test('suspend: status, history, audit, the suspension bit, the endorsee told why', async () => {
    const res = await send(ctCoordinator, 'ct-aimh', jo.endorsement.id, 'suspend', {
      reason: 'The supervision hours are being checked.',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, pageOf('ct-aimh', jo.endorsement.id));
    assert.equal(await statusOf(jo.endorsement.id), 'suspended');
    assert.equal(await verdictOf(jo.credential), 'suspended');
    const events = await endorsementEvents(t.db.kysely, jo.endorsement.id);
    assert.deepEqual(
      events.map((e) => [e.kind, e.reason, e.actorName]),
      [
        ['granted', null, null],
        ['suspended', 'The supervision hours are being checked.', 'Cam Coordinator'],
      ],
    );
    assert.ok((await auditOf(jo.endorsement.id)).includes('endorsement.suspend'));
    const mail = await mailTo('jo@example.org');
    assert.match(mail, /Subject: Your Infant Mental Health Specialist endorsement: suspended/);
    assert.match(mail, /The reason given: The supervision hours are being checked\./);
    assert.match(mail, /A suspension can be lifted/);
    const page = pageText((await ctCoordinator.browser.get(pageOf('ct-aimh', jo.endorsement.id))).body);
    assert.match(page, /The endorsement is suspended, and the endorsee has been told\./);
    assert.match(page, /Not listed while suspended/);
    assert.match(page, /Suspended.*Cam Coordinator.*The supervision hours are being checked\./s);
    assert.ok(page.includes('Reinstate the endorsement') && !page.includes('Suspend the endorsement'));
  });

  test('a suspended endorsement cannot be suspended again', async () => {
    await assert.rejects(
      suspendEndorsement(ctCoordinator.actor, jo.endorsement.id, ct.id, 'Again', t.product),
      (e: unknown) => e instanceof DomainError && e.domainCode === 'ENDORSEMENT_STATE_FORBIDS',
    );
  });

  test('reinstate (no reason needed): active again, and the credential valid again', async () => {
    const res = await send(ctCoordinator, 'ct-aimh', jo.endorsement.id, 'reinstate', { reason: '' });
    assert.equal(res.statusCode, 303);
    assert.equal(await statusOf(jo.endorsement.id), 'active');
    assert.equal(await verdictOf(jo.credential), 'valid');
    assert.ok((await auditOf(jo.endorsement.id)).includes('endorsement.reinstate'));
    assert.match(await mailTo('jo@example.org'), /it is active again/);
  });

  test('revoke: a reason and the confirmation are asked for, and what was typed is kept', async () => {
    const res = await send(ctCoordinator, 'ct-aimh', jo.endorsement.id, 'revoke', {
      reason: 'Practice outside the code of ethics.',
    });
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /Tick the box to confirm that the revocation is final/);
    assert.ok(res.body.includes('Practice outside the code of ethics.'), 'the reason typed is kept');
    const none = await send(ctCoordinator, 'ct-aimh', jo.endorsement.id, 'revoke', { confirm: 'yes' });
    assert.equal(none.statusCode, 400);
    assert.match(pageText(none.body), /Enter the reason for the revocation/);
    assert.equal(await statusOf(jo.endorsement.id), 'active');
  });

  test('revoke: final, the revocation bit set, told to the endorsee; it cannot be reinstated', async () => {
    const res = await send(ctCoordinator, 'ct-aimh', jo.endorsement.id, 'revoke', {
      reason: 'Practice outside the code of ethics.',
      confirm: 'yes',
    });
    assert.equal(res.statusCode, 303);
    assert.equal(await statusOf(jo.endorsement.id), 'revoked');
    assert.equal(await verdictOf(jo.credential), 'revoked');
    assert.ok((await auditOf(jo.endorsement.id)).includes('endorsement.revoke'));
    assert.match(await mailTo('jo@example.org'), /has revoked your .* A revocation is final\./s);
    const page = pageText((await ctCoordinator.browser.get(pageOf('ct-aimh', jo.endorsement.id))).body);
    assert.ok(!/Reinstate the endorsement|Suspend the endorsement|Revoke the endorsement/.test(page));
    // A form sent from an older copy of the page is refused with why.
    const stale = await ctCoordinator.browser.post(`${pageOf('ct-aimh', jo.endorsement.id)}/reinstate`, {
      _csrf: /name="_csrf" value="([^"]+)"/.exec(
        (await ctCoordinator.browser.get(`/associations/ct-aimh/endorsements`)).body,
      )![1]!,
    });
    assert.equal(stale.statusCode, 409);
    assert.match(pageText(stale.body), /A revoked endorsement cannot be reinstated: a revocation is final/);
    await assert.rejects(
      reinstateEndorsement(ctCoordinator.actor, jo.endorsement.id, ct.id, undefined, t.product),
      (e: unknown) => e instanceof DomainError && e.domainCode === 'ENDORSEMENT_STATE_FORBIDS',
    );
    assert.equal(await verdictOf(jo.credential), 'revoked');
  });

  test("another association's coordinator finds nothing there, at either address", async () => {
    const ann = await endorsee(t, 'Ann Other', 'ann@example.org');
    for (const slug of ['mi-aimh', 'ct-aimh']) {
      const page = await miCoordinator.browser.get(pageOf(slug, ann.endorsement.id));
      assert.equal(page.statusCode, 404, slug);
    }
    const csrf = /name="_csrf" value="([^"]+)"/.exec(
      (await miCoordinator.browser.get('/associations/mi-aimh/endorsements')).body,
    )![1]!;
    for (const slug of ['mi-aimh', 'ct-aimh']) {
      const res = await miCoordinator.browser.post(`${pageOf(slug, ann.endorsement.id)}/suspend`, {
        _csrf: csrf,
        reason: 'Not mine to suspend',
      });
      assert.equal(res.statusCode, 404, slug);
      assert.ok(!res.body.includes('Ann Other'));
    }
    await assert.rejects(
      revokeEndorsement(miCoordinator.actor, ann.endorsement.id, mi.id, 'No', t.product),
      (e: unknown) => e instanceof AppError && e.code === 'not_found',
    );
    assert.equal(await statusOf(ann.endorsement.id), 'active');
  });

  test('two revocations at once: one wins, the other is refused, and the history has one', async () => {
    const bo = await endorsee(t, 'Bo Twice', 'bo@example.org');
    const both = await Promise.allSettled([
      revokeEndorsement(ctCoordinator.actor, bo.endorsement.id, ct.id, 'First', t.product),
      revokeEndorsement(ctCoordinator.actor, bo.endorsement.id, ct.id, 'Second', t.product),
    ]);
    assert.equal(both.filter((r) => r.status === 'fulfilled').length, 1);
    const lost = both.find((r) => r.status === 'rejected')!.reason as unknown;
    assert.ok(
      lost instanceof DomainError &&
        ['ENDORSEMENT_STATUS_CHANGED', 'ENDORSEMENT_STATE_FORBIDS'].includes(lost.domainCode),
      String(lost),
    );
    const revoked = (await endorsementEvents(t.db.kysely, bo.endorsement.id)).filter(
      (e) => e.kind === 'revoked',
    );
    assert.equal(revoked.length, 1);
    assert.equal((await auditOf(bo.endorsement.id)).filter((a) => a === 'endorsement.revoke').length, 1);
    assert.equal(await verdictOf(bo.credential), 'revoked');
  });

  test('a status changed meanwhile is not overwritten', async () => {
    const cy = await endorsee(t, 'Cy Raced', 'cy@example.org');
    const at = timestamp();
    assert.equal(
      await changeEndorsementStatus(t.db.kysely, cy.endorsement.id, 'active', 'suspended', at),
      true,
    );
    assert.equal(
      await changeEndorsementStatus(t.db.kysely, cy.endorsement.id, 'active', 'revoked', at),
      false,
    );
    assert.equal(await statusOf(cy.endorsement.id), 'suspended');
  });
});

describe('the list', () => {
  // Pat holds 27 endorsements of alliance (numbers 1…27); Quinn one; Pat's 3rd is suspended.
  before(async () => {
    const pat = await endorsee(t, 'Pat Many', 'pat@example.org', { slug: 'alliance', credential: 'IMHM-C' });
    const quinn = await endorsee(t, 'Quinn Single', 'quinn@example.org', {
      slug: 'alliance',
      credential: 'IMHM-P',
    });
    const alliance = (await findAssociation(t.db.kysely, 'alliance'))!;
    const at = timestamp();
    for (let i = 0; i < 26; i++)
      await insertEndorsement(t.db.kysely, {
        associationId: alliance.id,
        userId: pat.userId,
        applicationId: null,
        credential: 'IMHM-C',
        category: null,
        grantedOn: at.slice(0, 10),
        renewalDueOn: pat.endorsement.renewalDueOn,
        at,
      });
    const third = await t.db.kysely
      .selectFrom('endorsement')
      .select('id')
      .where('association_id', '=', alliance.id)
      .where('number', '=', 3)
      .executeTakeFirstOrThrow();
    await changeEndorsementStatus(t.db.kysely, third.id, 'active', 'suspended', at);
    assert.equal(quinn.endorsement.number, 2);
  });

  let alli: Staff;
  const rows = (html: string) =>
    [...html.matchAll(/<td data-label="Number">[\s\S]*?(\d+)<\/a>/g)].map((m) => Number(m[1]));

  test('pages of 25, the latest number first, with links to the next and previous', async () => {
    alli = await staffMember(t, 'alliance', 'Al Coordinator', 'al@example.org', ['coordinator']);
    const first = await alli.browser.get('/associations/alliance/endorsements');
    assert.equal(first.statusCode, 200);
    assert.deepEqual(
      rows(first.body),
      Array.from({ length: 25 }, (_, i) => 28 - i),
    );
    assert.match(pageText(first.body), /28 endorsements; page 1 of 2\./);
    assert.ok(first.body.includes('href="/associations/alliance/endorsements?page=2"'));
    const second = await alli.browser.get('/associations/alliance/endorsements?page=2');
    assert.deepEqual(rows(second.body), [3, 2, 1]);
    assert.ok(second.body.includes('Previous page'));
  });

  test('search by name, e-mail or number; filter by status; the filters kept in the page links', async () => {
    const byName = await alli.browser.get('/associations/alliance/endorsements?q=quinn');
    assert.deepEqual(rows(byName.body), [2]);
    const byEmail = await alli.browser.get('/associations/alliance/endorsements?q=QUINN%40example');
    assert.deepEqual(rows(byEmail.body), [2]);
    const byNumber = await alli.browser.get('/associations/alliance/endorsements?q=17');
    assert.deepEqual(rows(byNumber.body), [17]);
    const suspended = await alli.browser.get('/associations/alliance/endorsements?status=suspended');
    assert.deepEqual(rows(suspended.body), [3]);
    assert.match(pageText(suspended.body), /1 endorsement match\./);
    const pat = await alli.browser.get('/associations/alliance/endorsements?q=pat&status=active');
    assert.equal(rows(pat.body).length, 25);
    assert.ok(
      pat.body.includes('href="/associations/alliance/endorsements?q=pat&amp;status=active&amp;page=2"'),
    );
    const none = await alli.browser.get('/associations/alliance/endorsements?q=nobody');
    assert.match(pageText(none.body), /No endorsements match\./);
  });

  test('a status or page that does not exist is said so on the page', async () => {
    const res = await alli.browser.get('/associations/alliance/endorsements?status=lost&page=0');
    assert.equal(res.statusCode, 400);
    assert.match(pageText(res.body), /Choose a status from the list/);
    assert.match(pageText(res.body), /The page must be 1 or more/);
  });

  test("the association's staff navigation links to it; another association's list is not there", async () => {
    const home = await alli.browser.get('/');
    assert.ok(home.body.includes('href="/associations/alliance/endorsements"'));
    assert.equal((await alli.browser.get('/associations/ct-aimh/endorsements')).statusCode, 404);
  });
});

describe('transfer (reciprocity)', () => {
  const transferUrl = '/associations/mi-aimh/endorsements/transfer';
  const paste = (credential: unknown, email: string, who: Staff = miCoordinator, url = transferUrl) =>
    who.browser.submit(url, url, { email, json: JSON.stringify(credential) });
  const refusal = async (res: { statusCode: number; body: string }, words: RegExp) => {
    assert.equal(res.statusCode, 400, pageText(res.body).slice(0, 400));
    assert.ok(new RegExp(words.source, 'i').test(pageText(res.body)), `the page says ${words.source}`);
  };

  test('accepted: the first becomes transferred and stops verifying; the new one is valid, issued here', async () => {
    const dee = await endorsee(t, 'Dee Mover', 'dee@example.org');
    const res = await submitMultipart(
      miCoordinator.browser,
      transferUrl,
      transferUrl,
      { email: 'DEE@example.org ' },
      {
        file: {
          name: 'credential.json',
          bytes: Buffer.from(JSON.stringify(dee.credential)),
          type: 'application/json',
        },
      },
    );
    assert.equal(res.statusCode, 303, pageText(res.body).slice(0, 500));
    const newId = String(res.headers.location).split('/').at(-1)!;
    assert.equal(res.headers.location, pageOf('mi-aimh', newId));
    const created = (await findEndorsement(t.db.kysely, newId))!;
    assert.equal(created.associationId, mi.id);
    assert.equal(created.userId, dee.userId);
    assert.equal(created.status, 'active');
    assert.equal(created.transferredFrom, dee.endorsement.id);
    assert.equal(created.renewalDueOn, dee.endorsement.renewalDueOn);
    assert.equal(await statusOf(dee.endorsement.id), 'transferred');
    assert.equal(await verdictOf(dee.credential), 'revoked');
    const issued = (await currentCredential(t.product, newId))!;
    const verified = await verifyCredential(t.product, issued.document);
    assert.equal(verified.verdict, 'valid');
    assert.equal(verified.association?.slug, 'mi-aimh');
    assert.equal(verified.claims.subjectName, 'Dee Mover');
    assert.deepEqual(
      (await endorsementEvents(t.db.kysely, dee.endorsement.id)).map((e) => [e.kind, e.actorName]),
      [
        ['granted', null],
        ['transferred', 'Mia Coordinator'],
      ],
    );
    assert.deepEqual(
      (await endorsementEvents(t.db.kysely, newId)).map((e) => [e.kind, e.reason]),
      [
        [
          'transferred-in',
          `Transferred from ${(await findAssociation(t.db.kysely, 'ct-aimh'))!.name}, number ${dee.endorsement.number}`,
        ],
      ],
    );
    assert.ok((await auditOf(dee.endorsement.id)).includes('endorsement.transfer'));
    assert.ok((await auditOf(newId)).includes('endorsement.accept-transfer'));
    assert.match(
      await mailTo('dee@example.org'),
      /has accepted your Infant Mental Health Specialist endorsement/,
    );
    const page = pageText((await miCoordinator.browser.get(pageOf('mi-aimh', newId))).body);
    assert.match(page, /Transferred from/);
    const old = pageText((await ctCoordinator.browser.get(pageOf('ct-aimh', dee.endorsement.id))).body);
    assert.match(old, /Transferred to/);
    // The same credential again: its endorsement is transferred already.
    await refusal(
      await paste(dee.credential, 'dee@example.org'),
      /the credential is not valid: the association that issued it has revoked it/,
    );
  });

  test('refused: a credential that is not valid, and why', async () => {
    const eve = await endorsee(t, 'Eve Suspended', 'eve@example.org');
    await suspendEndorsement(ctCoordinator.actor, eve.endorsement.id, ct.id, 'Checking', t.product);
    await refusal(await paste(eve.credential, 'eve@example.org'), /has suspended it/);
    const tampered = { ...eve.credential, validUntil: '2099-12-31T23:59:59Z' };
    await refusal(
      await paste(tampered, 'eve@example.org'),
      /the credential is not valid: its signature does not hold/,
    );
    await refusal(await paste({ hello: 'world' }, 'eve@example.org'), /not an endorsement credential/);
    assert.equal(await statusOf(eve.endorsement.id), 'suspended');
  });

  test('refused: one issued by the receiving association itself', async () => {
    const fay = await endorsee(t, 'Fay Stays', 'fay@example.org', { slug: 'mi-aimh' });
    await refusal(
      await paste(fay.credential, 'fay@example.org'),
      /issued this credential itself: there is nothing to transfer/,
    );
  });

  test('refused: an e-mail that is not the one it was issued to', async () => {
    const gus = await endorsee(t, 'Gus Guarded', 'gus@example.org');
    const res = await paste(gus.credential, 'someone.else@example.org');
    await refusal(res, /this e-mail address is not the one the credential was issued to/);
    assert.ok(res.body.includes('value="someone.else@example.org"'), 'what was typed is kept');
    assert.ok(res.body.includes('href="#email"'));
    assert.equal(await statusOf(gus.endorsement.id), 'active');
  });

  test('refused: nobody has an account with the e-mail', async () => {
    const hal = await endorsee(t, 'Hal Renamed', 'hal@example.org');
    await t.db.kysely
      .updateTable('user')
      .set({ email: 'hal.new@example.org' })
      .where('id', '=', hal.userId)
      .execute();
    await refusal(
      await paste(hal.credential, 'hal@example.org'),
      /nobody has an account here with this e-mail address/,
    );
  });

  test('refused: a credential the receiving association does not offer', async () => {
    const ivy = await endorsee(t, 'Ivy Early', 'ivy@example.org', {
      slug: 'alliance',
      credential: 'ECMHM-C',
    });
    await refusal(await paste(ivy.credential, 'ivy@example.org'), /does not offer the ECMHM-C credential/);
  });

  test('refused: no credential, or text that is not JSON, said at the field', async () => {
    const empty = await miCoordinator.browser.submit(transferUrl, transferUrl, { email: 'x@example.org' });
    await refusal(empty, /Choose the credential file, or paste its JSON below/);
    const bad = await miCoordinator.browser.submit(transferUrl, transferUrl, {
      email: 'x@example.org',
      json: '{nope',
    });
    await refusal(bad, /The pasted text is not valid JSON/);
    assert.ok(bad.body.includes('{nope'), 'the pasted text is kept');
  });

  test('only the receiving association’s coordinators: the service refuses anyone else as not found', async () => {
    const jay = await endorsee(t, 'Jay Kept', 'jay@example.org');
    await assert.rejects(
      acceptTransfer(
        ctCoordinator.actor,
        { associationId: mi.id, credential: jay.credential, email: jay.email },
        t.product,
      ),
      (e: unknown) => e instanceof AppError && e.code === 'not_found',
    );
    assert.equal((await t.browser().get(transferUrl)).statusCode, 303);
    assert.equal(await statusOf(jay.endorsement.id), 'active');
  });
});
