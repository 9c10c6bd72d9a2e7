import { describe, expect, it } from 'vitest';
import { buildManifest, type DescribedSegment } from './recording-manifest.js';

const segment = (over: Partial<DescribedSegment>): DescribedSegment => ({
  file: '/rec/2026-11-21/call-1/customer-video-01.webm',
  kind: 'video',
  codec: 'video/VP8',
  producerId: 'p1',
  startedAt: 1_000_500,
  endedAt: 1_010_000,
  status: 'complete',
  ffmpegExit: { code: 255, signal: null },
  participantKey: 'customer',
  durationMs: 9400,
  sha256: 'a'.repeat(64),
  bytes: 1234,
  ...over,
});

describe('buildManifest', () => {
  it('groups segments into tracks in time order, with offsets from the call start', () => {
    const manifest = buildManifest({
      callId: 'call-1',
      startedAt: 1_000_000,
      folder: '/rec/2026-11-21/call-1',
      participants: [{ key: 'customer', role: 'customer', displayName: 'Li Lei' }],
      segments: [
        segment({
          startedAt: 1_006_000,
          file: '/rec/2026-11-21/call-1/customer-video-02.webm',
          producerId: 'p2',
        }),
        segment({}),
        segment({ kind: 'audio', codec: 'audio/opus', startedAt: 1_000_400, status: 'interrupted' }),
      ],
      events: [
        { at: 1_004_000, type: 'transfer.requested', actor: 'teller:t1', data: { reason: 'loan' } },
        { at: 1_000_000, type: 'call.started', actor: 'teller:t1' },
      ],
    });
    expect(manifest.interrupted).toBe(true);
    expect(
      manifest.tracks.map((t) => [t.participantKey, t.kind, t.segments.map((s) => s.startOffsetMs)]),
    ).toEqual([
      ['customer', 'audio', [400]],
      ['customer', 'video', [500, 6000]],
    ]);
    expect(manifest.tracks[1]!.segments[1]).toEqual({
      file: 'customer-video-02.webm',
      codec: 'video/VP8',
      producerId: 'p2',
      startOffsetMs: 6000,
      durationMs: 9400,
      sha256: 'a'.repeat(64),
      bytes: 1234,
      status: 'complete',
    });
    expect(manifest.events).toEqual([
      { offsetMs: 0, type: 'call.started', actor: 'teller:t1', data: {} },
      { offsetMs: 4000, type: 'transfer.requested', actor: 'teller:t1', data: { reason: 'loan' } },
    ]);
  });

  it('keeps a shared screen a track of its own beside the same participant’s camera', () => {
    const teller = { participantKey: 'teller:t1' };
    const manifest = buildManifest({
      callId: 'call-1',
      startedAt: 1_000_000,
      folder: '/rec/2026-11-21/call-1',
      participants: [{ key: 'teller:t1', role: 'teller', displayName: 'Wang' }],
      segments: [
        segment({ ...teller, file: '/rec/2026-11-21/call-1/teller_t1-video-01.webm' }),
        segment({
          ...teller,
          source: 'screen',
          producerId: 'p-screen',
          startedAt: 1_003_000,
          file: '/rec/2026-11-21/call-1/teller_t1-screen-01.webm',
        }),
      ],
      events: [],
    });
    expect(manifest.tracks.map((t) => [t.kind, t.source, t.segments.map((s) => s.file)])).toEqual([
      ['video', undefined, ['teller_t1-video-01.webm']],
      ['video', 'screen', ['teller_t1-screen-01.webm']],
    ]);
    // A camera's track says nothing of a source: manifests written before sources read the same.
    expect(Object.keys(manifest.tracks[0]!)).not.toContain('source');
  });
});
