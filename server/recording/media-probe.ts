import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ProbedStream {
  kind: 'audio' | 'video' | 'other';
  codec: string;
  /** Packets (frames, for video) in the file, counted by reading it through. */
  packets: number;
}

export interface MediaProbe {
  /** From the container, or from the last packet when the file has no trailer (its writer was killed). */
  durationMs: number;
  /** The container states its duration: its writer finished it (trailer, seek index). */
  finished: boolean;
  streams: ProbedStream[];
}

interface FfprobeJson {
  format?: { duration?: string };
  streams?: { codec_type?: string; codec_name?: string; nb_read_packets?: string }[];
  packets?: { pts_time?: string; duration_time?: string }[];
}

/** What ffprobe reads in a recorded file; rejects when it cannot read it at all. */
export async function probeMedia(file: string): Promise<MediaProbe> {
  const { stdout } = await run('ffprobe', [
    '-v', 'error', '-count_packets',
    '-show_entries', 'format=duration:stream=codec_type,codec_name,nb_read_packets',
    '-of', 'json', file,
  ]); // prettier-ignore
  const json = JSON.parse(stdout) as FfprobeJson;
  const streams = (json.streams ?? []).map(
    (s): ProbedStream => ({
      kind: s.codec_type === 'audio' || s.codec_type === 'video' ? s.codec_type : 'other',
      codec: s.codec_name ?? 'unknown',
      packets: Number(s.nb_read_packets ?? 0),
    }),
  );
  const declared = Number(json.format?.duration);
  const durationMs = Number.isFinite(declared) ? declared * 1000 : await lastPacketEndMs(file);
  return { durationMs: Math.round(durationMs), finished: Number.isFinite(declared), streams };
}

/** The end of the last packet: a file cut off before its trailer still has its packets' times. */
async function lastPacketEndMs(file: string): Promise<number> {
  const { stdout } = await run(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'packet=pts_time,duration_time', '-of', 'json', file],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  const packets = (JSON.parse(stdout) as FfprobeJson).packets ?? [];
  let end = 0;
  for (const p of packets) {
    const at = Number(p.pts_time) + (Number(p.duration_time) || 0);
    if (Number.isFinite(at)) end = Math.max(end, at);
  }
  return end * 1000;
}
