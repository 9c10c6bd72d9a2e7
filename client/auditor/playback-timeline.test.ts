import { describe, expect, it } from 'vitest';
import type { PlaybackTrack } from '../../shared/contracts/auditor.js';
import {
  buildLanes,
  callLength,
  correctDrift,
  firstMediaMs,
  locate,
  markerShare,
  mediaTypeOf,
  SEEK_BEYOND_SEC,
  supervisorAt,
  type Lane,
} from './playback-timeline.js';

function track(
  role: PlaybackTrack['role'],
  kind: PlaybackTrack['kind'],
  displayName: string,
  segments: [start: number, duration: number | null][],
): PlaybackTrack {
  return {
    participantKey: role === 'customer' ? 'customer' : `teller:${displayName}`,
    role,
    displayName,
    kind,
    segments: segments.map(([startOffsetMs, durationMs], i) => ({
      file: `${displayName}-${kind}-${i}.webm`,
      url: `/api/recordings/c1/${displayName}-${kind}-${i}.webm`,
      codec: kind === 'video' ? 'video/VP8' : 'audio/opus',
      startOffsetMs,
      durationMs,
    })),
  };
}

const laneOf = (lanes: Lane[], side: Lane['side'], kind: Lane['kind']): Lane =>
  lanes.find((l) => l.side === side && l.kind === kind)!;

describe('buildLanes', () => {
  it('makes one lane per side and kind, even when a side recorded nothing', () => {
    const lanes = buildLanes([track('customer', 'video', 'Li', [[0, 5_000]])], 5_000);
    expect(lanes.map((l) => `${l.side}/${l.kind}`)).toEqual([
      'customer/video',
      'customer/audio',
      'teller/video',
      'teller/audio',
    ]);
    expect(laneOf(lanes, 'teller', 'video').segments).toEqual([]);
  });

  it('gives a shared screen a lane of its own, beside the teller’s camera, only when one was shared', () => {
    const screen = { ...track('teller', 'video', 'A', [[2_000, 3_000]]), source: 'screen' as const };
    const camera = track('teller', 'video', 'A', [[0, 10_000]]);
    const lanes = buildLanes([camera, screen], 10_000);
    expect(lanes.map((l) => `${l.side}/${l.kind}/${l.source ?? ''}`)).toContain('teller/video/screen');
    expect(laneOf(lanes, 'teller', 'video').segments.map((s) => s.startOffsetMs)).toEqual([0]);
    const shared = lanes.find((l) => l.source === 'screen')!;
    expect(shared.segments.map((s) => [s.startOffsetMs, s.endOffsetMs])).toEqual([[2_000, 5_000]]);
    expect(buildLanes([camera], 10_000).some((l) => l.source)).toBe(false);
    expect(firstMediaMs([camera, screen])).toBe(0);
  });

  it('puts every teller of a transferred call into the teller lane, in time order', () => {
    const lanes = buildLanes(
      [track('teller', 'video', 'B', [[6_000, 4_000]]), track('teller', 'video', 'A', [[0, 6_000]])],
      10_000,
    );
    expect(laneOf(lanes, 'teller', 'video').segments.map((s) => [s.displayName, s.endOffsetMs])).toEqual([
      ['A', 6_000],
      ['B', 10_000],
    ]);
  });

  it('lets an unprobed segment run to the next segment, or to the end of the call', () => {
    const lanes = buildLanes(
      [
        track('customer', 'video', 'Li', [
          [0, null],
          [4_000, null],
        ]),
      ],
      9_000,
    );
    expect(laneOf(lanes, 'customer', 'video').segments.map((s) => s.endOffsetMs)).toEqual([4_000, 9_000]);
  });

  it('gives a whispering supervisor an audio lane whose segments are marked whisper, and no picture', () => {
    const whisper: PlaybackTrack = {
      ...track('supervisor', 'audio', 'Zhou', [[3_000, 2_000]]),
      participantKey: 'whisper:s1',
      whisper: true,
    };
    const lanes = buildLanes([track('teller', 'audio', 'A', [[0, 10_000]]), whisper], 10_000);
    expect(lanes.filter((l) => l.side === 'supervisor').map((l) => l.kind)).toEqual(['audio']);
    const heard = laneOf(lanes, 'supervisor', 'audio');
    expect(heard.segments.map((s) => [s.displayName, s.whisper, s.startOffsetMs, s.endOffsetMs])).toEqual([
      ['Zhou', true, 3_000, 5_000],
    ]);
    expect(locate(heard, 4_000)?.segment.whisper).toBe(true);
    expect(locate(heard, 5_000)).toBeNull();
    // The teller's own lane holds none of it.
    expect(laneOf(lanes, 'teller', 'audio').segments.map((s) => s.displayName)).toEqual(['A']);
  });

  it('puts a barging supervisor’s camera and sound into lanes of their own, after a whisper', () => {
    const whisper: PlaybackTrack = {
      ...track('supervisor', 'audio', 'Zhou', [[3_000, 2_000]]),
      participantKey: 'whisper:s1',
      whisper: true,
    };
    const barge = (kind: PlaybackTrack['kind']): PlaybackTrack => ({
      ...track('supervisor', kind, 'Zhou', [[6_000, 3_000]]),
      participantKey: 'supervisor:s1',
    });
    const lanes = buildLanes([barge('video'), whisper, barge('audio')], 10_000);
    const sound = laneOf(lanes, 'supervisor', 'audio');
    expect(sound.segments.map((s) => [s.startOffsetMs, s.whisper ?? false])).toEqual([
      [3_000, true],
      [6_000, false],
    ]);
    expect(locate(sound, 7_000)?.segment.whisper).toBeUndefined();
    const picture = laneOf(lanes, 'supervisor', 'video');
    expect(picture.segments.map((s) => [s.startOffsetMs, s.endOffsetMs])).toEqual([[6_000, 9_000]]);
    expect(locate(picture, 4_000)).toBeNull();
    // The replay still opens where the customer and teller are both on video, not on the supervisor.
    expect(firstMediaMs([barge('video'), track('customer', 'video', 'Li', [[500, 9_000]])])).toBe(500);
  });
});

