import type { ApiKeyScope, ApiKeyView } from '../../../shared/contracts/admin.js';
import type { Db } from '../../platform/database/database.js';

interface ApiKeyRow {
  id: string;
  name: string;
  scopes: string;
  key_hash: string;
  hint: string;
  created_by: string;
  created_by_username: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

const toView = (row: ApiKeyRow): ApiKeyView => ({
  id: row.id,
  name: row.name,
  scopes: JSON.parse(row.scopes) as ApiKeyScope[],
  hint: row.hint,
  createdAt: row.created_at,
  createdBy: row.created_by_username,
  lastUsedAt: row.last_used_at,
  revokedAt: row.revoked_at,
});

const SELECT =
  'SELECT k.*, u.username AS created_by_username FROM api_keys k JOIN users u ON u.id = k.created_by';

/** The institution's API keys: only each key's hash is kept (api-keys.ts says why that hash). */
export class ApiKeyStore {
  constructor(private readonly db: Db) {}

  /** `createdBy` is the issuing user's id; views name them by username. */
  insert(key: Omit<ApiKeyView, 'lastUsedAt' | 'revokedAt'> & { keyHash: string }): void {
    this.db
      .prepare(
        `INSERT INTO api_keys (id, name, scopes, key_hash, hint, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(key.id, key.name, JSON.stringify(key.scopes), key.keyHash, key.hint, key.createdBy, key.createdAt);
  }

  findByHash(keyHash: string): ApiKeyView | undefined {
    const row = this.db.prepare(`${SELECT} WHERE key_hash = ?`).get(keyHash) as ApiKeyRow | undefined;
    return row && toView(row);
  }

  findById(id: string): ApiKeyView | undefined {
    const row = this.db.prepare(`${SELECT} WHERE k.id = ?`).get(id) as ApiKeyRow | undefined;
    return row && toView(row);
  }

  /** Every key, newest first, revoked ones too. */
  all(): ApiKeyView[] {
    return (this.db.prepare(`${SELECT} ORDER BY k.created_at DESC, k.id`).all() as ApiKeyRow[]).map(toView);
  }

  revoke(id: string, by: string, at: number): void {
    this.db
      .prepare('UPDATE api_keys SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL')
      .run(at, by, id);
  }

  used(id: string, at: number): void {
    this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(at, id);
  }
}
