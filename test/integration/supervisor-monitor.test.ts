import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { AuditCallDetail } from '../../shared/contracts/auditor.js';
import type { MonitorMode } from '../../shared/contracts/monitor.js';
import type { ServerToClientEvents } from '../../shared/contracts/socket-events.js';
import {
  BOTH_SIDES_MEDIA,
  closedRecording,
  recordedTracks,
  sendIntoCall,
  sidesAndKinds,
  tellerKeyOf,
} from '../support/call-media.js';
import {
  ask,
  connect,
  httpRequest,
  login,
  nextEvent,
  request,
  staffHeaders,
  type TestSocket,
} from '../support/clients.js';
import { fakeRtpParameters, fakeTransport } from '../support/fake-media.js';
import { inboundPackets } from '../support/media-observer.js';
import { killAllSenders, startSyntheticSender, type SyntheticSender } from '../support/rtp-sender.js';
import { serverPerTest } from '../support/server-per-test.js';
import { serviceCall } from '../support/service-client.js';
import { waitFor } from '../support/wait.js';

const context = serverPerTest();
const senders: SyntheticSender[] = [];
afterEach(async () => {
  await Promise.all(senders.splice(0).map((s) => s.stop()));
});
afterAll(() => killAllSenders());

const MODES: MonitorMode[] = ['listen', 'whisper', 'barge'];

/** The next such event, waited for generously: FFmpeg senders start slowly on a loaded machine. */
const next: typeof nextEvent = (socket, event, match) => nextEvent(socket, event, match, 30_000);

async function staffSocket(username: string): Promise<{ socket: TestSocket; id: string }> {
  const { token, user } = await login(context.server, username);
  const socket = await connect(context.server, { token });
  context.sockets.push(socket);
  return { socket, id: user.id };
}

/** A receive transport of `socket` on the call (connected with fake DTLS: consumers are made, no RTP leaves). */
const recvTransport = (socket: TestSocket, callId: string) => fakeTransport(socket, callId, 'recv');

/** Every event of `names` about a supervisor (a notice, its media) a socket hears from now on. */
function heard(
  socket: TestSocket,
  names: (keyof ServerToClientEvents)[],
): { name: string; payload: unknown }[] {
  const log: { name: string; payload: unknown }[] = [];
  const aboutSupervisor = (name: string, payload: unknown): boolean =>
    name === 'call:supervisor' || (payload as { side?: string }).side === 'supervisor';
  for (const name of names) {
    socket.on(name, ((payload: unknown) => {
      if (aboutSupervisor(name, payload)) log.push({ name, payload });
    }) as never);
  }
  return log;
}

/** Synthetic RTP taken in as the supervisor's, as its page would send it in that mode. */
async function supervisorMedia(callId: string, key: string, kinds: ('audio' | 'video')[]) {
  const room = context.server.rooms.get(callId)!;
  const sender = await startSyntheticSender(room.router, { frequency: 880 });
  senders.push(sender);
  await sender.flowing();
  for (const kind of kinds) room.addProducer(key, sender[kind]);
  return sender;
}

const recorded = (callId: string, producerIds: string[]) =>
  recordedTracks(context.server.kysely, callId, producerIds);

