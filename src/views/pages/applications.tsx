// Applications: a coordinator's list and one application's history; the
// applicant's own list, and starting one: the association, then one of its credentials.
import type { ComponentChildren } from 'preact';
import {
  Button,
  ErrorSummary,
  type FieldError,
  Form,
  type FormValues,
  Radios,
  Select,
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

export function AssociationApplicationsPage(props: {
  association: { slug: string; name: string };
  applications: ApplicationItem[];
}) {
  const base = `/associations/${encodeURIComponent(props.association.slug)}/applications`;
  return (
    <>
      <h1>Applications: {props.association.name}</h1>
      {props.applications.length ? (
        <table>
          <caption class="visually-hidden">
            Applications to {props.association.name}, latest activity first
          </caption>
          <thead>
            <tr>
              <th scope="col">Applicant</th>
              <th scope="col">Credential</th>
              <th scope="col">Status</th>
              <th scope="col">Last change</th>
              <th scope="col">History</th>
            </tr>
          </thead>
          <tbody>
            {props.applications.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.applicantName} <span class="hint">{a.applicantEmail}</span>
                </td>
                <td>{a.credential}</td>
                <td>{a.status}</td>
                <td>
                  <When at={a.updatedAt} />
                </td>
                <td>
                  <a href={`${base}/${encodeURIComponent(a.id)}`}>
                    History
                    <span class="visually-hidden">
                      {' '}
                      of {a.applicantName}'s {a.credential} application
                    </span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No applications yet.</p>
      )}
    </>
  );
}

export interface HistoryItem {
  id: string;
  at: string;
  actorName: string | null;
  action: string;
  before: unknown;
  after: unknown;
}

const show = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value));

export function ApplicationHistoryPage(props: {
  association: { slug: string; name: string };
  application: ApplicationItem;
  history: HistoryItem[];
  /** More about the application (fees and payments), shown before its history. */
  children?: ComponentChildren;
}) {
  const a = props.application;
  return (
    <>
      <p>
        <a href={`/associations/${encodeURIComponent(props.association.slug)}/applications`}>
          All applications of {props.association.name}
        </a>
      </p>
      <h1>{a.credential} application: history</h1>
      <dl class="facts">
        <dt>Status</dt>
        <dd>{a.status}</dd>
        <dt>Started</dt>
        <dd>
          <When at={a.createdAt} />
        </dd>
        <dt>Submitted</dt>
        <dd>
          <When at={a.submittedAt} />
        </dd>
      </dl>
      <p>
        <a
          href={`/associations/${encodeURIComponent(props.association.slug)}/applications/${encodeURIComponent(a.id)}/references`}
        >
          Reference ratings
        </a>
      </p>
      {props.children}
      <table>
        <caption>Every recorded change, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Before</th>
            <th scope="col">After</th>
          </tr>
        </thead>
        <tbody>
          {props.history.map((h) => (
            <tr key={h.id}>
              <td>
                <When at={h.at} />
              </td>
              <td>{h.actorName ?? 'the system'}</td>
              <td>{h.action}</td>
              <td>
                <code>{show(h.before)}</code>
              </td>
              <td>
                <code>{show(h.after)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
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
