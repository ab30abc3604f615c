// The exam's pieces for tests, made through the real services: people with
// the exam-scorer or coordinator role, a small bank of sample items (written
// for tests, not real exam content), a ready form drawn from it, a sitting,
// and an application approved by its coordinator and registered for the
// sitting.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { findApplication } from '../../src/db/repositories/applications.ts';
import { findAssociation } from '../../src/db/repositories/associations.ts';
import { findPersonByEmail } from '../../src/db/repositories/people.ts';
import {
  insertAttempt,
  saveAnswer,
  saveEssay,
  setVignettesChosen,
  submitAttempt,
} from '../../src/db/repositories/exam-attempts.ts';
import { formItems } from '../../src/db/repositories/exam-bank.ts';
import { changeRegistration, findRegistration } from '../../src/db/repositories/exam-sittings.ts';
import { scoreAttempt } from '../../src/services/exam-scoring.ts';
import { scoreResponse } from '../../src/services/exam-reading.ts';
import { timestamp } from '../../src/db/portable.ts';
import type { EssayCategory, ExamName } from '../../src/domain/exam.ts';
import type { Actor } from '../../src/policies/index.ts';
import { loadActor } from '../../src/services/actors.ts';
import { createItem } from '../../src/services/exam-bank.ts';
import { composeForm, readyForm } from '../../src/services/exam-forms.ts';
import { registerForSitting, scheduleSitting } from '../../src/services/exam-sittings.ts';
import { takeStep } from '../../src/services/lifecycle.ts';
import type { Browser, TestApp } from './http.ts';
import { submittedAsItStands } from './review.ts';

export interface Staff {
  browser: Browser;
  id: string;
  actor: Actor;
  name: string;
  email: string;
}

/** A person signed up and given `roles` in the association by the site admin. */
export async function staffMember(
  t: TestApp,
  slug: string,
  name: string,
  email: string,
  roles: string[],
): Promise<Staff> {
  const browser = t.browser();
  await browser.signUp({ name, email });
  const site = await t.siteAdmin();
  const res = await site.submit(`/associations/${slug}/people`, `/associations/${slug}/people`, {
    email,
    roles,
  });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const id = (await findPersonByEmail(t.db.kysely, email))!.id;
  return { browser, id, actor: (await loadActor(id, t.product))!, name, email };
}

const domains = ['1-theoretical-foundations', '4-direct-service-skills', '8-thinking', '9-reflection'];

/**
 * Sample items, active: `mc` multiple-choice items whose key is option
 * `keyOf(i)` (default: i mod 4), each testing one domain in turn, and
 * `vignettes` vignettes of `category` with a 10-point rubric (6 + 4).
 */
export async function sampleBank(
  t: TestApp,
  admin: Actor,
  associationId: string,
  o: {
    mc: number;
    vignettes: number;
    exam?: ExamName;
    category?: EssayCategory;
    keyOf?: (i: number) => number;
  },
) {
  const exam = o.exam ?? 'imh';
  const keyOf = o.keyOf ?? ((i: number) => i % 4);
  for (let i = 0; i < o.mc; i++)
    await createItem(
      admin,
      associationId,
      {
        kind: 'multiple-choice',
        exam,
        status: 'active',
        text: `Sample item ${i + 1}: which option is right?`,
        options: ['First option', 'Second option', 'Third option', 'Fourth option'],
        answerKey: keyOf(i),
        domains: [domains[i % domains.length]!],
      },
      t.product,
    );
  for (let i = 0; i < o.vignettes; i++)
    await createItem(
      admin,
      associationId,
      {
        kind: 'vignette',
        exam,
        status: 'active',
        category: o.category ?? 'clinical',
        text: `Sample vignette ${i + 1}: a family and a question about it.`,
        rubric: [
          { criterion: 'Understands the relationship', points: 6 },
          { criterion: 'Reflects on their own response', points: 4 },
        ],
      },
      t.product,
    );
}

