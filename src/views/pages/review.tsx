// The reviewer's page: the review form beside the frozen snapshot. For every
// requirement the engine's verdict first, to confirm or dispute; the clauses
// the engine cannot check and the competency domains (Mentor levels), marked
// met / not met / not clear; the references' ratings with the raters'
// e-mails; what changed since the reviewer's last round; another reviewer's
// review once it may be seen; the recommendation.
import type { ComponentChildren } from 'preact';

import type { Recommendation } from '../../domain/review-outcome.ts';
import type { Findings, ReviewPageModel } from '../../services/review.ts';
import type { PortfolioChange } from '../../services/application-portfolio.ts';
import type { EntryView, SectionDef } from '../../services/portfolio.ts';
import { applicationStateText } from '../checklist.tsx';
import {
  ErrorSummary,
  type FieldError,
  Field,
  Form,
  type FormState,
  type FormValues,
  Radios,
  valueOf,
  When,
} from '../components.tsx';
import { ChangesTable, PortfolioSections } from './application-staff.tsx';

export const recommendationLabels: Record<Recommendation, string> = {
  approve: 'Approve',
  'request-information': 'Ask the applicant for more information',
  defer: 'Defer',
  hold: 'Put on hold',
};
export const markLabels: Record<string, string> = {
  met: 'Met',
  'not-met': 'Not met',
  'not-clear': 'Not clear',
};
const verdictLabels: Record<string, string> = {
  confirmed: 'I confirm the automatic check',
  disputed: 'I dispute it',
};

/** A multi-line text field with its label, hint and error. */
export function TextArea(props: {
  name: string;
  /** The control's id when a page has several forms with the same field names (default: the name). */
  id?: string;
  label: ComponentChildren;
  hint?: string;
  form?: FormState;
  value?: string;
  rows?: number;
}) {
  const id = props.id ?? props.name;
  const error = props.form?.errors?.find((e) => e.field === id)?.message;
  const value = props.value ?? valueOf(props.form?.values, props.name);
  const described = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={described || undefined}
      >
        {value}
      </textarea>
    </div>
  );
}

/** The form's values from a saved review (what a draft shows again). */
export function reviewValues(review: ReviewPageModel['review'], defaultDue: string): FormValues {
  const values: FormValues = {
    recommendation: review?.recommendation ?? '',
    toApplicant: review?.toApplicant ?? '',
    toStaff: review?.toStaff ?? '',
    responseDueOn: review?.findings.responseDueOn ?? defaultDue,
    beforeApplyingAgain: review?.findings.beforeApplyingAgain ?? '',
  };
  const f = review?.findings;
  for (const [id, x] of Object.entries(f?.requirements ?? {})) {
    values[`req.${id}.verdict`] = x.verdict ?? '';
    values[`req.${id}.comment`] = x.comment;
  }
  for (const [list, items] of [
    ['clause', f?.clauses],
    ['domain', f?.domains],
  ] as const)
    for (const [key, x] of Object.entries(items ?? {})) {
      values[`${list}.${key}.mark`] = x.mark ?? '';
      values[`${list}.${key}.comment`] = x.comment;
    }
  return values;
}

function Changes(props: { round: number; list: PortfolioChange[] }) {
  return (
    <section aria-labelledby="changes-title">
      <h2 id="changes-title">What changed since your review of round {props.round}</h2>
      {props.list.length ? (
        <ChangesTable
          changes={props.list}
          caption="Entries only in the earlier portfolio, and only in this one"
          then="Then"
        />
      ) : (
        <p>Nothing changed in the portfolio since then.</p>
      )}
    </section>
  );
}

