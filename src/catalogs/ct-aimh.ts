// CT-AIMH (Connecticut): Levels I–III from the summary table in 002, the
// Mentor level and its renewal from 000, fees from 002 (spec reading 0).
import type { CatalogInput } from '../engine/catalog.ts';
import type { CredentialId } from '../engine/portfolio.ts';
import {
  agreementsSigned,
  competencies,
  credentialNames,
  currentProgramSupervisorSlot,
  departmentChairSlot,
  education,
  examPassed,
  masterOrDoctorate,
  membership,
  type RenewalInput,
  type RuleInput,
  reviewNotes,
  rscProviderSlot,
  rscRecipientSlot,
  rscTopicForProviders,
  sourcesOf,
  references,
  rscHours,
  oneToTwoYears,
  currentSupervisorTeacherTrainerConsultantSlot,
  seeds,
  slot,
  studentSlot,
  supervisorTeacherTrainerConsultant,
  trainingHours,
} from './shared.ts';

const summary = seeds.ctSummary;
const mentor = seeds.ctMentor;
const officialFromEveryCollege = { quality: 'official', of: 'all' } as const;
/** Levels I–III: the summary table's own sentence (002). */
const levelsIToIIIReview = reviewNotes(
  summary,
  'Applicant will submit a professional portfolio that demonstrates that he/she has met both the requirements and the competencies specified at each level.',
);
/** The Mentor level (000): its RSC clause is for Clinical applicants only. */
const mentorReview = (category: 'clinical' | 'other') =>
  reviewNotes(
    mentor,
    category === 'clinical'
      ? 'Training content will include the promotion of social- emotional development and the relationship/based principles of IMH'
      : 'Training received will include the promotion of social-emotional development and the relationship- based principles and practices of IMH',
    'university certificate program; and/or course work in areas such as infant development (prenatal up to 36 months), family centered practice, cultural sensitivity, family relationships and dynamics, assessment, and intervention must be submitted in accordance with the Competency Guidelines®',
    category === 'clinical'
      ? 'Application will document that requirements and competencies have been adequately met through specialize education, in-service training, work, and for Clinical applicants, through reflective supervision/consultation experiences.'
      : 'Application will document that requirements and competencies have been adequately met through specialize education, in-service training, work …',
  );
const levelIToIIIRenewal: RenewalInput[] = [trainingHours(15, summary), membership(summary, true)];
const sealedTranscripts = 'Sealed official transcripts from every college/university attended';

/** The Mentor's training before and after the change of 2024-01-01 (000). */
function mentorTraining(
  from2024: { hours: number; topics: { imh: number; rsc?: number; dei: number } },
  before: RuleInput,
): RuleInput[] {
  return [
    { ...before, inForce: { to: '2023-12-31' } },
    {
      id: 'training.hours',
      kind: 'training',
      source: mentor,
      inForce: { from: '2024-01-01' },
      ...from2024,
    },
  ];
}

const mentorCommon = (id: CredentialId): { name: string; level: number } => ({
  name: credentialNames[id],
  level: 4,
});
const mentorEducation = education(
  mentor,
  masterOrDoctorate,
  { quality: 'unofficial', of: 'all' },
  {
    quote: 'Unofficial transcripts from all degrees and from any college credits earned are required.',
  },
);
const mentorLeadership: RuleInput = {
  id: 'leadership',
  kind: 'leadership',
  source: mentor,
  years: 3,
  quote: 'Minimum 3-years of practice leader experience relevant to the infant, young child-family field.',
};
const mentorEnd: RuleInput[] = [agreementsSigned(mentor), examPassed(mentor), membership(mentor, true)];
const mentorRenewal: RenewalInput[] = [
  trainingHours(15, mentor),
  {
    id: 'training.dei',
    kind: 'training',
    source: mentor,
    topics: { dei: 1 },
    quote: 'One of the 15 hours is required to be specific to diversity, equity and inclusion in IMH',
  },
  rscTopicForProviders(3, mentor),
  membership(mentor, true),
];
const leaderWork = (
  id: string,
  kinds: ['policy-leadership'] | ['research-faculty'] | ['rsc-provision'],
): RuleInput => ({
  id,
  kind: 'work',
  source: mentor,
  years: 3,
  kinds,
  after: 'qualifying-degree',
});

