// The exam's item bank, for its administrators (the exam-scorer role and the
// association's admins): a search over the bank with pages of items, a new
// item, one item with its key, versions and forms (changing it, its status),
// and importing or exporting items as CSV or QTI 3.0 XML.
import { competencyDomains } from '../../catalogs/competencies.ts';
import {
  essayCategories,
  essayCategoryLabels,
  examLabels,
  examNames,
  itemStatuses,
  optionLetter,
} from '../../domain/exam.ts';
import type { AssociationRow } from '../../db/repositories/associations.ts';
import type { ExamFormRow, ExamItemRow } from '../../db/repositories/exam-bank.ts';
import type { BankSearch } from '../../services/exam-bank.ts';
import type { ImportProblem } from '../../services/exam-exchange.ts';
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
  valueOf,
  When,
} from '../components.tsx';
import { TextArea } from './review.tsx';

export interface FormBack {
  errors: FieldError[];
  values: FormValues;
}

export const examItemsPath = (slug: string) => `/associations/${encodeURIComponent(slug)}/exam/items`;
export const examItemPath = (slug: string, id: string) => `${examItemsPath(slug)}/${encodeURIComponent(id)}`;

const kindLabels = { 'multiple-choice': 'Multiple choice', vignette: 'Essay vignette' } as const;
const statusLabels = { draft: 'Draft', active: 'Active', retired: 'Retired' } as const;
const domainName = new Map(competencyDomains.map((d) => [d.id, `${d.number}. ${d.name}`]));
const domainOptions = competencyDomains.map((d) => ({ value: d.id, label: `${d.number}. ${d.name}` }));
const any = (label: string) => [{ value: '', label }];
const examOptions = examNames.map((e) => ({ value: e, label: examLabels[e] }));
const categoryOptions = essayCategories.map((c) => ({ value: c, label: essayCategoryLabels[c] }));
const excerpt = (text: string, n = 140) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

