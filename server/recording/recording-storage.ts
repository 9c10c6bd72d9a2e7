import type { Readable } from 'node:stream';
import type { ManifestRead } from './recording-folder.js';
import type { RecordingRow } from './recording-store.js';
import type { RecordingManifest } from './rules/recording-manifest.js';

/** A segment's file where it is kept: its size, and any byte range of it. */
export interface StoredFile {
  size: number;
  /** Bytes `start` to `end`, inclusive. */
  read(start: number, end: number): Promise<Readable>;
}

/** A segment as the manifest names it: its file in the call's folder, and its object key if it has one. */
export interface StoredSegment {
  file: string;
  object?: string;
}

/** Copies a growing file off the node while FFmpeg writes it; `stop()` once FFmpeg has finished. */
export interface SegmentFollower {
  stop(): Promise<void>;
}

/**
 * Where a call's recording is kept once recorded. FFmpeg always writes into
 * the call's folder on the node that owns the call (it needs a seekable file
 * to finish a WebM); the storage decides what happens to those files while
 * and after they are written: nothing (local disk), or copied off the node
 * every few seconds and kept as objects (S3). Methods never named here (the
 * journal, the manifest's shape) stay the recorder's business.
 */
export interface RecordingStorage {
  /** The key prefix the manifest names objects under; undefined when files stay in the folder. */
  objectPrefix(callId: string): string | undefined;
  /** A segment's file is being written: called once FFmpeg has it open. Never rejects. */
  follow(callId: string, file: string): SegmentFollower;
  /** The folder's journal gained a line. Never rejects. */
  journalWritten(callId: string, folder: string): Promise<void>;
  /**
   * The recording goes on on another node (this one drains): every finished file the journal names
   * and the journal itself go where that node's `restore` finds them. Rejects when they could not.
   */
  handOver(callId: string, folder: string): Promise<void>;
  /**
   * Before a recording left open by a crash, or handed over, goes on or is closed: brings back into
   * `folder` what only the store has.
   */
  restore(callId: string, folder: string): Promise<void>;
  /** The manifest is written into `folder`: its segments and itself go to where they are kept. */
  publish(callId: string, folder: string, manifest: RecordingManifest): Promise<void>;
  readManifest(recording: RecordingRow): Promise<ManifestRead>;
  /** A segment the manifest lists, or undefined when its bytes are not there. */
  open(recording: RecordingRow, segment: StoredSegment): Promise<StoredFile | undefined>;
  /** Deletes every file but the manifest; resolves with how many went and their bytes. */
  purge(recording: RecordingRow): Promise<{ files: number; bytes: number }>;
}
