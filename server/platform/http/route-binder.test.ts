import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, beforeEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { z } from 'zod';
import { emptyReply, jsonReply, route } from '../../../shared/contracts/rest.js';
import { AppError } from '../errors.js';
import { createHttpApp } from './http-app.js';
import { bindRoute } from './route-binder.js';

const renameThing = route('post', '/things/:id', {
  params: z.object({ id: z.string().regex(/^\d+$/, 'code:not_a_number') }),
  query: z.object({ dryRun: z.enum(['yes', 'no']).default('no') }),
  body: z.object({ name: z.string().trim().min(1, 'code:required') }),
  reply: jsonReply<{ id: string; name: string; dryRun: boolean }>(201),
});
const forgetThing = route('delete', '/things/:id', { reply: emptyReply });
const lockThing = route('post', '/things/:id/lock', {
  body: z.object({ reason: z.string().min(1, 'code:required') }),
  reply: jsonReply<{ by: string; reason: string }>(),
});
const storePhoto = route('put', '/things/:id/photo', {
  body: { kind: 'raw', contentType: 'image/png', maxBytes: 8 },
  reply: jsonReply<{ bytes: number | null }>(),
});

const renamed = vi.fn();
const forgotten = vi.fn();
const locked = vi.fn();
let server: Server;
let base: string;

beforeAll(async () => {
  const app = createHttpApp({
    mount: (http) => {
      const router = express.Router();
      bindRoute(router, renameThing, (input) => {
        expectTypeOf(input.params.id).toEqualTypeOf<string>();
        expectTypeOf(input.query.dryRun).toEqualTypeOf<'yes' | 'no'>();
        expectTypeOf(input.body.name).toEqualTypeOf<string>();
        renamed(input);
        return { id: input.params.id, name: input.body.name, dryRun: input.query.dryRun === 'yes' };
      });
      bindRoute(router, forgetThing, async ({ params }) => {
        forgotten(params.id);
        if (params.id === '404') throw new AppError('not_found', 'no such thing');
      });
      bindRoute(router, lockThing, {
        caller: (req) => {
          const user = req.get('x-user');
          if (!user) throw new AppError('unauthorized', 'who are you?');
          if (user === 'guest') throw new AppError('forbidden', 'not for guests');
          return { name: user };
        },
        handle: ({ caller, body }) => {
          expectTypeOf(caller).toEqualTypeOf<{ name: string }>();
          locked(caller.name);
          return { by: caller.name, reason: body.reason };
        },
      });
      bindRoute(router, storePhoto, ({ body }) => {
        expectTypeOf(body).toEqualTypeOf<Buffer | undefined>();
        return { bytes: body ? body.length : null };
      });
      http.use(router);
    },
    metrics: new Registry(),
    health: () => ({ workers: 1 }),
    clientDir: '/nonexistent',
    allowedOrigins: () => [],
    trustedProxies: [],
    metricsAccess: { addresses: ['loopback'], token: undefined },
    logger: pino({ level: 'silent' }),
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => {
  renamed.mockClear();
  forgotten.mockClear();
  locked.mockClear();
});

const send = async (
  method: string,
  path: string,
  body?: unknown,
  type = 'application/json',
  headers: Record<string, string> = {},
) => {
  const res = await fetch(base + path, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': type },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
};

describe('bindRoute', () => {
  it('hands the handler the parsed params, query and body, and answers with its result at the contract status', async () => {
    expect(await send('POST', '/things/42?dryRun=yes', { name: '  lamp ' })).toEqual({
      status: 201,
      body: { id: '42', name: 'lamp', dryRun: true },
    });
    expect(renamed).toHaveBeenCalledWith({
      params: { id: '42' },
      query: { dryRun: 'yes' },
      body: { name: 'lamp' },
    });
    // Defaults come from the schema; names the query schema does not know are dropped.
    await send('POST', '/things/7?other=1', { name: 'desk' });
    expect(renamed).toHaveBeenLastCalledWith({
      params: { id: '7' },
      query: { dryRun: 'no' },
      body: { name: 'desk' },
    });
  });

  it.each([
    ['path', '/things/abc', { name: 'lamp' }, { path: 'id', code: 'not_a_number' }],
    ['query', '/things/1?dryRun=maybe', { name: 'lamp' }, { path: 'dryRun', code: 'invalid_value' }],
    ['body', '/things/1', { name: '   ' }, { path: 'name', code: 'required' }],
    ['body', '/things/1', [], { path: '', code: 'invalid_type' }],
  ])(
    'refuses an invalid %s with 400 invalid_payload and its field issues, before the handler runs',
    async (part, path, body, issue) => {
      expect(await send('POST', path, body)).toEqual({
        status: 400,
        body: {
          error: {
            code: 'invalid_payload',
            message: `invalid ${part}`,
            issues: [expect.objectContaining(issue)],
          },
        },
      });
      expect(renamed).not.toHaveBeenCalled();
    },
  );

  it('refuses a missing or too deep body with 400 and one not sent as JSON with 415, before the handler runs', async () => {
    expect(await send('POST', '/things/1', undefined)).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_payload', message: 'a JSON body is required' } },
    });
    const deep = '{"name":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
    expect(await send('POST', '/things/1', deep)).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_payload', message: 'the body nests too deep' } },
    });
    expect(await send('POST', '/things/1', 'name=lamp', 'text/plain')).toMatchObject({
      status: 415,
      body: { error: { code: 'unsupported_media_type' } },
    });
    expect(renamed).not.toHaveBeenCalled();
  });

  it('answers 204 without a body for an empty reply, and an error thrown by the handler with its own status', async () => {
    expect(await send('DELETE', '/things/5')).toEqual({ status: 204, body: undefined });
    expect(forgotten).toHaveBeenCalledWith('5');
    expect(await send('DELETE', '/things/404')).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
  });

  it('reads an upload as bytes of its declared type within its limit, and nothing else as bytes', async () => {
    expect(await send('PUT', '/things/1/photo', 'abcdefgh', 'image/png')).toEqual({
      status: 200,
      body: { bytes: 8 },
    });
    // Refused from its Content-Length, before a byte of it is read.
    expect(await send('PUT', '/things/1/photo', 'abcdefghi', 'image/png')).toMatchObject({
      status: 413,
      body: { error: { code: 'payload_too_large' } },
    });
    expect(await send('PUT', '/things/1/photo', 'abc', 'image/jpeg')).toEqual({
      status: 200,
      body: { bytes: null },
    });
    expect(await send('PUT', '/things/1/photo', { bytes: 3 })).toEqual({
      status: 200,
      body: { bytes: null },
    });
  });

  it('asks a guarded route who is calling before reading the request: one who may not is refused whatever they sent', async () => {
    const lock = (who: Record<string, string>, body: unknown) =>
      send('POST', '/things/1/lock', body, 'application/json', who);
    expect(await lock({}, {})).toMatchObject({ status: 401, body: { error: { code: 'unauthorized' } } });
    expect(await lock({ 'x-user': 'guest' }, {})).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    });
    expect(await lock({ 'x-user': 'ann' }, {})).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_payload', issues: [{ path: 'reason' }] } },
    });
    expect(locked).not.toHaveBeenCalled();
    expect(await lock({ 'x-user': 'ann' }, { reason: 'audit' })).toEqual({
      status: 200,
      body: { by: 'ann', reason: 'audit' },
    });
    expect(locked).toHaveBeenCalledWith('ann');
  });
});
