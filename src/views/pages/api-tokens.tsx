// An association's API tokens: made by its admins for programs using /api/v1.
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

export interface TokenItem {
  id: string;
  name: string;
  owner: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export function ApiTokensPage(props: {
  association: { slug: string; name: string };
  tokens: TokenItem[];
  /** A token just made: shown this once. */
  created?: { name: string; token: string };
  errors?: FieldError[];
  values?: FormValues;
}) {
  const base = `/associations/${encodeURIComponent(props.association.slug)}/api-tokens`;
  return (
    <>
      <ErrorSummary errors={props.errors} />
      <h1>API tokens: {props.association.name}</h1>
      {props.created && (
        <div class="secret" role="status">
          <h2>Your new token "{props.created.name}"</h2>
          <p>
            Copy it now: it is shown only this once. Send it as <code>Authorization: Bearer …</code>.
          </p>
          <p>
            <label for="new-token">Token</label>
            <input id="new-token" type="text" readonly value={props.created.token} class="token" />
          </p>
        </div>
      )}
      <p>
        A token reads this association's data through the <a href="/api/docs">API</a> with your roles here,
        and nothing of other associations.
      </p>
      {props.tokens.length ? (
        <table class="table-stack">
          <caption class="visually-hidden">API tokens of {props.association.name}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Made by</th>
              <th scope="col">Made</th>
              <th scope="col">Last used</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {props.tokens.map((t) => (
              <tr key={t.id}>
                <td data-label="Name">{t.name}</td>
                <td data-label="Made by">{t.owner}</td>
                <td data-label="Made">
                  <When at={t.created_at} />
                </td>
                <td data-label="Last used">
                  <When at={t.last_used_at} />
                </td>
                <td data-label="State">
                  {t.revoked_at ? (
                    <>
                      Revoked <When at={t.revoked_at} />
                    </>
                  ) : (
                    <Form
                      action={`${base}/${encodeURIComponent(t.id)}/revoke`}
                      class="inline"
                      label={`Revoke ${t.name}`}
                    >
                      <Button kind="danger">
                        Revoke<span class="visually-hidden"> {t.name}</span>
                      </Button>
                    </Form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>No tokens yet.</p>
      )}
      <section aria-labelledby="create-title">
        <h2 id="create-title">Make a token</h2>
        <Form action={base}>
          <Field
            name="name"
            label="What it is for"
            hint="For example: membership database sync"
            value={valueOf(props.values, 'name')}
            error={errorOf(props.errors, 'name')}
          />
          <Button>Make token</Button>
        </Form>
      </section>
    </>
  );
}
