// The applicant's portfolio: an overview of every section, one page per
// section (its entries, a form to add one) and an edit page per entry. Each
// page carries the live checklist of the chosen application.
import type { ComponentChildren } from 'preact';
import { competencyDomains } from '../../catalogs/competencies.ts';
import { degreeLabel, topicLabel, workKindLabel } from '../../engine/labels.ts';
import { credentialIds, degreeLevels, trainingTopics, workKinds } from '../../engine/portfolio.ts';
import type { EntryView, SectionDef, SectionPageOf, SectionSlug } from '../../services/portfolio.ts';
import {
  Button,
  Checkboxes,
  ErrorSummary,
  errorOf,
  Field,
  type FieldError,
  Form,
  type FormValues,
  Select,
  valueOf,
} from '../components.tsx';
import {
  type ChecklistView,
  Checkbox,
  describeEntry,
  FileInput,
  HiddenApplication,
  PortfolioFrame,
  UploadForm,
  withApplication,
} from './portfolio-parts.tsx';

/** The membership form's choice "another infant mental health association" (its name typed beside). */
export const OTHER_ASSOCIATION_CHOICE = 'other';

export interface AssociationOption {
  slug: string;
  name: string;
}

const listOf = (values: FormValues | undefined, name: string): string[] => {
  const v = values?.[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
};

export const sectionIntro: Record<SectionSlug, string> = {
  education:
    'Your degrees, and a Child Development Associate (CDA) credential if you hold one. Upload a transcript as a PDF, PNG or JPEG file of up to 10 MB.',
  work: 'Paid and unpaid work, and graduate internships, in the infant, early childhood and family field. Say what kind of work it was: some credentials count only some kinds.',
  training:
    'In-service training: workshops, courses and conferences, with their hours, their topics (infant mental health, reflective supervision/consultation, diversity, equity and inclusion) and the competency domains they covered.',
  rsc: 'Reflective supervision or consultation (RSC) you received: one entry per provider and period, with the hours.',
  leadership: 'Leadership activities in the infant and early childhood field.',
  memberships:
    'Memberships in infant mental health associations. For an association you have not applied to here, upload proof of membership (a PDF, PNG or JPEG of up to 10 MB).',
  endorsements: 'Endorsements you already hold, with the association that granted them.',
};

const addLabel: Record<SectionSlug, string> = {
  education: 'Add a degree',
  work: 'Add work',
  training: 'Add training',
  rsc: 'Add RSC you received',
  leadership: 'Add a leadership activity',
  memberships: 'Add a membership',
  endorsements: 'Add an endorsement you hold',
};

// ---------------------------------------------------------------------------
// Overview.

export function PortfolioOverviewPage(props: {
  person: { name: string };
  sections: ReadonlyArray<{ def: SectionDef; count: number }>;
  checklist: ChecklistView;
}) {
  const appId = props.checklist.chosen?.id;
  return (
    <PortfolioFrame current="/portfolio" checklist={props.checklist}>
      <h1>My portfolio</h1>
      <p>
        What you enter here is shared by all your applications: enter each degree, job, training and RSC entry
        once. The checklist shows, for the application you choose, what is met and what is still missing.
      </p>
      <table class="table-stack">
        <caption>Your portfolio, section by section</caption>
        <thead>
          <tr>
            <th scope="col">Section</th>
            <th scope="col">Entries</th>
          </tr>
        </thead>
        <tbody>
          {props.sections.map(({ def, count }) => (
            <tr key={def.slug}>
              <td data-label="Section">
                <a href={withApplication(`/portfolio/${def.slug}`, appId)}>{def.title}</a>
              </td>
              <td data-label="Entries">{count}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Also</h2>
      <ul>
        <li>
          <a href={withApplication('/portfolio/agreements', appId)}>Sign the agreements</a> of the
          associations you apply to.
        </li>
        <li>
          <a href={withApplication('/portfolio/competencies', appId)}>Competency coverage</a>: the competency
          domains and the training you mapped to them.
        </li>
        <li>
          <a href={withApplication('/portfolio/import', appId)}>Import a portfolio file</a> (JSON, format
          endorse-portfolio/1), or <a href="/portfolio/export">download your portfolio</a> as one.
        </li>
      </ul>
    </PortfolioFrame>
  );
}

// ---------------------------------------------------------------------------
// A section: its entries and the form to add one.

export function SectionPage(props: {
  def: SectionDef;
  shown: SectionPageOf;
  checklist: ChecklistView;
  associations: AssociationOption[];
  errors?: FieldError[] | undefined;
  values?: FormValues | undefined;
  /** The advisor's comments on the section. */
  comments?: ComponentChildren;
}) {
  const { def, errors } = props;
  const appId = props.checklist.chosen?.id;
  return (
    <PortfolioFrame current={`/portfolio/${def.slug}`} checklist={props.checklist}>
      <ErrorSummary errors={errors} />
      <h1>{def.title}</h1>
      <p>{sectionIntro[def.slug]}</p>
      {props.comments}
      <EntryTable def={def} shown={props.shown} applicationId={appId} />
      <Pages def={def} shown={props.shown} applicationId={appId} />
      <section aria-labelledby="add-title">
        <h2 id="add-title">{addLabel[def.slug]}</h2>
        <EntryForm
          def={def}
          action={`/portfolio/${def.slug}`}
          applicationId={appId}
          values={props.values}
          errors={errors}
          associations={props.associations}
          submit={addLabel[def.slug]}
        />
      </section>
    </PortfolioFrame>
  );
}

function EntryTable(props: { def: SectionDef; shown: SectionPageOf; applicationId: string | undefined }) {
  const { def } = props;
  const { entries, total, pages, first } = props.shown;
  if (!entries.length) return <p class="empty">Nothing here yet.</p>;
  return (
    <table class="entries table-stack">
      <caption>
        Your {def.title.toLowerCase()}: {total} {total === 1 ? 'entry' : 'entries'}
        {pages > 1 && `, ${first} to ${first + entries.length - 1} shown`}
      </caption>
      <thead>
        <tr>
          <th scope="col">Entry</th>
          {def.file && <th scope="col">File</th>}
          <th scope="col">Change</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => {
          const line = describeEntry(def.key, e.data);
          return (
            <tr key={e.id}>
              <td data-label="Entry">{line}</td>
              {def.file && (
                <td data-label="File">
                  {e.file ? <FileLink file={e.file} /> : <span class="hint">none</span>}
                </td>
              )}
              <td data-label="Change" class="actions">
                <a href={withApplication(`/portfolio/${def.slug}/${e.id}`, props.applicationId)}>
                  Edit<span class="visually-hidden">: {line}</span>
                </a>
                <Form
                  action={`/portfolio/${def.slug}/${e.id}/remove`}
                  class="inline"
                  label={`Remove: ${line}`}
                >
                  <HiddenApplication id={props.applicationId} />
                  <button type="submit" class="link-button danger-link">
                    Remove<span class="visually-hidden">: {line}</span>
                  </button>
                </Form>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Links to the previous and the next page of a long section. */
function Pages(props: { def: SectionDef; shown: SectionPageOf; applicationId: string | undefined }) {
  const { page, pages } = props.shown;
  if (pages <= 1) return null;
  const href = (n: number) => withApplication(`/portfolio/${props.def.slug}?page=${n}`, props.applicationId);
  return (
    <nav class="pagination" aria-label={`Pages of your ${props.def.title.toLowerCase()}`}>
      {page > 1 && (
        <a href={href(page - 1)} rel="prev">
          Previous page
        </a>
      )}{' '}
      <span aria-current="page">
        Page {page} of {pages}
      </span>{' '}
      {page < pages && (
        <a href={href(page + 1)} rel="next">
          Next page
        </a>
      )}
    </nav>
  );
}

export function FileLink(props: { file: { id: string; filename: string; size: number } }) {
  const kb = Math.max(1, Math.round(props.file.size / 1024));
  return (
    <a href={`/portfolio/files/${props.file.id}`}>
      {props.file.filename} <span class="hint">({kb} KB)</span>
    </a>
  );
}

// ---------------------------------------------------------------------------
// Editing one entry.

export function EditEntryPage(props: {
  def: SectionDef;
  entry: EntryView;
  checklist: ChecklistView;
  associations: AssociationOption[];
  errors?: FieldError[] | undefined;
  values: FormValues;
}) {
  const { def, entry, errors } = props;
  const appId = props.checklist.chosen?.id;
  const back = withApplication(`/portfolio/${def.slug}`, appId);
  return (
    <PortfolioFrame current={`/portfolio/${def.slug}`} checklist={props.checklist}>
      <ErrorSummary errors={errors} />
      <p>
        <a href={back}>Back to {def.title.toLowerCase()}</a>
      </p>
      <h1>Change this {def.singular}</h1>
      <EntryForm
        def={def}
        action={`/portfolio/${def.slug}/${entry.id}`}
        applicationId={appId}
        values={props.values}
        errors={errors}
        associations={props.associations}
        submit="Save changes"
        file={entry.file}
      />
      <h2>Remove it</h2>
      <Form action={`/portfolio/${def.slug}/${entry.id}/remove`} label={`Remove this ${def.singular}`}>
        <HiddenApplication id={appId} />
        <Button kind="danger">Remove this {def.singular}</Button>
      </Form>
    </PortfolioFrame>
  );
}

// ---------------------------------------------------------------------------
// The form of each section.

function EntryForm(props: {
  def: SectionDef;
  action: string;
  applicationId: string | undefined;
  values: FormValues | undefined;
  errors: FieldError[] | undefined;
  associations: AssociationOption[];
  submit: string;
  file?: { id: string; filename: string; size: number } | undefined;
}) {
  const fields = (
    <>
      <HiddenApplication id={props.applicationId} />
      <EntryFields
        slug={props.def.slug}
        values={props.values}
        errors={props.errors}
        associations={props.associations}
      />
      {props.def.file && (
        <FileFields def={props.def} file={props.file} error={errorOf(props.errors, props.def.file.input)} />
      )}
      <Button>{props.submit}</Button>
    </>
  );
  return props.def.file ? (
    <UploadForm action={props.action} label={props.submit}>
      {fields}
    </UploadForm>
  ) : (
    <Form action={props.action} label={props.submit}>
      {fields}
    </Form>
  );
}

function FileFields(props: {
  def: SectionDef;
  file: { id: string; filename: string; size: number } | undefined;
  error: string | undefined;
}) {
  const f = props.def.file!;
  const label = f.key === 'transcriptFileId' ? 'Transcript file' : 'Proof of membership';
  return (
    <>
      {props.file && (
        <p>
          Uploaded: <FileLink file={props.file} />
        </p>
      )}
      <FileInput
        name={f.input}
        label={props.file ? `Replace the ${f.what} (optional)` : `${label} (optional)`}
        hint={
          f.key === 'proofFileId'
            ? 'Needed for an association you have not applied to here. A PDF, PNG or JPEG file of up to 10 MB, e.g. your membership card or receipt.'
            : 'A PDF, PNG or JPEG file of up to 10 MB. The file is checked by its contents, not its name.'
        }
        error={props.error}
      />
      {props.file && <Checkbox name="removeFile" label={`Remove the uploaded ${f.what}`} checked={false} />}
    </>
  );
}

const credentialOptions = credentialIds.map((c) => ({ value: c, label: c }));
const choose = (label: string) => ({ value: '', label });

function EntryFields(props: {
  slug: SectionSlug;
  values: FormValues | undefined;
  errors: FieldError[] | undefined;
  associations: AssociationOption[];
}) {
  const { values, errors } = props;
  const field = (name: string, label: string, extra: { type?: 'date'; hint?: string } = {}) => (
    <Field
      name={name}
      label={label}
      type={extra.type ?? 'text'}
      value={valueOf(values, name)}
      error={errorOf(errors, name)}
      {...(extra.hint ? { hint: extra.hint } : {})}
    />
  );
  const boxes = (name: string, legend: string, options: ReadonlyArray<{ value: string; label: string }>) => (
    <Checkboxes
      name={name}
      legend={legend}
      options={options}
      checked={listOf(values, name)}
      error={errorOf(errors, name)}
    />
  );
  const flag = (name: string, label: string, hint?: string) => (
    <Checkbox
      name={name}
      label={label}
      checked={listOf(values, name).includes('yes')}
      {...(hint ? { hint } : {})}
    />
  );
  const select = (name: string, label: string, options: ReadonlyArray<{ value: string; label: string }>) => (
    <Select
      name={name}
      label={label}
      options={options}
      value={valueOf(values, name)}
      error={errorOf(errors, name)}
    />
  );
  const known = new Set(props.associations.map((a) => a.slug));
  const associationChoices = props.associations.map((a) => ({ value: a.slug, label: a.name }));
  switch (props.slug) {
    case 'education':
      return (
        <>
          {select('level', 'Level', [
            choose('Choose the level'),
            ...degreeLevels.map((l) => ({ value: l, label: degreeLabel[l] })),
          ])}
          {field('title', 'Title of the degree (optional)', { hint: 'For example MSW, MA, PhD' })}
          {field('field', 'Field of study (optional)')}
          {field('institution', 'Institution (optional)')}
          {field('conferred', 'Date conferred', {
            type: 'date',
            hint: 'As YYYY-MM-DD, for example 2014-05-15',
          })}
          {select('transcript', 'Kind of transcript', [
            { value: 'none', label: 'No transcript' },
            { value: 'unofficial', label: 'Unofficial transcript' },
            { value: 'official', label: 'Official transcript' },
          ])}
        </>
      );
    case 'work':
      return (
        <>
          {field('title', 'Job title')}
          {field('employer', 'Employer (optional)')}
          {field('from', 'Start date', { type: 'date' })}
          {field('to', 'End date (leave empty if you still work there)', { type: 'date' })}
          {field('fte', 'Full-time equivalent', { hint: '1 for full time, 0.5 for half time' })}
          {flag('paid', 'Paid work')}
          {flag('supervised', 'Supervised work')}
          {flag('internship', 'A graduate internship', 'An internship may come before the degree.')}
          {boxes(
            'kinds',
            'Kinds of work (choose all that apply)',
            workKinds.map((k) => ({ value: k, label: workKindLabel[k] })),
          )}
          {boxes('supervisorEndorsements', "Your supervisor's endorsements (if any)", credentialOptions)}
        </>
      );
    case 'training':
      return (
        <>
          {field('title', 'Title of the training')}
          {field('provider', 'Given by (optional)')}
          {field('date', 'Date', { type: 'date' })}
          {field('hours', 'Hours', { hint: 'Clock hours, for example 1.5' })}
          {boxes(
            'topics',
            'Topics (choose all that apply)',
            trainingTopics.map((t) => ({
              value: t,
              label: `${t === 'imh' ? 'IMH' : t === 'rsc' ? 'RSC' : 'DEI'}: ${topicLabel[t]}`,
            })),
          )}
          {boxes(
            'competencies',
            'Competency domains it covered (choose all that apply)',
            competencyDomains.map((d) => ({ value: d.id, label: `${d.number}. ${d.name}` })),
          )}
        </>
      );
    case 'rsc':
      return (
        <>
          {field('providerName', "Provider's name")}
          {boxes('providerEndorsements', "Provider's endorsements", credentialOptions)}
          {flag(
            'providerVetted',
            'The provider is a vetted RSC provider',
            'Vetted providers count where an association accepts them.',
          )}
          {field('from', 'First date', { type: 'date' })}
          {field('to', 'Last date', { type: 'date' })}
          {field('hours', 'Hours of RSC received', { hint: 'Clock hours, for example 24' })}
          {select('format', 'Individual or group', [
            { value: 'individual', label: 'Individual' },
            { value: 'group', label: 'Group' },
          ])}
          {field('providingRscHours', 'Of those hours, hours about the RSC you provide to others', {
            hint: 'Enter 0 if you do not provide RSC.',
          })}
        </>
      );
    case 'leadership':
      return (
        <>
          {field('activity', 'Activity')}
          {field('from', 'Start date', { type: 'date' })}
          {field('to', 'End date (leave empty if ongoing)', { type: 'date' })}
        </>
      );
    case 'memberships': {
      // An id not in the list (another association, or one typed into an imported file) is "another".
      const current = valueOf(values, 'association');
      const other = current === OTHER_ASSOCIATION_CHOICE || (current !== '' && !known.has(current));
      const shown: FormValues = {
        ...values,
        association: other ? OTHER_ASSOCIATION_CHOICE : current,
        otherAssociation: valueOf(values, 'otherAssociation') || (other ? current : ''),
      };
      return (
        <>
          <Select
            name="association"
            label="Association"
            options={[
              choose('Choose the association'),
              ...associationChoices,
              { value: OTHER_ASSOCIATION_CHOICE, label: 'Another infant mental health association' },
            ]}
            form={{ values: shown, errors }}
          />
          <Field
            name="otherAssociation"
            label="If another association: its name"
            hint="For example WA-AIMH"
            form={{ values: shown, errors }}
          />
          {field('from', 'Member since', { type: 'date' })}
          {field('to', 'Member until (leave empty if it has no end date)', { type: 'date' })}
        </>
      );
    }
    case 'endorsements': {
      // An association outside the list (from an imported file) stays choosable, so editing keeps it.
      const current = valueOf(values, 'association');
      const extra = current && !known.has(current) ? [{ value: current, label: current }] : [];
      return (
        <>
          {select('credential', 'Credential', [choose('Choose the credential'), ...credentialOptions])}
          {select('association', 'Association that granted it', [
            choose('Choose the association'),
            ...associationChoices,
            ...extra,
          ])}
          {field('granted', 'Date granted', { type: 'date' })}
        </>
      );
    }
  }
}
