// The live checklist: every requirement of an application's credential as
// the engine judged it, with its kind, status (icon with a text alternative
// and words, never colour alone), the numbers, what is missing, and a link to
// the portfolio section that fixes it. Used by the application page and every
// portfolio page; other pages (references, self-study, submission) use it too.
//
//   <Checklist result={result} links={checklistLinks(application.id)} />
import type { RuleKind } from '../engine/catalog.ts';
import { isApplicationState, stateLabels } from '../domain/application-lifecycle.ts';
import type { EvaluationResult, RequirementResult, Status } from '../engine/evaluate.ts';
import type { SubmittedState } from '../services/application-portfolio.ts';
import { When } from './components.tsx';

export const kindLabels: Record<RuleKind, string> = {
  education: 'Education',
  work: 'Specialized work',
  leadership: 'Leadership',
  training: 'In-service training',
  rsc: 'Reflective supervision/consultation (RSC)',
  references: 'References',
  agreements: 'Agreements',
  exam: 'Exam',
  membership: 'Membership',
};

export interface SectionLink {
  href: string;
  /** What the link does, e.g. "Add RSC you received". */
  label: string;
}
export type ChecklistLinks = Partial<Record<RuleKind, SectionLink>>;

/**
 * Where each kind of requirement is fixed. The portfolio sections keep the
 * application in the address so that their checklist stays on it. References
 * are asked for on the application's references page; the exam has no page of
 * the applicant's (the association records it). `extra` adds or replaces links.
 */
export function checklistLinks(applicationId?: string, extra: ChecklistLinks = {}): ChecklistLinks {
  const q = applicationId ? `?application=${encodeURIComponent(applicationId)}` : '';
  return {
    education: { href: `/portfolio/education${q}`, label: 'Add or change your degrees' },
    work: { href: `/portfolio/work${q}`, label: 'Add or change your specialized work' },
    leadership: { href: `/portfolio/leadership${q}`, label: 'Add or change your leadership activities' },
    training: { href: `/portfolio/training${q}`, label: 'Add or change your in-service training' },
    rsc: { href: `/portfolio/rsc${q}`, label: 'Add or change the RSC you received' },
    agreements: { href: `/portfolio/agreements${q}`, label: 'Sign the agreements' },
    membership: { href: `/portfolio/memberships${q}`, label: 'Add or change your memberships' },
    ...(applicationId
      ? {
          references: {
            href: `/applications/${encodeURIComponent(applicationId)}/references`,
            label: 'Ask raters for references',
          },
        }
      : {}),
    ...extra,
  };
}

/** A requirement's status as shown: the engine's, or "after review" for one met only after review. */
export type ShownStatus = Status | 'after-review';

export const statusText: Record<ShownStatus, string> = {
  met: 'Met',
  unmet: 'Not met yet',
  'after-review': 'After review',
};
const statusIcon: Record<ShownStatus, string> = { met: '✓', unmet: '✗', 'after-review': '…' };

/** Status as an icon with a text alternative, then the words (hidden from screen readers, who hear the icon's). */
export function StatusBadge(props: { status: ShownStatus }) {
  return (
    <span class={`status status-${props.status}`}>
      <span class="status-icon" role="img" aria-label={statusText[props.status]}>
        {statusIcon[props.status]}
      </span>
      <span class="status-text" aria-hidden="true">
        {statusText[props.status]}
      </span>
    </span>
  );
}

/**
 * "42 of 50 …" at the start of a summary, as numbers for a progress bar; none
 * when the summary counts several things ("52 of 50 hours …; 0 of 25 about …"),
 * where one bar would tell only part of it.
 */
export function progressOf(summary: string): { value: number; max: number } | undefined {
  if ((summary.match(/\d+(?:\.\d+)? of \d+/g) ?? []).length !== 1) return undefined;
  const m = /^(\d+(?:\.\d+)?) of (\d+(?:\.\d+)?)\b/.exec(summary);
  if (!m) return undefined;
  const value = Number(m[1]);
  const max = Number(m[2]);
  return max > 0 ? { value: Math.min(value, max), max } : undefined;
}

/** Where a submitted application stands, in words: "awaiting review", "in review"… */
export const applicationStateText = (state: string): string =>
  state === 'submitted'
    ? 'awaiting review'
    : isApplicationState(state)
      ? stateLabels[state].toLowerCase()
      : state;

