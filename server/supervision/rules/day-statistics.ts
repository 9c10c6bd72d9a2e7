import type { DayStatistics } from '../../../shared/contracts/supervisor.js';

export interface DayTicket {
  joinedAt: number;
  answeredAt: number | null;
  /** When it left the line without being answered, or ended after the call. */
  closedAt: number | null;
  abandoned: boolean;
}

export interface DayCall {
  startedAt: number;
  endedAt: number | null;
  /** When the teller finished its wrap-up after the call, which counts in the handle time. */
  wrappedUpAt: number | null;
}

const mean = (values: number[]): number | null =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;

/** The supervisor's "today" figures from the day's tickets, calls and offer counts. Pure. */
export function dayStatistics(input: {
  tickets: DayTicket[];
  calls: DayCall[];
  offered: number;
  offersExpired: number;
  serviceLevelMs: number;
}): Omit<DayStatistics, 'satisfaction'> {
  const waits = input.tickets.filter((t) => t.answeredAt !== null).map((t) => t.answeredAt! - t.joinedAt);
  const abandoned = input.tickets.filter((t) => t.abandoned).length;
  const answered = waits.length;
  const handled = input.calls
    .filter((c) => c.endedAt !== null)
    .map((c) => Math.max(c.endedAt!, c.wrappedUpAt ?? 0) - c.startedAt);
  return {
    joined: input.tickets.length,
    offered: input.offered,
    answered,
    abandoned,
    answerRate: answered + abandoned ? answered / (answered + abandoned) : null,
    serviceLevel: answered ? waits.filter((w) => w <= input.serviceLevelMs).length / answered : null,
    serviceLevelSeconds: input.serviceLevelMs / 1000,
    averageWaitMs: mean(waits),
    averageHandleMs: mean(handled),
    offersExpired: input.offersExpired,
  };
}

/**
 * Per slot from `dayStart` to `now`: how many were waiting at the slot's end
 * (or now, for the running slot), and the mean wait of those answered in it.
 */
export function dayTimeline(
  tickets: DayTicket[],
  dayStart: number,
  now: number,
  slotMs: number,
): { slotStart: number; waiting: number; averageWaitMs: number | null }[] {
  const slots: { slotStart: number; waiting: number; averageWaitMs: number | null }[] = [];
  for (let start = dayStart; start <= now; start += slotMs) {
    const end = Math.min(start + slotMs, now);
    const waiting = tickets.filter(
      (t) => t.joinedAt <= end && (t.answeredAt ?? t.closedAt ?? Infinity) > end,
    ).length;
    const waits = tickets
      .filter((t) => t.answeredAt !== null && t.answeredAt >= start && t.answeredAt < start + slotMs)
      .map((t) => t.answeredAt! - t.joinedAt);
    slots.push({ slotStart: start, waiting, averageWaitMs: mean(waits) });
  }
  return slots;
}
