// References: the applicant's requests (statuses only, never what raters
// wrote) with the form to ask a rater, and the staff view of the ratings.
import { relationshipLabel } from '../../engine/labels.ts';
import { relationships } from '../../engine/portfolio.ts';
import {
  longDate,
  NOT_ENOUGH_INFORMATION_LIMIT,
  REFERENCE_LINK_DAYS,
  REMINDER_DAYS,
} from '../../domain/references.ts';
import type { ReferenceRatingItem, ReferenceRequestItem } from '../../services/references.ts';
import {
  Button,
  ErrorSummary,
  Field,
  type FieldError,
  Form,
  type FormValues,
  Select,
  Radios,
} from '../components.tsx';

const capitalize = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

export const relationshipOptions = relationships.map((r) => ({
  value: r,
  label: capitalize(relationshipLabel[r]),
}));

const day = (iso: string | null) => (iso ? longDate(iso) : '—');

function StatusText(props: { r: ReferenceRequestItem }) {
  const r = props.r;
  const reminded = r.remindersSent
    ? `; reminded ${r.remindersSent === 1 ? 'once' : `${r.remindersSent} times`}`
    : '';
  switch (r.status) {
    case 'sent':
      return (
        <>
          <strong>Sent</strong> on {day(r.sentAt)}; the link works until {day(r.expiresAt)}
          {reminded}
        </>
      );
    case 'opened':
      return (
        <>
          <strong>Opened</strong> on {day(r.openedAt)}; the link works until {day(r.expiresAt)}
          {reminded}
        </>
      );
    case 'submitted':
      return (
        <>
          <strong>Submitted</strong> on {day(r.submittedAt)}
          {r.counts === false && (
            <>
              {' '}
              — <strong>does not count</strong>: ask someone else
            </>
          )}
        </>
      );
    case 'expired':
      return (
        <>
          <strong>Expired</strong> on {day(r.expiresAt)} without an answer: send it again or ask someone else
        </>
      );
    case 'revoked':
      return (
        <>
          <strong>Revoked</strong> on {day(r.revokedAt)}
        </>
      );
  }
}

export interface ReferencesRequirement {
  status: 'met' | 'unmet';
  summary: string;
  missing: string[];
}

