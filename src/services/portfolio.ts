// The applicant's portfolio, entered once and shared by all their
// applications: one interchange-format entry per row, added, changed and
// removed one at a time (each change audited), uploads kept beside the
// entries, agreements signed by typed name, competency coverage, and import /
// export of the interchange JSON. Only the owner changes their portfolio
// ('portfolio.update'); staff read it per 'portfolio.read'.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { isClosed } from '../domain/application-lifecycle.ts';
import { authorizeFound } from './scope.ts';
import type { z } from 'zod';
import {
  type AgreementKind,
  agreementKinds,
  agreementTexts,
  agreementTitles,
} from '../catalogs/agreements.ts';
import type { CompetencyDomain } from '../catalogs/competencies.ts';
import { catalogs } from '../catalogs/index.ts';
import { insertSignature, latestSignatures } from '../db/repositories/agreements.ts';
import {
  type ApplicationRow,
  applicationsOfPerson,
  associationsAppliedTo,
} from '../db/repositories/applications.ts';
import { type AssociationRow, findAssociation, listAssociations } from '../db/repositories/associations.ts';
import { appendAudit, appendAudits, type AuditEvent } from '../db/repositories/audit.ts';
import { type FileRow, filesOfPerson } from '../db/repositories/files.ts';
import { findPersonById } from '../db/repositories/people.ts';
import {
  deleteEntry,
  type EntryRow,
  countEntries,
  findEntry,
  insertEntries,
  insertEntry,
  listEntries,
  lockPortfolio,
  startPortfolio,
  updateEntry,
} from '../db/repositories/portfolio.ts';
import type { EvaluationResult } from '../engine/evaluate.ts';
import {
  jsonPath,
  PortfolioError,
  type PortfolioInput,
  type PortfolioProblem,
  parsePortfolio,
  portfolioSchema,
} from '../engine/portfolio.ts';
import {
  count,
  MAX_IMPORT_ENTRIES,
  MAX_SECTION_ENTRIES,
  readJson,
  textLimits,
  valueProblem,
} from '../engine/limits.ts';
import { type Actor, authorize } from '../policies/index.ts';
import { applicationChecklist, personPortfolio, type SubmittedState } from './application-portfolio.ts';
import {
  asKept,
  checkUpload,
  discardFiles,
  type FileServices,
  type PreparedFile,
  prepareFile,
  type Upload,
  withStoredFiles,
} from './files.ts';
import { AppError, notFound } from './errors.ts';

// ---------------------------------------------------------------------------
// The sections: where each list of the interchange format is entered.

export const sectionSlugs = [
  'education',
  'work',
  'training',
  'rsc',
  'leadership',
  'memberships',
  'endorsements',
] as const;
export type SectionSlug = (typeof sectionSlugs)[number];

export const sectionKeys = [
  'degrees',
  'work',
  'training',
  'rsc',
  'leadership',
  'memberships',
  'endorsements',
] as const;
export type SectionKey = (typeof sectionKeys)[number];

export interface FileField {
  /** The entry's added field holding the file id. */
  key: 'transcriptFileId' | 'proofFileId';
  /** The form's file input. */
  input: string;
  /** What the file is, in a sentence ("transcript"). */
  what: string;
}

export interface SectionDef {
  slug: SectionSlug;
  /** The interchange format's list. */
  key: SectionKey;
  title: string;
  /** One entry, in a sentence: "Add a degree". */
  singular: string;
  /** The entry fields the section's form writes (others an import brought are kept on edit). */
  fields: readonly string[];
  file?: FileField;
}

export const sections: Record<SectionSlug, SectionDef> = {
  education: {
    slug: 'education',
    key: 'degrees',
    title: 'Education',
    singular: 'degree',
    fields: ['level', 'title', 'field', 'institution', 'conferred', 'transcript'],
    file: { key: 'transcriptFileId', input: 'transcriptFile', what: 'transcript' },
  },
  work: {
    slug: 'work',
    key: 'work',
    title: 'Specialized work',
    singular: 'work entry',
    fields: [
      'title',
      'employer',
      'from',
      'to',
      'fte',
      'paid',
      'supervised',
      'internship',
      'kinds',
      'supervisorEndorsements',
    ],
  },
  training: {
    slug: 'training',
    key: 'training',
    title: 'In-service training',
    singular: 'training',
    fields: ['title', 'provider', 'date', 'hours', 'topics', 'competencies'],
  },
  rsc: {
    slug: 'rsc',
    key: 'rsc',
    title: 'Reflective supervision/consultation (RSC) received',
    singular: 'RSC entry',
    fields: ['from', 'to', 'hours', 'format', 'provider', 'providingRscHours'],
  },
  leadership: {
    slug: 'leadership',
    key: 'leadership',
    title: 'Leadership activities',
    singular: 'leadership activity',
    fields: ['activity', 'from', 'to'],
  },
  memberships: {
    slug: 'memberships',
    key: 'memberships',
    title: 'Memberships',
    singular: 'membership',
    fields: ['association', 'from', 'to'],
    file: { key: 'proofFileId', input: 'proofFile', what: 'proof of membership' },
  },
  endorsements: {
    slug: 'endorsements',
    key: 'endorsements',
    title: 'Endorsements you hold',
    singular: 'endorsement',
    fields: ['credential', 'association', 'granted'],
  },
};

