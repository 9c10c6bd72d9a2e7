// Three nodes behind haproxy (README, "Deployment"), two Chromium pages with fake cameras: a
// customer whose page is on one node and a teller whose desk is on another meet in a call held by
// the teller's node, frames decoded on both sides; that node is SIGKILLed; both pages come back by
// themselves through haproxy, the call goes on on a survivor with frames on both sides, and its
// recording lands in S3 with the lost node's segments and the new ones (issue 16, "A node dies").
// Then the next call's node is stopped with SIGTERM: it drains and hands the call to the last node,
// and both pages follow it there.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresPool } from '../../server/platform/database/postgres-pool.js';
import type { RecordingManifest } from '../../server/recording/rules/recording-manifest.js';
import { launchChromium } from '../support/browser.js';
import { CallAcrossNodes, ClusterPages, nodeOfPage } from '../support/call-across-nodes.js';
import { startLocalCluster, verifyAuditChain, type LocalCluster } from '../support/local-cluster.js';
import { tellerEndsCall } from '../support/pages.js';
import { waitFor } from '../support/wait.js';

const START_TIMEOUT_MS = 300_000;

let cluster: LocalCluster;
let browser: Browser | undefined;
let pages: ClusterPages | undefined;

beforeAll(async () => {
  cluster = await startLocalCluster(3);
  browser = await launchChromium();
  pages = new ClusterPages(cluster, browser);
}, START_TIMEOUT_MS);

afterAll(async () => {
  await pages?.close();
  await browser?.close();
  if (process.env.SKYTELLER_KEEP_CLUSTER_LOGS)
    fs.cpSync(path.join(cluster.dir, 'logs'), process.env.SKYTELLER_KEEP_CLUSTER_LOGS, { recursive: true });
  await cluster?.remove();
}, 120_000);

describe('a call in Chromium across three nodes behind haproxy, its node SIGKILLed', () => {
  let call: CallAcrossNodes;
  let holder: string;

  it('has a customer on one node and a teller on another meet, frames decoded on both sides', async () => {
    // The teller's desk is placed by load; the customer's page starts on another node.
    call = await CallAcrossNodes.meet(cluster, pages!, { teller: 'teller1', tellerNode: 'node-1' });
    holder = call.holder;
    expect(await nodeOfPage(call.teller)).toBe(holder);
    expect(await nodeOfPage(call.customer)).toBe(holder);
  }, 180_000);

  it('goes on on a survivor after the holding node is SIGKILLed: both pages come back by themselves, with frames', async () => {
    // Some seconds of media reach the bucket before the node goes.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const { survivor, framesBothSidesMs } = await call.stopHolder(cluster);
    console.info(JSON.stringify({ resumedCallFramesBothSidesMs: framesBothSidesMs }));
    expect(survivor).not.toBe(holder);
    expect([await nodeOfPage(call.customer), await nodeOfPage(call.teller)]).toEqual([survivor, survivor]);
    expect(framesBothSidesMs).toBeLessThan(60_000);
  }, 180_000);

  it('keeps the lost node’s segments and the new ones in one recording in S3, and the audit chain verifies', async () => {
    await tellerEndsCall(call.teller);
    const { callId, nodeId, manifest } = await lastCallRecording();
    expect(nodeId).not.toBe(holder);
    expect(manifest.events.map((event) => event.type)).toContain('call.resumed');
    for (const track of manifest.tracks.filter((t) => t.kind === 'video')) {
      expect(track.segments.map((segment) => segment.status)).toEqual(['interrupted', 'complete']);
      for (const segment of track.segments) expect(segment.object).toMatch(new RegExp(`^calls/${callId}/`));
    }
    expect(await verifyAuditChain(cluster)).toMatchObject({ ok: true });
  }, 120_000);

  it('moves the next call when its node is stopped with SIGTERM: both pages follow it, with frames, and the drained node’s segments are kept whole', async () => {
    // Another teller: teller1's desk is still open on the page above.
    const next = await CallAcrossNodes.meet(cluster, pages!, { teller: 'teller2', tellerNode: call.holder });
    const drained = next.holder;
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const { survivor, framesBothSidesMs } = await next.stopHolder(cluster, 'SIGTERM');
    console.info(JSON.stringify({ movedCallFramesBothSidesMs: framesBothSidesMs }));
    expect(survivor).not.toBe(drained);
    await tellerEndsCall(next.teller);
    const { nodeId, manifest } = await lastCallRecording();
    expect(nodeId).toBe(survivor);
    const moved = manifest.events.find((event) => event.type === 'call.moved');
    expect(moved?.data).toEqual({ fromNode: drained, toNode: survivor });
    expect(manifest.interrupted).toBe(false);
    for (const track of manifest.tracks.filter((t) => t.kind === 'video'))
      expect(track.segments.map((segment) => segment.status)).toEqual(['complete', 'complete']);
    expect(await verifyAuditChain(cluster)).toMatchObject({ ok: true });
  }, 180_000);
});

/** The latest call's holder and its closed recording's manifest, checked against the stored hash. */
async function lastCallRecording(): Promise<{ callId: string; nodeId: string; manifest: RecordingManifest }> {
  const pool = postgresPool(cluster.databaseUrl, () => {});
  try {
    const latest = await pool.query<{ id: string; node_id: string }>(
      'SELECT id, node_id FROM calls ORDER BY started_at DESC LIMIT 1',
    );
    const { id: callId, node_id: nodeId } = latest.rows[0]!;
    await waitFor(
      async () =>
        (
          await pool.query('SELECT 1 FROM recordings WHERE call_id = $1 AND status <> $2', [
            callId,
            'recording',
          ])
        ).rowCount === 1,
      60_000,
    );
    const row = (
      await pool.query<{ folder: string; manifest_sha256: string }>(
        'SELECT folder, manifest_sha256 FROM recordings WHERE call_id = $1',
        [callId],
      )
    ).rows[0]!;
    const local = fs.readFileSync(path.join(row.folder, 'manifest.json'));
    expect(crypto.createHash('sha256').update(local).digest('hex')).toBe(row.manifest_sha256);
    return { callId, nodeId, manifest: JSON.parse(local.toString('utf8')) as RecordingManifest };
  } finally {
    await pool.end();
  }
}
