// Small building blocks for accessible, script-free forms and pages.
import { type ComponentChildren, createContext } from 'preact';
import { useContext } from 'preact/hooks';

export interface FieldError {
  field: string;
  message: string;
}
export type FormValues = Record<string, string | string[]>;

/** Per-request values every form needs: the CSRF token goes into each form's hidden field. */
export interface PageContextValue {
  csrfToken: string;
}
export const PageContext = createContext<PageContextValue>({ csrfToken: '' });

/**
 * A POST form with its CSRF token. `novalidate` lets the server's error
 * summary speak for every field; `multipart` for a form that sends a file.
 */
export function Form(props: {
  action: string;
  children: ComponentChildren;
  class?: string;
  label?: string;
  multipart?: boolean;
}) {
  const { csrfToken } = useContext(PageContext);
  return (
    <form
      method="post"
      action={props.action}
      enctype={props.multipart ? 'multipart/form-data' : undefined}
      class={props.class}
      aria-label={props.label}
      novalidate
    >
      <input type="hidden" name="_csrf" value={csrfToken} />
      {props.children}
    </form>
  );
}

/** "There is a problem": a list of links to each field at fault, announced when the page loads. */
export function ErrorSummary(props: { errors: readonly FieldError[] | undefined }) {
  const errors = props.errors ?? [];
  if (!errors.length) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1}>
      <h2 id="error-summary-title">There is a problem</h2>
      <ul>
        {errors.map((e) => (
          <li key={e.field}>{e.field === 'form' ? e.message : <a href={`#${e.field}`}>{e.message}</a>}</li>
        ))}
      </ul>
    </div>
  );
}

export const errorOf = (errors: readonly FieldError[] | undefined, field: string) =>
  errors?.find((e) => e.field === field)?.message;

export const valueOf = (values: FormValues | undefined, field: string): string => {
  const v = values?.[field];
  return typeof v === 'string' ? v : '';
};

/** A form's submitted values and errors: each control takes its own from them. */
export interface FormState {
  values?: FormValues | undefined;
  errors?: readonly FieldError[] | undefined;
}

interface ControlState {
  name: string;
  value?: string | undefined;
  error?: string | undefined;
  form?: FormState;
}

/** A control's value and error: given directly, or taken from the form's state by name. */
const stateOf = (props: ControlState) => ({
  value: props.value ?? (props.form && valueOf(props.form.values, props.name)),
  error: props.error ?? (props.form && errorOf(props.form.errors, props.name)),
});

