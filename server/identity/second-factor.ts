import crypto from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { MfaStore } from './mfa-store.js';
import { SecretBox } from './secret-box.js';

const ISSUER = 'Skyteller';
const PERIOD_S = 30;
/** One step either side: a phone's clock a little off, or a code typed as it turned over. */
const TOLERANCE_S = PERIOD_S;
const RECOVERY_CODES = 10;
// No 0/o, 1/l/i: a code read off paper is typed back right.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export interface Enrolment {
  /** Base32, for typing into an authenticator by hand. */
  secret: string;
  otpauthUri: string;
  /** The URI as a QR code image (PNG data URL), drawn here: the page loads nothing from elsewhere. */
  qrDataUrl: string;
}

/** How a second factor was given. */
export type SecondFactorUse = 'totp' | 'recovery_code';

/**
 * TOTP (RFC 6238) second factor and its ten single-use recovery codes. The
 * authenticator key is sealed in the store; recovery codes are kept as HMACs.
 */
export class SecondFactor {
  readonly #box: SecretBox;

  constructor(private readonly deps: { store: MfaStore; key: Buffer; clock: () => number }) {
    this.#box = new SecretBox(deps.key, 'skyteller second factor');
  }

  async status(userId: string): Promise<{ enrolled: boolean; recoveryCodesLeft: number }> {
    const row = await this.deps.store.get(userId);
    return {
      enrolled: row.secret !== null,
      recoveryCodesLeft: row.recoveryCodes.length,
    };
  }

  /** A new key for `username`'s authenticator; it counts once a code from it confirms it. */
  async startEnrolment(userId: string, username: string): Promise<Enrolment> {
    const secret = generateSecret();
    await this.deps.store.setPendingSecret(userId, this.#box.seal(secret));
    const otpauthUri = generateURI({ issuer: ISSUER, label: username, secret, period: PERIOD_S });
    return { secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 240 }) };
  }

  /** Confirms the enrolment with a code from the new key; answers the recovery codes, shown once. */
  async confirmEnrolment(userId: string, code: string): Promise<string[] | undefined> {
    const pending = (await this.deps.store.get(userId)).pendingSecret;
    const secret = pending === null ? undefined : this.#box.open(pending);
    const step = secret === undefined ? undefined : await this.#matchingStep(secret, code, null);
    if (step === undefined) return undefined;
    const codes = Array.from({ length: RECOVERY_CODES }, () => recoveryCode());
    const hashes = codes.map((c) => this.#codeHash(c));
    await this.deps.store.enable(userId, pending!, hashes, step, this.deps.clock());
    return codes;
  }

  /** Checks an authenticator code (each good once) or an unused recovery code (then used up). */
  async verify(userId: string, given: string): Promise<SecondFactorUse | undefined> {
    const row = await this.deps.store.get(userId);
    const secret = row.secret === null ? undefined : this.#box.open(row.secret);
    if (secret === undefined) return undefined;
    const digits = given.replace(/\s/g, '');
    if (/^\d{6}$/.test(digits)) {
      const step = await this.#matchingStep(secret, digits, row.lastStep);
      // Refused when another request took this step (or a later one) first.
      if (step === undefined || !(await this.deps.store.setLastStep(userId, step))) return undefined;
      return 'totp';
    }
    return (await this.deps.store.useRecoveryCode(userId, this.#codeHash(given)))
      ? 'recovery_code'
      : undefined;
  }

  /** Forgets a person's enrolled factor (lost phone): the next sign-in enrols again. */
  async reset(userId: string): Promise<void> {
    await this.deps.store.reset(userId);
  }

  /** The time step the code belongs to, if it is right and newer than `after`. */
  async #matchingStep(secret: string, code: string, after: number | null): Promise<number | undefined> {
    if (!/^\d{6}$/.test(code)) return undefined;
    const epoch = Math.floor(this.deps.clock() / 1000);
    const result = await verify({
      secret,
      token: code,
      epoch,
      period: PERIOD_S,
      epochTolerance: TOLERANCE_S,
    });
    if (!result.valid) return undefined;
    const step = Math.floor(epoch / PERIOD_S) + result.delta;
    return after !== null && step <= after ? undefined : step;
  }

  #codeHash(code: string): string {
    const normal = code.toLowerCase().replace(/[^a-z0-9]/g, '');
    return crypto.createHmac('sha256', this.deps.key).update(`recovery:${normal}`).digest('base64url');
  }
}

function recoveryCode(): string {
  const chars = Array.from(
    { length: 10 },
    () => RECOVERY_ALPHABET[crypto.randomInt(RECOVERY_ALPHABET.length)],
  ).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}
