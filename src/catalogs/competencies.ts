/**
 * Competency Guidelines® catalog for the Infant Mental Health Mentor (IMHM) and Early Childhood Mental
 * Health Mentor (ECMHM) levels: the competency domains, their knowledge/skill areas and the
 * "as demonstrated by" competencies, each tagged with the designations (Clinical, Policy, Research/Faculty)
 * it applies to.
 *
 * Transcribed from the text extraction of the Competency Guidelines PDF (see `competencySource`). In that
 * extraction each domain heading follows its own content and the PDF columns are interleaved, so lists were
 * assigned to domains by position and meaning. Whitespace was normalised, wrapped lines rejoined and the
 * source wording (including its typos) kept. Bullets printed without their own designation heading
 * (continuations of a list on the next column/page) inherit the heading of the list they continue.
 */

export type Designation = 'A' | 'C' | 'P' | 'R-F';

export interface Competency {
  id: string;
  text: string;
  designations: Designation[];
  /** The "–" sub-items printed under the bullet, verbatim; `text` already includes them (joined by "; "). */
  subItems?: string[];
  /** A sub-heading printed above this bullet's group, other than a designation heading. */
  groupNote?: string;
}

export interface CompetencyDomain {
  id: string; // e.g. '1-theoretical-foundations'
  number: number; // as printed (two domains are 9)
  name: string; // e.g. 'Theoretical Foundations'
  areaLabel: 'knowledge' | 'skill'; // whether the document lists "Knowledge Areas" or "skill Areas"
  areas: string[]; // the knowledge/skill areas
  /** Statement printed between "As demonstrated by:" and the bullets, when there is one. */
  intro?: string;
  competencies: Competency[]; // the "as demonstrated by" bullets, ids like '1-theoretical-foundations.3'
}

export const competencySource = '004_78936d00e9c07190.txt';

/** The explanatory text printed before the list of designation codes. */
export const designationIntro =
  'There are three designations under Infant and Early Childhood Mental Health Mentor including Clinical, ' +
  'Policy, and Research/Faculty. In both the Competency Detail and the Impact Map, alphabetic codes in ' +
  'parentheses beside certain competencies indicate the specific area(s) of responsibility that the ' +
  'competency most directly impacts, as follows:';

/** Short display names of the designation codes. */
export const designationNames: Record<Designation, string> = {
  A: 'All designations',
  C: 'Clinical',
  P: 'Policy',
  'R-F': 'Research/Faculty',
};

/** Explanation of each code, as printed ("R/F" in the source is written "R-F" here). */
export const designations: Record<Designation, string> = {
  A: 'Applies to all designations',
  C:
    'Clinical: practice leaders who provide reflective supervision or consultation to practitioners in ' +
    'the infant, young child, and family field',
  P: 'Policy: practice leaders in policies and programs',
  'R-F': 'Research/Faculty: practice leaders in research, evaluation, and teaching',
};

