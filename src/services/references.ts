// References: the applicant asks raters for a rating; each rater gets a
// single-use link by e-mail (through the mail queue), answers without an
// account, and the association's staff read the answers. The applicant sees
// each request's status, never its content (policy 'reference.readContent').
//
// Links: a random token, stored only as a SHA-256 hash, valid for 30 days.
// Re-sending makes a new token (the old one stops working); revoking ends it.
// Reminders go out 7 and 14 days after sending while the rater has not
// answered: each is a `reference-reminder` job whose payload carries the
// link's token sealed (AES-256-GCM) with the installation's secret, so that
// the reminder can repeat the link while the database still holds no usable
// token.
//
// Requests go out in the applicant's name, so only once the applicant's
// address is confirmed, never to one of the applicant's own mailboxes, and
// every mail counts against the applicant's daily cap (src/mail/mailer.ts): a
// request past it is refused, a reminder waits. An applicant who waived seeing
// a rating is not told whether it counts.
import { authorizeApplication } from './scope.ts';
import { findApplication } from '../db/repositories/applications.ts';
import { isClosed } from '../domain/application-lifecycle.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import { findAssociation } from '../db/repositories/associations.ts';
import { enqueue } from '../db/repositories/jobs.ts';
import { findPersonById, isEmailVerified } from '../db/repositories/people.ts';
import {
  countReferenceRequests,
  findReferenceRequest,
  findReferenceRequestByTokenHash,
  insertReferenceRequest,
  markReferenceOpened,
  markReminderSent,
  openStatuses,
  type ReferenceRequestRow,
  type ReferenceStatus,
  referenceRequestsOf,
  referenceStatus,
  renewReferenceLink,
  revokeReferenceRequest as revokeRow,
  storeReferenceRating,
} from '../db/repositories/references.ts';
import { fromFlag, fromJson } from '../db/portable.ts';
import { catalogs } from '../catalogs/index.ts';
import { type CompetencyDomain, competencyDomains } from '../catalogs/competencies.ts';
import { relationshipLabel } from '../engine/labels.ts';
import type { CredentialId, Relationship } from '../engine/portfolio.ts';
import { enqueueMail, MailLimitReached, type MailMessage } from '../mail/mailer.ts';
import { type Actor } from '../policies/index.ts';
import { hashToken, newToken } from './actors.ts';
import { mailboxOf, sameDomain } from './addresses.ts';
import { personPortfolio } from './application-portfolio.ts';
import type { Services } from './context.ts';
import { seal, unseal } from './sealing.ts';
import { AppError, notFound } from './errors.ts';
import {
  longDate,
  NOT_ENOUGH_INFORMATION_LIMIT,
  raterRoleText,
  type RatingValue,
  ratingScale,
  REFERENCE_LINK_DAYS,
  REMINDER_DAYS,
} from '../domain/references.ts';

export {
  longDate,
  NOT_ENOUGH_INFORMATION_LIMIT,
  raterRoleText,
  type RatingValue,
  ratingScale,
  REFERENCE_LINK_DAYS,
  REMINDER_DAYS,
};

/** At most this many requests per application (all statuses): e-mail is sent in Endorse's name. */
export const MAX_REQUESTS_PER_APPLICATION = 20;
export const REFERENCE_REMINDER_JOB = 'reference-reminder';

const DAY_MS = 24 * 60 * 60 * 1000;
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS);

/** The competency domains a rater rates: the association's catalog's, or the Competency Guidelines'. */
export function ratingDomains(
  associationSlug: string,
): Array<Pick<CompetencyDomain, 'id' | 'number' | 'name'>> {
  const domains =
    (catalogs().get(associationSlug)?.competencies?.domains as CompetencyDomain[] | undefined) ??
    competencyDomains;
  return domains.map((d) => ({ id: d.id, number: d.number, name: d.name }));
}

const oneLine = (text: string) => text.replace(/[\r\n\t]+/g, ' ').trim();

// ---------------------------------------------------------------------------
// Sealing a link's token for the reminder jobs.

