import crypto from 'node:crypto';
import https from 'node:https';
import zlib from 'node:zlib';
import type { z } from 'zod';
import { ERROR_CODES, type Ack } from '../../shared/contracts/errors.js';
import type { RestRoute } from '../../shared/contracts/rest.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { clientRequests } from '../../shared/contracts/socket-events.js';
import { Kysely, sql } from 'kysely';
import type { Db } from '../../server/platform/database/database.js';
import type { Schema } from '../../server/platform/database/schema.js';
import { jpegBomb, pngBomb } from './image-bombs.js';
import type { TestSocket } from './clients.js';
import { httpRequest } from './clients.js';
import { postImage } from './face-check.js';
import { EXAMPLE_VALUES } from '../../shared/catalog/example-values.js';
import { request } from './clients.js';
import { messageId, drawnStrokes, runStep, serviceCall } from './service-client.js';

/**
 * JSON text nested `levels` deep: 7,000 levels once reached a recursive
 * fingerprint. Written as text: JSON.stringify itself overflows the stack on it.
 */
export const nestedJson = (levels: number): string => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/** Stands for a 7,000-level value inside a payload; replaced by its text when the payload is written. */
const DEEP = '\u0000deep\u0000';
const toJson = (value: unknown): string =>
  JSON.stringify(value).replaceAll(JSON.stringify(DEEP), nestedJson(7000));

export interface FuzzMessage {
  event: string;
  /** The payload as JSON text; undefined: the request is sent with its ack only. */
  json: string | undefined;
}

/** Event names like Object.prototype's members, and names no contract has. */
export const ODD_EVENTS = [
  'constructor',
  'toString',
  '__proto__',
  'hasOwnProperty',
  'valueOf',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  '__defineGetter__',
  '__lookupSetter__',
  'nope:nothing',
  'media:',
];

const WHOLE_PAYLOADS: unknown[] = [null, 12, 'x', [], true, DEEP];
const FIELD_VALUES: unknown[] = [null, -1.5, 'x'.repeat(300), [], {}, DEEP];

/**
 * Malformed requests for every socket event of the contracts: no payload, a
 * payload of the wrong kind or 7,000 levels deep, and, field by field, a
 * plausible payload with that one field missing or of a value its schema
 * refuses. None can pass the contract. `ids` fill the other fields, so the
 * broken field is what is wrong.
 */
export function malformedSocketMessages(ids: { callId: string; ticketId: string }): FuzzMessage[] {
  const messages: FuzzMessage[] = [];
  const push = (event: string, payload: unknown): void => {
    messages.push({ event, json: toJson(payload) });
  };
  for (const event of Object.keys(clientRequests) as (keyof typeof clientRequests)[]) {
    messages.push({ event, json: undefined });
    for (const payload of WHOLE_PAYLOADS) push(event, payload);
    const shape = (clientRequests[event] as unknown as { shape: Record<string, z.ZodType> }).shape;
    const base = Object.fromEntries(
      Object.keys(shape).map((key) => [
        key,
        key === 'callId' ? ids.callId : key === 'ticketId' ? ids.ticketId : 'x',
      ]),
    );
    for (const [key, field] of Object.entries(shape)) {
      if (!field.safeParse(undefined).success) {
        const { [key]: _dropped, ...rest } = base;
        push(event, rest);
      }
      for (const value of FIELD_VALUES) {
        const refused = value === DEEP || !field.safeParse(value).success;
        if (refused) push(event, { ...base, [key]: value });
      }
    }
  }
  for (const event of ODD_EVENTS) {
    messages.push({ event, json: undefined });
    push(event, {});
    push(event, { callId: ids.callId });
  }
  return messages;
}

/** What socket.io-client keeps to match acks to requests, beyond its public typings. */
interface AckBook {
  ids: number;
  acks: Record<number, (ack: unknown) => void>;
  io: { engine: { write(data: string): void } };
}

/**
 * Sends one request as raw socket.io text (an EVENT packet with an ack id),
 * so payloads the client's own encoder could not write go out as they are.
 */
export function sendRaw(socket: TestSocket, message: FuzzMessage, timeoutMs = 20_000): Promise<unknown> {
  const book = socket as unknown as AckBook;
  return new Promise((resolve) => {
    const id = book.ids++;
    const timer = setTimeout(() => {
      delete book.acks[id];
      resolve('no ack');
    }, timeoutMs);
    book.acks[id] = (ack) => {
      clearTimeout(timer);
      resolve(ack);
    };
    const args = [JSON.stringify(message.event), ...(message.json === undefined ? [] : [message.json])];
    book.io.engine.write(`2${id}[${args.join(',')}]`);
  });
}

