// The limits on what people send: lengths of text by kind of field, number
// ranges by kind, entries per portfolio section and per import, the nesting
// of JSON, and control characters. One set, used by the portfolio format's
// schema (so the JSON Schema shows them), the forms, import, the JSON API and
// the sign-in endpoints. Each is far above what a real portfolio holds.
import { z } from 'zod';

/** Characters of text, by kind of field. */
export const textLimits = {
  /** A person's name: the applicant, an RSC provider, a rater. */
  name: 200,
  /** An e-mail address (RFC 5321's longest path). */
  email: 254,
  /** A title, employer, institution, field of study, training provider. */
  title: 500,
  /** A sentence or a few: a leadership activity, comments. */
  description: 5000,
  /** An id: association, credential, competency domain. */
  id: 64,
  /** A message or comment between an applicant and their advisor. */
  message: 5000,
  /** Any other text of a document (fields the format does not name). */
  other: 10_000,
} as const;
export type TextKind = keyof typeof textLimits;

/** Number ranges, by kind. Every number must be finite. */
export const numberLimits = {
  /** Clock hours of one entry (training, RSC): a whole degree program is far less. */
  hours: { min: 0, max: 100_000 },
  /** Full-time equivalent of a job. */
  fte: { min: 0, max: 1 },
} as const;

/** Entries in one section of a portfolio (training, work…). */
export const MAX_SECTION_ENTRIES = 2000;
/** Entries one import may add, all sections together. */
export const MAX_IMPORT_ENTRIES = 5000;
/** How deeply a JSON body or document may nest objects and lists (a portfolio needs 4). */
export const MAX_JSON_DEPTH = 32;

/** Control characters other than tab, line feed and carriage return (a browser's line break is CR LF). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const controlCharacter = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;
// eslint-disable-next-line no-control-regex -- the same, as a pattern the JSON Schema shows
export const noControlPattern = /^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F]*$/;

const unicodeName = (ch: string) => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with a text's characters, if anything ("contains a control character (U+0000) at character 3"). */
export function controlProblem(text: string): string | undefined {
  const match = controlCharacter.exec(text);
  if (!match) return undefined;
  return `contains a control character (${unicodeName(match[0])}) at character ${match.index + 1}: remove it`;
}

// One formatter for every call: n.toLocaleString('en-US') makes a new one each time (a fifth
// of a millisecond), and the schemas call this for each of their limits at start.
const grouped = new Intl.NumberFormat('en-US');
export const count = (n: number): string => grouped.format(n);

/** Text of a kind: at most its length, no control characters. */
export const limitedText = (kind: TextKind) =>
  z
    .string()
    .max(textLimits[kind], { error: `must be at most ${count(textLimits[kind])} characters` })
    .regex(noControlPattern, {
      error: (issue) => controlProblem(String(issue.input)) ?? 'contains a control character',
    });

/** A list of a portfolio section: at most MAX_SECTION_ENTRIES entries. */
export const sectionList = <T extends z.ZodType>(entry: T) =>
  z.array(entry).max(MAX_SECTION_ENTRIES, {
    error: `holds more than ${count(MAX_SECTION_ENTRIES)} entries, the most a section may hold`,
  });

export interface ValueProblem {
  /** Where, as a JSON path (`$` for the whole). */
  path: string;
  message: string;
}

const pathOf = (parent: string, key: string | number) =>
  typeof key === 'number'
    ? `${parent === '$' ? '' : parent}[${key}]`
    : parent === '$'
      ? key
      : `${parent}.${key}`;

/**
 * The first place where JSON text nests deeper than MAX_JSON_DEPTH, found
 * before parsing (so a deep document never reaches a recursive reader).
 */
export function jsonDepthProblem(text: string, max = MAX_JSON_DEPTH): ValueProblem | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max)
        return {
          path: '$',
          message: `nests objects and lists more than ${max} deep (at character ${i + 1}): a portfolio needs 4`,
        };
    } else if (c === 125 || c === 93) depth--;
  }
  return undefined;
}

/**
 * The first problem of a parsed body or document: nesting deeper than
 * MAX_JSON_DEPTH, a control character in a name or a text, or (with
 * `longest`) a text longer than that. Uploaded files (Buffers) are not text.
 */
export function valueProblem(value: unknown, options: { longest?: number } = {}): ValueProblem | undefined {
  const walk = (v: unknown, path: string, depth: number): ValueProblem | undefined => {
    if (typeof v === 'string') {
      const chars = controlProblem(v);
      if (chars) return { path, message: chars };
      if (options.longest !== undefined && v.length > options.longest)
        return { path, message: `is longer than ${count(options.longest)} characters` };
      return undefined;
    }
    if (typeof v !== 'object' || v === null || Buffer.isBuffer(v) || v instanceof Uint8Array)
      return undefined;
    if (depth >= MAX_JSON_DEPTH)
      return { path, message: `nests objects and lists more than ${MAX_JSON_DEPTH} deep` };
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const p = walk(v[i], pathOf(path, i), depth + 1);
        if (p) return p;
      }
      return undefined;
    }
    for (const [key, item] of Object.entries(v)) {
      const at = pathOf(path, key);
      const chars = controlProblem(key);
      if (chars) return { path: at, message: `(a field name) ${chars}` };
      const p = walk(item, at, depth + 1);
      if (p) return p;
    }
    return undefined;
  };
  return walk(value, '$', 0);
}

export type JsonRead =
  { ok: true; value: unknown } | { ok: false; problem: ValueProblem; syntaxError?: Error };

/**
 * Reads a JSON document sent as text (an import, a pasted portfolio): its
 * nesting is checked before parsing, its texts' characters after.
 */
export function readJson(text: string): JsonRead {
  const deep = jsonDepthProblem(text);
  if (deep) return { ok: false, problem: deep };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const error = e instanceof Error ? e : new Error(String(e));
    return {
      ok: false,
      problem: { path: '$', message: `is not valid JSON (${error.message})` },
      syntaxError: error,
    };
  }
  const problem = valueProblem(value);
  return problem ? { ok: false, problem } : { ok: true, value };
}
