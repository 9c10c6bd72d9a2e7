import type { Logger } from 'pino';
import type { JsonValue } from '../../shared/domain/canonical-json.js';
import { withoutBulk } from '../../shared/contracts/call-events.js';
import type { ProducerView } from '../../shared/contracts/media.js';
import type { CallRoom } from '../platform/media/call-room.js';
import { CallRecording, callRecordingFolder, type CallRecordingOptions } from './call-recording.js';
import { RecorderError } from './recorder-error.js';
import type { RecordedParticipant, TimelineEvent } from './rules/recording-manifest.js';
import { recoverRecording, segmentsLeftIn, type LeftSegments } from './recording-recovery.js';
import { CUSTOMER_KEY, monitorOfKey, type CallStore, type TimelineStore } from '../call/index.js';
import type { RecordingStorage } from './recording-storage.js';
import type { RecordingStore } from './recording-store.js';
import type { TicketStore } from '../queue/index.js';
import type { UserStore } from '../identity/index.js';

export interface CallRecorderDeps {
  /** This node (SKYTELLER_NODE_ID): at start it closes only the recordings of its own calls. */
  nodeId: string;
  calls: CallStore;
  tickets: TicketStore;
  users: UserStore;
  events: TimelineStore;
  recordings: RecordingStore;
  recordingsDir: string;
  /** Where recordings are kept: the recordings folder, or object storage. */
  storage: RecordingStorage;
  logger: Logger;
  clock: () => number;
  /** Key frame timing and FFmpeg's silence timeout, for every track. */
  trackOptions?: CallRecordingOptions['trackOptions'];
  /**
   * After a call's recording is closed (its manifest written, its row saying
   * how it ended): the service record, which carries the manifest's hash, is
   * signed then. Part of the work `close()` waits for.
   */
  afterClosed?: (callId: string) => Promise<void>;
}

interface Recorded {
  recording: CallRecording;
  ticketId: string;
  /** The row saying it is recording; it is closed only once it is there. */
  stored: Promise<void>;
  /** Failures being noted in the timeline: the manifest, which carries the timeline, waits for them. */
  notes: Promise<void>[];
}

/**
 * Records every call whose customer consented: a CallRecording per call, fed
 * every producer of its room as it appears (a rejoin or a transfer's new
 * teller gets new segments in the same recording). The room waits for the
 * recording to finish before closing its router; then the manifest, with the
 * call's timeline, is written and the `recordings` row closed. A recorder that
 * fails is logged and noted in the timeline; the call goes on.
 */
export class CallRecorder {
  readonly #recorded = new Map<string, Recorded>();
  readonly #finishing = new Set<Promise<void>>();

  constructor(private readonly deps: CallRecorderDeps) {}

  /** A call ended: its recording is finished and its manifest written (`close()` waits for it). */
  callEnded(callId: string): void {
    this.#track(this.#finish(callId));
  }

  /**
   * A call goes on on another node (this one drains): its files are finished and handed over for
   * that node to record after them, and nothing is closed here. Rejects when they could not be
   * handed over (the call then goes on here: `callResumed` picks the recording up again).
   */
  handOver(callId: string): Promise<void> {
    const recorded = this.#recorded.get(callId);
    if (!recorded) return Promise.resolve();
    this.#recorded.delete(callId);
    const handedOver = (async () => {
      await recorded.stored;
      await recorded.recording.handOver();
    })();
    this.#track(handedOver.catch(() => {}));
    return handedOver;
  }

  /** Calls being recorded now. */
  get active(): number {
    return this.#recorded.size;
  }

