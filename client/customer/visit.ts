import type { CallEndReason, CallView } from '../../shared/contracts/socket-events.js';
import type { TicketView } from '../../shared/contracts/ticket.js';
import type { CallStage } from '../call/call-stage.js';
import type { LocalMedia } from '../call/local-media.js';
import { watchConnection } from '../common/connection.js';
import { $ } from '../common/dom.js';
import { SocketClient, errorCode } from '../common/socket.js';
import type { StatusLine } from '../common/status-line.js';
import { showCall, showEnded, showTellerName, showWaiting } from './screens.js';
import { clearTicketToken } from './ticket-store.js';
import type { FaceChallengePanel } from './face-challenge.js';
import type { ReferencePhotoPanel } from './reference-photo.js';
import type { TransferConsent } from './transfer-consent.js';
import { ServicePanel } from './service-panel.js';

export type VisitOutcome = 'ended' | 'left' | 'expired';

export interface VisitDeps {
  status: StatusLine;
  local: LocalMedia;
  stage: CallStage;
  consent: TransferConsent;
  face: FaceChallengePanel;
  reference: ReferencePhotoPanel;
  /** The ticket was classed elderly (65 or older): the page turns elderly mode on. */
  onElderly(): void;
  onFinished(outcome: VisitOutcome): void;
}

/** One customer visit, from the queue ticket to the end of the call. */
export class Visit {
  private readonly client: SocketClient;
  private call: CallView | null = null;
  private readonly endedCalls = new Set<string>();
  private finished = false;
  private readonly service: ServicePanel;

  constructor(
    token: string,
    private readonly deps: VisitDeps,
    ticket?: TicketView,
  ) {
    showWaiting({
      position: ticket?.position ?? null,
      estimatedWaitMs: ticket?.estimatedWaitMs,
      offered: ticket?.status === 'offered',
    });
    if (ticket?.priority === 'elderly') deps.onElderly();
    deps.local.mount($('[data-slot=preview]'));
    deps.reference.open(token, ticket?.ticketId);
    this.acquireMedia();
    this.client = new SocketClient({ ticketToken: token });
    this.service = new ServicePanel(
      $('[data-slot=service]'),
      deps.status,
      token,
      $('[data-slot=service-after]'),
    );
    watchConnection(this.client, deps.status, {
      onConnect: () => void this.refresh(),
      onUnauthorized: () => this.finish('expired'),
    });
    this.client.on('queue:position', (update) => {
      if (!this.call) showWaiting(update);
    });
    this.client.on('transfer:consentRequest', (event) => {
      if (this.call?.callId === event.callId) deps.consent.ask(this.client, event);
    });
    this.client.on('transfer:withdrawn', ({ transferId }) => deps.consent.withdrawn(transferId));
    this.client.on('call:tellerChanged', ({ callId, teller }) => {
      if (this.call?.callId !== callId) return;
      // Media needs nothing here: the old teller's producers close and the new
      // one's arrive through the call's usual producer events.
      this.call = { ...this.call, teller };
      showTellerName(teller.displayName);
      deps.consent.dismiss();
      deps.status.info('transfer.tellerChanged', { name: teller.displayName });
    });
    this.client.on('face:challenge', (challenge) => void deps.face.run(this.client, challenge));
    this.client.on('face:challengeEnded', ({ checkId }) => deps.face.ended(checkId));
    this.client.on('call:started', (call) => void this.enterCall(call));
    this.client.on('call:ended', ({ callId, reason }) => this.endCall(callId, reason));
    this.client.on('call:peerConnection', ({ callId, connected }) => {
      if (this.call?.callId === callId) deps.status.info(connected ? 'call.peerBack' : 'call.peerDropped');
    });
  }

  async hangUp(): Promise<void> {
    const call = this.call;
    if (!call) return;
    try {
      await this.client.request('call:hangUp', { callId: call.callId });
      this.endCall(call.callId, 'customer_hung_up');
    } catch (error) {
      // call:ended may overtake the ack and close the socket: the ack then never comes.
      if (this.finished) return;
      // The call is already over on the server: nothing is left to hang up.
      if (['not_found', 'invalid_state'].includes(errorCode(error))) this.endCall(call.callId, null);
      else this.deps.status.failure(error);
    }
  }

  async leave(): Promise<void> {
    try {
      await this.client.request('queue:leave', {});
      this.finish('left');
    } catch (error) {
      if (!this.finished) this.deps.status.failure(error);
    }
  }

  private acquireMedia(): Promise<MediaStream | null> {
    return this.deps.local.acquire().catch((error: unknown) => {
      console.warn(error);
      this.deps.status.error('status.mediaUnavailable');
      return null;
    });
  }

  /** Runs on every (re)connect: the server's view replaces whatever we assumed. */
  private async refresh(): Promise<void> {
    try {
      const { ticket, call, transferRequest } = await this.client.request('ticket:status', {});
      this.deps.reference.setTicket(ticket.ticketId);
      if (ticket.priority === 'elderly') this.deps.onElderly();
      if (call) {
        // Already running this call means this is a new socket: rebuild its media.
        await this.enterCall(call, this.deps.stage.callId === call.callId);
        // A question asked while this page was away is asked again.
        if (transferRequest) this.deps.consent.ask(this.client, transferRequest);
      } else if (this.call) {
        this.endCall(this.call.callId, null);
      } else if (ticket.status === 'ended') {
        showEnded(null);
        this.finish('ended');
      } else if (ticket.status === 'left') {
        this.finish('left');
      } else {
        showWaiting({
          position: ticket.position,
          estimatedWaitMs: ticket.estimatedWaitMs,
          offered: ticket.status !== 'waiting',
        });
      }
    } catch (error) {
      if (errorCode(error) === 'unauthorized') this.finish('expired');
      else this.deps.status.failure(error);
    }
  }

  private async enterCall(call: CallView, restart = false): Promise<void> {
    if (this.finished || this.endedCalls.has(call.callId)) return;
    this.call = call;
    showCall(call);
    this.service.start(this.client, call.callId, call.serviceId);
    await this.acquireMedia();
    if (this.finished || this.call?.callId !== call.callId) return;
    await this.deps.stage.join(this.client, call, restart);
  }

  private endCall(callId: string, reason: CallEndReason | null): void {
    if (this.finished || this.endedCalls.has(callId)) return;
    this.endedCalls.add(callId);
    this.call = null;
    this.deps.consent.dismiss();
    this.service.keepAfterCall();
    showEnded(reason);
    this.finish('ended');
  }

  private finish(outcome: VisitOutcome): void {
    if (this.finished) return;
    this.finished = true;
    this.deps.consent.dismiss();
    this.service.stop();
    this.deps.face.stop();
    this.deps.reference.close();
    this.deps.stage.leave();
    this.deps.local.release();
    this.client.close();
    clearTicketToken();
    this.deps.onFinished(outcome);
  }
}
