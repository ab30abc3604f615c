import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { FlowNetwork, maximumMatching } from '../../../src/engine/flow.ts';

interface Edge {
  from: number;
  to: number;
  capacity: number;
}

/** Max flow by brute force: the smallest s-t cut over every split of the other nodes. */
function minCut(size: number, edges: readonly Edge[], source: number, sink: number): number {
  const others = [...Array(size).keys()].filter((v) => v !== source && v !== sink);
  let best = Number.POSITIVE_INFINITY;
  for (let mask = 0; mask < 1 << others.length; mask++) {
    const sourceSide = new Set([source, ...others.filter((_, i) => mask & (1 << i))]);
    const cut = edges
      .filter((e) => sourceSide.has(e.from) && !sourceSide.has(e.to))
      .reduce((s, e) => s + e.capacity, 0);
    best = Math.min(best, cut);
  }
  return best;
}

/** Largest matching by brute force: try every assignment of slots. */
function bruteMatching(left: number, right: number, fits: (l: number, r: number) => boolean): number {
  const used = new Array<boolean>(left).fill(false);
  const go = (r: number): number => {
    if (r === right) return 0;
    let best = go(r + 1);
    for (let l = 0; l < left; l++) {
      if (used[l] || !fits(l, r)) continue;
      used[l] = true;
      best = Math.max(best, 1 + go(r + 1));
      used[l] = false;
    }
    return best;
  };
  return go(0);
}

describe('FlowNetwork', () => {
  test('the textbook network (CLRS figure 26.1) has a maximum flow of 23', () => {
    const net = new FlowNetwork(6);
    const edges: Array<[number, number, number]> = [
      [0, 1, 16],
      [0, 2, 13],
      [1, 3, 12],
      [2, 1, 4],
      [2, 4, 14],
      [3, 2, 9],
      [3, 5, 20],
      [4, 3, 7],
      [4, 5, 4],
    ];
    for (const [a, b, c] of edges) net.addEdge(a, b, c);
    assert.equal(net.maxFlow(0, 5), 23);
  });

  test('no path from source to sink: no flow', () => {
    const net = new FlowNetwork(4);
    net.addEdge(0, 1, 5);
    net.addEdge(2, 3, 5);
    assert.equal(net.maxFlow(0, 3), 0);
  });

  test('parallel edges add up; a bottleneck limits', () => {
    const net = new FlowNetwork(3);
    const a = net.addEdge(0, 1, 3);
    const b = net.addEdge(0, 1, 4);
    const c = net.addEdge(1, 2, 5);
    assert.equal(net.maxFlow(0, 2), 5);
    assert.equal(net.flowOn(a) + net.flowOn(b), 5);
    assert.equal(net.flowOn(c), 5);
  });

  test('equals the minimum cut, and the flow respects capacities and conservation, on random networks', () => {
    const edgeArb = (size: number) =>
      fc.record({
        from: fc.integer({ min: 0, max: size - 1 }),
        to: fc.integer({ min: 0, max: size - 1 }),
        capacity: fc.integer({ min: 0, max: 20 }),
      });
    const networkArb = fc
      .integer({ min: 2, max: 7 })
      .chain((size) =>
        fc.record({ size: fc.constant(size), edges: fc.array(edgeArb(size), { maxLength: 16 }) }),
      );
    fc.assert(
      fc.property(networkArb, ({ size, edges }) => {
        const real = edges.filter((e) => e.from !== e.to);
        const net = new FlowNetwork(size);
        const ids = real.map((e) => net.addEdge(e.from, e.to, e.capacity));
        const source = 0;
        const sink = size - 1;
        const value = net.maxFlow(source, sink);
        assert.equal(value, minCut(size, real, source, sink));
        const balance = new Array<number>(size).fill(0);
        real.forEach((e, i) => {
          const f = net.flowOn(ids[i]!);
          assert.ok(f >= 0 && f <= e.capacity);
          balance[e.from]! -= f;
          balance[e.to]! += f;
        });
        for (let v = 0; v < size; v++) {
          if (v === source) assert.equal(balance[v]! + value, 0);
          else if (v === sink) assert.equal(balance[v], value);
          else assert.equal(balance[v], 0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe('maximumMatching', () => {
  test('finds the assignment a first-fit choice misses', () => {
    // Left 0 fits slots 0 and 1, left 1 fits slot 0 only: 0 must take slot 1.
    const fits = (l: number, r: number) => (l === 0 ? true : r === 0);
    assert.deepEqual(maximumMatching(2, 2, fits), [1, 0]);
  });

  test('no items or no slots', () => {
    assert.deepEqual(
      maximumMatching(0, 3, () => true),
      [-1, -1, -1],
    );
    assert.deepEqual(
      maximumMatching(3, 0, () => true),
      [],
    );
  });

  test('is as large as the brute-force maximum, and is a valid matching, on random bipartite graphs', () => {
    const graphArb = fc
      .tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 5 }))
      .chain(([left, right]) =>
        fc.record({
          left: fc.constant(left),
          right: fc.constant(right),
          adjacency: fc.array(fc.array(fc.boolean(), { minLength: right, maxLength: right }), {
            minLength: left,
            maxLength: left,
          }),
        }),
      );
    fc.assert(
      fc.property(graphArb, ({ left, right, adjacency }) => {
        const fits = (l: number, r: number) => adjacency[l]![r]!;
        const assigned = maximumMatching(left, right, fits);
        assert.equal(assigned.length, right);
        const taken = assigned.filter((l) => l >= 0);
        assert.equal(new Set(taken).size, taken.length, 'an item fills two slots');
        assigned.forEach((l, r) => {
          if (l >= 0) assert.ok(fits(l, r), `item ${l} does not fit slot ${r}`);
        });
        assert.equal(taken.length, bruteMatching(left, right, fits));
      }),
      { numRuns: 200 },
    );
  });
});
