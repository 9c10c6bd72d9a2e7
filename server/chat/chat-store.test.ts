import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { seedCall } from '../../test/support/call-rows.js';
import { inTransaction } from '../platform/database/transaction.js';
import { ChatStore, type StoredChatMessage } from './chat-store.js';

const databases = databasesPerTest();

const AT = 1_764_500_001_000;

const text = (id: string, callId = 'c1', at = AT): StoredChatMessage => ({
  messageId: id,
  callId,
  at,
  from: 'customer',
  senderId: 'customer',
  text: `消息 ${id} <img src=x>`,
  file: null,
});

const withFile = (id: string, fileId: string): StoredChatMessage => ({
  messageId: id,
  callId: 'c1',
  at: AT,
  from: 'teller',
  senderId: 'u1',
  text: '',
  file: {
    fileId,
    sha256: 'a'.repeat(64),
    mediaType: 'application/pdf',
    byteLength: 2048,
    fileName: '说明.pdf',
  },
});

describe.each(DIALECTS)('ChatStore on %s', (dialect) => {
  async function opened() {
    const { kysely } = await databases.open(dialect);
    await seedCall(kysely, { callId: 'c1', ticketId: 't1' });
    await seedCall(kysely, { callId: 'c2', ticketId: 't2' });
    return { kysely, store: new ChatStore(kysely) };
  }

  it('reads a call’s chat back in the order the messages were taken, not by time or id', async () => {
    const { store } = await opened();
    // Same millisecond, ids out of order: only the order of taking counts.
    for (const id of ['m3', 'm1', 'm2']) await store.add(text(id));
    await store.add(withFile('m0', 'f1'));
    await store.add(text('other', 'c2'));
    expect((await store.ofCall('c1')).map((m) => m.messageId)).toEqual(['m3', 'm1', 'm2', 'm0']);
    expect(await store.ofCall('c1')).toContainEqual(text('m1'));
    expect(await store.ofCall('c2')).toEqual([text('other', 'c2')]);
  });

  it('finds a file by its call and id only, and counts messages and files for the caps', async () => {
    const { store } = await opened();
    await store.add(text('m1'));
    await store.add(withFile('m2', 'f1'));
    await store.add(withFile('m3', 'f2'));
    expect(await store.file('c1', 'f1')).toEqual(withFile('m2', 'f1'));
    expect(await store.file('c2', 'f1')).toBeUndefined();
    expect(await store.file('c1', 'unknown')).toBeUndefined();
    expect(await store.counts('c1')).toEqual({ messages: 3, files: 2 });
    expect(await store.counts('c2')).toEqual({ messages: 0, files: 0 });
  });

  it('holds a call’s chat for one transaction at a time: the next counts what the first added', async () => {
    const { kysely, store } = await opened();
    await expect(store.holdCall('c1')).rejects.toThrow(/transaction/);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const firstHolds = new Promise<void>((resolve) => (holding = resolve));
    const first = inTransaction(kysely, async (trx) => {
      await store.in(trx).holdCall('c1');
      holding();
      await released;
      await store.in(trx).add(text('m1'));
    });
    await firstHolds;
    let counted: unknown;
    const second = inTransaction(kysely, async (trx) => {
      await store.in(trx).holdCall('c1');
      counted = await store.in(trx).counts('c1');
    });
    await sleep(300);
    const countedWhileHeld = counted;
    release();
    await Promise.all([first, second]);
    expect(countedWhileHeld).toBeUndefined();
    expect(counted).toEqual({ messages: 1, files: 0 });
  });

  it('refuses a message id twice: a message is stored once', async () => {
    const { store } = await opened();
    await store.add(text('m1'));
    await expect(store.add(text('m1'))).rejects.toThrow();
    expect(await store.counts('c1')).toEqual({ messages: 1, files: 0 });
  });
});
