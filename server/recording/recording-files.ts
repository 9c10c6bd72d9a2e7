import crypto from 'node:crypto';
import path from 'node:path';
import { AppError } from '../platform/errors.js';
import type { RecordingRow, RecordingStore } from './recording-store.js';
import { manifestSegment, type ManifestRead } from './recording-folder.js';
import type { RecordingStorage, StoredFile, StoredSegment } from './recording-storage.js';

export interface LocatedRecordingFile extends StoredFile {
  /** What a browser's <video>/<audio> plays it as. */
  contentType: string;
}

const CONTAINERS: Record<string, string> = { '.webm': 'webm', '.mkv': 'x-matroska' };

/** The files of calls' recordings that may be served: only those the call's manifest lists. */
export class RecordingFiles {
  constructor(
    private readonly recordings: RecordingStore,
    private readonly storage: RecordingStorage,
  ) {}

  /** Throws not_found for anything not in the manifest, recording_purged once retention deleted it. */
  async locate(callId: string, file: string): Promise<LocatedRecordingFile> {
    const recording = await this.recordings.get(callId);
    if (!recording) throw new AppError('not_found', 'the call has no recording');
    if (recording.status === 'purged')
      throw new AppError('recording_purged', 'the recording was deleted by the retention policy');
    const read = await this.manifest(recording);
    if (read.status !== 'ok') throw new AppError('not_found', 'the recording has no readable manifest yet');
    const segment = manifestSegment(read.manifest, file);
    if (!segment) throw new AppError('not_found', 'no such file in the call’s recording');
    const stored = await this.storage.open(recording, segment);
    if (!stored) throw new AppError('not_found', 'the file listed in the manifest is missing');
    const container = CONTAINERS[path.extname(segment.file).toLowerCase()] ?? 'octet-stream';
    const contentType =
      container === 'octet-stream' ? 'application/octet-stream' : `${segment.kind}/${container}`;
    return { ...stored, contentType };
  }

  /** The recording's manifest where it is kept, with the SHA-256 of its bytes. */
  manifest(recording: RecordingRow): Promise<ManifestRead> {
    return this.storage.readManifest(recording);
  }

  /** The SHA-256 of a segment's bytes where they are kept, or undefined when they are not there. */
  async sha256(recording: RecordingRow, segment: StoredSegment): Promise<string | undefined> {
    const stored = await this.storage.open(recording, segment);
    if (!stored) return undefined;
    const hash = crypto.createHash('sha256');
    if (stored.size > 0)
      for await (const chunk of await stored.read(0, stored.size - 1)) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }
}
