// Agreements, exam, membership and leadership: rules with no search in them.
import type { Catalog, RuleOf } from '../catalog.ts';
import { type Context, DAYS_PER_YEAR, dayText, type Need, type Outcome, yearsText } from '../context.ts';
import { fteDays } from '../experience.ts';

export function evaluateAgreements(_rule: RuleOf<'agreements'>, ctx: Context): Outcome {
  const { codeOfEthics, endorsementAgreement } = ctx.portfolio.agreements;
  const signed = (d: number | undefined) => d !== undefined && d <= ctx.on;
  const by = dayText(ctx.on);
  const needs: Need[] = [];
  if (!signed(codeOfEthics)) needs.push({ section: 'agreements', agreement: 'codeOfEthics', by });
  if (!signed(endorsementAgreement))
    needs.push({ section: 'agreements', agreement: 'endorsementAgreement', by });
  const missing = needs.map((n) =>
    n.section === 'agreements' && n.agreement === 'codeOfEthics'
      ? 'sign the Code of Ethics'
      : 'sign the Endorsement Agreement',
  );
  const parts = [
    signed(codeOfEthics) ? `Code of Ethics signed ${dayText(codeOfEthics!)}` : 'Code of Ethics not signed',
    signed(endorsementAgreement)
      ? `Endorsement Agreement signed ${dayText(endorsementAgreement!)}`
      : 'Endorsement Agreement not signed',
  ];
  return { met: !missing.length, summary: parts.join('; '), missing, needs, evidence: ['agreements'] };
}

export function evaluateExam(_rule: RuleOf<'exam'>, ctx: Context): Outcome {
  const exam = ctx.portfolio.exam;
  const passed = !!exam?.passed && (exam.date === undefined || exam.date <= ctx.on);
  return {
    met: passed,
    summary: passed
      ? `written examination passed${exam!.date !== undefined ? ` on ${dayText(exam!.date)}` : ''}`
      : exam && !exam.passed
        ? 'written examination not passed'
        : 'written examination not yet taken',
    missing: passed ? [] : ['pass the written examination'],
    needs: passed ? [] : [{ section: 'exam', by: dayText(ctx.on) }],
    evidence: exam ? ['exam'] : [],
  };
}

/** Where membership is asked for, as the document names it. */
export function membershipText(rule: RuleOf<'membership'>, catalog: Catalog): string {
  const named = rule.named ?? catalog.name;
  return rule.orAnother ? `${named} or another infant mental health association` : named;
}

export function evaluateMembership(rule: RuleOf<'membership'>, ctx: Context): Outcome {
  const day = ctx.period?.to ?? ctx.on;
  const own = ctx.catalog.id;
  const covering = ctx.portfolio.memberships.filter(
    (m) =>
      m.from <= day && (m.to === undefined || m.to >= day) && (rule.orAnother || m.entry.association === own),
  );
  const best = covering.find((m) => m.entry.association === own) ?? covering[0];
  const where = membershipText(rule, ctx.catalog);
  return best
    ? {
        met: true,
        summary: `member of ${best.entry.association} on ${dayText(day)}${best.to !== undefined ? ` (to ${dayText(best.to)})` : ''}`,
        missing: [],
        needs: [],
        evidence: [best.path],
      }
    : {
        met: false,
        summary: `no membership covering ${dayText(day)}`,
        missing: [`membership in ${where} that covers ${dayText(day)}`],
        needs: [
          { section: 'memberships', associations: rule.orAnother ? 'any' : [own], covering: dayText(day) },
        ],
        evidence: [],
      };
}

export function evaluateLeadership(rule: RuleOf<'leadership'>, ctx: Context): Outcome {
  const begun = ctx.portfolio.leadership.filter((l) => l.from <= ctx.on);
  const parts: string[] = [];
  const missing: string[] = [];
  const needs: Need[] = [];
  if (rule.activities !== undefined) {
    parts.push(
      `${begun.length} of ${rule.activities} leadership ${rule.activities === 1 ? 'activity' : 'activities'}`,
    );
    if (begun.length < rule.activities) {
      const more = rule.activities - begun.length;
      needs.push({ section: 'leadership', activities: more, by: dayText(ctx.on) });
      missing.push(
        `${more} more leadership ${more === 1 ? 'activity' : 'activities'} at the regional or state level`,
      );
    }
  }
  if (rule.years !== undefined) {
    const days = fteDays(
      begun.map((l) => ({ from: l.from, to: Math.min(l.to ?? ctx.on, ctx.on), fte: 1 })),
      Number.NEGATIVE_INFINITY,
      ctx.on,
    );
    const needed = rule.years * DAYS_PER_YEAR;
    parts.push(`${yearsText(days)} of ${rule.years} years of practice leadership`);
    if (days < needed - 1e-9) {
      missing.push(
        `${Math.ceil(needed - days)} more days (about ${yearsText(needed - days)} years) of practice leadership`,
      );
    }
  }
  return {
    met: !missing.length,
    summary: parts.join('; '),
    missing,
    needs,
    evidence: begun.map((l) => l.path),
  };
}
