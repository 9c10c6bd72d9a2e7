import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodesForCalls, placeCall, type PlacementCandidate } from './call-placement.js';

const HEARTBEAT = 5_000;
const NOW = 1_000_000;

const candidate = fc.record({
  id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  lastSeenAt: fc.integer({ min: NOW - 60_000, max: NOW }),
  draining: fc.boolean(),
  liveCalls: fc.integer({ min: 0, max: 200 }),
  cpuPercent: fc.double({ min: 0, max: 400, noNaN: true }),
});
const uniqueNodes = fc.uniqueArray(candidate, { selector: (node) => node.id, maxLength: 5 });
const eligible = (node: PlacementCandidate) => !node.draining && NOW - node.lastSeenAt <= HEARTBEAT * 3;

describe('placeCall', () => {
  it('puts the call on the node with the fewest calls, then the least CPU', () => {
    const nodes = [
      { id: 'a', lastSeenAt: NOW, draining: false, liveCalls: 4, cpuPercent: 10 },
      { id: 'b', lastSeenAt: NOW, draining: false, liveCalls: 2, cpuPercent: 90 },
      { id: 'c', lastSeenAt: NOW, draining: false, liveCalls: 2, cpuPercent: 30 },
    ];
    expect(placeCall(nodes, NOW, HEARTBEAT)).toBe('c');
  });

  it('skips a draining node and one that missed its heartbeats, however idle', () => {
    const nodes = [
      { id: 'a', lastSeenAt: NOW, draining: true, liveCalls: 0, cpuPercent: 0 },
      { id: 'b', lastSeenAt: NOW - HEARTBEAT * 3 - 1, draining: false, liveCalls: 0, cpuPercent: 0 },
      { id: 'c', lastSeenAt: NOW, draining: false, liveCalls: 50, cpuPercent: 80 },
    ];
    expect(placeCall(nodes, NOW, HEARTBEAT)).toBe('c');
    expect(placeCall(nodes.slice(0, 2), NOW, HEARTBEAT)).toBeUndefined();
  });

  it('always picks an eligible node with no eligible node lighter, whatever the order', () => {
    fc.assert(
      fc.property(uniqueNodes, (nodes) => {
        const picked = placeCall(nodes, NOW, HEARTBEAT);
        const candidates = nodes.filter(eligible);
        if (candidates.length === 0) {
          expect(picked).toBeUndefined();
          return;
        }
        const chosen = candidates.find((node) => node.id === picked);
        expect(chosen).toBeDefined();
        for (const other of candidates) expect(other.liveCalls).toBeGreaterThanOrEqual(chosen!.liveCalls);
        expect(placeCall([...nodes].reverse(), NOW, HEARTBEAT)).toBe(picked);
      }),
    );
  });

  it('lists every eligible node once, none lighter after a heavier, the first as placeCall picks', () => {
    fc.assert(
      fc.property(uniqueNodes, (nodes) => {
        const ranked = nodesForCalls(nodes, NOW, HEARTBEAT);
        expect(new Set(ranked)).toEqual(new Set(nodes.filter(eligible).map((node) => node.id)));
        expect(ranked[0]).toBe(placeCall(nodes, NOW, HEARTBEAT));
        const byId = new Map<string, PlacementCandidate>(nodes.map((node) => [node.id, node]));
        for (let i = 1; i < ranked.length; i++)
          expect(byId.get(ranked[i - 1]!)!.liveCalls).toBeLessThanOrEqual(byId.get(ranked[i]!)!.liveCalls);
      }),
    );
  });
});
