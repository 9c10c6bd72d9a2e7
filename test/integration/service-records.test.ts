import { pngBomb } from '../support/image-bombs.js';
import { MAX_DOCUMENTS_PER_CALL } from '../../server/service/document-intake.js';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_VALUES } from '../../shared/catalog/example-values.js';
import {
  ask,
  createTicket,
  httpRequest,
  login,
  request,
  staffHeaders,
  type TestSocket,
} from '../support/clients.js';
import type { ServiceId } from '../../shared/catalog/services.js';
import {
  binaryRequest,
  completeContactChange,
  jsonOf,
  messageId,
  runStep,
  serviceCall,
  signSummary,
} from '../support/service-client.js';
import { serverPerTest } from '../support/server-per-test.js';
import { waitFor } from '../support/wait.js';
import { CALL_EVENT_EXAMPLES } from '../support/call-event-examples.js';
import { TimelineStore } from '../../server/call/timeline-store.js';
import { renderingReport } from '../../server/service/record/record-test-kit.js';

const context = serverPerTest();
const { sockets } = context;

const callFor = (serviceId: ServiceId) => serviceCall(context.server, serviceId, sockets);

const download = (callId: string, headers: Record<string, string> = {}) =>
  binaryRequest(context.server, 'GET', `/api/calls/${callId}/record.pdf`, { headers });
/** A customer's credentials: its ticket token. */
const asTicket = (ticketToken: string) => ({ authorization: `Bearer ${ticketToken}` });

/** Ends the call: its record is signed, with the manifest's hash, once the recording is finished (after the answer). */
const hangUpAndAwaitRecord = async (call: { teller: TestSocket; callId: string }) => {
  await request(call.teller, 'call:hangUp', { callId: call.callId });
  await waitFor(async () => {
    const record = await context.server.kysely
      .selectFrom('service_records')
      .select('call_id')
      .where('call_id', '=', call.callId)
      .executeTakeFirst();
    return record !== undefined;
  }, 20_000);
};

/** Completes the service and ends the call, once its record is signed. */
const completeAndHangUp = async (call: Awaited<ReturnType<typeof callFor>>) => {
  await completeContactChange(call);
  await hangUpAndAwaitRecord(call);
};

/** POST /api/records/verify as a signed-in auditor, or as nobody. */
const verify = async (pdf: Buffer, as: string | null = 'auditor1') =>
  binaryRequest(context.server, 'POST', '/api/records/verify', {
    body: pdf,
    headers: {
      'content-type': 'application/pdf',
      ...(as && staffHeaders((await login(context.server, as)).token)),
    },
  });

