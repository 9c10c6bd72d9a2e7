import type express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyScope, IssuedApiKey } from '../../shared/contracts/admin.js';
import type { StaffUser } from '../../shared/contracts/auth.js';
import type { Ack } from '../../shared/contracts/errors.js';
import {
  clientRequests,
  type ClientRequestName,
  type ClientRequestPayload,
} from '../../shared/contracts/socket-events.js';
import { mountHttpRoutes, type HttpRoutesDeps } from '../../server/composition/http-routes.js';
import {
  can,
  maySend,
  type Caller,
  type CallParties,
  type Credentials,
  type Permission,
  type Principal,
} from '../../server/identity/index.js';
import { SOCKET_REQUEST_PERMISSIONS } from '../../server/identity/policy/socket-permissions.js';
import { setUpCall } from '../support/call-setup.js';
import { ask, connect, httpRequest, login, staffHeaders, type TestSocket } from '../support/clients.js';
import { addTeller } from '../support/staff.js';
import { fakeDtlsParameters, fakeRtpParameters } from '../support/fake-media.js';
import { messageId } from '../support/service-client.js';
import { startTestServer, type TestServer } from '../support/test-server.js';

/**
 * The access policy against a real server: every REST route and every socket
 * request, sent by every kind of caller, gets the answer the policy's table
 * gives (allowed: anything but 401/403; refused: 401 for nobody, 403 for
 * anyone else). One call is in progress throughout, and another one beside it.
 */

const WHO = [
  'anonymous',
  'customer',
  'otherCustomer',
  'teller',
  'otherTeller',
  'supervisor',
  'auditor',
  'admin',
  // An institution's systems: a key with the records.verify scope, one with another scope, a revoked one.
  'verifierKey',
  'archiveKey',
  'revokedKey',
  // A teller whose account an administrator disabled after it signed in.
  'disabledStaff',
] as const;
type Who = (typeof WHO)[number];
/** Those who hold a socket: not nobody, not a system with a key, not a disabled account. */
const SOCKET_WHO = WHO.filter(
  (who) => !['anonymous', 'verifierKey', 'archiveKey', 'revokedKey', 'disabledStaff'].includes(who),
);
type Answer = 'allowed' | 401 | 403;

/**
 * How a REST route is guarded: open to all, a permission for the credentials
 * it takes, or a step of signing in, which only a session half-way through
 * signing in may take (none of the callers here).
 */
type Access =
  | { public: true }
  | { signInStep: true }
  | { credentials: Credentials; permission: Permission; of?: 'the call' | 'the customer’s ticket' };

interface RouteCase {
  access: Access;
  /** Ends the caller's session: sent with a session of its own, so the caller stays signed in. */
  endsSession?: true;
  /** A well-formed body, so a refusal can only be the policy's. */
  body?: { json: unknown } | { raw: string; type: string };
}

const PUBLIC = { access: { public: true } } as const;
const staffOnly = (permission: Permission): RouteCase => ({ access: { credentials: 'staff', permission } });
const bytes = (raw: string) => ({ raw, type: 'application/octet-stream' });

