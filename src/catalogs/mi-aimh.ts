// MI-AIMH (Michigan), read from 001 only (spec reading 0).
import type { CatalogInput } from '../engine/catalog.ts';
import {
  agreementsSigned,
  competencies,
  credentialNames,
  education,
  examPassed,
  imhLevelsIIItoIV,
  imhLevelsIItoIV,
  masterOrDoctorate,
  membership,
  type RenewalInput,
  type RuleInput,
  reviewNotes,
  rscProviderSlot,
  sourcesOf,
  references,
  rscHours,
  oneToTwoYears,
  currentSupervisorTeacherTrainerConsultantSlot,
  seeds,
  slot,
  supervisorTeacherTrainerConsultant,
  trainingHours,
} from './shared.ts';

const source = seeds.mi;
const officialTranscript = { quality: 'official', of: 'qualifying' } as const;

/** Level III specialized work, which Level IV-Clinical also has to meet (footnote 1). */
const levelIIIWork: RuleInput = {
  id: 'work.specialized',
  kind: 'work',
  source,
  years: 2,
  kinds: ['imh-dyadic'],
  supervised: true,
  after: 'qualifying-degree',
  internshipAlternative: { internshipYears: 1, workYears: 1 },
  quote:
    '2 years, post-graduate, supervised work experiences providing culturally sensitive, relationship-focused, infant mental health services … OR 1 year supervised graduate internship … and 1 year, post-graduate, supervised work experience as described above.',
};

// Clauses reviewers check, in 001's words, on the levels whose text says them.
const trainingContent =
  '30 clock hours of relationship-based education and training pertaining to the social and emotional development of infants, toddlers and families.';
const mentorTrainingContent =
  'Minimum 30 clock hours of relationship-based education and training pertaining to the social and emotional development of infants, toddlers, and families.';
const specializedWork =
  'This specialized work experience must be with both the infant/toddler and his/her biological, foster, or adoptive parent on behalf of the parent-infant relationship.';
const portfolioReview = 'Successful completion of two-level review of contents of portfolio.';
const mentorCoursework =
  'post-graduate specialization or university certificate program; in accordance with MI-AIMH Training Guidelines and Endorsement Competencies';
const review = (...texts: string[]) => reviewNotes(source, ...texts);
/** Level I: "Three ratings from: Teacher, CDA mentor, instructor, supervisor, consultant and/or colleague." */
const levelIRaterSlot = slot('Teacher, CDA mentor, instructor, supervisor, consultant or colleague', [
  'teacher',
  'cda-mentor',
  'instructor',
  'program-supervisor',
  'consultant',
  'colleague',
]);
const continuing = [trainingHours(15, source), membership(source, true)];
/** Levels III and IV: only hours specific to infant mental health count (spec reading 11). */
const specializedTraining: RenewalInput = {
  id: 'training.hours',
  kind: 'training',
  source,
  topics: { imh: 15 },
  named: 'specialized training in infant mental health',
  quote:
    'Endorsed professionals are required to obtain 15 hours of specialized training in infant mental health annually.',
};
const continuingIIIandIV = [specializedTraining, membership(source, true)];
const mentorBase: RuleInput[] = [
  education(source, masterOrDoctorate, officialTranscript),
  trainingHours(30, source),
];
const mentorEnd: RuleInput[] = [agreementsSigned(source), examPassed(source), membership(source, true)];
const endorsedLevelIItoIV = { endorsements: imhLevelsIItoIV };

