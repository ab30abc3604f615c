// The exam's sittings: the coordinator's list and schedule form, one sitting
// with its roster, the staff's exam page of one application (registrations,
// accommodations), the applicant's choice of a sitting, and the "Your exam"
// part of the applicant's application page. Times are shown and entered in
// UTC, and the pages say so.
import { type EssayCategory, essayCategoryLabels, type ExamName, examLabels } from '../../domain/exam.ts';
import type { Accommodation, RegistrationStatus, SittingRow } from '../../db/repositories/exam-sittings.ts';
import type { ApplicantExamSummary } from '../../services/exam-sitting-pages.ts';
import { applicationStateText } from '../checklist.tsx';
import {
  Button,
  Checkboxes,
  ErrorSummary,
  errorOf,
  Field,
  type FieldError,
  Form,
  type FormValues,
  Radios,
  Select,
  When,
} from '../components.tsx';

const seg = encodeURIComponent;
export const sittingsPath = (slug: string) => `/associations/${seg(slug)}/exam/sittings`;
export const sittingPath = (slug: string, id: string) => `${sittingsPath(slug)}/${seg(id)}`;
export const staffExamPath = (slug: string, applicationId: string) =>
  `/associations/${seg(slug)}/applications/${seg(applicationId)}/exam`;
export const applicantSittingsPath = (applicationId: string) =>
  `/applications/${seg(applicationId)}/exam/sittings`;

/** A form that came back with errors: which one, what was wrong, what was typed. */
export interface FormBack {
  which: string;
  errors: FieldError[];
  values: FormValues;
}
const back = (form: FormBack | undefined, which: string, values: FormValues) =>
  form?.which === which ? { errors: form.errors, values: form.values } : { errors: [], values };

type Sitting = Pick<SittingRow, 'id' | 'exam' | 'startsAt' | 'mode' | 'place' | 'capacity' | 'status'>;

const modeText = (s: Pick<SittingRow, 'mode' | 'place'>) =>
  s.mode === 'online' ? `Online${s.place ? ` (${s.place})` : ''}` : `In person: ${s.place}`;

/** When and where a sitting is, as people read it. */
export function SittingWhen(props: { sitting: Pick<SittingRow, 'startsAt' | 'mode' | 'place'> }) {
  return (
    <>
      <When at={props.sitting.startsAt} />, {modeText(props.sitting)}
    </>
  );
}

const registrationText: Record<RegistrationStatus, string> = {
  registered: 'Registered',
  sat: 'Sat',
  rescheduled: 'Moved to another sitting',
  'no-show': 'Did not come (no-show: not counted as an attempt)',
  cancelled: 'Cancelled',
};

/** The accommodations in words, or "None". */
export const accommodationText = (a: Accommodation | undefined): string => {
  if (!a) return 'None';
  const parts = [
    a.extraTime > 1 ? `${a.extraTime}× time` : '',
    a.breakMinutes ? `${a.breakMinutes} minutes of breaks` : '',
    a.largeText ? 'larger text' : '',
    a.paper ? 'a paper sitting' : '',
  ].filter(Boolean);
  return [parts.join(', ') || 'None', a.note ? `(${a.note})` : ''].filter(Boolean).join(' ');
};

const utcHint =
  'In UTC (Coordinated Universal Time), as every time on these pages: 14:00 UTC is 9:00 in New York in winter.';

function SittingFields(props: { form: { errors: FieldError[]; values: FormValues }; idPrefix?: string }) {
  const { form } = props;
  return (
    <>
      <Field
        name="startsAt"
        label="Starts (date and time, UTC)"
        type="datetime-local"
        hint={utcHint}
        form={form}
      />
      <Radios
        name="mode"
        legend="How it is sat"
        options={[
          { value: 'online', label: 'Online, in the browser' },
          { value: 'in-person', label: 'In person (on paper)' },
        ]}
        form={form}
      />
      <Field
        name="place"
        label="Place"
        hint="Where an in-person sitting is held; for an online one, anything the applicants should know."
        form={form}
      />
      <Field name="capacity" label="Seats" type="number" form={form} />
    </>
  );
}

