// Exam forms, for the exam's administrators: the association's forms,
// composing one (chosen items or a random draw from the active ones), and one
// form with its items in order and their keys, made ready or retired.
import {
  essayCategories,
  essayCategoryLabels,
  examLabels,
  examNames,
  optionLetter,
} from '../../domain/exam.ts';
import type { AssociationRow } from '../../db/repositories/associations.ts';
import type { ExamFormRow, ExamItemRow } from '../../db/repositories/exam-bank.ts';
import { Button, ErrorSummary, Field, Form, Radios, Select, When } from '../components.tsx';
import { examItemPath, examItemsPath, type FormBack } from './exam-bank.tsx';
import type { FormSitting } from '../../services/exam-forms.ts';
import { statisticsPath } from './exam-statistics.tsx';
import { TextArea } from './review.tsx';

export const examFormsPath = (slug: string) => `/associations/${encodeURIComponent(slug)}/exam/forms`;
export const examFormPath = (slug: string, id: string) => `${examFormsPath(slug)}/${encodeURIComponent(id)}`;

const formStatusLabels = { draft: 'Draft', ready: 'Ready to be sat', retired: 'Retired' } as const;

const passRuleText = (form: ExamFormRow) =>
  `multiple choice ${form.passRule.mcPercent}% ${form.passRule.combine === 'both' ? 'and' : 'or together with'} essays ${form.passRule.essayPoints} points${form.passRule.combine === 'sum' ? ' (summed)' : ''}`;

