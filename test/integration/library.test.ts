// The package as programs use it: the `exports` entry (lib/index.js, plain
// JavaScript that loads the sources through tsx) and `import 'endorse'`.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { requirementKinds, root, runNode } from '../helpers/run.ts';

type Api = typeof import('../../src/index.ts');

const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  exports: Record<string, { default?: string } | string>;
};
const example = JSON.parse(readFileSync(join(root, 'examples', 'portfolio-imhs.json'), 'utf8')) as unknown;

let api: Api;
before(async () => {
  const entry = (packageJson.exports['.'] as { default: string }).default;
  assert.equal(entry, './lib/index.js', 'the default export of the package');
  // A computed specifier: the type comes from the sources, the module from the entry.
  api = (await import(new URL(entry, new URL('../../', import.meta.url)).href)) as Api;
});

function assertRequirements(
  requirements: ReadonlyArray<Record<string, unknown>>,
  allowed: readonly string[],
) {
  assert.ok(requirements.length > 0);
  for (const r of requirements) {
    assert.deepEqual(
      Object.keys(r)
        .filter((k) => ['id', 'kind', 'status', 'summary', 'missing', 'evidence', 'source'].includes(k))
        .sort(),
      ['evidence', 'id', 'kind', 'missing', 'source', 'status', 'summary'],
      String(r.id),
    );
    assert.ok(allowed.includes(r.kind as string), `${String(r.id)}: kind ${String(r.kind)}`);
    assert.ok(r.status === 'met' || r.status === 'unmet');
    assert.ok(Array.isArray(r.evidence));
  }
}

describe('library (the package entry lib/index.js)', () => {
  test('evaluate returns the spec result for a met portfolio', () => {
    const result = api.evaluate(example, { association: 'mi-aimh', credential: 'IMHS', on: '2026-11-22' });
    assert.deepEqual(Object.keys(result).sort(), [
      'association',
      'credential',
      'on',
      'requirements',
      'status',
    ]);
    assert.equal(result.association, 'mi-aimh');
    assert.equal(result.credential, 'IMHS');
    assert.equal(result.on, '2026-11-22');
    assert.equal(result.status, 'met');
    assertRequirements(result.requirements as unknown as Array<Record<string, unknown>>, requirementKinds);
    const rsc = result.requirements.find((r) => r.id === 'imhs.rsc.hours');
    assert.deepEqual(
      rsc && {
        kind: rsc.kind,
        status: rsc.status,
        summary: rsc.summary,
        source: rsc.source,
        evidence: rsc.evidence,
      },
      {
        kind: 'rsc',
        status: 'met',
        summary: '52 of 50 hours between 2015-01-05 and 2016-06-30',
        source: '001_a4361f1f3dc13180.txt',
        evidence: ['rsc[0]'],
      },
    );
  });

  test('evaluate says what is missing when unmet', () => {
    const result = api.evaluate(example, { association: 'mi-aimh', credential: 'IMHM-C', on: '2026-11-22' });
    assert.equal(result.status, 'unmet');
    const unmet = result.requirements.filter((r) => r.status === 'unmet');
    assert.ok(unmet.length > 0);
    for (const r of unmet) assert.ok(r.missing.length > 0 && r.missing.every((m) => m.length > 0), r.id);
  });

  test('evaluateRenewal returns the spec result for one renewal year', () => {
    const result = api.evaluateRenewal(example, {
      association: 'mi-aimh',
      credential: 'IMHS',
      from: '2025-11-23',
      to: '2026-11-22',
    });
    assert.deepEqual(Object.keys(result).sort(), [
      'association',
      'credential',
      'from',
      'requirements',
      'status',
      'to',
    ]);
    assert.deepEqual([result.from, result.to], ['2025-11-23', '2026-11-22']);
    assertRequirements(result.requirements as unknown as Array<Record<string, unknown>>, [
      'training',
      'rsc',
      'membership',
    ]);
    assert.equal(result.status, 'unmet', 'no training in the year');
    const training = result.requirements.find((r) => r.id === 'imhs.renewal.training.hours');
    assert.equal(training?.status, 'unmet');
    assert.deepEqual(training?.missing, [
      '15 more hours of specialized training in infant mental health between 2025-11-23 and 2026-11-22',
    ]);
    assert.equal(result.requirements.find((r) => r.kind === 'membership')?.status, 'met');
  });

  test('evaluateRenewal defaults to the 12 months ending on `to`', () => {
    const result = api.evaluateRenewal(example, {
      association: 'mi-aimh',
      credential: 'IMHS',
      to: '2026-03-31',
    });
    assert.deepEqual([result.from, result.to], ['2025-04-01', '2026-03-31']);
  });

  test('a prepared portfolio gives the same result as the raw JSON', () => {
    const prepared = api.preparePortfolio(example);
    const options = { association: 'ct-aimh', credential: 'IMHS', on: '2026-11-22' };
    assert.deepEqual(api.evaluate(prepared, options), api.evaluate(example, options));
  });

  test('eligible lists every credential of the association', () => {
    const rows = api.eligible(example, { association: 'mi-aimh', on: '2026-11-22' });
    assert.equal(rows.length, 6);
    assert.equal(rows[0]?.status, 'met');
  });

  test('an invalid portfolio throws PortfolioError with JSON paths', () => {
    const bad = {
      format: 'endorse-portfolio/1',
      person: { name: 'X' },
      work: [{ from: '2020-01-01', fte: 2 }],
    };
    assert.throws(
      () => api.evaluate(bad, { association: 'mi-aimh', credential: 'IMHS', on: '2026-11-22' }),
      (e: unknown) => {
        assert.ok(e instanceof api.PortfolioError);
        const paths = e.problems.map((p) => p.path);
        assert.ok(paths.includes('work[0].fte'), paths.join());
        assert.ok(paths.includes('work[0].kinds'), paths.join());
        return true;
      },
    );
  });

  test('bad options throw UsageError', () => {
    assert.throws(
      () => api.evaluate(example, { association: 'nowhere', credential: 'IMHS', on: '2026-11-22' }),
      api.UsageError,
    );
    assert.throws(
      () => api.evaluate(example, { association: 'mi-aimh', credential: 'ERS', on: '2026-11-22' }),
      api.UsageError,
    );
    assert.throws(
      () => api.evaluate(example, { association: 'mi-aimh', credential: 'IMHS', on: '2026-02-30' }),
      api.UsageError,
    );
  });
});

test('a plain Node program can `import { evaluate } from "endorse"`', async () => {
  // The package refers to itself by name through its "exports": the way a dependent program imports it.
  const program = [
    "import { evaluate, evaluateRenewal } from 'endorse';",
    "import { readFileSync } from 'node:fs';",
    "const p = JSON.parse(readFileSync('examples/portfolio-imhs.json', 'utf8'));",
    "const r = evaluate(p, { association: 'mi-aimh', credential: 'IMHS', on: '2026-11-22' });",
    "const y = evaluateRenewal(p, { association: 'mi-aimh', credential: 'IMHS', to: '2026-11-22' });",
    'console.log(JSON.stringify([r.status, r.requirements.length, y.from, y.status]));',
  ].join('\n');
  const run = await runNode(['--input-type=module', '-e', program]);
  assert.equal(run.code, 0, run.stderr);
  assert.equal(packageJson.name, 'endorse');
  assert.deepEqual(JSON.parse(run.stdout), ['met', 8, '2025-11-23', 'unmet']);
});
