// Applications: a coordinator's queue (counts by state, who is assigned, how
// long each has waited, what is overdue; each row opens the staff's
// application page); the applicant's own list, and starting one: the
// association, then one of its credentials.
import { applicationStates, isApplicationState, stateLabels } from '../../domain/application-lifecycle.ts';
import {
  Button,
  Checkboxes,
  ErrorSummary,
  Field,
  type FieldError,
  Form,
  type FormValues,
  Radios,
  Select,
  valueOf,
  When,
} from '../components.tsx';

export interface ApplicationItem {
  id: string;
  credential: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  applicantName?: string;
  applicantEmail?: string;
  associationName?: string;
}

/** A row of the coordinator's queue. */
export interface QueueItem extends ApplicationItem {
  advisors: string[];
  reviewers: string[];
  daysSinceSubmitted: number | null;
  daysInState: number;
  reviewDueOn: string | null;
  responseDueOn: string | null;
  reviewOverdue: boolean;
  responseOverdue: boolean;
}

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);
const ageText = (a: QueueItem) =>
  `${a.daysSinceSubmitted === null ? 'not submitted' : `submitted ${days(a.daysSinceSubmitted)} ago`}; ${days(a.daysInState)} in this state`;
const assignedText = (a: QueueItem) =>
  [
    a.advisors.length ? `Advisor: ${a.advisors.join(', ')}` : '',
    a.reviewers.length ? `Reviewers: ${a.reviewers.join(', ')}` : '',
  ].filter(Boolean);
/** What is waited for and by when, overdue ones said in words (not by colour alone). */
const dueTexts = (a: QueueItem) =>
  [
    a.reviewDueOn ? `${a.reviewOverdue ? 'Review overdue' : 'Review due'}: ${a.reviewDueOn}` : '',
    a.responseDueOn ? `${a.responseOverdue ? 'Answer overdue' : 'Answer due'}: ${a.responseDueOn}` : '',
  ].filter(Boolean);

const statusLabel = (status: string) => (isApplicationState(status) ? stateLabels[status] : status);

const stateOptions = [
  { value: '', label: 'Every state but drafts' },
  ...[...applicationStates.filter((s) => s !== 'draft'), 'draft' as const].map((value) => ({
    value,
    label: stateLabels[value],
  })),
  { value: 'all', label: 'Every state, drafts too' },
];
const sortOptions = [
  { value: 'latest', label: 'Latest change first' },
  { value: 'newest', label: 'Newest first' },
  { value: 'oldest', label: 'Oldest first (waiting longest)' },
];

