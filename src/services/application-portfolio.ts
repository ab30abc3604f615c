// An application's portfolio in the interchange format: the person's entries
// (shared by all their applications), plus what belongs to this application:
// its counted reference ratings and the association's signed agreements. The
// live checklist is the engine's judgement of it.
import { judgedOnSnapshot } from '../domain/application-lifecycle.ts';
import { type AgreementKind, agreementTexts } from '../catalogs/agreements.ts';
import { type ApplicationRow, findSubmission } from '../db/repositories/applications.ts';
import { latestSignatures } from '../db/repositories/agreements.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import { findPersonById } from '../db/repositories/people.ts';
import { readPortfolio } from '../db/repositories/portfolio.ts';
import { submittedReferences } from '../db/repositories/references.ts';
import { attemptsOf } from '../db/repositories/exam-attempts.ts';
import type { PortfolioInput } from '../engine/portfolio.ts';
import { evaluate, type EvaluationResult, type RequirementResult, today } from '../index.ts';
import { type Actor, can, type Resource } from '../policies/index.ts';
import type { Services } from './context.ts';
import { withHeldEndorsements } from './held-endorsements.ts';
import { authorizeApplication } from './scope.ts';
import { notFound } from './errors.ts';

/** The person's own portfolio document (what export downloads). */
export async function personPortfolio(userId: string, services: Services): Promise<PortfolioInput> {
  const stored = (await readPortfolio(services.db.kysely, userId)) as PortfolioInput | undefined;
  if (stored) return stored;
  const person = await findPersonById(services.db.kysely, userId);
  if (!person) throw notFound('The person');
  return { format: 'endorse-portfolio/1', person: { name: person.name, email: person.email } };
}

/**
 * The portfolio of an application its caller has found (and authorized):
 * the row is taken as given, so that a page reads it once.
 */
export async function applicationPortfolio(application: ApplicationRow, services: Services) {
  const { association, recorded, exam } = await recordedPortfolio(application, services);
  const [portfolio] = await withHeldEndorsements([recorded], application.userId, services);
  return { application, association, portfolio: withExam(portfolio!, exam) };
}

const withExam = (portfolio: PortfolioInput, exam: PortfolioInput['exam']): PortfolioInput =>
  exam ? { ...portfolio, exam } : portfolio;

/**
 * The application's portfolio as recorded here, before what Endorse records
 * of the people it names is added; and the exam, added last.
 */
async function recordedPortfolio(application: ApplicationRow, services: Services) {
  const db = services.db.kysely;
  const association = await findAssociation(db, application.associationId);
  if (!association) throw notFound('The association');
  const document = await personPortfolio(application.userId, services);
  const { counted: references, waivedRatingIn } = await submittedReferences(db, application.id);
  const signatures = await latestSignatures(db, application.userId, association.id);
  // What the applicant declares comes from their entries; references, agreements and the exam
  // count only as recorded here (ratings received, texts signed), never as typed into an import;
  // endorsements Endorse granted count as it records them.
  const { references: _declared, agreements: _typed, exam: _exam, ...declared } = document;
  // A signature counts only for the text in force now: a changed text must be signed again.
  const current = new Map(agreementTexts(association).map((t) => [t.kind, t.version]));
  const signed = (kind: AgreementKind) => {
    const signature = signatures.get(kind);
    return signature && signature.text_version === current.get(kind)
      ? signature.signed_at.slice(0, 10)
      : undefined;
  };
  const recorded: PortfolioInput = {
    ...declared,
    references: references as NonNullable<PortfolioInput['references']>,
    agreements: {
      codeOfEthics: signed('code-of-ethics') ?? null,
      endorsementAgreement: signed('endorsement-agreement') ?? null,
    },
  };
  return { association, recorded, waivedRatingIn, exam: await examRecord(services, application.id) };
}

/**
 * The exam as Endorse recorded it for this application: the latest scored
 * attempt, passed or not, on the day it was scored. What the engine's `exam`
 * requirement reads (never what an import declares).
 */
async function examRecord(
  services: Services,
  applicationId: string,
): Promise<{ passed: boolean; date: string } | undefined> {
  const scored = (await attemptsOf(services.db.kysely, applicationId)).filter((a) => a.result && a.scoredAt);
  const last = scored.at(-1);
  return last && { passed: last.result === 'passed', date: last.scoredAt!.slice(0, 10) };
}