/** A submitted review, read only (one's own, or another reviewer's once it may be seen). */
export function ReviewSummary(props: {
  title: string;
  /** What each finding is about, in words (by `req.<id>`, `clause.<n>`, `domain.<id>`). */
  names: Record<string, string>;
  review: {
    recommendation: string | null;
    toApplicant: string | null;
    toStaff: string | null;
    findings: Findings;
    submittedAt: string | null;
  };
}) {
  const r = props.review;
  const name = (key: string) => props.names[key] ?? key;
  const judged = [
    ...Object.entries(r.findings.requirements)
      .filter(([, x]) => x.verdict === 'disputed')
      .map(([id, x]) => `Disputed: ${name(`req.${id}`)} — ${x.comment}`),
    ...(['clause', 'domain'] as const).flatMap((list) =>
      Object.entries(list === 'clause' ? r.findings.clauses : r.findings.domains)
        .filter(([, x]) => x.mark && x.mark !== 'met')
        .map(([key, x]) => `${markLabels[x.mark!]}: ${name(`${list}.${key}`)} — ${x.comment}`),
    ),
  ];
  return (
    <section class="review-summary" aria-label={props.title}>
      <h3>{props.title}</h3>
      <dl class="facts">
        <dt>Recommendation</dt>
        <dd>{r.recommendation ? (recommendationLabels as Record<string, string>)[r.recommendation] : '—'}</dd>
        <dt>Submitted</dt>
        <dd>
          <When at={r.submittedAt} />
        </dd>
        <dt>For the applicant</dt>
        <dd class="comments">{r.toApplicant ?? '—'}</dd>
        {r.findings.responseDueOn && r.recommendation === 'request-information' && (
          <>
            <dt>Response due</dt>
            <dd>{r.findings.responseDueOn}</dd>
          </>
        )}
        {r.findings.beforeApplyingAgain && (
          <>
            <dt>Before applying again</dt>
            <dd>{r.findings.beforeApplyingAgain}</dd>
          </>
        )}
        <dt>For the association</dt>
        <dd class="comments">{r.toStaff ?? '—'}</dd>
      </dl>
      {judged.length > 0 && (
        <ul>
          {judged.map((j) => (
            <li key={j}>{j}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Judgement(props: {
  list: 'clause' | 'domain';
  item: { key: string; name: string };
  form: FormState;
}) {
  const base = `${props.list}.${props.item.key}`;
  return (
    <div class="finding">
      <Radios
        name={`${base}.mark`}
        legend={props.item.name}
        options={Object.entries(markLabels).map(([value, label]) => ({ value, label }))}
        inline
        form={props.form}
      />
      <TextArea name={`${base}.comment`} label="Comment" form={props.form} rows={2} />
    </div>
  );
}

export function ReviewPage(props: {
  page: ReviewPageModel;
  sections: ReadonlyArray<{ def: SectionDef; entries: EntryView[] }>;
  errors?: FieldError[] | undefined;
  values?: FormValues | undefined;
}) {
  const { page } = props;
  const a = page.application;
  const form: FormState = {
    values: props.values ?? reviewValues(page.review, page.defaultResponseDue),
    errors: props.errors,
  };
  const submitted = page.review?.status === 'submitted';
  return (
    <>
      <p>
        <a href="/reviews">All my reviews</a>
      </p>
      <h1>
        Review: {a.credential} application to {page.association.name}
      </h1>
      <dl class="facts">
        <dt>Credential</dt>
        <dd>
          {page.credentialName} ({a.credential})
        </dd>
        <dt>State</dt>
        <dd>{applicationStateText(a.status)}</dd>
        <dt>Round</dt>
        <dd>{a.round}</dd>
        <dt>Submitted</dt>
        <dd>
          <When at={page.submittedOn} />
        </dd>
        <dt>Your review is due</dt>
        <dd>{page.assignment.dueOn ?? '—'}</dd>
        <dt>Your review</dt>
        <dd>{submitted ? 'Submitted' : page.review ? 'Draft saved' : 'Not started'}</dd>
      </dl>
      <ErrorSummary errors={props.errors} />

      {page.changes && <Changes round={page.changes.round} list={page.changes.list} />}

      {page.others.length > 0 && (
        <section aria-labelledby="others-title">
          <h2 id="others-title">The other {page.others.length === 1 ? 'review' : 'reviews'}</h2>
          {page.others.map((o, i) => (
            <ReviewSummary key={i} title={`Review by ${o.reviewerName}`} names={page.names} review={o} />
          ))}
        </section>
      )}

      {/* At a wide screen the review and the evidence it judges sit side by side. */}
      <div class="review-layout">
        <div class="review-work">
          {submitted || !page.may.save ? (
            <section aria-labelledby="mine-title">
              <h2 id="mine-title">{submitted ? 'Your review, as submitted' : 'Your review'}</h2>
              {!page.may.save && (
                <p>
                  The application is {applicationStateText(a.status)}, not in review: there is nothing to
                  review now.
                </p>
              )}
              {page.review && (
                <ReviewSummary
                  title="Your review"
                  names={page.names}
                  review={{
                    ...page.review,
                    toApplicant: page.review.toApplicant || null,
                    toStaff: page.review.toStaff || null,
                  }}
                />
              )}
            </section>
          ) : (
            <Form action={`/reviews/${encodeURIComponent(a.id)}`} label="Your review">
              <section aria-labelledby="requirements-title">
                <h2 id="requirements-title">Requirements: the automatic check, confirmed or disputed</h2>
                {page.requirements.map((r) => (
                  <div class="finding" key={r.id} id={`finding-${r.id}`}>
                    <Radios
                      name={`req.${r.id}.verdict`}
                      legend={
                        <>
                          {r.text}{' '}
                          <span class="auto-check">
                            (auto-checked: {r.summary}, {r.status === 'met' ? 'met' : 'not met'})
                          </span>
                        </>
                      }
                      options={Object.entries(verdictLabels).map(([value, label]) => ({ value, label }))}
                      inline
                      form={form}
                    />
                    <TextArea
                      name={`req.${r.id}.comment`}
                      label="Comment"
                      hint="Needed when you dispute the check"
                      form={form}
                      rows={2}
                    />
                  </div>
                ))}
              </section>
              {page.clauses.length > 0 && (
                <section aria-labelledby="clauses-title">
                  <h2 id="clauses-title">What the automatic check cannot judge</h2>
                  {page.clauses.map((c) => (
                    <Judgement key={c.key} list="clause" item={{ key: c.key, name: c.text }} form={form} />
                  ))}
                </section>
              )}
              {page.domains.length > 0 && (
                <section aria-labelledby="domains-title">
                  <h2 id="domains-title">Competency domains</h2>
                  {page.domains.map((d) => (
                    <Judgement key={d.key} list="domain" item={d} form={form} />
                  ))}
                </section>
              )}
              <section aria-labelledby="recommendation-title">
                <h2 id="recommendation-title">Your recommendation</h2>
                <Radios
                  name="recommendation"
                  legend="Recommendation"
                  options={Object.entries(recommendationLabels).map(([value, label]) => ({ value, label }))}
                  form={form}
                />
                <TextArea
                  name="toApplicant"
                  label="For the applicant"
                  hint="What you ask for, or the reasons. Sent to the applicant in these words, without your name."
                  form={form}
                />
                <Field
                  name="responseDueOn"
                  label="A response is due on (when asking for more information)"
                  type="date"
                  form={form}
                />
                <TextArea
                  name="beforeApplyingAgain"
                  label="What to do before applying again (when deferring)"
                  form={form}
                />
                <TextArea name="toStaff" label="For the association only" form={form} />
              </section>
              <p class="actions">
                <button type="submit" class="button secondary" name="action" value="save">
                  Save the draft
                </button>{' '}
                {page.may.submit && (
                  <button type="submit" class="button primary" name="action" value="submit">
                    Submit the review
                  </button>
                )}
              </p>
            </Form>
          )}
        </div>
        <div class="review-evidence">
          <section aria-labelledby="ratings-title">
            <h2 id="ratings-title">Reference ratings ({page.ratings.length})</h2>
            {page.ratings.length ? (
              <table class="table-stack">
                <caption>Ratings received, with each rater's e-mail</caption>
                <thead>
                  <tr>
                    <th scope="col">Rater</th>
                    <th scope="col">E-mail</th>
                    <th scope="col">Relationship</th>
                    <th scope="col">Counts</th>
                    <th scope="col">Ratings</th>
                  </tr>
                </thead>
                <tbody>
                  {page.ratings.map((r) => (
                    <tr key={r.id}>
                      <td data-label="Rater">{r.raterName}</td>
                      <td data-label="E-mail">{r.raterEmail}</td>
                      <td data-label="Relationship">{r.relationship}</td>
                      <td data-label="Counts">{r.rating?.counts ? 'Yes' : 'No'}</td>
                      <td data-label="Ratings">
                        {r.rating?.ratings.length
                          ? r.rating.ratings
                              .map((x) => `${x.number}. ${x.name}: ${x.rating ?? 'not enough information'}`)
                              .join('; ')
                          : '—'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p class="empty">None.</p>
            )}
            <p>
              <a
                href={`/associations/${encodeURIComponent(page.association.slug)}/applications/${encodeURIComponent(a.id)}/references`}
              >
                Read every rating in full
              </a>
            </p>
          </section>

          <section aria-labelledby="sections-title">
            <h2 id="sections-title">The portfolio as submitted (round {a.round})</h2>
            <PortfolioSections sections={props.sections} level={3} />
          </section>
        </div>
      </div>
    </>
  );
}
