import { afterEach, describe, expect, it } from 'vitest';
import { AuditCallStore } from '../audit/audit-calls-store.js';
import { auditOfCallEvent } from '../audit/rules/call-event-audit.js';
import { timelineLabel } from '../audit/rules/timeline-label.js';
import { openDatabase, type Db } from '../platform/database/database.js';
import { ServiceStore } from '../service/service-store.js';
import { TimelineStore } from './timeline-store.js';

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A call with one event stored by the earlier version, under its former name, and the same one today. */
function callWithOldAndNewRows() {
  const db = openDatabase(':memory:');
  open.push(db);
  const old = { type: 'service.service_completed', data: '{"serviceId":"surrender"}' };
  db.prepare(
    "INSERT INTO call_events (call_id, ticket_id, at, actor, type, data) VALUES ('c1', 't1', 1, 'u1', ?, ?)",
  ).run(old.type, old.data);
  new TimelineStore(db).append({
    callId: 'c1',
    ticketId: 't1',
    at: 2,
    actor: 'u1',
    type: 'service.completed',
    data: { serviceId: 'surrender' },
  });
  return db;
}

describe('the readers of call_events', () => {
  it('read, label and audit an event stored under its former name like today’s', () => {
    const db = callWithOldAndNewRows();
    const readings = [
      new TimelineStore(db).callTimeline('c1', 't1'),
      new ServiceStore(db).events('c1'),
      new AuditCallStore(db).events('c1'),
    ];
    for (const events of readings) {
      expect(events.map((e) => e.type)).toEqual(['service.completed', 'service.completed']);
      const [old, today] = events;
      expect(timelineLabel(old!, 'surrender')).toEqual(timelineLabel(today!, 'surrender'));
      expect(auditOfCallEvent(old!)).toEqual({ action: 'service.completed', details: {} });
      expect(auditOfCallEvent(old!)).toEqual(auditOfCallEvent(today!));
    }
    // Never rewritten.
    expect(db.prepare('SELECT type, data FROM call_events ORDER BY seq').all()).toEqual([
      { type: 'service.service_completed', data: '{"serviceId":"surrender"}' },
      { type: 'service.completed', data: '{"serviceId":"surrender"}' },
    ]);
  });

  it('find the latest event of a type under any name it was stored as', () => {
    const db = openDatabase(':memory:');
    open.push(db);
    db.prepare(
      "INSERT INTO call_events (call_id, at, actor, type, data) VALUES ('c1', 7, 'u1', 'service.service_withdrawn', '{}')",
    ).run();
    expect(new ServiceStore(db).latestEvent('c1', 'service.withdrawn')).toEqual({
      at: 7,
      actor: 'u1',
      type: 'service.withdrawn',
      data: {},
    });
    expect(new ServiceStore(db).latestEvent('c1', 'service.completed')).toBeUndefined();
  });
});
