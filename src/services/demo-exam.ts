// The demo's written exam, at CT-AIMH where its applications are: a small
// bank of sample items written for the demo (not real exam content: every
// stem says "Sample item:", every vignette "Sample vignette:", every code
// starts SAMPLE-), a ready form of the association's demo settings (60
// items, pass at 80%, 2 of 3 vignettes, 3 hours), a sitting three weeks ago
// online and one in two weeks in person. Applicants sit it as applicants do,
// on the clock of the sitting, and two readers score the essays blind.
import { essaysOf } from '../db/repositories/exam-attempts.ts';
import type { AssociationRow } from '../db/repositories/associations.ts';
import { competencyDomains } from '../catalogs/competencies.ts';
import type { Actor } from '../policies/index.ts';
import { examSettingsOf, updateExamSettings } from './association-settings.ts';
import type { Services } from './context.ts';
import { createItem } from './exam-bank.ts';
import { composeForm, readyForm } from './exam-forms.ts';
import { criterionField, scoreResponse } from './exam-reading.ts';
import { registerForSitting, scheduleSitting } from './exam-sittings.ts';
import { answerItem, chooseVignettes, startAttempt, submitMyAttempt, writeEssay } from './exam-taking.ts';

export const DAY = 86_400_000;
const MINUTE = 60_000;

/** The demo's settings for the exam: the usual practice the issue names. */
const demoSettings = {
  mcItems: 60,
  mcPassPercent: 80,
  vignettesOffered: 3,
  vignettesAnswered: 2,
  timeLimitMinutes: 180,
};

interface SampleItem {
  text: string;
  options: string[];
  answerKey: number;
  domain: string;
}

const domainLabel = (d: (typeof competencyDomains)[number]) => `${d.number}. ${d.name}`;

/**
 * The sample items: one for each knowledge or skill area of the Competency
 * Guidelines' domains, asked two ways in turn (which other area a domain
 * lists beside one; which domain an area belongs to), the wrong options taken
 * from other domains. The key moves through the four positions.
 */
export function sampleItems(n: number): SampleItem[] {
  const areas = competencyDomains.flatMap((domain, d) => domain.areas.map((area) => ({ domain, d, area })));
  return areas.slice(0, n).map(({ domain, d, area }, i) => {
    const others = competencyDomains
      .map((_, k) => competencyDomains[(d + 1 + k) % competencyDomains.length]!)
      .filter((o) => o !== domain && !o.areas.includes(area));
    const answerKey = i % 4;
    const withKey = (right: string, wrong: string[]) => [
      ...wrong.slice(0, answerKey),
      right,
      ...wrong.slice(answerKey, 3),
    ];
    if (i % 2 === 0) {
      const beside = domain.areas[(domain.areas.indexOf(area) + 1) % domain.areas.length]!;
      const wrong = others
        .map((o, k) => o.areas[(i + k) % o.areas.length]!)
        .filter((a, k, all) => !domain.areas.includes(a) && all.indexOf(a) === k);
      return {
        text: `Sample item: the competency domain ${domainLabel(domain)} lists “${beside}” among its ${domain.areaLabel} areas. Which of these does it list too?`,
        options: withKey(area, wrong),
        answerKey,
        domain: domain.id,
      };
    }
    return {
      text: `Sample item: “${area}” is one of the ${domain.areaLabel} areas of which competency domain?`,
      options: withKey(
        domainLabel(domain),
        [0, 1, 2].map((k) => domainLabel(others[(i + 3 * k) % others.length]!)),
      ),
      answerKey,
      domain: domain.id,
    };
  });
}

const clinicalRubric = [
  { criterion: 'Observes and describes the relationship between the caregiver and the child', points: 3 },
  { criterion: "Understands the child's development and the family's circumstances", points: 3 },
  { criterion: 'Plans a relationship-based response with the family', points: 2 },
  { criterion: 'Reflects on their own responses and on the use of reflective supervision', points: 2 },
];

