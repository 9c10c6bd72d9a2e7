import { describe, expect, it } from 'vitest';
import { FifoQueue } from './fifo-queue.js';

const ticket = (ticketId: string, joinedAt: number) => ({ ticketId, joinedAt });

describe('FifoQueue', () => {
  it('serves tickets in the order they joined', () => {
    const queue = new FifoQueue();
    queue.add(ticket('a', 1));
    queue.add(ticket('b', 2));
    queue.add(ticket('c', 3));
    expect(queue.list().map((t) => t.ticketId)).toEqual(['a', 'b', 'c']);
    expect(queue.first()?.ticketId).toBe('a');
  });

  it('puts a restored ticket back at its original place', () => {
    const queue = new FifoQueue();
    queue.add(ticket('late', 30));
    queue.add(ticket('early', 10));
    queue.add(ticket('middle', 20));
    expect(queue.list().map((t) => t.ticketId)).toEqual(['early', 'middle', 'late']);
  });

  it('keeps arrival order among tickets that joined in the same millisecond', () => {
    const queue = new FifoQueue();
    queue.add(ticket('first', 5));
    queue.add(ticket('second', 5));
    expect(queue.list().map((t) => t.ticketId)).toEqual(['first', 'second']);
  });

  it('reports 1-based positions and moves everyone up when one leaves', () => {
    const queue = new FifoQueue();
    ['a', 'b', 'c'].forEach((id, i) => queue.add(ticket(id, i)));
    expect(queue.position('c')).toBe(3);
    expect(queue.remove('a')?.ticketId).toBe('a');
    expect(queue.position('c')).toBe(2);
    expect(queue.position('a')).toBeUndefined();
    expect(queue.size).toBe(2);
  });

  it('refuses a ticket twice and ignores removing an unknown one', () => {
    const queue = new FifoQueue();
    queue.add(ticket('a', 1));
    expect(() => queue.add(ticket('a', 2))).toThrow(/already queued/);
    expect(queue.remove('zzz')).toBeUndefined();
    expect(queue.size).toBe(1);
  });

  it('finds the first ticket a predicate accepts', () => {
    const queue = new FifoQueue<{ ticketId: string; joinedAt: number; serviceId: string }>();
    queue.add({ ticketId: 'a', joinedAt: 1, serviceId: 'loan' });
    queue.add({ ticketId: 'b', joinedAt: 2, serviceId: 'consultation' });
    expect(queue.first((t) => t.serviceId === 'consultation')?.ticketId).toBe('b');
    expect(queue.first((t) => t.serviceId === 'nothing')).toBeUndefined();
  });
});