/** Requirements met after review, not before: they never block submission. */
export const afterReviewKinds: ReadonlySet<RequirementResult['kind']> = new Set(['exam']);

/** Where a submitted application stands, for every checklist of it. */
export interface SubmittedState {
  /** When it was submitted (null for one that left draft without a recorded date). */
  at: string | null;
  status: string;
  /** The catalog version the snapshot was judged against (null: submitted before it was recorded). */
  catalogVersion: string | null;
  /** The requirements met after review (the exam): shown as "after review", not as failures. */
  afterReview: string[];
}

/**
 * What an application is judged on: once submitted, the frozen snapshot on the
 * day it was submitted (what the confirmation promises: review "as you
 * submitted it"), with the portfolio as it is now beside it; before, the live
 * portfolio on `on`.
 */
export async function judgedPortfolio(
  application: ApplicationRow,
  services: Services,
  on: string = today(),
  asItStands = false,
) {
  const {
    association,
    recorded,
    waivedRatingIn,
    exam: examRecorded,
  } = await recordedPortfolio(application, services);
  const submission =
    judgedOnSnapshot(application) && !asItStands
      ? await findSubmission(services.db.kysely, application.id)
      : undefined;
  // What Endorse records of the people it names counts as it stands now, like the exam.
  const [asItIs, snapshot] = await withHeldEndorsements(
    submission ? [recorded, JSON.parse(submission.snapshot) as PortfolioInput] : [recorded],
    application.userId,
    services,
  );
  const live = withExam(asItIs!, examRecorded);
  if (!submission || !snapshot)
    return {
      application,
      association,
      waivedRatingIn,
      portfolio: live,
      current: live,
      on,
      submission: undefined,
    };
  const judgedOn = application.submittedAt?.slice(0, 10) ?? on;
  // The exam comes after the snapshot: it is judged with it, as of the submission
  // day the rest is judged on, so its date is left out when it is later.
  const exam =
    examRecorded &&
    (examRecorded.date && examRecorded.date > judgedOn ? { passed: examRecorded.passed } : examRecorded);
  return {
    application,
    association,
    waivedRatingIn,
    portfolio: withExam(snapshot, exam),
    // Beside the snapshot, with the exam as judged there: it is no change of the applicant's.
    current: withExam(asItIs!, exam),
    on: judgedOn,
    submission: {
      at: application.submittedAt,
      status: application.status,
      catalogVersion: submission.catalogVersion,
    },
  };
}

/**
 * Whether `actor` reads the application as its advisor: the portfolio as it
 * stands, drafts and submitted alike (seed 002, step 6), where staff judge the
 * snapshot. A coordinator who also advises it reads it as staff.
 */
export function readsAsAdvisor(actor: Actor, resource: Resource): boolean {
  return !!resource.advisorIds?.includes(actor.userId) && !can(actor, 'application.history', resource);
}

/** The state of a submitted application as its checklists show it, or undefined for a draft. */
export function submittedState(
  submission: Omit<SubmittedState, 'afterReview'> | undefined,
  result: EvaluationResult,
): SubmittedState | undefined {
  return (
    submission && {
      ...submission,
      afterReview: result.requirements.filter((r) => afterReviewKinds.has(r.kind)).map((r) => r.id),
    }
  );
}

/** An application's checklist: the live portfolio judged on `on`, or once submitted, the snapshot. */
export async function applicationChecklist(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  on: string = today(),
) {
  const {
    actor: reader,
    application,
    resource,
  } = await authorizeApplication(actor, applicationId, 'application.read', services);
  return checklistOf(reader, application, resource, services, on);
}

/** The checklist of an application `reader` is authorized to read ('application.read'), as found. */
export async function checklistOf(
  reader: Actor,
  found: ApplicationRow,
  resource: Resource,
  services: Services,
  on: string = today(),
) {
  return checklistOfJudged(
    reader,
    await judgedPortfolio(found, services, on, readsAsAdvisor(reader, resource)),
  );
}