  /**
   * On start: every recording a killed server left open is closed, once the
   * FFmpegs it left have finished their files; marked interrupted.
   */
  async recover(): Promise<number> {
    const open = await this.deps.recordings.unfinished(this.deps.nodeId);
    for (const row of open) {
      const ticketId = (await this.deps.calls.find(row.callId))?.ticketId ?? '';
      try {
        const { manifest, sha256, stoppedWriters } = await recoverRecording({
          callId: row.callId,
          folder: row.folder,
          startedAt: row.startedAt,
          events: await this.#timeline(row.callId, ticketId),
          storage: this.deps.storage,
        });
        await this.deps.recordings.finished(row.callId, 'interrupted', sha256, this.deps.clock());
        this.deps.logger.warn(
          { callId: row.callId, segments: manifest.tracks.flatMap((t) => t.segments).length, stoppedWriters },
          'recording left open by a previous run closed as interrupted',
        );
      } catch (error) {
        this.deps.logger.error(
          { err: error, callId: row.callId },
          'could not close an interrupted recording',
        );
      }
      await this.#afterClosed(row.callId);
    }
    return open.length;
  }

  /** Server shutdown: resolves once every recording under way is finished and written. */
  async close(): Promise<void> {
    while (this.#finishing.size > 0) await Promise.allSettled([...this.#finishing]);
  }

  /**
   * A call started: recorded from its first producer on, if its customer
   * consented. Its room is listened to at once, before the pages hear of the
   * call and send media; producers that appear while the store is read are
   * kept and recorded once the recording starts.
   */
  callStarted(callId: string, ticketId: string, room: CallRoom): void {
    this.#listen(callId, ticketId, room, false);
  }

  /**
   * A call whose node was lost went on here: its recording goes on in the same folder name and
   * the same manifest, after the segments the lost node left (brought back from object storage,
   * marked interrupted).
   */
  callResumed(callId: string, ticketId: string, room: CallRoom): void {
    this.#listen(callId, ticketId, room, true);
  }

  #listen(callId: string, ticketId: string, room: CallRoom, resumed: boolean): void {
    const early: [string, ProducerView][] = [];
    const keep = (participantKey: string, view: ProducerView): void =>
      void early.push([participantKey, view]);
    room.on('producerAdded', keep);
    this.#track(
      this.#start(callId, ticketId, room, early, resumed)
        .catch((error: unknown) => this.#failed(callId, ticketId, 'recording', error))
        .finally(() => room.off('producerAdded', keep)),
    );
  }

