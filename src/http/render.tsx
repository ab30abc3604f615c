// Renders a view inside the layout: CSRF token for its forms, the navigation
// that fits the actor's roles, and a one-time notice left by the last form.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { type Actor, can } from '../policies/index.ts';
import { PageContext } from '../views/components.tsx';
import { Layout, type NavSection } from '../views/layout.tsx';

const NOTICE_COOKIE = 'endorse.notice';

/** Leaves a short message for the page the browser is redirected to (post/redirect/get). */
export function setNotice(reply: FastifyReply, message: string): void {
  reply.setCookie(NOTICE_COOKIE, message, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    signed: true,
    maxAge: 60,
  });
}

function takeNotice(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const raw = request.cookies[NOTICE_COOKIE];
  if (!raw) return undefined;
  reply.clearCookie(NOTICE_COOKIE, { path: '/' });
  const unsigned = request.unsignCookie(raw);
  return unsigned.valid ? (unsigned.value ?? undefined) : undefined;
}

/** The CSRF token for this request's forms, bound to the session (or to "anonymous"). */
export function csrfToken(request: FastifyRequest, reply: FastifyReply): string {
  return reply.generateCsrf({ userInfo: csrfUserInfo(request) });
}
export const csrfUserInfo = (request: FastifyRequest): string => request.sessionId ?? 'anonymous';

/** Navigation for the actor: their own links, then one section per association they work in. */
export function navFor(request: FastifyRequest): NavSection[] {
  const actor: Actor | undefined = request.actor;
  if (!actor || !request.user) return [{ links: [{ href: '/', label: 'Home' }] }];
  const own: NavSection = {
    links: [
      { href: '/', label: 'Home' },
      { href: '/applications', label: 'My applications' },
    ],
  };
  if (request.holdsEndorsement) own.links.push({ href: '/renewals', label: 'My renewals' });
  if ([...actor.roles.values()].some((held) => held.has('reviewer')))
    own.links.push({ href: '/reviews', label: 'My reviews' });
  if ([...actor.roles.values()].some((held) => held.has('advisor')))
    own.links.push({ href: '/advising', label: 'My advisees' });
  if (can(actor, 'association.list')) own.links.push({ href: '/admin/associations', label: 'Associations' });
  const sections: NavSection[] = [own];
  for (const m of request.associations ?? []) {
    const resource = { associationId: m.id };
    const base = `/associations/${encodeURIComponent(m.slug)}`;
    const links = [];
    if (can(actor, 'application.list', resource))
      links.push({ href: `${base}/applications`, label: 'Applications' });
    if (can(actor, 'endorsement.list', resource))
      links.push({ href: `${base}/endorsements`, label: 'Endorsements' });
    if (can(actor, 'renewal.list', resource)) links.push({ href: `${base}/renewals`, label: 'Renewals' });
    if (can(actor, 'people.read', resource)) links.push({ href: `${base}/people`, label: 'People & roles' });
    if (can(actor, 'apiToken.manage', resource))
      links.push({ href: `${base}/api-tokens`, label: 'API tokens' });
    if (can(actor, 'reviewerQualification.record', resource))
      links.push({ href: `${base}/reviewers`, label: 'Reviewers' });
    if (can(actor, 'examBank.read', resource)) {
      links.push({ href: `${base}/exam/items`, label: 'Exam items' });
      links.push({ href: `${base}/exam/forms`, label: 'Exam forms' });
    }
    if (can(actor, 'essay.score', resource))
      links.push({ href: `${base}/exam/reading`, label: 'Essays to read' });
    if (can(actor, 'examSitting.schedule', resource))
      links.push({ href: `${base}/exam/sittings`, label: 'Exam sittings' });
    if (can(actor, 'associationSettings.update', resource))
      links.push({ href: `${base}/settings`, label: 'Settings' });
    if (links.length) sections.push({ heading: m.name, links });
  }
  return sections;
}

export interface Page {
  title: string;
  body: VNode;
  status?: number;
}

/** Sends a full HTML page. Pages are personal: never cached. */
export async function sendPage(
  request: FastifyRequest,
  reply: FastifyReply,
  page: Page,
): Promise<FastifyReply> {
  const token = csrfToken(request, reply);
  const nav = navFor(request);
  const html = render(
    <PageContext.Provider value={{ csrfToken: token }}>
      <Layout
        title={page.title}
        user={request.user}
        nav={nav}
        path={request.url.split('?')[0] ?? '/'}
        notice={takeNotice(request, reply)}
      >
        {page.body}
      </Layout>
    </PageContext.Provider>,
  );
  return reply
    .status(page.status ?? 200)
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>\n${html}`);
}
