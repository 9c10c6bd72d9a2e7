import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../platform/errors.js';
import type { RecordingStore } from './recording-store.js';
import { fileInFolder, manifestSegment, readManifest } from './recording-folder.js';

export interface LocatedRecordingFile {
  path: string;
  size: number;
  /** What a browser's <video>/<audio> plays it as. */
  contentType: string;
}

const CONTAINERS: Record<string, string> = { '.webm': 'webm', '.mkv': 'x-matroska' };

/** The files of calls' recordings that may be served: only those the call's manifest lists. */
export class RecordingFiles {
  constructor(private readonly recordings: RecordingStore) {}

  /** Throws not_found for anything not in the manifest, recording_purged once retention deleted it. */
  locate(callId: string, file: string): LocatedRecordingFile {
    const recording = this.recordings.get(callId);
    if (!recording) throw new AppError('not_found', 'the call has no recording');
    if (recording.status === 'purged')
      throw new AppError('recording_purged', 'the recording was deleted by the retention policy');
    const read = readManifest(recording.folder);
    if (read.status !== 'ok') throw new AppError('not_found', 'the recording has no readable manifest yet');
    const segment = manifestSegment(read.manifest, file);
    const absolute = segment && fileInFolder(recording.folder, segment.file);
    if (!segment || !absolute) throw new AppError('not_found', 'no such file in the call’s recording');
    let size: number;
    try {
      size = fs.statSync(absolute).size;
    } catch {
      throw new AppError('not_found', 'the file listed in the manifest is missing');
    }
    const container = CONTAINERS[path.extname(absolute).toLowerCase()] ?? 'octet-stream';
    const contentType =
      container === 'octet-stream' ? 'application/octet-stream' : `${segment.kind}/${container}`;
    return { path: absolute, size, contentType };
  }
}
