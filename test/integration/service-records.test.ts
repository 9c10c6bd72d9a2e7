import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_VALUES } from '../../shared/catalog/example-values.js';
import { ask, createTicket, httpRequest, login, request } from '../support/clients.js';
import type { ServiceId } from '../../shared/catalog/services.js';
import {
  binaryRequest,
  completeContactChange,
  jsonOf,
  messageId,
  runStep,
  serviceCall,
} from '../support/service-client.js';
import { serverPerTest } from '../support/server-per-test.js';

const context = serverPerTest();
const { sockets } = context;

const callFor = (serviceId: ServiceId) => serviceCall(context.server, serviceId, sockets);

const download = (callId: string, authorization?: string) =>
  binaryRequest(context.server, 'GET', `/api/calls/${callId}/record.pdf`, {
    headers: authorization ? { authorization } : {},
  });

/** Completes the service and ends the call: a recorded call's record is signed then, with the manifest's hash. */
const completeAndHangUp = async (call: Awaited<ReturnType<typeof callFor>>) => {
  await completeContactChange(call);
  await request(call.teller, 'call:hangUp', { callId: call.callId });
};

/** POST /api/records/verify as a signed-in auditor, or as nobody. */
const verify = async (pdf: Buffer, as: string | null = 'auditor1') =>
  binaryRequest(context.server, 'POST', '/api/records/verify', {
    body: pdf,
    headers: {
      'content-type': 'application/pdf',
      ...(as && { authorization: `Bearer ${(await login(context.server, as)).token}` }),
    },
  });

describe('the service record over HTTP', () => {
  it('lets the call’s customer, its teller, supervisors and auditors download it; anyone else gets 403, logged', async () => {
    const call = await callFor('contact-change');
    await completeAndHangUp(call);
    const bearer = async (username: string) => `Bearer ${(await login(context.server, username)).token}`;

    expect((await download(call.callId, `Bearer ${call.ticketToken}`)).status).toBe(200);
    expect((await download(call.callId, await bearer('teller1'))).status).toBe(200);
    expect((await download(call.callId, await bearer('supervisor1'))).status).toBe(200);
    expect((await download(call.callId, await bearer('auditor1'))).status).toBe(200);
    expect((await download(call.callId)).status).toBe(401);

    const stranger = await createTicket(context.server);
    const refused = await download(call.callId, `Bearer ${stranger.ticketToken}`);
    expect(refused.status).toBe(403);
    expect(jsonOf(refused.body)).toMatchObject({ error: { code: 'forbidden' } });
    expect((await download(call.callId, await bearer('teller2'))).status).toBe(403);
    expect((await download(call.callId, await bearer('admin1'))).status).toBe(403);
    const denials = context.server.db
      .prepare("SELECT actor FROM call_events WHERE call_id = ? AND type = 'record.access_denied'")
      .all(call.callId) as { actor: string }[];
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
    const pdf = (await download(call.callId, `Bearer ${call.ticketToken}`)).body;
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
  });
});
