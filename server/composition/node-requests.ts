import type { Principal } from '../identity/index.js';
import type { AppServer } from '../platform/socket/socket-server.js';

type Answerer = (body: unknown) => Promise<unknown>;

/**
 * Questions one node asks every other over the nodes' socket.io bus (`node:request`, Redis), by
 * topic. socket.io waits for an answer from every node, so each node answers each request exactly
 * once: with what the topic's answerer gives, or null (a topic it does not serve, a request it
 * cannot answer). Made before the socket server; connected once it is up.
 */
export class NodeRequests {
  readonly #answerers = new Map<string, Answerer>();
  #io: AppServer<Principal> | undefined;

  /** This node answers `topic` with `answerer` (null when it rejects). */
  serve(topic: string, answerer: Answerer): void {
    this.#answerers.set(topic, answerer);
  }

  connect(io: AppServer<Principal>): void {
    this.#io = io;
    io.on('node:request', (topic, body, answer) => {
      const answerer = this.#answerers.get(topic);
      if (!answerer) return answer(null);
      answerer(body).then(answer, () => answer(null));
    });
  }

  /** Every other node's answer (nulls included), once all have answered or the adapter gave up. */
  async ask(topic: string, body: unknown): Promise<unknown[]> {
    if (!this.#io) throw new Error('the socket server is not up yet');
    return this.#io.serverSideEmitWithAck('node:request', topic, body);
  }
}
