// A call in Chromium across a local cluster's nodes, and the loss of the node that holds it: shared
// by the cluster test (test/cluster/call-failover.e2e.test.ts) and `npm run bench:cluster`, which
// reports how fast such a call comes back (issue 16, "Benchmark").
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { STICKY_COOKIE } from '../../scripts/cluster/haproxy-config.js';
import { framesDecoded, inboundStats, newContext } from './browser.js';
import type { LocalCluster } from './local-cluster.js';
import { customerJoins } from './pages.js';
import { waitFor } from './wait.js';

/** The node a page's socket is on, as the server told it (`node:hello`). */
export const nodeOfPage = (page: Page): Promise<string | null> => page.getAttribute('html', 'data-node');

/** Pages of one browser, each starting on the node its sticky cookie names. */
export class ClusterPages {
  readonly #contexts: BrowserContext[] = [];
  /** What each page printed, shown when its media does not come (the node logs are in the cluster's folder). */
  readonly #console = new Map<Page, string[]>();

  constructor(
    private readonly cluster: LocalCluster,
    private readonly browser: Browser,
  ) {}

  /** A page in a context of its own whose first request haproxy sends to `nodeId`. */
  async pageOn(nodeId: string): Promise<Page> {
    const context = await newContext(this.browser);
    this.#contexts.push(context);
    await context.addCookies([{ name: STICKY_COOKIE, value: nodeId, url: this.cluster.lb }]);
    const page = await context.newPage();
    const lines: string[] = [];
    this.#console.set(page, lines);
    page.on('console', (message) => lines.push(`${message.type()}: ${message.text()}`));
    return page;
  }

  /**
   * Waits until the page decodes video now: its count grows between two looks a second apart
   * (a receiver of a connection that died keeps its last count).
   */
  async framesFlowing(page: Page, timeoutMs: number): Promise<void> {
    try {
      await waitFor(async () => {
        const before = framesDecoded(await inboundStats(page));
        await new Promise((resolve) => setTimeout(resolve, 1000));
        return before > 0 && framesDecoded(await inboundStats(page)) > before;
      }, timeoutMs);
    } catch (error) {
      const stats = JSON.stringify(await inboundStats(page));
      const printed = (this.#console.get(page) ?? []).join('\n');
      throw new Error(`${(error as Error).message}: ${stats}\n${printed}`);
    }
  }

  async close(): Promise<void> {
    for (const context of this.#contexts.splice(0)) await context.close();
  }
}

/** Whether a node's process is still there (a test may have killed or stopped it). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits until `read` gives a value `accept` takes, and returns it. */
async function settled<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeoutMs: number) {
  let value = await read();
  await waitFor(async () => accept((value = await read())), timeoutMs);
  return value;
}

/**
 * A customer whose page starts on one node and a teller whose desk is placed by load meet in a
 * call held by the teller's node, with frames decoded on both pages.
 */
export class CallAcrossNodes {
  private constructor(
    private readonly pages: ClusterPages,
    readonly customer: Page,
    readonly teller: Page,
    /** The node that holds the call now. */
    public holder: string,
  ) {}

  static async meet(
    cluster: LocalCluster,
    pages: ClusterPages,
    {
      teller: username,
      tellerNode,
      customerName,
    }: { teller: string; tellerNode: string; customerName?: string },
  ): Promise<CallAcrossNodes> {
    const teller = await pages.pageOn(tellerNode);
    await teller.goto(`${cluster.lb}/teller/`);
    await teller.fill('input[name=username]', username);
    await teller.fill('input[name=password]', cluster.demoPassword);
    await teller.click('[data-testid=login]');
    await teller.click('[data-testid=status-available]');
    const holder = (await settled(
      () => nodeOfPage(teller),
      (node) => /^node-\d+$/.test(node ?? ''),
      30_000,
    ))!;
    const other = cluster.nodes.find((node) => node.id !== holder && running(node.pid))!.id;
    const customer = await pages.pageOn(other);
    await customerJoins(customer, cluster.lb, customerName);
    await settled(
      () => nodeOfPage(customer),
      (node) => node === other,
      30_000,
    );
    await teller.click('[data-testid=accept-offer]', { timeout: 30_000 });
    // The customer's page follows the call to the teller's node, and media flows both ways.
    await settled(
      () => nodeOfPage(customer),
      (node) => node === holder,
      30_000,
    );
    await pages.framesFlowing(customer, 45_000);
    await pages.framesFlowing(teller, 45_000);
    return new CallAcrossNodes(pages, customer, teller, holder);
  }

  /**
   * Stops the node holding the call: SIGKILL (it is lost) or SIGTERM (it drains, and hands the
   * call over). Resolves once both pages are on one other node by themselves and decode new
   * frames, with how long that took from the signal.
   */
  async stopHolder(
    cluster: LocalCluster,
    signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL',
    timeoutMs = 60_000,
  ): Promise<{ survivor: string; framesBothSidesMs: number }> {
    const lost = this.holder;
    const killedAt = Date.now();
    process.kill(cluster.nodes.find((node) => node.id === lost)!.pid, signal);
    const moved = (node: string | null) => node !== null && node !== lost;
    const survivor = (await settled(() => nodeOfPage(this.customer), moved, timeoutMs))!;
    await settled(
      () => nodeOfPage(this.teller),
      (node) => node === survivor,
      timeoutMs,
    );
    // New media: the pages' receivers were rebuilt on the new router, so their counts start again.
    await this.pages.framesFlowing(this.customer, timeoutMs);
    await this.pages.framesFlowing(this.teller, timeoutMs);
    this.holder = survivor;
    return { survivor, framesBothSidesMs: Date.now() - killedAt };
  }
}
