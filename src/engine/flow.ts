// Maximum flow (Dinic). Two readings of the documents are assignment problems:
// topic hours that may each count toward one topic minimum only, and
// references that may each fill one slot only. Greedy choices get both wrong;
// a maximum flow finds an assignment whenever one exists.

export class FlowNetwork {
  private readonly head: number[];
  private readonly to: number[] = [];
  private readonly cap: number[] = [];
  private readonly next: number[] = [];
  private readonly initial: number[] = [];

  constructor(readonly size: number) {
    this.head = new Array(size).fill(-1);
  }

  /** Adds an edge and returns its id, to read the flow through it afterwards. */
  addEdge(from: number, to: number, capacity: number): number {
    const id = this.to.length;
    this.push(from, to, capacity);
    this.push(to, from, 0);
    return id;
  }

  private push(from: number, to: number, capacity: number) {
    this.to.push(to);
    this.cap.push(capacity);
    this.initial.push(capacity);
    this.next.push(this.head[from]!);
    this.head[from] = this.to.length - 1;
  }

  flowOn(edge: number): number {
    return this.initial[edge]! - this.cap[edge]!;
  }

  maxFlow(source: number, sink: number): number {
    let total = 0;
    const level = new Array<number>(this.size);
    const iter = new Array<number>(this.size);
    for (;;) {
      level.fill(-1);
      level[source] = 0;
      const queue = [source];
      for (let qi = 0; qi < queue.length; qi++) {
        const v = queue[qi]!;
        for (let e = this.head[v]!; e !== -1; e = this.next[e]!) {
          if (this.cap[e]! > 0 && level[this.to[e]!] === -1) {
            level[this.to[e]!] = level[v]! + 1;
            queue.push(this.to[e]!);
          }
        }
      }
      if (level[sink] === -1) return total;
      for (let v = 0; v < this.size; v++) iter[v] = this.head[v]!;
      for (;;) {
        const pushed = this.augment(source, sink, Number.POSITIVE_INFINITY, level, iter);
        if (pushed <= 0) break;
        total += pushed;
      }
    }
  }

  private augment(v: number, sink: number, limit: number, level: number[], iter: number[]): number {
    if (v === sink) return limit;
    for (; iter[v] !== -1; iter[v] = this.next[iter[v]!]!) {
      const e = iter[v]!;
      const w = this.to[e]!;
      if (this.cap[e]! > 0 && level[w] === level[v]! + 1) {
        const pushed = this.augment(w, sink, Math.min(limit, this.cap[e]!), level, iter);
        if (pushed > 0) {
          this.cap[e]! -= pushed;
          this.cap[e ^ 1]! += pushed;
          return pushed;
        }
      }
    }
    return 0;
  }
}

/**
 * Largest matching of left items to right slots where `fits(l, r)`; returns
 * for each right slot the index of the left item assigned to it, or -1.
 */
export function maximumMatching(
  left: number,
  right: number,
  fits: (l: number, r: number) => boolean,
): number[] {
  const net = new FlowNetwork(left + right + 2);
  const source = left + right;
  const sink = source + 1;
  const edges: Array<{ l: number; r: number; id: number }> = [];
  for (let l = 0; l < left; l++) net.addEdge(source, l, 1);
  for (let r = 0; r < right; r++) net.addEdge(left + r, sink, 1);
  for (let l = 0; l < left; l++)
    for (let r = 0; r < right; r++) if (fits(l, r)) edges.push({ l, r, id: net.addEdge(l, left + r, 1) });
  net.maxFlow(source, sink);
  const assigned = new Array<number>(right).fill(-1);
  for (const { l, r, id } of edges) if (net.flowOn(id) > 0) assigned[r] = l;
  return assigned;
}
