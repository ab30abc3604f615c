// The one-pass reader (src/engine/portfolio-reader.ts) held to zod: for every
// document it accepts, zod accepts it too and the prepared portfolio is the
// same, down to the order of keys; for JSON documents dated within the years
// it trusts itself with, it accepts exactly what zod accepts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { readValidPortfolio } from '../../../src/engine/portfolio-reader.ts';
import { PortfolioError, parsePortfolio, prepareWithZod } from '../../../src/engine/portfolio.ts';
import { largePortfolio } from '../../../bench/fixtures.ts';
import { portfolioArb, richPortfolioArb } from '../../helpers/engine.ts';
import { goldenCases } from '../../helpers/golden.ts';

type Judged = { accepted: true; prepared: unknown } | { accepted: false; problems: string };

function byZod(document: unknown): Judged {
  try {
    return { accepted: true, prepared: prepareWithZod(document) };
  } catch (e) {
    if (e instanceof PortfolioError) return { accepted: false, problems: e.message };
    throw e;
  }
}

/** A date the reader leaves to zod: a year before 1000 or after 2999. */
function hasUntrustedYear(value: unknown): boolean {
  if (typeof value === 'string') {
    const m = /^(\d{4})-\d\d-\d\d$/.exec(value);
    return !!m && (Number(m[1]) < 1000 || Number(m[1]) > 2999);
  }
  if (typeof value !== 'object' || value === null) return false;
  return Object.values(value).some(hasUntrustedYear);
}

/** Made of what JSON.parse makes (plain objects and lists, no undefined), with no key "__proto__". */
function isPlainJson(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || Object.keys(value).length !== value.length)
      return false;
  } else if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.entries(value).every(([key, v]) => key !== '__proto__' && isPlainJson(v));
}

/** The reader agrees with zod on `document`: the whole property, asserted. */
function agrees(document: unknown): void {
  const quick = readValidPortfolio(document);
  const zod = byZod(document);
  if (quick) {
    assert.ok(zod.accepted, `the reader accepted what zod refuses: ${zod.accepted ? '' : zod.problems}`);
    assert.deepStrictEqual(quick, zod.prepared);
    // deepStrictEqual does not see the order of keys; a document written back out does.
    assert.equal(JSON.stringify(quick.source), JSON.stringify((zod.prepared as typeof quick).source));
  } else if (zod.accepted) {
    assert.ok(
      hasUntrustedYear(document) || !isPlainJson(document),
      'the reader doubted a JSON document zod accepts, with no reason to',
    );
  }
}

const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

/** Values a person or a program might put anywhere in a document. */
const oddValues: unknown[] = [
  null,
  '',
  'x',
  -1,
  0,
  -0,
  0.5,
  1,
  1.5,
  100_000,
  100_001,
  1e308,
  true,
  false,
  [],
  {},
  ['imh'],
  ['nope'],
  '2020-02-29',
  '2021-02-29',
  '2020-13-01',
  '2020-1-01',
  '0999-12-31',
  '1000-01-01',
  '2999-12-31',
  '3000-01-01',
  'a\u0000b',
  'tab\there',
  'line\r\nbreak',
  'del\u007f',
  'x'.repeat(201),
  'x'.repeat(501),
  'mi-aimh',
  'Mi-AIMH',
  'IMHS',
  'official',
  'group',
  'imh-dyadic',
  'colleague',
  'endorse-portfolio/1',
];
const oddValue = fc.constantFrom(...oddValues);

/** Every place in a document: the path of keys to each value. */
function places(value: unknown, path: PropertyKey[] = []): PropertyKey[][] {
  if (typeof value !== 'object' || value === null) return [path];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [path, ...keys.flatMap((k) => places((value as Record<PropertyKey, unknown>)[k], [...path, k]))];
}

type Change =
  { kind: 'set'; value: unknown } | { kind: 'delete' } | { kind: 'add'; key: string; value: unknown };

