import https from 'node:https';
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../shared/contracts/errors.js';
import type { CreateTicketRequest, CreateTicketResponse } from '../../shared/contracts/ticket.js';
import type {
  ClientRequestName,
  ClientResponses,
  ClientToServerEvents,
  ServerToClientEvents,
} from '../../shared/contracts/socket-events.js';
import { SESSION_COOKIE, type LoginResponse } from '../../shared/contracts/auth.js';
import { DEMO_PASSWORD } from './test-server.js';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface HttpResult<T = unknown> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
}

/** One HTTPS request that trusts the test server's certificate. */
export function httpRequest<T = unknown>(
  target: { url: string; ca: string },
  method: string,
  path: string,
  options: { json?: unknown; raw?: string; headers?: Record<string, string>; localAddress?: string } = {},
): Promise<HttpResult<T>> {
  const payload = options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, target.url),
      {
        method,
        ca: target.ca,
        // Another loopback address (127.0.0.2 …) stands for another client.
        localAddress: options.localAddress,
        headers: {
          // With a length, as browsers send it: Node would not frame a DELETE body otherwise.
          ...(payload !== undefined
            ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }
            : {}),
          ...options.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          if (res.headers['content-type']?.includes('json')) body = JSON.parse(text);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body as T });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export const sampleTicket = (overrides: Partial<CreateTicketRequest> = {}): CreateTicketRequest => ({
  fullName: '王小明',
  idType: 'cn-resident',
  idNumber: '11010519491231002X',
  phone: '+86 138 0013 8000',
  serviceId: 'consultation',
  language: 'cmn',
  uiLocale: 'zh-CN',
  consentRecording: true,
  ...overrides,
});

export async function createTicket(
  target: { url: string; ca: string },
  overrides: Partial<CreateTicketRequest> = {},
): Promise<CreateTicketResponse> {
  const res = await httpRequest<CreateTicketResponse>(target, 'POST', '/api/tickets', {
    json: sampleTicket(overrides),
  });
  if (res.status !== 201) throw new Error(`ticket not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * A staff member signed in, as tests hold one: `token` is the session id from
 * the Set-Cookie header (what a browser keeps in its cookie jar), for
 * `connect(target, { token })` and `staffHeaders(token)`.
 */
export interface StaffLogin extends LoginResponse {
  token: string;
}

/** The session id a response set in its cookie, if it set one. */
export function sessionFrom(res: HttpResult): string | undefined {
  const cookies = [res.headers['set-cookie'] ?? []].flat();
  for (const cookie of cookies) {
    const [pair] = cookie.split(';');
    if (pair?.startsWith(`${SESSION_COOKIE}=`))
      return decodeURIComponent(pair.slice(SESSION_COOKIE.length + 1));
  }
  return undefined;
}

/** The request headers that carry a staff session, as a browser sends its cookie. */
export const staffHeaders = (token: string): { cookie: string } => ({
  cookie: `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
});

/** POSTs a sign-in step with the session (if any) and answers the reply and the session it set. */
export async function signInStep<T = LoginResponse>(
  target: { url: string; ca: string },
  path: string,
  json: unknown,
  token?: string,
): Promise<HttpResult<T> & { token: string | undefined }> {
  const res = await httpRequest<T>(target, 'POST', path, {
    json,
    headers: token === undefined ? {} : staffHeaders(token),
  });
  return { ...res, token: sessionFrom(res) };
}

/** Signs a staff member in with the password (the demo one by default); must end signed in. */
export async function login(
  target: { url: string; ca: string },
  username: string,
  password = DEMO_PASSWORD,
): Promise<StaffLogin> {
  const res = await signInStep(target, '/api/auth/login', { username, password });
  if (res.status !== 200 || res.body.next !== 'signed_in' || !res.token) {
    throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { ...res.body, token: res.token };
}

/**
 * A connected socket.io client; rejects with the server's reason if refused.
 * A staff `token` (from `login`) goes as the session cookie, as a page's does;
 * the rest of `auth` (a customer's `ticketToken`) as the socket's auth.
 */
export async function connect(
  target: { url: string; ca: string },
  { token, ...auth }: Record<string, string>,
  /** `headers`: more handshake headers, e.g. the X-Forwarded-For a proxy in front would add. */
  options: {
    reconnect?: boolean;
    headers?: Record<string, string>;
    /** Listens before the connection opens, for what the server says first (`node:hello`). */
    listen?: (socket: TestSocket) => void;
  } = {},
): Promise<TestSocket> {
  const socket: TestSocket = io(target.url, {
    auth,
    extraHeaders: { ...options.headers, ...(token === undefined ? {} : staffHeaders(token)) },
    ca: target.ca,
    transports: ['websocket'],
    // As the pages do: keep trying, so a restarted server finds them again.
    reconnection: options.reconnect ?? false,
    reconnectionDelay: 200,
    reconnectionDelayMax: 500,
  });
  options.listen?.(socket);
  // Only the first connection decides: a later failed reconnection (a restarting
  // server) must not close a socket that is meant to keep trying.
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => {
      socket.off('connect', connected);
      socket.close();
      reject(error);
    };
    const connected = () => {
      socket.off('connect_error', failed);
      resolve();
    };
    socket.once('connect', connected);
    socket.once('connect_error', failed);
  });
  return socket;
}

/** Sends a request and returns the raw ack (success or error). */
export async function ask<E extends ClientRequestName>(
  socket: TestSocket,
  event: E,
  payload: unknown,
): Promise<Ack<ClientResponses[E]>> {
  // The payload is deliberately untyped: tests send malformed ones too.
  const emit = socket.timeout(5000).emitWithAck as unknown as (
    e: string,
    p: unknown,
  ) => Promise<Ack<ClientResponses[E]>>;
  return emit.call(socket, event, payload);
}

/** Sends a request that must succeed and returns its data. */
export async function request<E extends ClientRequestName>(
  socket: TestSocket,
  event: E,
  payload: unknown,
): Promise<ClientResponses[E]> {
  const ack = await ask(socket, event, payload);
  if (!ack.ok) throw new Error(`${event} failed: ${ack.error.code} ${ack.error.message}`);
  return ack.data;
}

/** The next `event` on `socket` whose payload passes `match`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: Parameters<ServerToClientEvents[E]>[0]): void => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    };
    socket.on(event, listener as never);
  });
}
