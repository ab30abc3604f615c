// The public pages about a credential: whether one is valid now (an
// endorsement's, or one pasted or uploaded by whoever holds it), the form to
// check a file, and what a credential means (the achievement it points at).
import { romanLevels } from '../../credentials/badge.ts';
import { type EndorsementStatus, endorsementStatusLabels } from '../../domain/endorsement.ts';
import { longDate } from '../../domain/references.ts';
import type { CredentialVerification } from '../../services/credentials.ts';
import type { Achievement, PublicEndorsement, VerificationResult } from '../../services/registry.ts';
import {
  Button,
  ErrorSummary,
  errorOf,
  type FieldError,
  Form,
  type FormValues,
  JsonFileOrText,
  valueOf,
} from '../components.tsx';

export const levelText = (level: number): string => `Level ${romanLevels[level - 1] ?? level}`;

/** A date of the credential (a day or a date-time) as people read it. */
const dayOf = (iso: string | undefined) =>
  iso ? longDate(iso.length === 10 ? `${iso}T00:00:00Z` : iso) : '';

/** The verdict in one sentence, and whether it is a yes. */
export function verdictText(v: CredentialVerification): { valid: boolean; text: string } {
  const c = v.claims;
  const who = c.subjectName ?? 'the holder';
  const what = c.achievementName ?? 'this credential';
  const from = c.issuerName ?? 'the issuer';
  switch (v.verdict) {
    case 'valid':
      return {
        valid: true,
        text: `Valid: ${who} holds ${what}, endorsed by ${from}, until ${dayOf(c.validUntil)}.`,
      };
    case 'revoked':
      return { valid: false, text: `Revoked: ${from} has revoked this endorsement. It is no longer valid.` };
    case 'suspended':
      return {
        valid: false,
        text: `Suspended: ${from} has suspended this endorsement. It is not valid while the suspension lasts.`,
      };
    case 'expired':
      return {
        valid: false,
        text: `Expired on ${dayOf(c.validUntil)}: this credential was valid until then and has not been renewed in it.`,
      };
    case 'not-yet-valid':
      return { valid: false, text: `Not valid yet: this credential is valid from ${dayOf(c.validFrom)}.` };
    case 'unknown-issuer':
      return {
        valid: false,
        text: `Endorse cannot check this issuer: the credential was not issued by an association on this site${c.issuerDid ? ` (it names ${c.issuerDid})` : ''}. Ask the association that issued it.`,
      };
    case 'invalid':
      return {
        valid: false,
        text: !v.checks.format
          ? 'Not valid: this is not an Open Badges credential (it has no OpenBadgeCredential type, or no proof).'
          : !v.checks.proof
            ? 'Not valid: the signature does not match. The credential was changed after it was signed, or was not signed by its issuer.'
            : "Not valid: the issuer's status list could not be checked.",
      };
  }
}

/** Each check on its own, in words. */
export function checkLines(
  v: CredentialVerification,
): { name: string; result: string; ok: boolean | undefined }[] {
  const k = v.checks;
  const notChecked = 'Not checked (an earlier check failed)';
  const association = v.association?.name ?? v.claims.issuerName ?? 'the issuer';
  return [
    {
      name: 'Issuer key',
      ok: k.format ? k.issuerKnown : undefined,
      result: !k.format
        ? notChecked
        : k.issuerKnown
          ? `Known: the issuer is ${association}, an association on this site`
          : 'Unknown: the issuer is not an association on this site',
    },
    {
      name: 'Signature',
      ok: k.issuerKnown ? k.proof : undefined,
      result: !k.issuerKnown
        ? notChecked
        : k.proof
          ? `Holds: signed with the key of ${association}, and not changed since`
          : `Does not hold: ${v.detail ?? 'the credential was changed after it was signed'}`,
    },
    {
      name: 'Status',
      ok: k.revoked === undefined && k.suspended === undefined ? undefined : !k.revoked && !k.suspended,
      result:
        k.revoked === undefined && k.suspended === undefined
          ? notChecked
          : k.revoked
            ? 'Revoked: the association has revoked it'
            : k.suspended
              ? 'Suspended: the association has suspended it'
              : 'In force: neither revoked nor suspended',
    },
    {
      name: 'Dates',
      ok: k.withinDates,
      result:
        k.withinDates === undefined
          ? notChecked
          : `${k.withinDates ? 'Within its dates' : 'Outside its dates'}: valid from ${dayOf(v.claims.validFrom)} until ${dayOf(v.claims.validUntil)}`,
    },
  ];
}

/** What the association's records add, beyond what the credential and its status lists say. */
const recordNotes: Partial<Record<EndorsementStatus, string>> = {
  transferred:
    'The endorsee has moved to another association, which has issued its own endorsement; this one is no longer in force.',
  lapsed: 'It was not renewed in time and has lapsed.',
  inactive: 'The endorsee has asked for it to be inactive for now.',
  suspended: 'The association has suspended it.',
  revoked: 'The association has revoked it.',
};

/** Said only where the records add to the verdict (a suspended credential's page says "Suspended" once). */
function RecordNote(props: { endorsement: PublicEndorsement; verdict: CredentialVerification['verdict'] }) {
  const status = props.endorsement.status as EndorsementStatus;
  if (status === 'active' || status === props.verdict) return null;
  return (
    <p>
      <strong>
        {props.endorsement.association.name}'s records say: {endorsementStatusLabels[status] ?? status}.
      </strong>{' '}
      {recordNotes[status]}
    </p>
  );
}

