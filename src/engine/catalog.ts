// The catalog format: an association's requirements as data. Documented for
// association admins in docs/catalogs.md; checked on load by `loadCatalog`.
import { z } from 'zod';
import { parseDay } from './dates.ts';
import {
  credentialIds,
  degreeLevels,
  jsonPath,
  relationships,
  trainingTopics,
  workKinds,
} from './portfolio.ts';

const date = z.iso.date({ error: 'must be a real date written YYYY-MM-DD' });
const seedFile = z.string().regex(/^[\w.-]+\.txt$/, { error: 'must name a source file such as "001_….txt"' });
const credentialId = z.enum(credentialIds);
const degreeLevel = z.enum(degreeLevels);
const positive = z.number().gt(0, { error: 'must be more than 0' });
const vetted = z.strictObject({
  /** Vetted people count only on evaluation dates before this one. */
  before: date.optional(),
});

const ruleBase = {
  /** Short id, unique within the credential; results carry `<credential>.<id>`. */
  id: z
    .string()
    .regex(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/, { error: 'must be lower-case words joined by "." or "-"' }),
  /** The seed file the rule is taken from. */
  source: seedFile,
  /** Further seed files the rule also relies on. */
  also: z.array(seedFile).optional(),
  /** Dates (inclusive) between which this version of the rule is in force. */
  inForce: z.strictObject({ from: date.optional(), to: date.optional() }).optional(),
  /** The document's own words, shown with the plain-language statement. */
  quote: z.string().optional(),
};

const workSpec = {
  years: positive,
  kinds: z.array(z.enum(workKinds)).min(1),
  paid: z.boolean().optional(),
  supervised: z.boolean().optional(),
  /** Only days after the conferral of the earliest such degree count. */
  after: z.union([z.literal('qualifying-degree'), degreeLevel]).optional(),
};

export const educationRule = z.strictObject({
  ...ruleBase,
  kind: z.literal('education'),
  levels: z.array(degreeLevel).min(1),
  transcript: z
    .strictObject({
      quality: z.enum(['official', 'unofficial']),
      /** `qualifying`: the degree that meets the rule; `all`: every college degree listed. */
      of: z.enum(['qualifying', 'all']),
    })
    .optional(),
  /** Work experience that may take the place of the degree. */
  orWork: z.strictObject(workSpec).optional(),
});

export const workRule = z.strictObject({
  ...ruleBase,
  kind: z.literal('work'),
  ...workSpec,
  /** A supervised graduate internship that, with some work, may stand in for the years. */
  internshipAlternative: z
    .strictObject({
      internshipYears: positive,
      workYears: positive,
      supervisorEndorsements: z.array(credentialId).optional(),
    })
    .optional(),
});

export const leadershipRule = z.strictObject({
  ...ruleBase,
  kind: z.literal('leadership'),
  years: positive.optional(),
  activities: z.number().int().positive().optional(),
});

export const trainingRule = z.strictObject({
  ...ruleBase,
  kind: z.literal('training'),
  hours: positive.optional(),
  topics: z.partialRecord(z.enum(trainingTopics), positive).optional(),
  /** Renewal: the rule binds only endorsees who provide RSC during the period. */
  appliesTo: z.literal('rsc-providers').optional(),
  /** The training as the document names it, for a rule of one topic ("specialized training in infant mental health"). */
  named: z.string().min(1).optional(),
});

export const rscRule = z.strictObject({
  ...ruleBase,
  kind: z.literal('rsc'),
  hours: positive,
  window: z
    .strictObject({
      minMonths: z.number().int().positive().optional(),
      maxMonths: z.number().int().positive(),
    })
    .optional(),
  /** Only RSC that begins after the conferral of such a degree counts ("post-Masters"). */
  after: degreeLevel.optional(),
  providers: z
    .strictObject({ endorsements: z.array(credentialId).min(1), vetted: vetted.optional() })
    .optional(),
  /** Of the hours, how many must be about the RSC the applicant provides to others. */
  providingRscHours: positive.optional(),
  /** Renewal: not required once the credential has been held this many years. */
  exemptAfterYears: positive.optional(),
});

export const referenceSlot = z.strictObject({
  label: z.string().min(1),
  roles: z.array(z.enum(relationships)).min(1),
  /** The rater must be current in one of `roles`. */
  current: z.boolean().optional(),
  /** Who may stand in when no one in `roles` is available (never required to be current). */
  standIns: z.array(z.enum(relationships)).optional(),
});

