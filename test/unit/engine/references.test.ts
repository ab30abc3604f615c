import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from '../../../src/index.ts';
import { portfolio, reference, requirement, rsc } from '../../helpers/portfolio.ts';

type Reference = ReturnType<typeof reference>;

const refsResult = (association: string, credential: string, references: Reference[], on = '2026-11-22') =>
  requirement(evaluate(portfolio({ references }), { association, credential, on }), 'references');
const status = (...args: Parameters<typeof refsResult>) => refsResult(...args).status;

const endorsed = (relationship: Reference['relationship'], extra: Partial<Reference> = {}) =>
  reference(relationship, { raterEndorsements: ['IMHS'], ...extra });
/** Three unendorsed references that fill MI-AIMH IMHS's slots, and `fourth`. */
const threeAnd = (fourth: Reference) => [
  reference('program-supervisor'),
  reference('rsc-provider'),
  reference('colleague'),
  fourth,
];

// MI-AIMH IMHS: 1. current program supervisor, teacher, trainer or consultant; 2. RSC provider;
// 3. another supervisor, teacher, trainer or consultant; colleague; or supervisee.
// At least one rating from someone endorsed at Level II, III or IV.
const miImhs = (refs: Reference[], on?: string) => status('mi-aimh', 'IMHS', refs, on);

describe('reference slots (reading 6)', () => {
  test('three references, one per slot, with an endorsed rater', () => {
    assert.equal(
      miImhs([endorsed('program-supervisor'), reference('rsc-provider'), reference('colleague')]),
      'met',
    );
  });

  test('a reference that could fill two slots is placed where it is needed', () => {
    // MI-AIMH IMHM-P: colleagues may stand in for the first two slots, and the third is a colleague.
    // Taking the slots in order for the references in order would put both colleagues in the first
    // two slots and leave the supervisor nowhere to go.
    const refs = [endorsed('colleague'), reference('colleague'), reference('program-supervisor')];
    const result = refsResult('mi-aimh', 'IMHM-P', refs);
    assert.equal(result.status, 'met');
    assert.deepEqual([...result.evidence].sort(), ['references[0]', 'references[1]', 'references[2]']);
  });

  test('one reference fills at most one slot', () => {
    assert.equal(status('mi-aimh', 'IMHM-P', [endorsed('colleague')]), 'unmet');
    // CT-AIMH IFA: three ratings, each from a current supervisor, teacher, trainer, consultant or parent.
    const ct = (n: number) =>
      status(
        'ct-aimh',
        'IFA',
        Array.from({ length: n }, () => reference('program-supervisor')),
      );
    assert.equal(ct(2), 'unmet');
    assert.equal(ct(3), 'met');
  });

  test('slots are filled by relationship alone, not by matching names against the RSC provider', () => {
    const p = portfolio({
      rsc: [rsc('2015-01-05', '2016-01-04', 50)],
      references: [
        endorsed('program-supervisor'),
        reference('colleague', { name: 'Dana Mentor' }),
        reference('supervisee'),
      ],
    });
    const result = requirement(
      evaluate(p, { association: 'mi-aimh', credential: 'IMHS', on: '2026-01-01' }),
      'references',
    );
    assert.equal(result.status, 'unmet');
    assert.ok(result.missing.length > 0);
  });

  test('only references with a `submitted` date on or before the evaluation date count', () => {
    const refs = (submitted: string | null) => [
      endorsed('program-supervisor'),
      reference('rsc-provider', { submitted }),
      reference('colleague'),
    ];
    assert.equal(miImhs(refs(null)), 'unmet');
    assert.equal(miImhs(refs('2026-11-22'), '2026-11-22'), 'met');
    assert.equal(miImhs(refs('2026-11-23'), '2026-11-22'), 'unmet');
    const withoutDate = refs(null);
    delete withoutDate[1]!.submitted;
    assert.equal(miImhs(withoutDate), 'unmet');
  });

  test('a "current" slot takes only a current rater', () => {
    const refs = (current: boolean) => [
      endorsed('program-supervisor', { current }),
      reference('rsc-provider'),
      reference('colleague'),
    ];
    assert.equal(miImhs(refs(true)), 'met');
    assert.equal(miImhs(refs(false)), 'unmet');
  });

  test('a former supervisor may still fill a slot that does not ask for a current one', () => {
    assert.equal(
      miImhs([
        endorsed('teacher'),
        reference('rsc-provider'),
        reference('program-supervisor', { current: false }),
      ]),
      'met',
    );
  });
});