export const sealToken = (token: string, secret: string): string => seal('reference-link', secret, token);

export const unsealToken = (sealed: string, secret: string): string | undefined =>
  unseal('reference-link', secret, sealed);

export interface ReminderPayload {
  requestId: string;
  /** The sending the reminder belongs to; a re-sent request has new reminders. */
  sentAt: string;
  /** 1 (after 7 days) or 2 (after 14). */
  n: number;
  sealed: string;
}

// ---------------------------------------------------------------------------
// The applicant's side.

/** The actor's own application (the policy: only its owner follows and asks for its references). */
async function ownApplication(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  action: 'application.track' | 'reference.request' = 'reference.request',
) {
  const owned = await authorizeApplication(actor, applicationId, action, services);
  const association = await findAssociation(services.db.kysely, owned.application.associationId);
  if (!association) throw notFound('The association');
  return { ...owned, association };
}

/**
 * What the applicant may know of a request: who, how, its status and dates,
 * and whether it counts, unless they waived seeing the rating: then not even that.
 */
export interface ReferenceRequestItem {
  id: string;
  raterName: string;
  raterEmail: string;
  relationship: Relationship;
  waived: boolean;
  status: ReferenceStatus;
  sentAt: string | null;
  openedAt: string | null;
  submittedAt: string | null;
  revokedAt: string | null;
  expiresAt: string;
  remindersSent: number;
  /** For a submitted rating: whether it counts toward the endorsement (to the applicant: only if not waived). */
  counts?: boolean;
}

/** Staff see everything of a request; its applicant does not learn whether a waived rating counts. */
type Viewer = 'applicant' | 'staff';

function toItem(row: ReferenceRequestRow, now: Date, viewer: Viewer = 'applicant'): ReferenceRequestItem {
  const status = referenceStatus(row, now);
  const item: ReferenceRequestItem = {
    id: row.id,
    raterName: row.rater_name,
    raterEmail: row.rater_email,
    relationship: row.relationship as Relationship,
    waived: fromFlag(row.waived),
    status,
    sentAt: row.sent_at,
    openedAt: row.opened_at,
    submittedAt: row.submitted_at,
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
    remindersSent: Number(row.reminders_sent),
  };
  if (status === 'submitted' && (viewer === 'staff' || !item.waived))
    item.counts = fromJson<{ counts?: boolean }>(row.rating)?.counts !== false;
  return item;
}

/** The application's reference requests as its applicant sees them: statuses, never content. */
export async function listMyReferenceRequests(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  now: Date = new Date(),
) {
  const { application, association } = await ownApplication(
    actor,
    applicationId,
    services,
    'application.track',
  );
  const rows = await referenceRequestsOf(services.db.kysely, application.id);
  return { application, association, requests: rows.map((r) => toItem(r, now)) };
}

export interface ReferenceRequestInput {
  raterName: string;
  raterEmail: string;
  relationship: Relationship;
  waived: boolean;
}

const linkOf = (services: Services, token: string) =>
  `${services.config.baseUrl}/references/respond/${encodeURIComponent(token)}`;

interface LinkContext {
  applicant: { name: string; email: string };
  association: { name: string; slug: string };
  credential: string;
}

