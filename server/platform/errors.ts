import type { ErrorBody, ErrorCode, FieldIssue } from '../../shared/contracts/errors.js';

/** An error whose code reaches the client unchanged. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: FieldIssue[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toBody(): ErrorBody {
    return this.issues
      ? { code: this.code, message: this.message, issues: this.issues }
      : { code: this.code, message: this.message };
  }
}

/** Any thrown value as an error body; unknown errors never leak their message. */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof AppError) return error.toBody();
  return { code: 'internal', message: 'internal error' };
}