export const miAimh: CatalogInput = {
  id: 'mi-aimh',
  name: 'Michigan Association for Infant Mental Health (MI-AIMH)',
  version: '2026-11-23',
  sources: sourcesOf(source),
  competencies,
  credentials: [
    {
      id: 'IFA',
      name: credentialNames.IFA,
      level: 1,
      requirements: [
        {
          id: 'education',
          kind: 'education',
          source,
          levels: ['cda', 'associate'],
          transcript: { quality: 'official', of: 'qualifying' },
          orWork: { years: 2, kinds: ['infant-family'], paid: true },
          quote:
            'a) Official transcript from Child Development Associate (CDA) or b) Official transcript from Associate’s degree (AD) in related area or c) two years infant and early childhood-related paid work experience',
        },
        trainingHours(30, source),
        references(
          source,
          [
            slot(
              'Current teacher, CDA mentor, instructor or supervisor',
              ['teacher', 'cda-mentor', 'instructor', 'program-supervisor'],
              {
                current: true,
              },
            ),
            levelIRaterSlot,
            levelIRaterSlot,
          ],
          {
            endorsedRater: endorsedLevelIItoIV,
          },
        ),
        agreementsSigned(source),
        membership(source, true),
      ],
      review: review(trainingContent),
      renewal: continuing,
    },
    {
      id: 'IFS',
      name: credentialNames.IFS,
      level: 2,
      requirements: [
        education(source, ['bachelor', 'master', 'doctorate'], officialTranscript),
        trainingHours(30, source),
        { id: 'work', kind: 'work', source, years: 2, kinds: ['infant-family'] },
        rscHours(source, 24, {
          window: oneToTwoYears,
          after: 'bachelor',
          quote:
            'Minimum one year, post-bachelors, … reflective supervision or consultation …; minimum 24 clock hours within a two-year time frame [maximum].',
        }),
        references(
          source,
          [
            slot(
              'Current teacher, program supervisor, instructor or consultant',
              ['teacher', 'program-supervisor', 'instructor', 'consultant'],
              {
                current: true,
              },
            ),
            rscProviderSlot(),
            slot('Teacher, program supervisor, instructor, consultant or colleague', [
              'teacher',
              'program-supervisor',
              'instructor',
              'consultant',
              'colleague',
            ]),
          ],
          {
            endorsedRater: { endorsements: imhLevelsIIItoIV },
          },
        ),
        agreementsSigned(source),
        membership(source, true),
      ],
      review: review(
        trainingContent,
        'Minimum one year, post-bachelors, relationship-based, reflective supervision or consultation, individually or in a group while providing services to infants, toddlers and families',
      ),
      renewal: continuing,
    },
    {
      id: 'IMHS',
      name: credentialNames.IMHS,
      level: 3,
      requirements: [
        education(source, masterOrDoctorate, officialTranscript),
        trainingHours(30, source),
        levelIIIWork,
        rscHours(source, 50, { window: oneToTwoYears }),
        references(
          source,
          [
            currentSupervisorTeacherTrainerConsultantSlot,
            rscProviderSlot(),
            slot('Another supervisor, teacher, trainer or consultant; colleague; or supervisee', [
              ...supervisorTeacherTrainerConsultant,
              'colleague',
              'supervisee',
            ]),
          ],
          {
            endorsedRater: endorsedLevelIItoIV,
          },
        ),
        agreementsSigned(source),
        examPassed(source),
        membership(source, true),
      ],
      review: review(
        'Minimum: 30 clock hours of relationship-based education and training pertaining to the social and emotional development of infants, toddlers and families.',
        'university certificate program and/or course work in areas such as infant and toddler development, family-centered practice, cultural sensitivity, family relationships and dynamics, assessment and intervention, in accordance with MI-AIMH Training Guidelines and Endorsement Competencies',
        specializedWork,
        'Relationship-focused, reflective supervision/consultation with an approved supervisor/consultant, individually or in a group, while providing services to infants, toddlers and families.',
        portfolioReview,
      ),
      renewal: [
        ...continuingIIIandIV,
        {
          id: 'training.rsc-providers',
          kind: 'training',
          source,
          topics: { rsc: 3 },
          appliesTo: 'rsc-providers',
          quote:
            'For those who earn endorsement at Level III and provide reflective supervision or consultation to others, at least 3 of the hours of specialized training must be about reflective supervision or consultation.',
        },
      ],
    },
    {
      id: 'IMHM-C',
      name: credentialNames['IMHM-C'],
      level: 4,
      category: 'clinical',
      requirements: [
        ...mentorBase,
        levelIIIWork,
        {
          id: 'work.practice-leader',
          kind: 'work',
          source,
          years: 3,
          kinds: ['practice-leader'],
          after: 'qualifying-degree',
          quote:
            'plus three years post-graduate experience as practice leader in infant mental health (e.g., infant mental health supervisor, trainer, or consultant)',
        },
        rscHours(source, 50, {
          window: { maxMonths: 24 },
          quote: 'Minimum: 50 clock hours within a two-year time frame (maximum). (Required for Clinical …)',
        }),
        references(
          source,
          [
            slot(
              'Current program supervisor, teacher, trainer, consultant or colleague',
              [...supervisorTeacherTrainerConsultant, 'colleague'],
              { current: true },
            ),
            rscProviderSlot(),
            slot('Supervisee/consultee', ['supervisee', 'rsc-recipient']),
          ],
          {
            endorsedRater: endorsedLevelIItoIV,
          },
        ),
        ...mentorEnd,
      ],
      review: review(
        mentorTrainingContent,
        mentorCoursework,
        specializedWork,
        'Relationship-focused, reflective supervision/consultation with an approved supervisor/consultant, individually or in a group.',
        portfolioReview,
      ),
      renewal: continuingIIIandIV,
    },
    {
      id: 'IMHM-P',
      name: credentialNames['IMHM-P'],
      level: 4,
      category: 'policy',
      requirements: [
        ...mentorBase,
        {
          id: 'work.policy-leader',
          kind: 'work',
          source,
          years: 3,
          kinds: ['policy-leadership'],
          after: 'qualifying-degree',
        },
        references(
          source,
          [
            slot(
              'Current program supervisor, teacher, trainer or consultant',
              supervisorTeacherTrainerConsultant,
              {
                current: true,
                standIns: ['colleague'],
              },
            ),
            rscProviderSlot(['colleague']),
            slot('Colleague', ['colleague']),
          ],
          {
            endorsedRater: endorsedLevelIItoIV,
            quote:
              '1. … current program supervisor, teacher, trainer or consultant, if applicable 2. … person providing reflective supervision/consultation, if applicable 3. If no one available from first two categories, candidate may ask three colleagues',
          },
        ),
        ...mentorEnd,
      ],
      review: review(mentorTrainingContent, mentorCoursework, portfolioReview),
      renewal: continuingIIIandIV,
    },
    {
      id: 'IMHM-RF',
      name: credentialNames['IMHM-RF'],
      level: 4,
      category: 'research-faculty',
      requirements: [
        ...mentorBase,
        {
          id: 'work.research-faculty',
          kind: 'work',
          source,
          years: 3,
          kinds: ['research-faculty'],
          after: 'qualifying-degree',
        },
        references(
          source,
          [
            slot('Current department supervisor or chair', ['department-chair'], {
              current: true,
              standIns: ['colleague'],
            }),
            rscProviderSlot(['colleague']),
            slot('Student taught and/or supervised by the applicant', ['student']),
          ],
          {
            endorsedRater: endorsedLevelIItoIV,
          },
        ),
        ...mentorEnd,
      ],
      review: review(mentorTrainingContent, mentorCoursework, portfolioReview),
      renewal: continuingIIIandIV,
    },
  ],
};