export const isSectionSlug = (s: string): s is SectionSlug => (sectionSlugs as readonly string[]).includes(s);
export const sectionOfKey = (key: string): SectionDef | undefined =>
  Object.values(sections).find((s) => s.key === key);
const fileKeys = ['transcriptFileId', 'proofFileId'] as const;

// The format's own element schemas (objects are loose: added fields such as
// transcriptFileId pass), taken from the one portfolio schema.
const shape = portfolioSchema.shape;
export const entrySchemas: Record<SectionKey, z.ZodType> = {
  degrees: shape.degrees.unwrap().element,
  work: shape.work.unwrap().element,
  training: shape.training.unwrap().element,
  rsc: shape.rsc.unwrap().element,
  leadership: shape.leadership.unwrap().element,
  memberships: shape.memberships.unwrap().element,
  endorsements: shape.endorsements.unwrap().element,
};

/** Problems with one entry under the format's schema, each with the path inside the entry. */
export function entryProblems(key: SectionKey, entry: unknown): PortfolioProblem[] {
  const result = entrySchemas[key].safeParse(entry);
  if (result.success) return [];
  return result.error.issues.map((i) => ({ path: jsonPath(i.path), message: i.message }));
}

function assertValidEntry(key: SectionKey, entry: unknown): void {
  const [first] = entryProblems(key, entry);
  if (first) throw new AppError('invalid', `${first.path} ${first.message}`, first.path);
}

export type Entry = Record<string, unknown>;

export interface EntryView {
  id: string;
  data: Entry;
  /** The uploaded file the entry refers to, if any. */
  file?: FileRow;
}

// ---------------------------------------------------------------------------
// Reading.

function asOwner(
  actor: Actor | undefined,
  action: 'portfolio.read' | 'portfolio.update',
): asserts actor is Actor {
  authorize(actor, action, { ownerId: actor?.userId });
}

async function withFiles(userId: string, rows: readonly EntryRow[], services: FileServices) {
  const ids = rows.flatMap((r) =>
    fileKeys.map((k) => (r.data as Entry)[k]).filter((v): v is string => typeof v === 'string'),
  );
  const files = new Map((await filesOfPerson(services.db.kysely, userId, ids)).map((f) => [f.id, asKept(f)]));
  return rows.map((r): EntryView => {
    const data = r.data as Entry;
    const fileId = fileKeys.map((k) => data[k]).find((v): v is string => typeof v === 'string');
    const file = fileId ? files.get(fileId) : undefined;
    return { id: r.id, data, ...(file ? { file } : {}) };
  });
}

/** Every section's entries of a person, in document order. */
export async function entriesOfPerson(userId: string, services: FileServices) {
  const rows = await listEntries(services.db.kysely, userId);
  const views = await withFiles(
    userId,
    rows.filter((r) => sectionOfKey(r.section)),
    services,
  );
  const bySection = Object.fromEntries(sectionSlugs.map((s) => [s, [] as EntryView[]])) as Record<
    SectionSlug,
    EntryView[]
  >;
  const rowsById = new Map(rows.map((r) => [r.id, r]));
  for (const v of views) bySection[sectionOfKey(rowsById.get(v.id)!.section)!.slug].push(v);
  return bySection;
}

/** How many entries the signed-in person has in each section. */
export async function mySectionCounts(
  actor: Actor | undefined,
  services: FileServices,
): Promise<Record<SectionSlug, number>> {
  asOwner(actor, 'portfolio.read');
  const counts = await countEntries(services.db.kysely, actor.userId);
  return Object.fromEntries(sectionSlugs.map((s) => [s, counts.get(sections[s].key) ?? 0])) as Record<
    SectionSlug,
    number
  >;
}

/** Entries a section's page shows at once. */
export const SECTION_PAGE_SIZE = 50;

export interface SectionPageOf {
  entries: EntryView[];
  /** Entries in the whole section. */
  total: number;
  /** This page, from 1 (a page past the last shows the last). */
  page: number;
  pages: number;
  /** The place in the section of the page's first entry, from 1. */
  first: number;
}

/** One page of the signed-in person's entries of one section. */
export async function mySection(
  actor: Actor | undefined,
  slug: SectionSlug,
  page: number,
  services: FileServices,
): Promise<SectionPageOf> {
  asOwner(actor, 'portfolio.read');
  const db = services.db.kysely;
  const key = sections[slug].key;
  const total = (await countEntries(db, actor.userId)).get(key) ?? 0;
  const pages = Math.max(1, Math.ceil(total / SECTION_PAGE_SIZE));
  const shown = Math.min(Math.max(1, Math.floor(page)), pages);
  const offset = (shown - 1) * SECTION_PAGE_SIZE;
  const rows = await listEntries(db, actor.userId, key, { offset, limit: SECTION_PAGE_SIZE });
  const entries = await withFiles(actor.userId, rows, services);
  return { entries, total, page: shown, pages, first: offset + 1 };
}

/** An entry its owner is about to change; anyone else is refused. */
export async function myEntry(
  actor: Actor | undefined,
  slug: SectionSlug,
  entryId: string,
  services: FileServices,
): Promise<EntryView> {
  const { row } = await ownedEntry(actor, slug, entryId, services);
  const [view] = await withFiles(row.userId, [row], services);
  return view!;
}

