import crypto from 'node:crypto';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import type { DialectName } from '../platform/database/dialect.js';
import { MfaStore } from './mfa-store.js';
import { SecondFactor } from './second-factor.js';
import { UserStore } from './user-store.js';

const databases = databasesPerTest();

async function setUp(dialect: DialectName) {
  let now = 1_800_000_000_000;
  const { kysely } = await databases.open(dialect);
  await new UserStore(kysely).insert(
    { id: 'u1', username: 'boss', displayName: 'Boss', role: 'admin', passwordHash: 'x' },
    0,
  );
  const store = new MfaStore(kysely);
  const factor = new SecondFactor({ store, key: crypto.randomBytes(32), clock: () => now });
  return {
    factor,
    store,
    tick: (ms: number) => (now += ms),
    code: (secret: string) => generate({ secret, epoch: Math.floor(now / 1000) }),
  };
}

describe.each(DIALECTS)('SecondFactor on %s', (dialect) => {
  it('enrols only with a code from the new key, and accepts each code once', async () => {
    const { factor, code, tick } = await setUp(dialect);
    const { secret, otpauthUri } = await factor.startEnrolment('u1', 'boss');
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/Skyteller:boss\?/);
    expect((await factor.status('u1')).enrolled).toBe(false);
    expect(await factor.confirmEnrolment('u1', '12345')).toBeUndefined();
    const codes = await factor.confirmEnrolment('u1', await code(secret));
    expect(codes).toHaveLength(10);
    expect(await factor.status('u1')).toEqual({ enrolled: true, recoveryCodesLeft: 10 });
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

  it('accepts a code given twice at once (two nodes) only once', async () => {
    const { factor, code, tick } = await setUp(dialect);
    const { secret } = await factor.startEnrolment('u1', 'boss');
    await factor.confirmEnrolment('u1', await code(secret));
    tick(30_000);
    const next = await code(secret);
    const answers = await Promise.all([factor.verify('u1', next), factor.verify('u1', next)]);
    expect(answers.sort()).toEqual(['totp', undefined]);
  });

  it('takes each recovery code once, however it is typed, and forgets everything on reset', async () => {
    const { factor, code } = await setUp(dialect);
    const { secret } = await factor.startEnrolment('u1', 'boss');
    const codes = (await factor.confirmEnrolment('u1', await code(secret)))!;
    expect(await factor.verify('u1', ` ${codes[3]!.toUpperCase()} `)).toBe('recovery_code');
    expect(await factor.verify('u1', codes[3]!)).toBeUndefined();
    expect((await factor.status('u1')).recoveryCodesLeft).toBe(9);
    // The same code used twice at once, and another beside it: the code once, the other too.
    const racing = await Promise.all([
      factor.verify('u1', codes[5]!),
      factor.verify('u1', codes[5]!),
      factor.verify('u1', codes[6]!),
    ]);
    expect(racing.filter((used) => used === 'recovery_code')).toHaveLength(2);
    expect((await factor.status('u1')).recoveryCodesLeft).toBe(7);
    await factor.reset('u1');
    expect(await factor.status('u1')).toEqual({ enrolled: false, recoveryCodesLeft: 0 });
    expect(await factor.verify('u1', codes[4]!)).toBeUndefined();
  });
});
