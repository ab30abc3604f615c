// The JSON API's requests and responses for the written exam: the item bank
// and forms, sittings and registrations, the applicant's exam, blind reading,
// results and item statistics. The same schemas validate requests, check
// responses and write the OpenAPI document. What an applicant receives has no
// key in its schema, so none can reach them (a response is cut to its schema).
import { z } from 'zod';
import { applicationStates } from '../../domain/application-lifecycle.ts';
import { essayCategories, examNames } from '../../domain/exam.ts';
import { formInput } from '../../services/exam-forms.ts';
import { itemInput } from '../../services/exam-bank.ts';
import { sittingChangeInput, sittingInput } from '../../services/exam-sittings.ts';
import { accommodationInput } from '../../services/exam-accommodations.ts';
import { slug } from './common.ts';

const id = z.string().min(1).max(100);
const exam = z.enum(examNames);
const category = z.enum(essayCategories);
/** An item's or vignette's number on the exam, from 1. */
const number = z.coerce.number().int().min(1).max(10_000);

export const itemParams = z.object({ slug, itemId: id });
export const formParams = z.object({ slug, formId: id });
export const sittingParams = z.object({ slug, sittingId: id });
export const blindParams = z.object({ slug, blindCode: id });
export const examParams = z.object({ id });
export const examNumberParams = z.object({ id, n: number });

// ---------------------------------------------------------------------------
// The item bank and forms (exam administrators: keys included).

const rubric = z.array(z.object({ criterion: z.string(), points: z.number() }));

