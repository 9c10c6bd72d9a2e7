import type { ServiceStateView } from '../../shared/contracts/service-events.js';
import type {
  ClientRequestName,
  ClientRequestPayload,
  ClientResponses,
} from '../../shared/contracts/socket-events.js';
import { ApiError } from '../common/api.js';
import type { SocketClient } from '../common/socket.js';

type MessageRequest = {
  [E in ClientRequestName]: ClientRequestPayload<E> extends { messageId: string } ? E : never;
}[ClientRequestName];
type WithoutIds<E extends MessageRequest> = Omit<ClientRequestPayload<E>, 'messageId' | 'callId'>;

const RETRIES = 2;

const connected = (client: SocketClient): Promise<void> =>
  client.socket.connected
    ? Promise.resolve()
    : new Promise((resolve) => client.socket.once('connect', () => resolve()));

/**
 * One call's guided service, as a page sees it: the latest state from the
 * server, and messages that keep their id across retries, so an answer lost in
 * a reconnect can be asked for again without doing the thing twice.
 */
export class ServiceChannel {
  private readonly unsubscribe: () => void;

  constructor(
    private readonly client: SocketClient,
    readonly callId: string,
    private readonly onState: (view: ServiceStateView) => void,
  ) {
    this.unsubscribe = client.on('service:state', (view) => {
      if (view.callId === callId) onState(view);
    });
  }

  /** Fetches the state again: on entering the call and after every reconnect. */
  async refresh(): Promise<void> {
    this.onState(await this.client.request('service:state', { callId: this.callId }));
  }

  async send<E extends MessageRequest>(event: E, payload: WithoutIds<E>): Promise<ClientResponses[E]> {
    const full = {
      ...payload,
      callId: this.callId,
      messageId: crypto.randomUUID(),
    } as ClientRequestPayload<E>;
    for (let attempt = 0; ; attempt++) {
      try {
        const view = await this.client.request(event, full);
        this.onState(view as ServiceStateView);
        return view;
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 'timeout') || attempt >= RETRIES) throw error;
        await connected(this.client);
      }
    }
  }

  /** A request that changes nothing on a retry by itself (the state, asking for the signature, rating). */
  request<E extends 'service:state' | 'service:requestSignature' | 'service:rate'>(
    event: E,
    payload: Omit<ClientRequestPayload<E>, 'callId'>,
  ): Promise<ClientResponses[E]> {
    return this.client.request(event, { ...payload, callId: this.callId } as ClientRequestPayload<E>);
  }

  close(): void {
    this.unsubscribe();
  }
}
