// The queue's stores on both dialects (README, "Database"): the rows a restart, or a
// newly elected leader, rebuilds the line from.
import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { inTransaction } from '../platform/database/transaction.js';
import type { Schema } from '../platform/database/schema.js';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { OfferStore } from './offer-store.js';
import { TellerStore } from './teller-store.js';
import { TicketStore, type Ticket } from './ticket-store.js';
import { VipStore } from './vip-store.js';
import { WrapUpStore } from './wrap-up-store.js';

const databases = databasesPerTest();
const AT = 1_764_500_000_123; // epoch milliseconds, beyond a 32-bit integer

const ticket = (id: string, changes: Partial<Ticket> = {}): Ticket => ({
  id,
  fullName: '张三',
  idType: 'cn-resident',
  idNumber: '11010519491231002X',
  birthDate: '1949-12-31',
  phone: '+86 138 0013 8000',
  serviceId: 'consultation',
  language: 'yue',
  uiLocale: 'zh-CN',
  status: 'waiting',
  joinedAt: AT,
  joinSeq: 0,
  consentAt: AT,
  closedAt: null,
  priority: 'elderly',
  mandarinFallback: true,
  answeredAt: null,
  ...changes,
});

async function addTeller(db: Kysely<Schema>, id: string): Promise<void> {
  await db
    .insertInto('users')
    .values({ id, username: id, display_name: id, role: 'teller', password_hash: 'x', created_at: AT })
    .execute();
}

