import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { seedCall } from '../../test/support/call-rows.js';
import type { Kysely } from 'kysely';
import type { Schema } from '../platform/database/schema.js';
import { inTransaction } from '../platform/database/transaction.js';
import { FlowDriver, TELLER } from './rules/flow-fixtures.js';
import { ServiceStore, type StoredSignature } from './service-store.js';

const databases = databasesPerTest();

async function opened(dialect: (typeof DIALECTS)[number]) {
  const { kysely } = await databases.open(dialect);
  await seedCall(kysely, { callId: 'c1', ticketId: 't1' });
  await seedCall(kysely, { callId: 'c2', ticketId: 't2' });
  return { kysely, store: new ServiceStore(kysely) };
}

const AT = 1_764_500_001_000;

const document = {
  documentId: 'd1',
  sha256: 'a'.repeat(64),
  mediaType: 'application/pdf' as const,
  byteLength: 1234,
  fileName: '理赔报告.pdf',
};

describe.each(DIALECTS)('ServiceStore on %s', (dialect) => {
  it('keeps a call’s flow state, replacing it on every save, and the first signature request’s time', async () => {
    const { store } = await opened(dialect);
    expect(await store.flow('c1')).toBeUndefined();
    const flow = FlowDriver.start('surrender', 'c1');
    await store.saveFlow(flow.state, AT);
    expect(await store.flow('c1')).toEqual({ state: flow.state, signatureRequestedAt: null });
    expect(flow.do(TELLER, { type: 'push_step', stepId: 'policy' }).ok).toBe(true);
    await store.saveFlow(flow.state, AT + 1);
    await store.markSignatureRequested('c1', AT + 2);
    await store.markSignatureRequested('c1', AT + 3);
    expect(await store.flow('c1')).toEqual({ state: flow.state, signatureRequestedAt: AT + 2 });
    expect(await store.flow('c2')).toBeUndefined();
  });

  it('knows a document only by its exact upload to that call, and counts the call’s documents', async () => {
    const { store } = await opened(dialect);
    await store.addDocument('c1', document, 'customer', AT);
    await store.addDocument('c1', { ...document, documentId: 'd2', fileName: undefined }, 'u1', AT);
    expect(await store.documentCount('c1')).toBe(2);
    expect(await store.documentCount('c2')).toBe(0);
    expect(await store.hasDocument('c1', document)).toBe(true);
    expect(await store.hasDocument('c2', document)).toBe(false);
    expect(await store.hasDocument('c1', { ...document, sha256: 'b'.repeat(64) })).toBe(false);
    expect(await store.hasDocument('c1', { ...document, byteLength: 1235 })).toBe(false);
    expect(await store.hasDocument('c1', { ...document, mediaType: 'image/png' })).toBe(false);
  });

  it('gives back the signature’s image byte for byte, with its strokes', async () => {
    const { store } = await opened(dialect);
    const every = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256));
    const signature: StoredSignature = {
      summaryHash: 'c'.repeat(64),
      imageSha256: 'd'.repeat(64),
      png: every,
      strokes: [
        [
          { x: 1.5, y: 2.25, t: 1000 },
          { x: 3, y: 4, t: 1030 },
        ],
      ],
      capturedAt: AT,
    };
    await store.saveSignature('c1', signature);
    const read = await store.signature('c1');
    expect(read).toEqual(signature);
    expect(Buffer.isBuffer(read?.png) && read.png.equals(every)).toBe(true);
    expect(await store.signature('c2')).toBeUndefined();
  });

  it('notes the signed record, a record signed again replacing the note', async () => {
    const { store } = await opened(dialect);
    expect(await store.record('c1')).toBeUndefined();
    await store.saveRecord('c1', { outcome: 'completed', file: '/r/c1.pdf', sha256: 'e'.repeat(64), at: AT });
    await store.saveRecord('c1', {
      outcome: 'completed',
      file: '/r/c1.pdf',
      sha256: 'f'.repeat(64),
      at: AT + 1,
    });
    expect(await store.record('c1')).toEqual({ file: '/r/c1.pdf', sha256: 'f'.repeat(64) });
  });

  it('takes a call’s first rating only', async () => {
    const { store } = await opened(dialect);
    expect(await store.rated('c1')).toBe(false);
    expect(await store.rate('c1', 5, '很好', AT)).toBe(true);
    expect(await store.rate('c1', 1, 'again', AT + 1)).toBe(false);
    expect(await store.rated('c1')).toBe(true);
    expect(await store.rated('c2')).toBe(false);
  });

  it('reads the call’s timeline in order, and its latest event of a type under any name it was stored as', async () => {
    const { kysely, store } = await opened(dialect);
    const rows = [
      { type: 'service.service_withdrawn', at: 1, data: '{"n":1}' },
      { type: 'service.withdrawn', at: 2, data: '{"n":2}' },
      { type: 'face.check.passed', at: 3, data: '{"checkId":"f1"}' },
      { type: 'service.service_withdrawn', at: 4, data: '{"n":3}' },
    ];
    for (const row of rows) {
      await kysely
        .insertInto('call_events')
        .values({ call_id: 'c1', ticket_id: 't1', actor: 'system', ...row })
        .execute();
    }
    const events = await store.events('c1');
    expect(events.map((e) => [e.at, e.type])).toEqual([
      [1, 'service.withdrawn'],
      [2, 'service.withdrawn'],
      [3, 'face.check.passed'],
      [4, 'service.withdrawn'],
    ]);
    expect(await store.latestEvent('c1', 'service.withdrawn')).toEqual({
      at: 4,
      actor: 'system',
      type: 'service.withdrawn',
      data: { n: 3 },
    });
    expect(await store.latestEvent('c1', 'service.completed')).toBeUndefined();
    expect(await store.latestEvent('c2', 'face.check.passed')).toBeUndefined();
  });

  it('holds the flow only inside a transaction', async () => {
    const { store } = await opened(dialect);
    await expect(store.lockedFlow(FlowDriver.start('surrender', 'c1').state, AT)).rejects.toThrow(
      /transaction/,
    );
  });

  it.each(['stored', 'not stored yet'])(
    'holds a call’s flow (%s) for one transaction at a time: the next reads what the first wrote',
    async (stored) => {
      const { kysely } = await opened(dialect);
      if (stored === 'stored') await new ServiceStore(kysely).saveFlow(START.state, AT);
      expect(await secondReadAfterFirstWrote(kysely, kysely)).toEqual(PUSHED.state);
    },
  );
});

