import type { RuleOf } from '../catalog.ts';
import { type Context, dayText, listText, type Outcome } from '../context.ts';
import { degreeLabel } from '../labels.ts';
import { degreeRank } from '../portfolio.ts';
import { measureWork } from './work.ts';

export function evaluateEducation(rule: RuleOf<'education'>, ctx: Context): Outcome {
  const ranks = new Set(rule.levels.map((l) => degreeRank[l]));
  const degrees = ctx.portfolio.degrees.filter((d) => d.conferred <= ctx.on);
  const qualifying = degrees.filter((d) => ranks.has(d.rank));
  const wanted = listText(rule.levels.map((l) => degreeLabel[l]));
  const required = rule.transcript;
  const transcriptOk = (t: string) => (required?.quality === 'unofficial' ? t !== 'none' : t === 'official');
  const missing: string[] = [];
  let degreeMet = false;
  let summary: string;
  const best = qualifying.find((d) => !required || transcriptOk(d.entry.transcript)) ?? qualifying[0];
  if (!best) {
    summary = `no ${wanted} listed`;
    missing.push(`a ${wanted}`);
  } else {
    const name = best.entry.title
      ? `${degreeLabel[best.entry.level]} (${best.entry.title})`
      : degreeLabel[best.entry.level];
    summary = `${name} conferred ${dayText(best.conferred)}`;
    degreeMet = true;
    if (required) {
      const scope = required.of === 'all' ? degrees.filter((d) => d.entry.level !== 'cda') : [best];
      const lacking = scope.filter((d) => !transcriptOk(d.entry.transcript));
      if (!lacking.length) {
        summary += `, ${required.quality === 'official' ? 'official ' : ''}transcript${scope.length > 1 ? 's' : ''} provided`;
      }
      for (const d of lacking) {
        degreeMet = false;
        missing.push(
          `${required.quality === 'official' ? 'an official' : 'a'} transcript for your ${degreeLabel[d.entry.level]}${d.entry.title ? ` (${d.entry.title})` : ''} (${d.path})`,
        );
      }
    }
  }
  const evidence = best ? [best.path] : [];
  if (degreeMet || !rule.orWork)
    return { met: degreeMet, summary, missing: degreeMet ? [] : missing, needs: [], evidence };

  const work = measureWork(rule.orWork, ctx, false);
  if (work.met)
    return {
      met: true,
      summary: `${work.summary} (in place of a degree)`,
      missing: [],
      needs: [],
      evidence: work.evidence,
    };
  return {
    met: false,
    summary: `${summary}; ${work.summary}`,
    missing: [`${listText(missing)}, or ${work.missing.join('; ')}`],
    needs: [],
    evidence: [...evidence, ...work.evidence],
  };
}
