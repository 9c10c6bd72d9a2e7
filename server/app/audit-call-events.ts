import { auditOfCallEvent } from '../domain/audit/call-event-audit.js';
import type { CallEvent } from '../store/events-repo.js';
import type { UsersRepo } from '../store/users-repo.js';
import { actorOf, type AuditTrail } from './audit-trail.js';

/**
 * An EventsRepo observer that writes the staff actions among a call's events
 * (a step confirmed, a face review decided, a record downloaded…) to the audit
 * chain. Events of the customer or the system are left out: the actor must
 * be a staff user.
 */
export function auditCallEvents(trail: AuditTrail, users: UsersRepo): (event: CallEvent) => void {
  return (event) => {
    const audited = auditOfCallEvent(event);
    if (!audited) return;
    const user = users.findById(event.actor);
    if (!user) return;
    trail.record(actorOf(user), audited.action, event.callId, audited.details);
  };
}
