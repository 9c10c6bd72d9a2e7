import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { ChatMessageView } from '../../shared/contracts/chat.js';
import { ask, connect, login, nextEvent, request, staffHeaders } from '../support/clients.js';
import { setUpCall, transferCall } from '../support/call-setup.js';
import { binaryRequest, jsonOf } from '../support/service-client.js';
import { tellerAtDesk } from '../support/staff.js';
import { serverPerTest } from '../support/server-per-test.js';

const context = serverPerTest();
const { sockets } = context;

const HTML = '<img src=x onerror=alert(1)>';

function smallPng(): Buffer {
  const png = new PNG({ width: 8, height: 8 });
  png.data.fill(200);
  return PNG.sync.write(png);
}

const sendFile = (callId: string, bytes: Buffer, headers: Record<string, string>) =>
  binaryRequest(context.server, 'POST', `/api/calls/${callId}/chat/files`, {
    body: bytes,
    headers: { 'content-type': 'application/octet-stream', ...headers },
  });

const chatEvents = (callId: string) =>
  context.server.kysely
    .selectFrom('call_events')
    .select(['type', 'actor', 'data'])
    .where('call_id', '=', callId)
    .where('type', 'like', 'chat.%')
    .orderBy('seq')
    .execute();

const chain = (action: string) =>
  context.server.kysely
    .selectFrom('audit_log')
    .select(['actor_username as actor', 'target', 'details'])
    .where('action', '=', action)
    .orderBy('seq')
    .execute();