function invitationMail(
  request: Pick<ReferenceRequestRow, 'rater_name' | 'rater_email' | 'relationship' | 'waived' | 'expires_at'>,
  link: string,
  ctx: LinkContext,
  reminder?: number,
): MailMessage {
  const applicant = oneLine(ctx.applicant.name);
  const role = raterRoleText[request.relationship as Relationship] ?? 'someone who knows their work';
  const domains = ratingDomains(ctx.association.slug).length;
  const lines = [
    `Dear ${oneLine(request.rater_name)},`,
    '',
    reminder
      ? `This is a reminder: ${applicant} (${ctx.applicant.email}) is still waiting for your reference rating for the ${ctx.credential} endorsement of ${ctx.association.name}.`
      : `${applicant} (${ctx.applicant.email}) is applying to ${ctx.association.name} for the ${ctx.credential} endorsement and has named you, as ${role}, to give a reference rating.`,
    '',
    `Please give your rating here (no account is needed):`,
    link,
    '',
    `The form asks about your own endorsement, how long and in what role you know ${applicant}, a rating on each of ${domains} competency domains ("not enough information" is an answer), and any comments.`,
    fromFlag(request.waived)
      ? `${applicant} has waived the right to see your rating: it goes to the association's reviewers only.`
      : `${applicant} has not waived the right to see your rating.`,
    '',
    `The link works once and expires on ${longDate(request.expires_at)}. If you do not know ${applicant}, you can ignore this message.`,
    '',
    `Endorse, for ${ctx.association.name}`,
  ];
  return {
    to: request.rater_email,
    subject: reminder
      ? `Reminder: reference rating for ${applicant}`
      : `Reference rating requested by ${applicant} (${ctx.credential}, ${ctx.association.name})`,
    text: lines.join('\n'),
  };
}

/** Schedules the reminders of one sending of a link. */
async function scheduleReminders(
  tx: Parameters<typeof enqueue>[0],
  requestId: string,
  sentAt: Date,
  token: string,
  services: Services,
) {
  for (const [i, days] of REMINDER_DAYS.entries()) {
    const payload: ReminderPayload = {
      requestId,
      sentAt: sentAt.toISOString(),
      n: i + 1,
      sealed: sealToken(token, services.config.secret),
    };
    await enqueue(tx, REFERENCE_REMINDER_JOB, payload, addDays(sentAt, days));
  }
}

async function linkContext(
  applicationUserId: string,
  association: LinkContext['association'],
  credential: string,
  services: Services,
) {
  const person = await findPersonById(services.db.kysely, applicationUserId);
  if (!person) throw notFound('The applicant');
  return { applicant: { name: person.name, email: person.email }, association, credential };
}

/** Reference requests go out in the applicant's name: only once their address is confirmed. */
async function requireConfirmedAddress(userId: string, email: string, services: Services) {
  if (await isEmailVerified(services.db.kysely, userId)) return;
  throw new AppError(
    'invalid',
    `confirm your e-mail address (${email}) before Endorse sends reference requests in your name: use “Forgot your password?” on the sign-in page: the link Endorse e-mails you there confirms it`,
    'form',
  );
}

/** The addresses that are the applicant's own: their account's and the one in their portfolio. */
async function ownMailboxes(userId: string, accountEmail: string, services: Services): Promise<Set<string>> {
  const declared = (await personPortfolio(userId, services)).person?.email;
  return new Set([accountEmail, ...(declared ? [declared] : [])].map(mailboxOf));
}

/** Mail sent in the applicant's name counts against the applicant's daily cap. */
const chargedTo = (userId: string, services: Services) => ({
  account: userId,
  dailyLimit: services.config.mailDailyLimit,
});

