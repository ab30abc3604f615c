// Scoring an attempt: the multiple-choice part the moment it is submitted
// (without the items discounted for its sitting), the essays once their blind
// reads settle, and the result by the form's pass rule. The result moves the
// application (awaiting exam → exam passed or failed) through the lifecycle
// and tells the applicant, with their performance by competency domain,
// never the items. Called again whenever something it depends on changes
// (a read, a discounted item): a rescore may turn a fail into a pass, and
// never takes away a pass already given.
import type { Kysely } from 'kysely';
import { competencyDomains } from '../catalogs/competencies.ts';
import { type DomainPerformance, passes, scoreMultipleChoice, settleEssay } from '../domain/exam.ts';
import { findApplication } from '../db/repositories/applications.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import {
  answersOf,
  type AttemptRow,
  attemptsOf,
  essaysOf,
  findAttempt,
  recordMultipleChoice,
  recordResult,
} from '../db/repositories/exam-attempts.ts';
import { findForm, formItems } from '../db/repositories/exam-bank.ts';
import { discountsOf, readsOf } from '../db/repositories/exam-reads.ts';
import { findRegistration } from '../db/repositories/exam-sittings.ts';
import { findPersonById } from '../db/repositories/people.ts';
import type { Database } from '../db/schema.ts';
import { type ExamSettings, examSettingsOf } from './association-settings.ts';
import type { Services } from './context.ts';
import { applicationLinks, takeStep } from './lifecycle.ts';

type Tx = Kysely<Database>;

export type ScoringState =
  | { status: 'in-progress' }
  | { status: 'awaiting-reads'; mcPercent: number }
  | { status: 'scored'; result: 'passed' | 'failed'; mcPercent: number; essayPoints: number };

const domainNames = new Map(competencyDomains.map((d) => [d.id, `${d.number}. ${d.name}`]));
/** A competency domain as applicants read it: "1. Theoretical Foundations". */
export const domainName = (id: string): string => domainNames.get(id) ?? id;

/** Scores the attempt as far as it can be scored now, inside `tx`; records and acts on a result. */
export async function scoreAttempt(
  tx: Tx,
  services: Services,
  attemptId: string,
  at: string,
): Promise<ScoringState> {
  const attempt = (await findAttempt(tx, attemptId))!;
  if (attempt.status === 'in-progress') return { status: 'in-progress' };
  const registration = (await findRegistration(tx, attempt.registrationId))!;
  const application = (await findApplication(tx, attempt.applicationId))!;
  const form = (await findForm(tx, application.associationId, attempt.formId))!;
  const items = await formItems(tx, form.id);
  const mcItems = items.flatMap((i) =>
    i.kind === 'multiple-choice' && i.answerKey !== null
      ? [{ id: i.id, key: i.answerKey, domains: i.domains }]
      : [],
  );
  const mc = scoreMultipleChoice(
    mcItems,
    await answersOf(tx, attempt.id),
    await discountsOf(tx, registration.sittingId),
  );
  await recordMultipleChoice(tx, attempt.id, mc);

  const settings = await examSettingsOf({ db: { ...services.db, kysely: tx } }, application.associationId);
  // The vignettes chosen count, answered or not (an unanswered one scores nothing).
  const chosen = attempt.vignettesChosen.slice(0, form.vignettesAnswered);
  const responses = (await essaysOf(tx, attempt.id)).filter((r) => chosen.includes(r.vignetteId));
  const reads = await readsOf(
    tx,
    responses.map((r) => r.id),
  );
  let essayPoints = 0;
  for (const response of responses) {
    const settled = settleEssay(reads.get(response.id) ?? [], settings.readerThreshold);
    if (settled.status === 'awaiting-reads') return { status: 'awaiting-reads', mcPercent: mc.percent };
    essayPoints += settled.points;
  }
  const passed = passes(form.passRule, mc, essayPoints);
  // A pass already given stands: a rescore never takes it away.
  const result = passed || attempt.result === 'passed' ? 'passed' : 'failed';
  const unchanged =
    attempt.status === 'scored' && attempt.result === result && attempt.essayPoints === essayPoints;
  if (unchanged) return { status: 'scored', result, mcPercent: mc.percent, essayPoints };
  if (!(await recordResult(tx, attempt.id, attempt, { essayPoints, result, at })))
    return { status: 'scored', result, mcPercent: mc.percent, essayPoints };
  await appendAudit(tx, {
    actorId: null,
    associationId: application.associationId,
    subjectType: 'application',
    subjectId: application.id,
    action: 'exam-attempt.score',
    before: { result: attempt.result },
    after: { attemptId: attempt.id, result, mcCorrect: mc.correct, mcCounted: mc.counted, essayPoints },
  });
  const attempts = await attemptsOf(tx, application.id);
  const latest = attempts.at(-1)?.id === attempt.id;
  const step = result === 'passed' ? 'pass-exam' : 'fail-exam';
  const moves =
    latest &&
    result !== attempt.result &&
    (application.status === 'awaiting-exam' ||
      (step === 'pass-exam' && application.status === 'exam-failed'));
  if (moves)
    await takeStep(tx, services, {
      application,
      step,
      by: 'exam',
      actorId: null,
      at,
      letter: await resultsLetter(tx, services, application, {
        attempt: { ...attempt, result },
        attempts: attempts.length,
        settings,
        mc,
        essayPoints,
      }),
      audit: { attemptId: attempt.id },
    });
  return { status: 'scored', result, mcPercent: mc.percent, essayPoints };
}

/** The results letter: the outcome, the parts, performance by domain; for a fail, the retake rules. */
async function resultsLetter(
  tx: Tx,
  services: Services,
  application: NonNullable<Awaited<ReturnType<typeof findApplication>>>,
  r: {
    attempt: AttemptRow & { result: 'passed' | 'failed' };
    /** Attempts made for the application, this one included. */
    attempts: number;
    settings: ExamSettings;
    mc: { correct: number; counted: number; percent: number; byDomain: DomainPerformance[] };
    essayPoints: number;
  },
): Promise<{ subject: string; text: string }> {
  const { attempt, attempts, settings, mc, essayPoints } = r;
  const association = (await findAssociation(tx, application.associationId))!;
  const applicant = (await findPersonById(tx, application.userId))!;
  const passed = attempt.result === 'passed';
  return {
    subject: `Your written examination with ${association.name}: ${passed ? 'passed' : 'not passed'}`,
    text: [
      `Dear ${applicant.name},`,
      '',
      passed
        ? `You passed the written examination for your ${application.credential} application.`
        : `You did not pass the written examination for your ${application.credential} application this time.`,
      '',
      `Multiple choice: ${mc.correct} of ${mc.counted} right (${Math.round(mc.percent)}%). Essays: ${essayPoints} points.`,
      '',
      'How you did in each competency domain (multiple choice):',
      ...mc.byDomain.map((d) => `- ${domainName(d.domain)}: ${d.correct} of ${d.of}`),
      ...(passed
        ? []
        : [
            '',
            attempts >= settings.maxAttempts
              ? `You have taken the ${settings.maxAttempts} sittings the association allows for this application.`
              : `You may register for another sitting ${settings.retakeWaitDays} days after this one or later (attempt ${attempts + 1} of ${settings.maxAttempts})${settings.retakeFeeCents > 0 ? '; a retake fee is due when you register' : ''}.`,
          ]),
      '',
      `Your application: ${applicationLinks(services, application, association).applicant}`,
    ].join('\n'),
  };
}