/** Every route the features mount, as `METHOD path`; a route missing here fails the first test. */
const ROUTES: Record<string, RouteCase> = {
  'GET /api/catalog': PUBLIC,
  'POST /api/tickets': { ...PUBLIC, body: { json: {} } },
  'POST /api/auth/login': PUBLIC,
  'POST /api/auth/logout': { ...PUBLIC, endsSession: true },
  'GET /api/auth/me': staffOnly('staff.session'),
  // A wrong current password: the policy let it through, the password check refuses it (422).
  'POST /api/auth/password': { ...staffOnly('staff.session'), body: { json: { newPassword: 'x' } } },
  'POST /api/auth/second-factor': { access: { signInStep: true }, body: { json: { code: '123456' } } },
  'POST /api/auth/second-factor/enrolment': { access: { signInStep: true } },
  'POST /api/auth/second-factor/enrolment/confirm': {
    access: { signInStep: true },
    body: { json: { code: '123456' } },
  },
  'PUT /api/vip-customers': staffOnly('vip.manage'),
  'DELETE /api/vip-customers': staffOnly('vip.manage'),
  'GET /api/teller/history': staffOnly('calls.history_own'),
  'GET /api/audit/verify': staffOnly('audit.read'),
  'GET /api/audit/calls': staffOnly('audit.read'),
  'GET /api/audit/calls/:callId': staffOnly('audit.read'),
  'POST /api/audit/calls/:callId/verify': staffOnly('audit.read'),
  'POST /api/audit/calls/:callId/decision': staffOnly('audit.decide'),
  'GET /api/recordings/:callId/*file': staffOnly('recording.read'),
  'POST /api/calls/:callId/documents': {
    access: { credentials: 'staff_or_ticket', permission: 'call.take_part', of: 'the call' },
    body: bytes('not a document'),
  },
  'POST /api/calls/:callId/rating': {
    access: { credentials: 'staff_or_ticket', permission: 'service.rate', of: 'the call' },
    body: { json: { score: 5 } },
  },
  'GET /api/calls/:callId/record.pdf': {
    access: { credentials: 'staff_or_ticket', permission: 'call.read', of: 'the call' },
  },
  'POST /api/records/verify': {
    access: { credentials: 'staff_or_api_key', permission: 'record.verify' },
    body: { raw: 'not a pdf', type: 'application/pdf' },
  },
  'GET /api/admin/staff': staffOnly('admin.staff'),
  'POST /api/admin/staff': {
    ...staffOnly('admin.staff'),
    body: { json: { username: 'policy-check', displayName: 'Policy Check', role: 'auditor' } },
  },
  'PUT /api/admin/staff/:userId': { ...staffOnly('admin.staff'), body: { json: { displayName: 'x' } } },
  'POST /api/admin/staff/:userId/disable': staffOnly('admin.staff'),
  'POST /api/admin/staff/:userId/enable': staffOnly('admin.staff'),
  'POST /api/admin/staff/:userId/password-reset': staffOnly('admin.staff'),
  'POST /api/admin/staff/:userId/unlock': staffOnly('admin.staff'),
  'POST /api/admin/staff/:userId/second-factor-reset': staffOnly('admin.staff'),
  'GET /api/admin/api-keys': staffOnly('admin.api_keys'),
  'GET /api/cluster': staffOnly('cluster.read'),
  'GET /api/cluster/placement': staffOnly('queue.serve'),
  'POST /api/admin/api-keys': {
    ...staffOnly('admin.api_keys'),
    body: { json: { name: 'policy check', scopes: ['records.verify'] } },
  },
  'POST /api/admin/api-keys/:keyId/revoke': staffOnly('admin.api_keys'),
  'POST /api/tickets/:ticketId/reference-photo': {
    access: { credentials: 'ticket', permission: 'face.reference.upload', of: 'the customer’s ticket' },
    body: bytes('not an image'),
  },
  'POST /api/calls/:callId/reference-photo': {
    access: { credentials: 'staff_or_ticket', permission: 'face.reference.upload', of: 'the call' },
    body: bytes('not an image'),
  },
  'GET /api/calls/:callId/reference-photo': {
    access: { credentials: 'staff_or_ticket', permission: 'face.review', of: 'the call' },
  },
  'PUT /api/references/:idType/:idNumber': {
    ...staffOnly('face.reference.file'),
    body: bytes('not an image'),
  },
  'POST /api/calls/:callId/chat/files': {
    access: { credentials: 'staff_or_ticket', permission: 'chat.send', of: 'the call' },
    body: bytes('not a document'),
  },
  'GET /api/calls/:callId/chat/files/:fileId': {
    access: { credentials: 'staff_or_ticket', permission: 'chat.file_read', of: 'the call' },
  },
};
/** The platform's own routes, open to all. */
const PLATFORM_ROUTES = ['GET /healthz', 'GET /metrics'];

/** The routes the features mount, read from their routers as composition mounts them. */
function mountedRoutes(): string[] {
  const mounted: string[] = [];
  const app = {
    use: (...args: unknown[]) => {
      const [prefix, router] = typeof args[0] === 'string' ? args : ['', args[0]];
      for (const layer of (router as express.Router).stack) {
        const route = layer.route as { path: string; methods: Record<string, boolean> } | undefined;
        for (const method of Object.keys(route?.methods ?? {}))
          mounted.push(`${method.toUpperCase()} ${String(prefix)}${route!.path}`);
      }
    },
  } as unknown as express.Express;
  // The routers only keep their deps for later requests, so none are needed to list them.
  mountHttpRoutes(app, {
    face: {},
    auditing: {},
    limits: { ticketsPerAddressPerMinute: 1, ticketsPerMinute: 1 },
  } as HttpRoutesDeps);
  return mounted;
}

interface TestCaller {
  principal: Caller | undefined;
  /** The caller's credentials on a request: a customer's ticket token or an API key (Bearer), a staff session (cookie). */
  headers: Record<string, string>;
  socket: TestSocket | undefined;
}