export const referencesRule = z.strictObject({
  ...ruleBase,
  kind: z.literal('references'),
  slots: z.array(referenceSlot).min(1),
  endorsedRater: z
    .strictObject({
      endorsements: z.union([z.literal('any'), z.array(credentialId).min(1)]),
      vetted: vetted.optional(),
    })
    .optional(),
});

export const agreementsRule = z.strictObject({ ...ruleBase, kind: z.literal('agreements') });
export const examRule = z.strictObject({ ...ruleBase, kind: z.literal('exam') });
export const membershipRule = z.strictObject({
  ...ruleBase,
  kind: z.literal('membership'),
  /** Membership in any infant mental health association also counts. */
  orAnother: z.boolean().optional(),
  /** The association as the document names it, where that is not the catalog's name. */
  named: z.string().min(1).optional(),
});

export const rule = z.discriminatedUnion('kind', [
  educationRule,
  workRule,
  leadershipRule,
  trainingRule,
  rscRule,
  referencesRule,
  agreementsRule,
  examRule,
  membershipRule,
]);
export const renewalRule = z.discriminatedUnion('kind', [trainingRule, rscRule, membershipRule]);

const reviewNote = z.strictObject({ text: z.string().min(1), source: seedFile });

export const credentialSchema = z.strictObject({
  id: credentialId,
  name: z.string().min(1),
  level: z.number().int().min(1).max(4),
  category: z.enum(['clinical', 'policy', 'research-faculty']).optional(),
  requirements: z.array(rule).min(1),
  renewal: z.array(renewalRule),
  /** Clauses the format has no field for: shown to reviewers, not checked. */
  review: z.array(reviewNote).optional(),
});

const fee = z.strictObject({
  /** Amounts in cents. */
  application: z.number().int().min(0),
  processing: z.number().int().min(0),
  source: seedFile,
});

export const catalogSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  /** Date of this catalog version. */
  version: date,
  /** Every seed file a rule may cite, with what it is. */
  sources: z.record(seedFile, z.string()),
  currency: z.string().length(3).optional(),
  fees: z.partialRecord(credentialId, fee).optional(),
  credentials: z.array(credentialSchema).min(1),
  competencies: z.strictObject({ source: seedFile, domains: z.array(z.unknown()) }).optional(),
});

export type Rule = z.infer<typeof rule>;
export type RenewalRule = z.infer<typeof renewalRule>;
export type RuleKind = Rule['kind'];
export type RuleOf<K extends RuleKind> = Extract<Rule, { kind: K }>;
export type ReferenceSlot = z.infer<typeof referenceSlot>;
export type CredentialDef = z.infer<typeof credentialSchema>;
export type CatalogInput = z.input<typeof catalogSchema>;
export type Catalog = z.infer<typeof catalogSchema>;

