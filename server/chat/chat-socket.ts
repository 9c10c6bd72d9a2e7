import { staffChannel, ticketChannel, type Principal } from '../identity/index.js';
import type { CallRegistry } from '../call/index.js';
import type { RequestHandlers } from '../platform/socket/request-binder.js';
import type { AppServer } from '../platform/socket/socket-server.js';
import type { CallChats } from './call-chats.js';
import type { QuickReply } from '../../shared/contracts/chat.js';

export function chatHandlers(
  chats: CallChats,
  quickReplies: readonly QuickReply[],
): RequestHandlers<Principal> {
  return {
    'chat:send': ({ callId, text }, principal) => chats.send(principal, callId, text),
    'chat:history': ({ callId }, principal) => chats.history(principal, callId),
    'chat:quickReplies': () => ({ replies: [...quickReplies] }),
  };
}

/** Each new message reaches every participant of its call (their every page, the sender's included). */
export function forwardChatEvents(io: AppServer<Principal>, chats: CallChats, registry: CallRegistry): void {
  chats.on('message', (message) => {
    const channels = registry
      .participantsOf(message.callId)
      .map((p) =>
        p.role === 'customer'
          ? ticketChannel(p.ticketId)
          : staffChannel(p.role === 'teller' ? p.tellerId : p.supervisorId),
      );
    if (channels.length > 0) io.to(channels).emit('chat:message', message);
  });
}