describe('supervisorAt', () => {
  const whisper = { ...track('supervisor', 'audio', 'S', [[1_000, 2_000]]), whisper: true as const };
  // As recorded: the barge's picture started before its sound's recorder did.
  const bargeVideo = track('supervisor', 'video', 'S', [[4_000, 3_000]]);
  const bargeAudio = track('supervisor', 'audio', 'S', [[5_400, 1_600]]);
  const lanes = buildLanes([whisper, bargeVideo, bargeAudio], 8_000);

  it('tells a whisper from a barge, and a barge by its picture before its sound has begun', () => {
    const modes = [500, 1_500, 3_500, 4_500, 6_000, 7_500].map((ms) => supervisorAt(lanes, ms).mode);
    expect(modes).toEqual(['absent', 'whisper', 'absent', 'barge', 'barge', 'absent']);
    expect(supervisorAt(lanes, 4_500).segment?.displayName).toBe('S');
    expect(supervisorAt(lanes, 500).segment).toBeNull();
  });

  it('says absent for a call no supervisor joined', () => {
    expect(supervisorAt(buildLanes([], 8_000), 1_500)).toEqual({ mode: 'absent', segment: null });
  });
});

describe('locate', () => {
  // Joined 1 s in, dropped at 4 s, back at 5.5 s until 9 s.
  const lane = laneOf(
    buildLanes(
      [
        track('customer', 'video', 'Li', [
          [1_000, 3_000],
          [5_500, 3_500],
        ]),
      ],
      10_000,
    ),
    'customer',
    'video',
  );

  it('has nothing before the first segment, in a reconnect gap and after the last', () => {
    expect(locate(lane, 0)).toBeNull();
    expect(locate(lane, 999)).toBeNull();
    expect(locate(lane, 4_000)).toBeNull();
    expect(locate(lane, 5_499)).toBeNull();
    expect(locate(lane, 9_000)).toBeNull();
  });

  it('maps call time to the segment and the time within its file', () => {
    expect(locate(lane, 1_000)).toMatchObject({ index: 0, mediaTimeSec: 0 });
    expect(locate(lane, 3_250)).toMatchObject({ index: 0, mediaTimeSec: 2.25 });
    expect(locate(lane, 7_000)).toMatchObject({ index: 1, mediaTimeSec: 1.5 });
    expect(locate(lane, 7_000)?.segment.url).toBe('/api/recordings/c1/Li-video-1.webm');
  });

  it('prefers the newer segment where two overlap', () => {
    const handover = laneOf(
      buildLanes(
        [track('teller', 'audio', 'A', [[0, 6_000]]), track('teller', 'audio', 'B', [[5_000, 5_000]])],
        10_000,
      ),
      'teller',
      'audio',
    );
    expect(locate(handover, 5_500)).toMatchObject({ index: 1, mediaTimeSec: 0.5 });
    expect(locate(handover, 4_999)).toMatchObject({ index: 0 });
  });
});