/** Whether an ack is a refusal with a stable code (never `internal`). */
export const isStableRefusal = (ack: unknown): boolean => {
  const a = ack as Ack<unknown> | undefined;
  return (
    a !== undefined &&
    a.ok === false &&
    a.error.code !== 'internal' &&
    (ERROR_CODES as readonly string[]).includes(a.error.code)
  );
};

/**
 * Sends `messages` on sockets from `open`, a fresh socket every `perSocket`
 * messages (under the smallest per-family budget, so the contract checks are
 * what answers, not the rate limit), `perSocket` in flight at once.
 */
export async function fuzzSockets(
  open: () => Promise<TestSocket>,
  messages: FuzzMessage[],
  perSocket = 40,
): Promise<{ message: FuzzMessage; ack: unknown }[]> {
  const answers: { message: FuzzMessage; ack: unknown }[] = [];
  for (let i = 0; i < messages.length; i += perSocket) {
    const socket = await open();
    try {
      const batch = messages.slice(i, i + perSocket);
      const acks = await Promise.all(batch.map((m) => sendRaw(socket, m)));
      batch.forEach((message, j) => answers.push({ message, ack: acks[j] }));
    } finally {
      socket.close();
    }
  }
  return answers;
}

export interface BadRestRequest {
  method: string;
  path: string;
  body?: Buffer | string;
  headers: Record<string, string>;
}

const json = { 'content-type': 'application/json' };

/** Bodies the server cannot take: none, not JSON, unknown charsets and encodings, corrupt gzip, bad JSON, 7,000 levels. */
const BAD_BODIES: { body?: Buffer | string; headers: Record<string, string> }[] = [
  { headers: {} },
  { body: 'hello', headers: { 'content-type': 'text/plain' } },
  { body: '{}', headers: { 'content-type': 'application/json; charset=latin1' } },
  { body: '{}', headers: { 'content-type': 'application/json; charset=x-unknown' } },
  { body: '{}', headers: { ...json, 'content-encoding': 'bogus' } },
  { body: zlib.gzipSync('{"a":1}').subarray(0, 12), headers: { ...json, 'content-encoding': 'gzip' } },
  { body: '{"a":', headers: json },
  { body: '[]', headers: json },
  { body: `{"fullName":${nestedJson(7000)},"reason":${nestedJson(7000)}}`, headers: json },
];

const BAD_PARAMS = ['%c0%ae', 'x'.repeat(400), '..%2f..%2fetc%2fpasswd', '%00', '%'];

/**
 * Bad requests for every REST route but the ones that take no input: each path
 * parameter malformed, each body one of the bad ones, as each kind of caller.
 */
export function badRestRequests(callers: Record<string, string>[]): BadRestRequest[] {
  const requests: BadRestRequest[] = [];
  const inputless = new Set(['/healthz', '/metrics', '/api/catalog']);
  for (const route of Object.values(restRoutes) as RestRoute[]) {
    if (inputless.has(route.path)) continue;
    const hasParams = route.path.includes(':') || route.path.includes('*');
    const queryKeys = Object.keys((route.query as unknown as { shape?: object }).shape ?? {});
    // Without parameters, a route is sent a query its schema refuses: each key given twice, as a list.
    const paths = hasParams
      ? BAD_PARAMS.map((p) => route.path.replace(/[:*][A-Za-z]+/g, p))
      : [
          ...queryKeys.map((k) => `${route.path}?${k}=%c0%ae&${k}=1`),
          ...(route.body === undefined ? [] : [route.path]),
        ];
    const bodies = route.body === undefined ? [{ headers: {} }] : BAD_BODIES;
    for (const caller of callers) {
      for (const path of paths) {
        for (const body of bodies) {
          requests.push({
            method: route.method.toUpperCase(),
            path,
            body: body.body,
            headers: { ...caller, ...body.headers },
          });
        }
      }
    }
  }
  requests.push({ method: 'GET', path: '/api/recordings/x/%c0%ae', headers: {} });
  return requests;
}

