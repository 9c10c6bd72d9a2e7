import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { counterKit, type CounterKit, TELLERS } from '../../test/support/counter-kit.js';

const [teller1] = TELLERS as [(typeof TELLERS)[number]];
const LIMIT_MS = 30_000;
const OUTCOMES = [
  { code: 'resolved', label: { 'zh-CN': '已办结', en: 'Resolved' } },
  { code: 'follow_up', label: { 'zh-CN': '需跟进', en: 'Follow-up needed' } },
];

const wrapUps = (kit: CounterKit) =>
  kit.db
    .prepare(
      `SELECT teller_id AS tellerId, started_at AS startedAt, ended_at AS endedAt, outcome, note,
              ended_by AS endedBy FROM call_wrap_ups`,
    )
    .all();

/** Teller1 ends a call; a second customer is waiting when it does. */
async function afterCall(kit: CounterKit) {
  const { call } = await kit.inCall(teller1);
  vi.advanceTimersByTime(60_000);
  const next = await kit.join();
  await kit.calls.lifecycle.end(call.callId, 'teller_hung_up');
  return { callId: call.callId, next, endedAt: Date.now() };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-02T09:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('wrap-up', () => {
  it('keeps the teller from the next customer until it gives the outcome', async () => {
    const kit = counterKit({ config: { wrapUpMs: LIMIT_MS, wrapUpOutcomes: OUTCOMES } });
    const { callId, next, endedAt } = await afterCall(kit);
    expect(kit.queue.states.of(teller1.id)).toMatchObject({
      status: 'wrap_up',
      offer: null,
      wrapUp: { callId, endsInMs: LIMIT_MS, limitMs: LIMIT_MS, outcomes: OUTCOMES },
    });
    expect(kit.offerOf(teller1.id)).toBeUndefined();
    vi.advanceTimersByTime(5_000);
    kit.queue.wrapUps.finish(teller1.id, callId, 'follow_up', 'call back on Monday');
    expect(kit.offerOf(teller1.id)).toBe(next);
    expect(kit.queue.states.of(teller1.id)).toMatchObject({ status: 'offered', wrapUp: null });
    expect(wrapUps(kit)).toEqual([
      {
        tellerId: teller1.id,
        startedAt: endedAt,
        endedAt: endedAt + 5_000,
        outcome: 'follow_up',
        note: 'call back on Monday',
        endedBy: 'teller',
      },
    ]);
  });

  it('ends by itself at the time limit, with no outcome, and the teller is offered the next customer', async () => {
    const kit = counterKit({ config: { wrapUpMs: LIMIT_MS, wrapUpOutcomes: OUTCOMES } });
    const { next, endedAt } = await afterCall(kit);
    vi.advanceTimersByTime(LIMIT_MS - 1);
    expect(kit.offerOf(teller1.id)).toBeUndefined();
    vi.advanceTimersByTime(1);
    expect(kit.offerOf(teller1.id)).toBe(next);
    expect(wrapUps(kit)).toMatchObject([
      { endedAt: endedAt + LIMIT_MS, outcome: null, endedBy: 'time_limit' },
    ]);
  });

  it('refuses an outcome that is not configured, and a call that is not being wrapped up', async () => {
    const kit = counterKit({ config: { wrapUpMs: LIMIT_MS, wrapUpOutcomes: OUTCOMES } });
    const { callId } = await afterCall(kit);
    expect(() => kit.queue.wrapUps.finish(teller1.id, callId, 'made_up', '')).toThrow(
      expect.objectContaining({ code: 'invalid_payload' }),
    );
    expect(() => kit.queue.wrapUps.finish(teller1.id, 'another-call', 'resolved', '')).toThrow(
      expect.objectContaining({ code: 'invalid_state' }),
    );
    expect(kit.queue.states.of(teller1.id).status).toBe('wrap_up');
  });

  it('is off when its time limit is 0: the teller is offered the next customer at once', async () => {
    const kit = counterKit({ config: { wrapUpMs: 0, wrapUpOutcomes: OUTCOMES } });
    const { next } = await afterCall(kit);
    expect(kit.offerOf(teller1.id)).toBe(next);
    expect(wrapUps(kit)).toEqual([]);
  });

  it('ends with the teller leaving work, which leaves it away', async () => {
    const kit = counterKit({ config: { wrapUpMs: LIMIT_MS, wrapUpOutcomes: OUTCOMES } });
    await afterCall(kit);
    kit.queue.tellers.disconnected(teller1.id);
    expect(wrapUps(kit)).toMatchObject([{ outcome: null, endedBy: 'left' }]);
    expect(kit.storedStatusOf(teller1.id)).toEqual({ status: 'away', reason: 'disconnected' });
    vi.advanceTimersByTime(LIMIT_MS);
    expect(wrapUps(kit)).toHaveLength(1);
  });
});
