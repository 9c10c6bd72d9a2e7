import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditCallDetail, AuditCallRow, AuditVerifyResult } from '../../shared/contracts/auditor.js';
import { httpRequest, login, request, staffHeaders } from '../support/clients.js';
import { recordedCall } from '../support/recorded-call-fixture.js';
import { serverPerTest } from '../support/server-per-test.js';
import { completeContactChange, serviceCall } from '../support/service-client.js';
import { closedRecording, sendIntoCall, tellerKeyOf } from '../support/call-media.js';
import { waitFor } from '../support/wait.js';
import { dropAppendOnly } from '../support/tamper.js';

const context = serverPerTest();

async function as(username: string) {
  const headers = staffHeaders((await login(context.server, username)).token);
  return {
    get: <T>(path: string) => httpRequest<T>(context.server, 'GET', path, { headers }),
    post: <T>(path: string, json: unknown = {}) =>
      httpRequest<T>(context.server, 'POST', path, { headers, json }),
  };
}

const actions = (action: string) =>
  context.server.kysely
    .selectFrom('audit_log')
    .select(['actor_username as actor', 'target', 'details'])
    .where('action', '=', action)
    .orderBy('seq')
    .execute();

/** The call's signed record as stored, once there is one. */
const recordOf = (callId: string) =>
  context.server.kysely
    .selectFrom('service_records')
    .select('file')
    .where('call_id', '=', callId)
    .executeTakeFirst();

const DAY = 86_400_000;

