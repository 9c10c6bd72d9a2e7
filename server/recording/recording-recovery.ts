import fs from 'node:fs';
import path from 'node:path';
import { stopWritersIn } from './folder-writers.js';
import { describeAndWriteManifest } from './manifest-writer.js';
import { readJournal } from './recording-journal.js';
import type { RecordingStorage } from './recording-storage.js';
import type { RecordedParticipant, RecordingManifest, TimelineEvent } from './rules/recording-manifest.js';
import type { RecordingSegment } from './rules/recording-segment.js';

/**
 * Closes a recording its server did not finish (it was killed): waits for the
 * FFmpegs still writing into the folder to finish (they outlive the server:
 * they are asked as a recorder would ask them, and write their trailers),
 * then hashes and probes every file the journal names and writes the manifest,
 * marked interrupted. Files are not rewritten: one whose FFmpeg was killed
 * too stays readable up to its last whole cluster. In object storage, a file
 * the folder lacks (the node was lost) is its fragments put together: the
 * segment up to the last fragment uploaded, marked interrupted like the rest.
 */
export async function recoverRecording(input: {
  callId: string;
  folder: string;
  startedAt: number;
  events: TimelineEvent[];
  /** Object storage: what a lost node's disk lacks comes back from its fragments, and the result goes up. */
  storage?: RecordingStorage;
}): Promise<{ file: string; manifest: RecordingManifest; sha256: string; stoppedWriters: number[] }> {
  fs.mkdirSync(input.folder, { recursive: true });
  const stoppedWriters = await stopWritersIn(input.folder);
  for (const name of fs.readdirSync(input.folder))
    if (name.endsWith('.sdp')) fs.rmSync(path.join(input.folder, name), { force: true });
  await input.storage?.restore(input.callId, input.folder);
  const { participants, segments } = segmentsLeftIn(input.folder);
  const objectPrefix = input.storage?.objectPrefix(input.callId);
  const written = await describeAndWriteManifest({
    callId: input.callId,
    startedAt: input.startedAt,
    folder: input.folder,
    participants,
    segments,
    events: input.events,
    interrupted: true,
    ...(objectPrefix !== undefined && { objectPrefix }),
  });
  await input.storage?.publish(input.callId, input.folder, written.manifest);
  return { ...written, stoppedWriters };
}

/** What a recording's folder holds after its writer was lost or handed it over: every segment the journal names. */
export interface LeftSegments {
  participants: RecordedParticipant[];
  segments: { participantKey: string; segment: RecordingSegment }[];
}

/**
 * Every segment the folder's journal names. One that the node before finished and handed over
 * (its end is in the journal) is as it ended there; any other is marked interrupted (or empty:
 * nothing was written), ending when its file was last written.
 */
export function segmentsLeftIn(folder: string): LeftSegments {
  const participants = new Map<string, RecordedParticipant>();
  const segments = readJournal(folder).map((entry) => {
    participants.set(entry.participant.key, entry.participant);
    const file = path.join(folder, entry.file);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    const segment: RecordingSegment = {
      file,
      kind: entry.kind,
      ...(entry.source && { source: entry.source }),
      codec: entry.codec,
      producerId: entry.producerId,
      startedAt: entry.startedAt,
      ...(entry.end && stat
        ? { endedAt: entry.end.endedAt, status: entry.end.status }
        : {
            endedAt: stat?.mtimeMs ?? entry.startedAt,
            status: stat && stat.size > 0 ? ('interrupted' as const) : ('empty' as const),
          }),
      ffmpegExit: { code: null, signal: null },
    };
    return { participantKey: entry.participant.key, segment };
  });
  return { participants: [...participants.values()], segments };
}
