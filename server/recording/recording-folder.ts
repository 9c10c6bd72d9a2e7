import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { producerSourceSchema } from '../../shared/contracts/media.js';
import { MANIFEST_FILE } from './manifest-writer.js';
import type { RecordingManifest } from './rules/recording-manifest.js';

/** What a manifest on disk must hold to be read: it is a file anyone with disk access could edit. */
const manifestSchema = z.object({
  version: z.literal(1),
  callId: z.string(),
  startedAt: z.number(),
  interrupted: z.boolean(),
  participants: z.array(
    z.object({
      key: z.string(),
      // A supervisor's tracks: whispering to the teller (`whisper`) or barged in.
      role: z.enum(['customer', 'teller', 'supervisor']),
      displayName: z.string(),
      whisper: z.literal(true).optional(),
    }),
  ),
  tracks: z.array(
    z.object({
      participantKey: z.string(),
      kind: z.enum(['audio', 'video']),
      source: producerSourceSchema.optional(),
      segments: z.array(
        z.object({
          file: z.string().min(1),
          codec: z.string(),
          producerId: z.string(),
          startOffsetMs: z.number(),
          durationMs: z.number().nullable(),
          sha256: z.string(),
          bytes: z.number(),
          status: z.enum(['complete', 'interrupted', 'empty']),
          object: z.string().optional(),
        }),
      ),
    }),
  ),
  events: z.array(
    z.object({
      offsetMs: z.number(),
      type: z.string(),
      actor: z.string(),
      data: z.record(z.string(), z.json()),
    }),
  ),
});

export type ManifestRead =
  | { status: 'ok'; manifest: RecordingManifest; sha256: string }
  | { status: 'missing' }
  | { status: 'unreadable'; sha256: string };

/** The call folder's `manifest.json`, with the SHA-256 of its bytes as they are on disk. */
export function readManifest(folder: string): ManifestRead {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path.join(folder, MANIFEST_FILE));
  } catch {
    return { status: 'missing' };
  }
  return parseManifest(bytes);
}

/** A manifest's bytes, wherever they were kept, read as `readManifest` reads them. */
export function parseManifest(bytes: Buffer): ManifestRead {
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    if (parsed.success) return { status: 'ok', manifest: parsed.data as RecordingManifest, sha256 };
  } catch {
    // Not JSON: unreadable, as below.
  }
  return { status: 'unreadable', sha256 };
}

/**
 * The absolute path of `file` inside `folder`, or undefined when it would
 * lead out of it (`..`, an absolute path): even a manifest naming such a file
 * is not followed.
 */
export function fileInFolder(folder: string, file: string): string | undefined {
  const root = path.resolve(folder);
  const resolved = path.resolve(root, file);
  return resolved.startsWith(root + path.sep) ? resolved : undefined;
}

/** The manifest's segment named `file`, with its track's kind. */
export function manifestSegment(manifest: RecordingManifest, file: string) {
  for (const track of manifest.tracks) {
    const segment = track.segments.find((s) => s.file === file);
    if (segment) return { ...segment, kind: track.kind };
  }
  return undefined;
}