let server: TestServer;
/** Moves the server's clock on: the last test lets every session go idle. */
let skewMs = 0;
const callers = {} as Record<Who, TestCaller>;
let callId: string;
let ticketId: string;
/** The session of a teller signed in before an administrator disabled the account. */
let disabledToken: string;
/** The call in progress every request names: its customer and teller. */
let theCall: CallParties;

beforeAll(async () => {
  server = await startTestServer({}, { clock: () => Date.now() + skewMs });
  const ticket = { serviceId: 'consultation' } as const;
  const call = await setUpCall(server, 'teller1', ticket);
  // teller1 is busy, so the second customer goes to teller2.
  const other = await setUpCall(server, 'teller2', ticket);
  callId = call.tellerCall.callId;
  ticketId = call.customerCall.ticketId;
  const customer = (c: typeof call): TestCaller => ({
    principal: { kind: 'customer', ticketId: c.customerCall.ticketId },
    headers: { authorization: `Bearer ${c.ticketToken}` },
    socket: c.customer,
  });
  const staff = async (username: string, socket?: TestSocket): Promise<TestCaller> => {
    const { token, user } = await login(server, username);
    return {
      principal: { kind: 'staff', user },
      headers: staffHeaders(token),
      socket: socket ?? (await connect(server, { token })),
    };
  };
  Object.assign(callers, {
    anonymous: { principal: undefined, headers: {}, socket: undefined },
    customer: customer(call),
    otherCustomer: customer(other),
    teller: await staff('teller1', call.teller),
    otherTeller: await staff('teller2', other.teller),
    supervisor: await staff('supervisor1'),
    auditor: await staff('auditor1'),
    admin: await staff('admin1'),
  });
  const asAdmin = <T>(path: string, json?: unknown) =>
    httpRequest<T>(server, 'POST', path, {
      json,
      headers: callers.admin.headers,
    });
  const apiKey = async (scopes: ApiKeyScope[]): Promise<TestCaller & { id: string }> => {
    const { apiKey: view, key } = (await asAdmin<IssuedApiKey>('/api/admin/api-keys', { name: 'k', scopes }))
      .body;
    return {
      principal: { kind: 'api_key', key: view },
      headers: { authorization: `Bearer ${key}` },
      socket: undefined,
      id: view.id,
    };
  };
  const revoked = await apiKey(['records.verify']);
  await asAdmin(`/api/admin/api-keys/${revoked.id}/revoke`);
  const disabled = await addTeller(server, 'disabled1', { skills: [], languages: ['cmn'] });
  disabledToken = (await login(server, 'disabled1')).token;
  await asAdmin(`/api/admin/staff/${disabled}/disable`);
  Object.assign(callers, {
    verifierKey: await apiKey(['records.verify']),
    archiveKey: await apiKey(['references.write']),
    revokedKey: { principal: undefined, headers: revoked.headers, socket: undefined },
    disabledStaff: { principal: undefined, headers: staffHeaders(disabledToken), socket: undefined },
  });
  theCall = { ticketId, tellerIds: [(callers.teller.principal as { user: StaffUser }).user.id] };
}, 60_000);

afterAll(async () => {
  for (const caller of Object.values(callers)) caller.socket?.close();
  await server?.close();
});

/** What the table says `who` gets from a route. */
function expectedOfRoute({ access }: RouteCase, who: Who): Answer {
  if ('public' in access) return 'allowed';
  if ('signInStep' in access) return 401;
  const { principal } = callers[who];
  const takes =
    principal !== undefined &&
    {
      staff: principal.kind === 'staff',
      ticket: principal.kind === 'customer',
      staff_or_ticket: principal.kind !== 'api_key',
      staff_or_api_key: principal.kind !== 'customer',
    }[access.credentials];
  // A credential the route does not take counts as none.
  if (!takes) return 401;
  const parties =
    access.of === 'the call'
      ? theCall
      : access.of === 'the customer’s ticket'
        ? { ticketId, tellerIds: [] }
        : undefined;
  return can(principal, access.permission, parties) ? 'allowed' : 403;
}

const answerOf = (status: number): Answer => (status === 401 || status === 403 ? status : 'allowed');

/** The code a socket request was answered with, and what it means here. */
function socketAnswer(ack: Ack<unknown>): [code: string, answer: Answer] {
  const code = ack.ok ? 'ok' : ack.error.code;
  return [code, code === 'forbidden' ? 403 : code === 'unauthorized' ? 401 : 'allowed'];
}

