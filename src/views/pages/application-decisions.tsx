// On the staff's application page: the reviews (coordinators see every one,
// drafts too, with who wrote it), the decisions taken, and the coordinator's
// forms: decide with a reason, resume an application on hold, start the
// review (again, once resubmitted). On the applicant's application page: what
// was asked and by when, resubmitting, withdrawing and the decision letter.
import {
  type ApplicationState,
  nextForApplicant,
  stateLabels,
  stepLabels,
  type TransitionName,
} from '../../domain/application-lifecycle.ts';
import { type EndorsementStatus, endorsementStatusLabels } from '../../domain/endorsement.ts';
import type { Letter } from '../../services/decisions.ts';
import type { GrantedEndorsement } from '../../services/endorsements.ts';
import type { StaffDecisions } from '../../services/review.ts';
import { ErrorSummary, type FieldError, Field, Form, type FormValues, Radios, When } from '../components.tsx';
import { ReviewSummary, TextArea } from './review.tsx';

const staffPath = (slug: string, id: string, action: string) =>
  `/associations/${encodeURIComponent(slug)}/applications/${encodeURIComponent(id)}/${action}`;

export function ApplicationDecisions(props: {
  decisions: StaffDecisions;
  association: { slug: string };
  application: { id: string };
  form?: { errors: FieldError[]; values: FormValues } | undefined;
}) {
  const d = props.decisions;
  const path = (action: string) => staffPath(props.association.slug, props.application.id, action);
  const form = {
    errors: props.form?.errors,
    values: props.form?.values ?? { responseDueOn: d.defaultResponseDue },
  };
  return (
    <section aria-labelledby="review-title">
      <h2 id="review-title">Review and decisions</h2>
      <ErrorSummary errors={props.form?.errors} />
      {d.reviews.length ? (
        d.reviews.map((r) => (
          <ReviewSummary
            key={r.id}
            title={`Round ${r.round}: review by ${r.reviewerName} (${r.status === 'submitted' ? 'submitted' : 'draft'})`}
            names={d.names}
            review={r}
          />
        ))
      ) : (
        <p>No review has been started yet.</p>
      )}
      {d.decisions.length ? (
        <table class="table-stack">
          <caption>Decisions, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Round</th>
              <th scope="col">Decision</th>
              <th scope="col">By</th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {d.decisions.map((x) => (
              <tr key={x.id}>
                <td data-label="When">
                  <When at={x.decidedAt} />
                </td>
                <td data-label="Round">{x.round}</td>
                <td data-label="Decision">
                  {stepLabels[x.step as TransitionName] ?? x.step}
                  {x.responseDueOn ? ` (response due ${x.responseDueOn})` : ''}
                </td>
                <td data-label="By">
                  {x.decidedAs === 'review' ? 'The reviewers' : (x.decidedByName ?? 'A coordinator')}
                </td>
                <td data-label="Reason">{x.toApplicant ?? x.reason ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No decision has been taken yet.</p>
      )}
      {d.may.startReview && (
        <Form action={path('start-review')} label="Start the review">
          <p>
            {d.reviewers} active {d.reviewers === 1 ? 'reviewer' : 'reviewers'}: each reviews the latest
            portfolio submitted.
          </p>
          <button type="submit" class="button primary">
            {stepLabels['start-review']}
          </button>
        </Form>
      )}
      {d.may.resume && (
        <Form action={path('resume')} label="Resume the review">
          <button type="submit" class="button primary">
            {stepLabels.resume}
          </button>
        </Form>
      )}
      {d.may.decide && (
        <Form action={path('decide')} label="Decide">
          <h3>Decide</h3>
          <Radios
            name="step"
            legend="Decision"
            options={d.decisionSteps.map((s) => ({ value: s, label: stepLabels[s] }))}
            form={form}
          />
          <TextArea
            name="reason"
            label="Reason"
            hint="Told to the applicant in the decision letter (for a request: what they are asked)."
            form={form}
          />
          <Field
            name="responseDueOn"
            label="A response is due on (when asking for more information)"
            type="date"
            form={form}
          />
          <button type="submit" class="button primary">
            Record the decision
          </button>
        </Form>
      )}
    </section>
  );
}

/** The applicant's part of their application page: what was asked, resubmitting, withdrawing, the letter. */
export function ApplicantDecisionPart(props: {
  application: { id: string; status: string };
  letter: (Letter & { decidedAt: string }) | undefined;
  request: { words: string[]; dueOn: string | null } | undefined;
  may: { resubmit: boolean; withdraw: boolean };
}) {
  const id = encodeURIComponent(props.application.id);
  return (
    <section aria-labelledby="decision-title">
      <h2 id="decision-title">Review and decision</h2>
      {props.request && (
        <div class="notice" role="note">
          <h3>More information is requested</h3>
          {props.request.words.map((w) => (
            <p key={w} class="comments">
              {w}
            </p>
          ))}
          {props.request.dueOn && <p>Please answer by {props.request.dueOn}.</p>}
          <p>Amend your portfolio as asked, then resubmit it.</p>
        </div>
      )}
      {props.letter && (
        <p>
          Decision: {props.letter.outcome}.{' '}
          <a href={`/applications/${id}/decision`}>Read the decision letter</a>.
        </p>
      )}
      {['awaiting-exam', 'exam-passed', 'exam-failed'].includes(props.application.status) && (
        <p>
          <a href={`/applications/${id}/exam`}>Your written examination</a>: your sitting, taking the exam,
          what follows.
        </p>
      )}
      {props.may.resubmit && (
        <Form action={`/applications/${id}/resubmit`} label="Resubmit">
          <button type="submit" class="button primary">
            Resubmit my amended portfolio
          </button>
        </Form>
      )}
      {props.may.withdraw && <WithdrawForm id={props.application.id} />}
    </section>
  );
}

export function WithdrawForm(props: { id: string; errors?: FieldError[] | undefined }) {
  return (
    <Form action={`/applications/${encodeURIComponent(props.id)}/withdraw`} label="Withdraw">
      <h3>Withdraw this application</h3>
      <ErrorSummary errors={props.errors} />
      <div class={props.errors?.length ? 'field field-error checkbox' : 'checkbox field'}>
        <input type="checkbox" id="confirm" name="confirm" value="yes" />
        <label for="confirm">I want to withdraw this application. This cannot be undone.</label>
      </div>
      <button type="submit" class="button danger">
        Withdraw
      </button>
    </Form>
  );
}

/** A form of the applicant's that came back: what is wrong, and the way back. */
export function ApplicantProblemPage(props: {
  title: string;
  application: { id: string };
  errors: FieldError[];
  withdraw?: boolean;
  items?: string[];
}) {
  return (
    <>
      <h1>{props.title}</h1>
      {props.withdraw ? (
        <WithdrawForm id={props.application.id} errors={props.errors} />
      ) : (
        <>
          <ErrorSummary errors={props.errors} />
          {props.items && (
            <ul>
              {props.items.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          )}
        </>
      )}
      <p>
        <a href={`/applications/${encodeURIComponent(props.application.id)}`}>Back to the application</a>
      </p>
    </>
  );
}

/** The decision letter: the outcome, the reasons in the reviewers' words, what happens next. */
export function DecisionLetterPage(props: {
  associationName: string;
  application: { id: string; credential: string; status: string };
  letter: (Letter & { decidedAt: string }) | undefined;
}) {
  const l = props.letter;
  if (!l)
    return (
      <>
        <p>
          <a href={`/applications/${encodeURIComponent(props.application.id)}`}>Back to the application</a>
        </p>
        <h1>No decision yet on your {props.application.credential} application</h1>
        <p>{nextForApplicant[props.application.status as ApplicationState] ?? ''}</p>
      </>
    );
  return (
    <>
      <p>
        <a href={`/applications/${encodeURIComponent(props.application.id)}`}>Back to the application</a>
      </p>
      <h1>
        Decision on your {props.application.credential} application to {props.associationName}
      </h1>
      <dl class="facts">
        <dt>Outcome</dt>
        <dd>{stateLabels[l.state]}</dd>
        <dt>Decided</dt>
        <dd>
          <When at={l.decidedAt} />
        </dd>
        {l.responseDueOn && (
          <>
            <dt>Answer by</dt>
            <dd>{l.responseDueOn}</dd>
          </>
        )}
      </dl>
      {l.words.length > 0 && (
        <section aria-labelledby="reasons-title">
          <h2 id="reasons-title">
            {l.state === 'more-information-requested' ? 'What you are asked' : 'The reasons'}
          </h2>
          {l.words.map((w) => (
            <p key={w} class="comments">
              {w}
            </p>
          ))}
        </section>
      )}
      <section aria-labelledby="next-title">
        <h2 id="next-title">What happens next</h2>
        <p>{l.next}</p>
      </section>
    </>
  );
}

/**
 * Granting the endorsement, on the staff's page (seed 002, step 10: "your
 * Endorsement may be finalized"). Refused, it lists what is still unmet.
 */
export function FinalizeSection(props: {
  association: { slug: string };
  application: { id: string; credential: string };
  /** Whether the application's state allows it now. */
  may: boolean;
  /** What the engine finds unmet on the portfolio as judged. */
  unmet: readonly string[];
  /** Why it was refused; `blocked`: because of the requirements unmet. */
  refused?: { errors: FieldError[]; blocked: boolean } | undefined;
}) {
  const refused = props.refused;
  const blocked = refused?.blocked && props.unmet.length > 0;
  // Known before anyone posts: the engine has judged the portfolio as submitted.
  const unmetBefore = !blocked && props.may && props.unmet.length > 0;
  return (
    <section aria-labelledby="finalize-title">
      <h2 id="finalize-title">Finalize the endorsement</h2>
      {blocked ? (
        <ErrorSummary
          errors={[
            {
              field: 'form',
              message: 'The endorsement was not finalized: not every requirement is met.',
            },
          ]}
        />
      ) : (
        <ErrorSummary errors={refused?.errors} />
      )}
      {(blocked || unmetBefore) && (
        <>
          <p id="finalize-unmet-title">
            {blocked
              ? 'Still unmet:'
              : 'Not every requirement is met on the portfolio as submitted: finalizing is refused until these are. Still unmet:'}
          </p>
          <ul aria-labelledby="finalize-unmet-title" class="unmet">
            {props.unmet.map((u) => (
              <li key={u}>{u}</li>
            ))}
          </ul>
        </>
      )}
      {props.may && (
        <>
          <p>
            {props.unmet.length === 0 &&
              'The portfolio is reviewed and, where the credential asks for one (Levels III and IV), the exam passed: the endorsement may be finalized. '}
            Endorse checks every requirement again on the portfolio as submitted before it grants the{' '}
            {props.application.credential} endorsement, gives it the association's next number and issues its
            certificate and verifiable credential.
          </p>
          <Form
            action={staffPath(props.association.slug, props.application.id, 'finalize')}
            label={stepLabels.finalize}
          >
            <button type="submit" class="button primary">
              {stepLabels.finalize}
            </button>
          </Form>
        </>
      )}
    </section>
  );
}

/** "Endorsed: …, number N, granted …", with where the endorsee finds it and anyone verifies it. */
export function EndorsedNote(props: {
  endorsement: GrantedEndorsement;
  /** The applicant's own page: their account page holds the certificate and the credential. */
  own?: boolean;
  /** The coordinators' page of the endorsement, for staff. */
  staffPage?: string | undefined;
}) {
  const e = props.endorsement;
  return (
    <section class="notice" aria-labelledby="endorsed-title">
      <h2 id="endorsed-title">
        Endorsed: {e.credentialName} ({e.credential}), number {e.number}, granted {e.grantedOn}
      </h2>
      {e.status !== 'active' && (
        <p>
          <strong>
            The endorsement is now{' '}
            {(endorsementStatusLabels[e.status as EndorsementStatus] ?? e.status).toLowerCase()}.
          </strong>
        </p>
      )}
      <ul>
        {props.own && (
          <li>
            Your certificate, letter and verifiable credential are on <a href="/account">your account page</a>
            .
          </li>
        )}
        {props.staffPage && (
          <li>
            <a href={props.staffPage}>Open the endorsement</a>: its details, history and actions.
          </li>
        )}
        <li>
          Anyone can verify it at{' '}
          <a class="address" href={e.verification}>
            {e.verification}
          </a>
          .
        </li>
      </ul>
    </section>
  );
}
