// The endorsee's renewal page: for each endorsement they hold, where it
// stands in its renewal year (in words), the live renewal checklist in the
// application checklist's words with links to the portfolio sections where
// hours are entered, the fees renewing records, and the forms the endorsement
// allows now: renew (attest and submit), pause, ask to be reinstated, and
// upload proof of each entry an audit asks about.
import { endorseePaths } from '../../domain/endorsement.ts';
import { longDate } from '../../domain/references.ts';
import { addDays, type RenewalPhase } from '../../domain/renewal.ts';
import type { MyRenewal } from '../../services/renewal-pages.ts';
import { Checklist, checklistLinks } from '../checklist.tsx';
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
import { statusText } from './endorsements.tsx';
import { TextArea } from './review.tsx';

/** The forms of the page: one per step and endorsement (or audited entry). */
export type RenewalStep = 'submit' | 'pause' | 'reinstatement' | 'proof';

/** A refused form shown again: which one, what was typed, and the errors (fields as `step-target-name`). */
export interface RenewalForm {
  step: RenewalStep;
  target: string;
  errors: FieldError[];
  values: FormValues;
}

/** Where a form's controls are: `submit-<endorsement>-attest`, `proof-<entry>-proof`. */
export const fieldId = (step: RenewalStep, target: string, name: string) => `${step}-${target}-${name}`;

export const renewalPaths = {
  page: '/renewals',
  submit: (id: string) => `/renewals/${encodeURIComponent(id)}/submit`,
  pause: (id: string) => `/renewals/${encodeURIComponent(id)}/pause`,
  reinstatement: (id: string) => `/renewals/${encodeURIComponent(id)}/reinstatement`,
  proof: (entryId: string) => `/renewals/audit-entries/${encodeURIComponent(entryId)}/proof`,
};

/** Where a renewal year stands, in words. */
export function renewalPhaseText(r: Pick<MyRenewal, 'position' | 'opensOn' | 'status'>): string {
  const p = r.position;
  const words: Record<RenewalPhase, string> = {
    'not-due': `Not due yet: renewing opens on ${longDate(r.opensOn)}`,
    due: `Due on ${longDate(p.effectiveDueOn)}: you can renew now`,
    grace: `Past due since ${longDate(p.effectiveDueOn)}: you can still renew, with the late fee where there is one, until ${longDate(addDays(p.lapsesOn, -1))}`,
    lapsed: `The renewal was due on ${longDate(p.effectiveDueOn)} and the grace period is over: the endorsement lapses`,
  };
  if (r.status === 'lapsed') return 'Lapsed: make up the years missed and ask to be reinstated';
  if (r.status === 'inactive') return 'Paused: no renewal is due while it is inactive';
  return words[p.phase];
}

/** An audited entry's decision, in words. */
const decisionText: Record<string, string> = {
  pending: 'Waiting for a coordinator',
  accepted: 'Accepted',
  rejected: 'Not accepted',
};

const sectionNames: Record<string, string> = { training: 'Training', rsc: 'RSC received' };

export function RenewalsPage(props: { renewals: readonly MyRenewal[]; form?: RenewalForm | undefined }) {
  return (
    <>
      <ErrorSummary errors={props.form?.errors} />
      <h1>Your renewals</h1>
      {props.renewals.length === 0 ? (
        <p>You hold no endorsement yet. Once an association grants you one, its renewal is here each year.</p>
      ) : (
        <>
          <p>
            Each endorsement is renewed once a year. Enter your training and RSC hours once, in{' '}
            <a href="/portfolio">your portfolio</a>: they count for every endorsement they fit.
          </p>
          {props.renewals.map((r) => (
            <Renewal key={r.id} renewal={r} form={props.form} />
          ))}
        </>
      )}
    </>
  );
}

/** A form's state for one endorsement's control: the values and the error, only if that form was sent. */
function controlState(form: RenewalForm | undefined, step: RenewalStep, target: string) {
  const mine = form?.step === step && form.target === target ? form : undefined;
  return {
    value: (name: string) => valueOf(mine?.values, name),
    error: (name: string) => errorOf(mine?.errors, fieldId(step, target, name)),
    errors: mine?.errors,
  };
}

