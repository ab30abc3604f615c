// The portfolio pages' forms: each section's fields, checked with messages
// that say what to do, and turned into an entry of the interchange format
// (which the service checks again with the format's own schema). Also the
// entry → form values mapping for the edit forms.
import { z } from 'zod';
import { agreementKinds } from '../../catalogs/agreements.ts';
import { competencyDomains } from '../../catalogs/competencies.ts';
import { count, numberLimits, type TextKind, textLimits } from '../../engine/limits.ts';
import { credentialIds, degreeLevels, trainingTopics, workKinds } from '../../engine/portfolio.ts';
import type { Entry, SectionSlug } from '../../services/portfolio.ts';
import { OTHER_ASSOCIATION_CHOICE } from '../../views/pages/portfolio.tsx';
import { capitalize, checkboxes, type FormValues, noControl, text } from '../forms.ts';

// ---------------------------------------------------------------------------
// Field builders. Browsers leave out empty fields and unticked boxes: treat
// a missing field as empty.

const trimmed = () =>
  z
    .string()
    .optional()
    .transform((s) => (s ?? '').trim());

/** Free text that may be left empty (then absent from the entry). */
const optionalText = (label: string, kind: TextKind = 'title') =>
  trimmed()
    .pipe(
      z
        .string()
        .max(textLimits[kind], `${capitalize(label)} must be at most ${count(textLimits[kind])} characters`)
        .superRefine(noControl(label)),
    )
    .transform((s) => s || undefined);

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const realDate = (s: string) => isoDate.test(s) && z.iso.date().safeParse(s).success;

const requiredDate = (label: string) =>
  trimmed()
    .pipe(z.string().min(1, `Enter ${label}`))
    .refine(realDate, `Enter ${label} as a real date, for example 2024-03-31`);

/** An end date that may be left empty: `null` (ongoing). */
const endDate = (label: string) =>
  trimmed()
    .refine(
      (s) => s === '' || realDate(s),
      `Enter ${label} as a real date, for example 2024-03-31, or leave it empty`,
    )
    .transform((s) => s || null);

const decimal = /^\d+(\.\d+)?$/;
const hours = (label: string, options: { allowZero?: boolean; empty?: number } = {}) =>
  trimmed()
    .transform((s) => (s === '' && options.empty !== undefined ? String(options.empty) : s))
    .pipe(z.string().min(1, `Enter ${label}`))
    .refine((s) => decimal.test(s), `Enter ${label} as a number of hours, for example 1.5`)
    .transform(Number)
    .refine((n) => (options.allowZero ? n >= 0 : n > 0), `${capitalize(label)} must be more than 0`)
    .refine(
      (n) => n <= numberLimits.hours.max,
      `${capitalize(label)} must be at most ${numberLimits.hours.max} hours`,
    );

/** A single checkbox (value "yes"). */
const flag = () =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (Array.isArray(v) ? v.includes('yes') : v === 'yes'));

const choice = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  trimmed().pipe(z.enum(values, { error: `Choose ${label}` }));

const associationId = (label: string) =>
  trimmed()
    .transform((s) => s.toLowerCase())
    .pipe(
      z
        .string()
        .min(1, `Choose ${label}`)
        .max(textLimits.id, `${capitalize(label)} must be at most ${textLimits.id} characters`)
        .regex(
          /^[a-z0-9][a-z0-9-]*$/,
          `Enter ${label} as its short id: lower-case letters, digits and hyphens, for example mi-aimh`,
        ),
    );

/** An association's name or short id as the format's id: "WA-AIMH" and "wa aimh" are both wa-aimh. */
const asAssociationId = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, textLimits.id)
    .replace(/-+$/, '');

/** Drops keys whose value is undefined, so that an entry holds only what was entered. */
const compact = (entry: Record<string, unknown>): Entry =>
  Object.fromEntries(Object.entries(entry).filter(([, v]) => v !== undefined));

const endsAfterStart = (
  value: { from: string; to: string | null },
  ctx: z.RefinementCtx,
  label = 'The end date',
) => {
  if (value.to && value.to < value.from)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `${label} must be on or after the start date` });
};

export const competencyIds = competencyDomains.map((d) => d.id) as [string, ...string[]];

// ---------------------------------------------------------------------------
// One form per section. Each turns the fields into an entry of the format.

const common = { application: z.string().optional() };

