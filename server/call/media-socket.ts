import type { Principal } from '../identity/index.js';
import type { RequestHandlers } from '../platform/socket/request-binder.js';
import type { CallFeature } from './call-setup.js';

/**
 * The media requests either side of a call (or a supervisor monitoring it)
 * may send, each checked against the call's participants.
 */
export function mediaHandlers(
  calls: Pick<CallFeature, 'registry' | 'lifecycle' | 'monitoring'>,
): RequestHandlers<Principal> {
  const { registry } = calls;
  return {
    'media:createTransport': ({ callId, direction }, principal) => {
      const { room, participantKey } = registry.mediaRoomFor(principal, callId);
      return room.createTransport(participantKey, direction);
    },
    'media:connectTransport': async ({ callId, transportId, dtlsParameters }, principal) => {
      const { room, participantKey } = registry.mediaRoomFor(principal, callId);
      await room.connectTransport(participantKey, transportId, dtlsParameters);
      return {};
    },
    'media:produce': async ({ callId, transportId, kind, rtpParameters, source }, principal) => {
      // A screen share is more than taking part: the policy says who may show one.
      const { room, participantKey } =
        source === 'screen'
          ? registry.roomFor(principal, callId, 'call.share_screen')
          : registry.mediaRoomFor(principal, callId);
      return {
        producerId: await room.produce(participantKey, transportId, kind, rtpParameters, source),
      };
    },
    'media:closeProducer': ({ callId, producerId }, principal) => {
      const { room, participantKey } = registry.mediaRoomFor(principal, callId);
      room.closeProducer(participantKey, producerId);
      return {};
    },
    'media:consume': ({ callId, transportId, producerId, rtpCapabilities }, principal) => {
      const { room, participantKey } = registry.mediaRoomFor(principal, callId);
      return room.consume(participantKey, transportId, producerId, rtpCapabilities);
    },
    'media:resumeConsumer': async ({ callId, consumerId }, principal) => {
      const { room, participantKey } = registry.mediaRoomFor(principal, callId);
      await room.resumeConsumer(participantKey, consumerId);
      return {};
    },
    'media:setProducerPaused': async ({ callId, producerId, paused }, principal) => {
      const { room, participantKey } = registry.mediaRoomFor(principal, callId);
      await room.setProducerPaused(participantKey, producerId, paused);
      return {};
    },
    'media:restartIce': ({ callId, transportId }, principal) => {
      const { room, participantKey } = registry.mediaRoomFor(principal, callId);
      return room.restartIce(participantKey, transportId);
    },
    'monitor:start': ({ callId, mode }, principal) => calls.monitoring.start(principal, callId, mode),
    'monitor:stop': ({ callId }, principal) => {
      calls.monitoring.stop(principal, callId);
      return {};
    },
    'call:hangUp': async ({ callId }, principal) => {
      await calls.lifecycle.hangUp(principal, callId);
      return {};
    },
  };
}
