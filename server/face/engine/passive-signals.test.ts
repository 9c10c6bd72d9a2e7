import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFaceFixture } from '../../../test/support/face-fixtures.js';
import { FaceEngine } from './face-engine.js';

// Both passive-signal models from node_modules, on a real worker thread beside face-api.
let engine: FaceEngine;
beforeAll(async () => {
  engine = new FaceEngine({ workers: 1 });
  await engine.ready();
});
afterAll(() => engine.close());

const inUnitRange = (value: number | null | undefined) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;

describe('passive presentation-attack signals', () => {
  it.each(['astronaut.png', 'vlado-01.png', 'vlado-07.png'])(
    'scores the one face of %s with both models, each in [0, 1]',
    async (fixture) => {
      const analysis = await engine.analyse(readFaceFixture(fixture), {
        detector: 'tiny',
        descriptors: true,
        passiveSignals: true,
      });
      expect(analysis.faces).toHaveLength(1);
      const signals = analysis.passiveSignals!;
      expect(inUnitRange(signals.antispoof)).toBe(true);
      expect(inUnitRange(signals.liveness)).toBe(true);
      expect(signals.elapsedMs).toBeGreaterThan(0);
    },
  );

  it('are computed only when asked, and only for a single face', async () => {
    const plain = await engine.analyse(readFaceFixture('astronaut.png'), { detector: 'tiny' });
    expect(plain.passiveSignals).toBeUndefined();
    const group = await engine.analyse(readFaceFixture('sample1.jpg'), { passiveSignals: true });
    expect(group.faces.length).toBeGreaterThan(1);
    expect(group.passiveSignals).toBeUndefined();
  });
});
