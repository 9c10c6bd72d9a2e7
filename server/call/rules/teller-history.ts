import type { CallHistoryRow } from '../../../shared/contracts/call-history.js';
import type { CallEndReason } from '../../../shared/contracts/socket-events.js';
import type { WrapUpOutcome } from '../../../shared/contracts/wrap-up.js';
import type { TellerCallRow } from '../call-history-store.js';

const SERVICE_STATUSES = new Set(['in_progress', 'completed', 'withdrawn']);

/**
 * A teller's calls of one day as its desk lists them. Pure: the day of a
 * moment and the record's address come in as functions.
 */
export function tellerHistory(
  rows: readonly TellerCallRow[],
  input: {
    today: string;
    dayOf: (at: number) => string;
    outcomes: readonly WrapUpOutcome[];
    recordUrlOf: (callId: string) => string;
  },
): CallHistoryRow[] {
  return rows
    .filter((row) => input.dayOf(row.startedAt) === input.today)
    .map((row) => {
      // A teller who left before the end handed the call over; the call went on without it.
      const handedOver = row.leftAt !== null && (row.endedAt === null || row.leftAt < row.endedAt);
      const serviceStatus = SERVICE_STATUSES.has(row.serviceStatus ?? '')
        ? (row.serviceStatus as CallHistoryRow['serviceStatus'])
        : null;
      const serviceEnded = serviceStatus === 'completed' || serviceStatus === 'withdrawn';
      return {
        callId: row.callId,
        serviceId: row.serviceId,
        customerName: row.customerName,
        startedAt: row.startedAt,
        endedAt: handedOver ? row.leftAt : row.endedAt,
        endReason: handedOver ? 'transferred' : (row.endReason as CallEndReason | null),
        serviceStatus,
        wrapUp: row.wrappedUp
          ? {
              outcome: row.wrapUpOutcome,
              label: input.outcomes.find((o) => o.code === row.wrapUpOutcome)?.label ?? null,
              note: row.wrapUpNote ?? '',
            }
          : null,
        recordUrl: row.hasRecord || serviceEnded ? input.recordUrlOf(row.callId) : null,
      };
    });
}
