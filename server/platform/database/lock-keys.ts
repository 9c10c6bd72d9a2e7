/**
 * PostgreSQL advisory lock keys, in one place so no two uses share a key by
 * accident (the lock space is the whole database). The high half spells
 * "skyt" so Skyteller's keys stay clear of another application's in a shared
 * database.
 */
const BASE = 0x736b7974n << 32n;

export const LOCK_KEYS = {
  /** Schema migrations: two nodes starting at once never both migrate. */
  migrations: BASE + 1n,
  /** The audit chain's append: the chain never forks across nodes. */
  auditChain: BASE + 2n,
  /** The queue leader: held for as long as its node leads, on a connection of its own. */
  queueLeader: BASE + 3n,
  /** The demo accounts: of nodes starting together on an empty database, one creates them. */
  staffSeeding: BASE + 4n,
} as const;

export type LockKey = bigint;
