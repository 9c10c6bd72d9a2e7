import crypto from 'node:crypto';
import type { ApiKeyView, IssueApiKey, IssuedApiKey } from '../../../shared/contracts/admin.js';
import type { StaffUser } from '../../../shared/contracts/auth.js';
import { actorOf, type AuditTrail } from '../../audit/index.js';
import { AppError } from '../../platform/errors.js';
import type { ApiKeyPrincipal } from '../principal.js';
import { writeAdminAudit } from './admin-audit.js';
import type { ApiKeyStore } from './api-key-store.js';

/** Every key starts so; Callers tells a key from a session token by it. */
export const API_KEY_PREFIX = 'skyk_';
const HINT_LENGTH = API_KEY_PREFIX.length + 6;

/**
 * SHA-256 of the key. A key is 256 random bits, so unlike a password it needs
 * no slow hash or salt: nobody can guess it from its hash, and a fast hash
 * keeps each API call cheap and lets the key be found by its hash alone.
 */
const hashOf = (key: string): string => crypto.createHash('sha256').update(key, 'utf8').digest('hex');

const keyActor = (key: ApiKeyView) => ({ userId: null, username: `api-key:${key.name}` });

/** Issues, lists and revokes the institution's API keys, and knows a key when a system calls with one. */
export class ApiKeys {
  constructor(
    private readonly store: ApiKeyStore,
    private readonly audit: AuditTrail,
    private readonly clock: () => number,
  ) {}

  list(): Promise<ApiKeyView[]> {
    return this.store.all();
  }

  async issue(by: StaffUser, request: IssueApiKey): Promise<IssuedApiKey> {
    const key = API_KEY_PREFIX + crypto.randomBytes(32).toString('base64url');
    const view = {
      id: crypto.randomUUID(),
      name: request.name,
      scopes: [...new Set(request.scopes)],
      hint: key.slice(0, HINT_LENGTH),
      createdAt: this.clock(),
      createdBy: by.id,
    };
    await this.store.insert({ ...view, keyHash: hashOf(key) });
    await writeAdminAudit(this.audit, actorOf(by), 'api_key.issued', view.id, {
      name: view.name,
      scopes: view.scopes,
    });
    return { apiKey: (await this.store.findById(view.id))!, key };
  }

  async revoke(by: StaffUser, keyId: string): Promise<ApiKeyView> {
    const key = await this.store.findById(keyId);
    if (!key) throw new AppError('not_found', 'no such API key');
    if (key.revokedAt !== null) throw new AppError('invalid_state', 'the key is revoked already');
    await this.store.revoke(keyId, by.id, this.clock());
    await writeAdminAudit(this.audit, actorOf(by), 'api_key.revoked', keyId, { name: key.name });
    return (await this.store.findById(keyId))!;
  }

  /**
   * The system calling with `key`, or undefined. Every use of a live key, and
   * every attempt with a revoked one, goes to the audit chain; `use` names the request.
   */
  async authenticate(key: string, use: string): Promise<ApiKeyPrincipal | undefined> {
    if (!key.startsWith(API_KEY_PREFIX) || key.length > 256) return undefined;
    const stored = await this.store.findByHash(hashOf(key));
    if (!stored) return undefined;
    if (stored.revokedAt !== null) {
      await writeAdminAudit(this.audit, keyActor(stored), 'api_key.refused', stored.id, {
        name: stored.name,
        use,
        reason: 'revoked',
      });
      return undefined;
    }
    await this.store.used(stored.id, this.clock());
    await writeAdminAudit(this.audit, keyActor(stored), 'api_key.used', stored.id, {
      name: stored.name,
      use,
    });
    return { kind: 'api_key', key: { id: stored.id, name: stored.name, scopes: stored.scopes } };
  }
}
