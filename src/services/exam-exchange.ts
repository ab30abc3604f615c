// The item bank exchanged with other tools: CSV (one row an item, the columns
// of `itemColumns`) and QTI 3.0 XML (multiple-choice items as
// qti-assessment-items, what item-bank tools exchange). An import is all or
// nothing: every row is checked first, and one bad row saves nothing; an item
// whose code the bank has already is revised (a new version when it is in use
// or active) rather than duplicated. Exports and imports are audited.
import { parseCsv, toCsv } from '../domain/csv.ts';
import { optionLetter } from '../domain/exam.ts';
import { type ExamItemRow, itemVersions, searchItems } from '../db/repositories/exam-bank.ts';
import { timestamp } from '../db/portable.ts';
import type { Actor } from '../policies/index.ts';
import type { Services } from './context.ts';
import { AppError } from './errors.ts';
import {
  auditBank,
  authorizeBank,
  type BankSearch,
  createItemIn,
  type ItemFields,
  itemColumns,
  itemFields,
  optionColumns,
  parseItemFields,
  reviseItemIn,
  setStatusIn,
} from './exam-bank.ts';

export interface ImportProblem {
  /** The row (CSV: its line in the spreadsheet, the header being row 1) or item (QTI: its position). */
  row: number;
  column: string;
  message: string;
}

/** An import refused: every problem found, each naming its row and column; nothing was saved. */
export class ImportRefused extends AppError {
  override name = 'ImportRefused';
  constructor(
    readonly problems: readonly ImportProblem[],
    what: 'row' | 'item',
  ) {
    super(
      'invalid',
      `Nothing was imported: ${problems
        .slice(0, 5)
        .map((p) => `${what} ${p.row}, ${p.column}: ${p.message}`)
        .join('; ')}${problems.length > 5 ? ` (and ${problems.length - 5} more)` : ''}`,
      'file',
    );
  }
}

export interface ImportSummary {
  created: number;
  versioned: number;
  changedInPlace: number;
  statusChanged: number;
  unchanged: number;
}

const maxRows = 5000;
/** Problems listed at most (a file wrong throughout need not list every cell). */
const maxProblems = 50;

/** Where a cell was written: the first row of a CSV is its header. */
interface WrittenItem {
  row: number;
  fields: ItemFields;
}

async function importItems(
  actor: Actor,
  associationId: string,
  written: readonly WrittenItem[],
  format: 'csv' | 'qti',
  services: Services,
  now: Date,
): Promise<ImportSummary> {
  const what = format === 'csv' ? 'row' : 'item';
  if (written.length === 0)
    throw new ImportRefused([{ row: 1, column: 'file', message: 'no items in it' }], what);
  if (written.length > maxRows)
    throw new ImportRefused(
      [{ row: maxRows + 1, column: 'file', message: `at most ${maxRows} items at once` }],
      what,
    );
  const problems: ImportProblem[] = [];
  const parsed: Array<{ row: number; item: ReturnType<typeof parseItemFields> }> = [];
  const codes = new Map<string, number>();
  for (const w of written) {
    try {
      const item = parseItemFields(w.fields);
      if (item.code) {
        const first = codes.get(item.code);
        if (first !== undefined)
          throw new AppError(
            'invalid',
            `${item.code} is also in ${what} ${first}: give each item once`,
            'code',
          );
        codes.set(item.code, w.row);
      }
      parsed.push({ row: w.row, item });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      problems.push({ row: w.row, column: e.field ?? 'file', message: e.message });
      if (problems.length >= maxProblems) break;
    }
  }
  if (problems.length) throw new ImportRefused(problems, what);
  const at = timestamp(now);
  const summary: ImportSummary = {
    created: 0,
    versioned: 0,
    changedInPlace: 0,
    statusChanged: 0,
    unchanged: 0,
  };
  await services.db.kysely.transaction().execute(async (tx) => {
    for (const { row, item } of parsed) {
      try {
        const latest = item.code ? (await itemVersions(tx, associationId, item.code))[0] : undefined;
        if (!latest) {
          await createItemIn(tx, actor, associationId, item, at);
          summary.created++;
          continue;
        }
        const revised = await reviseItemIn(tx, actor, latest, item, at);
        if (revised.outcome === 'version') summary.versioned++;
        else if (revised.outcome === 'in-place') summary.changedInPlace++;
        if (item.status !== revised.item.status) {
          await setStatusIn(tx, actor, revised.item, item.status, at);
          summary.statusChanged++;
        } else if (revised.outcome === 'unchanged') summary.unchanged++;
      } catch (e) {
        if (e instanceof AppError && e.code === 'invalid')
          throw new ImportRefused([{ row, column: e.field ?? 'file', message: e.message }], what);
        throw e;
      }
    }
    await auditBank(
      tx,
      actor,
      associationId,
      'exam-item.import',
      { type: 'exam-bank', id: associationId },
      { format, items: parsed.length, ...summary },
    );
  });
  return summary;
}

