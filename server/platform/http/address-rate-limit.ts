import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AttemptLimit } from '../attempt-limit.js';
import { AppError } from '../errors.js';

export interface AddressRateLimitOptions {
  /** What is limited, for the refusal's message. */
  what: string;
  perAddress: number;
  overall: number;
  windowSeconds: number;
}

/**
 * Limits requests per client address and for all addresses together: over
 * either budget, 429 `rate_limited` with `Retry-After` in seconds. The address
 * is Express's `req.ip`, which believes `X-Forwarded-For` only from trusted
 * proxies. rate-limiter-flexible's memory store; its shared stores take the
 * same calls when several servers answer.
 */
export function addressRateLimit(options: AddressRateLimitOptions): RequestHandler {
  const perAddress = new AttemptLimit(options.perAddress, options.windowSeconds, 'address');
  const overall = new AttemptLimit(options.overall, options.windowSeconds, 'overall');
  return function rateLimited(req: Request, res: Response, next: NextFunction): void {
    void (async () => {
      // The address first, so one address over its budget does not use up everyone's.
      const waitMs = (await perAddress.take(req.ip ?? 'unknown')) || (await overall.take('all'));
      if (waitMs === 0) return next();
      const seconds = Math.ceil(waitMs / 1000);
      res.setHeader('Retry-After', String(seconds));
      next(new AppError('rate_limited', `too many ${options.what}; try again in ${seconds} s`));
    })().catch(next);
  };
}