/** The forms, and the form to compose one. */
export function ExamFormsPage(props: {
  association: AssociationRow;
  forms: ReadonlyArray<ExamFormRow & { items: number }>;
  form?: FormBack | undefined;
}) {
  const { association, forms } = props;
  const form = props.form ?? { errors: [], values: { how: 'draw', exam: 'imh', category: 'clinical' } };
  return (
    <>
      <p>
        <a href={examItemsPath(association.slug)}>The item bank</a>
      </p>
      <h1>Exam forms of {association.name}</h1>
      <p>
        A form is a fixed selection of multiple-choice items and the vignettes of one essay category, with a
        pass rule and a time limit (the association's exam settings). Once ready it cannot be changed.
      </p>
      {forms.length ? (
        <table class="table-stack">
          <caption>The forms, the latest first</caption>
          <thead>
            <tr>
              <th scope="col">Form</th>
              <th scope="col">Exam</th>
              <th scope="col">Essay category</th>
              <th scope="col">Items</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {forms.map((f) => (
              <tr key={f.id}>
                <td data-label="Form">
                  <a href={examFormPath(association.slug, f.id)}>{f.name}</a>
                </td>
                <td data-label="Exam">{examLabels[f.exam]}</td>
                <td data-label="Essay category">{essayCategoryLabels[f.category]}</td>
                <td data-label="Items">{f.items}</td>
                <td data-label="Status">{formStatusLabels[f.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="empty">No form yet.</p>
      )}
      <h2 id="compose">Compose a form</h2>
      <ErrorSummary errors={form.errors} />
      <Form action={examFormsPath(association.slug)} label="Compose a form">
        <Field name="name" label="Name" hint="e.g. IMH clinical, spring sitting" form={form} />
        <Select
          name="exam"
          label="Exam"
          options={examNames.map((e) => ({ value: e, label: examLabels[e] }))}
          form={form}
        />
        <Select
          name="category"
          label="Essay category"
          options={essayCategories.map((c) => ({ value: c, label: essayCategoryLabels[c] }))}
          form={form}
        />
        <Radios
          name="how"
          legend="Items"
          options={[
            { value: 'draw', label: 'Drawn at random from the active items' },
            { value: 'chosen', label: 'The items whose codes I give' },
          ]}
          form={form}
        />
        <Field
          name="mcItems"
          label="Multiple-choice items to draw"
          hint="Left empty: the association's setting"
          form={form}
        />
        <Field
          name="vignettes"
          label="Vignettes to draw"
          hint="Left empty: the association's setting"
          form={form}
        />
        <TextArea
          name="itemCodes"
          label="Codes of the chosen items"
          hint="Separated by commas, spaces or lines; the latest version of each is taken"
          rows={4}
          form={form}
        />
        <Button>Compose the form</Button>
      </Form>
    </>
  );
}

/** One form: its rule, its items in order with their keys, and making it ready or retiring it. */
export function ExamFormPage(props: {
  association: AssociationRow;
  form: ExamFormRow;
  items: ExamItemRow[];
  problem: string | undefined;
  sittings: FormSitting[];
}) {
  const { association, form, items } = props;
  const path = examFormPath(association.slug, form.id);
  const mc = items.filter((i) => i.kind === 'multiple-choice');
  const vignettes = items.filter((i) => i.kind === 'vignette');
  return (
    <>
      <p>
        <a href={examFormsPath(association.slug)}>Exam forms</a>
      </p>
      <h1>{form.name}</h1>
      <dl>
        <dt>Status</dt>
        <dd>{formStatusLabels[form.status]}</dd>
        <dt>Exam</dt>
        <dd>{examLabels[form.exam]}</dd>
        <dt>Essays</dt>
        <dd>
          {essayCategoryLabels[form.category]}: the applicant answers {form.vignettesAnswered} of the{' '}
          {vignettes.length} offered
        </dd>
        <dt>Pass rule</dt>
        <dd>{passRuleText(form)}</dd>
        <dt>Time limit</dt>
        <dd>{form.timeLimitMinutes} minutes</dd>
        <dt>Composed</dt>
        <dd>
          <When at={form.createdAt} />
        </dd>
      </dl>
      {form.status === 'draft' &&
        (props.problem ? (
          <p role="status">Not ready yet: {props.problem}.</p>
        ) : (
          <Form action={`${path}/ready`} label="Make the form ready">
            <p>Once ready the form and its items are fixed: a change to an item makes a new version.</p>
            <Button>Make it ready</Button>
          </Form>
        ))}
      {form.status !== 'retired' && (
        <Form action={`${path}/retire`} label="Retire the form">
          <Button kind="danger">Retire the form</Button>
        </Form>
      )}
      <h2>Multiple-choice items ({mc.length})</h2>
      <table class="table-stack">
        <caption>In the order they are sat, with the key</caption>
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Item</th>
            <th scope="col">Stem</th>
            <th scope="col">Key</th>
          </tr>
        </thead>
        <tbody>
          {mc.map((item, n) => (
            <tr key={item.id}>
              <td data-label="#">{n + 1}</td>
              <td data-label="Item">
                <a href={examItemPath(association.slug, item.id)}>{item.code}</a> (version {item.version})
              </td>
              <td data-label="Stem">{item.text}</td>
              <td data-label="Key">
                {item.answerKey === null
                  ? '—'
                  : `${optionLetter(item.answerKey)}: ${item.options[item.answerKey]}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <FormSittings association={association} sittings={props.sittings} />
      <h2>Vignettes ({vignettes.length})</h2>
      <ol>
        {vignettes.map((v) => (
          <li key={v.id}>
            <a href={examItemPath(association.slug, v.id)}>{v.code}</a> (version {v.version}): {v.text}
            <ul>
              {v.rubric.map((r, i) => (
                <li key={i}>
                  {r.criterion}: {r.points} points
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </>
  );
}

const sittingPaperPath = (slug: string, sittingId: string, registrationId: string) =>
  `/associations/${encodeURIComponent(slug)}/exam/sittings/${encodeURIComponent(sittingId)}/paper/${encodeURIComponent(registrationId)}`;

/** Where the form is sat: item statistics once a sitting has started, and paper sheets still to enter. */
function FormSittings(props: { association: AssociationRow; sittings: FormSitting[] }) {
  const { association, sittings } = props;
  return (
    <>
      <h2>Sittings of this form</h2>
      {sittings.length === 0 ? (
        <p>No sitting of this form is scheduled yet.</p>
      ) : (
        <table class="table-stack">
          <caption>Item statistics after each sitting; sheets of an in-person sitting to enter</caption>
          <thead>
            <tr>
              <th scope="col">Sitting</th>
              <th scope="col">Statistics</th>
              <th scope="col">Paper sheets to enter</th>
            </tr>
          </thead>
          <tbody>
            {sittings.map((s) => (
              <tr key={s.id}>
                <td data-label="Sitting">
                  <When at={s.startsAt} />, {s.mode === 'online' ? 'online' : s.place}
                  {s.cancelled ? ' (cancelled)' : ''}
                </td>
                <td data-label="Statistics">
                  {s.started && !s.cancelled ? (
                    <a href={statisticsPath(association.slug, s.id)}>Item statistics</a>
                  ) : (
                    'After the sitting'
                  )}
                </td>
                <td data-label="Paper sheets to enter">
                  {s.sheetsToEnter.length ? (
                    <ul>
                      {s.sheetsToEnter.map((r) => (
                        <li key={r.registrationId}>
                          <a href={sittingPaperPath(association.slug, s.id, r.registrationId)}>
                            Enter {r.applicantName}’s sheets
                          </a>
                        </li>
                      ))}
                    </ul>
                  ) : s.mode === 'in-person' && s.started ? (
                    'All entered'
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
