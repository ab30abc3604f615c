// The account page: the person's endorsements, name, password, signing out here or everywhere.
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
import type { OwnEndorsement } from '../../services/endorsee.ts';
import { YourEndorsements } from './endorsee.tsx';

export function AccountPage(props: {
  user: { name: string; email: string };
  /** Shown above the rest (none on the page that says a password change was refused for too many tries). */
  endorsements?: readonly OwnEndorsement[];
  errors?: FieldError[];
  values?: FormValues;
}) {
  const { errors, values } = props;
  const name = values && 'name' in values ? valueOf(values, 'name') : props.user.name;
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Your account</h1>
      <p>
        Signed in as <strong>{props.user.email}</strong>.
      </p>
      <YourEndorsements endorsements={props.endorsements ?? []} />
      <section aria-labelledby="name-title">
        <h2 id="name-title">Your name</h2>
        <Form action="/account/name">
          <Field name="name" label="Name" value={name} error={errorOf(errors, 'name')} autocomplete="name" />
          <Button>Save name</Button>
        </Form>
      </section>
      <section aria-labelledby="password-title">
        <h2 id="password-title">Change your password</h2>
        <p class="hint">
          Signed in with a link and never chose a password? <a href="/account/choose-password">Choose one</a>.
        </p>
        <Form action="/account/password">
          <Field
            name="currentPassword"
            label="Current password"
            type="password"
            error={errorOf(errors, 'currentPassword')}
            autocomplete="current-password"
          />
          <Field
            name="newPassword"
            label="New password"
            type="password"
            hint="At least 10 characters. Your other sessions are signed out."
            error={errorOf(errors, 'newPassword')}
            autocomplete="new-password"
          />
          <Button>Change password</Button>
        </Form>
      </section>
      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">Sessions</h2>
        <Form action="/sign-out" class="inline">
          <Button kind="secondary">Sign out</Button>
        </Form>{' '}
        <Form action="/account/sign-out-everywhere" class="inline">
          <Button kind="danger">Sign out everywhere</Button>
        </Form>
        <p class="hint">"Sign out everywhere" ends your sessions on every device, this one included.</p>
      </section>
    </>
  );
}