describe('the auditor’s call search', () => {
  it('filters by the institution’s day, teller, service, customer name part or whole ID, and masks the customer', async () => {
    // 23:30 on 1 March in Shanghai (the default time zone), already 2 March nowhere west of UTC+8.
    const march1 = Date.UTC(2026, 2, 1, 15, 30);
    const a = await recordedCall(context.server, {
      startedAt: march1,
      customer: { fullName: 'Chan Tai Man', idType: 'passport', idNumber: 'E1234567' },
    });
    const b = await recordedCall(context.server, {
      startedAt: march1 + DAY,
      serviceId: 'policy-loan',
      tellerUsername: 'teller2',
    });
    const c = await recordedCall(context.server, { startedAt: march1 + 4 * DAY });
    const auditor = await as('auditor1');
    const ids = async (query: string) => {
      const res = await auditor.get<{ calls: AuditCallRow[] }>(`/api/audit/calls?${query}`);
      expect(res.status).toBe(200);
      return res.body.calls.map((r) => r.callId);
    };

    expect(await ids('')).toEqual([c.callId, b.callId, a.callId]);
    expect(await ids('from=2026-03-01&to=2026-03-02')).toEqual([b.callId, a.callId]);
    expect(await ids('from=2026-03-02')).toEqual([c.callId, b.callId]);
    expect(await ids('to=2026-03-01')).toEqual([a.callId]);
    expect(await ids('teller=TELLER2')).toEqual([b.callId]);
    expect(await ids('teller=one')).toEqual([c.callId, a.callId]);
    expect(await ids('serviceId=policy-loan')).toEqual([b.callId]);
    expect(await ids('customer=tai')).toEqual([a.callId]);
    expect(await ids('customer=e1234567')).toEqual([a.callId]);
    expect(await ids('customer=1234')).toEqual([]);
    expect(await ids('customer=%25')).toEqual([]);
    expect(await ids('limit=1')).toEqual([c.callId]);

    const rows = (await auditor.get<{ calls: AuditCallRow[] }>('/api/audit/calls?to=2026-03-02')).body.calls;
    expect(rows).toEqual([
      {
        callId: b.callId,
        startedAt: march1 + DAY,
        endedAt: march1 + DAY + 6_000,
        serviceId: 'policy-loan',
        tellers: [{ username: 'teller2', displayName: 'Teller Two 柜员二' }],
        customerNameMasked: '王**',
        customerIdMasked: '**************002X',
        highRisk: true,
        auditStatus: 'pending',
        recordingStatus: 'complete',
        // The fixture's call has no service event: it ended before its service.
        outcome: expect.objectContaining({ service: 'not_completed', notCompletedBecause: 'call_ended' }),
      },
      expect.objectContaining({
        callId: a.callId,
        customerNameMasked: 'C*** T** M**',
        customerIdMasked: '****4567',
        highRisk: false,
        auditStatus: 'not_required',
      }),
    ]);
    expect(JSON.stringify(rows)).not.toMatch(/Chan|E1234567|11010519491231002X/);
    // Three recorded calls, their media made with FFmpeg on a loaded machine.
  }, 120_000);

  it('refuses a malformed search with stable codes, and anyone but auditors and supervisors', async () => {
    const auditor = await as('auditor1');
    const bad = await auditor.get<{ error: { code: string; issues: { path: string; code: string }[] } }>(
      '/api/audit/calls?from=2026-3-1',
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({
      code: 'invalid_payload',
      issues: [{ path: 'from', code: 'invalid_date' }],
    });
    const reversed = await auditor.get<{ error: { issues: { code: string }[] } }>(
      '/api/audit/calls?from=2026-03-02&to=2026-03-01',
    );
    expect(reversed.body.error.issues).toEqual([
      expect.objectContaining({ path: 'to', code: 'range_reversed' }),
    ]);
    expect((await (await as('supervisor1')).get('/api/audit/calls')).status).toBe(200);
    expect((await (await as('teller1')).get('/api/audit/calls')).status).toBe(403);
    expect((await httpRequest(context.server, 'GET', '/api/audit/calls')).status).toBe(401);
  });
});

describe('an audited call', () => {
  it('opens with both sides’ tracks, the labelled timeline and no record; opening is logged', async () => {
    const call = await recordedCall(context.server, { seconds: 4 });
    const res = await (await as('auditor1')).get<AuditCallDetail>(`/api/audit/calls/${call.callId}`);
    expect(res.status).toBe(200);
    const detail = res.body;
    expect(detail).toMatchObject({
      callId: call.callId,
      recordingStatus: 'complete',
      recordUrl: null,
      decision: null,
      recording: { manifestSha256: call.manifestSha256, interrupted: false },
    });
    const tracks = detail.recording!.tracks.map((t) => [t.role, t.kind, t.segments[0]!.url]);
    expect(tracks).toEqual([
      ['customer', 'video', `/api/recordings/${call.callId}/customer-video-01.webm`],
      ['customer', 'audio', `/api/recordings/${call.callId}/customer-audio-01.webm`],
      ['teller', 'video', expect.stringMatching(/teller_.*-video-01\.webm$/)],
      ['teller', 'audio', expect.stringMatching(/teller_.*-audio-01\.webm$/)],
    ]);
    const customerVideo = detail.recording!.tracks[0]!;
    // Masked as in the list.
    expect(customerVideo.displayName).toBe('王**');
    // ffprobe's length of the 4 s file, and where it starts in the call.
    expect(customerVideo.segments[0]).toMatchObject({ codec: 'video/VP8', startOffsetMs: 200 });
    expect(customerVideo.segments[0]!.durationMs).toBeGreaterThan(3_800);
    expect(detail.events).toEqual([
      {
        offsetMs: 0,
        type: 'call.started',
        actor: { kind: 'staff', name: 'teller1' },
        facts: {},
      },
      {
        offsetMs: 2_000,
        type: 'service.step_confirmed',
        actor: { kind: 'staff', name: 'teller1' },
        facts: { step: { 'zh-CN': '咨询内容', en: 'Question' } },
      },
      {
        offsetMs: 3_500,
        type: 'call.ended',
        actor: { kind: 'customer' },
        // A manifest's reason this version does not name is left out, never shown raw.
        facts: {},
      },
    ]);
    expect(detail.durationMs).toBeGreaterThanOrEqual(4_000);
    expect(await actions('audit.call_opened')).toEqual([
      { actor: 'auditor1', target: call.callId, details: JSON.stringify({ recordingStatus: 'complete' }) },
    ]);
    expect((await (await as('auditor1')).get('/api/audit/calls/nope')).status).toBe(404);
  });

  it('opens and verifies a call stored before service.completed was renamed, its bytes untouched', async () => {
    // As the earlier version wrote them: the doubled name in the rows and in the sealed manifest.
    const startedAt = Date.now() - 60_000;
    const call = await recordedCall(context.server, {
      startedAt,
      events: [
        { at: startedAt, type: 'call.started', actor: 'system' },
        {
          at: startedAt + 5_000,
          type: 'service.service_completed',
          actor: 'system',
          data: { serviceId: 'consultation' },
        },
      ],
    });
    await context.server.kysely
      .insertInto('call_events')
      .values({
        call_id: call.callId,
        at: call.startedAt + 5_000,
        actor: 'system',
        type: 'service.service_completed',
        data: '{}',
      })
      .execute();
    const manifestFile = path.join(call.folder, 'manifest.json');
    const before = fs.readFileSync(manifestFile);
    const auditor = await as('auditor1');

    const detail = (await auditor.get<AuditCallDetail>(`/api/audit/calls/${call.callId}`)).body;
    expect(detail.events[1]).toEqual({
      offsetMs: 5_000,
      type: 'service.completed',
      actor: { kind: 'system' },
      facts: {},
    });
    const verified = await auditor.post<AuditVerifyResult>(`/api/audit/calls/${call.callId}/verify`);
    expect(verified.body).toMatchObject({ ok: true, files: { ok: true, mismatches: [] } });

    expect(fs.readFileSync(manifestFile).equals(before)).toBe(true);
    expect(createHash('sha256').update(before).digest('hex')).toBe(call.manifestSha256);
    const kysely = context.server.kysely;
    expect(
      await kysely
        .selectFrom('recordings')
        .select('manifest_sha256 as sha')
        .where('call_id', '=', call.callId)
        .executeTakeFirst(),
    ).toEqual({ sha: call.manifestSha256 });
    expect(
      await kysely.selectFrom('call_events').select('type').where('call_id', '=', call.callId).execute(),
    ).toEqual([{ type: 'service.service_completed' }]);
  });

  it('verifies an untouched call, names a changed file, then fails the chain after an edited row', async () => {
    // A real recorded call: both sides send media for a few seconds; the record is signed at its end.
    const live = await serviceCall(context.server, 'contact-change', context.sockets);
    const senders = await Promise.all(
      ['customer', await tellerKeyOf(context.server.kysely, live.callId)].map((key) =>
        sendIntoCall(context.server, live.callId, key),
      ),
    );
    try {
      await completeContactChange(live);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await request(live.teller, 'call:hangUp', { callId: live.callId });
    } finally {
      await Promise.all(senders.map((s) => s.stop()));
    }
    const { row, manifest } = await closedRecording(context.server.kysely, live.callId);
    await waitFor(async () => !!(await recordOf(live.callId)));
    const call = { callId: live.callId };
    const auditor = await as('auditor1');
    const verify = () => auditor.post<AuditVerifyResult>(`/api/audit/calls/${call.callId}/verify`);

    const clean = await verify();
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({
      ok: true,
      files: { ok: true, mismatches: [] },
      record: { ok: true, finding: { code: 'record_ok', level: 'PAdES-B-B', namesManifest: true } },
      chain: { ok: true, firstBroken: null },
    });
    expect(clean.body.files?.finding).toEqual({ code: 'files_ok', total: 4 });
    // The teller's confirmations and the recording are in the chain too.
    expect((await actions('service.step_confirmed')).map((r) => [r.actor, r.target])).toEqual([
      ['teller1', call.callId],
      ['teller1', call.callId],
    ]);

    // Record downloads, and a refused one, are staff actions in the chain.
    const pdf = `/api/calls/${call.callId}/record.pdf`;
    expect((await auditor.get(pdf)).status).toBe(200);
    expect((await (await as('teller2')).get(pdf)).status).toBe(403);
    expect((await actions('record.downloaded')).map((r) => [r.actor, r.target])).toEqual([
      ['auditor1', call.callId],
    ]);
    expect((await actions('record.access_denied')).map((r) => [r.actor, r.target])).toEqual([
      ['teller2', call.callId],
    ]);

    const name = manifest.tracks
      .filter((t) => t.participantKey.startsWith('teller:') && t.kind === 'video')
      .flatMap((t) => t.segments)[0]!.file;
    const file = path.join(row.folder, name);
    const bytes = fs.readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
    fs.writeFileSync(file, bytes);
    const tampered = await verify();
    expect(tampered.body).toMatchObject({
      ok: false,
      files: { ok: false, mismatches: [{ file: name, problem: 'hash_mismatch' }] },
      record: { ok: true },
      chain: { ok: true },
    });
    expect(tampered.body.files?.finding).toEqual({ code: 'files_mismatch', count: 1, total: 4 });

    const db = context.server.kysely;
    await dropAppendOnly(db, 'audit_log', 'update');
    await db.updateTable('audit_log').set({ actor_username: 'someone' }).where('seq', '=', 2).execute();
    const broken = await verify();
    expect(broken.body).toMatchObject({ ok: false, chain: { ok: false, firstBroken: 2 } });
    expect(broken.body.chain.finding).toEqual({ code: 'chain_broken', seq: 2, reason: 'hash_mismatch' });
    expect(
      (await actions('audit.call_verified')).map((r) => JSON.parse(r.details) as { ok: boolean }),
    ).toEqual([
      expect.objectContaining({ ok: true }),
      expect.objectContaining({ ok: false, mismatches: [`${name}:hash_mismatch`] }),
      expect.objectContaining({ ok: false, chain: false, firstBroken: 2 }),
    ]);
  });

  it('names a record bound to another recording, an edited manifest, and a record file that was replaced', async () => {
    const live = await serviceCall(context.server, 'contact-change', context.sockets);
    await completeContactChange(live);
    await request(live.teller, 'call:hangUp', { callId: live.callId });
    await waitFor(async () => !!(await recordOf(live.callId)));
    // Another recording put in the call's place: the signed record names the one the call had.
    const call = await recordedCall(context.server, { callId: live.callId });
    const supervisor = await as('supervisor1');
    const verify = () => supervisor.post<AuditVerifyResult>(`/api/audit/calls/${call.callId}/verify`);
    expect((await verify()).body).toMatchObject({
      ok: false,
      files: { ok: true },
      record: {
        ok: false,
        finding: { code: 'record_names_other_manifest', named: expect.stringMatching(/^[0-9a-f]{64}$/) },
      },
    });
    const manifestFile = `${call.folder}/manifest.json`;
    fs.writeFileSync(
      manifestFile,
      fs.readFileSync(manifestFile, 'utf8').replace('"durationMs": ', '"durationMs":  '),
    );
    const record = (await recordOf(call.callId))!;
    fs.appendFileSync(record.file, '%% appended after signing\n');
    const res = await verify();
    expect(res.body).toMatchObject({
      ok: false,
      files: { ok: false, mismatches: [{ file: 'manifest.json', problem: 'hash_mismatch' }] },
      record: {
        ok: false,
        finding: { code: 'signature_broken', problems: ['not_whole_document'], storedDiffers: true },
      },
      chain: { ok: true },
    });
  });

  it('holds a high-risk call pending until one auditor decides it, once; a rejection needs a comment', async () => {
    const call = await recordedCall(context.server, { serviceId: 'policy-loan' });
    const auditor = await as('auditor1');
    const status = async () =>
      (await auditor.get<AuditCallDetail>(`/api/audit/calls/${call.callId}`)).body.auditStatus;
    const decide = (body: unknown, who = auditor) =>
      who.post<{ error?: { code: string; issues?: { code: string }[] } }>(
        `/api/audit/calls/${call.callId}/decision`,
        body,
      );
    expect(await status()).toBe('pending');

    const bare = await decide({ decision: 'rejected', comment: '   ' });
    expect(bare.status).toBe(400);
    expect(bare.body.error).toMatchObject({
      code: 'invalid_payload',
      issues: [{ code: 'comment_required' }],
    });
    expect((await decide({ decision: 'maybe' })).status).toBe(400);
    expect((await decide({ decision: 'approved' }, await as('supervisor1'))).status).toBe(403);
    expect(await status()).toBe('pending');

    // The loan was never completed: approving it must be confirmed as such.
    const unconfirmed = await decide({ decision: 'approved' });
    expect(unconfirmed.status).toBe(409);
    expect(unconfirmed.body.error).toMatchObject({ code: 'invalid_state' });
    const rejected = await decide({ decision: 'rejected', comment: 'Loan terms read too fast' });
    expect(rejected.status).toBe(201);
    expect(rejected.body).toMatchObject({
      decision: 'rejected',
      comment: 'Loan terms read too fast',
      by: 'auditor1',
    });
    const again = await decide({ decision: 'approved' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'conflict' });
    expect(await status()).toBe('rejected');
    const detail = (await auditor.get<AuditCallDetail>(`/api/audit/calls/${call.callId}`)).body;
    // What the auditor was shown (here the server's own view, as no page sent one) is kept with the decision.
    const seenOutcome = {
      service: 'not_completed',
      notCompletedBecause: 'call_ended',
      endReason: detail.outcome.endReason,
      face: 'not_done',
      transfers: 0,
      recordingFailures: 0,
    };
    expect(detail.outcome).toEqual(seenOutcome);
    expect(detail.decision).toMatchObject({ decision: 'rejected', by: 'auditor1', seenOutcome });
    expect(
      (await actions('audit.decided')).map((r) => ({ ...r, details: JSON.parse(r.details) as unknown })),
    ).toEqual([
      {
        actor: 'auditor1',
        target: call.callId,
        details: {
          comment: 'Loan terms read too fast',
          decision: 'rejected',
          problemsConfirmed: false,
          seenOutcome,
        },
      },
    ]);
  });
});
