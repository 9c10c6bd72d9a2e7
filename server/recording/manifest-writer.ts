import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { probeMedia } from './media-probe.js';
import {
  buildManifest,
  type DescribedSegment,
  type RecordedParticipant,
  type RecordingManifest,
  type TimelineEvent,
} from './rules/recording-manifest.js';
import type { RecordingSegment } from './rules/recording-segment.js';

export const MANIFEST_FILE = 'manifest.json';

/** SHA-256 (hex) of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Hashes and probes a finished segment's file (an empty segment has no file: size 0, hash of nothing). */
export async function describeSegment(
  segment: RecordingSegment,
  participantKey: string,
): Promise<DescribedSegment> {
  const exists = fs.existsSync(segment.file);
  const durationMs = exists
    ? await probeMedia(segment.file).then(
        (p) => p.durationMs,
        () => null,
      )
    : null;
  return {
    ...segment,
    participantKey,
    durationMs,
    sha256: exists ? await sha256File(segment.file) : crypto.createHash('sha256').digest('hex'),
    bytes: exists ? fs.statSync(segment.file).size : 0,
  };
}

/** Writes `manifest.json` into `folder` whole or not at all (written aside, then renamed). */
export function writeManifest(folder: string, manifest: RecordingManifest): string {
  const file = path.join(folder, MANIFEST_FILE);
  const aside = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(aside, `${JSON.stringify(manifest, null, 2)}\n`);
  fs.renameSync(aside, file);
  return file;
}

/**
 * Hashes and probes every segment's file, then writes the folder's manifest;
 * resolves with its path, content and SHA-256 (what the recordings row and the
 * signed record keep).
 */
export async function describeAndWriteManifest(input: {
  callId: string;
  startedAt: number;
  folder: string;
  participants: RecordedParticipant[];
  segments: readonly { participantKey: string; segment: RecordingSegment }[];
  events: TimelineEvent[];
  interrupted?: boolean;
  objectPrefix?: string;
}): Promise<{ file: string; manifest: RecordingManifest; sha256: string }> {
  const described = await Promise.all(
    input.segments.map((s) => describeSegment(s.segment, s.participantKey)),
  );
  const manifest = buildManifest({ ...input, segments: described });
  const file = writeManifest(input.folder, manifest);
  return { file, manifest, sha256: await sha256File(file) };
}
