// The fees due on an application, a form to record a payment against one and
// a form to waive one, on the coordinator's application page.
import type { FeeDueWithPayments } from '../../db/repositories/fees.ts';
import {
  feeKindLabels,
  formatMoney,
  paymentMethodLabels,
  paymentMethods,
  stillDueCents,
} from '../../domain/fees.ts';
import {
  Button,
  ErrorSummary,
  Field,
  type FieldError,
  Form,
  type FormValues,
  Select,
} from '../components.tsx';
import { FeesDueTable } from './submission.tsx';

/** Where a coordinator's payment form posts. */
export const paymentsPath = (slug: string, id: string) =>
  `/associations/${encodeURIComponent(slug)}/applications/${encodeURIComponent(id)}/payments`;
/** Where a coordinator's waiver form posts. */
export const waiversPath = (slug: string, id: string) =>
  `/associations/${encodeURIComponent(slug)}/applications/${encodeURIComponent(id)}/waivers`;

export function FeesSection(props: {
  fees: FeeDueWithPayments[];
  /** Where the payment form posts; absent when the person may not record payments. */
  action?: string | undefined;
  /** Where the waiver form posts; absent when the person may not waive fees. */
  waiveAction?: string | undefined;
  errors?: FieldError[] | undefined;
  values?: FormValues | undefined;
}) {
  const { fees, errors, values } = props;
  const open = fees.filter((f) => stillDueCents(f) > 0);
  const stillDue = (f: FeeDueWithPayments) =>
    `${feeKindLabels[f.kind] ?? f.kind} (${formatMoney(stillDueCents(f), f.currency)} still due)`;
  return (
    <section aria-labelledby="fees-title">
      <h2 id="fees-title">Fees and payments</h2>
      <ErrorSummary errors={errors} />
      {fees.length ? (
        <FeesDueTable fees={fees} caption="Fees due on this application" showWho />
      ) : (
        <p>
          No fees are due on this application: it has not been submitted, or there is no fee schedule for it.
        </p>
      )}
      {props.action && open.length > 0 && (
        <Form action={props.action} label="Record a payment">
          <h3>Record a payment</h3>
          <Select
            name="feeDue"
            label="For"
            options={open.map((f) => ({ value: f.id, label: stillDue(f) }))}
            form={{ values, errors }}
          />
          <Field
            name="amount"
            label="Amount paid"
            hint="In dollars and cents, such as 25.00"
            form={{ values, errors }}
          />
          <Select
            name="method"
            label="Paid by"
            options={paymentMethods.map((m) => ({ value: m, label: paymentMethodLabels[m] }))}
            form={{ values, errors }}
          />
          <Field
            name="note"
            label="Note (optional)"
            hint="Such as a check number"
            form={{ values, errors }}
          />
          <Button>Record payment</Button>
        </Form>
      )}
      {props.waiveAction && open.length > 0 && (
        <Form action={props.waiveAction} label="Waive a fee">
          <h3>Waive a fee</h3>
          <Select
            name="feeDue"
            label="Fee to waive"
            options={open.map((f) => ({ value: f.id, label: stillDue(f) }))}
            form={{ values, errors }}
          />
          <Field
            name="reason"
            label="Why it is waived"
            hint="Kept in the application's history and shown with the fee"
            form={{ values, errors }}
          />
          <Button>Waive fee</Button>
        </Form>
      )}
    </section>
  );
}
