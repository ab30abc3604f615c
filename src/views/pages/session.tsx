// Sign-up, sign-in (password or e-mailed link), choosing a password, forgotten and new password.
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

export interface FormState {
  errors?: FieldError[];
  values?: FormValues;
}

export function SignUpPage(props: FormState & { next: string }) {
  const { errors, values } = props;
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Create an account</h1>
      <Form action="/sign-up">
        <input type="hidden" name="next" value={props.next} />
        <Field name="name" label="Your name" form={{ values, errors }} autocomplete="name" />
        <Field
          name="email"
          label="E-mail address"
          type="email"
          form={{ values, errors }}
          autocomplete="email"
        />
        <p class="hint">
          We will e-mail you a link to confirm that the address is yours. You choose a password after opening
          it.
        </p>
        <Button>Create account</Button>
      </Form>
      <p>
        Already have an account? <a href="/sign-in">Sign in</a>.
      </p>
    </>
  );
}

/** After the sign-up form: the same words whether or not the address has an account. */
export function CheckEmailPage(props: { email: string }) {
  return (
    <>
      <h1>Check your e-mail</h1>
      <p>
        We sent an e-mail to <strong>{props.email}</strong>. Open the link in it within 15 minutes to confirm
        the address and finish creating your account; then you can choose a password.
      </p>
      <p>If you already have an account with this address, the e-mail says how to sign in instead.</p>
      <p class="hint">
        Nothing arrived after a few minutes? Check your spam folder, or <a href="/sign-up">try again</a> and
        check the address.
      </p>
    </>
  );
}

/** After the first e-mailed link (or from the account page): a password, or carry on with links. */
export function ChoosePasswordPage(props: FormState & { email: string; next: string; hasPassword: boolean }) {
  if (props.hasPassword) {
    return (
      <>
        <h1>You have a password already</h1>
        <p>
          To change it, go to <a href="/account">your account</a>.
        </p>
        <p>
          <a href={props.next}>Continue</a>
        </p>
      </>
    );
  }
  return (
    <>
      <ErrorSummary errors={props.errors} />
      <h1>Choose a password</h1>
      <p>
        You are signed in as <strong>{props.email}</strong>. With a password you can sign in without waiting
        for an e-mail.
      </p>
      <Form action="/account/choose-password">
        <input type="hidden" name="next" value={props.next} />
        <Field
          name="password"
          label="Password"
          type="password"
          hint="At least 10 characters. A few words you can remember work well."
          error={errorOf(props.errors, 'password')}
          autocomplete="new-password"
        />
        <Button>Save the password</Button>
      </Form>
      <p>
        Rather not? <a href={props.next}>Skip this</a>: you can keep signing in with a link we e-mail you, and
        choose a password later from your account page.
      </p>
    </>
  );
}

export function SignInPage(
  props: FormState & { next: string; linkErrors?: FieldError[]; problem?: string; resumed?: boolean },
) {
  const { errors, values, linkErrors } = props;
  const summary = [...(errors ?? []), ...(linkErrors ?? [])];
  if (props.problem) summary.unshift({ field: 'form', message: props.problem });
  return (
    <>
      <ErrorSummary errors={summary} />
      <h1>Sign in</h1>
      {props.resumed && (
        <p class="notice" role="status">
          You were not signed in any more, so the form you sent was not saved. Sign in and you go back to it,
          with what you typed put back in this browser tab (files and passwords are not kept: choose them
          again).
        </p>
      )}
      <section aria-labelledby="with-password">
        <h2 id="with-password">With your password</h2>
        <Form action="/sign-in">
          <input type="hidden" name="next" value={props.next} />
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
            error={errorOf(errors, 'password')}
            autocomplete="current-password"
          />
          <Button>Sign in</Button>
        </Form>
        <p>
          <a href="/forgot-password">Forgot your password?</a>
        </p>
      </section>
      <section aria-labelledby="with-link">
        <h2 id="with-link">Or with a link by e-mail</h2>
        <Form action="/sign-in/link">
          <input type="hidden" name="next" value={props.next} />
          <Field
            name="email"
            idPrefix="link-"
            label="E-mail address"
            type="email"
            value={valueOf(values, 'link-email')}
            error={errorOf(linkErrors, 'link-email')}
            autocomplete="email"
          />
          <Button kind="secondary">E-mail me a sign-in link</Button>
        </Form>
      </section>
      <p>
        New here? <a href="/sign-up">Create an account</a>.
      </p>
    </>
  );
}

export function ForgotPasswordPage(props: FormState) {
  return (
    <>
      <ErrorSummary errors={props.errors} />
      <h1>Forgot your password?</h1>
      <p>We will e-mail you a link to choose a new one. It works for one hour.</p>
      <Form action="/forgot-password">
        <Field
          name="email"
          label="E-mail address"
          type="email"
          value={valueOf(props.values, 'email')}
          error={errorOf(props.errors, 'email')}
          autocomplete="email"
        />
        <Button>Send the link</Button>
      </Form>
    </>
  );
}

export function ResetPasswordPage(props: FormState & { token: string | undefined }) {
  if (!props.token) {
    return (
      <>
        <h1>This link does not work any more</h1>
        <p>
          Password reset links work once, for one hour. <a href="/forgot-password">Ask for a new link</a>.
        </p>
      </>
    );
  }
  return (
    <>
      <ErrorSummary errors={props.errors} />
      <h1>Choose a new password</h1>
      <Form action="/reset-password">
        <input type="hidden" name="token" value={props.token} />
        <Field
          name="password"
          label="New password"
          type="password"
          hint="At least 10 characters."
          error={errorOf(props.errors, 'password')}
          autocomplete="new-password"
        />
        <Button>Save the new password</Button>
      </Form>
    </>
  );
}
