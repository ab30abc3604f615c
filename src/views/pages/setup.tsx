// The one-time setup link: the first site administrator's account.
import {
  Button,
  ErrorSummary,
  errorOf,
  Field,
  type FieldError,
  Form,
  type FormValues,
} from '../components.tsx';

export function SetupPage(props: { token: string; errors?: FieldError[]; values?: FormValues }) {
  const { errors, values } = props;
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Create the first administrator</h1>
      <p>
        This account will manage the site: associations and their administrators. The link works once; after
        this, add administrators with <code>npx endorse admin create --email …</code>.
      </p>
      <Form action="/setup">
        <input type="hidden" name="token" value={props.token} />
        <Field name="name" label="Your name" form={{ values, errors }} autocomplete="name" />
        <Field
          name="email"
          label="E-mail address"
          type="email"
          form={{ values, errors }}
          autocomplete="email"
        />
        <Field
          name="password"
          label="Password"
          type="password"
          hint="At least 10 characters."
          error={errorOf(errors, 'password')}
          autocomplete="new-password"
        />
        <Button>Create administrator</Button>
      </Form>
    </>
  );
}

export function SetupInvalidPage() {
  return (
    <>
      <h1>This setup link does not work</h1>
      <p>
        Setup links work once, and only while the site has no administrator. Restart the server for a new
        link, or run <code>npx endorse admin create --email you@example.org</code>.
      </p>
      <p>
        <a href="/sign-in">Sign in</a>
      </p>
    </>
  );
}
