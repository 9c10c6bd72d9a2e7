import { describe, expect, it } from 'vitest';
import { CALL_EVENT_EXAMPLES } from '../../test/support/call-event-examples.js';
import {
  CALL_EVENT_TYPES,
  callEventTypeOf,
  checkCallEvent,
  currentTypeName,
  storedNamesOf,
  withoutBulk,
} from './call-events.js';

const head = { callId: 'call-1', ticketId: 'ticket-1', at: 1_700_000_000_000, actor: 'u1' };
const check = (type: string, data?: unknown, over: Record<string, unknown> = {}) =>
  checkCallEvent({ ...head, ...over, type, data });
const problemOf = (result: ReturnType<typeof checkCallEvent>) => (result.ok ? undefined : result.problem);

describe('the call events', () => {
  it('accepts every type with its data, and hands the data back as given', () => {
    for (const type of CALL_EVENT_TYPES) {
      const data = CALL_EVENT_EXAMPLES[type];
      const result = check(type, data);
      expect(problemOf(result), type).toBeUndefined();
      expect(result.ok && result.event.data).toBe(data);
    }
  });

  it('refuses a field no type has, for every type', () => {
    for (const type of CALL_EVENT_TYPES) {
      expect(problemOf(check(type, { ...CALL_EVENT_EXAMPLES[type], extra: 1 })), type).toMatch(type);
    }
  });

  it('refuses missing data for every type that has fields, and lets the others leave it out', () => {
    for (const type of CALL_EVENT_TYPES) {
      const empty = Object.keys(CALL_EVENT_EXAMPLES[type]).length === 0;
      expect(check(type, undefined).ok, type).toBe(empty);
      if (empty) expect(check(type, undefined)).toMatchObject({ ok: true, event: { data: {} } });
    }
  });

  it('refuses malformed values', () => {
    const refused: [string, unknown][] = [
      ['call.ended', { reason: 'bored' }],
      ['call.participant.left', { participant: 'someone' }],
      ['queue.joined', { serviceId: 'no-such-service', language: 'yue', priority: 'normal' }],
      ['service.rated', { score: 6 }],
      ['service.signature_requested', { summaryHash: 'abc' }],
      ['service.step_submitted', { stepId: 'x', values: { a: null } }],
      ['face.check.passed', CALL_EVENT_EXAMPLES['face.check.failed']],
      ['face.check.failed', { ...CALL_EVENT_EXAMPLES['face.check.failed'], outcome: 'pass' as const }],
      ['face.check.started', { checkId: 'c', challenge: ['smile'], attempt: 1, remaining: 0 }],
      ['transfer.requested', { transferId: 't', target: { kind: 'desk' }, reason: 'r' }],
    ];
    for (const [type, data] of refused) expect(problemOf(check(type, data)), type).toMatch(type);
  });

  it('refuses a type it does not know, a former name and a bad head', () => {
    expect(problemOf(check('call.exploded', {}))).toMatch('unknown call event type "call.exploded"');
    expect(problemOf(check('service.service_completed', { serviceId: 'surrender' }))).toMatch('unknown');
    expect(problemOf(check('queue.left', {}, { callId: null, ticketId: null }))).toMatch(
      'names neither a call nor a ticket',
    );
    expect(problemOf(check('queue.left', {}, { at: -1 }))).toMatch('queue.left');
    expect(problemOf(check('queue.left', {}, { at: 1.5 }))).toMatch('queue.left');
    expect(problemOf(check('queue.left', {}, { actor: '' }))).toMatch('queue.left');
  });
});

describe('reading stored names', () => {
  it('reads today’s names as they are and former names as today’s', () => {
    for (const type of CALL_EVENT_TYPES) expect(callEventTypeOf(type)).toBe(type);
    expect(callEventTypeOf('service.service_completed')).toBe('service.completed');
    expect(callEventTypeOf('service.service_withdrawn')).toBe('service.withdrawn');
    expect(callEventTypeOf('service.unknown')).toBeUndefined();
    expect(callEventTypeOf('toString')).toBeUndefined();
    expect(currentTypeName('service.service_completed')).toBe('service.completed');
    expect(currentTypeName('service.unknown')).toBe('service.unknown');
  });

  it('lists every name a type may be stored under', () => {
    expect(storedNamesOf('service.completed')).toEqual(['service.completed', 'service.service_completed']);
    expect(storedNamesOf('face.check.passed')).toEqual(['face.check.passed']);
  });

  it('leaves the payloads out of timelines meant to be read', () => {
    expect(
      withoutBulk({ stepId: 's', values: { a: 1 }, presented: {}, strokes: [], png: 'x', index: 0 }),
    ).toEqual({ stepId: 's', index: 0 });
  });
});
