import type { PriorityClass } from '../domain/priority.js';

/** What the supervisor's dashboard shows; pushed whole on every change (at most once a second). */
export interface SupervisorBoard {
  at: number;
  now: {
    waiting: number;
    waitingByService: { serviceId: string; byPriority: Record<PriorityClass, number> }[];
    oldestWaitMs: number | null;
    tellers: {
      tellerId: string;
      displayName: string;
      status: 'available' | 'away' | 'offered' | 'in_call' | 'wrap_up';
      awayReason: string | null;
      skills: string[];
      languages: string[];
      sinceMs: number;
    }[];
    /** Every node's calls in progress; `nodeId` holds the call (its router and its bookkeeping). */
    calls: {
      callId: string;
      serviceId: string;
      teller: string;
      customer: string;
      startedAt: number;
      nodeId: string;
    }[];
  };
  today: DayStatistics;
  /** Waiting count and average wait per 15-minute slot of today, for the chart. */
  timeline: { slotStart: number; waiting: number; averageWaitMs: number | null }[];
}

export interface DayStatistics {
  /** Customers who joined today. */
  joined: number;
  /** Offers made to tellers (a ticket offered twice counts twice). */
  offered: number;
  answered: number;
  abandoned: number;
  /** answered / (answered + abandoned), null before either happened. */
  answerRate: number | null;
  /** Share of answered customers who waited no more than `serviceLevelSeconds`. */
  serviceLevel: number | null;
  serviceLevelSeconds: number;
  averageWaitMs: number | null;
  averageHandleMs: number | null;
  offersExpired: number;
  /** Average rating (1–5) customers gave today, null before the first. */
  satisfaction: number | null;
}
