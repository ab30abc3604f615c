// The association's endorsements, for its coordinators: the list (search,
// status, pages), one endorsement (the endorsee, the credential and where it
// is verified, the history, and the steps its status allows: suspend,
// reinstate, revoke), and accepting an endorsement transferred from another
// association.
import {
  type EndorsementStatus,
  endorsementStatuses,
  endorsementStatusLabels,
} from '../../domain/endorsement.ts';
import {
  Button,
  ErrorSummary,
  errorOf,
  Field,
  type FieldError,
  Form,
  type FormValues,
  JsonFileOrText,
  Select,
  valueOf,
  When,
} from '../components.tsx';
import { TextArea } from './review.tsx';

export const statusText = (status: string) => endorsementStatusLabels[status as EndorsementStatus] ?? status;

/** What each kind of event in an endorsement's history is called. */
/** One event of an endorsement's history, with who acted. */
export interface EndorsementEvent {
  id: string;
  kind: string;
  reason: string | null;
  at: string;
  actorName: string | null;
}

/** What each event of an endorsement's history is called, on every page that shows it. */
export const eventLabels: Record<string, string> = {
  granted: 'Granted',
  renewed: 'Renewed',
  extended: 'Renewal extended',
  paused: 'Paused (inactive)',
  lapsed: 'Lapsed',
  reinstated: 'Reinstated',
  suspended: 'Suspended',
  revoked: 'Revoked',
  transferred: 'Transferred to another association',
  'transferred-in': 'Accepted by transfer',
};

const listPath = (slug: string) => `/associations/${encodeURIComponent(slug)}/endorsements`;
const endorsementPath = (slug: string, id: string) => `${listPath(slug)}/${encodeURIComponent(id)}`;

export interface EndorsementListItem {
  id: string;
  number: number;
  credential: string;
  status: string;
  listed: boolean;
  grantedOn: string;
  renewalDueOn: string;
  personName: string;
  personEmail: string;
}

