// Advising (seed 002, step 6): a coordinator assigns an endorsement advisor
// to an application at any time after it starts, replaces or removes them;
// the advisor reads the portfolio as it stands, comments on a section or one
// entry of it, and the applicant and advisor write to each other on the
// application. Every change is audited and the other party is e-mailed.
import type { Kysely } from 'kysely';
import type { ApplicationRow } from '../db/repositories/applications.ts';
import {
  adviseesOf,
  commentsOnSection,
  insertMessage,
  latestMessages,
  lockApplication,
  type MessageRow,
  messagesOf,
} from '../db/repositories/advising.ts';
import {
  activeAssignmentsOf,
  type AssignmentRow,
  endAssignment,
  insertAssignment,
} from '../db/repositories/assignments.ts';
import { appendAudit } from '../db/repositories/audit.ts';
import { type AssociationRow, findAssociation } from '../db/repositories/associations.ts';
import { findPersonById, peopleOfAssociation, type PersonRow } from '../db/repositories/people.ts';
import { findEntry } from '../db/repositories/portfolio.ts';
import type { Database } from '../db/schema.ts';
import { stateLabels, isApplicationState } from '../domain/application-lifecycle.ts';
import { count, textLimits } from '../engine/limits.ts';
import { enqueueMail } from '../mail/mailer.ts';
import { type Actor, can, parseRoles } from '../policies/index.ts';
import type { Services } from './context.ts';
import { AppError, DomainError, notFound } from './errors.ts';
import { isSectionSlug, type SectionDef, type SectionSlug, sectionOfKey, sections } from './portfolio.ts';
import {
  applicationResource,
  authorizeApplication,
  type FoundApplication,
  type StaffPartOf,
} from './scope.ts';

type Tx = Kysely<Database>;

const applicationPath = (id: string) => `/applications/${encodeURIComponent(id)}`;
const staffPath = (association: AssociationRow, id: string) =>
  `/associations/${encodeURIComponent(association.slug)}/applications/${encodeURIComponent(id)}`;

async function partiesOf(tx: Tx, application: ApplicationRow) {
  const association = await findAssociation(tx, application.associationId);
  const applicant = await findPersonById(tx, application.userId);
  if (!association || !applicant) throw notFound('The application');
  return { association, applicant };
}

// ---------------------------------------------------------------------------
// Assigning the advisor.

/** Why a person may not advise the application, or undefined when they may. */
function ineligibility(
  person: (PersonRow & { role: string }) | undefined,
  application: ApplicationRow,
  association: AssociationRow,
): string | undefined {
  if (!person) return `choose one of the advisors of ${association.name}`;
  if (person.id === application.userId) return 'the applicant cannot be their own advisor';
  if (!parseRoles(person.role).includes('advisor'))
    return `${person.name} does not hold the advisor role in ${association.name}: give them the role first`;
  if (!person.emailVerified)
    return `${person.name} has not confirmed their e-mail address yet, so they could not be told`;
  return undefined;
}

/** The people who may be assigned as the application's advisor: the association's advisors, confirmed, not the applicant. */
async function eligibleAdvisors(db: Tx, application: ApplicationRow, association: AssociationRow) {
  return (await peopleOfAssociation(db, association.id)).filter(
    (p) => ineligibility(p, application, association) === undefined,
  );
}

/** The application's advisor now, of its assignments. */
const advisorOf = (assignments: readonly AssignmentRow[]): AssignmentRow | undefined =>
  assignments.find((a) => a.role === 'advisor' && a.status === 'active');

const activeAdvisor = async (db: Tx, applicationId: string): Promise<AssignmentRow | undefined> =>
  advisorOf(await activeAssignmentsOf(db, applicationId));

/**
 * Makes `advisorId` the application's advisor, replacing the one it has (one
 * active advisor per application). Refuses a person who is not one of the
 * association's advisors with a confirmed address, or is the applicant, with
 * ASSIGNEE_NOT_ELIGIBLE. The new advisor and the applicant are e-mailed, and
 * a replaced advisor too.
 */
