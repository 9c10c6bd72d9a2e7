import type { CallRoom } from '../platform/media/call-room.js';
import type { AppServer } from '../platform/socket/socket-server.js';
import { staffChannel, ticketChannel, type Principal } from '../identity/index.js';
import { CUSTOMER_KEY, type CounterService } from './counter-service.js';

/** The counter's pushes: queue places, tellers' state, hand-overs and each call's media changes. */
export function forwardCounterEvents(io: AppServer<Principal>, counter: CounterService): void {
  const pushTellerState = (tellerId: string): void => {
    io.to(staffChannel(tellerId)).emit('teller:state', counter.tellerState(tellerId));
  };
  // Only what changed is sent: with thousands waiting, one departure must not mean thousands of messages.
  const lastSent = new Map<string, string>();
  let pushScheduled = false;
  // Several changes in one turn of the event loop make one push.
  const pushPositions = (): void => {
    if (pushScheduled) return;
    pushScheduled = true;
    setImmediate(() => {
      pushScheduled = false;
      pushChangedPositions();
    });
  };
  const pushChangedPositions = (): void => {
    const current = new Set<string>();
    for (const update of counter.queuePositions()) {
      current.add(update.ticketId);
      const key = `${update.position}/${update.waiting}/${update.estimatedWaitMs}`;
      if (lastSent.get(update.ticketId) === key) continue;
      lastSent.set(update.ticketId, key);
      io.to(ticketChannel(update.ticketId)).emit('queue:position', update);
    }
    for (const ticketId of lastSent.keys()) if (!current.has(ticketId)) lastSent.delete(ticketId);
  };
  counter.on('queueChanged', () => {
    pushPositions();
    for (const tellerId of counter.tellerIds()) pushTellerState(tellerId);
  });
  // Staffing changes move estimates too.
  counter.on('tellerChanged', (tellerId) => {
    pushTellerState(tellerId);
    pushPositions();
  });
  counter.on('transferRequested', (ticketId, request) => {
    io.to(ticketChannel(ticketId)).emit('transfer:consentRequest', request);
  });
  counter.on('transferWithdrawn', (ticketId, event) => {
    io.to(ticketChannel(ticketId)).emit('transfer:withdrawn', event);
  });
  counter.on('callHandedOver', ({ callId, ticketId, fromTellerId, toDisplayName }) => {
    io.to(ticketChannel(ticketId)).emit('call:tellerChanged', {
      callId,
      teller: { displayName: toDisplayName },
    });
    io.to(staffChannel(fromTellerId)).emit('call:ended', { callId, reason: 'transferred' });
  });
  counter.on('peerConnection', (callId, participantKey, connected) => {
    const role = participantKey === CUSTOMER_KEY ? 'customer' : 'teller';
    for (const p of counter.participantsOf(callId)) {
      if (p.key === participantKey) continue;
      const channel = p.role === 'customer' ? ticketChannel(p.ticketId) : staffChannel(p.tellerId);
      io.to(channel).emit('call:peerConnection', { callId, role, connected });
    }
  });
  counter.on('callStarted', (call, room) => {
    io.to(ticketChannel(call.ticketId)).emit('call:started', call);
    forwardRoomEvents(io, counter, call.callId, room);
  });
  counter.on('callEnded', ({ callId, ticketId, tellerId, reason }) => {
    io.to([ticketChannel(ticketId), staffChannel(tellerId)]).emit('call:ended', { callId, reason });
  });
}

/** Media changes of one participant reach the others (and its own consumer closures, itself). */
function forwardRoomEvents(
  io: AppServer<Principal>,
  counter: CounterService,
  callId: string,
  room: CallRoom,
): void {
  const channelsOf = (keys: (key: string) => boolean): string[] =>
    counter
      .participantsOf(callId)
      .filter((p) => keys(p.key))
      .map((p) => (p.role === 'customer' ? ticketChannel(p.ticketId) : staffChannel(p.tellerId)));
  const others = (key: string) => channelsOf((k) => k !== key);
  room.on('producerAdded', (key, producer) => {
    io.to(others(key)).emit('media:producerAdded', { callId, ...producer });
  });
  room.on('producerClosed', (key, producerId) => {
    io.to(others(key)).emit('media:producerClosed', { callId, producerId });
  });
  room.on('producerPaused', (key, producerId, paused) => {
    io.to(others(key)).emit('media:producerPaused', { callId, producerId, paused });
  });
  room.on('consumerClosed', (key, consumerId) => {
    io.to(channelsOf((k) => k === key)).emit('media:consumerClosed', { callId, consumerId });
  });
}
