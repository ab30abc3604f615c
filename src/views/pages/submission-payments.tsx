// The fees due on an application and a form to record a payment against one,
// on the coordinator's application page.
import type { FeeDueWithPayments } from '../../db/repositories/fees.ts';
import { feeKindLabels, formatMoney, paymentMethodLabels, paymentMethods } from '../../services/payments.ts';
import {
  Button,
  ErrorSummary,
  errorOf,
  Field,
  type FieldError,
  Form,
  type FormValues,
  Select,
  valueOf,
} from '../components.tsx';
import { FeesDueTable } from './submission.tsx';

/** Where a coordinator's payment form posts. */
export const paymentsPath = (slug: string, id: string) =>
  `/associations/${encodeURIComponent(slug)}/applications/${encodeURIComponent(id)}/payments`;

export function FeesSection(props: {
  fees: FeeDueWithPayments[];
  /** Where the payment form posts; absent when the person may not record payments. */
  action?: string | undefined;
  errors?: FieldError[] | undefined;
  values?: FormValues | undefined;
}) {
  const { fees, errors, values } = props;
  const open = fees.filter((f) => f.amountCents > f.paidCents);
  return (
    <section aria-labelledby="fees-title">
      <h2 id="fees-title">Fees and payments</h2>
      <ErrorSummary errors={errors} />
      {fees.length ? (
        <FeesDueTable fees={fees} caption="Fees due on this application" />
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
            options={open.map((f) => ({
              value: f.id,
              label: `${feeKindLabels[f.kind] ?? f.kind} (${formatMoney(f.amountCents - f.paidCents, f.currency)} still due)`,
            }))}
            value={valueOf(values, 'feeDue')}
            error={errorOf(errors, 'feeDue')}
          />
          <Field
            name="amount"
            label="Amount paid"
            hint="In dollars and cents, such as 25.00"
            value={valueOf(values, 'amount')}
            error={errorOf(errors, 'amount')}
          />
          <Select
            name="method"
            label="Paid by"
            options={paymentMethods.map((m) => ({ value: m, label: paymentMethodLabels[m] }))}
            value={valueOf(values, 'method')}
            error={errorOf(errors, 'method')}
          />
          <Field
            name="note"
            label="Note (optional)"
            hint="Such as a check number"
            value={valueOf(values, 'note')}
            error={errorOf(errors, 'note')}
          />
          <Button>Record payment</Button>
        </Form>
      )}
    </section>
  );
}
