import type { Request } from 'express';
import { SESSION_COOKIE, type StaffUser } from '../../shared/contracts/auth.js';
import { readCookie } from '../platform/http/cookies.js';
import type { Handshake } from '../platform/socket/socket-server.js';
import { asStaff, type CustomerPrincipal } from './policy/access.js';
import type { Permission } from './policy/permissions.js';
import type { ApiKeyPrincipal, Principal } from './principal.js';
import type { StaffAuth } from './staff-auth.js';
import type { TokenSigner } from './tokens.js';
import { API_KEY_PREFIX } from './admin/api-keys.js';

/**
 * The credentials a route takes. A credential it does not take counts for
 * nothing there: a ticket token on a staff route is as good as none (401).
 * `staff_or_api_key`: staff, or an institution's system with an API key.
 */
export type Credentials = 'staff' | 'ticket' | 'staff_or_ticket' | 'staff_or_api_key';

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;
type CallerBy<C extends Credentials> = C extends 'staff'
  ? StaffPrincipal
  : C extends 'ticket'
    ? CustomerPrincipal
    : C extends 'staff_or_api_key'
      ? StaffPrincipal | ApiKeyPrincipal
      : Principal;

/** Finds the system behind an API key (admin/api-keys.ts), auditing the use. */
export interface ApiKeyAuthenticator {
  authenticate(key: string, use: string): Promise<ApiKeyPrincipal | undefined>;
}

/**
 * Who is calling, the one way for requests and sockets: a customer by its
 * ticket token (Bearer, or the socket's auth), staff by the session cookie
 * only, which pages' scripts can neither read nor send anywhere else, and an
 * institution's system by its API key (Bearer, REST only).
 */
export class Callers {
  constructor(
    private readonly deps: {
      tokens: TokenSigner;
      staffAuth: StaffAuth;
      apiKeys: ApiKeyAuthenticator;
      clock: () => number;
    },
  ) {}

  /** Who is behind a request, from the credentials the route takes; undefined for nobody. */
  async ofRequest<C extends Credentials>(req: Request, accepts: C): Promise<CallerBy<C> | undefined> {
    const bearer = req.get('authorization')?.replace(/^Bearer\s+/i, '');
    if (accepts === 'staff_or_api_key' && bearer?.startsWith(API_KEY_PREFIX)) {
      return (await this.deps.apiKeys.authenticate(
        bearer,
        `${req.method} ${req.originalUrl}`,
      )) as CallerBy<C>;
    }
    if (accepts === 'ticket' || accepts === 'staff_or_ticket') {
      const customer = this.#customer(bearer);
      if (customer || accepts === 'ticket') return customer as CallerBy<C> | undefined;
    }
    return (await this.#staff(readCookie(req.get('cookie'), SESSION_COOKIE), true)) as
      | CallerBy<C>
      | undefined;
  }

  /** The signed-in staff user behind a staff route, if it holds `permission`; 401 or 403 otherwise. */
  async requireStaff(req: Request, permission: Permission): Promise<StaffUser> {
    return asStaff(await this.ofRequest(req, 'staff'), permission);
  }

  /** Who a connecting socket is; a socket that shows a ticket token is that customer or nobody. */
  async ofHandshake({ auth, headers }: Handshake): Promise<Principal | undefined> {
    if (auth.ticketToken !== undefined) return this.#customer(auth.ticketToken);
    return this.#staff(readCookie(headers.cookie, SESSION_COOKIE), true);
  }

  /**
   * Whether the staff session a socket was opened with is still open; a
   * customer's socket lives as long as its ticket does, which the queue decides.
   */
  async stillSignedIn({ auth, headers }: Handshake): Promise<boolean> {
    if (auth.ticketToken !== undefined) return true;
    return (await this.#staff(readCookie(headers.cookie, SESSION_COOKIE), false)) !== undefined;
  }

  /** A socket's request counts as use of the staff session it was opened with (the idle timeout). */
  async used({ auth, headers }: Handshake): Promise<void> {
    if (auth.ticketToken === undefined) await this.#staff(readCookie(headers.cookie, SESSION_COOKIE), true);
  }

  #customer(token: unknown): CustomerPrincipal | undefined {
    const claims =
      token === undefined ? undefined : this.deps.tokens.verify(token, 'ticket', this.deps.clock());
    return claims && { kind: 'customer', ticketId: claims.sub };
  }

  async #staff(sessionId: string | undefined, touch: boolean): Promise<StaffPrincipal | undefined> {
    const user =
      sessionId === undefined ? undefined : await this.deps.staffAuth.authenticate(sessionId, touch);
    return user && { kind: 'staff', user };
  }
}
