import type { ClientRequestName } from '../../../shared/contracts/socket-events.js';
import type { Permission } from './permissions.js';

/**
 * The permission each socket request needs. A principal that can never hold
 * it is refused by the request binder; for a call's permission the handler
 * then checks the call named in the payload.
 */
export const SOCKET_REQUEST_PERMISSIONS: Record<ClientRequestName, Permission> = {
  'media:createTransport': 'call.media',
  'media:connectTransport': 'call.media',
  'media:produce': 'call.media',
  'media:consume': 'call.media',
  'media:resumeConsumer': 'call.media',
  'media:setProducerPaused': 'call.media',
  'media:closeProducer': 'call.media',
  'media:restartIce': 'call.media',
  'call:hangUp': 'call.take_part',
  'ticket:status': 'queue.wait',
  'queue:leave': 'queue.wait',
  'transfer:respond': 'call.transfer_consent',
  'teller:setStatus': 'queue.serve',
  'teller:state': 'queue.serve',
  'offer:accept': 'queue.serve',
  'offer:decline': 'queue.serve',
  'teller:wrapUp': 'queue.serve',
  'transfer:targets': 'queue.serve',
  'call:transfer': 'call.transfer',
  'call:cancelTransfer': 'call.transfer',
  'supervisor:board': 'supervisor.board',
  'monitor:start': 'call.monitor',
  'monitor:stop': 'call.monitor',
  'service:state': 'service.follow',
  'service:push': 'service.drive',
  'service:confirm': 'service.drive',
  'service:correct': 'service.drive',
  'service:requestSignature': 'service.drive',
  'service:complete': 'service.drive',
  'service:submit': 'service.answer',
  'service:withdraw': 'service.answer',
  'service:sign': 'service.answer',
  'service:rate': 'service.rate',
  'face:start': 'face.check',
  'face:decide': 'face.check',
  'face:frame': 'face.frames',
  'chat:send': 'chat.send',
  'chat:history': 'chat.send',
  'chat:quickReplies': 'chat.quick_replies',
  'location:report': 'location.report',
  'location:view': 'location.view',
};
