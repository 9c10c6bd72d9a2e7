import type { ErrorRequestHandler } from 'express';
import { AppError } from '../errors.js';
import type { ErrorCode } from '../../../shared/contracts/errors.js';

/**
 * A router's own code for a body over its ceiling, whether the binder refused
 * it from its Content-Length (`payload_too_large`) or the parser while reading
 * it (`entity.too.large`): the page then says which upload was too big.
 */
export function tooLargeAs(code: ErrorCode, message: string): ErrorRequestHandler {
  return (error: unknown, _req, _res, next) => {
    const tooLarge =
      (error as { type?: string } | null)?.type === 'entity.too.large' ||
      (error instanceof AppError && error.code === 'payload_too_large');
    next(tooLarge ? new AppError(code, message) : error);
  };
}
