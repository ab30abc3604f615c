// Applications: a coordinator's list (each row opens the staff's application
// page); the applicant's own list with a form to start one.
import {
  Button,
  ErrorSummary,
  Field,
  type FieldError,
  Form,
  type FormValues,
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
              <th scope="col">Application</th>
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
                    Open
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

export function MyApplicationsPage(props: {
  applications: ApplicationItem[];
  associations: ReadonlyArray<{ slug: string; name: string; credentials: string[] }>;
  errors?: FieldError[];
  values?: FormValues;
  /** The open application a refused start points to. */
  existing?: { id: string; credential: string };
}) {
  const { errors, values, existing } = props;
  return (
    <>
      <ErrorSummary errors={errors} />
      {existing && (
        <p class="notice" role="status">
          <a href={`/applications/${encodeURIComponent(existing.id)}`}>
            Continue your open {existing.credential} application
          </a>
        </p>
      )}
      <h1>My applications</h1>
      <p>
        Your <a href="/portfolio">portfolio</a> (degrees, work, training, RSC, agreements…) is shared by all
        your applications. Open an application to see its live checklist.
      </p>
      {props.applications.length ? (
        <table>
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
                <td>{a.associationName}</td>
                <td>
                  <a href={`/applications/${encodeURIComponent(a.id)}`}>
                    <span class="visually-hidden">Checklist of the {a.associationName} </span>
                    {a.credential}
                  </a>
                </td>
                <td>{a.status}</td>
                <td>
                  <When at={a.createdAt} />
                </td>
                <td>
                  <a href={`/applications/${encodeURIComponent(a.id)}/submit`}>
                    {a.submittedAt ? 'Submitted: fees' : 'Submit'}
                    <span class="visually-hidden">
                      {' '}
                      the {a.credential} application to {a.associationName}
                    </span>
                  </a>
                </td>
                <td>
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
        <Form action="/applications">
          <Select
            name="association"
            label="Association"
            options={props.associations.map((a) => ({ value: a.slug, label: a.name }))}
            form={{ values, errors }}
          />
          <Field
            name="credential"
            label="Credential"
            hint={props.associations
              .filter((a) => a.credentials.length)
              .map((a) => `${a.name}: ${a.credentials.join(', ')}`)
              .join('. ')}
            form={{ values, errors }}
          />
          <Button>Start application</Button>
        </Form>
      </section>
    </>
  );
}
