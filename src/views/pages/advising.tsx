// Advising, as the applicant and the advisor see it: the advisor's list of
// the applications they advise, the thread of messages between them, and the
// advisor's comments on the portfolio, by section (with the form to add one).
import type { Advisee, ApplicationAdvising, CommentView, MessageThread } from '../../services/advising.ts';

type MessageRow = MessageThread['messages'][number];
import type { EntryView, SectionDef } from '../../services/portfolio.ts';
import {
  Button,
  ErrorSummary,
  type FieldError,
  Form,
  type FormValues,
  Select,
  valueOf,
  When,
} from '../components.tsx';
import { describeEntry, TextArea, withApplication } from './portfolio-parts.tsx';

const appPath = (id: string) => `/applications/${encodeURIComponent(id)}`;

export function AdviseesPage(props: { advisees: readonly Advisee[] }) {
  return (
    <>
      <h1>My advisees</h1>
      <p>
        The applications you advise as an endorsement advisor. Read each portfolio as it stands, comment on
        it, and write to the applicant.
      </p>
      {props.advisees.length ? (
        <table class="table-stack">
          <caption class="visually-hidden">The applications you advise</caption>
          <thead>
            <tr>
              <th scope="col">Applicant</th>
              <th scope="col">Credential</th>
              <th scope="col">Association</th>
              <th scope="col">State</th>
              <th scope="col">Last message</th>
            </tr>
          </thead>
          <tbody>
            {props.advisees.map((a) => (
              <tr key={a.id}>
                <td data-label="Applicant">
                  <a href={appPath(a.id)}>{a.applicantName}</a>{' '}
                  <span class="hint">
                    <a href={`${appPath(a.id)}/portfolio`}>portfolio</a> ·{' '}
                    <a href={`${appPath(a.id)}/messages`}>messages</a>
                  </span>
                </td>
                <td data-label="Credential">{a.credential}</td>
                <td data-label="Association">{a.associationName}</td>
                <td data-label="State">{a.stateLabel}</td>
                <td data-label="Last message">
                  {a.lastMessage ? (
                    <>
                      {a.lastMessage.authorName}, <When at={a.lastMessage.createdAt} />
                    </>
                  ) : (
                    'None yet'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="empty">You advise no applications now.</p>
      )}
    </>
  );
}

/** Messages, oldest first: who, when, what. */
export function MessageList(props: { messages: readonly MessageRow[] }) {
  if (!props.messages.length) return <p class="empty">No messages yet.</p>;
  return (
    <ol class="messages">
      {props.messages.map((m) => (
        <li key={m.id}>
          <p class="hint">
            <strong>{m.authorName}</strong>, <When at={m.createdAt} />
          </p>
          <p class="message-body">{m.body}</p>
        </li>
      ))}
    </ol>
  );
}

export function MessageThreadPage(props: {
  thread: MessageThread;
  errors?: readonly FieldError[] | undefined;
  values?: FormValues | undefined;
}) {
  const { thread } = props;
  const a = thread.application;
  const other = thread.isApplicant ? (thread.advisor?.name ?? 'your advisor') : thread.applicant.name;
  return (
    <>
      <p>
        <a href={appPath(a.id)}>Back to the {a.credential} application</a>
        {thread.staffPath && (
          <>
            {' '}
            · <a href={thread.staffPath}>the staff's page of it</a>
          </>
        )}
      </p>
      <h1>
        Messages: {thread.applicant.name}'s {a.credential} application
      </h1>
      <p>
        Between {thread.applicant.name} and {thread.advisor ? `${thread.advisor.name}, ` : ''}
        {thread.advisor ? 'their endorsement advisor' : 'their endorsement advisor (none assigned now)'}, with{' '}
        {thread.association.name}. The association's coordinators can read it too.
      </p>
      <ErrorSummary errors={props.errors} />
      <MessageList messages={thread.messages} />
      {thread.mayWrite && (
        <Form action={`${appPath(a.id)}/messages`} label="Write a message">
          <TextArea
            name="body"
            label={`Write to ${other}`}
            hint="They are e-mailed your message and answer here."
            value={valueOf(props.values, 'body')}
            error={props.errors?.find((e) => e.field === 'body')?.message}
            rows={6}
          />
          <Button>Send the message</Button>
        </Form>
      )}
    </>
  );
}

/** The comments of one section, each with the entry it is about. */
function SectionComments(props: { comments: readonly CommentView[] }) {
  return (
    <ul class="comments">
      {props.comments.map((c) => (
        <li key={c.id}>
          <p class="hint">
            <strong>{c.authorName}</strong>, <When at={c.createdAt} />
            {c.entry === undefined
              ? ' — on the section'
              : c.entry === null
                ? ' — on an entry since removed'
                : ` — on “${describeEntry(c.def.key, c.entry.data as never)}”`}
          </p>
          <p class="message-body">{c.body}</p>
        </li>
      ))}
    </ul>
  );
}

/** Comments grouped by section, in the portfolio's order; `sectionLink` gives each heading its link. */
export function CommentsBySection(props: {
  comments: readonly CommentView[];
  sectionLink?: (def: SectionDef) => string;
  level?: 2 | 3;
}) {
  const Heading = props.level === 2 ? 'h3' : 'h4';
  const bySection = new Map<string, CommentView[]>();
  for (const c of props.comments) bySection.set(c.def.slug, [...(bySection.get(c.def.slug) ?? []), c]);
  if (!bySection.size) return <p class="empty">No comments yet.</p>;
  return (
    <>
      {[...bySection.values()].map((list) => {
        const def = list[0]!.def;
        return (
          <section key={def.slug} aria-label={`Comments on ${def.title}`}>
            <Heading>
              {props.sectionLink ? <a href={props.sectionLink(def)}>{def.title}</a> : def.title} (
              {list.length})
            </Heading>
            <SectionComments comments={list} />
          </section>
        );
      })}
    </>
  );
}

/** On an application's page: the advisor, their comments by section, and the thread. */
export function ApplicationAdvisingSection(props: {
  applicationId: string;
  isOwner: boolean;
  advising: ApplicationAdvising;
}) {
  const { advising, applicationId } = props;
  // The applicant goes to the section to act on a comment; others to the portfolio they read.
  const sectionLink = (def: SectionDef) =>
    props.isOwner
      ? withApplication(`/portfolio/${def.slug}`, applicationId)
      : `${appPath(applicationId)}/portfolio#portfolio-${def.slug}`;
  return (
    <section id="advisor-comments" aria-labelledby="advisor-comments-title">
      <h2 id="advisor-comments-title">Endorsement advisor</h2>
      <p>
        {advising.advisor
          ? `${advising.advisor.name} is ${props.isOwner ? 'your' : 'the'} endorsement advisor.`
          : 'No endorsement advisor is assigned now.'}{' '}
        <a href={advising.threadPath}>
          Messages ({advising.messages}){advising.advisor ? '' : ', read only'}
        </a>
        {advising.mayComment && (
          <>
            {' '}
            · <a href={`${appPath(applicationId)}/portfolio#comment`}>Comment on the portfolio</a>
          </>
        )}
      </p>
      <h3>Comments on the portfolio ({advising.comments.length})</h3>
      <CommentsBySection comments={advising.comments} sectionLink={sectionLink} />
    </section>
  );
}

/**
 * Under an application's portfolio: the comments by section and, for its
 * advisor, the form to comment on a section or on one entry.
 */
export function PortfolioAdvising(props: {
  applicationId: string;
  advising: ApplicationAdvising;
  sections: ReadonlyArray<{ def: SectionDef; entries: EntryView[] }>;
  errors?: readonly FieldError[] | undefined;
  values?: FormValues | undefined;
}) {
  const { advising } = props;
  const options = [
    { value: '', label: 'Choose a section or an entry' },
    ...props.sections.flatMap(({ def, entries }) => [
      { value: `section:${def.slug}`, label: `${def.title} (the section)` },
      ...entries.map((e) => ({
        value: `entry:${e.id}`,
        label: `${def.title}: ${describeEntry(def.key, e.data as never)}`,
      })),
    ]),
  ];
  return (
    <section aria-labelledby="advisor-comments-title">
      <h2 id="advisor-comments-title">The advisor's comments ({advising.comments.length})</h2>
      <CommentsBySection
        comments={advising.comments}
        sectionLink={(def) => `#portfolio-${def.slug}`}
        level={2}
      />
      {advising.mayComment && (
        <Form action={`${appPath(props.applicationId)}/comments`} label="Comment on the portfolio">
          <h3 id="comment">Comment on the portfolio</h3>
          <ErrorSummary errors={props.errors} />
          <Select
            name="about"
            label="About"
            options={options}
            value={valueOf(props.values, 'about')}
            error={props.errors?.find((e) => e.field === 'about')?.message}
          />
          <TextArea
            name="body"
            label="Your comment"
            hint="The applicant is e-mailed it and sees it beside the section."
            value={valueOf(props.values, 'body')}
            error={props.errors?.find((e) => e.field === 'body')?.message}
            rows={5}
          />
          <Button>Post the comment</Button>
        </Form>
      )}
    </section>
  );
}

/** On a section of the applicant's own portfolio: what their advisor said of it. */
export function MySectionComments(props: { comments: readonly CommentView[] }) {
  if (!props.comments.length) return null;
  return (
    <section class="advisor-comments" aria-labelledby="section-comments-title">
      <h2 id="section-comments-title">Your advisor's comments on this section ({props.comments.length})</h2>
      <SectionComments comments={props.comments} />
    </section>
  );
}
