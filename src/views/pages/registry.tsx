// The public registry: endorsed professionals who have chosen to be listed,
// searched by name, credential or association, one page at a time.
import { longDate } from '../../domain/references.ts';
import type { RegistryPage as RegistryModel } from '../../services/registry.ts';
import { Button, Field } from '../components.tsx';
import { levelText } from './credentials.tsx';

const pageLink = (q: string, page: number) => {
  const params = new URLSearchParams();
  if (q) params.set('q', q);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/registry${query ? `?${query}` : ''}`;
};

export function RegistryPage(props: { registry: RegistryModel }) {
  const { q, entries, total, page, pages, pageSize } = props.registry;
  const first = (page - 1) * pageSize + 1;
  return (
    <>
      <h1>Registry of endorsed professionals</h1>
      <p>
        Everyone here holds an endorsement in force today and has chosen to be listed. Each links to the
        credential's verification page. Suspended, revoked and lapsed endorsements are never listed.
      </p>
      <form method="get" action="/registry" class="filters" role="search" aria-label="Search the registry">
        <Field
          name="q"
          type="search"
          label="Name, credential or association"
          hint="Such as a last name, IMHS, Infant Mental Health Specialist or the association's name"
          value={q}
        />
        <Button>Search</Button>
      </form>
      <p role="status" class="registry-count">
        {total === 0
          ? q
            ? `No endorsement matches “${q}”. Check the spelling, or search for part of the name.`
            : 'No one is listed in the registry yet.'
          : `${total} ${total === 1 ? 'endorsement' : 'endorsements'}${q ? ` ${total === 1 ? 'matches' : 'match'} “${q}”` : ' listed'}${pages > 1 ? `; showing ${first} to ${first + entries.length - 1} (page ${page} of ${pages})` : ''}.`}
      </p>
      {entries.length > 0 && (
        <table class="table-stack">
          <caption class="visually-hidden">Endorsements listed{q ? ` matching ${q}` : ''}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Credential</th>
              <th scope="col">Association</th>
              <th scope="col">Number</th>
              <th scope="col">Valid until</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <th scope="row">
                  <a href={`/credentials/${e.id}`}>{e.name}</a>
                </th>
                <td data-label="Credential">
                  {e.credentialName} ({e.credential}), {levelText(e.level)}
                </td>
                <td data-label="Association">{e.association.name}</td>
                <td data-label="Number">{e.number}</td>
                <td data-label="Valid until">{longDate(`${e.validUntil}T00:00:00Z`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label="Pages of the registry">
          {page > 1 && (
            <a href={pageLink(q, page - 1)} rel="prev">
              Previous page
            </a>
          )}
          {page < pages && (
            <a href={pageLink(q, page + 1)} rel="next">
              Next page
            </a>
          )}
        </nav>
      )}
      <p>
        Holding a credential file? <a href="/credentials/verify">Check a credential</a>.
      </p>
    </>
  );
}