/** The filters of the list as a query string (without the page's cursor), for links that keep them. */
function listQuery(values: FormValues, more: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of ['q', 'status', 'credential', 'overdue', 'sort', 'limit']) {
    const v = valueOf(values, name);
    if (v) params.set(name, v);
  }
  for (const [name, v] of Object.entries(more)) params.set(name, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function AssociationApplicationsPage(props: {
  association: { slug: string; name: string };
  credentials: ReadonlyArray<{ id: string; name: string }>;
  applications: QueueItem[];
  /** How many applications are in each state (every state). */
  counts?: ReadonlyArray<{ state: string; count: number }> | undefined;
  /** What the list was asked for (the form shows it again). */
  values: FormValues;
  errors?: FieldError[];
  /** The cursor of the next page, if there is one. */
  next?: string | undefined;
}) {
  const { values, errors } = props;
  const base = `/associations/${encodeURIComponent(props.association.slug)}/applications`;
  const filtered = ['q', 'status', 'credential', 'overdue'].some((name) => valueOf(values, name));
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Applications: {props.association.name}</h1>
      {props.counts && (
        <nav aria-label="Applications by state">
          <ul class="state-counts">
            {props.counts.map((c) => (
              <li key={c.state}>
                <a
                  href={`${base}?status=${encodeURIComponent(c.state)}`}
                  aria-current={valueOf(values, 'status') === c.state ? 'page' : undefined}
                >
                  {statusLabel(c.state)}: <strong>{c.count}</strong>
                </a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <form method="get" action={base} class="filters" role="search" aria-label="Find applications">
        <Field name="q" type="search" label="Name or e-mail" form={{ values, errors }} />
        <Select name="status" label="State" options={stateOptions} form={{ values, errors }} />
        <Select
          name="credential"
          label="Credential"
          options={[
            { value: '', label: 'Every credential' },
            ...props.credentials.map((c) => ({ value: c.id, label: `${c.id}: ${c.name}` })),
          ]}
          form={{ values, errors }}
        />
        <Select name="sort" label="Sort by" options={sortOptions} form={{ values, errors }} />
        <Checkboxes
          name="overdue"
          legend="Deadlines"
          options={[{ value: 'true', label: 'Overdue only (a review or an answer past its due date)' }]}
          checked={valueOf(values, 'overdue') === 'true' ? ['true'] : []}
          error={errors?.find((e) => e.field === 'overdue')?.message}
        />
        <Button>Apply</Button>
      </form>
      {!errors?.length && (
        <p>
          <a href={`${base}.csv${listQuery(values)}`} download>
            Download {filtered ? 'these applications' : 'the list'} (CSV, every page)
          </a>
        </p>
      )}
      {props.applications.length ? (
        <table class="table-stack">
          <caption class="visually-hidden">
            Applications to {props.association.name},{' '}
            {sortOptions.find((o) => o.value === (valueOf(values, 'sort') || 'latest'))?.label.toLowerCase()}
          </caption>
          <thead>
            <tr>
              <th scope="col">Applicant</th>
              <th scope="col">Credential</th>
              <th scope="col">State</th>
              <th scope="col">Assigned</th>
              <th scope="col">Age</th>
              <th scope="col">Due</th>
            </tr>
          </thead>
          <tbody>
            {props.applications.map((a) => (
              <tr key={a.id}>
                <td data-label="Applicant">
                  <a href={`${base}/${encodeURIComponent(a.id)}`}>
                    {a.applicantName}
                    <span class="visually-hidden">: {a.credential} application</span>
                  </a>{' '}
                  <span class="hint">{a.applicantEmail}</span>
                </td>
                <td data-label="Credential">{a.credential}</td>
                <td data-label="State">{statusLabel(a.status)}</td>
                <td data-label="Assigned">
                  {assignedText(a).length ? (
                    assignedText(a).map((line) => <div key={line}>{line}</div>)
                  ) : (
                    <span class="hint">Nobody yet</span>
                  )}
                </td>
                <td data-label="Age">{ageText(a)}</td>
                <td data-label="Due">
                  {dueTexts(a).map((line) =>
                    line.includes('overdue') ? (
                      <div key={line}>
                        <strong class="overdue">{line}</strong>
                      </div>
                    ) : (
                      <div key={line}>{line}</div>
                    ),
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : errors?.length ? null : (
        <p>{filtered ? 'No applications match.' : 'No applications yet, drafts aside.'}</p>
      )}
      {(props.next || valueOf(values, 'cursor')) && (
        <nav aria-label="Pages of the list" class="pager">
          {valueOf(values, 'cursor') && <a href={`${base}${listQuery(values)}`}>First page</a>}{' '}
          {props.next && <a href={`${base}${listQuery(values, { cursor: props.next })}`}>Next page</a>}
        </nav>
      )}
    </>
  );
}

/** The list as a spreadsheet: one row per application, the same words as the page. */
export function applicationsCsvRows(applications: readonly QueueItem[]): string[][] {
  return [
    [
      'Applicant',
      'E-mail',
      'Credential',
      'State',
      'Started',
      'Submitted',
      'Last change',
      'Advisor',
      'Reviewers',
      'Days since submitted',
      'Days in this state',
      'Review due',
      'Answer due',
      'Overdue',
      'Application id',
    ],
    ...applications.map((a) => [
      a.applicantName ?? '',
      a.applicantEmail ?? '',
      a.credential,
      statusLabel(a.status),
      a.createdAt,
      a.submittedAt ?? '',
      a.updatedAt,
      a.advisors.join(', '),
      a.reviewers.join(', '),
      a.daysSinceSubmitted === null ? '' : String(a.daysSinceSubmitted),
      String(a.daysInState),
      a.reviewDueOn ?? '',
      a.responseDueOn ?? '',
      [a.reviewOverdue ? 'review' : '', a.responseOverdue ? 'answer' : ''].filter(Boolean).join(', '),
      a.id,
    ]),
  ];
}

export function MyApplicationsPage(props: {
  applications: ApplicationItem[];
  associations: ReadonlyArray<{ slug: string; name: string }>;
}) {
  return (
    <>
      <h1>My applications</h1>
      <p>
        Your <a href="/portfolio">portfolio</a> (degrees, work, training, RSC, agreements…) is shared by all
        your applications. Open an application to see its live checklist.
      </p>
      {props.applications.length ? (
        <table class="table-stack">
          <caption class="visually-hidden">Your applications</caption>
          <thead>
            <tr>
              <th scope="col">Association</th>
              <th scope="col">Credential</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Submission</th>
              <th scope="col">References</th>
            </tr>
          </thead>
          <tbody>
            {props.applications.map((a) => (
              <tr key={a.id}>
                <td data-label="Association">{a.associationName}</td>
                <td data-label="Credential">
                  <a href={`/applications/${encodeURIComponent(a.id)}`}>
                    <span class="visually-hidden">Checklist of the {a.associationName} </span>
                    {a.credential}
                  </a>
                </td>
                <td data-label="Status">{a.status}</td>
                <td data-label="Started">
                  <When at={a.createdAt} />
                </td>
                <td data-label="Submission">
                  <a href={`/applications/${encodeURIComponent(a.id)}/submit`}>
                    {a.submittedAt ? 'Submitted: fees' : 'Submit'}
                    <span class="visually-hidden">
                      {' '}
                      the {a.credential} application to {a.associationName}
                    </span>
                  </a>
                </td>
                <td data-label="References">
                  <a href={`/applications/${encodeURIComponent(a.id)}/references`}>
                    References
                    <span class="visually-hidden">
                      {' '}
                      for the {a.credential} application to {a.associationName}
                    </span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>You have no applications yet.</p>
      )}
      <section aria-labelledby="start-title">
        <h2 id="start-title">Start an application</h2>
        <ChooseAssociation associations={props.associations} />
      </section>
    </>
  );
}

type AssociationChoice = { slug: string; name: string };

/** Step 1 of starting an application: which association (no default); a GET form, so it works without script. */
function ChooseAssociation(props: {
  associations: readonly AssociationChoice[];
  value?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <form method="get" action="/applications/start" aria-label="Choose the association">
      <Select
        name="association"
        label="Association"
        options={[
          { value: '', label: 'Choose an association' },
          ...props.associations.map((a) => ({ value: a.slug, label: a.name })),
        ]}
        value={props.value ?? ''}
        error={props.error}
      />
      <Button kind="secondary">Next: choose the credential</Button>
    </form>
  );
}

export interface CredentialChoiceItem {
  id: string;
  name: string;
  level: number;
  fits: boolean;
  unmet: number;
}

/** Levels as the associations write them. */
const levelNames = ['I', 'II', 'III', 'IV'];

const verdict = (c: CredentialChoiceItem) =>
  c.fits
    ? 'your portfolio meets what can be checked before applying'
    : `${c.unmet} ${c.unmet === 1 ? 'requirement' : 'requirements'} not met yet`;

/**
 * Starting an application: step 1 chooses the association, step 2 one of its
 * credentials by name and level, with the self-study's verdict on the
 * person's portfolio beside each.
 */
export function StartApplicationPage(props: {
  associations: readonly AssociationChoice[];
  association?: AssociationChoice | undefined;
  credentials?: readonly CredentialChoiceItem[] | undefined;
  errors?: FieldError[] | undefined;
  values?: FormValues | undefined;
  /** The open application a refused start points to. */
  existing?: { id: string; credential: string } | undefined;
}) {
  const { association, credentials, errors, values, existing } = props;
  return (
    <>
      <p>
        <a href="/applications">My applications</a>
      </p>
      <ErrorSummary errors={errors} />
      {existing && (
        <p class="notice" role="status">
          <a href={`/applications/${encodeURIComponent(existing.id)}`}>
            Continue your open {existing.credential} application
          </a>
        </p>
      )}
      <h1>Start an application</h1>
      <h2>1. The association</h2>
      <ChooseAssociation
        associations={props.associations}
        value={association?.slug ?? (typeof values?.association === 'string' ? values.association : '')}
        error={errors?.find((e) => e.field === 'association')?.message}
      />
      {association && credentials && (
        <>
          <h2>2. The credential</h2>
          <p>
            Beside each credential: what the <a href="/self-study">self-study</a> finds in your{' '}
            <a href="/portfolio">portfolio</a> today. References, signed agreements and the exam come with the
            application itself.
          </p>
          <Form action="/applications" label={`Choose the credential at ${association.name}`}>
            <input type="hidden" name="association" value={association.slug} />
            <Radios
              name="credential"
              legend={`Credentials of ${association.name}`}
              options={credentials.map((c) => ({
                value: c.id,
                label: `${c.name} (${c.id}), Level ${levelNames[c.level - 1] ?? c.level}: ${verdict(c)}`,
              }))}
              form={{ values, errors }}
            />
            <Button>Start application</Button>
          </Form>
        </>
      )}
    </>
  );
}
