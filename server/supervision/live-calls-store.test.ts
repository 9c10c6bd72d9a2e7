// The other nodes' calls in progress the supervisor's board lists, on both dialects.
import { describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { seedCall } from '../../test/support/call-rows.js';
import { LiveCallsStore } from './live-calls-store.js';

const databases = databasesPerTest();

describe.each(DIALECTS)('LiveCallsStore on %s', (dialect) => {
  it('lists the open calls of the nodes asked, with the teller in each now (the later of two during a hand-over) and the customer masked', async () => {
    const { kysely } = await databases.open(dialect);
    const user = (id: string, name: string) => ({
      id,
      username: id,
      display_name: name,
      role: 'teller' as const,
      password_hash: 'x',
      created_at: 0,
    });
    await kysely
      .insertInto('users')
      .values([user('t1', 'Teller One'), user('t2', 'Teller Two')])
      .execute();
    for (const [n, node] of [
      [1, 'node-b'],
      [2, 'node-c'],
      [3, 'node-a'],
      [4, 'node-b'],
    ] as const) {
      await seedCall(kysely, { callId: `c${n}`, ticketId: `k${n}` });
      await kysely.updateTable('calls').set({ node_id: node }).where('id', '=', `c${n}`).execute();
    }
    await kysely
      .updateTable('calls')
      .set({ ended_at: 5, end_reason: 'hang_up' })
      .where('id', '=', 'c4')
      .execute();
    await kysely
      .insertInto('call_tellers')
      .values([
        { call_id: 'c1', teller_id: 't1', joined_at: 1, left_at: null },
        { call_id: 'c1', teller_id: 't2', joined_at: 2, left_at: null },
        { call_id: 'c2', teller_id: 't1', joined_at: 1, left_at: 3 },
        { call_id: 'c2', teller_id: 't2', joined_at: 3, left_at: null },
        { call_id: 'c3', teller_id: 't1', joined_at: 1, left_at: null },
        { call_id: 'c4', teller_id: 't1', joined_at: 1, left_at: null },
      ])
      .execute();
    const store = new LiveCallsStore(kysely);

    const listed = await store.openOn(['node-b', 'node-c']);
    expect(listed.map((c) => [c.callId, c.nodeId, c.teller])).toEqual([
      ['c1', 'node-b', 'Teller Two'],
      ['c2', 'node-c', 'Teller Two'],
    ]);
    expect(listed[0]!.customer).not.toContain('三');
    expect(await store.openOn([])).toEqual([]);
    expect(await store.nodeOf('c3')).toBe('node-a');
    expect(await store.nodeOf('c4')).toBeUndefined();
  });
});
