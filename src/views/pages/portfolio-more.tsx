// The portfolio's other pages: agreements to sign, competency coverage,
// import (with the preview shown before anything changes) and, for an
// application, its page with the live checklist and the read-only portfolio
// staff see.
import { ApplicantDecisionPart, EndorsedNote } from './application-decisions.tsx';
import { ApplicantExamSection } from './exam-sittings.tsx';
import type { ApplicantExamSummary } from '../../services/exam-sitting-pages.ts';
import type { GrantedEndorsement } from '../../services/endorsements.ts';
import type {
  AgreementStatus,
  DomainCoverage,
  EntryView,
  FieldChange,
  ImportItem,
  ImportPlan,
  SectionDef,
} from '../../services/portfolio.ts';
import type { ComponentChildren } from 'preact';
import { applicationStateText, StatusBadge } from '../checklist.tsx';
import {
  Button,
  ErrorSummary,
  errorOf,
  Field,
  type FieldError,
  Form,
  type FormValues,
  valueOf,
  When,
} from '../components.tsx';
import { AsSubmittedNote, PortfolioSections } from './application-staff.tsx';
import type { PortfolioChange, SubmittedState } from '../../services/application-portfolio.ts';
import {
  type ChecklistView,
  ChecklistOrProblem,
  describeEntry,
  FileInput,
  HiddenApplication,
  PortfolioFrame,
  TextArea,
  UploadForm,
  withApplication,
} from './portfolio-parts.tsx';

// ---------------------------------------------------------------------------
// Agreements.

export interface AgreementsOfAssociation {
  association: { slug: string; name: string };
  agreements: AgreementStatus[];
}

/** The id of the typed-name field of one agreement's form (several forms share the page). */
export const typedNameField = (slug: string, kind: string) => `${slug}-${kind}-typedName`;

export function AgreementsPage(props: {
  person: { name: string };
  associations: AgreementsOfAssociation[];
  checklist: ChecklistView;
  errors?: FieldError[] | undefined;
  values?: FormValues | undefined;
}) {
  const appId = props.checklist.chosen?.id;
  return (
    <PortfolioFrame current="/portfolio/agreements" checklist={props.checklist}>
      <ErrorSummary errors={props.errors} />
      <h1>Agreements</h1>
      <p>
        Each association asks you to read and sign its Code of Ethics and its Endorsement Agreement. Sign by
        typing your name as it is on your account: <strong>{props.person.name}</strong>. Endorse keeps the
        date and the version of the text you signed.
      </p>
      {!props.associations.length && (
        <p>
          You sign the agreements of the association you apply to.{' '}
          <a href="/applications">Start an application</a> first.
        </p>
      )}
      {props.associations.map(({ association, agreements }) => (
        <section key={association.slug} aria-labelledby={`agreements-${association.slug}`}>
          <h2 id={`agreements-${association.slug}`}>{association.name}</h2>
          {agreements.map((a) => {
            const fieldId = typedNameField(association.slug, a.kind);
            const headingId = `${association.slug}-${a.kind}`;
            const signedCurrent = a.signed?.current;
            return (
              <section key={a.kind} class="agreement" aria-labelledby={headingId}>
                <h3 id={headingId}>{a.title}</h3>
                <p class="hint">Version {a.version}</p>
                <div class="agreement-text">
                  {a.paragraphs.map((p, i) => (
                    <p key={i}>{p}</p>
                  ))}
                </div>
                {a.signed ? (
                  <p class="agreement-status">
                    <StatusBadge status={signedCurrent ? 'met' : 'unmet'} />{' '}
                    {signedCurrent ? (
                      <>
                        Signed as “{a.signed.typedName}” on <When at={a.signed.at} /> (version{' '}
                        {a.signed.version}
                        ).
                      </>
                    ) : (
                      <>
                        You signed version {a.signed.version} on <When at={a.signed.at} />; the text has
                        changed since. Read it and sign the current version.
                      </>
                    )}
                  </p>
                ) : (
                  <p class="agreement-status">
                    <StatusBadge status="unmet" /> Not signed yet.
                  </p>
                )}
                {!signedCurrent && (
                  <Form action="/portfolio/agreements" label={`Sign the ${a.title}`}>
                    <HiddenApplication id={appId} />
                    <input type="hidden" name="association" value={association.slug} />
                    <input type="hidden" name="kind" value={a.kind} />
                    <Field
                      name="typedName"
                      idPrefix={`${association.slug}-${a.kind}-`}
                      label="Type your full name to sign"
                      autocomplete="name"
                      value={
                        valueOf(props.values, 'association') === association.slug &&
                        valueOf(props.values, 'kind') === a.kind
                          ? valueOf(props.values, 'typedName')
                          : ''
                      }
                      error={errorOf(props.errors, fieldId)}
                    />
                    <Button>Sign the {a.title}</Button>
                  </Form>
                )}
              </section>
            );
          })}
        </section>
      ))}
    </PortfolioFrame>
  );
}

