import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import type { types } from 'mediasoup';
import { FfmpegProcess } from './ffmpeg-process.js';
import { freeUdpPortPair } from './free-udp-port.js';
import { recorderRtpCapabilities, recordingFormat } from './rules/recording-codecs.js';
import { recorderSdp } from './rules/recorder-sdp.js';
import { RecorderError } from './recorder-error.js';
import { sendRtcpBye } from './rtcp-bye.js';
import type { RecordingSegment } from './rules/recording-segment.js';
import { waitUntilUdpBound } from './udp-bound.js';

export interface TrackRecorderOptions {
  router: types.Router;
  producer: types.Producer;
  /** Path of the file without its extension; the codec decides `.webm` or `.mkv`. */
  basePath: string;
  clock?: () => number;
  /** Key frames are asked for this often until FFmpeg has opened its output, for at most `keyFrameWindowMs`. */
  keyFrameIntervalMs?: number;
  keyFrameWindowMs?: number;
  /** How long FFmpeg may take to bind its port. */
  listenTimeoutMs?: number;
  /**
   * FFmpeg ends itself after this long without any packet (RTP or RTCP). mediasoup
   * sends RTCP while a producer is paused, so a pause does not end it; a server
   * that died (and its worker with it) does, and FFmpeg then finishes the file.
   */
  silenceTimeoutS?: number;
}

type TrackRecorderEvents = { ended: [segment: RecordingSegment] };

const LOOPBACK = '127.0.0.1';
/** How long FFmpeg has to finish after the BYE before it is sent signals. */
const BYE_WAIT_MS = 3000;

/**
 * Records one producer: a PlainTransport on the producer's router sends a
 * consumer's RTP to an FFmpeg that copies it into a file, no re-encoding.
 * FFmpeg listens first; only then is the (paused) consumer resumed. Emits
 * `ended` once, with the segment, whether stopped, or ended by the producer
 * closing or FFmpeg exiting.
 */
export class TrackRecorder extends EventEmitter<TrackRecorderEvents> {
  readonly done: Promise<RecordingSegment>;
  #stopRequested = false;
  #stopping: Promise<RecordingSegment> | undefined;
  #keyFrameTimer: NodeJS.Timeout | undefined;
  #resolveDone: (segment: RecordingSegment) => void = () => {};

  private constructor(
    readonly file: string,
    readonly producerId: string,
    readonly startedAt: number,
    /** Where FFmpeg reads RTP (and RTCP). */
    private readonly port: number,
    private readonly transport: types.PlainTransport,
    private readonly consumer: types.Consumer,
    private readonly ffmpeg: FfmpegProcess,
    private readonly sdpFile: string,
    private readonly clock: () => number,
  ) {
    super();
    this.done = new Promise((resolve) => (this.#resolveDone = resolve));
    void this.ffmpeg.exited.then(() => this.#finish());
    // A producer that comes back after a pause starts from a key frame, so the file shows picture at once.
    consumer.on('producerresume', () => void consumer.requestKeyFrame().catch(() => {}));
    consumer.on('producerclose', () => void this.stop());
    consumer.on('transportclose', () => void this.stop());
  }

  static async start(options: TrackRecorderOptions): Promise<TrackRecorder> {
    const { router, producer, basePath } = options;
    const clock = options.clock ?? Date.now;
    const mimeType = producer.rtpParameters.codecs[0]?.mimeType ?? '';
    const format = recordingFormat(mimeType);
    if (!format)
      throw new RecorderError('recorder_codec_unsupported', `cannot record ${mimeType} without re-encoding`);
    const file = `${basePath}.${format.extension}`;
    const sdpFile = `${basePath}.sdp`;
    // Every step below owns what it made; on failure they are undone in reverse.
    const transport = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: LOOPBACK },
      rtcpMux: true,
      comedia: false,
    });
    let ffmpeg: FfmpegProcess | undefined;
    try {
      const consumer = await transport.consume({
        producerId: producer.id,
        rtpCapabilities: recorderRtpCapabilities(router.rtpCapabilities),
        paused: true,
      });
      const port = await freeUdpPortPair(LOOPBACK);
      fs.writeFileSync(sdpFile, recorderSdp(consumer.kind, consumer.rtpParameters, port));
      ffmpeg = new FfmpegProcess([
        '-protocol_whitelist', 'file,udp,rtp',
        '-listen_timeout', String(options.silenceTimeoutS ?? 15),
        // FFmpeg writes nothing until it has probed the input (5 s by default):
        // a shorter probe puts the first cluster on disk sooner. Key frames are
        // asked for meanwhile, so the picture size is known within it.
        '-analyzeduration', '1500000',
        '-i', sdpFile,
        '-map', '0', '-c', 'copy',
        // Clusters of at most a second: a killed FFmpeg loses at most the last one.
        '-f', format.muxer, '-cluster_time_limit', '1000', '-flush_packets', '1',
        '-y', file,
      ]); // prettier-ignore
      const running = ffmpeg;
      // On a saturated server FFmpeg took more than 5 s to bind (seen with browser calls under
      // load): a track given up here is never recorded, while waiting only delays its first frame.
      await waitUntilUdpBound(port, options.listenTimeoutMs ?? 20_000, () => !running.running);
      await transport.connect({ ip: LOOPBACK, port });
      await consumer.resume();
      const recorder = new TrackRecorder(
        file,
        producer.id,
        clock(),
        port,
        transport,
        consumer,
        ffmpeg,
        sdpFile,
        clock,
      );
      recorder.#askForKeyFrames(options.keyFrameIntervalMs ?? 500, options.keyFrameWindowMs ?? 5000);
      return recorder;
    } catch (error) {
      ffmpeg?.kill();
      transport.close();
      fs.rmSync(sdpFile, { force: true });
      if (error instanceof RecorderError) throw error;
      const tail = ffmpeg ? (await ffmpeg.exited).stderrTail.slice(-3).join(' | ') : '';
      throw new RecorderError('recorder_ffmpeg_failed', `${(error as Error).message}${tail && `: ${tail}`}`);
    }
  }