export async function assignAdvisor(
  actor: Actor | undefined,
  input: { applicationId: string; associationId: string; advisorId: string },
  services: Services,
  now: Date,
) {
  const { actor: coordinator, application } = await authorizeApplication(
    actor,
    input.applicationId,
    'application.assignAdvisor',
    services,
    input.associationId,
  );
  if (!input.advisorId) throw new AppError('invalid', 'choose the advisor', 'advisor');
  const at = now.toISOString();
  return services.db.kysely.transaction().execute(async (tx) => {
    await lockApplication(tx, application.id);
    const { association, applicant } = await partiesOf(tx, application);
    const person = (await peopleOfAssociation(tx, association.id)).find((p) => p.id === input.advisorId);
    const refused = ineligibility(person, application, association);
    if (refused) throw new DomainError('ASSIGNEE_NOT_ELIGIBLE', refused, 'advisor');
    const previous = await activeAdvisor(tx, application.id);
    if (previous?.userId === person!.id)
      throw new AppError('invalid', `${person!.name} is the advisor of this application already`, 'advisor');
    if (previous) await endAdvising(tx, services, coordinator, application, previous, at, 'replaced');
    const id = await insertAssignment(tx, {
      applicationId: application.id,
      userId: person!.id,
      role: 'advisor',
      assignedBy: coordinator.userId,
      at,
    });
    if (!id)
      throw new DomainError(
        'APPLICATION_STATE_CHANGED',
        'another advisor was assigned to this application meanwhile: reload it to see who',
        'advisor',
      );
    await appendAudit(tx, {
      actorId: coordinator.userId,
      associationId: association.id,
      subjectType: 'application',
      subjectId: application.id,
      action: 'advisor.assign',
      after: { assignment: id, advisor: person!.email, ...(previous ? { replaces: previous.email } : {}) },
    });
    const base = services.config.baseUrl;
    const what = `${application.credential} application to ${association.name}`;
    // The association's own process: counted against nobody (it must not fail for someone's much mail).
    const charge = { account: null, dailyLimit: services.config.mailDailyLimit };
    await enqueueMail(
      tx,
      {
        to: person!.email,
        subject: `You are ${applicant.name}'s endorsement advisor`,
        text: [
          `Dear ${person!.name},`,
          '',
          `${association.name} has made you the endorsement advisor of ${applicant.name}'s ${what}.`,
          '',
          'Read their portfolio as it stands and comment on any section or entry of it:',
          `${base}${applicationPath(application.id)}/portfolio`,
          '',
          `Write to ${applicant.name}: ${base}${applicationPath(application.id)}/messages`,
          `Everyone you advise: ${base}/advising`,
        ].join('\n'),
      },
      charge,
    );
    await enqueueMail(
      tx,
      {
        to: applicant.email,
        subject: `Your endorsement advisor: ${person!.name}`,
        text: [
          `Dear ${applicant.name},`,
          '',
          `${association.name} has made ${person!.name} the endorsement advisor of your ${what}${previous ? `, in place of ${previous.name}` : ''}.`,
          `They read your portfolio as it stands and may comment on it; you can write to each other on the application:`,
          `${base}${applicationPath(application.id)}/messages`,
        ].join('\n'),
      },
      charge,
    );
    return { id, advisor: { name: person!.name, email: person!.email }, replaced: previous?.name };
  });
}

/** Ends the application's advisor's assignment; the advisor and the applicant are e-mailed. */
export async function removeAdvisor(
  actor: Actor | undefined,
  input: { applicationId: string; associationId: string },
  services: Services,
  now: Date,
) {
  const { actor: coordinator, application } = await authorizeApplication(
    actor,
    input.applicationId,
    'application.assignAdvisor',
    services,
    input.associationId,
  );
  return services.db.kysely.transaction().execute(async (tx) => {
    await lockApplication(tx, application.id);
    const current = await activeAdvisor(tx, application.id);
    if (!current) throw new AppError('invalid', 'this application has no advisor to remove', 'form');
    await endAdvising(tx, services, coordinator, application, current, now.toISOString(), 'removed');
    return { name: current.name };
  });
}

