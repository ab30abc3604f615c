// The home page: what Endorse is, and where to go next.
import type { NavSection } from '../layout.tsx';

export function HomePage(props: { user: { name: string } | undefined; nav: NavSection[] }) {
  if (!props.user) {
    return (
      <>
        <h1>Endorse</h1>
        <p>
          Endorsement for infant and early childhood mental health professionals. Build your portfolio, see at
          any time which requirements you meet and what is still missing, and apply to your association.
        </p>
        <p>
          Not sure which credential fits you? <a href="/self-study">Try the self-study</a>: a few questions,
          no account needed.
        </p>
        <p>
          Checking someone's endorsement? <a href="/registry">Search the registry</a> or{' '}
          <a href="/credentials/verify">check a credential file</a>.
        </p>
        <p>
          <a class="button primary" href="/sign-up">
            Create an account
          </a>{' '}
          <a class="button secondary" href="/sign-in">
            Sign in
          </a>
        </p>
      </>
    );
  }
  const sections = props.nav.filter((s) => s.heading);
  return (
    <>
      <h1>Welcome, {props.user.name}</h1>
      <ul class="cards">
        <li>
          <a href="/applications">My applications</a>: start an application and see where it stands.
        </li>
        <li>
          <a href="/self-study">Self-study</a>: see which credential fits you before you apply.
        </li>
        <li>
          <a href="/account">Account</a>: your name, password and sessions.
        </li>
      </ul>
      {sections.map((s) => (
        <section key={s.heading} aria-label={s.heading}>
          <h2>{s.heading}</h2>
          <ul>
            {s.links.map((l) => (
              <li key={l.href}>
                <a href={l.href}>{l.label}</a>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
