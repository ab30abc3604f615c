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
import { countedReferenceEntries } from '../db/repositories/references.ts';
import type { PortfolioInput } from '../engine/portfolio.ts';
import { evaluate, type EvaluationResult, today } from '../index.ts';
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
  await authorizeApplication(actor, applicationId, 'application.read', services);
  const { application, association, portfolio } = await applicationPortfolio(applicationId, services);
  return {
    application,
    result: evaluate(portfolio, { association: association.slug, credential: application.credential, on }),
  };
}