describe('callLength', () => {
  it('is the server’s length when it has one', () => {
    expect(callLength(8_000, [track('customer', 'video', 'Li', [[0, 9_000]])], [])).toBe(8_000);
  });

  it('otherwise reaches as far as a recording or an event does', () => {
    const tracks = [
      track('customer', 'video', 'Li', [[500, 7_000]]),
      track('teller', 'audio', 'A', [[0, null]]),
    ];
    expect(callLength(null, tracks, [3_000])).toBe(7_500);
    expect(callLength(null, tracks, [12_000])).toBe(12_000);
    expect(callLength(null, [], [])).toBe(0);
  });
});

describe('markerShare', () => {
  it('places an event by its share of the call, kept on the bar', () => {
    expect(markerShare(2_000, 8_000)).toBe(0.25);
    expect(markerShare(9_000, 8_000)).toBe(1);
    expect(markerShare(-10, 8_000)).toBe(0);
    expect(markerShare(100, 0)).toBe(0);
  });
});

describe('correctDrift', () => {
  it('leaves an element in sync at the chosen rate', () => {
    expect(correctDrift(5, 5.02, 1.5)).toEqual({ playbackRate: 1.5 });
  });

  it('speeds up an element that lags and slows down one that is ahead, in proportion', () => {
    const behind = correctDrift(5, 4.8, 1);
    const ahead = correctDrift(5, 5.2, 1);
    expect(behind.seekToSec).toBeUndefined();
    expect(behind.playbackRate).toBeCloseTo(1.2);
    expect(ahead.playbackRate).toBeCloseTo(0.8);
    expect(correctDrift(5, 4.9, 2).playbackRate).toBeCloseTo(2.2);
  });

  it('never nudges by more than 30 %', () => {
    expect(correctDrift(5, 4.1, 1).playbackRate).toBeCloseTo(1.3);
    expect(correctDrift(5, 5.9, 1).playbackRate).toBeCloseTo(0.7);
  });

  it('seeks an element that is too far off to catch up', () => {
    expect(correctDrift(5, 5 - SEEK_BEYOND_SEC - 0.1, 1)).toEqual({ seekToSec: 5, playbackRate: 1 });
    expect(correctDrift(2, 7, 2)).toEqual({ seekToSec: 2, playbackRate: 2 });
  });
});

describe('mediaTypeOf', () => {
  it('asks about WebM with VP8, VP9 or Opus', () => {
    expect(mediaTypeOf({ file: 'a/customer-video-1.webm', codec: 'video/VP8' })).toBe(
      'video/webm; codecs="vp8"',
    );
    expect(mediaTypeOf({ file: 'a.webm', codec: 'audio/opus' })).toBe('audio/webm; codecs="opus"');
  });

  it('asks about H264 in Matroska, which the browser may refuse', () => {
    expect(mediaTypeOf({ file: 'a.mkv', codec: 'video/H264' })).toBe(
      'video/x-matroska; codecs="avc1.42E01E"',
    );
  });

  it('has nothing to ask for a container or codec it does not know', () => {
    expect(mediaTypeOf({ file: 'a.webm', codec: 'video/H264' })).toBeNull();
    expect(mediaTypeOf({ file: 'a.mp4', codec: 'video/VP8' })).toBeNull();
  });
});

describe('firstMediaMs', () => {
  it('opens the replay where both sides have video, not at the call’s 0:00', () => {
    const tracks = [
      track('customer', 'video', 'c', [[1_200, 5_000]]),
      track('teller', 'video', 't', [[900, 5_000]]),
      track('teller', 'audio', 't', [[100, 5_000]]),
    ];
    expect(firstMediaMs(tracks)).toBe(1_200);
    expect(
      firstMediaMs([
        track('customer', 'video', 'c', [
          [0, 0],
          [2_000, null],
        ]),
      ]),
    ).toBe(2_000);
    expect(firstMediaMs([])).toBe(0);
  });
});