describe('colleagues stand in only where the document lets them', () => {
  test('MI-AIMH IMHM-P: three colleagues', () => {
    assert.equal(
      status('mi-aimh', 'IMHM-P', [endorsed('colleague'), reference('colleague'), reference('colleague')]),
      'met',
    );
  });

  test('MI-AIMH IMHM-RF: colleagues stand in for the chair and the RSC provider, not for the student', () => {
    assert.equal(
      status('mi-aimh', 'IMHM-RF', [endorsed('colleague'), reference('colleague'), reference('student')]),
      'met',
    );
    assert.equal(
      status('mi-aimh', 'IMHM-RF', [endorsed('colleague'), reference('colleague'), reference('colleague')]),
      'unmet',
    );
  });

  test('MI-AIMH IMHS: a colleague does not take the RSC provider slot', () => {
    assert.equal(
      miImhs([endorsed('program-supervisor'), reference('colleague'), reference('colleague')]),
      'unmet',
    );
  });
});

describe('"at least one rating from someone endorsed"', () => {
  test('the endorsed rater must be one of the three assigned: forced into a slot among four references', () => {
    // Three unendorsed references fill the slots; the fourth, endorsed, fits slot 1 or 3 and must take one.
    const refs = threeAnd(endorsed('teacher'));
    const result = refsResult('mi-aimh', 'IMHS', refs);
    assert.equal(result.status, 'met');
    assert.ok(result.evidence.includes('references[3]'));
    assert.equal(result.evidence.length, 3);
  });

  test('an endorsed second RSC provider is placed in the RSC provider slot', () => {
    const refs = threeAnd(endorsed('rsc-provider'));
    const result = refsResult('mi-aimh', 'IMHS', refs);
    assert.equal(result.status, 'met');
    assert.ok(result.evidence.includes('references[3]'));
  });

  test('an endorsed rater who fits no slot does not count', () => {
    const refs = threeAnd(endorsed('student'));
    assert.equal(miImhs(refs), 'unmet');
  });

  test('MI-AIMH: an IFA (Level I) rater is not "endorsed at Level II, III, or IV"', () => {
    const refs = (c: 'IFA' | 'IFS') => [
      reference('program-supervisor', { raterEndorsements: [c] }),
      reference('rsc-provider'),
      reference('colleague'),
    ];
    assert.equal(miImhs(refs('IFA')), 'unmet');
    assert.equal(miImhs(refs('IFS')), 'met');
  });

  test('MI-AIMH does not accept a vetted rater in place of an endorsed one', () => {
    assert.equal(
      miImhs([
        reference('program-supervisor', { raterVetted: true }),
        reference('rsc-provider'),
        reference('colleague'),
      ]),
      'unmet',
    );
  });

  test('a credential without the clause needs no endorsed rater (CT-AIMH IMHM-C)', () => {
    assert.equal(
      status('ct-aimh', 'IMHM-C', [
        reference('program-supervisor'),
        reference('rsc-provider'),
        reference('rsc-recipient'),
      ]),
      'met',
    );
  });
});