async function sendRoute(
  route: string,
  { body, endsSession }: RouteCase,
  who: Who,
  credentials?: Record<string, string>,
): Promise<number> {
  const [method, template] = route.split(' ') as [string, string];
  const path = template
    .replace(':callId', callId)
    .replace(':ticketId', ticketId)
    .replace('*file', 'customer-video-01.webm')
    .replace(':idType', 'cn-resident')
    .replace(':idNumber', '110105194912310089')
    // No such account or key: an administrator gets past the policy to a 404, and changes nothing.
    .replace(':userId', 'nobody')
    .replace(':keyId', 'none')
    .replace(':fileId', 'none');
  const { principal } = callers[who];
  const headers: Record<string, string> =
    credentials !== undefined
      ? { ...credentials }
      : endsSession && principal?.kind === 'staff'
        ? staffHeaders((await login(server, principal.user.username)).token)
        : { ...callers[who].headers };
  if (body && 'type' in body) headers['content-type'] = body.type;
  const options = !body ? {} : 'json' in body ? { json: body.json } : { raw: body.raw };
  return (await httpRequest(server, method, path, { ...options, headers })).status;
}

/** A well-formed request naming the call in progress, so a refusal can only be the policy's. */
function payloadOf<E extends ClientRequestName>(request: E): ClientRequestPayload<E> {
  const payloads: { [R in ClientRequestName]: ClientRequestPayload<R> } = {
    'media:createTransport': { callId, direction: 'recv' },
    'media:connectTransport': {
      callId,
      transportId: 'none',
      dtlsParameters: { ...fakeDtlsParameters, role: 'client' },
    },
    'media:produce': {
      callId,
      transportId: 'none',
      kind: 'audio',
      rtpParameters: fakeRtpParameters('audio', 1) as { codecs: Record<string, unknown>[] },
    },
    'media:consume': { callId, transportId: 'none', producerId: 'none', rtpCapabilities: {} },
    'media:resumeConsumer': { callId, consumerId: 'none' },
    'media:setProducerPaused': { callId, producerId: 'none', paused: true },
    'media:closeProducer': { callId, producerId: 'none' },
    'media:restartIce': { callId, transportId: 'none' },
    'call:hangUp': { callId },
    'ticket:status': {},
    'queue:leave': {},
    'teller:setStatus': { status: 'available' },
    'teller:state': {},
    'offer:accept': { ticketId: 'none' },
    'offer:decline': { ticketId: 'none' },
    'teller:wrapUp': { callId, outcome: 'resolved' },
    'transfer:targets': {},
    'call:transfer': { callId, target: { kind: 'teller', tellerId: 'none' }, reason: 'access check' },
    'call:cancelTransfer': { callId },
    'transfer:respond': { callId, transferId: 'none', accept: false },
    'supervisor:board': {},
    'monitor:start': { callId, mode: 'listen' },
    'monitor:stop': { callId },
    'service:state': { callId },
    'service:push': { callId, messageId: messageId(), stepId: 'none' },
    'service:submit': { callId, messageId: messageId(), stepId: 'none', values: {} },
    'service:confirm': { callId, messageId: messageId(), stepId: 'none' },
    'service:correct': { callId, messageId: messageId(), stepId: 'none', message: 'again' },
    'service:withdraw': { callId, messageId: messageId(), stepId: 'none' },
    'service:requestSignature': { callId },
    'service:sign': {
      callId,
      messageId: messageId(),
      summaryHash: '0'.repeat(64),
      // A PNG's signature bytes: past the image check, so the call is what decides.
      png: 'data:image/png;base64,iVBORw0KGgo=',
      strokes: [],
    },
    'service:complete': { callId, messageId: messageId() },
    'service:rate': { callId, score: 5 },
    'face:start': { callId },
    'face:frame': { callId, checkId: 'none', seq: 0, phase: 0, bytes: new Uint8Array([1, 2, 3]) },
    'face:decide': { callId, checkId: 'none', decision: 'pass' },
    'chat:send': { callId, text: 'access check' },
    'chat:history': { callId },
    'chat:quickReplies': {},
    'location:report': { callId, browser: { status: 'refused' } },
    'location:view': { callId },
  };
  return payloads[request];
}

/** What the table says `who` gets from a socket request about the call in progress. */
function expectedOfRequest(request: ClientRequestName, who: Who): Answer {
  return can(callers[who].principal, SOCKET_REQUEST_PERMISSIONS[request], theCall) ? 'allowed' : 403;
}

