// The read model of an application's portfolio page
// (`/applications/:id/portfolio`): the portfolio as its staff and advisor
// read it, with the advisor's comments beside the entries.
import { findPersonById } from '../db/repositories/people.ts';
import type { Actor } from '../policies/index.ts';
import { judgedPortfolio, portfolioChanges, readsAsAdvisor } from './application-portfolio.ts';
import { applicationAdvising } from './advising.ts';
import { notFound } from './errors.ts';
import type { FileServices } from './files.ts';
import { entriesOfPerson, sectionsOfDocument } from './portfolio.ts';
import { authorizeApplication } from './scope.ts';

/**
 * An application's portfolio as staff read it: once submitted, the snapshot
 * (with what has changed since), before that the applicant's entries as they
 * are; its advisor always reads the entries as they are.
 */
export async function portfolioOfApplication(
  actor: Actor | undefined,
  applicationId: string,
  services: FileServices,
) {
  const db = services.db.kysely;
  const {
    actor: reader,
    application,
    resource,
    assignments,
  } = await authorizeApplication(actor, applicationId, 'portfolio.read', services);
  const person = await findPersonById(db, application.userId);
  if (!person) throw notFound('The application');
  const asItStands = readsAsAdvisor(reader, resource);
  const judged = await judgedPortfolio(application, services, undefined, asItStands);
  return {
    application,
    association: judged.association,
    person: { name: person.name, email: person.email },
    advising: await applicationAdvising(reader, { application, resource, assignments }, services),
    sections: judged.submission
      ? await sectionsOfDocument(application.userId, judged.portfolio, services)
      : await entriesOfPerson(application.userId, services),
    submission: judged.submission,
    changes: judged.submission ? portfolioChanges(judged.portfolio, judged.current) : [],
  };
}
