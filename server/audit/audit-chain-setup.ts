import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../platform/config.js';
import type { Db } from '../platform/database/database.js';
import { readCertificatePem } from '../platform/pem-file.js';
import { timestampToken } from '../service/index.js';
import { readAnchorFile } from './chain-check.js';
import { ChainVerifier } from './chain-verifier.js';
import { AuditAnchoring } from './audit-anchoring.js';
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
 */
function sealUnkeyedEntries(store: AuditStore, trail: AuditTrail, config: Config, logger: Logger): void {
  const head = store.head();
  if (head?.algorithm !== 'sha256') return;
  const anchored =
    store.anchors().length > 0 ||
    (config.auditAnchorFile && readAnchorFile(config.auditAnchorFile).length > 0);
  if (anchored) {
    logger.error(
      'the audit chain ends in unkeyed entries although it was anchored: not sealing them; run npm run audit:verify',
    );
    return;
  }
  trail.write(SYSTEM_ACTOR, 'audit.chain_keyed', null, { unkeyedEntries: head.seq });
  logger.warn(
    { unkeyedEntries: head.seq },
    'audit entries written before the audit key are sealed by a keyed entry',
  );
}

/**
 * The audit chain on the server's database: writing, verifying off-thread,
 * anchoring. Production's checklist (platform/production-checklist.ts) makes sure it has a place.
 */
export function createAuditChain(deps: {
  db: Db;
  config: Config;
  key: Buffer;
  clock: () => number;
  logger: Logger;
}): AuditChain {
  const { config, key, clock, logger } = deps;
  const store = new AuditStore(deps.db, key);
  const trail = new AuditTrail(store, clock);
  sealUnkeyedEntries(store, trail, config, logger);
  const tsaUrl = config.tsaUrl;
  return {
    trail,
    verifier: new ChainVerifier({
      dbFile: path.join(config.dataDir, 'skyteller.db'),
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
