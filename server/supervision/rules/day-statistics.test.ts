import { describe, expect, it } from 'vitest';
import { dayStatistics, dayTimeline, type DayTicket } from './day-statistics.js';

const S = 1000;
const ticket = (
  joinedAt: number,
  answeredAt: number | null,
  closedAt: number | null,
  abandoned = false,
): DayTicket => ({
  joinedAt,
  answeredAt,
  closedAt,
  abandoned,
});

describe('dayStatistics', () => {
  const tickets = [
    ticket(0, 10 * S, 300 * S),
    ticket(0, 30 * S, 200 * S),
    ticket(5 * S, null, 60 * S, true),
    ticket(6 * S, null, 7 * S), // left on purpose: neither answered nor abandoned
    ticket(8 * S, null, null), // still waiting
  ];

  it('counts answered and abandoned, and the answer rate between them', () => {
    const stats = dayStatistics({ tickets, calls: [], offered: 4, offersExpired: 1, serviceLevelMs: 20 * S });
    expect(stats).toMatchObject({ joined: 5, offered: 4, answered: 2, abandoned: 1, offersExpired: 1 });
    expect(stats.answerRate).toBeCloseTo(2 / 3);
  });

  it('measures the service level and the average wait over answered customers', () => {
    const stats = dayStatistics({ tickets, calls: [], offered: 0, offersExpired: 0, serviceLevelMs: 20 * S });
    expect(stats.serviceLevel).toBe(0.5);
    expect(stats.serviceLevelSeconds).toBe(20);
    expect(stats.averageWaitMs).toBe(20 * S);
  });

  it('averages the handle time of finished calls only', () => {
    const calls = [
      { startedAt: 0, endedAt: 100 * S, wrappedUpAt: null },
      { startedAt: 0, endedAt: 300 * S, wrappedUpAt: null },
      { startedAt: 50 * S, endedAt: null, wrappedUpAt: null },
    ];
    expect(
      dayStatistics({ tickets, calls, offered: 0, offersExpired: 0, serviceLevelMs: S }).averageHandleMs,
    ).toBe(200 * S);
  });

  it('counts the wrap-up after a call in its handle time', () => {
    const calls = [
      { startedAt: 0, endedAt: 100 * S, wrappedUpAt: 130 * S },
      { startedAt: 0, endedAt: 200 * S, wrappedUpAt: null },
    ];
    expect(
      dayStatistics({ tickets, calls, offered: 0, offersExpired: 0, serviceLevelMs: S }).averageHandleMs,
    ).toBe(165 * S);
  });

  it('has no rates before anything happened', () => {
    const stats = dayStatistics({ tickets: [], calls: [], offered: 0, offersExpired: 0, serviceLevelMs: S });
    expect(stats).toMatchObject({
      answerRate: null,
      serviceLevel: null,
      averageWaitMs: null,
      averageHandleMs: null,
    });
  });
});

describe('dayTimeline', () => {
  it('counts who was waiting at each slot’s end and the waits answered within it', () => {
    const slots = dayTimeline(
      [
        ticket(0, 15 * S, 99 * S),
        ticket(5 * S, 25 * S, 99 * S),
        ticket(12 * S, null, 14 * S, true),
        ticket(21 * S, null, null),
      ],
      0,
      25 * S,
      10 * S,
    );
    expect(slots).toEqual([
      { slotStart: 0, waiting: 2, averageWaitMs: null },
      { slotStart: 10 * S, waiting: 1, averageWaitMs: 15 * S },
      { slotStart: 20 * S, waiting: 1, averageWaitMs: 20 * S },
    ]);
  });
});
