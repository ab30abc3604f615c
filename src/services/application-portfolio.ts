// An application's portfolio in the interchange format: the person's entries
// (shared by all their applications), plus what belongs to this application:
// its counted reference ratings and the association's signed agreements. The
// live checklist is the engine's judgement of it.
import { type AgreementKind, agreementTexts } from '../catalogs/agreements.ts';
import { findApplication } from '../db/repositories/applications.ts';
import { latestSignatures } from '../db/repositories/agreements.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import { findPersonById } from '../db/repositories/people.ts';
import { readPortfolio } from '../db/repositories/portfolio.ts';
import { countedReferenceEntries, hasWaivedRating } from '../db/repositories/references.ts';
import type { PortfolioInput } from '../engine/portfolio.ts';
import { evaluate, type EvaluationResult, type RequirementResult, today } from '../index.ts';
import type { Actor } from '../policies/index.ts';
import type { Services } from './context.ts';
import { authorizeApplication } from './scope.ts';
import { notFound } from './errors.ts';

/** The person's own portfolio document (what export downloads). */
export async function personPortfolio(userId: string, services: Services): Promise<PortfolioInput> {
  const person = await findPersonById(services.db.kysely, userId);
  if (!person) throw notFound('The person');
  const stored = (await readPortfolio(services.db.kysely, userId)) as PortfolioInput | undefined;
  return stored ?? { format: 'endorse-portfolio/1', person: { name: person.name, email: person.email } };
}

export async function applicationPortfolio(applicationId: string, services: Services) {
  const db = services.db.kysely;
  const application = await findApplication(db, applicationId);
  if (!application) throw notFound('The application');
  const association = await findAssociation(db, application.associationId);
  if (!association) throw notFound('The association');
  const document = await personPortfolio(application.userId, services);
  const references = (await countedReferenceEntries(db, application.id)).map(
    ({ waived: _waived, ...entry }) => entry,
  );
  const signatures = await latestSignatures(db, application.userId, association.id);
  // What the applicant declares comes from their entries; references, agreements and the exam
  // count only as recorded here (ratings received, texts signed), never as typed into an import.
  const { references: _declared, agreements: _typed, exam: _exam, ...declared } = document;
  // A signature counts only for the text in force now: a changed text must be signed again.
  const current = new Map(agreementTexts(association).map((t) => [t.kind, t.version]));
  const signed = (kind: AgreementKind) => {
    const signature = signatures.get(kind);
    return signature && signature.text_version === current.get(kind)
      ? signature.signed_at.slice(0, 10)
      : undefined;
  };
  const portfolio: PortfolioInput = {
    ...declared,
    references: references as NonNullable<PortfolioInput['references']>,
    agreements: {
      codeOfEthics: signed('code-of-ethics') ?? null,
      endorsementAgreement: signed('endorsement-agreement') ?? null,
    },
  };
  return { application, association, portfolio };
}

/** The live checklist of an application: every requirement of its credential, judged today. */
export async function applicationChecklist(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  on: string = today(),
): Promise<{
  application: Awaited<ReturnType<typeof applicationPortfolio>>['application'];
  result: EvaluationResult;
}> {
  const reader = (await authorizeApplication(actor, applicationId, 'application.read', services)).actor;
  const { application, association, portfolio } = await applicationPortfolio(applicationId, services);
  const result = evaluate(portfolio, {
    association: association.slug,
    credential: application.credential,
    on,
  });
  return { application, result: await asSeenBy(reader, application, result, services) };
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
export async function asSeenBy(
  actor: Actor,
  application: { id: string; userId: string },
  result: EvaluationResult,
  services: Services,
): Promise<EvaluationResult> {
  if (actor.userId !== application.userId) return result;
  if (!(await hasWaivedRating(services.db.kysely, application.id))) return result;
  return {
    ...result,
    requirements: result.requirements.map((r) => (r.kind === 'references' ? withoutRatingDetail(r) : r)),
  };
}
