// Words for the format's codes, as applicants and coordinators say them.
import type { DegreeLevel, Relationship, TrainingTopic, WorkKind } from './portfolio.ts';

export const degreeLabel: Record<DegreeLevel, string> = {
  cda: 'Child Development Associate (CDA)',
  associate: "associate's degree",
  bachelor: "bachelor's degree",
  master: "master's degree",
  doctorate: 'doctorate',
};

export const workKindLabel: Record<WorkKind, string> = {
  'infant-family': 'work in the infant, early childhood and family field',
  'imh-dyadic':
    'relationship-focused infant mental health work with infants/toddlers (0–36 months) and their parents',
  'ecmh-dyadic':
    'relationship-focused early childhood mental health work with young children (3–6 years) and their parents',
  'rsc-provision': 'work providing reflective supervision/consultation (RSC) to others',
  'practice-leader': 'work as a practice leader in infant mental health (supervisor, trainer or consultant)',
  'policy-leadership': 'work as a leader in policy and/or program administration',
  'research-faculty': 'work in university-level teaching and/or published research',
};

export const topicLabel: Record<TrainingTopic, string> = {
  imh: 'specific to infant mental health',
  rsc: 'about reflective supervision/consultation',
  dei: 'on diversity, equity and inclusion',
};

export const topicShort: Record<TrainingTopic, string> = { imh: 'IMH', rsc: 'RSC', dei: 'DEI' };

export const relationshipLabel: Record<Relationship, string> = {
  'program-supervisor': 'program supervisor',
  'department-chair': 'department supervisor or chair',
  teacher: 'teacher',
  'cda-mentor': 'CDA mentor',
  instructor: 'instructor',
  trainer: 'trainer',
  consultant: 'consultant',
  colleague: 'colleague',
  supervisee: 'supervisee',
  'rsc-provider': 'person providing your reflective supervision/consultation (RSC)',
  'rsc-recipient': 'person receiving reflective supervision/consultation (RSC) from you',
  student: 'student you taught or supervised',
  'service-recipient': 'parent or service recipient',
};
