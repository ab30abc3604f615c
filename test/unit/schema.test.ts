// The JSON Schema in schema/ is generated from the zod schema (`endorse schema
// > schema/portfolio.schema.json`); these tests keep the committed file from
// drifting and hold the format to the example of the spec.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parsePortfolio, portfolioJsonSchema } from '../../src/engine/portfolio.ts';

const schemaFile = new URL('../../schema/portfolio.schema.json', import.meta.url);
const committed = JSON.parse(readFileSync(schemaFile, 'utf8')) as {
  $schema: string;
  title: string;
  required: string[];
  properties: Record<string, unknown>;
};

/** The example document of shared/spec/portfolio-format.md, verbatim. */
const specExample = `{
  "format": "endorse-portfolio/1",
  "person": { "name": "Rosa Example", "email": "rosa@example.org" },
  "degrees": [
    { "level": "master", "title": "MSW", "field": "social work",
      "conferred": "2014-05-15", "transcript": "official" }
  ],
  "work": [
    { "title": "Infant mental health therapist", "employer": "Family Center",
      "from": "2014-09-01", "to": null, "fte": 1, "paid": true,
      "supervised": true, "internship": false,
      "kinds": ["imh-dyadic"] }
  ],
  "training": [
    { "title": "Attachment and loss", "date": "2019-03-02", "hours": 6,
      "topics": ["imh"] }
  ],
  "rsc": [
    { "from": "2015-01-05", "to": "2016-06-30", "hours": 52,
      "format": "individual",
      "provider": { "name": "Dana Mentor", "endorsements": ["IMHM-C"], "vetted": false },
      "providingRscHours": 0 }
  ],
  "leadership": [
    { "activity": "Facilitates a reflective practice group", "from": "2018-01-01", "to": null }
  ],
  "references": [
    { "name": "Sam Lead", "relationship": "program-supervisor", "current": true,
      "raterEndorsements": ["IMHS"], "raterVetted": false, "submitted": "2026-10-02" }
  ],
  "agreements": { "codeOfEthics": "2026-09-30", "endorsementAgreement": "2026-09-30" },
  "memberships": [ { "association": "mi-aimh", "from": "2026-01-01", "to": "2026-12-31" } ],
  "exam": { "passed": true, "date": "2026-10-20" },
  "endorsements": [ { "credential": "IMHS", "association": "mi-aimh", "granted": "2017-06-01" } ]
}`;

describe('schema/portfolio.schema.json', () => {
  test('is exactly what portfolioJsonSchema() generates (regenerate: endorse schema > schema/portfolio.schema.json)', () => {
    // Compared as JSON, the form in which the schema is written out.
    assert.deepEqual(committed, JSON.parse(JSON.stringify(portfolioJsonSchema())));
  });

  test('is a draft 2020-12 schema of the endorse-portfolio/1 format', () => {
    assert.equal(committed.$schema, 'https://json-schema.org/draft/2020-12/schema');
    assert.match(committed.title, /endorse-portfolio\/1/);
    assert.deepEqual([...committed.required].sort(), ['format', 'person']);
    assert.deepEqual(committed.properties.format, { type: 'string', const: 'endorse-portfolio/1' });
  });

  test('describes every section of the spec', () => {
    const sections = [
      'format',
      'person',
      'degrees',
      'work',
      'training',
      'rsc',
      'leadership',
      'references',
      'agreements',
      'memberships',
      'exam',
      'endorsements',
    ];
    assert.deepEqual(Object.keys(committed.properties).sort(), [...sections].sort());
  });

  test('lists the spec’s codes as enums', () => {
    const text = JSON.stringify(committed);
    for (const code of [
      'doctorate',
      'ecmh-dyadic',
      'research-faculty',
      'dei',
      'service-recipient',
      'IMHM-RF',
      'ERS',
      'unofficial',
      'group',
    ])
      assert.ok(text.includes(`"${code}"`), code);
  });

  test('lets documents carry fields it does not name (the project may add optional fields)', () => {
    const person = committed.properties.person as { additionalProperties?: unknown };
    assert.notEqual(person.additionalProperties, false);
  });
});

describe('the spec’s example document', () => {
  test('is valid under parsePortfolio', () => {
    const parsed = parsePortfolio(JSON.parse(specExample));
    assert.ok(parsed.ok, parsed.ok ? '' : JSON.stringify(parsed.problems));
    const p = parsed.portfolio;
    assert.equal(p.person.name, 'Rosa Example');
    assert.equal(p.work[0]?.to, null);
    assert.equal(p.rsc[0]?.provider.endorsements[0], 'IMHM-C');
    assert.equal(p.endorsements[0]?.granted, '2017-06-01');
  });

  test('keeps its values and gets the documented defaults when fields are left out', () => {
    const doc = JSON.parse(specExample) as {
      work: Array<Record<string, unknown>>;
      degrees: Array<Record<string, unknown>>;
    };
    for (const key of ['fte', 'paid', 'supervised', 'internship']) delete doc.work[0]![key];
    delete doc.degrees[0]!.transcript;
    const parsed = parsePortfolio(doc);
    assert.ok(parsed.ok);
    assert.deepEqual(
      {
        fte: parsed.portfolio.work[0]!.fte,
        paid: parsed.portfolio.work[0]!.paid,
        supervised: parsed.portfolio.work[0]!.supervised,
        internship: parsed.portfolio.work[0]!.internship,
        transcript: parsed.portfolio.degrees[0]!.transcript,
      },
      { fte: 1, paid: true, supervised: false, internship: false, transcript: 'none' },
    );
  });

  test('with only `format` and `person.name` is valid: every array may be absent', () => {
    const parsed = parsePortfolio({ format: 'endorse-portfolio/1', person: { name: 'Rosa Example' } });
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.portfolio.work, []);
    assert.deepEqual(parsed.portfolio.references, []);
  });

  test('an invalid copy is refused with the JSON path at fault', () => {
    const doc = JSON.parse(specExample) as { work: Array<Record<string, unknown>> };
    doc.work[0]!.fte = 2;
    const parsed = parsePortfolio(doc);
    assert.equal(parsed.ok, false);
    assert.deepEqual(parsed.ok ? [] : parsed.problems.map((p) => p.path), ['work[0].fte']);
  });
});