/** The list's query as a query string, for links that keep it. */
function listQuery(values: FormValues, page?: number): string {
  const params = new URLSearchParams();
  for (const name of ['q', 'status']) {
    const v = valueOf(values, name);
    if (v) params.set(name, v);
  }
  if (page && page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function EndorsementsPage(props: {
  association: { slug: string; name: string };
  endorsements: EndorsementListItem[];
  total: number;
  page: number;
  pages: number;
  values: FormValues;
  errors?: FieldError[] | undefined;
  /** Whether the coordinator may accept a transfer (a link to the form). */
  mayAcceptTransfer: boolean;
}) {
  const { values, errors } = props;
  const base = listPath(props.association.slug);
  const filtered = ['q', 'status'].some((name) => valueOf(values, name));
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Endorsements: {props.association.name}</h1>
      {props.mayAcceptTransfer && (
        <p>
          An endorsee of another association moving here?{' '}
          <a href={`${base}/transfer`}>Accept a transferred endorsement</a>.
        </p>
      )}
      <form method="get" action={base} class="filters" role="search" aria-label="Find endorsements">
        <Field name="q" type="search" label="Name, e-mail or number" form={{ values, errors }} />
        <Select
          name="status"
          label="Status"
          options={[
            { value: '', label: 'Every status' },
            ...endorsementStatuses.map((s) => ({ value: s, label: endorsementStatusLabels[s] })),
          ]}
          form={{ values, errors }}
        />
        <Button>Find</Button>
      </form>
      {props.endorsements.length ? (
        <>
          <p>
            {props.total === 1 ? '1 endorsement' : `${props.total} endorsements`}
            {filtered ? ' match' : ''}
            {props.pages > 1 ? `; page ${props.page} of ${props.pages}` : ''}.
          </p>
          <table class="table-stack">
            <caption class="visually-hidden">
              Endorsements of {props.association.name}, the latest number first
            </caption>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Endorsee</th>
                <th scope="col">Credential</th>
                <th scope="col">Status</th>
                <th scope="col">Granted</th>
                <th scope="col">Renewal due</th>
              </tr>
            </thead>
            <tbody>
              {props.endorsements.map((e) => (
                <tr key={e.id}>
                  <td data-label="Number">
                    <a href={endorsementPath(props.association.slug, e.id)}>
                      <span class="visually-hidden">Endorsement </span>
                      {e.number}
                    </a>
                  </td>
                  <td data-label="Endorsee">
                    {e.personName} <span class="hint">{e.personEmail}</span>
                  </td>
                  <td data-label="Credential">{e.credential}</td>
                  <td data-label="Status">
                    {statusText(e.status)}
                    {e.status === 'active' && !e.listed && <span class="hint"> (not in the registry)</span>}
                  </td>
                  <td data-label="Granted">{e.grantedOn}</td>
                  <td data-label="Renewal due">{e.renewalDueOn}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : errors?.length ? null : (
        <p>{filtered ? 'No endorsements match.' : 'No endorsements yet.'}</p>
      )}
      {props.pages > 1 && (
        <nav aria-label="Pages of the list" class="pager">
          {props.page > 1 && <a href={`${base}${listQuery(values, props.page - 1)}`}>Previous page</a>}{' '}
          {props.page < props.pages && <a href={`${base}${listQuery(values, props.page + 1)}`}>Next page</a>}
        </nav>
      )}
    </>
  );
}

export type StatusStep = 'suspend' | 'reinstate' | 'revoke';

export interface EndorsementPageProps {
  association: { slug: string; name: string };
  endorsement: {
    id: string;
    number: number;
    credential: string;
    status: string;
    listed: boolean;
    grantedOn: string;
    renewalDueOn: string;
  };
  person: { name: string; email: string };
  credentialName: string;
  inRegistry: boolean;
  issued: { id: string; issuedAt: string } | undefined;
  verificationUrl: string;
  history: readonly EndorsementEvent[];
  transferredFrom: { association: string; number: number } | undefined;
  transferredTo: { association: string; number: number } | undefined;
  may: Record<StatusStep, boolean>;
  /** The form sent, when it comes back with what was typed and what is wrong. */
  form?: { step: StatusStep; errors: FieldError[]; values: FormValues } | undefined;
}

export function EndorsementPage(props: EndorsementPageProps) {
  const e = props.endorsement;
  const path = (step: StatusStep) => `${endorsementPath(props.association.slug, e.id)}/${step}`;
  const stateOf = (step: StatusStep) =>
    props.form?.step === step ? { errors: props.form.errors, values: props.form.values } : {};
  const confirmError = props.form?.errors.find((x) => x.field === 'revoke-confirm')?.message;
  const verificationPath = new URL(props.verificationUrl).pathname;
  return (
    <>
      <ErrorSummary errors={props.form?.errors} />
      <p>
        <a href={listPath(props.association.slug)}>All endorsements of {props.association.name}</a>
      </p>
      <h1>
        {props.person.name}: {e.credential} endorsement number {e.number}
      </h1>
      <dl class="facts">
        <dt>Endorsee</dt>
        <dd>
          {props.person.name} <span class="hint">{props.person.email}</span>
        </dd>
        <dt>Credential</dt>
        <dd>
          {props.credentialName} ({e.credential}), {props.association.name}
        </dd>
        <dt>Number</dt>
        <dd>{e.number}</dd>
        <dt>Granted</dt>
        <dd>{e.grantedOn}</dd>
        <dt>Renewal due</dt>
        <dd>
          {e.renewalDueOn}{' '}
          <a
            href={`/associations/${encodeURIComponent(props.association.slug)}/renewals/${encodeURIComponent(e.id)}`}
          >
            The renewal<span class="visually-hidden"> of endorsement {e.number}</span>
          </a>
        </dd>
        <dt>Status</dt>
        <dd>
          <strong>{statusText(e.status)}</strong>
        </dd>
        <dt>Public registry</dt>
        <dd>
          {props.inRegistry
            ? 'Listed'
            : e.listed
              ? `Not listed while ${statusText(e.status).toLowerCase()}`
              : 'Not listed: the endorsee chose not to be'}
        </dd>
        {props.transferredFrom && (
          <>
            <dt>Transferred from</dt>
            <dd>
              {props.transferredFrom.association}, number {props.transferredFrom.number}
            </dd>
          </>
        )}
        {props.transferredTo && (
          <>
            <dt>Transferred to</dt>
            <dd>
              {props.transferredTo.association}, number {props.transferredTo.number}
            </dd>
          </>
        )}
        <dt>Credential issued</dt>
        <dd>{props.issued ? <When at={props.issued.issuedAt} /> : 'None yet'}</dd>
        <dt>Verification</dt>
        <dd>
          <a href={verificationPath}>{props.verificationUrl}</a>
          <span class="hint"> (what anyone holding the credential sees)</span>
        </dd>
      </dl>

      {(props.may.suspend || props.may.reinstate || props.may.revoke) && (
        <section aria-labelledby="actions-title">
          <h2 id="actions-title">What you can do</h2>
          {props.may.suspend && (
            <Form action={path('suspend')} label="Suspend">
              <h3>Suspend</h3>
              <p>
                The credential stops verifying as valid and the registry stops listing the endorsee until you
                reinstate the endorsement. The endorsee is told, with your reason.
              </p>
              <TextArea
                name="reason"
                id="suspend-reason"
                label="Reason for the suspension"
                form={stateOf('suspend')}
              />
              <Button kind="secondary">Suspend the endorsement</Button>
            </Form>
          )}
          {props.may.reinstate && (
            <Form action={path('reinstate')} label="Reinstate">
              <h3>Reinstate</h3>
              <p>The endorsement becomes active again and the credential verifies as valid again.</p>
              <TextArea
                name="reason"
                id="reinstate-reason"
                label="Note (optional)"
                hint="For the history and the endorsee, for example what was done."
                form={stateOf('reinstate')}
              />
              <Button>Reinstate the endorsement</Button>
            </Form>
          )}
          {props.may.revoke && (
            <Form action={path('revoke')} label="Revoke">
              <h3>Revoke</h3>
              <p>
                <strong>A revocation is final:</strong> the endorsement cannot be reinstated, and its
                credential never verifies as valid again. The endorsee is told, with your reason.
              </p>
              <TextArea
                name="reason"
                id="revoke-reason"
                label="Reason for the revocation"
                form={stateOf('revoke')}
              />
              <div class={confirmError ? 'field field-error' : 'field'}>
                {confirmError && (
                  <p class="error-message" id="revoke-confirm-error">
                    <span class="visually-hidden">Error: </span>
                    {confirmError}
                  </p>
                )}
                <div class="checkbox">
                  <input
                    type="checkbox"
                    id="revoke-confirm"
                    name="confirm"
                    value="yes"
                    checked={props.form?.step === 'revoke' && valueOf(props.form.values, 'confirm') === 'yes'}
                    aria-describedby={confirmError ? 'revoke-confirm-error' : undefined}
                  />
                  <label for="revoke-confirm">I understand that the revocation is final.</label>
                </div>
              </div>
              <button type="submit" class="button danger">
                Revoke the endorsement
              </button>
            </Form>
          )}
        </section>
      )}

      <EndorsementHistory history={props.history} />
    </>
  );
}

export function TransferPage(props: {
  association: { slug: string; name: string };
  errors?: FieldError[] | undefined;
  values?: FormValues | undefined;
}) {
  const form = { errors: props.errors, values: props.values };
  return (
    <>
      <ErrorSummary errors={props.errors} />
      <p>
        <a href={listPath(props.association.slug)}>All endorsements of {props.association.name}</a>
      </p>
      <h1>Accept a transferred endorsement</h1>
      <p>
        An endorsee of another association on this site who moves here sends you the credential their
        association issued (a JSON file). Endorse checks that it is valid now and that it is theirs; then
        their endorsement there becomes <em>transferred</em> and {props.association.name} grants its own, with
        the same renewal date and a credential it signs.
      </p>
      <Form
        action={`${listPath(props.association.slug)}/transfer`}
        label="Accept a transferred endorsement"
        multipart
      >
        <Field
          name="email"
          type="email"
          label="The endorsee's e-mail address"
          hint="The address their credential was issued to; they must have an account here."
          autocomplete="off"
          form={form}
        />
        <JsonFileOrText
          ids={{ file: 'file', text: 'json' }}
          fileLabel="The credential file (JSON)"
          textLabel="Or paste the credential's JSON here"
          accept=".json,application/json,application/ld+json,application/vc+ld+json"
          errors={{ file: errorOf(props.errors, 'file'), text: errorOf(props.errors, 'json') }}
          value={valueOf(props.values, 'json')}
        />
        <Button>Check and accept</Button>
      </Form>
    </>
  );
}

/** An endorsement's history, oldest first: on the coordinator's endorsement and renewal pages. */
export function EndorsementHistory(props: { history: readonly EndorsementEvent[] }) {
  return (
    <section aria-labelledby="history-title">
      <h2 id="history-title">History</h2>
      <table class="table-stack">
        <caption>Every change of this endorsement, oldest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Who</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {props.history.map((h) => (
            <tr key={h.id}>
              <td data-label="When">
                <When at={h.at} />
              </td>
              <td data-label="What">{eventLabels[h.kind] ?? h.kind}</td>
              <td data-label="Who">{h.actorName ?? 'Endorse'}</td>
              <td data-label="Why">{h.reason ?? <span class="hint">No reason recorded</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
