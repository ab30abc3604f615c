// The words of the portfolio format (../shared/spec/portfolio-format.md) that
// take one of a fixed list of values. Apart from portfolio.ts so that the
// one-pass reader (portfolio-reader.ts) can use them without a cycle.
export const degreeLevels = ['cda', 'associate', 'bachelor', 'master', 'doctorate'] as const;
export const workKinds = [
  'infant-family',
  'imh-dyadic',
  'ecmh-dyadic',
  'rsc-provision',
  'practice-leader',
  'policy-leadership',
  'research-faculty',
] as const;
export const trainingTopics = ['imh', 'rsc', 'dei'] as const;
export const relationships = [
  'program-supervisor',
  'department-chair',
  'teacher',
  'cda-mentor',
  'instructor',
  'trainer',
  'consultant',
  'colleague',
  'supervisee',
  'rsc-provider',
  'rsc-recipient',
  'student',
  'service-recipient',
] as const;
export const credentialIds = [
  'IFA',
  'IFS',
  'IMHS',
  'IMHM-C',
  'IMHM-P',
  'IMHM-RF',
  'ECFS',
  'ECMHS',
  'ECMHM-C',
  'ECMHM-P',
  'ECMHM-RF',
  'ERS',
] as const;