function SittingsTable(props: {
  slug: string;
  caption: string;
  sittings: Array<Sitting & { registered: number }>;
}) {
  return (
    <table class="table-stack">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Exam</th>
          <th scope="col">Where</th>
          <th scope="col">Seats taken</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {props.sittings.map((s) => (
          <tr key={s.id}>
            <td data-label="When">
              <a href={sittingPath(props.slug, s.id)}>
                <When at={s.startsAt} />
              </a>
            </td>
            <td data-label="Exam">{examLabels[s.exam]}</td>
            <td data-label="Where">{modeText(s)}</td>
            <td data-label="Seats taken">
              {s.registered} of {s.capacity}
            </td>
            <td data-label="Status">{s.status === 'cancelled' ? 'Cancelled' : 'Scheduled'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SittingsPage(props: {
  association: { slug: string; name: string };
  upcoming: Array<Sitting & { registered: number }>;
  past: Array<Sitting & { registered: number }>;
  readyForms: Array<{ id: string; name: string; exam: ExamName; category: EssayCategory }>;
  form?: FormBack | undefined;
}) {
  const slug = props.association.slug;
  const form = back(props.form, 'schedule', { exam: 'imh', mode: 'online', capacity: '20' });
  const chosen = Array.isArray(form.values.formIds)
    ? form.values.formIds
    : form.values.formIds
      ? [form.values.formIds]
      : [];
  return (
    <>
      <ErrorSummary errors={props.form?.errors} />
      <h1>Exam sittings: {props.association.name}</h1>
      <section aria-labelledby="upcoming-title">
        <h2 id="upcoming-title">Sittings ahead</h2>
        {props.upcoming.length ? (
          <SittingsTable
            slug={slug}
            caption="Sittings still ahead, soonest first"
            sittings={props.upcoming}
          />
        ) : (
          <p>No sitting is scheduled.</p>
        )}
      </section>
      <section aria-labelledby="schedule-title">
        <h2 id="schedule-title">Schedule a sitting</h2>
        {props.readyForms.length ? (
          <Form action={sittingsPath(slug)} label="Schedule a sitting">
            <Radios
              name="exam"
              legend="Exam"
              options={Object.entries(examLabels).map(([value, label]) => ({ value, label }))}
              form={form}
            />
            <SittingFields form={form} />
            <Checkboxes
              name="formIds"
              legend="Exam forms sat here (one per essay category)"
              options={props.readyForms.map((f) => ({
                value: f.id,
                label: `${f.name}: ${examLabels[f.exam]}, ${essayCategoryLabels[f.category]} essays`,
              }))}
              checked={chosen}
              error={errorOf(form.errors, 'formIds')}
            />
            <Button>Schedule the sitting</Button>
          </Form>
        ) : (
          <p>
            No exam form is ready yet. The exam administrators compose the forms from the item bank; a sitting
            is scheduled with the forms sat there.
          </p>
        )}
      </section>
      <section aria-labelledby="past-title">
        <h2 id="past-title">Past sittings</h2>
        {props.past.length ? (
          <SittingsTable
            slug={slug}
            caption="Sittings that have started, latest first"
            sittings={props.past}
          />
        ) : (
          <p>None yet.</p>
        )}
      </section>
    </>
  );
}

export function SittingPage(props: {
  association: { slug: string; name: string };
  sitting: Sitting;
  started: boolean;
  forms: Array<{ name: string; category: EssayCategory }>;
  seatsTaken: number;
  roster: Array<{
    id: string;
    applicationId: string;
    applicantName: string;
    credential: string;
    attempt: number;
    status: RegistrationStatus;
    accommodation: Accommodation | undefined;
    started: boolean;
  }>;
  toRegister: Array<{ id: string; credential: string; status: string; applicantName: string }>;
  form?: FormBack | undefined;
}) {
  const { sitting, association } = props;
  const slug = association.slug;
  const path = sittingPath(slug, sitting.id);
  const open = sitting.status === 'scheduled' && !props.started;
  const change = back(props.form, 'change', {
    startsAt: sitting.startsAt.slice(0, 16),
    mode: sitting.mode,
    place: sitting.place,
    capacity: String(sitting.capacity),
  });
  const register = back(props.form, 'register', {});
  return (
    <>
      <p>
        <a href={sittingsPath(slug)}>All sittings of {association.name}</a>
      </p>
      <ErrorSummary errors={props.form?.errors} />
      <h1>
        Sitting of <When at={sitting.startsAt} />
      </h1>
      <dl class="facts">
        <dt>Exam</dt>
        <dd>{examLabels[sitting.exam]}</dd>
        <dt>When and where</dt>
        <dd>
          <SittingWhen sitting={sitting} />
        </dd>
        <dt>Seats taken</dt>
        <dd>
          {props.seatsTaken} of {sitting.capacity}
        </dd>
        <dt>Forms</dt>
        <dd>{props.forms.map((f) => `${f.name} (${essayCategoryLabels[f.category]})`).join('; ') || '—'}</dd>
        <dt>Status</dt>
        <dd>{sitting.status === 'cancelled' ? 'Cancelled' : props.started ? 'Started' : 'Scheduled'}</dd>
      </dl>

      <section aria-labelledby="roster-title">
        <h2 id="roster-title">Roster</h2>
        {props.roster.length ? (
          <table class="table-stack">
            <caption>Everyone registered for this sitting, and those moved, absent or cancelled</caption>
            <thead>
              <tr>
                <th scope="col">Applicant</th>
                <th scope="col">Credential</th>
                <th scope="col">Attempt</th>
                <th scope="col">Registration</th>
                <th scope="col">Accommodations</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {props.roster.map((r) => (
                <tr key={r.id}>
                  <td data-label="Applicant">
                    <a href={staffExamPath(slug, r.applicationId)}>{r.applicantName}</a>
                  </td>
                  <td data-label="Credential">{r.credential}</td>
                  <td data-label="Attempt">{r.attempt}</td>
                  <td data-label="Registration">
                    {registrationText[r.status]}
                    {r.started ? ' (exam started)' : ''}
                  </td>
                  <td data-label="Accommodations">{accommodationText(r.accommodation)}</td>
                  <td data-label="Action">
                    {r.status === 'registered' && !r.started && (
                      <>
                        {props.started ? (
                          <Form
                            action={`${staffExamPath(slug, r.applicationId)}/no-show`}
                            label={`Record that ${r.applicantName} did not come`}
                          >
                            <input type="hidden" name="registration" value={r.id} />
                            <input type="hidden" name="sitting" value={sitting.id} />
                            <Button kind="secondary">Did not come</Button>
                          </Form>
                        ) : (
                          <a href={staffExamPath(slug, r.applicationId)}>
                            Move {r.applicantName} to another sitting
                          </a>
                        )}
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>No one is registered yet.</p>
        )}
        {props.started && (
          <p class="hint">
            A no-show is not counted as an attempt: the application still awaits the exam and may be
            registered for another sitting.
          </p>
        )}
      </section>

      {open && (
        <>
          <section aria-labelledby="register-title">
            <h2 id="register-title">Register an applicant</h2>
            {props.toRegister.length ? (
              <Form action={`${path}/register`} label="Register an applicant">
                <Select
                  name="application"
                  label="Application approved for the exam (or awaiting it, or retaking it)"
                  options={[
                    { value: '', label: 'Choose an application' },
                    ...props.toRegister.map((a) => ({
                      value: a.id,
                      label: `${a.applicantName}: ${a.credential}, ${applicationStateText(a.status)}`,
                    })),
                  ]}
                  form={register}
                />
                <Button>Register</Button>
              </Form>
            ) : (
              <p>No application of this exam's credentials is waiting to be registered.</p>
            )}
          </section>
          <section aria-labelledby="change-title">
            <h2 id="change-title">Change the sitting</h2>
            <p>The applicants registered are told by e-mail when its time or place changes.</p>
            <Form action={path} label="Change the sitting">
              <SittingFields form={change} />
              <Button>Save the changes</Button>
            </Form>
          </section>
          <section aria-labelledby="cancel-title">
            <h2 id="cancel-title">Cancel the sitting</h2>
            <p>
              Every registration is cancelled and its applicant told by e-mail; their applications still await
              the exam and may be registered for another sitting.
            </p>
            <Form action={`${path}/cancel`} label="Cancel the sitting">
              <Checkboxes
                name="confirm"
                legend="Confirm"
                options={[{ value: 'yes', label: 'Yes, cancel this sitting' }]}
                checked={[]}
                error={errorOf(back(props.form, 'cancel', {}).errors, 'confirm')}
              />
              <Button kind="danger">Cancel the sitting</Button>
            </Form>
          </section>
        </>
      )}
    </>
  );
}

type RegistrationWithSitting = {
  id: string;
  sittingId: string;
  attempt: number;
  status: RegistrationStatus;
  registeredAt: string;
  sitting: Pick<SittingRow, 'startsAt' | 'mode' | 'place'>;
};

function RegistrationsTable(props: { registrations: RegistrationWithSitting[]; caption: string }) {
  if (!props.registrations.length) return <p>No registration yet.</p>;
  return (
    <table class="table-stack">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Sitting</th>
          <th scope="col">Attempt</th>
          <th scope="col">Registration</th>
          <th scope="col">Registered</th>
        </tr>
      </thead>
      <tbody>
        {props.registrations.map((r) => (
          <tr key={r.id}>
            <td data-label="Sitting">
              <SittingWhen sitting={r.sitting} />
            </td>
            <td data-label="Attempt">{r.attempt}</td>
            <td data-label="Registration">{registrationText[r.status]}</td>
            <td data-label="Registered">
              <When at={r.registeredAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

type SittingChoice = Pick<SittingRow, 'id' | 'startsAt' | 'mode' | 'place'> & { seatsLeft: number };

/** The radio group of sittings to choose from, full ones said so. */
function SittingChoices(props: {
  sittings: SittingChoice[];
  form: { errors: FieldError[]; values: FormValues };
  legend: string;
}) {
  return (
    <Radios
      name="sitting"
      legend={props.legend}
      hint="Times in UTC."
      options={props.sittings.map((s) => ({
        value: s.id,
        label: `${s.startsAt.slice(0, 10)} at ${s.startsAt.slice(11, 16)} UTC, ${modeText(s)}: ${
          s.seatsLeft ? `${s.seatsLeft} seat${s.seatsLeft === 1 ? '' : 's'} left` : 'full'
        }`,
      }))}
      form={props.form}
    />
  );
}

export function ApplicationExamPage(props: {
  association: { slug: string; name: string };
  application: { id: string; credential: string; status: string };
  applicantName: string;
  exam: { exam: ExamName; category: EssayCategory } | undefined;
  registrations: RegistrationWithSitting[];
  live: RegistrationWithSitting | undefined;
  liveStarted: boolean;
  accommodation: Accommodation | undefined;
  sittings: SittingChoice[];
  retakeNote: string | undefined;
  may: { register: boolean; reschedule: boolean; markNoShow: boolean; grant: boolean };
  form?: FormBack | undefined;
  notice?: string | undefined;
}) {
  const { association, application: a } = props;
  const base = staffExamPath(association.slug, a.id);
  const acc = props.accommodation;
  const grant = back(props.form, 'accommodations', {
    extraTime: String(acc?.extraTime ?? 1),
    breakMinutes: String(acc?.breakMinutes ?? 0),
    note: acc?.note ?? '',
    aids: [...(acc?.largeText ? ['large-text'] : []), ...(acc?.paper ? ['paper'] : [])],
  });
  const aids = Array.isArray(grant.values.aids)
    ? grant.values.aids
    : grant.values.aids
      ? [grant.values.aids]
      : [];
  const choose = back(props.form, 'sitting', {});
  return (
    <>
      <p>
        <a href={`/associations/${seg(association.slug)}/applications/${seg(a.id)}`}>
          {props.applicantName}'s {a.credential} application
        </a>{' '}
        · <a href={sittingsPath(association.slug)}>All sittings</a>
      </p>
      <ErrorSummary errors={props.form?.errors} />
      <h1>
        Exam: {props.applicantName}, {a.credential}
      </h1>
      <dl class="facts">
        <dt>Exam</dt>
        <dd>
          {props.exam
            ? `${examLabels[props.exam.exam]}, ${essayCategoryLabels[props.exam.category]} essays`
            : 'This credential has no written exam.'}
        </dd>
        <dt>State</dt>
        <dd>{applicationStateText(a.status)}</dd>
        <dt>Sitting</dt>
        <dd>{props.live ? <SittingWhen sitting={props.live.sitting} /> : 'Not registered'}</dd>
        <dt>Accommodations</dt>
        <dd>{accommodationText(acc)}</dd>
      </dl>
      {props.retakeNote && <p>Retake rules: {props.retakeNote}.</p>}

      {(props.may.register || props.may.reschedule) && (
        <section aria-labelledby="sitting-title">
          <h2 id="sitting-title">{props.live ? 'Move to another sitting' : 'Register for a sitting'}</h2>
          {props.sittings.length ? (
            <Form
              action={`${base}/sitting`}
              label={props.live ? 'Move to another sitting' : 'Register for a sitting'}
            >
              <SittingChoices
                sittings={props.sittings.filter((s) => s.id !== props.live?.sittingId)}
                form={choose}
                legend="Sitting"
              />
              <Button>{props.live ? 'Move the registration' : 'Register'}</Button>
            </Form>
          ) : (
            <p>
              No sitting of this exam is ahead. <a href={sittingsPath(association.slug)}>Schedule one</a>.
            </p>
          )}
        </section>
      )}

      {props.may.markNoShow && props.live && props.liveStarted && (
        <section aria-labelledby="no-show-title">
          <h2 id="no-show-title">Did not come</h2>
          <p>
            A no-show is not counted as an attempt: the application still awaits the exam and may be
            registered for another sitting.
          </p>
          <Form action={`${base}/no-show`} label="Record a no-show">
            <input type="hidden" name="registration" value={props.live.id} />
            <Button kind="secondary">Record that {props.applicantName} did not come</Button>
          </Form>
        </section>
      )}

      <section aria-labelledby="registrations-title">
        <h2 id="registrations-title">Registrations</h2>
        <RegistrationsTable
          registrations={props.registrations}
          caption="Every registration, the latest first"
        />
      </section>

      {props.may.grant && (
        <section aria-labelledby="accommodations-title">
          <h2 id="accommodations-title">Accommodations</h2>
          <p>
            Granted here, shown to the applicant and applied to their exam. A paper sitting means an in-person
            sitting.
          </p>
          <Form action={`${base}/accommodations`} label="Accommodations">
            <Field
              name="extraTime"
              label="Time allowed, as a multiple"
              hint="1 for the usual time, 1.5 for time and a half, 2 for double time."
              form={grant}
            />
            <Field name="breakMinutes" label="Break minutes" hint="Added to the time allowed." form={grant} />
            <Checkboxes
              name="aids"
              legend="Other accommodations"
              options={[
                { value: 'large-text', label: 'Larger text' },
                { value: 'paper', label: 'A paper sitting (in person)' },
              ]}
              checked={aids}
              error={errorOf(grant.errors, 'aids')}
            />
            <Field
              name="note"
              label="Note"
              hint="What was asked for, or anything the sitting's staff should know."
              form={grant}
            />
            <Button>Save the accommodations</Button>
          </Form>
        </section>
      )}
    </>
  );
}

export function ApplicantSittingsPage(props: {
  association: { name: string };
  application: { id: string; credential: string; status: string };
  exam: { exam: ExamName; category: EssayCategory };
  registrations: RegistrationWithSitting[];
  live: RegistrationWithSitting | undefined;
  liveStarted: boolean;
  accommodation: Accommodation | undefined;
  sittings: SittingChoice[];
  retakeNote: string | undefined;
  form?: FormBack | undefined;
}) {
  const { application: a, live } = props;
  const form = back(props.form, 'sitting', {});
  const choices = props.sittings.filter((s) => s.id !== live?.sittingId);
  return (
    <>
      <p>
        <a href={`/applications/${seg(a.id)}`}>
          Your {a.credential} application with {props.association.name}
        </a>
      </p>
      <ErrorSummary errors={props.form?.errors} />
      <h1>Your exam sitting</h1>
      <dl class="facts">
        <dt>Exam</dt>
        <dd>
          {examLabels[props.exam.exam]}, {essayCategoryLabels[props.exam.category]} essays
        </dd>
        <dt>Your sitting</dt>
        <dd>{live ? <SittingWhen sitting={live.sitting} /> : 'None chosen yet'}</dd>
        <dt>Accommodations</dt>
        <dd>{accommodationText(props.accommodation)}</dd>
      </dl>
      {props.retakeNote && <p>Retake rules: {props.retakeNote}.</p>}
      {live && props.liveStarted ? (
        <p>Your sitting has started. To change it now, write to the association's coordinator.</p>
      ) : choices.length ? (
        <Form action={applicantSittingsPath(a.id)} label={live ? 'Change your sitting' : 'Choose a sitting'}>
          <SittingChoices
            sittings={choices}
            form={form}
            legend={live ? 'Move to another sitting' : 'Choose a sitting'}
          />
          <Button>{live ? 'Move to this sitting' : 'Register for this sitting'}</Button>
        </Form>
      ) : (
        <p>No {live ? 'other ' : ''}sitting of your exam is scheduled yet. You will be told when one is.</p>
      )}
      <p class="hint">
        You may change your sitting until it starts. If you do not come, it is not counted as an attempt: you
        choose another sitting.
      </p>
      <section aria-labelledby="registrations-title">
        <h2 id="registrations-title">Your registrations</h2>
        <RegistrationsTable
          registrations={props.registrations}
          caption="Your registrations, the latest first"
        />
      </section>
    </>
  );
}

/** "Your exam" on the applicant's application page. */
export function ApplicantExamSection(props: { exam: ApplicantExamSummary }) {
  const { exam } = props;
  return (
    <section aria-labelledby="your-exam-title">
      <h2 id="your-exam-title">Your exam</h2>
      <p>
        {exam.sitting ? (
          <>
            Your sitting: <SittingWhen sitting={exam.sitting} />.
          </>
        ) : exam.status === 'exam-passed' ? (
          'You have passed the written exam.'
        ) : (
          'You have not chosen a sitting yet.'
        )}{' '}
        {exam.accommodation && <>Accommodations: {accommodationText(exam.accommodation)}.</>}
      </p>
      {exam.mayChoose && (
        <p>
          <a href={applicantSittingsPath(exam.applicationId)}>
            {exam.sitting ? 'Change your sitting' : 'Choose a sitting'}
          </a>
        </p>
      )}
    </section>
  );
}