describe('the service record over HTTP', () => {
  it('lets the call’s customer, its teller, supervisors and auditors download it; anyone else gets 403, logged', async () => {
    const call = await callFor('contact-change');
    await completeAndHangUp(call);
    const asStaff = async (username: string) => staffHeaders((await login(context.server, username)).token);

    expect((await download(call.callId, asTicket(call.ticketToken))).status).toBe(200);
    expect((await download(call.callId, await asStaff('teller1'))).status).toBe(200);
    expect((await download(call.callId, await asStaff('supervisor1'))).status).toBe(200);
    expect((await download(call.callId, await asStaff('auditor1'))).status).toBe(200);
    expect((await download(call.callId)).status).toBe(401);

    const stranger = await createTicket(context.server);
    const refused = await download(call.callId, asTicket(stranger.ticketToken));
    expect(refused.status).toBe(403);
    expect(jsonOf(refused.body)).toMatchObject({ error: { code: 'forbidden' } });
    expect((await download(call.callId, await asStaff('teller2'))).status).toBe(403);
    expect((await download(call.callId, await asStaff('admin1'))).status).toBe(403);
    const denials = await context.server.kysely
      .selectFrom('call_events')
      .select('actor')
      .where('call_id', '=', call.callId)
      .where('type', '=', 'record.access_denied')
      .orderBy('seq')
      .execute();
    expect(denials).toHaveLength(3);
    expect(denials[0]!.actor).toBe(`ticket:${stranger.ticket.ticketId}`);

    // Rating over HTTP too, for a page whose socket went with the call.
    const rate = (token: string, body: unknown) =>
      httpRequest(context.server, 'POST', `/api/calls/${call.callId}/rating`, {
        json: body,
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await rate(stranger.ticketToken, { score: 5 })).status).toBe(403);
    expect((await rate(call.ticketToken, { score: 6 })).status).toBe(400);
    expect((await rate(call.ticketToken, { score: 3, comment: '还行' })).status).toBe(204);
    expect((await rate(call.ticketToken, { score: 3 })).status).toBe(409);
  });

  it('is a signed PDF that qpdf, pdfsig and the verify endpoint accept, and one flipped byte is caught', async () => {
    const call = await callFor('contact-change');
    await completeAndHangUp(call);
    const pdf = (await download(call.callId, asTicket(call.ticketToken))).body;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-record-'));
    const file = path.join(dir, 'record.pdf');
    fs.writeFileSync(file, pdf);
    expect(spawnSync('qpdf', ['--check', file]).status).toBe(0);
    expect(execFileSync('pdfsig', [file], { encoding: 'utf8' })).toContain('Signature is Valid');
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('王小明');

    const report = await verify(pdf);
    expect(report.status).toBe(200);
    // Signed by the development identity, whose CA is a trust anchor outside production.
    expect(jsonOf(report.body)).toMatchObject({
      ok: true,
      trusted: true,
      intact: true,
      signed: true,
      valid: true,
      modifiedAfterSigning: false,
    });
    expect((await verify(pdf, null)).status).toBe(401);

    // A byte inside the signed range (in the first part, before the signature's contents).
    const tampered = Buffer.from(pdf);
    tampered[200] = tampered[200]! ^ 0x01;
    expect(jsonOf((await verify(tampered)).body)).toMatchObject({ ok: false, intact: false, valid: false });
    fs.writeFileSync(file, tampered);
    expect(spawnSync('pdfsig', [file], { encoding: 'utf8' }).stdout).not.toContain('Signature is Valid');
    const unreadable = await verify(Buffer.from('hello, not a pdf'));
    expect(unreadable.status).toBe(400);
    expect(jsonOf(unreadable.body)).toMatchObject({ error: { code: 'record_unreadable' } });
  });

  const teller1Id = async () =>
    (
      await context.server.kysely
        .selectFrom('users')
        .select('id')
        .where('username', '=', 'teller1')
        .executeTakeFirstOrThrow()
    ).id;

  it('renders a high-risk service’s record on every page: its Chinese drawn as the font draws it, events in words', async () => {
    const call = await callFor('bank-authorization-change');
    const { callId } = call;
    const values = EXAMPLE_VALUES['bank-authorization-change'];
    await runStep(call, 'policy', values.policy);
    await runStep(call, 'new-account', values['new-account']);
    const tellerId = await teller1Id();
    // The face check's stored result, as the face feature writes it (face-check.test.ts runs the engine).
    await new TimelineStore(context.server.kysely).append({
      callId,
      ticketId: call.tellerCall.ticketId,
      at: Date.now(),
      actor: 'system',
      type: 'face.check.passed',
      data: {
        ...CALL_EVENT_EXAMPLES['face.check.failed'],
        outcome: 'pass',
        distance: 0.32444500470589893,
        score: 0.32444500470589893,
        threshold: 0.42,
        reasons: [],
        // Against the teller's photo: a high-risk service rests only on a staff-provided one.
        referenceSource: 'teller',
        referenceUploadedBy: tellerId,
      },
    });
    // The summary is shown for signing once the check has passed.
    await signSummary(call);
    await request(call.teller, 'service:complete', { callId, messageId: messageId() });
    await hangUpAndAwaitRecord(call);
    const pdf = (await download(callId, asTicket(call.ticketToken))).body;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'skyteller-record-')), 'record.pdf');
    fs.writeFileSync(file, pdf);

    const report = await renderingReport(file);
    expect(report.glyphs.problems).toEqual([]);
    expect(report.glyphs.checked).toBeGreaterThan(60);
    for (const renderer of report.renderers) {
      expect(renderer.errors).toBe('');
      expect(renderer.pagesWithInk).toBe(renderer.pages);
      expect(renderer.pages).toBeGreaterThanOrEqual(3);
    }
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    expect(text).toContain('王小明');
    expect(text).toContain('Teller One 柜员一');
    expect(text).toContain('人脸核验通过，相似距离 0.32（通过线 0.42）');
    expect(text).toContain('通话结束：柜员挂断');
    // No event codes or raw reasons, no staff ids.
    expect(text).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    // The reference's uploader too is named, never given by id.
    expect(text).toContain('柜员上传 Teller’s upload');
    expect(text).not.toContain(tellerId);
    expect(execFileSync('pdfsig', [file], { encoding: 'utf8' })).toContain('Signature is Valid');
  });

  it('takes a claim document judged by its content, not its name, and refuses a made-up reference', async () => {
    const call = await callFor('claim-report');
    const { callId } = call;
    const values = EXAMPLE_VALUES['claim-report'];
    const upload = (body: Buffer, authorization: string) =>
      binaryRequest(context.server, 'POST', `/api/calls/${callId}/documents`, {
        body,
        headers: { authorization, 'content-type': 'application/octet-stream', 'x-file-name': 'scan.pdf' },
      });
    const customer = `Bearer ${call.ticketToken}`;
    const fake = await upload(Buffer.from('MZ this is an executable named scan.pdf'), customer);
    expect(fake.status).toBe(415);
    expect(jsonOf(fake.body)).toMatchObject({
      error: { code: 'document_rejected', issues: [{ code: 'document_type_not_allowed' }] },
    });
    const stranger = await createTicket(context.server);
    const pdfBytes = Buffer.from('%PDF-1.4\n% a scanned hospital bill\n');
    expect((await upload(pdfBytes, `Bearer ${stranger.ticketToken}`)).status).toBe(403);
    const stored = await upload(pdfBytes, customer);
    expect(stored.status).toBe(201);
    const reference = jsonOf(stored.body);
    expect(reference).toMatchObject({
      mediaType: 'application/pdf',
      byteLength: pdfBytes.length,
      fileName: 'scan.pdf',
    });

    await runStep(call, 'policy', values.policy);
    await runStep(call, 'incident', values.incident);
    await request(call.teller, 'service:push', { callId, messageId: messageId(), stepId: 'documents' });
    const madeUp = await ask(call.customer, 'service:submit', {
      callId,
      messageId: messageId(),
      stepId: 'documents',
      values: values.documents,
    });
    expect(madeUp).toMatchObject({
      ok: false,
      error: { issues: [{ path: 'supportingDocument', code: 'document_unknown' }] },
    });
    const taken = await request(call.customer, 'service:submit', {
      callId,
      messageId: messageId(),
      stepId: 'documents',
      values: { supportingDocument: reference },
    });
    expect(taken.steps.at(-1)?.status).toBe('submitted');

    // A picture declaring 30000×30000, a file name that does not decode, and a 21st document: refused.
    const bomb = await upload(pngBomb(30_000, 30_000), customer);
    expect([bomb.status, jsonOf(bomb.body)]).toMatchObject([413, { error: { code: 'image_dimensions' } }]);
    const badName = await binaryRequest(context.server, 'POST', `/api/calls/${callId}/documents`, {
      body: pdfBytes,
      headers: {
        authorization: customer,
        'content-type': 'application/octet-stream',
        'x-file-name': '%c0%ae',
      },
    });
    expect([badName.status, jsonOf(badName.body)]).toMatchObject([
      400,
      { error: { code: 'invalid_payload' } },
    ]);
    const more = await Promise.all(
      Array.from({ length: MAX_DOCUMENTS_PER_CALL }, () => upload(pdfBytes, customer)),
    );
    expect(more.filter((r) => r.status === 201)).toHaveLength(MAX_DOCUMENTS_PER_CALL - 1);
    const refused = more.find((r) => r.status !== 201)!;
    expect([refused.status, jsonOf(refused.body)]).toMatchObject([
      409,
      { error: { issues: [{ code: 'too_many_documents' }] } },
    ]);
  });
});
