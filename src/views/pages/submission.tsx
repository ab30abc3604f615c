// Submitting an application: what blocks it, the fees that become due, and,
// once submitted, the fees due with what has been paid.
import type { FeeDueWithPayments, ScheduledFee } from '../../db/repositories/fees.ts';
import type { EvaluationResult } from '../../engine/evaluate.ts';
import { feeKindLabels, formatMoney, stillDueCents } from '../../domain/fees.ts';
import type { SubmittedState } from '../../services/application-portfolio.ts';
import type { Blocker } from '../../services/submission.ts';
import { Checklist, checklistLinks, SubmittedStateText } from '../checklist.tsx';
import { ErrorSummary, type FieldError, Form, When } from '../components.tsx';

export interface SubmissionPageProps {
  application: { id: string; credential: string; status: string; submittedAt: string | null };
  association: { slug: string; name: string };
  credentialName: string;
  submitted: boolean;
  /** Where the application stands once submitted. */
  submittedState?: SubmittedState | undefined;
  canSubmit: boolean;
  on: string;
  /** The engine's judgement (of the portfolio as submitted, once it is). */
  result: EvaluationResult;
  blockers: Blocker[];
  afterReview: Blocker[];
  fee: ScheduledFee | undefined;
  feesDue: FeeDueWithPayments[];
  errors?: FieldError[] | undefined;
}

function RequirementItem(props: { r: Blocker }) {
  const { r } = props;
  return (
    <li>
      <strong>{r.text}</strong> <span class="hint">({r.summary})</span>
      {r.missing.length > 0 && (
        <ul>
          {r.missing.map((m, i) => (
            <li key={i}>Missing: {m}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** The fees due on an application with what has been paid or waived, as a table. */
export function FeesDueTable(props: {
  fees: FeeDueWithPayments[];
  caption: string;
  /** For the association's staff: who waived a fee. */
  showWho?: boolean;
}) {
  const { fees } = props;
  if (!fees.length) return null;
  const currency = fees[0]!.currency;
  const total = fees.reduce((s, f) => s + f.amountCents, 0);
  const paid = fees.reduce((s, f) => s + f.paidCents, 0);
  const due = fees.reduce((s, f) => s + stillDueCents(f), 0);
  return (
    <table class="table-stack">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Fee</th>
          <th scope="col">Amount</th>
          <th scope="col">Paid</th>
          <th scope="col">Still due</th>
        </tr>
      </thead>
      <tbody>
        {fees.map((f) => (
          <tr key={f.id}>
            <th scope="row">{feeKindLabels[f.kind] ?? f.kind}</th>
            <td data-label="Amount">{formatMoney(f.amountCents, f.currency)}</td>
            <td data-label="Paid">
              {formatMoney(f.paidCents, f.currency)}
              {f.payments.length > 0 && (
                <ul class="payments">
                  {f.payments.map((p) => (
                    <li key={p.id}>
                      {formatMoney(p.amountCents, f.currency)} by {p.method}, <When at={p.recordedAt} />
                      {p.recordedByName ? `, recorded by ${p.recordedByName}` : ''}
                      {p.note ? ` (${p.note})` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td data-label="Still due">
              {f.waivedAt ? (
                <>
                  <strong>Waived</strong> on <When at={f.waivedAt} />
                  {props.showWho && f.waivedByName ? ` by ${f.waivedByName}` : ''}
                  {f.waiveReason ? `: ${f.waiveReason}` : ''}
                </>
              ) : (
                formatMoney(stillDueCents(f), f.currency)
              )}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">Total</th>
          <td data-label="Amount">{formatMoney(total, currency)}</td>
          <td data-label="Paid">{formatMoney(paid, currency)}</td>
          <td data-label="Still due">{formatMoney(due, currency)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

function FeesToCome(props: { fee: ScheduledFee | undefined; association: string; credential: string }) {
  const { fee } = props;
  if (!fee)
    return (
      <p>
        {props.association} has no fee schedule for {props.credential} in Endorse, so no fees will be recorded
        when you submit. The association will tell you about any fees.
      </p>
    );
  const parts = [
    fee.applicationCents > 0
      ? `the application fee of ${formatMoney(fee.applicationCents, fee.currency)}`
      : '',
    fee.processingCents > 0 ? `the processing fee of ${formatMoney(fee.processingCents, fee.currency)}` : '',
  ].filter(Boolean);
  if (!parts.length) return <p>No fees are due for this credential.</p>;
  return (
    <p>
      When you submit, {parts.join(' and ')} become due (
      {formatMoney(fee.applicationCents + fee.processingCents, fee.currency)} in all). {props.association}{' '}
      will tell you how to pay.
    </p>
  );
}

export function SubmissionPage(props: SubmissionPageProps) {
  const a = props.application;
  return (
    <>
      <ErrorSummary errors={props.errors} />
      <p>
        <a href="/applications">My applications</a>
      </p>
      <h1>Submit your {a.credential} application</h1>
      <p>
        {props.credentialName} with {props.association.name}.
      </p>
      {props.submitted ? (
        <>
          <p>
            <strong>
              {props.submittedState ? (
                <SubmittedStateText submitted={props.submittedState} />
              ) : (
                <>
                  Submitted on <When at={a.submittedAt} />
                </>
              )}
            </strong>
            . The portfolio you submitted is kept as it was: changes you make to your entries from now on do
            not change it.
          </p>
          <h2>Fees</h2>
          {props.feesDue.length ? (
            <FeesDueTable fees={props.feesDue} caption="Fees due on this application" />
          ) : (
            <p>No fees were recorded for this application.</p>
          )}
        </>
      ) : (
        <>
          {props.blockers.length ? (
            <section aria-labelledby="blockers-title">
              <h2 id="blockers-title">What stops you from submitting</h2>
              <p>
                You can submit once every requirement you can meet before review is met. As of {props.on},{' '}
                {props.blockers.length === 1 ? 'this one is' : `these ${props.blockers.length} are`} not:
              </p>
              <ol>
                {props.blockers.map((r) => (
                  <RequirementItem key={r.id} r={r} />
                ))}
              </ol>
            </section>
          ) : (
            <p>
              <strong>Ready to submit.</strong> Every requirement you can meet before review is met (as of{' '}
              {props.on}).
            </p>
          )}
          {props.afterReview.length > 0 && (
            <p>The written examination comes after review: it does not stop you from submitting.</p>
          )}
          <h2>Fees</h2>
          <FeesToCome fee={props.fee} association={props.association.name} credential={a.credential} />
          <Form action={`/applications/${encodeURIComponent(a.id)}/submit`} label="Submit the application">
            <p class="hint" id="submit-hint">
              Once submitted, your portfolio is kept as it is now for the reviewers, and the application
              cannot be submitted again.
            </p>
            <button
              type="submit"
              class="button primary"
              disabled={!props.canSubmit}
              aria-describedby={props.canSubmit ? 'submit-hint' : 'blockers-title'}
            >
              Submit application
            </button>
          </Form>
        </>
      )}
      <Checklist
        result={props.result}
        title={`${a.credential} with ${props.association.name}${props.submitted ? ', as submitted' : ''}`}
        submitted={props.submittedState}
        {...(props.submitted
          ? {}
          : {
              links: checklistLinks(a.id, {
                references: {
                  href: `/applications/${encodeURIComponent(a.id)}/references`,
                  label: 'Ask for references',
                },
              }),
            })}
      />
    </>
  );
}