/** The form's clinical vignettes, and the short sample essay the demo's applicants write for each. */
const clinical: Array<{ text: string; essay: string }> = [
  {
    text: 'Sample vignette: a mother of a 7-month-old tells you on a home visit that her baby "cries to make me angry". She holds him facing away from her while you talk. What do you observe, what might it mean, and how would you respond?',
    essay:
      'Sample essay: I would notice how the mother holds her son and wonder with her what he might be feeling, naming his cues as requests for comfort. I would ask about her own experience of being cared for, and take the visit to reflective supervision.',
  },
  {
    text: 'Sample vignette: a toddler in child care bites other children several times a week since his father was deployed. The teachers ask you to "stop the biting". How would you understand and approach this?',
    essay:
      'Sample essay: The biting may be how this toddler shows distress at his father’s absence. I would observe him in the room, meet his mother and the teachers together, and plan routines that give him a predictable adult to turn to.',
  },
  {
    text: 'Sample vignette: a young father of twins, newly in recovery, misses two visits in a row and then calls to say he is "not cut out for this". What would you attend to, and what would you do next?',
    essay:
      'Sample essay: I would hear his call as a sign he still wants the relationship with his babies. I would respond warmly, ask what got in the way, and plan the next visit with him and his recovery supports, noticing my own frustration.',
  },
];

/** Vignettes of the other categories, in the bank for forms still to be composed. */
const otherVignettes = [
  {
    category: 'policy' as const,
    text: 'Sample vignette: a state agency plans to shorten home-visiting programs from two years to one to serve more families. As a policy leader, how would you advise it?',
    rubric: [
      { criterion: 'Weighs the evidence on program length and outcomes', points: 5 },
      { criterion: 'Considers the families and the workforce affected', points: 5 },
    ],
  },
  {
    category: 'research-faculty' as const,
    text: 'Sample vignette: a graduate student proposes to study attachment in infants of incarcerated parents by observing visits at the prison. What would you ask of the study’s design and ethics?',
    rubric: [
      { criterion: 'Addresses the design and its measures', points: 5 },
      { criterion: 'Addresses consent, power and the families’ protection', points: 5 },
    ],
  },
];

export interface DemoExam {
  association: AssociationRow;
  /** The online sitting three weeks ago, and the in-person one in two weeks. */
  past: { id: string; startsAt: Date };
  upcoming: { id: string; startsAt: Date };
  /** The key of each multiple-choice item of the form, in its order. */
  keys: number[];
  /** The essays the demo's applicants write, by the vignette's number on the form. */
  essays: string[];
}

/** On a day `days` from now, at `hour` o'clock UTC. */
const dayAt = (days: number, hour: number) => {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hour, 0, 0, 0);
  return d;
};

/**
 * The exam scorer writes the bank and readies the form, the admin sets the
 * exam settings, and the coordinator schedules the two sittings, each on the
 * clock of when it happened.
 */
