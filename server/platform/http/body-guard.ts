import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { ErrorCode } from '../../../shared/contracts/errors.js';
import { AppError } from '../errors.js';

/**
 * Refuses a body whose declared `Content-Length` is over `maxBytes` before a
 * byte of it is read. The body parsers would read such a body to its end
 * before refusing it; here the answer goes out at once and the connection is
 * closed after it, so the client's remaining bytes are never waited for.
 */
export function declaredLengthGuard(maxBytes: number, applies: (req: Request) => boolean = () => true) {
  return function declaredLength(req: Request, res: Response, next: NextFunction): void {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (!(declared > maxBytes) || !applies(req)) return next();
    res.setHeader('Connection', 'close');
    next(new AppError('payload_too_large', `the body is larger than ${maxBytes} bytes`));
  } satisfies RequestHandler;
}

/**
 * The stable code of an error the HTTP stack itself raised (body parsers,
 * percent-decoding of the path): they carry a 4xx `status`. Undefined for
 * anything else, which is a fault of ours.
 */
export function stackErrorCode(error: unknown): ErrorCode | undefined {
  const { status, type } = (error ?? {}) as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499) return undefined;
  if (status === 413 || type === 'entity.too.large') return 'payload_too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 408) return 'request_timeout';
  return 'invalid_payload';
}

/**
 * Node's own deadlines for a request to arrive: headers within the smaller of
 * 20 s and `requestTimeoutMs`, headers and body within `requestTimeoutMs`
 * (answered 408 and closed). A client that declares a body and stalls holds a
 * connection no longer than that. Checked every second, not every 30 s.
 */
export function requestDeadlines(requestTimeoutMs: number): {
  requestTimeout: number;
  headersTimeout: number;
  connectionsCheckingInterval: number;
} {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(20_000, requestTimeoutMs),
    connectionsCheckingInterval: Math.min(1000, requestTimeoutMs),
  };
}
