import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { types } from 'mediasoup';
import { sourceOf } from '../platform/media/call-room.js';
import { describeAndWriteManifest } from './manifest-writer.js';
import { RecorderError } from './recorder-error.js';
import { appendJournal } from './recording-journal.js';
import type { RecordedParticipant, RecordingManifest, TimelineEvent } from './rules/recording-manifest.js';
import type { RecordingSegment } from './rules/recording-segment.js';
import type { LeftSegments } from './recording-recovery.js';
import type { RecordingStorage, SegmentFollower } from './recording-storage.js';
import { TrackRecorder, type TrackRecorderOptions } from './track-recorder.js';

export interface CallRecordingOptions {
  callId: string;
  /** The call's router: every producer recorded is on it. */
  router: types.Router;
  recordingsDir: string;
  /** Server clock (ms) of the call's start: the date folder, and time 0 of the manifest. */
  startedAt: number;
  clock?: () => number;
  /** Where the files go besides the folder (object storage); absent: they stay in the folder. */
  storage?: RecordingStorage;
  /** Passed to every TrackRecorder (key frame timing, timeouts). */
  trackOptions?: Pick<TrackRecorderOptions, 'keyFrameIntervalMs' | 'keyFrameWindowMs' | 'silenceTimeoutS'>;
  /**
   * A call that went on after its node was lost: the segments that node left in the folder come
   * first in the manifest, and the new ones are numbered after them.
   */
  earlier?: LeftSegments;
}

/** The folder of a call's files: `<recordingsDir>/<yyyy-mm-dd>/<callId>/`, the date in UTC. */
export function callRecordingFolder(recordingsDir: string, callId: string, startedAt: number): string {
  return path.join(recordingsDir, new Date(startedAt).toISOString().slice(0, 10), callId);
}

// Participant keys hold a colon (`teller:<id>`); file names keep to a safe set.
const safeName = (key: string) => key.replace(/[^A-Za-z0-9-]/g, '_');

type CallRecordingEvents = {
  /** A segment's file is finished, whether stopped or ended by itself (status `interrupted`: FFmpeg failed). */
  segmentEnded: [participantKey: string, segment: RecordingSegment];
};

/**
 * One call's recording: one TrackRecorder per participant and kind (and
 * source: a screen share beside the camera) at a time,
 * and every segment they leave. Recording a participant's new producer of a
 * kind already recorded (a reconnect, a new camera) ends the old segment and
 * starts the next one in the same folder. Each segment started is noted in
 * the folder's journal, for a restart after a crash. `stop()` finishes every
 * file; `writeManifest()` then hashes, probes and describes them.
 */
export class CallRecording extends EventEmitter<CallRecordingEvents> {
  readonly folder: string;
  readonly #participants = new Map<string, RecordedParticipant>();
  readonly #active = new Map<string, TrackRecorder>();
  /** Per track, the last change under way, so changes to one track happen one at a time. */
  readonly #queues = new Map<string, Promise<unknown>>();
  readonly #segments: { participantKey: string; segment: RecordingSegment }[] = [];
  readonly #counts = new Map<string, number>();
  /** Per file being written, what copies it off the node; each is stopped once its file is finished. */
  readonly #followers = new Set<Promise<void>>();
  #stopping: Promise<RecordingSegment[]> | undefined;

  constructor(private readonly options: CallRecordingOptions) {
    super();
    this.folder = callRecordingFolder(options.recordingsDir, options.callId, options.startedAt);
    fs.mkdirSync(this.folder, { recursive: true });
    for (const participant of options.earlier?.participants ?? [])
      this.#participants.set(participant.key, participant);
    for (const left of options.earlier?.segments ?? []) {
      this.#segments.push(left);
      const track = `${left.participantKey}/${left.segment.source ?? left.segment.kind}`;
      this.#counts.set(track, (this.#counts.get(track) ?? 0) + 1);
    }
  }

  /** Every segment ended so far (all of them after `stop()`). */
  get segments(): readonly RecordingSegment[] {
    return this.#segments.map((s) => s.segment);
  }