// ---------------------------------------------------------------------------
// Competency coverage.

export function CompetenciesPage(props: {
  association: { slug: string; name: string };
  associations: ReadonlyArray<{ slug: string; name: string }>;
  coverage: DomainCoverage[];
  covered: number;
  trainingCount: number;
  unmapped: number;
  unknownDomains: string[];
  checklist: ChecklistView;
}) {
  const appId = props.checklist.chosen?.id;
  return (
    <PortfolioFrame current="/portfolio/competencies" checklist={props.checklist}>
      <h1>Competency coverage: {props.association.name}</h1>
      <p>
        The competency domains that {props.association.name} uses, and the in-service training you mapped to
        each. Map a training to the domains it covered when you{' '}
        <a href={withApplication('/portfolio/training', appId)}>add or edit it</a>.
      </p>
      <form method="get" action="/portfolio/competencies" class="choose-application">
        {appId && <input type="hidden" name="application" value={appId} />}
        <label for="association">Association</label>
        <select id="association" name="association">
          {props.associations.map((a) => (
            <option key={a.slug} value={a.slug} selected={a.slug === props.association.slug}>
              {a.name}
            </option>
          ))}
        </select>
        <button type="submit" class="button secondary">
          Show
        </button>
      </form>
      {props.coverage.length ? (
        <>
          <p class="coverage-summary">
            {props.covered} of {props.coverage.length} domains have training mapped to them.{' '}
            {props.unmapped > 0 &&
              `${props.unmapped} of your ${props.trainingCount} trainings ${props.unmapped === 1 ? 'is' : 'are'} not mapped to any domain.`}
          </p>
          <table class="coverage table-stack">
            <caption>Competency domains and the training mapped to them</caption>
            <thead>
              <tr>
                <th scope="col">Domain</th>
                <th scope="col">Evidence</th>
                <th scope="col">Trainings</th>
                <th scope="col">Hours</th>
              </tr>
            </thead>
            <tbody>
              {props.coverage.map((c) => (
                <tr key={c.domain.id} id={`domain-${c.domain.id}`}>
                  <th scope="row">
                    {c.domain.number}. {c.domain.name}
                  </th>
                  <td data-label="Evidence">
                    {c.evidence.length ? (
                      <ul>
                        {c.evidence.map((e) => (
                          <li key={e.id}>
                            {e.title} ({e.date}, {e.hours} h)
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <span class="none-yet">None yet</span>
                    )}
                  </td>
                  <td data-label="Trainings">{c.evidence.length}</td>
                  <td data-label="Hours">{c.hours}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {props.unknownDomains.length > 0 && (
            <p class="hint">
              Some of your training names domains {props.association.name} does not list:{' '}
              {props.unknownDomains.join(', ')}.
            </p>
          )}
        </>
      ) : (
        <p>{props.association.name} lists no competency domains.</p>
      )}
    </PortfolioFrame>
  );
}

// ---------------------------------------------------------------------------
// Import.

export function ImportPage(props: {
  checklist: ChecklistView;
  errors?: FieldError[] | undefined;
  values?: FormValues | undefined;
}) {
  const appId = props.checklist.chosen?.id;
  return (
    <PortfolioFrame current="/portfolio/import" checklist={props.checklist}>
      <ErrorSummary errors={props.errors} />
      <h1>Import a portfolio file</h1>
      <p>
        A portfolio file (JSON in the format endorse-portfolio/1, as{' '}
        <a href="/portfolio/export">Download my portfolio</a> gives it) adds its degrees, work, training, RSC,
        leadership activities, memberships and endorsements to your portfolio. Before anything changes you see
        each entry of the file as new, changed (with what differs) or already in your portfolio (skipped), and
        you tick what to apply.
      </p>
      <UploadForm action="/portfolio/import" label="Import a portfolio file">
        <HiddenApplication id={appId} />
        <FileInput
          name="file"
          label="Portfolio file"
          hint="A .json file of at most 2 MB"
          accept="application/json,.json"
          error={errorOf(props.errors, 'file')}
        />
        <TextArea
          name="json"
          label="Or paste the file's text"
          value={valueOf(props.values, 'json')}
          error={errorOf(props.errors, 'json')}
          rows={10}
        />
        <Button>Check the file</Button>
      </UploadForm>
    </PortfolioFrame>
  );
}

/** Entries listed one by one per section and kind in the preview of an import; one tick covers the rest. */
const PREVIEW_ENTRIES = 100;

/** The words for an entry's fields where the preview shows what changes. */
const fieldNames: Record<string, string> = {
  level: 'level',
  title: 'title',
  field: 'field',
  institution: 'institution',
  conferred: 'conferred',
  transcript: 'transcript',
  employer: 'employer',
  from: 'from',
  to: 'to',
  fte: 'FTE',
  paid: 'paid',
  supervised: 'supervised',
  internship: 'internship',
  kinds: 'kinds of work',
  supervisorEndorsements: "supervisor's endorsements",
  provider: 'provider',
  date: 'date',
  hours: 'hours',
  topics: 'topics',
  competencies: 'competency domains',
  format: 'format',
  'provider.name': "provider's name",
  'provider.endorsements': "provider's endorsements",
  'provider.vetted': 'provider vetted',
  providingRscHours: 'hours about the RSC you provide',
  activity: 'activity',
  association: 'association',
  credential: 'credential',
  granted: 'granted',
};

const shownValue = (v: unknown): string => {
  if (v === null || v === undefined || v === '') return 'none';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.length ? v.map(shownValue).join(', ') : 'none';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
};

function Changes(props: { changes: FieldChange[] }) {
  return (
    <ul class="import-changes">
      {props.changes.map((c) => (
        <li key={c.field}>
          {fieldNames[c.field] ?? c.field}: <del>{shownValue(c.before)}</del>{' '}
          <span aria-hidden="true">→</span>
          <span class="visually-hidden"> becomes </span> <ins>{shownValue(c.after)}</ins>
        </li>
      ))}
    </ul>
  );
}

/** The entries of one section and kind, each with its tick; past PREVIEW_ENTRIES, one tick for the rest. */
function ImportChoices(props: {
  def: SectionDef;
  kind: 'new' | 'changed';
  items: Array<[ImportItem, number]>;
}) {
  const { def, kind, items } = props;
  if (!items.length) return null;
  const shown = items.slice(0, PREVIEW_ENTRIES);
  const rest = items.slice(PREVIEW_ENTRIES);
  const id = `import-${def.key}-${kind}`;
  return (
    <fieldset class="group import-choices" aria-labelledby={id}>
      <legend id={id}>
        {kind === 'new'
          ? `New: ${items.length} not in your portfolio yet`
          : `Changed: ${items.length} in your portfolio with other details`}
      </legend>
      <ul class="import-list">
        {shown.map(([item, i]) => (
          <li key={i}>
            <div class="checkbox">
              <input type="checkbox" id={`apply-${i}`} name="apply" value={String(i)} checked />
              <label for={`apply-${i}`}>
                {kind === 'new' ? 'Add' : 'Change'}:{' '}
                {describeEntry(def.key, item.replaces?.entry ?? item.entry)}
              </label>
            </div>
            {item.replaces && <Changes changes={item.replaces.changes} />}
          </li>
        ))}
      </ul>
      {rest.length > 0 && (
        <div class="checkbox">
          <input
            type="checkbox"
            id={`apply-${rest[0]![1]}`}
            name="apply"
            value={`${rest[0]![1]}-${rest.at(-1)![1]}`}
            checked
          />
          <label for={`apply-${rest[0]![1]}`}>
            {kind === 'new' ? 'Add' : 'Change'} the other {rest.length}, in the order of the file
          </label>
        </div>
      )}
    </fieldset>
  );
}

export function ImportPreviewPage(props: {
  plan: ImportPlan;
  /** The signed plan the confirmation sends back. */
  sealed: string;
  sections: readonly SectionDef[];
  checklist: ChecklistView;
  errors?: FieldError[] | undefined;
}) {
  const { plan } = props;
  const appId = props.checklist.chosen?.id;
  const numbered = plan.items.map((item, i): [ImportItem, number] => [item, i]);
  const of = (key: string, kind: 'new' | 'changed') =>
    numbered.filter(([item]) => item.section === key && item.kind === kind);
  const count = (kind: 'new' | 'changed') => plan.items.filter((i) => i.kind === kind).length;
  const identical = props.sections.reduce((n, s) => n + plan.identical[s.key], 0);
  const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;
  const error = errorOf(props.errors, 'apply');
  return (
    <PortfolioFrame current="/portfolio/import" checklist={props.checklist}>
      <ErrorSummary errors={props.errors} />
      <h1>Check what the import changes</h1>
      <p>
        <strong>Nothing has changed yet.</strong>{' '}
        {plan.items.length
          ? `The file has ${entries(count('new'))} new to your portfolio and ${entries(count('changed'))} with other details than yours.`
          : 'There is nothing to add or change: everything in the file is already in your portfolio.'}
        {identical > 0 && ` ${entries(identical)} already in your portfolio as they are will be skipped.`}
      </p>
      <table class="import-counts table-stack">
        <caption>
          What the file holds, section by section (skipped: already in your portfolio as they are)
        </caption>
        <thead>
          <tr>
            <th scope="col">Section</th>
            <th scope="col">New</th>
            <th scope="col">Changed</th>
            <th scope="col">Skipped</th>
          </tr>
        </thead>
        <tbody>
          {props.sections.map((s) => (
            <tr key={s.key}>
              <th scope="row">{s.title}</th>
              <td data-label="New">{of(s.key, 'new').length}</td>
              <td data-label="Changed">{of(s.key, 'changed').length}</td>
              <td data-label="Skipped">{plan.identical[s.key]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.items.length > 0 && (
        <UploadForm action="/portfolio/import/confirm" label="Apply the import">
          <HiddenApplication id={appId} />
          <input type="hidden" name="plan" value={props.sealed} />
          <div id="apply" tabindex={-1} class={error ? 'field field-error' : undefined}>
            <p>
              Tick what to apply: a new entry is added, a changed one is replaced by the file&apos;s details.
              What you leave unticked stays as it is in your portfolio.
            </p>
            {error && (
              <p class="error-message">
                <span class="visually-hidden">Error: </span>
                {error}
              </p>
            )}
            {props.sections
              .filter((s) => of(s.key, 'new').length + of(s.key, 'changed').length)
              .map((s) => (
                <section key={s.key} aria-labelledby={`import-${s.key}`}>
                  <h2 id={`import-${s.key}`}>{s.title}</h2>
                  <ImportChoices def={s} kind="changed" items={of(s.key, 'changed')} />
                  <ImportChoices def={s} kind="new" items={of(s.key, 'new')} />
                </section>
              ))}
          </div>
          <Button>Apply the ticked entries</Button>
        </UploadForm>
      )}
      {(plan.ignored.length > 0 || plan.droppedFiles > 0) && (
        <section aria-labelledby="import-ignored">
          <h2 id="import-ignored">Not imported</h2>
          <ul>
            {plan.ignored.map((i) => (
              <li key={i}>{i}</li>
            ))}
            {plan.droppedFiles > 0 && (
              <li>
                {plan.droppedFiles} reference{plan.droppedFiles === 1 ? '' : 's'} to uploaded files that are
                not yours: upload the files again on the section's page
              </li>
            )}
          </ul>
        </section>
      )}
      <p>
        <a href={withApplication('/portfolio/import', appId)}>Choose another file</a> or{' '}
        <a href={withApplication('/portfolio', appId)}>go back to your portfolio</a> without importing.
      </p>
    </PortfolioFrame>
  );
}

// ---------------------------------------------------------------------------
// An application: its page with the live checklist, and the portfolio as staff read it.

export interface ApplicationSummary {
  id: string;
  credential: string;
  status: string;
  createdAt: string;
  submittedAt: string | null;
}

export function ApplicationPage(props: {
  application: ApplicationSummary;
  association: { slug: string; name: string };
  applicant: { name: string; email: string };
  isOwner: boolean;
  canReadPortfolio: boolean;
  /** The staff's page of the application, for those who may open it. */
  staffPage?: string | undefined;
  checklist: ChecklistView;
  /** The applicant's own: what was asked, the decision letter, resubmitting and withdrawing. */
  decisions?: Parameters<typeof ApplicantDecisionPart>[0] | undefined;
  /** The advisor and their comments, for those who read them. */
  advising?: ComponentChildren;
  /** The applicant's own: their exam sitting and accommodations, once approved for an exam. */
  exam?: ApplicantExamSummary | undefined;
  /** The endorsement granted on it, once finalized. */
  endorsement?: GrantedEndorsement | undefined;
}) {
  const a = props.application;
  const q = (path: string) => withApplication(path, a.id);
  return (
    <>
      <p>
        {props.isOwner ? (
          <a href="/applications">All my applications</a>
        ) : !props.staffPage && props.advising ? (
          // The advisor came from their list of advisees.
          <a href="/advising">My advisees</a>
        ) : (
          <a href={`/associations/${encodeURIComponent(props.association.slug)}/applications`}>
            All applications of {props.association.name}
          </a>
        )}
      </p>
      <h1>
        {a.credential} application with {props.association.name}
      </h1>
      <dl class="facts">
        {!props.isOwner && (
          <>
            <dt>Applicant</dt>
            <dd>
              {props.applicant.name} <span class="hint">{props.applicant.email}</span>
            </dd>
          </>
        )}
        <dt>Status</dt>
        <dd>{applicationStateText(a.status)}</dd>
        <dt>Started</dt>
        <dd>
          <When at={a.createdAt} />
        </dd>
        <dt>Submitted</dt>
        <dd>
          <When at={a.submittedAt} />
        </dd>
      </dl>
      {props.endorsement && <EndorsedNote endorsement={props.endorsement} own={props.isOwner} />}
      {props.isOwner ? (
        <p>
          Your portfolio is shared by all your applications. <a href={q('/portfolio')}>Open my portfolio</a>,{' '}
          <a href={q('/portfolio/agreements')}>sign the agreements</a> or see your{' '}
          <a href={q('/portfolio/competencies')}>competency coverage</a>.
        </p>
      ) : (
        <p>
          {props.staffPage && (
            <>
              <a href={props.staffPage}>Open the whole application</a> (sections, files, fees, history).{' '}
            </>
          )}
          {props.canReadPortfolio && (
            <a href={`/applications/${encodeURIComponent(a.id)}/portfolio`}>Read the applicant's portfolio</a>
          )}
        </p>
      )}
      {props.advising}
      {props.isOwner ? (
        <>
          {props.decisions && <ApplicantDecisionPart {...props.decisions} />}
          {props.exam && <ApplicantExamSection exam={props.exam} />}
          <ChecklistOrProblem checklist={props.checklist} />
          <p>
            <a href={`/applications/${encodeURIComponent(a.id)}/submit`}>
              {a.submittedAt ? 'See what was submitted and the fees' : 'Submit this application'}
            </a>
          </p>
        </>
      ) : (
        <StaffChecklist checklist={props.checklist} />
      )}
    </>
  );
}

/** Staff see the same checklist without the links into the applicant's own pages. */
function StaffChecklist(props: { checklist: ChecklistView }) {
  return <ChecklistOrProblem checklist={props.checklist} staff />;
}

export function ApplicantPortfolioPage(props: {
  application: ApplicationSummary;
  association: { slug: string; name: string };
  person: { name: string; email: string };
  sections: ReadonlyArray<{ def: SectionDef; entries: EntryView[] }>;
  /** Set once submitted: the sections are then the snapshot's. */
  submission?: Omit<SubmittedState, 'afterReview'> | undefined;
  changes: PortfolioChange[];
  /** The advisor's comments and form, for those who read them. */
  advising?: ComponentChildren;
}) {
  const a = props.application;
  return (
    <>
      <p>
        <a href={`/applications/${encodeURIComponent(a.id)}`}>Back to the {a.credential} application</a>
      </p>
      <h1>Portfolio of {props.person.name}</h1>
      {props.submission ? (
        <AsSubmittedNote submission={props.submission} changes={props.changes} />
      ) : (
        <p>As entered by the applicant; shared by all their applications. Read only.</p>
      )}
      <PortfolioSections sections={props.sections} />
      {props.advising}
    </>
  );
}
