// The page around every view: skip link, banner with the navigation that fits
// the person's roles, one main landmark, footer. One small script, and the
// pages work without it: it keeps what was typed into a form sent after the
// session ended, for the form's page after signing in (public/keep-form.js).
import type { ComponentChildren } from 'preact';
import { Form, Notice } from './components.tsx';

export interface NavLink {
  href: string;
  label: string;
}
export interface NavSection {
  /** An association's name, or undefined for the person's own links. */
  heading?: string;
  links: NavLink[];
}

export interface LayoutProps {
  title: string;
  /** The signed-in person, if any. */
  user: { name: string } | undefined;
  nav: NavSection[];
  /** The current path, to mark the current link. */
  path: string;
  notice?: string | undefined;
  children: ComponentChildren;
}

export function Layout(props: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} – Endorse`}</title>
        <link rel="stylesheet" href="/assets/style.css" />
        <link rel="icon" href="/assets/favicon.svg" type="image/svg+xml" />
        <script src="/assets/keep-form.js" defer />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <header class="banner">
          <div class="banner-inner">
            <a class="brand" href="/">
              Endorse
            </a>
            <nav aria-label="Main">
              {props.nav.map((section, i) => (
                <div class="nav-section" key={i}>
                  {section.heading && <span class="nav-heading">{section.heading}</span>}
                  <ul>
                    {section.links.map((link) => (
                      <li key={link.href}>
                        <a href={link.href} aria-current={link.href === props.path ? 'page' : undefined}>
                          {link.label}
                        </a>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </nav>
            <div class="who">
              {props.user ? (
                <>
                  <a href="/account">{props.user.name}</a>
                  <Form action="/sign-out" class="inline" label="Sign out">
                    <button type="submit" class="link-button">
                      Sign out
                    </button>
                  </Form>
                </>
              ) : (
                <>
                  <a href="/sign-in">Sign in</a> <a href="/sign-up">Create an account</a>
                </>
              )}
            </div>
          </div>
        </header>
        <main id="main" tabindex={-1}>
          <Notice message={props.notice} />
          <p class="notice" id="form-kept" role="status" hidden>
            You are signed in again. What you typed before is back in the form below: check it and send it
            again (choose any file again).
          </p>
          {props.children}
        </main>
        <footer class="footer">
          <p>
            Endorse — endorsement for infant and early childhood mental health associations.{' '}
            <a href="/api/docs">API</a>
          </p>
        </footer>
      </body>
    </html>
  );
}
