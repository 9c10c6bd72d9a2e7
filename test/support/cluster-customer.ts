import type { CreateTicketRequest, CreateTicketResponse } from '../../shared/contracts/ticket.js';
import { sampleTicket, type TestSocket } from './clients.js';
import { LbBrowser } from './lb-browser.js';

/**
 * A waiting customer's page behind the load balancer: joins with the REST form,
 * then keeps a socket that reconnects by itself and learns its place as the
 * page does: `ticket:status` on every connection (the leader's node answers a
 * position, another node none) and every `queue:position` push after.
 */
export class ClusterCustomer {
  readonly socket: TestSocket;
  /** Its place in line as the page last learned it. */
  position: number | undefined;
  /** When the page learned its place since its latest connection; undefined until it has. */
  placedAt: number | undefined;
  connectedAt: number | undefined;
  /** When the page last lost its connection, and how many tries its latest reconnection took. */
  disconnectedAt: number | undefined;
  reconnectAttempts = 0;
  /** Why its latest failed try failed (socket.io's connect_error message). */
  lastConnectError: string | undefined;
  /** Called whenever the page learns its place (unchanged or not). */
  onPlaced: ((customer: ClusterCustomer) => void) | undefined;

  static async join(
    lb: { url: string; ca: string },
    address: string,
    form: Partial<CreateTicketRequest>,
    clock: () => number = Date.now,
  ): Promise<ClusterCustomer> {
    const browser = new LbBrowser(lb, address);
    const res = await browser.request<CreateTicketResponse>('POST', '/api/tickets', sampleTicket(form));
    if (res.status !== 201) throw new Error(`ticket not created: ${res.status} ${JSON.stringify(res.body)}`);
    return new ClusterCustomer(browser, res.body, clock);
  }

  private constructor(
    readonly browser: LbBrowser,
    readonly created: CreateTicketResponse,
    private readonly clock: () => number,
  ) {
    this.socket = browser.openSocket({ ticketToken: created.ticketToken });
    this.socket.on('connect', () => {
      this.connectedAt = this.clock();
      this.placedAt = undefined;
      void this.#askStatus();
    });
    this.socket.on('queue:position', (update) => this.#placed(update.position));
    this.socket.on('disconnect', () => (this.disconnectedAt = this.clock()));
    this.socket.on('connect_error', (error) => (this.lastConnectError = error.message));
    this.socket.io.on('reconnect_attempt', (attempt) => (this.reconnectAttempts = attempt));
  }

  get ticketId(): string {
    return this.created.ticket.ticketId;
  }

  /** The node its socket is on now (undefined while it has none). */
  get nodeId(): string | undefined {
    return this.socket.connected ? this.browser.nodeId : undefined;
  }

  /** Resolves once connected and placed. */
  async placed(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.placedAt === undefined || !this.socket.connected) {
      if (Date.now() > deadline) throw new Error(`customer ${this.ticketId} not placed in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  close(): void {
    this.socket.close();
  }

  async #askStatus(): Promise<void> {
    try {
      const ack = (await this.socket.timeout(30_000).emitWithAck('ticket:status', {})) as {
        ok: boolean;
        data?: { ticket: { position: number | null } };
      };
      const position = ack.ok ? ack.data?.ticket.position : null;
      if (position !== null && position !== undefined) this.#placed(position);
    } catch {
      // No answer (its node died meanwhile): the next connection asks again.
    }
  }

  #placed(position: number): void {
    this.position = position;
    this.placedAt = this.clock();
    this.onPlaced?.(this);
  }
}
