// Self-study: answers → interchange portfolio (a pure function), and what fits,
// with the numbers of the seed rules.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { credentialIds, degreeLevels, parsePortfolio } from '../../src/engine/portfolio.ts';
import {
  type AssociationFit,
  leadershipKinds,
  OTHER_ASSOCIATION,
  type SelfStudyAnswers,
  selfStudyPortfolio,
  selfStudyResults,
} from '../../src/services/self-study.ts';

const ON = '2026-11-22';

const none: SelfStudyAnswers = {
  degree: 'none',
  familyYears: 0,
  imhYears: 0,
  trainingHours: 0,
  imhTrainingHours: 0,
  rscTrainingHours: 0,
  deiTrainingHours: 0,
  rscHours: 0,
  rscMonths: 0,
  rscProvider: 'none',
  providesRsc: false,
  providingRscYears: 0,
  rscAboutProvidingHours: 0,
  leadershipYears: 0,
  leadershipKinds: [],
  membership: 'none',
};
const answers = (over: Partial<SelfStudyAnswers>): SelfStudyAnswers => ({ ...none, ...over });

/** A Level I applicant: an associate's degree, 2 years in the field, 30 hours of training, a member. */
const associate = answers({
  degree: 'associate',
  degreeYear: 2015,
  familyYears: 2,
  trainingHours: 30,
  membership: 'chosen',
});
/** A Level III applicant: a master's, 2 years of IMH work, 30 hours, 50 RSC hours over 18 months. */
const specialist = answers({
  degree: 'master',
  degreeYear: 2018,
  familyYears: 3,
  imhYears: 2,
  trainingHours: 30,
  imhTrainingHours: 12,
  rscHours: 50,
  rscMonths: 18,
  rscProvider: 'IMHM-C',
  membership: 'chosen',
});

const fitsOf = (a: SelfStudyAnswers, association: string, on = ON): AssociationFit =>
  selfStudyResults(selfStudyPortfolio(a, { on, associations: [association] }), [association], on)[0]!;
const credential = (fit: AssociationFit, id: string) => {
  const c = fit.credentials.find((x) => x.credential === id);
  assert.ok(c, `${fit.association} has ${id}`);
  return c;
};
const unmetMissing = (fit: AssociationFit, id: string) =>
  credential(fit, id)
    .now.filter((r) => r.status === 'unmet')
    .flatMap((r) => r.missing)
    .join(' | ');