describe.each(DIALECTS)('the queue’s stores on %s', (dialect) => {
  it('keeps a ticket as joined: flags, nulls and 64-bit times', async () => {
    const { kysely } = await databases.open(dialect);
    const tickets = new TicketStore(kysely);
    const first = await tickets.insert(ticket('t1'));
    await tickets.insert(ticket('t2', { birthDate: null, priority: 'normal', mandarinFallback: false }));
    expect(first).toEqual(ticket('t1', { joinSeq: 1 }));
    expect(await tickets.find('t1')).toEqual(first);
    expect(await tickets.find('t2')).toMatchObject({ joinSeq: 2 });
    expect(await tickets.find('t2')).toMatchObject({
      birthDate: null,
      priority: 'normal',
      mandarinFallback: false,
    });
    expect(await tickets.find('nobody')).toBeUndefined();
  });

  it('lists the line in join order, also for tickets of the same millisecond, and only the line', async () => {
    const { kysely } = await databases.open(dialect);
    const tickets = new TicketStore(kysely);
    // Ids that sort against the join order: the order must come from the joins, not the ids.
    for (const id of ['z', 'm', 'a']) await tickets.insert(ticket(id));
    await tickets.insert(ticket('earlier', { joinedAt: AT - 1 }));
    await tickets.insert(ticket('gone'));
    await tickets.insert(ticket('served'));
    await tickets.setStatus('z', 'offered');
    await tickets.markLeft('gone', AT + 5, 'abandoned');
    await tickets.markAnswered('served', AT + 7);
    expect((await tickets.listQueued()).map((t) => [t.id, t.status])).toEqual([
      ['earlier', 'waiting'],
      ['z', 'offered'],
      ['m', 'waiting'],
      ['a', 'waiting'],
    ]);
    expect(await tickets.find('gone')).toMatchObject({ status: 'left', closedAt: AT + 5 });
    expect(await tickets.find('served')).toMatchObject({ status: 'in_call', answeredAt: AT + 7 });
    await tickets.offeredWaitingAgain();
    expect(await tickets.find('z')).toMatchObject({ status: 'waiting' });
    await tickets.setStatus('served', 'ended', AT + 9);
    expect(await tickets.find('served')).toMatchObject({ status: 'ended', closedAt: AT + 9 });
  });

  it('writes inside a unit of work, and nothing of it when the unit fails', async () => {
    const { kysely } = await databases.open(dialect);
    const tickets = new TicketStore(kysely);
    await expect(
      inTransaction(kysely, async (trx) => {
        await tickets.in(trx).insert(ticket('t1'));
        throw new Error('the timeline could not be written');
      }),
    ).rejects.toThrow('timeline');
    expect(await tickets.find('t1')).toBeUndefined();
  });

  it('keeps each teller’s profile and chosen status; a teller without either serves nothing and is away', async () => {
    const { kysely } = await databases.open(dialect);
    await addTeller(kysely, 'teller1');
    const tellers = new TellerStore(kysely);
    expect(await tellers.profile('teller1')).toEqual({ skills: [], languages: [] });
    expect(await tellers.hasProfile('teller1')).toBe(false);
    expect(await tellers.status('teller1')).toBe('away');
    await tellers.setProfile('teller1', { skills: ['consultation'], languages: ['cmn'] });
    await tellers.setProfile('teller1', { skills: ['consultation', 'contact-change'], languages: ['yue'] });
    expect(await tellers.profile('teller1')).toEqual({
      skills: ['consultation', 'contact-change'],
      languages: ['yue'],
    });
    expect(await tellers.hasProfile('teller1')).toBe(true);
    await tellers.setStatus('teller1', 'available', 'teller', AT);
    await tellers.setStatus('teller1', 'away', 'missed_offer', AT + 1);
    expect(await tellers.status('teller1')).toBe('away');
    const row = await kysely.selectFrom('teller_states').selectAll().executeTakeFirstOrThrow();
    expect(row).toEqual({ user_id: 'teller1', status: 'away', reason: 'missed_offer', since: AT + 1 });
  });

  it('resolves an offer once, and withdraws every offer left open', async () => {
    const { kysely } = await databases.open(dialect);
    await addTeller(kysely, 'teller1');
    await addTeller(kysely, 'teller2');
    const tickets = new TicketStore(kysely);
    for (const id of ['t1', 't2']) await tickets.insert(ticket(id));
    const offers = new OfferStore(kysely);
    const offer = { transferId: null, offeredAt: AT, expiresAt: AT + 20_000 };
    await offers.insert({ ...offer, ticketId: 't1', tellerId: 'teller1' });
    expect(await offers.resolve('t1', 'teller1', 'declined', AT + 1)).toBe(true);
    expect(await offers.resolve('t1', 'teller1', 'expired', AT + 1)).toBe(false);
    await offers.insert({ ...offer, ticketId: 't1', tellerId: 'teller1' });
    await offers.insert({ ...offer, ticketId: 't2', tellerId: 'teller2', transferId: 'transfer-1' });
    expect(await offers.withdrawAllOpen(AT + 2)).toBe(2);
    expect(await offers.withdrawAllOpen(AT + 3)).toBe(0);
    const rows = await kysely
      .selectFrom('offers')
      .select(['ticket_id', 'transfer_id', 'outcome', 'resolved_at'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { ticket_id: 't1', transfer_id: null, outcome: 'declined', resolved_at: AT + 1 },
      { ticket_id: 't1', transfer_id: null, outcome: 'withdrawn', resolved_at: AT + 2 },
      { ticket_id: 't2', transfer_id: 'transfer-1', outcome: 'withdrawn', resolved_at: AT + 2 },
    ]);
  });

  it('accepts a ticket once, whichever teller (on whichever node) tries next, each in its own transaction', async () => {
    const { kysely } = await databases.open(dialect);
    await addTeller(kysely, 'teller1');
    await addTeller(kysely, 'teller2');
    await new TicketStore(kysely).insert(ticket('t1'));
    const offers = new OfferStore(kysely);
    const offer = { ticketId: 't1', transferId: null, offeredAt: AT, expiresAt: AT + 20_000 };
    await offers.insert({ ...offer, tellerId: 'teller1' });
    await offers.insert({ ...offer, tellerId: 'teller2' });
    const accept = (tellerId: string) =>
      kysely.transaction().execute((trx) => offers.in(trx).acceptOnce('t1', tellerId, AT + 1));
    expect(await Promise.all([accept('teller1'), accept('teller2')])).toEqual([true, false]);
    expect(await accept('teller1')).toBe(false);
  });

  it('keeps one wrap-up per call and teller, the later replacing the earlier', async () => {
    const { kysely } = await databases.open(dialect);
    await new TicketStore(kysely).insert(ticket('t1'));
    await kysely
      .insertInto('calls')
      .values({ id: 'c1', ticket_id: 't1', service_id: 'consultation', started_at: AT })
      .execute();
    const wrapUps = new WrapUpStore(kysely);
    const first = {
      callId: 'c1',
      tellerId: 'teller1',
      startedAt: AT,
      endedAt: AT + 30_000,
      outcome: null,
      note: '',
      endedBy: 'time_limit' as const,
    };
    await wrapUps.insert(first);
    expect(await wrapUps.find('c1', 'teller1')).toEqual(first);
    const second = {
      ...first,
      endedAt: AT + 5_000,
      outcome: 'resolved',
      note: '回电',
      endedBy: 'teller' as const,
    };
    await wrapUps.insert(second);
    expect(await wrapUps.find('c1', 'teller1')).toEqual(second);
    expect(await wrapUps.find('c1', 'teller2')).toBeUndefined();
  });

  it('keeps the VIP list by ID document: adding again changes the note, removing says whether it was there', async () => {
    const { kysely } = await databases.open(dialect);
    await addTeller(kysely, 'supervisor1');
    const vip = new VipStore(kysely);
    expect(await vip.isVip('passport', 'P1')).toBe(false);
    await vip.add({ idType: 'passport', idNumber: 'P1', note: 'first', addedBy: 'supervisor1', at: AT });
    await vip.add({ idType: 'passport', idNumber: 'P1', note: 'second', addedBy: 'supervisor1', at: AT + 1 });
    expect(await vip.isVip('passport', 'P1')).toBe(true);
    expect(await vip.isVip('cn-resident', 'P1')).toBe(false);
    expect(await kysely.selectFrom('vip_customers').select(['note', 'added_at']).execute()).toEqual([
      { note: 'second', added_at: AT },
    ]);
    expect(await vip.remove('passport', 'P1')).toBe(true);
    expect(await vip.remove('passport', 'P1')).toBe(false);
    expect(await vip.isVip('passport', 'P1')).toBe(false);
  });
});

describe('the queue’s stores, two nodes on one PostgreSQL database', () => {
  it('a ticket one node stores is in the line the other rebuilds, in join order', async () => {
    const url = await databases.freshPostgres();
    const one = new TicketStore((await databases.open('postgres', url)).kysely);
    const two = new TicketStore((await databases.open('postgres', url)).kysely);
    // Each insert answers with the join order the rebuilt line carries, so a leader that ranks
    // what it was just told and one that rebuilds from the store rank the same millisecond alike.
    const stored = [
      await one.insert(ticket('from-one')),
      await two.insert(ticket('from-two')),
      await one.insert(ticket('again-one')),
    ];
    expect(stored.map((t) => t.joinSeq)).toEqual([1, 2, 3]);
    for (const store of [one, two]) {
      expect((await store.listQueued()).map((t) => [t.id, t.joinSeq])).toEqual(
        stored.map((t) => [t.id, t.joinSeq]),
      );
    }
  });
});
