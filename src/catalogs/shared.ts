// Parts several catalogs share, written once. Each builder takes the seed file
// the calling catalog reads it from, so every rule still cites its own source.
import type { CatalogInput } from '../engine/catalog.ts';
import type { CredentialId, Relationship } from '../engine/portfolio.ts';
import { competencyDomains, competencySource } from './competencies.ts';

type CredentialInput = CatalogInput['credentials'][number];
export type RuleInput = CredentialInput['requirements'][number];
export type RenewalInput = CredentialInput['renewal'][number];
type Slot = Extract<RuleInput, { kind: 'references' }>['slots'][number];

export const seeds = {
  ctMentor: '000_af564b86f633d93f.txt',
  mi: '001_a4361f1f3dc13180.txt',
  ctSummary: '002_87b1e14b3c892509.txt',
  nc: '003_b2e3bf077778502f.txt',
  guidelines: '004_78936d00e9c07190.txt',
} as const;

const seedDescriptions: Record<string, string> = {
  [seeds.ctMentor]: 'CT-AIMH: Infant Mental Health Mentor requirements and annual renewal',
  [seeds.mi]: 'MI-AIMH: Endorsement requirements, Levels I–IV, with continuing endorsement',
  [seeds.ctSummary]: 'CT-AIMH: the endorsement process, summary table of Levels I–IV and fee schedule',
  [seeds.nc]: 'NCIMHA: Infant Mental Health Specialist requirements and renewal',
  [seeds.guidelines]: 'Competency Guidelines: Mentor competencies and IMHM/ECMHM requirements and renewal',
};

/** The Competency Guidelines' domains, which every association of the Alliance uses. */
export const competencies = { source: competencySource, domains: [...competencyDomains] };

export const credentialNames: Record<CredentialId, string> = {
  IFA: 'Infant Family Associate',
  IFS: 'Infant Family Specialist',
  IMHS: 'Infant Mental Health Specialist',
  'IMHM-C': 'Infant Mental Health Mentor – Clinical',
  'IMHM-P': 'Infant Mental Health Mentor – Policy',
  'IMHM-RF': 'Infant Mental Health Mentor – Research/Faculty',
  ECFS: 'Early Childhood Family Specialist',
  ECMHS: 'Early Childhood Mental Health Specialist',
  'ECMHM-C': 'Early Childhood Mental Health Mentor – Clinical',
  'ECMHM-P': 'Early Childhood Mental Health Mentor – Policy',
  'ECMHM-RF': 'Early Childhood Mental Health Mentor – Research/Faculty',
  ERS: 'Endorsed Reflective Supervisor',
};

/** The Level II–IV credentials of the infant (MI-AIMH) series. */
export const imhLevelsIItoIV: CredentialId[] = ['IFS', 'IMHS', 'IMHM-C', 'IMHM-P', 'IMHM-RF'];
export const imhLevelsIIItoIV: CredentialId[] = ['IMHS', 'IMHM-C', 'IMHM-P', 'IMHM-RF'];

export const agreementsSigned = (source: string): RuleInput => ({
  id: 'agreements',
  kind: 'agreements',
  source,
});
export const examPassed = (source: string): RuleInput => ({ id: 'exam', kind: 'exam', source });
export const membership = (source: string, orAnother: boolean, named?: string): RuleInput & RenewalInput => ({
  id: 'membership',
  kind: 'membership',
  source,
  orAnother,
  ...(named ? { named } : {}),
});
export const trainingHours = (
  hours: number,
  source: string,
  id = 'training.hours',
): RuleInput & RenewalInput => ({
  id,
  kind: 'training',
  hours,
  source,
});
/** Renewal: the hours about RSC asked of endorsees who provide RSC to others. */
export const rscTopicForProviders = (hours: number, source: string): RenewalInput => ({
  id: 'training.rsc-providers',
  kind: 'training',
  topics: { rsc: hours },
  appliesTo: 'rsc-providers',
  source,
});

// Reference slots as the documents word them.
export const slot = (
  label: string,
  roles: Relationship[],
  extra: Omit<Slot, 'label' | 'roles'> = {},
): Slot => ({
  label,
  roles,
  ...extra,
});
export const supervisorTeacherTrainerConsultant: Relationship[] = [
  'program-supervisor',
  'teacher',
  'trainer',
  'consultant',
];
export const rscProviderSlot = (standIns?: Relationship[]): Slot =>
  slot('RSC provider', ['rsc-provider'], standIns ? { standIns } : {});
export const rscRecipientSlot = slot('Person receiving RSC from the applicant', ['rsc-recipient']);
export const studentSlot = slot('Student taught and/or supervised by the applicant', ['student']);
export const currentProgramSupervisorSlot = (standIns?: Relationship[]): Slot =>
  slot('Current program supervisor', ['program-supervisor'], {
    current: true,
    ...(standIns ? { standIns } : {}),
  });
export const departmentChairSlot = slot('Current department supervisor or chair', ['department-chair'], {
  current: true,
  standIns: ['colleague'],
});

type EducationInput = Extract<RuleInput, { kind: 'education' }>;
export const education = (
  source: string,
  levels: EducationInput['levels'],
  transcript?: EducationInput['transcript'],
  extra: Partial<EducationInput> = {},
): RuleInput => ({
  id: 'education',
  kind: 'education',
  source,
  levels,
  ...(transcript ? { transcript } : {}),
  ...extra,
});
export const masterOrDoctorate: EducationInput['levels'] = ['master', 'doctorate'];

export type ReviewNote = { text: string; source: string };
/** Clauses the portfolio format has no field for: shown to reviewers, never checked (spec reading 0). */
export const reviewNotes = (source: string, ...texts: string[]): ReviewNote[] =>
  texts.map((text) => ({ text, source }));
export const relationshipFocusedWork =
  'The specialized work is relationship-focused and with both the infant/young child and the parent or caregiver, on behalf of their relationship.';
export const coursework =
  'Course work, a university certificate program or post-graduate specialization in the areas the Competency Guidelines name, as documented by transcripts.';
export const trainingContent =
  'Training covers the promotion of social-emotional development and the relationship-based principles and practices of infant mental health.';

/** A catalog's `sources`: the seed files it reads, with what each is, and the Competency Guidelines. */
export const sourcesOf = (...files: string[]): Record<string, string> =>
  Object.fromEntries([...new Set([...files, competencies.source])].map((f) => [f, seedDescriptions[f]!]));

type RscInput = Extract<RuleInput, { kind: 'rsc' }>;
/** "Within a one- to two-year timeframe" (spec reading 4). */
export const oneToTwoYears = { minMonths: 12, maxMonths: 24 };
/** RSC hours received. */
export const rscHours = (
  source: string,
  hours: number,
  extra: Partial<RscInput> = {},
): RuleInput & RenewalInput => ({
  id: 'rsc.hours',
  kind: 'rsc',
  source,
  hours,
  ...extra,
});

type ReferencesInput = Extract<RuleInput, { kind: 'references' }>;
export const references = (
  source: string,
  slots: Slot[],
  extra: Partial<ReferencesInput> = {},
): RuleInput => ({ id: 'references', kind: 'references', source, slots, ...extra });

export const currentSupervisorTeacherTrainerConsultantSlot = slot(
  'Current program supervisor, teacher, trainer or consultant',
  supervisorTeacherTrainerConsultant,
  { current: true },
);