describe('selfStudyPortfolio: answers → interchange portfolio', () => {
  test('an empty set of answers is a valid portfolio with nothing in it', () => {
    const p = selfStudyPortfolio(none, { on: ON, associations: ['mi-aimh'] });
    assert.equal(p.format, 'endorse-portfolio/1');
    assert.equal(p.person.name, 'Self-study');
    assert.ok(parsePortfolio(p).ok);
    for (const key of ['degrees', 'work', 'training', 'rsc', 'leadership', 'memberships'] as const)
      assert.deepEqual(p[key], [], key);
  });

  test('the degree is conferred at the start of its year, with an official transcript', () => {
    const p = selfStudyPortfolio(answers({ degree: 'master', degreeYear: 2018 }), {
      on: ON,
      associations: [],
      name: 'Rosa Example',
    });
    assert.deepEqual(p.degrees, [{ level: 'master', conferred: '2018-01-01', transcript: 'official' }]);
    assert.equal(p.person.name, 'Rosa Example');
  });

  test('work is the most recent years up to the date, paid, supervised, full-time; IMH work is its own entry', () => {
    const p = selfStudyPortfolio(answers({ familyYears: 2, imhYears: 1 }), { on: ON, associations: [] });
    const [family, imh] = p.work!;
    // 2 years = 730.5 days, rounded up to 731 days counted, both ends included.
    assert.deepEqual(
      {
        from: family!.from,
        to: family!.to,
        kinds: family!.kinds,
        paid: family!.paid,
        supervised: family!.supervised,
      },
      { from: '2024-11-22', to: ON, kinds: ['infant-family'], paid: true, supervised: true },
    );
    assert.deepEqual({ from: imh!.from, kinds: imh!.kinds }, { from: '2025-11-22', kinds: ['imh-dyadic'] });
  });

  test('training: one entry per topic and the rest without a topic, all dated on the day', () => {
    const p = selfStudyPortfolio(
      answers({ trainingHours: 50, imhTrainingHours: 30, rscTrainingHours: 15, deiTrainingHours: 3 }),
      { on: ON, associations: [] },
    );
    assert.deepEqual(
      p.training!.map((t) => [t.hours, t.topics, t.date]),
      [
        [30, ['imh'], ON],
        [15, ['rsc'], ON],
        [3, ['dei'], ON],
        [2, [], ON],
      ],
    );
  });

  test('RSC within 24 months is one entry ending on the day; over more months it is spread month by month', () => {
    const short = selfStudyPortfolio(answers({ rscHours: 50, rscMonths: 12, rscProvider: 'IMHS' }), {
      on: ON,
      associations: [],
    });
    assert.deepEqual(short.rsc, [
      {
        from: '2025-11-23',
        to: ON,
        hours: 50,
        format: 'individual',
        provider: { endorsements: ['IMHS'], vetted: false },
        providingRscHours: 0,
      },
    ]);
    const long = selfStudyPortfolio(answers({ rscHours: 60, rscMonths: 30, rscProvider: 'vetted' }), {
      on: ON,
      associations: [],
    });
    assert.equal(long.rsc!.length, 30);
    assert.equal(long.rsc![0]!.from, '2024-05-23');
    assert.equal(long.rsc![29]!.to, ON);
    assert.ok(Math.abs(long.rsc!.reduce((s, r) => s + r.hours, 0) - 60) < 1e-9);
    assert.deepEqual(long.rsc![0]!.provider, { endorsements: [], vetted: true });
    // Months follow each other without gaps or overlaps.
    for (let i = 1; i < 30; i++) {
      const prev = new Date(`${long.rsc![i - 1]!.to}T00:00:00Z`);
      prev.setUTCDate(prev.getUTCDate() + 1);
      assert.equal(long.rsc![i]!.from, prev.toISOString().slice(0, 10));
    }
  });

  test('RSC provided: its years as rsc-provision work, and the hours about it only when the person provides RSC', () => {
    const p = selfStudyPortfolio(
      answers({
        rscHours: 50,
        rscMonths: 18,
        providesRsc: true,
        providingRscYears: 3,
        rscAboutProvidingHours: 25,
      }),
      { on: ON, associations: [] },
    );
    assert.deepEqual(
      p.work!.map((w) => w.kinds),
      [['rsc-provision']],
    );
    assert.equal(p.rsc![0]!.providingRscHours, 25);
    const not = selfStudyPortfolio(answers({ rscHours: 50, rscMonths: 18, rscAboutProvidingHours: 25 }), {
      on: ON,
      associations: [],
    });
    assert.equal(not.rsc![0]!.providingRscHours, 0);
  });

  test('leadership: a leadership entry, and work of the chosen kinds over the same years', () => {
    const p = selfStudyPortfolio(answers({ leadershipYears: 3, leadershipKinds: ['practice-leader'] }), {
      on: ON,
      associations: [],
    });
    assert.equal(p.leadership!.length, 1);
    assert.deepEqual(
      p.work!.map((w) => w.kinds),
      [['practice-leader']],
    );
    assert.equal(p.work![0]!.from, p.leadership![0]!.from);
  });

  test('membership: of each chosen association, of another association, or none', () => {
    const chosen = selfStudyPortfolio(answers({ membership: 'chosen' }), {
      on: ON,
      associations: ['mi-aimh', 'ct-aimh'],
    });
    assert.deepEqual(
      chosen.memberships!.map((m) => m.association),
      ['mi-aimh', 'ct-aimh'],
    );
    const other = selfStudyPortfolio(answers({ membership: 'other' }), { on: ON, associations: ['mi-aimh'] });
    assert.deepEqual(
      other.memberships!.map((m) => m.association),
      [OTHER_ASSOCIATION],
    );
  });

  test('any answers make a schema-valid portfolio that every catalog evaluates without throwing', () => {
    const years = fc.double({ min: 0, max: 40, noNaN: true });
    const hours = fc.integer({ min: 0, max: 200 });
    fc.assert(
      fc.property(
        fc.record({
          degree: fc.constantFrom('none' as const, ...degreeLevels),
          degreeYear: fc.integer({ min: 1960, max: 2026 }),
          familyYears: years,
          imhYears: years,
          trainingHours: hours,
          imhTrainingHours: hours,
          rscTrainingHours: hours,
          deiTrainingHours: hours,
          rscHours: hours,
          rscMonths: fc.integer({ min: 0, max: 60 }),
          rscProvider: fc.constantFrom('none' as const, 'vetted' as const, ...credentialIds),
          providesRsc: fc.boolean(),
          providingRscYears: years,
          rscAboutProvidingHours: hours,
          leadershipYears: years,
          leadershipKinds: fc.subarray([...leadershipKinds]),
          membership: fc.constantFrom('none' as const, 'chosen' as const, 'other' as const),
        }),
        (a) => {
          const all = ['mi-aimh', 'ct-aimh', 'ncimha', 'alliance'];
          const p = selfStudyPortfolio(a, { on: ON, associations: all });
          const parsed = parsePortfolio(p);
          assert.ok(parsed.ok, JSON.stringify(!parsed.ok && parsed.problems));
          const fits = selfStudyResults(p, all, ON);
          assert.equal(fits.length, 4);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('selfStudyResults: what fits, from the seed rules', () => {
  test('MI-AIMH: an associate with 2 years in the field and 30 hours fits IFA; IMHS needs a master’s, IMH work and 50 RSC hours', () => {
    const fit = fitsOf(associate, 'mi-aimh');
    assert.equal(fit.name, 'Michigan Association for Infant Mental Health (MI-AIMH)');
    assert.equal(fit.credentials.length, 6);
    assert.equal(fit.credentials[0]!.credential, 'IFA', 'best fit first');
    assert.equal(credential(fit, 'IFA').fits, true);
    const imhs = credential(fit, 'IMHS');
    assert.equal(imhs.fits, false);
    const missing = unmetMissing(fit, 'IMHS');
    assert.match(missing, /master's degree or doctorate/);
    assert.match(missing, /50 more RSC hours/);
    // References, agreements and the exam are for later: they are listed, never counted against the fit.
    assert.deepEqual(
      imhs.later.map((r) => r.kind),
      ['references', 'agreements', 'exam'],
    );
    assert.deepEqual(
      credential(fit, 'IFA').later.map((r) => r.kind),
      ['references', 'agreements'],
    );
  });

  test('MI-AIMH: 29 training hours are one short of IFA’s 30', () => {
    const fit = fitsOf({ ...associate, trainingHours: 29 }, 'mi-aimh');
    assert.equal(credential(fit, 'IFA').fits, false);
    assert.match(unmetMissing(fit, 'IFA'), /1 more hour/);
  });

  test('MI-AIMH: a specialist fits IMHS (the highest level that fits comes first), not yet IMHM-C', () => {
    const fit = fitsOf(specialist, 'mi-aimh');
    assert.equal(fit.credentials[0]!.credential, 'IMHS');
    assert.deepEqual(
      fit.credentials.filter((c) => c.fits).map((c) => c.credential),
      ['IMHS', 'IFS', 'IFA'],
    );
    assert.match(unmetMissing(fit, 'IMHM-C'), /practice leader/);
  });

  test('MI-AIMH IMHS: RSC over 11 months is short of the 12-month minimum; 49 hours are 1 short of 50', () => {
    assert.equal(credential(fitsOf({ ...specialist, rscMonths: 11 }, 'mi-aimh'), 'IMHS').fits, false);
    const short = fitsOf({ ...specialist, rscHours: 49 }, 'mi-aimh');
    assert.equal(credential(short, 'IMHS').fits, false);
    assert.match(unmetMissing(short, 'IMHS'), /1 more RSC hour/);
  });

  test('MI-AIMH IMHS: 1 year of IMH work is short of the 2 years', () => {
    const fit = fitsOf({ ...specialist, imhYears: 1 }, 'mi-aimh');
    assert.equal(credential(fit, 'IMHS').fits, false);
    assert.match(unmetMissing(fit, 'IMHS'), /infant mental health work/);
  });

  test('CT-AIMH IMHM-C from 2024: 48 hours = 30 IMH + 15 RSC + 3 DEI, 25 RSC hours about the RSC provided', () => {
    const mentor = answers({
      ...specialist,
      trainingHours: 48,
      imhTrainingHours: 30,
      rscTrainingHours: 15,
      deiTrainingHours: 3,
      providesRsc: true,
      providingRscYears: 3,
      rscAboutProvidingHours: 25,
      leadershipYears: 3,
      leadershipKinds: ['practice-leader'],
    });
    const fit = fitsOf(mentor, 'ct-aimh');
    assert.equal(credential(fit, 'IMHM-C').fits, true, unmetMissing(fit, 'IMHM-C'));
    const fewerDei = fitsOf({ ...mentor, trainingHours: 47, deiTrainingHours: 2 }, 'ct-aimh');
    assert.equal(credential(fewerDei, 'IMHM-C').fits, false);
    assert.match(unmetMissing(fewerDei, 'IMHM-C'), /diversity, equity and inclusion/);
    const lessAbout = fitsOf({ ...mentor, rscAboutProvidingHours: 20 }, 'ct-aimh');
    assert.match(unmetMissing(lessAbout, 'IMHM-C'), /5 more RSC hours about the RSC you provide/);
  });

  test('membership: another association counts where the document says so (MI-AIMH), not for NCIMHA', () => {
    const other = { ...specialist, membership: 'other' as const };
    assert.equal(credential(fitsOf(other, 'mi-aimh'), 'IMHS').fits, true);
    const nc = fitsOf(other, 'ncimha');
    assert.equal(credential(nc, 'IMHS').fits, false);
    assert.match(unmetMissing(nc, 'IMHS'), /membership in North Carolina/i);
  });

  test('without a membership nothing fits, and the missing membership is named', () => {
    const fit = fitsOf({ ...associate, membership: 'none' }, 'mi-aimh');
    assert.equal(credential(fit, 'IFA').fits, false);
    assert.match(unmetMissing(fit, 'IFA'), /membership/);
  });

  test('an association without a catalog has no credentials to judge', () => {
    const [fit] = selfStudyResults(selfStudyPortfolio(none, { on: ON, associations: [] }), ['tx-aimh'], ON);
    assert.deepEqual(fit, { association: 'tx-aimh', name: 'tx-aimh', credentials: [] });
  });
});