export function Field(props: {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'date' | 'datetime-local' | 'number' | 'search';
  value?: string;
  hint?: string;
  error?: string | undefined;
  autocomplete?: string;
  required?: boolean;
  /** Prefix for the input's id when a page has several forms with the same field names. */
  idPrefix?: string;
  form?: FormState;
}) {
  const id = `${props.idPrefix ?? ''}${props.name}`;
  const { value, error } = stateOf(props);
  const describedBy = [props.hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <input
        id={id}
        name={props.name}
        // preact types each input type separately; these all take the same attributes here
        type={(props.type ?? 'text') as 'text'}
        value={props.type === 'password' ? undefined : value}
        autocomplete={props.autocomplete}
        required={props.required}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}

export function Select(props: {
  name: string;
  label: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  value?: string;
  error?: string | undefined;
  /** Prefix for the select's id when a page has several forms with the same field names. */
  idPrefix?: string;
  form?: FormState;
}) {
  const id = `${props.idPrefix ?? ''}${props.name}`;
  const { value, error } = stateOf(props);
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={id}>{props.label}</label>
      {error && (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <select
        id={id}
        name={props.name}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A group of checkboxes sharing one name; the first box has the name as id so the summary can link to it. */
export function Checkboxes(props: {
  name: string;
  legend: string;
  options: ReadonlyArray<{ value: string; label: string }>;
  checked: readonly string[];
  error?: string | undefined;
}) {
  return (
    <fieldset class={props.error ? 'field field-error' : 'field'}>
      <legend>{props.legend}</legend>
      {props.error && (
        <p class="error-message" id={`${props.name}-error`}>
          <span class="visually-hidden">Error: </span>
          {props.error}
        </p>
      )}
      {props.options.map((o, i) => {
        const id = i === 0 ? props.name : `${props.name}-${o.value}`;
        return (
          <div class="checkbox" key={o.value}>
            <input
              type="checkbox"
              id={id}
              name={props.name}
              value={o.value}
              checked={props.checked.includes(o.value)}
            />
            <label for={id}>{o.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

export function Button(props: { children: ComponentChildren; kind?: 'primary' | 'secondary' | 'danger' }) {
  return (
    <button type="submit" class={`button ${props.kind ?? 'primary'}`}>
      {props.children}
    </button>
  );
}

/** A short confirmation after a form ("Roles saved"), announced politely. */
export function Notice(props: { message: string | undefined }) {
  if (!props.message) return null;
  return (
    <div class="notice" role="status">
      {props.message}
    </div>
  );
}

/** A date-time as people read it, in UTC. */
export function When(props: { at: string | null | undefined }) {
  if (!props.at) return <span>—</span>;
  const text = props.at.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  return <time dateTime={props.at}>{text}</time>;
}

/** A group of radio buttons sharing one name; the first has the name as id so the error summary can link to it. */
export function Radios(props: {
  name: string;
  legend: ComponentChildren;
  options: ReadonlyArray<{ value: string; label: string }>;
  value?: string;
  error?: string | undefined;
  hint?: string;
  inline?: boolean;
  form?: FormState;
}) {
  const { value, error } = stateOf(props);
  const describedBy = [props.hint ? `${props.name}-hint` : '', error ? `${props.name}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <fieldset
      class={`${error ? 'field field-error' : 'field'}${props.inline ? ' radios-inline' : ''}`}
      aria-describedby={describedBy || undefined}
    >
      <legend>{props.legend}</legend>
      {props.hint && (
        <p class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error-message" id={`${props.name}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      {props.options.map((o, i) => {
        const id = i === 0 ? props.name : `${props.name}-${o.value}`;
        return (
          <div class="checkbox" key={o.value}>
            <input type="radio" id={id} name={props.name} value={o.value} checked={value === o.value} />
            <label for={id}>{o.label}</label>
          </div>
        );
      })}
    </fieldset>
  );
}

/** The error message(s) of the field `id`, announced with it (`${id}-error`). */
export function ErrorText(props: { id: string; error: string | readonly string[] | undefined }) {
  const messages = typeof props.error === 'string' ? [props.error] : (props.error ?? []);
  if (!messages.length) return null;
  if (messages.length === 1)
    return (
      <p class="error-message" id={`${props.id}-error`}>
        <span class="visually-hidden">Error: </span>
        {messages[0]}
      </p>
    );
  return (
    <ul class="error-message" id={`${props.id}-error`}>
      {messages.map((m, i) => (
        <li key={i}>
          <span class="visually-hidden">Error: </span>
          {m}
        </li>
      ))}
    </ul>
  );
}

/** What a control is described by: its hint and its error, when it has them. */
export function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/**
 * A JSON document chosen as a file or pasted as text (the self-study's
 * portfolio, a credential to check or to accept): the file first, the text
 * kept when the form comes back. The controls are named `file` and `json`,
 * as src/http/multipart.ts reads them.
 */
export function JsonFileOrText(props: {
  /** The two controls' ids (and their errors' fields). */
  ids: { file: string; text: string };
  fileLabel: ComponentChildren;
  fileHint?: ComponentChildren;
  textLabel: ComponentChildren;
  accept: string;
  errors: { file?: string | readonly string[] | undefined; text?: string | readonly string[] | undefined };
  value: string;
  rows?: number;
}) {
  const { ids, errors } = props;
  const fileError = !!errors.file?.length;
  const textError = !!errors.text?.length;
  return (
    <>
      <div class={fileError ? 'field field-error' : 'field'}>
        <label for={ids.file}>{props.fileLabel}</label>
        {props.fileHint && (
          <p class="hint" id={`${ids.file}-hint`}>
            {props.fileHint}
          </p>
        )}
        <ErrorText id={ids.file} error={errors.file} />
        <input
          id={ids.file}
          name="file"
          type="file"
          accept={props.accept}
          aria-invalid={fileError ? 'true' : undefined}
          aria-describedby={describedBy(ids.file, !!props.fileHint, fileError)}
        />
      </div>
      <div class={textError ? 'field field-error' : 'field'}>
        <label for={ids.text}>{props.textLabel}</label>
        <ErrorText id={ids.text} error={errors.text} />
        <textarea
          id={ids.text}
          name="json"
          rows={props.rows ?? 8}
          spellcheck={false}
          class="code"
          aria-invalid={textError ? 'true' : undefined}
          aria-describedby={describedBy(ids.text, false, textError)}
        >
          {props.value}
        </textarea>
      </div>
    </>
  );
}
