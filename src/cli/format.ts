// Text output of the command line: what a coordinator or applicant reads.
import type {
  Catalog,
  DescribedCredential,
  EligibilityRow,
  EvaluationResult,
  RenewalResult,
} from '../index.ts';

const mark = (met: boolean) => (met ? '✓' : '✗');

export function formatResult(result: EvaluationResult | RenewalResult, person: string): string {
  const unmet = result.requirements.filter((r) => r.status === 'unmet');
  const when = 'on' in result ? `on ${result.on}` : `renewal year ${result.from} to ${result.to}`;
  const lines = [
    `${person}: ${result.association} ${result.credential}, ${when}`,
    result.status === 'met'
      ? `MET: all ${result.requirements.length} requirements are met.`
      : `NOT MET: ${unmet.length} of ${result.requirements.length} requirements are not met yet.`,
    '',
  ];
  for (const r of result.requirements) {
    lines.push(`${mark(r.status === 'met')} ${r.kind.padEnd(11)} ${r.summary}`);
    for (const m of r.missing) lines.push(`  ${' '.repeat(11)} missing: ${m}`);
    lines.push(`  ${' '.repeat(11)} [${r.id}; ${[r.source, ...(r.also ?? [])].join(', ')}]`);
  }
  return lines.join('\n');
}

export function formatEligibility(catalog: Catalog, rows: readonly EligibilityRow[], person: string): string {
  const lines = [`${person}: credentials of ${catalog.name}, best fit first`, ''];
  for (const r of rows) {
    const status = r.status === 'met' ? 'met' : `${r.unmet} of ${r.requirements} requirements unmet`;
    lines.push(
      `${mark(r.status === 'met')} ${r.credential.padEnd(9)} ${r.name} (Level ${r.level}): ${status}`,
    );
  }
  return lines.join('\n');
}

const money = (cents: number, currency: string) =>
  `${currency === 'USD' ? '$' : `${currency} `}${(cents / 100).toFixed(2)}`;

export function formatCatalog(catalog: Catalog, credentials: readonly DescribedCredential[]): string {
  const lines = [catalog.name, `Catalog version ${catalog.version}`];
  for (const c of credentials) {
    lines.push('', `${c.credential}: ${c.name} (Level ${c.level}), requirements in force on ${c.on}`, '');
    c.requirements.forEach((r, i) => {
      lines.push(`${String(i + 1).padStart(2)}. ${r.text}`);
      lines.push(`    Source: ${[r.source, ...(r.also ?? [])].join(', ')}${dated(r.inForce)}   [${r.id}]`);
    });
    if (c.fees) {
      lines.push(
        '',
        `Fees: application ${money(c.fees.application, c.fees.currency)}, processing ${money(c.fees.processing, c.fees.currency)} (source: ${c.fees.source})`,
      );
    }
    if (c.competencies) {
      const k = c.competencies;
      lines.push(
        '',
        `Competency domains to document (${k.designation} and A: all designations; source: ${k.source}):`,
      );
      for (const d of k.domains)
        lines.push(
          `  ${String(d.number).padStart(2)}. ${d.name} [${d.codes.join(', ')}]: ${d.competencies.length} competencies`,
        );
    }
    if (c.review.length) {
      lines.push('', 'Checked by reviewers (not by Endorse):');
      for (const note of c.review) lines.push(`  - ${note.text} (source: ${note.source})`);
    }
    lines.push('', 'Each year to renew:');
    c.renewal.forEach((r, i) => {
      lines.push(`${String(i + 1).padStart(2)}. ${r.text}`);
      lines.push(`    Source: ${r.source}${dated(r.inForce)}   [${r.id}]`);
    });
  }
  return lines.join('\n');
}

function dated(inForce: { from?: string; to?: string } | undefined): string {
  if (!inForce) return '';
  if (inForce.from && inForce.to) return `; in force ${inForce.from} to ${inForce.to}`;
  return inForce.from ? `; in force from ${inForce.from}` : `; in force until ${inForce.to}`;
}
