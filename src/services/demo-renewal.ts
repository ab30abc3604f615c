// The demo's renewal year at CT-AIMH: endorsees granted through the whole
// application process at different times in the past, so that today one is
// renewed, one could renew now, one still misses hours, one is in the grace
// period, one lapsed, one paused, one is audited and one asks to be
// reinstated. Their year is played on a clock moved one day at a time: each
// does what they did on its day (enter hours, renew, pause, send proof), and
// the daily renewal job runs each morning, sending the reminders and lapsing
// what was not renewed, as it would have.
import type { AssociationRow } from '../db/repositories/associations.ts';
import type { Actor } from '../policies/index.ts';
import { defaultRenewalSettings, updateRenewalSettings } from './association-settings.ts';
import { DAY } from './demo-exam.ts';
import type { FileServices } from './files.ts';
import { addEntry } from './portfolio.ts';
import { uploadAuditProof } from './renewal-audit.ts';
import { runRenewalSweep } from './renewal-sweep.ts';
import { pauseEndorsement, requestReinstatement, submitRenewal } from './renewals.ts';
import { auditEntriesOf, renewalsOf } from '../db/repositories/renewals.ts';

export interface RenewalCast {
  services: FileServices;
  admin: Actor;
  association: AssociationRow;
}

type RenewalAct = (cast: RenewalCast, endorsee: Actor, endorsementId: string, at: Date) => Promise<unknown>;

export interface RenewalStory {
  email: string;
  name: string;
  /** The renewal state it is left in, in the demo list's words. */
  stage: string;
  /** What the endorsee can do once the demo is seeded. */
  now: string;
  /** Endorsed this many days ago: renewal falls due a year after (the anniversary). */
  grantedDaysAgo: number;
  /** What happens in their renewal year, each on its day (days ago). */
  events: Array<{ daysAgo: number; act: RenewalAct }>;
}

/**
 * CT-AIMH's renewal settings in the demo. The seeds give no amounts; these
 * are the demo's own, to show fees recorded as due, and are labelled so.
 */
const demoSettings = {
  ...defaultRenewalSettings,
  feeCents: 5000,
  lateFeeCents: 2500,
  reinstatementFeeCents: 7500,
  remindAfter: [7],
  graceDays: 30,
  inactiveLimitDays: 365,
};

