import type { z } from 'zod';
import type { FieldIssue } from '../../shared/contracts/errors.js';
import {
  isRawBody,
  pathOf,
  type PathParams,
  type RawBody,
  type ReplyValue,
  type RestRoute,
} from '../../shared/contracts/rest.js';

/**
 * A request the server refused or never answered, over REST or the socket.
 * `code` is the server's stable code ('network' when no answer came); `status`
 * the HTTP status, 0 when there was none (no answer, or a socket request).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Per-field problems, when the server named them. */
    readonly fields: readonly FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type ParamsPart<R extends RestRoute> = keyof PathParams<R['path']> extends never
  ? { params?: undefined }
  : { params: PathParams<R['path']> };

type BodyPart<R extends RestRoute> = R['body'] extends z.ZodType
  ? { body: z.input<R['body']> }
  : R['body'] extends RawBody
    ? { body: Blob }
    : { body?: undefined };

type QueryPart<R extends RestRoute> = { query?: z.input<R['query']> };

/** Where a route is, as the pages link to it (an image, a download). */
export type Location<R extends RestRoute> = ParamsPart<R> & QueryPart<R>;

export type CallOptions<R extends RestRoute> = Location<R> &
  BodyPart<R> & {
    /** A customer's ticket token, sent as Bearer; a staff session goes in its HttpOnly cookie. */
    token?: string | null;
    /** Further headers, such as an upload's X-File-Name. */
    headers?: Record<string, string>;
  };

// Options may be left out when the route needs none.
type OptionsArg<T> = object extends T ? [options?: T] : [options: T];

/**
 * The node every request of this page goes to, or null: through the load
 * balancer. A page whose call runs on another node pins its socket there
 * (SocketClient.moveTo), and its REST follows, since call-scoped requests
 * (a chat file, a reference photo, a record) must reach the node holding the call.
 */
let pinnedNode: string | null = null;

/** Set by the page's SocketClient as it pins and unpins its socket. */
export function setApiNode(nodeId: string | null): void {
  pinnedNode = nodeId;
}

export function apiNode(): string | null {
  return pinnedNode;
}

/** The path prefix that reaches `nodeId` alone through the load balancer (README, "Pages follow their call's node"). */
export function nodePrefix(nodeId: string | null): string {
  return nodeId === null ? '' : `/node/${encodeURIComponent(nodeId)}`;
}

/** A path of this origin as the page must ask for it now: on its pinned node, if any. */
export function onPinnedNode(path: string): string {
  return path.startsWith('/') && !path.startsWith('//') ? nodePrefix(pinnedNode) + path : path;
}

/** The route's URL with its path parameters and query filled in, on the pinned node if any. */
export function urlOf<R extends RestRoute>(route: R, ...[location]: OptionsArg<Location<R>>): string {
  return urlFor(route, (location ?? {}) as { params?: object; query?: object });
}

function urlFor(route: RestRoute, location: { params?: object; query?: object }): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(location.query ?? {})) {
    for (const item of Array.isArray(value) ? value : [value])
      if (item !== undefined) search.append(name, String(item));
  }
  const path = pathOf(route, (location.params ?? {}) as PathParams<string>);
  const query = search.toString();
  return onPinnedNode(query ? `${path}?${query}` : path);
}

/**
 * Calls a route of shared/contracts/rest-routes.ts: a JSON body as JSON, an
 * upload as its bytes. Answers the parsed JSON, nothing for a 204, or a Blob
 * for a file; any other status is thrown as an ApiError carrying the server's
 * code and field issues.
 */
export async function callApi<R extends RestRoute>(
  route: R,
  ...[options]: OptionsArg<CallOptions<R>>
): Promise<ReplyValue<R['reply']>> {
  const call = (options ?? {}) as {
    params?: object;
    query?: object;
    body?: unknown;
    token?: string | null;
    headers?: Record<string, string>;
  };
  const { body, token } = call;
  const headers: Record<string, string> = { ...call.headers };
  if (route.reply.kind === 'json') headers.Accept = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  let payload: BodyInit | undefined;
  if (isRawBody(route.body) && body instanceof Blob) {
    const declared = route.body.contentType;
    headers['Content-Type'] = declared === '*' ? body.type || 'application/octet-stream' : declared;
    payload = body;
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(urlFor(route, call), {
      method: route.method.toUpperCase(),
      headers,
      credentials: 'same-origin',
      ...(payload === undefined ? {} : { body: payload }),
    });
  } catch {
    throw new ApiError(0, 'network', 'the server could not be reached');
  }
  if (!response.ok) throw toApiError(response.status, await readJson(response));
  const reply = route.reply.kind;
  const value =
    reply === 'bytes' ? await response.blob() : reply === 'json' ? await readJson(response) : undefined;
  return value as ReplyValue<R['reply']>;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** When a proxy, not the server, answered: the status says what it can. */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'invalid_payload',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  429: 'rate_limited',
};

function toApiError(status: number, payload: unknown): ApiError {
  const error = isRecord(payload) && isRecord(payload.error) ? payload.error : {};
  const code = typeof error.code === 'string' ? error.code : (CODE_BY_STATUS[status] ?? 'internal');
  const message = typeof error.message === 'string' ? error.message : `HTTP ${status}`;
  const fields = Array.isArray(error.issues) ? error.issues.filter(isFieldIssue) : [];
  return new ApiError(status, code, message, fields);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isFieldIssue(value: unknown): value is FieldIssue {
  return isRecord(value) && typeof value.path === 'string' && typeof value.code === 'string';
}
