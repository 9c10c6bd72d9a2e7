import { afterEach, describe, expect, it } from 'vitest';
import {
  CALL_EVENT_TYPES,
  type CallEvent,
  type CallEventOf,
  type CallEventType,
} from '../../shared/contracts/call-events.js';
import { CALL_EVENT_EXAMPLES } from '../../test/support/call-event-examples.js';
import { AuditCallStore } from '../audit/audit-calls-store.js';
import { auditOfCallEvent } from '../audit/rules/call-event-audit.js';
import { callOutcome } from '../audit/rules/call-outcome.js';
import { openDatabase, type Db } from '../platform/database/database.js';
import type { Schema } from '../platform/database/schema.js';
import { sqliteKysely } from '../platform/database/sqlite-kysely.js';
import { AppError } from '../platform/errors.js';
import { ServiceStore } from '../service/service-store.js';
import { TimelineStore } from './timeline-store.js';

const open: Db[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function store() {
  const db = openDatabase(':memory:');
  open.push(db);
  const observed: CallEvent[] = [];
  return { db, observed, events: new TimelineStore(db, (e) => observed.push(e)) };
}

const rows = (db: Db) =>
  db.prepare('SELECT call_id, ticket_id, at, actor, type, data FROM call_events ORDER BY seq').all();

const event = <T extends CallEventType>(type: T, at = 1_000): CallEventOf<T> =>
  ({
    callId: 'call-1',
    ticketId: 'ticket-1',
    at,
    actor: 'u1',
    type,
    data: CALL_EVENT_EXAMPLES[type],
  }) as CallEventOf<T>;

/** Stands for a writer the compiler could not stop: a value from an untyped source. */
const untyped = (e: object) => e as CallEventOf<CallEventType>;

const refusal = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('TimelineStore', () => {
  it('stores every type with its data as the writer built it, and shows it to the observer', () => {
    const { db, observed, events } = store();
    for (const type of CALL_EVENT_TYPES) events.append(event(type));
    expect(rows(db)).toHaveLength(CALL_EVENT_TYPES.length);
    expect(rows(db)[0]).toEqual({
      call_id: 'call-1',
      ticket_id: 'ticket-1',
      at: 1_000,
      actor: 'u1',
      type: 'consent.recording',
      data: '{"notice":"2026-11-1"}',
    });
    expect(observed.map((e) => e.type)).toEqual(CALL_EVENT_TYPES);
  });

  it('stores `{}` for a type without data when the writer leaves it out', () => {
    const { db, observed, events } = store();
    events.append({ callId: null, ticketId: 'ticket-1', at: 5, actor: 'customer', type: 'queue.left' });
    expect(rows(db)).toEqual([
      { call_id: null, ticket_id: 'ticket-1', at: 5, actor: 'customer', type: 'queue.left', data: '{}' },
    ]);
    expect(observed[0]?.data).toEqual({});
  });

  it('refuses an unknown type or malformed data with `internal`, writing nothing', () => {
    const { db, observed, events } = store();
    const refused = [
      untyped({ ...event('call.started'), type: 'call.exploded' }),
      untyped({ ...event('call.started'), data: { tellerId: '' } }),
      untyped({ ...event('call.ended'), data: { reason: 'bored' } }),
      untyped({ ...event('service.rated'), data: { score: 5, comment: 'the chain must not hold this' } }),
      untyped({ ...event('face.check.passed'), data: undefined }),
      untyped({ ...event('queue.left'), callId: null, ticketId: null }),
      // A former name is read, never written.
      untyped({ ...event('service.completed'), type: 'service.service_completed' }),
    ];
    for (const e of refused) {
      const error = refusal(() => events.append(e));
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        code: 'internal',
        message: expect.stringContaining('refused call event'),
      });
    }
    expect(rows(db)).toEqual([]);
    expect(observed).toEqual([]);
  });

  it('rolls back what the caller wrote in the same transaction when an event is refused', () => {
    const { db, observed, events } = store();
    const write = db.transaction(() => {
      events.append(event('call.started'));
      db.prepare("INSERT INTO settings (key, value) VALUES ('k', 'v')").run();
      events.append(untyped({ ...event('call.ended'), data: {} }));
    });
    expect(() => write()).toThrow(AppError);
    expect(rows(db)).toEqual([]);
    expect(db.prepare('SELECT * FROM settings').all()).toEqual([]);
    // The observer saw the first event inside the transaction; what it wrote rolls back with it.
    expect(observed.map((e) => e.type)).toEqual(['call.started']);
  });

  it('reads a call’s timeline with its consent, under today’s names, stored bytes untouched', () => {
    const { db, events } = store();
    const insert = db.prepare(
      'INSERT INTO call_events (call_id, ticket_id, at, actor, type, data) VALUES (?, ?, ?, ?, ?, ?)',
    );
    insert.run(null, 'ticket-1', 1, 'customer', 'consent.recording', '{"notice":"n"}');
    insert.run(null, 'ticket-1', 2, 'customer', 'queue.joined', '{}');
    insert.run('call-1', 'ticket-1', 3, 'u1', 'service.service_completed', '{"serviceId":"surrender"}');
    events.append({ ...event('service.completed', 4), data: { serviceId: 'surrender' } });
    expect(events.callTimeline('call-1', 'ticket-1')).toEqual([
      { at: 1, actor: 'customer', type: 'consent.recording', data: { notice: 'n' } },
      { at: 3, actor: 'u1', type: 'service.completed', data: { serviceId: 'surrender' } },
      { at: 4, actor: 'u1', type: 'service.completed', data: { serviceId: 'surrender' } },
    ]);
    expect(db.prepare('SELECT type FROM call_events WHERE at = 3').get()).toEqual({
      type: 'service.service_completed',
    });
  });
});

/** A call with one event stored by the earlier version, under its former name, and the same one today. */
function callWithOldAndNewRows() {
  const { db } = store();
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
  it('read, judge and audit an event stored under its former name like today’s', async () => {
    const db = callWithOldAndNewRows();
    const readings = [
      new TimelineStore(db).callTimeline('c1', 't1'),
      await new ServiceStore(sqliteKysely<Schema>(db)).events('c1'),
      await new AuditCallStore(sqliteKysely<Schema>(db)).events('c1'),
    ];
    for (const events of readings) {
      expect(events.map((e) => e.type)).toEqual(['service.completed', 'service.completed']);
      const [old, today] = events;
      expect(callOutcome([old!], true).service).toBe('completed');
      expect(auditOfCallEvent(old!)).toEqual({ action: 'service.completed', details: {} });
      expect(auditOfCallEvent(old!)).toEqual(auditOfCallEvent(today!));
    }
    // Never rewritten.
    expect(db.prepare('SELECT type, data FROM call_events ORDER BY seq').all()).toEqual([
      { type: 'service.service_completed', data: '{"serviceId":"surrender"}' },
      { type: 'service.completed', data: '{"serviceId":"surrender"}' },
    ]);
  });

  it('find the latest event of a type under any name it was stored as', async () => {
    const { db } = store();
    db.prepare(
      "INSERT INTO call_events (call_id, at, actor, type, data) VALUES ('c1', 7, 'u1', 'service.service_withdrawn', '{}')",
    ).run();
    const service = new ServiceStore(sqliteKysely<Schema>(db));
    expect(await service.latestEvent('c1', 'service.withdrawn')).toEqual({
      at: 7,
      actor: 'u1',
      type: 'service.withdrawn',
      data: {},
    });
    expect(await service.latestEvent('c1', 'service.completed')).toBeUndefined();
  });
});
