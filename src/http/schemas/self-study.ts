// Self-study: the questions and the portfolio import. The association choices
// come from the database, so the schemas are made per request.
import { z } from 'zod';
import { credentialIds, degreeLevels } from '../../engine/portfolio.ts';
import { leadershipKinds, type SelfStudyAnswers } from '../../services/self-study.ts';
import { checkboxes } from '../forms.ts';

/** A number typed in a text field: empty is 0; "1.5" and "1,5" are one and a half. */
const amount = (label: string, options: { max: number; whole?: boolean; unit: string }) =>
  z
    .string({ error: `Enter ${label} as a number` })
    .optional()
    .transform((s) => (s ?? '').trim().replace(',', '.'))
    .pipe(
      z
        .string()
        .regex(
          options.whole ? /^\d*$/ : /^(\d+(\.\d*)?|\.\d+)?$/,
          `Enter ${label} as a ${options.whole ? 'whole number' : 'number'}, such as ${options.whole ? '12' : '2 or 1.5'}`,
        ),
    )
    .transform((s) => (s === '' ? 0 : Number(s)))
    .pipe(z.number().max(options.max, `${cap(label)} must be at most ${options.max} ${options.unit}`));

const cap = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .string({ error: message })
    .optional()
    .transform((v) => v ?? '')
    .pipe(z.enum(values, { error: message }));

const associationsField = (slugs: readonly string[]) =>
  checkboxes((slugs.length ? slugs : ['none']) as [string, ...string[]], 'an association').refine(
    (v) => v.length > 0,
    'Choose at least one association',
  );

/** The questions, turned into the self-study's answers. */
export function selfStudyForm(slugs: readonly string[], thisYear: number) {
  return z
    .object({
      association: associationsField(slugs),
      degree: choice(['none', ...degreeLevels] as const, 'Choose your highest degree (or "none yet")'),
      degreeYear: z
        .string()
        .optional()
        .transform((s) => (s ?? '').trim()),
      familyYears: amount('years of work in the infant and family field', { max: 60, unit: 'years' }),
      imhYears: amount('years of infant mental health work', { max: 60, unit: 'years' }),
      trainingHours: amount('your training hours', { max: 10000, unit: 'hours' }),
      imhTrainingHours: amount('the training hours about infant mental health', {
        max: 10000,
        unit: 'hours',
      }),
      rscTrainingHours: amount('the training hours about RSC', { max: 10000, unit: 'hours' }),
      deiTrainingHours: amount('the training hours about diversity, equity and inclusion', {
        max: 10000,
        unit: 'hours',
      }),
      rscHours: amount('your RSC hours', { max: 10000, unit: 'hours' }),
      rscMonths: amount('the months of RSC', { max: 240, whole: true, unit: 'months' }),
      rscProvider: choice(
        ['none', 'vetted', ...credentialIds] as const,
        'Choose your RSC provider\'s endorsement (or "not endorsed")',
      ),
      providesRsc: choice(['no', 'yes'] as const, 'Say whether you provide RSC to others'),
      providingRscYears: amount('the years you have provided RSC', { max: 60, unit: 'years' }),
      rscAboutProvidingHours: amount('the RSC hours about the RSC you provide', {
        max: 10000,
        unit: 'hours',
      }),
      leadershipYears: amount('your years of leadership', { max: 60, unit: 'years' }),
      leadershipKinds: checkboxes(leadershipKinds, 'a kind of leadership'),
      membership: choice(
        ['none', 'chosen', 'other'] as const,
        'Say whether you are a member of an association',
      ),
    })
    .superRefine((a, ctx) => {
      const problem = (field: string, message: string) =>
        ctx.addIssue({ code: 'custom', path: [field], message });
      if (a.degree !== 'none') {
        const year = Number(a.degreeYear);
        if (!a.degreeYear) problem('degreeYear', 'Enter the year your degree was conferred, such as 2015');
        else if (!/^\d{4}$/.test(a.degreeYear) || year < 1940 || year > thisYear)
          problem('degreeYear', `Enter the year your degree was conferred, from 1940 to ${thisYear}`);
      }
      const topics = a.imhTrainingHours + a.rscTrainingHours + a.deiTrainingHours;
      if (topics > a.trainingHours)
        problem(
          'imhTrainingHours',
          `The hours about IMH, RSC and DEI (${topics} together) are more than your ${a.trainingHours} training hours: count each hour once, in your total too`,
        );
      if (a.rscHours > 0 && a.rscMonths === 0)
        problem('rscMonths', 'Enter over how many months you received your RSC hours, such as 18');
      if (a.providesRsc === 'yes' && a.rscAboutProvidingHours > a.rscHours)
        problem(
          'rscAboutProvidingHours',
          `The RSC hours about the RSC you provide (${a.rscAboutProvidingHours}) are more than your ${a.rscHours} RSC hours`,
        );
      if (a.leadershipYears > 0 && a.leadershipKinds.length === 0)
        problem('leadershipKinds', 'Choose what kind of leadership your years were in');
    })
    .transform((a): { associations: string[]; answers: SelfStudyAnswers } => ({
      associations: a.association,
      answers: {
        degree: a.degree,
        degreeYear: a.degree === 'none' ? undefined : Number(a.degreeYear),
        familyYears: a.familyYears,
        imhYears: a.imhYears,
        trainingHours: a.trainingHours,
        imhTrainingHours: a.imhTrainingHours,
        rscTrainingHours: a.rscTrainingHours,
        deiTrainingHours: a.deiTrainingHours,
        rscHours: a.rscHours,
        rscMonths: a.rscMonths,
        rscProvider: a.rscProvider,
        providesRsc: a.providesRsc === 'yes',
        providingRscYears: a.providesRsc === 'yes' ? a.providingRscYears : 0,
        rscAboutProvidingHours: a.providesRsc === 'yes' ? a.rscAboutProvidingHours : 0,
        leadershipYears: a.leadershipYears,
        leadershipKinds: a.leadershipKinds,
        membership: a.membership,
      },
    }));
}

/** The largest portfolio file or pasted text accepted, in bytes. */
export const IMPORT_LIMIT = 1024 * 1024;

/**
 * The import form: the associations, and a portfolio JSON as a file (`file`,
 * from the multipart body) or pasted (`json`). The fields carry the `import-`
 * prefix of their ids so that the error summary can link to them.
 */
export function selfStudyImportForm(slugs: readonly string[]) {
  return z.object({
    'import-association': associationsField(slugs),
    json: z
      .string()
      .optional()
      .transform((s) => s ?? ''),
    file: z
      .string()
      .optional()
      .transform((s) => s ?? ''),
  });
}
