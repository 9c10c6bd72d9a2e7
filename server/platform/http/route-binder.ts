import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import { toFieldIssues } from '../../../shared/contracts/errors.js';
import {
  isRawBody,
  type JsonReply,
  type RawBody,
  type Reply,
  type RestRoute,
} from '../../../shared/contracts/rest.js';
import { AppError } from '../errors.js';
import { declaredLengthGuard } from './body-guard.js';
import { MAX_PAYLOAD_DEPTH, nestedDeeperThan } from '../payload-depth.js';

/** A request's parts as the route's contract parsed them; an upload's body is its bytes, if any came. */
export interface RouteInput<R extends RestRoute> {
  params: z.output<R['params']>;
  query: z.output<R['query']>;
  body: R['body'] extends z.ZodType
    ? z.output<R['body']>
    : R['body'] extends RawBody
      ? Buffer | undefined
      : undefined;
}

/** A JSON route's handler returns the body; the others answer through `res` themselves or not at all. */
type HandlerResult<P extends Reply> = P extends JsonReply<infer T> ? T : void;

export type RouteHandler<R extends RestRoute, Extra = object> = (
  input: RouteInput<R> & Extra,
  req: Request,
  res: Response,
) => HandlerResult<R['reply']> | Promise<HandlerResult<R['reply']>>;

/**
 * A route the access policy guards as a whole. `caller` says who is asking and
 * refuses (401, 403) one who may not, before anything they sent is read, as
 * the socket binder refuses an event before its payload: a refused caller
 * learns nothing from a 400. `handle` gets the caller as `input.caller`.
 */
export interface GuardedRoute<R extends RestRoute, C> {
  caller: (req: Request) => C | Promise<C>;
  handle: RouteHandler<R, { caller: C }>;
}

/**
 * Registers `route` (shared/contracts/rest-routes.ts) on `router`: reads an
 * upload's bytes within its limit, asks a guarded route's `caller`, validates
 * the path parameters, the query and a JSON body against the contract (400
 * `invalid_payload` with field issues, before the handler runs), then answers
 * with what the handler returns, at the contract's status.
 */
export function bindRoute<R extends RestRoute, C>(
  router: express.Router,
  route: R,
  handler: RouteHandler<R> | GuardedRoute<R, C>,
  /** Run first, before anything the request carries is read (a rate limit). */
  before: RequestHandler[] = [],
): void {
  const guard = typeof handler === 'function' ? undefined : handler.caller;
  const handle = (typeof handler === 'function' ? handler : handler.handle) as RouteHandler<R, object>;
  const body: RawBody | z.ZodType | undefined = route.body;
  const raw = isRawBody(body) ? rawParsers(body) : [];
  // Named, so a test can tell a route bound here from one registered by hand.
  const bound: RequestHandler = async function contractBound(req, res) {
    const caller = guard && { caller: await guard(req) };
    const input = {
      ...caller,
      params: parsed(route.params, req.params, 'path'),
      query: parsed(route.query, req.query, 'query'),
      body: bodyOf(body, req),
    } as RouteInput<R>;
    const result = await handle(input, req, res);
    if (route.reply.kind === 'json') res.status(route.reply.status).json(result);
    else if (route.reply.kind === 'empty') res.status(route.reply.status).end();
  };
  router[route.method](route.path, ...before, ...raw, bound);
}

/** An upload's bytes, refused from its declared length when over the limit, before they are read. */
function rawParsers(body: RawBody): RequestHandler[] {
  // '*': any declared type, or none; what the bytes are is the handler's to judge.
  const type = body.contentType;
  const readsAsBytes = (req: Request): boolean => type === '*' || req.is(type) !== false;
  return [
    declaredLengthGuard(body.maxBytes, readsAsBytes),
    express.raw({ type: type === '*' ? () => true : type, limit: body.maxBytes }),
  ];
}

function bodyOf(contract: RawBody | z.ZodType | undefined, req: Request): unknown {
  const body: unknown = req.body;
  // An upload sent with another content type was not read as bytes (or was read as JSON).
  if (isRawBody(contract)) return Buffer.isBuffer(body) ? body : undefined;
  if (!contract) return undefined;
  // The JSON parser leaves the body unset when none came or it was not declared JSON.
  if (body === undefined) {
    if (req.headers['content-type'] !== undefined && !req.is('json')) {
      throw new AppError('unsupported_media_type', 'the body must be application/json');
    }
    throw new AppError('invalid_payload', 'a JSON body is required');
  }
  // As the socket binder does: nothing walks a value deeper than any contract's.
  if (nestedDeeperThan(body, MAX_PAYLOAD_DEPTH))
    throw new AppError('invalid_payload', 'the body nests too deep');
  return parsed(contract, body, 'body');
}

function parsed(schema: z.ZodType, value: unknown, part: 'path' | 'query' | 'body'): unknown {
  const result = schema.safeParse(value);
  if (!result.success) throw new AppError('invalid_payload', `invalid ${part}`, toFieldIssues(result.error));
  return result.data;
}
