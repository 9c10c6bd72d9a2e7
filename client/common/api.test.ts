import { afterEach, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { AuditDecisionView } from '../../shared/contracts/auditor.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { ApiError, apiNode, callApi, onPinnedNode, setApiNode, urlOf } from './api.js';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: BodyInit | null | undefined;
  credentials: RequestCredentials | undefined;
}

let sent: Sent[];
let answer: () => Response;

beforeEach(() => {
  sent = [];
  answer = () => new Response(null, { status: 204 });
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({
      url,
      method: init.method ?? 'GET',
      headers: init.headers as Record<string, string>,
      body: init.body,
      credentials: init.credentials,
    });
    return answer();
  });
});
afterEach(() => vi.unstubAllGlobals());

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('callApi', () => {
  it('fills in the path, sends the body as JSON with the token, and answers the parsed JSON', async () => {
    const view = { decision: 'approved', comment: '', by: 'auditor1', at: 5 };
    answer = () => json(201, view);
    const result = await callApi(restRoutes.decideCall, {
      params: { callId: 'a/b c' },
      body: { decision: 'approved' },
      token: 'T0K',
    });
    expectTypeOf(result).toEqualTypeOf<AuditDecisionView>();
    expect(result).toEqual(view);
    expect(sent).toEqual([
      {
        url: '/api/audit/calls/a%2Fb%20c/decision',
        method: 'POST',
        headers: {
          Accept: 'application/json',
          Authorization: 'Bearer T0K',
          'Content-Type': 'application/json',
        },
        body: '{"decision":"approved"}',
        credentials: 'same-origin',
      },
    ]);
  });

  it('puts the query in the URL, leaving out what is undefined, and sends no body where the route takes none', async () => {
    answer = () => json(200, { calls: [] });
    await callApi(restRoutes.searchCalls, { query: { teller: 'ann lee', from: undefined, limit: 20 } });
    await callApi(restRoutes.verifyCall, { params: { callId: 'c1' } });
    expect(sent.map(({ url, method, body }) => ({ url, method, body }))).toEqual([
      { url: '/api/audit/calls?teller=ann+lee&limit=20', method: 'GET', body: undefined },
      { url: '/api/audit/calls/c1/verify', method: 'POST', body: undefined },
    ]);
  });

  it('answers nothing for a 204 and a Blob for a file', async () => {
    expect(await callApi(restRoutes.logout)).toBeUndefined();
    answer = () => new Response('%PDF-1.7', { status: 200, headers: { 'content-type': 'application/pdf' } });
    const pdf = await callApi(restRoutes.recordPdf, { params: { callId: 'c1' }, token: 'T' });
    expectTypeOf(pdf).toEqualTypeOf<Blob>();
    expect(await pdf.text()).toBe('%PDF-1.7');
    expect(sent[1]!.headers).toEqual({ Authorization: 'Bearer T' });
  });

  it('sends an upload as its bytes: with its own type where the route takes any, else the type the route reads', async () => {
    answer = () => json(201, { referenceId: 'r1', storedAt: 1 });
    const photo = new Blob(['jpeg'], { type: 'image/jpeg' });
    await callApi(restRoutes.uploadTicketReferencePhoto, {
      params: { ticketId: 't1' },
      body: photo,
      token: 'T',
    });
    await callApi(restRoutes.uploadTicketReferencePhoto, {
      params: { ticketId: 't1' },
      body: new Blob(['?']),
    });
    const file = new Blob(['%PDF'], { type: 'application/pdf' });
    await callApi(restRoutes.uploadDocument, {
      params: { callId: 'c1' },
      body: file,
      headers: { 'X-File-Name': 'policy.pdf' },
    });
    expect(sent.map((s) => [s.headers['Content-Type'], s.body])).toEqual([
      ['image/jpeg', photo],
      ['application/octet-stream', expect.any(Blob)],
      ['application/octet-stream', file],
    ]);
    expect(sent[2]!.headers['X-File-Name']).toBe('policy.pdf');
  });

  it('throws one ApiError with the status, the stable code, the message and the field issues', async () => {
    const issue = { path: 'comment', code: 'comment_required', message: 'code:comment_required' };
    answer = () =>
      json(400, { error: { code: 'invalid_payload', message: 'invalid body', issues: [issue] } });
    const refused = callApi(restRoutes.decideCall, {
      params: { callId: 'c1' },
      body: { decision: 'rejected' },
    });
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({
      status: 400,
      code: 'invalid_payload',
      message: 'invalid body',
      fields: [issue],
    });
  });

  it('takes the code from the status when no error body came, and names a failed connection "network"', async () => {
    answer = () => new Response('<html>Bad gateway</html>', { status: 403 });
    await expect(callApi(restRoutes.me)).rejects.toMatchObject({
      status: 403,
      code: 'forbidden',
      fields: [],
    });
    answer = () => new Response('', { status: 502 });
    await expect(callApi(restRoutes.me)).rejects.toMatchObject({ status: 502, code: 'internal' });
    answer = () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(callApi(restRoutes.me)).rejects.toMatchObject({ status: 0, code: 'network' });
  });
});

describe('urlOf', () => {
  it('makes the link a page puts in an image or an anchor', () => {
    expect(urlOf(restRoutes.callReferencePhoto, { params: { callId: 'c 1' }, query: { check: 'k1' } })).toBe(
      '/api/calls/c%201/reference-photo?check=k1',
    );
    expect(urlOf(restRoutes.recordingFile, { params: { callId: 'c1', file: ['teller 1', 'v.webm'] } })).toBe(
      '/api/recordings/c1/teller%201/v.webm',
    );
    expect(urlOf(restRoutes.catalog)).toBe('/api/catalog');
  });
});

describe('while the page is pinned to a node', () => {
  afterEach(() => setApiNode(null));

  it('sends every request, and every link it makes, to that node through the load balancer', async () => {
    setApiNode('node 2');
    expect(apiNode()).toBe('node 2');
    await callApi(restRoutes.sendChatFile, {
      params: { callId: 'c1' },
      body: new Blob(['hi'], { type: 'text/plain' }),
      headers: { 'X-File-Name': 'a.txt' },
    });
    expect(sent.map(({ url, method }) => `${method} ${url}`)).toEqual([
      'POST /node/node%202/api/calls/c1/chat/files',
    ]);
    expect(urlOf(restRoutes.callReferencePhoto, { params: { callId: 'c1' }, query: { check: 'k1' } })).toBe(
      '/node/node%202/api/calls/c1/reference-photo?check=k1',
    );
    // A path the server gave (a record's link) goes there too; another site's or a data URL does not.
    expect(onPinnedNode('/api/calls/c1/record.pdf')).toBe('/node/node%202/api/calls/c1/record.pdf');
    expect(onPinnedNode('https://example.org/x')).toBe('https://example.org/x');
    expect(onPinnedNode('//example.org/x')).toBe('//example.org/x');
  });

  it('goes through the load balancer again once unpinned', async () => {
    setApiNode('n1');
    setApiNode(null);
    await callApi(restRoutes.me);
    expect(sent[0]!.url).toBe('/api/auth/me');
    expect(onPinnedNode('/api/calls/c1/record.pdf')).toBe('/api/calls/c1/record.pdf');
  });
});
