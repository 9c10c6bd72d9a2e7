import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import type { DialectName } from '../platform/database/dialect.js';
import type { Schema } from '../platform/database/schema.js';
import { CallHistoryStore } from './call-history-store.js';
import { CallStore, type StoredCall } from './call-store.js';
import { TransferStore, type TransferRow } from './transfer-store.js';

const databases = databasesPerTest();

/** The rows a call refers to: its customer's ticket and the tellers (the queue's and the accounts'). */
async function seeded(dialect: DialectName) {
  const { kysely } = await databases.open(dialect);
  await kysely
    .insertInto('users')
    .values(
      ['t1', 't2'].map((id) => ({
        id,
        username: id,
        display_name: `Teller ${id}`,
        role: 'teller' as const,
        password_hash: 'x',
        created_at: 1,
      })),
    )
    .execute();
  for (const id of ['k1', 'k2'])
    await kysely
      .insertInto('tickets')
      .values({
        id,
        full_name: `Customer ${id}`,
        id_type: 'passport',
        id_number: `P-${id}`,
        phone: '+86 138 0000 0000',
        service_id: 'consultation',
        language: 'cmn',
        ui_locale: 'zh-CN',
        status: 'in_call',
        joined_at: 1,
        consent_at: 1,
      })
      .execute();
  return kysely;
}

const call = (id: string, changes: Partial<StoredCall> = {}): StoredCall => ({
  id,
  ticketId: 'k1',
  serviceId: 'consultation',
  startedAt: 1_700_000_000_000,
  endedAt: null,
  endReason: null,
  ...changes,
});

const transfer = (id: string, changes: Partial<TransferRow> = {}): TransferRow => ({
  id,
  callId: 'c1',
  ticketId: 'k1',
  fromTellerId: 't1',
  targetTellerId: 't2',
  targetServiceId: 'consultation',
  targetLanguage: 'cmn',
  reason: 'a specialist',
  status: 'awaiting_consent',
  requestedAt: 1_700_000_001_000,
  ...changes,
});

const transferRows = (kysely: Kysely<Schema>) =>
  kysely.selectFrom('transfers').select(['id', 'status', 'resolved_at']).orderBy('id').execute();

describe.each(DIALECTS)('CallStore on %s', (dialect) => {
  it('stores a call with its first teller, and ends it once, with every teller still in it', async () => {
    const calls = new CallStore(await seeded(dialect));
    await calls.insert(call('c1'), 't1');
    expect(await calls.find('c1')).toEqual(call('c1'));
    expect(await calls.find('nope')).toBeUndefined();
    expect(await calls.listOpen('n1')).toEqual([call('c1')]);
    const end = 1_700_000_090_000;
    await calls.end('c1', end, 'teller_hung_up', 'n1');
    // A second end changes nothing: the first one's time and reason stay.
    await calls.end('c1', end + 5, 'media_failure', 'n1');
    expect(await calls.find('c1')).toEqual(call('c1', { endedAt: end, endReason: 'teller_hung_up' }));
    expect(await calls.tellersOf('c1')).toEqual([
      { tellerId: 't1', joinedAt: call('c1').startedAt, leftAt: end },
    ]);
    expect(await calls.listOpen('n1')).toEqual([]);
  });

  it('lists as open only the calls of the node asking (and those stored before nodes were told apart)', async () => {
    const calls = new CallStore(await seeded(dialect));
    await calls.insert(call('c1'), 't1', 'n1');
    await calls.insert(call('c2', { ticketId: 'k2' }), 't2', 'n2');
    await calls.insert(call('c3'), 't1');
    expect((await calls.listOpen('n1')).map((c) => c.id).sort()).toEqual(['c1', 'c3']);
    expect((await calls.listOpen('n2')).map((c) => c.id).sort()).toEqual(['c2', 'c3']);
  });

  it('keeps a hand-over’s tellers first to last, a teller back in the call twice', async () => {
    const calls = new CallStore(await seeded(dialect));
    const start = call('c1').startedAt;
    await calls.insert(call('c1'), 't2');
    // t1 takes over in the same millisecond t2 leaves; then t2 has it back.
    await calls.addTeller('c1', 't1', start + 10);
    await calls.tellerLeft('c1', 't2', start + 10);
    await calls.addTeller('c1', 't2', start + 20);
    await calls.tellerLeft('c1', 't1', start + 20);
    expect(await calls.tellersOf('c1')).toEqual([
      { tellerId: 't2', joinedAt: start, leftAt: start + 10 },
      { tellerId: 't1', joinedAt: start + 10, leftAt: start + 20 },
      { tellerId: 't2', joinedAt: start + 20, leftAt: null },
    ]);
  });

  it('gives the latest finished calls’ lengths, newest first, without those a shutdown cut short', async () => {
    const calls = new CallStore(await seeded(dialect));
    const at = (s: number) => 1_700_000_000_000 + s * 1000;
    await calls.insert(call('c1', { startedAt: at(0) }), 't1');
    await calls.insert(call('c2', { startedAt: at(10), ticketId: 'k2', serviceId: 'contact-change' }), 't2');
    await calls.insert(call('c3', { startedAt: at(20) }), 't1');
    await calls.insert(call('c4', { startedAt: at(30) }), 't2');
    await calls.end('c1', at(100), 'teller_hung_up', 'n1');
    await calls.end('c2', at(50), 'customer_hung_up', 'n1');
    await calls.end('c3', at(200), 'server_shutdown', 'n1');
    expect(await calls.recentHandleTimes(10)).toEqual([
      { serviceId: 'consultation', ms: 100_000 },
      { serviceId: 'contact-change', ms: 40_000 },
    ]);
    expect(await calls.recentHandleTimes(1)).toEqual([{ serviceId: 'consultation', ms: 100_000 }]);
    expect((await calls.listOpen('n1')).map((c) => c.id)).toEqual(['c4']);
  });

  it('writes inside the caller’s transaction, rolled back with it', async () => {
    const kysely = await seeded(dialect);
    const calls = new CallStore(kysely);
    await expect(
      kysely.transaction().execute(async (trx) => {
        await calls.in(trx).insert(call('c1'), 't1');
        throw new Error('the rest of the unit of work failed');
      }),
    ).rejects.toThrow('failed');
    expect(await calls.find('c1')).toBeUndefined();
    expect(await calls.tellersOf('c1')).toEqual([]);
  });
});

