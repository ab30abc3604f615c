// Reviewers: the association's reviewers with the endorsements they hold and
// their reviews on hand; an application's reviewers panel (who is assigned,
// who is suggested, least loaded first, with warnings for the coordinator to
// judge); and a reviewer's own list of assignments with a way to decline one.
import { applicationStateText } from '../checklist.tsx';
import {
  Button,
  Checkboxes,
  ErrorSummary,
  errorOf,
  Field,
  type FieldError,
  Form,
  type FormValues,
  Select,
  valueOf,
} from '../components.tsx';
import {
  describeRefusals,
  describeWarnings,
  type Field as EndorsementField,
  fieldLabels,
  type Suggestion,
} from '../../domain/reviewer-eligibility.ts';
import type { ApplicationRow } from '../../db/repositories/applications.ts';
import type { AssociationRow } from '../../db/repositories/associations.ts';
import type { MyReviewAssignment, ReviewersPanelModel } from '../../services/reviewer-assignment.ts';

export interface FormBack {
  errors: FieldError[];
  values: FormValues;
}

const reviewersPath = (slug: string) => `/associations/${encodeURIComponent(slug)}/reviewers`;
export const applicationReviewersPath = (slug: string, id: string) =>
  `/associations/${encodeURIComponent(slug)}/applications/${encodeURIComponent(id)}/reviewers`;

const statusLabels: Record<string, string> = {
  active: 'Assigned',
  declined: 'Declined',
  removed: 'Removed',
};

const loadText = (n: number) => (n === 1 ? '1 review on hand' : `${n} reviews on hand`);

