import type { ChatSender } from '../../../shared/contracts/chat.js';

/** Who is writing, as far as the chat needs to know: the policy has already let them in. */
export type ChatWriter = { kind: 'customer' } | { kind: 'staff'; userId: string; role: string };

/**
 * Which side of the chat a writer is on: the customer, the call's current
 * teller, or (anyone else staff the policy lets in) a supervisor who barged.
 */
export function chatSenderOf(writer: ChatWriter, currentTellerId: string): ChatSender {
  if (writer.kind === 'customer') return 'customer';
  return writer.userId === currentTellerId ? 'teller' : 'supervisor';
}

/** The timeline's actor for a writer: 'customer', or the staff user's id. */
export const chatActorOf = (writer: ChatWriter): string =>
  writer.kind === 'customer' ? 'customer' : writer.userId;