export function ReferencesPage(props: {
  application: { id: string; credential: string };
  association: { name: string };
  requests: ReferenceRequestItem[];
  requirements: ReferencesRequirement[];
  errors?: FieldError[];
  values?: FormValues;
}) {
  const { errors, values, application } = props;
  const base = `/applications/${encodeURIComponent(application.id)}/references`;
  const notCounted = props.requests.filter((r) => r.status === 'submitted' && r.counts === false);
  return (
    <>
      <ErrorSummary errors={errors} />
      <p>
        <a href="/applications">My applications</a>
      </p>
      <h1>References for your {application.credential} application</h1>
      <p>
        {props.association.name} asks for reference ratings from people who know your work. Each rater gets a
        link by e-mail that works once, for {REFERENCE_LINK_DAYS} days; Endorse reminds them after{' '}
        {REMINDER_DAYS.join(' and ')} days if they have not answered. You see whether each rater has answered,
        never what they wrote.
      </p>

      {props.requirements.map((req, i) => (
        <section key={i} aria-labelledby={`requirement-${i}`}>
          <h2 id={`requirement-${i}`}>What your credential needs</h2>
          <p>
            <strong>{req.status === 'met' ? 'Met' : 'Not met yet'}:</strong> {req.summary}
          </p>
          {req.missing.length > 0 && (
            <>
              <p>Still needed:</p>
              <ul>
                {req.missing.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            </>
          )}
        </section>
      ))}

      {notCounted.length > 0 && (
        <div class="notice" role="status">
          {notCounted.map((r) => (
            <p key={r.id}>
              The rating from {r.raterName} does not count: a rater must be able to rate most of the
              competency domains, and {NOT_ENOUGH_INFORMATION_LIMIT} or more answers of “not enough
              information” do not count. Ask someone else who knows your work well.
            </p>
          ))}
        </div>
      )}

      <h2>Your requests</h2>
      {props.requests.length ? (
        <table class="table-stack">
          <caption class="visually-hidden">Your reference requests and their status</caption>
          <thead>
            <tr>
              <th scope="col">Rater</th>
              <th scope="col">Relationship</th>
              <th scope="col">Status</th>
              <th scope="col">Right to see the rating</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {props.requests.map((r) => {
              const open = r.status === 'sent' || r.status === 'opened' || r.status === 'expired';
              return (
                <tr key={r.id} id={`request-${r.id}`}>
                  <td data-label="Rater">
                    {r.raterName} <span class="hint">{r.raterEmail}</span>
                  </td>
                  <td data-label="Relationship">
                    {capitalize(relationshipLabel[r.relationship] ?? r.relationship)}
                  </td>
                  <td data-label="Status" data-status={r.status}>
                    <StatusText r={r} />
                  </td>
                  <td data-label="Right to see the rating">{r.waived ? 'Waived' : 'Not waived'}</td>
                  <td data-label="Actions">
                    {open ? (
                      <>
                        <Form action={`${base}/${encodeURIComponent(r.id)}/resend`} class="inline">
                          <Button kind="secondary">
                            Send again<span class="visually-hidden"> to {r.raterName}</span>
                          </Button>
                        </Form>{' '}
                        {r.status !== 'expired' && (
                          <Form action={`${base}/${encodeURIComponent(r.id)}/revoke`} class="inline">
                            <Button kind="danger">
                              Revoke<span class="visually-hidden"> the request to {r.raterName}</span>
                            </Button>
                          </Form>
                        )}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p>You have not asked anyone yet.</p>
      )}

      <section aria-labelledby="ask-title">
        <h2 id="ask-title">Ask for a reference</h2>
        <Form action={base} label="Ask for a reference">
          <Field name="raterName" label="Rater’s name" form={{ values, errors }} autocomplete="off" />
          <Field
            name="raterEmail"
            label="Rater’s e-mail address"
            type="email"
            hint="Endorse e-mails the link to this address."
            form={{ values, errors }}
            autocomplete="off"
          />
          <Select
            name="relationship"
            label="How the rater knows you: they are your…"
            options={[{ value: '', label: 'Choose…' }, ...relationshipOptions]}
            form={{ values, errors }}
          />
          <Radios
            name="waived"
            legend="Do you waive your right to see this rating?"
            hint="Raters are told which you chose. Endorse never shows you a rating either way."
            options={[
              { value: 'yes', label: 'Yes, I waive my right to see it' },
              { value: 'no', label: 'No, I do not waive it' },
            ]}
            form={{ values, errors }}
          />
          <Button>Send the request</Button>
        </Form>
      </section>
    </>
  );
}

/** The ratings themselves, for reviewers and coordinators. */
export function ReferenceRatingsPage(props: {
  association: { slug: string; name: string };
  application: { id: string; credential: string; submittedAt: string | null };
  applicant: { name: string; email: string } | undefined;
  requests: ReferenceRatingItem[];
}) {
  const { application } = props;
  const page = `/associations/${encodeURIComponent(props.association.slug)}/applications/${encodeURIComponent(application.id)}`;
  // A rating that came in after submission is not part of the application as submitted.
  const afterSubmission = (r: ReferenceRatingItem) =>
    !!application.submittedAt && !!r.submittedAt && r.submittedAt > application.submittedAt;
  return (
    <>
      <p>
        <a href={page}>Back to the application</a>
      </p>
      <h1>
        Reference ratings: {props.applicant?.name ?? 'applicant'}, {application.credential}
      </h1>
      {props.applicant && <p>Applicant’s e-mail address: {props.applicant.email}</p>}
      <p class="hint">Ratings are never shown to the applicant.</p>
      {props.requests.length === 0 && <p>No reference has been requested yet.</p>}
      {props.requests.map((r) => (
        <section key={r.id} aria-labelledby={`rater-${r.id}`}>
          <h2 id={`rater-${r.id}`}>{r.raterName}</h2>
          <dl class="facts">
            <dt>E-mail</dt>
            <dd>
              {r.raterEmail}
              {r.sameDomainAsApplicant && (
                <>
                  {' '}
                  <strong class="flag">Same domain as the applicant</strong>
                </>
              )}
            </dd>
            <dt>Named by the applicant as</dt>
            <dd>{capitalize(relationshipLabel[r.relationship] ?? r.relationship)}</dd>
            <dt>Status</dt>
            <dd>
              <StatusText r={r} />
              {afterSubmission(r) && (
                <>
                  {' '}
                  <strong class="flag">Received after the application was submitted: not part of it</strong>
                </>
              )}
            </dd>
            <dt>Applicant’s right to see it</dt>
            <dd>{r.waived ? 'Waived' : 'Not waived'}</dd>
          </dl>
          {r.rating && (
            <>
              <dl class="facts">
                <dt>Rater’s endorsements</dt>
                <dd>{r.rating.raterEndorsements.length ? r.rating.raterEndorsements.join(', ') : 'None'}</dd>
                <dt>Vetted by the association</dt>
                <dd>{r.rating.raterVetted ? 'Yes' : 'No'}</dd>
                <dt>Has known the applicant for</dt>
                <dd>
                  {r.rating.known.years} years, {r.rating.known.months} months
                </dd>
                <dt>In the role of</dt>
                <dd>{r.rating.role}</dd>
                <dt>Still in that role</dt>
                <dd>{r.rating.current ? 'Yes' : 'No'}</dd>
                <dt>Counts</dt>
                <dd>
                  {r.rating.counts ? 'Yes' : 'No'} ({r.rating.notEnoughInformation} of{' '}
                  {r.rating.ratings.length} domains “not enough information”)
                </dd>
              </dl>
              <table class="table-stack">
                <caption>Ratings by {r.raterName} (1–4)</caption>
                <thead>
                  <tr>
                    <th scope="col">Competency domain</th>
                    <th scope="col">Rating</th>
                  </tr>
                </thead>
                <tbody>
                  {r.rating.ratings.map((x) => (
                    <tr key={x.domain}>
                      <td data-label="Competency domain">
                        {x.number}. {x.name}
                      </td>
                      <td data-label="Rating">{x.rating ?? 'Not enough information'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <h3>Comments</h3>
              <p class="comments">{r.rating.comments || '—'}</p>
            </>
          )}
        </section>
      ))}
    </>
  );
}