/** One request exactly as given (its raw body, headers and path); answers the status only. */
export function sendBadRequest(
  target: { url: string; ca: string },
  request: BadRestRequest,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const req = https.request(
      {
        host: new URL(target.url).hostname,
        port: new URL(target.url).port,
        path: request.path,
        method: request.method,
        ca: target.ca,
        headers: { ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

type TableSnapshot = Record<string, { rows: number; sha256: string }>;

/**
 * Every table's row count and a hash of its rows (but `except`'s and the node list's): equal snapshots mean no row
 * changed. Given the server's `kysely`, the shared database's tables, on either dialect; given the
 * SQLite connection `db`, that file's (the form the tests used before the stores moved to Kysely).
 */
export function tableSnapshot(db: Db, except?: string[]): TableSnapshot;
export function tableSnapshot(db: Kysely<Schema>, except?: string[]): Promise<TableSnapshot>;
export function tableSnapshot(
  db: Db | Kysely<Schema>,
  except: string[] = [],
): TableSnapshot | Promise<TableSnapshot> {
  // The node's heartbeat rewrites its own row every few seconds, whatever the requests.
  except = [...except, 'cluster_nodes'];
  if (db instanceof Kysely) return sharedTableSnapshot(db, except);
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .all() as { name: string }[];
  return Object.fromEntries(
    tables
      .filter(({ name }) => !except.includes(name))
      .map(({ name }) => [
        name,
        rowsDigest(db.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[][]),
      ]),
  );
}

async function sharedTableSnapshot(db: Kysely<Schema>, except: string[]): Promise<TableSnapshot> {
  const tables = (await db.introspection.getTables())
    .filter((table) => !table.isView && !except.includes(table.name))
    .map((table) => table.name)
    .sort();
  const snapshot: TableSnapshot = {};
  for (const name of tables) {
    const rows = await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(name)}`.execute(db);
    // PostgreSQL keeps no insertion order (an update moves a row), so the digest sorts the rows.
    snapshot[name] = rowsDigest(
      rows.rows.map((row) => Object.values(row)),
      true,
    );
  }
  return snapshot;
}

function rowsDigest(rows: unknown[][], sorted = false): { rows: number; sha256: string } {
  const texts = rows.map((row) =>
    JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)),
  );
  if (sorted) texts.sort();
  const sha256 = crypto
    .createHash('sha256')
    .update(`[${texts.join(',')}]`)
    .digest('hex');
  return { rows: rows.length, sha256 };
}

/** `/healthz` asked every `everyMs` until stopped: each answer's status and time. */
export function probeHealth(
  target: { url: string; ca: string },
  everyMs = 100,
): { stop: () => Promise<{ status: number; ms: number }[]> } {
  const answers: { status: number; ms: number }[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const status = await httpRequest(target, 'GET', '/healthz').then(
        (r) => r.status,
        () => 0,
      );
      answers.push({ status, ms: performance.now() - started });
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return answers;
    },
  };
}

/** The image bombs: a 196-byte-class PNG signature declaring 30000×30000, and photos declaring far over 16 MP. */
export const bombs = {
  signaturePng: (): string => `data:image/png;base64,${pngBomb(30_000, 30_000).toString('base64')}`,
  photos: (): Buffer[] => [pngBomb(30_000, 30_000), jpegBomb(60_000, 60_000), pngBomb(5000, 4000)],
};

/** Sends every bomb at a call: the signature on the customer's socket, the photos as reference photos. */
export async function sendBombs(
  target: { url: string; ca: string },
  call: { customer: TestSocket; callId: string; ticketToken: string; summaryHash: string },
): Promise<{ signature: unknown; photos: { status: number; code: string | undefined }[] }> {
  const signature = await sendRaw(call.customer, {
    event: 'service:sign',
    json: JSON.stringify({
      callId: call.callId,
      messageId: messageId(),
      summaryHash: call.summaryHash,
      png: bombs.signaturePng(),
      strokes: drawnStrokes(),
    }),
  });
  const photos = [];
  for (const photo of bombs.photos()) {
    const res = await postImage(target, `/api/calls/${call.callId}/reference-photo`, photo, call.ticketToken);
    photos.push({ status: res.status, code: res.body.error?.code });
  }
  return { signature, photos };
}

/** A contact-change call with teller1 whose summary waits for the customer's signature; its sockets go to `sockets`. */
export async function callAwaitingSignature(target: { url: string; ca: string }, sockets: TestSocket[]) {
  const call = await serviceCall(target, 'contact-change', sockets);
  const values = EXAMPLE_VALUES['contact-change'];
  await runStep(call, 'policy', values.policy);
  await runStep(call, 'new-contact', values['new-contact']);
  const { summaryHash } = await request(call.teller, 'service:requestSignature', { callId: call.callId });
  return { ...call, summaryHash: summaryHash! };
}

/**
 * Stops reading `socket`'s TCP connection, as a client that never drains:
 * what the server sends it piles up in the kernel, then in the server.
 */
export function stopReading(socket: TestSocket): { resume(): void } {
  const engine = socket.io.engine as unknown as {
    transport: { ws: { _socket: { pause(): void; resume(): void } } };
  };
  const tcp = engine.transport.ws._socket;
  tcp.pause();
  return { resume: () => tcp.resume() };
}