/** The search as GET parameters (for pages, exports and links back). */
export function searchQuery(search: BankSearch, page?: number): string {
  const params = new URLSearchParams();
  if (search.text) params.set('q', search.text);
  for (const key of ['domain', 'status', 'kind', 'exam'] as const)
    if (search[key]) params.set(key, search[key]);
  if (page && page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** An item's content: the stem or vignette, the options with the key marked, the rubric. */
function ItemContent(props: { item: ExamItemRow }) {
  const { item } = props;
  return (
    <>
      <p class="item-text">{item.text}</p>
      {item.kind === 'multiple-choice' ? (
        <ol type="A">
          {item.options.map((o, i) => (
            <li key={i}>
              {o}
              {i === item.answerKey && <strong> (the key)</strong>}
            </li>
          ))}
        </ol>
      ) : (
        <>
          <p>Category: {item.category ? essayCategoryLabels[item.category] : '—'}</p>
          <ul>
            {item.rubric.map((r, i) => (
              <li key={i}>
                {r.criterion}: {r.points} {r.points === 1 ? 'point' : 'points'}
              </li>
            ))}
          </ul>
        </>
      )}
      <p>
        Domains:{' '}
        {item.domains.length ? item.domains.map((d) => domainName.get(d) ?? d).join('; ') : 'none named'}
      </p>
    </>
  );
}

/** The fields of an item: stem, options and key (multiple choice), category and rubric (vignettes). */
function ItemFields(props: { values: FormValues; errors: FieldError[]; kind?: string | undefined }) {
  const form = { values: props.values, errors: props.errors };
  const domains = valueOf(props.values, 'domains')
    .split(';')
    .filter(Boolean)
    .concat(Array.isArray(props.values.domains) ? props.values.domains : []);
  const mc = props.kind !== 'vignette';
  const vignette = props.kind !== 'multiple-choice';
  return (
    <>
      <Select name="exam" label="Exam" options={examOptions} form={form} />
      <TextArea
        name="text"
        label={props.kind === 'vignette' ? 'Vignette' : 'Stem (or the vignette)'}
        rows={5}
        form={form}
      />
      {mc && (
        <fieldset class="field">
          <legend>Options (multiple choice: at least two, in order)</legend>
          {Array.from({ length: 8 }, (_, i) => (
            <Field
              key={i}
              name={`option_${optionLetter(i).toLowerCase()}`}
              label={`Option ${optionLetter(i)}`}
              form={form}
            />
          ))}
          <Field name="key" label="Key" hint="The letter of the right option, A to H" form={form} />
        </fieldset>
      )}
      <Checkboxes
        name="domains"
        legend="Competency domains it tests"
        options={domainOptions}
        checked={domains}
        error={errorOf(props.errors, 'domains')}
      />
      {vignette && (
        <>
          <Select
            name="category"
            label="Essay category (vignettes)"
            options={[...(mc ? any('None: a multiple-choice item') : []), ...categoryOptions]}
            form={form}
          />
          <TextArea
            name="rubric"
            label="Rubric (vignettes)"
            hint='One criterion a line, or separated by ";", each as "criterion: points", e.g. "Understands the relationship: 6"'
            rows={4}
            form={form}
          />
        </>
      )}
    </>
  );
}

/** The bank searched, a page of items, and the form for a new one. */
export function ExamItemsPage(props: {
  association: AssociationRow;
  search: BankSearch;
  found: { items: ExamItemRow[]; total: number; page: number; pages: number };
  form?: FormBack | undefined;
}) {
  const { association, search, found } = props;
  const base = examItemsPath(association.slug);
  const form = props.form ?? { errors: [], values: { kind: 'multiple-choice', status: 'draft' } };
  return (
    <>
      <h1>Exam items of {association.name}</h1>
      <p>
        The item bank and its keys are for exam administrators only; every search, view and change is recorded
        in the audit trail. <a href={`${base}/import`}>Import items</a> ·{' '}
        <a href={`${base}/export.csv${searchQuery(search)}`}>Export these items as CSV</a> ·{' '}
        <a href={`${base}/export.qti.xml${searchQuery(search)}`}>
          Export the multiple-choice ones as QTI 3.0 XML
        </a>{' '}
        · <a href={`/associations/${encodeURIComponent(association.slug)}/exam/forms`}>Exam forms</a>
      </p>
      <form method="get" action={base} role="search" aria-label="Search the item bank">
        <Field
          idPrefix="search-"
          name="q"
          type="search"
          label="Words in the code, text or options"
          value={search.text ?? ''}
        />
        <Select
          idPrefix="search-"
          name="domain"
          label="Competency domain"
          options={[...any('Any domain'), ...domainOptions]}
          value={search.domain ?? ''}
        />
        <Select
          idPrefix="search-"
          name="status"
          label="Status"
          options={[...any('Any status'), ...itemStatuses.map((s) => ({ value: s, label: statusLabels[s] }))]}
          value={search.status ?? ''}
        />
        <Select
          idPrefix="search-"
          name="kind"
          label="Kind"
          options={[
            ...any('Any kind'),
            { value: 'multiple-choice', label: kindLabels['multiple-choice'] },
            { value: 'vignette', label: kindLabels.vignette },
          ]}
          value={search.kind ?? ''}
        />
        <Select
          idPrefix="search-"
          name="exam"
          label="Exam"
          options={[...any('Either exam'), ...examOptions]}
          value={search.exam ?? ''}
        />
        <button type="submit" class="button secondary">
          Search
        </button>
      </form>
      <h2>
        {found.total === 1 ? '1 item' : `${found.total} items`}
        {found.pages > 1 && ` (page ${found.page} of ${found.pages})`}
      </h2>
      {found.items.length ? (
        <table class="table-stack">
          <caption>The latest version of each item found, in code order</caption>
          <thead>
            <tr>
              <th scope="col">Code</th>
              <th scope="col">Kind</th>
              <th scope="col">Exam</th>
              <th scope="col">Status</th>
              <th scope="col">Text</th>
              <th scope="col">Domains</th>
            </tr>
          </thead>
          <tbody>
            {found.items.map((item) => (
              <tr key={item.id}>
                <td data-label="Code">
                  <a href={examItemPath(association.slug, item.id)}>{item.code}</a> (version {item.version})
                </td>
                <td data-label="Kind">{kindLabels[item.kind]}</td>
                <td data-label="Exam">{item.exam.toUpperCase()}</td>
                <td data-label="Status">{statusLabels[item.status]}</td>
                <td data-label="Text">{excerpt(item.text)}</td>
                <td data-label="Domains">{item.domains.map((d) => domainName.get(d) ?? d).join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p class="empty">No item matches.</p>
      )}
      {found.pages > 1 && (
        <nav class="pager" aria-label="Pages of the item bank">
          {found.page > 1 && (
            <a href={`${base}${searchQuery(search, found.page - 1)}`} rel="prev">
              Previous page
            </a>
          )}{' '}
          {found.page < found.pages && (
            <a href={`${base}${searchQuery(search, found.page + 1)}`} rel="next">
              Next page
            </a>
          )}
        </nav>
      )}
      <h2 id="new-item">A new item</h2>
      <ErrorSummary errors={form.errors} />
      <Form action={base} label="A new item">
        <Radios
          name="kind"
          legend="Kind"
          options={[
            { value: 'multiple-choice', label: kindLabels['multiple-choice'] },
            { value: 'vignette', label: kindLabels.vignette },
          ]}
          form={form}
          inline
        />
        <Field
          name="code"
          label="Code (optional)"
          hint="Left empty, the next free one is given (MC-0001, V-0001…)"
          form={form}
        />
        <Select
          name="status"
          label="Status"
          options={itemStatuses
            .filter((s) => s !== 'retired')
            .map((s) => ({ value: s, label: statusLabels[s] }))}
          form={form}
        />
        <ItemFields values={form.values} errors={form.errors} />
        <Button>Add the item</Button>
      </Form>
    </>
  );
}

/** One item: its content with the key, its versions, the forms it is on, and the forms to change it. */
export function ExamItemPage(props: {
  association: AssociationRow;
  item: ExamItemRow;
  versions: ExamItemRow[];
  forms: ExamFormRow[];
  inUse: boolean;
  values: FormValues;
  form?: FormBack | undefined;
}) {
  const { association, item, versions, forms } = props;
  const latest = versions[0]!;
  const isLatest = latest.id === item.id;
  const errors = props.form?.errors ?? [];
  const values = props.form?.values ?? props.values;
  const path = examItemPath(association.slug, item.id);
  const next = { draft: ['active', 'retired'], active: ['retired'], retired: [] }[item.status] as Array<
    'active' | 'retired'
  >;
  return (
    <>
      <p>
        <a href={examItemsPath(association.slug)}>The item bank</a>
      </p>
      <h1>
        {item.code}, version {item.version}
      </h1>
      <ErrorSummary errors={errors} />
      <p>
        {kindLabels[item.kind]} · {examLabels[item.exam]} · <strong>{statusLabels[item.status]}</strong> ·
        changed <When at={item.updatedAt} />
      </p>
      <ItemContent item={item} />
      <h2>Versions</h2>
      <ul>
        {versions.map((v) => (
          <li key={v.id}>
            {v.id === item.id ? (
              <strong>
                Version {v.version} (this one), {statusLabels[v.status].toLowerCase()}
              </strong>
            ) : (
              <a href={examItemPath(association.slug, v.id)}>
                Version {v.version}, {statusLabels[v.status].toLowerCase()}
              </a>
            )}
          </li>
        ))}
      </ul>
      <h2>Forms with this version</h2>
      {forms.length ? (
        <ul>
          {forms.map((f) => (
            <li key={f.id}>
              <a
                href={`/associations/${encodeURIComponent(association.slug)}/exam/forms/${encodeURIComponent(f.id)}`}
              >
                {f.name}
              </a>{' '}
              ({f.status})
            </li>
          ))}
        </ul>
      ) : (
        <p class="empty">On no form.</p>
      )}
      {isLatest ? (
        <>
          <h2 id="change">Change the item</h2>
          <p>
            {item.status === 'draft' && !props.inUse
              ? 'A draft on no ready form changes in place.'
              : `This item is ${props.inUse ? 'on a ready form' : item.status}: a change makes version ${item.version + 1}${
                  item.status === 'active' ? ', active in place of this one, which is retired' : ''
                }.`}
          </p>
          <Form action={path} label="Change the item">
            <ItemFields values={values} errors={errors} kind={item.kind} />
            <Button>Save the change</Button>
          </Form>
          {next.length > 0 && (
            <>
              <h2>Status</h2>
              <Form action={`${path}/status`} label="Change the status">
                <Radios
                  name="status"
                  legend="Make it"
                  options={next.map((s) => ({
                    value: s,
                    label: s === 'active' ? 'Active: it may be put on forms' : 'Retired: no longer used',
                  }))}
                  form={{ values: {}, errors }}
                />
                <Button kind="secondary">Change the status</Button>
              </Form>
            </>
          )}
        </>
      ) : (
        <p>
          This is an earlier version:{' '}
          <a href={examItemPath(association.slug, latest.id)}>change the latest</a> (version {latest.version}
          ).
        </p>
      )}
    </>
  );
}

/** Importing items: CSV or QTI 3.0 XML pasted, with the columns explained and the problems listed. */
export function ImportItemsPage(props: {
  association: AssociationRow;
  form?: (FormBack & { problems?: readonly ImportProblem[] | undefined }) | undefined;
}) {
  const { association } = props;
  const form = props.form ?? { errors: [], values: { format: 'csv' } };
  const problems = props.form?.problems ?? [];
  return (
    <>
      <p>
        <a href={examItemsPath(association.slug)}>The item bank</a>
      </p>
      <h1>Import exam items</h1>
      <p>
        All or nothing: every row is checked first, and if any is wrong nothing is saved. An item whose code
        the bank has already is changed as on its page (a new version when it is active or on a ready form)
        rather than added twice; a row the same as the item changes nothing.
      </p>
      <h2>CSV columns</h2>
      <dl>
        <dt>code</dt>
        <dd>The item's code (optional for a new item: the next free one is given).</dd>
        <dt>kind</dt>
        <dd>multiple-choice or vignette.</dd>
        <dt>exam</dt>
        <dd>imh or ecmh.</dd>
        <dt>status</dt>
        <dd>draft (the default), active or retired.</dd>
        <dt>text</dt>
        <dd>The stem, or the vignette.</dd>
        <dt>option_a … option_h</dt>
        <dd>The options of a multiple-choice item, in order, at least two.</dd>
        <dt>key</dt>
        <dd>The letter of the right option (A to H).</dd>
        <dt>domains</dt>
        <dd>
          The competency domains it tests, as ids separated by ";" (e.g.
          1-theoretical-foundations;8-thinking).
        </dd>
        <dt>category</dt>
        <dd>A vignette's essay category: clinical, policy or research-faculty.</dd>
        <dt>rubric</dt>
        <dd>A vignette's rubric: "criterion: points", separated by ";".</dd>
      </dl>
      <p>
        The first row names the columns (in any order; kind, exam and text are needed). A cell that begins
        with = + - or @ may start with ' (as the export writes it, so that a spreadsheet does not run it): the
        mark is dropped.
      </p>
      <p>
        QTI 3.0: a document as the export writes it, or qti-assessment-items with one single-choice
        qti-choice-interaction each; their exam and domains are then the ones chosen below.
      </p>
      <ErrorSummary errors={form.errors} />
      {problems.length > 0 && (
        <table class="table-stack">
          <caption>What is wrong (nothing was imported)</caption>
          <thead>
            <tr>
              <th scope="col">{valueOf(form.values, 'format') === 'qti' ? 'Item' : 'Row'}</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {problems.map((p, i) => (
              <tr key={i}>
                <td data-label="Row">{p.row}</td>
                <td data-label="Column">{p.column}</td>
                <td data-label="Problem">{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Form action={`${examItemsPath(association.slug)}/import`} label="Import items">
        <Radios
          name="format"
          legend="Format"
          options={[
            { value: 'csv', label: 'CSV' },
            { value: 'qti', label: 'QTI 3.0 XML' },
          ]}
          form={form}
          inline
        />
        <TextArea name="file" label="The CSV or XML (paste it here)" rows={14} form={form} />
        <Select
          name="exam"
          label="Exam of QTI items that do not say"
          options={[...any('They say (as exported here)'), ...examOptions]}
          form={form}
        />
        <Select
          name="domain"
          label="Competency domain of QTI items that do not say"
          options={[...any('They say (as exported here)'), ...domainOptions]}
          form={form}
        />
        <Button>Import</Button>
      </Form>
    </>
  );
}
