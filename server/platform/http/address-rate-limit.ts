import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
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
  const duration = options.windowSeconds;
  const perAddress = new RateLimiterMemory({ points: options.perAddress, duration, keyPrefix: 'address' });
  const overall = new RateLimiterMemory({ points: options.overall, duration, keyPrefix: 'overall' });
  return function rateLimited(req: Request, res: Response, next: NextFunction): void {
    // The address first, so one address over its budget does not use up everyone's.
    perAddress
      .consume(req.ip ?? 'unknown')
      .then(() => overall.consume('all'))
      .then(
        () => next(),
        (refusal: unknown) => {
          if (!(refusal instanceof RateLimiterRes)) return next(refusal);
          const seconds = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
          res.setHeader('Retry-After', String(seconds));
          next(new AppError('rate_limited', `too many ${options.what}; try again in ${seconds} s`));
        },
      );
  };
}
