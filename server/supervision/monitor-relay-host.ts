import type { types } from 'mediasoup';
import type { CallRegistry, Monitoring } from '../call/index.js';
import type { Principal } from '../identity/index.js';
import { AppError } from '../platform/errors.js';
import type { RouterLink } from '../platform/media/router-link/router-link.js';
import {
  monitorRelayRequestSchema,
  type MonitorRelayAnswer,
  type MonitorRelayRequest,
} from './monitor-relay.js';

export interface MonitorRelayHostDeps {
  nodeId: string;
  monitoring: Pick<Monitoring, 'start' | 'stop'>;
  registry: Pick<CallRegistry, 'get' | 'monitorsOf'>;
  /** Links `router` here to `remoteRouterId` on `nodeId` (the router links); throws without them. */
  linkTo: (nodeId: string, router: types.Router, remoteRouterId: string) => Promise<RouterLink>;
}

/**
 * The holding node's side of a supervisor monitoring one of its calls from another node: it
 * keeps the bookkeeping as for a supervisor of its own (the registry's monitor, the timeline,
 * the notices to the sides, through `Monitoring`), answers where the call's media is, and takes
 * the supervisor's own producers (whisper, barge) in as the monitor's, piped from the
 * supervisor's node: offered under the monitor's terms and recorded as a local supervisor's.
 */
export class MonitorRelayHost {
  /** Per call and supervisor, the link the supervisor's producers come in by. */
  readonly #imports = new Map<string, RouterLink>();

  constructor(private readonly deps: MonitorRelayHostDeps) {}

  /** The answer to a request for this node; null when it is for another one (or unreadable). */
  async answer(body: unknown): Promise<MonitorRelayAnswer | null> {
    const parsed = monitorRelayRequestSchema.safeParse(body);
    if (!parsed.success || parsed.data.nodeId !== this.deps.nodeId) return null;
    try {
      return await this.#handle(parsed.data);
    } catch (error) {
      if (error instanceof AppError) return { ok: false, code: error.code, message: error.message };
      return { ok: false, code: 'call_node_unreachable', message: 'the media link could not be made' };
    }
  }

  close(): void {
    for (const link of this.#imports.values()) link.close();
    this.#imports.clear();
  }

  async #handle(request: MonitorRelayRequest): Promise<MonitorRelayAnswer> {
    const { monitoring, registry } = this.deps;
    switch (request.op) {
      case 'start': {
        const principal: Principal = { kind: 'staff', user: request.supervisor };
        // A new mode starts afresh: the previous mode's media goes, as Monitoring closes it here.
        this.#dropImport(request.callId, request.supervisor.id);
        const view = await monitoring.start(principal, request.callId, request.mode);
        const call = registry.get(request.callId);
        if (!call) throw new AppError('not_found', 'no such call in progress');
        return {
          ok: true,
          routerId: call.room.router.id,
          ticketId: call.ticket.id,
          tellerIds: [call.tellerId],
          producers: view.producers,
        };
      }
      case 'stop':
        this.#dropImport(request.callId, request.supervisor.id);
        monitoring.stop({ kind: 'staff', user: request.supervisor }, request.callId);
        return { ok: true, done: true };
      case 'import': {
        const call = registry.get(request.callId);
        if (!call) throw new AppError('not_found', 'no such call in progress');
        const monitor = registry
          .monitorsOf(request.callId)
          .find((m) => m.supervisorId === request.supervisorId);
        if (!monitor) throw new AppError('forbidden', 'this supervisor does not monitor the call');
        const key = `${request.callId}/${request.supervisorId}`;
        let link = this.#imports.get(key);
        if (!link || link.closed) {
          link = await this.deps.linkTo(request.fromNodeId, call.room.router, request.routerId);
          this.#imports.set(key, link);
          const made = link;
          made.once('close', () => {
            if (this.#imports.get(key) === made) this.#imports.delete(key);
          });
        }
        const producer = await link.pipe(request.producerId);
        try {
          // The monitor's terms decide: a whisper sends audio only, and reaches the teller only.
          call.room.addProducer(monitor.key, producer);
        } catch (error) {
          producer.close();
          throw error;
        }
        return { ok: true, done: true };
      }
    }
  }

  #dropImport(callId: string, supervisorId: string): void {
    const key = `${callId}/${supervisorId}`;
    this.#imports.get(key)?.close();
    this.#imports.delete(key);
  }
}