/** `document` with one change at `path` (a copy; the document is left as it was). */
function changed(document: unknown, path: PropertyKey[], change: Change): unknown {
  const copy = json(document);
  if (path.length === 0) return change.kind === 'set' ? change.value : copy;
  let parent = copy as Record<PropertyKey, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<PropertyKey, unknown>;
  const last = path[path.length - 1]!;
  if (change.kind === 'set') parent[last] = change.value;
  else if (change.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else {
    const target = parent[last];
    if (typeof target === 'object' && target !== null && !Array.isArray(target))
      (target as Record<string, unknown>)[change.key] = change.value;
  }
  return copy;
}

const changeArb: fc.Arbitrary<Change> = fc.oneof(
  oddValue.map((value) => ({ kind: 'set' as const, value })),
  fc.constant({ kind: 'delete' as const }),
  fc
    .tuple(
      fc.constantFrom('note', 'title', 'to', 'from', 'hours', 'topics', '__proto__', 'constructor'),
      oddValue,
    )
    .map(([key, value]) => ({ kind: 'add' as const, key, value })),
);

describe('the one-pass portfolio reader', () => {
  it('prepares the large portfolio of the benchmarks as zod does', () => {
    const document = json(largePortfolio());
    assert.ok(readValidPortfolio(document), 'the large portfolio takes the quick way');
    agrees(document);
  });

  it('agrees with zod on every portfolio of the golden test', () => {
    let accepted = 0;
    for (const c of goldenCases()) {
      agrees(c.portfolio);
      agrees(json(c.portfolio));
      if (readValidPortfolio(json(c.portfolio))) accepted++;
    }
    assert.ok(accepted > 300, `only ${accepted} golden portfolios took the quick way`);
  });

  it('agrees with zod on generated portfolios', () => {
    fc.assert(
      fc.property(fc.oneof(portfolioArb, richPortfolioArb), (p) => {
        agrees(p);
        agrees(json(p));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with zod on generated portfolios with one thing changed anywhere', () => {
    fc.assert(
      fc.property(portfolioArb, fc.nat(), changeArb, (p, at, change) => {
        const document = json(p);
        const all = places(document);
        agrees(changed(document, all[at % all.length]!, change));
      }),
      { numRuns: 3000 },
    );
  });

  it('agrees with zod on every odd value at every place of a portfolio with every field', () => {
    // zod's own output has every default filled in: a document naming every field of every section.
    const sample = largePortfolio(7, { work: 2, training: 2, rsc: 2, references: 2 });
    const full = json({
      ...prepareWithZod(sample).source,
      leadership: [{ activity: 'Chair', from: '2015-01-01', to: null }],
      exam: { passed: true, date: '2016-01-01' },
      endorsements: [{ credential: 'IFS', association: 'mi-aimh', granted: '2012-05-01' }],
    });
    let checked = 0;
    for (const path of places(full)) {
      agrees(changed(full, path, { kind: 'delete' }));
      for (const value of oddValues) {
        agrees(changed(full, path, { kind: 'set', value }));
        checked++;
      }
    }
    assert.ok(checked > 2000, `only ${checked} documents checked`);
  });

  it('leaves to zod what JSON cannot say, and still agrees', () => {
    const base = json(largePortfolio()) as Record<string, unknown>;
    const training = base.training as Array<Record<string, unknown>>;
    const cases: unknown[] = [
      { ...base, exam: undefined },
      { ...base, training: [{ ...training[0], title: undefined }, ...training.slice(1)] },
      { ...base, person: Object.assign(Object.create(null) as object, { name: 'Null Prototype' }) },
      { ...base, degrees: Object.assign([], { extra: 1 }) },
      { ...base, training: [new (class Entry {})(), ...training] },
      JSON.parse('{"format":"endorse-portfolio/1","person":{"name":"A","__proto__":{"x":1}}}'),
    ];
    for (const document of cases) agrees(document);
  });

  it('gives parsePortfolio the same portfolio either way', () => {
    const document = json(largePortfolio());
    const parsed = parsePortfolio(document);
    assert.ok(parsed.ok);
    assert.deepStrictEqual(
      parsed.portfolio,
      (byZod(document) as { prepared: { source: unknown } }).prepared.source,
    );
  });
});
