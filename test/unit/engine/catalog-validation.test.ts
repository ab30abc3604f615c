import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogInputs } from '../../../src/catalogs/index.ts';
import { CatalogError, type CatalogInput, loadCatalog } from '../../../src/engine/catalog.ts';

const byId = (id: string): CatalogInput => {
  const found = catalogInputs.find((c) => c.id === id);
  assert.ok(found, `no catalog ${id}`);
  return structuredClone(found);
};

type RuleIn = CatalogInput['credentials'][number]['requirements'][number];

/** A copy of catalog `id` with one rule changed (the first with `ruleId`, or the `nth` such). */
function broken(
  id: string,
  credential: string,
  ruleId: string,
  change: (rule: Record<string, unknown>) => void,
  nth = 0,
): CatalogInput {
  const catalog = byId(id);
  const cred = catalog.credentials.find((c) => c.id === credential);
  assert.ok(cred, `no credential ${credential}`);
  const rule = cred.requirements.filter((r) => r.id === ruleId)[nth];
  assert.ok(rule, `no rule ${ruleId}`);
  change(rule as unknown as Record<string, unknown>);
  return catalog;
}

/** Loads `input`, expecting it to be refused; returns the problems. */
function refusal(input: unknown): string[] {
  let caught: unknown;
  try {
    loadCatalog(input);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof CatalogError, 'expected a CatalogError');
  assert.ok(caught.problems.length > 0);
  for (const p of caught.problems) assert.ok(caught.message.includes(p));
  return caught.problems;
}

const namesRule = (problems: string[], credential: string, ruleId: string) =>
  problems.some((p) => p.includes(credential) && p.includes(ruleId));

describe('the shipped catalogs load', () => {
  for (const input of catalogInputs) {
    test(input.id, () => {
      const catalog = loadCatalog(structuredClone(input));
      assert.equal(catalog.id, input.id);
      assert.ok(catalog.credentials.length > 0);
    });
  }
});

describe('loadCatalog refuses a malformed catalog, naming the credential and rule', () => {
  test('negative hours', () => {
    const problems = refusal(broken('mi-aimh', 'IMHS', 'training.hours', (r) => (r.hours = -30)));
    assert.ok(namesRule(problems, 'IMHS', 'training.hours'), problems.join('\n'));
  });

  test('zero RSC hours', () => {
    const problems = refusal(broken('ncimha', 'IMHS', 'rsc.hours', (r) => (r.hours = 0)));
    assert.ok(namesRule(problems, 'IMHS', 'rsc.hours'), problems.join('\n'));
  });

  test('an unknown kind of rule', () => {
    const problems = refusal(broken('mi-aimh', 'IFS', 'work', (r) => (r.kind = 'apprenticeship')));
    assert.ok(namesRule(problems, 'IFS', 'work'), problems.join('\n'));
  });

  test('a field the kind does not have', () => {
    const problems = refusal(broken('mi-aimh', 'IMHS', 'exam', (r) => (r.hours = 3)));
    assert.ok(namesRule(problems, 'IMHS', 'exam'), problems.join('\n'));
  });

  test('a citation of a source not in `sources`', () => {
    const problems = refusal(
      broken('ct-aimh', 'IMHS', 'rsc.hours', (r) => (r.source = '009_not_a_seed.txt')),
    );
    assert.ok(namesRule(problems, 'IMHS', 'rsc.hours'), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('009_not_a_seed.txt')));
  });

  test('a citation in `also` of a source not in `sources`', () => {
    const problems = refusal(
      broken('ct-aimh', 'IMHM-C', 'rsc.hours', (r) => (r.also = ['001_a4361f1f3dc13180.txt'])),
    );
    assert.ok(namesRule(problems, 'IMHM-C', 'rsc.hours'), problems.join('\n'));
  });

  test('two dated versions of one rule in force on the same days', () => {
    // CT-AIMH IMHM-C's training rule has a version to 2023-12-31 and one from 2024-01-01.
    const problems = refusal(
      broken('ct-aimh', 'IMHM-C', 'training.hours', (r) => (r.inForce = { to: '2024-06-30' })),
    );
    assert.ok(namesRule(problems, 'IMHM-C', 'training.hours'), problems.join('\n'));
  });

  test('an undated version alongside a dated one overlaps it', () => {
    const problems = refusal(broken('ct-aimh', 'IMHM-P', 'training.hours', (r) => delete r.inForce, 1));
    assert.ok(namesRule(problems, 'IMHM-P', 'training.hours'), problems.join('\n'));
  });

  test('versions that meet without overlapping are accepted', () => {
    const catalog = broken('ct-aimh', 'IMHM-C', 'training.hours', (r) => (r.inForce = { to: '2023-12-31' }));
    assert.doesNotThrow(() => loadCatalog(catalog));
  });

  test('topic hours that exceed the total', () => {
    const problems = refusal(broken('alliance', 'IMHM-C', 'training.hours', (r) => (r.topics = { rsc: 31 })));
    assert.ok(namesRule(problems, 'IMHM-C', 'training.hours'), problems.join('\n'));
  });

  test('a window whose minimum exceeds its maximum', () => {
    const problems = refusal(
      broken('mi-aimh', 'IMHS', 'rsc.hours', (r) => (r.window = { minMonths: 30, maxMonths: 24 })),
    );
    assert.ok(namesRule(problems, 'IMHS', 'rsc.hours'), problems.join('\n'));
  });

  test('an impossible date in `inForce`', () => {
    const problems = refusal(
      broken('ct-aimh', 'IMHM-C', 'training.hours', (r) => (r.inForce = { from: '2023-02-29' }), 1),
    );
    assert.ok(namesRule(problems, 'IMHM-C', 'training.hours'), problems.join('\n'));
  });

  test('an unknown relationship in a reference slot', () => {
    const problems = refusal(
      broken('mi-aimh', 'IMHS', 'references', (r) => {
        (r.slots as Array<{ roles: string[] }>)[1]!.roles = ['mentor'];
      }),
    );
    assert.ok(namesRule(problems, 'IMHS', 'references'), problems.join('\n'));
  });

  test('a renewal rule is named as such', () => {
    const catalog = byId('ncimha');
    const rule = catalog.credentials[0]!.renewal.find((r) => r.id === 'rsc.hours') as RuleIn & {
      hours: number;
    };
    rule.hours = -12;
    const problems = refusal(catalog);
    assert.ok(problems.some((p) => p.includes('IMHS') && p.includes('renewal') && p.includes('rsc.hours')));
  });

  test('a credential listed twice', () => {
    const catalog = byId('ncimha');
    catalog.credentials.push(structuredClone(catalog.credentials[0]!));
    const problems = refusal(catalog);
    assert.ok(problems.some((p) => p.includes('IMHS')));
  });

  test('every problem is reported', () => {
    const catalog = broken('mi-aimh', 'IMHS', 'training.hours', (r) => (r.source = 'nowhere.txt'));
    const rsc = catalog.credentials
      .find((c) => c.id === 'IFS')!
      .requirements.find((r) => r.id === 'rsc.hours')!;
    (rsc as { window?: unknown }).window = { minMonths: 25, maxMonths: 24 };
    const problems = refusal(catalog);
    assert.ok(namesRule(problems, 'IMHS', 'training.hours'));
    assert.ok(namesRule(problems, 'IFS', 'rsc.hours'));
  });
});