describe('ServiceStore, two nodes on one PostgreSQL database', () => {
  it.each(['stored', 'not stored yet'])(
    'a flow (%s) one node holds is read by the other only once the first has written it',
    async (stored) => {
      const url = await databases.freshPostgres();
      const one = (await databases.open('postgres', url)).kysely;
      const two = (await databases.open('postgres', url)).kysely;
      await seedCall(one);
      if (stored === 'stored') await new ServiceStore(one).saveFlow(START.state, AT);
      expect(await secondReadAfterFirstWrote(one, two)).toEqual(PUSHED.state);
    },
  );
});

const START = FlowDriver.start('surrender', 'c1');
const PUSHED = FlowDriver.start('surrender', 'c1');
PUSHED.do(TELLER, { type: 'push_step', stepId: 'policy' });

/**
 * The first transaction holds c1's flow and writes PUSHED after a while; the
 * second, started meanwhile through `second`, asks to hold it too. Answers
 * what the second read, after checking it read nothing while the first held.
 */
async function secondReadAfterFirstWrote(first: Kysely<Schema>, second: Kysely<Schema>): Promise<unknown> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding!: () => void;
  const firstHolds = new Promise<void>((resolve) => (holding = resolve));
  const writer = inTransaction(first, async (trx) => {
    await new ServiceStore(trx).lockedFlow(START.state, AT);
    holding();
    await released;
    await new ServiceStore(trx).saveFlow(PUSHED.state, AT + 1);
  });
  await firstHolds;
  let read: unknown;
  const reader = inTransaction(second, async (trx) => {
    read = (await new ServiceStore(trx).lockedFlow(START.state, AT + 2)).state;
  });
  await sleep(300);
  const readWhileHeld = read;
  release();
  await Promise.all([writer, reader]);
  expect(readWhileHeld).toBeUndefined();
  return read;
}
