import type { MonitorMode } from '../../shared/contracts/monitor.js';
import type { MonitorView } from '../../shared/contracts/socket-events.js';
import type { Principal } from '../identity/index.js';
import type { CallRoom } from '../platform/media/call-room.js';
import type { RequestHandlers } from '../platform/socket/request-binder.js';
import type { CallFeature } from './call-setup.js';

/**
 * Calls other nodes hold whose media this node serves to a supervisor monitoring them from here
 * (README, "Media across nodes"); the supervision feature gives it, the composition hands it in.
 */
export interface MonitorsElsewhere {
  start(principal: Principal, callId: string, mode: MonitorMode): Promise<MonitorView>;
  stop(principal: Principal, callId: string): void;
  /** The supervisor turns to a call of this node: it leaves the one elsewhere. */
  leave(supervisorId: string): void;
  /** The room and key of a call monitored from here, if `principal` may use its media; undefined: not one. */
  mediaRoomFor(principal: Principal, callId: string): { room: CallRoom; participantKey: string } | undefined;
  beforeConsume(principal: Principal, callId: string, producerId: string): Promise<void>;
  produced(principal: Principal, callId: string, producerId: string): Promise<void>;
}

/**
 * The media requests either side of a call (or a supervisor monitoring it)
 * may send, each checked against the call's participants.
 */
export function mediaHandlers(
  calls: Pick<CallFeature, 'registry' | 'lifecycle' | 'monitoring'>,
  elsewhere?: MonitorsElsewhere,
): RequestHandlers<Principal> {
  const { registry: local } = calls;
  // A call this node holds first; otherwise one a supervisor here monitors on another node.
  const registry = {
    mediaRoomFor: (principal: Principal, callId: string) =>
      (!local.get(callId) && elsewhere?.mediaRoomFor(principal, callId)) ||
      local.mediaRoomFor(principal, callId),
    roomFor: local.roomFor.bind(local),
  };
  const held = (callId: string): boolean => elsewhere === undefined || local.get(callId) !== undefined;
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
      const producerId = await room.produce(participantKey, transportId, kind, rtpParameters, source);
      if (!held(callId)) await elsewhere!.produced(principal, callId, producerId);
      return { producerId };
    },
    'media:closeProducer': ({ callId, producerId }, principal) => {
      const { room, participantKey } = registry.mediaRoomFor(principal, callId);
      room.closeProducer(participantKey, producerId);
      return {};
    },
    'media:consume': async ({ callId, transportId, producerId, rtpCapabilities }, principal) => {
      if (!held(callId)) await elsewhere!.beforeConsume(principal, callId, producerId);
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
    'monitor:start': ({ callId, mode }, principal) => {
      if (!held(callId)) return elsewhere!.start(principal, callId, mode);
      if (principal.kind === 'staff') elsewhere?.leave(principal.user.id);
      return calls.monitoring.start(principal, callId, mode);
    },
    'monitor:stop': ({ callId }, principal) => {
      if (held(callId)) calls.monitoring.stop(principal, callId);
      else elsewhere!.stop(principal, callId);
      return {};
    },
    'call:hangUp': async ({ callId }, principal) => {
      await calls.lifecycle.hangUp(principal, callId);
      return {};
    },
  };
}
