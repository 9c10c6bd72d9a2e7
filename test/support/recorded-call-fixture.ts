import type { Kysely } from 'kysely';
import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { ServiceId } from '../../shared/catalog/services.js';
import type { CreateTicketRequest } from '../../shared/contracts/ticket.js';
import { callRecordingFolder } from '../../server/recording/call-recording.js';
import { describeSegment, sha256File, writeManifest } from '../../server/recording/manifest-writer.js';
import {
  buildManifest,
  type RecordedParticipant,
  type RecordingManifest,
  type TimelineEvent,
} from '../../server/recording/rules/recording-manifest.js';
import type { RecordingSegment } from '../../server/recording/rules/recording-segment.js';
import { CallStore } from '../../server/call/call-store.js';
import { RecordingStore } from '../../server/recording/recording-store.js';
import { TicketStore } from '../../server/queue/ticket-store.js';
import type { Schema } from '../../server/platform/database/schema.js';
import { UserStore } from '../../server/identity/user-store.js';
import { sampleTicket } from './clients.js';
import { OPUS_ENCODING, VP8_ENCODING } from './rtp-sender.js';

const run = promisify(execFile);

export interface RecordedCallOptions {
  /** Attach the recording to a call that exists (one whose service ran over sockets); otherwise one is made. */
  callId?: string;
  /** For a call made here. */
  serviceId?: ServiceId;
  /** Server clock of the call's (and recording's) start; default a minute ago. */
  startedAt?: number;
  /** Length of every media file. */
  seconds?: number;
  customer?: Partial<Pick<CreateTicketRequest, 'fullName' | 'idType' | 'idNumber'>>;
  tellerUsername?: string;
  /** The manifest's timeline, on the server clock; default the call's start, a step confirmed, its end. */
  events?: TimelineEvent[];
  status?: 'complete' | 'interrupted';
}

export interface RecordedCall {
  callId: string;
  startedAt: number;
  folder: string;
  manifest: RecordingManifest;
  manifestSha256: string;
  /** Absolute path of each media file, by its name in the manifest. */
  files: Record<string, string>;
}

/** Media made once per test process and per length, then copied into each call's folder. */
const made = new Map<string, Promise<string>>();
let mediaDir: string | undefined;