async function ownedEntry(
  actor: Actor | undefined,
  slug: SectionSlug,
  entryId: string,
  services: FileServices,
): Promise<{ row: EntryRow; def: SectionDef }> {
  const row = await findEntry(services.db.kysely, entryId);
  const def = row ? sectionOfKey(row.section) : undefined;
  // The address names the section: an entry of another section is not here.
  const here = row && def?.slug === slug;
  authorizeFound(actor, 'portfolio.update', here ? { ownerId: row.userId } : undefined, 'The entry');
  return { row: row!, def: def! };
}

/** An application's portfolio for reading (its owner, and staff per 'portfolio.read'). */
/**
 * Every section's entries of a portfolio document (a submitted snapshot), in
 * document order, each with the file it refers to. The snapshot's files are
 * kept (see discardFiles), so they are found even if the applicant has since
 * removed the entry or replaced its file.
 */
export async function sectionsOfDocument(
  userId: string,
  document: PortfolioInput,
  services: FileServices,
): Promise<Record<SectionSlug, EntryView[]>> {
  const lists = document as Record<string, unknown>;
  const rows = sectionSlugs.flatMap((slug) => {
    const list = lists[sections[slug].key];
    return (Array.isArray(list) ? list : []).map((data: unknown, i): EntryRow => ({
      id: `${slug}-${i + 1}`,
      userId,
      section: sections[slug].key,
      position: i,
      data,
      createdAt: '',
      updatedAt: '',
    }));
  });
  const views = await withFiles(userId, rows, services);
  return Object.fromEntries(
    sectionSlugs.map((slug) => [slug, views.filter((v) => v.id.startsWith(`${slug}-`))]),
  ) as Record<SectionSlug, EntryView[]>;
}

// ---------------------------------------------------------------------------
// Changing: add, edit, remove.

export interface EntryInput {
  /** The entry as the form built it (fields of the format, without file ids). */
  entry: Entry;
  /** A new file for the section's file field. */
  upload?: Upload | undefined;
}

const normalizeSlug = (s: unknown) => (typeof s === 'string' ? s.trim().toLowerCase() : '');

/** Slugs of the associations the person has applied to (a membership there needs no proof). */
async function appliedSlugs(userId: string, services: FileServices): Promise<Set<string>> {
  const ids = new Set(await associationsAppliedTo(services.db.kysely, userId));
  return new Set(
    (await listAssociations(services.db.kysely)).filter((a) => ids.has(a.id)).map((a) => a.slug),
  );
}

async function checkProof(userId: string, def: SectionDef, entry: Entry, services: FileServices) {
  if (def.slug !== 'memberships' || entry.proofFileId) return;
  const association = normalizeSlug(entry.association);
  if ((await appliedSlugs(userId, services)).has(association)) return;
  throw new AppError(
    'invalid',
    `Upload proof of your membership in ${association || 'that association'} (a PDF, PNG or JPEG of your membership card, letter or receipt): you have not applied to it here, so it cannot check its own records`,
    'proofFile',
  );
}

function prepareUpload(userId: string, def: SectionDef, upload: Upload | undefined) {
  if (!def.file || !upload) return undefined;
  const type = checkUpload(upload, def.file.input, def.file.what);
  return prepareFile(userId, upload, type);
}

const withoutFileIds = (entry: Entry): Entry => {
  const copy = { ...entry };
  for (const k of fileKeys) delete copy[k];
  return copy;
};

async function personOf(userId: string, services: FileServices) {
  const person = await findPersonById(services.db.kysely, userId);
  if (!person) throw notFound('The person');
  return { name: person.name, email: person.email };
}

export async function addEntry(
  actor: Actor | undefined,
  slug: SectionSlug,
  input: EntryInput,
  services: FileServices,
): Promise<EntryRow> {
  asOwner(actor, 'portfolio.update');
  const def = sections[slug];
  const entry = withoutFileIds(input.entry);
  const prepared = prepareUpload(actor.userId, def, input.upload);
  if (prepared && def.file) entry[def.file.key] = prepared.row.id;
  assertValidEntry(def.key, entry);
  const have = (await countEntries(services.db.kysely, actor.userId)).get(def.key) ?? 0;
  if (have >= MAX_SECTION_ENTRIES) throw new AppError('invalid', sectionFull(def.key, have, 0), 'form');
  await checkProof(actor.userId, def, entry, services);
  const person = await personOf(actor.userId, services);
  return withStoredFiles(services, prepared ? [prepared] : [], async (tx) => {
    await startPortfolio(tx, actor.userId, person);
    const row = await insertEntry(tx, actor.userId, def.key, entry);
    if (prepared) await auditUpload(tx, actor.userId, row.id, prepared);
    await appendAudit(tx, {
      actorId: actor.userId,
      associationId: null,
      subjectType: 'portfolio-entry',
      subjectId: row.id,
      action: 'portfolio-entry.add',
      after: { section: def.key, entry },
    });
    return row;
  });
}

