// Reviewer notes and printed words belong to the credentials their seed
// sentence names, in the seed's words.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogs, describe as describeCredential, evaluate } from '../../../src/index.ts';

const notes = (association: string, credential: string) =>
  catalogs()
    .get(association)!
    .credentials.find((c) => c.id === credential)!
    .review!.map((n) => n.text);

describe('reviewer notes', () => {
  test('CT-AIMH: the Mentor "documentation of competencies" sentence is the Mentor level\'s, its RSC clause Clinical only', () => {
    for (const id of ['IFA', 'IFS', 'IMHS']) {
      assert.ok(!notes('ct-aimh', id).some((t) => /Application will document/.test(t)), id);
      assert.ok(
        notes('ct-aimh', id).some((t) => /^Applicant will submit a professional portfolio/.test(t)),
        id,
      );
    }
    assert.ok(
      notes('ct-aimh', 'IMHM-C').some((t) =>
        /for Clinical applicants, through reflective supervision/.test(t),
      ),
    );
    for (const id of ['IMHM-P', 'IMHM-RF']) {
      const documentation = notes('ct-aimh', id).find((t) => /Application will document/.test(t));
      assert.ok(documentation, id);
      assert.doesNotMatch(documentation, /reflective supervision/, id);
    }
  });

  test('MI-AIMH: the RSC note is only on the levels whose RSC requirement says it', () => {
    for (const id of ['IFA', 'IMHM-P', 'IMHM-RF'])
      assert.ok(!notes('mi-aimh', id).some((t) => /reflective supervision/i.test(t)), id);
    for (const id of ['IFS', 'IMHS', 'IMHM-C'])
      assert.ok(
        notes('mi-aimh', id).some((t) => /reflective supervision/i.test(t)),
        id,
      );
  });

  test('notes and quotes carry no footnote numbers', () => {
    for (const [, catalog] of catalogs())
      for (const c of catalog.credentials) {
        const texts = [
          ...(c.review ?? []).map((n) => n.text),
          ...[...c.requirements, ...c.renewal].flatMap((r) => r.quote ?? []),
        ];
        for (const t of texts)
          assert.doesNotMatch(t, /[A-Za-z][¹²]|\b(IMHS|ECHMS|parent)\d/, `${catalog.id} ${c.id}: ${t}`);
      }
  });
});

describe('the Alliance names an association, not itself', () => {
  test('"Membership in the Infant Mental Health Association" (IMHM) and "the Infant/Early Childhood …" (ECMHM)', () => {
    const p = { format: 'endorse-portfolio/1', person: { name: 'A' } };
    for (const [id, named] of [
      ['IMHM-C', 'the Infant Mental Health Association'],
      ['ECMHM-P', 'the Infant/Early Childhood Mental Health Association'],
    ] as const) {
      const membership = evaluate(p, {
        association: 'alliance',
        credential: id,
        on: '2026-01-01',
      }).requirements.find((r) => r.kind === 'membership')!;
      assert.deepEqual(membership.missing, [`membership in ${named} that covers 2026-01-01`]);
      const described = describeCredential({ association: 'alliance', credential: id, on: '2026-01-01' });
      const printed = [...described.requirements, ...described.renewal].filter(
        (r) => r.kind === 'membership',
      );
      assert.equal(printed.length, 2);
      for (const r of printed) {
        assert.match(r.text, new RegExp(`^Membership in ${named.replace(/[/]/g, '\\/')}`));
        assert.doesNotMatch(r.text, /as written/);
      }
    }
  });
});
