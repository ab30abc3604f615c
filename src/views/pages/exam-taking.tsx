// The applicant's exam: before the sitting, one page per item and per essay
// while it runs (real forms, so it works without JavaScript; public/exam.js
// autosaves and counts down), the submit page, what follows; and the exam
// administrator's paper entry. Nothing here ever holds an item's key.
import type { ComponentChildren } from 'preact';
import type {
  Clock,
  EssayPage,
  EssaysPage,
  ExamPage,
  ItemPage,
  SubmitPage,
} from '../../services/exam-taking.ts';
import type { PaperEntryPage } from '../../services/exam-paper.ts';
import {
  Button,
  ErrorSummary,
  errorOf,
  type FieldError,
  Form,
  type FormValues,
  Radios,
  valueOf,
  When,
} from '../components.tsx';

const examPath = (id: string) => `/applications/${encodeURIComponent(id)}/exam`;

/** "2 h 05 min" from seconds. */
export function timeLeftText(seconds: number): string {
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/**
 * The frame of every exam page: larger text for an applicant granted it, and
 * the clock the script counts down from (the seconds the server says are left).
 */
function ExamFrame(props: {
  largeText: boolean;
  clock?: Clock;
  applicationId: string;
  children: ComponentChildren;
}) {
  return (
    <div class={props.largeText ? 'exam exam-large-text' : 'exam'}>
      {props.clock && (
        <p
          class="exam-clock"
          data-seconds-left={String(props.clock.secondsLeft)}
          data-exam={examPath(props.applicationId)}
        >
          <strong>Time left: </strong>
          <span id="exam-time-left" aria-live="polite">
            {timeLeftText(props.clock.secondsLeft)}
          </span>{' '}
          (the exam ends at <When at={props.clock.endsAt} /> and is then submitted as it stands)
        </p>
      )}
      {props.children}
      <script src="/assets/exam.js" defer />
    </div>
  );
}

const phaseHeading: Record<ExamPage['phase'], string> = {
  none: 'No sitting yet',
  paper: 'Your sitting is on paper',
  before: 'Your sitting has not started yet',
  open: 'You may start the exam now',
  missed: 'The time to start has passed',
  during: 'Your exam is under way',
  after: 'Your exam has been submitted',
};

/** The applicant's exam page. */
export function ExamPageView(props: { page: ExamPage }) {
  const { page } = props;
  const id = page.application.id;
  const a = page.accommodation;
  const clock = page.phase === 'during' && page.attempt ? page.attempt : undefined;
  return (
    <ExamFrame largeText={page.largeText} applicationId={id} {...(clock ? { clock } : {})}>
      <h1>Written examination: {page.application.credential}</h1>
      <h2>{phaseHeading[page.phase]}</h2>
      {page.phase === 'none' && (
        <p>
          You are not registered for a sitting of the exam. Once your application is approved you can{' '}
          <a href={`${examPath(id)}/sittings`}>choose a sitting</a>, or the coordinator registers you.
        </p>
      )}
      {page.sitting && page.form && page.phase !== 'during' && page.phase !== 'after' && (
        <>
          <p>Your sitting: {page.sitting.when}.</p>
          <h3>What to expect</h3>
          <ul>
            <li>{page.form.mcItems} multiple-choice items, one page each: choose one option.</li>
            <li>
              {page.form.vignettesOffered} vignettes, of which you answer {page.form.vignettesAnswered} with
              an essay each.
            </li>
            <li>
              {page.minutes} minutes from the moment you start
              {page.minutes !== page.form.timeLimitMinutes
                ? ` (the exam's ${page.form.timeLimitMinutes} minutes with your accommodation)`
                : ''}
              . The server keeps the time; when it runs out, the exam is submitted as it stands.
            </li>
            <li>
              Every answer is saved the moment you give it: if your browser closes or the connection drops,
              open this page again and carry on where you were, with the time left.
            </li>
          </ul>
          {a && (
            <>
              <h3>Your accommodations</h3>
              <ul>
                {a.extraTime !== 1 && <li>Extra time: {a.extraTime}× the time limit</li>}
                {a.breakMinutes > 0 && <li>Breaks: {a.breakMinutes} minutes added</li>}
                {a.largeText && <li>Larger text on the exam pages</li>}
                {a.paper && <li>A paper sitting</li>}
              </ul>
            </>
          )}
        </>
      )}
      {page.phase === 'paper' && (
        <p>Bring identification. Your answers on paper are entered by the association after the sitting.</p>
      )}
      {page.phase === 'before' && (
        <p>
          The exam opens at <When at={page.opensAt} />. Come back to this page then to start it.
        </p>
      )}
      {page.phase === 'open' && (
        <Form action={`${examPath(id)}/start`}>
          <p>
            You may start until <When at={page.closesAt} />. The clock starts when you choose the button.
          </p>
          <Button>Start the exam</Button>
        </Form>
      )}
      {page.phase === 'missed' && (
        <p>
          The exam could be started until <When at={page.closesAt} />. Ask the coordinator about another
          sitting.
        </p>
      )}
      {page.phase === 'during' && <DuringList page={page} />}
      {page.phase === 'after' && page.attempt && (
        <>
          <p>
            {page.attempt.submittedHow === 'time-out'
              ? 'The time ran out and your exam was submitted as it stood'
              : page.attempt.submittedHow === 'paper-entry'
                ? 'Your paper exam was entered'
                : 'You submitted your exam'}{' '}
            at <When at={page.attempt.submittedAt} />.
          </p>
          {page.attempt.status === 'scored' ? (
            <p>
              Your result is ready: <a href={`${examPath(id)}/result`}>read your result</a>.
            </p>
          ) : (
            <p>
              The multiple-choice part has been scored. Your essays are now read by two readers who do not
              know who wrote them; you will be told by e-mail when your result is ready.
            </p>
          )}
        </>
      )}
      <p>
        <a href={`/applications/${encodeURIComponent(id)}`}>Back to your application</a>
      </p>
    </ExamFrame>
  );
}

function DuringList(props: { page: ExamPage }) {
  const { page } = props;
  const id = page.application.id;
  const unanswered = page.items.filter((i) => !i.answered).length;
  const chosen = page.vignettes.filter((v) => v.chosen);
  return (
    <>
      <p>
        <a
          class="button primary"
          href={`${examPath(id)}/items/${page.items.find((i) => !i.answered)?.n ?? 1}`}
        >
          {unanswered === page.items.length ? 'Begin with item 1' : 'Carry on'}
        </a>
      </p>
      <h3>Multiple choice</h3>
      <p>
        {page.items.length - unanswered} of {page.items.length} answered.
      </p>
      <ol class="exam-items">
        {page.items.map((item) => (
          <li key={item.n}>
            <a href={`${examPath(id)}/items/${item.n}`}>
              Item {item.n}: {item.answered ? 'answered' : 'not answered'}
            </a>
          </li>
        ))}
      </ol>
      <h3>Essays</h3>
      {chosen.length ? (
        <ul>
          {chosen.map((v) => (
            <li key={v.n}>
              <a href={`${examPath(id)}/essays/${v.n}`}>
                Vignette {v.n}: {v.written ? 'written' : 'not written yet'}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <p>You have not chosen your vignettes yet.</p>
      )}
      <p>
        <a href={`${examPath(id)}/essays`}>Choose the vignettes you answer</a>
      </p>
      <p>
        <a href={`${examPath(id)}/submit`}>Review and submit the exam</a>
      </p>
    </>
  );
}

/** One multiple-choice item. */
export function ItemPageView(props: { page: ItemPage; errors?: FieldError[] }) {
  const { page } = props;
  const base = examPath(page.applicationId);
  return (
    <ExamFrame largeText={page.largeText} clock={page} applicationId={page.applicationId}>
      <h1>
        Item {page.n} of {page.total}
      </h1>
      <ErrorSummary errors={props.errors} />
      <Form action={`${base}/items/${page.n}`} class="exam-form">
        <Radios
          name="choice"
          legend={<span class="exam-stem">{page.text}</span>}
          options={page.options.map((o) => ({ value: String(o.index), label: `${o.letter}. ${o.text}` }))}
          value={page.choice === null ? '' : String(page.choice)}
          error={errorOf(props.errors, 'choice')}
        />
        <input type="hidden" name="item" value={String(page.n)} />
        <p class="exam-save-status" role="status" />
        <p class="actions">
          {page.n > 1 && (
            <button type="submit" class="button secondary" name="go" value="previous">
              Previous
            </button>
          )}
          <button type="submit" class="button primary" name="go" value="next">
            {page.n < page.total ? 'Save and next' : 'Save and go to the essays'}
          </button>
          <button type="submit" class="button secondary" name="go" value="list">
            Save and see all items
          </button>
        </p>
      </Form>
    </ExamFrame>
  );
}

/** Choosing K of the M vignettes. */
export function EssaysPageView(props: { page: EssaysPage; errors?: FieldError[]; values?: FormValues }) {
  const { page } = props;
  const base = examPath(page.applicationId);
  const error = errorOf(props.errors, 'vignettes');
  return (
    <ExamFrame largeText={page.largeText} clock={page} applicationId={page.applicationId}>
      <h1>The essays: choose your vignettes</h1>
      <ErrorSummary errors={props.errors} />
      <Form action={`${base}/essays`}>
        <fieldset class={error ? 'field field-error' : 'field'}>
          <legend>
            Choose {page.answered} of the {page.vignettes.length} vignettes to answer
          </legend>
          {error && (
            <p class="error-message" id="vignettes-error">
              <span class="visually-hidden">Error: </span>
              {error}
            </p>
          )}
          {page.vignettes.map((v, i) => (
            <div class="checkbox exam-vignette" key={v.n}>
              <input
                type="checkbox"
                id={i === 0 ? 'vignettes' : `vignettes-${v.n}`}
                name="vignettes"
                value={String(v.n)}
                checked={v.chosen}
              />
              <label for={i === 0 ? 'vignettes' : `vignettes-${v.n}`}>
                <strong>
                  Vignette {v.n}
                  {v.written ? ' (essay written)' : ''}.
                </strong>{' '}
                {v.text}
              </label>
            </div>
          ))}
        </fieldset>
        <Button>Save my choice and write</Button>
      </Form>
      <p>
        <a href={base}>Back to the exam</a>
      </p>
    </ExamFrame>
  );
}

/** One chosen vignette and its essay. */
export function EssayPageView(props: { page: EssayPage; errors?: FieldError[]; values?: FormValues }) {
  const { page } = props;
  const base = examPath(page.applicationId);
  const i = page.chosen.indexOf(page.n);
  const next = page.chosen[i + 1];
  const error = errorOf(props.errors, 'text');
  const typed = valueOf(props.values, 'text');
  return (
    <ExamFrame largeText={page.largeText} clock={page} applicationId={page.applicationId}>
      <h1>Vignette {page.n}</h1>
      <ErrorSummary errors={props.errors} />
      <p class="exam-stem">{page.vignette}</p>
      <Form action={`${base}/essays/${page.n}`} class="exam-form">
        <input type="hidden" name="essay" value={String(page.n)} />
        <div class={error ? 'field field-error' : 'field'}>
          <label for="text">Your essay</label>
          {error && (
            <p class="error-message" id="text-error">
              <span class="visually-hidden">Error: </span>
              {error}
            </p>
          )}
          <textarea id="text" name="text" rows={20} aria-invalid={error ? 'true' : undefined}>
            {typed || page.text}
          </textarea>
        </div>
        <p class="exam-save-status" role="status" />
        <p class="actions">
          <button type="submit" class="button primary" name="go" value="next">
            {next ? `Save and go to vignette ${next}` : 'Save and review the exam'}
          </button>
          <button type="submit" class="button secondary" name="go" value="stay">
            Save
          </button>
        </p>
      </Form>
      <p>
        <a href={base}>Back to the exam</a>
      </p>
    </ExamFrame>
  );
}

/** What is unanswered, and the submit button. */
export function SubmitPageView(props: { page: SubmitPage }) {
  const { page } = props;
  const base = examPath(page.applicationId);
  return (
    <ExamFrame largeText={page.largeText} clock={page} applicationId={page.applicationId}>
      <h1>Submit the exam</h1>
      {page.unanswered.length ? (
        <>
          <p>
            {page.unanswered.length} of {page.total} multiple-choice items are not answered (an unanswered
            item counts as wrong):
          </p>
          <ul class="exam-unanswered">
            {page.unanswered.map((n) => (
              <li key={n}>
                <a href={`${base}/items/${n}`}>Item {n}</a>
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p>Every multiple-choice item is answered.</p>
      )}
      {page.unwritten.length > 0 && (
        <ul>
          {page.unwritten.map((n) => (
            <li key={n}>
              <a href={`${base}/essays/${n}`}>Vignette {n}: no essay written yet</a>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`${base}/essays`}>Your vignettes</a> ({page.essaysToWrite} to answer).
      </p>
      <Form action={`${base}/submit`}>
        <p>Once submitted, nothing can be changed.</p>
        <Button>Submit the exam</Button>
      </Form>
    </ExamFrame>
  );
}

/** The exam administrator's paper entry of one registration. */
export function PaperEntryView(props: {
  page: PaperEntryPage;
  action: string;
  sittingHref: string;
  errors?: FieldError[];
  values?: FormValues;
}) {
  const { page, errors, values } = props;
  return (
    <>
      <h1>Paper entry: {page.applicantName}</h1>
      <p>
        Sitting: {page.sitting.when}. <a href={props.sittingHref}>Back to the sitting</a>
      </p>
      {page.entered ? (
        <p>
          Entered at <When at={page.entered.submittedAt} />: the multiple-choice part is scored
          {page.entered.status === 'scored'
            ? ' and so is the whole exam'
            : '; the essays go to their readers'}
          .
        </p>
      ) : page.registration.status !== 'registered' ? (
        <p>This registration is not waiting to be sat (it is {page.registration.status}).</p>
      ) : (
        <>
          <ErrorSummary errors={errors} />
          <Form action={props.action}>
            <h2>Multiple choice</h2>
            <p class="hint">
              The letter marked for each item; leave it blank when none (or more than one) is marked.
            </p>
            <table class="table-stack">
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Letter marked</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((item) => {
                  const name = `item.${item.n}`;
                  const error = errorOf(errors, name);
                  return (
                    <tr key={item.n} class={error ? 'field-error' : undefined}>
                      <th scope="row">
                        <label for={name}>
                          Item {item.n} ({item.letters[0]}–{item.letters.at(-1)})
                        </label>
                      </th>
                      <td>
                        {error && (
                          <p class="error-message" id={`${name}-error`}>
                            {error}
                          </p>
                        )}
                        <input
                          id={name}
                          name={name}
                          size={2}
                          maxLength={3}
                          value={valueOf(values, name)}
                          aria-invalid={error ? 'true' : undefined}
                          aria-describedby={error ? `${name}-error` : undefined}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <h2>Essays</h2>
            <p class="hint">
              The applicant answers {page.vignettesAnswered} of the {page.vignettes.length} vignettes: type
              each essay under its vignette, and leave the others empty.
            </p>
            {page.vignettes.map((v) => {
              const name = `essay.${v.n}`;
              const error = errorOf(errors, name);
              return (
                <div class={error ? 'field field-error' : 'field'} key={v.n}>
                  <label for={name}>
                    Vignette {v.n}: {v.text}
                  </label>
                  {error && (
                    <p class="error-message" id={`${name}-error`}>
                      {error}
                    </p>
                  )}
                  <textarea id={name} name={name} rows={8}>
                    {valueOf(values, name)}
                  </textarea>
                </div>
              );
            })}
            <Button>Enter and score</Button>
          </Form>
        </>
      )}
    </>
  );
}
