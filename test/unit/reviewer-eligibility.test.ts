// Who may review an application: level and field, each kind of conflict of
// interest, the warnings for the coordinator to judge, and least-loaded-first.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { catalogs } from '../../src/catalogs/index.ts';
import {
  type ApplicationFacts,
  type Candidate,
  credentialField,
  describeRefusals,
  judgeReviewer,
  overdueFirst,
  sameName,
  suggestReviewers,
} from '../../src/domain/reviewer-eligibility.ts';

const imhm = { credential: 'IMHM-C', field: 'imh', level: 4 } as const;
const imhs = { credential: 'IMHS', field: 'imh', level: 3 } as const;
const ifs = { credential: 'IFS', field: 'imh', level: 2 } as const;
const ecmhm = { credential: 'ECMHM-C', field: 'ecmh', level: 4 } as const;

const reviewer = (over: Partial<Candidate> = {}): Candidate => ({
  userId: 'rev',
  name: 'Rae Reviewer',
  mailbox: 'rae@example.org',
  qualifications: [imhm],
  load: 0,
  ...over,
});
/** An IMHS application (infant mental health, level 3) with no conflicts. */
const facts = (over: Partial<ApplicationFacts> = {}): ApplicationFacts => ({
  applicantId: 'ada',
  field: 'imh',
  level: 3,
  advisorIds: [],
  raterMailboxes: [],
  declinedIds: [],
  assignedIds: [],
  named: [],
  ...over,
});

describe('level and field', () => {
  test('an endorsement at the level or higher in the same field qualifies; the lowest that suffices is named', () => {
    assert.deepEqual(judgeReviewer(reviewer({ qualifications: [imhs] }), facts()).refusals, []);
    const both = judgeReviewer(reviewer({ qualifications: [imhm, imhs] }), facts());
    assert.deepEqual(both.refusals, []);
    assert.equal(both.qualifiedBy?.credential, 'IMHS');
  });

  test('a lower level does not qualify', () => {
    assert.deepEqual(judgeReviewer(reviewer({ qualifications: [ifs] }), facts()).refusals, ['not-qualified']);
  });

  test('the other field does not qualify, whatever its level', () => {
    assert.deepEqual(judgeReviewer(reviewer({ qualifications: [ecmhm] }), facts()).refusals, [
      'not-qualified',
    ]);
    assert.deepEqual(
      judgeReviewer(reviewer({ qualifications: [ecmhm] }), facts({ field: 'ecmh', level: 4 })).refusals,
      [],
    );
  });

  test('no endorsement recorded: not qualified', () => {
    assert.deepEqual(judgeReviewer(reviewer({ qualifications: [] }), facts()).refusals, ['not-qualified']);
  });

  test("every credential of the shipped catalogs has a field by its id's family", () => {
    for (const catalog of catalogs().values())
      for (const c of catalog.credentials)
        assert.equal(credentialField(c.id), c.id.startsWith('EC') ? 'ecmh' : 'imh', c.id);
    assert.equal(credentialField('IMHM-RF'), 'imh');
    assert.equal(credentialField('ECMHM-P'), 'ecmh');
  });
});

describe('conflicts of interest', () => {
  test('the applicant never reviews their own application', () => {
    assert.deepEqual(judgeReviewer(reviewer({ userId: 'ada' }), facts()).refusals, ['applicant']);
  });

  test('an advisor of the application, even a former one, never reviews it', () => {
    assert.deepEqual(judgeReviewer(reviewer(), facts({ advisorIds: ['rev'] })).refusals, ['advisor']);
  });

  test("one of the applicant's raters, by mailbox", () => {
    assert.deepEqual(judgeReviewer(reviewer(), facts({ raterMailboxes: ['rae@example.org'] })).refusals, [
      'rater',
    ]);
  });

  test('a reviewer who declined the application is not suggested again', () => {
    assert.deepEqual(judgeReviewer(reviewer(), facts({ declinedIds: ['rev'] })).refusals, ['declined']);
  });

  test('a reviewer assigned already is not suggested twice', () => {
    assert.deepEqual(judgeReviewer(reviewer(), facts({ assignedIds: ['rev'] })).refusals, ['assigned']);
  });

  test('every refusal is listed, and said in words', () => {
    const found = judgeReviewer(
      reviewer({ userId: 'ada', qualifications: [] }),
      facts({ advisorIds: ['ada'], raterMailboxes: ['rae@example.org'] }),
    ).refusals;
    assert.deepEqual(found, ['applicant', 'advisor', 'rater', 'not-qualified']);
    assert.equal(
      describeRefusals('Rae', ['advisor', 'rater']),
      "Rae advised this application and is one of the applicant's raters",
    );
  });

  test('a name the portfolio gives an RSC provider or supervisor is a warning, not a refusal', () => {
    const judged = judgeReviewer(
      reviewer(),
      facts({
        named: [
          { name: 'rae  REVIEWER', as: 'rsc-provider' },
          { name: 'Rae Reviewer', as: 'rsc-provider' },
          { name: 'Rae Réviewer', as: 'supervisor' },
          { name: 'Sam Lead', as: 'supervisor' },
        ],
      }),
    );
    assert.deepEqual(judged.refusals, []);
    assert.deepEqual(
      judged.warnings.map((w) => w.as),
      ['rsc-provider', 'supervisor'],
    );
  });

  test('names compare as people write them, but an empty name matches nobody', () => {
    assert.ok(sameName('Dana  Mentor', 'dana mentor'));
    assert.ok(sameName("D'Arcy Lee", 'd arcy lee'));
    assert.ok(!sameName('Dana Mentor', 'Dana Mentors'));
    assert.ok(!sameName('', ''));
  });
});

