import type { StaffUser } from '../../../shared/contracts/auth.js';
import type { ClientRequestName } from '../../../shared/contracts/socket-events.js';
import { AppError } from '../../platform/errors.js';
import type { Caller, Principal } from '../principal.js';
import { API_KEY_SCOPE_PERMISSIONS } from './api-key-scopes.js';
import {
  PERMISSIONS,
  SIDE_OF_ROLE,
  type CallPermission,
  type Holder,
  type Permission,
  type RoleHolder,
} from './permissions.js';
import { SOCKET_REQUEST_PERMISSIONS } from './socket-permissions.js';

/**
 * Who a call (or a ticket not yet in a call) belongs to: its customer's ticket
 * and the tellers serving it; for a call in progress, the supervisors monitoring it.
 */
export interface CallParties {
  ticketId: string;
  tellerIds: readonly string[];
  supervisorIds?: readonly string[];
}

export type CustomerPrincipal = Extract<Principal, { kind: 'customer' }>;

const holdersOf = (permission: Permission): readonly Holder[] => PERMISSIONS[permission];
const roleOf = (principal: Caller): RoleHolder =>
  principal.kind === 'staff' ? principal.user.role : principal.kind;

/** Whether the principal's role holds `permission`; a key, only when one of its scopes grants it. */
function roleHolds(principal: Caller, permission: Permission): boolean {
  if (!holdersOf(permission).includes(roleOf(principal))) return false;
  return (
    principal.kind !== 'api_key' ||
    principal.key.scopes.some((scope) => API_KEY_SCOPE_PERMISSIONS[scope] === permission)
  );
}

/** Whether `principal` is its role's side of the call. */
function isParty(principal: Principal, parties: CallParties): boolean {
  if (principal.kind === 'customer') return principal.ticketId === parties.ticketId;
  const ids = principal.user.role === 'supervisor' ? (parties.supervisorIds ?? []) : parties.tellerIds;
  return ids.includes(principal.user.id);
}

/**
 * Whether `principal` may ask for `permission` at all: its role holds it, or
 * the side of a call its role can be does (which call is then checked with
 * `can`). For a permission no side holds this is the whole answer.
 */
export function mayAsk(principal: Caller | undefined, permission: Permission): boolean {
  if (!principal) return false;
  const side = SIDE_OF_ROLE[roleOf(principal)];
  return roleHolds(principal, permission) || (side !== undefined && holdersOf(permission).includes(side));
}

const SIDES = new Set<Holder>(Object.values(SIDE_OF_ROLE));
const isCallPermission = (permission: Permission): boolean =>
  holdersOf(permission).some((holder) => SIDES.has(holder));

/**
 * Whether `principal` holds `permission`; a call's permission is held for the
 * call with these parties, and for no call at all (undefined: there is no
 * such call) by nobody, not even the roles that hold it for every call.
 */
export function can(principal: Caller | undefined, permission: Permission, parties?: CallParties): boolean {
  if (!principal || (parties === undefined && isCallPermission(permission))) return false;
  if (roleHolds(principal, permission)) return true;
  const side = SIDE_OF_ROLE[roleOf(principal)];
  return (
    side !== undefined &&
    principal.kind !== 'api_key' &&
    holdersOf(permission).includes(side) &&
    isParty(principal, parties!)
  );
}

/** Who may read a call afterwards: its customer, its tellers, and the roles that read any call. */
export const mayReadCall = (principal: Caller | undefined, parties: CallParties | undefined): boolean =>
  can(principal, 'call.read', parties);

/** Whether `principal` may send a socket request; the binder refuses the others with `forbidden`. */
export const maySend = (principal: Principal, request: ClientRequestName): boolean =>
  mayAsk(principal, SOCKET_REQUEST_PERMISSIONS[request]);

/** The parties of a stored call, from its ticket and every teller who served it. */
export const callParties = (ticketId: string, tellers: readonly { tellerId: string }[]): CallParties => ({
  ticketId,
  tellerIds: tellers.map((t) => t.tellerId),
});

const forbidden = (permission: Permission) => {
  const names = holdersOf(permission).map((h) => h.replace('call.', 'the call’s '));
  return new AppError('forbidden', `${permission} is for ${names.join(' and ') || 'nobody'} only`);
};

/** `principal`, or unauthorized when nobody is calling. */
export function requireCaller<P extends Caller>(principal: P | undefined): P {
  if (!principal) throw new AppError('unauthorized', 'not logged in');
  return principal;
}

/** `principal` if it may ask for `permission` (see `mayAsk`); unauthorized when nobody, forbidden otherwise. */
export function requirePermission<P extends Caller>(principal: P | undefined, permission: Permission): P {
  if (!mayAsk(requireCaller(principal), permission)) throw forbidden(permission);
  return principal!;
}

/** `principal` if it holds a call's `permission` for that call; a call that is not there forbids. */
export function requireCallPermission<P extends Caller>(
  principal: P | undefined,
  permission: CallPermission,
  parties: CallParties | undefined,
): P {
  if (!can(requireCaller(principal), permission, parties)) throw forbidden(permission);
  return principal!;
}

/** The customer behind `principal`, if it may ask for `permission`. */
export function asCustomer(principal: Caller | undefined, permission: Permission): CustomerPrincipal {
  const asking = requirePermission(principal, permission);
  if (asking.kind !== 'customer') throw forbidden(permission);
  return asking;
}

/** The staff user behind `principal`, if it may ask for `permission`. */
export function asStaff(principal: Caller | undefined, permission: Permission): StaffUser {
  const asking = requirePermission(principal, permission);
  if (asking.kind !== 'staff') throw forbidden(permission);
  return asking.user;
}
