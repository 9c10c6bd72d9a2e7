import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../platform/config.js';
import { LOCK_KEYS } from '../platform/database/lock-keys.js';
import type { Schema } from '../platform/database/schema.js';
import { serialised } from '../platform/database/serialised.js';
import { readCertificatePem } from '../platform/pem-file.js';
import { timestampToken } from '../service/index.js';
import { readAnchorFile } from './chain-check.js';
import { ChainVerifier } from './chain-verifier.js';
import { AuditAnchoring } from './audit-anchoring.js';
import type { ChainSource } from './audit-source.js';
import { AuditStore } from './audit-store.js';
import { AuditTrail, SYSTEM_ACTOR } from './audit-trail.js';

export interface AuditChain {
  trail: AuditTrail;
  verifier: ChainVerifier;
  anchoring: AuditAnchoring;
}

/**
 * Entries written before the audit key carry only a plain SHA-256: the first
 * keyed entry after them seals them (its HMAC covers the link to the last one).
 * Done once, on the first start after the upgrade, and never over a chain that
 * has been anchored already: there, unkeyed entries at the head mean a rewrite.
 * Under the chain's lock, so nodes starting together seal once.
 */
async function sealUnkeyedEntries(
  db: Kysely<Schema>,
  store: AuditStore,
  trail: AuditTrail,
  config: Config,
  logger: Logger,
): Promise<void> {
  await serialised(db, LOCK_KEYS.auditChain, async (trx) => {
    const head = await store.in(trx).head();
    if (head?.algorithm !== 'sha256') return;
    const anchored =
      (await store.in(trx).anchors()).length > 0 ||
      (config.auditAnchorFile && readAnchorFile(config.auditAnchorFile).length > 0);
    if (anchored) {
      logger.error(
        'the audit chain ends in unkeyed entries although it was anchored: not sealing them; run npm run audit:verify',
      );
      return;
    }
    await trail.in(trx).write(SYSTEM_ACTOR, 'audit.chain_keyed', null, { unkeyedEntries: head.seq });
    logger.warn(
      { unkeyedEntries: head.seq },
      'audit entries written before the audit key are sealed by a keyed entry',
    );
  });
}

/**
 * The audit chain on the server's database (SQLite, or PostgreSQL with
 * SKYTELLER_DATABASE_URL): writing, verifying off-thread, anchoring.
 * Production's checklist (platform/production-checklist.ts) makes sure it has a place.
 */
export async function createAuditChain(deps: {
  kysely: Kysely<Schema>;
  config: Config;
  key: Buffer;
  clock: () => number;
  logger: Logger;
}): Promise<AuditChain> {
  const { config, key, clock, logger } = deps;
  const store = new AuditStore(deps.kysely, key);
  const trail = new AuditTrail(store, clock);
  await sealUnkeyedEntries(deps.kysely, store, trail, config, logger);
  const tsaUrl = config.tsaUrl;
  // The verifier's thread reads the same database through a connection of its own.
  const source: ChainSource =
    config.databaseUrl === undefined
      ? { sqliteFile: path.join(config.dataDir, 'skyteller.db') }
      : { databaseUrl: config.databaseUrl };
  return {
    trail,
    verifier: new ChainVerifier({
      source,
      key,
      ...(config.auditAnchorFile && { anchorFile: config.auditAnchorFile }),
      ...(config.tsaCertFile && { tsaCertPem: readCertificatePem(config.tsaCertFile, 'SKYTELLER_TSA_CERT') }),
    }),
    anchoring: new AuditAnchoring({
      store,
      key,
      clock,
      logger,
      ...(tsaUrl && { timestamp: (imprint: Buffer) => timestampToken(tsaUrl, imprint) }),
      ...(config.auditAnchorFile && { anchorFile: config.auditAnchorFile }),
    }),
  };
}
