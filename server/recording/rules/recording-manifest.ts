import type { JsonValue } from '../../../shared/domain/canonical-json.js';
import type { ProducerSource } from '../../../shared/contracts/media.js';
import type { RecordingSegment } from './recording-segment.js';

export interface RecordedParticipant {
  /**
   * The participant's key in the call's media room (`customer`, `teller:<id>`;
   * a supervisor's `whisper:<id>` or, barging in, `supervisor:<id>`).
   */
  key: string;
  role: 'customer' | 'teller' | 'supervisor';
  displayName: string;
  /** A supervisor's whisper: heard by the teller only, never by the customer. */
  whisper?: true;
}

/** A segment once its file has been read: how long ffprobe says it is, and its hash. */
export interface DescribedSegment extends RecordingSegment {
  participantKey: string;
  /** From ffprobe; null when it could not read the file. */
  durationMs: number | null;
  sha256: string;
  bytes: number;
}

/** Something that happened in the call, on the server's clock. */
export interface TimelineEvent {
  at: number;
  type: string;
  actor: string;
  data?: { [key: string]: JsonValue };
}

export interface RecordingManifest {
  version: 1;
  callId: string;
  /** Server clock (ms since the epoch): time 0 of every offset below. */
  startedAt: number;
  /** True when the recording did not end by a clean stop (a crash, a killed FFmpeg). */
  interrupted: boolean;
  participants: RecordedParticipant[];
  tracks: {
    participantKey: string;
    kind: 'audio' | 'video';
    /** A track beyond the participant's camera and microphone (a shared screen); absent for those. */
    source?: ProducerSource;
    segments: {
      /** Relative to the manifest's folder. */
      file: string;
      codec: string;
      producerId: string;
      startOffsetMs: number;
      durationMs: number | null;
      sha256: string;
      bytes: number;
      status: RecordingSegment['status'];
      /** The object key it is kept under, when recordings are in object storage. */
      object?: string;
    }[];
  }[];
  events: { offsetMs: number; type: string; actor: string; data: { [key: string]: JsonValue } }[];
}

/**
 * The manifest of one call's recording, from what is known of it. Pure: the
 * files were hashed and probed before. Tracks are one per participant, kind and
 * source (a teller's screen share is a video track beside its camera's), their
 * segments and the events in time order.
 */
export function buildManifest(input: {
  callId: string;
  startedAt: number;
  participants: RecordedParticipant[];
  segments: DescribedSegment[];
  events: TimelineEvent[];
  /** The folder files are named relative to. */
  folder: string;
  /** Known to be interrupted whatever its segments say (closed after a crash). */
  interrupted?: boolean;
  /** In object storage: each segment with a file is kept under this prefix and its file's name. */
  objectPrefix?: string;
}): RecordingManifest {
  const offset = (at: number) => at - input.startedAt;
  const tracks = new Map<string, RecordingManifest['tracks'][number]>();
  const ordered = [...input.segments].sort((a, b) => a.startedAt - b.startedAt);
  for (const s of ordered) {
    const id = `${s.participantKey}\n${s.kind}\n${s.source ?? ''}`;
    if (!tracks.has(id))
      tracks.set(id, {
        participantKey: s.participantKey,
        kind: s.kind,
        ...(s.source && { source: s.source }),
        segments: [],
      });
    const file = relativeTo(input.folder, s.file);
    tracks.get(id)!.segments.push({
      file,
      codec: s.codec,
      producerId: s.producerId,
      startOffsetMs: offset(s.startedAt),
      durationMs: s.durationMs,
      sha256: s.sha256,
      bytes: s.bytes,
      status: s.status,
      ...(input.objectPrefix !== undefined && s.bytes > 0 && { object: `${input.objectPrefix}${file}` }),
    });
  }
  return {
    version: 1,
    callId: input.callId,
    startedAt: input.startedAt,
    interrupted: input.interrupted === true || ordered.some((s) => s.status === 'interrupted'),
    participants: input.participants,
    tracks: [...tracks.values()],
    events: [...input.events]
      .sort((a, b) => a.at - b.at)
      .map((e) => ({ offsetMs: offset(e.at), type: e.type, actor: e.actor, data: e.data ?? {} })),
  };
}

function relativeTo(folder: string, file: string): string {
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}
