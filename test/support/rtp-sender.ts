import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import type { types } from 'mediasoup';

const VIDEO = { payloadType: 101, ssrc: 22_222_222 };
const AUDIO = { payloadType: 100, ssrc: 11_111_111 };

// 320×240 at 15 fps with a key frame every second; Opus stereo.
// prettier-ignore
export const VP8_ENCODING = ['-c:v', 'libvpx', '-b:v', '300k', '-deadline', 'realtime', '-cpu-used', '8', '-g', '15'];
// prettier-ignore
const H264_ENCODING = ['-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-profile:v', 'baseline', '-pix_fmt', 'yuv420p', '-g', '15', '-b:v', '300k'];
const H264_CODEC: types.RtpCodecParameters = {
  mimeType: 'video/H264',
  clockRate: 90000,
  payloadType: VIDEO.payloadType,
  parameters: { 'packetization-mode': 1, 'profile-level-id': '42e01f' },
};
export const OPUS_ENCODING = ['-c:a', 'libopus', '-ac', '2', '-ar', '48000', '-b:a', '32k'];

/** Encodes `seconds` of the synthetic picture and tone once into a WebM, for senders that only copy. */
export function preEncodeSource(file: string, seconds: number): void {
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-nostdin', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=15:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    ...VP8_ENCODING, ...OPUS_ENCODING, file,
  ]); // prettier-ignore
}

/** Every sender FFmpeg a test started, so afterAll can make sure none outlives it. */
const started = new Set<ChildProcess>();

export interface SyntheticSender {
  video: types.Producer;
  audio: types.Producer;
  /** The sending FFmpeg's process id. */
  pid: number | undefined;
  /** Resolves once both producers have received RTP. */
  flowing(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A synthetic participant: FFmpeg encodes a test picture (VP8, 320×240, 15 fps,
 * a key frame every second) and a sine (Opus) and sends them as RTP into two
 * PlainTransports of `router`, which become its producers.
 */
export async function startSyntheticSender(
  router: types.Router,
  options: {
    frequency?: number;
    /** A file made by preEncodeSource: sent with `-c copy`, looped, so the sender costs next to nothing. */
    source?: string;
    /** H264 (constrained baseline, packetization mode 1) instead of VP8. */
    h264?: boolean;
  } = {},
): Promise<SyntheticSender> {
  const { frequency = 440, source, h264 = false } = options;
  // FFmpeg sends RTCP from another port than RTP: comedia with rtcpMux would latch onto the wrong one.
  const ingest = async (kind: types.MediaKind, codec: types.RtpCodecParameters, ssrc: number) => {
    const transport = await router.createPlainTransport({
      listenInfo: { protocol: 'udp', ip: '127.0.0.1' },
      rtcpMux: false,
      comedia: true,
    });
    const producer = await transport.produce({
      kind,
      rtpParameters: { codecs: [codec], encodings: [{ ssrc }] },
    });
    producer.observer.once('close', () => transport.close());
    const url = `rtp://127.0.0.1:${transport.tuple.localPort}?rtcpport=${transport.rtcpTuple!.localPort}&pkt_size=1200`;
    return { producer, url };
  };
  const video = await ingest(
    'video',
    h264 ? H264_CODEC : { mimeType: 'video/VP8', clockRate: 90000, ...VIDEO },
    VIDEO.ssrc,
  );
  const audio = await ingest(
    'audio',
    { mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: AUDIO.payloadType },
    AUDIO.ssrc,
  );
  const rtp = (stream: typeof VIDEO) => [
    '-payload_type',
    String(stream.payloadType),
    '-ssrc',
    String(stream.ssrc),
    '-f',
    'rtp',
  ];
  const args = source
    ? [
        '-re', '-stream_loop', '-1', '-i', source,
        '-map', '0:v', '-c', 'copy', ...rtp(VIDEO), video.url,
        '-map', '0:a', '-c', 'copy', ...rtp(AUDIO), audio.url,
      ]
    : [
        '-re', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=15',
        '-re', '-f', 'lavfi', '-i', `sine=frequency=${frequency}:sample_rate=48000`,
        '-map', '0:v', ...(h264 ? H264_ENCODING : VP8_ENCODING), ...rtp(VIDEO), video.url,
        '-map', '1:a', ...OPUS_ENCODING, ...rtp(AUDIO), audio.url,
      ]; // prettier-ignore
  const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], {
    stdio: 'ignore',
  });
  started.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => started.delete(child));
  return {
    video: video.producer,
    audio: audio.producer,
    pid: child.pid,
    flowing: async () => {
      const received = async (p: types.Producer) => (await p.getStats()).some((s) => s.packetCount > 0);
      for (let i = 0; i < 100; i++) {
        if ((await received(video.producer)) && (await received(audio.producer))) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error('the synthetic sender sent nothing in 10 s');
    },
    stop: async () => {
      child.kill('SIGKILL');
      await exited;
      video.producer.close();
      audio.producer.close();
    },
  };
}

/** Kills whatever sender is still running (afterAll). */
export function killAllSenders(): void {
  for (const child of started) child.kill('SIGKILL');
}
