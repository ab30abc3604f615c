// An application's exam result, as the applicant and the association's
// coordinators read it: passed or not, the two parts, performance by
// competency domain (never the items), and after a fail the retake rules.
import type { ApplicationRow } from '../../db/repositories/applications.ts';
import type { ExamResult } from '../../services/exam-results.ts';
import { When } from '../components.tsx';

export const examResultPath = (applicationId: string, slug?: string) =>
  `${slug ? `/associations/${encodeURIComponent(slug)}` : ''}/applications/${encodeURIComponent(applicationId)}/exam/result`;

export function ExamResultPage(props: {
  application: ApplicationRow;
  applicantName: string;
  result: ExamResult;
  /** Staff read it inside their association; the applicant reads their own. */
  association?: { slug: string; name: string } | undefined;
}) {
  const { application, result, association } = props;
  const back = association
    ? `/associations/${encodeURIComponent(association.slug)}/applications/${encodeURIComponent(application.id)}`
    : `/applications/${encodeURIComponent(application.id)}`;
  const whose = association ? `${props.applicantName}'s` : 'Your';
  return (
    <>
      <p>
        <a href={back}>Back to the application</a>
      </p>
      <h1>
        {whose} written examination: {application.credential}
      </h1>
      {result.status === 'not-sat' && <p>No sitting of the exam has been taken for this application yet.</p>}
      {result.status === 'in-progress' && <p>The exam is being taken: the result comes once it is scored.</p>}
      {result.status === 'being-scored' && (
        <p>
          The exam was submitted on <When at={result.submittedAt} /> and is being scored: the essays are read
          blind by two readers. The result is e-mailed and shown here once it is settled.
        </p>
      )}
      {result.status === 'scored' && (
        <>
          <p class={`status ${result.result === 'passed' ? 'status-met' : 'status-unmet'}`}>
            <strong>{result.result === 'passed' ? 'Passed' : 'Not passed'}</strong>{' '}
            {/* One piece of text beside the word: .status lays out its children side by side. */}
            <span>
              (scored on <When at={result.scoredAt} />)
            </span>
          </p>
          <dl class="facts">
            <dt>Multiple choice</dt>
            <dd>
              {result.mcCorrect} of {result.mcCounted} right ({Math.round(result.mcPercent)}%)
            </dd>
            <dt>Essays</dt>
            <dd>{result.essayPoints} points</dd>
          </dl>
          <h2>Performance by competency domain</h2>
          {result.byDomain.length ? (
            <table class="table-stack">
              <caption>Multiple-choice items right in each competency domain</caption>
              <thead>
                <tr>
                  <th scope="col">Competency domain</th>
                  <th scope="col">Right</th>
                </tr>
              </thead>
              <tbody>
                {result.byDomain.map((d) => (
                  <tr key={d.domain}>
                    <td data-label="Competency domain">{d.name}</td>
                    <td data-label="Right">
                      {d.correct} of {d.of}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p class="empty">No multiple-choice item counted.</p>
          )}
          {result.retake && (
            <section aria-labelledby="retake-title">
              <h2 id="retake-title">Taking the exam again</h2>
              {result.retake.attemptsUsed >= result.retake.attemptsAllowed ? (
                <p>
                  All {result.retake.attemptsAllowed} attempts the association allows for this application
                  have been used.
                </p>
              ) : (
                <dl class="facts">
                  <dt>Waiting period</dt>
                  <dd>
                    {result.retake.waitDays} days: a retake may be sat from {result.retake.opensOn}
                  </dd>
                  <dt>Attempts</dt>
                  <dd>
                    {result.retake.attemptsUsed} of {result.retake.attemptsAllowed} used
                  </dd>
                  <dt>Retake fee</dt>
                  <dd>{result.retake.fee ? `${result.retake.fee}, due on registering` : 'None'}</dd>
                </dl>
              )}
            </section>
          )}
        </>
      )}
    </>
  );
}
