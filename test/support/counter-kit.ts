import type { StaffUser } from '../../shared/contracts/auth.js';
import type { CreateTicketRequest } from '../../shared/contracts/ticket.js';
import {
  CallStore,
  createCallFeature,
  TimelineStore,
  TransferStore,
  type ActiveCall,
  type CallFeature,
} from '../../server/call/index.js';
import type { Principal } from '../../server/identity/index.js';
import type { QueueConfig } from '../../server/platform/config.js';
import { sql, type Kysely } from 'kysely';
import { pino } from 'pino';
import { openDatabase, type Db } from '../../server/platform/database/database.js';
import type { Schema } from '../../server/platform/database/schema.js';
import { sqliteKysely } from '../../server/platform/database/sqlite-kysely.js';
import {
  createQueue,
  OfferStore,
  TellerStore,
  TicketStore,
  VipStore,
  WrapUpStore,
  type QueueFeature,
} from '../../server/queue/index.js';
import { FakeCallRooms } from './fake-call-rooms.js';

/** A teller or a customer as the policy sees them, for the units that ask it. */
export const staff = (user: StaffUser): Principal => ({ kind: 'staff', user });
export const customer = (ticketId: string): Principal => ({ kind: 'customer', ticketId });

export const QUEUE_CONFIG: QueueConfig = {
  offerTimeoutMs: 20_000,
  mandarinFallbackAfterMs: 120_000,
  elderlyBoostMs: 300_000,
  vipBoostMs: 600_000,
  abandonGraceMs: 60_000,
  rejoinGraceMs: 30_000,
  serviceLevelMs: 60_000,
  defaultHandleMs: 300_000,
  wrapUpMs: 0,
  wrapUpOutcomes: [{ code: 'resolved', label: { 'zh-CN': '已办结', en: 'Resolved' } }],
};

/** Tellers of the kit: each serves consultations and contact changes in Mandarin. */
export const TELLERS = ['teller1', 'teller2', 'teller3'].map(
  (id, i): StaffUser => ({ id, username: id, displayName: `Teller ${i + 1}`, role: 'teller' }),
);

export interface CounterKit {
  db: Db;
  /** The query layer over `db`, as the queue's stores use it. */
  kysely: Kysely<Schema>;
  rooms: FakeCallRooms;
  queue: QueueFeature;
  calls: CallFeature;
  /** Every piece of news of both buses, in order, as `bus:event`. */
  news: { name: string; args: unknown[] }[];
  /** A customer joins the line (a passport holder, so not elderly unless asked). */
  join(overrides?: Partial<CreateTicketRequest>): Promise<string>;
  /** A teller's page connects and the teller says it is available. */
  atDesk(teller: StaffUser): Promise<void>;
  /**
   * Once every queue turn asked for so far (the calls' news among them) has run, and the store
   * writes under way (a timer's, a bus subscriber's) are done.
   */
  settled(): Promise<void>;
  /** The ticket offered to a teller now, if any. */
  offerOf(tellerId: string): string | undefined;
  /** A customer joins and `teller` (at its desk) accepts it: a call in progress. */
  inCall(teller?: StaffUser): Promise<{ ticketId: string; call: ActiveCall }>;
  eventTypes(ticketId: string): string[];
  newsOf(name: string): unknown[][];
  /**
   * The queue's first election: it leads from the start (as on SQLite) and has rebuilt its line
   * from the store; resolves to how many customers that put back in line.
   */
  led: Promise<number>;
  /** Another node is elected (the store's leader epoch one higher); this queue is not told. */
  electAnother(): number;
  /** A teller's stored status and its reason, as a restart would find them. */
  storedStatusOf(tellerId: string): Promise<unknown>;
}

/**
 * The queue and the calls on an in-memory SQLite, fake media rooms and the
 * test's clock (vitest's fake timers move `Date.now` and the timers together),
 * wired to each other the way the composition wires them; no sockets.
 */
