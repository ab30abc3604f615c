// The staff's application page: where the application stands, the checklist
// of what was submitted, every section with its files, the ratings that
// counted, what the applicant has changed since, fees and payments, history,
// and what the reader may do next. Also the parts the read-only portfolio
// page shares with it.
import type { PortfolioChange, SubmittedState } from '../../services/application-portfolio.ts';
import type { StaffApplicationPageModel } from '../../services/application-page.ts';
import type { EntryView, SectionDef } from '../../services/portfolio.ts';
import { stillDueCents } from '../../domain/fees.ts';
import { applicationStateText, Checklist, kindLabels } from '../checklist.tsx';
import { type FieldError, type FormValues, When } from '../components.tsx';
import { describeEntry } from './portfolio-parts.tsx';
import { FileLink } from './portfolio.tsx';
import { FeesSection, paymentsPath, waiversPath } from './submission-payments.tsx';
import { ReviewersPanel } from './reviewers.tsx';
import { ApplicationDecisions, EndorsedNote, FinalizeSection } from './application-decisions.tsx';
import { StaffAdvisingSection } from './staff-advising.tsx';

const staffBase = (slug: string, id: string) =>
  `/associations/${encodeURIComponent(slug)}/applications/${encodeURIComponent(id)}`;

/** The sections of a portfolio, read only, each entry with its file. */
export function PortfolioSections(props: {
  sections: ReadonlyArray<{ def: SectionDef; entries: EntryView[] }>;
  /** The heading level of each section (default 2). */
  level?: 2 | 3;
}) {
  const Heading = props.level === 3 ? 'h3' : 'h2';
  return (
    <>
      {props.sections.map(({ def, entries }) => (
        <section key={def.slug} aria-labelledby={`portfolio-${def.slug}`}>
          <Heading id={`portfolio-${def.slug}`}>
            {def.title} ({entries.length})
          </Heading>
          {entries.length ? (
            <ul class="entry-list">
              {entries.map((e) => (
                <li key={e.id}>
                  {describeEntry(def.key, e.data)}
                  {e.file && (
                    <>
                      {' '}
                      — <FileLink file={e.file} />
                    </>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p class="empty">None.</p>
          )}
        </section>
      ))}
    </>
  );
}

/** What each part of a portfolio document is called on the page. */
const partLabels: Record<string, string> = {
  person: 'Applicant',
  degrees: 'Education',
  work: 'Specialized work',
  training: 'In-service training',
  rsc: kindLabels.rsc,
  leadership: 'Leadership',
  memberships: 'Memberships',
  endorsements: 'Endorsements held',
  references: 'Reference ratings that count',
  agreements: 'Agreements',
};

/** Two versions of a portfolio side by side, entry by entry, for each part that differs. */
export function ChangesTable(props: { changes: PortfolioChange[]; caption: string; then: string }) {
  return (
    <table class="changes table-stack">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Part</th>
          <th scope="col">{props.then}</th>
          <th scope="col">Now</th>
        </tr>
      </thead>
      <tbody>
        {props.changes.flatMap((c) =>
          Array.from({ length: Math.max(c.then.length, c.now.length) }, (_, i) => (
            <tr key={`${c.key}-${i}`}>
              <th scope="row">{partLabels[c.key] ?? c.key}</th>
              <td data-label={props.then}>
                {c.then[i] === undefined ? '—' : describeEntry(c.key, c.then[i] as never)}
              </td>
              <td data-label="Now">
                {c.now[i] === undefined ? '—' : describeEntry(c.key, c.now[i] as never)}
              </td>
            </tr>
          )),
        )}
      </tbody>
    </table>
  );
}

/**
 * That the portfolio shown is the one submitted, and, when the applicant has
 * changed theirs since, what changed, side by side.
 */
export function AsSubmittedNote(props: {
  submission: Omit<SubmittedState, 'afterReview'>;
  changes: PortfolioChange[];
}) {
  const { submission, changes } = props;
  return (
    <section class="as-submitted" aria-labelledby="as-submitted-title">
      <h2 id="as-submitted-title">The portfolio as submitted</h2>
      <p>
        Everything on this page is the portfolio as it was submitted on <When at={submission.at} />
        {submission.catalogVersion
          ? `, judged against the requirements as of ${submission.catalogVersion}`
          : ''}
        .
      </p>
      {changes.length ? (
        <>
          <p class="notice" role="note">
            <strong>The applicant has changed their portfolio since submitting</strong> (
            {changes.map((c) => partLabels[c.key] ?? c.key).join(', ')}). These changes are not part of the
            application.
          </p>
          <ChangesTable
            changes={changes}
            caption="What changed since submission, side by side"
            then="As submitted"
          />
        </>
      ) : (
        <p>The applicant has not changed their portfolio since.</p>
      )}
    </section>
  );
}

const show = (value: unknown) => (value === null || value === undefined ? '—' : JSON.stringify(value));

export function StaffApplicationPage(props: {
  page: StaffApplicationPageModel;
  sections: ReadonlyArray<{ def: SectionDef; entries: EntryView[] }>;
  /** The payment form's errors and what was typed, when it comes back. */
  payment?: { errors: FieldError[]; values: FormValues } | undefined;
  decision?: { errors: FieldError[]; values: FormValues } | undefined;
  /** The advisor form's, when it comes back. */
  advisor?: { errors: FieldError[]; values: FormValues } | undefined;
  /** Finalizing's refusal, when it comes back. */
  finalize?: { errors: FieldError[]; blocked: boolean } | undefined;
}) {
  const { page } = props;
  const a = page.application;
  const base = staffBase(page.association.slug, a.id);
  const { result, problems, submitted } = page.checklist;
  return (
    <>
      <p>
        <a href={`/associations/${encodeURIComponent(page.association.slug)}/applications`}>
          All applications of {page.association.name}
        </a>
      </p>
      <h1>
        {page.applicant.name}: {a.credential} application
      </h1>
      <dl class="facts">
        <dt>Applicant</dt>
        <dd>
          {page.applicant.name} <span class="hint">{page.applicant.email}</span>
        </dd>
        <dt>Credential</dt>
        <dd>
          {page.credentialName} ({a.credential}), {page.association.name}
        </dd>
        <dt>State</dt>
        <dd>
          {page.submission ? (
            <>
              Submitted on <When at={page.submission.at} /> · {applicationStateText(a.status)}
            </>
          ) : (
            'Draft: not submitted yet'
          )}
        </dd>
        <dt>Started</dt>
        <dd>
          <When at={a.createdAt} />
        </dd>
      </dl>

      {page.endorsement && (
        <EndorsedNote
          endorsement={page.endorsement}
          staffPage={`/associations/${encodeURIComponent(page.association.slug)}/endorsements/${encodeURIComponent(page.endorsement.id)}`}
        />
      )}
      <section aria-labelledby="next-title">
        <h2 id="next-title">What you can do next</h2>
        <ul>
          {page.finalize.may && (
            <li>
              <a href="#finalize-title">Finalize the endorsement</a>: the review is done
              {a.status === 'exam-passed' ? ' and the exam passed' : ''}.
            </li>
          )}
          {page.may.recordPayment && page.fees.some((f) => stillDueCents(f) > 0) && (
            <li>
              <a href="#fees-title">Record a payment</a> against a fee still due.
            </li>
          )}
          {page.may.readRatings && (
            <li>
              <a href={`${base}/references`}>Read the reference ratings</a>.
            </li>
          )}
          {page.examRequired &&
            ['approved', 'awaiting-exam', 'exam-failed', 'exam-passed'].includes(a.status) && (
              <li>
                <a href={`${base}/exam`}>The exam</a>: sittings, registrations, accommodations.
              </li>
            )}
          {['awaiting-exam', 'exam-passed', 'exam-failed'].includes(a.status) && (
            <li>
              <a href={`${base}/exam/result`}>See the exam result</a>.
            </li>
          )}
          <li>
            {page.submission ? (
              <>
                See the <a href="#review-title">reviews and decisions</a>; the portfolio as submitted is
                below.
              </>
            ) : (
              'Nothing to judge yet: the applicant has not submitted this application.'
            )}
          </li>
        </ul>
      </section>

      {(page.finalize.may || props.finalize) && (
        <FinalizeSection
          association={page.association}
          application={a}
          may={page.finalize.may}
          unmet={page.finalize.unmet}
          refused={props.finalize}
        />
      )}
      {page.submission && <AsSubmittedNote submission={page.submission} changes={page.changes} />}
      <ApplicationDecisions
        decisions={page.decisions}
        association={page.association}
        application={a}
        form={props.decision}
      />

      {result ? (
        <Checklist
          result={result}
          title={`${a.credential} with ${page.association.name}${submitted ? ', as submitted' : ', as it stands'}`}
          submitted={submitted}
        />
      ) : (
        <section class="checklist" id="checklist" aria-labelledby="checklist-title">
          <h2 id="checklist-title">Checklist</h2>
          <p>The portfolio could not be checked because of these entries:</p>
          <ul>
            {problems.map((p) => (
              <li key={p.path}>
                <code>{p.path}</code> {p.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="sections-title">
        <h2 id="sections-title">
          {page.submission ? 'Every section, as submitted' : 'Every section, as it stands'}
        </h2>
        <PortfolioSections sections={props.sections} level={3} />
        <section aria-labelledby="portfolio-references">
          <h3 id="portfolio-references">Reference ratings that count ({page.references.length})</h3>
          {page.references.length ? (
            <ul class="entry-list">
              {page.references.map((r, i) => (
                <li key={i}>{describeEntry('references', r as never)}</li>
              ))}
            </ul>
          ) : (
            <p class="empty">None.</p>
          )}
        </section>
      </section>

      {page.submission && (
        <ReviewersPanel panel={page.reviewers} association={page.association} application={a} />
      )}
      <StaffAdvisingSection
        advising={page.advising}
        association={page.association}
        applicationId={a.id}
        form={props.advisor}
      />

      <FeesSection
        fees={page.fees}
        action={page.may.recordPayment ? paymentsPath(page.association.slug, a.id) : undefined}
        waiveAction={page.may.waiveFee ? waiversPath(page.association.slug, a.id) : undefined}
        errors={props.payment?.errors}
        values={props.payment?.values}
      />

      <section aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <table class="table-stack">
          <caption>Every recorded change, oldest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {page.history.map((h) => (
              <tr key={h.id}>
                <td data-label="When">
                  <When at={h.at} />
                </td>
                <td data-label="Who">{h.actorName ?? 'the system'}</td>
                <td data-label="What">{h.action}</td>
                <td data-label="Before">
                  <code>{show(h.before)}</code>
                </td>
                <td data-label="After">
                  <code>{show(h.after)}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
