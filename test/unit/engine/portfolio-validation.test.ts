import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { PortfolioError, parsePortfolio, preparePortfolio } from '../../../src/engine/portfolio.ts';
import { evaluate } from '../../../src/index.ts';
import { degree, portfolio, reference, rsc, training, work } from '../../helpers/portfolio.ts';

/** The example document of the spec, as written there. */
const specExample = {
  format: 'endorse-portfolio/1',
  person: { name: 'Rosa Example', email: 'rosa@example.org' },
  degrees: [
    { level: 'master', title: 'MSW', field: 'social work', conferred: '2014-05-15', transcript: 'official' },
  ],
  work: [
    {
      title: 'Infant mental health therapist',
      employer: 'Family Center',
      from: '2014-09-01',
      to: null,
      fte: 1,
      paid: true,
      supervised: true,
      internship: false,
      kinds: ['imh-dyadic'],
    },
  ],
  training: [{ title: 'Attachment and loss', date: '2019-03-02', hours: 6, topics: ['imh'] }],
  rsc: [
    {
      from: '2015-01-05',
      to: '2016-06-30',
      hours: 52,
      format: 'individual',
      provider: { name: 'Dana Mentor', endorsements: ['IMHM-C'], vetted: false },
      providingRscHours: 0,
    },
  ],
  leadership: [{ activity: 'Facilitates a reflective practice group', from: '2018-01-01', to: null }],
  references: [
    {
      name: 'Sam Lead',
      relationship: 'program-supervisor',
      current: true,
      raterEndorsements: ['IMHS'],
      raterVetted: false,
      submitted: '2026-10-02',
    },
  ],
  agreements: { codeOfEthics: '2026-09-30', endorsementAgreement: '2026-09-30' },
  memberships: [{ association: 'mi-aimh', from: '2026-01-01', to: '2026-12-31' }],
  exam: { passed: true, date: '2026-10-20' },
  endorsements: [{ credential: 'IMHS', association: 'mi-aimh', granted: '2017-06-01' }],
};

/** The paths of the problems found in `input`; fails if it is valid. */
function problemPaths(input: unknown): string[] {
  const result = parsePortfolio(input);
  assert.equal(result.ok, false, 'expected the portfolio to be refused');
  if (result.ok) return [];
  for (const p of result.problems) assert.ok(p.message.length > 0, `problem at ${p.path} has no message`);
  return result.problems.map((p) => p.path);
}

describe('valid portfolios', () => {
  test("the spec's example document is valid", () => {
    const result = parsePortfolio(specExample);
    assert.equal(result.ok, true);
  });

  test('only `format` and `person.name` are required; every array may be absent or empty', () => {
    assert.equal(parsePortfolio({ format: 'endorse-portfolio/1', person: { name: 'A' } }).ok, true);
    assert.equal(
      parsePortfolio({
        format: 'endorse-portfolio/1',
        person: { name: 'A' },
        degrees: [],
        work: [],
        training: [],
        rsc: [],
        leadership: [],
        references: [],
        memberships: [],
        endorsements: [],
      }).ok,
      true,
    );
  });

  test('defaults of the format are filled in', () => {
    const result = parsePortfolio({
      format: 'endorse-portfolio/1',
      person: { name: 'A' },
      degrees: [{ level: 'master', conferred: '2014-05-15' }],
      work: [{ from: '2014-09-01', kinds: ['infant-family'] }],
      rsc: [{ from: '2015-01-05', to: '2016-01-04', hours: 10, format: 'group', provider: {} }],
      references: [{ relationship: 'colleague' }],
    });
    assert.ok(result.ok);
    const p = result.portfolio;
    assert.equal(p.degrees[0]!.transcript, 'none');
    assert.equal(p.work[0]!.fte, 1);
    assert.equal(p.work[0]!.paid, true);
    assert.equal(p.work[0]!.supervised, false);
    assert.equal(p.work[0]!.internship, false);
    assert.equal(p.rsc[0]!.provider.vetted, false);
    assert.equal(p.rsc[0]!.providingRscHours, 0);
    assert.equal(p.references[0]!.current, true);
  });

  test('fields the project may add later do not make a document invalid', () => {
    assert.equal(
      parsePortfolio({ ...specExample, notes: 'kept', person: { name: 'A', phone: '1' } }).ok,
      true,
    );
  });

  test('2024-02-29 is a real date', () => {
    assert.equal(parsePortfolio(portfolio({ training: [training('2024-02-29', 1)] })).ok, true);
  });
});

