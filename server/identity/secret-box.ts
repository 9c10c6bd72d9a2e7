import crypto from 'node:crypto';

/**
 * Seals short secrets (authenticator keys) for the store with AES-256-GCM,
 * under a key derived from the session key: a copy of the database alone
 * cannot produce anyone's codes.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(sessionKey: Buffer, purpose: string) {
    this.#key = Buffer.from(crypto.hkdfSync('sha256', sessionKey, Buffer.alloc(0), purpose, 32));
  }

  seal(plain: string): string {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.#key, iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
  }

  /** The sealed text, or undefined when it was not sealed with this key or was altered. */
  open(sealed: string): string | undefined {
    const bytes = Buffer.from(sealed, 'base64url');
    if (bytes.length < 28) return undefined;
    try {
      const decipher = crypto.createDecipheriv('aes-256-gcm', this.#key, bytes.subarray(0, 12));
      decipher.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}