async function auditUpload(
  tx: Parameters<Parameters<typeof withStoredFiles>[2]>[0],
  userId: string,
  entryId: string,
  prepared: PreparedFile,
) {
  const { id, filename, contentType, size, sha256 } = prepared.row;
  await appendAudit(tx, {
    actorId: userId,
    associationId: null,
    subjectType: 'portfolio-entry',
    subjectId: entryId,
    action: 'file.upload',
    after: { fileId: id, filename, contentType, size, sha256 },
  });
}

export async function editEntry(
  actor: Actor | undefined,
  slug: SectionSlug,
  entryId: string,
  input: EntryInput & { removeFile?: boolean },
  services: FileServices,
): Promise<EntryRow> {
  const { row, def } = await ownedEntry(actor, slug, entryId, services);
  const userId = row.userId;
  const before = row.data as Entry;
  // Fields the form does not write (an import may have brought them) are kept.
  const kept = Object.fromEntries(
    Object.entries(before).filter(
      ([k]) => !def.fields.includes(k) && !(fileKeys as readonly string[]).includes(k),
    ),
  );
  const entry: Entry = { ...kept, ...withoutFileIds(input.entry) };
  const prepared = prepareUpload(userId, def, input.upload);
  const oldFile =
    def.file && typeof before[def.file.key] === 'string' ? (before[def.file.key] as string) : undefined;
  let released: string | undefined;
  if (def.file) {
    if (prepared) {
      entry[def.file.key] = prepared.row.id;
      released = oldFile;
    } else if (oldFile && !input.removeFile) entry[def.file.key] = oldFile;
    else released = oldFile;
  }
  assertValidEntry(def.key, entry);
  await checkProof(userId, def, entry, services);
  const updated = await withStoredFiles(services, prepared ? [prepared] : [], async (tx) => {
    await updateEntry(tx, row.id, entry);
    if (prepared) await auditUpload(tx, userId, row.id, prepared);
    await appendAudit(tx, {
      actorId: userId,
      associationId: null,
      subjectType: 'portfolio-entry',
      subjectId: row.id,
      action: 'portfolio-entry.update',
      before: { section: def.key, entry: before },
      after: { section: def.key, entry },
    });
    return { ...row, data: entry };
  });
  if (released) await discardFiles(services, [released]);
  return updated;
}

export async function removeEntry(
  actor: Actor | undefined,
  slug: SectionSlug,
  entryId: string,
  services: FileServices,
): Promise<EntryRow> {
  const { row, def } = await ownedEntry(actor, slug, entryId, services);
  const before = row.data as Entry;
  await services.db.kysely.transaction().execute(async (tx) => {
    await deleteEntry(tx, row.id);
    await appendAudit(tx, {
      actorId: row.userId,
      associationId: null,
      subjectType: 'portfolio-entry',
      subjectId: row.id,
      action: 'portfolio-entry.remove',
      before: { section: def.key, entry: before },
    });
  });
  const fileId = def.file ? before[def.file.key] : undefined;
  if (typeof fileId === 'string') await discardFiles(services, [fileId]);
  return row;
}

// ---------------------------------------------------------------------------
// The live checklist on the portfolio pages: the chosen application's.

export interface ApplicationChoice extends ApplicationRow {
  associationSlug: string;
  associationName: string;
}

export interface PortfolioChecklist {
  applications: ApplicationChoice[];
  chosen: ApplicationChoice | undefined;
  result: EvaluationResult | undefined;
  /** Why the portfolio could not be judged (a stored entry the format refuses). */
  problems: PortfolioProblem[];
  /** Set once the chosen application is submitted: its checklist is then of the snapshot. */
  submitted?: SubmittedState | undefined;
}

/** The person's applications, and the checklist of the one asked for (else the latest one). */
export async function myChecklist(
  actor: Actor | undefined,
  requested: string | undefined,
  services: FileServices,
): Promise<PortfolioChecklist> {
  asOwner(actor, 'portfolio.read');
  const db = services.db.kysely;
  const associations = new Map((await listAssociations(db)).map((a) => [a.id, a]));
  const applications = (await applicationsOfPerson(db, actor.userId)).map((a) => ({
    ...a,
    associationSlug: associations.get(a.associationId)?.slug ?? '',
    associationName: associations.get(a.associationId)?.name ?? '',
  }));
  const chosen =
    applications.find((a) => a.id === requested) ??
    [...applications].reverse().find((a) => !isClosed(a.status)) ??
    applications.at(-1);
  if (!chosen) return { applications, chosen, result: undefined, problems: [] };
  const judged = await judge(() => applicationChecklist(actor, chosen.id, services));
  return { applications, chosen, ...judged };
}

/** The engine's checklist of an application; a stored entry the format refuses becomes a problem, not an error. */
export async function judge(
  checklist: () =>
    | { result: EvaluationResult; submitted: SubmittedState | undefined }
    | Promise<{ result: EvaluationResult; submitted: SubmittedState | undefined }>,
): Promise<{
  result: EvaluationResult | undefined;
  problems: PortfolioProblem[];
  submitted?: SubmittedState | undefined;
}> {
  try {
    const { result, submitted } = await checklist();
    return { result, problems: [], submitted };
  } catch (e) {
    if (e instanceof PortfolioError) return { result: undefined, problems: e.problems };
    throw e;
  }
}

// ---------------------------------------------------------------------------
// Agreements: each association's texts, signed by typed name.