describe.each(DIALECTS)('TransferStore on %s', (dialect) => {
  it('stores a hand-over, resolves it when answered for good, and fails those a previous process left open', async () => {
    const kysely = await seeded(dialect);
    await new CallStore(kysely).insert(call('c1'), 't1');
    const transfers = new TransferStore(kysely);
    await transfers.insert(transfer('x1'));
    await transfers.insert(transfer('x2', { targetTellerId: null, status: 'waiting' }));
    await transfers.insert(transfer('x3'));
    await transfers.setStatus('x1', 'waiting', 5);
    await transfers.setStatus('x3', 'refused', 6);
    expect(await transferRows(kysely)).toEqual([
      { id: 'x1', status: 'waiting', resolved_at: null },
      { id: 'x2', status: 'waiting', resolved_at: null },
      { id: 'x3', status: 'refused', resolved_at: 6 },
    ]);
    await transfers.failOpenOf(['another call'], 8);
    expect((await transferRows(kysely)).map((t) => t.status)).toEqual(['waiting', 'waiting', 'refused']);
    await transfers.failOpenOf(['c1'], 9);
    expect(await transferRows(kysely)).toEqual([
      { id: 'x1', status: 'failed', resolved_at: 9 },
      { id: 'x2', status: 'failed', resolved_at: 9 },
      { id: 'x3', status: 'refused', resolved_at: 6 },
    ]);
    expect(
      await kysely.selectFrom('transfers').selectAll().where('id', '=', 'x2').executeTakeFirstOrThrow(),
    ).toMatchObject({ target_teller_id: null, reason: 'a specialist', requested_at: 1_700_000_001_000 });
  });
});

describe.each(DIALECTS)('CallHistoryStore on %s', (dialect) => {
  it('lists a teller’s calls since a time, newest first, with the service’s status, the record and its own wrap-up', async () => {
    const kysely = await seeded(dialect);
    const calls = new CallStore(kysely);
    const at = (s: number) => 1_700_000_000_000 + s * 1000;
    await calls.insert(call('c0', { startedAt: at(-100) }), 't1');
    await calls.insert(call('c1', { startedAt: at(0) }), 't1');
    await calls.insert(call('c2', { startedAt: at(10), ticketId: 'k2' }), 't2');
    // c2: handed to t1, who hands it back, then takes it once more.
    await calls.addTeller('c2', 't1', at(20));
    await calls.tellerLeft('c2', 't2', at(20));
    await calls.addTeller('c2', 't2', at(30));
    await calls.tellerLeft('c2', 't1', at(30));
    await calls.addTeller('c2', 't1', at(40));
    await calls.tellerLeft('c2', 't2', at(40));
    await calls.end('c1', at(60), 'teller_hung_up', 'n1');
    await kysely
      .insertInto('service_flows')
      .values({
        call_id: 'c1',
        service_id: 'consultation',
        state: '{"status":"completed","steps":[]}',
        updated_at: at(50),
      })
      .execute();
    await kysely
      .insertInto('service_records')
      .values({ call_id: 'c1', outcome: 'completed', file: 'c1.pdf', sha256: 'ab', created_at: at(61) })
      .execute();
    await kysely
      .insertInto('call_wrap_ups')
      .values([
        {
          call_id: 'c1',
          teller_id: 't1',
          started_at: at(60),
          ended_at: at(70),
          outcome: 'resolved',
          note: 'ok',
          ended_by: 'teller',
        },
        {
          call_id: 'c2',
          teller_id: 't2',
          started_at: at(60),
          ended_at: at(70),
          outcome: 'resolved',
          note: 'not t1’s',
          ended_by: 'teller',
        },
      ])
      .execute();
    const history = new CallHistoryStore(kysely);
    expect(await history.ofTeller('t1', at(0))).toEqual([
      {
        callId: 'c2',
        serviceId: 'consultation',
        customerName: 'Customer k2',
        startedAt: at(10),
        endedAt: null,
        endReason: null,
        leftAt: at(30),
        serviceStatus: null,
        hasRecord: false,
        wrapUpOutcome: null,
        wrapUpNote: null,
        wrappedUp: false,
      },
      {
        callId: 'c1',
        serviceId: 'consultation',
        customerName: 'Customer k1',
        startedAt: at(0),
        endedAt: at(60),
        endReason: 'teller_hung_up',
        leftAt: at(60),
        serviceStatus: 'completed',
        hasRecord: true,
        wrapUpOutcome: 'resolved',
        wrapUpNote: 'ok',
        wrappedUp: true,
      },
    ]);
    expect((await history.ofTeller('t2', at(0))).map((c) => [c.callId, c.wrapUpNote])).toEqual([
      ['c2', 'not t1’s'],
    ]);
    expect(await history.ofTeller('t1', at(11))).toEqual([]);
  });
});
