import type {
  AuditCallDetail,
  AuditTimelineEvent,
  PlaybackTrack,
} from '../../../shared/contracts/auditor.js';
import { pathOf } from '../../../shared/contracts/rest.js';
import { restRoutes } from '../../../shared/contracts/rest-routes.js';
import type { RecordingManifest } from '../../recording/index.js';
import { currentTypeName } from '../../../shared/contracts/call-events.js';
import { auditCallRow, type AuditCallFacts } from './audit-call-row.js';
import { maskName } from '../../../shared/domain/person-name.js';
import { timelineActor, timelineFacts } from './timeline-facts.js';

/** Where the browser fetches a file of a call's recording (each path segment encoded). */
export const recordingFileUrl = (callId: string, file: string): string =>
  pathOf(restRoutes.recordingFile, { callId, file: file.split('/') });

export interface DetailSources {
  facts: AuditCallFacts;
  /** The call's `recordings` row; undefined when the call was never recorded. */
  recording:
    | { status: 'recording' | 'complete' | 'interrupted' | 'purged'; manifestSha256: string | null }
    | undefined;
  /** The manifest as read from disk, when there is a readable one. */
  manifest: RecordingManifest | undefined;
  /** The call's events from SQLite: the timeline when there is no manifest. */
  storedEvents: { at: number; type: string; actor: string; data: Record<string, unknown> }[];
  recordUrl: string | null;
  /** A staff id as the auditor reads it (a username); undefined for other actors. */
  staffName: (actor: string) => string | undefined;
}

function playbackTracks(callId: string, manifest: RecordingManifest): PlaybackTrack[] {
  return manifest.tracks.map((track) => {
    const participant = manifest.participants.find((p) => p.key === track.participantKey);
    const role = participant?.role ?? (track.participantKey.startsWith('teller') ? 'teller' : 'customer');
    const name = participant?.displayName ?? track.participantKey;
    return {
      participantKey: track.participantKey,
      role,
      ...(participant?.whisper && { whisper: true as const }),
      // Masked as in the list: the auditor reviews the call, not the customer.
      displayName: role === 'customer' ? maskName(name) : name,
      kind: track.kind,
      ...(track.source && { source: track.source }),
      segments: track.segments.map((s) => ({
        file: s.file,
        url: recordingFileUrl(callId, s.file),
        codec: s.codec,
        startOffsetMs: s.startOffsetMs,
        durationMs: s.durationMs,
      })),
    };
  });
}

/**
 * The timeline on the recording's time base: the manifest's events when there
 * is one (they are what was sealed with the files), else the call's own.
 */
function timeline(sources: DetailSources, timeZero: number): AuditTimelineEvent[] {
  const events =
    sources.manifest?.events ??
    sources.storedEvents.map((e) => ({
      offsetMs: e.at - timeZero,
      type: e.type,
      actor: e.actor,
      data: e.data,
    }));
  return events.map((e) => ({
    offsetMs: e.offsetMs,
    // A manifest written before a type was renamed keeps its bytes; it reads under today's name.
    type: currentTypeName(e.type),
    actor: timelineActor(e.actor, sources.staffName),
    facts: timelineFacts({ type: e.type, data: e.data }, sources.facts.serviceId),
  }));
}

/** The player's range: to the call's end, or the last media or event if later; null while nothing ended. */
function durationOf(sources: DetailSources, timeZero: number, events: AuditTimelineEvent[]): number | null {
  const ends = (sources.manifest?.tracks ?? []).flatMap((t) =>
    t.segments.filter((s) => s.durationMs !== null).map((s) => s.startOffsetMs + s.durationMs!),
  );
  if (sources.facts.endedAt !== null) ends.push(sources.facts.endedAt - timeZero);
  if (ends.length === 0) return null;
  return Math.max(...ends, ...events.map((e) => e.offsetMs));
}

/** The auditor's view of one call, from what the store and the recording's manifest say. */
export function auditCallDetail(sources: DetailSources): AuditCallDetail {
  const { recording, manifest } = sources;
  const timeZero = manifest?.startedAt ?? sources.facts.startedAt;
  const events = timeline(sources, timeZero);
  return {
    ...auditCallRow(sources.facts),
    durationMs: durationOf(sources, timeZero, events),
    recording: recording
      ? {
          manifestSha256: recording.manifestSha256,
          interrupted: recording.status === 'interrupted' || manifest?.interrupted === true,
          // Purged files are gone: nothing to play, the manifest's hashes stay.
          tracks:
            manifest && recording.status !== 'purged' ? playbackTracks(sources.facts.callId, manifest) : [],
        }
      : null,
    events,
    recordUrl: sources.recordUrl,
    decision: sources.facts.decision,
  };
}