/**
 * A cell a spreadsheet would read as a formula was written with a ' in front
 * by the export (see domain/csv.ts): read back, the mark goes.
 */
const unneutralized = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

/** Imports items from CSV text (a header row naming the columns, then one row an item). */
export async function importItemsCsv(
  actor: Actor | undefined,
  associationId: string,
  text: string,
  services: Services,
  now: Date = new Date(),
): Promise<ImportSummary> {
  authorizeBank(actor, 'examBank.edit', associationId);
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (e) {
    throw new ImportRefused([{ row: 1, column: 'file', message: (e as Error).message }], 'row');
  }
  const [header = [], ...body] = rows;
  const columns = header.map((h) => h.trim().toLowerCase());
  const known: readonly string[] = itemColumns;
  const problems: ImportProblem[] = [];
  columns.forEach((c, i) => {
    if (!known.includes(c))
      problems.push({
        row: 1,
        column: c || `column ${i + 1}`,
        message: `not a column of the bank (the columns are ${itemColumns.join(', ')})`,
      });
  });
  for (const needed of ['kind', 'exam', 'text'])
    if (!columns.includes(needed))
      problems.push({ row: 1, column: needed, message: 'the column is missing' });
  if (problems.length) throw new ImportRefused(problems, 'row');
  const written = body.map((cells, i) => {
    const fields: ItemFields = {};
    columns.forEach((c, j) => (fields[c] = unneutralized(cells[j] ?? '')));
    return { row: i + 2, fields };
  });
  return importItems(actor, associationId, written, 'csv', services, now);
}

/** The latest version of every item matching the search (all of them without one), in code order. */
async function exported(associationId: string, search: BankSearch, services: Services) {
  const { page: _page, ...filters } = search;
  return (await searchItems(services.db.kysely, associationId, { ...filters, limit: 1_000_000 })).items;
}

/** The bank (or the items matching a search) as CSV; audited. */
export async function exportItemsCsv(
  actor: Actor | undefined,
  associationId: string,
  search: BankSearch,
  services: Services,
): Promise<string> {
  authorizeBank(actor, 'examBank.read', associationId);
  const items = await exported(associationId, search, services);
  await auditExport(actor, associationId, 'csv', search, items, services);
  return toCsv([
    [...itemColumns],
    ...items.map((item) => {
      const fields = itemFields(item);
      return itemColumns.map((c) => fields[c] ?? '');
    }),
  ]);
}

const auditExport = (
  actor: Actor,
  associationId: string,
  format: 'csv' | 'qti',
  search: BankSearch,
  items: readonly ExamItemRow[],
  services: Services,
) =>
  auditBank(
    services.db.kysely,
    actor,
    associationId,
    'exam-item.export',
    { type: 'exam-bank', id: associationId },
    { format, search, items: items.length },
  );

// ---------------------------------------------------------------------------
// QTI 3.0. The items are standard qti-assessment-items (a single-choice
// qti-choice-interaction with the stem as its prompt, the key as the correct
// response, scored by the match_correct template); what QTI does not hold
// (the exam, status and competency domains) travels on the endorse-item
// element around each, in one endorse-item-bank document.

export const qtiNamespace = 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0';
const bankNamespace = 'urn:endorse:exam-item-bank';

const xml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

