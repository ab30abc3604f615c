// An association's settings, for its admins: how long reviewers and
// applicants have, when they are reminded, and how the two reviews are read;
// the written exam's forms, pass marks, reading and retake rules; renewal.
import type { ExamSettings, RenewalSettings, ReviewSettings } from '../../services/association-settings.ts';
import {
  Button,
  ErrorSummary,
  Field,
  type FieldError,
  Form,
  type FormValues,
  Radios,
} from '../components.tsx';
import { RenewalSettingsForm } from './renewal-settings.tsx';

export const settingsPath = (slug: string) => `/associations/${encodeURIComponent(slug)}/settings`;
export const examSettingsPath = (slug: string) => `${settingsPath(slug)}/exam`;

type FormBack = { errors: FieldError[]; values: FormValues } | undefined;

const modeLabels: Record<ReviewSettings['reviewMode'], string> = {
  independent: "Independent: neither reviewer sees the other's review until both have submitted",
  'two-level':
    'Two-level: a reviewer assigned after the first review was submitted reads it (seed 001\'s "two-level review")',
};

export function AssociationSettingsPage(props: {
  association: { slug: string; name: string };
  settings: ReviewSettings;
  exam: ExamSettings;
  form?: FormBack;
  examForm?: FormBack;
  renewal: RenewalSettings;
  renewalForm?: FormBack;
}) {
  const { settings } = props;
  const form = props.form ?? {
    errors: [],
    values: {
      reviewDays: String(settings.reviewDays),
      responseDays: String(settings.responseDays),
      reviewMode: settings.reviewMode,
      reminderDaysBefore: settings.reminderDaysBefore.join(', '),
    },
  };
  return (
    <>
      <ErrorSummary errors={props.form?.errors ?? props.examForm?.errors ?? props.renewalForm?.errors} />
      <h1>Settings: {props.association.name}</h1>
      <h2>Review</h2>
      <p>
        The seeds set none of these numbers; each starts at a usual value. A change applies to what is
        assigned or asked from now on: due dates already given stay as they are.
      </p>
      <Form action={settingsPath(props.association.slug)} label="Review settings">
        <Field
          name="reviewDays"
          label="Days to review"
          hint="A review is due this many days after the reviewer is assigned."
          form={form}
        />
        <Field
          name="responseDays"
          label="Days to answer a request"
          hint="An answer to a request for more information is due this many days after it is asked."
          form={form}
        />
        <Field
          name="reminderDaysBefore"
          label="Reminders, days before a due date"
          hint="Such as 7, 1 (at most five). One more reminder goes out the day after a date passes."
          form={form}
        />
        <Radios
          name="reviewMode"
          legend="How the two reviews are read"
          options={Object.entries(modeLabels).map(([value, label]) => ({ value, label }))}
          form={form}
        />
        <Button>Save settings</Button>
      </Form>
      <ExamSettingsForm association={props.association} settings={props.exam} form={props.examForm} />
      <RenewalSettingsForm
        association={props.association}
        settings={props.renewal}
        form={props.renewalForm}
      />
    </>
  );
}

const combineLabels: Record<ExamSettings['passCombine'], string> = {
  both: 'Both: each part must reach its pass mark',
  sum: 'Sum: a strong part may make up for a weak one (the two shares of their marks, added)',
};

function ExamSettingsForm(props: { association: { slug: string }; settings: ExamSettings; form: FormBack }) {
  const s = props.settings;
  const form = props.form ?? {
    errors: [],
    values: {
      ...Object.fromEntries(Object.entries(s).map(([k, v]) => [k, String(v)])),
      retakeFee: (s.retakeFeeCents / 100).toFixed(2),
      sittingReminderDaysBefore: s.sittingReminderDaysBefore.join(', '),
    },
  };
  return (
    <section aria-labelledby="exam-settings-title">
      <h2 id="exam-settings-title">Written exam</h2>
      <p>
        New exam forms take these numbers; forms already composed keep theirs. Retake rules apply to
        registrations from now on.
      </p>
      <Form action={examSettingsPath(props.association.slug)} label="Exam settings">
        <Field name="mcItems" label="Multiple-choice items" hint="On each exam form." form={form} />
        <Field name="mcPassPercent" label="Multiple-choice pass mark (percent)" form={form} />
        <Field
          name="essayPassPoints"
          label="Essay pass mark (rubric points)"
          hint="Over the vignettes answered."
          form={form}
        />
        <Radios
          name="passCombine"
          legend="How the two parts combine"
          options={Object.entries(combineLabels).map(([value, label]) => ({ value, label }))}
          form={form}
        />
        <Field name="vignettesOffered" label="Vignettes offered" form={form} />
        <Field
          name="vignettesAnswered"
          label="Vignettes answered"
          hint="No more than those offered."
          form={form}
        />
        <Field
          name="timeLimitMinutes"
          label="Time limit (minutes)"
          hint="Before any extra-time accommodation."
          form={form}
        />
        <Field
          name="readerThreshold"
          label="Third-reader threshold (points)"
          hint="Two readers' totals for one essay differing by more than this go to a third reader."
          form={form}
        />
        <Field
          name="retakeWaitDays"
          label="Days before a retake"
          hint="After a failed sitting."
          form={form}
        />
        <Field
          name="maxAttempts"
          label="Attempts allowed"
          hint="Sittings in all, the first included."
          form={form}
        />
        <Field
          name="retakeFee"
          label="Retake fee"
          hint="In the association's currency, such as 75.00; 0 for none."
          form={form}
        />
        <Field
          name="sittingReminderDaysBefore"
          label="Sitting reminders, days before"
          hint="Such as 7, 1 (at most five)."
          form={form}
        />
        <Button>Save the exam settings</Button>
      </Form>
    </section>
  );
}
