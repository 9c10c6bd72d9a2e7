import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../server/recording/media-probe.js';
import { RecordingStore } from '../../server/recording/recording-store.js';
import { closedRecording, tellerKeyOf } from '../support/call-media.js';
import { setUpCall } from '../support/call-setup.js';
import { ask, nextEvent, request, type TestSocket } from '../support/clients.js';
import { sleep } from '../support/recorder-kit.js';
import { fakeRtpParameters, joinMedia } from '../support/fake-media.js';
import { killAllSenders, startSyntheticSender, type SyntheticSender } from '../support/rtp-sender.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { waitFor } from '../support/wait.js';

let server: TestServer;
const sockets: TestSocket[] = [];
const senders: SyntheticSender[] = [];

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await Promise.all(senders.splice(0).map((s) => s.stop()));
  for (const s of sockets.splice(0)) s.close();
  await waitFor(() => server.calls.registry.count === 0, 30_000);
});
afterAll(async () => {
  killAllSenders();
  await server.close();
});

/** The call's screen-share events as stored, oldest first. */
const shareEvents = async (callId: string) =>
  (
    await server.kysely
      .selectFrom('call_events')
      .select(['actor', 'type', 'data'])
      .where('call_id', '=', callId)
      .where('type', 'like', 'call.screen_share.%')
      .orderBy('seq')
      .execute()
  ).map((e) => ({ ...e, data: JSON.parse(e.data) as Record<string, unknown> }));

