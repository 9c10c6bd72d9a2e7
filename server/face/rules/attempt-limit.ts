export type AttemptVerdict =
  | { allowed: true; remaining: number }
  | { allowed: false; code: 'face_attempts_exhausted' };

/** Whether another face check may start on a call that has already failed `failedSoFar` times. */
export function attemptVerdict(failedSoFar: number, maxFailed: number): AttemptVerdict {
  const remaining = maxFailed - failedSoFar;
  return remaining > 0 ? { allowed: true, remaining } : { allowed: false, code: 'face_attempts_exhausted' };
}

export const DEFAULT_MAX_FAILED_ATTEMPTS = 5;
