// The read model of an application's own page (`/applications/:id`): the
// applicant's, or what an assigned advisor, reviewer or the association's
// staff see of it. Loaded once, for the one route that shows it: the
// application, its association and what the policies see of it are read once
// and handed to each part.
import { findPersonById } from '../db/repositories/people.ts';
import { today } from '../index.ts';
import { type Actor, can } from '../policies/index.ts';
import { checklistOfJudged, judgedPortfolio, readsAsAdvisor } from './application-portfolio.ts';
import { applicationAdvising } from './advising.ts';
import { applicantDecisionPart } from './decisions.ts';
import { grantedEndorsement } from './endorsements.ts';
import { applicantExamSummary } from './exam-sitting-pages.ts';
import type { FileServices } from './files.ts';
import { judge } from './portfolio.ts';
import { authorizeApplication } from './scope.ts';

export async function applicationPage(
  actor: Actor | undefined,
  applicationId: string,
  services: FileServices,
) {
  // Finds the application (404) and checks 'application.read' before anything is loaded.
  const found = await authorizeApplication(actor, applicationId, 'application.read', services);
  const { actor: reader, application, resource } = found;
  const portfolio = await judgedPortfolio(application, services, today(), readsAsAdvisor(reader, resource));
  const judged = await judge(() => checklistOfJudged(reader, portfolio));
  const applicant = await findPersonById(services.db.kysely, application.userId);
  const isOwner = application.userId === reader.userId;
  return {
    judged,
    application,
    association: portfolio.association,
    applicant: { name: applicant?.name ?? '', email: applicant?.email ?? '' },
    isOwner,
    canReadPortfolio: can(reader, 'portfolio.read', resource),
    isStaff: !isOwner && can(reader, 'application.history', resource),
    advising: await applicationAdvising(reader, found, services),
    decisions: isOwner ? await applicantDecisionPart(reader, application, resource, services) : undefined,
    exam: isOwner ? await applicantExamSummary(reader, application, services, resource) : undefined,
    endorsement: await grantedEndorsement(application.id, services),
  };
}
