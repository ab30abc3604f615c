// An association's review settings, for its admins: how long reviewers and
// applicants have, when they are reminded, and how the two reviews are read.
import type { ReviewSettings } from '../../services/association-settings.ts';
import {
  Button,
  ErrorSummary,
  Field,
  type FieldError,
  Form,
  type FormValues,
  Radios,
} from '../components.tsx';

export const settingsPath = (slug: string) => `/associations/${encodeURIComponent(slug)}/settings`;

const modeLabels: Record<ReviewSettings['reviewMode'], string> = {
  independent: "Independent: neither reviewer sees the other's review until both have submitted",
  'two-level':
    'Two-level: a reviewer assigned after the first review was submitted reads it (seed 001\'s "two-level review")',
};

export function AssociationSettingsPage(props: {
  association: { slug: string; name: string };
  settings: ReviewSettings;
  form?: { errors: FieldError[]; values: FormValues } | undefined;
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
      <ErrorSummary errors={props.form?.errors} />
      <h1>Review settings: {props.association.name}</h1>
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
    </>
  );
}
