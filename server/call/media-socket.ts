import type { Principal } from '../identity/index.js';
import type { CounterService } from './counter-service.js';
import type { RequestHandlers } from '../platform/socket/request-binder.js';

/** The media requests either side of a call may send, each checked against the call's participants. */
export function mediaHandlers(counter: CounterService): RequestHandlers<Principal> {
  return {
    'media:createTransport': ({ callId, direction }, principal) => {
      const { room, participantKey } = counter.roomFor(principal, callId);
      return room.createTransport(participantKey, direction);
    },
    'media:connectTransport': async ({ callId, transportId, dtlsParameters }, principal) => {
      const { room, participantKey } = counter.roomFor(principal, callId);
      await room.connectTransport(participantKey, transportId, dtlsParameters);
      return {};
    },
    'media:produce': async ({ callId, transportId, kind, rtpParameters }, principal) => {
      const { room, participantKey } = counter.roomFor(principal, callId);
      return { producerId: await room.produce(participantKey, transportId, kind, rtpParameters) };
    },
    'media:consume': ({ callId, transportId, producerId, rtpCapabilities }, principal) => {
      const { room, participantKey } = counter.roomFor(principal, callId);
      return room.consume(participantKey, transportId, producerId, rtpCapabilities);
    },
    'media:resumeConsumer': async ({ callId, consumerId }, principal) => {
      const { room, participantKey } = counter.roomFor(principal, callId);
      await room.resumeConsumer(participantKey, consumerId);
      return {};
    },
    'media:setProducerPaused': async ({ callId, producerId, paused }, principal) => {
      const { room, participantKey } = counter.roomFor(principal, callId);
      await room.setProducerPaused(participantKey, producerId, paused);
      return {};
    },
    'media:restartIce': ({ callId, transportId }, principal) => {
      const { room, participantKey } = counter.roomFor(principal, callId);
      return room.restartIce(participantKey, transportId);
    },
    'call:hangUp': ({ callId }, principal) => {
      counter.hangUp(principal, callId);
      return {};
    },
  };
}