/** Asks a rater for a reference: stores the request (token hashed), e-mails the link, schedules reminders. */
export async function requestReference(
  actor: Actor | undefined,
  applicationId: string,
  input: ReferenceRequestInput,
  services: Services,
  now: Date = new Date(),
): Promise<ReferenceRequestItem> {
  const owned = await ownApplication(actor, applicationId, services);
  const { application, association } = owned;
  if (isClosed(application.status))
    throw new AppError('invalid', `this application is ${application.status}: it takes no more references`);
  const ctx = await linkContext(application.userId, association, application.credential, services);
  await requireConfirmedAddress(application.userId, ctx.applicant.email, services);
  const email = input.raterEmail.trim().toLowerCase();
  const mailbox = mailboxOf(email);
  if ((await ownMailboxes(application.userId, ctx.applicant.email, services)).has(mailbox))
    throw new AppError(
      'invalid',
      'a reference must come from someone else: this is your own e-mail address; enter the rater’s',
      'raterEmail',
    );
  const db = services.db.kysely;
  const existing = await referenceRequestsOf(db, application.id);
  const open = existing.find(
    (r) => mailboxOf(r.rater_email) === mailbox && referenceStatus(r, now) !== 'revoked',
  );
  if (open) {
    const status = referenceStatus(open, now);
    throw new AppError(
      'conflict',
      status === 'submitted'
        ? `${open.rater_name} (${open.rater_email}) has already given a rating for this application`
        : `you have already asked ${open.rater_name} (${open.rater_email}); re-send that request instead`,
      'raterEmail',
    );
  }
  if ((await countReferenceRequests(db, application.id)) >= MAX_REQUESTS_PER_APPLICATION)
    throw new AppError(
      'invalid',
      `you have made ${MAX_REQUESTS_PER_APPLICATION} reference requests for this application, the most Endorse sends; ask the association for help`,
      'form',
    );
  const token = newToken('ref');
  const expiresAt = addDays(now, REFERENCE_LINK_DAYS);
  const row = await db.transaction().execute(async (tx) => {
    const row = await insertReferenceRequest(tx, {
      applicationId: application.id,
      raterName: input.raterName,
      raterEmail: email,
      relationship: input.relationship,
      waived: input.waived,
      tokenHash: hashToken(token),
      sentAt: now,
      expiresAt,
    });
    await enqueueMail(
      tx,
      invitationMail(row, linkOf(services, token), ctx),
      chargedTo(application.userId, services),
    );
    await scheduleReminders(tx, row.id, now, token, services);
    await appendAudit(tx, {
      actorId: owned.actor.userId,
      associationId: application.associationId,
      subjectType: 'reference-request',
      subjectId: row.id,
      action: 'reference.request',
      after: {
        applicationId: application.id,
        raterName: row.rater_name,
        raterEmail: row.rater_email,
        relationship: row.relationship,
        waived: input.waived,
        status: row.status,
        expiresAt: row.expires_at,
      },
    });
    return row;
  });
  return toItem(row, now);
}

/** The request, checked to belong to the application (its address names both). */
async function requestOf(applicationId: string, requestId: string, services: Services) {
  const row = await findReferenceRequest(services.db.kysely, requestId);
  if (!row || row.application_id !== applicationId) throw notFound('The reference request');
  return row;
}

/** Sends the rater a new link (the old one stops working), valid 30 days from now, with new reminders. */
export async function resendReferenceRequest(
  actor: Actor | undefined,
  applicationId: string,
  requestId: string,
  services: Services,
  now: Date = new Date(),
): Promise<ReferenceRequestItem> {
  const owned = await ownApplication(actor, applicationId, services);
  const { application, association } = owned;
  const before = await requestOf(application.id, requestId, services);
  const status = referenceStatus(before, now);
  if (status === 'submitted' || status === 'revoked')
    throw new AppError('conflict', `this request is ${status}: it cannot be sent again`);
  if (isClosed(application.status))
    throw new AppError('invalid', `this application is ${application.status}: it takes no more references`);
  const ctx = await linkContext(application.userId, association, application.credential, services);
  await requireConfirmedAddress(application.userId, ctx.applicant.email, services);
  const token = newToken('ref');
  const expiresAt = addDays(now, REFERENCE_LINK_DAYS);
  const db = services.db.kysely;
  await db.transaction().execute(async (tx) => {
    const renewed = await renewReferenceLink(tx, before.id, {
      tokenHash: hashToken(token),
      sentAt: now,
      expiresAt,
    });
    if (!renewed) throw new AppError('conflict', 'this request has just changed; reload the page');
    const row = (await findReferenceRequest(tx, before.id))!;
    await enqueueMail(
      tx,
      invitationMail(row, linkOf(services, token), ctx),
      chargedTo(application.userId, services),
    );
    await scheduleReminders(tx, row.id, now, token, services);
    await appendAudit(tx, {
      actorId: owned.actor.userId,
      associationId: application.associationId,
      subjectType: 'reference-request',
      subjectId: row.id,
      action: 'reference.resend',
      before: { status, sentAt: before.sent_at, expiresAt: before.expires_at },
      after: { status: row.status, sentAt: row.sent_at, expiresAt: row.expires_at },
    });
  });
  return toItem((await findReferenceRequest(db, before.id))!, now);
}