describe('suggestions', () => {
  test('eligible reviewers least loaded first, then by name; the others apart with why', () => {
    const { eligible, ineligible } = suggestReviewers(
      [
        reviewer({ userId: 'b', name: 'Bea', load: 2 }),
        reviewer({ userId: 'c', name: 'Cal', load: 0 }),
        reviewer({ userId: 'a', name: 'Abe', load: 2 }),
        reviewer({ userId: 'd', name: 'Dee', load: 0, qualifications: [ifs] }),
      ],
      facts(),
    );
    assert.deepEqual(
      eligible.map((s) => s.candidate.name),
      ['Cal', 'Abe', 'Bea'],
    );
    assert.deepEqual(
      ineligible.map((s) => [s.candidate.name, s.refusals]),
      [['Dee', ['not-qualified']]],
    );
  });

  const candidateArb = fc.record({
    userId: fc.constantFrom('ada', 'r1', 'r2', 'r3', 'r4', 'r5'),
    name: fc.constantFrom('Ada', 'Rae', 'Sam', 'Dana Mentor'),
    mailbox: fc.constantFrom('a@x.org', 'b@x.org', 'c@x.org'),
    qualifications: fc.array(
      fc.record({
        credential: fc.constantFrom('IFS', 'IMHS', 'IMHM-C', 'ECMHS', 'ECMHM-C'),
        field: fc.constantFrom('imh' as const, 'ecmh' as const),
        level: fc.integer({ min: 1, max: 4 }),
      }),
      { maxLength: 3 },
    ),
    load: fc.nat({ max: 5 }),
  });
  const factsArb = fc.record({
    applicantId: fc.constant('ada'),
    field: fc.constantFrom('imh' as const, 'ecmh' as const),
    level: fc.integer({ min: 1, max: 4 }),
    advisorIds: fc.subarray(['r1', 'r2', 'r3']),
    raterMailboxes: fc.subarray(['a@x.org', 'b@x.org']),
    declinedIds: fc.subarray(['r2', 'r4']),
    assignedIds: fc.subarray(['r5']),
    named: fc.array(
      fc.record({
        name: fc.constantFrom('Rae', 'Dana Mentor'),
        as: fc.constantFrom('rsc-provider' as const, 'supervisor' as const),
      }),
      { maxLength: 2 },
    ),
  });

  test('property: no one suggested is the applicant, an advisor, a rater, a decliner, or unqualified', () => {
    fc.assert(
      fc.property(fc.array(candidateArb, { maxLength: 8 }), factsArb, (candidates, f) => {
        const { eligible, ineligible } = suggestReviewers(candidates, f);
        assert.equal(eligible.length + ineligible.length, candidates.length);
        for (const { candidate: c } of eligible) {
          assert.notEqual(c.userId, f.applicantId);
          assert.ok(!f.advisorIds.includes(c.userId));
          assert.ok(!f.raterMailboxes.includes(c.mailbox));
          assert.ok(!f.declinedIds.includes(c.userId));
          assert.ok(!f.assignedIds.includes(c.userId));
          assert.ok(c.qualifications.some((q) => q.field === f.field && q.level >= f.level));
        }
        for (const s of ineligible) assert.ok(s.refusals.length > 0);
      }),
    );
  });

  test('property: suggestions are ordered by load, never more loaded before less', () => {
    fc.assert(
      fc.property(fc.array(candidateArb, { maxLength: 8 }), factsArb, (candidates, f) => {
        const loads = suggestReviewers(candidates, f).eligible.map((s) => s.candidate.load);
        for (let i = 1; i < loads.length; i++) assert.ok(loads[i - 1]! <= loads[i]!);
      }),
    );
  });

  test('property: a higher level of the same field qualifies wherever a lower one does', () => {
    fc.assert(
      fc.property(candidateArb, factsArb, fc.integer({ min: 1, max: 3 }), (c, f, bump) => {
        const lower = judgeReviewer(c, f).refusals.includes('not-qualified');
        const raised = judgeReviewer(
          {
            ...c,
            qualifications: c.qualifications.map((q) => ({ ...q, level: Math.min(4, q.level + bump) })),
          },
          f,
        ).refusals.includes('not-qualified');
        assert.ok(!raised || lower);
      }),
    );
  });
});

test("a reviewer's list: overdue first, then by due date, undated last", () => {
  const listed = overdueFirst(
    [
      { id: 'later', dueOn: '2026-12-20', assignedAt: '2026-11-01' },
      { id: 'undated', dueOn: null, assignedAt: '2026-10-01' },
      { id: 'soon', dueOn: '2026-12-02', assignedAt: '2026-11-02' },
      { id: 'late', dueOn: '2026-11-30', assignedAt: '2026-11-03' },
      { id: 'latest', dueOn: '2026-11-10', assignedAt: '2026-11-04' },
    ],
    '2026-12-01',
  );
  assert.deepEqual(
    listed.map((a) => [a.id, a.overdue]),
    [
      ['latest', true],
      ['late', true],
      ['soon', false],
      ['later', false],
      ['undated', false],
    ],
  );
});
