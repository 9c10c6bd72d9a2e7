import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  CALL_EVENT_TYPES,
  type CallEvent,
  type CallEventOf,
  type CallEventType,
} from '../../shared/contracts/call-events.js';
import { CALL_EVENT_EXAMPLES } from '../../test/support/call-event-examples.js';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { AuditCallStore } from '../audit/audit-calls-store.js';
import { auditOfCallEvent } from '../audit/rules/call-event-audit.js';
import { callOutcome } from '../audit/rules/call-outcome.js';
import type { DialectName } from '../platform/database/dialect.js';
import type { Schema } from '../platform/database/schema.js';
import { inTransaction } from '../platform/database/transaction.js';
import { AppError } from '../platform/errors.js';
import { ServiceStore } from '../service/service-store.js';
import { TimelineStore } from './timeline-store.js';

const databases = databasesPerTest();

async function store(dialect: DialectName) {
  const { kysely, sqlite } = await databases.open(dialect);
  const observed: CallEvent[] = [];
  // The observer writes beside each event through the transaction it is given, as the audit chain does.
  const events = new TimelineStore(kysely, async (e, trx) => {
    observed.push(e);
    await trx
      .insertInto('settings')
      .values({ key: `observed-${observed.length}`, value: e.type })
      .execute();
  });
  return { kysely, sqlite, observed, events };
}

const rows = (kysely: Kysely<Schema>) =>
  kysely
    .selectFrom('call_events')
    .select(['call_id', 'ticket_id', 'at', 'actor', 'type', 'data'])
    .orderBy('seq')
    .execute();

const settings = (kysely: Kysely<Schema>) =>
  kysely.selectFrom('settings').select(['key', 'value']).orderBy('key').execute();

const rawInsert = (
  kysely: Kysely<Schema>,
  row: { call_id: string | null; at: number; type: string; data: string },
) =>
  kysely
    .insertInto('call_events')
    .values({ ticket_id: 'ticket-1', actor: row.call_id ? 'u1' : 'customer', ...row })
    .execute();

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

describe.each(DIALECTS)('TimelineStore on %s', (dialect) => {
  it('stores every type with its data as the writer built it, in the order appended, and shows it to the observer', async () => {
    const { kysely, observed, events } = await store(dialect);
    // One time for all: the order is the order of the appends, not of the clock.
    for (const type of CALL_EVENT_TYPES) await events.append(event(type));
    const stored = await rows(kysely);
    expect(stored.map((r) => r.type)).toEqual(CALL_EVENT_TYPES);
    expect(stored[0]).toEqual({
      call_id: 'call-1',
      ticket_id: 'ticket-1',
      at: 1_000,
      actor: 'u1',
      type: 'consent.recording',
      data: '{"notice":"2026-11-1"}',
    });
    expect(observed.map((e) => e.type)).toEqual(CALL_EVENT_TYPES);
    expect(await settings(kysely)).toHaveLength(CALL_EVENT_TYPES.length);
  });

  it('stores `{}` for a type without data when the writer leaves it out', async () => {
    const { kysely, observed, events } = await store(dialect);
    await events.append({ callId: null, ticketId: 'ticket-1', at: 5, actor: 'customer', type: 'queue.left' });
    expect(await rows(kysely)).toEqual([
      { call_id: null, ticket_id: 'ticket-1', at: 5, actor: 'customer', type: 'queue.left', data: '{}' },
    ]);
    expect(observed[0]?.data).toEqual({});
  });

  it('refuses an unknown type or malformed data with `internal`, writing nothing', async () => {
    const { kysely, observed, events } = await store(dialect);
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
      const error: unknown = await events.append(e).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({
        code: 'internal',
        message: expect.stringContaining('refused call event'),
      });
    }
    expect(await rows(kysely)).toEqual([]);
    expect(observed).toEqual([]);
  });

  it('rolls back what the caller and the observer wrote in the same transaction when an event is refused', async () => {
    const { kysely, observed, events } = await store(dialect);
    const write = inTransaction(kysely, async (trx) => {
      await events.in(trx).append(event('call.started'));
      await trx.insertInto('settings').values({ key: 'k', value: 'v' }).execute();
      await events.in(trx).append(untyped({ ...event('call.ended'), data: {} }));
    });
    await expect(write).rejects.toBeInstanceOf(AppError);
    expect(await rows(kysely)).toEqual([]);
    expect(await settings(kysely)).toEqual([]);
    // The observer saw the first event inside the transaction; what it wrote rolled back with it.
    expect(observed.map((e) => e.type)).toEqual(['call.started']);
  });

  it('reads a call’s timeline with its consent, under today’s names, stored bytes untouched', async () => {
    const { kysely, events } = await store(dialect);
    await rawInsert(kysely, { call_id: null, at: 1, type: 'consent.recording', data: '{"notice":"n"}' });
    await rawInsert(kysely, { call_id: null, at: 2, type: 'queue.joined', data: '{}' });
    await rawInsert(kysely, {
      call_id: 'call-1',
      at: 3,
      type: 'service.service_completed',
      data: '{"serviceId":"surrender"}',
    });
    await events.append({ ...event('service.completed', 4), data: { serviceId: 'surrender' } });
    await events.append({ ...event('call.ended', 4), actor: 'system', data: { reason: 'teller_hung_up' } });
    expect(await events.callTimeline('call-1', 'ticket-1')).toEqual([
      { at: 1, actor: 'customer', type: 'consent.recording', data: { notice: 'n' } },
      { at: 3, actor: 'u1', type: 'service.completed', data: { serviceId: 'surrender' } },
      { at: 4, actor: 'u1', type: 'service.completed', data: { serviceId: 'surrender' } },
      { at: 4, actor: 'system', type: 'call.ended', data: { reason: 'teller_hung_up' } },
    ]);
    expect((await rows(kysely)).find((r) => r.at === 3)?.type).toBe('service.service_completed');
    expect(await events.callTimeline('call-2', 'ticket-2')).toEqual([]);
  });

  it('finds the call’s latest event of a type, also under a former name', async () => {
    const { kysely, events } = await store(dialect);
    await rawInsert(kysely, { call_id: 'call-1', at: 7, type: 'service.service_withdrawn', data: '{}' });
    expect(await events.latest('call-1', 'service.withdrawn')).toEqual({
      at: 7,
      actor: 'u1',
      type: 'service.withdrawn',
      data: {},
    });
    await events.append({ ...event('location.browser', 8) });
    await events.append({
      ...event('location.browser', 8),
      data: { status: 'granted', latitude: 22.3, longitude: 114.2, accuracy: 5 },
    });
    expect((await events.latest('call-1', 'location.browser'))?.data).toMatchObject({ accuracy: 5 });
    expect(await events.latest('call-1', 'service.completed')).toBeUndefined();
    expect(await events.latest('call-2', 'service.withdrawn')).toBeUndefined();
  });
});

