// Three nodes behind haproxy (README, "Deployment"), two Chromium pages with fake cameras: a
// customer whose page is on one node and a teller whose desk is on another meet in a call held by
// the teller's node, frames decoded on both sides; that node is SIGKILLed; both pages come back by
// themselves through haproxy, the call goes on on a survivor with frames on both sides, and its
// recording lands in S3 with the lost node's segments and the new ones (issue 16, "A node dies").
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STICKY_COOKIE } from '../../scripts/cluster/haproxy-config.js';
import { postgresPool } from '../../server/platform/database/postgres-pool.js';
import type { RecordingManifest } from '../../server/recording/rules/recording-manifest.js';
import { framesDecoded, inboundStats, launchChromium, newContext } from '../support/browser.js';
import { startLocalCluster, verifyAuditChain, type LocalCluster } from '../support/local-cluster.js';
import { customerJoins, tellerEndsCall } from '../support/pages.js';
import { waitFor } from '../support/wait.js';

const START_TIMEOUT_MS = 300_000;

let cluster: LocalCluster;
let browser: Browser | undefined;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  cluster = await startLocalCluster(3);
  browser = await launchChromium();
}, START_TIMEOUT_MS);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  if (process.env.SKYTELLER_KEEP_CLUSTER_LOGS)
    fs.cpSync(path.join(cluster.dir, 'logs'), process.env.SKYTELLER_KEEP_CLUSTER_LOGS, { recursive: true });
  await cluster?.remove();
}, 120_000);

/** A browser context whose first request haproxy sends to `nodeId` (its sticky cookie says so). */
async function contextOn(nodeId: string): Promise<BrowserContext> {
  const context = await newContext(browser!);
  contexts.push(context);
  await context.addCookies([{ name: STICKY_COOKIE, value: nodeId, url: cluster.lb }]);
  return context;
}

/** The node a page's socket is on, as the server told it (`node:hello`). */
const nodeOfPage = (page: Page) => page.getAttribute('html', 'data-node');

/** What each page printed, shown when its media does not come (the node logs are in the cluster's folder). */
const consoleOf = new Map<Page, string[]>();

/**
 * Waits until the page decodes video now: its count grows between two looks a second apart
 * (a receiver of a connection that died keeps its last count).
 */
async function framesFlowing(page: Page, timeoutMs: number): Promise<number> {
  let frames = 0;
  try {
    await waitFor(async () => {
      const before = framesDecoded(await inboundStats(page));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      frames = framesDecoded(await inboundStats(page));
      return before > 0 && frames > before;
    }, timeoutMs);
  } catch (error) {
    const stats = JSON.stringify(await inboundStats(page));
    throw new Error(`${(error as Error).message}: ${stats}\n${(consoleOf.get(page) ?? []).join('\n')}`);
  }
  return frames;
}

async function pageOn(nodeId: string): Promise<Page> {
  const page = await (await contextOn(nodeId)).newPage();
  const lines: string[] = [];
  consoleOf.set(page, lines);
  page.on('console', (message) => lines.push(`${message.type()}: ${message.text()}`));
  return page;
}

describe('a call in Chromium across three nodes behind haproxy, its node SIGKILLed', () => {
  let customer: Page;
  let teller: Page;
  let holder: string;

  it('has a customer on one node and a teller on another meet, frames decoded on both sides', async () => {
    // The teller's desk is placed by load; the customer's page starts on another node.
    teller = await pageOn('node-1');
    await teller.goto(`${cluster.lb}/teller/`);
    await teller.fill('input[name=username]', 'teller1');
    await teller.fill('input[name=password]', cluster.demoPassword);
    await teller.click('[data-testid=login]');
    await teller.click('[data-testid=status-available]');
    await expect.poll(() => nodeOfPage(teller), { timeout: 30_000 }).toMatch(/^node-\d$/);
    holder = (await nodeOfPage(teller))!;
    const other = cluster.nodes.find((node) => node.id !== holder)!.id;
    customer = await pageOn(other);
    await customerJoins(customer, cluster.lb);
    await expect.poll(() => nodeOfPage(customer), { timeout: 30_000 }).toBe(other);

    await teller.click('[data-testid=accept-offer]', { timeout: 30_000 });
    // The customer's page follows the call to the teller's node, and media flows both ways.
    await expect.poll(() => nodeOfPage(customer), { timeout: 30_000 }).toBe(holder);
    await framesFlowing(customer, 45_000);
    await framesFlowing(teller, 45_000);
  }, 180_000);

  it('goes on on a survivor after the holding node is SIGKILLed: both pages come back by themselves, with frames', async () => {
    const victim = cluster.nodes.find((node) => node.id === holder)!;
    // Some seconds of media reach the bucket before the node goes.
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const killedAt = Date.now();
    process.kill(victim.pid, 'SIGKILL');

    await expect
      .poll(async () => (await nodeOfPage(customer)) ?? holder, { timeout: 60_000 })
      .not.toBe(holder);
    const survivor = (await nodeOfPage(customer))!;
    await expect.poll(() => nodeOfPage(teller), { timeout: 60_000 }).toBe(survivor);
    // New media: the pages' receivers were rebuilt on the new router, so their counts start again.
    await framesFlowing(customer, 60_000);
    await framesFlowing(teller, 60_000);
    const resumedInMs = Date.now() - killedAt;
    console.info(JSON.stringify({ resumedCallFramesBothSidesMs: resumedInMs }));
    expect(resumedInMs).toBeLessThan(60_000);
  }, 180_000);

  it('keeps the lost node’s segments and the new ones in one recording in S3, and the audit chain verifies', async () => {
    await tellerEndsCall(teller);
    const pool = postgresPool(cluster.databaseUrl, () => {});
    try {
      const call = await pool.query<{ id: string; node_id: string }>(
        'SELECT id, node_id FROM calls ORDER BY started_at DESC LIMIT 1',
      );
      const { id: callId } = call.rows[0]!;
      expect(call.rows[0]!.node_id).not.toBe(holder);
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
        await pool.query<{ folder: string; manifest_sha256: string; status: string }>(
          'SELECT folder, manifest_sha256, status FROM recordings WHERE call_id = $1',
          [callId],
        )
      ).rows[0]!;
      const local = fs.readFileSync(path.join(row.folder, 'manifest.json'));
      expect(crypto.createHash('sha256').update(local).digest('hex')).toBe(row.manifest_sha256);
      const manifest = JSON.parse(local.toString('utf8')) as RecordingManifest;
      expect(manifest.events.map((event) => event.type)).toContain('call.resumed');
      for (const track of manifest.tracks.filter((t) => t.kind === 'video')) {
        expect(track.segments.map((segment) => segment.status)).toEqual(['interrupted', 'complete']);
        for (const segment of track.segments) expect(segment.object).toMatch(new RegExp(`^calls/${callId}/`));
      }
    } finally {
      await pool.end();
    }
    expect(await verifyAuditChain(cluster)).toMatchObject({ ok: true });
  }, 120_000);
});
