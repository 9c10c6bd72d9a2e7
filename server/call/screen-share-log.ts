import type { CallRoom } from '../platform/media/call-room.js';
import { appendCallEvent, type ActiveCall } from './active-call.js';
import type { TimelineStore } from './timeline-store.js';

/** The actor of an event a side's page caused: the customer, or the teller's staff id. */
const actorOf = (participantKey: string): string =>
  participantKey.startsWith('teller:') ? participantKey.slice('teller:'.length) : participantKey;

/**
 * Puts a call's screen shares on its timeline: started when the share's
 * producer appears, stopped when it closes, however that came about (the
 * teller's button, the browser's own "stop sharing", the page leaving). A
 * share still running when the call ends stops with it: `call.ended` says so.
 */
export function logScreenShares(call: ActiveCall, events: TimelineStore, clock: () => number): void {
  const room: CallRoom = call.room;
  const shares = new Map<string, string>();
  room.on('producerAdded', (participantKey, producer) => {
    if (producer.source !== 'screen') return;
    shares.set(producer.producerId, participantKey);
    appendCallEvent(events, clock(), call, actorOf(participantKey), 'call.screen_share.started', {
      participant: participantKey,
      producerId: producer.producerId,
    });
  });
  room.on('producerClosed', (participantKey, producerId) => {
    if (!shares.delete(producerId) || room.closed) return;
    appendCallEvent(events, clock(), call, actorOf(participantKey), 'call.screen_share.stopped', {
      participant: participantKey,
      producerId,
    });
  });
}
