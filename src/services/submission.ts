// Submitting an application. It can be submitted once every requirement the
// applicant can meet before review is met: everything but the written exam,
// which comes after review where the credential requires one. Submitting
// records the association's application and processing fees as amounts due,
// freezes the portfolio as submitted (later edits do not change it), e-mails a
// confirmation through the mail queue, and is audited, all in one transaction.
import { authorizeApplication } from './scope.ts';
import { catalogs, getCatalog } from '../catalogs/index.ts';
import { feesDueOf, scheduledFee } from '../db/repositories/fees.ts';
import { findPersonById } from '../db/repositories/people.ts';
import { timestamp } from '../db/portable.ts';
import { describe, evaluate, type RequirementResult, today } from '../index.ts';
import { enqueueMail } from '../mail/mailer.ts';
import { type Actor } from '../policies/index.ts';
import {
  afterReviewKinds,
  applicationPortfolio,
  asSeenBy,
  judgedPortfolio,
  submittedState,
} from './application-portfolio.ts';
import type { Services } from './context.ts';
import { AppError, DomainError, notFound } from './errors.ts';
import { feeKindLabels, formatMoney, recordFeesDue, stillDueCents } from './payments.ts';
import { mayTake } from '../domain/application-lifecycle.ts';
import { takeStep } from './lifecycle.ts';

/** An unmet requirement that blocks submission, with what it asks in plain words. */
export interface Blocker extends RequirementResult {
  text: string;
}

/** The requirements that block submitting: every unmet one except those met after review. */
export function blockersOf(requirements: readonly RequirementResult[]): RequirementResult[] {
  return requirements.filter((r) => r.status === 'unmet' && !afterReviewKinds.has(r.kind));
}

/** What the submission page shows: the requirements judged on `on`, what blocks submitting, the fees. */
export async function submissionOverview(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  on: string = today(),
) {
  const db = services.db.kysely;
  const { actor: reader, application: found } = await authorizeApplication(
    actor,
    applicationId,
    'application.track',
    services,
  );
  // Once submitted, the page judges the portfolio as it was submitted.
  const judged = await judgedPortfolio(found, services, on);
  const { application, association } = judged;
  const submitted = !!judged.submission;
  const evaluated = evaluate(judged.portfolio, {
    association: association.slug,
    credential: application.credential,
    on: judged.on,
  });
  const result = asSeenBy(reader, judged, evaluated);
  const texts = new Map(
    describe({
      association: association.slug,
      credential: application.credential,
      on: result.on,
    }).requirements.map((r) => [r.id, r.text]),
  );
  const withText = (r: RequirementResult): Blocker => ({ ...r, text: texts.get(r.id) ?? r.summary });
  const credentialName =
    catalogs()
      .get(association.slug)
      ?.credentials.find((c) => c.id === application.credential)?.name ?? application.credential;
  return {
    application,
    association,
    credentialName,
    submitted,
    submittedState: submittedState(judged.submission, evaluated),
    result,
    blockers: submitted ? [] : blockersOf(result.requirements).map(withText),
    afterReview: result.requirements.filter((r) => afterReviewKinds.has(r.kind)).map(withText),
    canSubmit: !submitted && blockersOf(result.requirements).length === 0,
    fee: await scheduledFee(db, association.id, application.credential),
    feesDue: await feesDueOf(db, application.id),
  };
}

export class SubmissionBlockedError extends AppError {
  override name = 'SubmissionBlockedError';
  constructor(readonly blockers: RequirementResult[]) {
    super(
      'invalid',
      `${blockers.length === 1 ? 'one requirement is' : `${blockers.length} requirements are`} not met yet, so the application cannot be submitted`,
      'form',
    );
  }
}

export const alreadySubmitted = () =>
  new AppError(
    'conflict',
    'this application has been submitted already: it cannot be submitted again',
    'form',
  );

