import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { processesUsing } from '../../server/recording/folder-writers.js';
import { sha256File } from '../../server/recording/manifest-writer.js';
import { probeMedia } from '../../server/recording/media-probe.js';
import type { RecordingManifest } from '../../server/recording/rules/recording-manifest.js';
import { RecordingStore } from '../../server/recording/recording-store.js';
import { recordedManifestSha256 } from '../../server/service/record/record-document.js';
import {
  closedRecording as closedRecordingOf,
  sendIntoCall,
  tellerKeyOf as tellerKeyOfCall,
} from '../support/call-media.js';
import { connect, nextEvent, request } from '../support/clients.js';
import { sleep } from '../support/recorder-kit.js';
import { killAllSenders, type SyntheticSender } from '../support/rtp-sender.js';
import { serverPerTest } from '../support/server-per-test.js';
import { binaryRequest, completeContactChange, jsonOf, serviceCall } from '../support/service-client.js';
import { withDataOf } from '../support/test-database.js';
import { waitFor } from '../support/wait.js';

const context = serverPerTest();
const senders: SyntheticSender[] = [];
afterEach(async () => {
  await Promise.all(senders.splice(0).map((s) => s.stop()));
});
afterAll(() => killAllSenders());

const started = async (callId: string, participantKey: string, frequency: number) => {
  const sender = await sendIntoCall(context.server, callId, participantKey, { frequency });
  senders.push(sender);
  return sender;
};

const tellerKeyOf = (callId: string) => tellerKeyOfCall(context.server.kysely, callId);
const closedRecording = (callId: string) => closedRecordingOf(context.server.kysely, callId);

const segmentsOf = (manifest: RecordingManifest) =>
  Object.fromEntries(manifest.tracks.map((t) => [`${t.participantKey}/${t.kind}`, t.segments]));

/** Every segment's file is there, with the size and SHA-256 the manifest says. */
async function expectHashesMatch(folder: string, manifest: RecordingManifest): Promise<void> {
  for (const segment of manifest.tracks.flatMap((t) => t.segments)) {
    const file = path.join(folder, segment.file);
    expect(segment.sha256).toBe(await sha256File(file));
    expect(segment.bytes).toBe(fs.statSync(file).size);
  }
}

