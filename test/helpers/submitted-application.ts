// A CT-AIMH IMHS application that meets everything before review (33 hours of
// training among it, a degree with an uploaded PDF transcript, three counted
// ratings, both agreements signed), ready to submit or submitted by its
// applicant through the HTTP app; and the association's coordinator. Staff
// pages and journeys start from it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { agreementTexts } from '../../src/catalogs/agreements.ts';
import { insertSignature } from '../../src/db/repositories/agreements.ts';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import { replacePortfolio } from '../../src/db/repositories/portfolio.ts';
import { newId, timestamp } from '../../src/db/portable.ts';
import { type Browser, pageText, type TestApp } from './http.ts';
import { applicant, minimalPdf, submitMultipart } from './portfolio-http.ts';

export const transcript = minimalPdf();

export interface SubmittedApplication {
  ada: Browser;
  adaId: string;
  imhs: string;
  ctId: string;
  cody: Browser;
  codyId: string;
}

export interface ReadyApplication {
  ada: Browser;
  adaId: string;
  imhs: string;
  ctId: string;
}

/** Ada's CT-AIMH IMHS application, ready to submit (she has not): everything before review is met. */
export async function readyApplication(t: TestApp): Promise<ReadyApplication> {
  const ctId = (await findAssociation(t.db.kysely, 'ct-aimh'))!.id;
  const made = await applicant(t, 'Ada Applicant', 'ada@example.org', [['ct-aimh', 'IMHS']]);
  const ada = made.browser;
  const adaId = made.id;
  const imhs = made.applications[0]!;
  // Everything CT-AIMH's IMHS asks for before review, 33 hours of training among it.
  await replacePortfolio(t.db.kysely, adaId, {
    format: 'endorse-portfolio/1',
    person: { name: 'Ada Applicant', email: 'ada@example.org' },
    work: [
      {
        title: 'Infant mental health therapist',
        from: '2018-09-01',
        to: null,
        fte: 1,
        paid: true,
        supervised: true,
        kinds: ['imh-dyadic'],
      },
    ],
    training: [
      { title: 'Attachment and loss', date: '2022-03-02', hours: 21, topics: ['imh'] },
      { title: 'Reflective practice', date: '2023-04-01', hours: 12, topics: ['rsc'] },
    ],
    rsc: [
      {
        from: '2023-01-05',
        to: '2024-06-30',
        hours: 52,
        format: 'individual',
        provider: { name: 'Dana Mentor', endorsements: ['IMHM-C'] },
      },
    ],
    memberships: [{ association: 'ct-aimh', from: '2020-01-01', to: null }],
  });
  // The degree with its transcript, uploaded as the applicant does.
  const upload = await submitMultipart(
    ada,
    '/portfolio/education',
    '/portfolio/education',
    { level: 'master', title: 'MSW', conferred: '2018-05-15', transcript: 'official' },
    { transcriptFile: { name: 'transcript.pdf', bytes: transcript, type: 'application/pdf' } },
  );
  assert.equal(upload.statusCode, 303, pageText(upload.body).slice(0, 400));
  for (const { kind, version } of agreementTexts({ slug: 'ct-aimh', name: 'CT-AIMH' }))
    await insertSignature(t.db.kysely, {
      userId: adaId,
      associationId: ctId,
      kind,
      textVersion: version,
      typedName: 'Ada Applicant',
    });
  await submittedRating(t, imhs, 'program-supervisor', ['IMHS']);
  await submittedRating(t, imhs, 'rsc-provider', ['IMHM-C']);
  await submittedRating(t, imhs, 'colleague');
  return { ada, adaId, imhs, ctId };
}

/** Cody, CT-AIMH's coordinator and admin (password PASSWORD), given the roles by the site admin. */
export async function ctCoordinator(t: TestApp): Promise<{ cody: Browser; codyId: string }> {
  const cody = t.browser();
  await cody.signUp({ name: 'Cody Coordinator', email: 'cody@example.org' });
  const site = await t.siteAdmin();
  const res = await site.submit('/associations/ct-aimh/people', '/associations/ct-aimh/people', {
    email: 'cody@example.org',
    roles: ['coordinator', 'admin'],
  });
  assert.equal(res.statusCode, 303);
  const codyId = (await findPersonByEmail(t.db.kysely, 'cody@example.org'))!.id;
  return { cody, codyId };
}

/** Ada's submitted CT-AIMH IMHS application, and Cody, CT-AIMH's coordinator and admin (password PASSWORD). */
export async function submittedApplication(
  t: TestApp,
  options: {
    /** Runs once the application is ready, just before Ada submits it. */
    beforeSubmit?: (ready: { ada: Browser; imhs: string; ctId: string }) => Promise<void>;
  } = {},
): Promise<SubmittedApplication> {
  const { ada, adaId, imhs, ctId } = await readyApplication(t);
  await options.beforeSubmit?.({ ada, imhs, ctId });
  const submitted = await ada.submit(`/applications/${imhs}/submit`, `/applications/${imhs}/submit`, {});
  assert.equal(submitted.statusCode, 303, pageText(submitted.body).slice(0, 1500));
  return { ada, adaId, imhs, ctId, ...(await ctCoordinator(t)) };
}

/** A submitted rating that counts, as the reference form leaves it (its domains left out). */
export async function submittedRating(
  t: TestApp,
  applicationId: string,
  relationship: string,
  raterEndorsements: string[] = [],
) {
  const now = timestamp();
  await t.db.kysely
    .insertInto('reference_request')
    .values({
      id: newId(),
      application_id: applicationId,
      rater_name: `Rater (${relationship})`,
      rater_email: `${relationship}@example.org`,
      relationship,
      waived: 1,
      token_hash: randomBytes(16).toString('hex'),
      status: 'submitted',
      expires_at: timestamp(new Date(Date.now() + 30 * 86400_000)),
      sent_at: now,
      opened_at: now,
      submitted_at: now,
      revoked_at: null,
      reminders_sent: 0,
      rating: JSON.stringify({
        format: 'endorse-rating/1',
        raterEndorsements,
        raterVetted: false,
        known: { years: 3, months: 0 },
        role: relationship,
        current: true,
        scale: '1-4',
        ratings: [],
        notEnoughInformation: 0,
        counts: true,
        comments: '',
      }),
      created_at: now,
    })
    .execute();
}
