// NCIMHA (North Carolina), read from 003 (spec reading 0).
import type { CatalogInput } from '../engine/catalog.ts';
import {
  agreementsSigned,
  competencies,
  credentialNames,
  currentProgramSupervisorSlot,
  education,
  examPassed,
  masterOrDoctorate,
  membership,
  reviewNotes,
  rscProviderSlot,
  rscTopicForProviders,
  sourcesOf,
  references,
  rscHours,
  seeds,
  slot,
  supervisorTeacherTrainerConsultant,
  trainingHours,
} from './shared.ts';

const source = seeds.nc;
/** "NCIMHA will discontinue the use of [vetted professionals] on or before December 21, 2027." */
const vettedUntil = { before: '2027-12-21' };

export const ncimha: CatalogInput = {
  id: 'ncimha',
  name: 'North Carolina Infant and Early Childhood Mental Health Association (NCIMHA)',
  version: '2026-11-23',
  sources: sourcesOf(source),
  competencies,
  credentials: [
    {
      id: 'IMHS',
      name: credentialNames.IMHS,
      level: 3,
      requirements: [
        education(source, masterOrDoctorate),
        trainingHours(30, source),
        {
          id: 'work.specialized',
          kind: 'work',
          source,
          years: 2,
          kinds: ['imh-dyadic'],
          paid: true,
          supervised: true,
          after: 'qualifying-degree',
          internshipAlternative: {
            internshipYears: 1,
            workYears: 1,
            supervisorEndorsements: ['IMHM-C', 'IMHS'],
          },
          quote:
            'Two years, postgraduate, supervised paid work experiences … 1 year of a supervised graduate internship … may be counted toward the 2 years paid work experience requirement if the supervisor of the internship has earned IMH-E® at IMHM-Clinical or IMHS',
        },
        rscHours(source, 50, {
          after: 'master',
          providers: { endorsements: ['IMHM-C', 'ERS'], vetted: vettedUntil },
          quote:
            '50 clock hours … post-Masters … Provider of RSC must have earned Endorsement as an Mental Health Mentor-Clinical, Endorsed Reflective Supervisor (ERS) or someone “vetted” as such.',
        }),
        references(
          source,
          [
            currentProgramSupervisorSlot(),
            rscProviderSlot(),
            slot('Another supervisor, teacher, trainer, or consultant; colleague; or supervisee', [
              ...supervisorTeacherTrainerConsultant,
              'colleague',
              'supervisee',
            ]),
          ],
          {
            endorsedRater: { endorsements: 'any', vetted: vettedUntil },
          },
        ),
        agreementsSigned(source),
        examPassed(source),
        membership(source, false),
      ],
      review: reviewNotes(
        source,
        'Training received will include the promotion of social-emotional development and the relationship-based principles and practices of infant mental health',
        'This specialized work experience must be with both the infant/toddler and his/her biological, foster, or adoptive parent on behalf of the parent-infant relationship.',
        'Applicant will submit description of internship for application reviewers’ consideration',
        'Transcripts are required if an applicant utilizes coursework to demonstrate competencies.',
      ),
      renewal: [
        trainingHours(15, source),
        rscTopicForProviders(3, source),
        {
          id: 'training.dei',
          kind: 'training',
          source,
          topics: { dei: 1 },
          inForce: { from: '2024-01-01' },
          quote:
            'Beginning in 2024, one of these hours will be required to cover diversity, equity, inclusion, and access (DEIA).',
        },
        membership(source, false),
        rscHours(source, 12, {
          quote:
            'All professionals Endorsed at IMHS must receive a minimum of 12 hours of reflective supervision or consultation annually.',
        }),
      ],
    },
  ],
};
