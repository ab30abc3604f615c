import assert from 'node:assert/strict';
import { test } from 'node:test';
import { competencyDomains } from '../../../src/catalogs/competencies.ts';
import { catalogs } from '../../../src/index.ts';

test('the Competency Guidelines domains (004), with both domains numbered 9', () => {
  const names = competencyDomains.map((d) => `${d.number} ${d.name}`);
  assert.deepEqual(names, [
    '1 Theoretical Foundations',
    '2 Law, Regulation, and Agency Policy',
    '3 Systems Expertise',
    '4 Direct Service Skills',
    '5 Working With Others',
    '6 Leading People',
    '7 Communicating',
    '8 Thinking',
    '9 Reflection',
    '9 Administration',
    '10 Research and Evaluation',
  ]);
  assert.equal(new Set(competencyDomains.map((d) => d.id)).size, competencyDomains.length);
});

test('every competency carries its A / C / P / R-F codes', () => {
  const codes = new Set(competencyDomains.flatMap((d) => d.competencies.flatMap((c) => c.designations)));
  assert.deepEqual([...codes].sort(), ['A', 'C', 'P', 'R-F']);
  for (const d of competencyDomains) {
    assert.ok(d.areas.length > 0, `${d.id} has areas`);
    assert.ok(d.competencies.length > 0, `${d.id} has competencies`);
    for (const c of d.competencies) assert.ok(c.designations.length > 0, `${c.id} has a code`);
  }
  // "Administration" applies to the Policy designation, "Research and Evaluation" to Research/Faculty.
  const only = (id: string) =>
    new Set(competencyDomains.find((d) => d.id === id)!.competencies.flatMap((c) => c.designations));
  assert.deepEqual([...only('9-administration')], ['P']);
  assert.deepEqual([...only('10-research-and-evaluation')], ['R-F']);
});

test('every association’s catalog carries the domains, citing 004', () => {
  for (const [id, catalog] of catalogs()) {
    assert.equal(catalog.competencies?.source, '004_78936d00e9c07190.txt', id);
    assert.equal(catalog.competencies?.domains.length, 11, id);
  }
});
