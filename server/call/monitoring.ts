import type { Logger } from 'pino';
import type { MonitorMode } from '../../shared/contracts/monitor.js';
import type { MonitorView } from '../../shared/contracts/socket-events.js';
import { asStaff, type Principal } from '../identity/index.js';
import { AppError } from '../platform/errors.js';
import type { ParticipantTerms } from '../platform/media/call-room.js';
import { appendCallEvent, type ActiveCall } from './active-call.js';
import type { CallBus } from './call-bus.js';
import type { CallMonitor, CallRegistry } from './call-registry.js';
import { sideOfKey } from './participants.js';
import type { TimelineStore } from './timeline-store.js';

/**
 * What each mode lets the supervisor's media do. Listening sends nothing and
 * is offered to nobody; a whisper is the microphone, for the teller's ears
 * only; a barge is a third participant everyone sees and hears.
 */
export const MONITOR_TERMS: Record<MonitorMode, ParticipantTerms> = {
  listen: { sends: [], audience: () => false },
  whisper: { sends: ['audio'], audience: (key) => sideOfKey(key) === 'teller' },
  barge: { sends: ['audio', 'video'] },
};

const EVENT_OF_MODE = {
  listen: 'supervisor.listening',
  whisper: 'supervisor.whispering',
  barge: 'supervisor.barged_in',
} as const;

export interface MonitoringDeps {
  registry: CallRegistry;
  events: TimelineStore;
  bus: CallBus;
  clock: () => number;
  logger: Logger;
}

/**
 * Supervisors listening in on calls, whispering to their tellers, barging in.
 * A supervisor monitors one call at a time, in one mode; a new mode (or a new
 * call) closes the media of the previous one before the next starts. Each
 * change is on the call's timeline (and from there in the audit chain); the
 * call's sides hear of it only when it is for them (`supervisorChanged`).
 */
export class Monitoring {
  constructor(private readonly deps: MonitoringDeps) {}

  async start(principal: Principal, callId: string, mode: MonitorMode): Promise<MonitorView> {
    const user = asStaff(principal, 'call.monitor');
    const { registry } = this.deps;
    const call = registry.get(callId);
    if (!call) throw new AppError('not_found', 'no such call in progress');
    const current = registry.monitoredBy(user.id);
    if (current && current.call !== call) this.#leave(current.call, current.monitor);
    const previous = current?.call === call ? current.monitor : undefined;
    if (previous) call.room.closeParticipant(previous.key);
    const monitor = registry.setMonitor(callId, {
      supervisorId: user.id,
      displayName: user.displayName,
      mode,
    });
    call.room.admit(monitor.key, MONITOR_TERMS[mode]);
    if (previous?.mode !== mode) {
      await appendCallEvent(this.deps.events, this.deps.clock(), call, user.id, EVENT_OF_MODE[mode], {
        supervisorId: user.id,
      });
      this.deps.bus.emit('supervisorChanged', call, monitor, previous?.mode ?? null);
    }
    return {
      callId,
      mode,
      producers: registry.view(call, monitor.key).producers,
      routerRtpCapabilities: call.room.rtpCapabilities,
    };
  }

  stop(principal: Principal, callId: string): void {
    const user = asStaff(principal, 'call.monitor');
    const current = this.deps.registry.monitoredBy(user.id);
    if (current?.call.callId === callId) this.#leave(current.call, current.monitor);
  }

  /** The supervisor's page is gone: it monitors nothing any more. */
  disconnected(supervisorId: string): void {
    const current = this.deps.registry.monitoredBy(supervisorId);
    if (current) this.#leave(current.call, current.monitor);
  }

  #leave(call: ActiveCall, monitor: CallMonitor): void {
    this.deps.registry.dropMonitor(call.callId, monitor.supervisorId);
    call.room.closeParticipant(monitor.key);
    // Leaving does not wait for the timeline: a note that cannot be stored is logged.
    appendCallEvent(this.deps.events, this.deps.clock(), call, monitor.supervisorId, 'supervisor.left', {
      supervisorId: monitor.supervisorId,
      mode: monitor.mode,
    }).catch((error: unknown) =>
      this.deps.logger.error({ err: error, callId: call.callId }, 'could not note a supervisor leaving'),
    );
    this.deps.bus.emit('supervisorChanged', call, undefined, monitor.mode);
  }
}
