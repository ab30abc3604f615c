// The renewal section of an association's settings: when renewal is due,
// what it costs, how many are audited, when endorsees are reminded, how long
// renewing stays open after the due date, and how long a pause may last.
import type { RenewalSettings } from '../../services/association-settings.ts';
import { Button, Field, type FieldError, Form, type FormValues, Radios } from '../components.tsx';
import { settingsPath } from './association-settings.tsx';

export const renewalSettingsPath = (slug: string) => `${settingsPath(slug)}/renewal`;

const amount = (cents: number | null) => (cents === null ? '' : (cents / 100).toFixed(2));

/** The form's values for settings as saved. */
const valuesOf = (s: RenewalSettings): FormValues => ({
  dueDayKind: s.dueDay === 'anniversary' ? 'anniversary' : 'fixed',
  fixedDay: s.dueDay === 'anniversary' ? '' : s.dueDay,
  fee: amount(s.feeCents),
  lateFee: amount(s.lateFeeCents),
  reinstatementFee: amount(s.reinstatementFeeCents),
  auditPercent: String(s.auditPercent),
  remindBefore: s.remindBefore.join(', '),
  remindAfter: s.remindAfter.join(', '),
  graceDays: String(s.graceDays),
  inactiveLimitDays: s.inactiveLimitDays === null ? '' : String(s.inactiveLimitDays),
});

export function RenewalSettingsForm(props: {
  association: { slug: string };
  settings: RenewalSettings;
  form: { errors: FieldError[]; values: FormValues } | undefined;
}) {
  const form = props.form ?? { errors: [], values: valuesOf(props.settings) };
  return (
    <section aria-labelledby="renewal-settings-title">
      <h2 id="renewal-settings-title">Annual renewal</h2>
      <p>
        Every endorsement is renewed each year. A change of the due day applies to endorsements granted from
        now on: due dates already set stay as they are, and each renewal moves its endorsement's date a year
        on.
      </p>
      <p>
        The seeds give no amounts, so no fee is charged unless the association sets one here. Fees are
        recorded as due when an endorsee renews, as for applications.
      </p>
      <Form action={renewalSettingsPath(props.association.slug)} label="Renewal settings">
        <Radios
          name="dueDayKind"
          legend="When renewal is due each year"
          options={[
            { value: 'anniversary', label: 'On the anniversary of the grant' },
            { value: 'fixed', label: 'On a fixed day of the year, for everyone' },
          ]}
          form={form}
        />
        <Field
          name="fixedDay"
          label="The fixed day (MM-DD)"
          hint="For a fixed day only: such as 12-31 for December 31. The first renewal is on the first such day at least a year after the grant."
          form={form}
        />
        <Field
          name="fee"
          label="Renewal fee"
          hint="In the association's currency, such as 75.00; empty for none."
          form={form}
        />
        <Field
          name="lateFee"
          label="Late fee"
          hint="Added when renewing after the due date, in the grace period; empty for none."
          form={form}
        />
        <Field
          name="reinstatementFee"
          label="Reinstatement fee"
          hint="For a lapsed or inactive endorsee reinstated; empty for none."
          form={form}
        />
        <Field
          name="auditPercent"
          label="Share audited (percent)"
          hint="Renewals chosen at random whose endorsees prove each entry claimed, such as 5; 0 for none."
          form={form}
        />
        <Field
          name="remindBefore"
          label="Reminders, days before the due date"
          hint="Such as 60, 30, 7 (at most six). Renewing opens with the first of them."
          form={form}
        />
        <Field
          name="remindAfter"
          label="Reminders, days after the due date"
          hint="Such as 7, 21 (at most six), each within the grace period; empty for none."
          form={form}
        />
        <Field
          name="graceDays"
          label="Grace period (days)"
          hint="Days after the due date in which renewing is still possible, with the late fee. After it the endorsement lapses; 0 for none."
          form={form}
        />
        <Field
          name="inactiveLimitDays"
          label="Longest inactive pause (days)"
          hint="An endorsee may pause (leave, illness) for up to this many days, with no renewal due meanwhile; empty for no pauses."
          form={form}
        />
        <Button>Save the renewal settings</Button>
      </Form>
    </section>
  );
}