/** A ready form of all of the association's active items of the exam and category. */
export async function readyExamForm(
  t: TestApp,
  admin: Actor,
  associationId: string,
  o: {
    mc: number;
    vignettes: number;
    answered?: number;
    exam?: ExamName;
    category?: EssayCategory;
    minutes?: number;
  },
) {
  const form = await composeForm(
    admin,
    associationId,
    {
      name: 'Sample form',
      exam: o.exam ?? 'imh',
      category: o.category ?? 'clinical',
      draw: { mcItems: o.mc, vignettes: o.vignettes },
      vignettesAnswered: o.answered ?? Math.min(2, o.vignettes),
      ...(o.minutes ? { timeLimitMinutes: o.minutes } : {}),
    },
    t.product,
  );
  return readyForm(admin, associationId, form.id, t.product);
}

/** A sitting of the exam with the forms, starting at `startsAt`. */
export async function sitting(
  t: TestApp,
  coordinator: Actor,
  associationId: string,
  formIds: string[],
  o: { startsAt: string; mode?: 'online' | 'in-person'; capacity?: number; exam?: ExamName; now?: Date },
) {
  return scheduleSitting(
    coordinator,
    associationId,
    {
      exam: o.exam ?? 'imh',
      startsAt: o.startsAt,
      mode: o.mode ?? 'online',
      place: o.mode === 'in-person' ? 'Hartford, Room 2' : '',
      capacity: o.capacity ?? 20,
      formIds,
    },
    t.product,
    o.now,
  );
}

/** The person's application for `credential`, submitted as it stands and approved by the coordinator. */
export async function approvedApplication(
  t: TestApp,
  userId: string,
  coordinatorId: string,
  association = 'ct-aimh',
  credential = 'IMHS',
): Promise<string> {
  const id = await submittedAsItStands(t, userId, association, credential);
  await approve(t, id, coordinatorId);
  return id;
}

/** The coordinator approves the submitted application `id` (the review's outcome, taken as a step). */
export async function approve(t: TestApp, id: string, coordinatorId: string): Promise<void> {
  const application = (await findApplication(t.db.kysely, id))!;
  await t.db.kysely.transaction().execute((tx) =>
    takeStep(tx, t.product, {
      application,
      step: 'approve',
      by: 'coordinator',
      actorId: coordinatorId,
      at: timestamp(),
      facts: { reason: 'The portfolio meets every requirement.' },
    }),
  );
}

/**
 * The approved application `id` passes the exam of `setup`: Cora registers it
 * for the sitting, every item is answered right, and Sam and Rae read both
 * essays 6 + 4. Ends exam passed.
 */
export async function passedExam(t: TestApp, setup: Awaited<ReturnType<typeof examSetup>>, id: string) {
  const { registrationId } = await registerForSitting(setup.cora.actor, id, setup.sitting.id, t.product);
  const { blindCodes } = await submittedAttempt(t, registrationId, {
    answer: (_n, key) => key,
    essays: ['A first essay.', 'A second essay.'],
  });
  const email = `rae.${setup.ct.id.slice(0, 6)}@example.org`;
  // One second reader per installation, made the first time one is needed.
  let rae = readers.get(email);
  if (!rae) {
    rae = await staffMember(t, 'ct-aimh', 'Rae Reader', email, ['exam-scorer']);
    readers.set(email, rae);
  }
  for (const reader of [setup.sam, rae])
    for (const code of blindCodes)
      await scoreResponse(reader.actor, setup.ct, code, { c0: '6', c1: '4' }, t.product);
  assert.equal((await findApplication(t.db.kysely, id))!.status, 'exam-passed');
}
const readers = new Map<string, Staff>();

/**
 * The whole set-up: in CT-AIMH an exam scorer (Sam), a coordinator (Cora), a
 * sample bank and a ready form (`mc` items, `vignettes` vignettes), and an
 * online sitting starting at `startsAt` (by `now`).
 */
