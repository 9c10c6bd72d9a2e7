import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTicket, login, staffHeaders } from '../support/clients.js';
import { recordedCall, type RecordedCall } from '../support/recorded-call-fixture.js';
import { serverPerTest } from '../support/server-per-test.js';
import { binaryRequest, jsonOf } from '../support/service-client.js';

const context = serverPerTest();

const signedIn = async (username: string) => staffHeaders((await login(context.server, username)).token);

const fetchFile = (call: RecordedCall, name: string, headers: Record<string, string> = {}) =>
  binaryRequest(context.server, 'GET', `/api/recordings/${call.callId}/${name}`, { headers });

/** The chain's entries about serving recordings (not their finishing or purging). */
const chain = async () =>
  (
    await context.server.kysely
      .selectFrom('audit_log')
      .select(['actor_username as actor', 'action', 'target', 'details'])
      .where('action', 'like', 'recording.access%')
      .orderBy('seq')
      .execute()
  ).map((row) => ({ ...row, details: JSON.parse(row.details) as Record<string, unknown> }));

const tellerVideo = (call: RecordedCall) =>
  Object.keys(call.files).find((f) => /^teller_.*-video-01\.webm$/.test(f))!;

describe('recording files over HTTP', () => {
  it('serves byte ranges of a manifest file to an auditor: 206 with the file’s own bytes, the whole file without Range', async () => {
    const call = await recordedCall(context.server);
    const auth = await signedIn('auditor1');
    const name = 'customer-video-01.webm';
    const bytes = fs.readFileSync(call.files[name]!);

    const middle = await fetchFile(call, name, { ...auth, range: 'bytes=100-1099' });
    expect(middle.status).toBe(206);
    expect(middle.headers).toMatchObject({
      'content-range': `bytes 100-1099/${bytes.length}`,
      'accept-ranges': 'bytes',
      'content-type': 'video/webm',
      'content-length': '1000',
    });
    expect(middle.body.equals(bytes.subarray(100, 1100))).toBe(true);

    const tail = await fetchFile(call, name, { ...auth, range: 'bytes=-64' });
    expect(tail.status).toBe(206);
    expect(tail.body.equals(bytes.subarray(bytes.length - 64))).toBe(true);
    const open = await fetchFile(call, name, { ...auth, range: `bytes=${bytes.length - 10}-` });
    expect(open.headers['content-range']).toBe(
      `bytes ${bytes.length - 10}-${bytes.length - 1}/${bytes.length}`,
    );

    const whole = await fetchFile(call, name, { ...auth });
    expect(whole.status).toBe(200);
    expect(whole.body.equals(bytes)).toBe(true);

    const audio = await fetchFile(call, 'customer-audio-01.webm', {
      ...(await signedIn('supervisor1')),
    });
    expect(audio.status).toBe(200);
    expect(audio.headers['content-type']).toBe('audio/webm');

    // Each request is one entry: who, which file, which range asked and which bytes went out.
    expect(await chain()).toEqual([
      expect.objectContaining({ actor: 'auditor1', action: 'recording.accessed', target: call.callId }),
      expect.objectContaining({ actor: 'auditor1', action: 'recording.accessed' }),
      expect.objectContaining({ actor: 'auditor1', action: 'recording.accessed' }),
      expect.objectContaining({ actor: 'auditor1', action: 'recording.accessed' }),
      expect.objectContaining({ actor: 'supervisor1', action: 'recording.accessed' }),
    ]);
    expect((await chain())[0]!.details).toEqual({
      file: name,
      range: 'bytes=100-1099',
      status: 206,
      served: `100-1099/${bytes.length}`,
    });
  });

  it('answers 416 with the size for a range outside the file, and logs it', async () => {
    const call = await recordedCall(context.server);
    const name = tellerVideo(call);
    const size = fs.statSync(call.files[name]!).size;
    const refused = await fetchFile(call, name, {
      ...(await signedIn('auditor1')),
      range: `bytes=${size}-`,
    });
    expect(refused.status).toBe(416);
    expect(refused.headers['content-range']).toBe(`bytes */${size}`);
    expect(jsonOf(refused.body)).toMatchObject({ error: { code: 'range_not_satisfiable' } });
    expect((await chain()).at(-1)).toMatchObject({ details: { file: name, status: 416 } });
  });

  it('serves only files the manifest lists, whatever the path says', async () => {
    const call = await recordedCall(context.server);
    const auth = await signedIn('auditor1');
    fs.writeFileSync(`${call.folder}/stray.webm`, 'not in the manifest');
    for (const name of [
      'manifest.json',
      'stray.webm',
      '..%2F..%2Fskyteller.db',
      '%2Fetc%2Fpasswd',
      'x%2F..%2Fcustomer-video-01.webm',
    ]) {
      const res = await fetchFile(call, name, { ...auth });
      expect([name, res.status]).toEqual([name, 404]);
    }
    const unknownCall = await binaryRequest(
      context.server,
      'GET',
      '/api/recordings/no-such-call/customer-video-01.webm',
      {
        headers: { ...auth },
      },
    );
    expect(unknownCall.status).toBe(404);
  });

  it('refuses anyone but auditors and supervisors, and writes a refused staff member to the chain', async () => {
    const call = await recordedCall(context.server);
    const name = 'customer-video-01.webm';
    expect((await fetchFile(call, name)).status).toBe(401);
    const customer = await createTicket(context.server);
    const asCustomer = await fetchFile(call, name, { authorization: `Bearer ${customer.ticketToken}` });
    expect(asCustomer.status).toBe(401);
    const asTeller = await fetchFile(call, name, {
      ...(await signedIn('teller1')),
      range: 'bytes=0-99',
    });
    expect(asTeller.status).toBe(403);
    expect(jsonOf(asTeller.body)).toMatchObject({ error: { code: 'forbidden' } });
    expect((await fetchFile(call, name, await signedIn('admin1'))).status).toBe(403);
    expect(await chain()).toEqual([
      {
        actor: 'teller1',
        action: 'recording.access_denied',
        target: call.callId,
        details: { file: name, range: 'bytes=0-99', role: 'teller' },
      },
      expect.objectContaining({ actor: 'admin1', action: 'recording.access_denied' }),
    ]);
  });
});