  /** FFmpeg processes now recording, for resource accounting. */
  get recorderPids(): number[] {
    return [...this.#active.values()].flatMap((r) => (r.pid ? [r.pid] : []));
  }

  /** Starts recording `producer` as `participant`'s track of its kind; resolves once RTP flows to FFmpeg. */
  record(participant: RecordedParticipant, producer: types.Producer): Promise<void> {
    if (this.#stopping)
      return Promise.reject(new RecorderError('recorder_closed', 'the recording was stopped'));
    this.#participants.set(participant.key, participant);
    // A shared screen is a track of its own beside the camera: named by its source, not its kind.
    const source = sourceOf(producer);
    const track = `${participant.key}/${source ?? producer.kind}`;
    const next = (this.#queues.get(track) ?? Promise.resolve())
      .catch(() => {})
      .then(async () => {
        await this.#active.get(track)?.stop();
        const n = (this.#counts.get(track) ?? 0) + 1;
        this.#counts.set(track, n);
        const basePath = path.join(
          this.folder,
          `${safeName(participant.key)}-${source ?? producer.kind}-${String(n).padStart(2, '0')}`,
        );
        const recorder = await TrackRecorder.start({
          ...this.options.trackOptions,
          router: this.options.router,
          producer,
          basePath,
          clock: this.options.clock ?? Date.now,
        });
        this.#active.set(track, recorder);
        appendJournal(this.folder, {
          participant,
          file: path.basename(recorder.file),
          kind: recorder.kind,
          ...(source && { source }),
          codec: recorder.codec,
          producerId: producer.id,
          startedAt: recorder.startedAt,
        });
        const follower: SegmentFollower | undefined = this.options.storage?.follow(
          this.options.callId,
          recorder.file,
        );
        recorder.once('ended', (ended) => {
          if (follower) this.#followed(follower.stop());
          if (this.#active.get(track) === recorder) this.#active.delete(track);
          const segment = { ...ended, ...(source && { source }) };
          this.#segments.push({ participantKey: participant.key, segment });
          this.emit('segmentEnded', participant.key, segment);
        });
        // In object storage, a node's loss must not take the journal with it.
        await this.options.storage?.journalWritten(this.options.callId, this.folder);
      });
    this.#queues.set(track, next);
    return next;
  }

  /** Finishes every file (FFmpeg writes its trailer) and closes the transports; resolves with every segment. */
  stop(): Promise<RecordingSegment[]> {
    this.#stopping ??= (async () => {
      await Promise.allSettled(this.#queues.values());
      await Promise.all([...this.#active.values()].map((r) => r.stop()));
      await Promise.all(this.#followers);
      return [...this.segments];
    })();
    return this.#stopping;
  }

  /**
   * The call goes on on another node (this one drains): finishes every file, notes in the journal
   * how each segment ended, and has the storage hand files and journal over. No manifest: the
   * node that goes on writes it, with these segments before its own.
   */
  async handOver(): Promise<void> {
    await this.stop();
    for (const { segment } of this.#segments)
      appendJournal(this.folder, {
        ended: path.basename(segment.file),
        endedAt: segment.endedAt,
        status: segment.status,
      });
    await this.options.storage?.handOver(this.options.callId, this.folder);
  }

  /**
   * After `stop()`: hashes and probes every file, writes `manifest.json` with
   * the call's events, and hands both to the storage (object storage keeps
   * them from then on).
   */
  async writeManifest(
    events: TimelineEvent[],
  ): Promise<{ file: string; manifest: RecordingManifest; sha256: string }> {
    await this.stop();
    const { storage, callId } = this.options;
    const objectPrefix = storage?.objectPrefix(callId);
    const written = await describeAndWriteManifest({
      callId,
      startedAt: this.options.startedAt,
      folder: this.folder,
      participants: [...this.#participants.values()],
      segments: this.#segments,
      events,
      ...(objectPrefix !== undefined && { objectPrefix }),
    });
    await storage?.publish(callId, this.folder, written.manifest);
    return written;
  }

  #followed(stopped: Promise<void>): void {
    this.#followers.add(stopped);
    void stopped.finally(() => this.#followers.delete(stopped));
  }
}
