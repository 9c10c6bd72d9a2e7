import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { STAFF_ROLES, type StaffRole } from '../../../shared/contracts/auth.js';
import { clientRequests, type ClientRequestName } from '../../../shared/contracts/socket-events.js';
import { AppError } from '../../platform/errors.js';
import { API_KEY_SCOPES, type ApiKeyScope } from '../../../shared/contracts/admin.js';
import type { ApiKeyPrincipal, Principal } from '../principal.js';
import { API_KEY_SCOPE_PERMISSIONS } from './api-key-scopes.js';
import {
  asCustomer,
  asStaff,
  can,
  mayAsk,
  mayReadCall,
  maySend,
  requireCallPermission,
  requirePermission,
  type CallParties,
} from './access.js';
import { PERMISSIONS, type CallPermission, type Permission } from './permissions.js';

const customer = (ticketId: string): Principal => ({ kind: 'customer', ticketId });
const staff = (role: StaffRole, id = `${role}-1`): Principal => ({
  kind: 'staff',
  user: { id, username: id, displayName: id, role },
});
const call: CallParties = { ticketId: 't-1', tellerIds: ['teller-1'] };

const permissions = Object.keys(PERMISSIONS) as Permission[];
const callPermissions = permissions.filter((p) =>
  PERMISSIONS[p].some((h) => h.startsWith('call.')),
) as CallPermission[];
const roleOf = (p: Principal) => (p.kind === 'customer' ? 'customer' : p.user.role);

const principalArb: fc.Arbitrary<Principal> = fc.oneof(
  fc.constantFrom('t-1', 't-2').map(customer),
  fc
    .tuple(fc.constantFrom(...STAFF_ROLES), fc.constantFrom('teller-1', 'teller-2', 'x'))
    .map(([r, id]) => staff(r, id)),
);
const partiesArb: fc.Arbitrary<CallParties | undefined> = fc.option(
  fc.record({
    ticketId: fc.constantFrom('t-1', 't-2'),
    tellerIds: fc.subarray(['teller-1', 'teller-2', 'x']),
  }),
  { nil: undefined },
);
const permissionArb = fc.constantFrom(...permissions);
const apiKey = (scopes: ApiKeyScope[]): ApiKeyPrincipal => ({
  kind: 'api_key',
  key: { id: 'k-1', name: 'core banking', scopes },
});
const apiKeyArb = fc.subarray([...API_KEY_SCOPES]).map(apiKey);

