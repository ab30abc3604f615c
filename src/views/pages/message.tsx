// Plain pages that only say something: errors, "check your e-mail", etc.
import type { ComponentChildren } from 'preact';

export function MessagePage(props: { title: string; children: ComponentChildren }) {
  return (
    <>
      <h1>{props.title}</h1>
      {props.children}
    </>
  );
}

/** An error page: what happened and what to do; never a stack trace. */
export function ErrorPage(props: { status: number; title: string; message: string; requestId?: string }) {
  return (
    <>
      <h1>{props.title}</h1>
      <p>{props.message}</p>
      {props.status >= 500 && props.requestId && (
        <p class="hint">
          If this keeps happening, tell the site administrator this reference: <code>{props.requestId}</code>
        </p>
      )}
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </>
  );
}
