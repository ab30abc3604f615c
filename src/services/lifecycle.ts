// Taking a step of an application's lifecycle: the one way an application's
// state changes. The state machine (src/domain/application-lifecycle.ts) says
// whether the step may be taken; the repository applies it with
// compare-and-set, so of two people deciding at once exactly one wins and
// the other is told what happened; the step is audited with who, why and
// when, and whoever must act next is told by e-mail, in the same transaction.
import type { Kysely } from 'kysely';
import {
  type ApplicationState,
  checkStep,
  nextActors,
  nextForApplicant,
  type Party,
  stateLabels,
  stepLabels,
  type TransitionFacts,
  type TransitionName,
} from '../domain/application-lifecycle.ts';
import {
  type ApplicationRow,
  changeApplicationState,
  findApplication,
  freezeSubmission,
} from '../db/repositories/applications.ts';
import { activeAssignmentsOf } from '../db/repositories/assignments.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import { type AssociationRow, findAssociation } from '../db/repositories/associations.ts';
import { findPersonById, peopleOfAssociation } from '../db/repositories/people.ts';
import type { Database } from '../db/schema.ts';
import { enqueueMail } from '../mail/mailer.ts';
import { parseRoles } from '../policies/index.ts';
import type { Services } from './context.ts';
import { DomainError } from './errors.ts';

type Tx = Kysely<Database>;

export interface Step {
  application: ApplicationRow;
  step: TransitionName;
  /** Who takes it: the applicant, a coordinator, or the review (Endorse, when the reviews agree). */
  by: Party;
  /** The person taking it (null for the review). */
  actorId: string | null;
  facts?: TransitionFacts;
  at: string;
  /** For submitting and resubmitting: the portfolio to freeze as the next round's snapshot. */
  freeze?: { document: string; catalogVersion: string };
  /** What the applicant is told instead of the state's "what happens next" (a decision letter). */
  letter?: { subject: string; text: string };
  /** More for the audit entry. */
  audit?: Record<string, unknown>;
}

/**
 * Takes `step` inside transaction `tx`; returns the new state and, for a
 * freeze, the round frozen. Refuses with APPLICATION_STATE_FORBIDS or
 * APPLICATION_STEP_BLOCKED, or APPLICATION_STATE_CHANGED when someone else
 * changed the state first.
 */
export async function takeStep(
  tx: Tx,
  services: Services,
  s: Step,
): Promise<{ state: ApplicationState; round: number }> {
  const from = s.application.status;
  const check = checkStep(s.step, from, s.by, s.facts);
  if (!check.ok) throw new DomainError(check.code, check.message, 'form');
  const change = { from, to: check.to, at: s.at };
  let round = s.application.round;
  if (s.freeze) {
    const frozen = await freezeSubmission(tx, s.application.id, change, s.freeze);
    if (frozen === undefined) throw await stateChanged(tx, s.application.id);
    round = frozen;
  } else if (!(await changeApplicationState(tx, s.application.id, change))) {
    throw await stateChanged(tx, s.application.id);
  }
  const reason = s.facts?.reason?.trim() || undefined;
  await appendAudit(tx, {
    actorId: s.actorId,
    associationId: s.application.associationId,
    subjectType: 'application',
    subjectId: s.application.id,
    action: `application.${s.step}`,
    before: { status: from },
    after: { status: check.to, by: s.by, ...(reason ? { reason } : {}), ...s.audit },
  });
  await tellWhoActsNext(tx, services, { ...s, application: { ...s.application, round } }, check.to);
  return { state: check.to, round };
}

async function stateChanged(tx: Tx, applicationId: string): Promise<DomainError> {
  const now = await findApplication(tx, applicationId);
  const label = now && (stateLabels as Record<string, string>)[now.status];
  return new DomainError(
    'APPLICATION_STATE_CHANGED',
    `someone else changed this application meanwhile: it is now ${label?.toLowerCase() ?? now?.status ?? 'gone'}, so nothing was done; reload it to see what happened`,
    'form',
  );
}

/** The applicant's page of an application, and the staff's. */
export const applicationLinks = (
  services: Services,
  application: ApplicationRow,
  association: AssociationRow,
) => ({
  applicant: `${services.config.baseUrl}/applications/${encodeURIComponent(application.id)}`,
  staff: `${services.config.baseUrl}/associations/${encodeURIComponent(association.slug)}/applications/${encodeURIComponent(application.id)}`,
  review: `${services.config.baseUrl}/reviews/${encodeURIComponent(application.id)}`,
});

async function tellWhoActsNext(tx: Tx, services: Services, s: Step, state: ApplicationState): Promise<void> {
  const { application } = s;
  const association = await findAssociation(tx, application.associationId);
  const applicant = await findPersonById(tx, application.userId);
  if (!association || !applicant) return;
  const links = applicationLinks(services, application, association);
  // Mail for the applicant's own steps counts against them; the association's steps count against nobody.
  const charge = {
    account: s.by === 'applicant' ? application.userId : null,
    dailyLimit: services.config.mailDailyLimit,
  };
  const what = `${application.credential} application`;
  for (const who of nextActors[state]) {
    if (who === 'applicant') {
      // The applicant's own steps are confirmed by the use case that takes them (submission's confirmation).
      if (s.by === 'applicant') continue;
      await enqueueMail(
        tx,
        {
          to: applicant.email,
          ...(s.letter ?? {
            subject: `Your ${what} to ${association.name}: ${stateLabels[state].toLowerCase()}`,
            text: [
              `Dear ${applicant.name},`,
              '',
              `Your ${what} to ${association.name} is now: ${stateLabels[state].toLowerCase()}.`,
              '',
              nextForApplicant[state],
              '',
              `Your application: ${links.applicant}`,
            ].join('\n'),
          }),
        },
        charge,
      );
    } else {
      const people =
        who === 'coordinators'
          ? (await peopleOfAssociation(tx, association.id)).filter((p) =>
              parseRoles(p.role).includes('coordinator'),
            )
          : (await activeAssignmentsOf(tx, application.id)).filter((a) => a.role === 'reviewer');
      for (const person of people)
        await enqueueMail(
          tx,
          {
            to: person.email,
            subject: `${applicant.name}'s ${what}: ${stateLabels[state].toLowerCase()}`,
            text: [
              `Dear ${person.name},`,
              '',
              `${applicant.name}'s ${what} to ${association.name} is now: ${stateLabels[state].toLowerCase()} (${stepLabels[s.step].toLowerCase()}, ${s.at.slice(0, 10)}).`,
              '',
              who === 'coordinators' ? staffNext[state] : 'Your review is waiting for you.',
              '',
              who === 'coordinators' ? links.staff : links.review,
            ].join('\n'),
          },
          charge,
        );
    }
  }
}

/** What a coordinator is asked to do next, by the state an application arrives in. */
const staffNext: Partial<Record<ApplicationState, string>> = {
  submitted: 'Assign two reviewers to it.',
  resubmitted: 'The applicant has answered the request for more information: send it back to the reviewers.',
  approved: 'The reviewers approved it: the next step towards the endorsement is yours.',
  withdrawn: 'The applicant withdrew it; nothing more is needed.',
};
