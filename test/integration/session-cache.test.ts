// Who a session cookie signs in is kept for a few seconds (src/http/plugins/
// session-cache.ts): a change made in this process shows on the very next
// request; one made by another process sharing the database, within
// SESSION_CACHE_SECONDS; and a session is never used past its expiry.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { insertEndorsement } from '../../src/db/repositories/endorsements.ts';
import { findPersonByEmail, setMembershipRoles } from '../../src/db/repositories/people.ts';
import { SESSION_CACHE_SECONDS, SessionCache, type SignedIn } from '../../src/http/plugins/session-cache.ts';
import { startApp, type TestApp } from '../helpers/http.ts';

let t: TestApp;
before(async () => {
  t = await startApp();
});
after(async () => {
  await t?.close();
});

const navOf = (html: string) => /<nav aria-label="Main">([\s\S]*?)<\/nav>/.exec(html)?.[1] ?? '';
const coordinatorLink = /href="\/associations\/mi-aimh\/applications"/;
const renewalsLink = /<a href="\/renewals"[^>]*>My renewals<\/a>/;

describe('the signed-in person, kept for a few seconds', () => {
  test('a role given or taken in this process shows on the very next page', async () => {
    const b = t.browser();
    await b.signUp({ email: 'kept@example.org' });
    const person = (await findPersonByEmail(t.db.kysely, 'kept@example.org'))!;
    const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
    assert.doesNotMatch(navOf((await b.get('/')).body), coordinatorLink);
    assert.equal((await b.get('/associations/mi-aimh/applications')).statusCode, 404);

    await setMembershipRoles(t.db.kysely, t.db.dialect, mi.id, person.id, 'coordinator');
    assert.match(navOf((await b.get('/')).body), coordinatorLink);
    assert.equal((await b.get('/associations/mi-aimh/applications')).statusCode, 200);

    await setMembershipRoles(t.db.kysely, t.db.dialect, mi.id, person.id, '');
    assert.doesNotMatch(navOf((await b.get('/')).body), coordinatorLink);
    assert.equal((await b.get('/associations/mi-aimh/applications')).statusCode, 404);
  });

  test('an endorsement granted in this process leads to the renewals from the very next page', async () => {
    const b = t.browser();
    await b.signUp({ email: 'granted@example.org' });
    const person = (await findPersonByEmail(t.db.kysely, 'granted@example.org'))!;
    const ct = (await findAssociation(t.db.kysely, 'ct-aimh'))!;
    assert.doesNotMatch(navOf((await b.get('/')).body), renewalsLink);

    await insertEndorsement(t.db.kysely, {
      associationId: ct.id,
      userId: person.id,
      applicationId: null,
      credential: 'IMHS',
      category: null,
      grantedOn: '2026-03-01',
      renewalDueOn: '2027-03-01',
      at: '2026-03-01T12:00:00.000Z',
    });
    assert.match(navOf((await b.get('/')).body), renewalsLink);
    assert.match(navOf((await b.get('/account')).body), renewalsLink);
  });

  test('signing out ends the session on the very next request', async () => {
    const b = t.browser();
    await b.signUp({ email: 'out@example.org' });
    const cookie = b.cookieHeader();
    assert.equal((await t.app.inject({ url: '/account', headers: { cookie } })).statusCode, 200);
    await b.submit('/', '/sign-out', {});
    // The old cookie, sent again as it was, signs no one in.
    assert.equal((await t.app.inject({ url: '/account', headers: { cookie } })).statusCode, 303);
  });

  test("someone else signing in or up leaves the others' kept reads alone; signing out does not", async () => {
    const first = t.browser();
    await first.signUp({ email: 'first@example.org' });
    let forgotten = 0;
    t.db.onAccountWrite(() => forgotten++);
    const second = t.browser();
    await second.signUp({ email: 'second@example.org' });
    assert.equal((await second.signIn('second@example.org')).statusCode, 303);
    assert.equal(forgotten, 0, 'a new person and new sessions change no one already signed in');
    await second.submit('/', '/sign-out', {});
    assert.ok(forgotten > 0, 'a session ended is forgotten at once');
    assert.equal((await first.get('/account')).statusCode, 200);
  });

  test(`a role taken by another process shows within ${SESSION_CACHE_SECONDS} seconds`, async () => {
    const b = t.browser();
    await b.signUp({ email: 'elsewhere@example.org' });
    const person = (await findPersonByEmail(t.db.kysely, 'elsewhere@example.org'))!;
    const mi = (await findAssociation(t.db.kysely, 'mi-aimh'))!;
    await setMembershipRoles(t.db.kysely, t.db.dialect, mi.id, person.id, 'coordinator');
    assert.equal((await b.get('/associations/mi-aimh/applications')).statusCode, 200);

    const other = t.db.connect(); // as another server process would
    await setMembershipRoles(other.kysely, other.dialect, mi.id, person.id, '');
    await new Promise((r) => setTimeout(r, SESSION_CACHE_SECONDS * 1000 + 100));
    assert.equal((await b.get('/associations/mi-aimh/applications')).statusCode, 404);
  });
});

describe('SessionCache', () => {
  const signedIn = { sessionId: 's' } as SignedIn;

  test('keeps an answer for SESSION_CACHE_SECONDS, never past the session expiry', async () => {
    let now = 1_000_000;
    const cache = new SessionCache(() => now);
    await cache.read('a', async () => ({ signedIn, expiresAt: new Date(now + 60_000) }));
    await cache.read('b', async () => ({ signedIn, expiresAt: new Date(now + 1_000) }));
    now += 999;
    assert.equal(cache.get('a'), signedIn);
    assert.equal(cache.get('b'), signedIn);
    now += 1;
    assert.equal(cache.get('b'), undefined, 'the session has expired');
    now = 1_000_000 + SESSION_CACHE_SECONDS * 1000 - 1;
    assert.equal(cache.get('a'), signedIn);
    now += 1;
    assert.equal(cache.get('a'), undefined);
  });

  test('an answer read while a write happened is used once, not kept', async () => {
    const cache = new SessionCache();
    const answer = await cache.read('a', async () => {
      cache.clear();
      return { signedIn, expiresAt: new Date(Date.now() + 60_000) };
    });
    assert.equal(answer, signedIn);
    assert.equal(cache.get('a'), undefined);
  });

  test('no session is not kept', async () => {
    const cache = new SessionCache();
    assert.equal(await cache.read('a', async () => undefined), undefined);
    assert.equal(cache.get('a'), undefined);
  });
});
