import type { PlaybackSegment, PlaybackTrack } from '../../shared/contracts/auditor.js';
import type { ProducerSource } from '../../shared/contracts/media.js';

/**
 * How a call's recording maps onto one timeline. Pure: the player asks it where
 * each element should be; it never touches a media element.
 *
 * Time base: milliseconds from the call's start (the manifest's). A lane is one
 * side's video or audio across the whole call; a teller transfer puts several
 * tellers' tracks into the teller lane, one after the other.
 */

/** The sides the player shows: the customer, the teller and a supervisor who whispered or barged in. */
export type Side = PlaybackTrack['role'];
export type Kind = PlaybackTrack['kind'];

export interface LaneSegment extends PlaybackSegment {
  /** Whose recording this is, for the caption. */
  displayName: string;
  /** Where the segment stops on the call's timeline (exclusive). */
  endOffsetMs: number;
  /** A supervisor's whisper: the teller heard it, the customer never did. */
  whisper?: true;
}

export interface Lane {
  side: Side;
  kind: Kind;
  /** Set for a lane beyond the sides' cameras and microphones: a shared screen. */
  source?: ProducerSource;
  /** By start offset. */
  segments: LaneSegment[];
}

/** Where one lane's element should be at a moment of the call. */
export interface LanePosition {
  index: number;
  segment: LaneSegment;
  /** Seconds into the segment's file. */
  mediaTimeSec: number;
}

/** The segments of `tracks`, one after the other, each with where it stops. */
function laneSegments(tracks: readonly PlaybackTrack[], callLengthMs: number): LaneSegment[] {
  const segments = tracks
    .flatMap((t) =>
      t.segments.map((s) => ({ ...s, displayName: t.displayName, ...(t.whisper && { whisper: t.whisper }) })),
    )
    .sort((a, b) => a.startOffsetMs - b.startOffsetMs);
  return segments.map((s, i) => ({
    ...s,
    endOffsetMs:
      s.durationMs === null
        ? Math.max(s.startOffsetMs, segments[i + 1]?.startOffsetMs ?? callLengthMs)
        : s.startOffsetMs + s.durationMs,
  }));
}

/**
 * The lanes of a recording, one per side and kind, and one for the shared
 * screen when the call had one (whoever shared it). A supervisor gets lanes
 * only when one whispered or barged in: an audio lane (whispers and barges
 * alike, each segment marked) and a video lane when a barge sent a picture;
 * several supervisors share them, like tellers after a transfer. A segment
 * without a probed duration (ffprobe could not read it) is taken to run until
 * the lane's next segment or the call's end.
 */
export function buildLanes(tracks: readonly PlaybackTrack[], callLengthMs: number): Lane[] {
  const lanes: Lane[] = [];
  const ownOf = (side: Side, kind: Kind): PlaybackTrack[] =>
    tracks.filter((t) => t.role === side && t.kind === kind && !t.source);
  for (const side of ['customer', 'teller'] as const) {
    for (const kind of ['video', 'audio'] as const)
      lanes.push({ side, kind, segments: laneSegments(ownOf(side, kind), callLengthMs) });
  }
  const supervisorVideo = ownOf('supervisor', 'video');
  const supervisorAudio = ownOf('supervisor', 'audio');
  if (supervisorVideo.length > 0)
    lanes.push({ side: 'supervisor', kind: 'video', segments: laneSegments(supervisorVideo, callLengthMs) });
  if (supervisorAudio.length > 0 || supervisorVideo.length > 0)
    lanes.push({ side: 'supervisor', kind: 'audio', segments: laneSegments(supervisorAudio, callLengthMs) });
  const screens = tracks.filter((t) => t.source === 'screen' && t.kind === 'video');
  const sharer = screens[0]?.role;
  if (sharer === 'customer' || sharer === 'teller')
    lanes.push({
      side: sharer,
      kind: 'video',
      source: 'screen',
      segments: laneSegments(screens, callLengthMs),
    });
  return lanes;
}

/**
 * The segment playing at `callMs`, or null before the first one, in a gap
 * (a reconnect) or after the last. Where two overlap (a hand-over), the one
 * that started later wins: it is the newer connection.
 */
export function locate(lane: Lane, callMs: number): LanePosition | null {
  for (let index = lane.segments.length - 1; index >= 0; index--) {
    const segment = lane.segments[index]!;
    if (callMs >= segment.startOffsetMs && callMs < segment.endOffsetMs)
      return { index, segment, mediaTimeSec: (callMs - segment.startOffsetMs) / 1000 };
  }
  return null;
}