describe('a teller’s screen share through the real server and mediasoup worker', () => {
  it('is refused to the customer, forwarded to the customer as a share, one at a time, and its start and stop go on the timeline', async () => {
    const call = await setUpCall(server);
    sockets.push(call.customer, call.teller);
    const { callId } = call.tellerCall;
    const tellerKey = await tellerKeyOf(server.kysely, callId);
    const customerMedia = await joinMedia(call.customer, call.customerCall, 1000);
    const tellerMedia = await joinMedia(call.teller, call.tellerCall, 2000);
    const screen = (transportId: string, ssrc: number) => ({
      callId,
      transportId,
      kind: 'video',
      rtpParameters: fakeRtpParameters('video', ssrc),
      source: 'screen',
    });

    // The customer may send its camera, never a share: the policy refuses it.
    const refused = await ask(call.customer, 'media:produce', screen(customerMedia.send.id, 1003));
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Nor a source the contract does not know.
    const unknown = await ask(call.teller, 'media:produce', {
      ...screen(tellerMedia.send.id, 2003),
      source: 'window',
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });

    // The teller's share is a second video beside its camera, announced to the customer as a share.
    const announced = nextEvent(call.customer, 'media:producerAdded', (p) => p.source === 'screen');
    const { producerId } = await request(call.teller, 'media:produce', screen(tellerMedia.send.id, 2003));
    expect(await announced).toEqual({
      callId,
      producerId,
      kind: 'video',
      paused: false,
      source: 'screen',
      side: 'teller',
    });
    const status = await request(call.customer, 'ticket:status', {});
    expect(status.call?.producers.filter((p) => p.source === 'screen')).toEqual([
      { producerId, kind: 'video', paused: false, source: 'screen', side: 'teller' },
    ]);
    expect(status.call?.producers).toHaveLength(3);
    const consumer = await request(call.customer, 'media:consume', {
      callId,
      transportId: customerMedia.recv.id,
      producerId,
      rtpCapabilities: customerMedia.rtpCapabilities,
    });
    expect(consumer).toMatchObject({ producerId, kind: 'video' });

    // One share at a time.
    const second = await ask(call.teller, 'media:produce', screen(tellerMedia.send.id, 2004));
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Only its owner stops a share.
    const notHers = await ask(call.customer, 'media:closeProducer', { callId, producerId });
    expect(notHers).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const closed = nextEvent(call.customer, 'media:producerClosed', (e) => e.producerId === producerId);
    await request(call.teller, 'media:closeProducer', { callId, producerId });
    await closed;
    // The camera goes on; a new share may start.
    expect(server.rooms.get(callId)?.producersFor('customer')).toHaveLength(2);
    const again = await request(call.teller, 'media:produce', screen(tellerMedia.send.id, 2005));

    const tellerId = tellerKey.slice('teller:'.length);
    await waitFor(async () => (await shareEvents(callId)).length === 3);
    expect(await shareEvents(callId)).toEqual([
      { actor: tellerId, type: 'call.screen_share.started', data: { participant: tellerKey, producerId } },
      { actor: tellerId, type: 'call.screen_share.stopped', data: { participant: tellerKey, producerId } },
      {
        actor: tellerId,
        type: 'call.screen_share.started',
        data: { participant: tellerKey, producerId: again.producerId },
      },
    ]);
    await request(call.teller, 'call:hangUp', { callId });
  });

  it('records the share as a track of its own, listed in the manifest beside the teller’s camera', async () => {
    const call = await setUpCall(server);
    sockets.push(call.customer, call.teller);
    const { callId } = call.tellerCall;
    const tellerKey = await tellerKeyOf(server.kysely, callId);
    // Two FFmpeg-fed videos of the teller's: its camera, then its share (with its source, as its
    // page's would be). One after the other: recorders started all at once on a busy machine may
    // miss their start-up bound, which is the recorder's own concern (recorded-call.test.ts).
    const room = server.rooms.get(callId)!;
    // The recording's row is written as the call starts, beside the answer to the teller's accept.
    const recordings = new RecordingStore(server.kysely);
    await waitFor(async () => (await recordings.get(callId)) !== undefined);
    const folder = (await recordings.get(callId))!.folder;
    const recording = (name: string) => {
      const file = path.join(folder, name);
      return fs.existsSync(file) && fs.statSync(file).size > 0;
    };
    const safeKey = tellerKey.replace(':', '_');
    const failures = () =>
      server.kysely
        .selectFrom('call_events')
        .select('data')
        .where('call_id', '=', callId)
        .where('type', '=', 'recording.failed')
        .execute();
    const video = async (source?: 'screen') => {
      const sender = await startSyntheticSender(room.router);
      senders.push(sender);
      await sender.flowing();
      sender.audio.close();
      if (source) sender.video.appData.source = source;
      room.addProducer(tellerKey, sender.video);
      await waitFor(
        async () => recording(`${safeKey}-${source ?? 'video'}-01.webm`) || (await failures()).length > 0,
        60_000,
      );
      // A recorder's FFmpeg has a start-up bound; past it the recorder says so on the timeline.
      expect(await failures(), 'a recorder could not start').toEqual([]);
      return sender;
    };
    const camera = await video();
    const share = await video('screen');
    // Three seconds of pictures once the share's recorder has begun its file.
    await sleep(3_000);
    share.video.close();
    await waitFor(async () => (await shareEvents(callId)).length === 2);
    await request(call.teller, 'call:hangUp', { callId });

    const { row, manifest } = await closedRecording(server.kysely, callId);
    const tracks = manifest.tracks.map((t) => `${t.participantKey}/${t.kind}/${t.source ?? ''}`).sort();
    expect(tracks).toEqual([`${tellerKey}/video/`, `${tellerKey}/video/screen`].sort());
    const shared = manifest.tracks.find((t) => t.source === 'screen')!;
    expect(shared.segments).toHaveLength(1);
    const [segment] = shared.segments;
    expect(segment!.producerId).toBe(share.video.id);
    expect(segment!.file).toMatch(/-screen-01\.webm$/);
    expect(segment!.status).toBe('complete');
    const probe = await probeMedia(path.join(row.folder, segment!.file));
    expect(probe.finished).toBe(true);
    // 15 fps: three seconds are 45 pictures; a third of them still tells a file with media from one without.
    expect(probe.streams[0]!.packets).toBeGreaterThanOrEqual(15);
    // The camera's track is apart from it, whole.
    const cameraTrack = manifest.tracks.find(
      (t) => t.participantKey === tellerKey && t.kind === 'video' && !t.source,
    );
    expect(cameraTrack?.segments.map((s) => s.producerId)).toEqual([camera.video.id]);
    expect(manifest.events.filter((e) => e.type.startsWith('call.screen_share.'))).toEqual([
      expect.objectContaining({
        type: 'call.screen_share.started',
        data: { participant: tellerKey, producerId: share.video.id },
      }),
      expect.objectContaining({
        type: 'call.screen_share.stopped',
        data: { participant: tellerKey, producerId: share.video.id },
      }),
    ]);
  }, 120_000);
});