describe('NCIMHA: "someone Endorsed or vetted", vetted until 2027-12-21', () => {
  const refs = (first: Partial<Reference>) => [
    reference('program-supervisor', first),
    reference('rsc-provider'),
    reference('colleague'),
  ];
  const nc = (r: Reference[], on: string) => status('ncimha', 'IMHS', r, on);

  test('a vetted rater counts before 2027-12-21 and not from that day', () => {
    assert.equal(nc(refs({ raterVetted: true }), '2027-12-20'), 'met');
    assert.equal(nc(refs({ raterVetted: true }), '2027-12-21'), 'unmet');
  });

  test('a rater endorsed at any level counts, then and later', () => {
    assert.equal(nc(refs({ raterEndorsements: ['IFA'] }), '2027-12-21'), 'met');
    assert.equal(nc(refs({ raterEndorsements: ['ERS'] }), '2030-01-01'), 'met');
  });

  test('the vetted rater among four references is forced into a slot', () => {
    const four = [...refs({}), reference('supervisee', { raterVetted: true })];
    assert.equal(nc(four, '2027-01-01'), 'met');
    assert.equal(nc(four, '2028-01-01'), 'unmet');
  });
});

describe('the references still needed are the ones that would complete them', () => {
  test('MI-AIMH IMHS with a current program supervisor and the RSC provider: anyone for the third slot, not the supervisor she has', () => {
    const result = refsResult('mi-aimh', 'IMHS', [endorsed('program-supervisor'), reference('rsc-provider')]);
    assert.equal(result.status, 'unmet');
    assert.deepEqual(result.missing, [
      'a reference rating from someone who is: program supervisor, teacher, trainer, consultant, colleague or supervisee',
    ]);
    assert.deepEqual(result.needs, [
      {
        section: 'references',
        anyOf: ['program-supervisor', 'teacher', 'trainer', 'consultant', 'colleague', 'supervisee'].map(
          (relationship) => ({ relationship, current: false }),
        ),
      },
    ]);
    assert.match(result.summary, /Current program supervisor, teacher, trainer or consultant: /);
    assert.match(
      result.summary,
      /Another supervisor, teacher, trainer or consultant; colleague; or supervisee: missing/,
    );
    for (const relationship of ['colleague', 'supervisee', 'teacher'] as const) {
      const three = refsResult('mi-aimh', 'IMHS', [
        endorsed('program-supervisor'),
        reference('rsc-provider'),
        reference(relationship, { current: false }),
      ]);
      assert.equal(three.status, 'met', relationship);
    }
  });

  test('two slots open: each is asked for, the hardest filled first', () => {
    // A current teacher fits slots 1 and 3; it takes slot 1, and slots 2 and 3 are asked for.
    const result = refsResult('mi-aimh', 'IMHS', [endorsed('teacher')]);
    assert.deepEqual(result.missing, [
      'a reference rating from someone who is: person providing your reflective supervision/consultation (RSC)',
      'a reference rating from someone who is: program supervisor, teacher, trainer, consultant, colleague or supervisee',
    ]);
  });

  test('with no endorsed rater that can be placed, the last rating asked for is from someone endorsed', () => {
    const result = refsResult('mi-aimh', 'IMHS', [
      reference('program-supervisor'),
      reference('rsc-provider'),
    ]);
    assert.equal(result.needs.length, 1);
    assert.match(result.missing[0]!, /^a reference rating from someone who is: .*, and endorsed \(IFS, IMHS/);
  });

  test('NCIMHA: from 2027-12-21 the advice no longer offers a vetted rater (spec reading 12)', () => {
    const refs = [reference('program-supervisor'), reference('rsc-provider'), reference('colleague')];
    assert.match(
      refsResult('ncimha', 'IMHS', refs, '2027-12-20').missing[0]!,
      /or vetted by the association/,
    );
    const after = refsResult('ncimha', 'IMHS', refs, '2027-12-21');
    assert.match(after.missing[0]!, /someone endorsed \(any endorsement\)/);
    assert.doesNotMatch(after.missing.join(' '), /vetted/);
  });
});
