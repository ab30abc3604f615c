// Entering a paper sitting: an exam administrator types the letters marked
// and the essays written from the sheets; they become an attempt on paper,
// submitted and scored at once (the essays then go to their blind readers).
import { allowedMinutes, optionLetter } from '../domain/exam.ts';
import { findApplication } from '../db/repositories/applications.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import {
  attemptOfRegistration,
  type AttemptRow,
  formItemsToSit,
  insertAttempt,
  saveAnswer,
  saveEssay,
  setVignettesChosen,
  submitAttempt,
} from '../db/repositories/exam-attempts.ts';
import { findForm } from '../db/repositories/exam-bank.ts';
import {
  changeRegistration,
  findAccommodation,
  findRegistration,
  findSitting,
  type RegistrationRow,
} from '../db/repositories/exam-sittings.ts';
import { findPersonById } from '../db/repositories/people.ts';
import { timestamp } from '../db/portable.ts';
import type { Actor } from '../policies/index.ts';
import type { Services } from './context.ts';
import { AppError, notFound } from './errors.ts';
import { scoreAttempt, type ScoringState } from './exam-scoring.ts';
import { sittingWhen } from './exam-sittings.ts';
import { addMinutes, essayText, newBlindCode } from './exam-taking.ts';
import { authorizeFound } from './scope.ts';

export interface PaperEntryPage {
  registration: RegistrationRow;
  applicantName: string;
  sitting: { id: string; when: string };
  items: Array<{ n: number; text: string; letters: string[] }>;
  vignettes: Array<{ n: number; text: string }>;
  vignettesAnswered: number;
  /** Entered already: the attempt's status. */
  entered: AttemptRow | undefined;
}

async function paperRegistration(
  actor: Actor | undefined,
  associationId: string,
  sittingId: string,
  registrationId: string,
  services: Services,
) {
  authorizeFound(actor, 'exam.enterPaper', { associationId }, 'The sitting');
  const db = services.db.kysely;
  const sitting = await findSitting(db, associationId, sittingId);
  const registration = sitting && (await findRegistration(db, registrationId));
  if (!sitting || !registration || registration.sittingId !== sitting.id) throw notFound('The registration');
  const items = await formItemsToSit(db, registration.formId);
  return {
    sitting,
    registration,
    form: (await findForm(db, associationId, registration.formId))!,
    mc: items.filter((i) => i.kind === 'multiple-choice'),
    vignettes: items.filter((i) => i.kind === 'vignette'),
  };
}

/** The paper entry form of one registration at a sitting. */
export async function paperEntryPage(
  actor: Actor | undefined,
  associationId: string,
  sittingId: string,
  registrationId: string,
  services: Services,
): Promise<PaperEntryPage> {
  const p = await paperRegistration(actor, associationId, sittingId, registrationId, services);
  const db = services.db.kysely;
  const application = (await findApplication(db, p.registration.applicationId))!;
  return {
    registration: p.registration,
    applicantName: (await findPersonById(db, application.userId))!.name,
    sitting: { id: p.sitting.id, when: sittingWhen(p.sitting) },
    items: p.mc.map((item, i) => ({
      n: i + 1,
      text: item.text,
      letters: item.options.map((_, o) => optionLetter(o)),
    })),
    vignettes: p.vignettes.map((v, i) => ({ n: i + 1, text: v.text })),
    vignettesAnswered: p.form.vignettesAnswered,
    entered: await attemptOfRegistration(db, p.registration.id),
  };
}

export interface PaperSheets {
  /** The letter marked for each item, in order ('' for none). */
  answers: string[];
  /** The essay written for each vignette offered, in order ('' for one not answered). */
  essays: string[];
}

/** Enters a paper sitting from its sheets; the registration is marked sat. */
export async function enterPaperSitting(
  actor: Actor | undefined,
  associationId: string,
  sittingId: string,
  registrationId: string,
  sheets: PaperSheets,
  services: Services,
  now: Date = new Date(),
): Promise<ScoringState> {
  const p = await paperRegistration(actor, associationId, sittingId, registrationId, services);
  if (p.sitting.mode !== 'in-person')
    throw new AppError('invalid', 'this sitting is online: its applicants answer in the browser', 'form');
  const choices = p.mc.map((item, i) => {
    const letter = (sheets.answers[i] ?? '').trim().toUpperCase();
    if (!letter) return null;
    const index = item.options.findIndex((_, o) => optionLetter(o) === letter);
    if (index < 0)
      throw new AppError(
        'invalid',
        `item ${i + 1}: “${letter.slice(0, 3)}” is not one of its options (${optionLetter(0)}–${optionLetter(item.options.length - 1)}), or leave it blank`,
        `item.${i + 1}`,
      );
    return index;
  });
  const essays = p.vignettes.flatMap((v, i) => {
    const text = essayText(sheets.essays[i] ?? '', `essay.${i + 1}`);
    return text.trim() ? [{ vignette: v, text }] : [];
  });
  if (essays.length > p.form.vignettesAnswered)
    throw new AppError(
      'invalid',
      `${essays.length} essays entered: the applicant answers ${p.form.vignettesAnswered} of the ${p.vignettes.length} vignettes`,
      `essay.${p.vignettes.findIndex((v) => v.id === essays[p.form.vignettesAnswered]!.vignette.id) + 1}`,
    );
  const at = timestamp(now);
  return services.db.kysely.transaction().execute(async (tx) => {
    if (!(await changeRegistration(tx, p.registration.id, { from: 'registered', to: 'sat', at })))
      throw new AppError(
        'conflict',
        'this registration has been entered already, or is no longer waiting to be sat',
        'form',
      );
    const application = (await findApplication(tx, p.registration.applicationId))!;
    const accommodation = await findAccommodation(tx, application.id);
    const attempt = await insertAttempt(tx, {
      registrationId: p.registration.id,
      applicationId: application.id,
      formId: p.form.id,
      mode: 'paper',
      startedAt: p.sitting.startsAt,
      endsAt: addMinutes(p.sitting.startsAt, allowedMinutes(p.form.timeLimitMinutes, accommodation)),
    });
    for (const [i, item] of p.mc.entries())
      if (choices[i] !== null)
        await saveAnswer(tx, { attemptId: attempt.id, itemId: item.id, choice: choices[i]!, at });
    await setVignettesChosen(
      tx,
      attempt.id,
      essays.map((e) => e.vignette.id),
    );
    for (const e of essays)
      await saveEssay(tx, {
        attemptId: attempt.id,
        vignetteId: e.vignette.id,
        text: e.text,
        blindCode: newBlindCode(),
        at,
      });
    await submitAttempt(tx, attempt.id, { at, how: 'paper-entry' });
    await appendAudit(tx, {
      actorId: actor!.userId,
      associationId,
      subjectType: 'application',
      subjectId: application.id,
      action: 'exam-attempt.paper-entry',
      after: {
        attemptId: attempt.id,
        sittingId: p.sitting.id,
        answered: choices.filter((c) => c !== null).length,
        essays: essays.length,
      },
    });
    return scoreAttempt(tx, services, attempt.id, at);
  });
}