/** Ends a request that has not been answered: its link stops working. */
export async function revokeReferenceRequest(
  actor: Actor | undefined,
  applicationId: string,
  requestId: string,
  services: Services,
  now: Date = new Date(),
): Promise<ReferenceRequestItem> {
  const owned = await ownApplication(actor, applicationId, services);
  const { application } = owned;
  const before = await requestOf(application.id, requestId, services);
  const status = referenceStatus(before, now);
  if (status === 'submitted') throw new AppError('conflict', 'a submitted rating cannot be revoked');
  if (status === 'revoked') throw new AppError('conflict', 'this request has already been revoked');
  const db = services.db.kysely;
  await db.transaction().execute(async (tx) => {
    if (!(await revokeRow(tx, before.id, now)))
      throw new AppError('conflict', 'this request has just changed; reload the page');
    await appendAudit(tx, {
      actorId: owned.actor.userId,
      associationId: application.associationId,
      subjectType: 'reference-request',
      subjectId: before.id,
      action: 'reference.revoke',
      before: { status },
      after: { status: 'revoked' },
    });
  });
  return toItem((await findReferenceRequest(db, before.id))!, now);
}

// ---------------------------------------------------------------------------
// The rater's side (no account: the link is the credential).

export type ReferenceLink =
  | { state: 'unknown' }
  | { state: 'expired'; expiredAt: string; applicantName: string }
  | { state: 'revoked'; applicantName: string }
  | { state: 'used'; submittedAt: string }
  | {
      state: 'open';
      requestId: string;
      raterName: string;
      applicantName: string;
      association: { name: string; slug: string };
      credential: string;
      relationship: Relationship;
      waived: boolean;
      expiresAt: string;
      domains: ReturnType<typeof ratingDomains>;
    };

const plausibleToken = (token: string) => /^ref_[A-Za-z0-9_-]{16,100}$/.test(token);

interface LinkState {
  link: ReferenceLink;
  row?: ReferenceRequestRow;
  application?: NonNullable<Awaited<ReturnType<typeof findApplication>>>;
  person?: NonNullable<Awaited<ReturnType<typeof findPersonById>>>;
  association?: NonNullable<Awaited<ReturnType<typeof findAssociation>>>;
}

async function linkState(token: string, services: Services, now: Date): Promise<LinkState> {
  if (!plausibleToken(token)) return { link: { state: 'unknown' } };
  const db = services.db.kysely;
  const row = await findReferenceRequestByTokenHash(db, hashToken(token));
  if (!row) return { link: { state: 'unknown' } };
  const application = await findApplication(db, row.application_id);
  const association = application && (await findAssociation(db, application.associationId));
  const person = application && (await findPersonById(db, application.userId));
  if (!application || !association || !person) return { link: { state: 'unknown' } };
  const status = referenceStatus(row, now);
  let link: ReferenceLink;
  if (status === 'expired')
    link = { state: 'expired', expiredAt: row.expires_at, applicantName: person.name };
  else if (status === 'revoked') link = { state: 'revoked', applicantName: person.name };
  else if (status === 'submitted') link = { state: 'used', submittedAt: row.submitted_at ?? row.expires_at };
  else
    link = {
      state: 'open',
      requestId: row.id,
      raterName: row.rater_name,
      applicantName: person.name,
      association: { name: association.name, slug: association.slug },
      credential: application.credential,
      relationship: row.relationship as Relationship,
      waived: fromFlag(row.waived),
      expiresAt: row.expires_at,
      domains: ratingDomains(association.slug),
    };
  return { link, row, application, person, association };
}

