import { describe, expect, it } from 'vitest';
import { RoutingEngine } from './routing-engine.js';
import { MINUTE, teller, testPolicy, ticket } from './test-fixtures.js';

describe('RoutingEngine', () => {
  it('offers only tickets whose service and language the teller has', () => {
    const engine = new RoutingEngine(testPolicy);
    engine.addTicket(ticket('surrender-cmn', 1, { serviceId: 'surrender' }));
    engine.addTicket(ticket('loan-en', 2, { language: 'en' }));
    engine.setTeller(teller('t1'));
    expect(engine.dispatch(10)).toEqual([]);
    engine.addTicket(ticket('loan-cmn', 3));
    expect(engine.dispatch(10)).toEqual([
      { ticketId: 'loan-cmn', tellerId: 't1', offeredAt: 10, expiresAt: 15_010 },
    ]);
  });

  it('forgets every ticket, teller and offer when cleared, and ranks what is added again afresh', () => {
    const engine = new RoutingEngine(testPolicy);
    engine.addTicket(ticket('a', 1));
    engine.addTicket(ticket('b', 2));
    engine.setTeller(teller('t1'));
    expect(engine.dispatch(10)).toHaveLength(1);
    engine.clear();
    expect([
      engine.size,
      [...engine.tellers()].length,
      engine.offerOfTeller('t1'),
      engine.nextExpiry(),
    ]).toEqual([0, 0, undefined, undefined]);
    expect(engine.dispatch(10)).toEqual([]);
    engine.addTicket(ticket('b', 2));
    engine.addTicket(ticket('a', 1));
    engine.setTeller(teller('t1'));
    expect(engine.dispatch(20).map((offer) => offer.ticketId)).toEqual(['a']);
    expect(engine.positions()).toEqual(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    );
  });

  it('serves a later elderly ticket before an earlier normal one, FIFO within the class', () => {
    const engine = new RoutingEngine(testPolicy);
    engine.addTicket(ticket('normal-1', 0));
    engine.addTicket(ticket('elderly-1', 1 * MINUTE, { priority: 'elderly' }));
    engine.addTicket(ticket('vip-1', 2 * MINUTE, { priority: 'vip' }));
    engine.addTicket(ticket('elderly-2', 3 * MINUTE, { priority: 'elderly' }));
    const order: string[] = [];
    engine.setTeller(teller('t1'));
    for (let i = 0; i < 4; i++) {
      const [offer] = engine.dispatch(4 * MINUTE);
      order.push(offer!.ticketId);
      engine.accept('t1', offer!.ticketId);
      engine.setTeller(teller('t1', { idleSince: 5 * MINUTE }));
    }
    expect(order).toEqual(['elderly-1', 'elderly-2', 'vip-1', 'normal-1']);
  });

  it('bounds a normal ticket’s wait: an elderly ticket joining more than the boost later does not pass it', () => {
    const engine = new RoutingEngine(testPolicy);
    engine.addTicket(ticket('normal', 0));
    engine.addTicket(ticket('elderly-late', 10 * MINUTE + 1, { priority: 'elderly' }));
    engine.setTeller(teller('t1'));
    expect(engine.dispatch(11 * MINUTE)[0]!.ticketId).toBe('normal');
  });

  it('gives the offer to the longest idle eligible teller', () => {
    const engine = new RoutingEngine(testPolicy);
    engine.setTeller(teller('recent', { idleSince: 500 }));
    engine.setTeller(teller('longest', { idleSince: 100 }));
    engine.setTeller(teller('away', { idleSince: 0, available: false }));
    engine.setTeller(teller('no-skill', { idleSince: 0, skills: new Set(['claims']) }));
    engine.addTicket(ticket('a', 1000));
    expect(engine.dispatch(1000)[0]!.tellerId).toBe('longest');
  });

  it('lets a consenting dialect ticket fall back to Mandarin only after the configured wait', () => {
    const engine = new RoutingEngine(testPolicy);
    engine.setTeller(teller('mandarin'));
    engine.addTicket(ticket('yue-consent', 0, { language: 'yue', mandarinFallback: true }));
    engine.addTicket(ticket('yue-refused', 0, { language: 'yue', mandarinFallback: false }));
    expect(engine.dispatch(2 * MINUTE - 1)).toEqual([]);
    const offers = engine.dispatch(2 * MINUTE);
    expect(offers.map((o) => o.ticketId)).toEqual(['yue-consent']);
    engine.accept('mandarin', 'yue-consent');
    engine.setTeller(teller('mandarin', { idleSince: 3 * MINUTE }));
    expect(engine.dispatch(60 * MINUTE)).toEqual([]);
  });

  it('prefers a teller of the dialect for a dialect ticket that could also fall back', () => {
    const engine = new RoutingEngine(testPolicy);
    engine.setTeller(teller('mandarin', { idleSince: 0 }));
    engine.setTeller(teller('cantonese', { idleSince: 100, languages: new Set(['yue']) }));
    engine.addTicket(ticket('yue', 0, { language: 'yue', mandarinFallback: true }));
    // Both may serve it after the wait; the longest idle still wins, as the rules say.
    expect(engine.dispatch(1 * MINUTE)[0]!.tellerId).toBe('cantonese');
  });

  it('expires an offer, marks its teller not available and offers the ticket to the next teller', () => {
    const engine = new RoutingEngine(testPolicy);
    engine.setTeller(teller('first', { idleSince: 0 }));
    engine.setTeller(teller('second', { idleSince: 5 }));
    engine.addTicket(ticket('a', 10));
    expect(engine.dispatch(10)[0]!.tellerId).toBe('first');
    expect(engine.nextExpiry()).toBe(15_010);
    expect(engine.expire(15_009)).toEqual([]);
    expect(engine.expire(15_010).map((o) => o.tellerId)).toEqual(['first']);
    expect(engine.teller('first')!.available).toBe(false);
    expect(engine.dispatch(15_010)[0]!.tellerId).toBe('second');
  });

  it('after a decline, asks other tellers first but comes back when nobody else can serve', () => {
    const engine = new RoutingEngine(testPolicy);
    engine.setTeller(teller('first', { idleSince: 0 }));
    engine.setTeller(teller('second', { idleSince: 5, available: false }));
    engine.addTicket(ticket('a', 10));
    engine.dispatch(10);
    engine.decline('first', 'a', 20);
    engine.setTeller(teller('second', { idleSince: 5 }));
    expect(engine.dispatch(20)[0]!.tellerId).toBe('second');
    engine.decline('second', 'a', 30);
    expect(engine.dispatch(30)[0]!.tellerId).toBe('first');
  });

  it('puts a transfer first in its target group and never back to the teller who handed it over', () => {
    const engine = new RoutingEngine(testPolicy);
    engine.addTicket(ticket('old-elderly', 0, { priority: 'elderly' }));
    engine.setTeller(teller('from', { idleSince: 0 }));
    engine.addTicket(ticket('moved', 50, { transfer: { fromTellerId: 'from', requestedAt: 50 } }));
    // Only the handing-over teller is free: it gets the queue's ticket, not its own transfer.
    expect(engine.dispatch(60)[0]!.ticketId).toBe('old-elderly');
    engine.setTeller(teller('to', { idleSince: 0 }));
    expect(engine.dispatch(70)).toEqual([
      { ticketId: 'moved', tellerId: 'to', offeredAt: 70, expiresAt: 15_070 },
    ]);
  });

  it('offers no hand-over to a teller who cannot take one over, but offers it customers', () => {
    const engine = new RoutingEngine(testPolicy);
    engine.setTeller(teller('elsewhere', { idleSince: 0, takesHandOvers: false }));
    engine.addTicket(ticket('moved', 0, { transfer: { fromTellerId: 'from', requestedAt: 0 } }));
    engine.addTicket(
      ticket('named', 0, { transfer: { fromTellerId: 'from', tellerId: 'elsewhere', requestedAt: 0 } }),
    );
    engine.addTicket(ticket('customer', 10));
    expect(engine.dispatch(20)).toEqual([
      { ticketId: 'customer', tellerId: 'elsewhere', offeredAt: 20, expiresAt: 15_020 },
    ]);
    engine.setTeller(teller('here', { idleSince: 5 }));
    expect(engine.dispatch(30)).toMatchObject([{ ticketId: 'moved', tellerId: 'here' }]);
  });

  it('sends a transfer addressed to a teller only to that teller', () => {
    const engine = new RoutingEngine(testPolicy);
    engine.setTeller(teller('other', { idleSince: 0 }));
    engine.addTicket(
      ticket('moved', 0, { transfer: { fromTellerId: 'from', tellerId: 'chosen', requestedAt: 0 } }),
    );
    expect(engine.dispatch(1)).toEqual([]);
    engine.setTeller(teller('chosen', { idleSince: 5, skills: new Set(), languages: new Set() }));
    expect(engine.dispatch(2)[0]).toMatchObject({ ticketId: 'moved', tellerId: 'chosen' });
    expect(engine.position('moved')).toBe(1);
  });

  it('withdraws the offer of a teller who goes away or disconnects, and of a ticket that leaves', () => {
    const engine = new RoutingEngine(testPolicy);
    engine.setTeller(teller('t1'));
    engine.addTicket(ticket('a', 0));
    engine.dispatch(0);
    expect(engine.setTeller(teller('t1', { available: false }))).toMatchObject({ ticketId: 'a' });
    expect(engine.offerOfTicket('a')).toBeUndefined();
    engine.setTeller(teller('t1'));
    engine.dispatch(1);
    expect(engine.removeTeller('t1')).toMatchObject({ ticketId: 'a' });
    engine.setTeller(teller('t2'));
    engine.dispatch(2);
    expect(engine.removeTicket('a')).toMatchObject({ tellerId: 't2' });
    expect(engine.offerOfTeller('t2')).toBeUndefined();
  });

  it('numbers positions within the tickets competing for the same tellers', () => {
    const engine = new RoutingEngine(testPolicy);
    engine.addTicket(ticket('loan-1', 0));
    engine.addTicket(ticket('claims-1', 1, { serviceId: 'claims' }));
    engine.addTicket(ticket('loan-2', 2));
    engine.addTicket(ticket('loan-elderly', 3, { priority: 'elderly' }));
    expect(Object.fromEntries(engine.positions())).toEqual({
      'loan-elderly': 1,
      'loan-1': 2,
      'loan-2': 3,
      'claims-1': 1,
    });
    engine.removeTicket('loan-1');
    expect(engine.position('loan-2')).toBe(2);
  });

  it('refuses to accept or decline a ticket not offered to that teller', () => {
    const engine = new RoutingEngine(testPolicy);
    engine.setTeller(teller('t1'));
    engine.setTeller(teller('t2', { available: false }));
    engine.addTicket(ticket('a', 0));
    engine.dispatch(0);
    expect(() => engine.accept('t2', 'a')).toThrow(/not offered/);
    expect(() => engine.decline('t1', 'b', 0)).toThrow(/not offered/);
  });
});
