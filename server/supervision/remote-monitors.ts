import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import type { MonitorMode } from '../../shared/contracts/monitor.js';
import type { MonitorView } from '../../shared/contracts/socket-events.js';
import { asStaff, requireCallPermission, type Principal } from '../identity/index.js';
import { AppError } from '../platform/errors.js';
import type { CallRoom } from '../platform/media/call-room.js';
import type { RouterLink } from '../platform/media/router-link/router-link.js';
import { MirroredCall } from './mirrored-call.js';
import type { MonitorRelayAnswer, MonitorRelayRequest } from './monitor-relay.js';

export interface RemoteMonitorsDeps {
  nodeId: string;
  /** Asks the node a request names (over the nodes' bus); rejects when it does not answer. */
  ask: (request: MonitorRelayRequest) => Promise<MonitorRelayAnswer>;
  /** The node that holds an open call, from the shared store. */
  nodeOfCall: (callId: string) => Promise<string | undefined>;
  /** A room of its own on a router of this node (not one of this node's calls). */
  openRoom: (callId: string) => Promise<CallRoom>;
  /** Links `router` here to `remoteRouterId` on `nodeId` (the router links). */
  linkTo: (nodeId: string, router: types.Router, remoteRouterId: string) => Promise<RouterLink>;
  /** The supervisor leaves whatever call of this node it monitors (one call at a time). */
  leaveLocal: (supervisorId: string) => void;
  logger: Logger;
}

/**
 * Supervisors here monitoring calls that other nodes hold (README, "Media across nodes"). The
 * holding node is asked to admit the monitor and keeps its bookkeeping; this node links a router
 * of its own to the call's, pipes the sides' producers in (and the supervisor's own out, for a
 * whisper or a barge), and serves the supervisor's WebRTC from it. One call at a time per
 * supervisor, here or there.
 */
export class RemoteMonitors {
  /** By supervisor id. */
  readonly #mirrors = new Map<string, MirroredCall>();

  constructor(private readonly deps: RemoteMonitorsDeps) {}

  /** Whether `callId` is monitored from here by `supervisorId` now. */
  monitors(supervisorId: string, callId: string): boolean {
    const mirror = this.#mirrors.get(supervisorId);
    return mirror !== undefined && !mirror.closed && mirror.callId === callId;
  }

  async start(principal: Principal, callId: string, mode: MonitorMode): Promise<MonitorView> {
    const user = asStaff(principal, 'call.monitor');
    const nodeId = await this.deps.nodeOfCall(callId);
    if (!nodeId || nodeId === this.deps.nodeId) throw new AppError('not_found', 'no such call in progress');
    this.deps.leaveLocal(user.id);
    const previous = this.#mirrors.get(user.id);
    // Another call: the holding node hears the supervisor left. The same call in a new mode: its
    // node changes the mode itself (one timeline entry, the sides told of the change).
    if (previous) this.#leave(previous, { tell: previous.callId !== callId });
    const answer = await this.#ask({ op: 'start', nodeId, callId, mode, supervisor: user });
    if (!('routerId' in answer)) throw new AppError('internal', 'the holding node answered nothing to link');
    let room: CallRoom | undefined;
    try {
      room = await this.deps.openRoom(callId);
      const link = await this.deps.linkTo(nodeId, room.router, answer.routerId);
      const mirror = new MirroredCall(callId, nodeId, user, mode, answer, room, link);
      this.#mirrors.set(user.id, mirror);
      room.once('closed', () => {
        if (this.#mirrors.get(user.id) === mirror) this.#mirrors.delete(user.id);
      });
      await Promise.all(answer.producers.map((p) => mirror.pipe(p.producerId)));
      return { callId, mode, producers: answer.producers, routerRtpCapabilities: room.rtpCapabilities };
    } catch (error) {
      room?.close();
      this.#tellLeft(nodeId, callId, user);
      if (error instanceof AppError) throw error;
      this.deps.logger.warn(
        { err: error, callId, nodeId },
        'could not link a supervisor to a call elsewhere',
      );
      throw new AppError('call_node_unreachable', 'the media of the call could not be reached');
    }
  }

  stop(principal: Principal, callId: string): void {
    const user = asStaff(principal, 'call.monitor');
    const mirror = this.#mirrors.get(user.id);
    if (mirror?.callId === callId) this.#leave(mirror, { tell: true });
  }

  /** The supervisor's page is gone, or it turns to a call of this node. */
  leave(supervisorId: string): void {
    const mirror = this.#mirrors.get(supervisorId);
    if (mirror) this.#leave(mirror, { tell: true });
  }

  /** The mirror's room and the supervisor's key in it, if `principal` may use its media (the policy says). */
  mediaRoomFor(principal: Principal, callId: string): { room: CallRoom; participantKey: string } | undefined {
    const mirror = this.#mirrorFor(principal, callId);
    return mirror && { room: mirror.room, participantKey: mirror.key };
  }

  /** A producer the holding node announced after the start: piped in when first consumed. */
  async beforeConsume(principal: Principal, callId: string, producerId: string): Promise<void> {
    // One that cannot be piped (closed meanwhile) is refused by the room as unknown.
    await this.#mirrorFor(principal, callId)
      ?.pipe(producerId)
      .catch(() => undefined);
  }

  /** The supervisor's own producer (whisper, barge): the holding node pipes it into the call. */
  async produced(principal: Principal, callId: string, producerId: string): Promise<void> {
    const mirror = this.#mirrorFor(principal, callId);
    if (!mirror) return;
    await this.#ask({
      op: 'import',
      nodeId: mirror.nodeId,
      callId,
      supervisorId: mirror.supervisor.id,
      fromNodeId: this.deps.nodeId,
      routerId: mirror.room.router.id,
      producerId,
    });
  }

  #mirrorFor(principal: Principal, callId: string): MirroredCall | undefined {
    if (principal.kind !== 'staff') return undefined;
    const mirror = this.#mirrors.get(principal.user.id);
    if (!mirror || mirror.closed || mirror.callId !== callId) return undefined;
    requireCallPermission(principal, 'call.media', { ...mirror.call, supervisorIds: [mirror.supervisor.id] });
    return mirror;
  }

  close(): void {
    for (const mirror of [...this.#mirrors.values()]) this.#leave(mirror, { tell: false });
  }

  #leave(mirror: MirroredCall, { tell }: { tell: boolean }): void {
    this.#mirrors.delete(mirror.supervisor.id);
    mirror.close();
    if (tell) this.#tellLeft(mirror.nodeId, mirror.callId, mirror.supervisor);
  }

  /** Leaving does not wait for the holding node: one that does not answer is logged. */
  #tellLeft(nodeId: string, callId: string, supervisor: MirroredCall['supervisor']): void {
    this.#ask({ op: 'stop', nodeId, callId, supervisor }).catch((error: unknown) =>
      this.deps.logger.warn(
        { err: error, callId, nodeId },
        'the holding node did not hear a supervisor leave',
      ),
    );
  }

  async #ask(request: MonitorRelayRequest): Promise<Exclude<MonitorRelayAnswer, { ok: false }>> {
    let answer: MonitorRelayAnswer;
    try {
      answer = await this.deps.ask(request);
    } catch {
      throw new AppError('call_node_unreachable', 'the node that holds the call did not answer');
    }
    if (!answer.ok) throw new AppError(answer.code, answer.message);
    return answer;
  }
}
