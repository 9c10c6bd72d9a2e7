import { describe, expect, it } from 'vitest';
import { buildManifest, type DescribedSegment } from '../../recording/rules/recording-manifest.js';
import { auditCallDetail, recordingFileUrl, type DetailSources } from './audit-call-detail.js';

const START = 1_000_000;
const FOLDER = '/rec/2026-11-21/call-1';

const segment = (participantKey: string, kind: 'audio' | 'video', name: string): DescribedSegment => ({
  file: `${FOLDER}/${name}`,
  kind,
  codec: kind === 'video' ? 'video/VP8' : 'audio/opus',
  producerId: name,
  startedAt: START + 400,
  endedAt: START + 10_000,
  status: 'complete',
  ffmpegExit: { code: 255, signal: null },
  participantKey,
  durationMs: 9_500,
  sha256: 'a'.repeat(64),
  bytes: 100,
});

const manifest = buildManifest({
  callId: 'call-1',
  startedAt: START,
  folder: FOLDER,
  participants: [
    { key: 'customer', role: 'customer', displayName: 'Li Lei' },
    { key: 'teller:u1', role: 'teller', displayName: 'Teller One' },
  ],
  segments: [
    segment('customer', 'video', 'customer-video-01.webm'),
    segment('teller:u1', 'audio', 'teller_u1-audio-01.webm'),
  ],
  events: [{ at: START + 3_000, type: 'service.step_confirmed', actor: 'u1', data: { stepId: 'policy' } }],
});

const sources = (over: Partial<DetailSources> = {}): DetailSources => ({
  facts: {
    callId: 'call-1',
    startedAt: START - 200,
    endedAt: START + 9_000,
    serviceId: 'contact-change',
    tellers: [{ username: 'teller1', displayName: 'Teller One' }],
    customerName: 'Li Lei',
    customerIdNumber: 'E12345678',
    recordingStatus: 'complete',
    decision: null,
    outcome: {
      service: 'completed',
      notCompletedBecause: null,
      endReason: 'customer_hung_up',
      face: 'passed',
      transfers: 0,
      recordingFailures: 0,
    },
  },
  recording: { status: 'complete', manifestSha256: 'b'.repeat(64) },
  manifest,
  storedEvents: [],
  recordUrl: '/api/calls/call-1/record.pdf',
  staffName: (actor) => (actor === 'u1' ? 'teller1' : undefined),
  ...over,
});

describe('auditCallDetail', () => {
  it('lists each track with its participant and file URLs, and the manifest’s labelled events', () => {
    const detail = auditCallDetail(sources());
    expect(detail.recording).toEqual({
      manifestSha256: 'b'.repeat(64),
      interrupted: false,
      tracks: [
        {
          participantKey: 'customer',
          role: 'customer',
          displayName: 'L* L**',
          kind: 'video',
          segments: [
            {
              file: 'customer-video-01.webm',
              url: '/api/recordings/call-1/customer-video-01.webm',
              codec: 'video/VP8',
              startOffsetMs: 400,
              durationMs: 9_500,
            },
          ],
        },
        expect.objectContaining({ participantKey: 'teller:u1', role: 'teller', kind: 'audio' }),
      ],
    });
    expect(detail.events).toEqual([
      {
        offsetMs: 3_000,
        type: 'service.step_confirmed',
        actor: { kind: 'staff', name: 'teller1' },
        facts: { step: { 'zh-CN': '保单信息', en: 'Policy' } },
      },
    ]);
    // The last media ends at 400 + 9 500, after the call's end at 9 000.
    expect(detail.durationMs).toBe(9_900);
    expect(detail).toMatchObject({ customerNameMasked: 'L* L**', auditStatus: 'not_required' });
  });

  it('takes the timeline from SQLite, from the call’s start, when there is no manifest', () => {
    const detail = auditCallDetail(
      sources({
        manifest: undefined,
        recording: { status: 'recording', manifestSha256: null },
        storedEvents: [{ at: START + 800, type: 'call.started', actor: 'u1', data: {} }],
      }),
    );
    expect(detail.events).toEqual([
      {
        offsetMs: 1_000,
        type: 'call.started',
        actor: { kind: 'staff', name: 'teller1' },
        facts: {},
      },
    ]);
    expect(detail.recording).toEqual({ manifestSha256: null, interrupted: false, tracks: [] });
    expect(detail.durationMs).toBe(9_200);
  });

  it('reads a manifest written before service.completed was renamed under today’s name', () => {
    const old = buildManifest({
      callId: 'call-1',
      startedAt: START,
      folder: FOLDER,
      participants: [],
      segments: [],
      events: [
        { at: START + 1_000, type: 'service.service_withdrawn', actor: 'u1', data: { stepId: 'retention' } },
        { at: START + 2_000, type: 'service.service_completed', actor: 'u1', data: { serviceId: 'x' } },
      ],
    });
    expect(auditCallDetail(sources({ manifest: old })).events).toEqual([
      {
        offsetMs: 1_000,
        type: 'service.withdrawn',
        actor: { kind: 'staff', name: 'teller1' },
        facts: {},
      },
      {
        offsetMs: 2_000,
        type: 'service.completed',
        actor: { kind: 'staff', name: 'teller1' },
        facts: {},
      },
    ]);
  });

  it('offers nothing to play once purged, and no recording block for a call never recorded', () => {
    expect(
      auditCallDetail(sources({ recording: { status: 'purged', manifestSha256: 'c'.repeat(64) } })).recording,
    ).toEqual({
      manifestSha256: 'c'.repeat(64),
      interrupted: false,
      tracks: [],
    });
    expect(auditCallDetail(sources({ recording: undefined, manifest: undefined })).recording).toBeNull();
  });
});

describe('recordingFileUrl', () => {
  it('encodes the call id and each segment of the file', () => {
    expect(recordingFileUrl('a b', 'x/teller:1.webm')).toBe('/api/recordings/a%20b/x/teller%3A1.webm');
  });
});