export const bankItem = z
  .object({
    id: z.string(),
    code: z.string(),
    version: z.number(),
    kind: z.enum(['multiple-choice', 'vignette']),
    exam,
    status: z.enum(['draft', 'active', 'retired']),
    text: z.string(),
    options: z.array(z.string()).describe('Multiple choice: the options, in order'),
    answerKey: z.number().nullable().describe('Multiple choice: the index of the right option, from 0'),
    domains: z.array(z.string()).describe('The competency domains it tests'),
    category: category.nullable().describe('Vignette: its essay category'),
    rubric: rubric.describe('Vignette: its scoring rubric, by criterion'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'ExamItem' });

export const bankQuery = z.object({
  q: z.string().max(200).optional().describe('Words of the stem or vignette'),
  kind: z.enum(['multiple-choice', 'vignette']).optional(),
  exam: exam.optional(),
  status: z.enum(['draft', 'active', 'retired']).optional(),
  domain: z.string().max(100).optional().describe('A competency domain id'),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});

export const bankPage = z
  .object({ items: z.array(bankItem), total: z.number(), page: z.number(), pages: z.number() })
  .meta({ id: 'ExamItemPage' });

export const itemRequest = itemInput;

const formRef = z.object({ id: z.string(), name: z.string(), status: z.enum(['draft', 'ready', 'retired']) });

export const itemDetail = z
  .object({
    item: bankItem,
    versions: z.array(bankItem).describe('Every version of its code'),
    forms: z.array(formRef).describe('The forms it is on'),
    inUse: z.boolean().describe('On a form made ready: a change makes a new version'),
  })
  .meta({ id: 'ExamItemDetail' });

export const revision = z
  .object({
    item: bankItem,
    outcome: z
      .enum(['in-place', 'version', 'unchanged'])
      .describe('in-place: a draft changed; version: a new version made; unchanged: nothing to change'),
  })
  .meta({ id: 'ExamItemRevision' });

export const statusRequest = z.object({
  status: z.enum(['draft', 'active', 'retired'], { error: 'status must be draft, active or retired' }),
});

export const importRequest = z.object({
  format: z.enum(['csv', 'qti'], { error: 'format must be csv or qti' }),
  file: z.string().min(1, 'send the file’s text').max(20_000_000),
  exam: exam.optional().describe('QTI: the exam of items that do not say'),
  domains: z
    .string()
    .max(1000)
    .optional()
    .describe('QTI: the domains of items that do not say (ids, ; between)'),
});
export const importSummary = z
  .object({
    created: z.number(),
    versioned: z.number(),
    changedInPlace: z.number(),
    statusChanged: z.number(),
    unchanged: z.number(),
  })
  .meta({ id: 'ExamImportSummary' });
export const importRefused = z
  .object({
    error: z.string(),
    message: z.string(),
    field: z.string().optional(),
    problems: z
      .array(z.object({ line: z.number().optional(), field: z.string().optional(), message: z.string() }))
      .describe('Every problem of the file; nothing was imported'),
  })
  .meta({ id: 'ExamImportRefused' });

const passRule = z.object({
  mcPercent: z.number(),
  essayPoints: z.number(),
  combine: z.string(),
});
export const examForm = z
  .object({
    id: z.string(),
    name: z.string(),
    exam,
    category,
    status: z.enum(['draft', 'ready', 'retired']),
    vignettesAnswered: z.number(),
    passRule,
    timeLimitMinutes: z.number(),
    createdAt: z.string(),
  })
  .meta({ id: 'ExamForm' });
export const formListed = examForm.extend({ items: z.number().describe('Items and vignettes it holds') });
export const formDetail = z
  .object({
    form: examForm,
    items: z.array(bankItem).describe('Its items and vignettes in order, keys included'),
    problem: z.string().nullable().describe('A draft: why it cannot be made ready yet'),
  })
  .meta({ id: 'ExamFormDetail' });
export const formRequest = formInput;

// ---------------------------------------------------------------------------
// Sittings and registrations (the association's coordination).

export const sitting = z
  .object({
    id: z.string(),
    exam,
    startsAt: z.string(),
    mode: z.enum(['online', 'in-person']),
    place: z.string(),
    capacity: z.number(),
    status: z.enum(['scheduled', 'cancelled']),
    formIds: z.array(z.string()),
  })
  .meta({ id: 'ExamSitting' });
export const sittingRequest = sittingInput;
export const sittingChangeRequest = sittingChangeInput;
export const sittingsList = z
  .object({
    upcoming: z.array(sitting.extend({ registered: z.number().optional() })),
    past: z.array(sitting.extend({ registered: z.number().optional() })),
    readyForms: z.array(z.object({ id: z.string(), name: z.string(), exam, category })),
  })
  .meta({ id: 'ExamSittings' });

const accommodation = z
  .object({
    extraTime: z.number(),
    breakMinutes: z.number(),
    largeText: z.boolean(),
    paper: z.boolean(),
    note: z.string().nullable(),
  })
  .meta({ id: 'ExamAccommodation' });
export const accommodationRequest = accommodationInput;

const registrationStatus = z.enum(['registered', 'sat', 'rescheduled', 'no-show', 'cancelled']);
export const registration = z
  .object({
    id: z.string(),
    sittingId: z.string(),
    applicationId: z.string(),
    formId: z.string(),
    attempt: z.number(),
    status: registrationStatus,
    registeredAt: z.string(),
    endedAt: z.string().nullable(),
    endReason: z.string().nullable(),
  })
  .meta({ id: 'ExamRegistration' });

export const sittingRoster = z
  .object({
    sitting,
    started: z.boolean(),
    seatsTaken: z.number(),
    forms: z.array(z.object({ name: z.string(), category })),
    roster: z.array(
      registration.extend({
        applicantName: z.string(),
        applicantEmail: z.string(),
        credential: z.string(),
        accommodation: accommodation.nullable(),
        started: z.boolean(),
      }),
    ),
    toRegister: z
      .array(
        z.object({ id: z.string(), credential: z.string(), status: z.string(), applicantName: z.string() }),
      )
      .describe('The applications that may be registered here'),
  })
  .meta({ id: 'ExamSittingRoster' });

export const registerRequest = z.object({ application: id.describe('The application to register') });
export const sittingChoice = z.object({ sitting: id.describe('The sitting chosen') });
export const noShowRequest = z.object({
  registration: id.describe('The registration whose applicant did not come'),
});
export const registered = z
  .object({
    registrationId: z.string(),
    moved: z.boolean().describe('An earlier registration was moved here'),
  })
  .meta({ id: 'ExamRegistered' });

const aheadSitting = sitting.extend({ seatsLeft: z.number() });
const registrationWithSitting = registration.extend({ sitting });

export const examResultBody = z
  .object({
    status: z.enum(['not-sat', 'in-progress', 'being-scored', 'scored']),
    submittedAt: z.string().optional(),
    result: z.enum(['passed', 'failed']).optional(),
    scoredAt: z.string().optional(),
    mcCorrect: z.number().optional(),
    mcCounted: z.number().optional(),
    mcPercent: z.number().optional(),
    essayPoints: z.number().optional(),
    byDomain: z
      .array(z.object({ domain: z.string(), name: z.string(), correct: z.number(), of: z.number() }))
      .optional()
      .describe('Performance by competency domain (never the items)'),
    retake: z
      .object({
        opensOn: z.string(),
        waitDays: z.number(),
        attemptsUsed: z.number(),
        attemptsAllowed: z.number(),
        fee: z.string().optional(),
      })
      .optional(),
  })
  .meta({ id: 'ExamResult' });

export const applicationExamBody = z
  .object({
    applicationId: z.string(),
    applicantName: z.string(),
    state: z.enum(applicationStates),
    exam: z.object({ exam, category }).nullable().describe('The exam the credential asks for'),
    registrations: z.array(registrationWithSitting).describe('The latest first'),
    accommodation: accommodation.nullable(),
    sittings: z.array(aheadSitting).describe('The sittings ahead it may be registered for'),
    retakeNote: z.string().nullable().describe('Why a retake may not be registered yet'),
    result: examResultBody,
    may: z.object({
      register: z.boolean(),
      reschedule: z.boolean(),
      markNoShow: z.boolean(),
      grant: z.boolean(),
    }),
  })
  .meta({ id: 'ApplicationExam' });

export const accommodationGranted = z
  .object({ accommodation, warning: z.string().nullable() })
  .meta({ id: 'ExamAccommodationGranted' });
export const noShowRecorded = z.object({
  registration: z.object({ id: z.string(), status: z.literal('no-show') }),
});
export const sittingCancelled = z.object({ cancelled: z.number().describe('Registrations cancelled') });

// ---------------------------------------------------------------------------
// The applicant's own exam (no key is in any of these).

const clock = {
  endsAt: z.string(),
  secondsLeft: z.number().describe('Held by the server: when 0, the exam is submitted as it stands'),
};

export const myExam = z
  .object({
    applicationId: z.string(),
    credential: z.string(),
    state: z.enum(applicationStates),
    phase: z
      .enum(['none', 'paper', 'before', 'open', 'missed', 'during', 'after'])
      .describe('Where the exam stands: open means it may be started now'),
    sitting: z
      .object({
        startsAt: z.string(),
        mode: z.enum(['online', 'in-person']),
        place: z.string(),
        when: z.string(),
      })
      .nullable(),
    form: z
      .object({
        mcItems: z.number(),
        vignettesOffered: z.number(),
        vignettesAnswered: z.number(),
        timeLimitMinutes: z.number(),
      })
      .nullable(),
    minutes: z.number().nullable().describe('The minutes the attempt runs (with any accommodation)'),
    opensAt: z.string().nullable(),
    closesAt: z.string().nullable(),
    attempt: z
      .object({
        startedAt: z.string(),
        endsAt: z.string(),
        submittedAt: z.string().nullable(),
        status: z.enum(['in-progress', 'submitted', 'scored']),
        result: z.string().nullable(),
        secondsLeft: z.number(),
      })
      .nullable(),
    items: z.array(z.object({ n: z.number(), answered: z.boolean() })),
    vignettes: z.array(z.object({ n: z.number(), chosen: z.boolean(), written: z.boolean() })),
    largeText: z.boolean(),
  })
  .meta({ id: 'MyExam' });

export const mySittings = z
  .object({
    applicationId: z.string(),
    exam: z.object({ exam, category }),
    registrations: z.array(registrationWithSitting),
    accommodation: accommodation.nullable(),
    sittings: z.array(aheadSitting).describe('The sittings I may choose'),
    retakeNote: z.string().nullable(),
  })
  .meta({ id: 'MyExamSittings' });

export const examItem = z
  .object({
    n: z.number(),
    total: z.number(),
    text: z.string(),
    options: z.array(z.object({ index: z.number(), letter: z.string(), text: z.string() })),
    choice: z.number().nullable().describe('My answer so far: the index of the option chosen'),
    ...clock,
  })
  .meta({ id: 'MyExamItem' });
export const answerRequest = z.object({
  choice: z
    .number({ error: 'choice must be the index of an option, or null to clear it' })
    .int()
    .min(0)
    .max(25)
    .nullable(),
});
export const saved = z.object({ saved: z.literal(true), ...clock }).meta({ id: 'MyExamSaved' });

export const myVignettes = z
  .object({
    answered: z.number().describe('How many of those offered I answer'),
    vignettes: z.array(
      z.object({ n: z.number(), text: z.string(), chosen: z.boolean(), written: z.boolean() }),
    ),
    ...clock,
  })
  .meta({ id: 'MyExamVignettes' });
export const vignettesRequest = z.object({
  vignettes: z.array(z.number().int().min(1).max(100)).describe('The numbers of the vignettes I answer'),
});
export const myEssay = z
  .object({ n: z.number(), vignette: z.string(), text: z.string(), chosen: z.array(z.number()), ...clock })
  .meta({ id: 'MyExamEssay' });
export const essayRequest = z.object({ text: z.string().max(100_000) });
export const submitted = z
  .object({
    submitted: z.literal(true),
    scoring: z
      .enum(['awaiting-reads', 'scored'])
      .describe('Multiple choice is scored at once; the essays wait for their readers'),
  })
  .meta({ id: 'MyExamSubmitted' });

// ---------------------------------------------------------------------------
// Blind reading and item statistics (exam administrators).

const settlement = z
  .looseObject({ status: z.enum(['awaiting-reads', 'settled']) })
  .describe('Where the response stands: settled, or waiting for reads');
export const readingQueueBody = z
  .object({
    queue: z.array(
      z.object({
        blindCode: z.string(),
        vignette: z.object({ code: z.string(), version: z.number() }),
        submittedAt: z.string(),
        submittedHow: z.string(),
        slot: z.number(),
      }),
    ),
    read: z.array(z.object({ blindCode: z.string(), slot: z.number(), total: z.number(), settlement })),
    threshold: z.number().describe('Reads further apart than this go to a third reader'),
  })
  .meta({ id: 'ReadingQueue' });

const read = z.object({
  slot: z.number(),
  scores: z.array(z.number()),
  total: z.number(),
  comment: z.string().nullable(),
});
export const responseBody = z
  .object({
    response: z.object({ blindCode: z.string(), text: z.string(), submittedHow: z.string() }),
    vignette: z.object({ code: z.string(), version: z.number(), text: z.string(), rubric }),
    slot: z.number().nullable().describe('The slot I would fill; null when I may not read it'),
    mine: read.nullable(),
    reads: z.array(read).describe('Every read, once both first reads are in and one is mine'),
    settlement: settlement.nullable(),
  })
  .meta({ id: 'EssayResponse' });
export const scoreRequest = z.object({
  scores: z
    .array(z.number().int().min(0))
    .describe('Points per criterion, in the rubric’s order, each from 0 to its maximum'),
  comment: z.string().max(4000).default(''),
});
export const scored = z
  .object({
    slot: z.number(),
    total: z.number(),
    state: z.looseObject({ status: z.enum(['in-progress', 'awaiting-reads', 'scored']) }),
  })
  .meta({ id: 'EssayScored' });

export const statisticsBody = z
  .object({
    sitting,
    forms: z.array(
      z.object({
        form: examForm,
        attempts: z.number(),
        items: z.array(
          z
            .object({
              itemId: z.string(),
              code: z.string(),
              version: z.number(),
              text: z.string(),
              options: z.array(z.string()),
              key: z.number(),
              domains: z.array(z.string()),
              discounted: z.object({ reason: z.string(), at: z.string() }).nullable(),
              takers: z.number(),
              difficulty: z.number().describe('The share who answered it right (0–1)'),
              discrimination: z.number().nullable().describe('Point-biserial correlation'),
              chosen: z.array(z.number()).describe('How many chose each option'),
              unchosen: z.array(z.number()).describe('The options no one chose'),
              flags: z.array(z.string()),
            })
            .describe('Difficulty, point-biserial, options unchosen, flags'),
        ),
      }),
    ),
  })
  .meta({ id: 'ItemStatistics' });
export const discountRequest = z.object({
  item: id.describe('The item version to discount'),
  reason: z.string().max(2000),
});
export const discounted = z
  .object({ code: z.string(), rescored: z.number(), nowPassing: z.number() })
  .meta({ id: 'ItemDiscounted' });
