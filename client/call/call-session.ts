import type { CallEndReason, CallView } from '../../shared/contracts/socket-events.js';
import type { StatusLine } from '../common/status-line.js';
import { meansCallIsOver } from './call-over.js';
import type { CallSocket } from './call-socket.js';
import type { CallStage } from './call-stage.js';
import type { LocalMedia } from './local-media.js';

/** What the customer's and the teller's pages do differently around a call. */
export interface CallPage {
  /**
   * Shows `call`. Runs on every enter: the first, and again for the call already
   * shown when the server repeats it (a reconnect, a state push). `previous` is
   * the call shown until now.
   */
  showCall(call: CallView, previous: CallView | null): void;
  /**
   * The server announced a call's end, before the session acts on it. `known`:
   * the call is this page's, running or already ended (the server's state may
   * have told first, without a reason).
   */
  endAnnounced?(callId: string, reason: CallEndReason, known: boolean): void;
  /**
   * A call ended; once per call. `reason` is null when the server's state says
   * so without saying why. `current`: it was the call on screen, whose media
   * has just stopped.
   */
  callEnded(callId: string, reason: CallEndReason | null, current: boolean): void;
  /** Another teller took the running call over; `call` names them. */
  tellerChanged?(call: CallView): void;
}

/** What of the page a call uses: its status line, its camera and its call stage. */
export interface CallParts {
  status: Pick<StatusLine, 'info' | 'error' | 'failure'>;
  local: Pick<LocalMedia, 'acquire' | 'release'>;
  stage: Pick<CallStage, 'callId' | 'join' | 'leave'>;
}

/**
 * A page's part in calls, the same for the customer and the teller: which call
 * runs, which have ended (a late `call:started` or state push never brings one
 * back), the local camera and the call's media, hanging up, and the server's
 * call events. The page decides only what is shown.
 */
export class CallSession {
  private running: CallView | null = null;
  private readonly ended = new Set<string>();
  private isClosed = false;

  constructor(
    private readonly client: CallSocket,
    private readonly parts: CallParts,
    private readonly page: CallPage,
  ) {
    const { status } = parts;
    client.on('call:started', (call) => void this.enter(call));
    client.on('call:moved', ({ callId, nodeId }) => {
      // The page's refresh on reconnecting there enters the call again, restarting its media.
      if (!this.isClosed && this.running?.callId === callId) client.moveTo(nodeId);
    });
    client.on('call:ended', ({ callId, reason }) => {
      if (this.isClosed) return;
      page.endAnnounced?.(callId, reason, this.running?.callId === callId || this.ended.has(callId));
      this.end(callId, reason);
    });
    client.on('call:peerConnection', ({ callId, connected }) => {
      if (this.running?.callId === callId) status.info(connected ? 'call.peerBack' : 'call.peerDropped');
    });
    client.on('call:tellerChanged', ({ callId, teller }) => {
      if (this.running?.callId !== callId) return;
      // Media needs nothing here: the old teller's producers close and the new
      // one's arrive through the call's usual producer events.
      this.running = { ...this.running, teller };
      page.tellerChanged?.(this.running);
    });
  }

  /** The running call, if any. */
  get current(): CallView | null {
    return this.running;
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** The camera and microphone; without them a call still runs, receiving only. */
  async acquireMedia(): Promise<boolean> {
    try {
      await this.parts.local.acquire();
      return true;
    } catch (error) {
      console.warn(error);
      this.parts.status.error('status.mediaUnavailable');
      return false;
    }
  }

  /**
   * Takes `call` on and starts its media. `reconnected`: the page has a new
   * socket, so a call whose media already runs restarts it (the server dropped
   * the old transports). A call held by another node than the socket's is not
   * entered here: the page moves there, and its refresh on reconnecting enters it.
   */
  async enter(call: CallView, reconnected = false): Promise<void> {
    if (this.isClosed || this.ended.has(call.callId)) return;
    const here = this.client.nodeId;
    if (here !== null && call.nodeId !== here) {
      this.client.moveTo(call.nodeId);
      return;
    }
    const restart = reconnected && this.parts.stage.callId === call.callId;
    const previous = this.running;
    this.running = call;
    this.page.showCall(call, previous);
    await this.acquireMedia();
    // The call may have ended, or the page closed, while the camera was asked for.
    if (this.isClosed || this.running?.callId !== call.callId) return;
    await this.parts.stage.join(this.client, call, restart);
  }

  /** Ends `callId` for this page, once; `reason` null when the server did not say why. */
  end(callId: string, reason: CallEndReason | null): void {
    if (this.isClosed || this.ended.has(callId)) return;
    this.ended.add(callId);
    const current = this.running?.callId === callId;
    if (current) {
      this.running = null;
      this.parts.stage.leave();
    }
    this.page.callEnded(callId, reason, current);
  }

  /**
   * The server's state answer named the node holding this page's call
   * (`callNode`, set when that is not the node that answered): the page moves
   * there, and the call, missing from this answer, is not over; the refresh on
   * reconnecting there shows it. True when the page moves.
   */
  followCallNode(callNode: string | null): boolean {
    if (this.isClosed || callNode === null) return false;
    this.client.moveTo(callNode);
    return true;
  }

  /** The server's state shows no call: the running one, if any, has ended. */
  endRunning(): void {
    if (this.running) this.end(this.running.callId, null);
  }

  /** `reason` is this side's hang-up, given to the page when the server agrees. */
  async hangUp(reason: CallEndReason): Promise<void> {
    const call = this.running;
    if (!call) return;
    try {
      await this.client.request('call:hangUp', { callId: call.callId });
      this.end(call.callId, reason);
    } catch (error) {
      // call:ended may overtake the ack and close the page: the ack then never comes.
      if (this.isClosed) return;
      if (meansCallIsOver(error)) this.end(call.callId, null);
      else this.parts.status.failure(error);
    }
  }

  /** Stops the call's media and the camera; nothing the server says about calls counts any more. */
  close(): void {
    this.isClosed = true;
    this.parts.stage.leave();
    this.parts.local.release();
  }
}