describe('invalid portfolios name the JSON path at fault', () => {
  test('wrong format string', () => {
    assert.deepEqual(problemPaths({ ...specExample, format: 'endorse-portfolio/2' }), ['format']);
    const { format: _, ...noFormat } = specExample;
    assert.deepEqual(problemPaths(noFormat), ['format']);
  });

  test('missing or empty person.name', () => {
    assert.deepEqual(problemPaths({ ...specExample, person: { email: 'x@example.org' } }), ['person.name']);
    assert.deepEqual(problemPaths({ ...specExample, person: { name: '' } }), ['person.name']);
  });

  test('missing person', () => {
    const { person: _, ...noPerson } = specExample;
    assert.ok(problemPaths(noPerson).every((p) => p.startsWith('person')));
  });

  test('work[2].fte out of (0, 1]', () => {
    for (const fte of [0, 1.5, -0.5]) {
      const p = portfolio({
        work: [
          work('2010-01-01', null, ['infant-family']),
          work('2011-01-01', null, ['infant-family']),
          work('2012-01-01', null, ['infant-family'], { fte }),
        ],
      });
      assert.deepEqual(problemPaths(p), ['work[2].fte'], `fte ${fte}`);
    }
  });

  test('rsc[0].to ending before `from`', () => {
    assert.deepEqual(problemPaths(portfolio({ rsc: [rsc('2016-01-05', '2016-01-04', 10)] })), ['rsc[0].to']);
  });

  test('work, leadership and memberships ending before they begin', () => {
    assert.deepEqual(
      problemPaths(portfolio({ work: [work('2016-01-05', '2015-01-04', ['infant-family'])] })),
      ['work[0].to'],
    );
    assert.deepEqual(problemPaths(portfolio({ leadership: [{ from: '2016-01-05', to: '2015-01-04' }] })), [
      'leadership[0].to',
    ]);
    assert.deepEqual(
      problemPaths(
        portfolio({ memberships: [{ association: 'mi-aimh', from: '2016-01-05', to: '2015-01-04' }] }),
      ),
      ['memberships[0].to'],
    );
  });

  test('wrong credential ids', () => {
    assert.deepEqual(
      problemPaths(
        portfolio({
          endorsements: [{ credential: 'IMHX' as never, association: 'mi-aimh', granted: '2017-06-01' }],
        }),
      ),
      ['endorsements[0].credential'],
    );
    assert.deepEqual(
      problemPaths(
        portfolio({
          references: [reference('colleague', { raterEndorsements: ['IMHS', 'IMH-S' as never] })],
        }),
      ),
      ['references[0].raterEndorsements[1]'],
    );
    assert.deepEqual(
      problemPaths(
        portfolio({
          rsc: [rsc('2015-01-01', '2015-12-31', 10, { provider: { endorsements: ['imhm-c' as never] } })],
        }),
      ),
      ['rsc[0].provider.endorsements[0]'],
    );
  });

  test('an impossible date: 2023-02-29', () => {
    assert.deepEqual(
      problemPaths(portfolio({ training: [training('2020-01-01', 1), training('2023-02-29', 1)] })),
      ['training[1].date'],
    );
    assert.deepEqual(problemPaths(portfolio({ degrees: [degree('master', '2023-02-29')] })), [
      'degrees[0].conferred',
    ]);
    assert.deepEqual(problemPaths(portfolio({ work: [work('2020-1-01', null, ['infant-family'])] })), [
      'work[0].from',
    ]);
  });

  test('values outside the enumerations', () => {
    assert.deepEqual(problemPaths(portfolio({ degrees: [degree('phd' as never, '2010-01-01')] })), [
      'degrees[0].level',
    ]);
    assert.deepEqual(
      problemPaths(
        portfolio({ degrees: [degree('master', '2010-01-01', { transcript: 'sealed' as never })] }),
      ),
      ['degrees[0].transcript'],
    );
    assert.deepEqual(
      problemPaths(portfolio({ references: [reference('colleague'), reference('friend' as never)] })),
      ['references[1].relationship'],
    );
    assert.deepEqual(
      problemPaths(portfolio({ training: [training('2020-01-01', 1, ['imh', 'art' as never])] })),
      ['training[0].topics[1]'],
    );
    assert.deepEqual(
      problemPaths(portfolio({ rsc: [rsc('2015-01-01', '2015-12-31', 10, { format: 'triad' as never })] })),
      ['rsc[0].format'],
    );
    assert.deepEqual(problemPaths(portfolio({ work: [work('2010-01-01', null, ['dyadic' as never])] })), [
      'work[0].kinds[0]',
    ]);
  });

  test('work needs at least one kind', () => {
    assert.deepEqual(problemPaths(portfolio({ work: [work('2010-01-01', null, [])] })), ['work[0].kinds']);
  });

  test('hours must be more than 0; providing hours are part of the hours', () => {
    assert.deepEqual(problemPaths(portfolio({ training: [training('2020-01-01', 0)] })), [
      'training[0].hours',
    ]);
    assert.ok(
      problemPaths(portfolio({ rsc: [rsc('2015-01-01', '2015-12-31', -2)] })).includes('rsc[0].hours'),
    );
    assert.deepEqual(
      problemPaths(portfolio({ rsc: [rsc('2015-01-01', '2015-12-31', 10, { providingRscHours: 11 })] })),
      ['rsc[0].providingRscHours'],
    );
  });

  test('a document that is not an object is refused at `$`', () => {
    assert.deepEqual(problemPaths(null), ['$']);
    assert.deepEqual(problemPaths([]), ['$']);
    assert.deepEqual(problemPaths('endorse-portfolio/1'), ['$']);
  });

  test('every problem is reported, not only the first', () => {
    const paths = problemPaths({
      ...specExample,
      format: 'x',
      work: [{ ...specExample.work[0], fte: 2 }],
      training: [{ ...specExample.training[0], date: '2023-02-29' }],
    });
    assert.deepEqual([...paths].sort(), ['format', 'training[0].date', 'work[0].fte']);
  });
});

describe('PortfolioError', () => {
  test('preparePortfolio and evaluate throw a PortfolioError whose problems and message name the path', () => {
    const bad = portfolio({ work: [work('2010-01-01', null, ['infant-family'], { fte: 2 })] });
    for (const run of [
      () => preparePortfolio(bad),
      () => evaluate(bad, { association: 'mi-aimh', credential: 'IMHS', on: '2026-01-01' }),
    ]) {
      assert.throws(run, (error: unknown) => {
        assert.ok(error instanceof PortfolioError);
        assert.deepEqual(
          error.problems.map((p) => p.path),
          ['work[0].fte'],
        );
        assert.match(error.message, /work\[0\]\.fte/);
        return true;
      });
    }
  });
});