/** Submits the actor's own application, judged on `on`. */
export async function submitApplication(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  on: string = today(),
) {
  const db = services.db.kysely;
  const { application: own, actor: applicant } = await authorizeApplication(
    actor,
    applicationId,
    'application.track',
    services,
  );
  if (!mayTake('submit', own.status, 'applicant')) throw alreadySubmitted();
  const { application, association, portfolio } = await applicationPortfolio(own, services);
  const result = evaluate(portfolio, {
    association: association.slug,
    credential: application.credential,
    on,
  });
  const blockers = blockersOf(result.requirements);
  if (blockers.length) throw new SubmissionBlockedError(blockers);

  const person = await findPersonById(db, application.userId);
  if (!person) throw notFound('The applicant');
  const fee = await scheduledFee(db, association.id, application.credential);
  const credentialName =
    catalogs()
      .get(association.slug)
      ?.credentials.find((c) => c.id === application.credential)?.name ?? application.credential;
  const at = timestamp();

  const feesDue = await db.transaction().execute(async (tx) => {
    // The processing fee is due at submission (seed 002, step 8); the application fee was due
    // when the application started (step 5), and is recorded now for one started before that.
    const added = fee ? await recordFeesDue(tx, application.id, fee, ['application', 'processing']) : [];
    const dues = await feesDueOf(tx, application.id);
    // Only a draft that nobody has submitted meanwhile: a second request finds it submitted.
    await takeStep(tx, services, {
      application: own,
      step: 'submit',
      by: 'applicant',
      actorId: applicant.userId,
      facts: { blockers: 0 },
      at,
      freeze: { document: JSON.stringify(portfolio), catalogVersion: getCatalog(association.slug).version },
      audit: {
        submittedAt: at,
        feesDue: added.map((d) => ({ kind: d.kind, amount: formatMoney(d.amountCents, d.currency) })),
        ...(fee ? {} : { fees: 'no fee schedule for this credential' }),
      },
    }).catch((error: unknown) => {
      throw error instanceof DomainError && error.domainCode === 'APPLICATION_STATE_CHANGED'
        ? alreadySubmitted()
        : error;
    });
    await enqueueMail(
      tx,
      {
        to: person.email,
        subject: `Your ${application.credential} application to ${association.name} has been submitted`,
        text: confirmationText({
          name: person.name,
          credential: application.credential,
          credentialName,
          association: association.name,
          submittedOn: at.slice(0, 10),
          dues,
          hasSchedule: !!fee,
          examLater: result.requirements.some((r) => r.kind === 'exam'),
          link: `${services.config.baseUrl}/applications/${encodeURIComponent(application.id)}/submit`,
        }),
      },
      { account: application.userId, dailyLimit: services.config.mailDailyLimit },
    );
    return dues;
  });
  return { application: { ...application, status: 'submitted', submittedAt: at }, association, feesDue, fee };
}

function confirmationText(m: {
  name: string;
  credential: string;
  credentialName: string;
  association: string;
  submittedOn: string;
  dues: Array<{
    kind: string;
    amountCents: number;
    paidCents: number;
    currency: string;
    waivedAt: string | null;
  }>;
  hasSchedule: boolean;
  examLater: boolean;
  link: string;
}): string {
  const lines = [
    `Dear ${m.name},`,
    '',
    `Your application for ${m.credentialName} (${m.credential}) to ${m.association} was submitted on ${m.submittedOn}.`,
    '',
  ];
  if (m.dues.length) {
    const currency = m.dues[0]!.currency;
    lines.push('Fees due:');
    for (const d of m.dues)
      lines.push(
        `  ${feeKindLabels[d.kind] ?? d.kind}: ${formatMoney(d.amountCents, d.currency)}${d.waivedAt ? ' (waived)' : ''}`,
      );
    lines.push(
      `  ${m.dues.some((d) => d.waivedAt) ? 'Total still due' : 'Total'}: ${formatMoney(
        m.dues.reduce((s, d) => s + stillDueCents(d), 0),
        currency,
      )}`,
    );
    lines.push('', `${m.association} will tell you how to pay.`);
  } else if (m.hasSchedule) {
    lines.push('No fees are due for this credential.');
  } else {
    lines.push(
      `${m.association} has no fee schedule for ${m.credential} in Endorse, so no fees were recorded; the association will tell you about any fees.`,
    );
  }
  lines.push(
    '',
    `What happens next: ${m.association} reviews your portfolio as you submitted it.${m.examLater ? ' After the review you take the written examination.' : ''} Changes you make to your entries from now on do not change the portfolio you submitted.`,
    '',
    `Your application: ${m.link}`,
  );
  return lines.join('\n');
}