async function endAdvising(
  tx: Tx,
  services: Services,
  coordinator: Actor,
  application: ApplicationRow,
  assignment: AssignmentRow,
  at: string,
  why: 'removed' | 'replaced',
) {
  const { association, applicant } = await partiesOf(tx, application);
  await endAssignment(tx, assignment.id, { status: 'removed', at, reason: why });
  await appendAudit(tx, {
    actorId: coordinator.userId,
    associationId: association.id,
    subjectType: 'application',
    subjectId: application.id,
    action: 'advisor.unassign',
    before: { assignment: assignment.id, advisor: assignment.email },
    after: { reason: why },
  });
  const charge = { account: null, dailyLimit: services.config.mailDailyLimit };
  const what = `${application.credential} application to ${association.name}`;
  await enqueueMail(
    tx,
    {
      to: assignment.email,
      subject: `You no longer advise ${applicant.name}`,
      text: [
        `Dear ${assignment.name},`,
        '',
        `${association.name} has ended your advising of ${applicant.name}'s ${what}. Thank you.`,
      ].join('\n'),
    },
    charge,
  );
  // On a replacement the applicant hears once, from the new assignment.
  if (why === 'removed')
    await enqueueMail(
      tx,
      {
        to: applicant.email,
        subject: `${assignment.name} no longer advises your application`,
        text: [
          `Dear ${applicant.name},`,
          '',
          `${association.name} has ended ${assignment.name}'s advising of your ${what}.`,
          `Your messages stay on the application: ${services.config.baseUrl}${applicationPath(application.id)}/messages`,
        ].join('\n'),
      },
      charge,
    );
}

/** The advising part of the staff's application page: the advisor, who else may be, past ones, comments and the thread. */
export async function staffAdvising(
  reader: Actor,
  { application, association, resource, assignments }: StaffPartOf,
  services: Services,
) {
  const db = services.db.kysely;
  const advisors = assignments.filter((a) => a.role === 'advisor');
  const current = advisors.find((a) => a.status === 'active');
  const mayAssign = can(reader, 'application.assignAdvisor', resource);
  const thread = await messagesOf(db, application.id);
  return {
    current,
    past: advisors.filter((a) => a.status !== 'active'),
    mayAssign,
    choices: mayAssign
      ? (await eligibleAdvisors(db, application, association))
          .filter((p) => p.id !== current?.userId)
          .map((p) => ({ id: p.id, name: p.name, email: p.email }))
      : [],
    comments: await commentsOf(application, thread, services),
    messages: thread.filter((m) => m.kind === 'message'),
  };
}
export type StaffAdvising = Awaited<ReturnType<typeof staffAdvising>>;

// ---------------------------------------------------------------------------
// The advisor's page: the applications they advise.

export async function myAdvisees(actor: Actor, services: Services) {
  const db = services.db.kysely;
  const rows = await adviseesOf(db, actor.userId);
  // Only where they still hold the advisor role (the policy's rule, asked per application).
  const mine = [];
  for (const row of rows)
    if (can(actor, 'application.read', await applicationResource(services, row))) mine.push(row);
  const latest = await latestMessages(
    db,
    mine.map((r) => r.id),
  );
  return mine.map((r) => ({
    ...r,
    stateLabel: isApplicationState(r.status) ? stateLabels[r.status] : r.status,
    lastMessage: latest.get(r.id),
  }));
}
export type Advisee = Awaited<ReturnType<typeof myAdvisees>>[number];

// ---------------------------------------------------------------------------
// Comments and messages.

/** A message's or comment's text as written, or why it cannot be sent, on its field. */
function checkedBody(body: string): string {
  const text = body.replace(/\r\n/g, '\n').trim();
  if (!text) throw new AppError('invalid', 'write something first', 'body');
  if (text.length > textLimits.message)
    throw new AppError(
      'invalid',
      `write at most ${count(textLimits.message)} characters (this is ${count(text.length)}); say the rest in another one`,
      'body',
    );
  return text;
}

