import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { AppError } from '../errors.js';
import { fromAllowedOrigin } from './origins.js';

/**
 * Headers every response carries. The pages load only their own scripts (Vite emits
 * no inline script), media comes from getUserMedia and the SFU, and nobody may frame
 * a page: a framed teller desk could be clickjacked into accepting or approving.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Styles set from scripts (element.style) are allowed by CSP; attributes in HTML are not.
        styleSrc: ["'self'"],
        // data: for QR codes and signature previews, blob: for recordings and captured photos.
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
    // The pages fetch nothing cross-origin, so they can isolate themselves.
    crossOriginEmbedderPolicy: false,
  });
}

export function permissionsPolicy(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Permissions-Policy', 'camera=(self), microphone=(self), geolocation=(self)');
  next();
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Refuses state-changing requests that a page of another origin sent. */
export function originGuard(allowedOrigins: () => readonly string[]): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || fromAllowedOrigin(req.headers, allowedOrigins())) return next();
    next(new AppError('cross_origin', 'requests from this origin are not accepted'));
  };
}
