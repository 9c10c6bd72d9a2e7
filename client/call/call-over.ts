import { errorCode } from '../common/socket.js';

/** How the server refuses a request about a call that is no longer running. */
const CALL_OVER_CODES: readonly string[] = ['not_found', 'invalid_state'];

/**
 * A hang-up refused because the call is already over on the server: nothing
 * is left to hang up, so the page ends the call as if it had hung up.
 */
export function meansCallIsOver(error: unknown): boolean {
  return CALL_OVER_CODES.includes(errorCode(error));
}
