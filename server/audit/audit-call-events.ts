import type { Kysely } from 'kysely';
import { auditOfCallEvent } from './rules/call-event-audit.js';
import type { CallEvent } from '../call/index.js';
import type { UserStore } from '../identity/index.js';
import type { Schema } from '../platform/database/schema.js';
import { actorOf, type AuditTrail } from './audit-trail.js';

/** Writes one call event's staff action to the chain; given the event's transaction, inside it. */
export type CallEventAudit = (event: CallEvent, trx?: Kysely<Schema>) => Promise<void>;

/**
 * A TimelineStore observer that writes the staff actions among a call's events
 * (a step confirmed, a face review decided, a record downloaded…) to the audit
 * chain. Events of the customer or the system are left out: the actor must
 * be a staff user. Given the transaction the event was stored in, the entry
 * joins it, so the event and its entry commit or roll back together.
 */
export function auditCallEvents(trail: AuditTrail, users: UserStore): CallEventAudit {
  return async (event, trx) => {
    const audited = auditOfCallEvent(event);
    if (!audited) return;
    // Inside the event's transaction every read goes through it: on SQLite the root handle would wait for it.
    const user = await (trx ? users.in(trx) : users).findById(event.actor);
    if (!user) return;
    await (trx ? trail.in(trx) : trail).write(actorOf(user), audited.action, event.callId, audited.details);
  };
}