export function VerificationPage(props: VerificationResult & { checkedAt: string; fromFile: boolean }) {
  const { verification: v, endorsement: e } = props;
  const verdict = verdictText(v);
  const trusted = v.checks.proof;
  return (
    <>
      <h1>{props.fromFile ? 'The credential you gave' : 'Endorsement credential'}</h1>
      <section
        class={verdict.valid ? 'verdict verdict-valid' : 'verdict verdict-not-valid'}
        aria-label="Verdict"
      >
        <p class="verdict-text">
          <span aria-hidden="true">{verdict.valid ? '✓ ' : '✗ '}</span>
          {verdict.text}
        </p>
        {e && <RecordNote endorsement={e} verdict={v.verdict} />}
        <p class="hint">
          Checked on {longDate(props.checkedAt)}, on this site, with nothing fetched from elsewhere.
        </p>
      </section>
      <h2>What it says</h2>
      {!trusted && v.checks.format && (
        <p>The signature does not hold, so what the credential says below cannot be trusted.</p>
      )}
      <dl class="facts">
        <dt>Endorsee</dt>
        <dd>{e?.name ?? v.claims.subjectName ?? '—'}</dd>
        <dt>Credential</dt>
        <dd>
          {e
            ? `${e.credentialName} (${e.credential}), ${levelText(e.level)}`
            : `${v.claims.achievementName ?? '—'}${v.claims.achievementCode ? ` (${v.claims.achievementCode})` : ''}`}
        </dd>
        <dt>Association</dt>
        <dd>{e?.association.name ?? v.claims.issuerName ?? '—'}</dd>
        {e && (
          <>
            <dt>Number</dt>
            <dd>{e.number}</dd>
          </>
        )}
        <dt>{e ? 'Granted' : 'Valid from'}</dt>
        <dd>{dayOf(e ? e.grantedOn : v.claims.validFrom) || '—'}</dd>
        <dt>Valid until</dt>
        <dd>{dayOf(v.claims.validUntil) || '—'}</dd>
      </dl>
      <h2>The checks</h2>
      <table class="table-stack">
        <caption class="visually-hidden">Each check and its result</caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Result</th>
          </tr>
        </thead>
        <tbody>
          {checkLines(v).map((c) => (
            <tr key={c.name}>
              <th scope="row">{c.name}</th>
              <td data-label="Result" class={c.ok === false ? 'check-failed' : undefined}>
                {c.result}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>More</h2>
      <ul>
        {e && !props.fromFile && (
          <li>
            <a href={`/credentials/${e.id}/credential.json`} download={`endorsement-${e.number}.json`}>
              Download the credential (JSON)
            </a>
          </li>
        )}
        {e && (
          <li>
            <a href={`/associations/${e.association.slug}/credentials/${e.credential}`}>
              What {e.credentialName} means
            </a>
          </li>
        )}
        <li>
          <a href="/credentials/verify">Check a credential file you were given</a>
        </li>
        <li>
          <a href="/registry">Search the registry of endorsed professionals</a>
        </li>
      </ul>
    </>
  );
}

export function VerifyFormPage(props: { values?: FormValues; errors?: FieldError[] }) {
  const { values, errors } = props;
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Check a credential</h1>
      <p>
        An endorsee may give you their credential as a file (JSON). Choose the file, or paste its text, and
        Endorse checks it: its signature, its issuer, whether it has been revoked or suspended, and its dates.
        Nothing you send is kept.
      </p>
      <Form action="/credentials/verify" label="Check a credential" multipart>
        <JsonFileOrText
          ids={{ file: 'file', text: 'json' }}
          fileLabel="The credential file (JSON)"
          fileHint={
            <>
              Such as <code>endorsement-12.json</code>; up to 256 KB.
            </>
          }
          textLabel="Or paste it here"
          accept=".json,application/json,application/vc+ld+json"
          errors={{ file: errorOf(errors, 'file'), text: errorOf(errors, 'json') }}
          value={valueOf(values, 'json')}
          rows={10}
        />
        <Button>Check this credential</Button>
      </Form>
      <p>
        Looking for someone? <a href="/registry">Search the registry</a>.
      </p>
    </>
  );
}

export function AchievementPage(props: { achievement: Achievement }) {
  const a = props.achievement;
  return (
    <>
      <h1>
        {a.name} ({a.credential})
      </h1>
      <dl class="facts">
        <dt>Level</dt>
        <dd>{levelText(a.level)}</dd>
        <dt>Association</dt>
        <dd>{a.association.name}</dd>
      </dl>
      <p>
        An endorsement credential for this credential says that {a.association.name} found its holder to meet
        these requirements, and endorsed them for the year the credential gives.
      </p>
      <h2>Requirements</h2>
      <p class="hint">In force on {longDate(`${a.on}T00:00:00Z`)}.</p>
      <ul>
        {a.requirements.map((r) => (
          <li key={r.id}>
            {r.text} <span class="hint">(source: {r.source})</span>
          </li>
        ))}
      </ul>
      <h2>Source documents</h2>
      <ul>
        {a.sources.map((s) => (
          <li key={s.file}>
            <code>{s.file}</code>: {s.description}
          </li>
        ))}
      </ul>
      <h2>Competency Guidelines domains</h2>
      <p>
        The credential is aligned with the domains of the Competency Guidelines
        {a.framework.description ? ` (${a.framework.description})` : ''}.
      </p>
      <ul class="domains">
        {a.domains.map((d) => (
          <li key={d.id} id={d.id}>
            <h3>
              {d.number}. {d.name}
            </h3>
            {d.areas.length > 0 && <p>{d.areas.join('; ')}.</p>}
          </li>
        ))}
      </ul>
    </>
  );
}
