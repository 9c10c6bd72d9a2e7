import { describe, expect, it } from 'vitest';
import { landmarkFixture, type LandmarkFixture } from '../../test/support/landmark-fixtures.js';
import type { FaceEngine } from './engine/face-engine.js';
import type { AnalyseOptions, FaceFinding, ImageAnalysis } from './engine/face-findings.js';
import { FrameAnalyser } from './frame-analysis.js';

const FRONTAL_YAW = 0.15;
const face = (pose: LandmarkFixture, descriptor: number[]): FaceFinding => ({
  score: 0.9,
  box: { x: 0, y: 0, width: 100, height: 100 },
  landmarks: [...landmarkFixture(pose)],
  descriptor: Float32Array.from(descriptor),
});

/** An engine whose answer is scripted per frame (its first byte) and detector; it records what was asked. */
function scriptedEngine(script: Record<number, Partial<Record<AnalyseOptions['detector'], FaceFinding[]>>>) {
  const calls: { frame: number; options: Partial<AnalyseOptions> }[] = [];
  const engine = {
    analyse: async (bytes: Uint8Array, options: Partial<AnalyseOptions>): Promise<ImageAnalysis> => {
      calls.push({ frame: bytes[0]!, options });
      const faces = script[bytes[0]!]?.[options.detector!] ?? [];
      return {
        width: 640,
        height: 480,
        meanLuma: 128,
        faces,
        ...(faces.length === 1 && { thumbnail: Uint8Array.of(bytes[0]!) }),
      };
    },
  };
  return { engine: engine as unknown as FaceEngine, calls };
}

const admitAll = async (analyser: FrameAnalyser, frames: number) => {
  for (let seq = 0; seq < frames; seq++) {
    analyser.admit({ seq, sha256: `h${seq}`, bytes: Uint8Array.of(seq) });
    await new Promise((resolve) => setImmediate(resolve));
  }
};

describe('FrameAnalyser', () => {
  it('matches every frame on the tiny path and scans the first frontal one once with ssd, before the end', async () => {
    const { engine, calls } = scriptedEngine({
      0: { tiny: [face('astronaut-turned-left', [0.5, 0])] },
      1: { tiny: [face('astronaut-frontal', [0.2, 0])], ssd: [face('astronaut-frontal', [0, 0])] },
      2: { tiny: [face('astronaut-frontal', [0.1, 0])] },
    });
    const analyser = new FrameAnalyser(engine, FRONTAL_YAW);
    await admitAll(analyser, 3);
    expect(calls.filter((c) => c.options.detector === 'ssd').map((c) => c.frame)).toEqual([1]);
    expect(calls.filter((c) => c.options.detector === 'tiny').every((c) => c.options.descriptors)).toBe(true);

    const result = await analyser.result(Float32Array.of(0, 0));
    expect(result.frames.map((f) => f.distance)).toEqual([0.5, expect.closeTo(0.2), expect.closeTo(0.1)]);
    expect(result.scores.map((s) => s.sha256)).toEqual(['h0', 'h1', 'h2']);
    expect(result.thumbnail).toEqual(Uint8Array.of(2));
    expect(calls.filter((c) => c.options.detector === 'ssd')).toHaveLength(1);
  });

  it('counts the faces the ssd scan finds when the tiny detector saw only one', async () => {
    const one = face('astronaut-frontal', [0, 0]);
    const { engine } = scriptedEngine({
      0: { tiny: [one], ssd: [one, face('vlado-01', [1, 1])] },
      1: { tiny: [one] },
    });
    const analyser = new FrameAnalyser(engine, FRONTAL_YAW);
    await admitAll(analyser, 2);
    const result = await analyser.result(Float32Array.of(0, 0));
    expect(result.frames.map((f) => f.faceCount)).toEqual([2, 1]);
    expect(result.scores[0]!.faces).toBe(2);
  });

  it('scans the most frontal frame at the end when no frame was frontal', async () => {
    const { engine, calls } = scriptedEngine({
      0: { tiny: [face('astronaut-turned-left', [0, 0])] },
      1: { tiny: [] },
    });
    const analyser = new FrameAnalyser(engine, 0.0001);
    await admitAll(analyser, 2);
    expect(calls.some((c) => c.options.detector === 'ssd')).toBe(false);
    const result = await analyser.result(Float32Array.of(0, 0));
    expect(calls.filter((c) => c.options.detector === 'ssd').map((c) => c.frame)).toEqual([0]);
    expect(result.frames.map((f) => f.faceCount)).toEqual([1, 0]);
  });
});
