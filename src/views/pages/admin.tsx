// Site administration: the associations.
import {
  Button,
  ErrorSummary,
  errorOf,
  Field,
  type FieldError,
  Form,
  type FormValues,
  valueOf,
} from '../components.tsx';

export interface AssociationItem {
  id: string;
  slug: string;
  name: string;
}

export function AssociationsPage(props: {
  associations: AssociationItem[];
  errors?: FieldError[];
  values?: FormValues;
  /** The association whose rename form the errors belong to. */
  renaming?: string;
}) {
  const { errors, values, renaming } = props;
  const createErrors = renaming ? undefined : errors;
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Associations</h1>
      <table class="table-stack">
        <caption class="visually-hidden">Every association on this site</caption>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Name</th>
            <th scope="col">Pages</th>
            <th scope="col">Rename</th>
          </tr>
        </thead>
        <tbody>
          {props.associations.map((a) => {
            const base = `/associations/${encodeURIComponent(a.slug)}`;
            const mine = renaming === a.slug;
            return (
              <tr key={a.id}>
                <td data-label="Id">
                  <code class="slug">{a.slug}</code>
                </td>
                <td data-label="Name">{a.name}</td>
                <td data-label="Pages">
                  <a href={`${base}/people`}>People &amp; roles</a> ·{' '}
                  <a href={`${base}/applications`}>Applications</a> ·{' '}
                  <a href={`${base}/api-tokens`}>API tokens</a>
                </td>
                <td data-label="Rename">
                  <Form
                    action={`/admin/associations/${encodeURIComponent(a.slug)}/name`}
                    class="inline"
                    label={`Rename ${a.name}`}
                  >
                    <Field
                      name="name"
                      idPrefix={`rename-${a.slug}-`}
                      label={`New name for ${a.slug}`}
                      value={mine ? valueOf(values, 'name') : a.name}
                      error={mine ? errorOf(errors, `rename-${a.slug}-name`) : undefined}
                    />
                    <Button kind="secondary">Rename</Button>
                  </Form>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <section aria-labelledby="create-title">
        <h2 id="create-title">Add an association</h2>
        <Form action="/admin/associations">
          <Field
            name="slug"
            label="Id"
            hint="Lower-case letters, digits and hyphens, as in mi-aimh. It appears in addresses and cannot change."
            value={valueOf(createErrors ? values : undefined, 'slug')}
            error={errorOf(createErrors, 'slug')}
          />
          <Field
            name="name"
            label="Name"
            value={valueOf(createErrors ? values : undefined, 'name')}
            error={errorOf(createErrors, 'name')}
          />
          <Button>Add association</Button>
        </Form>
      </section>
    </>
  );
}
