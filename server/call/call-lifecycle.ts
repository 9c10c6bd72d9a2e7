import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { CallEndReason } from '../../shared/contracts/socket-events.js';
import type { Principal } from '../identity/index.js';
import type { Schema } from '../platform/database/schema.js';
import { inTransaction } from '../platform/database/transaction.js';
import { AppError } from '../platform/errors.js';
import type { CallRoom } from '../platform/media/call-room.js';
import type { CallRooms } from '../platform/media/call-rooms.js';
import { appendCallEvent, type ActiveCall, type CallTicket } from './active-call.js';
import type { CallBus } from './call-bus.js';
import type { CallRegistry } from './call-registry.js';
import type { CallStores } from './call-stores.js';
import { CUSTOMER_KEY, tellerKey } from './participants.js';
import { logScreenShares } from './screen-share-log.js';

/** An accepted offer, as the queue hands it over: this customer, this teller. */
export interface NewCall {
  ticket: CallTicket;
  tellerId: string;
  tellerName: string;
}

export interface CallLifecycleDeps {
  store: CallStores;
  rooms: CallRooms;
  registry: CallRegistry;
  bus: CallBus;
  clock: () => number;
  logger: Logger;
  /** This node (SKYTELLER_NODE_ID): its calls are stored as its own. */
  nodeId: string;
}

/** A call whose node was lost, as the store left it, to go on here. */
export interface LostCall extends NewCall {
  callId: string;
  startedAt: number;
  /** The node that held it. */
  fromNode: string;
  /** That node handed it over (it drains), rather than being lost: the timeline says `call.moved`. */
  handedOver?: boolean;
}

/** Calls start with their media room and end once, for one reason, announced as `callEnded`. */
export class CallLifecycle {
  constructor(private readonly deps: CallLifecycleDeps) {}

  /**
   * Opens the call's media and starts it. Without media there is no call: a
   * room that cannot open is a `media_error`, and nothing is stored.
   */
  async start({ ticket, tellerId, tellerName }: NewCall): Promise<ActiveCall> {
    const { store, registry, clock } = this.deps;
    const callId = crypto.randomUUID();
    const room = await this.#openRoom(callId);
    const now = clock();
    const call: ActiveCall = {
      callId,
      ticket,
      tellerId,
      tellerName,
      startedAt: now,
      room,
      transfer: undefined,
    };
    try {
      // The call, its ticket and its first event are stored together, or not at all.
      await inTransaction(store.db, async (trx) => {
        await store.calls.in(trx).insert(
          {
            id: callId,
            ticketId: ticket.id,
            serviceId: ticket.serviceId,
            startedAt: now,
            endedAt: null,
            endReason: null,
          },
          tellerId,
          this.deps.nodeId,
        );
        await store.tickets.in(trx).markAnswered(ticket.id, now);
        await appendCallEvent(store.events.in(trx), now, call, tellerId, 'call.started', { tellerId });
      });
    } catch (error) {
      // Not stored, so no call: its media goes too.
      room.close();
      throw error;
    }
    registry.add(call);
    logScreenShares(call, store.events, clock, this.deps.logger);
    // A worker dying takes the router with it; the call cannot go on.
    room.once('closed', () => this.endInBackground(callId, 'media_failure'));
    this.deps.bus.emit('callStarted', registry.view(call, CUSTOMER_KEY), room);
    // A router that died while the call was being stored told nobody: the call ends now.
    if (room.closed) this.endInBackground(callId, 'media_failure');
    return call;
  }

  /**
   * A call whose node was lost, or that its node handed over, goes on here, on a new router: its
   * row moves to this node (once, whichever node asks first), its unfinished hand-over fails, and
   * the timeline says so, in one transaction. False when another node took it first or it ended: nothing changed here.
   */
  async resume(lost: LostCall): Promise<boolean> {
    const { store, registry, clock, nodeId } = this.deps;
    const { callId, ticket, tellerId, tellerName, startedAt } = lost;
    const room = await this.#openRoom(callId);
    const now = clock();
    const call: ActiveCall = { callId, ticket, tellerId, tellerName, startedAt, room, transfer: undefined };
    let claimed = false;
    try {
      await inTransaction(store.db, async (trx) => {
        claimed = await store.calls.in(trx).claim(callId, lost.fromNode, nodeId);
        if (!claimed) return;
        await store.transfers.in(trx).failOpenOf([callId], now);
        const moved = { fromNode: lost.fromNode, toNode: nodeId };
        const events = store.events.in(trx);
        if (lost.handedOver) await appendCallEvent(events, now, call, 'system', 'call.moved', moved);
        else await appendCallEvent(events, now, call, 'system', 'call.resumed', moved);
      });
    } finally {
      if (!claimed) room.close();
    }
    if (!claimed) return false;
    registry.add(call);
    logScreenShares(call, store.events, clock, this.deps.logger);
    room.once('closed', () => this.endInBackground(callId, 'media_failure'));
    this.deps.bus.emit('callResumed', registry.view(call, tellerKey(tellerId)), room);
    if (room.closed) this.endInBackground(callId, 'media_failure');
    return true;
  }

