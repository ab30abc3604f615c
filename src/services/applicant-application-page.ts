// The read model of an application's own page (`/applications/:id`): the
// applicant's, or what an assigned advisor, reviewer or the association's
// staff see of it. Loaded once, for the one route that shows it.
import { findApplication } from '../db/repositories/applications.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import { findPersonById } from '../db/repositories/people.ts';
import { type Actor, can } from '../policies/index.ts';
import { applicationAdvising } from './advising.ts';
import { applicantDecisionPart } from './decisions.ts';
import { grantedEndorsement } from './endorsements.ts';
import { applicantExamSummary } from './exam-sitting-pages.ts';
import { notFound } from './errors.ts';
import type { FileServices } from './files.ts';
import { judge } from './portfolio.ts';
import { applicationResource } from './scope.ts';

export async function applicationPage(actor: Actor, applicationId: string, services: FileServices) {
  // Finds the application (404) and checks 'application.read' before anything is loaded.
  const judged = await judge(actor, applicationId, services);
  const db = services.db.kysely;
  const application = await findApplication(db, applicationId);
  const association = application && (await findAssociation(db, application.associationId));
  if (!application || !association) throw notFound('The application');
  const applicant = await findPersonById(db, application.userId);
  const isOwner = application.userId === actor.userId;
  const resource = await applicationResource(services, application);
  return {
    judged,
    application,
    association,
    applicant: { name: applicant?.name ?? '', email: applicant?.email ?? '' },
    isOwner,
    canReadPortfolio: can(actor, 'portfolio.read', resource),
    isStaff: !isOwner && can(actor, 'application.history', resource),
    advising: await applicationAdvising(actor, application, services, resource),
    decisions: isOwner ? await applicantDecisionPart(actor, application.id, services, resource) : undefined,
    exam: isOwner ? await applicantExamSummary(actor, application, services) : undefined,
    endorsement: await grantedEndorsement(application.id, services),
  };
}