const dayAgo = (today: Date, days: number, hour: number) => {
  const d = new Date(today.getTime() - days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};
const dateAgo = (at: Date, days: number) => new Date(at.getTime() - days * DAY).toISOString().slice(0, 10);

/** The endorsee enters an in-service training, dated `daysBefore` the day they enter it. */
const entersTraining =
  (hours: number, daysBefore: number, title: string): RenewalAct =>
  (cast, endorsee, _id, at) =>
    addEntry(
      endorsee,
      'training',
      {
        entry: {
          title,
          provider: 'CT-AIMH (demo)',
          date: dateAgo(at, daysBefore),
          hours,
          topics: ['imh'],
        },
      },
      cast.services,
    );

const renews: RenewalAct = (cast, endorsee, id, at) =>
  submitRenewal(endorsee, id, { attest: true }, cast.services, at);

/** The association audits every renewal for a moment, so that this one is drawn; then back to none. */
const renewsAudited: RenewalAct = async (cast, endorsee, id, at) => {
  const { association, admin, services } = cast;
  await updateRenewalSettings(admin, association.id, { ...demoSettings, auditPercent: 100 }, services, at);
  await submitRenewal(endorsee, id, { attest: true }, services, at);
  await updateRenewalSettings(admin, association.id, demoSettings, services, at);
};

/** A one-page PDF standing for a certificate of attendance. */
const certificate = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** Proof for the first entry the audit asks about. */
const sendsProof: RenewalAct = async (cast, endorsee, id) => {
  const [renewal] = await renewalsOf(cast.services.db.kysely, [id]);
  const [entry] = await auditEntriesOf(cast.services.db.kysely, renewal ? [renewal.id] : []);
  if (entry)
    await uploadAuditProof(
      endorsee,
      entry.id,
      { filename: 'certificate-of-attendance.pdf', bytes: certificate },
      cast.services,
    );
};

const pauses =
  (days: number, reason: string): RenewalAct =>
  (cast, endorsee, id, at) =>
    pauseEndorsement(endorsee, id, { untilOn: dateAgo(at, -days), reason }, cast.services, at);

const asksReinstatement: RenewalAct = (cast, endorsee, id, at) =>
  requestReinstatement(endorsee, id, { attest: true }, cast.services, at);

export const renewalStories: RenewalStory[] = [
  {
    email: 'renewed@demo.endorse.test',
    name: 'Rene Renewed',
    stage: 'renewed',
    now: 'renewed ten days ago: the renewal page shows next year, the new credential is valid until then; the renewal fee is recorded as due',
    grantedDaysAgo: 350,
    events: [
      { daysAgo: 120, act: entersTraining(15, 20, 'Relationship-based practice intensive') },
      { daysAgo: 10, act: renews },
    ],
  },
  {
    email: 'due@demo.endorse.test',
    name: 'Dana Due',
    stage: 'due, checklist met',
    now: 'renew now: every hour is in (the reminders of 60 and 30 days said so); attest and submit',
    grantedDaysAgo: 335,
    events: [{ daysAgo: 90, act: entersTraining(15, 10, 'Infant mental health foundations') }],
  },
  {
    email: 'missing@demo.endorse.test',
    name: 'Max Missing',
    stage: 'due, hours missing',
    now: 'the renewal checklist says 9 more hours are needed: add training on the portfolio page and watch it turn met',
    grantedDaysAgo: 320,
    events: [{ daysAgo: 60, act: entersTraining(6, 5, 'Home visiting workshop') }],
  },
  {
    email: 'grace@demo.endorse.test',
    name: 'Gray Grace',
    stage: 'in the grace period',
    now: 'due ten days ago: renewing is still possible for 20 days, with the late fee; 5 more hours needed',
    grantedDaysAgo: 375,
    events: [{ daysAgo: 100, act: entersTraining(10, 30, 'Early relationships conference') }],
  },
  {
    email: 'lapsed@demo.endorse.test',
    name: 'Lee Lapsed',
    stage: 'lapsed',
    now: 'lapsed: not in the registry, the credential verifies as suspended; make up the hours and ask to be reinstated',
    grantedDaysAgo: 420,
    events: [],
  },
  {
    email: 'paused@demo.endorse.test',
    name: 'Ines Inactive',
    stage: 'inactive',
    now: 'paused for parental leave until next spring: no renewal is due meanwhile, and the registry does not list the endorsement',
    grantedDaysAgo: 200,
    events: [{ daysAgo: 20, act: pauses(180, 'Parental leave') }],
  },
  {
    email: 'audited@demo.endorse.test',
    name: 'Audrey Audited',
    stage: 'renewal under audit',
    now: 'drawn for audit: proof sent for one training, one still to send; the coordinator accepts or rejects each',
    grantedDaysAgo: 345,
    events: [
      { daysAgo: 150, act: entersTraining(8, 30, 'Reflective practice series') },
      { daysAgo: 80, act: entersTraining(7, 20, 'Trauma-informed care with infants') },
      { daysAgo: 6, act: renewsAudited },
      { daysAgo: 5, act: sendsProof },
    ],
  },
  {
    email: 'reinstating@demo.endorse.test',
    name: 'Ray Reinstating',
    stage: 'lapsed, reinstatement asked',
    now: 'made up the year missed and asked to be reinstated: the coordinator reinstates (the reinstatement fee is recorded as due)',
    grantedDaysAgo: 430,
    events: [
      { daysAgo: 20, act: entersTraining(15, 200, 'Infant mental health year course') },
      { daysAgo: 3, act: asksReinstatement },
    ],
  },
];

/** The association's admin sets the demo's renewal settings, before anyone is endorsed. */
export async function setUpRenewals(cast: RenewalCast, at: Date): Promise<void> {
  await updateRenewalSettings(cast.admin, cast.association.id, demoSettings, cast.services, at);
}

/**
 * Plays the stories' year a day at a time up to `today`: each morning the
 * daily renewal job runs, then the endorsees act on their day.
 */
export async function playRenewalYear(
  cast: RenewalCast,
  endorsees: ReadonlyMap<string, { actor: Actor; endorsementId: string }>,
  today: Date,
): Promise<void> {
  // From the first reminder of the earliest due date (a year after the grant), or the first event.
  const start = Math.max(
    ...renewalStories.map((s) => s.grantedDaysAgo - 365 + Math.max(...demoSettings.remindBefore)),
    ...renewalStories.flatMap((s) => s.events.map((e) => e.daysAgo)),
  );
  for (let daysAgo = start; daysAgo >= 0; daysAgo--) {
    await runRenewalSweep(cast.services, dayAgo(today, daysAgo, 6));
    for (const story of renewalStories)
      for (const event of story.events.filter((e) => e.daysAgo === daysAgo)) {
        const endorsee = endorsees.get(story.email)!;
        await event.act(cast, endorsee.actor, endorsee.endorsementId, dayAgo(today, daysAgo, 10));
      }
  }
}
