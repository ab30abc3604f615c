// The coordinator's renewal year: counts by standing (each a link to its
// list), the search, the list in pages, and one endorsee's renewal (the
// checklist, the record, audited entries with their proof and the
// accept/reject forms, the extension and reinstate forms, the history).
import type { RenewalStanding } from '../../domain/renewal.ts';
import { longDate } from '../../domain/references.ts';
import type { RenewalResult } from '../../engine/evaluate.ts';
import type { EndorseeRenewal, RenewalYear, RenewalYearRow } from '../../services/renewal-year.ts';
import { Checklist } from '../checklist.tsx';
import {
  Button,
  ErrorSummary,
  Field,
  type FieldError,
  Form,
  type FormValues,
  Select,
  valueOf,
  When,
} from '../components.tsx';
import { EndorsementHistory, statusText } from './endorsements.tsx';
import { TextArea } from './review.tsx';

export const standingLabels: Record<RenewalStanding, string> = {
  renewed: 'Renewed',
  'due-met': 'Due, checklist met',
  'due-missing': 'Due, hours missing',
  grace: 'In grace',
  lapsed: 'Lapsed',
  inactive: 'Inactive',
  audited: 'Under audit',
};
const standingOrder = Object.keys(standingLabels) as RenewalStanding[];

const renewalsPath = (slug: string) => `/associations/${encodeURIComponent(slug)}/renewals`;
const endorseePath = (slug: string, id: string) => `${renewalsPath(slug)}/${encodeURIComponent(id)}`;

/** The year page's address with these filters (empty ones left out). */
function yearQuery(filters: { year: number; standing?: string; q?: string; page?: number }): string {
  const params = new URLSearchParams({ year: String(filters.year) });
  if (filters.standing) params.set('standing', filters.standing);
  if (filters.q) params.set('q', filters.q);
  if (filters.page && filters.page > 1) params.set('page', String(filters.page));
  return `?${params.toString()}`;
}

/** The rows as the CSV export writes them, the header first. */
export function renewalYearCsvRows(rows: readonly RenewalYearRow[]): string[][] {
  return [
    [
      'Number',
      'Endorsee',
      'E-mail',
      'Credential',
      'Standing',
      'Due',
      'Due (with extension)',
      'Still missing',
      'Fees recorded',
      'Audited',
    ],
    ...rows.map((r) => [
      String(r.number),
      r.personName,
      r.personEmail,
      r.credential,
      standingLabels[r.standing],
      r.dueOn,
      r.effectiveDueOn,
      r.missing.join('; '),
      r.fees ?? '',
      r.audited ? 'yes' : 'no',
    ]),
  ];
}