/** "Submitted on … · awaiting review": the state a submitted application's checklists lead with. */
export function SubmittedStateText(props: { submitted: SubmittedState }) {
  const { submitted } = props;
  return (
    <>
      Submitted on <When at={submitted.at} /> · {applicationStateText(submitted.status)}
    </>
  );
}

/** The requirements to meet before review (all but those met after review), and how many are met. */
export function beforeReview(result: EvaluationResult, submitted: SubmittedState) {
  const before = result.requirements.filter((r) => !submitted.afterReview.includes(r.id));
  return {
    met: before.filter((r) => r.status === 'met').length,
    total: before.length,
    after: result.requirements.filter((r) => submitted.afterReview.includes(r.id)),
  };
}

export function Requirement(props: {
  requirement: RequirementResult;
  link?: SectionLink | undefined;
  /** Met only after review (the exam, once submitted): not a failure. */
  afterReview?: boolean;
  /** Where a page shows several checklists of one credential, what keeps each requirement's id its own. */
  idScope?: string | undefined;
}) {
  const r = props.requirement;
  const progress = progressOf(r.summary);
  const kind = kindLabels[r.kind];
  const id = `req-${props.idScope ? `${props.idScope}-` : ''}${r.id}`;
  if (props.afterReview && r.status === 'unmet')
    return (
      <li class="requirement requirement-after-review" id={id}>
        <p class="requirement-head">
          <StatusBadge status="after-review" /> <span class="requirement-kind">{kind}</span>
        </p>
        <p class="requirement-summary">Comes after review: {r.summary}</p>
      </li>
    );
  return (
    <li class={`requirement requirement-${r.status}`} id={id}>
      <p class="requirement-head">
        <StatusBadge status={r.status} /> <span class="requirement-kind">{kind}</span>
      </p>
      <p class="requirement-summary">{r.summary}</p>
      {progress && (
        <progress
          class="requirement-progress"
          max={progress.max}
          value={progress.value}
          aria-label={`${kind}: ${progress.value} of ${progress.max}`}
        />
      )}
      {r.status === 'unmet' && r.missing.length > 0 && (
        <div class="requirement-missing">
          <p>Still needed:</p>
          <ul>
            {r.missing.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
        </div>
      )}
      {props.link && (
        <p class="requirement-link">
          <a href={props.link.href}>
            {props.link.label}
            <span class="visually-hidden">
              {' '}
              ({kind}: {r.summary})
            </span>
          </a>
        </p>
      )}
    </li>
  );
}

export function Checklist(props: {
  result: EvaluationResult;
  links?: ChecklistLinks;
  /** Shown above the list, e.g. "IMHS with MI-AIMH". */
  title?: string;
  /** The heading's level on the page (default 2). */
  level?: 2 | 3;
  id?: string;
  /** Set once the application is submitted: the result is then of the snapshot. */
  submitted?: SubmittedState | undefined;
  /** Keeps the requirements' ids apart where a page shows several checklists of one credential. */
  idScope?: string;
}) {
  const { result, submitted } = props;
  const id = props.id ?? 'checklist';
  const met = result.requirements.filter((r) => r.status === 'met').length;
  const Heading = props.level === 3 ? 'h3' : 'h2';
  const before = submitted && beforeReview(result, submitted);
  return (
    <section class="checklist" id={id} aria-labelledby={`${id}-title`}>
      <Heading id={`${id}-title`}>Checklist{props.title ? `: ${props.title}` : ''}</Heading>
      {submitted && before ? (
        <p class="checklist-overall">
          <StatusBadge status={before.met === before.total ? 'met' : 'unmet'} />{' '}
          <span>
            <SubmittedStateText submitted={submitted} />. {before.met} of {before.total} requirements to meet
            before review are met for {result.credential}, judged on {result.on} as submitted
            {submitted.catalogVersion ? ` (requirements as of ${submitted.catalogVersion})` : ''}.
            {before.after.length > 0 &&
              ` ${before.after.map((r) => kindLabels[r.kind]).join(', ')}: after review.`}
          </span>
        </p>
      ) : (
        <p class="checklist-overall">
          <StatusBadge status={result.status} />{' '}
          <span>
            {met} of {result.requirements.length} requirements met for {result.credential}, judged on{' '}
            {result.on}.
          </span>
        </p>
      )}
      <ol class="checklist-items">
        {result.requirements.map((r) => (
          <Requirement
            key={r.id}
            requirement={r}
            link={submitted ? undefined : props.links?.[r.kind]}
            afterReview={!!submitted?.afterReview.includes(r.id)}
            idScope={props.idScope}
          />
        ))}
      </ol>
    </section>
  );
}
