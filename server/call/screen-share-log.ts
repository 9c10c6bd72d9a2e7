import type { Logger } from 'pino';
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
 * The media does not wait for the timeline: a note that cannot be stored is logged.
 */
export function logScreenShares(
  call: ActiveCall,
  events: TimelineStore,
  clock: () => number,
  logger: Logger,
): void {
  const room: CallRoom = call.room;
  const shares = new Map<string, string>();
  // One note after the other: on PostgreSQL, notes written at once could land out of order.
  let notes = Promise.resolve();
  const noted = (store: () => Promise<void>): void => {
    notes = notes
      .then(store)
      .catch((error: unknown) =>
        logger.error({ err: error, callId: call.callId }, 'could not note a screen share'),
      );
  };
  room.on('producerAdded', (participantKey, producer) => {
    if (producer.source !== 'screen') return;
    shares.set(producer.producerId, participantKey);
    const at = clock();
    noted(() =>
      appendCallEvent(events, at, call, actorOf(participantKey), 'call.screen_share.started', {
        participant: participantKey,
        producerId: producer.producerId,
      }),
    );
  });
  room.on('producerClosed', (participantKey, producerId) => {
    if (!shares.delete(producerId) || room.closed) return;
    const at = clock();
    noted(() =>
      appendCallEvent(events, at, call, actorOf(participantKey), 'call.screen_share.stopped', {
        participant: participantKey,
        producerId,
      }),
    );
  });
}
