// Reading items as written (the CSV's columns and the page's fields) and the
// XML reader of QTI imports: each problem named by its column or line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseItemFields, parseRubric, rubricText } from '../../src/services/exam-bank.ts';
import { parseXml } from '../../src/services/exam-exchange.ts';

const mc = {
  kind: 'multiple-choice',
  exam: 'imh',
  text: 'Stem',
  option_a: 'Yes',
  option_b: 'No',
  key: 'b',
  domains: '8-thinking',
};

test('a multiple-choice item read from its fields: the key letter, the domains separated by ";"', () => {
  const item = parseItemFields({ ...mc, domains: '8-thinking; 9-reflection' });
  assert.equal(item.kind, 'multiple-choice');
  assert.deepEqual(item.kind === 'multiple-choice' && [item.options, item.answerKey], [['Yes', 'No'], 1]);
  assert.deepEqual(item.domains, ['8-thinking', '9-reflection']);
  assert.equal(item.status, 'draft');
});

test('each problem names its column', () => {
  const problem = (fields: Record<string, string>) => {
    try {
      parseItemFields(fields);
      return undefined;
    } catch (e) {
      return (e as { field?: string }).field;
    }
  };
  assert.equal(problem({ ...mc, key: 'C' }), 'key');
  assert.equal(problem({ ...mc, key: '' }), 'key');
  assert.equal(problem({ ...mc, option_a: '', option_c: 'x' }), 'option_a');
  assert.equal(problem({ ...mc, exam: 'law' }), 'exam');
  assert.equal(problem({ ...mc, text: '' }), 'text');
  assert.equal(problem({ ...mc, domains: 'nine' }), 'domains');
  assert.equal(problem({ ...mc, domains: '' }), 'domains');
  assert.equal(problem({ ...mc, code: 'has space' }), 'code');
  assert.equal(problem({ ...mc, kind: 'vignette', category: 'clinical', rubric: 'x: 2' }), 'option_a');
  assert.equal(
    problem({ kind: 'vignette', exam: 'imh', text: 'V', category: 'clinical', rubric: 'x' }),
    'rubric',
  );
  assert.equal(
    problem({ kind: 'vignette', exam: 'imh', text: 'V', category: 'other', rubric: 'x: 1' }),
    'category',
  );
});

test('a rubric as "criterion: points; …" and back', () => {
  const rubric = parseRubric('Understands the dyad: 6; Reflects: on self: 4\nNames a plan: 2');
  assert.deepEqual(rubric, [
    { criterion: 'Understands the dyad', points: 6 },
    { criterion: 'Reflects: on self', points: 4 },
    { criterion: 'Names a plan', points: 2 },
  ]);
  assert.deepEqual(parseRubric(rubricText(rubric)), rubric);
});

test('XML: elements, attributes, entities, CDATA and comments; errors name the line', () => {
  const root = parseXml(
    '<?xml version="1.0"?>\n<!-- c --><a x="1 &amp; 2"><b>&lt;t&gt; &#65;&#x42;</b><c/><![CDATA[<raw>]]></a>',
  );
  assert.equal(root.name, 'a');
  assert.equal(root.attributes.x, '1 & 2');
  assert.deepEqual(root.children, [
    { name: 'b', attributes: {}, children: ['<t> AB'] },
    { name: 'c', attributes: {}, children: [] },
    '<raw>',
  ]);
  assert.equal(parseXml('<p:x xmlns:p="u"><p:y/></p:x>').children.length, 1);
  assert.throws(() => parseXml('<a>\n<b>\n</a>'), /<\/a> closes <b> \(line 3\)/);
  assert.throws(() => parseXml('<a>'), /<a> is never closed/);
  assert.throws(() => parseXml('<a/><b/>'), /more than one root/);
  assert.throws(() => parseXml('<!DOCTYPE x><x/>'), /document type declaration/);
});
