import type { Kysely } from 'kysely';
import type { ApiKeyScope, ApiKeyView } from '../../../shared/contracts/admin.js';
import type { Schema } from '../../platform/database/schema.js';

interface ApiKeyRow {
  id: string;
  name: string;
  scopes: string;
  hint: string;
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

/** The institution's API keys: only each key's hash is kept (api-keys.ts says why that hash). */
export class ApiKeyStore {
  constructor(private readonly db: Kysely<Schema>) {}

  in(trx: Kysely<Schema>): ApiKeyStore {
    return new ApiKeyStore(trx);
  }

  /** `createdBy` is the issuing user's id; views name them by username. */
  async insert(key: Omit<ApiKeyView, 'lastUsedAt' | 'revokedAt'> & { keyHash: string }): Promise<void> {
    await this.db
      .insertInto('api_keys')
      .values({
        id: key.id,
        name: key.name,
        scopes: JSON.stringify(key.scopes),
        key_hash: key.keyHash,
        hint: key.hint,
        created_by: key.createdBy,
        created_at: key.createdAt,
      })
      .execute();
  }

  async findByHash(keyHash: string): Promise<ApiKeyView | undefined> {
    const row = await this.#views().where('k.key_hash', '=', keyHash).executeTakeFirst();
    return row && toView(row);
  }

  async findById(id: string): Promise<ApiKeyView | undefined> {
    const row = await this.#views().where('k.id', '=', id).executeTakeFirst();
    return row && toView(row);
  }

  /** Every key, newest first, revoked ones too. */
  async all(): Promise<ApiKeyView[]> {
    const rows = await this.#views().orderBy('k.created_at', 'desc').orderBy('k.id').execute();
    return rows.map(toView);
  }

  async revoke(id: string, by: string, at: number): Promise<void> {
    await this.db
      .updateTable('api_keys')
      .set({ revoked_at: at, revoked_by: by })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  async used(id: string, at: number): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: at }).where('id', '=', id).execute();
  }

  #views() {
    return this.db
      .selectFrom('api_keys as k')
      .innerJoin('users as u', 'u.id', 'k.created_by')
      .select([
        'k.id',
        'k.name',
        'k.scopes',
        'k.hint',
        'k.created_at',
        'k.last_used_at',
        'k.revoked_at',
        'u.username as created_by_username',
      ]);
  }
}
