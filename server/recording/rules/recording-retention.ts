import type { RecordingStatus } from '../../../shared/contracts/auditor.js';

const DAY_MS = 86_400_000;

export interface RetentionCandidate {
  startedAt: number;
  status: Exclude<RecordingStatus, 'none'>;
}

/** Recordings of calls started before this time are due. */
export const retentionCutoff = (now: number, retentionDays: number): number => now - retentionDays * DAY_MS;

/**
 * The recordings whose files retention deletes now: finished ones (complete or
 * interrupted) of calls that started more than `retentionDays` ago. One still
 * recording waits for its manifest; a purged one has nothing left to delete.
 */
export function dueForPurge<T extends RetentionCandidate>(
  recordings: readonly T[],
  now: number,
  retentionDays: number,
): T[] {
  const cutoff = retentionCutoff(now, retentionDays);
  return recordings.filter(
    (r) => (r.status === 'complete' || r.status === 'interrupted') && r.startedAt < cutoff,
  );
}
