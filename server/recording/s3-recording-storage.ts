import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { S3Bucket } from '../platform/object-storage/s3-bucket.js';
import { FragmentUploader, FRAGMENT_INTERVAL_MS } from './fragment-uploader.js';
import { LocalRecordingStorage } from './local-recording-storage.js';
import { MANIFEST_FILE } from './manifest-writer.js';
import { fileInFolder, parseManifest, type ManifestRead } from './recording-folder.js';
import { JOURNAL_FILE, readJournal } from './recording-journal.js';
import type { RecordingStorage, SegmentFollower, StoredFile, StoredSegment } from './recording-storage.js';
import type { RecordingRow } from './recording-store.js';
import type { RecordingManifest } from './rules/recording-manifest.js';

/** Every object of a call is under `calls/<callId>/`: its segments, manifest and journal by file name. */
const prefixOf = (callId: string) => `calls/${callId}/`;
/** While a segment is written: `calls/<callId>/fragments/<file>/<seq>`, numbered so key order is file order. */
const fragmentsOf = (callId: string, file: string) => `${prefixOf(callId)}fragments/${file}/`;
const fragmentKey = (callId: string, file: string, seq: number) =>
  `${fragmentsOf(callId, file)}${String(seq).padStart(6, '0')}`;

/**
 * Recordings in an S3-compatible bucket. FFmpeg writes into the call's folder
 * on the node that owns the call, as on local disk; every couple of seconds
 * what it added is put as a fragment object, so losing the node loses at most
 * that much. When the recording is closed each finished file is put whole as
 * one object (its bytes are the ones the manifest hashes: FFmpeg rewrites the
 * WebM's header when it finishes, so the fragments are not the final file),
 * then the manifest; the fragments and the local media files are deleted
 * after. A segment the manifest names no object for (recorded before the
 * bucket was configured) is read from the call's folder.
 */
export class S3RecordingStorage implements RecordingStorage {
  readonly #local: LocalRecordingStorage;

  constructor(
    private readonly bucket: S3Bucket,
    recordingsDir: string,
    private readonly logger: Logger,
    private readonly fragmentIntervalMs = FRAGMENT_INTERVAL_MS,
  ) {
    this.#local = new LocalRecordingStorage(recordingsDir);
  }

  objectPrefix(callId: string): string {
    return prefixOf(callId);
  }

  follow(callId: string, file: string): SegmentFollower {
    const name = path.basename(file);
    return new FragmentUploader(
      file,
      (seq, bytes) => this.bucket.put(fragmentKey(callId, name, seq), bytes),
      (error) =>
        this.logger.warn({ err: error, callId, file: name }, 'a recording fragment was not uploaded'),
      this.fragmentIntervalMs,
    );
  }

  async journalWritten(callId: string, folder: string): Promise<void> {
    try {
      await this.bucket.putFile(`${prefixOf(callId)}${JOURNAL_FILE}`, path.join(folder, JOURNAL_FILE));
    } catch (error) {
      this.logger.warn({ err: error, callId }, 'the recording journal was not uploaded');
    }
  }

  /** Each finished file whole, under the key the manifest will name, then the journal that says they ended. */
  async handOver(callId: string, folder: string): Promise<void> {
    for (const entry of readJournal(folder)) {
      const file = fileInFolder(folder, entry.file);
      if (!entry.end || !file || (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) === 0) continue;
      await this.bucket.putFile(`${prefixOf(callId)}${entry.file}`, file);
    }
    await this.bucket.putFile(`${prefixOf(callId)}${JOURNAL_FILE}`, path.join(folder, JOURNAL_FILE));
  }

  /**
   * What the node before left in the bucket and this node's disk does not have: the journal, and
   * each segment's file, whole if that node handed it over finished, else from its fragments (a
   * file the folder still has is newer than they are).
   */
  async restore(callId: string, folder: string): Promise<void> {
    fs.mkdirSync(folder, { recursive: true });
    const journal = path.join(folder, JOURNAL_FILE);
    if (!fs.existsSync(journal)) {
      const stored = await this.bucket.get(`${prefixOf(callId)}${JOURNAL_FILE}`);
      if (stored) fs.writeFileSync(journal, stored);
    }
    for (const entry of readJournal(folder)) {
      const file = fileInFolder(folder, entry.file);
      if (!file || (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 0) continue;
      const whole = entry.end ? await this.bucket.get(`${prefixOf(callId)}${entry.file}`) : undefined;
      if (whole) {
        fs.writeFileSync(file, whole);
        continue;
      }
      const fragments = await this.bucket.list(fragmentsOf(callId, entry.file));
      if (fragments.length === 0) continue;
      const parts: Buffer[] = [];
      for (const fragment of fragments) parts.push((await this.bucket.get(fragment.key)) ?? Buffer.alloc(0));
      fs.writeFileSync(file, Buffer.concat(parts));
      this.logger.warn(
        { callId, file: entry.file, fragments: fragments.length },
        'a recording segment was restored from its fragments',
      );
    }
  }

  /**
   * Each segment's file, then the manifest, as objects; only once all are
   * there are the fragments and the local media deleted (a failure leaves
   * everything as it was, for the next start's recovery to publish again).
   */
  async publish(callId: string, folder: string, manifest: RecordingManifest): Promise<void> {
    const segments = manifest.tracks.flatMap((t) => t.segments);
    for (const segment of segments) {
      const file = fileInFolder(folder, segment.file);
      if (segment.object && file) await this.bucket.putFile(segment.object, file);
    }
    await this.bucket.putFile(`${prefixOf(callId)}${MANIFEST_FILE}`, path.join(folder, MANIFEST_FILE));
    const fragments = await this.bucket.list(`${prefixOf(callId)}fragments/`);
    await this.bucket.delete(fragments.map((f) => f.key));
    for (const segment of segments) {
      const file = segment.object && fileInFolder(folder, segment.file);
      if (file) fs.rmSync(file, { force: true });
    }
  }

  async readManifest(recording: RecordingRow): Promise<ManifestRead> {
    const bytes = await this.bucket.get(`${prefixOf(recording.callId)}${MANIFEST_FILE}`);
    return bytes ? parseManifest(bytes) : this.#local.readManifest(recording);
  }

  async open(recording: RecordingRow, segment: StoredSegment): Promise<StoredFile | undefined> {
    const key = segment.object;
    if (key === undefined) return this.#local.open(recording, segment);
    const size = await this.bucket.size(key);
    // The server reads the range from the bucket and passes it on: the bucket is never exposed to players.
    return size === undefined
      ? undefined
      : { size, read: (start, end) => this.bucket.getRange(key, start, end) };
  }

  async purge(recording: RecordingRow): Promise<{ files: number; bytes: number }> {
    const local = await this.#local.purge(recording);
    const manifestKey = `${prefixOf(recording.callId)}${MANIFEST_FILE}`;
    const objects = (await this.bucket.list(prefixOf(recording.callId))).filter((o) => o.key !== manifestKey);
    await this.bucket.delete(objects.map((o) => o.key));
    return {
      files: local.files + objects.length,
      bytes: local.bytes + objects.reduce((sum, o) => sum + o.bytes, 0),
    };
  }
}
