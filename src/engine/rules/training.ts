import type { RuleOf } from '../catalog.ts';
import { type Context, dayText, hoursText, listText, type Need, type Outcome, plural } from '../context.ts';
import { FlowNetwork } from '../flow.ts';
import { topicLabel, topicShort } from '../labels.ts';
import type { PreparedPortfolio, TrainingTopic } from '../portfolio.ts';
import { providesRsc } from './renewal.ts';

type Training = PreparedPortfolio['training'][number];

// Hours are decimal; the allocation works in hundredths of an hour so that it is exact.
const UNIT = 100;
const units = (hours: number) => Math.round(hours * UNIT);

/**
 * Allocates hours to topic minimums where each hour counts toward one topic only
 * (reading 5): a maximum flow from entries (grouped by their set of topics) to
 * topics. Returns the hours allocated to each topic.
 */
export function allocateTopicHours(
  trainings: readonly Training[],
  minimums: Partial<Record<TrainingTopic, number>>,
): Map<TrainingTopic, number> {
  const topics = Object.keys(minimums) as TrainingTopic[];
  // Entries with the same topics are interchangeable: at most 2^3 groups.
  const groups = new Map<number, number>();
  for (const t of trainings) {
    let mask = 0;
    topics.forEach((topic, i) => {
      if (t.topics.has(topic)) mask |= 1 << i;
    });
    if (mask) groups.set(mask, (groups.get(mask) ?? 0) + units(t.entry.hours));
  }
  const masks = [...groups.keys()];
  const source = 0;
  const sink = 1;
  const net = new FlowNetwork(2 + masks.length + topics.length);
  masks.forEach((mask, g) => {
    net.addEdge(source, 2 + g, groups.get(mask)!);
    topics.forEach((_, i) => {
      if (mask & (1 << i)) net.addEdge(2 + g, 2 + masks.length + i, Number.MAX_SAFE_INTEGER);
    });
  });
  // Topics are opened one at a time in the catalog's order, each flow continuing the last:
  // the total is still a maximum, and the explanation fills the first-listed topic first
  // (the spec's example: "IMH takes 30 of the 31, leaving RSC 14").
  const topicEdges = topics.map((topic, i) => {
    const edge = net.addEdge(2 + masks.length + i, sink, units(minimums[topic]!));
    net.maxFlow(source, sink);
    return edge;
  });
  return new Map(topics.map((topic, i) => [topic, net.flowOn(topicEdges[i]!) / UNIT]));
}

export function evaluateTraining(rule: RuleOf<'training'>, ctx: Context): Outcome {
  const period = ctx.period;
  const when = period ? ` between ${dayText(period.from)} and ${dayText(period.to)}` : '';
  if (rule.appliesTo === 'rsc-providers' && period && !providesRsc(ctx.portfolio, period)) {
    return {
      met: true,
      summary: `does not apply: no work providing RSC to others${when}`,
      missing: [],
      needs: [],
      evidence: [],
    };
  }
  const inScope = ctx.portfolio.training.filter((t) =>
    period ? t.date >= period.from && t.date <= period.to : t.date <= ctx.on,
  );
  const parts: string[] = [];
  const missing: string[] = [];
  const needs: Need[] = [];
  const range = { ...(period ? { from: dayText(period.from) } : {}), to: dayText(period?.to ?? ctx.on) };
  let met = true;
  if (rule.hours !== undefined) {
    const total = inScope.reduce((sum, t) => sum + t.entry.hours, 0);
    parts.push(`${hoursText(total)} of ${plural(rule.hours, 'hour')}${when}`);
    if (total < rule.hours - 1e-9) {
      met = false;
      const hours = hundredthsUp(rule.hours - total);
      needs.push({ section: 'training', hours, ...range });
      missing.push(`${plural(hours, 'more hour')} of training${when}`);
    }
  }
  const minimums = rule.topics ?? {};
  const topics = Object.keys(minimums) as TrainingTopic[];
  if (topics.length) {
    const sum = topics.reduce((s, t) => s + minimums[t]!, 0);
    // Topic minimums that add up to the total are separate: each hour counts toward one of them.
    const separate = topics.length > 1 && rule.hours !== undefined && Math.abs(sum - rule.hours) < 1e-9;
    const counted = separate
      ? allocateTopicHours(inScope, minimums)
      : new Map(
          topics.map((topic) => [
            topic,
            inScope.reduce((s, t) => (t.topics.has(topic) ? s + t.entry.hours : s), 0),
          ]),
        );
    const topicParts = topics.map(
      (topic) =>
        `${topicShort[topic]} ${hoursText(Math.min(counted.get(topic)!, minimums[topic]!))} of ${hoursText(minimums[topic]!)}`,
    );
    parts.push(
      `${rule.hours === undefined ? '' : 'of those, '}${topicParts.join(', ')}${separate ? ' (each hour counted toward one topic)' : ''}${rule.hours === undefined ? when : ''}`,
    );
    for (const topic of topics) {
      const short = minimums[topic]! - counted.get(topic)!;
      if (short > 1e-9) {
        met = false;
        const hours = hundredthsUp(short);
        needs.push({ section: 'training', hours, topic, ...range });
        missing.push(
          `${plural(hours, 'more hour')} of ${rule.named ?? `training ${topicLabel[topic]}`}${separate ? ' not already counted toward another topic' : ''}${when}`,
        );
      }
    }
  }
  // With total hours every entry in scope counts; with topics alone, those of one of them.
  const counts =
    rule.hours !== undefined ? inScope : inScope.filter((t) => topics.some((topic) => t.topics.has(topic)));
  const evidence = counts.map((t) => t.path);
  return { met, summary: parts.join('; '), missing, needs, evidence };
}

const hundredthsUp = (hours: number) => Math.ceil(hours * 100 - 1e-6) / 100;

export const topicList = (topics: Partial<Record<TrainingTopic, number>>) =>
  listText(
    Object.entries(topics).map(([t, h]) => `${hoursText(h)} ${topicLabel[t as TrainingTopic]}`),
    'and',
  );
