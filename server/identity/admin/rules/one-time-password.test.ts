import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ONE_TIME_PASSWORD_BITS, oneTimePassword } from './one-time-password.js';

describe('oneTimePassword', () => {
  it('is four groups of four unambiguous symbols, whatever the random source gives', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), {
          minLength: 16,
          maxLength: 16,
        }),
        (draws) => {
          let i = 0;
          const password = oneTimePassword((n) => Math.floor(draws[i++]! * n));
          expect(password).toMatch(/^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$/);
        },
      ),
    );
  });

  it('carries more than 78 bits, and two drawn from crypto differ', () => {
    expect(ONE_TIME_PASSWORD_BITS).toBeGreaterThan(78);
    expect(oneTimePassword(crypto.randomInt)).not.toBe(oneTimePassword(crypto.randomInt));
  });
});
