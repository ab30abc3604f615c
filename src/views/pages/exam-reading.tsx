// The reader's blind queue and one response to score: the text, the vignette
// and its rubric, a field per criterion. Nothing here says whose response it
// is; other readers' scores appear only once the first two reads are in and
// this reader has given one.
import type { AssociationRow } from '../../db/repositories/associations.ts';
import type { EssayReadRow } from '../../db/repositories/exam-reads.ts';
import type { EssaySettlement } from '../../domain/exam.ts';
import type { MyRead, QueueEntry, ResponseForReader } from '../../services/exam-reading.ts';
import { Button, ErrorSummary, Field, type FieldError, Form, type FormValues, When } from '../components.tsx';
import { TextArea } from './review.tsx';

export interface FormBack {
  errors: FieldError[];
  values: FormValues;
}

export const readingPath = (slug: string, blindCode?: string) =>
  `/associations/${encodeURIComponent(slug)}/exam/reading${blindCode ? `/${encodeURIComponent(blindCode)}` : ''}`;

const slotLabels: Record<1 | 2 | 3, string> = {
  1: 'first read',
  2: 'second read',
  3: 'third read (the first two differ)',
};
const howLabels: Record<QueueEntry['submittedHow'], string> = {
  applicant: 'submitted',
  'time-out': 'submitted when time ran out',
  'paper-entry': 'entered from paper',
};

const settlementText = (s: EssaySettlement) =>
  s.status === 'settled'
    ? `Settled at ${s.points} points${s.thirdRead ? ' after a third read' : ''}`
    : s.slots.includes(3)
      ? 'Waiting for a third reader'
      : 'Waiting for the other reader';

export function ReadingQueuePage(props: {
  association: AssociationRow;
  queue: readonly QueueEntry[];
  read: readonly MyRead[];
  threshold: number;
}) {
  const { association, queue, read } = props;
  return (
    <>
      <h1>Essays to read: {association.name}</h1>
      <p>
        Each essay is read blind by two readers; when their totals differ by more than {props.threshold}{' '}
        points a third reader scores it. You see a response by its code only, and the other readers' scores
        once the first two reads are in.
      </p>
      {queue.length ? (
        <table class="table-stack">
          <caption>Responses waiting for a read you may give, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">Response</th>
              <th scope="col">Vignette</th>
              <th scope="col">Read</th>
              <th scope="col">Submitted</th>
            </tr>
          </thead>
          <tbody>
            {queue.map((q) => (
              <tr key={q.blindCode}>
                <td data-label="Response">
                  <a href={readingPath(association.slug, q.blindCode)}>Read response {q.blindCode}</a>
                </td>
                <td data-label="Vignette">
                  {q.vignette.code} (version {q.vignette.version})
                </td>
                <td data-label="Read">{slotLabels[q.slot]}</td>
                <td data-label="Submitted">
                  <When at={q.submittedAt} /> <span class="hint">{howLabels[q.submittedHow]}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="empty">No response is waiting for a read from you.</p>
      )}
      <h2>Responses you have read</h2>
      {read.length ? (
        <table class="table-stack">
          <caption>Your reads and where each response stands</caption>
          <thead>
            <tr>
              <th scope="col">Response</th>
              <th scope="col">Your total</th>
              <th scope="col">Where it stands</th>
            </tr>
          </thead>
          <tbody>
            {read.map((r) => (
              <tr key={r.blindCode}>
                <td data-label="Response">
                  <a href={readingPath(association.slug, r.blindCode)}>Response {r.blindCode}</a>
                </td>
                <td data-label="Your total">{r.total} points</td>
                <td data-label="Where it stands">{settlementText(r.settlement)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="empty">You have read no response yet.</p>
      )}
    </>
  );
}

function ReadsTable(props: {
  reads: readonly EssayReadRow[];
  rubric: ResponseForReader['vignette']['rubric'];
}) {
  return (
    <table class="table-stack">
      <caption>Every reader's scores</caption>
      <thead>
        <tr>
          <th scope="col">Read</th>
          {props.rubric.map((c) => (
            <th scope="col" key={c.criterion}>
              {c.criterion} (of {c.points})
            </th>
          ))}
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody>
        {props.reads.map((r) => (
          <tr key={r.slot}>
            <td data-label="Read">{slotLabels[r.slot]}</td>
            {props.rubric.map((c, i) => (
              <td data-label={c.criterion} key={c.criterion}>
                {r.scores[i] ?? '—'}
              </td>
            ))}
            <td data-label="Total">{r.total}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReadResponsePage(props: {
  association: AssociationRow;
  model: ResponseForReader;
  form?: FormBack | undefined;
}) {
  const { association, model } = props;
  const { vignette, response, mine } = model;
  const total = vignette.rubric.reduce((x, c) => x + c.points, 0);
  return (
    <>
      <p>
        <a href={readingPath(association.slug)}>All essays to read</a>
      </p>
      <h1>Response {response.blindCode}</h1>
      <section aria-labelledby="vignette-title">
        <h2 id="vignette-title">
          The vignette: {vignette.code} (version {vignette.version})
        </h2>
        <p>{vignette.text}</p>
      </section>
      <section aria-labelledby="response-title">
        <h2 id="response-title">The response ({howLabels[response.submittedHow]})</h2>
        {response.text.trim() ? (
          response.text.split(/\n{2,}/).map((para, i) => <p key={i}>{para}</p>)
        ) : (
          <p class="empty">The response is empty: nothing was written.</p>
        )}
      </section>
      <section aria-labelledby="rubric-title">
        <h2 id="rubric-title">The rubric ({total} points)</h2>
        <ul>
          {vignette.rubric.map((c) => (
            <li key={c.criterion}>
              {c.criterion}: up to {c.points} points
            </li>
          ))}
        </ul>
      </section>
      {model.slot ? (
        <section aria-labelledby="score-title">
          <h2 id="score-title">Your scores: {slotLabels[model.slot]}</h2>
          <ErrorSummary errors={props.form?.errors} />
          <Form action={readingPath(association.slug, response.blindCode)} label="Score this response">
            {vignette.rubric.map((c, i) => (
              <Field
                key={c.criterion}
                name={`c${i}`}
                label={`${c.criterion} (0 to ${c.points} points)`}
                form={props.form}
              />
            ))}
            <TextArea
              name="comment"
              label="Comment (optional)"
              hint="For the record of this read: the applicant does not see it."
              form={props.form}
            />
            <p class="hint">A read is final once given: check your scores before you submit them.</p>
            <Button>Submit my scores</Button>
          </Form>
        </section>
      ) : mine ? (
        <section aria-labelledby="mine-title">
          <h2 id="mine-title">Your read</h2>
          <p>
            You gave {mine.total} points ({slotLabels[mine.slot]}) on <When at={mine.submittedAt} />
            {mine.comment ? `: “${mine.comment}”` : ''}.
          </p>
          {model.settlement && <p>{settlementText(model.settlement)}.</p>}
          {model.reads.length > 0 ? (
            <ReadsTable reads={model.reads} rubric={vignette.rubric} />
          ) : (
            <p class="hint">The other reader's scores appear here once they have scored it too.</p>
          )}
        </section>
      ) : (
        <p class="empty">This response needs no read from you.</p>
      )}
    </>
  );
}
