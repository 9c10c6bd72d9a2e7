import type { Kysely } from 'kysely';
import type { CallOutcome } from '../../shared/contracts/auditor.js';
import { describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import type { Schema } from '../platform/database/schema.js';
import { AuditCallStore, type AuditCallFilter } from './audit-calls-store.js';
import { AuditDecisionStore } from './audit-decisions-store.js';

const databases = databasesPerTest();

const ALL: AuditCallFilter = {
  fromMs: null,
  toMs: null,
  teller: null,
  serviceId: null,
  customer: null,
  limit: 50,
};

/** Two tellers, three ended calls (c2 handed from Wendy to Peter), one of them decided. */
async function seed(db: Kysely<Schema>): Promise<void> {
  await db
    .insertInto('users')
    .values([
      {
        id: 'u1',
        username: 'Wendy',
        display_name: 'Wendy_Li 100%',
        role: 'teller',
        password_hash: 'x',
        created_at: 0,
        disabled_at: null,
        locked_at: null,
      },
      {
        id: 'u2',
        username: 'peter',
        display_name: 'Peter Chan',
        role: 'teller',
        password_hash: 'x',
        created_at: 0,
        disabled_at: null,
        locked_at: null,
      },
      {
        id: 'a1',
        username: 'auditor1',
        display_name: 'Auditor',
        role: 'auditor',
        password_hash: 'x',
        created_at: 0,
        disabled_at: null,
        locked_at: null,
      },
    ])
    .execute();
  const ticket = (id: string, fullName: string, idNumber: string) => ({
    id,
    full_name: fullName,
    id_type: 'resident_id',
    id_number: idNumber,
    birth_date: null,
    phone: '13800000000',
    service_id: 'contact-change',
    language: 'cmn',
    ui_locale: 'zh-CN',
    status: 'ended' as const,
    joined_at: 0,
    consent_at: 0,
    closed_at: 1,
    answered_at: null,
    left_reason: null,
  });
  await db
    .insertInto('tickets')
    .values([
      ticket('t1', 'Chan Tai Man', '11010519491231002X'),
      ticket('t2', '王小明', 'E1234567'),
      ticket('t3', 'Lee Siu Ming', 'G7654321'),
    ])
    .execute();
  await db
    .insertInto('calls')
    .values([
      {
        id: 'c1',
        ticket_id: 't1',
        service_id: 'contact-change',
        started_at: 1_000,
        ended_at: 2_000,
        end_reason: 'hangup',
      },
      {
        id: 'c2',
        ticket_id: 't2',
        service_id: 'consultation',
        started_at: 3_000,
        ended_at: 4_000,
        end_reason: 'hangup',
      },
      {
        id: 'c3',
        ticket_id: 't3',
        service_id: 'contact-change',
        started_at: 5_000,
        ended_at: null,
        end_reason: null,
      },
    ])
    .execute();
  await db
    .insertInto('call_tellers')
    .values([
      { call_id: 'c1', teller_id: 'u2', joined_at: 1_000, left_at: 2_000 },
      { call_id: 'c2', teller_id: 'u1', joined_at: 3_000, left_at: 3_500 },
      { call_id: 'c2', teller_id: 'u2', joined_at: 3_500, left_at: 4_000 },
      { call_id: 'c3', teller_id: 'u1', joined_at: 5_000, left_at: null },
    ])
    .execute();
  await db
    .insertInto('call_events')
    .values([
      {
        call_id: 'c2',
        ticket_id: 't2',
        at: 3_200,
        actor: 'system',
        type: 'service.service_completed',
        data: '{"serviceId":"consultation"}',
      },
      { call_id: 'c2', ticket_id: 't2', at: 3_100, actor: 'system', type: 'call.started', data: '{}' },
    ])
    .execute();
  await db
    .insertInto('recordings')
    .values({
      call_id: 'c2',
      folder: 'x',
      started_at: 3_000,
      status: 'complete',
      ended_at: 4_000,
      manifest_sha256: 'ab',
      purged_at: null,
    })
    .execute();
}

describe.each(DIALECTS)('the auditor’s calls on %s', (dialect) => {
  const ids = async (store: AuditCallStore, filter: Partial<AuditCallFilter>) =>
    (await store.search({ ...ALL, ...filter })).map((call) => call.callId);

  it('finds calls newest first by day window, teller, service and customer, ignoring case as SQLite does', async () => {
    const { kysely } = await databases.open(dialect);
    await seed(kysely);
    const store = new AuditCallStore(kysely);
    expect(await ids(store, {})).toEqual(['c3', 'c2', 'c1']);
    expect(await ids(store, { fromMs: 3_000, toMs: 5_000 })).toEqual(['c2']);
    expect(await ids(store, { serviceId: 'contact-change', limit: 1 })).toEqual(['c3']);
    // A teller by the whole username (any case) or part of the display name (any case).
    expect(await ids(store, { teller: 'WENDY' })).toEqual(['c3', 'c2']);
    expect(await ids(store, { teller: 'chan' })).toEqual(['c2', 'c1']);
    expect(await ids(store, { teller: 'wend' })).toEqual(['c3', 'c2']);
    expect(await ids(store, { teller: 'wendy li' })).toEqual([]);
    // LIKE's wildcards in the text are taken literally.
    expect(await ids(store, { teller: 'y_l' })).toEqual(['c3', 'c2']);
    expect(await ids(store, { teller: '_' })).toEqual(['c3', 'c2']);
    expect(await ids(store, { teller: '100%' })).toEqual(['c3', 'c2']);
    expect(await ids(store, { teller: 'i%' })).toEqual([]);
    expect(await ids(store, { teller: 'n_y' })).toEqual([]);
    // A customer by part of the name (any case) or the whole ID number (any case).
    expect(await ids(store, { customer: 'tai' })).toEqual(['c1']);
    expect(await ids(store, { customer: '小明' })).toEqual(['c2']);
    expect(await ids(store, { customer: '11010519491231002x' })).toEqual(['c1']);
    expect(await ids(store, { customer: '1101051949' })).toEqual([]);
  });

  it('tells a call’s tellers in order, its recording, its outcome from the timeline, and its decision', async () => {
    const { kysely } = await databases.open(dialect);
    await seed(kysely);
    const store = new AuditCallStore(kysely);
    const decisions = new AuditDecisionStore(kysely);
    const seenOutcome: CallOutcome = {
      service: 'completed',
      notCompletedBecause: null,
      endReason: 'teller_hung_up',
      face: 'not_done',
      transfers: 1,
      recordingFailures: 0,
    };
    const decision = {
      decision: 'approved' as const,
      comment: 'fine',
      decidedBy: 'a1',
      at: 9_000,
      seenOutcome,
    };
    expect(await decisions.insert('c2', decision)).toBe(true);
    expect(await decisions.insert('c2', { ...decision, decision: 'rejected' })).toBe(false);
    expect(await decisions.get('c2')).toEqual({
      decision: 'approved',
      comment: 'fine',
      by: 'auditor1',
      at: 9_000,
      seenOutcome,
    });
    expect(await decisions.get('c1')).toBeNull();

    const c2 = (await store.find('c2'))!;
    expect(c2).toMatchObject({
      callId: 'c2',
      startedAt: 3_000,
      endedAt: 4_000,
      serviceId: 'consultation',
      tellers: [
        { username: 'Wendy', displayName: 'Wendy_Li 100%' },
        { username: 'peter', displayName: 'Peter Chan' },
      ],
      customerName: '王小明',
      customerIdNumber: 'E1234567',
      recordingStatus: 'complete',
      decision: { decision: 'approved', comment: 'fine', by: 'auditor1', at: 9_000, seenOutcome },
    });
    expect(c2.outcome.service).toBe('completed');
    expect((await store.events('c2')).map((e) => e.type)).toEqual(['call.started', 'service.completed']);
    expect(await store.find('c1')).toMatchObject({ recordingStatus: 'none', decision: null });
    expect(await store.find('nope')).toBeUndefined();
  });
});
