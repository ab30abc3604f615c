// What the endorsee keeps: their endorsements on the account page (papers,
// links, the registry choice) and the letter, a page made to be printed.
import { Fragment } from 'preact';
import { endorseePaths } from '../../domain/endorsement.ts';
import { longDate } from '../../domain/references.ts';
import type { EndorsementLetter, OwnEndorsement } from '../../services/endorsee.ts';
import { Button, Form, Radios } from '../components.tsx';

export function YourEndorsements(props: { endorsements: readonly OwnEndorsement[] }) {
  if (!props.endorsements.length) return null;
  return (
    <section aria-labelledby="endorsements-title">
      <h2 id="endorsements-title">Your endorsements</h2>
      {props.endorsements.map((e) => {
        const paths = endorseePaths(e.id);
        const titleId = `endorsement-${e.id}`;
        return (
          <article class="endorsement" aria-labelledby={titleId} key={e.id}>
            <h3 id={titleId}>
              {e.credentialName}
              {e.level && `, ${e.level}`}
            </h3>
            <dl class="facts">
              <dt>Association</dt>
              <dd>{e.associationName}</dd>
              <dt>Endorsement number</dt>
              <dd>{e.number}</dd>
              <dt>Status</dt>
              <dd>
                <strong>{e.statusLabel}</strong>
              </dd>
              <dt>Granted</dt>
              <dd>{longDate(e.grantedOn)}</dd>
              <dt>Renewal due</dt>
              <dd>{longDate(e.renewalDueOn)}</dd>
            </dl>
            <ul class="endorsement-links">
              {['active', 'lapsed', 'inactive'].includes(e.status) && (
                <li>
                  <a href={`/renewals#renewal-of-${encodeURIComponent(e.id)}`}>
                    Renew<span class="visually-hidden"> {e.credentialName}</span>
                  </a>
                </li>
              )}
              <li>
                <a href={paths.certificate}>Certificate (PDF)</a>
              </li>
              <li>
                <a href={paths.letter}>Letter</a>
              </li>
              {e.hasCredential && (
                <li>
                  <a href={paths.credential} download={`endorsement-${e.number}.json`}>
                    Verifiable credential (JSON)
                  </a>
                </li>
              )}
              <li>
                <a href={paths.verification}>Public verification page</a>
              </li>
            </ul>
            <Form action={paths.listing} label={`Registry listing of ${e.credentialName}`}>
              <Radios
                name="listed"
                legend="List this endorsement in the public registry?"
                hint={
                  e.status === 'active'
                    ? e.inRegistry
                      ? 'The registry lists it now: employers can find you by name.'
                      : 'The registry does not list it now.'
                    : `The registry lists only active endorsements; this one is ${e.statusLabel.toLowerCase()}, so it is not listed. Your choice is kept.`
                }
                options={[
                  { value: 'yes', label: 'Yes, list it' },
                  { value: 'no', label: 'No, leave it out' },
                ]}
                value={e.listed ? 'yes' : 'no'}
                inline
              />
              <Button kind="secondary">Save registry choice</Button>
            </Form>
          </article>
        );
      })}
    </section>
  );
}

export function EndorsementLetterPage(props: { letter: EndorsementLetter; accountLink: boolean }) {
  const l = props.letter;
  const p = l.papers;
  const paths = endorseePaths(p.endorsement.id);
  return (
    <article class="letter">
      {props.accountLink && (
        <p class="no-print">
          <a href="/account">Back to your account</a>
        </p>
      )}
      <p class="letter-from">{p.associationName}</p>
      <h1>{l.heading}</h1>
      <p>{l.greeting}</p>
      <p>{l.congratulations}</p>
      <section aria-labelledby="granted-title">
        <h2 id="granted-title">What you were granted</h2>
        <dl class="facts">
          {l.granted.map(([label, value]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
          <dt>Status now</dt>
          <dd>{p.statusLabel}</dd>
        </dl>
      </section>
      <section aria-labelledby="renewal-title">
        <h2 id="renewal-title">What renewal will ask</h2>
        <p>{l.renewalIntro}</p>
        {p.renewal.length ? (
          <ul>
            {p.renewal.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        ) : (
          <p>The association will tell you what it asks.</p>
        )}
      </section>
      <section aria-labelledby="verify-title">
        <h2 id="verify-title">Where to verify it</h2>
        <p>
          {l.verification[0]}
          <a href={paths.verification}>{l.verification[1]}</a>
          {l.verification[2]}
        </p>
      </section>
      <p class="comments">{l.closing}</p>
      <p class="actions no-print">
        <a class="button secondary" href={paths.certificate}>
          Download the certificate (PDF)
        </a>
        <a class="button secondary" href={paths.credential} download={p.credentialFile}>
          Download the credential (JSON)
        </a>
        <a class="button secondary" href={paths.verification}>
          Open the verification page
        </a>
      </p>
    </article>
  );
}
