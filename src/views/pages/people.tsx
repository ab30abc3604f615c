// An association's people and their roles.
import {
  Button,
  Checkboxes,
  ErrorSummary,
  errorOf,
  Field,
  type FieldError,
  Form,
  type FormValues,
} from '../components.tsx';

export interface PersonItem {
  id: string;
  name: string;
  email: string;
  roles: string[];
}

export function PeoplePage(props: {
  association: { slug: string; name: string };
  people: PersonItem[];
  roleOptions: ReadonlyArray<{ value: string; label: string }>;
  canAssign: boolean;
  errors?: FieldError[];
  values?: FormValues;
}) {
  const { errors, values } = props;
  const label = (role: string) => props.roleOptions.find((o) => o.value === role)?.label ?? role;
  const base = `/associations/${encodeURIComponent(props.association.slug)}/people`;
  const checked =
    values?.roles === undefined ? [] : Array.isArray(values.roles) ? values.roles : [values.roles];
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>People and roles: {props.association.name}</h1>
      {props.people.length ? (
        <table class="table-stack">
          <caption class="visually-hidden">People who hold a role in {props.association.name}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Roles</th>
              {props.canAssign && <th scope="col">Change</th>}
            </tr>
          </thead>
          <tbody>
            {props.people.map((p) => (
              <tr key={p.id}>
                <td data-label="Name">{p.name}</td>
                <td data-label="E-mail">{p.email}</td>
                <td data-label="Roles">{p.roles.map(label).join(', ')}</td>
                {props.canAssign && (
                  <td data-label="Change">
                    <a href={`${base}?email=${encodeURIComponent(p.email)}#assign-title`}>
                      Change roles<span class="visually-hidden"> of {p.name}</span>
                    </a>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No one holds a role here yet.</p>
      )}
      {props.canAssign && (
        <section aria-labelledby="assign-title">
          <h2 id="assign-title">Give someone roles</h2>
          <p class="hint">
            The person needs an account first. Their roles become exactly the ones ticked; untick all to
            remove them.
          </p>
          <Form action={base}>
            <Field name="email" label="Their e-mail address" type="email" form={{ values, errors }} />
            <Checkboxes
              name="roles"
              legend="Roles"
              options={props.roleOptions}
              checked={checked}
              error={errorOf(errors, 'roles')}
            />
            <Button>Save roles</Button>
          </Form>
        </section>
      )}
    </>
  );
}
