import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TokenSigner, type TokenClaims } from './tokens.js';

const signer = new TokenSigner(crypto.randomBytes(32));

describe('TokenSigner', () => {
  it('round-trips claims of the right kind before expiry', () => {
    const token = signer.sign({ kind: 'ticket', sub: 't1', exp: 1000 });
    expect(signer.verify(token, 'ticket', 999)).toEqual({ kind: 'ticket', sub: 't1', exp: 1000 });
  });

  it('refuses an expired token, a token of another kind, and one signed with another secret', () => {
    const token = signer.sign({ kind: 'ticket', sub: 't1', exp: 1000 });
    expect(signer.verify(token, 'ticket', 1000)).toBeUndefined();
    const otherKind = signer.sign({ kind: 'staff', sub: 't1', exp: 1000 } as unknown as TokenClaims);
    expect(signer.verify(otherKind, 'ticket', 10)).toBeUndefined();
    const other = new TokenSigner(crypto.randomBytes(32));
    expect(other.verify(token, 'ticket', 10)).toBeUndefined();
  });

  it('refuses a token whose payload was changed', () => {
    const token = signer.sign({ kind: 'ticket', sub: 't1', exp: 1000 });
    const [, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ kind: 'ticket', sub: 't2', exp: 1000 })).toString(
      'base64url',
    );
    expect(signer.verify(`${forged}.${mac}`, 'ticket', 10)).toBeUndefined();
  });

  it('refuses garbage without throwing', () => {
    for (const junk of [undefined, 42, '', 'a', 'a.b.c', '.', 'x'.repeat(5000)]) {
      expect(signer.verify(junk, 'ticket', 0)).toBeUndefined();
    }
  });
});
