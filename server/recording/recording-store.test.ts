import { describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import type { DialectName } from '../platform/database/dialect.js';
import { RecordingStore, type RecordingRow } from './recording-store.js';

const databases = databasesPerTest();

const at = (s: number) => 1_700_000_000_000 + s * 1000;

/** A recording row refers to its call, which refers to its ticket. */
async function store(
  dialect: DialectName,
  callIds: string[],
  nodeOf: (callId: string) => string | null = () => null,
) {
  const { kysely } = await databases.open(dialect);
  await kysely
    .insertInto('tickets')
    .values({
      id: 'k1',
      full_name: 'Customer',
      id_type: 'passport',
      id_number: 'P1',
      phone: '+86 138 0000 0000',
      service_id: 'consultation',
      language: 'cmn',
      ui_locale: 'zh-CN',
      status: 'ended',
      joined_at: 1,
      consent_at: 1,
    })
    .execute();
  await kysely
    .insertInto('calls')
    .values(
      callIds.map((id) => ({
        id,
        ticket_id: 'k1',
        service_id: 'consultation',
        started_at: 1,
        node_id: nodeOf(id),
      })),
    )
    .execute();
  return new RecordingStore(kysely);
}

const row = (callId: string, changes: Partial<RecordingRow> = {}): RecordingRow => ({
  callId,
  folder: `/recordings/2026-11-02/${callId}`,
  startedAt: at(0),
  status: 'recording',
  endedAt: null,
  manifestSha256: null,
  purgedAt: null,
  ...changes,
});

describe.each(DIALECTS)('RecordingStore on %s', (dialect) => {
  it('keeps a recording from its start to how it ended, closing it once', async () => {
    const recordings = await store(dialect, ['c1']);
    await recordings.started('c1', row('c1').folder, at(0));
    expect(await recordings.get('c1')).toEqual(row('c1'));
    expect(await recordings.get('c2')).toBeUndefined();
    await recordings.finished('c1', 'complete', 'a'.repeat(64), at(90));
    // Closed already: a later close (a restart's recovery) changes nothing.
    await recordings.finished('c1', 'interrupted', 'b'.repeat(64), at(95));
    expect(await recordings.get('c1')).toEqual(
      row('c1', { status: 'complete', manifestSha256: 'a'.repeat(64), endedAt: at(90) }),
    );
  });

  it('lists as left open only the recordings of the asking node’s calls', async () => {
    const recordings = await store(dialect, ['c1', 'c2', 'c3'], (id) => ({ c1: 'n1', c2: 'n2' })[id] ?? null);
    for (const id of ['c1', 'c2', 'c3']) await recordings.started(id, row(id).folder, at(10));
    expect((await recordings.unfinished('n1')).map((r) => r.callId).sort()).toEqual(['c1', 'c3']);
    expect((await recordings.unfinished('n2')).map((r) => r.callId).sort()).toEqual(['c2', 'c3']);
  });

  it('lists the recordings a crash left open, and the finished ones due for retention, oldest first', async () => {
    const recordings = await store(dialect, ['c1', 'c2', 'c3', 'c4']);
    await recordings.started('c3', row('c3').folder, at(30));
    await recordings.started('c1', row('c1').folder, at(10));
    await recordings.started('c2', row('c2').folder, at(20));
    await recordings.started('c4', row('c4').folder, at(40));
    await recordings.finished('c3', 'complete', 'c'.repeat(64), at(35));
    await recordings.finished('c1', 'interrupted', 'd'.repeat(64), at(15));
    expect((await recordings.unfinished('node-1')).map((r) => r.callId)).toEqual(['c2', 'c4']);
    expect((await recordings.finishedBefore(at(30))).map((r) => r.callId)).toEqual(['c1']);
    expect((await recordings.finishedBefore(at(31))).map((r) => r.callId)).toEqual(['c1', 'c3']);
    await recordings.purged('c1', at(1000));
    expect(await recordings.get('c1')).toMatchObject({
      status: 'purged',
      purgedAt: at(1000),
      manifestSha256: 'd'.repeat(64),
    });
    expect((await recordings.finishedBefore(at(31))).map((r) => r.callId)).toEqual(['c3']);
  });
});
