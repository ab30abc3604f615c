// Pieces the portfolio pages share: the frame (section navigation, the
// application chooser and the live checklist beside every page), forms that
// carry files, and one-line descriptions of entries.
import type { ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { degreeLabel, topicShort } from '../../engine/labels.ts';
import type { DegreeLevel, TrainingTopic, WorkKind } from '../../engine/portfolio.ts';
import type { EvaluationResult } from '../../engine/evaluate.ts';
import type { PortfolioProblem } from '../../engine/portfolio.ts';
import type { SubmittedState } from '../../services/application-portfolio.ts';
import { beforeReview, Checklist, checklistLinks, StatusBadge, SubmittedStateText } from '../checklist.tsx';
import { PageContext } from '../components.tsx';

// ---------------------------------------------------------------------------
// The frame.

export interface ApplicationOption {
  id: string;
  credential: string;
  associationName: string;
  associationSlug?: string;
  status: string;
}

export interface ChecklistView {
  applications: ApplicationOption[];
  chosen: ApplicationOption | undefined;
  result: EvaluationResult | undefined;
  problems: PortfolioProblem[];
  /** Set once the chosen application is submitted: its checklist is then of the snapshot. */
  submitted?: SubmittedState | undefined;
}

/** `path` with the chosen application in its query, so that the checklist stays on it. */
export function withApplication(path: string, applicationId: string | undefined): string {
  if (!applicationId) return path;
  const [base, hash] = path.split('#');
  const sep = base!.includes('?') ? '&' : '?';
  return `${base}${sep}application=${encodeURIComponent(applicationId)}${hash ? `#${hash}` : ''}`;
}

export const portfolioPages: ReadonlyArray<{ path: string; label: string }> = [
  { path: '/portfolio', label: 'Overview' },
  { path: '/portfolio/education', label: 'Education' },
  { path: '/portfolio/work', label: 'Specialized work' },
  { path: '/portfolio/training', label: 'In-service training' },
  { path: '/portfolio/rsc', label: 'RSC received' },
  { path: '/portfolio/leadership', label: 'Leadership' },
  { path: '/portfolio/memberships', label: 'Memberships' },
  { path: '/portfolio/endorsements', label: 'Endorsements held' },
  { path: '/portfolio/agreements', label: 'Agreements' },
  { path: '/portfolio/competencies', label: 'Competency coverage' },
  { path: '/portfolio/import', label: 'Import' },
];

/** A portfolio page: section navigation, the page, then the chosen application's live checklist. */
export function PortfolioFrame(props: {
  current: string;
  checklist: ChecklistView;
  children: ComponentChildren;
}) {
  const { checklist } = props;
  const appId = checklist.chosen?.id;
  return (
    <div class="portfolio">
      <nav class="portfolio-nav" aria-label="Portfolio sections">
        <ul>
          {portfolioPages.map((p) => (
            <li key={p.path}>
              <a
                href={withApplication(p.path, appId)}
                aria-current={p.path === props.current ? 'page' : undefined}
              >
                {p.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <ChecklistStatusLine checklist={checklist} />
      <div class="portfolio-page">{props.children}</div>
      {/* Not an <aside>: a complementary landmark inside <main> is not at the top level. */}
      <div class="portfolio-checklist">
        <ChooseApplication checklist={checklist} action={props.current} />
        <ChecklistOrProblem checklist={checklist} />
      </div>
    </div>
  );
}

function ChecklistStatusLine(props: { checklist: ChecklistView }) {
  const { chosen, result, submitted } = props.checklist;
  if (!chosen || !result) return null;
  const met = result.requirements.filter((r) => r.status === 'met').length;
  if (submitted) {
    const before = beforeReview(result, submitted);
    return (
      <p class="checklist-line">
        <StatusBadge status={before.met === before.total ? 'met' : 'unmet'} /> {chosen.credential} with{' '}
        {chosen.associationName}: <SubmittedStateText submitted={submitted} />; {before.met} of {before.total}{' '}
        requirements to meet before review are met. <a href="#checklist">See the checklist</a>
      </p>
    );
  }
  return (
    <p class="checklist-line">
      <StatusBadge status={result.status} /> {chosen.credential} with {chosen.associationName}: {met} of{' '}
      {result.requirements.length} requirements met. <a href="#checklist">See the checklist</a>
    </p>
  );
}

export function ChecklistOrProblem(props: {
  checklist: ChecklistView;
  level?: 2 | 3;
  /** Read by staff: no links into the applicant's own pages. */
  staff?: boolean;
}) {
  const { chosen, result, problems } = props.checklist;
  if (!chosen) {
    return (
      <section class="checklist" id="checklist" aria-labelledby="checklist-title">
        <h2 id="checklist-title">Checklist</h2>
        <p>
          Start an application to see, for its credential, what your portfolio meets and what is still
          missing. <a href="/applications">Start an application</a>
        </p>
      </section>
    );
  }
  if (!result) {
    return (
      <section class="checklist" id="checklist" aria-labelledby="checklist-title">
        <h2 id="checklist-title">Checklist</h2>
        <p>
          The portfolio could not be checked because of these entries
          {props.staff ? '' : '; change or remove them'}:
        </p>
        <ul>
          {problems.map((p) => (
            <li key={p.path}>
              <code>{p.path}</code> {p.message}
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return (
    <Checklist
      result={result}
      title={`${chosen.credential} with ${chosen.associationName}${props.checklist.submitted ? ', as submitted' : ''}`}
      {...(props.staff ? {} : { links: checklistLinks(chosen.id) })}
      {...(props.level ? { level: props.level } : {})}
      submitted={props.checklist.submitted}
    />
  );
}

/** A plain GET form (no script) to switch the checklist to another application. */
function ChooseApplication(props: { checklist: ChecklistView; action: string }) {
  const { applications, chosen } = props.checklist;
  if (applications.length < 2) return null;
  return (
    <form method="get" action={props.action} class="choose-application">
      <label for="choose-application">Show the checklist of</label>
      <select id="choose-application" name="application">
        {applications.map((a) => (
          <option key={a.id} value={a.id} selected={a.id === chosen?.id}>
            {a.credential} with {a.associationName} ({a.status})
          </option>
        ))}
      </select>
      <button type="submit" class="button secondary">
        Show
      </button>
    </form>
  );
}

// ---------------------------------------------------------------------------
// Forms with files, and other inputs the shared components do not have.

/** A POST form that may carry files (multipart), with its CSRF token. */
export function UploadForm(props: {
  action: string;
  children: ComponentChildren;
  label?: string;
  class?: string;
}) {
  const { csrfToken } = useContext(PageContext);
  return (
    <form
      method="post"
      action={props.action}
      enctype="multipart/form-data"
      aria-label={props.label}
      class={props.class}
      novalidate
    >
      <input type="hidden" name="_csrf" value={csrfToken} />
      {props.children}
    </form>
  );
}

export function HiddenApplication(props: { id: string | undefined }) {
  return props.id ? <input type="hidden" name="application" value={props.id} /> : null;
}

export const acceptedUploads = 'application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg';

export function FileInput(props: {
  name: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  accept?: string;
}) {
  const hintId = `${props.name}-hint`;
  const errorId = `${props.name}-error`;
  const describedBy = [props.hint ? hintId : '', props.error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for={props.name}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={hintId}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error-message" id={errorId}>
          <span class="visually-hidden">Error: </span>
          {props.error}
        </p>
      )}
      <input
        type="file"
        id={props.name}
        name={props.name}
        accept={props.accept ?? acceptedUploads}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}

export function TextArea(props: {
  name: string;
  label: string;
  value?: string;
  hint?: string;
  error?: string | undefined;
  rows?: number;
}) {
  const describedBy = [props.hint ? `${props.name}-hint` : '', props.error ? `${props.name}-error` : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      <label for={props.name}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="error-message" id={`${props.name}-error`}>
          <span class="visually-hidden">Error: </span>
          {props.error}
        </p>
      )}
      <textarea
        id={props.name}
        name={props.name}
        rows={props.rows ?? 8}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      >
        {props.value ?? ''}
      </textarea>
    </div>
  );
}

/** One checkbox (value "yes") with its label. */
export function Checkbox(props: { name: string; label: string; checked: boolean; hint?: string }) {
  return (
    <div class="field">
      <div class="checkbox">
        <input
          type="checkbox"
          id={props.name}
          name={props.name}
          value="yes"
          checked={props.checked}
          aria-describedby={props.hint ? `${props.name}-hint` : undefined}
        />
        <label for={props.name}>{props.label}</label>
      </div>
      {props.hint && (
        <p class="hint" id={`${props.name}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------
// Entries in one line.

const workKindShort: Record<WorkKind, string> = {
  'infant-family': 'infant and family field',
  'imh-dyadic': 'IMH dyadic work (0–3 years)',
  'ecmh-dyadic': 'ECMH dyadic work (3–6 years)',
  'rsc-provision': 'providing RSC',
  'practice-leader': 'practice leader',
  'policy-leadership': 'policy leadership',
  'research-faculty': 'research/faculty',
};

type E = Record<string, unknown>;
const s = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const strings = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
const until = (to: unknown, open = 'ongoing') => (to ? s(to) : open);
const hoursText = (v: unknown) => `${s(v)} h`;
/** What Endorse records of the person an entry names: "; endorsed in Endorse: IMHS, MI-AIMH, no. 12". */
const inEndorse = (v: unknown) => {
  const held = Array.isArray(v) ? (v as E[]) : [];
  return held.length
    ? `; endorsed in Endorse: ${held.map((h) => `${s(h.credential)}, ${s(h.association).toUpperCase()}, no. ${s(h.number)}`).join('; ')}`
    : '';
};

/** A person-readable line for an entry of a list of the format (section key: degrees, work…). */
export function describeEntry(key: string, e: E): string {
  switch (key) {
    case 'degrees': {
      const level = degreeLabel[e.level as DegreeLevel] ?? s(e.level);
      const what = [s(e.title), s(e.field), s(e.institution)].filter(Boolean).join(', ');
      return `${level}${what ? ` — ${what}` : ''}, conferred ${s(e.conferred)}; transcript: ${s(e.transcript) || 'none'}`;
    }
    case 'work': {
      const kinds = strings(e.kinds)
        .map((k) => workKindShort[k as WorkKind] ?? k)
        .join(', ');
      const flags = [
        e.paid === false ? 'unpaid' : 'paid',
        e.supervised ? 'supervised' : '',
        e.internship ? 'internship' : '',
      ].filter(Boolean);
      return `${s(e.title) || 'Work'}${e.employer ? ` at ${s(e.employer)}` : ''}, ${s(e.from)} to ${until(e.to)}, ${
        e.fte === undefined ? '1' : s(e.fte)
      } FTE, ${flags.join(', ')}; ${kinds}`;
    }
    case 'training': {
      const topics = strings(e.topics)
        .map((t) => topicShort[t as TrainingTopic] ?? t)
        .join(', ');
      const domains = strings(e.competencies).length;
      return `${s(e.title) || 'Training'} — ${hoursText(e.hours)} on ${s(e.date)}${
        e.provider ? `, ${s(e.provider)}` : ''
      }; topics: ${topics || 'none'}${domains ? `; ${domains} competency domain${domains === 1 ? '' : 's'}` : ''}`;
    }
    case 'rsc': {
      const p = (e.provider ?? {}) as E;
      const endorsements = strings(p.endorsements).join(', ');
      return `${hoursText(e.hours)} ${s(e.format)} RSC with ${s(p.name) || 'a provider'} (${
        endorsements || 'no endorsement'
      }${p.vetted ? ', vetted' : ''}), ${s(e.from)} to ${s(e.to)}; ${s(e.providingRscHours) || '0'} h about the RSC you provide${inEndorse(p.heldInEndorse)}`;
    }
    case 'leadership':
      return `${s(e.activity) || 'Leadership activity'}, ${s(e.from)} to ${until(e.to)}`;
    case 'memberships':
      return `Member of ${s(e.association)}, ${s(e.from)} to ${until(e.to, 'no end date')}`;
    case 'endorsements':
      return `${s(e.credential)} from ${s(e.association)}, granted ${s(e.granted)}${inEndorse(e.heldInEndorse)}`;
    case 'references': {
      const endorsed = strings(e.raterEndorsements).join(', ');
      return `${s(e.name) || 'A rater'} (${s(e.relationship)}${e.current === false ? ', not current' : ''}${
        endorsed ? `, endorsed ${endorsed}` : ''
      }${e.raterVetted ? ', vetted' : ''}), rating received ${s(e.submitted)}${inEndorse(e.heldInEndorse)}`;
    }
    case 'agreements':
      return `Code of ethics: ${s(e.codeOfEthics) ? `signed ${s(e.codeOfEthics)}` : 'not signed'}; endorsement agreement: ${
        s(e.endorsementAgreement) ? `signed ${s(e.endorsementAgreement)}` : 'not signed'
      }`;
    case 'person':
      return [s(e.name), s(e.email)].filter(Boolean).join(', ');
    default:
      return JSON.stringify(e);
  }
}