  get kind(): types.MediaKind {
    return this.consumer.kind;
  }

  get codec(): string {
    return this.consumer.rtpParameters.codecs[0]!.mimeType;
  }

  /** FFmpeg's process id, for resource accounting and tests. */
  get pid(): number | undefined {
    return this.ffmpeg.pid;
  }

  /**
   * Finishes the file, then closes the transport: an RTCP BYE ends FFmpeg's
   * input and it writes the trailer, whether media still flows or not; signals
   * only if it does not end within a while.
   */
  stop(): Promise<RecordingSegment> {
    this.#stopping ??= (async () => {
      this.#stopRequested = true;
      clearInterval(this.#keyFrameTimer);
      await sendRtcpBye(this.port, LOOPBACK).catch(() => {});
      await this.ffmpeg.stop({ signalAfterMs: BYE_WAIT_MS });
      return this.done;
    })();
    return this.#stopping;
  }

  /** Until FFmpeg has seen the stream (it needs a key frame to), and a while at most. */
  #askForKeyFrames(intervalMs: number, windowMs: number): void {
    const ask = () => void this.consumer.requestKeyFrame().catch(() => {});
    ask();
    const until = this.clock() + windowMs;
    this.#keyFrameTimer = setInterval(() => {
      if (this.clock() > until) clearInterval(this.#keyFrameTimer);
      else ask();
    }, intervalMs);
    void this.ffmpeg.started.then(() => clearInterval(this.#keyFrameTimer));
  }

  async #finish(): Promise<void> {
    clearInterval(this.#keyFrameTimer);
    const exit = await this.ffmpeg.exited;
    this.transport.close();
    fs.rmSync(this.sdpFile, { force: true });
    const size = fs.statSync(this.file, { throwIfNoEntry: false })?.size ?? 0;
    // FFmpeg exits with 0 at the end of its input (the BYE), with 255 after SIGINT.
    const clean = this.#stopRequested && (exit.code === 0 || exit.code === 255);
    const segment: RecordingSegment = {
      file: this.file,
      kind: this.kind,
      codec: this.codec,
      producerId: this.producerId,
      startedAt: this.startedAt,
      endedAt: this.clock(),
      status: size === 0 ? 'empty' : clean ? 'complete' : 'interrupted',
      ffmpegExit: { code: exit.code, signal: exit.signal },
    };
    this.#resolveDone(segment);
    this.emit('ended', segment);
  }
}