/** The association's reviewers and the form to record an endorsement one of them holds. */
export function ReviewersPage(props: {
  association: AssociationRow;
  reviewers: ReadonlyArray<{
    id: string;
    name: string;
    email: string;
    load: number;
    qualifications: ReadonlyArray<{
      id: string;
      credential: string;
      field: EndorsementField;
      level: number;
      evidence: string;
      recordedAt: string;
      /** Granted in Endorse (not recorded by hand): counts while active, never removed here. */
      inEndorse: { association: string; number: number } | undefined;
    }>;
  }>;
  credentials: ReadonlyArray<{ id: string; name: string; level: number; field: EndorsementField }>;
  form?: FormBack | undefined;
}) {
  const { association, reviewers } = props;
  const base = reviewersPath(association.slug);
  return (
    <>
      <h1>Reviewers of {association.name}</h1>
      <p>
        A reviewer may review an application at the level of an endorsement they hold, or below, in the same
        field. Give people the reviewer role on the People page; record here the endorsements they hold.
      </p>
      {reviewers.length ? (
        <table class="table-stack">
          <caption>
            Everyone with the reviewer role, with the endorsements recorded and their reviews on hand
          </caption>
          <thead>
            <tr>
              <th scope="col">Reviewer</th>
              <th scope="col">Endorsements held</th>
              <th scope="col">Reviews on hand</th>
            </tr>
          </thead>
          <tbody>
            {reviewers.map((r) => (
              <tr key={r.id}>
                <td data-label="Reviewer">
                  {r.name} <span class="hint">{r.email}</span>
                </td>
                <td data-label="Endorsements held">
                  {r.qualifications.length ? (
                    <ul>
                      {r.qualifications.map((q) => (
                        <li key={q.id}>
                          {q.inEndorse ? (
                            <>
                              {q.credential} (level {q.level}, {fieldLabels[q.field]}): endorsed in Endorse by{' '}
                              {q.inEndorse.association.toUpperCase()}, number {q.inEndorse.number}
                            </>
                          ) : (
                            <>
                              {q.credential} (level {q.level}, {fieldLabels[q.field]}): {q.evidence}
                              <Form
                                action={`${base}/${encodeURIComponent(q.id)}/remove`}
                                label={`Remove ${q.credential} from ${r.name}`}
                                class="inline"
                              >
                                <Button kind="secondary">Remove {q.credential}</Button>
                              </Form>
                            </>
                          )}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span>None recorded: not suggested for any application</span>
                  )}
                </td>
                <td data-label="Reviews on hand">{r.load}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="empty">Nobody has the reviewer role in {association.name} yet.</p>
      )}
      {reviewers.length > 0 && (
        <section aria-labelledby="record-title">
          <h2 id="record-title">Record an endorsement a reviewer holds</h2>
          <ErrorSummary errors={props.form?.errors} />
          <Form action={base} label="Record an endorsement">
            <Select
              name="person"
              label="Reviewer"
              options={[
                { value: '', label: 'Choose a reviewer' },
                ...reviewers.map((r) => ({ value: r.id, label: `${r.name} (${r.email})` })),
              ]}
              form={props.form}
            />
            <Select
              name="credential"
              label="Endorsement held"
              options={[
                { value: '', label: 'Choose an endorsement' },
                ...props.credentials.map((c) => ({
                  value: c.id,
                  label: `${c.id}: ${c.name} (level ${c.level}, ${fieldLabels[c.field]})`,
                })),
              ]}
              form={props.form}
            />
            <Field
              name="evidence"
              label="How you know"
              hint="For example: endorsement number 1234, checked in the registry on 2026-10-01"
              form={props.form}
            />
            <Button>Record the endorsement</Button>
          </Form>
        </section>
      )}
    </>
  );
}

/** "Ada Reviewer: 1 review on hand, holds IMHM-C", with any warning. */
const suggestionText = (s: Suggestion) =>
  `${s.candidate.name}: ${loadText(s.candidate.load)}${s.qualifiedBy ? `, holds ${s.qualifiedBy.credential}` : ''}${
    s.warnings.length ? `. Warning: ${describeWarnings(s.candidate.name, s.warnings)}` : ''
  }`;

/** An application's reviewers: assigned ones with due dates, suggestions, and the forms to change them. */
export function ReviewersPanel(props: {
  panel: ReviewersPanelModel;
  association: AssociationRow;
  application: ApplicationRow;
  form?: FormBack | undefined;
}) {
  const { panel, association, application } = props;
  const base = applicationReviewersPath(association.slug, application.id);
  const errors = props.form?.errors;
  const chosen = props.form?.values.reviewer;
  const checked = Array.isArray(chosen) ? chosen : chosen ? [chosen] : [];
  const notSuggested = panel.ineligible.filter((s) => !s.refusals.includes('assigned'));
  return (
    <section class="reviewers" aria-labelledby="reviewers-title">
      <h2 id="reviewers-title">Reviewers</h2>
      <ErrorSummary errors={errors} />
      {panel.assigned.length ? (
        <table class="table-stack">
          <caption>Reviewers assigned to this application, and those who no longer are</caption>
          <thead>
            <tr>
              <th scope="col">Reviewer</th>
              <th scope="col">Status</th>
              <th scope="col">Assigned</th>
              <th scope="col">Review due</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {panel.assigned.map((a) => (
              <tr key={a.id}>
                <td data-label="Reviewer">{a.name}</td>
                <td data-label="Status">
                  {a.reviewed ? 'Review submitted' : (statusLabels[a.status] ?? a.status)}
                  {a.endReason ? `: ${a.endReason}` : ''}
                </td>
                <td data-label="Assigned">{a.assignedAt.slice(0, 10)}</td>
                <td data-label="Review due">{a.status === 'active' ? (a.dueOn ?? '—') : '—'}</td>
                <td data-label="Action">
                  {panel.may.assign && a.status === 'active' && !a.reviewed ? (
                    <Form
                      action={`${base}/${encodeURIComponent(a.id)}/remove`}
                      label={`Remove ${a.name}`}
                      class="inline"
                    >
                      <Button kind="secondary">Remove {a.name}</Button>
                    </Form>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No reviewer has been assigned yet.</p>
      )}
      {panel.may.assign ? (
        panel.eligible.length ? (
          <Form action={base} label="Assign reviewers">
            <Checkboxes
              name="reviewer"
              legend="Suggested reviewers, least loaded first: choose one or two"
              options={panel.eligible.map((s) => ({ value: s.candidate.userId, label: suggestionText(s) }))}
              checked={checked}
              error={errorOf(errors, 'reviewer')}
            />
            {panel.eligible.some((s) => s.warnings.length > 0) && (
              <Checkboxes
                name="anyway"
                legend="A warning is for you to judge"
                options={[
                  { value: 'yes', label: 'Assign anyway: I have judged the warning and it is no conflict' },
                ]}
                checked={valueOf(props.form?.values, 'anyway') === 'yes' ? ['yes'] : []}
                error={errorOf(errors, 'anyway')}
              />
            )}
            <Button>Assign</Button>
          </Form>
        ) : (
          <p>
            No reviewer of {association.name} is eligible for this application.{' '}
            <a href={reviewersPath(association.slug)}>Record the endorsements reviewers hold</a>.
          </p>
        )
      ) : (
        panel.eligible.length > 0 && (
          <>
            <h3>Eligible reviewers, least loaded first</h3>
            <ul>
              {panel.eligible.map((s) => (
                <li key={s.candidate.userId}>{suggestionText(s)}</li>
              ))}
            </ul>
          </>
        )
      )}
      {notSuggested.length > 0 && (
        <details>
          <summary>Reviewers not suggested, and why ({notSuggested.length})</summary>
          <ul>
            {notSuggested.map((s) => (
              <li key={s.candidate.userId}>{describeRefusals(s.candidate.name, s.refusals)}.</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

/** The application's reviewers panel on a page of its own (where its forms come back with errors). */
export function ApplicationReviewersPage(props: {
  association: AssociationRow;
  application: ApplicationRow;
  applicantName: string;
  panel: ReviewersPanelModel;
  form?: FormBack | undefined;
}) {
  const { association, application } = props;
  return (
    <>
      <p>
        <a
          href={`/associations/${encodeURIComponent(association.slug)}/applications/${encodeURIComponent(application.id)}`}
        >
          Back to {props.applicantName}'s {application.credential} application
        </a>
      </p>
      <h1>
        Reviewers of {props.applicantName}'s {application.credential} application
      </h1>
      <p>State: {applicationStateText(application.status)}</p>
      <ReviewersPanel
        panel={props.panel}
        association={association}
        application={application}
        form={props.form}
      />
    </>
  );
}

/** A reviewer's assignments: overdue first, then by due date, each with its review and a way to decline. */
export function MyReviewsPage(props: {
  assignments: readonly MyReviewAssignment[];
  /** The decline form that came back, by application id. */
  decline?: (FormBack & { applicationId: string }) | undefined;
}) {
  const { assignments, decline } = props;
  const idOf = (a: MyReviewAssignment) => `decline-${a.assignmentId}-`;
  const declined = assignments.find((a) => a.applicationId === decline?.applicationId);
  return (
    <>
      <h1>My reviews</h1>
      <ErrorSummary
        errors={decline?.errors.map((e) =>
          e.field === 'form' || !declined ? e : { ...e, field: `${idOf(declined)}${e.field}` },
        )}
      />
      {assignments.length ? (
        <table class="table-stack">
          <caption>Applications you are assigned to review, overdue first, then by due date</caption>
          <thead>
            <tr>
              <th scope="col">Applicant</th>
              <th scope="col">Credential</th>
              <th scope="col">Association</th>
              <th scope="col">State</th>
              <th scope="col">Assigned</th>
              <th scope="col">Due</th>
              <th scope="col">Decline</th>
            </tr>
          </thead>
          <tbody>
            {assignments.map((a) => {
              const back = decline?.applicationId === a.applicationId ? decline : undefined;
              return (
                <tr key={a.assignmentId}>
                  <td data-label="Applicant">
                    <a href={`/reviews/${encodeURIComponent(a.applicationId)}`}>{a.applicantName}</a>
                  </td>
                  <td data-label="Credential">
                    {a.credentialName} ({a.credential})
                  </td>
                  <td data-label="Association">{a.associationName}</td>
                  <td data-label="State">{applicationStateText(a.status)}</td>
                  <td data-label="Assigned">{a.assignedAt.slice(0, 10)}</td>
                  <td data-label="Due">
                    {a.overdue ? <strong>Overdue: was due {a.dueOn}</strong> : (a.dueOn ?? '—')}
                  </td>
                  <td data-label="Decline">
                    {!a.mayDecline ? (
                      'Not while the application is in this state'
                    ) : (
                      <Form
                        action={`/reviews/${encodeURIComponent(a.applicationId)}/decline`}
                        label={`Decline the review of ${a.applicantName}'s application`}
                      >
                        <Field
                          name="reason"
                          idPrefix={idOf(a)}
                          label="Why you decline (a conflict of interest, or why you cannot review it)"
                          value={valueOf(back?.values, 'reason')}
                          error={errorOf(back?.errors, 'reason')}
                        />
                        <Button kind="danger">Decline this review</Button>
                      </Form>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p class="empty">You have no reviews to do.</p>
      )}
    </>
  );
}
