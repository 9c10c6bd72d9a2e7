import crypto from 'node:crypto';

/**
 * Signed, expiring bearer tokens: base64url(JSON payload) "." base64url(HMAC-SHA256).
 * Customers' ticket tokens; `kind` keeps any later kind apart. (Staff sessions
 * are not tokens: they live on the server, see staff-sessions.ts.)
 */
export type TokenClaims = { kind: 'ticket'; sub: string; exp: number };

export class TokenSigner {
  constructor(private readonly secret: Buffer) {
    if (secret.length < 32) throw new Error('token secret must be at least 32 bytes');
  }

  sign(claims: TokenClaims): string {
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.#mac(body)}`;
  }

  /** The claims of a valid, unexpired token of `kind`; undefined otherwise. */
  verify<K extends TokenClaims['kind']>(
    token: unknown,
    kind: K,
    now: number,
  ): Extract<TokenClaims, { kind: K }> | undefined {
    if (typeof token !== 'string' || token.length > 2048) return undefined;
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return undefined;
    const expected = Buffer.from(this.#mac(body));
    const given = Buffer.from(mac);
    if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return undefined;
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!isClaims(claims) || claims.kind !== kind || claims.exp <= now) return undefined;
    return claims as Extract<TokenClaims, { kind: K }>;
  }

  #mac(body: string): string {
    return crypto.createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

function isClaims(value: unknown): value is TokenClaims {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.kind === 'ticket' && typeof v.sub === 'string' && typeof v.exp === 'number';
}