function qtiItem(item: ExamItemRow): string {
  const choices = item.options
    .map((o, i) => `        <qti-simple-choice identifier="${optionLetter(i)}">${xml(o)}</qti-simple-choice>`)
    .join('\n');
  return `  <endorse-item exam="${item.exam}" status="${item.status}" domains="${xml(item.domains.join(';'))}">
    <qti-assessment-item xmlns="${qtiNamespace}" identifier="${xml(item.code)}" title="${xml(`${item.code} (version ${item.version})`)}" adaptive="false" time-dependent="false" xml:lang="en">
      <qti-response-declaration identifier="RESPONSE" cardinality="single" base-type="identifier">
        <qti-correct-response>
          <qti-value>${optionLetter(item.answerKey ?? 0)}</qti-value>
        </qti-correct-response>
      </qti-response-declaration>
      <qti-outcome-declaration identifier="SCORE" cardinality="single" base-type="float">
        <qti-default-value>
          <qti-value>0</qti-value>
        </qti-default-value>
      </qti-outcome-declaration>
      <qti-item-body>
        <qti-choice-interaction response-identifier="RESPONSE" max-choices="1" shuffle="false">
        <qti-prompt>${xml(item.text)}</qti-prompt>
${choices}
        </qti-choice-interaction>
      </qti-item-body>
      <qti-response-processing template="https://purl.imsglobal.org/spec/qti/v3p0/rptemplates/match_correct.xml"/>
    </qti-assessment-item>
  </endorse-item>`;
}

/** The bank's multiple-choice items (or those matching a search) as QTI 3.0 XML; audited. */
export async function exportItemsQti(
  actor: Actor | undefined,
  associationId: string,
  search: BankSearch,
  services: Services,
): Promise<string> {
  authorizeBank(actor, 'examBank.read', associationId);
  const items = await exported(associationId, { ...search, kind: 'multiple-choice' }, services);
  await auditExport(actor, associationId, 'qti', search, items, services);
  return `<?xml version="1.0" encoding="UTF-8"?>
<endorse-item-bank xmlns="${bankNamespace}">
${items.map(qtiItem).join('\n')}
</endorse-item-bank>
`;
}

/** An XML element as read: its name without a prefix, attributes, and children (text as strings). */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: Array<XmlElement | string>;
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const unescaped = (text: string) =>
  text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#')
      return String.fromCodePoint(
        name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)),
      );
    const known = entities[name];
    if (known === undefined) throw new Error(`unknown entity ${whole}`);
    return known;
  });
const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * Reads an XML document into its root element: elements, attributes, text,
 * CDATA and character references (no DTDs: an exchange file has none). An
 * error says what is wrong and on which line.
 */
export function parseXml(text: string): XmlElement {
  const stack: XmlElement[] = [{ name: '#document', attributes: {}, children: [] }];
  const lineAt = (i: number) => text.slice(0, i).split('\n').length;
  let i = 0;
  const fail = (message: string, at = i): never => {
    throw new Error(`${message} (line ${lineAt(at)})`);
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (chunk) stack.at(-1)!.children.push(unescaped(chunk));
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i);
      if (end < 0) fail('a processing instruction is never closed');
      i = end + 2;
    } else if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i);
      if (end < 0) fail('a comment is never closed');
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i);
      if (end < 0) fail('a CDATA section is never closed');
      stack.at(-1)!.children.push(text.slice(i + 9, end));
      i = end + 3;
    } else if (text.startsWith('<!', i)) fail('a document type declaration is not read here');
    else if (text.startsWith('</', i)) {
      const end = text.indexOf('>', i);
      if (end < 0) fail('a closing tag is never closed');
      const name = text.slice(i + 2, end).trim();
      const open = stack.pop()!;
      if (stack.length === 0 || localName(name) !== open.name)
        fail(`</${name}> closes ${stack.length ? `<${open.name}>` : 'nothing'}`);
      i = end + 1;
    } else {
      const tag = /^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(
        text.slice(i),
      );
      if (!tag) fail('a tag is not well formed');
      const attributes: Record<string, string> = {};
      for (const a of tag![2]!.matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
        attributes[a[1]!] = unescaped(a[2] ?? a[3] ?? '');
      const element: XmlElement = { name: localName(tag![1]!), attributes, children: [] };
      stack.at(-1)!.children.push(element);
      if (!tag![3]) stack.push(element);
      i += tag![0].length;
    }
  }
  if (stack.length > 1) fail(`<${stack.at(-1)!.name}> is never closed`, text.length);
  const roots = stack[0]!.children.filter((c): c is XmlElement => typeof c !== 'string');
  if (roots.length !== 1)
    fail(roots.length ? 'the document has more than one root element' : 'no XML in it', 0);
  return roots[0]!;
}

