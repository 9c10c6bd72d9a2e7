import type { CallView, TransferConsentRequest } from '../../shared/contracts/socket-events.js';
import { staffChannel, ticketChannel, type Principal } from '../identity/index.js';
import type { CallRoom } from '../platform/media/call-room.js';
import type { AppServer } from '../platform/socket/socket-server.js';
import type { CallEnded, CallHandedOver, TransferWithdrawn } from './call-bus.js';
import type { CallRegistry } from './call-registry.js';
import { CUSTOMER_KEY } from './participants.js';

/** What the calls' pages are told: calls starting, ending, changing hands, and each call's media changes. */
export class CallPushes {
  constructor(
    private readonly io: AppServer<Principal>,
    private readonly registry: CallRegistry,
  ) {}

  callStarted(call: CallView, room: CallRoom): void {
    this.io.to(ticketChannel(call.ticketId)).emit('call:started', call);
    this.#forwardRoomEvents(call.callId, room);
  }

  callEnded({ callId, ticketId, tellerId, reason }: CallEnded): void {
    this.io.to([ticketChannel(ticketId), staffChannel(tellerId)]).emit('call:ended', { callId, reason });
  }

  callHandedOver({ callId, ticketId, fromTellerId, toDisplayName }: CallHandedOver): void {
    this.io.to(ticketChannel(ticketId)).emit('call:tellerChanged', {
      callId,
      teller: { displayName: toDisplayName },
    });
    this.io.to(staffChannel(fromTellerId)).emit('call:ended', { callId, reason: 'transferred' });
  }

  transferRequested(ticketId: string, request: TransferConsentRequest): void {
    this.io.to(ticketChannel(ticketId)).emit('transfer:consentRequest', request);
  }

  /** Only a customer still asked has a question on its page to take back. */
  transferWithdrawn({ callId, ticketId, transferId, awaitingConsent }: TransferWithdrawn): void {
    if (!awaitingConsent) return;
    this.io.to(ticketChannel(ticketId)).emit('transfer:withdrawn', { callId, transferId });
  }

  peerConnection(callId: string, participantKey: string, connected: boolean): void {
    const role = participantKey === CUSTOMER_KEY ? 'customer' : 'teller';
    for (const p of this.registry.participantsOf(callId)) {
      if (p.key === participantKey) continue;
      const channel = p.role === 'customer' ? ticketChannel(p.ticketId) : staffChannel(p.tellerId);
      this.io.to(channel).emit('call:peerConnection', { callId, role, connected });
    }
  }

  /** Media changes of one participant reach the others (and its own consumer closures, itself). */
  #forwardRoomEvents(callId: string, room: CallRoom): void {
    const channelsOf = (keys: (key: string) => boolean): string[] =>
      this.registry
        .participantsOf(callId)
        .filter((p) => keys(p.key))
        .map((p) => (p.role === 'customer' ? ticketChannel(p.ticketId) : staffChannel(p.tellerId)));
    const others = (key: string) => channelsOf((k) => k !== key);
    room.on('producerAdded', (key, producer) => {
      this.io.to(others(key)).emit('media:producerAdded', { callId, ...producer });
    });
    room.on('producerClosed', (key, producerId) => {
      this.io.to(others(key)).emit('media:producerClosed', { callId, producerId });
    });
    room.on('producerPaused', (key, producerId, paused) => {
      this.io.to(others(key)).emit('media:producerPaused', { callId, producerId, paused });
    });
    room.on('consumerClosed', (key, consumerId) => {
      this.io.to(channelsOf((k) => k === key)).emit('media:consumerClosed', { callId, consumerId });
    });
  }
}
