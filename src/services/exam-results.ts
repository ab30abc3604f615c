// An application's exam result, for the applicant and the association's
// coordinators: passed or failed, the multiple-choice percentage, the essay
// points, performance by competency domain (never the items), and after a
// fail the retake rules (when the waiting period ends, attempts used and
// allowed, the retake fee). Until the result exists it is "being scored".
import type { ApplicationRow } from '../db/repositories/applications.ts';
import { attemptsOf } from '../db/repositories/exam-attempts.ts';
import { scheduledFee } from '../db/repositories/fees.ts';
import { findPersonById } from '../db/repositories/people.ts';
import { retakeOpensOn } from '../domain/exam.ts';
import { formatMoney } from '../domain/fees.ts';
import type { Actor } from '../policies/index.ts';
import { examSettingsOf } from './association-settings.ts';
import type { Services } from './context.ts';
import { domainName } from './exam-scoring.ts';
import { authorizeApplication } from './scope.ts';

export interface RetakeRules {
  /** The first day a retake may be sat. */
  opensOn: string;
  waitDays: number;
  attemptsUsed: number;
  attemptsAllowed: number;
  /** The fee due on registering for a retake, formatted; undefined when there is none. */
  fee: string | undefined;
}

export type ExamResult =
  | { status: 'not-sat' }
  | { status: 'in-progress' }
  | { status: 'being-scored'; submittedAt: string }
  | {
      status: 'scored';
      result: 'passed' | 'failed';
      scoredAt: string;
      mcCorrect: number;
      mcCounted: number;
      mcPercent: number;
      essayPoints: number;
      byDomain: Array<{ domain: string; name: string; correct: number; of: number }>;
      retake: RetakeRules | undefined;
    };

/**
 * The result of the application's latest attempt, for its owner or the
 * association's coordination; at the staff address (`inAssociation`) for
 * those who read the application's staff page only, as its owner has their own.
 */
export async function examResult(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  inAssociation?: string,
): Promise<{ application: ApplicationRow; applicantName: string; result: ExamResult }> {
  const { application } = await authorizeApplication(
    actor,
    applicationId,
    inAssociation === undefined ? 'exam.readResult' : 'application.history',
    services,
    inAssociation,
  );
  const db = services.db.kysely;
  const applicantName = (await findPersonById(db, application.userId))?.name ?? '';
  const attempts = await attemptsOf(db, application.id);
  const last = attempts.at(-1);
  const of = (result: ExamResult) => ({ application, applicantName, result });
  if (!last) return of({ status: 'not-sat' });
  if (last.status === 'in-progress') return of({ status: 'in-progress' });
  if (last.status !== 'scored' || !last.result)
    return of({ status: 'being-scored', submittedAt: last.submittedAt ?? '' });
  const settings = await examSettingsOf(services, application.associationId);
  const scoredOn = (last.scoredAt ?? last.submittedAt ?? '').slice(0, 10);
  const currency = (await scheduledFee(db, application.associationId, application.credential))?.currency;
  const mcCounted = last.mcCounted ?? 0;
  const mcCorrect = last.mcCorrect ?? 0;
  return of({
    status: 'scored',
    result: last.result,
    scoredAt: last.scoredAt ?? '',
    mcCorrect,
    mcCounted,
    mcPercent: mcCounted === 0 ? 0 : (100 * mcCorrect) / mcCounted,
    essayPoints: last.essayPoints ?? 0,
    byDomain: last.byDomain.map((d) => ({ ...d, name: domainName(d.domain) })),
    retake:
      last.result === 'failed'
        ? {
            opensOn: retakeOpensOn({ waitDays: settings.retakeWaitDays }, scoredOn),
            waitDays: settings.retakeWaitDays,
            attemptsUsed: attempts.length,
            attemptsAllowed: settings.maxAttempts,
            fee:
              settings.retakeFeeCents > 0
                ? formatMoney(settings.retakeFeeCents, currency ?? 'USD')
                : undefined,
          }
        : undefined,
  });
}
