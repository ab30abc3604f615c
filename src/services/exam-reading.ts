// Blind essay scoring: the reader's queue of responses that need a read they
// may give, one response with its vignette and rubric, and scoring it. Readers
// know a response by its blind code only, never by whose it is; they see the
// other readers' scores only once the first two reads are in (the third
// reader's too only once theirs is). A read is final: each slot and each
// reader reads a response once, and the attempt is scored in the same
// transaction, which records the result when everything is settled.
import { type ExamItemRow, findItem } from '../db/repositories/exam-bank.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import {
  type BlindResponse,
  type EssayReadRow,
  insertRead,
  lockAttempt,
  readsOf,
  responsesToRead,
} from '../db/repositories/exam-reads.ts';
import { timestamp } from '../db/portable.ts';
import { type EssaySettlement, settleEssay } from '../domain/exam.ts';
import type { Actor } from '../policies/index.ts';
import { examSettingsOf } from './association-settings.ts';
import type { Services } from './context.ts';
import { AppError, DomainError, notFound } from './errors.ts';
import { scoreAttempt, type ScoringState } from './exam-scoring.ts';
import { authorizeFound } from './scope.ts';

type Association = { id: string; slug: string; name: string };

/** The slot this reader may read, if any: 1 or 2 while open, 3 when the two differ and they read neither. */
export function openSlot(
  reads: readonly EssayReadRow[],
  readerId: string,
  threshold: number,
): 1 | 2 | 3 | undefined {
  if (reads.some((r) => r.readerId === readerId)) return undefined;
  const settled = settleEssay(reads, threshold);
  return settled.status === 'awaiting-reads' ? settled.slots[0] : undefined;
}

export interface QueueEntry {
  blindCode: string;
  vignette: { code: string; version: number };
  submittedAt: string;
  submittedHow: BlindResponse['submittedHow'];
  slot: 1 | 2 | 3;
}

export interface MyRead {
  blindCode: string;
  slot: 1 | 2 | 3;
  total: number;
  /** Where the response stands: settled, or waiting for reads (no scores of others). */
  settlement: EssaySettlement;
}

function authorizeReading(actor: Actor | undefined, associationId: string): asserts actor is Actor {
  authorizeFound(actor, 'essay.score', { associationId }, 'The reading queue');
}

/** The responses this reader may read now (oldest first), and those they have read. */
export async function readingQueue(
  actor: Actor | undefined,
  association: Association,
  services: Services,
): Promise<{ queue: QueueEntry[]; read: MyRead[]; threshold: number }> {
  authorizeReading(actor, association.id);
  const db = services.db.kysely;
  const { readerThreshold: threshold } = await examSettingsOf(services, association.id);
  const responses = await responsesToRead(db, association.id);
  const reads = await readsOf(
    db,
    responses.map((r) => r.id),
  );
  const vignettes = new Map<string, ExamItemRow | undefined>();
  const vignetteOf = async (id: string) => {
    if (!vignettes.has(id)) vignettes.set(id, await findItem(db, association.id, id));
    return vignettes.get(id)!;
  };
  const queue: QueueEntry[] = [];
  const read: MyRead[] = [];
  for (const response of responses) {
    const of = reads.get(response.id) ?? [];
    const mine = of.find((r) => r.readerId === actor.userId);
    if (mine) {
      read.push({
        blindCode: response.blindCode,
        slot: mine.slot,
        total: mine.total,
        settlement: settleEssay(of, threshold),
      });
      continue;
    }
    const slot = openSlot(of, actor.userId, threshold);
    if (!slot) continue;
    const vignette = await vignetteOf(response.vignetteId);
    queue.push({
      blindCode: response.blindCode,
      vignette: { code: vignette?.code ?? '', version: vignette?.version ?? 0 },
      submittedAt: response.submittedAt,
      submittedHow: response.submittedHow,
      slot,
    });
  }
  return { queue, read, threshold };
}

export interface ResponseForReader {
  response: Pick<BlindResponse, 'blindCode' | 'text' | 'submittedHow'>;
  vignette: Pick<ExamItemRow, 'code' | 'version' | 'text' | 'rubric'>;
  /** The slot this reader would fill; undefined when they may not read it (read already, or none open). */
  slot: 1 | 2 | 3 | undefined;
  mine: EssayReadRow | undefined;
  /** Every read, once the first two are in and this reader gave one of the reads; else none. */
  reads: EssayReadRow[];
  settlement: EssaySettlement | undefined;
}