/** What a comment may be about: a section ("section:training") or one of the applicant's entries ("entry:<id>"). */
async function commentTarget(db: Tx, application: ApplicationRow, about: string) {
  const [kind, value = ''] = about.split(':', 2) as [string, string?];
  if (kind === 'section' && isSectionSlug(value)) return { section: value, entryId: null };
  if (kind === 'entry') {
    const entry = await findEntry(db, value);
    const def = entry && sectionOfKey(entry.section);
    if (entry && def && entry.userId === application.userId) return { section: def.slug, entryId: entry.id };
  }
  throw new AppError('invalid', 'choose the section or entry the comment is about', 'about');
}

/**
 * The advisor's comment on a section of the portfolio or one entry of it;
 * the applicant is e-mailed (counted against the advisor's daily mail).
 */
export async function commentOnPortfolio(
  actor: Actor | undefined,
  input: { applicationId: string; about: string; body: string },
  services: Services,
  now: Date,
) {
  const { actor: advisor, application } = await authorizeApplication(
    actor,
    input.applicationId,
    'application.advise',
    services,
  );
  const body = checkedBody(input.body);
  return services.db.kysely.transaction().execute(async (tx) => {
    const target = await commentTarget(tx, application, input.about);
    const { association, applicant } = await partiesOf(tx, application);
    const author = (await findPersonById(tx, advisor.userId))!;
    const id = await insertMessage(tx, {
      applicationId: application.id,
      authorId: advisor.userId,
      kind: 'comment',
      ...target,
      body,
      at: now.toISOString(),
    });
    await appendAudit(tx, {
      actorId: advisor.userId,
      associationId: association.id,
      subjectType: 'application',
      subjectId: application.id,
      action: 'comment.post',
      after: { comment: id, section: target.section, ...(target.entryId ? { entry: target.entryId } : {}) },
    });
    const title = sections[target.section as SectionSlug].title;
    await enqueueMail(
      tx,
      {
        to: applicant.email,
        subject: `${author.name} commented on your portfolio (${title})`,
        text: [
          `Dear ${applicant.name},`,
          '',
          `${author.name}, the endorsement advisor of your ${application.credential} application to ${association.name}, commented on ${target.entryId ? 'an entry of' : 'the section'} ${title}:`,
          '',
          body,
          '',
          `Every comment: ${services.config.baseUrl}${applicationPath(application.id)}#advisor-comments`,
        ].join('\n'),
      },
      { account: advisor.userId, dailyLimit: services.config.mailDailyLimit },
    );
    return { id, section: target.section };
  });
}

export interface CommentView extends MessageRow {
  def: SectionDef;
  /** The entry commented on as it is now; null when it has been removed since. */
  entry?: { id: string; key: string; data: unknown } | null;
}

/** Of an application's messages and comments, the comments, each with its section and the entry as it is now. */
async function commentsOf(
  application: ApplicationRow,
  messages: MessageRow[],
  services: Services,
): Promise<CommentView[]> {
  return withEntries(
    application.userId,
    messages.filter((m) => m.kind === 'comment'),
    services,
  );
}

/** Comments with their section and the entry commented on as it is now (null once removed). */
async function withEntries(
  ownerId: string,
  comments: MessageRow[],
  services: Services,
): Promise<CommentView[]> {
  const db = services.db.kysely;
  const views: CommentView[] = [];
  for (const c of comments) {
    if (!c.section || !isSectionSlug(c.section)) continue;
    const def = sections[c.section];
    if (!c.entryId) {
      views.push({ ...c, def });
      continue;
    }
    const row = await findEntry(db, c.entryId);
    views.push({
      ...c,
      def,
      entry: row && row.userId === ownerId ? { id: row.id, key: row.section, data: row.data } : null,
    });
  }
  return views;
}

/** The advisors' comments on a section of the signed-in person's own portfolio, from any of their applications. */
export async function myCommentsOn(actor: Actor, slug: SectionSlug, services: Services) {
  return withEntries(actor.userId, await commentsOnSection(services.db.kysely, actor.userId, slug), services);
}