  async hangUp(principal: Principal, callId: string): Promise<void> {
    this.deps.registry.roomFor(principal, callId);
    await this.end(callId, principal.kind === 'customer' ? 'customer_hung_up' : 'teller_hung_up');
  }

  /**
   * Ends a call once: stores the end, closes its media, and says so. The call
   * leaves the registry before anything is awaited, so a second end (a hang-up
   * crossing a disconnection) finds nothing to do. The media closes and the end
   * is announced even if the store fails: the next start closes the call's row.
   */
  async end(callId: string, reason: CallEndReason): Promise<void> {
    const { store, registry } = this.deps;
    const call = registry.remove(callId);
    if (!call) return;
    const now = this.deps.clock();
    const transfer = call.transfer;
    try {
      await inTransaction(store.db, async (trx) => {
        await this.#storeEnd(trx, callId, call.ticket.id, now, reason);
        if (transfer) await store.transfers.in(trx).setStatus(transfer.id, 'cancelled', now);
      });
    } finally {
      call.room.close();
      this.deps.bus.emit('callEnded', {
        callId,
        ticketId: call.ticket.id,
        serviceId: call.ticket.serviceId,
        tellerId: call.tellerId,
        reason,
        startedAt: call.startedAt,
        endedAt: now,
        transferId: transfer?.id ?? null,
      });
    }
  }

  /** Ends every call (server shutdown); resolves once each is stored (or its failure logged). */
  async endAll(reason: CallEndReason): Promise<void> {
    await Promise.all(this.deps.registry.ids().map((callId) => this.#endLogged(callId, reason)));
  }

  /** Ends a call nobody waits for (its media failed, a side never came back); a failure to store it is logged. */
  endInBackground(callId: string, reason: CallEndReason): void {
    void this.#endLogged(callId, reason);
  }

  /** On start: the calls (and their hand-overs) a previous process left open are over. */
  async recover(): Promise<number> {
    const { db, calls, transfers } = this.deps.store;
    const now = this.deps.clock();
    return inTransaction(db, async (trx) => {
      const open = await calls.in(trx).listOpen(this.deps.nodeId);
      await transfers.in(trx).failOpenOf(
        open.map((call) => call.id),
        now,
      );
      for (const call of open) await this.#storeEnd(trx, call.id, call.ticketId, now, 'server_shutdown');
      return open.length;
    });
  }

  /** The call's media room; without it there is no call (`media_error`). */
  async #openRoom(callId: string): Promise<CallRoom> {
    try {
      return await this.deps.rooms.open(callId);
    } catch (error) {
      throw new AppError('media_error', `could not open the call's media: ${(error as Error).message}`);
    }
  }

  /** An end nobody waits for (the media failed, the server stops): a failure to store it is logged. */
  async #endLogged(callId: string, reason: CallEndReason): Promise<void> {
    try {
      await this.end(callId, reason);
    } catch (error) {
      this.deps.logger.error({ err: error, callId, reason }, 'could not store the end of a call');
    }
  }

  /** A call's end as stored: the call, its ticket and its timeline say so together (inside `trx`). */
  async #storeEnd(
    trx: Kysely<Schema>,
    callId: string,
    ticketId: string,
    at: number,
    reason: CallEndReason,
  ): Promise<void> {
    const { calls, tickets, events } = this.deps.store;
    // A call another node took over after this one was taken for lost is that node's to end.
    if (!(await calls.in(trx).end(callId, at, reason, this.deps.nodeId))) return;
    await tickets.in(trx).setStatus(ticketId, 'ended', at);
    await events
      .in(trx)
      .append({ callId, ticketId, at, actor: 'system', type: 'call.ended', data: { reason } });
  }
}