export async function setUpExam(
  services: Services,
  association: AssociationRow,
  people: { admin: Actor; scorer: Actor; coordinator: Actor },
): Promise<DemoExam> {
  const { admin, scorer, coordinator } = people;
  await updateExamSettings(
    admin,
    association.id,
    { ...(await examSettingsOf(services, association.id)), ...demoSettings },
    services,
    new Date(Date.now() - 90 * DAY),
  );
  const written = new Date(Date.now() - 80 * DAY);
  const items = sampleItems(demoSettings.mcItems);
  const ids: string[] = [];
  for (const [i, item] of items.entries())
    ids.push(
      (
        await createItem(
          scorer,
          association.id,
          {
            kind: 'multiple-choice',
            code: `SAMPLE-MC-${String(i + 1).padStart(2, '0')}`,
            exam: 'imh',
            status: 'active',
            text: item.text,
            options: item.options,
            answerKey: item.answerKey,
            domains: [item.domain],
          },
          services,
          written,
        )
      ).id,
    );
  const vignettes = [
    ...clinical.map((v) => ({ category: 'clinical' as const, text: v.text, rubric: clinicalRubric })),
    ...otherVignettes,
  ];
  for (const [i, v] of vignettes.entries()) {
    const item = await createItem(
      scorer,
      association.id,
      { kind: 'vignette', code: `SAMPLE-V-${i + 1}`, exam: 'imh', status: 'active', ...v },
      services,
      written,
    );
    if (v.category === 'clinical') ids.push(item.id);
  }
  const draft = await composeForm(
    scorer,
    association.id,
    { name: 'Sample IMH exam, clinical essays (demo)', exam: 'imh', category: 'clinical', itemIds: ids },
    services,
    new Date(Date.now() - 75 * DAY),
  );
  const form = await readyForm(scorer, association.id, draft.id, services);
  const sitting = async (startsAt: Date, mode: 'online' | 'in-person', scheduledDaysAgo: number) => {
    const s = await scheduleSitting(
      coordinator,
      association.id,
      {
        exam: 'imh',
        startsAt: startsAt.toISOString(),
        mode,
        place: mode === 'in-person' ? 'CT-AIMH office, Hartford: Room 2 (demo)' : '',
        capacity: mode === 'in-person' ? 12 : 30,
        formIds: [form.id],
      },
      services,
      new Date(Date.now() - scheduledDaysAgo * DAY),
    );
    return { id: s.id, startsAt };
  };
  return {
    association,
    past: await sitting(dayAt(-21, 14), 'online', 60),
    upcoming: await sitting(dayAt(14, 13), 'in-person', 7),
    keys: items.map((i) => i.answerKey),
    essays: clinical.map((v) => v.essay),
  };
}

export interface Sat {
  /** Multiple-choice items answered right, the wrong ones spread evenly over the form. */
  right: number;
  /** The vignettes chosen, by their numbers on the form. */
  vignettes: [number, number];
  /** The points each reader gives every essay, per criterion of the rubric. */
  points: number[];
}

/**
 * The application, approved, sits the past sitting: registered by the
 * coordinator weeks before, the applicant starts at the sitting's time,
 * answers, chooses two vignettes, writes and submits; then each of `readers`
 * scores both essays blind, in the days after.
 */
export async function sitPastSitting(
  exam: DemoExam,
  people: { coordinator: Actor; applicant: Actor; readers: Actor[] },
  applicationId: string,
  sat: Sat,
  services: Services,
) {
  const { coordinator, applicant, readers } = people;
  const start = exam.past.startsAt.getTime();
  const at = (minutes: number) => new Date(start + minutes * MINUTE);
  await registerForSitting(coordinator, applicationId, exam.past.id, services, new Date(start - 19 * DAY));
  const attempt = await startAttempt(applicant, applicationId, services, at(4));
  const total = exam.keys.length;
  const wrong = total - sat.right;
  for (const [i, key] of exam.keys.entries()) {
    // Exactly `wrong` items have i·wrong mod total below `wrong`, spread evenly
    // over the form; each of them gets the option after the key (all have four).
    const right = (i * wrong) % total >= wrong;
    await answerItem(applicant, applicationId, i + 1, right ? key : (key + 1) % 4, services, at(6 + i));
  }
  await chooseVignettes(applicant, applicationId, sat.vignettes, services, at(70));
  for (const [k, n] of sat.vignettes.entries())
    await writeEssay(applicant, applicationId, n, exam.essays[n - 1]!, services, at(75 + 30 * k));
  await submitMyAttempt(applicant, applicationId, services, at(150));
  const scores = Object.fromEntries(sat.points.map((p, c) => [criterionField(c), String(p)]));
  // The attempt's responses, by the codes the readers find them by in their queue.
  const responses = await essaysOf(services.db.kysely, attempt.id);
  for (const [r, reader] of readers.entries())
    for (const response of responses)
      await scoreResponse(
        reader,
        exam.association,
        response.blindCode,
        scores,
        services,
        new Date(start + (3 + r) * DAY),
      );
}