export const competencyDomains: readonly CompetencyDomain[] = [
  {
    id: '1-theoretical-foundations',
    number: 1,
    name: 'Theoretical Foundations',
    areaLabel: 'knowledge',
    areas: [
      'pregnancy and early parenthood',
      'infant/young child development and behavior',
      'infant/young child- and family-centered practice',
      'relationship-focused, therapeutic practice',
      'family relationships and dynamics',
      'attachment, separation, trauma, grief, and loss',
      'psychotherapeutic and behavioral theories of changes',
      'disorders of infancy/early childhood',
      'mental and behavioral disorders in adults',
      'cultural competence',
      'adult learning theory and practice',
      'statistics',
      'research and evaluation',
    ],
    intro:
      'May practice each of the following on his/her own but, more importantly, facilitates these skills ' +
      'in novice practioners, students, clients, and other colleagues',
    competencies: [
      {
        id: '1-theoretical-foundations.1',
        text:
          'Understands both typical and atypical development during pregnancy, infancy, and early ' +
          'childhood through formal observation, assessment, and in day-to-day interactions with the ' +
          'infant/young child and family',
        designations: ['A'],
      },
      {
        id: '1-theoretical-foundations.2',
        text:
          'Supports provision of information, guidance, and support to families related to the ' +
          'development and care of infants and young children to further develop parenting capabilities ' +
          'and the attachment relationship',
        designations: ['A'],
      },
      {
        id: '1-theoretical-foundations.3',
        text: 'Understands the conditions that optimize early infant and young child brain development',
        designations: ['A'],
      },
      {
        id: '1-theoretical-foundations.4',
        text: 'Supports communication in languages that meet community’s needs',
        designations: ['A'],
      },
      {
        id: '1-theoretical-foundations.5',
        text:
          'Supports informal and formal observations and assessments to identify capacities and ' +
          'strengths, as well as developmental delays and/or emotional disturbance in infants and young ' +
          'children served',
        designations: ['A'],
      },
      {
        id: '1-theoretical-foundations.6',
        text:
          'Supports development of service plans that account for the unique needs, desires, history, ' +
          'lifestyle, concerns, strengths, resources, and priorities of each infant/young child and ' +
          'family',
        designations: ['A'],
      },
      {
        id: '1-theoretical-foundations.7',
        text: 'Promotes services that reinforce and nurture the caregiver-infant/young child relationship',
        designations: ['A'],
      },
      {
        id: '1-theoretical-foundations.8',
        text:
          'Supports parent-infant/young child relationship-based therapies and practices to explore ' +
          'issues including attachment, separation, trauma, and loss that affect the development and care ' +
          'of the infant/young child',
        designations: ['A'],
      },
      {
        id: '1-theoretical-foundations.9',
        text:
          'Recognizes conditions that require the assistance of other professionals from health, mental ' +
          'health education, and child welfare systems',
        designations: ['A'],
      },
      {
        id: '1-theoretical-foundations.10',
        text: 'Understands family relationship development, with sensitivity to cultural differences',
        designations: ['A'],
      },
      {
        id: '1-theoretical-foundations.11',
        text:
          'Applies understanding of cultural competence to communicate effectively and establish positive ' +
          'relationships with a wide range of people and organizations',
        designations: ['A'],
        groupNote: 'Typically demonstrates these skills on his/her own',
      },
      {
        id: '1-theoretical-foundations.12',
        text: 'Writes articles and books on infant and early childhood mental health principles and practice',
        designations: ['P', 'R-F'],
        groupNote: 'Typically demonstrates these skills on his/her own',
      },
      {
        id: '1-theoretical-foundations.13',
        text:
          'Promotes, develops, and delivers effective learning interventions as part of conferences, ' +
          'workshops, university courses, and other opportunities to educate on effective infant mental ' +
          'health principles and practices',
        designations: ['P', 'R-F'],
        groupNote: 'Typically demonstrates these skills on his/her own',
      },
      {
        id: '1-theoretical-foundations.14',
        text: 'Facilitates monitoring and evaluation of service process and outcomes',
        designations: ['P', 'R-F'],
        groupNote: 'Typically demonstrates these skills on his/her own',
      },
      {
        id: '1-theoretical-foundations.15',
        text:
          'Promotes research projects intended to increase the body of knowledge about infant and early ' +
          'childhood mental health, early development, and effective interventions',
        designations: ['P', 'R-F'],
        groupNote: 'Typically demonstrates these skills on his/her own',
      },
      {
        id: '1-theoretical-foundations.16',
        text:
          'Develops or impacts policy and practice intended to increase the extent or effectiveness of ' +
          'infant and early childhood mental health interventions',
        designations: ['P'],
        groupNote: 'Typically demonstrates these skills on his/her own',
      },
    ],
  },
  {
    id: '2-law-regulation-and-agency-policy',
    number: 2,
    name: 'Law, Regulation, and Agency Policy',
    areaLabel: 'knowledge',
    areas: ['ethical practice', 'government, law, and regulation', 'agency policy'],
    competencies: [
      {
        id: '2-law-regulation-and-agency-policy.1',
        text:
          'Exchanges complete and unbiased information in a supportive manner with service recipients, ' +
          'colleagues, agency representatives, legislators, and others',
        designations: ['A'],
      },
      {
        id: '2-law-regulation-and-agency-policy.2',
        text:
          'Promotes the maintenance of confidentiality of each family’s information in all contexts with ' +
          'the exception being when making necessary reports to protect the safety of a family member ' +
          '(eg, Children’s Protective Services, Duty to Warn)',
        designations: ['A'],
      },
      {
        id: '2-law-regulation-and-agency-policy.3',
        text: 'Respects and advocates for the rights of infants, young children, and families',
        designations: ['A'],
      },
      {
        id: '2-law-regulation-and-agency-policy.4',
        text:
          'Understands, utilizes, and facilitates adherence to provisions and requirements of federal, ' +
          'state, and local laws affecting infants/young children and families (eg, early intervention, ' +
          'child protection) within infant and early childhood mental health programs, community groups, ' +
          'etc, including the rights of citizen children of non-citizen parents',
        designations: ['A'],
      },
      {
        id: '2-law-regulation-and-agency-policy.5',
        text:
          'When consulting/providing expert testimony to agencies, service systems, legislative bodies, ' +
          'and programs, develops conclusions and recommendations that reflect the needs and best ' +
          'interests of the infant/young child within the context of the family',
        designations: ['A'],
      },
      {
        id: '2-law-regulation-and-agency-policy.6',
        text:
          'Understands and makes effective use of federal, state, and agency funding, contracting, and ' +
          'reporting requirements to enhance service availability and effectiveness',
        designations: ['A'],
      },
    ],
  },
  {
    id: '3-systems-expertise',
    number: 3,
    name: 'Systems Expertise',
    areaLabel: 'knowledge',
    areas: ['service delivery systems', 'community resources'],
    competencies: [
      {
        id: '3-systems-expertise.1',
        text:
          'Understands the services available through formal service delivery systems (eg, child welfare, ' +
          'education, mental health, health), through other community resources (eg, churches, food ' +
          'banks, child care services), and through informal supports (eg, family members, friends, other ' +
          'families)',
        designations: ['A'],
      },
      {
        id: '3-systems-expertise.2',
        text:
          'Utilizes an expert knowledge of the formal service delivery systems and community resources to ' +
          'make decisions and recommendations',
        designations: ['A'],
      },
    ],
  },
  {
    id: '4-direct-service-skills',
    number: 4,
    name: 'Direct Service Skills',
    areaLabel: 'knowledge',
    areas: [
      'observation and listening',
      'screening and assessment',
      'responding with empathy',
      'intervention/treatment planning',
      'developmental guidance',
      'supportive counseling',
      'parent-infant/young child relationship-based therapies and practices',
      'advocacy',
      'safety',
      'reflective supervision',
    ],
    intro: 'Models, coaches, promotes, and otherwise instructs in the following competencies',
    competencies: [
      {
        id: '4-direct-service-skills.1',
        text:
          'Establishes trusting relationship that supports the parent(s) and infant/young child in their ' +
          'relationship with each other and facilitates change',
        designations: ['A'],
      },
      {
        id: '4-direct-service-skills.2',
        text:
          'Works with the parent(s) and infant/young child together, primarily in the home, in accordance ' +
          'with accepted practice',
        designations: ['A'],
      },
      {
        id: '4-direct-service-skills.3',
        text:
          'Observes the parent(s) or caregiver(s) and infant/young child together to understand the ' +
          'nature of their relationship, culture, developmental strengths, and capacities for change',
        designations: ['A'],
      },
      {
        id: '4-direct-service-skills.4',
        text:
          'Conducts observations, discussions, and formal and informal assessments of infant/young child ' +
          'development, in accordance with established practice',
        designations: ['A'],
      },
      {
        id: '4-direct-service-skills.5',
        text:
          'Interprets information (including family perceptions and priorities) from observations, ' +
          'discussions, and formal and informal assessments to: Identify and share feedback with the ' +
          'parent(s) or caregiver(s) the strengths, capacities, needs and progress of the infant/young ' +
          'child and family/caregivers; Develop mutually agreed upon service plans incorporating explicit ' +
          'objectives and goals',
        designations: ['A'],
        subItems: [
          'Identify and share feedback with the parent(s) or caregiver(s) the strengths, capacities, ' +
            'needs and progress of the infant/young child and family/caregivers',
          'Develop mutually agreed upon service plans incorporating explicit objectives and goals',
        ],
      },
      {
        id: '4-direct-service-skills.6',
        text:
          'Effectively implements relationship-focused, therapeutic parent-infant/young child ' +
          'interventions that enhance the capacities of parents and infants/young children',
        designations: ['A'],
      },
      {
        id: '4-direct-service-skills.7',
        text:
          'Helps parents identify goals and activities that encourage interaction and can be woven into ' +
          'the daily routines of the infant/young child and family',
        designations: ['A'],
      },
      {
        id: '4-direct-service-skills.8',
        text:
          'Uses multiple strategies to help parents/caregivers: Understand their role in the social and ' +
          'emotional development of infants and young children; Understand what they can do to promote ' +
          'health, language, and cognitive development in infancy and early childhood; Find pleasure in ' +
          'caring for infants/young children',
        designations: ['A'],
        subItems: [
          'Understand their role in the social and emotional development of infants and young children',

          'Understand what they can do to promote health, language, and cognitive development in ' +
            'infancy and early childhood',
          'Find pleasure in caring for infants/young children',
        ],
      },
      {
        id: '4-direct-service-skills.9',
        text:
          'Promotes parental competence in: Facing challenges; Resolving crises and reducing the ' +
          'likelihood of future crises; Solving problems of basic needs and familial conflict',
        designations: ['A'],
        subItems: [
          'Facing challenges',
          'Resolving crises and reducing the likelihood of future crises',
          'Solving problems of basic needs and familial conflict',
        ],
      },
      {
        id: '4-direct-service-skills.10',
        text: 'Uses toys, books, media, etc as appropriate to support developmental guidance',
        designations: ['A'],
      },
      {
        id: '4-direct-service-skills.11',
        text:
          'Identifies/diagnoses disturbances or disorders of infancy and mental illness in family ' +
          'members, as appropriate, using available diagnostic tools (eg, Diagnostic and Statistical ' +
          'Manual of Mental Disorders [DSM-V], Diagnostic Classification of Mental Health and ' +
          'Developmental Disorders of Infancy and Early Childhood [DC: 0-5™]',
        designations: ['A'],
      },
      {
        id: '4-direct-service-skills.12',
        text:
          'Attends and responds to parental histories of loss as they affect the care of the infant/young ' +
          'child, the parent’s development, the emotional health of the infant/young child, and the ' +
          'developing relationship',
        designations: ['A'],
      },
      {
        id: '4-direct-service-skills.13',
        text:
          'Recognizes environmental and caregiving threats to the health and safety of the infant/young ' +
          'child and parents and takes appropriate action',
        designations: ['A'],
      },
      {
        id: '4-direct-service-skills.14',
        text:
          'Enables supervisees to use the supervisory/consultative relationship to reflect upon direct ' +
          'work with families, including: Observation of own feelings and thoughts regarding the ' +
          'selection and use of clinical interventions in various settings; Effects of treatment ' +
          'relationships and of specific interventions',
        designations: ['A'],
        subItems: [
          'Observation of own feelings and thoughts regarding the selection and use of clinical ' +
            'interventions in various settings, and',
          'Effects of treatment relationships and of specific interventions',
        ],
      },
      {
        id: '4-direct-service-skills.15',
        text:
          'Promotes infant and young childhood mental health service system delivery that includes ' +
          'screening, referral assessment, use of diagnostic tools, development of trusting ' +
          'relationships, service planning, relationship-based therapeutic parent-infant/young child ' +
          'interventions, and interagency collaboration',
        designations: ['A'],
      },
      {
        id: '4-direct-service-skills.16',
        text: 'Promotes reflective supervision',
        designations: ['A'],
      },
      {
        id: '4-direct-service-skills.17',
        text: 'Encourages use of data to improve practice',
        designations: ['A'],
      },
    ],
  },
  {
    id: '5-working-with-others',
    number: 5,
    name: 'Working With Others',
    areaLabel: 'skill',
    areas: [
      'building and maintaining relationships',
      'supporting others',
      'coaching and mentoring',
      'collaborating',
      'resolving conflict',
      'crisis management',
      'empathy and compassion',
      'consulting',
    ],
    competencies: [
      {
        id: '5-working-with-others.1',
        text:
          'Builds and maintains effective interpersonal relationships with a broad range of people ' +
          'including families, colleagues, agency and community representatives, and/or legislators, as ' +
          'the individual role requires by: Being proactive in establishing connections; Sharing ' +
          'information; Partnering on projects (eg, research, publication, program development, ' +
          'legislation, education initiatives); Identifying and reaching out to families of cultures not ' +
          'being served or being underserved',
        designations: ['A'],
        subItems: [
          'Being proactive in establishing connections',
          'Sharing information',

          'Partnering on projects (eg, research, publication, program development, legislation, ' +
            'education initiatives)',
          'Identifying and reaching out to families of cultures not being served or being underserved',
        ],
      },
      {
        id: '5-working-with-others.2',
        text: 'Deals with all people in a tactful and understanding manner',
        designations: ['A'],
      },
      {
        id: '5-working-with-others.3',
        text:
          'Promotes supervisory relationship in which the supervisee can explore ideas, reflect about ' +
          'cases, and grow',
        designations: ['A'],
      },
      {
        id: '5-working-with-others.4',
        text:
          'Actively participates and works cooperatively with interagency teams, planning committees, and ' +
          'ongoing work groups',
        designations: ['A'],
      },
      {
        id: '5-working-with-others.5',
        text:
          'As an expert resource, provides guidance and feedback to novice staff, graduate students, and ' +
          'other colleagues as requested',
        designations: ['A'],
      },
      {
        id: '5-working-with-others.6',
        text:
          'Provides expert advice, testimony, and/or recommendations to programs, agencies, legislative ' +
          'bodies, and service systems, taking into account needs, goals, context, and constraints to: ' +
          'Develop policy and procedure that support relationship-focused work; Advocate for policy, ' +
          'program, and/or system improvements; Obtain funding and other resources',
        designations: ['A'],
        subItems: [
          'Develop policy and procedure that support relationship-focused work',
          'Advocate for policy, program, and/or system improvements',
          'Obtain funding and other resources',
        ],
      },
      {
        id: '5-working-with-others.7',
        text:
          'Training/coaching of caregivers and/or other professionals (eg, child care teacher, foster ' +
          'parent, health, mental health, legal)',
        designations: ['C'],
      },
    ],
  },
  {
    id: '6-leading-people',
    number: 6,
    name: 'Leading People',
    areaLabel: 'skill',
    areas: ['motivating', 'advocacy', 'developing talent'],
    competencies: [
      {
        id: '6-leading-people.1',
        text:
          'Models personal commitment and empathy in promotion of all aspects of the practice of infant ' +
          'and early childhood mental health',
        designations: ['A'],
      },
      {
        id: '6-leading-people.2',
        text:
          'Uses influencing and persuading skills, backed by own and others’ expert knowledge, to promote ' +
          'effective infant and early childhood mental health principles, practices, and programs',
        designations: ['A'],
      },
      {
        id: '6-leading-people.3',
        text:
          'Coaches novice practitioners, students, colleagues, reporting employees, and clients in a ' +
          'range of skills to help them become: Highly effective infant and early childhood mental health ' +
          'practitioners/professionals; Positively contributing human beings; Culturally sensitive ' +
          'individuals',
        designations: ['A'],
        subItems: [
          'Highly effective infant and early childhood mental health practitioners/professionals',
          'Positively contributing human beings',
          'Culturally sensitive individuals',
        ],
      },
    ],
  },
  {
    id: '7-communicating',
    number: 7,
    name: 'Communicating',
    areaLabel: 'skill',
    areas: ['listening', 'speaking', 'writing', 'group process'],
    competencies: [
      {
        id: '7-communicating.1',
        text: 'Actively listens to others and clarifies others’ statements to ensure understanding',
        designations: ['A'],
      },
      {
        id: '7-communicating.2',
        text: 'Appropriately uses and interprets non-verbal behavior',
        designations: ['A'],
      },
      {
        id: '7-communicating.3',
        text: 'Communicates honestly, professionally, sensitively, and empathetically with any audience',
        designations: ['A'],
      },
      {
        id: '7-communicating.4',
        text:
          'Demonstrates clarity, focus, accuracy, and diplomacy when speaking at workshops, meetings, ' +
          'conferences, legislative sessions, and/or committee meetings',
        designations: ['A'],
      },
      {
        id: '7-communicating.5',
        text:
          'Writes clearly, concisely, and with the appropriate style (eg, business, conversational) in ' +
          'creating books, policy memoranda, contracts, articles, research, web content, grant ' +
          'applications, instructional and meeting materials, reports, and correspondence',
        designations: ['A'],
      },
      {
        id: '7-communicating.6',
        text: 'Effectively facilitates small groups (eg, interdisciplinary or interagency teams)',
        designations: ['A'],
      },
    ],
  },
  {
    id: '8-thinking',
    number: 8,
    name: 'Thinking',
    areaLabel: 'skill',
    areas: [
      'analyzing information',
      'solving problems',
      'exercising sound judgment',
      'maintaining perspective',
      'planning and organizing',
    ],
    intro:
      'Practices each of the following on his/her own, but also nurtures these skills in novice ' +
      'practitioners, students, and other colleagues',
    competencies: [
      {
        id: '8-thinking.1',
        text: 'Sees and can explain the “big picture” when analyzing situations',
        designations: ['A'],
      },
      {
        id: '8-thinking.2',
        text: 'Sees and can explain the interactions of various factors',
        designations: ['A'],
      },
      {
        id: '8-thinking.3',
        text: 'Assigns priorities to needs, goals, and actions',
        designations: ['A'],
      },
      {
        id: '8-thinking.4',
        text: 'Considers difficult situations carefully',
        designations: ['A'],
      },
      {
        id: '8-thinking.5',
        text: 'Evaluates alternatives prior to making decisions',
        designations: ['A'],
      },
      {
        id: '8-thinking.6',
        text: 'Integrates all available information and own expertise in making decisions',
        designations: ['A'],
      },
      {
        id: '8-thinking.7',
        text:
          'Generates new insights and workable solutions to issues related to effective ' +
          'relationship-focused, family-centered care',
        designations: ['A'],
      },
      {
        id: '8-thinking.8',
        text:
          'Defines, creates a sequence for, and prioritizes tasks necessary to perform role and achieve ' +
          'goals (especially goals related to complex, organizational initiatives)',
        designations: ['A'],
      },
      {
        id: '8-thinking.9',
        text: 'Employs effective systems for tracking progress and ensuring follow-up',
        designations: ['A'],
      },
    ],
  },
  {
    id: '9-reflection',
    number: 9,
    name: 'Reflection',
    areaLabel: 'skill',
    areas: [
      'contemplation',
      'self awareness',
      'curiosity',
      'professional/personal development',
      'emotional response',
      'parallel process',
    ],
    intro:
      'Practices each of the following his/her own, but also nurtures these skills in novice ' +
      'practitioners, students, and other colleagues',
    competencies: [
      {
        id: '9-reflection.1',
        text:
          'Regularly examines own thoughts, feelings, strengths, and growth areas and discusses issues ' +
          'and/or concerns with supervisor or mentor',
        designations: ['A'],
      },
      {
        id: '9-reflection.2',
        text: 'Seeks a high degree of congruence between self-perception and the way others perceive him/her',
        designations: ['A'],
      },
      {
        id: '9-reflection.3',
        text:
          'Consults regularly with others to understand own capacities and needs as well as the ' +
          'capacities and needs of families',
        designations: ['A'],
      },
      {
        id: '9-reflection.4',
        text:
          'Encourages others (eg, peers, supervisees, etc) to examine their own thoughts, feelings, and ' +
          'experiences in determining a course of action',
        designations: ['A'],
      },
      {
        id: '9-reflection.5',
        text: 'Remains open and curious',
        designations: ['A'],
      },
      {
        id: '9-reflection.6',
        text:
          'Uses results of reflection to identify areas for personal development; identifies and ' +
          'participates in value-added learning activities',
        designations: ['A'],
      },
      {
        id: '9-reflection.7',
        text:
          'Keeps up-to-date on current and future trends in infant/young child development and infant ' +
          'mental health practice',
        designations: ['A'],
      },
      {
        id: '9-reflection.8',
        text: 'Regularly examines effectiveness of policies and procedures',
        designations: ['A'],
      },
      {
        id: '9-reflection.9',
        text:
          'Utilizes statistics and other data to assess service effectiveness and appropriate use of ' +
          'resources',
        designations: ['A'],
      },
      {
        id: '9-reflection.10',
        text:
          'Modifies policies and procedure to enhance service effectiveness and appropriate use of ' +
          'resources',
        designations: ['A'],
      },
      {
        id: '9-reflection.11',
        text: 'Utilizes training and research resources to enhance service effectiveness',
        designations: ['A'],
      },
      {
        id: '9-reflection.12',
        text: 'Recognizes and responds appropriately to parallel process',
        designations: ['A'],
      },
    ],
  },
  {
    id: '9-administration',
    number: 9,
    name: 'Administration',
    areaLabel: 'skill',
    areas: ['program management', 'program development', 'program evaluation', 'program funding'],
    competencies: [
      {
        id: '9-administration.1',
        text:
          'Promotes relationship-focused service and infant/young child- and family-centered practice by ' +
          'identifying options and opportunities',
        designations: ['P'],
      },
      {
        id: '9-administration.2',
        text:
          'Identifies opportunities and needs for program improvements, expanded services, and new ' +
          'services',
        designations: ['P'],
      },
      {
        id: '9-administration.3',
        text:
          'Partners with agencies, programs, legislative bodies, and/or service systems to develop new ' +
          'services and/or achieve improvements',
        designations: ['P'],
      },
      {
        id: '9-administration.4',
        text: 'May take the lead in facilitating new programs or improvements to existing programs',
        designations: ['P'],
      },
      {
        id: '9-administration.5',
        text:
          'Establishes and monitors process and outcomes measures for continuous quality improvement; ' +
          'feeds information back to agencies',
        designations: ['P'],
      },
      {
        id: '9-administration.6',
        text:
          'Assists agencies, programs, legislative bodies, and service systems in obtaining funding, ' +
          'including grant development and preparation',
        designations: ['P'],
      },
      {
        id: '9-administration.7',
        text:
          'Advocates for funds/programming for effective service delivery to families outside of the ' +
          'dominant culture',
        designations: ['P'],
      },
      {
        id: '9-administration.8',
        text: 'Promotes research and evaluation for program improvements',
        designations: ['P'],
      },
      {
        id: '9-administration.9',
        text:
          'Applies research findings to culturally sensitive, relationship-focused policies promoting ' +
          'infant and early childhood mental health',
        designations: ['P'],
      },
      {
        id: '9-administration.10',
        text:
          'Shares his/her generated knowledge with others via publication in infant/young child- family ' +
          'related books, journals, and/or conference presentations',
        designations: ['P'],
      },
    ],
  },
  {
    id: '10-research-and-evaluation',
    number: 10,
    name: 'Research and Evaluation',
    areaLabel: 'skill',
    areas: [
      'study of infant and early childhood relationships and attachment',
      'study of infant and early childhood development and behavior',
      'study of families',
    ],
    competencies: [
      {
        id: '10-research-and-evaluation.1',
        text: 'Generates research questions that promote infant and early childhood mental health',
        designations: ['R-F'],
      },
      {
        id: '10-research-and-evaluation.2',
        text:
          'Generates new knowledge and understanding of infants, young children, parents, caregivers, and ' +
          'relationship-focused practice based on sound research',
        designations: ['R-F'],
      },
      {
        id: '10-research-and-evaluation.3',
        text:
          'Assists programs and agencies in measuring outcomes related to the optimal well-being of ' +
          'infants, young children, families, and their caregiving communities',
        designations: ['R-F'],
      },
      {
        id: '10-research-and-evaluation.4',
        text:
          'Generates research that reflects cultural competence in the infant and early childhood-family ' +
          'field',
        designations: ['R-F'],
      },
      {
        id: '10-research-and-evaluation.5',
        text:
          'Applies research findings to culturally sensitive, relationship-focused policies promoting ' +
          'infant and early childhood mental health',
        designations: ['R-F'],
      },
      {
        id: '10-research-and-evaluation.6',
        text:
          'Shares his/her generated knowledge with others via publication in infant and early ' +
          'childhood-family related books, journals, and/or conference presentations',
        designations: ['R-F'],
      },
    ],
  },
];
