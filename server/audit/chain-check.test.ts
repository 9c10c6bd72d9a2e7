import { describe, expect, it } from 'vitest';
import { DIALECTS, databasesPerTest } from '../../test/support/databases.js';
import { hmacAnchor } from './rules/anchor.js';
import { sampleFacts, TEST_KEY } from './rules/audit-fixtures.js';
import type { ChainSource } from './audit-source.js';
import { AuditStore } from './audit-store.js';
import { ChainVerifier } from './chain-verifier.js';

const databases = databasesPerTest();

describe.each(DIALECTS)('verifying the chain on %s, in the verifier’s thread', (dialect) => {
  it('walks the database’s entries and anchors through a connection of its own', async () => {
    const url = dialect === 'postgres' ? await databases.freshPostgres() : undefined;
    const opened = await databases.open(dialect, url);
    const source: ChainSource = url ? { databaseUrl: url } : { sqliteFile: opened.sqlite.name };
    const store = new AuditStore(opened.kysely, TEST_KEY);
    for (let i = 0; i < 6; i++) await store.append(sampleFacts(i));
    const head = (await store.head())!;
    await store.addAnchor(hmacAnchor(TEST_KEY, head, 1));
    const verifier = new ChainVerifier({ source, key: TEST_KEY });
    try {
      expect(await verifier.verify()).toEqual({
        ok: true,
        entries: 6,
        head: { seq: 6, hash: head.hash },
        anchors: 1,
        legacyEntries: 0,
      });
      // A head kept from before that the database no longer has: the chain was cut or rewritten.
      expect(await verifier.verify({ seq: 6, hash: 'f'.repeat(64) })).toMatchObject({
        ok: false,
        firstBroken: { seq: 6, reason: 'anchor_mismatch' },
      });
      // An anchor the database holds under another key is named as invalid.
      await store.addAnchor(hmacAnchor(Buffer.alloc(32, 9), { seq: 3, hash: 'a'.repeat(64) }, 2));
      expect((await verifier.verify()).firstBroken).toMatchObject({ seq: 3, reason: 'anchor_invalid' });
    } finally {
      await verifier.close();
    }
  });
});
