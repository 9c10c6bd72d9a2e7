import { describe, expect, it } from 'vitest';
import { chatActorOf, chatSenderOf } from './chat-sender.js';

describe('chatSenderOf', () => {
  it('names the customer, the call’s current teller, and other staff let in as supervisors', () => {
    expect(chatSenderOf({ kind: 'customer' }, 't1')).toBe('customer');
    expect(chatSenderOf({ kind: 'staff', userId: 't1', role: 'teller' }, 't1')).toBe('teller');
    expect(chatSenderOf({ kind: 'staff', userId: 's1', role: 'supervisor' }, 't1')).toBe('supervisor');
  });

  it('puts the customer or the staff id on the timeline', () => {
    expect(chatActorOf({ kind: 'customer' })).toBe('customer');
    expect(chatActorOf({ kind: 'staff', userId: 's1', role: 'supervisor' })).toBe('s1');
  });
});
