// Fees in the words and numbers everyone shares: how payments are made, what
// each fee is called, amounts as people read and type them, and what is still
// due. Pure, so that pages, services and mail say the same.

export const paymentMethods = ['check', 'card', 'bank-transfer', 'cash', 'other'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];
export const paymentMethodLabels: Record<PaymentMethod, string> = {
  check: 'Check',
  card: 'Card',
  'bank-transfer': 'Bank transfer',
  cash: 'Cash',
  other: 'Other',
};

export const feeKindLabels: Record<string, string> = {
  application: 'Application fee',
  processing: 'Processing fee',
  'exam-retake': 'Exam retake fee',
};

/** "$25.00" for US dollars; "25.00 EUR" otherwise. */
export function formatMoney(cents: number, currency: string): string {
  const amount = (cents / 100).toFixed(2);
  return currency === 'USD' ? `$${amount}` : `${amount} ${currency}`;
}

/** An amount as people type it ("25", "25.5", "$1,025.00") in cents; undefined when it is not one. */
export function parseMoney(text: string): number | undefined {
  const clean = text
    .trim()
    .replace(/^\$/, '')
    .replace(/,(?=\d{3}(\D|$))/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return undefined;
  const [whole, fraction = ''] = clean.split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

/** What is still to pay on a fee due: nothing once it is waived. */
export const stillDueCents = (f: {
  amountCents: number;
  paidCents: number;
  waivedAt: string | null;
}): number => (f.waivedAt ? 0 : Math.max(0, f.amountCents - f.paidCents));
