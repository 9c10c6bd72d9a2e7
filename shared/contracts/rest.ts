import { z } from 'zod';

/**
 * How a REST route is described (shared/contracts/rest-routes.ts lists them
 * all): method, express-style path, the schemas of its path parameters, query
 * and body, and what it answers. The server validates every request against
 * it before a handler runs; the pages type their calls from it.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

/**
 * An upload read as bytes, not JSON. `contentType` is the one type the server
 * reads ('*' for any: the content is then judged from the bytes themselves);
 * a larger body is refused before anything runs.
 */
export interface RawBody {
  kind: 'raw';
  contentType: string;
  maxBytes: number;
}

export const isRawBody = (body: z.ZodType | RawBody | undefined): body is RawBody =>
  body !== undefined && !(body instanceof z.ZodType);

declare const replyType: unique symbol;

/** A JSON answer of type T. The type exists only for the compiler. */
export interface JsonReply<T> {
  kind: 'json';
  status: 200 | 201;
  readonly [replyType]?: T;
}

/** 204 and no body. */
export interface EmptyReply {
  kind: 'empty';
  status: 204;
}

/** Bytes the handler sends itself (a file, a stream); the pages read them as a Blob. */
export interface BytesReply {
  kind: 'bytes';
  contentType: string;
}

export type Reply = JsonReply<unknown> | EmptyReply | BytesReply;

export const jsonReply = <T>(status: 200 | 201 = 200): JsonReply<T> => ({ kind: 'json', status });
export const emptyReply: EmptyReply = { kind: 'empty', status: 204 };
export const bytesReply = (contentType: string): BytesReply => ({ kind: 'bytes', contentType });

type Segments<P extends string> = P extends `${infer Head}/${infer Rest}` ? Head | Segments<Rest> : P;
type ParamName<S> = S extends `:${infer Name}` ? Name : never;
type WildcardName<S> = S extends `*${infer Name}` ? Name : never;

/** `/api/calls/:callId/*file` → `{ callId: string; file: string[] }`, as express 5 hands them over. */
export type PathParams<P extends string> = { [K in ParamName<Segments<P>>]: string } & {
  [K in WildcardName<Segments<P>>]: string[];
};

export interface RestRoute<
  Path extends string = string,
  Query extends z.ZodType = z.ZodType,
  Body extends z.ZodType | RawBody | undefined = z.ZodType | RawBody | undefined,
  R extends Reply = Reply,
> {
  method: HttpMethod;
  path: Path;
  params: z.ZodType<PathParams<Path>>;
  query: Query;
  /** A zod schema for a JSON body, a RawBody for an upload, or undefined when the body is ignored. */
  body: Body;
  reply: R;
}

const noQuery = z.object({});

/**
 * One route: `route('post', '/api/calls/:callId/rating', { body, reply })`.
 * The path parameters' schema follows from the path unless given; a route
 * without a query schema takes none (unknown names are dropped, as zod
 * objects do, so a cache-busting `?v=` stays harmless).
 */
export function route<
  const Path extends string,
  R extends Reply,
  Query extends z.ZodType = typeof noQuery,
  Body extends z.ZodType | RawBody | undefined = undefined,
>(
  method: HttpMethod,
  path: Path,
  spec: { params?: z.ZodType<PathParams<Path>>; query?: Query; body?: Body; reply: R },
): RestRoute<Path, Query, Body, R> {
  return {
    method,
    path,
    params: spec.params ?? paramsSchemaOf(path),
    query: (spec.query ?? noQuery) as Query,
    body: spec.body as Body,
    reply: spec.reply,
  };
}

/**
 * A path segment: no id, name or key has control characters, and PostgreSQL refuses a NUL in
 * text outright, so `%00` is bad input (400) rather than a failed query (500).
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses
const segment = z.string().regex(/^[^\u0000-\u001f\u007f]*$/);

function paramsSchemaOf<P extends string>(path: P): z.ZodType<PathParams<P>> {
  const shape: Record<string, z.ZodType> = {};
  for (const part of path.split('/')) {
    if (part.startsWith(':')) shape[part.slice(1)] = segment;
    else if (part.startsWith('*')) shape[part.slice(1)] = z.array(segment);
  }
  return z.object(shape) as unknown as z.ZodType<PathParams<P>>;
}

/** The route's path with its parameters filled in, each segment URL-encoded. */
export function pathOf<P extends string>(route: { path: P }, params: PathParams<P>): string {
  const values = params as Record<string, string | string[]>;
  return route.path
    .split('/')
    .map((segment) => {
      const value = segment.startsWith(':') || segment.startsWith('*') ? values[segment.slice(1)] : undefined;
      if (value === undefined) return segment;
      return Array.isArray(value) ? value.map(encodeURIComponent).join('/') : encodeURIComponent(value);
    })
    .join('/');
}

/** What a successful call gives the page. */
export type ReplyValue<R extends Reply> =
  R extends JsonReply<infer T> ? T : R extends BytesReply ? Blob : undefined;