export async function examSetup(
  t: TestApp,
  o: { mc?: number; vignettes?: number; startsAt: string; now?: Date; minutes?: number; capacity?: number },
) {
  const ct = (await findAssociation(t.db.kysely, 'ct-aimh'))!;
  const sam = await staffMember(t, 'ct-aimh', 'Sam Scorer', `sam.${ct.id.slice(0, 6)}@example.org`, [
    'exam-scorer',
  ]);
  const cora = await staffMember(t, 'ct-aimh', 'Cora Coordinator', `cora.${ct.id.slice(0, 6)}@example.org`, [
    'coordinator',
  ]);
  const mc = o.mc ?? 8;
  const vignettes = o.vignettes ?? 3;
  await sampleBank(t, sam.actor, ct.id, { mc, vignettes });
  const form = await readyExamForm(t, sam.actor, ct.id, {
    mc,
    vignettes,
    ...(o.minutes ? { minutes: o.minutes } : {}),
  });
  const session = await sitting(t, cora.actor, ct.id, [form.id], {
    startsAt: o.startsAt,
    ...(o.now ? { now: o.now } : {}),
    ...(o.capacity ? { capacity: o.capacity } : {}),
  });
  return { ct, sam, cora, form, sitting: session };
}

/** An approved application of `userId`, registered for the sitting by the coordinator. */
export async function registeredApplication(
  t: TestApp,
  userId: string,
  coordinator: Staff,
  sittingId: string,
  now?: Date,
): Promise<{ applicationId: string; registrationId: string }> {
  const applicationId = await approvedApplication(t, userId, coordinator.id);
  const { registrationId } = await registerForSitting(
    coordinator.actor,
    applicationId,
    sittingId,
    t.product,
    now,
  );
  return { applicationId, registrationId };
}

/**
 * A submitted attempt of the registration, built as the taking service would:
 * the form's multiple-choice items answered by `answer(index, key)` (null:
 * left blank), the first vignettes chosen with `essays` as their texts, the
 * registration marked sat, submitted (`how`) and scored as far as it can be.
 * Answers the attempt's id and the blind codes of its essays, in order.
 */
export async function submittedAttempt(
  t: TestApp,
  registrationId: string,
  o: {
    answer: (index: number, key: number) => number | null;
    essays: string[];
    how?: 'applicant' | 'time-out' | 'paper-entry';
    at?: string;
  },
): Promise<{ attemptId: string; blindCodes: string[] }> {
  const db = t.db.kysely;
  const registration = (await findRegistration(db, registrationId))!;
  const items = await formItems(db, registration.formId);
  const at = o.at ?? timestamp();
  return db.transaction().execute(async (tx) => {
    const attempt = await insertAttempt(tx, {
      registrationId,
      applicationId: registration.applicationId,
      formId: registration.formId,
      mode: o.how === 'paper-entry' ? 'paper' : 'online',
      startedAt: at,
      endsAt: at,
    });
    const mc = items.filter((i) => i.kind === 'multiple-choice');
    for (const [n, item] of mc.entries())
      await saveAnswer(tx, {
        attemptId: attempt.id,
        itemId: item.id,
        choice: o.answer(n, item.answerKey!),
        at,
      });
    const vignettes = items.filter((i) => i.kind === 'vignette').slice(0, o.essays.length);
    await setVignettesChosen(
      tx,
      attempt.id,
      vignettes.map((v) => v.id),
    );
    const blindCodes: string[] = [];
    for (const [n, vignette] of vignettes.entries()) {
      const blindCode = `E${randomBytes(4).toString('hex').toUpperCase()}`;
      await saveEssay(tx, {
        attemptId: attempt.id,
        vignetteId: vignette.id,
        text: o.essays[n]!,
        blindCode,
        at,
      });
      blindCodes.push(blindCode);
    }
    await submitAttempt(tx, attempt.id, { at, how: o.how ?? 'applicant' });
    await changeRegistration(tx, registrationId, { from: 'registered', to: 'sat', at });
    await scoreAttempt(tx, t.product, attempt.id, at);
    return { attemptId: attempt.id, blindCodes };
  });
}