function FormError(props: { step: RenewalStep; target: string; form: RenewalForm | undefined }) {
  const id = fieldId(props.step, props.target, 'form');
  const error = controlState(props.form, props.step, props.target).error('form');
  return (
    <div id={id} tabindex={-1}>
      {error && (
        <p class="error-message">
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
    </div>
  );
}

function Attest(props: {
  step: RenewalStep;
  target: string;
  form: RenewalForm | undefined;
  children: string;
}) {
  const state = controlState(props.form, props.step, props.target);
  const id = fieldId(props.step, props.target, 'attest');
  const error = state.error('attest');
  return (
    <div class={error ? 'field field-error' : 'field'}>
      {error && (
        <p class="error-message" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <div class="checkbox">
        <input
          type="checkbox"
          id={id}
          name="attest"
          value="yes"
          checked={state.value('attest') === 'yes'}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <label for={id}>{props.children}</label>
      </div>
    </div>
  );
}

function Renewal(props: { renewal: MyRenewal; form: RenewalForm | undefined }) {
  const r = props.renewal;
  const p = r.position;
  const titleId = `renewal-${r.id}`;
  const paths = endorseePaths(r.id);
  const restoring = r.status === 'lapsed' || r.status === 'inactive';
  return (
    <article class="endorsement" aria-labelledby={titleId} id={`renewal-of-${r.id}`}>
      <h2 id={titleId}>
        {r.credentialName}, {r.associationName}
      </h2>
      <dl class="facts">
        <dt>Endorsement number</dt>
        <dd>{r.number}</dd>
        <dt>Status</dt>
        <dd>
          <strong>{statusText(r.status)}</strong>
        </dd>
        {r.renewing && (
          <>
            <dt>Renewal due</dt>
            <dd>
              {longDate(p.dueOn)}
              {p.extension && (
                <>
                  , extended to {longDate(p.extension.untilOn)} ({p.extension.reason})
                </>
              )}
            </dd>
            <dt>Where it stands</dt>
            <dd>{renewalPhaseText(r)}</dd>
          </>
        )}
        {r.pause && (
          <>
            <dt>Paused</dt>
            <dd>
              From {longDate(r.pause.fromOn)} until {longDate(r.pause.untilOn)}: {r.pause.reason}
            </dd>
          </>
        )}
      </dl>

      {!r.renewing ? (
        <p>A {statusText(r.status).toLowerCase()} endorsement has no renewal.</p>
      ) : (
        <>
          {r.lastRenewed && !r.renewal && (
            <div class="renewed">
              <h3>{r.lastRenewed.kind === 'reinstatement' ? 'Reinstated' : 'Renewed'}</h3>
              <p>
                {r.lastRenewed.kind === 'reinstatement' ? 'Reinstated' : 'Renewed'} on{' '}
                <When at={r.lastRenewed.completedAt} />. Your new credential is valid until{' '}
                {longDate(addDays(p.lapsesOn, -1))}.
                {r.lastRenewed.fees && ` Recorded as due: ${r.lastRenewed.fees}.`}
              </p>
              <ul class="endorsement-links">
                <li>
                  <a href={paths.credential} download={`endorsement-${r.number}.json`}>
                    Your new credential (JSON)
                  </a>
                </li>
                <li>
                  <a href={paths.certificate}>Your certificate (PDF)</a>
                </li>
              </ul>
            </div>
          )}
          <RenewalRecord renewal={r} form={props.form} />
          {!r.renewal && <RenewalChecklists renewal={r} restoring={restoring} />}
          {r.may.renew && <SubmitForm renewal={r} form={props.form} />}
          {r.may.requestReinstatement && <ReinstatementForm renewal={r} form={props.form} />}
          {r.may.pause && <PauseForm renewal={r} form={props.form} />}
        </>
      )}
    </article>
  );
}

function RenewalChecklists(props: { renewal: MyRenewal; restoring: boolean }) {
  const r = props.renewal;
  const { results, problems } = r.checklist;
  if (problems.length)
    return (
      <p class="error-message">
        Your portfolio has an entry Endorse cannot read ({problems[0]!.path}: {problems[0]!.message}): correct
        it in <a href="/portfolio">your portfolio</a> first.
      </p>
    );
  return (
    <>
      {props.restoring && (
        <p>
          To be reinstated you make up each renewal year missed
          {results.length > 1 ? ` (${results.length} years)` : ''}: each is judged below.
        </p>
      )}
      {results.map((result, i) => (
        <Checklist
          key={result.from}
          id={`checklist-${r.id}-${i}`}
          idScope={`${r.id}-${i}`}
          level={3}
          title={`${r.credential} with ${r.associationName}, renewal year ${longDate(result.from)} to ${longDate(result.to)}`}
          result={{ ...result, on: result.to }}
          links={checklistLinks()}
        />
      ))}
    </>
  );
}

function RenewalRecord(props: { renewal: MyRenewal; form: RenewalForm | undefined }) {
  const r = props.renewal;
  const record = r.renewal;
  if (!record) return null;
  if (record.kind === 'reinstatement')
    return (
      <p>
        You asked to be reinstated on <When at={record.submittedAt} />. {r.associationName} reinstates you;
        you are told by e-mail.{record.fees && ` Recorded as due: ${record.fees}.`}
      </p>
    );
  if (record.status !== 'audit')
    return (
      <p>
        Renewed on <When at={record.completedAt ?? record.submittedAt} />.
        {record.fees && ` Recorded as due: ${record.fees}.`}
      </p>
    );
  const captionId = `audit-${r.id}`;
  return (
    <section aria-labelledby={captionId}>
      <h3 id={captionId}>
        Your renewal of {r.credential} with {r.associationName} is being audited
      </h3>
      <p>
        You submitted it on <When at={record.submittedAt} />, and it was chosen at random for audit. Upload
        proof (a certificate of attendance, a supervisor’s log) for each entry below; a coordinator accepts or
        rejects each. Your endorsement stays active meanwhile.
        {record.fees && ` Recorded as due: ${record.fees}.`}
      </p>
      <ul class="audit-entries">
        {r.audit.map((x, i) => {
          const state = controlState(props.form, 'proof', x.id);
          const id = fieldId('proof', x.id, 'proof');
          const error = state.error('proof');
          return (
            <li key={x.id} id={`audit-entry-${x.id}`}>
              <p>
                <strong>{x.title ?? sectionNames[x.section] ?? x.section}</strong>
                {x.date && `, ${longDate(x.date)}`}
                {x.hours !== undefined && `, ${x.hours} hours`} ({sectionNames[x.section] ?? x.section})
              </p>
              <p>
                {x.proved ? (decisionText[x.decision] ?? x.decision) : 'No proof uploaded yet'}
                {x.decision === 'rejected' && x.reason && `: ${x.reason}`}
              </p>
              {x.mayUpload && (
                <Form
                  action={renewalPaths.proof(x.id)}
                  label={`Proof of entry ${i + 1}: ${x.title ?? x.section}`}
                  multipart
                >
                  <FormError step="proof" target={x.id} form={props.form} />
                  <div class={error ? 'field field-error' : 'field'}>
                    <label for={id}>{x.proved ? 'Upload other proof' : 'Proof'} (PDF, PNG or JPEG)</label>
                    {error && (
                      <p class="error-message" id={`${id}-error`}>
                        <span class="visually-hidden">Error: </span>
                        {error}
                      </p>
                    )}
                    <input
                      type="file"
                      id={id}
                      name="proof"
                      accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
                      aria-invalid={error ? 'true' : undefined}
                      aria-describedby={error ? `${id}-error` : undefined}
                    />
                  </div>
                  <Button kind="secondary">Upload proof</Button>
                </Form>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

const feesLine = (r: MyRenewal, what: string) =>
  r.fees
    ? `${what} records as due: ${r.fees}. Pay it as the association asks.`
    : `${r.associationName} sets no fee for this: none is recorded.`;

function SubmitForm(props: { renewal: MyRenewal; form: RenewalForm | undefined }) {
  const r = props.renewal;
  return (
    <Form action={renewalPaths.submit(r.id)} label={`Renew ${r.credential} with ${r.associationName}`}>
      <h3>Renew</h3>
      <FormError step="submit" target={r.id} form={props.form} />
      {!r.checklist.met && <p>Renewing is refused until every requirement above is met.</p>}
      <p>{feesLine(r, 'Renewing')}</p>
      <Attest step="submit" target={r.id} form={props.form}>
        I attest that what my portfolio says of this renewal year is true.
      </Attest>
      <Button>Renew the endorsement</Button>
    </Form>
  );
}

function ReinstatementForm(props: { renewal: MyRenewal; form: RenewalForm | undefined }) {
  const r = props.renewal;
  return (
    <Form
      action={renewalPaths.reinstatement(r.id)}
      label={`Ask to reinstate ${r.credential} with ${r.associationName}`}
    >
      <h3>Ask to be reinstated</h3>
      <FormError step="reinstatement" target={r.id} form={props.form} />
      <p>
        When every year missed is made up, ask {r.associationName} to reinstate the endorsement.{' '}
        {feesLine(r, 'Asking')}
      </p>
      <Attest step="reinstatement" target={r.id} form={props.form}>
        I attest that what my portfolio says of the years missed is true.
      </Attest>
      <Button>Ask to be reinstated</Button>
    </Form>
  );
}

function PauseForm(props: { renewal: MyRenewal; form: RenewalForm | undefined }) {
  const r = props.renewal;
  const state = controlState(props.form, 'pause', r.id);
  const prefix = fieldId('pause', r.id, '');
  return (
    <Form action={renewalPaths.pause(r.id)} label={`Pause ${r.credential} with ${r.associationName}`}>
      <h3>Pause (inactive status)</h3>
      <FormError step="pause" target={r.id} form={props.form} />
      <p>
        On leave or ill? Pause the endorsement: no renewal is due while it is inactive, the registry does not
        list it and its credential does not verify as valid. To return, you ask to be reinstated.
      </p>
      <Field
        name="untilOn"
        type="date"
        idPrefix={prefix}
        label="Paused until"
        hint={r.pauseUntilLatest && `At most until ${longDate(r.pauseUntilLatest)}.`}
        value={state.value('untilOn')}
        error={state.error('untilOn')}
      />
      <TextArea
        name="reason"
        id={`${prefix}reason`}
        label="Why (leave, illness…)"
        hint="The association reads it."
        form={{ errors: state.errors, values: {} }}
        value={state.value('reason')}
      />
      <Button kind="secondary">Pause the endorsement</Button>
    </Form>
  );
}