describe('the readers of call_events (SQLite, beside the stores still on its connection)', () => {
  /** A call with one event stored by the earlier version, under its former name, and the same one today. */
  async function callWithOldAndNewRows() {
    const { kysely } = await databases.open('sqlite');
    await kysely
      .insertInto('call_events')
      .values({
        call_id: 'c1',
        ticket_id: 't1',
        at: 1,
        actor: 'u1',
        type: 'service.service_completed',
        data: '{"serviceId":"surrender"}',
      })
      .execute();
    await new TimelineStore(kysely).append({
      callId: 'c1',
      ticketId: 't1',
      at: 2,
      actor: 'u1',
      type: 'service.completed',
      data: { serviceId: 'surrender' },
    });
    return { kysely };
  }

  it('read, judge and audit an event stored under its former name like today’s', async () => {
    const { kysely } = await callWithOldAndNewRows();
    const readings = [
      await new TimelineStore(kysely).callTimeline('c1', 't1'),
      await new ServiceStore(kysely).events('c1'),
      await new AuditCallStore(kysely).events('c1'),
    ];
    for (const events of readings) {
      expect(events.map((e) => e.type)).toEqual(['service.completed', 'service.completed']);
      const [old, today] = events;
      expect(callOutcome([old!], true).service).toBe('completed');
      expect(auditOfCallEvent(old!)).toEqual({ action: 'service.completed', details: {} });
      expect(auditOfCallEvent(old!)).toEqual(auditOfCallEvent(today!));
    }
    // Never rewritten.
    expect(await kysely.selectFrom('call_events').select(['type', 'data']).orderBy('seq').execute()).toEqual([
      { type: 'service.service_completed', data: '{"serviceId":"surrender"}' },
      { type: 'service.completed', data: '{"serviceId":"surrender"}' },
    ]);
  });

  it('find the latest event of a type under any name it was stored as', async () => {
    const { kysely } = await databases.open('sqlite');
    await kysely
      .insertInto('call_events')
      .values({ call_id: 'c1', at: 7, actor: 'u1', type: 'service.service_withdrawn', data: '{}' })
      .execute();
    expect(await new ServiceStore(kysely).latestEvent('c1', 'service.withdrawn')).toEqual({
      at: 7,
      actor: 'u1',
      type: 'service.withdrawn',
      data: {},
    });
    expect(await new ServiceStore(kysely).latestEvent('c1', 'service.completed')).toBeUndefined();
  });
});
