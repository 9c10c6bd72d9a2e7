import { auditOfCallEvent } from './rules/call-event-audit.js';
import type { CallEvent } from '../call/index.js';
import type { UserStore } from '../identity/index.js';
import { actorOf, type AuditTrail } from './audit-trail.js';

/**
 * An TimelineStore observer that writes the staff actions among a call's events
 * (a step confirmed, a face review decided, a record downloaded…) to the audit
 * chain. Events of the customer or the system are left out: the actor must
 * be a staff user.
 */
export function auditCallEvents(trail: AuditTrail, users: UserStore): (event: CallEvent) => Promise<void> {
  return async (event) => {
    const audited = auditOfCallEvent(event);
    if (!audited) return;
    const user = await users.findById(event.actor);
    if (!user) return;
    trail.write(actorOf(user), audited.action, event.callId, audited.details);
  };
}