/** What a rater's link leads to; the first opening of an open link marks the request opened. */
export async function openReferenceLink(
  token: string,
  services: Services,
  now: Date = new Date(),
): Promise<ReferenceLink> {
  const { link, row, application } = await linkState(token, services, now);
  if (link.state === 'open' && row && application && row.status === 'sent') {
    await services.db.kysely.transaction().execute(async (tx) => {
      if (!(await markReferenceOpened(tx, row.id, now))) return;
      await appendAudit(tx, {
        actorId: null,
        associationId: application.associationId,
        subjectType: 'reference-request',
        subjectId: row.id,
        action: 'reference.open',
        before: { status: 'sent' },
        after: { status: 'opened' },
      });
    });
  }
  return link;
}

export interface RatingAnswers {
  raterEndorsements: CredentialId[];
  raterVetted: boolean;
  knownYears: number;
  knownMonths: number;
  role: string;
  current: boolean;
  /** By domain id. */
  ratings: Record<string, RatingValue>;
  comments: string;
}

/** The rating as stored (JSON in reference_request.rating); the engine reads raterEndorsements, raterVetted, current, counts. */
export interface StoredRating {
  format: 'endorse-rating/1';
  raterEndorsements: CredentialId[];
  raterVetted: boolean;
  known: { years: number; months: number };
  role: string;
  current: boolean;
  scale: '1-4';
  ratings: Array<{ domain: string; number: number; name: string; rating: 1 | 2 | 3 | 4 | null }>;
  notEnoughInformation: number;
  counts: boolean;
  comments: string;
}

export type SubmitResult =
  Exclude<ReferenceLink, { state: 'open' }> | { state: 'submitted'; counts: boolean };

/** Stores the rater's answers, once. A rating with six or more "not enough information" answers does not count. */
export async function submitReferenceRating(
  token: string,
  answers: RatingAnswers,
  services: Services,
  now: Date = new Date(),
): Promise<SubmitResult> {
  const { link, row, application, person, association } = await linkState(token, services, now);
  if (link.state !== 'open' || !row || !application || !person || !association) return link as SubmitResult;
  const ratings = link.domains.map((d) => {
    const answer = answers.ratings[d.id];
    if (!answer) throw new AppError('invalid', `rate the applicant on ${d.name}`, `rating-${d.id}`);
    return {
      domain: d.id,
      number: d.number,
      name: d.name,
      rating: answer === 'ni' ? null : (Number(answer) as 1 | 2 | 3 | 4),
    };
  });
  const notEnoughInformation = ratings.filter((r) => r.rating === null).length;
  const rating: StoredRating = {
    format: 'endorse-rating/1',
    raterEndorsements: [...new Set(answers.raterEndorsements)],
    raterVetted: answers.raterVetted,
    known: { years: answers.knownYears, months: answers.knownMonths },
    role: answers.role,
    current: answers.current,
    scale: '1-4',
    ratings,
    notEnoughInformation,
    counts: notEnoughInformation < NOT_ENOUGH_INFORMATION_LIMIT,
    comments: answers.comments,
  };
  const stored = await services.db.kysely.transaction().execute(async (tx) => {
    if (!(await storeReferenceRating(tx, row.id, hashToken(token), rating, now))) return false;
    await appendAudit(tx, {
      actorId: null,
      associationId: application.associationId,
      subjectType: 'reference-request',
      subjectId: row.id,
      action: 'reference.submit',
      before: { status: row.status },
      // Whether it counts, never what it says.
      after: { status: 'submitted', counts: rating.counts },
    });
    const applicant = oneLine(person.name);
    // Having waived seeing the rating, the applicant is not told whether it counts either.
    const saysItCounts = rating.counts || fromFlag(row.waived);
    try {
      await enqueueMail(
        tx,
        {
          to: person.email,
          subject: saysItCounts
            ? `${oneLine(row.rater_name)} has submitted a reference rating`
            : `A reference rating that does not count: ask someone else`,
          text: [
            `Dear ${applicant},`,
            '',
            `${oneLine(row.rater_name)} has submitted a reference rating for your ${application.credential} application to ${association.name}.`,
            saysItCounts
              ? 'The association’s reviewers will read it; it is not shown to you.'
              : 'It does not count toward your endorsement: the rater did not know your work well enough to rate enough of the competency domains. Ask someone else who knows your work well for a reference.',
            '',
            `See your references: ${services.config.baseUrl}/applications/${encodeURIComponent(application.id)}/references`,
          ].join('\n'),
        },
        chargedTo(application.userId, services),
      );
    } catch (e) {
      // The rater's answer is kept all the same; the applicant sees it on the references page.
      if (!(e instanceof MailLimitReached)) throw e;
    }
    return true;
  });
  if (!stored) return (await linkState(token, services, now)).link as SubmitResult;
  return { state: 'submitted', counts: rating.counts };
}