describe('the access policy on a real server', () => {
  it('knows every REST route the features mount', () => {
    expect(mountedRoutes().sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('answers every REST route as the table says, for every caller', async () => {
    const wrong: string[] = [];
    const routes = [...Object.entries(ROUTES), ...PLATFORM_ROUTES.map((r) => [r, PUBLIC] as const)];
    for (const [route, routeCase] of routes) {
      for (const who of WHO) {
        const expected = expectedOfRoute(routeCase, who);
        const status = await sendRoute(route, routeCase, who);
        if (answerOf(status) !== expected) wrong.push(`${route} by ${who}: ${status}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it('lets nobody connect a socket without a valid token', async () => {
    await expect(connect(server, {})).rejects.toThrow('unauthorized');
    await expect(connect(server, { ticketToken: 'forged.token' })).rejects.toThrow('unauthorized');
    await expect(connect(server, { token: disabledToken })).rejects.toThrow('unauthorized');
    const apiKey = callers.verifierKey.headers.authorization!.replace('Bearer ', '');
    await expect(connect(server, { token: apiKey })).rejects.toThrow('unauthorized');
    await expect(connect(server, { ticketToken: apiKey })).rejects.toThrow('unauthorized');
  });

  it('refuses at once, whatever the payload, every socket request a caller can never send', async () => {
    const wrong: string[] = [];
    for (const request of Object.keys(clientRequests) as ClientRequestName[]) {
      for (const who of SOCKET_WHO) {
        const expected = maySend(callers[who].principal as Principal, request) ? 'allowed' : 403;
        // An empty payload names no call: a request that gets past the policy fails its contract instead.
        const ack = await ask(callers[who].socket!, request, {});
        const [code, answer] = socketAnswer(ack);
        if (answer !== expected) wrong.push(`${request} by ${who}: ${code}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it('answers every socket request as the table says, for every caller', async () => {
    const wrong: string[] = [];
    // Hanging up ends the call every other request names, so it goes last.
    const requests = (Object.keys(clientRequests) as ClientRequestName[]).sort(
      (a, b) => Number(a === 'call:hangUp') - Number(b === 'call:hangUp'),
    );
    for (const request of requests) {
      // Those refused first: once allowed, a request may change what the next caller finds.
      const askers = [...SOCKET_WHO].sort(
        (a, b) =>
          Number(expectedOfRequest(request, a) === 'allowed') -
          Number(expectedOfRequest(request, b) === 'allowed'),
      );
      for (const who of askers) {
        const expected = expectedOfRequest(request, who);
        const ack = await ask(callers[who].socket!, request, payloadOf(request));
        const [code, answer] = socketAnswer(ack);
        if (answer !== expected) wrong.push(`${request} by ${who}: ${code}, expected ${expected}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  /** Every route a staff session opens, sent with `headers`: each must answer 401, as to nobody. */
  async function staffRoutesAnswer(who: Who, headers: Record<string, string>): Promise<string[]> {
    const wrong: string[] = [];
    for (const [route, routeCase] of Object.entries(ROUTES)) {
      if (!('credentials' in routeCase.access) || routeCase.access.credentials === 'ticket') continue;
      const status = await sendRoute(route, routeCase, who, headers);
      if (status !== 401) wrong.push(`${route} by ${who}: ${status}, expected 401`);
    }
    return wrong;
  }

  it('takes a revoked session for nobody: 401 on every staff route, its socket cut off and refused', async () => {
    const { token } = await login(server, 'supervisor1');
    const socket = await connect(server, { token });
    const cut = new Promise((resolve) => socket.once('disconnect', resolve));
    await httpRequest(server, 'POST', '/api/auth/logout', { headers: staffHeaders(token) });
    expect(await staffRoutesAnswer('supervisor', staffHeaders(token))).toEqual([]);
    await cut;
    await expect(connect(server, { token })).rejects.toThrow('unauthorized');
  }, 60_000);

  // Last: it lets every caller's session go idle.
  it('takes an expired session for nobody: 401 on every staff route, and the sockets cut off', async () => {
    const staff = WHO.filter((who) => callers[who].principal?.kind === 'staff');
    const cut = staff.map(
      (who) => new Promise((resolve) => callers[who].socket!.once('disconnect', resolve)),
    );
    skewMs += server.config.sessionIdleMs;
    const wrong: string[] = [];
    for (const who of staff) wrong.push(...(await staffRoutesAnswer(who, callers[who].headers)));
    expect(wrong).toEqual([]);
    await Promise.all(cut);
  }, 60_000);
});
