// Reviewers for the review tests: people with the reviewer role, assigned to
// an application (the assignment helper's service is built elsewhere: the
// repository's insert is enough here); a complete review form read from the
// review page; and applications submitted as they stand through the lifecycle.
import assert from 'node:assert/strict';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { insertAssignment } from '../../src/db/repositories/assignments.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { timestamp } from '../../src/db/portable.ts';
import { getCatalog } from '../../src/catalogs/index.ts';
import { loadActor } from '../../src/services/actors.ts';
import { startApplication } from '../../src/services/applications.ts';
import { takeStep } from '../../src/services/lifecycle.ts';
import { type Browser, csrfToken, type Form, type TestApp } from './http.ts';

export interface Reviewer {
  browser: Browser;
  id: string;
  name: string;
  email: string;
}

/** A person signed up and given the reviewer role in the association by the site admin. */
export async function reviewer(t: TestApp, slug: string, name: string, email: string): Promise<Reviewer> {
  const browser = t.browser();
  await browser.signUp({ name, email });
  const site = await t.siteAdmin();
  const res = await site.submit(`/associations/${slug}/people`, `/associations/${slug}/people`, {
    email,
    roles: ['reviewer'],
  });
  assert.equal(res.statusCode, 303);
  return { browser, id: (await findPersonByEmail(t.db.kysely, email))!.id, name, email };
}

export async function assignReviewer(t: TestApp, applicationId: string, userId: string, by: string | null) {
  return insertAssignment(t.db.kysely, {
    applicationId,
    userId,
    role: 'reviewer',
    assignedBy: by,
    at: timestamp(),
    dueOn: '2030-01-31',
  });
}

/** The review form with every finding confirmed or met, ready to post (the CSRF token included). */
export async function completeReview(
  browser: Browser,
  applicationId: string,
  form: Form & { recommendation: string },
): Promise<Form> {
  const page = await browser.get(`/reviews/${applicationId}`);
  assert.equal(page.statusCode, 200, page.body.slice(0, 300));
  const filled: Form = { _csrf: csrfToken(page.body) };
  for (const [, name] of page.body.matchAll(/type="radio" id="[^"]*" name="((?:req|clause|domain)\.[^"]+)"/g))
    filled[name!] = name!.startsWith('req.') ? 'confirmed' : 'met';
  return { ...filled, action: 'submit', ...form };
}

/**
 * The person's application for the credential, submitted as their portfolio
 * stands through the lifecycle's submit step (no requirement checked): for
 * pages that need a submitted application of a given level, not a complete one.
 */
export async function submittedAsItStands(
  t: TestApp,
  userId: string,
  association: string,
  credential: string,
): Promise<string> {
  const actor = await loadActor(userId, t.product);
  const { id } = await startApplication(actor, { association, credential }, t.product);
  const application = (await findApplication(t.db.kysely, id))!;
  await t.db.kysely.transaction().execute((tx) =>
    takeStep(tx, t.product, {
      application,
      step: 'submit',
      by: 'applicant',
      actorId: userId,
      at: timestamp(),
      facts: { blockers: 0 },
      freeze: {
        document: JSON.stringify({ format: 'endorse-portfolio/1', person: { name: 'Someone' } }),
        catalogVersion: getCatalog(association).version,
      },
    }),
  );
  return id;
}
