// The rater's pages (no account): the rating form behind a single-use link,
// and what the link says once it is used, expired, revoked or unknown.
import { credentialNames } from '../../catalogs/shared.ts';
import { credentialIds } from '../../engine/portfolio.ts';
import { longDate, raterRoleText, ratingScale } from '../../domain/references.ts';
import type { ReferenceLink } from '../../services/references.ts';
import {
  Button,
  Checkboxes,
  ErrorSummary,
  errorOf,
  Field,
  type FieldError,
  Form,
  type FormValues,
  valueOf,
  Radios,
} from '../components.tsx';

type OpenLink = Extract<ReferenceLink, { state: 'open' }>;

const checkedOf = (values: FormValues | undefined, field: string): string[] => {
  const v = values?.[field];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

export function RatingFormPage(props: {
  link: OpenLink;
  action: string;
  errors?: FieldError[];
  values?: FormValues;
}) {
  const { link, errors, values } = props;
  const who = link.applicantName;
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Reference rating for {who}</h1>
      <p>
        Dear {link.raterName}: {who} is applying to {link.association.name} for the {link.credential}{' '}
        endorsement and has named you as {raterRoleText[link.relationship]}. Your answers go to the
        association’s reviewers.{' '}
        {link.waived
          ? `${who} has waived the right to see your rating.`
          : `${who} has not waived the right to see your rating.`}
      </p>
      <p class="hint">
        This link works once, until {longDate(link.expiresAt)}. No account is needed. Check your answers
        before you send them: they cannot be changed afterwards.
      </p>
      <Form action={props.action} label={`Reference rating for ${who}`}>
        <h2>About you</h2>
        <Checkboxes
          name="endorsements"
          legend="Your own endorsements, if any (leave all unticked if you hold none)"
          options={credentialIds.map((c) => ({ value: c, label: `${c}: ${credentialNames[c]}` }))}
          checked={checkedOf(values, 'endorsements')}
          error={errorOf(errors, 'endorsements')}
        />
        <div class="field">
          <div class="checkbox">
            <input
              type="checkbox"
              id="vetted"
              name="vetted"
              value="yes"
              checked={valueOf(values, 'vetted') === 'yes'}
            />
            <label for="vetted">
              I have been vetted by {link.association.name} to provide reflective supervision/consultation or
              to rate applicants
            </label>
          </div>
        </div>

        <h2>How you know {who}</h2>
        <fieldset
          class={
            errorOf(errors, 'knownYears') || errorOf(errors, 'knownMonths') ? 'field field-error' : 'field'
          }
        >
          <legend>How long have you known {who}?</legend>
          <Field name="knownYears" label="Years" form={{ values, errors }} />
          <Field name="knownMonths" label="Months" hint="0 to 11" form={{ values, errors }} />
        </fieldset>
        <Field
          name="role"
          label={`In what role do you know ${who}?`}
          hint="For example: I have been their program supervisor at Family Center."
          form={{ values, errors }}
        />
        <Radios
          name="current"
          legend={`Do you know ${who} in this role now?`}
          options={[
            { value: 'yes', label: 'Yes, this is a current relationship' },
            { value: 'no', label: 'No, it has ended' },
          ]}
          form={{ values, errors }}
        />

        <h2>Rating on the competency domains</h2>
        <p>
          Rate {who} on each domain: 1 not yet demonstrated, 2 demonstrated sometimes, 3 demonstrated
          consistently, 4 demonstrated exceptionally. Choose “Not enough information” where you have not seen
          enough of their work to say. A rating with six or more “Not enough information” answers does not
          count
          {link.waived ? '.' : <>, and {who} will be asked to find another rater.</>}
        </p>
        {link.domains.map((d) => (
          <Radios
            key={d.id}
            name={`rating-${d.id}`}
            legend={`${d.number}. ${d.name}`}
            options={ratingScale}
            value={valueOf(values, `rating-${d.id}`)}
            error={errorOf(errors, `rating-${d.id}`)}
            inline
          />
        ))}

        <h2>Comments</h2>
        <div class={errorOf(errors, 'comments') ? 'field field-error' : 'field'}>
          <label for="comments">Anything else the reviewers should know (optional)</label>
          {errorOf(errors, 'comments') && (
            <p class="error-message" id="comments-error">
              <span class="visually-hidden">Error: </span>
              {errorOf(errors, 'comments')}
            </p>
          )}
          <textarea
            id="comments"
            name="comments"
            rows={6}
            aria-invalid={errorOf(errors, 'comments') ? 'true' : undefined}
            aria-describedby={errorOf(errors, 'comments') ? 'comments-error' : undefined}
          >
            {valueOf(values, 'comments')}
          </textarea>
        </div>
        <Button>Send my rating</Button>
      </Form>
    </>
  );
}

/** What a link that cannot be answered says. */
export function LinkMessagePage(props: { link: Exclude<ReferenceLink, { state: 'open' }> }) {
  const link = props.link;
  switch (link.state) {
    case 'expired':
      return (
        <>
          <h1>This link has expired</h1>
          <p>
            This link expired on {longDate(link.expiredAt)}; ask the applicant, {link.applicantName}, to send
            a new one.
          </p>
        </>
      );
    case 'revoked':
      return (
        <>
          <h1>This request was withdrawn</h1>
          <p>
            {link.applicantName} has withdrawn this request for a reference, so the link no longer works. You
            do not need to do anything; if you think this is a mistake, ask {link.applicantName}.
          </p>
        </>
      );
    case 'used':
      return (
        <>
          <h1>This link has already been used</h1>
          <p>
            A rating was sent with this link on {longDate(link.submittedAt)}, and each link works only once.
            Thank you.
          </p>
        </>
      );
    case 'unknown':
      return (
        <>
          <h1>This link does not work</h1>
          <p>
            The link may have been replaced by a newer one: use the link in the most recent e-mail from
            Endorse, or ask the applicant to send a new one.
          </p>
        </>
      );
  }
}