/**
 * What a reader of the application sees of its advising on the application's
 * page and its portfolio: the advisor, the comments (for the applicant, the
 * advisor and the coordinators), the thread's address and whether they may comment.
 */
export async function applicationAdvising(
  actor: Actor,
  { application, resource, assignments }: Pick<FoundApplication, 'application' | 'resource' | 'assignments'>,
  services: Services,
) {
  if (!can(actor, 'application.readMessages', resource)) return undefined;
  const advisor = advisorOf(assignments);
  const thread = await messagesOf(services.db.kysely, application.id);
  return {
    advisor: advisor && { name: advisor.name },
    mayComment: can(actor, 'application.advise', resource),
    comments: await commentsOf(application, thread, services),
    messages: thread.filter((m) => m.kind === 'message').length,
    threadPath: `${applicationPath(application.id)}/messages`,
  };
}
export type ApplicationAdvising = NonNullable<Awaited<ReturnType<typeof applicationAdvising>>>;

/** The thread of messages between the applicant and their advisor, for those who may read it. */
export async function messageThread(actor: Actor | undefined, applicationId: string, services: Services) {
  const {
    actor: reader,
    application,
    resource,
    assignments,
  } = await authorizeApplication(actor, applicationId, 'application.readMessages', services);
  const db = services.db.kysely;
  const { association, applicant } = await partiesOf(db, application);
  const advisor = advisorOf(assignments);
  const isApplicant = reader.userId === application.userId;
  return {
    application,
    association: { slug: association.slug, name: association.name },
    applicant: { name: applicant.name },
    advisor: advisor && { name: advisor.name },
    isApplicant,
    mayWrite: can(reader, 'application.message', resource) && !!advisor,
    staffPath: can(reader, 'application.history', resource)
      ? staffPath(association, application.id)
      : undefined,
    messages: await messagesOf(db, application.id, 'message'),
  };
}
export type MessageThread = Awaited<ReturnType<typeof messageThread>>;

/**
 * A message on the application's thread, from the applicant to the advisor or
 * back; the other party is e-mailed, counted against the author's daily mail.
 */
export async function postMessage(
  actor: Actor | undefined,
  input: { applicationId: string; body: string },
  services: Services,
  now: Date,
) {
  const { actor: author, application } = await authorizeApplication(
    actor,
    input.applicationId,
    'application.message',
    services,
  );
  const body = checkedBody(input.body);
  return services.db.kysely.transaction().execute(async (tx) => {
    const { association, applicant } = await partiesOf(tx, application);
    const advisor = await activeAdvisor(tx, application.id);
    if (!advisor)
      throw new AppError(
        'invalid',
        `this application has no advisor yet: ${association.name} will assign one`,
        'form',
      );
    const fromApplicant = author.userId === application.userId;
    const writer = fromApplicant ? applicant : (await findPersonById(tx, author.userId))!;
    const to = fromApplicant ? { name: advisor.name, email: advisor.email } : applicant;
    const id = await insertMessage(tx, {
      applicationId: application.id,
      authorId: author.userId,
      kind: 'message',
      body,
      at: now.toISOString(),
    });
    await appendAudit(tx, {
      actorId: author.userId,
      associationId: association.id,
      subjectType: 'application',
      subjectId: application.id,
      action: 'message.post',
      after: { message: id, to: to.email },
    });
    await enqueueMail(
      tx,
      {
        to: to.email,
        subject: `${writer.name} wrote about ${fromApplicant ? 'their' : 'your'} ${application.credential} application`,
        text: [
          `Dear ${to.name},`,
          '',
          `${writer.name} wrote on the ${application.credential} application to ${association.name}:`,
          '',
          body,
          '',
          `Answer on the application: ${services.config.baseUrl}${applicationPath(application.id)}/messages`,
        ].join('\n'),
      },
      { account: author.userId, dailyLimit: services.config.mailDailyLimit },
    );
    return { id, to: to.name };
  });
}
