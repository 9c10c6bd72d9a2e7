import type { CallView, TransferConsentRequest } from '../../shared/contracts/socket-events.js';
import type { CallHandedOver, CallRegistry } from '../call/index.js';
import type { UserStore } from '../identity/index.js';
import { actorOf, type AuditTrail } from './audit-trail.js';

/**
 * Writes a teller's actions on calls (accepting a call, asking for and
 * completing a transfer) to the audit chain. The composition calls it as the
 * calls announce them, so the calls themselves know nothing of auditing.
 */
export class TellerActionAudit {
  constructor(
    private readonly trail: AuditTrail,
    private readonly users: UserStore,
    private readonly calls: Pick<CallRegistry, 'participantsOf'>,
  ) {}

  async callAccepted(call: CallView): Promise<void> {
    const actor = await this.#tellerOf(call.callId);
    if (actor)
      await this.trail.write(actor, 'call.accepted', call.callId, {
        ticketId: call.ticketId,
        serviceId: call.serviceId,
      });
  }

  async transferRequested(ticketId: string, request: TransferConsentRequest): Promise<void> {
    const actor = await this.#tellerOf(request.callId);
    if (!actor) return;
    await this.trail.write(actor, 'transfer.requested', request.callId, {
      ticketId,
      transferId: request.transferId,
      reason: request.reason,
      target: request.target,
    });
  }

  async callHandedOver(event: CallHandedOver): Promise<void> {
    const actor = await this.#tellerOf(event.callId);
    if (actor) {
      await this.trail.write(actor, 'transfer.completed', event.callId, {
        ticketId: event.ticketId,
        fromTellerId: event.fromTellerId,
      });
    }
  }

  /**
   * Called right after the change, so the call's current teller is the one who acted: read
   * before the first await, the account (for its username) after.
   */
  async #tellerOf(callId: string) {
    const teller = this.calls.participantsOf(callId).find((p) => p.role === 'teller');
    const user = teller?.role === 'teller' ? await this.users.findById(teller.tellerId) : undefined;
    return user && actorOf(user);
  }
}