export const ctAimh: CatalogInput = {
  id: 'ct-aimh',
  name: 'Connecticut Association for Infant Mental Health (CT-AIMH)',
  version: '2026-11-23',
  sources: sourcesOf(mentor, summary),
  competencies,
  currency: 'USD',
  fees: {
    IFA: { application: 1500, processing: 2500, source: summary },
    IFS: { application: 1500, processing: 10000, source: summary },
    IMHS: { application: 2500, processing: 20000, source: summary },
    'IMHM-C': { application: 2500, processing: 30000, source: summary },
    'IMHM-P': { application: 2500, processing: 30000, source: summary },
    'IMHM-RF': { application: 2500, processing: 30000, source: summary },
  },
  credentials: [
    {
      id: 'IFA',
      name: credentialNames.IFA,
      level: 1,
      requirements: [
        education(summary, ['cda', 'associate'], officialFromEveryCollege, {
          orWork: { years: 2, kinds: ['infant-family'] },
          quote: `CDA or Associate's degree | or 2 years early childhood experience AND/OR Two years in the infant, early childhood, and family field. ${sealedTranscripts}.`,
        }),
        trainingHours(30, summary),
        {
          id: 'references',
          kind: 'references',
          source: summary,
          slots: [1, 2, 3].map(() =>
            slot(
              'Current program supervisor, teacher, trainer, consultant, or parent/service recipient',
              [...supervisorTeacherTrainerConsultant, 'service-recipient'],
              {
                current: true,
              },
            ),
          ),
        },
        agreementsSigned(summary),
        membership(summary, true),
      ],
      review: levelsIToIIIReview,
      renewal: levelIToIIIRenewal,
    },
    {
      id: 'IFS',
      name: credentialNames.IFS,
      level: 2,
      requirements: [
        education(summary, ['bachelor', 'master', 'doctorate'], officialFromEveryCollege),
        { id: 'work', kind: 'work', source: summary, years: 2, kinds: ['infant-family'] },
        trainingHours(30, summary),
        rscHours(summary, 24, {
          window: oneToTwoYears,
        }),
        references(summary, [
          currentSupervisorTeacherTrainerConsultantSlot,
          rscProviderSlot(),
          slot('Another supervisor, teacher, trainer or consultant; or a colleague', [
            ...supervisorTeacherTrainerConsultant,
            'colleague',
          ]),
        ]),
        agreementsSigned(summary),
        membership(summary, true),
      ],
      review: levelsIToIIIReview,
      renewal: levelIToIIIRenewal,
    },
    {
      id: 'IMHS',
      name: credentialNames.IMHS,
      level: 3,
      requirements: [
        education(summary, masterOrDoctorate, officialFromEveryCollege),
        { id: 'work', kind: 'work', source: summary, years: 2, kinds: ['infant-family'], after: 'master' },
        trainingHours(30, summary),
        rscHours(summary, 50, {
          window: oneToTwoYears,
        }),
        references(summary, [
          currentSupervisorTeacherTrainerConsultantSlot,
          rscProviderSlot(),
          slot('Another supervisor, teacher, trainer or consultant; colleague; or supervisee', [
            ...supervisorTeacherTrainerConsultant,
            'colleague',
            'supervisee',
          ]),
        ]),
        agreementsSigned(summary),
        examPassed(summary),
        membership(summary, true),
      ],
      review: levelsIToIIIReview,
      renewal: levelIToIIIRenewal,
    },
    {
      id: 'IMHM-C',
      ...mentorCommon('IMHM-C'),
      category: 'clinical',
      requirements: [
        mentorEducation,
        {
          id: 'work.specialized',
          kind: 'work',
          source: mentor,
          also: [summary],
          years: 2,
          kinds: ['infant-family'],
          after: 'master',
          quote:
            'Meets specialized work experience criteria as specified as an Infant Mental Health Specialist (IMHS) (002: minimum 2 years post Masters in the infant, early childhood, and family field)',
        },
        leaderWork('work.rsc-provision', ['rsc-provision']),
        mentorLeadership,
        ...mentorTraining(
          { hours: 48, topics: { imh: 30, rsc: 15, dei: 3 } },
          { id: 'training.hours', kind: 'training', source: mentor, hours: 30, topics: { rsc: 15 } },
        ),
        rscHours(mentor, 50, {
          also: [summary],
          window: oneToTwoYears,
          after: 'master',
          providers: { endorsements: ['IMHM-C'] },
          providingRscHours: 25,
          quote:
            'At minimum 50 clock hours … Clock hours must come post-masters … at minimum 25 clock hours received must be about the RSC the applicant provides to others … Qualified RSC providers must meet Endorsement requirements as an IMHM-C. (002: within a one to two year time period)',
        }),
        references(mentor, [currentProgramSupervisorSlot(), rscProviderSlot(), rscRecipientSlot]),
        ...mentorEnd,
      ],
      review: mentorReview('clinical'),
      renewal: [
        ...mentorRenewal,
        rscHours(mentor, 12, {
          providers: { endorsements: ['IMHM-C'] },
          quote:
            'IMHM Clinical Endorsees must receive 12 hours of RSC every yea[r] … Endorsed professional (IMHM-C).',
        }),
      ],
    },
    {
      id: 'IMHM-P',
      ...mentorCommon('IMHM-P'),
      category: 'policy',
      requirements: [
        mentorEducation,
        leaderWork('work.policy-leader', ['policy-leadership']),
        mentorLeadership,
        ...mentorTraining({ hours: 33, topics: { imh: 30, dei: 3 } }, trainingHours(30, mentor)),
        references(mentor, [
          currentProgramSupervisorSlot(['colleague']),
          rscProviderSlot(['colleague']),
          slot('Colleague', ['colleague']),
        ]),
        ...mentorEnd,
      ],
      review: mentorReview('other'),
      renewal: mentorRenewal,
    },
    {
      id: 'IMHM-RF',
      ...mentorCommon('IMHM-RF'),
      category: 'research-faculty',
      requirements: [
        mentorEducation,
        leaderWork('work.research-faculty', ['research-faculty']),
        mentorLeadership,
        ...mentorTraining({ hours: 33, topics: { imh: 30, dei: 3 } }, trainingHours(30, mentor)),
        references(mentor, [departmentChairSlot, rscProviderSlot(['colleague']), studentSlot]),
        ...mentorEnd,
      ],
      review: mentorReview('other'),
      renewal: mentorRenewal,
    },
  ],
};