export interface AgreementStatus {
  kind: AgreementKind;
  title: string;
  version: string;
  paragraphs: string[];
  /** The latest signature, if any, and whether it was for the current text. */
  signed?: { at: string; version: string; typedName: string; current: boolean };
}

/** The associations the person has applied to, each with its two texts and their signatures. */
export async function myAgreements(actor: Actor | undefined, services: FileServices) {
  asOwner(actor, 'portfolio.read');
  const db = services.db.kysely;
  const applied = new Set(await associationsAppliedTo(db, actor.userId));
  const associations = (await listAssociations(db)).filter((a) => applied.has(a.id));
  const out: Array<{ association: AssociationRow; agreements: AgreementStatus[] }> = [];
  for (const association of associations) {
    const signatures = await latestSignatures(db, actor.userId, association.id);
    out.push({
      association,
      agreements: agreementTexts(association).map((text) => {
        const s = signatures.get(text.kind);
        return {
          ...text,
          ...(s
            ? {
                signed: {
                  at: s.signed_at,
                  version: s.text_version,
                  typedName: s.typed_name,
                  current: s.text_version === text.version,
                },
              }
            : {}),
        };
      }),
    });
  }
  return out;
}

/** Names compared as people type them: case, spacing and accents' composition do not matter. */
export const sameName = (a: string, b: string): boolean => asTyped(a) === asTyped(b);
const asTyped = (s: string) => s.normalize('NFKC').trim().replace(/\s+/g, ' ').toLocaleLowerCase('en');

export async function signAgreement(
  actor: Actor | undefined,
  input: { association: string; kind: AgreementKind; typedName: string },
  services: FileServices,
) {
  asOwner(actor, 'portfolio.update');
  const db = services.db.kysely;
  const association = await findAssociation(db, input.association);
  if (!association) throw notFound(`Association "${input.association}"`);
  if (!(await associationsAppliedTo(db, actor.userId)).includes(association.id)) {
    throw new AppError(
      'invalid',
      `start an application with ${association.name} before signing its agreements`,
      'association',
    );
  }
  if (!agreementKinds.includes(input.kind)) throw notFound('The agreement');
  const person = await personOf(actor.userId, services);
  const title = agreementTitles[input.kind];
  if (!sameName(input.typedName, person.name)) {
    throw new AppError(
      'invalid',
      `To sign the ${title}, type your name as it is on your account: ${person.name}`,
      'typedName',
    );
  }
  const text = agreementTexts(association).find((t) => t.kind === input.kind)!;
  return db.transaction().execute(async (tx) => {
    const previous = (await latestSignatures(tx, actor.userId, association.id)).get(input.kind);
    const row = await insertSignature(tx, {
      userId: actor.userId,
      associationId: association.id,
      kind: input.kind,
      textVersion: text.version,
      typedName: input.typedName.trim(),
    });
    await appendAudit(tx, {
      actorId: actor.userId,
      associationId: association.id,
      subjectType: 'person',
      subjectId: actor.userId,
      action: 'agreement.sign',
      ...(previous
        ? {
            before: {
              kind: previous.kind,
              textVersion: previous.text_version,
              typedName: previous.typed_name,
              signedAt: previous.signed_at,
            },
          }
        : {}),
      after: {
        kind: row.kind,
        textVersion: row.text_version,
        typedName: row.typed_name,
        signedAt: row.signed_at,
      },
    });
    return { association, text, signedAt: row.signed_at };
  });
}

// ---------------------------------------------------------------------------
// Competency coverage: the association's domains against the training mapped to them.

export interface DomainCoverage {
  domain: { id: string; number: number; name: string };
  evidence: Array<{ id: string; title: string; date: string; hours: number }>;
  hours: number;
}

export async function competencyCoverage(
  actor: Actor | undefined,
  associationSlug: string,
  services: FileServices,
) {
  asOwner(actor, 'portfolio.read');
  const association = await findAssociation(services.db.kysely, associationSlug);
  if (!association) throw notFound(`Association "${associationSlug}"`);
  const domains = (catalogs().get(association.slug)?.competencies?.domains ?? []) as CompetencyDomain[];
  const training = await listEntries(services.db.kysely, actor.userId, 'training');
  const known = new Set(domains.map((d) => d.id));
  const coverage: DomainCoverage[] = domains.map((d) => {
    const evidence = training
      .filter((t) => ((t.data as Entry).competencies as unknown[] | undefined)?.includes(d.id))
      .map((t) => {
        const e = t.data as Entry;
        return {
          id: t.id,
          title: typeof e.title === 'string' && e.title ? e.title : 'Training',
          date: String(e.date ?? ''),
          hours: typeof e.hours === 'number' ? e.hours : 0,
        };
      });
    return {
      domain: { id: d.id, number: d.number, name: d.name },
      evidence,
      hours: evidence.reduce((n, e) => n + e.hours, 0),
    };
  });
  const mapped = (t: EntryRow) => ((t.data as Entry).competencies as unknown[] | undefined) ?? [];
  return {
    association,
    coverage,
    covered: coverage.filter((c) => c.evidence.length).length,
    trainingCount: training.length,
    unmapped: training.filter((t) => mapped(t).length === 0).length,
    /** Domain ids on entries that this association does not list (from an import, say). */
    unknownDomains: [...new Set(training.flatMap((t) => mapped(t).map(String)))].filter(
      (id) => !known.has(id),
    ),
  };
}

