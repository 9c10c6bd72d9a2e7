import crypto from 'node:crypto';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../platform/database/database.js';
import { MfaStore } from './mfa-store.js';
import { SecondFactor } from './second-factor.js';

function setUp() {
  let now = 1_800_000_000_000;
  const db = openDatabase(':memory:');
  db.prepare(
    "INSERT INTO users (id, username, display_name, role, password_hash, created_at) VALUES ('u1', 'boss', 'Boss', 'admin', 'x', 0)",
  ).run();
  const factor = new SecondFactor({ store: new MfaStore(db), key: crypto.randomBytes(32), clock: () => now });
  return {
    factor,
    db,
    tick: (ms: number) => (now += ms),
    code: (secret: string) => generate({ secret, epoch: Math.floor(now / 1000) }),
  };
}

describe('SecondFactor', () => {
  it('enrols only with a code from the new key, and accepts each code once', async () => {
    const { factor, code, tick } = setUp();
    const { secret, otpauthUri } = await factor.startEnrolment('u1', 'boss');
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Skyteller:boss\?/);
    expect(factor.status('u1').enrolled).toBe(false);
    expect(await factor.confirmEnrolment('u1', '12345')).toBeUndefined();
    const codes = await factor.confirmEnrolment('u1', await code(secret));
    expect(codes).toHaveLength(10);
    expect(factor.status('u1')).toEqual({ enrolled: true, recoveryCodesLeft: 10 });
    // The enrolment's code is spent; the next step's is good once.
    expect(await factor.verify('u1', await code(secret))).toBeUndefined();
    tick(30_000);
    const next = await code(secret);
    expect(await factor.verify('u1', next)).toBe('totp');
    expect(await factor.verify('u1', next)).toBeUndefined();
    // A minute later the code from before is too old.
    tick(90_000);
    expect(await factor.verify('u1', next)).toBeUndefined();
  });

  it('takes each recovery code once, however it is typed, and forgets everything on reset', async () => {
    const { factor, code } = setUp();
    const { secret } = await factor.startEnrolment('u1', 'boss');
    const codes = (await factor.confirmEnrolment('u1', await code(secret)))!;
    expect(await factor.verify('u1', ` ${codes[3]!.toUpperCase()} `)).toBe('recovery_code');
    expect(await factor.verify('u1', codes[3]!)).toBeUndefined();
    expect(factor.status('u1').recoveryCodesLeft).toBe(9);
    factor.reset('u1');
    expect(factor.status('u1')).toEqual({ enrolled: false, recoveryCodesLeft: 0 });
    expect(await factor.verify('u1', codes[4]!)).toBeUndefined();
  });
});
