// Self-study: choose associations, answer a few questions (or import a
// portfolio JSON), and see which credentials fit and what is missing.
import type { ComponentChildren } from 'preact';
import { credentialIds, degreeLevels } from '../../engine/portfolio.ts';
import { degreeLabel } from '../../engine/labels.ts';
import type { AssociationFit, CredentialFit, RequirementFit } from '../../services/self-study.ts';
import {
  Button,
  describedBy,
  ErrorSummary,
  ErrorText,
  errorOf,
  type FieldError,
  Form,
  type FormValues,
  JsonFileOrText,
  valueOf,
} from '../components.tsx';

export interface SelfStudyAssociation {
  slug: string;
  name: string;
}

export interface SelfStudyPageProps {
  associations: readonly SelfStudyAssociation[];
  thisYear: number;
  signedIn: boolean;
  /** The questions form: values kept and errors. */
  values?: FormValues | undefined;
  errors?: FieldError[] | undefined;
  /** The import form. */
  importValues?: FormValues | undefined;
  importErrors?: FieldError[] | undefined;
  /** The results, with where they came from and the date they were judged on. */
  results?: { fits: AssociationFit[]; from: 'answers' | 'import'; on: string } | undefined;
}

const listOf = (values: FormValues | undefined, name: string): string[] => {
  const v = values?.[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

function Hint(props: { id: string; text: string | undefined }) {
  return props.text ? (
    <p class="hint" id={`${props.id}-hint`}>
      {props.text}
    </p>
  ) : null;
}

/** A number in a text field (decimal keyboard on phones); empty means 0. */
function NumberField(props: {
  name: string;
  label: string;
  hint?: string;
  values: FormValues | undefined;
  errors: FieldError[] | undefined;
  whole?: boolean;
  width?: string;
}) {
  const error = errorOf(props.errors, props.name);
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={props.name}>{props.label}</label>
      <Hint id={props.name} text={props.hint} />
      <ErrorText id={props.name} error={error} />
      <input
        id={props.name}
        name={props.name}
        type="text"
        class="number"
        inputMode={props.whole ? 'numeric' : 'decimal'}
        value={valueOf(props.values, props.name)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(props.name, !!props.hint, !!error)}
      />
    </div>
  );
}

/** Radio buttons or checkboxes sharing a name; the first input carries `id` so that the error summary can link to it. */
function Choices(props: {
  type: 'radio' | 'checkbox';
  id: string;
  name: string;
  legend: string;
  hint?: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  checked: readonly string[];
  error: string | undefined;
}) {
  return (
    <fieldset
      class={props.error ? 'field field-error' : 'field'}
      aria-describedby={describedBy(props.id, !!props.hint, !!props.error)}
    >
      <legend>{props.legend}</legend>
      <Hint id={props.id} text={props.hint} />
      <ErrorText id={props.id} error={props.error} />
      {props.options.map((o, i) => {
        const id = i === 0 ? props.id : `${props.id}-${o.value}`;
        return (
          <div class="checkbox" key={o.value}>
            <input
              type={props.type}
              id={id}
              name={props.name}
              value={o.value}
              checked={props.checked.includes(o.value)}
            />
            <label for={id}>{o.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

function Section(props: { title: string; children: ComponentChildren }) {
  return (
    <fieldset class="group">
      <legend>{props.title}</legend>
      {props.children}
    </fieldset>
  );
}

const providerOptions = [
  { value: 'none', label: 'Not endorsed, or I do not know' },
  ...credentialIds.map((id) => ({ value: id, label: `Endorsed as ${id}` })),
  { value: 'vetted', label: 'Vetted by the association as an RSC provider' },
];

function QuestionsForm(props: SelfStudyPageProps) {
  const { values, errors } = props;
  const v = (name: string, fallback: string) => valueOf(values, name) || fallback;
  const one = (name: string, fallback: string) => [v(name, fallback)];
  return (
    <Form action="/self-study" label="Self-study questions">
      <Choices
        type="checkbox"
        id="association"
        name="association"
        legend="Which association or associations would you apply to?"
        options={props.associations.map((a) => ({ value: a.slug, label: a.name }))}
        checked={listOf(values, 'association')}
        error={errorOf(errors, 'association')}
      />
      <Section title="Education">
        <div class={errorOf(errors, 'degree') ? 'field field-error' : 'field'}>
          <label for="degree">Your highest degree</label>
          <ErrorText id="degree" error={errorOf(errors, 'degree')} />
          <select
            id="degree"
            name="degree"
            aria-invalid={errorOf(errors, 'degree') ? 'true' : undefined}
            aria-describedby={errorOf(errors, 'degree') ? 'degree-error' : undefined}
          >
            {[['none', 'None yet'] as const, ...degreeLevels.map((l) => [l, degreeLabel[l]] as const)].map(
              ([value, label]) => (
                <option key={value} value={value} selected={v('degree', 'none') === value}>
                  {label.charAt(0).toUpperCase() + label.slice(1)}
                </option>
              ),
            )}
          </select>
        </div>
        <NumberField
          name="degreeYear"
          label="The year it was conferred"
          hint="Such as 2015. It is read as the start of that year."
          values={values}
          errors={errors}
          whole
        />
      </Section>
      <Section title="Work since your degree (paid, supervised, in full-time years)">
        <NumberField
          name="familyYears"
          label="Years of work in the infant, early childhood and family field"
          hint="All of it, including the infant mental health work below. Half-time for two years is 1."
          values={values}
          errors={errors}
        />
        <NumberField
          name="imhYears"
          label="Of those, years of relationship-based infant mental health work with infants or toddlers and their parents"
          hint="Services with both the infant (0–36 months) and the parent, on behalf of their relationship."
          values={values}
          errors={errors}
        />
      </Section>
      <Section title="In-service training">
        <NumberField name="trainingHours" label="Training hours in all" values={values} errors={errors} />
        <NumberField
          name="imhTrainingHours"
          label="Of those, hours specific to infant mental health (IMH)"
          hint="Count each hour once: under one topic at most."
          values={values}
          errors={errors}
        />
        <NumberField
          name="rscTrainingHours"
          label="Of those, hours about reflective supervision/consultation (RSC)"
          values={values}
          errors={errors}
        />
        <NumberField
          name="deiTrainingHours"
          label="Of those, hours on diversity, equity and inclusion (DEI)"
          values={values}
          errors={errors}
        />
      </Section>
      <Section title="Reflective supervision/consultation (RSC) you have received">
        <NumberField name="rscHours" label="RSC hours received" values={values} errors={errors} />
        <NumberField
          name="rscMonths"
          label="Over how many months (up to now)"
          hint="Such as 18. Most credentials ask for the hours within 12 to 24 months."
          values={values}
          errors={errors}
          whole
        />
        <div class={errorOf(errors, 'rscProvider') ? 'field field-error' : 'field'}>
          <label for="rscProvider">Your RSC provider's endorsement</label>
          <ErrorText id="rscProvider" error={errorOf(errors, 'rscProvider')} />
          <select
            id="rscProvider"
            name="rscProvider"
            aria-invalid={errorOf(errors, 'rscProvider') ? 'true' : undefined}
            aria-describedby={errorOf(errors, 'rscProvider') ? 'rscProvider-error' : undefined}
          >
            {providerOptions.map((o) => (
              <option key={o.value} value={o.value} selected={v('rscProvider', 'none') === o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      </Section>
      <Section title="RSC you provide to others">
        <Choices
          type="radio"
          id="providesRsc"
          name="providesRsc"
          legend="Do you provide reflective supervision/consultation to others?"
          options={[
            { value: 'no', label: 'No' },
            { value: 'yes', label: 'Yes' },
          ]}
          checked={one('providesRsc', 'no')}
          error={errorOf(errors, 'providesRsc')}
        />
        <NumberField
          name="providingRscYears"
          label="If so, for how many years (full-time)"
          values={values}
          errors={errors}
        />
        <NumberField
          name="rscAboutProvidingHours"
          label="And how many of the RSC hours you received were about the RSC you provide"
          values={values}
          errors={errors}
        />
      </Section>
      <Section title="Leadership">
        <NumberField
          name="leadershipYears"
          label="Years of leadership in the infant, young child and family field"
          values={values}
          errors={errors}
        />
        <Choices
          type="checkbox"
          id="leadershipKinds"
          name="leadershipKinds"
          legend="As what"
          options={[
            { value: 'practice-leader', label: 'Infant mental health supervisor, trainer or consultant' },
            { value: 'policy-leadership', label: 'Leader in policy or program administration' },
            { value: 'research-faculty', label: 'University teaching or published research' },
          ]}
          checked={listOf(values, 'leadershipKinds')}
          error={errorOf(errors, 'leadershipKinds')}
        />
      </Section>
      <Choices
        type="radio"
        id="membership"
        name="membership"
        legend="Are you a member of an infant mental health association?"
        options={[
          { value: 'none', label: 'No, not yet' },
          { value: 'chosen', label: 'Yes, of the association(s) I chose above' },
          { value: 'other', label: 'Yes, of another infant mental health association' },
        ]}
        checked={one('membership', 'none')}
        error={errorOf(errors, 'membership')}
      />
      <Button>See which credentials fit</Button>
    </Form>
  );
}

function ImportForm(props: SelfStudyPageProps) {
  const { importValues: values, importErrors: errors } = props;
  const all = (field: string) => (errors ?? []).filter((e) => e.field === field).map((e) => e.message);
  return (
    <Form action="/self-study/import" label="Import a portfolio" multipart>
      <Choices
        type="checkbox"
        id="import-association"
        name="import-association"
        legend="Which association or associations would you apply to?"
        options={props.associations.map((a) => ({ value: a.slug, label: a.name }))}
        checked={listOf(values, 'import-association')}
        error={errorOf(errors, 'import-association')}
      />
      <JsonFileOrText
        ids={{ file: 'import-file', text: 'import-json' }}
        fileLabel="A portfolio file (JSON)"
        fileHint={
          <>
            In the <code>endorse-portfolio/1</code> format, as Endorse exports it; up to 1 MB.
          </>
        }
        textLabel="Or paste it here"
        accept=".json,application/json"
        errors={{ file: all('import-file'), text: all('import-json') }}
        value={valueOf(values, 'json')}
      />
      <Button kind="secondary">Check this portfolio</Button>
    </Form>
  );
}

function Requirement(props: { r: RequirementFit }) {
  const { r } = props;
  return (
    <li class={r.status === 'met' ? 'req req-met' : 'req req-unmet'}>
      <strong>{r.status === 'met' ? 'Met' : 'Not met'}:</strong> {r.text}{' '}
      <span class="hint">({r.summary})</span>
      {r.status === 'unmet' && r.missing.length > 0 && (
        <ul>
          {r.missing.map((m, i) => (
            <li key={i}>Missing: {m}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

function Credential(props: { association: AssociationFit; c: CredentialFit; signedIn: boolean }) {
  const { c, association } = props;
  const later = c.later.filter((r) => r.status === 'unmet');
  return (
    <li class={c.fits ? 'fit fit-yes' : 'fit fit-no'}>
      <h4>
        {c.name} ({c.credential}, Level {c.level})
      </h4>
      <p>
        {c.fits ? (
          <>
            <strong>Fits.</strong> Everything you can show now is met.
          </>
        ) : (
          <>
            <strong>Not yet.</strong> {c.unmet === 1 ? '1 requirement is' : `${c.unmet} requirements are`} not
            met.
          </>
        )}
      </p>
      <ul>
        {c.now.map((r) => (
          <Requirement key={r.id} r={r} />
        ))}
      </ul>
      {later.length > 0 && (
        <p class="hint">Later, in the application: {later.map((r) => r.text).join(' ')}</p>
      )}
      {props.signedIn && (
        <Form action="/applications" class="inline" label={`Start a ${c.credential} application`}>
          <input type="hidden" name="association" value={association.association} />
          <input type="hidden" name="credential" value={c.credential} />
          <Button kind={c.fits ? 'primary' : 'secondary'}>
            Start an application for {c.credential}
            <span class="visually-hidden"> with {association.name}</span>
          </Button>
        </Form>
      )}
    </li>
  );
}

function Results(props: { results: NonNullable<SelfStudyPageProps['results']>; signedIn: boolean }) {
  const { results } = props;
  return (
    <section aria-labelledby="results-title" class="results">
      <h2 id="results-title">Which credentials fit</h2>
      <p>
        Judged on {results.on} from{' '}
        {results.from === 'answers' ? 'your answers' : 'the portfolio you imported'}, best fit first.
        References, the signed agreements and, where one is required, the written exam are not counted here:
        they come later, in the application.
      </p>
      {!props.signedIn && (
        <p>
          <a href="/sign-up">Create an account</a> or <a href="/sign-in?next=%2Fself-study">sign in</a> to
          start an application.
        </p>
      )}
      {results.fits.map((a) => (
        <section key={a.association} aria-label={a.name}>
          <h3>{a.name}</h3>
          {a.credentials.length ? (
            <ol class="fits">
              {a.credentials.map((c) => (
                <Credential key={c.credential} association={a} c={c} signedIn={props.signedIn} />
              ))}
            </ol>
          ) : (
            <p>This association has no credentials in Endorse yet.</p>
          )}
        </section>
      ))}
    </section>
  );
}

export function SelfStudyPage(props: SelfStudyPageProps) {
  return (
    <>
      <ErrorSummary errors={props.errors ?? props.importErrors} />
      <h1>Self-study: which credential fits you?</h1>
      <p>
        Answer a few questions about your degree, work, training and reflective supervision/consultation, or
        import a portfolio you already have, and see for every credential of the association whether it fits
        and what is still missing. This takes the place of the association's "Getting Started" self-study
        worksheet. Nothing you enter here is saved.
      </p>
      <p>
        References, the Code of Ethics and Endorsement Agreement, and the written exam (at Levels III and IV)
        come later, in the application itself.
      </p>
      {props.results && <Results results={props.results} signedIn={props.signedIn} />}
      <section aria-labelledby="questions-title">
        <h2 id="questions-title">Answer a few questions</h2>
        <QuestionsForm {...props} />
      </section>
      <section aria-labelledby="import-title">
        <h2 id="import-title">Or import a portfolio</h2>
        <ImportForm {...props} />
      </section>
    </>
  );
}