// ---------------------------------------------------------------------------
// Export and import of the interchange JSON.

/** The person's portfolio document, as "download my portfolio" gives it. */
export async function exportPortfolio(
  actor: Actor | undefined,
  services: FileServices,
): Promise<PortfolioInput> {
  asOwner(actor, 'portfolio.read');
  return personPortfolio(actor.userId, services);
}

export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

/** One field of an entry that the file changes: its value in the portfolio, and in the file. */
export interface FieldChange {
  /** The field, nested ones with a dot: `hours`, `provider.name`. */
  field: string;
  before: unknown;
  after: unknown;
}

/** An entry of the file that would change the portfolio. */
export interface ImportItem {
  section: SectionKey;
  kind: 'new' | 'changed';
  /** The entry as it would be stored. */
  entry: Entry;
  /** A changed entry: the one in the portfolio it replaces, and the fields that differ. */
  replaces?: { id: string; entry: Entry; changes: FieldChange[] };
}

export interface ImportPlan {
  /** Section by section in the format's order; within one, the changed entries, then the new ones, each in the file's order. */
  items: ImportItem[];
  /** Entries already in the portfolio exactly as in the file, per list: skipped. */
  identical: Record<SectionKey, number>;
  /** Parts of the document that an import does not take, each with why. */
  ignored: string[];
  /** File references to files that are not the importer's own: left out. */
  droppedFiles: number;
}

export type ImportCheck =
  | {
      ok: true;
      plan: ImportPlan;
      /** The plan, signed: the confirmation applies exactly this, whatever else is sent. */
      sealed: string;
    }
  | { ok: false; problems: PortfolioProblem[] };

/** JSON with keys in order, so that equal entries compare equal; an absent field and a null one are the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined && o[k] !== null)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const emptyCounts = <T>(make: () => T) =>
  Object.fromEntries(sectionKeys.map((k) => [k, make()])) as Record<SectionKey, T>;

/**
 * What makes an entry of a file "the same entry" as one in the portfolio.
 * Exports carry no entry ids (the format round-trips exactly as written, and
 * a file may come from another installation or be typed by hand), so an
 * entry is known by what a person calls it: a degree by its level, title and
 * institution; work by employer, title and start; a training by its title and
 * date (not its provider or hours, which people add or correct later); RSC by
 * its provider and start; a leadership activity by its name and start; a
 * membership by its association and start; an endorsement by its credential
 * and association. Text compares without case or extra spaces. An untitled
 * training, or RSC with no provider name, has no such name: it is the same
 * only when identical. The same entry with other values is "changed", and
 * the applicant sees the difference before anything is replaced.
 */
const identity: Record<SectionKey, (e: Entry) => unknown[] | undefined> = {
  degrees: (e) => [e.level, e.title, e.institution],
  work: (e) => [e.employer, e.title, e.from],
  training: (e) => (e.title ? [e.title, e.date] : undefined),
  rsc: (e) => {
    const name = (e.provider as Entry | undefined)?.name;
    return name ? [name, e.from] : undefined;
  },
  leadership: (e) => [e.activity, e.from],
  memberships: (e) => [e.association, e.from],
  endorsements: (e) => [e.credential, e.association],
};

const identityOf = (key: SectionKey, entry: Entry): string | undefined => {
  const parts = identity[key](entry);
  return parts?.map((v) => (typeof v === 'string' ? asTyped(v) : canonical(v ?? null))).join('\u0000');
};

const isPlainObject = (v: unknown): v is Entry => !!v && typeof v === 'object' && !Array.isArray(v);

/** The fields that differ between an entry in the portfolio and the file's, nested objects field by field. */
function fieldChanges(before: Entry, after: Entry, prefix = ''): FieldChange[] {
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])].filter(
    (k) => !(fileKeys as readonly string[]).includes(k),
  );
  return keys.flatMap((k): FieldChange[] => {
    const [b, a] = [before[k], after[k]];
    if (canonical(b ?? null) === canonical(a ?? null)) return [];
    if (isPlainObject(b) && isPlainObject(a)) return fieldChanges(b, a, `${prefix}${k}.`);
    return [{ field: `${prefix}${k}`, before: b ?? null, after: a ?? null }];
  });
}

/** A fingerprint of the person's entries: a preview holds only while it is unchanged. */
const basisOf = (rows: readonly EntryRow[]) =>
  createHash('sha256')
    .update(
      rows
        .filter((r) => sectionOfKey(r.section))
        .map((r) => `${r.id} ${JSON.stringify(r.data)}`)
        .join('\n'),
    )
    .digest('base64url');

interface SealedPlan {
  user: string;
  basis: string;
  plan: ImportPlan;
}

const sealMac = (secret: string, body: string) =>
  createHmac('sha256', secret).update(`portfolio-import\n${body}`).digest();

