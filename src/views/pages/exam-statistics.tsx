// A sitting's item statistics for exam administrators: per multiple-choice
// item of each form sat, its difficulty, discrimination, options no one chose
// and flags, and a form to discount an item for the sitting (which rescores it).
import type { AssociationRow } from '../../db/repositories/associations.ts';
import { optionLetter } from '../../domain/exam.ts';
import type { SittingStatistics } from '../../services/exam-statistics.ts';
import {
  Button,
  ErrorSummary,
  type FieldError,
  Form,
  type FormValues,
  Select,
  When,
} from '../components.tsx';
import { TextArea } from './review.tsx';
import { examFormPath, examFormsPath } from './exam-forms.tsx';

export interface FormBack {
  errors: FieldError[];
  values: FormValues;
}

export const statisticsPath = (slug: string, sittingId: string) =>
  `/associations/${encodeURIComponent(slug)}/exam/sittings/${encodeURIComponent(sittingId)}/statistics`;

const decimals = (x: number | null, places: number) => (x === null ? '—' : x.toFixed(places));

export function SittingStatisticsPage(props: {
  association: AssociationRow;
  stats: SittingStatistics;
  form?: FormBack | undefined;
}) {
  const { association, stats } = props;
  const { sitting } = stats;
  const discountable = stats.forms.flatMap((f) => f.items).filter((i) => !i.discounted);
  return (
    <>
      <p>
        <a href={examFormsPath(association.slug)}>Exam forms</a>
      </p>
      <h1>
        Item statistics: the sitting of <When at={sitting.startsAt} />
      </h1>
      <p>
        Difficulty is the share who answered an item right; discrimination is the point-biserial correlation
        of answering it right with the multiple-choice total (higher separates stronger candidates better).
        Items are flagged when few or almost all answered right, when they barely separate candidates, or when
        an option was never chosen.
      </p>
      {stats.forms.map(({ form, attempts, items }) => (
        <section key={form.id} aria-labelledby={`form-${form.id}`}>
          <h2 id={`form-${form.id}`}>
            {form.name}: {attempts === 1 ? '1 attempt' : `${attempts} attempts`}
          </h2>
          <p>
            <a href={examFormPath(association.slug, form.id)}>The form, its items and keys</a>
          </p>
          {attempts === 0 ? (
            <p class="empty">No attempt at this form has been submitted at this sitting.</p>
          ) : (
            <table class="table-stack">
              <caption>Each multiple-choice item of {form.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Key</th>
                  <th scope="col">Difficulty</th>
                  <th scope="col">Discrimination</th>
                  <th scope="col">Chosen</th>
                  <th scope="col">Flags</th>
                </tr>
              </thead>
              <tbody>
                {items.map((i) => (
                  <tr key={i.itemId}>
                    <td data-label="Item">
                      {i.code} (version {i.version}) <span class="hint">{i.text}</span>
                      {i.discounted && (
                        <p>
                          <strong>Discounted</strong>: {i.discounted.reason}
                        </p>
                      )}
                    </td>
                    <td data-label="Key">{optionLetter(i.key)}</td>
                    <td data-label="Difficulty">{decimals(i.difficulty, 2)}</td>
                    <td data-label="Discrimination">{decimals(i.discrimination, 2)}</td>
                    <td data-label="Chosen">
                      {i.chosen.map((n, o) => `${optionLetter(o)} ${n}`).join(', ')}
                      {i.unchosen.length > 0 && (
                        <span class="hint"> (never: {i.unchosen.map(optionLetter).join(', ')})</span>
                      )}
                    </td>
                    <td data-label="Flags">{i.flags.length ? i.flags.join('; ') : 'None'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
      {discountable.length > 0 && (
        <section aria-labelledby="discount-title">
          <h2 id="discount-title">Discount an item for this sitting</h2>
          <p>
            A discounted item counts for no one at this sitting: every attempt is scored again without it. A
            fail may become a pass; a pass already given stays a pass.
          </p>
          <ErrorSummary errors={props.form?.errors} />
          <Form action={`${statisticsPath(association.slug, sitting.id)}/discount`} label="Discount an item">
            <Select
              name="item"
              label="Item"
              options={[
                { value: '', label: 'Choose an item' },
                ...discountable.map((i) => ({ value: i.itemId, label: `${i.code} (version ${i.version})` })),
              ]}
              form={props.form}
            />
            <TextArea name="reason" label="Why it is discounted" form={props.form} />
            <Button kind="danger">Discount and rescore</Button>
          </Form>
        </section>
      )}
    </>
  );
}
