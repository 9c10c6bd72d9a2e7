import type { CallView, TransferConsentRequest } from '../../shared/contracts/socket-events.js';
import { staffChannel, ticketChannel, type Principal } from '../identity/index.js';
import type { CallRoom } from '../platform/media/call-room.js';
import type { AppServer } from '../platform/socket/socket-server.js';
import type { CallEnded, CallHandedOver, TransferWithdrawn } from './call-bus.js';
import type { MonitorMode } from '../../shared/contracts/monitor.js';
import type { ActiveCall } from './active-call.js';
import type { CallMonitor, CallRegistry } from './call-registry.js';
import { CUSTOMER_KEY, sideOfKey, type CallParticipant } from './participants.js';

const channelOf = (p: CallParticipant): string =>
  p.role === 'customer'
    ? ticketChannel(p.ticketId)
    : staffChannel(p.role === 'teller' ? p.tellerId : p.supervisorId);

/** Who hears of a supervisor in each mode: listening, nobody; a whisper, the teller; a barge, both sides. */
const TOLD: Record<MonitorMode, readonly ('customer' | 'teller')[]> = {
  listen: [],
  whisper: ['teller'],
  barge: ['customer', 'teller'],
};

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

  /** A call that went on here after its node was lost: its pages find it when they ask; its media is told as usual. */
  callResumed(call: CallView, room: CallRoom): void {
    this.#forwardRoomEvents(call.callId, room);
  }

  /** The call went on on another node (this one drains): its pages reconnect there. */
  callMovedAway(call: ActiveCall, nodeId: string): void {
    this.io
      .to([ticketChannel(call.ticket.id), staffChannel(call.tellerId)])
      .emit('call:moved', { callId: call.callId, nodeId });
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
      this.io.to(channelOf(p)).emit('call:peerConnection', { callId, role, connected });
    }
  }

  /**
   * A supervisor joined, changed mode or left: the sides its new mode is for
   * are told who it is; those its old mode was for (and the new is not), that
   * it is gone. A supervisor listening in is never announced.
   */
  supervisorChanged(call: ActiveCall, monitor: CallMonitor | undefined, previous: MonitorMode | null): void {
    const now = monitor ? TOLD[monitor.mode] : [];
    const before = previous ? TOLD[previous] : [];
    const displayName = monitor?.displayName ?? '';
    for (const p of this.registry.participantsOf(call.callId)) {
      if (p.role === 'supervisor') continue;
      const side = p.role;
      if (now.includes(side)) {
        const mode = monitor!.mode === 'listen' ? null : (monitor!.mode as 'whisper' | 'barge');
        this.io.to(channelOf(p)).emit('call:supervisor', { callId: call.callId, mode, displayName });
      } else if (before.includes(side)) {
        this.io.to(channelOf(p)).emit('call:supervisor', { callId: call.callId, mode: null, displayName });
      }
    }
  }

  /**
   * Media changes of one participant reach those its media is for (a
   * whisper, the teller only), monitoring supervisors included; its own
   * consumer closures reach itself.
   */
  #forwardRoomEvents(callId: string, room: CallRoom): void {
    const everyone = (): CallParticipant[] => [
      ...this.registry.participantsOf(callId),
      ...this.registry
        .monitorsOf(callId)
        .map((m): CallParticipant => ({ key: m.key, role: 'supervisor', supervisorId: m.supervisorId })),
    ];
    const channelsOf = (keys: (key: string) => boolean): string[] =>
      everyone()
        .filter((p) => keys(p.key))
        .map(channelOf);
    const others = (key: string) => channelsOf((k) => room.reaches(key, k));
    room.on('producerAdded', (key, producer) => {
      this.io.to(others(key)).emit('media:producerAdded', { callId, ...producer, side: sideOfKey(key) });
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
