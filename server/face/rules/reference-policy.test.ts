import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  customerMayUpload,
  referenceForCheck,
  REFERENCE_SOURCES,
  staffProvided,
} from './reference-policy.js';

const candidate = fc.record({
  source: fc.constantFrom(...REFERENCE_SOURCES),
  storedAt: fc.integer({ min: 0, max: 1e9 }),
});

describe('which reference photo a face check uses', () => {
  it('takes a staff one over a newer customer upload', () => {
    const teller = { source: 'teller' as const, storedAt: 100 };
    const impostor = { source: 'customer' as const, storedAt: 200 };
    expect(referenceForCheck([teller, impostor])).toBe(teller);
    expect(customerMayUpload([teller])).toBe(false);
  });

  it('uses a customer upload only while no staff one exists', () => {
    const own = { source: 'customer' as const, storedAt: 5 };
    expect(referenceForCheck([own])).toBe(own);
    expect(customerMayUpload([own])).toBe(true);
    expect(referenceForCheck([])).toBeUndefined();
  });

  it('never picks a customer upload when any staff one is there', () => {
    fc.assert(
      fc.property(fc.array(candidate, { minLength: 1, maxLength: 8 }), (candidates) => {
        const chosen = referenceForCheck(candidates)!;
        const anyStaff = candidates.some((c) => staffProvided(c.source));
        return anyStaff ? staffProvided(chosen.source) : chosen.source === 'customer';
      }),
    );
  });
});