  async #start(
    callId: string,
    ticketId: string,
    room: CallRoom,
    early: [string, ProducerView][],
    resumed: boolean,
  ): Promise<void> {
    const call = await this.deps.calls.find(callId);
    const ticket = await this.deps.tickets.find(ticketId);
    // Recording starts only after the customer's recorded consent; a call already over is not started.
    if (!call || !ticket?.consentAt || ticket.consentAt > call.startedAt || room.closed) return;
    const { storage, recordingsDir } = this.deps;
    const earlierRow = resumed ? await this.deps.recordings.get(callId) : undefined;
    let earlier: LeftSegments | undefined;
    if (earlierRow) {
      const folder = callRecordingFolder(recordingsDir, callId, call.startedAt);
      await storage.restore(callId, folder);
      earlier = segmentsLeftIn(folder);
    }
    let recording: CallRecording;
    try {
      recording = new CallRecording({
        ...(earlier && { earlier }),
        callId,
        router: room.router,
        recordingsDir: this.deps.recordingsDir,
        storage: this.deps.storage,
        startedAt: call.startedAt,
        clock: this.deps.clock,
        ...(this.deps.trackOptions && { trackOptions: this.deps.trackOptions }),
      });
    } catch (error) {
      this.#failed(callId, ticketId, 'recording', error);
      return;
    }
    const stored = earlierRow
      ? this.deps.recordings.movedTo(callId, recording.folder)
      : this.deps.recordings.started(callId, recording.folder, call.startedAt);
    this.#recorded.set(callId, { recording, ticketId, stored, notes: [] });
    // The files are finished while the media still flows, before the router closes under them.
    room.beforeClose(() => recording.stop());
    recording.on('segmentEnded', (participantKey, segment) => {
      if (segment.status === 'interrupted')
        this.#failed(
          callId,
          ticketId,
          `${participantKey}/${segment.source ?? segment.kind}`,
          segment.ffmpegExit,
        );
    });
    const record = (participantKey: string, view: ProducerView): void => {
      const found = room.producer(view.producerId);
      if (!found) return;
      const { producer } = found;
      // Named from the staff accounts first (a store read): a producer gone by then is no failure either.
      this.#participant(ticket.fullName, participantKey)
        .then((participant) =>
          producer.closed || room.closed ? undefined : recording.record(participant, producer),
        )
        .catch((error: unknown) => {
          // A producer that closed while its recorder started (a page that left at once) is no failure.
          if (!producer.closed && !room.closed) {
            this.#failed(callId, ticketId, `${participantKey}/${producer.kind}`, error);
          }
        });
    };
    room.on('producerAdded', record);
    for (const [participantKey, view] of early.splice(0)) record(participantKey, view);
    await stored;
  }

  async #finish(callId: string): Promise<void> {
    const recorded = this.#recorded.get(callId);
    if (!recorded) return;
    this.#recorded.delete(callId);
    try {
      await recorded.stored;
      await Promise.allSettled(recorded.notes);
      const { manifest, sha256 } = await recorded.recording.writeManifest(
        await this.#timeline(callId, recorded.ticketId),
      );
      const status = manifest.interrupted ? 'interrupted' : 'complete';
      await this.deps.recordings.finished(callId, status, sha256, this.deps.clock());
      this.deps.logger.info(
        { callId, status, tracks: manifest.tracks.length, manifestSha256: sha256 },
        'call recording finished',
      );
    } catch (error) {
      // The row stays open: the next start closes it from what is on disk (and in the bucket).
      this.deps.logger.error({ err: error, callId }, 'could not write the recording manifest');
    }
    await this.#afterClosed(callId);
  }

  async #afterClosed(callId: string): Promise<void> {
    try {
      await this.deps.afterClosed?.(callId);
    } catch (error) {
      this.deps.logger.error({ err: error, callId }, 'the work after a recording closed failed');
    }
  }

  #track(work: Promise<void>): void {
    this.#finishing.add(work);
    void work.finally(() => this.#finishing.delete(work));
  }

  async #participant(customerName: string, key: string): Promise<RecordedParticipant> {
    if (key === CUSTOMER_KEY) return { key, role: 'customer', displayName: customerName };
    const staffId = key.slice(key.indexOf(':') + 1);
    const displayName = (await this.deps.users.findById(staffId))?.displayName ?? staffId;
    const monitor = monitorOfKey(key);
    if (!monitor) return { key, role: 'teller', displayName };
    return { key, role: 'supervisor', displayName, ...(monitor.whisper && { whisper: true as const }) };
  }

  /** The call's events on the server's clock, as the manifest carries them. */
  async #timeline(callId: string, ticketId: string): Promise<TimelineEvent[]> {
    return (await this.deps.events.callTimeline(callId, ticketId)).map((e) => ({
      at: e.at,
      type: e.type,
      actor: e.actor,
      data: withoutBulk(e.data) as { [key: string]: JsonValue },
    }));
  }

  /** Logged and kept in the call's timeline; the call itself goes on. */
  #failed(callId: string, ticketId: string, track: string, cause: unknown): void {
    const message =
      cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : JSON.stringify(cause);
    const code = cause instanceof RecorderError ? cause.code : 'recorder_failed';
    this.deps.logger.error({ callId, track, code, err: cause }, 'recorder failed; the call goes on');
    const noted = this.deps.events
      .append({
        callId,
        ticketId,
        at: this.deps.clock(),
        actor: 'system',
        type: 'recording.failed',
        data: { track, code, message },
      })
      .catch((error: unknown) =>
        this.deps.logger.error({ err: error, callId }, 'could not note a recorder failure'),
      );
    this.#recorded.get(callId)?.notes.push(noted);
    this.#track(noted);
  }
}