export function RenewalYearPage(
  props: RenewalYear & {
    association: { slug: string; name: string };
    values: FormValues;
    errors?: FieldError[] | undefined;
  },
) {
  const { values, errors } = props;
  const base = renewalsPath(props.association.slug);
  const standing = valueOf(values, 'standing');
  const q = valueOf(values, 'q');
  const filters = { year: props.year, standing, q };
  const filtered = !!(standing || q);
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>
        Renewals {props.year}: {props.association.name}
      </h1>
      <p>
        Every endorsement whose renewal falls due in {props.year}: renewed, due, in grace, lapsed or inactive.{' '}
        {props.total === 1 ? '1 endorsement' : `${props.total} endorsements`} in all.
      </p>
      <nav aria-label="Other years" class="pager">
        <a href={`${base}${yearQuery({ year: props.year - 1 })}`}>Renewals {props.year - 1}</a>{' '}
        <a href={`${base}${yearQuery({ year: props.year + 1 })}`}>Renewals {props.year + 1}</a>
      </nav>
      <section aria-labelledby="counts-title">
        <h2 id="counts-title">By standing</h2>
        <ul class="counts">
          {standingOrder.map((s) => (
            <li key={s}>
              <a
                href={`${base}${yearQuery({ year: props.year, standing: s })}`}
                aria-current={standing === s ? 'true' : undefined}
              >
                {standingLabels[s]}: <strong>{props.counts[s]}</strong>
              </a>
            </li>
          ))}
          {standing && (
            <li>
              <a href={`${base}${yearQuery({ year: props.year })}`}>Every standing</a>
            </li>
          )}
        </ul>
      </section>
      <form method="get" action={base} class="filters" role="search" aria-label="Find renewals">
        <Field name="year" type="number" label="Year" form={{ values, errors }} />
        <Select
          name="standing"
          label="Standing"
          options={[
            { value: '', label: 'Every standing' },
            ...standingOrder.map((s) => ({ value: s, label: standingLabels[s] })),
          ]}
          form={{ values, errors }}
        />
        <Field name="q" type="search" label="Name, e-mail or number" form={{ values, errors }} />
        <Button>Find</Button>
      </form>
      <p>
        <a href={`${base}.csv${yearQuery(filters)}`}>Download this list (CSV)</a>
      </p>
      {props.rows.length ? (
        <>
          <p>
            {props.matching === 1 ? '1 endorsement' : `${props.matching} endorsements`}
            {filtered ? ' match' : ''}
            {props.pages > 1 ? `; page ${props.page} of ${props.pages}` : ''}.
          </p>
          <table class="table-stack">
            <caption class="visually-hidden">
              Renewals {props.year} of {props.association.name}, by number
            </caption>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Endorsee</th>
                <th scope="col">Credential</th>
                <th scope="col">Standing</th>
                <th scope="col">Due</th>
                <th scope="col">Still missing</th>
                <th scope="col">Fees recorded</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr key={r.endorsementId}>
                  <td data-label="Number">
                    <a href={endorseePath(props.association.slug, r.endorsementId)}>
                      <span class="visually-hidden">Renewal of endorsement </span>
                      {r.number}
                    </a>
                  </td>
                  <td data-label="Endorsee">
                    {r.personName} <span class="hint">{r.personEmail}</span>
                  </td>
                  <td data-label="Credential">{r.credential}</td>
                  <td data-label="Standing">
                    {standingLabels[r.standing]}
                    {r.audited && r.standing === 'renewed' && <span class="hint"> (audited)</span>}
                  </td>
                  <td data-label="Due">
                    {longDate(r.dueOn)}
                    {r.effectiveDueOn !== r.dueOn && (
                      <span class="hint"> (extended to {longDate(r.effectiveDueOn)})</span>
                    )}
                  </td>
                  <td data-label="Still missing">
                    {r.missing.length ? (
                      <ul class="compact">
                        {r.missing.map((m) => (
                          <li key={m}>{m}</li>
                        ))}
                      </ul>
                    ) : (
                      <span class="hint">Nothing</span>
                    )}
                  </td>
                  <td data-label="Fees recorded">{r.fees ?? <span class="hint">None</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : errors?.length ? null : (
        <p>{filtered ? 'No endorsements match.' : `No renewals fall due in ${props.year}.`}</p>
      )}
      {props.pages > 1 && (
        <nav aria-label="Pages of the list" class="pager">
          {props.page > 1 && (
            <a href={`${base}${yearQuery({ ...filters, page: props.page - 1 })}`}>Previous page</a>
          )}{' '}
          {props.page < props.pages && (
            <a href={`${base}${yearQuery({ ...filters, page: props.page + 1 })}`}>Next page</a>
          )}
        </nav>
      )}
    </>
  );
}

/** The form sent back with what was typed and what is wrong: which form, its errors and values. */
export interface RenewalForm {
  form: 'extension' | 'reinstate' | `decision-${string}`;
  errors: FieldError[];
  values: FormValues;
}

const decisionText: Record<string, string> = {
  pending: 'Waiting for a decision',
  accepted: 'Accepted',
  rejected: 'Rejected',
};

const asChecklist = (r: RenewalResult) => ({ ...r, on: r.to });

export function EndorseeRenewalPage(
  props: EndorseeRenewal & {
    association: { slug: string; name: string };
    sent?: RenewalForm | undefined;
  },
) {
  const e = props.endorsement;
  const slug = props.association.slug;
  const path = endorseePath(slug, e.id);
  const stateOf = (form: RenewalForm['form']) =>
    props.sent?.form === form ? { errors: props.sent.errors, values: props.sent.values } : {};
  const p = props.position;
  const r = props.renewal;
  return (
    <>
      <ErrorSummary errors={props.sent?.errors} />
      <p>
        <a href={renewalsPath(slug)}>Renewals of {props.association.name}</a> ·{' '}
        <a href={`/associations/${encodeURIComponent(slug)}/endorsements/${encodeURIComponent(e.id)}`}>
          The endorsement
        </a>
      </p>
      <h1>
        Renewal: {props.person.name}, {e.credential} number {e.number}
      </h1>
      <dl class="facts">
        <dt>Endorsee</dt>
        <dd>
          {props.person.name} <span class="hint">{props.person.email}</span>
        </dd>
        <dt>Credential</dt>
        <dd>
          {props.credentialName} ({e.credential})
        </dd>
        <dt>Status</dt>
        <dd>
          <strong>{statusText(e.status)}</strong>
          {props.standing && ` (${standingLabels[props.standing].toLowerCase()})`}
        </dd>
        <dt>Renewal due</dt>
        <dd>{longDate(p.dueOn)}</dd>
        {p.extension && (
          <>
            <dt>Extended to</dt>
            <dd>
              {longDate(p.extension.untilOn)} <span class="hint">({p.extension.reason})</span>
            </dd>
          </>
        )}
        {e.status === 'active' && (
          <>
            <dt>Lapses on</dt>
            <dd>{longDate(p.lapsesOn)}</dd>
          </>
        )}
        {props.pause && (
          <>
            <dt>Paused</dt>
            <dd>
              From {longDate(props.pause.fromOn)} until {longDate(props.pause.untilOn)}{' '}
              <span class="hint">({props.pause.reason})</span>
            </dd>
          </>
        )}
      </dl>

      <section aria-labelledby="record-title">
        <h2 id="record-title">The renewal record</h2>
        {r ? (
          <dl class="facts">
            <dt>Kind</dt>
            <dd>{r.kind === 'reinstatement' ? 'Reinstatement requested' : 'Renewal'}</dd>
            <dt>For the due date</dt>
            <dd>{longDate(r.dueOn)}</dd>
            <dt>Submitted</dt>
            <dd>
              <When at={r.submittedAt} />
            </dd>
            <dt>Standing</dt>
            <dd>
              {r.status === 'renewed'
                ? 'Complete'
                : r.status === 'audit'
                  ? 'Under audit'
                  : 'Waiting for you to reinstate'}
              {r.late && ' (late)'}
            </dd>
            <dt>Fees recorded</dt>
            <dd>{r.fees ?? 'None'}</dd>
            <dt>Audited</dt>
            <dd>{r.audited ? 'Yes' : 'No'}</dd>
          </dl>
        ) : (
          <p>The endorsee has not submitted a renewal for this due date yet.</p>
        )}
      </section>

      {props.auditEntries.length > 0 && (
        <section aria-labelledby="audit-title">
          <h2 id="audit-title">Audited entries</h2>
          <ul class="audit-entries">
            {props.auditEntries.map((a) => {
              const form = `decision-${a.id}` as const;
              const sent = stateOf(form);
              return (
                <li key={a.id}>
                  <h3>
                    {a.title}
                    {a.hours !== undefined && `, ${a.hours} hours`}
                    {a.date && `, ${longDate(a.date)}`}
                  </h3>
                  <p>
                    {a.proofUploaded ? (
                      <a href={`${renewalsPath(slug)}/audit-entries/${encodeURIComponent(a.id)}/proof`}>
                        Download the proof<span class="visually-hidden"> for {a.title}</span>
                      </a>
                    ) : (
                      'No proof uploaded yet.'
                    )}{' '}
                    <strong>{decisionText[a.decision] ?? a.decision}</strong>
                    {a.reason && `: ${a.reason}`}
                  </p>
                  {a.mayDecide && (
                    <Form
                      action={`${renewalsPath(slug)}/audit-entries/${encodeURIComponent(a.id)}/decision`}
                      label={`Decide on ${a.title}`}
                    >
                      <TextArea
                        name="reason"
                        id={`${a.id}-reason`}
                        label="Reason (needed to reject; the endorsee is told)"
                        form={sent}
                      />
                      <div class="buttons">
                        <button type="submit" class="button primary" name="decision" value="accepted">
                          Accept<span class="visually-hidden"> {a.title}</span>
                        </button>{' '}
                        <button type="submit" class="button secondary" name="decision" value="rejected">
                          Reject<span class="visually-hidden"> {a.title}</span>
                        </button>
                      </div>
                    </Form>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      )}

      {props.checklist.results.map((result, i) => (
        <Checklist
          key={result.from}
          id={`checklist-${i}`}
          result={asChecklist(result)}
          title={`${longDate(result.from)} to ${longDate(result.to)}`}
        />
      ))}
      {props.checklist.problems.map((problem) => (
        <p key={problem.path} class="error-message">
          The portfolio has an entry Endorse cannot read ({problem.path}: {problem.message}).
        </p>
      ))}

      {(props.may.extend || props.may.reinstate) && (
        <section aria-labelledby="actions-title">
          <h2 id="actions-title">What you can do</h2>
          {props.may.extend && (
            <Form action={`${path}/extension`} label="Extend the renewal">
              <h3>Extend the renewal</h3>
              <p>
                The renewal due on {longDate(p.dueOn)} may then be made until the date you give, with no late
                fee before it. The endorsee is told, with your reason.
              </p>
              <Field name="untilOn" type="date" label="Extended to" form={stateOf('extension')} />
              <TextArea
                name="reason"
                id="extension-reason"
                label="Reason for the extension"
                form={stateOf('extension')}
              />
              <Button>Grant the extension</Button>
            </Form>
          )}
          {props.may.reinstate && (
            <Form action={`${path}/reinstate`} label="Reinstate">
              <h3>Reinstate</h3>
              <p>
                The endorsee has made up the years missed and asked to be reinstated. The endorsement becomes
                active again, with a new credential and the next due date.
              </p>
              <Button>Reinstate the endorsement</Button>
            </Form>
          )}
        </section>
      )}

      <EndorsementHistory history={props.history} />
    </>
  );
}
