import type { ReferenceSlot, RuleOf } from '../catalog.ts';
import { type Context, listText, type Need, type Outcome, type RaterOption } from '../context.ts';
import { maximumMatching } from '../flow.ts';
import { relationshipLabel } from '../labels.ts';
import { type PreparedPortfolio, type Relationship, relationships } from '../portfolio.ts';
import { vettedAccepted } from './rsc.ts';

type Reference = PreparedPortfolio['references'][number];
type Rater = Pick<Reference['entry'], 'relationship' | 'current'>;

export function fitsSlot(ref: Rater, slot: ReferenceSlot): boolean {
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

/** Every rater who fits one of `slots`: a role taken by anyone first, then one taken only when current. */
function ratersFor(slots: readonly ReferenceSlot[]): RaterOption[] {
  const seen = new Map<Relationship, boolean>();
  const order = slots.flatMap((s) => [...s.roles, ...(s.standIns ?? [])]);
  for (const relationship of order) {
    if (seen.get(relationship) === false) continue;
    const former = slots.some((s) => fitsSlot({ relationship, current: false }, s));
    seen.set(relationship, !former);
  }
  const options = [...seen].map(([relationship, current]) => ({ relationship, current }));
  return [...options.filter((o) => !o.current), ...options.filter((o) => o.current)];
}

/** How many kinds of rater a slot takes: the fewer, the harder it is to fill. */
const breadth = (slot: ReferenceSlot) =>
  relationships.filter((relationship) => fitsSlot({ relationship, current: false }, slot)).length * 2 +
  relationships.filter((relationship) => fitsSlot({ relationship, current: true }, slot)).length;

function ratersText(options: readonly RaterOption[]): string {
  const labels = (current: boolean) =>
    options.filter((o) => o.current === current).map((o) => relationshipLabel[o.relationship]);
  const anyone = listText(labels(false));
  const current = labels(true).length ? `current ${listText(labels(true))}` : '';
  return anyone && current ? `${anyone}, or a ${current}` : anyone || current;
}

function endorsedText(e: NonNullable<RaterOption['endorsed']>): string {
  const creds = e.endorsements === 'any' ? 'any endorsement' : listText(e.endorsements);
  return `${creds}${e.vetted ? ', or vetted by the association' : ''}`;
}

/** The words for one reference still needed, made from the need itself. */
export function referenceNeedText(need: Extract<Need, { section: 'references' }>): string {
  const plain = need.anyOf.filter((o) => !o.endorsed);
  const endorsed = need.anyOf.filter((o) => o.endorsed);
  const e = endorsed[0]?.endorsed;
  if (!plain.length)
    return `a reference rating from someone who is: ${ratersText(endorsed)}, and endorsed (${endorsedText(e!)})`;
  const alsoEndorsed = endorsed.length
    ? `; or, from someone endorsed (${endorsedText(e!)}), also: ${ratersText(endorsed)}`
    : '';
  return `a reference rating from someone who is: ${ratersText(plain)}${alsoEndorsed}`;
}

/**
 * Reference slots (reading 6): each submitted reference fills at most one
 * slot, by relationship alone, and a maximum matching finds an assignment
 * whenever one exists. "At least one rating from someone endorsed" must hold
 * within that assignment, so each endorsed rater is tried in each slot they fit.
 * When slots stay open, the hardest slots are filled first, so that the
 * ratings still asked for are the easiest to find; with one slot open, every
 * kind of rater who would complete the requirement is named.
 */
export function evaluateReferences(rule: RuleOf<'references'>, ctx: Context): Outcome {
  const submitted = ctx.portfolio.references.filter(
    (r) => r.submitted !== undefined && r.submitted <= ctx.on,
  );
  const pending = ctx.portfolio.references.filter((r) => r.submitted === undefined || r.submitted > ctx.on);
  const slots = rule.slots;
  const wanted = rule.endorsedRater;
  const vetted = vettedAccepted(wanted?.vetted, ctx.on);
  const isEndorsed = (r: Reference) =>
    !!wanted &&
    ((wanted.endorsements === 'any'
      ? r.entry.raterEndorsements.length > 0
      : r.entry.raterEndorsements.some((c) => (wanted.endorsements as readonly string[]).includes(c))) ||
      (r.entry.raterVetted && vetted));
  const endorsedRaters = submitted.filter(isEndorsed);

  const match = (refs: readonly Reference[], open: readonly ReferenceSlot[]) =>
    maximumMatching(refs.length, open.length, (l, s) => fitsSlot(refs[l]!.entry, open[s]!));

  /**
   * The references that fill exactly the slots `which`, one each, with an
   * endorsed rater among them when one is wanted and can be; undefined when
   * the slots cannot all be filled.
   */
  const fill = (which: readonly number[]) => {
    const open = which.map((i) => slots[i]!);
    const found = match(submitted, open);
    if (found.some((l) => l < 0)) return undefined;
    const assigned = new Map(which.map((slot, k) => [slot, submitted[found[k]!]!]));
    if (!wanted || [...assigned.values()].some(isEndorsed)) return { assigned, endorsed: true };
    for (const rater of endorsedRaters) {
      for (let k = 0; k < open.length; k++) {
        if (!fitsSlot(rater.entry, open[k]!)) continue;
        const others = submitted.filter((r) => r !== rater);
        const rest = which.filter((_, i) => i !== k);
        const restMatch = match(
          others,
          rest.map((i) => slots[i]!),
        );
        if (restMatch.every((l) => l >= 0)) {
          const forced = new Map(rest.map((slot, i) => [slot, others[restMatch[i]!]!]));
          forced.set(which[k]!, rater);
          return { assigned: forced, endorsed: true };
        }
      }
    }
    return { assigned, endorsed: false };
  };

  // The filled slots: a greedy choice over the slots, hardest first, is a
  // largest set the references can fill (the sets they can fill form a matroid).
  const everySlot = slots.map((_, i) => i);
  const all = fill(everySlot);
  const filled: number[] = all ? everySlot : [];
  if (!all) {
    const hardestFirst = [...everySlot].sort((a, b) => breadth(slots[a]!) - breadth(slots[b]!) || a - b);
    for (const s of hardestFirst) if (fill([...filled, s].sort((a, b) => a - b))) filled.push(s);
    filled.sort((a, b) => a - b);
  }
  const open = slots.map((_, i) => i).filter((i) => !filled.includes(i));
  const endorsedAs = wanted && { endorsements: wanted.endorsements, vetted };
  const asEndorsed = (options: RaterOption[]) => options.map((o) => ({ ...o, endorsed: endorsedAs! }));

  let best = all ?? fill(filled)!;
  const needs: Array<Extract<Need, { section: 'references' }>> = [];
  if (open.length === 0) {
    if (!best.endorsed) needs.push({ section: 'references', anyOf: asEndorsed(ratersFor(slots)) });
  } else if (open.length === 1) {
    // Any slot that some largest filling leaves open may take the last rating.
    const others = (s: number) => slots.map((_, i) => i).filter((i) => i !== s);
    const openable = slots
      .map((_, s) => ({ s, fit: fill(others(s)) }))
      .filter((x): x is { s: number; fit: NonNullable<typeof x.fit> } => !!x.fit);
    const byBreadth = (list: typeof openable) =>
      [...list].sort((a, b) => breadth(slots[b.s]!) - breadth(slots[a.s]!)).map((x) => slots[x.s]!);
    const withEndorsed = openable.filter((x) => x.fit.endorsed);
    const plain = ratersFor(byBreadth(withEndorsed));
    const all = ratersFor(byBreadth(openable));
    const extra = all.filter(
      (o) => !plain.some((p) => p.relationship === o.relationship && p.current === o.current),
    );
    needs.push({ section: 'references', anyOf: [...plain, ...asEndorsed(extra)] });
    const shown =
      withEndorsed.find((x) => x.s === open[0]) ?? withEndorsed[0] ?? openable.find((x) => x.s === open[0])!;
    best = shown.fit;
  } else {
    open.forEach((s, k) => {
      const anyOf = ratersFor([slots[s]!]);
      needs.push({ section: 'references', anyOf: k === 0 && !best.endorsed ? asEndorsed(anyOf) : anyOf });
    });
  }

  const met = needs.length === 0;
  const who = (r: Reference) => r.entry.name ?? r.path;
  const parts = slots.map((slot, i) => {
    const r = best.assigned.get(i);
    return `${slot.label}: ${r ? who(r) : 'missing'}`;
  });
  const missing = needs.map((need) =>
    open.length === 0
      ? `at least one of the three ratings from someone endorsed (${endorsedText(endorsedAs!)}) who can also fill one of the slots: ${ratersText(need.anyOf)}`
      : referenceNeedText(need),
  );
  if (!met && pending.length) {
    missing.push(
      `${listText(pending.map(who), 'and')} ${pending.length === 1 ? 'has' : 'have'} not submitted a rating yet`,
    );
  }
  return {
    met,
    summary: `${best.assigned.size} of ${slots.length} reference ratings (${parts.join('; ')})${wanted ? `; ${best.endorsed ? 'includes' : 'no'} rating from an endorsed rater` : ''}`,
    missing,
    needs,
    evidence: slots.flatMap((_, i) => (best.assigned.has(i) ? [best.assigned.get(i)!.path] : [])),
  };
}