describe('a supervisor listening in, whispering and barging in', () => {
  it('refuses every mode to a teller (its own call too) and an auditor, and the media of a call it does not monitor', async () => {
    const { server } = context;
    const call = await serviceCall(server, 'contact-change', context.sockets);
    const auditor = await staffSocket('auditor1');
    for (const socket of [call.teller, auditor.socket]) {
      for (const mode of MODES) {
        const ack = await ask(socket, 'monitor:start', { callId: call.callId, mode });
        expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
      expect(await ask(socket, 'monitor:stop', { callId: call.callId })).toMatchObject({
        ok: false,
        error: { code: 'forbidden' },
      });
    }
    // A supervisor that has not started monitoring this call gets none of its media.
    const supervisor = await staffSocket('supervisor1');
    const ack = await ask(supervisor.socket, 'media:createTransport', {
      callId: call.callId,
      direction: 'recv',
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const events = await server.kysely
      .selectFrom('call_events')
      .select('type')
      .where('call_id', '=', call.callId)
      .where('type', 'like', 'supervisor.%')
      .execute();
    expect(events).toEqual([]);
  });

  it('listens unseen, whispers to the teller only, barges in openly; each change on the timeline, in the audit chain and in the manifest', async () => {
    const { server } = context;
    const call = await serviceCall(server, 'contact-change', context.sockets);
    const { callId } = call;
    const room = server.rooms.get(callId)!;
    const tellerKey = await tellerKeyOf(server.kysely, callId);
    senders.push(await sendIntoCall(server, callId, 'customer', { frequency: 440 }));
    senders.push(await sendIntoCall(server, callId, tellerKey, { frequency: 660 }));
    const customerHeard = heard(call.customer, [
      'call:supervisor',
      'media:producerAdded',
      'media:producerClosed',
    ]);
    const tellerHeard = heard(call.teller, [
      'call:supervisor',
      'media:producerAdded',
      'media:producerClosed',
    ]);
    const supervisor = await staffSocket('supervisor1');
    const supervisorId = supervisor.id;

    // Listen: both sides' audio and video to consume, nothing to send, nobody told.
    const listening = await request(supervisor.socket, 'monitor:start', { callId, mode: 'listen' });
    expect(sidesAndKinds(listening)).toEqual(BOTH_SIDES_MEDIA);
    const listenRecv = await recvTransport(supervisor.socket, callId);
    for (const producer of listening.producers) {
      await request(supervisor.socket, 'media:consume', {
        callId,
        transportId: listenRecv,
        producerId: producer.producerId,
        rtpCapabilities: listening.routerRtpCapabilities,
      });
    }
    expect(room.consumersOf(`listen:${supervisorId}`)).toHaveLength(4);
    // Listening sends nothing: a producer is refused whatever its kind.
    const listenSend = await request(supervisor.socket, 'media:createTransport', {
      callId,
      direction: 'send',
    });
    for (const [i, kind] of (['audio', 'video'] as const).entries()) {
      const produced = await ask(supervisor.socket, 'media:produce', {
        callId,
        transportId: listenSend.id,
        kind,
        rtpParameters: fakeRtpParameters(kind, 9000 + i),
      });
      expect(produced).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(customerHeard).toEqual([]);
    expect(tellerHeard).toEqual([]);

    // Whisper: the listening media closes; the microphone reaches the teller and nobody else.
    const tellerTold = next(call.teller, 'call:supervisor', (n) => n.mode === 'whisper');
    const whispering = await request(supervisor.socket, 'monitor:start', { callId, mode: 'whisper' });
    expect(whispering.mode).toBe('whisper');
    expect(room.consumersOf(`listen:${supervisorId}`)).toHaveLength(0);
    expect(await tellerTold).toEqual({ callId, mode: 'whisper', displayName: 'Supervisor One 主管' });
    const whisperKey = `whisper:${supervisorId}`;
    const tellerOffered = next(call.teller, 'media:producerAdded', (p) => p.side === 'supervisor');
    const whisper = await supervisorMedia(callId, whisperKey, ['audio']);
    // A whisper is the microphone only.
    expect(() => room.addProducer(whisperKey, whisper.video)).toThrow(/may not send video/);
    const offered = await tellerOffered;
    expect(offered).toMatchObject({
      callId,
      producerId: whisper.audio.id,
      kind: 'audio',
      side: 'supervisor',
    });

    const tellerRecv = await recvTransport(call.teller, callId);
    const customerRecv = await recvTransport(call.customer, callId);
    await request(call.teller, 'media:consume', {
      callId,
      transportId: tellerRecv,
      producerId: whisper.audio.id,
      rtpCapabilities: call.tellerCall.routerRtpCapabilities,
    });
    const customerTry = await ask(call.customer, 'media:consume', {
      callId,
      transportId: customerRecv,
      producerId: whisper.audio.id,
      rtpCapabilities: call.customerCall.routerRtpCapabilities,
    });
    expect(customerTry).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // On the server: the supervisor's audio arrives, the teller has a consumer of it, the customer none.
    await waitFor(async () => (await inboundPackets(whisper.audio)) > 20, 15_000);
    await recorded(callId, [whisper.audio.id]);
    const ofWhisper = (key: string) => room.consumersOf(key).filter((c) => c.producerId === whisper.audio.id);
    expect(ofWhisper(tellerKey)).toHaveLength(1);
    expect(ofWhisper('customer')).toHaveLength(0);
    expect(room.producersFor('customer').map((p) => p.producerId)).not.toContain(whisper.audio.id);
    // What the customer's page would load on a reload does not name it either.
    const status = await request(call.customer, 'ticket:status', {});
    expect(status.call?.producers.map((p) => p.producerId)).not.toContain(whisper.audio.id);

    // Barge: the whisper goes; both sides are told and are offered the supervisor's media.
    const customerTold = next(call.customer, 'call:supervisor', (n) => n.mode === 'barge');
    const tellerToldBarge = next(call.teller, 'call:supervisor', (n) => n.mode === 'barge');
    await request(supervisor.socket, 'monitor:start', { callId, mode: 'barge' });
    expect(await customerTold).toEqual({ callId, mode: 'barge', displayName: 'Supervisor One 主管' });
    await tellerToldBarge;
    expect(whisper.audio.closed).toBe(true);
    const bargeKey = `supervisor:${supervisorId}`;
    const customerOffered = next(
      call.customer,
      'media:producerAdded',
      (p) => p.side === 'supervisor' && p.kind === 'video',
    );
    const barge = await supervisorMedia(callId, bargeKey, ['audio', 'video']);
    await customerOffered;
    await request(call.customer, 'media:consume', {
      callId,
      transportId: customerRecv,
      producerId: barge.video.id,
      rtpCapabilities: call.customerCall.routerRtpCapabilities,
    });
    expect(room.consumersOf('customer').filter((c) => c.producerId === barge.video.id)).toHaveLength(1);
    await waitFor(async () => (await inboundPackets(barge.video)) > 20, 15_000);
    await recorded(callId, [barge.audio.id, barge.video.id]);

    // Leaving: both sides hear the supervisor is gone; its media closes with it.
    const customerLeft = next(call.customer, 'call:supervisor', (n) => n.mode === null);
    await request(supervisor.socket, 'monitor:stop', { callId });
    await customerLeft;
    expect(barge.video.closed && barge.audio.closed).toBe(true);

    // Never a word of the listening or the whisper reached the customer's page.
    const customerNotices = customerHeard.filter((e) => e.name === 'call:supervisor').map((e) => e.payload);
    expect(customerNotices).toEqual([
      { callId, mode: 'barge', displayName: 'Supervisor One 主管' },
      { callId, mode: null, displayName: '' },
    ]);
    expect(
      customerHeard
        .filter((e) => e.name === 'media:producerAdded')
        .map((e) => (e.payload as { side: string }).side),
    ).toEqual(['supervisor', 'supervisor']);

    // The timeline and the audit chain have every change, by the supervisor.
    const supervisorEvents = () =>
      server.kysely
        .selectFrom('call_events')
        .select(['type', 'actor', 'data'])
        .where('call_id', '=', callId)
        .where('type', 'like', 'supervisor.%')
        .orderBy('seq')
        .execute();
    // Leaving does not wait for its note on the timeline.
    await waitFor(async () => (await supervisorEvents()).some((e) => e.type === 'supervisor.left'));
    const events = await supervisorEvents();
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ['supervisor.listening', supervisorId],
      ['supervisor.whispering', supervisorId],
      ['supervisor.barged_in', supervisorId],
      ['supervisor.left', supervisorId],
    ]);
    expect(JSON.parse(events[3]!.data)).toEqual({ supervisorId, mode: 'barge' });
    const audited = await server.kysely
      .selectFrom('audit_log')
      .select(['action', 'actor_username', 'target'])
      .where('action', 'like', 'monitor.%')
      .orderBy('seq')
      .execute();
    expect(audited).toEqual(
      ['monitor.listen', 'monitor.whisper', 'monitor.barge', 'monitor.left'].map((action) => ({
        action,
        actor_username: 'supervisor1',
        target: callId,
      })),
    );

    // The call ends: the whisper is a supervisor's track marked whisper, the barge another participant.
    await request(call.teller, 'call:hangUp', { callId });
    const { manifest } = await closedRecording(server.kysely, callId);
    expect(manifest.participants).toEqual(
      expect.arrayContaining([
        { key: whisperKey, role: 'supervisor', displayName: 'Supervisor One 主管', whisper: true },
        { key: bargeKey, role: 'supervisor', displayName: 'Supervisor One 主管' },
      ]),
    );
    const tracks = manifest.tracks.map((t) => `${t.participantKey}/${t.kind}`);
    expect(tracks).toEqual(
      expect.arrayContaining([`${whisperKey}/audio`, `${bargeKey}/audio`, `${bargeKey}/video`]),
    );
    expect(tracks).not.toContain(`${whisperKey}/video`);
    expect(manifest.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['supervisor.listening', 'supervisor.whispering', 'supervisor.barged_in']),
    );

    // The auditor's view of the call has them all, the whisper track marked.
    const { token } = await login(server, 'auditor1');
    const detail = await httpRequest<AuditCallDetail>(server, 'GET', `/api/audit/calls/${callId}`, {
      headers: staffHeaders(token),
    });
    expect(detail.body.events.map((e) => e.type)).toEqual(
      expect.arrayContaining([
        'supervisor.listening',
        'supervisor.whispering',
        'supervisor.barged_in',
        'supervisor.left',
      ]),
    );
    expect(detail.body.recording?.tracks.find((t) => t.participantKey === whisperKey)).toMatchObject({
      role: 'supervisor',
      whisper: true,
    });
  }, 120_000);

  it('stops monitoring when the supervisor’s page goes, and tells the teller it whispered to', async () => {
    const { server } = context;
    const call = await serviceCall(server, 'contact-change', context.sockets);
    const supervisor = await staffSocket('supervisor1');
    const tellerTold = next(call.teller, 'call:supervisor', (n) => n.mode === 'whisper');
    await request(supervisor.socket, 'monitor:start', { callId: call.callId, mode: 'whisper' });
    await tellerTold;
    const gone = next(call.teller, 'call:supervisor', (n) => n.mode === null);
    supervisor.socket.close();
    await gone;
    expect(server.calls.registry.monitorsOf(call.callId)).toEqual([]);
    const left = () =>
      server.kysely
        .selectFrom('call_events')
        .select('data')
        .where('call_id', '=', call.callId)
        .where('type', '=', 'supervisor.left')
        .execute();
    // Leaving does not wait for its note on the timeline.
    await expect
      .poll(async () => (await left()).map((row) => JSON.parse(row.data) as unknown))
      .toEqual([{ supervisorId: supervisor.id, mode: 'whisper' }]);
  });
});