// ---------------------------------------------------------------------------
// Reminders (the job handler in src/jobs/reference-reminders.ts calls this).

/** Sends reminder `n` of a request if it is still waiting for the rater; otherwise does nothing. */
export async function sendReferenceReminder(
  payload: ReminderPayload,
  services: Services,
  now: Date = new Date(),
): Promise<'sent' | 'skipped' | 'postponed'> {
  const db = services.db.kysely;
  const row = await findReferenceRequest(db, payload.requestId);
  if (!row || row.sent_at !== payload.sentAt) return 'skipped'; // gone, or re-sent (newer reminders exist)
  if (!(openStatuses as readonly string[]).includes(referenceStatus(row, now))) return 'skipped';
  if (Number(row.reminders_sent) >= payload.n) return 'skipped';
  const token = unsealToken(payload.sealed, services.config.secret);
  if (!token || hashToken(token) !== row.token_hash) return 'skipped';
  const application = await findApplication(db, row.application_id);
  const association = application && (await findAssociation(db, application.associationId));
  if (!application || !association || isClosed(application.status)) return 'skipped';
  const ctx = await linkContext(application.userId, association, application.credential, services);
  const remind = () =>
    db.transaction().execute(async (tx) => {
      if (!(await markReminderSent(tx, row.id, payload.sentAt, payload.n))) return false;
      await enqueueMail(
        tx,
        invitationMail(row, linkOf(services, token), ctx, payload.n),
        chargedTo(application.userId, services),
      );
      await appendAudit(tx, {
        actorId: null,
        associationId: application.associationId,
        subjectType: 'reference-request',
        subjectId: row.id,
        action: 'reference.remind',
        before: { remindersSent: Number(row.reminders_sent) },
        after: { remindersSent: payload.n },
      });
      return true;
    });
  try {
    return (await remind()) ? 'sent' : 'skipped';
  } catch (e) {
    if (!(e instanceof MailLimitReached)) throw e;
    // Past the applicant's daily cap: this reminder waits until the cap allows it.
    await enqueue(db, REFERENCE_REMINDER_JOB, payload, e.retryAt);
    return 'postponed';
  }
}

// ---------------------------------------------------------------------------
// Staff: the ratings themselves.

export interface ReferenceRatingItem extends ReferenceRequestItem {
  rating: StoredRating | null;
  /** Whether the rater's address has the applicant's domain (a colleague, or the applicant themselves). */
  sameDomainAsApplicant: boolean;
}

/** An application's requests with the raters' answers, for reviewers and coordinators (never its applicant). */
export async function readReferenceRatings(
  actor: Actor | undefined,
  applicationId: string,
  services: Services,
  now: Date = new Date(),
) {
  const db = services.db.kysely;
  const { application } = await authorizeApplication(actor, applicationId, 'reference.readContent', services);
  const applicant = await findPersonById(db, application.userId);
  const rows = await referenceRequestsOf(db, application.id);
  const requests: ReferenceRatingItem[] = rows.map((r) => ({
    ...toItem(r, now, 'staff'),
    rating: r.status === 'submitted' ? fromJson<StoredRating>(r.rating) : null,
    sameDomainAsApplicant: !!applicant && sameDomain(r.rater_email, applicant.email),
  }));
  return { application, applicant, requests };
}

export { relationshipLabel };
