import type { ReferenceSlot, RuleOf } from '../catalog.ts';
import { type Context, listText, type Outcome } from '../context.ts';
import { maximumMatching } from '../flow.ts';
import { relationshipLabel } from '../labels.ts';
import type { PreparedPortfolio } from '../portfolio.ts';
import { vettedAccepted } from './rsc.ts';

type Reference = PreparedPortfolio['references'][number];

export function fitsSlot(ref: Reference['entry'], slot: ReferenceSlot): boolean {
  if (slot.roles.includes(ref.relationship)) return !slot.current || ref.current;
  return slot.standIns?.includes(ref.relationship) ?? false;
}

export function slotText(slot: ReferenceSlot): string {
  const roles = listText(slot.roles.map((r) => relationshipLabel[r]));
  const standIn = slot.standIns?.length
    ? ` (or a ${listText(slot.standIns.map((r) => relationshipLabel[r]))})`
    : '';
  return `${slot.current ? 'current ' : ''}${roles}${standIn}`;
}

/**
 * Reference slots (reading 6): each submitted reference fills at most one
 * slot, by relationship alone, and a maximum matching finds an assignment
 * whenever one exists. "At least one rating from someone endorsed" must hold
 * within that assignment, so each endorsed rater is tried in each slot they fit.
 */
export function evaluateReferences(rule: RuleOf<'references'>, ctx: Context): Outcome {
  const submitted = ctx.portfolio.references.filter(
    (r) => r.submitted !== undefined && r.submitted <= ctx.on,
  );
  const pending = ctx.portfolio.references.filter((r) => r.submitted === undefined || r.submitted > ctx.on);
  const slots = rule.slots;
  const wanted = rule.endorsedRater;
  const isEndorsed = (r: Reference) =>
    !!wanted &&
    ((wanted.endorsements === 'any'
      ? r.entry.raterEndorsements.length > 0
      : r.entry.raterEndorsements.some((c) => (wanted.endorsements as readonly string[]).includes(c))) ||
      (r.entry.raterVetted && vettedAccepted(wanted.vetted, ctx.on)));

  const match = (refs: readonly Reference[], open: readonly ReferenceSlot[]) =>
    maximumMatching(refs.length, open.length, (l, s) => fitsSlot(refs[l]!.entry, open[s]!));

  let assignment: Array<Reference | undefined> = match(submitted, slots).map((l) => submitted[l]);
  let endorsedOk = !wanted || assignment.some((r) => r && isEndorsed(r));
  if (wanted && !endorsedOk && assignment.every(Boolean)) {
    // Force an endorsed rater into a slot they fit and fill the others without them.
    search: for (const rater of submitted.filter(isEndorsed)) {
      for (let s = 0; s < slots.length; s++) {
        if (!fitsSlot(rater.entry, slots[s]!)) continue;
        const others = submitted.filter((r) => r !== rater);
        const rest = slots.filter((_, i) => i !== s);
        const restMatch = match(others, rest);
        if (restMatch.every((l) => l >= 0)) {
          assignment = rest.map((_, i) => others[restMatch[i]!]);
          assignment.splice(s, 0, rater);
          endorsedOk = true;
          break search;
        }
      }
    }
  }
  const filled = assignment.filter(Boolean).length;
  const met = filled === slots.length && endorsedOk;
  const who = (r: Reference) => r.entry.name ?? r.path;
  const parts = slots.map((slot, i) => `${slot.label}: ${assignment[i] ? who(assignment[i]!) : 'missing'}`);
  const missing: string[] = [];
  slots.forEach((slot, i) => {
    if (!assignment[i]) missing.push(`a reference rating from someone who is: ${slotText(slot)}`);
  });
  if (!endorsedOk) {
    const creds =
      wanted!.endorsements === 'any' ? 'any endorsement' : listText(wanted!.endorsements as string[]);
    missing.push(
      `at least one of the three ratings from someone endorsed (${creds}${wanted!.vetted ? ', or vetted' : ''}) who can also fill one of the slots`,
    );
  }
  if (!met && pending.length) {
    missing.push(
      `${listText(pending.map(who), 'and')} ${pending.length === 1 ? 'has' : 'have'} not submitted a rating yet`,
    );
  }
  return {
    met,
    summary: `${filled} of ${slots.length} reference ratings (${parts.join('; ')})${wanted ? `; ${endorsedOk ? 'includes' : 'no'} rating from an endorsed rater` : ''}`,
    missing,
    evidence: assignment.filter((r): r is Reference => !!r).map((r) => r.path),
  };
}