describe('every call recorded by the server', () => {
  it('records both parties through a mute, with the steps on the manifest’s timeline and its hash in the signed record', async () => {
    const { server } = context;
    const call = await serviceCall(server, 'contact-change', context.sockets);
    const { callId } = call;
    const tellerKey = await tellerKeyOf(callId);
    expect((await new RecordingStore(server.kysely).get(callId))?.status).toBe('recording');
    const customer = await started(callId, 'customer', 440);
    await started(callId, tellerKey, 660);
    const mediaAt = Date.now();

    const completed = await completeContactChange(call);
    expect(completed.status).toBe('completed');
    // The record carries the manifest's hash: it is signed once the call ends, not before.
    expect(completed.recordUrl).toBe(`/api/calls/${callId}/record.pdf`);
    const early = await binaryRequest(server, 'GET', completed.recordUrl!, {
      headers: { authorization: `Bearer ${call.ticketToken}` },
    });
    expect(early.status).toBe(409);
    expect(jsonOf(early.body)).toMatchObject({ error: { code: 'invalid_state' } });

    // The customer mutes microphone and camera for two seconds.
    await sleep(2000);
    for (const paused of [true, false]) {
      for (const producer of [customer.audio, customer.video])
        await request(call.customer, 'media:setProducerPaused', { callId, producerId: producer.id, paused });
      if (paused) await sleep(2000);
    }
    // Eight seconds and more of media besides the mute.
    await sleep(Math.max(0, mediaAt + 12_500 - Date.now()));
    const signed = nextEvent(call.customer, 'service:completed');
    await request(call.teller, 'call:hangUp', { callId });

    const { row, manifest } = await closedRecording(callId);
    expect(row.status).toBe('complete');
    expect(row.folder).toBe(
      path.join(server.config.recordingsDir, new Date(row.startedAt).toISOString().slice(0, 10), callId),
    );
    const callRow = await server.kysely
      .selectFrom('calls')
      .select('started_at')
      .where('id', '=', callId)
      .executeTakeFirstOrThrow();
    expect(manifest).toMatchObject({ callId, startedAt: callRow.started_at, interrupted: false });
    expect(manifest.participants).toEqual([
      { key: 'customer', role: 'customer', displayName: '王小明' },
      { key: tellerKey, role: 'teller', displayName: expect.any(String) },
    ]);
    const segments = segmentsOf(manifest);
    expect(Object.keys(segments).sort()).toEqual(
      ['customer/audio', 'customer/video', `${tellerKey}/audio`, `${tellerKey}/video`].sort(),
    );
    for (const [track, list] of Object.entries(segments)) {
      // One continuous file per track: the mute neither ended nor split the customer's.
      expect(list, track).toHaveLength(1);
      const [segment] = list!;
      expect(segment!.status).toBe('complete');
      const probe = await probeMedia(path.join(row.folder, segment!.file));
      expect(probe.durationMs, track).toBeGreaterThanOrEqual(8000);
      expect(probe.finished, track).toBe(true);
      // 15 fps video; 20 ms Opus frames (the mute's two seconds carry none). The senders are
      // FFmpeg processes on the same two cores: when those are saturated they send late and
      // fewer frames (115 of 120 seen under stress -c 2), which is theirs, not the recorder's.
      // Two thirds of the nominal count still tells a recording with media from one without.
      const least = Math.floor((track.endsWith('/video') ? 8 * 15 : 6 * 50) * (2 / 3));
      expect(probe.streams[0]!.packets, track).toBeGreaterThanOrEqual(least);
    }
    await expectHashesMatch(row.folder, manifest);

    // The timeline is the call's events, on the manifest's time base.
    const stored = (
      await server.kysely
        .selectFrom('call_events')
        .select(['type', 'at'])
        .where('call_id', '=', callId)
        .orderBy('seq')
        .execute()
    ).filter((e) => e.type.startsWith('service.step_'));
    expect(stored.length).toBeGreaterThanOrEqual(4);
    const offsets = manifest.events
      .filter((e) => e.type.startsWith('service.step_'))
      .map((e) => ({ type: e.type, at: e.offsetMs + manifest.startedAt }));
    expect(offsets).toEqual(stored);
    const types = manifest.events.map((e) => e.type);
    expect(types[0]).toBe('consent.recording');
    // Time 0 is the call's start: its first event comes within a moment of it.
    expect(manifest.events.find((e) => e.type === 'call.started')?.offsetMs).toBeGreaterThanOrEqual(0);
    expect(manifest.events.find((e) => e.type === 'call.started')?.offsetMs).toBeLessThan(1000);
    expect(types).toEqual(
      expect.arrayContaining(['service.signature_captured', 'service.completed', 'call.ended']),
    );

    // Now the record is signed: it names the manifest's hash and verifies.
    expect(await signed).toMatchObject({ callId, status: 'completed' });
    const pdf = await binaryRequest(server, 'GET', completed.recordUrl!, {
      headers: { authorization: `Bearer ${call.ticketToken}` },
    });
    expect(pdf.status).toBe(200);
    const file = path.join(server.dataDir, 'downloaded-record.pdf');
    fs.writeFileSync(file, pdf.body);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain(row.manifestSha256);
    // The same hash in the metadata, where the auditor's Verify reads it.
    expect(await recordedManifestSha256(pdf.body)).toBe(row.manifestSha256);
    expect(text).toContain(`${path.basename(path.dirname(row.folder))}/${callId}/manifest.json`);
    expect(execFileSync('pdfsig', [file], { encoding: 'utf8' })).toContain('Signature is Valid');
  }, 90_000);

  it('gives a side that reconnects a second segment in the same recording', async () => {
    const { server } = context;
    const call = await serviceCall(server, 'contact-change', context.sockets);
    const { callId } = call;
    const tellerKey = await tellerKeyOf(callId);
    await started(callId, 'customer', 440);
    await started(callId, tellerKey, 660);
    await sleep(4000);

    // The customer's page drops and comes back: its old media goes, new media comes.
    const left = nextEvent(call.teller, 'call:peerConnection', (e) => !e.connected);
    call.customer.disconnect();
    await left;
    const page = await connect(server, { ticketToken: call.ticketToken });
    context.sockets.push(page);
    const back = await request(page, 'ticket:status', {});
    expect(back.call?.callId).toBe(callId);
    const rejoinedAt = Date.now();
    await started(callId, 'customer', 550);
    // Past FFmpeg's probe of the new media (a key frame, then 1.5 s), however loaded the machine.
    const folder = (await new RecordingStore(server.kysely).get(callId))!.folder;
    await waitFor(
      () =>
        ['video', 'audio'].every(
          (kind) =>
            (fs.statSync(path.join(folder, `customer-${kind}-02.webm`), { throwIfNoEntry: false })?.size ??
              0) > 8192,
        ),
      20_000,
    );
    await sleep(2000);
    await request(call.teller, 'call:hangUp', { callId });

    const { row, manifest } = await closedRecording(callId);
    expect(row.status).toBe('complete');
    const segments = segmentsOf(manifest);
    for (const kind of ['video', 'audio']) {
      const list = segments[`customer/${kind}`]!;
      expect(list.map((s) => s.file)).toEqual([`customer-${kind}-01.webm`, `customer-${kind}-02.webm`]);
      expect(list.map((s) => s.status)).toEqual(['complete', 'complete']);
      expect(list[1]!.startOffsetMs).toBeGreaterThanOrEqual(rejoinedAt - manifest.startedAt);
      // Each file holds media: both are seconds long (less FFmpeg's probe at each start).
      for (const segment of list) {
        const probe = await probeMedia(path.join(row.folder, segment.file));
        expect(probe.durationMs).toBeGreaterThanOrEqual(1500);
      }
      // The teller's side went on in one file.
      expect(segments[`${tellerKey}/${kind}`]).toHaveLength(1);
    }
    await expectHashesMatch(row.folder, manifest);
    const types = manifest.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['call.participant.left', 'call.participant.rejoined']));
  }, 60_000);

  it('goes on when its recorders fail: the failure is in the timeline and the recording is marked interrupted', async () => {
    const { server } = context;
    const call = await serviceCall(server, 'contact-change', context.sockets);
    const { callId } = call;
    await started(callId, 'customer', 440);
    const folder = (await new RecordingStore(server.kysely).get(callId))!.folder;
    await waitFor(() => fs.readdirSync(folder).filter((f) => f.endsWith('.webm')).length === 2, 20_000);
    const recorders = await processesUsing(folder);
    expect(recorders).toHaveLength(2);
    for (const pid of recorders) process.kill(pid, 'SIGKILL');

    const failures = () =>
      server.kysely
        .selectFrom('call_events')
        .select('data')
        .where('call_id', '=', callId)
        .where('type', '=', 'recording.failed')
        .execute();
    await waitFor(async () => (await failures()).length === 2, 10_000);
    expect((await failures()).map((f) => (JSON.parse(f.data) as { track: string }).track).sort()).toEqual([
      'customer/audio',
      'customer/video',
    ]);
    // The call itself goes on, and its service with it.
    expect(server.calls.registry.count).toBe(1);
    expect((await completeContactChange(call)).status).toBe('completed');
    await request(call.teller, 'call:hangUp', { callId });

    const { row, manifest } = await closedRecording(callId);
    expect(row.status).toBe('interrupted');
    expect(manifest.interrupted).toBe(true);
    expect(manifest.tracks.flatMap((t) => t.segments.map((s) => s.status))).toEqual([
      'interrupted',
      'interrupted',
    ]);
    expect(manifest.events.filter((e) => e.type === 'recording.failed')).toHaveLength(2);
  }, 60_000);

  it('finishes the recordings of the calls in progress when the server shuts down', async () => {
    const { server } = context;
    const call = await serviceCall(server, 'contact-change', context.sockets);
    const { callId } = call;
    await started(callId, 'customer', 440);
    const folder = (await new RecordingStore(server.kysely).get(callId))!.folder;
    await waitFor(() => {
      const files = fs.readdirSync(folder).filter((f) => f.endsWith('.webm'));
      return files.length === 2 && files.every((f) => fs.statSync(path.join(folder, f)).size > 8192);
    }, 20_000);
    await server.close();

    const row = (await withDataOf(server.dataDir, (db) => new RecordingStore(db).get(callId)))!;
    expect(row.status).toBe('complete');
    const manifest = JSON.parse(
      fs.readFileSync(path.join(folder, 'manifest.json'), 'utf8'),
    ) as RecordingManifest;
    expect(manifest.tracks.flatMap((t) => t.segments.map((s) => s.status))).toEqual(['complete', 'complete']);
    expect(manifest.events.at(-1)).toMatchObject({
      type: 'call.ended',
      data: { reason: 'server_shutdown' },
    });
    await expectHashesMatch(folder, manifest);
    expect(await processesUsing(folder)).toEqual([]);
  }, 60_000);
});