/** The code an access check throws, or 'allowed'. */
function outcome(check: () => unknown): string {
  try {
    check();
    return 'allowed';
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
}

describe('the access policy', () => {
  it('gives a role’s permissions to every member, and nothing to anyone unnamed', () => {
    expect(can(staff('admin'), 'vip.manage')).toBe(true);
    expect(can(staff('supervisor'), 'vip.manage')).toBe(true);
    expect(can(staff('teller'), 'vip.manage')).toBe(false);
    expect(can(staff('auditor'), 'audit.decide')).toBe(true);
    expect(can(staff('supervisor'), 'audit.decide')).toBe(false);
    expect(can(customer('t-1'), 'recording.read')).toBe(false);
    expect(can(undefined, 'queue.wait')).toBe(false);
  });

  it('lets a call’s customer and tellers read it, and supervisors and auditors any call', () => {
    const readers = [customer('t-1'), staff('teller', 'teller-1'), staff('supervisor'), staff('auditor')];
    const others = [customer('t-2'), staff('teller', 'teller-2'), staff('admin'), undefined];
    for (const p of readers) expect(mayReadCall(p, call)).toBe(true);
    for (const p of others) expect(mayReadCall(p, call)).toBe(false);
    // No call, nothing to read: not even for the roles that read every call.
    expect(mayReadCall(staff('supervisor'), undefined)).toBe(false);
  });

  it('lets only a supervisor monitor a call, and touch its media only while monitoring it', () => {
    for (const p of [staff('teller', 'teller-1'), staff('auditor'), staff('admin'), customer('t-1')]) {
      expect(mayAsk(p, 'call.monitor')).toBe(false);
    }
    expect(mayAsk(staff('supervisor'), 'call.monitor')).toBe(true);
    const monitored = { ...call, supervisorIds: ['sup-1'] };
    expect(can(staff('supervisor', 'sup-1'), 'call.media', monitored)).toBe(true);
    expect(can(staff('supervisor', 'sup-2'), 'call.media', monitored)).toBe(false);
    expect(can(staff('supervisor', 'sup-1'), 'call.media', call)).toBe(false);
    // Monitoring makes no supervisor a side of the call: no hanging up, no service, no face check.
    expect(can(staff('supervisor', 'sup-1'), 'call.take_part', monitored)).toBe(false);
    expect(can(staff('supervisor', 'sup-1'), 'service.drive', monitored)).toBe(false);
    expect(can(staff('auditor'), 'call.media', monitored)).toBe(false);
  });

  it('never shows the reference photo to the customer side, even of its own call', () => {
    expect(can(customer('t-1'), 'face.review', call)).toBe(false);
    expect(mayAsk(customer('t-1'), 'face.review')).toBe(false);
    expect(can(staff('teller', 'teller-1'), 'face.review', call)).toBe(true);
    expect(can(staff('teller', 'teller-2'), 'face.review', call)).toBe(false);
    expect(can(staff('auditor'), 'face.review', call)).toBe(true);
  });

  it('lets each principal send the socket requests of its side only', () => {
    const sends = (p: Principal) =>
      (Object.keys(clientRequests) as ClientRequestName[]).filter((r) => maySend(p, r));
    // A supervisor's media requests name the call it monitors; which call, `can` decides.
    expect(sends(staff('supervisor'))).toEqual([
      'media:createTransport',
      'media:connectTransport',
      'media:produce',
      'media:closeProducer',
      'media:consume',
      'media:resumeConsumer',
      'media:setProducerPaused',
      'media:restartIce',
      'supervisor:board',
      'monitor:start',
      'monitor:stop',
    ]);
    expect(sends(staff('auditor'))).toEqual([]);
    expect(sends(staff('admin'))).toEqual([]);
    expect(sends(customer('t-1'))).toEqual(
      expect.arrayContaining(['media:produce', 'call:hangUp', 'ticket:status', 'service:sign', 'face:frame']),
    );
    for (const r of ['service:push', 'service:complete', 'face:start', 'teller:state'] as const)
      expect(maySend(customer('t-1'), r)).toBe(false);
    for (const r of ['service:push', 'face:start', 'offer:accept', 'media:consume'] as const)
      expect(maySend(staff('teller'), r)).toBe(true);
    for (const r of ['service:sign', 'service:rate', 'face:frame', 'queue:leave'] as const)
      expect(maySend(staff('teller'), r)).toBe(false);
  });

  it('gives an API key exactly what its scopes grant: never a role’s permission, never a call’s side', () => {
    fc.assert(
      fc.property(apiKeyArb, permissionArb, partiesArb, (key, permission, parties) => {
        const granted =
          (PERMISSIONS[permission] as readonly string[]).includes('api_key') &&
          key.key.scopes.some((scope) => API_KEY_SCOPE_PERMISSIONS[scope] === permission);
        expect([can(key, permission, parties), mayAsk(key, permission)]).toEqual([granted, granted]);
      }),
    );
    expect(can(apiKey(['records.verify']), 'record.verify')).toBe(true);
    expect(can(apiKey(['references.write']), 'record.verify')).toBe(false);
    expect(outcome(() => asStaff(apiKey([...API_KEY_SCOPES]), 'record.verify'))).toBe('forbidden');
    // Every scope grants something a key can hold.
    for (const scope of API_KEY_SCOPES)
      expect(PERMISSIONS[API_KEY_SCOPE_PERMISSIONS[scope]]).toContain('api_key');
  });

  it('leaves staff administration and API keys to the admin role alone', () => {
    for (const permission of ['admin.staff', 'admin.api_keys'] as const) {
      expect(STAFF_ROLES.filter((role) => can(staff(role), permission))).toEqual(['admin']);
      expect(can(customer('t-1'), permission)).toBe(false);
      expect(can(apiKey([...API_KEY_SCOPES]), permission)).toBe(false);
    }
  });

  it('holds nothing it may not ask for', () => {
    fc.assert(
      fc.property(principalArb, permissionArb, partiesArb, (p, permission, parties) => {
        if (can(p, permission, parties)) expect(mayAsk(p, permission)).toBe(true);
      }),
    );
  });

  it('decides a role’s permission by the role alone, whatever call it is given', () => {
    const rolePermissions = permissions.filter((p) => !callPermissions.includes(p as CallPermission));
    fc.assert(
      fc.property(principalArb, fc.constantFrom(...rolePermissions), partiesArb, (p, permission, parties) => {
        const byRole = (PERMISSIONS[permission] as readonly string[]).includes(roleOf(p));
        expect([can(p, permission), can(p, permission, parties), mayAsk(p, permission)]).toEqual([
          byRole,
          byRole,
          byRole,
        ]);
      }),
    );
  });

  it('gives a call’s permission to a side only for its own call, and for no call to nobody', () => {
    fc.assert(
      fc.property(principalArb, fc.constantFrom(...callPermissions), partiesArb, (p, permission, parties) => {
        const holders = PERMISSIONS[permission] as readonly string[];
        const party =
          parties !== undefined &&
          (p.kind === 'customer'
            ? holders.includes('call.customer') && p.ticketId === parties.ticketId
            : p.user.role === 'teller' &&
              holders.includes('call.teller') &&
              parties.tellerIds.includes(p.user.id));
        const expected = parties !== undefined && (holders.includes(roleOf(p)) || party);
        expect(can(p, permission, parties)).toBe(expected);
      }),
    );
  });

  it('answers 401 for nobody, 403 for who may not, and the principal itself otherwise', () => {
    fc.assert(
      fc.property(
        fc.option(principalArb, { nil: undefined }),
        permissionArb,
        partiesArb,
        (p, perm, parties) => {
          const expected = !p ? 'unauthorized' : mayAsk(p, perm) ? 'allowed' : 'forbidden';
          expect(outcome(() => requirePermission(p, perm))).toBe(expected);
          if (p && mayAsk(p, perm)) expect(requirePermission(p, perm)).toBe(p);
          if (!callPermissions.includes(perm as CallPermission)) return;
          const forCall = !p ? 'unauthorized' : can(p, perm, parties) ? 'allowed' : 'forbidden';
          expect(outcome(() => requireCallPermission(p, perm as CallPermission, parties))).toBe(forCall);
        },
      ),
    );
  });

  it('narrows to the customer or the staff user asking, and refuses the other kind', () => {
    expect(asCustomer(customer('t-1'), 'queue.wait')).toEqual(customer('t-1'));
    expect(asStaff(staff('teller'), 'queue.serve')).toMatchObject({ id: 'teller-1', role: 'teller' });
    expect(outcome(() => asCustomer(staff('teller'), 'queue.wait'))).toBe('forbidden');
    expect(outcome(() => asStaff(customer('t-1'), 'queue.serve'))).toBe('forbidden');
    expect(outcome(() => asStaff(undefined, 'vip.manage'))).toBe('unauthorized');
    expect(outcome(() => asStaff(staff('teller'), 'vip.manage'))).toBe('forbidden');
  });
});
