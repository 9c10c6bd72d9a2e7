import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AttemptLimit, type LimitStore } from '../attempt-limit.js';
import { AppError } from '../errors.js';

export interface AddressRateLimitOptions {
  /** What is limited, for the refusal's message. */
  what: string;
  perAddress: number;
  overall: number;
  windowSeconds: number;
  /** Where the counts live; unset: this process's memory. */
  store?: LimitStore;
}

/**
 * Limits requests per client address and for all addresses together: over
 * either budget, 429 `rate_limited` with `Retry-After` in seconds. The address
 * is Express's `req.ip`, which believes `X-Forwarded-For` only from trusted
 * proxies. The counts live in `store`: memory for one node, Redis when
 * several nodes answer, so an address has one budget across them.
 */
export function addressRateLimit(options: AddressRateLimitOptions): RequestHandler {
  const perAddress = new AttemptLimit(options.perAddress, options.windowSeconds, 'address', options.store);
  const overall = new AttemptLimit(options.overall, options.windowSeconds, 'overall', options.store);
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
