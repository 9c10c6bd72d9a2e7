import type { ApiKeyScope } from '../../../shared/contracts/admin.js';
import type { Permission } from './permissions.js';

/**
 * The permission each API-key scope grants. A key holds a permission when the
 * table of permissions lists `api_key` for it AND one of its scopes grants it.
 */
export const API_KEY_SCOPE_PERMISSIONS: Record<ApiKeyScope, Permission> = {
  'records.verify': 'record.verify',
  'references.write': 'face.reference.file',
};
