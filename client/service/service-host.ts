import { findService, type ServiceDefinition } from '../../shared/catalog/services.js';
import type { ServiceStateView } from '../../shared/contracts/service-events.js';
import type { SocketClient } from '../common/socket.js';
import type { StatusLine } from '../common/status-line.js';
import { ServiceChannel } from './service-channel.js';

/**
 * What the customer's and the teller's service panels share: one channel per
 * call, the state fetched on entering (and re-entering after a reconnect), and
 * an empty, hidden panel outside a call.
 */
export abstract class ServiceHost {
  protected channel: ServiceChannel | null = null;
  protected service: ServiceDefinition | undefined;
  /** What was drawn last: a push that changes nothing visible redraws nothing. */
  protected shown = '';

  constructor(
    protected readonly root: HTMLElement,
    protected readonly status: StatusLine,
  ) {}

  start(client: SocketClient, callId: string, serviceId: string): void {
    if (this.channel?.callId === callId) return void this.refresh();
    this.stop();
    this.service = findService(serviceId);
    this.channel = new ServiceChannel(client, callId, (view) => this.show(view));
    this.root.hidden = false;
    void this.refresh();
  }

  refresh(): Promise<void> {
    return (this.channel?.refresh() ?? Promise.resolve()).catch((e: unknown) => this.status.failure(e));
  }

  stop(): void {
    this.channel?.close();
    this.channel = null;
    this.shown = '';
    this.root.hidden = true;
    this.root.replaceChildren();
  }

  private show(view: ServiceStateView): void {
    const key = this.keyOf(view);
    if (key === this.shown) return;
    this.shown = key;
    this.render(view);
  }

  protected abstract keyOf(view: ServiceStateView): string;
  protected abstract render(view: ServiceStateView): void;
}
