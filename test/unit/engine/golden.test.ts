// The engine's golden test (issue 13): every result over a few hundred
// generated portfolios stays what test/fixtures/engine-golden.json.gz holds,
// byte for byte (the same JSON text, so key order counts). The portfolios
// and calls are in test/helpers/golden.ts. When a change of results is
// intended, and only then, regenerate the file with `npm run golden` and say
// in the commit which results changed and why.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogs } from '../../../src/catalogs/index.ts';
import {
  ASSOCIATIONS,
  type CaseLines,
  caseLines,
  CREDENTIALS,
  GOLDEN_FORMAT,
  type GoldenCase,
  type GoldenFile,
  goldenCases,
  goldenText,
  portfolioHash,
  readGoldenText,
} from '../../helpers/golden.ts';

const storedText = readGoldenText();
const stored = JSON.parse(storedText) as GoldenFile;
const cases = goldenCases();

const computed = new Map<string, CaseLines>();
const linesOf = (c: GoldenCase): CaseLines => {
  let lines = computed.get(c.name);
  if (!lines) computed.set(c.name, (lines = caseLines(c)));
  return lines;
};

/** Where two JSON values first differ, as a path with both values. */
function firstDifference(expected: unknown, actual: unknown, path = '$'): string | undefined {
  if (Object.is(expected, actual)) return undefined;
  const show = (v: unknown) => {
    const t = JSON.stringify(v);
    return t === undefined ? 'nothing' : t.length > 300 ? `${t.slice(0, 300)}…` : t;
  };
  const here = `at ${path}: expected ${show(expected)}, got ${show(actual)}`;
  if (typeof expected !== 'object' || typeof actual !== 'object' || expected === null || actual === null)
    return here;
  if (Array.isArray(expected) !== Array.isArray(actual)) return here;
  if (Array.isArray(expected) && Array.isArray(actual)) {
    for (let i = 0; i < Math.max(expected.length, actual.length); i++) {
      if (i >= expected.length || i >= actual.length)
        return `at ${path}: expected ${expected.length} items, got ${actual.length} (${here})`;
      const d = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const ek = Object.keys(e);
  const ak = Object.keys(a);
  for (const key of ek) {
    if (!(key in a)) return `at ${path}.${key}: expected ${show(e[key])}, got no such key`;
    const d = firstDifference(e[key], a[key], `${path}.${key}`);
    if (d) return d;
  }
  for (const key of ak)
    if (!(key in e)) return `at ${path}.${key}: got ${show(a[key])}, expected no such key`;
  if (ek.join('\u0000') !== ak.join('\u0000'))
    return `at ${path}: the same keys in another order: expected ${ek.join(', ')}, got ${ak.join(', ')}`;
  return undefined;
}

const REGENERATE =
  'If, and only if, this change of results is intended, regenerate the golden file with `npm run golden`.';

function checkCase(c: GoldenCase, index: number) {
  const want = stored.cases[index];
  assert.ok(want, `the golden file has no case ${index} (${c.name}): ${REGENERATE}`);
  assert.equal(want.case.name, c.name, `case ${index} is ${c.name}, the golden file has ${want.case.name}`);
  assert.equal(
    want.case.portfolio,
    portfolioHash(c.portfolio),
    `${c.name}: the generator no longer makes the portfolio the golden file was written for ` +
      '(test/helpers/golden.ts, test/helpers/portfolio.ts or bench/fixtures.ts changed?): this is not a change of the engine. ' +
      REGENERATE,
  );
  const got = linesOf(c);
  assert.equal(
    got.calls.length,
    want.calls.length,
    `${c.name}: ${got.calls.length} calls, the golden file has ${want.calls.length}`,
  );
  got.calls.forEach((call, k) => {
    const expected = want.calls[k]!;
    const where = `${c.name} (${c.association}), call ${k} "${call.call}"`;
    assert.equal(call.call, expected.call, `${where}: the golden file has "${expected.call}" there`);
    const actual = JSON.parse(call.line) as unknown;
    const diff = firstDifference(expected, actual);
    assert.ok(!diff, `${where}: the result differs ${diff}. ${REGENERATE}`);
    assert.deepStrictEqual(actual, expected, where);
    // Same values, same key order: the same text.
    assert.equal(call.line, JSON.stringify(expected), `${where}: the same result written differently`);
  });
}

describe('the engine gives the golden results', () => {
  test('the golden file is for these portfolios', () => {
    assert.equal(stored.format, GOLDEN_FORMAT);
    assert.deepEqual(
      stored.cases.map((c) => c.case.name),
      cases.map((c) => c.name),
      `the cases are not those of the golden file. ${REGENERATE}`,
    );
  });

  test('every credential of every association is called, for applications and renewals', () => {
    for (const [association, catalog] of catalogs()) {
      assert.deepEqual(
        catalog.credentials.map((c) => c.id),
        [...(CREDENTIALS[association as keyof typeof CREDENTIALS] ?? [])],
        `${association}'s credentials are not those test/helpers/golden.ts lists`,
      );
    }
    for (const association of ASSOCIATIONS) {
      const calls = cases.filter((c) => c.association === association).flatMap((c) => c.calls);
      for (const credential of CREDENTIALS[association]) {
        for (const fn of ['evaluate', 'evaluateRenewal'] as const) {
          const n = calls.filter((x) => x.fn === fn && x.credential.toUpperCase() === credential).length;
          assert.ok(n >= 10, `${association} ${credential}: only ${n} ${fn} calls`);
        }
      }
    }
  });

  for (const association of ASSOCIATIONS) {
    test(`${association}: every result is the stored one`, () => {
      cases.forEach((c, i) => {
        if (c.association === association) checkCase(c, i);
      });
    });
  }

  test('the whole golden file, byte for byte', () => {
    const text = goldenText(cases.map(linesOf));
    if (text === storedText) return;
    let at = 0;
    while (at < text.length && text[at] === storedText[at]) at++;
    assert.fail(
      `the golden text differs from character ${at}: ...${storedText.slice(Math.max(0, at - 80), at + 80)}... ` +
        `became ...${text.slice(Math.max(0, at - 80), at + 80)}... ${REGENERATE}`,
    );
  });
});