export function counterKit(
  options: {
    db?: Db;
    config?: Partial<QueueConfig>;
    clock?: () => number;
    /** false: the queue follows until the test calls `queue.lead`. */
    leads?: boolean;
    /** Hears of queue failures nobody awaited; by default they fail the test. */
    onError?: (error: unknown) => void;
  } = {},
): CounterKit {
  const clock = options.clock ?? (() => Date.now());
  const db = options.db ?? openDatabase(':memory:');
  const kysely = sqliteKysely<Schema>(db);
  const tellers = new TellerStore(kysely);
  // The tellers' accounts and profiles as plain rows: the kit is ready when made, the stores are asynchronous.
  const addUser = db.prepare(
    `INSERT OR IGNORE INTO users (id, username, display_name, role, password_hash, created_at)
     VALUES (?, ?, ?, ?, 'x', ?)`,
  );
  for (const teller of TELLERS) {
    if (addUser.run(teller.id, teller.username, teller.displayName, teller.role, clock()).changes === 0)
      continue;
    db.prepare('INSERT INTO teller_profiles (user_id, skills, languages) VALUES (?, ?, ?)').run(
      teller.id,
      JSON.stringify(['consultation', 'contact-change']),
      JSON.stringify(['cmn']),
    );
  }
  const tickets = new TicketStore(kysely);
  const logger = pino({ level: 'silent' });
  const callStore = new CallStore(kysely);
  const events = new TimelineStore(kysely);
  const rooms = new FakeCallRooms();
  const config = { ...QUEUE_CONFIG, ...options.config };
  const calls = createCallFeature({
    store: { db: kysely, calls: callStore, events, transfers: new TransferStore(kysely), tickets },
    rooms,
    clock,
    logger,
    nodeId: 'node-1',
    rejoinGraceMs: config.rejoinGraceMs,
    tellerName: (tellerId) => queue.presence.nameOf(tellerId),
    // One node: every call is this node's, so no node is ever asked about.
    lostCalls: {
      isNodeLost: (nodeId) => Promise.reject(new Error(`no other node here: ${nodeId}`)),
      isNodeSilent: (nodeId) => Promise.reject(new Error(`no other node here: ${nodeId}`)),
      ticketOf: (ticketId) => tickets.find(ticketId),
      tellerName: (tellerId) =>
        Promise.resolve(TELLERS.find((teller) => teller.id === tellerId)?.displayName ?? ''),
    },
  });
  const queue = createQueue({
    store: {
      db: kysely,
      tickets,
      tellers,
      offers: new OfferStore(kysely),
      vip: new VipStore(kysely),
      wrapUps: new WrapUpStore(kysely),
      events,
      calls: callStore,
    },
    calls,
    config,
    clock,
    ...(options.onError && { onError: options.onError }),
  });
  // The queue's part of the composition's subscriptions, in the same order.
  calls.bus.on('callEnded', (ended) => {
    queue.outcomes.callEnded(ended);
    queue.outcomes.offerToFreeTellers();
  });
  calls.bus.on('callHandedOver', (event) => queue.outcomes.callHandedOver(event));
  calls.bus.on('transferConsented', (transfer, ticket, at) =>
    queue.outcomes.transferConsented(transfer, ticket, at),
  );
  calls.bus.on('transferWithdrawn', (event) => queue.outcomes.transferWithdrawn(event));

  // The leader election's first write, as the embedded lock makes it (on the kit's one connection).
  const electAnother = () =>
    (
      db.prepare('UPDATE leader_epoch SET epoch = epoch + 1 WHERE id = 1 RETURNING epoch').get() as {
        epoch: number;
      }
    ).epoch;
  const led = options.leads === false ? Promise.resolve(0) : queue.lead(electAnother());
  // Awaited by the tests that count on it; a failure fails the next queue turn's test anyway.
  led.catch(() => undefined);

  const news: CounterKit['news'] = [];
  for (const [prefix, bus] of [
    ['queue', queue.bus],
    ['calls', calls.bus],
  ] as const) {
    const emit = bus.emit.bind(bus) as (name: string, ...args: unknown[]) => boolean;
    (bus as { emit: typeof emit }).emit = (name, ...args) => {
      news.push({ name: `${prefix}:${name}`, args });
      return emit(name, ...args);
    };
  }
  let joined = 0;
  const kit: CounterKit = {
    db,
    kysely,
    rooms,
    queue,
    calls,
    news,
    led,
    electAnother,
    join: async (overrides = {}) =>
      (
        await queue.customers.join({
          fullName: `Customer ${++joined}`,
          idType: 'passport',
          idNumber: `P${joined}`,
          phone: '+86 138 0013 8000',
          serviceId: 'consultation',
          language: 'cmn',
          consentRecording: true,
          ...overrides,
        })
      ).id,
    atDesk: async (teller) => {
      await queue.tellers.connected(teller);
      await queue.tellers.setStatus(teller.id, 'available');
    },
    settled: async () => {
      await queue.turns.settled();
      // SQLite's one connection serves the query layer in turn: this query runs after the writes queued before it.
      await sql`SELECT 1`.execute(kysely);
    },
    offerOf: (tellerId) => queue.offers.ofTeller(tellerId)?.ticketId,
    inCall: async (teller = TELLERS[0]!) => {
      if (!queue.presence.get(teller.id)) await kit.atDesk(teller);
      const ticketId = await kit.join();
      const { callId } = await queue.acceptance.accept(teller.id, ticketId);
      return { ticketId, call: calls.registry.get(callId)! };
    },
    eventTypes: (ticketId) =>
      (
        db.prepare('SELECT type FROM call_events WHERE ticket_id = ? ORDER BY seq').all(ticketId) as {
          type: string;
        }[]
      ).map((r) => r.type),
    newsOf: (name) => news.filter((n) => n.name === name).map((n) => n.args),
    storedStatusOf: (tellerId) =>
      kysely
        .selectFrom('teller_states')
        .select(['status', 'reason'])
        .where('user_id', '=', tellerId)
        .executeTakeFirst(),
  };
  return kit;
}