/**
 * The checklist of a portfolio judged for `reader`: for a page that shows
 * more of what `judgedPortfolio` read (the association) even when the
 * portfolio cannot be judged (a PortfolioError from the engine).
 */
export function checklistOfJudged(reader: Actor, judged: Awaited<ReturnType<typeof judgedPortfolio>>) {
  const { application, association } = judged;
  const result = evaluate(judged.portfolio, {
    association: association.slug,
    credential: application.credential,
    on: judged.on,
  });
  return {
    application,
    association,
    result: asSeenBy(reader, judged, result),
    submitted: submittedState(judged.submission, result),
  };
}

/** One difference between the portfolio as submitted and as it is now, in one part of it. */
export interface PortfolioChange {
  /** The part of the interchange document: a list (degrees, training…) or another key (person, agreements). */
  key: string;
  /** Entries only in the portfolio as submitted. */
  then: unknown[];
  /** Entries only in the portfolio as it is now. */
  now: unknown[];
}

/** JSON with keys in order, so that an entry saved again with the same content compares equal. */
const canonical = (value: unknown): string =>
  JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );

/** The parts of a portfolio in the order its pages show them; others come after. */
const partOrder = [
  'person',
  'degrees',
  'work',
  'training',
  'rsc',
  'leadership',
  'memberships',
  'endorsements',
  'references',
  'agreements',
];

/**
 * What changed between two portfolio documents, part by part: the entries of
 * each list found in only one of them (counted, so a duplicated entry shows),
 * and any other key whose value differs.
 */
export function portfolioChanges(then: PortfolioInput, now: PortfolioInput): PortfolioChange[] {
  const a = then as Record<string, unknown>;
  const b = now as Record<string, unknown>;
  const rank = (k: string) => (partOrder.indexOf(k) + partOrder.length + 1) % (partOrder.length + 1);
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])]
    .filter((k) => k !== 'format')
    .sort((x, y) => rank(x) - rank(y));
  const changes: PortfolioChange[] = [];
  for (const key of keys) {
    const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
    const left = asList(a[key]);
    const right = asList(b[key]);
    const unmatched = new Map<string, number>();
    for (const e of right) unmatched.set(canonical(e), (unmatched.get(canonical(e)) ?? 0) + 1);
    const onlyThen = left.filter((e) => {
      const n = unmatched.get(canonical(e)) ?? 0;
      if (n > 0) unmatched.set(canonical(e), n - 1);
      return n === 0;
    });
    const onlyNow = right.filter((e) => {
      const n = unmatched.get(canonical(e)) ?? 0;
      if (n > 0) unmatched.set(canonical(e), n - 1);
      return n > 0;
    });
    if (onlyThen.length || onlyNow.length) changes.push({ key, then: onlyThen, now: onlyNow });
  }
  return changes;
}

// What the engine says of the references requirement that an applicant may
// read once they have waived seeing a rating that has come in: the kinds of
// rater still needed. Not the names of the raters whose ratings count, nor
// whether one of them is endorsed, nor who has not answered yet (the
// references page shows that).
const stillNeededKinds = [
  'a reference rating from someone who is: ',
  'at least one of the three ratings from',
];

function withoutRatingDetail(r: RequirementResult): RequirementResult {
  const slots = /^\d+ of (\d+) reference ratings/.exec(r.summary)?.[1] ?? '?';
  return {
    ...r,
    summary: `${r.evidence.length} of ${slots} reference ratings count toward the requirement`,
    missing: r.missing.filter((m) => stillNeededKinds.some((kind) => m.startsWith(kind))),
    evidence: [],
  };
}

/**
 * The judgement as `actor` may read it. Staff read it whole. An applicant who
 * has waived seeing a rating that has come in reads only how many ratings count
 * and what kind of rater is still needed: the engine's words would tell which
 * rating does not count, and what the raters said of their own endorsement.
 */
export function asSeenBy(
  actor: Actor,
  judged: { application: { userId: string }; waivedRatingIn: boolean },
  result: EvaluationResult,
): EvaluationResult {
  if (actor.userId !== judged.application.userId || !judged.waivedRatingIn) return result;
  return {
    ...result,
    requirements: result.requirements.map((r) => (r.kind === 'references' ? withoutRatingDetail(r) : r)),
  };
}
