import type { StaffUser } from '../../shared/contracts/auth.js';
import { AppError } from '../platform/errors.js';
import type { TellerSnapshot } from './leader-link.js';
import type { RoutingTeller } from './rules/routing-types.js';
import type { TellerStatus, TellerStore } from './teller-store.js';

/** A teller at work: at least one page open, or in a call waiting for its page to come back. */
export interface PresentTeller {
  tellerId: string;
  displayName: string;
  skills: ReadonlySet<string>;
  languages: ReadonlySet<string>;
  status: TellerStatus;
  awayReason: string | null;
  /** When the status (or the call) last changed, for the supervisor's board. */
  since: number;
  idleSince: number;
  /** Open pages of the teller. */
  pages: number;
  /** From accepting an offer until the call ends (or fails to start). */
  busy: boolean;
  /** After its call ended, until the teller gave the outcome or the time limit passed. */
  wrapUp: { callId: string; startedAt: number; endsAt: number } | null;
  /**
   * The teller's page is on another node, which told this one (the leader) what it needs to route
   * the teller (leader-link.ts); that node keeps its desk: pages, calls, wrap-up.
   */
  remote: boolean;
}

/** The tellers at work and the status each chose, kept in the store across restarts. */
export class TellerPresence {
  readonly #tellers = new Map<string, PresentTeller>();

  constructor(
    private readonly store: TellerStore,
    private readonly clock: () => number,
  ) {}

  get(tellerId: string): PresentTeller | undefined {
    return this.#tellers.get(tellerId);
  }

  /** The teller at work, or invalid_state. */
  require(tellerId: string): PresentTeller {
    const presence = this.#tellers.get(tellerId);
    if (!presence) throw new AppError('invalid_state', 'the teller is not connected');
    return presence;
  }

  all(): IterableIterator<PresentTeller> {
    return this.#tellers.values();
  }

  ids(): string[] {
    return [...this.#tellers.keys()];
  }

  nameOf(tellerId: string): string | undefined {
    return this.#tellers.get(tellerId)?.displayName;
  }

  /**
   * A teller's first page: its skills from its profile. A teller who was
   * available when the server went down is available again on reconnecting.
   */
  async arrive(user: StaffUser): Promise<PresentTeller> {
    const profile = await this.store.profile(user.id);
    const status = await this.store.status(user.id);
    const now = this.clock();
    const presence: PresentTeller = {
      tellerId: user.id,
      displayName: user.displayName,
      skills: new Set(profile.skills),
      languages: new Set(profile.languages),
      status,
      awayReason: null,
      since: now,
      idleSince: now,
      pages: 1,
      busy: false,
      wrapUp: null,
      remote: false,
    };
    this.#tellers.set(user.id, presence);
    return presence;
  }

  /** What the leader needs of a teller at work here, to route it. */
  snapshot(presence: PresentTeller): TellerSnapshot {
    return {
      tellerId: presence.tellerId,
      displayName: presence.displayName,
      skills: [...presence.skills],
      languages: [...presence.languages],
      status: presence.status,
      awayReason: presence.awayReason,
      since: presence.since,
      idleSince: presence.idleSince,
      busy: presence.busy,
      wrappingUp: presence.wrapUp !== null,
    };
  }

  /**
   * The leader's copy of a teller at work on another node (a teller with a page here too is this
   * node's own, and keeps it). Busy covers its wrap-up: only the teller's node knows the call.
   */
  mirror(snapshot: TellerSnapshot): PresentTeller | undefined {
    if (this.#tellers.get(snapshot.tellerId)?.remote === false) return undefined;
    const presence: PresentTeller = {
      ...snapshot,
      skills: new Set(snapshot.skills),
      languages: new Set(snapshot.languages),
      pages: 0,
      busy: snapshot.busy || snapshot.wrappingUp,
      wrapUp: null,
      remote: true,
    };
    this.#tellers.set(snapshot.tellerId, presence);
    return presence;
  }

  /** The tellers at work on other nodes are forgotten (a new leader asks again; a follower routes none). */
  dropRemote(): void {
    for (const [tellerId, presence] of this.#tellers) if (presence.remote) this.#tellers.delete(tellerId);
  }

  /** The tellers whose pages are on this node. */
  localIds(): string[] {
    return [...this.#tellers.values()].filter((t) => !t.remote).map((t) => t.tellerId);
  }

  /** An administrator changed what the teller serves: a teller at work serves by it at once. */
  async reloadProfile(presence: PresentTeller): Promise<void> {
    const profile = await this.store.profile(presence.tellerId);
    presence.skills = new Set(profile.skills);
    presence.languages = new Set(profile.languages);
  }

  remove(tellerId: string): void {
    this.#tellers.delete(tellerId);
  }

  /** Stored first: a status the store did not take is not shown either. */
  async setStatus(presence: PresentTeller, status: TellerStatus, reason: string | null): Promise<void> {
    const now = this.clock();
    await this.store.setStatus(presence.tellerId, status, reason ?? 'teller', now);
    presence.status = status;
    presence.awayReason = status === 'away' ? reason : null;
    presence.since = now;
  }

  /** What the routing engine needs to know of the teller. */
  routingTeller(presence: PresentTeller): RoutingTeller {
    return {
      tellerId: presence.tellerId,
      skills: presence.skills,
      languages: presence.languages,
      available: presence.status === 'available' && !presence.busy && !presence.wrapUp,
      idleSince: presence.idleSince,
      // Taking over a call needs the call's node, and a hand-over is queued on the leader's.
      takesHandOvers: !presence.remote,
    };
  }
}