describe('the in-call chat', () => {
  it('carries text both ways with server ids and times, as written, and replays it after the customer reconnects', async () => {
    const call = await setUpCall(context.server);
    sockets.push(call.customer, call.teller);
    const { callId } = call.tellerCall;

    const toTeller = nextEvent(call.teller, 'chat:message');
    const sent = await request(call.customer, 'chat:send', { callId, text: `  ${HTML}\r\nsecond line ` });
    expect(sent).toMatchObject({ callId, from: 'customer', text: `${HTML}\nsecond line`, file: null });
    expect(sent.messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(Math.abs(sent.at - Date.now())).toBeLessThan(60_000);
    expect(await toTeller).toEqual(sent);

    const toCustomer = nextEvent(call.customer, 'chat:message');
    const reply = await request(call.teller, 'chat:send', { callId, text: '您好 account 6222 0000' });
    expect(reply).toMatchObject({ from: 'teller', senderName: expect.stringContaining('Teller One') });
    expect(await toCustomer).toEqual(reply);

    // A reload: the page's new socket reads the whole chat back, in order.
    call.customer.close();
    const again = await connect(context.server, { ticketToken: call.ticketToken });
    sockets.push(again);
    const history = await request(again, 'chat:history', { callId });
    expect(history.messages.map((m) => m.messageId)).toEqual([sent.messageId, reply.messageId]);
    expect(history.messages[0]).toEqual(sent);

    // On the call's timeline, the customer's text as written; in the audit chain only the teller's message, by id.
    expect((await chatEvents(callId)).map((e) => [e.type, e.actor, JSON.parse(e.data) as unknown])).toEqual([
      ['chat.message', 'customer', { messageId: sent.messageId, from: 'customer', text: sent.text }],
      ['chat.message', expect.any(String), { messageId: reply.messageId, from: 'teller', text: reply.text }],
    ]);
    const audited = await chain('chat.sent');
    expect(audited).toHaveLength(1);
    expect(JSON.parse(audited[0]!.details)).toEqual({ messageId: reply.messageId, from: 'teller' });
    expect(audited[0]!.details).not.toContain('6222');
  });

  it('refuses bad messages with stable codes, and strangers', async () => {
    const call = await setUpCall(context.server);
    const stranger = await tellerAtDesk(context.server, 'teller2');
    sockets.push(call.customer, call.teller, stranger.socket);
    const { callId } = call.tellerCall;
    const refusal = async (payload: unknown, socket = call.customer) => {
      const ack = await ask(socket, 'chat:send', payload);
      return ack.ok ? 'sent' : { code: ack.error.code, issue: ack.error.issues?.[0]?.code };
    };
    expect(await refusal({ callId, text: '' })).toMatchObject({ code: 'invalid_payload' });
    expect(await refusal({ callId, text: ' \u0000\u202e \n ' })).toEqual({
      code: 'invalid_payload',
      issue: 'required',
    });
    expect(await refusal({ callId, text: 'x'.repeat(2001) })).toEqual({
      code: 'invalid_payload',
      issue: 'too_long',
    });
    expect(await refusal({ callId, text: 'x'.repeat(5000) })).toMatchObject({ code: 'invalid_payload' });
    expect(await refusal({ callId, text: 42 })).toMatchObject({ code: 'invalid_payload' });
    expect(await refusal({ text: 'no call' })).toMatchObject({ code: 'invalid_payload' });
    expect(await refusal({ callId: 'no-such-call', text: 'hello' })).toMatchObject({ code: 'not_found' });
    expect(await refusal({ callId, text: 'not my call' }, stranger.socket)).toMatchObject({
      code: 'forbidden',
    });
    expect((await ask(stranger.socket, 'chat:history', { callId })).ok).toBe(false);
    // Quick replies are the teller's; a customer is refused them.
    const replies = await request(call.teller, 'chat:quickReplies', {});
    expect(replies.replies.length).toBeGreaterThan(0);
    expect(replies.replies[0]).toMatchObject({ 'zh-CN': expect.any(String), en: expect.any(String) });
    expect(await ask(call.customer, 'chat:quickReplies', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await chatEvents(callId)).toEqual([]);

    // The chat family's budget: a flood is cut off with rate_limited, other families still answer.
    const acks = await Promise.all(
      Array.from({ length: 25 }, (_, i) => ask(call.customer, 'chat:send', { callId, text: `flood ${i}` })),
    );
    expect(acks.filter((a) => !a.ok && a.error.code === 'rate_limited').length).toBeGreaterThan(0);
    expect((await ask(call.customer, 'ticket:status', {})).ok).toBe(true);
  });

  it('takes PDF, JPEG and PNG files judged from their bytes, lists them with their hash, and serves them to the call and auditors only', async () => {
    const call = await setUpCall(context.server);
    sockets.push(call.customer, call.teller);
    const { callId } = call.tellerCall;
    const customerAuth = { authorization: `Bearer ${call.ticketToken}` };

    // A text file called .pdf, an empty body, an HTML page: refused by content, nothing stored.
    const fake = await sendFile(callId, Buffer.from('just text'), {
      ...customerAuth,
      'x-file-name': 'statement.pdf',
    });
    expect(fake.status).toBe(415);
    expect(jsonOf(fake.body)).toMatchObject({ error: { code: 'chat_file_type' } });
    const html = await sendFile(callId, Buffer.from(`<html>${HTML}</html>`), customerAuth);
    expect(jsonOf(html.body)).toMatchObject({ error: { code: 'chat_file_type' } });
    expect((await sendFile(callId, Buffer.alloc(0), customerAuth)).status).toBeGreaterThanOrEqual(400);

    const png = smallPng();
    const toTeller = nextEvent(call.teller, 'chat:message');
    const uploaded = await sendFile(callId, png, {
      ...customerAuth,
      'x-file-name': encodeURIComponent('账单 ../../etc/passwd.png'),
    });
    expect(uploaded.status).toBe(201);
    const message = jsonOf<ChatMessageView>(uploaded.body);
    expect(message).toMatchObject({
      from: 'customer',
      text: '',
      file: {
        mediaType: 'image/png',
        byteLength: png.length,
        sha256: createHash('sha256').update(png).digest('hex'),
        fileName: '账单 ....etcpasswd.png',
      },
    });
    expect(await toTeller).toEqual(message);
    const fileId = message.file!.fileId;

    const pdf = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
    const { token: tellerToken } = await login(context.server, 'teller1');
    const fromTeller = await sendFile(callId, pdf, staffHeaders(tellerToken));
    expect(jsonOf<ChatMessageView>(fromTeller.body)).toMatchObject({
      from: 'teller',
      file: { mediaType: 'application/pdf', fileName: null },
    });

    const jpeg = fs.readFileSync('test/fixtures/faces/sample1.jpg');
    const photo = await sendFile(callId, jpeg, { ...customerAuth, 'x-file-name': 'photo.jpg' });
    expect(jsonOf<ChatMessageView>(photo.body).file).toMatchObject({ mediaType: 'image/jpeg' });

    const path = `/api/calls/${callId}/chat/files/${fileId}`;
    const byCustomer = await binaryRequest(context.server, 'GET', path, { headers: customerAuth });
    expect(byCustomer.status).toBe(200);
    expect(byCustomer.body.equals(png)).toBe(true);
    expect(byCustomer.headers['content-type']).toBe('image/png');
    expect(String(byCustomer.headers['content-disposition'])).toMatch(/^attachment;/);

    const auditor = staffHeaders((await login(context.server, 'auditor1')).token);
    const byAuditor = await binaryRequest(context.server, 'GET', path, { headers: auditor });
    expect(byAuditor.status).toBe(200);
    expect(byAuditor.body.equals(png)).toBe(true);
    const teller2 = staffHeaders((await login(context.server, 'teller2')).token);
    expect((await binaryRequest(context.server, 'GET', path, { headers: teller2 })).status).toBe(403);
    expect((await binaryRequest(context.server, 'GET', path)).status).toBe(401);
    const otherFile = `/api/calls/${callId}/chat/files/no-such-file`;
    expect((await binaryRequest(context.server, 'GET', otherFile, { headers: auditor })).status).toBe(404);

    expect(
      (await chain('chat.file_accessed')).map((e) => [e.actor, e.target, JSON.parse(e.details) as unknown]),
    ).toEqual([['auditor1', callId, { fileId, sha256: message.file!.sha256 }]]);
    expect((await chain('chat.file_access_denied')).map((e) => e.actor)).toEqual(['teller2']);
    expect((await chatEvents(callId)).map((e) => JSON.parse(e.data) as { sha256: string })).toEqual([
      expect.objectContaining({ fileId, sha256: message.file!.sha256, mediaType: 'image/png' }),
      expect.objectContaining({ mediaType: 'application/pdf' }),
      expect.objectContaining({ mediaType: 'image/jpeg', fileName: 'photo.jpg' }),
    ]);
  });

  it('refuses a file over SKYTELLER_CHAT_FILE_MAX_MB with its own code', async () => {
    const call = await setUpCall(context.server);
    sockets.push(call.customer, call.teller);
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024)]);
    const refused = await sendFile(call.tellerCall.callId, big, {
      authorization: `Bearer ${call.ticketToken}`,
    });
    expect(refused.status).toBe(413);
    expect(jsonOf(refused.body)).toMatchObject({ error: { code: 'chat_file_too_large' } });
  });

  it('shows the new teller the chat after a transfer, and the previous teller can write no more', async () => {
    const call = await setUpCall(context.server, 'teller1');
    const second = await tellerAtDesk(context.server, 'teller2');
    sockets.push(call.customer, call.teller, second.socket);
    const { callId } = call.tellerCall;
    const before = await request(call.customer, 'chat:send', { callId, text: 'before the transfer' });

    await transferCall(call, second, 'chat test');

    const history = await request(second.socket, 'chat:history', { callId });
    expect(history.messages.map((m) => m.text)).toEqual(['before the transfer']);
    expect(history.messages[0]!.messageId).toBe(before.messageId);
    expect(await ask(call.teller, 'chat:send', { callId, text: 'still here?' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const toCustomer = nextEvent(call.customer, 'chat:message');
    await request(second.socket, 'chat:send', { callId, text: 'I have the call now' });
    expect(await toCustomer).toMatchObject({ from: 'teller', text: 'I have the call now' });
  });
});
