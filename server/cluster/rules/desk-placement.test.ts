import { describe, expect, it } from 'vitest';
import type { PlacementCandidate } from './call-placement.js';
import { placeDesk } from './desk-placement.js';

const HEARTBEAT = 5_000;
const NOW = 1_000_000;
const node = (id: string, liveCalls: number, seenAgo = 0, draining = false): PlacementCandidate => ({
  id,
  lastSeenAt: NOW - seenAgo,
  draining,
  liveCalls,
  cpuPercent: 5,
});

describe('placeDesk', () => {
  it('names the node with the fewest calls, this one or another', () => {
    expect(placeDesk([node('a', 3), node('b', 1), node('c', 2)], 'a', NOW, HEARTBEAT)).toBe('b');
    expect(placeDesk([node('a', 0), node('b', 1)], 'a', NOW, HEARTBEAT)).toBe('a');
  });

  it('answers null for a node alone: none listed, only itself, or the others gone', () => {
    expect(placeDesk([], 'a', NOW, HEARTBEAT)).toBeNull();
    expect(placeDesk([node('a', 5)], 'a', NOW, HEARTBEAT)).toBeNull();
    expect(placeDesk([node('a', 5), node('b', 0, 3 * HEARTBEAT + 1)], 'a', NOW, HEARTBEAT)).toBeNull();
  });

  it('skips draining nodes, and answers null when every node drains', () => {
    expect(placeDesk([node('a', 5), node('b', 0, 0, true)], 'a', NOW, HEARTBEAT)).toBe('a');
    expect(placeDesk([node('a', 5, 0, true), node('b', 0, 0, true)], 'a', NOW, HEARTBEAT)).toBeNull();
  });
});
