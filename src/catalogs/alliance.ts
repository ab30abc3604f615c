// The Competency Guidelines as written (004): the Mentor level in its infant
// (IMHM) and early childhood (ECMHM) forms, which any member association may adopt.
import type { CatalogInput } from '../engine/catalog.ts';
import type { CredentialId } from '../engine/portfolio.ts';
import {
  agreementsSigned,
  competencies,
  coursework,
  credentialNames,
  currentProgramSupervisorSlot,
  departmentChairSlot,
  education,
  examPassed,
  masterOrDoctorate,
  membership,
  type RenewalInput,
  type RuleInput,
  relationshipFocusedWork,
  reviewNotes,
  rscProviderSlot,
  rscRecipientSlot,
  rscTopicForProviders,
  oneToTwoYears,
  sourcesOf,
  references,
  rscHours,
  seeds,
  slot,
  studentSlot,
  trainingContent,
  trainingHours,
} from './shared.ts';

const source = seeds.guidelines;
const endorsedRater = {
  endorsements: [
    'IFS',
    'ECFS',
    'IMHS',
    'ECMHS',
    'IMHM-C',
    'IMHM-P',
    'IMHM-RF',
    'ECMHM-C',
    'ECMHM-P',
    'ECMHM-RF',
  ],
} satisfies { endorsements: CredentialId[] };

type Series = 'IMHM' | 'ECMHM';
/** "Membership in the Infant Mental Health Association" (IMHM) / "… Infant/Early Childhood …" (ECMHM). */
const associationName = {
  IMHM: 'the Infant Mental Health Association',
  ECMHM: 'the Infant/Early Childhood Mental Health Association',
} as const;
type Category = 'C' | 'P' | 'RF';
const categoryName = { C: 'clinical', P: 'policy', RF: 'research-faculty' } as const;

function mentor(series: Series, category: Category): CatalogInput['credentials'][number] {
  const id = `${series}-${category}` as CredentialId;
  const requirements: RuleInput[] = [
    education(
      source,
      masterOrDoctorate,
      { quality: 'official', of: 'all' },
      {
        quote:
          'Official transcripts from all degrees earned and from any college credits earned are required.',
      },
    ),
    category === 'C'
      ? { id: 'training.hours', kind: 'training', source, hours: 30, topics: { rsc: 15 } }
      : trainingHours(30, source),
    ...work(series, category),
    {
      id: 'leadership',
      kind: 'leadership',
      source,
      activities: 1,
      quote:
        'Leadership activities at the regional or state level … there is an expectation that some will be demonstrated in addition to paid work experience.',
    },
  ];
  if (category === 'C') {
    requirements.push(
      rscHours(source, 50, {
        window: oneToTwoYears,
        after: 'master',
        providers:
          series === 'IMHM'
            ? { endorsements: ['IMHM-C'] }
            : { endorsements: ['IMHM-C', 'ECMHM-C'], vetted: {} },
        providingRscHours: 25,
        quote:
          'A minimum of 25 hours of the RS/C received should be about the RS/C that the applicant provides to others',
      }),
    );
  }
  requirements.push(
    references(source, referenceSlots(category), { endorsedRater }),
    agreementsSigned(source),
    examPassed(source),
    membership(source, false, associationName[series]),
  );
  const renewal: RenewalInput[] = [
    trainingHours(15, source),
    membership(source, false, associationName[series]),
  ];
  if (category === 'C') {
    renewal.push(
      rscTopicForProviders(3, source),
      rscHours(source, 12, {
        exemptAfterYears: 3,
        quote: `Professionals who maintain ${id} for a minimum of 3 years are not required to continue receiving RS/C`,
      }),
    );
  }
  const review = reviewNotes(
    source,
    trainingContent,
    coursework,
    ...(category === 'C' ? [relationshipFocusedWork] : []),
    'Reference raters are familiar with the applicant’s capacity to implement infant mental health principles into practice.',
    'Some leadership activities are demonstrated in addition to paid work experience.',
  );
  return {
    id,
    name: credentialNames[id],
    level: 4,
    category: categoryName[category],
    requirements,
    renewal,
    review,
  };
}

function work(series: Series, category: Category): RuleInput[] {
  const leader = (
    id: string,
    kinds: ['policy-leadership'] | ['research-faculty'] | ['rsc-provision'],
  ): RuleInput => ({
    id,
    kind: 'work',
    source,
    years: 3,
    kinds,
    after: 'qualifying-degree',
  });
  if (category === 'P') return [leader('work.policy-leader', ['policy-leadership'])];
  if (category === 'RF') return [leader('work.research-faculty', ['research-faculty'])];
  return [
    {
      id: 'work.specialized',
      kind: 'work',
      source,
      years: 2,
      kinds: [series === 'IMHM' ? 'imh-dyadic' : 'ecmh-dyadic'],
      paid: true,
      supervised: true,
      after: 'qualifying-degree',
      quote:
        series === 'IMHM'
          ? 'Meets specialized work experience criteria as specified for IMHS … Two years of postgraduate, supervised paid work experiences providing culturally sensitive, relationship-focused, infant mental health services.'
          : 'Meets specialized work experience criteria as specified in ECHMS … Two years of postgraduate, supervised paid work experiences providing culturally sensitive, relationship-focused, early childhood mental health services.',
    },
    leader('work.rsc-provision', ['rsc-provision']),
  ];
}

function referenceSlots(category: Category) {
  if (category === 'C') return [currentProgramSupervisorSlot(), rscProviderSlot(), rscRecipientSlot];
  if (category === 'P') {
    return [
      currentProgramSupervisorSlot(['colleague']),
      rscProviderSlot(['colleague']),
      slot('Colleague', ['colleague']),
    ];
  }
  return [departmentChairSlot, rscProviderSlot(['colleague']), studentSlot];
}

export const alliance: CatalogInput = {
  id: 'alliance',
  name: 'Alliance Competency Guidelines (as written)',
  version: '2026-11-23',
  sources: sourcesOf(source),
  competencies,
  credentials: (['IMHM', 'ECMHM'] as const).flatMap((series) =>
    (['C', 'P', 'RF'] as const).map((category) => mentor(series, category)),
  ),
};