function media(kind: 'customer-video' | 'teller-video' | 'audio', seconds: number): Promise<string> {
  const key = `${kind}-${seconds}`;
  let file = made.get(key);
  if (!file) {
    if (!mediaDir) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-recorded-media-'));
      process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
      mediaDir = dir;
    }
    const out = path.join(mediaDir, `${key}.webm`);
    // Two different pictures, so a page shows which side is which.
    const source =
      kind === 'audio'
        ? ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`, ...OPUS_ENCODING]
        : [
            '-f',
            'lavfi',
            '-i',
            `${kind === 'customer-video' ? 'testsrc' : 'testsrc2'}=size=320x240:rate=15:duration=${seconds}`,
            ...VP8_ENCODING,
          ];
    file = run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', ...source, out]).then(
      () => out,
    );
    made.set(key, file);
  }
  return file;
}

/** The call's ticket, teller and start: the given call's, or a new ended one's. */
async function callOf(kysely: Kysely<Schema>, options: RecordedCallOptions, seconds: number) {
  const calls = new CallStore(kysely);
  if (options.callId) {
    const call = await calls.find(options.callId);
    if (!call) throw new Error(`no call ${options.callId}`);
    const teller = (await new UserStore(kysely).findById((await calls.tellersOf(call.id))[0]!.tellerId))!;
    return { call, teller, customerName: (await new TicketStore(kysely).find(call.ticketId))!.fullName };
  }
  const teller = await new UserStore(kysely).findByUsername(options.tellerUsername ?? 'teller1');
  if (!teller) throw new Error('no such teller');
  const startedAt = options.startedAt ?? Date.now() - 60_000;
  const form = sampleTicket({ ...options.customer, serviceId: options.serviceId ?? 'consultation' });
  const ticketId = crypto.randomUUID();
  await new TicketStore(kysely).insert({
    ...form,
    id: ticketId,
    birthDate: null,
    uiLocale: form.uiLocale ?? 'zh-CN',
    status: 'ended',
    joinedAt: startedAt - 30_000,
    consentAt: startedAt - 30_000,
    closedAt: startedAt + seconds * 1000,
    priority: 'normal',
    mandarinFallback: false,
    answeredAt: startedAt,
  });
  const call = {
    id: crypto.randomUUID(),
    ticketId,
    serviceId: form.serviceId,
    startedAt,
    endedAt: null,
    endReason: null,
  };
  await calls.insert(call, teller.id);
  await calls.end(call.id, startedAt + seconds * 1000, 'customer', 'node-1');
  return { call, teller, customerName: form.fullName };
}

/**
 * A call recorded as the recorder leaves one: real VP8 and Opus WebM files
 * (made by FFmpeg) for both sides in `recordings/<day>/<callId>/`, a manifest
 * built and written by the recorder's own code, and the `recordings` row
 * finished with the manifest's hash.
 */
export async function recordedCall(
  server: { kysely: Kysely<Schema>; config: { recordingsDir: string } },
  options: RecordedCallOptions = {},
): Promise<RecordedCall> {
  const seconds = options.seconds ?? 6;
  const { call, teller, customerName } = await callOf(server.kysely, options, seconds);
  const startedAt = call.startedAt;
  const folder = callRecordingFolder(server.config.recordingsDir, call.id, startedAt);
  fs.mkdirSync(folder, { recursive: true });
  const participants: RecordedParticipant[] = [
    { key: 'customer', role: 'customer', displayName: customerName },
    { key: `teller:${teller.id}`, role: 'teller', displayName: teller.displayName },
  ];
  const files: Record<string, string> = {};
  const segments = [];
  for (const [i, participant] of participants.entries()) {
    for (const kind of ['video', 'audio'] as const) {
      const name = `${participant.key.replace(/[^A-Za-z0-9-]/g, '_')}-${kind}-01.webm`;
      const file = path.join(folder, name);
      fs.copyFileSync(
        await media(
          kind === 'audio' ? 'audio' : `${participant.role as 'customer' | 'teller'}-video`,
          seconds,
        ),
        file,
      );
      files[name] = file;
      const segment: RecordingSegment = {
        file,
        kind,
        codec: kind === 'video' ? 'video/VP8' : 'audio/opus',
        producerId: `${participant.key}-${kind}`,
        // Each side's media starts a little after the call, as a recorder's first key frame does.
        startedAt: startedAt + 200 + i * 100,
        endedAt: startedAt + 200 + i * 100 + seconds * 1000,
        status: options.status ?? 'complete',
        ffmpegExit: { code: 255, signal: null },
      };
      segments.push(await describeSegment(segment, participant.key));
    }
  }
  const manifest = buildManifest({
    callId: call.id,
    startedAt,
    participants,
    segments,
    folder,
    events: options.events ?? [
      { at: startedAt, type: 'call.started', actor: teller.id },
      {
        at: startedAt + 2_000,
        type: 'service.step_confirmed',
        actor: teller.id,
        data: { stepId: 'question' },
      },
      {
        at: startedAt + seconds * 1000 - 500,
        type: 'call.ended',
        actor: 'customer',
        data: { reason: 'customer' },
      },
    ],
  });
  const manifestSha256 = await sha256File(writeManifest(folder, manifest));
  const recordings = new RecordingStore(server.kysely);
  // A call that ran for real may have a row of its own recorder already: the fixture's files replace it.
  await server.kysely.deleteFrom('recordings').where('call_id', '=', call.id).execute();
  await recordings.started(call.id, folder, startedAt);
  await recordings.finished(
    call.id,
    manifest.interrupted ? 'interrupted' : 'complete',
    manifestSha256,
    startedAt + seconds * 1000,
  );
  return { callId: call.id, startedAt, folder, manifest, manifestSha256, files };
}
