// Plain-language statements of rules, as an applicant would read them. Made
// from the rule's data so that the words always match what is checked.
import type { Catalog, CredentialDef, Rule } from './catalog.ts';
import { hoursText, listText, plural } from './context.ts';
import { type Day, toDay } from './dates.ts';
import { degreeLabel, topicLabel } from './labels.ts';
import type { TrainingTopic } from './portfolio.ts';
import { slotText } from './rules/references.ts';
import { vettedAccepted } from './rules/rsc.ts';
import { membershipText } from './rules/simple.ts';
import { workText } from './rules/work.ts';

/**
 * "Or someone vetted": printed with its cut-off while it lasts, and left out
 * from that day (spec reading 12).
 */
function vettedText(vetted: { before?: string | undefined } | undefined, on: Day, text: string): string {
  if (!vettedAccepted(vetted, on)) return '';
  return `${text}${vetted!.before ? `, before ${vetted!.before}` : ''}`;
}

/** The rule as an applicant reads it on the day `on`. */
export function describeRule(rule: Rule, catalog: Catalog, on: Day, renewal = false): string {
  switch (rule.kind) {
    case 'education': {
      const t = rule.transcript;
      const transcript = t
        ? `, with ${t.quality === 'official' ? 'an official' : 'an official or unofficial'} transcript${t.of === 'all' ? ' from every college degree' : ''}`
        : '';
      const alt = rule.orWork ? `; or instead ${rule.orWork.years} years of ${workText(rule.orWork)}` : '';
      return `A ${listText(rule.levels.map((l) => degreeLabel[l]))}${transcript}${alt}.`;
    }
    case 'work': {
      const alt = rule.internshipAlternative;
      const altText = alt
        ? ` Or: ${alt.internshipYears} year of supervised graduate internship in that work${alt.supervisorEndorsements ? ` (supervisor endorsed as ${listText(alt.supervisorEndorsements)})` : ''} plus ${alt.workYears} year of the work.`
        : '';
      return `${rule.years} years (full-time equivalent) of ${workText(rule)}.${altText}`;
    }
    case 'leadership': {
      const parts = [
        rule.activities
          ? `at least ${rule.activities} leadership ${rule.activities === 1 ? 'activity' : 'activities'} at the regional or state level`
          : '',
        rule.years
          ? `${rule.years} years of practice leader experience in the infant, young child and family field`
          : '',
      ].filter(Boolean);
      return `${capitalize(parts.join(' and '))}.`;
    }
    case 'training': {
      const topics = Object.entries(rule.topics ?? {}) as Array<[TrainingTopic, number]>;
      const topicText = listText(
        topics.map(([t, h]) => `${plural(h, 'hour')} ${topicLabel[t]}`),
        'and',
      );
      const sum = topics.reduce((s, [, h]) => s + h, 0);
      const scope = renewal ? ' during the renewal year' : '';
      const who =
        rule.appliesTo === 'rsc-providers'
          ? 'If you provide reflective supervision/consultation to others: '
          : '';
      if (rule.named) return `${who}${plural(topics[0]![1], 'hour')} of ${rule.named}${scope}.`;
      if (rule.hours === undefined)
        return `${who}${who ? 'at' : 'At'} least ${topicText} among your training hours${scope}.`;
      const base = `${who}${plural(rule.hours, 'hour')} of relationship-based training${scope}`;
      if (!topics.length) return `${base}.`;
      if (topics.length > 1 && sum === rule.hours)
        return `${base}: ${topicText}, each hour counting toward one of these only.`;
      return `${base}; of those, at least ${topicText}.`;
    }
    case 'rsc': {
      const parts = [
        `${plural(rule.hours, 'hour')} of reflective supervision/consultation (RSC) received, individually or in a group`,
      ];
      if (renewal) parts.push('during the renewal year');
      if (rule.window) {
        parts.push(
          rule.window.minMonths
            ? `within a ${rule.window.minMonths}- to ${rule.window.maxMonths}-month period`
            : `within at most ${rule.window.maxMonths} months`,
        );
      }
      if (rule.after) parts.push(`received after your ${degreeLabel[rule.after]}`);
      if (rule.providers) {
        const vetted = vettedText(rule.providers.vetted, on, ', or someone vetted by the association');
        parts.push(`from a provider endorsed as ${listText(rule.providers.endorsements)}${vetted}`);
      }
      if (rule.providingRscHours)
        parts.push(
          `at least ${hoursText(rule.providingRscHours)} of them about the RSC you provide to others`,
        );
      let text = `${parts.join(', ')}.`;
      if (rule.exemptAfterYears)
        text += ` Not required once you have held the credential for ${rule.exemptAfterYears} years.`;
      return text;
    }
    case 'references': {
      const slots = rule.slots.map((s, i) => `(${i + 1}) ${slotText(s)}`).join('; ');
      const e = rule.endorsedRater;
      const endorsed = e
        ? ` At least one rater must be endorsed${e.endorsements === 'any' ? '' : ` as ${listText(e.endorsements)}`}${vettedText(e.vetted, on, ' or vetted by the association')}.`
        : '';
      return `${rule.slots.length} reference ratings: ${slots}.${endorsed}`;
    }
    case 'agreements':
      return 'The Code of Ethics and the Endorsement Agreement, signed.';
    case 'exam':
      return 'Pass the written examination.';
    case 'membership':
      return `Membership in ${membershipText(rule, catalog)}${renewal ? ', covering the last day of the renewal year' : ''}.`;
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export interface DescribedRule {
  id: string;
  kind: Rule['kind'];
  text: string;
  source: string;
  also?: string[];
  quote?: string;
  inForce?: { from?: string; to?: string };
}

export interface DescribedCredential {
  association: string;
  credential: string;
  name: string;
  level: number;
  on: string;
  requirements: DescribedRule[];
  renewal: DescribedRule[];
  /** Clauses reviewers check; the engine does not. */
  review: Array<{ text: string; source: string }>;
  fees?: { application: number; processing: number; currency: string; source: string };
  /** The competency domains applicants document, where the catalog's source lists them for this credential. */
  competencies?: DescribedCompetencies;
}

/** Designation codes of the Competency Guidelines: A applies to every designation. */
export type DesignationCode = 'A' | 'C' | 'P' | 'R-F';

export interface DescribedCompetencies {
  source: string;
  /** The credential's designation; competencies coded A or with it apply. */
  designation: DesignationCode;
  domains: Array<{
    id: string;
    number: number;
    name: string;
    /** The codes of the domain's competencies that apply to this credential. */
    codes: DesignationCode[];
    competencies: Array<{ id: string; text: string; codes: DesignationCode[] }>;
  }>;
}

export function describeCredential(
  catalog: Catalog,
  cred: CredentialDef,
  on: string,
  inForce: <R extends Rule>(rules: readonly R[]) => R[],
): DescribedCredential {
  const day = toDay(on);
  const describe = (renewal: boolean) => (r: Rule) => ({
    id: `${cred.id.toLowerCase()}${renewal ? '.renewal' : ''}.${r.id}`,
    kind: r.kind,
    text: describeRule(r, catalog, day, renewal),
    source: r.source,
    ...(r.also ? { also: r.also } : {}),
    ...(r.quote ? { quote: r.quote } : {}),
    ...(r.inForce ? { inForce: r.inForce } : {}),
  });
  const fee = catalog.fees?.[cred.id];
  return {
    association: catalog.id,
    credential: cred.id,
    name: cred.name,
    level: cred.level,
    on,
    requirements: inForce(cred.requirements).map(describe(false)),
    renewal: inForce(cred.renewal).map(describe(true)),
    review: cred.review ?? [],
    ...(fee
      ? {
          fees: {
            application: fee.application,
            processing: fee.processing,
            currency: catalog.currency ?? 'USD',
            source: fee.source,
          },
        }
      : {}),
  };
}