export const entryForms = {
  education: z
    .object({
      ...common,
      level: choice(degreeLevels, 'the level of the degree'),
      title: optionalText('the title of the degree'),
      field: optionalText('the field of study'),
      institution: optionalText('the institution'),
      conferred: requiredDate('the date the degree was conferred'),
      transcript: choice(['official', 'unofficial', 'none'], 'what kind of transcript you have').default(
        'none',
      ),
      removeFile: flag(),
    })
    .transform((f) => ({
      entry: compact({
        level: f.level,
        title: f.title,
        field: f.field,
        institution: f.institution,
        conferred: f.conferred,
        transcript: f.transcript,
      }),
      removeFile: f.removeFile,
    })),
  work: z
    .object({
      ...common,
      title: text('your job title', { kind: 'title' }),
      employer: optionalText('the employer'),
      from: requiredDate('the start date'),
      to: endDate('the end date'),
      fte: trimmed()
        .transform((s) => s || '1')
        .refine(
          (s) => decimal.test(s),
          'Enter the full-time equivalent as a number between 0 and 1, for example 0.5',
        )
        .transform(Number)
        .refine(
          (n) => n > numberLimits.fte.min && n <= numberLimits.fte.max,
          'Enter the full-time equivalent as a number more than 0 and at most 1',
        ),
      paid: flag(),
      supervised: flag(),
      internship: flag(),
      kinds: checkboxes(workKinds, 'the kinds of work').refine(
        (k) => k.length > 0,
        'Choose at least one kind of work',
      ),
      supervisorEndorsements: checkboxes(credentialIds, "your supervisor's endorsements"),
    })
    .superRefine((f, ctx) => endsAfterStart(f, ctx))
    .transform((f) => ({
      entry: compact({
        title: f.title,
        employer: f.employer,
        from: f.from,
        to: f.to,
        fte: f.fte,
        paid: f.paid,
        supervised: f.supervised,
        internship: f.internship,
        kinds: f.kinds,
        ...(f.supervisorEndorsements.length ? { supervisorEndorsements: f.supervisorEndorsements } : {}),
      }),
      removeFile: false,
    })),
  training: z
    .object({
      ...common,
      title: text('the title of the training', { kind: 'title' }),
      provider: optionalText('who gave the training'),
      date: requiredDate('the date of the training'),
      hours: hours('the hours of training'),
      topics: checkboxes(trainingTopics, 'the topics'),
      competencies: checkboxes(competencyIds, 'competency domains'),
    })
    .transform((f) => ({
      entry: compact({
        title: f.title,
        provider: f.provider,
        date: f.date,
        hours: f.hours,
        topics: f.topics,
        ...(f.competencies.length ? { competencies: f.competencies } : {}),
      }),
      removeFile: false,
    })),
  rsc: z
    .object({
      ...common,
      providerName: text("your RSC provider's name"),
      providerEndorsements: checkboxes(credentialIds, "your provider's endorsements"),
      providerVetted: flag(),
      from: requiredDate('the first date'),
      to: requiredDate('the last date'),
      hours: hours('the hours of RSC'),
      format: choice(['individual', 'group'], 'individual or group'),
      providingRscHours: hours('the hours about the RSC you provide', { allowZero: true, empty: 0 }),
    })
    .superRefine((f, ctx) => {
      endsAfterStart(f, ctx, 'The last date');
      if (f.providingRscHours > f.hours)
        ctx.addIssue({
          code: 'custom',
          path: ['providingRscHours'],
          message: `The hours about the RSC you provide are part of the ${f.hours} hours of RSC: enter at most ${f.hours}`,
        });
    })
    .transform((f) => ({
      entry: {
        from: f.from,
        to: f.to,
        hours: f.hours,
        format: f.format,
        provider: { name: f.providerName, endorsements: f.providerEndorsements, vetted: f.providerVetted },
        providingRscHours: f.providingRscHours,
      } as Entry,
      removeFile: false,
    })),
  leadership: z
    .object({
      ...common,
      activity: text('the activity', { kind: 'description' }),
      from: requiredDate('the start date'),
      to: endDate('the end date'),
    })
    .superRefine((f, ctx) => endsAfterStart(f, ctx))
    .transform((f) => ({
      entry: { activity: f.activity, from: f.from, to: f.to } as Entry,
      removeFile: false,
    })),
  memberships: z
    .object({
      ...common,
      association: trimmed(),
      otherAssociation: optionalText('the name of the other association', 'name'),
      from: requiredDate('the start date'),
      to: endDate('the end date'),
      removeFile: flag(),
    })
    .superRefine((f, ctx) => {
      endsAfterStart(f, ctx);
      // The seeds accept "membership in MI-AIMH or another infant mental health association": one
      // outside the list is named in words and kept under an id made from them.
      if (f.association === OTHER_ASSOCIATION_CHOICE) {
        if (!asAssociationId(f.otherAssociation ?? ''))
          ctx.addIssue({
            code: 'custom',
            path: ['otherAssociation'],
            message: 'Enter the name of the other association, for example WA-AIMH',
          });
      } else {
        const chosen = associationId('the association').safeParse(f.association);
        if (!chosen.success)
          ctx.addIssue({ code: 'custom', path: ['association'], message: chosen.error.issues[0]!.message });
      }
    })
    .transform((f) => ({
      entry: {
        association:
          f.association === OTHER_ASSOCIATION_CHOICE
            ? asAssociationId(f.otherAssociation ?? '')
            : f.association.toLowerCase(),
        from: f.from,
        to: f.to,
      } as Entry,
      removeFile: f.removeFile,
    })),
  endorsements: z
    .object({
      ...common,
      credential: choice(credentialIds, 'the credential'),
      association: associationId('the association that granted it'),
      granted: requiredDate('the date it was granted'),
    })
    .transform((f) => ({
      entry: { credential: f.credential, association: f.association, granted: f.granted } as Entry,
      removeFile: false,
    })),
} satisfies Record<SectionSlug, z.ZodType<{ entry: Entry; removeFile: boolean }>>;