const elements = (e: XmlElement, name: string) =>
  e.children.filter((c): c is XmlElement => typeof c !== 'string' && c.name === name);
/** Every descendant element named `name`, in document order. */
function descendants(e: XmlElement, name: string): XmlElement[] {
  return e.children.flatMap((c) =>
    typeof c === 'string' ? [] : [...(c.name === name ? [c] : []), ...descendants(c, name)],
  );
}
const textOf = (e: XmlElement | undefined): string =>
  e
    ? e.children
        .map((c) => (typeof c === 'string' ? c : textOf(c)))
        .join('')
        .trim()
    : '';

/** A qti-assessment-item (with what the endorse-item around it says) as an item's fields. */
function qtiFields(item: XmlElement, around: Record<string, string>): ItemFields {
  const interactions = descendants(item, 'qti-choice-interaction');
  if (interactions.length !== 1)
    throw new AppError(
      'invalid',
      'a multiple-choice item has one qti-choice-interaction',
      'qti-choice-interaction',
    );
  const interaction = interactions[0]!;
  if ((interaction.attributes['max-choices'] ?? '1') !== '1')
    throw new AppError(
      'invalid',
      'only single-choice items are read (max-choices="1")',
      'qti-choice-interaction',
    );
  const choices = elements(interaction, 'qti-simple-choice');
  const correct = descendants(item, 'qti-correct-response').flatMap((c) => elements(c, 'qti-value'));
  if (correct.length !== 1)
    throw new AppError('invalid', 'give one correct response (qti-correct-response)', 'qti-correct-response');
  const keyAt = choices.findIndex((c) => c.attributes.identifier === textOf(correct[0]));
  if (keyAt < 0)
    throw new AppError(
      'invalid',
      `the correct response "${textOf(correct[0])}" is not the identifier of a qti-simple-choice`,
      'qti-correct-response',
    );
  if (choices.length > optionColumns.length)
    throw new AppError('invalid', `at most ${optionColumns.length} choices`, 'qti-simple-choice');
  const fields: ItemFields = {
    code: item.attributes.identifier ?? '',
    kind: 'multiple-choice',
    exam: around.exam ?? '',
    status: around.status ?? '',
    domains: around.domains ?? '',
    text: textOf(elements(interaction, 'qti-prompt')[0]),
    key: optionLetter(keyAt),
  };
  choices.forEach((c, i) => (fields[optionColumns[i]!] = textOf(c)));
  return fields;
}

/**
 * Imports multiple-choice items from QTI 3.0 XML: an endorse-item-bank
 * document (as exported), or qti-assessment-items anywhere in a document, whose
 * exam, status and domains then come from `defaults` (domains are required:
 * an item from elsewhere must be given its domain on the import page).
 */
export async function importItemsQti(
  actor: Actor | undefined,
  associationId: string,
  text: string,
  services: Services,
  now: Date = new Date(),
  defaults: { exam?: string; domains?: string } = {},
): Promise<ImportSummary> {
  authorizeBank(actor, 'examBank.edit', associationId);
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (e) {
    throw new ImportRefused([{ row: 1, column: 'file', message: (e as Error).message }], 'item');
  }
  const wrapped = root.name === 'endorse-item-bank' ? elements(root, 'endorse-item') : [];
  const found = wrapped.length
    ? wrapped.map((w) => ({ around: w.attributes, item: elements(w, 'qti-assessment-item')[0] }))
    : descendants(root, 'qti-assessment-item').map((item) => ({ around: {}, item }));
  const written: WrittenItem[] = [];
  const problems: ImportProblem[] = [];
  found.forEach(({ around, item }, i) => {
    try {
      if (!item) throw new AppError('invalid', 'no qti-assessment-item in it', 'endorse-item');
      const fields = qtiFields(item, { ...defaults, ...around } as Record<string, string>);
      written.push({ row: i + 1, fields });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      problems.push({ row: i + 1, column: e.field ?? 'file', message: e.message });
    }
  });
  if (problems.length) throw new ImportRefused(problems, 'item');
  return importItems(actor, associationId, written, 'qti', services, now);
}