function seal(secret: string, value: SealedPlan): string {
  const body = Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${body}.${sealMac(secret, body).toString('base64url')}`;
}

function unseal(secret: string, sealed: string): SealedPlan | undefined {
  const dot = sealed.lastIndexOf('.');
  if (dot < 0) return undefined;
  const body = sealed.slice(0, dot);
  const mac = Buffer.from(sealed.slice(dot + 1), 'base64url');
  const expected = sealMac(secret, body);
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return undefined;
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SealedPlan;
}

/**
 * Reading and checking a large import takes a while: between its steps,
 * requests of other people go ahead instead of waiting for the whole of it.
 */
const letOthersRun = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Reads the text of an import: JSON, then the format; problems name the JSON path. */
export async function readImport(
  text: string,
): Promise<{ ok: true; document: Entry } | { ok: false; problems: PortfolioProblem[] }> {
  const body = text.replace(/^\uFEFF/, '').trim();
  if (!body)
    return { ok: false, problems: [{ path: '$', message: 'is empty: choose a file or paste its text' }] };
  if (Buffer.byteLength(body) > MAX_IMPORT_BYTES)
    return { ok: false, problems: [{ path: '$', message: 'is larger than 2 MB' }] };
  const read = readJson(body);
  if (!read.ok) return { ok: false, problems: [read.problem] };
  await letOthersRun();
  const document = read.value;
  const entries = sectionKeys.reduce((n, k) => {
    const list = (document as Entry | null)?.[k];
    return n + (Array.isArray(list) ? list.length : 0);
  }, 0);
  if (entries > MAX_IMPORT_ENTRIES)
    return {
      ok: false,
      problems: [
        {
          path: '$',
          message: `holds ${count(entries)} entries: one import adds at most ${count(MAX_IMPORT_ENTRIES)}. Split the file and import the parts one after the other`,
        },
      ],
    };
  const parsed = parsePortfolio(document);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  await letOthersRun();
  // Fields the format does not name are kept as they are: within limits too.
  const long = valueProblem(document, { longest: textLimits.other });
  if (long) return { ok: false, problems: [long] };
  return { ok: true, document: document as Entry };
}

const sectionFull = (key: SectionKey, have: number, adding: number) =>
  `your portfolio has ${count(have)} ${sectionOfKey(key)!.title.toLowerCase()} ${have === 1 ? 'entry' : 'entries'}${adding ? ` and this adds ${count(adding)}` : ''}: a section holds at most ${count(MAX_SECTION_ENTRIES)} entries`;

/** What importing `text` would add and change in the person's portfolio; changes nothing. */
export async function checkImport(
  actor: Actor | undefined,
  text: string,
  services: FileServices,
): Promise<ImportCheck> {
  asOwner(actor, 'portfolio.update');
  const read = await readImport(text);
  if (!read.ok) return read;
  const { document } = read;
  const db = services.db.kysely;
  const existing = await listEntries(db, actor.userId);
  const referenced = sectionKeys.flatMap((k) =>
    ((document[k] as Entry[] | undefined) ?? []).flatMap((e) =>
      fileKeys.map((f) => e[f]).filter((v): v is string => typeof v === 'string'),
    ),
  );
  const mine = new Set((await filesOfPerson(db, actor.userId, referenced)).map((f) => f.id));
  const plan: ImportPlan = { items: [], identical: emptyCounts(() => 0), ignored: [], droppedFiles: 0 };
  const full: PortfolioProblem[] = [];
  for (const key of sectionKeys) {
    const rows = existing.filter((r) => r.section === key);
    const entries = ((document[key] as Entry[] | undefined) ?? []).map((raw) => {
      const entry = { ...raw };
      for (const f of fileKeys) {
        if (f in entry && !(typeof entry[f] === 'string' && mine.has(entry[f] as string))) {
          delete entry[f];
          plan.droppedFiles++;
        }
      }
      return entry;
    });
    // Entries are matched one for one: two equal entries in the file and one in the
    // portfolio skip one and add one. Identical entries are matched first, so that a
    // near-duplicate never takes the place of the entry the file repeats exactly.
    const unmatched = new Set(rows.map((_, i) => i));
    const queues = (keyOf: (e: Entry) => string | undefined) => {
      const m = new Map<string, number[]>();
      for (const i of unmatched) {
        const k = keyOf(rows[i]!.data as Entry);
        if (k !== undefined) m.set(k, [...(m.get(k) ?? []), i]);
      }
      return m;
    };
    const take = (m: Map<string, number[]>, k: string | undefined) => {
      const i = k === undefined ? undefined : m.get(k)?.shift();
      if (i !== undefined) unmatched.delete(i);
      return i;
    };
    const exact = (e: Entry) => canonical(withoutFileIds(e));
    const same = queues(exact);
    const rest = entries.filter((e) => take(same, exact(e)) === undefined);
    plan.identical[key] = entries.length - rest.length;
    const named = queues((e) => identityOf(key, e));
    const changed: ImportItem[] = [];
    const added: ImportItem[] = [];
    for (const entry of rest) {
      const i = take(named, identityOf(key, entry));
      if (i === undefined) {
        added.push({ section: key, kind: 'new', entry });
        continue;
      }
      const row = rows[i]!;
      const before = row.data as Entry;
      // The file's entry replaces it; an upload of the entry in the portfolio stays with it.
      const kept = Object.fromEntries(
        fileKeys.filter((f) => before[f] && !(f in entry)).map((f) => [f, before[f]]),
      );
      changed.push({
        section: key,
        kind: 'changed',
        entry: { ...entry, ...kept },
        replaces: { id: row.id, entry: before, changes: fieldChanges(before, entry) },
      });
    }
    plan.items.push(...changed, ...added);
    if (rows.length + added.length > MAX_SECTION_ENTRIES)
      full.push({ path: key, message: sectionFull(key, rows.length, added.length) });
    await letOthersRun();
  }
  if (full.length) return { ok: false, problems: full };
  const references = document.references as unknown[] | undefined;
  if (references?.length)
    plan.ignored.push(
      `${references.length} reference${references.length === 1 ? '' : 's'}: a rating counts only when the rater submits it through Endorse`,
    );
  const agreements = document.agreements as Entry | undefined;
  if (agreements && Object.values(agreements).some(Boolean))
    plan.ignored.push("agreements: sign the association's texts on the agreements page");
  if (document.exam) plan.ignored.push('exam: the association records exam results');
  const other = Object.keys(document).filter(
    (k) =>
      !['format', 'person', 'references', 'agreements', 'exam'].includes(k) &&
      !(sectionKeys as readonly string[]).includes(k),
  );
  if (other.length) plan.ignored.push(`other parts of the file: ${other.join(', ')}`);
  const sealed = seal(services.config.secret, { user: actor.userId, basis: basisOf(existing), plan });
  return { ok: true, plan, sealed };
}

function openImport(actor: Actor | undefined, sealed: string, services: FileServices): SealedPlan {
  asOwner(actor, 'portfolio.update');
  const opened = unseal(services.config.secret, sealed);
  if (!opened || opened.user !== actor.userId)
    throw new AppError('invalid', 'This import could not be confirmed: choose the file again', 'file');
  return opened;
}

/** The plan a preview showed, if it is this person's and was made here (the portfolio may have changed since). */
export const sealedImport = (actor: Actor | undefined, sealed: string, services: FileServices): ImportPlan =>
  openImport(actor, sealed, services).plan;

/** The entries of a plan that the applicant ticked: their places in `plan.items`, one by one or as ranges "a-b". */
function chosenItems(plan: ImportPlan, chosen: readonly string[]): Set<number> {
  const picked = new Set<number>();
  for (const c of chosen) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(c);
    if (!m) continue;
    const [from, to] = [Number(m[1]), Number(m[2] ?? m[1])];
    for (let i = from; i <= Math.min(to, plan.items.length - 1); i++) picked.add(i);
  }
  return picked;
}

/**
 * Applies the ticked entries of the plan a preview showed, exactly as shown:
 * the plan comes signed from the preview, not from the file again. When the
 * portfolio changed since the preview (another tab, a second confirmation of
 * the same preview), nothing changes and the applicant checks the file again.
 */
export async function applyImport(
  actor: Actor | undefined,
  input: { sealed: string; chosen: readonly string[] },
  services: FileServices,
) {
  const opened = openImport(actor, input.sealed, services);
  const { plan } = opened;
  const userId = actor!.userId;
  const picked = chosenItems(plan, input.chosen);
  if (!picked.size)
    throw new AppError(
      'invalid',
      'Tick the entries to add or change, or go back to your portfolio without importing',
      'apply',
    );
  const person = await personOf(userId, services);
  const items = plan.items.filter((_, i) => picked.has(i));
  const adding = items.filter((i) => i.kind === 'new').map((i) => ({ section: i.section, data: i.entry }));
  const changing = items.filter((i) => i.kind === 'changed');
  const perSection = (list: readonly ImportItem[]) =>
    Object.fromEntries(sectionKeys.map((k) => [k, list.filter((i) => i.section === k).length]));
  await services.db.kysely.transaction().execute(async (tx) => {
    // Two confirmations of one preview at once (a double click): the second waits, then finds the portfolio changed.
    await lockPortfolio(tx, userId);
    if (basisOf(await listEntries(tx, userId)) !== opened.basis)
      throw new AppError(
        'invalid',
        'Your portfolio has changed since this preview, so nothing was imported: choose the file again to see what it would change now',
        'file',
      );
    await startPortfolio(tx, userId, person);
    const rows = await insertEntries(tx, userId, adding);
    for (const item of changing) await updateEntry(tx, item.replaces!.id, item.entry);
    await appendAudits(tx, [
      ...rows.map((row): AuditEvent => ({
        actorId: userId,
        associationId: null,
        subjectType: 'portfolio-entry',
        subjectId: row.id,
        action: 'portfolio-entry.import',
        after: { section: row.section, entry: row.data },
      })),
      ...changing.map((item): AuditEvent => ({
        actorId: userId,
        associationId: null,
        subjectType: 'portfolio-entry',
        subjectId: item.replaces!.id,
        action: 'portfolio-entry.import',
        before: { section: item.section, entry: item.replaces!.entry },
        after: { section: item.section, entry: item.entry },
      })),
    ]);
    await appendAudit(tx, {
      actorId: userId,
      associationId: null,
      subjectType: 'person',
      subjectId: userId,
      action: 'portfolio.import',
      after: {
        added: perSection(items.filter((i) => i.kind === 'new')),
        changed: perSection(changing),
        identical: plan.identical,
        notTicked: plan.items.length - items.length,
        ignored: plan.ignored,
      },
    });
  });
  return { added: adding.length, changed: changing.length };
}
