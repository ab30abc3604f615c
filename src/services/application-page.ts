// The staff's application page, read once: where the application stands, the
// checklist of what was submitted (the snapshot, judged on the day it was
// submitted), every section of it with its files, the ratings that counted,
// what the applicant has changed since, fees and payments, the history, and
// what the reader may do next.
import { catalogs } from '../catalogs/index.ts';
import { auditOf } from '../db/repositories/audit.ts';
import { feesDueOf } from '../db/repositories/fees.ts';
import { findPersonById } from '../db/repositories/people.ts';
import { evaluate, PortfolioError } from '../index.ts';
import { type Actor, can } from '../policies/index.ts';
import { asSeenBy, judgedPortfolio, portfolioChanges, submittedState } from './application-portfolio.ts';
import { notFound } from './errors.ts';
import { examOfApplication } from './exam-sittings.ts';
import type { FileServices } from './files.ts';
import { entriesOfPerson, sectionsOfDocument } from './portfolio.ts';
import { reviewersPanel } from './reviewer-assignment.ts';
import { grantedEndorsement, unmetOf } from './endorsements.ts';
import { authorizeApplication } from './scope.ts';
import { staffDecisions } from './review.ts';
import { staffAdvising } from './advising.ts';

/** What the staff's application page shows, for a coordinator or admin of `associationId`. */
export async function staffApplicationPage(
  actor: Actor | undefined,
  applicationId: string,
  associationId: string,
  services: FileServices,
) {
  const db = services.db.kysely;
  const found = await authorizeApplication(
    actor,
    applicationId,
    'application.history',
    services,
    associationId,
  );
  const { actor: reader, resource, assignments } = found;
  const judged = await judgedPortfolio(found.application, services);
  const { application, association } = judged;
  const applicant = await findPersonById(db, application.userId);
  if (!applicant) throw notFound('The application');
  let checklist;
  let unmet: string[] = [];
  try {
    const result = evaluate(judged.portfolio, {
      association: association.slug,
      credential: application.credential,
      on: judged.on,
    });
    unmet = unmetOf(result);
    checklist = {
      result: asSeenBy(reader, judged, result),
      problems: [],
      submitted: submittedState(judged.submission, result),
    };
  } catch (e) {
    // A draft may hold an entry the format refuses: say which, rather than fail the page.
    if (!(e instanceof PortfolioError)) throw e;
    checklist = { result: undefined, problems: e.problems, submitted: undefined };
  }
  const owner = { associationId: association.id, ownerId: application.userId };
  const part = { application, association, resource, assignments };
  return {
    application,
    association,
    applicant: { name: applicant.name, email: applicant.email },
    credentialName:
      catalogs()
        .get(association.slug)
        ?.credentials.find((c) => c.id === application.credential)?.name ?? application.credential,
    checklist,
    /** Whether the credential asks for the written examination (Levels III and IV). */
    examRequired: examOfApplication(association, application) !== undefined,
    submission: judged.submission,
    /** The portfolio judged: the snapshot once submitted. */
    portfolio: judged.portfolio,
    sections: judged.submission
      ? await sectionsOfDocument(application.userId, judged.portfolio, services)
      : await entriesOfPerson(application.userId, services),
    /** The ratings that count toward the references requirement (as submitted, once submitted). */
    references: judged.portfolio.references ?? [],
    changes: judged.submission ? portfolioChanges(judged.portfolio, judged.current) : [],
    fees: await feesDueOf(db, application.id),
    history: await auditOf(db, 'application', [application.id]),
    /** Who reviews it, who could, and the forms to change that. */
    reviewers: await reviewersPanel(
      reader,
      { ...part, snapshot: judged.submission && judged.portfolio },
      services,
    ),
    decisions: await staffDecisions(reader, part, services),
    advising: await staffAdvising(reader, part, services),
    /** Granting the endorsement (seed 002, step 10): offered once approved, or the exam passed. */
    finalize: { may: can(reader, 'application.finalize', resource), unmet },
    /** The endorsement granted on it, once finalized. */
    endorsement: await grantedEndorsement(application.id, services),
    /** What the reader may do from here. Review and decisions come with the review workflow. */
    may: {
      recordPayment: can(reader, 'payment.record', owner),
      waiveFee: can(reader, 'fee.waive', owner),
      readRatings: can(reader, 'reference.readContent', owner),
    },
  };
}

export type StaffApplicationPageModel = Awaited<ReturnType<typeof staffApplicationPage>>;