async function blindResponse(db: Services['db']['kysely'], associationId: string, blindCode: string) {
  const [response] = await responsesToRead(db, associationId, blindCode);
  if (!response) throw notFound('The response');
  return response;
}

/** One response as its reader sees it: the text, the vignette and its rubric, and no one's name. */
export async function responseForReader(
  actor: Actor | undefined,
  association: Association,
  blindCode: string,
  services: Services,
): Promise<ResponseForReader> {
  authorizeReading(actor, association.id);
  const db = services.db.kysely;
  const response = await blindResponse(db, association.id, blindCode);
  const vignette = (await findItem(db, association.id, response.vignetteId))!;
  const reads = (await readsOf(db, [response.id])).get(response.id) ?? [];
  const { readerThreshold } = await examSettingsOf(services, association.id);
  const mine = reads.find((r) => r.readerId === actor.userId);
  const bothIn = reads.some((r) => r.slot === 1) && reads.some((r) => r.slot === 2);
  return {
    response: { blindCode: response.blindCode, text: response.text, submittedHow: response.submittedHow },
    vignette: {
      code: vignette.code,
      version: vignette.version,
      text: vignette.text,
      rubric: vignette.rubric,
    },
    slot: openSlot(reads, actor.userId, readerThreshold),
    mine,
    reads: mine && bothIn ? reads : [],
    settlement: mine ? settleEssay(reads, readerThreshold) : undefined,
  };
}

/** Criterion fields are named c0, c1… in the rubric's order. */
export const criterionField = (index: number) => `c${index}`;

/** The reader's points per criterion, each a whole number from 0 to its maximum; errors name the criterion. */
export function parseScores(
  rubric: ReadonlyArray<{ criterion: string; points: number }>,
  input: Record<string, unknown>,
): { scores: number[]; comment: string | null } {
  const scores = rubric.map((c, i) => {
    const field = criterionField(i);
    const raw = typeof input[field] === 'string' ? (input[field] as string).trim() : '';
    const range = `0 to ${c.points} points for “${c.criterion}”`;
    if (raw === '') throw new AppError('invalid', `Give ${range}`, field);
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n > c.points)
      throw new AppError('invalid', `Give a whole number of ${range}`, field);
    return n;
  });
  const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
  if (comment.length > 4000)
    throw new AppError('invalid', 'The comment must be at most 4,000 characters', 'comment');
  return { scores, comment: comment || null };
}

/**
 * Records the reader's scores of the response in the open slot that is
 * theirs, audited, and scores the attempt in the same transaction. A second
 * read by the same reader, or of a slot someone else filled meanwhile, is
 * refused with ESSAY_ALREADY_SCORED.
 */
export async function scoreResponse(
  actor: Actor | undefined,
  association: Association,
  blindCode: string,
  input: Record<string, unknown>,
  services: Services,
  now: Date = new Date(),
): Promise<{ slot: 1 | 2 | 3; total: number; state: ScoringState }> {
  authorizeReading(actor, association.id);
  const at = timestamp(now);
  return services.db.kysely.transaction().execute(async (tx) => {
    const response = await blindResponse(tx, association.id, blindCode);
    const vignette = (await findItem(tx, association.id, response.vignetteId))!;
    const { scores, comment } = parseScores(vignette.rubric, input);
    await lockAttempt(tx, response.attemptId);
    const reads = (await readsOf(tx, [response.id])).get(response.id) ?? [];
    const { readerThreshold } = await examSettingsOf({ db: { ...services.db, kysely: tx } }, association.id);
    if (reads.some((r) => r.readerId === actor.userId))
      throw new DomainError('ESSAY_ALREADY_SCORED', 'you have scored this response already');
    const slot = openSlot(reads, actor.userId, readerThreshold);
    const read =
      slot &&
      (await insertRead(tx, { responseId: response.id, readerId: actor.userId, slot, scores, comment, at }));
    if (!slot || !read)
      throw new DomainError(
        'ESSAY_ALREADY_SCORED',
        'this response has had the reads it needs: another reader scored it meanwhile',
      );
    await appendAudit(tx, {
      actorId: actor.userId,
      associationId: association.id,
      subjectType: 'exam-essay-response',
      subjectId: response.id,
      action: 'exam-essay.score',
      after: { blindCode, slot, scores, total: read.total },
    });
    const state = await scoreAttempt(tx, services, response.attemptId, at);
    return { slot, total: read.total, state };
  });
}