/** What a supervisor was doing at a moment of the call, as the replay marks it. */
export type SupervisorMode = 'absent' | 'whisper' | 'barge';

/**
 * The supervisor's mode at `callMs`, from both of its lanes: a picture is sent
 * only by a barging supervisor, so a video segment means a barge even before
 * its sound's recorder has started (each track's recorder starts on its own).
 */
export function supervisorAt(
  lanes: readonly Lane[],
  callMs: number,
): { mode: SupervisorMode; segment: LaneSegment | null } {
  const at = (kind: Kind) => {
    const lane = lanes.find((l) => l.side === 'supervisor' && l.kind === kind && !l.source);
    return lane ? (locate(lane, callMs)?.segment ?? null) : null;
  };
  const video = at('video');
  if (video) return { mode: 'barge', segment: video };
  const audio = at('audio');
  if (!audio) return { mode: 'absent', segment: null };
  return { mode: audio.whisper ? 'whisper' : 'barge', segment: audio };
}

/**
 * The player's range: the call's length when the server knows it, else as far
 * as anything recorded or any event reaches.
 */
export function callLength(
  durationMs: number | null,
  tracks: readonly PlaybackTrack[],
  eventOffsetsMs: readonly number[],
): number {
  if (durationMs !== null && durationMs > 0) return durationMs;
  const ends = tracks.flatMap((t) => t.segments.map((s) => s.startOffsetMs + (s.durationMs ?? 0)));
  return Math.max(0, ...ends, ...eventOffsetsMs);
}

/** Where on the seek bar an event sits, as a share of the call from 0 to 1. */
/**
 * Where the replay opens: the first moment both sides have video (media
 * starts a moment after the call, each side's a little apart), so neither
 * greets the auditor with "no video". 0 when nothing was recorded.
 */
export function firstMediaMs(tracks: readonly PlaybackTrack[]): number {
  const firstOfSide = (['customer', 'teller'] as const).map((side) => {
    const starts = tracks
      .filter((t) => t.kind === 'video' && t.role === side && !t.source)
      .flatMap((t) => t.segments.filter((s) => s.durationMs !== 0).map((s) => s.startOffsetMs));
    return starts.length === 0 ? null : Math.min(...starts);
  });
  const known = firstOfSide.filter((start) => start !== null);
  return known.length === 0 ? 0 : Math.max(0, ...known);
}

export function markerShare(offsetMs: number, lengthMs: number): number {
  if (lengthMs <= 0) return 0;
  return Math.min(1, Math.max(0, offsetMs / lengthMs));
}

/** What to do with an element that should be at `expectedSec` but is at `actualSec`. */
export interface DriftCorrection {
  /** Set when the element is too far off to catch up smoothly. */
  seekToSec?: number;
  playbackRate: number;
}

/** Below this an element is in sync and plays at the chosen speed. */
export const IN_SYNC_SEC = 0.03;
/** Beyond this a seek is cheaper than catching up by speed. */
export const SEEK_BEYOND_SEC = 1;
/** How much faster or slower an element may play to catch up. */
const MAX_NUDGE = 0.3;

/**
 * Small drift is corrected by playing a little faster or slower (in proportion,
 * so 0.2 s is gone in about a second) rather than by seeking: a seek makes the
 * decoder start again from a key frame, and a recording may hold only one.
 */
export function correctDrift(expectedSec: number, actualSec: number, rate: number): DriftCorrection {
  const behindSec = expectedSec - actualSec;
  if (Math.abs(behindSec) > SEEK_BEYOND_SEC) return { seekToSec: expectedSec, playbackRate: rate };
  if (Math.abs(behindSec) <= IN_SYNC_SEC) return { playbackRate: rate };
  const nudge = Math.min(MAX_NUDGE, Math.max(-MAX_NUDGE, behindSec));
  return { playbackRate: rate * (1 + nudge) };
}

/**
 * The container and codec a browser is asked about before a segment is given
 * to it. Null for what no browser plays from a file: H264 is recorded into
 * Matroska, which only some browsers read.
 */
export function mediaTypeOf(segment: Pick<PlaybackSegment, 'file' | 'codec'>): string | null {
  const codec = segment.codec.toLowerCase();
  if (segment.file.endsWith('.webm')) {
    const inWebm: Record<string, string> = {
      'video/vp8': 'video/webm; codecs="vp8"',
      'video/vp9': 'video/webm; codecs="vp9"',
      'audio/opus': 'audio/webm; codecs="opus"',
    };
    return inWebm[codec] ?? null;
  }
  if (segment.file.endsWith('.mkv') && codec === 'video/h264')
    return 'video/x-matroska; codecs="avc1.42E01E"';
  return null;
}