/** The form field for a path inside an entry (from the format's schema), for the error summary. */
export function fieldOfPath(slug: SectionSlug, path: string): string {
  if (slug === 'rsc') {
    if (path.startsWith('provider.endorsements')) return 'providerEndorsements';
    if (path.startsWith('provider.vetted')) return 'providerVetted';
    if (path.startsWith('provider')) return 'providerName';
  }
  if (path === 'transcriptFileId') return 'transcriptFile';
  if (path === 'proofFileId') return 'proofFile';
  const first = /^[A-Za-z]+/.exec(path)?.[0];
  return first ?? 'form';
}

const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const yes = (v: unknown, fallback = false) => ((typeof v === 'boolean' ? v : fallback) ? ['yes'] : []);

/** An entry as the values of its section's form (for editing). */
export function entryValues(slug: SectionSlug, entry: Entry): FormValues {
  switch (slug) {
    case 'education':
      return {
        level: str(entry.level),
        title: str(entry.title),
        field: str(entry.field),
        institution: str(entry.institution),
        conferred: str(entry.conferred),
        transcript: str(entry.transcript) || 'none',
      };
    case 'work':
      return {
        title: str(entry.title),
        employer: str(entry.employer),
        from: str(entry.from),
        to: str(entry.to),
        fte: entry.fte === undefined ? '1' : str(entry.fte),
        paid: yes(entry.paid, true),
        supervised: yes(entry.supervised),
        internship: yes(entry.internship),
        kinds: list(entry.kinds),
        supervisorEndorsements: list(entry.supervisorEndorsements),
      };
    case 'training':
      return {
        title: str(entry.title),
        provider: str(entry.provider),
        date: str(entry.date),
        hours: str(entry.hours),
        topics: list(entry.topics),
        competencies: list(entry.competencies),
      };
    case 'rsc': {
      const provider = (entry.provider ?? {}) as Entry;
      return {
        providerName: str(provider.name),
        providerEndorsements: list(provider.endorsements),
        providerVetted: yes(provider.vetted),
        from: str(entry.from),
        to: str(entry.to),
        hours: str(entry.hours),
        format: str(entry.format) || 'individual',
        providingRscHours: entry.providingRscHours === undefined ? '0' : str(entry.providingRscHours),
      };
    }
    case 'leadership':
      return { activity: str(entry.activity), from: str(entry.from), to: str(entry.to) };
    case 'memberships':
      return { association: str(entry.association), from: str(entry.from), to: str(entry.to) };
    case 'endorsements':
      return {
        credential: str(entry.credential),
        association: str(entry.association),
        granted: str(entry.granted),
      };
  }
}

/** What an empty "add" form starts with. */
export const newEntryValues: Record<SectionSlug, FormValues> = {
  education: { transcript: 'none' },
  work: { fte: '1', paid: ['yes'] },
  training: {},
  rsc: { format: 'individual', providingRscHours: '0' },
  leadership: {},
  memberships: {},
  endorsements: {},
};

export const entryParams = z.object({
  section: z.string().min(1).max(40),
  entryId: z.string().min(1).max(100),
});
export const sectionParams = z.object({ section: z.string().min(1).max(40) });
export const applicationParams = z.object({ id: z.string().min(1).max(100) });
export const fileParams = z.object({ fileId: z.string().min(1).max(100) });
/** Which application's checklist the portfolio pages show. */
export const checklistQuery = z.object({
  application: z.string().max(100).optional(),
  association: z.string().max(64).optional(),
});

/** A section's page: which application's checklist, and which page of its entries. */
export const sectionQuery = checklistQuery.extend({
  page: z
    .string()
    .regex(/^\d{1,6}$/, 'page must be a page number, such as 2')
    .transform(Number)
    .optional(),
});

export const signAgreementForm = z.object({
  application: z.string().optional(),
  association: text('the association', { kind: 'id' }),
  kind: z.enum(agreementKinds, { error: 'Choose the agreement to sign' }),
  typedName: text('your name, to sign'),
});

export const importForm = z.object({
  application: z.string().optional(),
  json: z.string().optional(),
});
export const confirmImportForm = z.object({
  application: z.string().optional(),
  plan: z
    .string({ error: 'The import to confirm is missing: choose the file again' })
    .min(1, 'The import to confirm is missing: choose the file again'),
  /** The ticked entries of the preview: their places in the plan, one by one or as ranges "a-b". */
  apply: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
});
