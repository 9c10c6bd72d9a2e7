import type { Kysely } from 'kysely';
import type { Schema } from '../../server/platform/database/schema.js';
import fs from 'node:fs';
import path from 'node:path';
import type { CallRooms } from '../../server/platform/media/call-rooms.js';
import { sha256File } from '../../server/recording/manifest-writer.js';
import type { RecordingManifest } from '../../server/recording/rules/recording-manifest.js';
import { readJournal } from '../../server/recording/recording-journal.js';
import { RecordingStore, type RecordingRow } from '../../server/recording/recording-store.js';
import { startSyntheticSender, type SyntheticSender } from './rtp-sender.js';
import { waitFor } from './wait.js';

/**
 * Synthetic media for one participant of a call in progress: an FFmpeg
 * sender (VP8 test picture and an Opus tone) producing into the call's
 * router through PlainTransports, taken in by the call's room as that
 * participant's producers, as if its page sent them. Stop it with `stop()`
 * (or killAllSenders) even when a test fails.
 */
export async function sendIntoCall(
  server: { rooms: CallRooms },
  callId: string,
  participantKey: string,
  options: { frequency?: number } = {},
): Promise<SyntheticSender> {
  const room = server.rooms.get(callId);
  if (!room) throw new Error(`no room for call ${callId}`);
  const sender = await startSyntheticSender(room.router, options);
  try {
    await sender.flowing();
    room.addProducer(participantKey, sender.video);
    room.addProducer(participantKey, sender.audio);
    return sender;
  } catch (error) {
    await sender.stop();
    throw error;
  }
}

/** Once the server's recorder writes each of these producers as a track of the call (its journal names each). */
export async function recordedTracks(
  kysely: Kysely<Schema>,
  callId: string,
  producerIds: string[],
): Promise<void> {
  const folder = (await new RecordingStore(kysely).get(callId))!.folder;
  await waitFor(() => {
    const journaled = readJournal(folder).map((entry) => entry.producerId);
    return producerIds.every((id) => journaled.includes(id));
  }, 30_000);
}

/** What a call view offers at a glance: `side/kind` of each producer, sorted. */
export const sidesAndKinds = (view: { producers: { side?: string; kind: string }[] }): string[] =>
  view.producers.map((p) => `${p.side}/${p.kind}`).sort();

/** Both sides' microphone and camera, as `sidesAndKinds` lists them. */
export const BOTH_SIDES_MEDIA = ['customer/audio', 'customer/video', 'teller/audio', 'teller/video'];

/** The media room key of the call's (first) teller. */
export async function tellerKeyOf(kysely: Kysely<Schema>, callId: string): Promise<string> {
  const row = await kysely
    .selectFrom('call_tellers')
    .select('teller_id')
    .where('call_id', '=', callId)
    .orderBy('joined_at')
    .executeTakeFirstOrThrow();
  return `teller:${row.teller_id}`;
}

/** The call's recordings row once its recording is closed, and the manifest it names (whose hash it holds). */
export async function closedRecording(
  kysely: Kysely<Schema>,
  callId: string,
): Promise<{ row: RecordingRow; manifest: RecordingManifest }> {
  const repo = new RecordingStore(kysely);
  await waitFor(async () => (await repo.get(callId))?.status !== 'recording', 40_000);
  const row = (await repo.get(callId))!;
  const file = path.join(row.folder, 'manifest.json');
  if (row.manifestSha256 !== (await sha256File(file)))
    throw new Error('manifest.json is not the one the row names');
  return { row, manifest: JSON.parse(fs.readFileSync(file, 'utf8')) as RecordingManifest };
}

/** `recordings/<day>/<callId>` under the server's data folder, once the recorder has made it. */
export function findRecordingFolder(dataDir: string, callId: string): string | undefined {
  const root = path.join(dataDir, 'recordings');
  if (!fs.existsSync(root)) return undefined;
  const day = fs.readdirSync(root).find((d) => fs.existsSync(path.join(root, d, callId)));
  return day && path.join(root, day, callId);
}

/** Bytes written so far to the call's recording files whose names match `files`. */
export function recordedBytes(dataDir: string, callId: string, files: RegExp): number {
  const folder = findRecordingFolder(dataDir, callId);
  if (!folder) return 0;
  return fs
    .readdirSync(folder)
    .filter((name) => files.test(name))
    .reduce((sum, name) => sum + fs.statSync(path.join(folder, name)).size, 0);
}
