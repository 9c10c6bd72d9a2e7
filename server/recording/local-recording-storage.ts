import fs from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE } from './manifest-writer.js';
import { fileInFolder, readManifest, type ManifestRead } from './recording-folder.js';
import type { RecordingStorage, SegmentFollower, StoredFile, StoredSegment } from './recording-storage.js';
import type { RecordingRow } from './recording-store.js';

const NOT_FOLLOWED: SegmentFollower = { stop: () => Promise.resolve() };

/**
 * The embedded default: a recording stays in its call's folder under the
 * recordings folder, where FFmpeg wrote it.
 */
export class LocalRecordingStorage implements RecordingStorage {
  /** Folders outside it are never read or deleted, whatever a row says. */
  constructor(private readonly recordingsDir: string) {}

  objectPrefix(): undefined {
    return undefined;
  }

  follow(): SegmentFollower {
    return NOT_FOLLOWED;
  }

  async journalWritten(): Promise<void> {}

  /** The files stay in the folder: a node that goes on with the call reads them if it shares the disk. */
  async handOver(): Promise<void> {}

  async restore(): Promise<void> {}

  async publish(): Promise<void> {}

  readManifest(recording: RecordingRow): Promise<ManifestRead> {
    return Promise.resolve(readManifest(recording.folder));
  }

  async open(recording: RecordingRow, segment: StoredSegment): Promise<StoredFile | undefined> {
    const absolute = fileInFolder(recording.folder, segment.file);
    if (!absolute) return undefined;
    const stat = await fs.promises.stat(absolute).catch(() => undefined);
    if (!stat?.isFile()) return undefined;
    return {
      size: stat.size,
      read: (start, end) => Promise.resolve(fs.createReadStream(absolute, { start, end })),
    };
  }

  async purge(recording: RecordingRow): Promise<{ files: number; bytes: number }> {
    const root = path.resolve(this.recordingsDir);
    const folder = path.resolve(recording.folder);
    if (!folder.startsWith(root + path.sep)) throw new Error(`${folder} is outside the recordings folder`);
    const names = await fs.promises.readdir(folder).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    let bytes = 0;
    const deleted = names.filter((name) => name !== MANIFEST_FILE);
    for (const name of deleted) {
      const file = path.join(folder, name);
      bytes += (await fs.promises.lstat(file)).size;
      await fs.promises.rm(file, { recursive: true, force: true });
    }
    return { files: deleted.length, bytes };
  }
}