export class CatalogError extends Error {
  constructor(
    readonly catalogId: string,
    readonly problems: string[],
  ) {
    super(`catalog ${catalogId} is malformed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CatalogError';
  }
}

/** Names the rule at fault for a schema issue path like `credentials[2].requirements[4].hours`. */
function describeLocation(input: unknown, path: readonly PropertyKey[]): string {
  const [top, ci, list, ri, ...rest] = path;
  if (top !== 'credentials' || typeof ci !== 'number') return jsonPath(path);
  const cred = (input as { credentials?: Array<Record<string, unknown>> }).credentials?.[ci];
  const credName = typeof cred?.id === 'string' ? cred.id : `credentials[${ci}]`;
  if ((list === 'requirements' || list === 'renewal') && typeof ri === 'number') {
    const r = (cred?.[list] as Array<Record<string, unknown>> | undefined)?.[ri];
    const ruleName = typeof r?.id === 'string' ? r.id : `${list}[${ri}]`;
    const field = rest.length ? ` (${jsonPath(rest)})` : '';
    return `credential ${credName}, ${list === 'renewal' ? 'renewal ' : ''}rule ${ruleName}${field}`;
  }
  return `credential ${credName}${list === undefined ? '' : ` (${jsonPath(path.slice(2))})`}`;
}

/**
 * Checks a catalog and returns it typed. A malformed catalog is refused with
 * every problem, each naming the credential and rule at fault.
 */
export function loadCatalog(input: unknown): Catalog {
  const idHint = (input as { id?: unknown })?.id;
  const id = typeof idHint === 'string' ? idHint : '(no id)';
  const parsed = catalogSchema.safeParse(input);
  if (!parsed.success) {
    throw new CatalogError(
      id,
      parsed.error.issues.map((i) => `${describeLocation(input, i.path)}: ${i.message}`),
    );
  }
  const catalog = parsed.data;
  const problems: string[] = [];
  const cited = (file: string) => file in catalog.sources;
  const seen = new Set<string>();
  for (const cred of catalog.credentials) {
    if (seen.has(cred.id)) problems.push(`credential ${cred.id}: listed twice`);
    seen.add(cred.id);
    for (const [list, rules] of [
      ['requirements', cred.requirements],
      ['renewal', cred.renewal],
    ] as const) {
      const where = (r: Rule) => `credential ${cred.id}, ${list === 'renewal' ? 'renewal ' : ''}rule ${r.id}`;
      for (const r of rules) {
        for (const file of [r.source, ...(r.also ?? [])]) {
          if (!cited(file))
            problems.push(`${where(r)}: cites ${file}, which is not in the catalog's sources`);
        }
        problems.push(...ruleProblems(r).map((p) => `${where(r)}: ${p}`));
      }
      problems.push(...overlappingVersions(rules).map((p) => `credential ${cred.id}, ${p}`));
    }
    for (const note of cred.review ?? []) {
      if (!cited(note.source))
        problems.push(`credential ${cred.id}, review note: cites unknown ${note.source}`);
    }
  }
  for (const [cred, f] of Object.entries(catalog.fees ?? {})) {
    if (!seen.has(cred as never)) problems.push(`fees.${cred}: no such credential in this catalog`);
    if (f && !cited(f.source)) problems.push(`fees.${cred}: cites unknown ${f.source}`);
  }
  if (problems.length) throw new CatalogError(catalog.id, problems);
  return catalog;
}

function ruleProblems(r: Rule): string[] {
  const out: string[] = [];
  const from = r.inForce?.from;
  const to = r.inForce?.to;
  if (from && to && to < from) out.push(`in force to ${to}, before it comes into force on ${from}`);
  switch (r.kind) {
    case 'training': {
      const sum = Object.values(r.topics ?? {}).reduce((a, b) => a + b, 0);
      if (r.named && (r.hours !== undefined || Object.keys(r.topics ?? {}).length !== 1))
        out.push('names its training but is not a rule of one topic');
      if (r.hours === undefined && sum === 0) out.push('names neither hours nor topic hours');
      if (r.hours !== undefined && sum > r.hours)
        out.push(`topic hours (${sum}) exceed the total (${r.hours})`);
      break;
    }
    case 'rsc':
      if (r.window?.minMonths && r.window.minMonths > r.window.maxMonths)
        out.push('window minMonths exceeds maxMonths');
      if (r.providingRscHours && r.providingRscHours > r.hours) out.push('providingRscHours exceed hours');
      break;
    case 'leadership':
      if (r.years === undefined && r.activities === undefined) out.push('names neither years nor activities');
      break;
    case 'references':
      for (const s of r.slots)
        if (s.standIns?.some((x) => s.roles.includes(x)))
          out.push(`slot "${s.label}" lists a stand-in among its roles`);
      break;
  }
  return out;
}

/** Two versions of one rule id may not be in force on the same day. */
function overlappingVersions(rules: readonly Rule[]): string[] {
  const byId = new Map<string, Rule[]>();
  for (const r of rules) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  const out: string[] = [];
  for (const [id, versions] of byId) {
    for (let i = 0; i < versions.length; i++) {
      for (let j = i + 1; j < versions.length; j++) {
        const a = versions[i]!.inForce ?? {};
        const b = versions[j]!.inForce ?? {};
        const start = Math.max(parseDay(a.from ?? '0001-01-01')!, parseDay(b.from ?? '0001-01-01')!);
        const end = Math.min(parseDay(a.to ?? '9999-12-31')!, parseDay(b.to ?? '9999-12-31')!);
        if (start <= end) out.push(`rule ${id}: two versions are in force on the same days`);
      }
    }
  }
  return out;
}
