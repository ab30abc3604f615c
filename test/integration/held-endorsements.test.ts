// Endorsements Endorse has granted count in the engine as endorsements the
// person holds: the applicant's own, and a rater's (matched by the rater's
// e-mail address), only while active; the pages say what Endorse records.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { changeEndorsementStatus, endorsementsHeldBy } from '../../src/db/repositories/endorsements.ts';
import { timestamp } from '../../src/db/portable.ts';
import { applicationChecklist, applicationPortfolio } from '../../src/services/application-portfolio.ts';
import { loadActor } from '../../src/services/actors.ts';
import { endorsee } from '../helpers/endorsement.ts';
import { staffMember } from '../helpers/exam.ts';
import { pageText, startApp, type TestApp } from '../helpers/http.ts';
import { applicant } from '../helpers/portfolio-http.ts';
import { submittedRating } from '../helpers/submitted-application.ts';

let t: TestApp;
before(async () => {
  t = await startApp({ rateLimit: 100_000 });
});
after(() => t.close());

const portfolioOf = async (id: string) =>
  applicationPortfolio((await findApplication(t.db.kysely, id))!, t.product);

test("the applicant's own active endorsement is among the endorsements held", async () => {
  const eve = await endorsee(t, 'Eve Held', 'eve.held@example.org', { slug: 'mi-aimh', credential: 'IMHS' });
  const res = await eve.browser.submit('/applications', '/applications', {
    association: 'ct-aimh',
    credential: 'IMHM-C',
  });
  assert.equal(res.statusCode, 303);
  const id = String(res.headers.location).split('/').at(-1)!;
  const { portfolio } = await portfolioOf(id);
  assert.deepEqual(portfolio.endorsements, [
    {
      credential: 'IMHS',
      association: 'mi-aimh',
      granted: eve.endorsement.grantedOn,
      heldInEndorse: [{ credential: 'IMHS', association: 'mi-aimh', number: eve.endorsement.number }],
    },
  ]);
  await changeEndorsementStatus(t.db.kysely, eve.endorsement.id, 'active', 'revoked', timestamp());
  assert.deepEqual((await portfolioOf(id)).portfolio.endorsements ?? [], [], 'revoked: not held');
});

test('a rater endorsed in Endorse meets the endorsed-rater slot, until the endorsement is suspended', async () => {
  // MI-AIMH's IFS asks that one rater be endorsed at Level II or higher.
  const bea = await applicant(t, 'Bea Rated', 'bea.rated@example.org', [['mi-aimh', 'IFS']]);
  const ifs = bea.applications[0]!;
  for (const relationship of ['program-supervisor', 'rsc-provider', 'colleague'])
    await submittedRating(t, ifs, relationship);
  const actor = (await loadActor(bea.id, t.product))!;
  const references = async () =>
    (await applicationChecklist(actor, ifs, t.product)).result.requirements.find(
      (r) => r.kind === 'references',
    )!;
  const endorsedWanted = (r: { missing: string[] }) => r.missing.some((m) => /endorsed/i.test(m));
  assert.ok(endorsedWanted(await references()), 'no rater endorsed yet');

  // The colleague (colleague@example.org) holds IMHS in Endorse.
  const cole = await endorsee(t, 'Cole League', 'colleague@example.org', { slug: 'mi-aimh' });
  const met = await references();
  assert.ok(!endorsedWanted(met), JSON.stringify(met));
  const { portfolio } = await portfolioOf(ifs);
  const colleague = portfolio.references!.find((r) => r.relationship === 'colleague')!;
  assert.deepEqual(colleague.raterEndorsements, ['IMHS']);
  const staff = await bea.browser.get(`/applications/${ifs}`);
  assert.equal(staff.statusCode, 200);

  assert.ok(
    await changeEndorsementStatus(t.db.kysely, cole.endorsement.id, 'active', 'suspended', timestamp()),
  );
  assert.ok(endorsedWanted(await references()), 'a suspended endorsement does not count');
});

test("a reviewer's active endorsement in Endorse is among what they hold, not removable, gone once suspended", async () => {
  const rhea = await endorsee(t, 'Rhea Endorsed', 'rhea.endorsed@example.org', {
    slug: 'mi-aimh',
    credential: 'IMHM-C',
  });
  const site = await t.siteAdmin();
  const given = await site.submit('/associations/ct-aimh/people', '/associations/ct-aimh/people', {
    email: rhea.email,
    roles: ['reviewer'],
  });
  assert.equal(given.statusCode, 303);
  const cody = await staffMember(t, 'ct-aimh', 'Cody Reviewers', 'cody.reviewers@example.org', [
    'coordinator',
  ]);
  const page = await cody.browser.get('/associations/ct-aimh/reviewers');
  assert.match(
    pageText(page.body),
    new RegExp(
      `IMHM-C \\(level 4, [^)]+\\)\\): endorsed in Endorse by MI-AIMH, number ${rhea.endorsement.number}`,
    ),
  );
  assert.doesNotMatch(page.body, /aria-label="Remove IMHM-C from Rhea Endorsed"/, 'not recorded by hand');
  await changeEndorsementStatus(t.db.kysely, rhea.endorsement.id, 'active', 'suspended', timestamp());
  const after = pageText((await cody.browser.get('/associations/ct-aimh/reviewers')).body);
  assert.match(after, /Rhea Endorsed/);
  assert.doesNotMatch(after, /endorsed in Endorse/);
});

test('the endorsements held by lists of any length: the same as one read per person', async () => {
  const held = [
    await endorsee(t, 'Lia List', 'lia.list@example.org', { slug: 'mi-aimh', credential: 'IFS' }),
    await endorsee(t, 'Max List', 'max.list@example.org', { slug: 'ct-aimh', credential: 'IMHS' }),
    await endorsee(t, 'Noa List', 'noa.list@example.org', { slug: 'mi-aimh', credential: 'IMHM-C' }),
  ];
  const idsOf = (rows: readonly { id: string }[]) => rows.map((r) => r.id).sort();
  const expected = idsOf(held.map((h) => h.endorsement));
  // Lists of every size a read is kept for, one between sizes, and one too long to keep.
  for (const strangers of [0, 1, 2, 5, 13, 30, 61, 80]) {
    const others = Array.from({ length: strangers }, (_, i) => `nobody${i}@example.org`);
    const byEmail = await endorsementsHeldBy(t.db.kysely, {
      userIds: [],
      emails: [
        ...others.slice(0, strangers >> 1),
        ...held.map((h) => ` ${h.email.toUpperCase()}`),
        ...others,
      ],
    });
    assert.deepEqual(idsOf(byEmail), expected, `by address, among ${strangers} others`);
    const byId = await endorsementsHeldBy(t.db.kysely, {
      userIds: [held[0]!.userId, ...others.map((_, i) => `no-such-id-${i}`)],
      emails: held.slice(1).map((h) => h.email),
    });
    assert.deepEqual(idsOf(byId), expected, `by id and address, among ${strangers} others`);
    assert.ok(
      byId.every((r) => held.some((h) => h.email === r.email && h.endorsement.id === r.id)),
      'each with its endorsee',
    );
  }
  assert.deepEqual(await endorsementsHeldBy(t.db.kysely, { userIds: [], emails: [''] }), []);
});
