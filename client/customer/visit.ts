import type { CallEndReason, CallView } from '../../shared/contracts/socket-events.js';
import type { TicketView } from '../../shared/contracts/ticket.js';
import { CallSession } from '../call/call-session.js';
import type { CallStage } from '../call/call-stage.js';
import type { LocalMedia } from '../call/local-media.js';
import { watchConnection } from '../common/connection.js';
import { $ } from '../common/dom.js';
import { SocketClient, errorCode } from '../common/socket.js';
import type { StatusLine } from '../common/status-line.js';
import { showCall, showEnded, showTellerName, showWaiting } from './screens.js';
import { clearTicketToken } from './ticket-store.js';
import type { FaceChallengePanel } from './face-challenge.js';
import type { LocationConsent } from './location-consent.js';
import type { PrecallCheck } from './precall-check.js';
import type { ReferencePhotoPanel } from './reference-photo.js';
import type { TransferConsent } from './transfer-consent.js';
import { ServicePanel } from './service-panel.js';
import type { ChatPanel } from '../chat/chat-panel.js';
import { serviceOutcome } from './service-outcome.js';

/** `media`: the camera or microphone failed while waiting, so the page left the queue. */
export type VisitOutcome = 'ended' | 'left' | 'expired' | 'media';

export interface VisitDeps {
  status: StatusLine;
  local: LocalMedia;
  stage: CallStage;
  consent: TransferConsent;
  face: FaceChallengePanel;
  reference: ReferencePhotoPanel;
  precall: PrecallCheck;
  chat: ChatPanel;
  /** Remote-KYC location: asked at call start. */
  location: LocationConsent;
  /** The ticket was classed elderly (65 or older): the page turns elderly mode on. */
  onElderly(): void;
  onFinished(outcome: VisitOutcome): void;
}

/** One customer visit, from the queue ticket to the end of the call. */
export class Visit {
  private readonly client: SocketClient;
  private readonly session: CallSession;
  private readonly service: ServicePanel;
  /** The colleague who took the call over, if it was transferred. */
  private transferredTo: string | null = null;

  constructor(
    private readonly token: string,
    private readonly deps: VisitDeps,
    ticket?: TicketView,
  ) {
    showWaiting({
      position: ticket?.position ?? null,
      estimatedWaitMs: ticket?.estimatedWaitMs,
      offered: ticket?.status === 'offered',
    });
    if (ticket?.elderly) deps.onElderly();
    deps.local.mount($('[data-slot=preview]'));
    deps.reference.open(token, ticket?.ticketId);
    this.client = new SocketClient({ ticketToken: token });
    this.session = new CallSession(this.client, deps, {
      showCall: (call) => this.showCall(call),
      callEnded: (_callId, reason) => this.callEnded(reason),
      tellerChanged: (call) => this.tellerChanged(call),
    });
    void this.session.acquireMedia().then((ok) => this.mediaChecked(ok));
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
      if (!this.session.current) showWaiting(update);
    });
    this.client.on('transfer:consentRequest', (event) => {
      if (this.session.current?.callId === event.callId) deps.consent.ask(this.client, event);
    });
    this.client.on('transfer:withdrawn', ({ transferId }) => deps.consent.withdrawn(transferId));
    this.client.on('face:challenge', (challenge) => void deps.face.run(this.client, challenge));
    this.client.on('face:challengeEnded', ({ checkId }) => deps.face.ended(checkId));
    this.client.on('face:outcome', (outcome) => deps.face.outcome(outcome));
  }

  hangUp(): Promise<void> {
    return this.session.hangUp('customer_hung_up');
  }

  async leave(): Promise<void> {
    try {
      await this.client.request('queue:leave', {});
      this.finish('left');
    } catch (error) {
      if (!this.session.closed) this.deps.status.failure(error);
    }
  }

  /**
   * A teller must never wait on a customer who cannot be seen or heard: while
   * waiting, a camera or microphone that cannot be had (or stops) takes the
   * customer out of the line, with instructions to fix it and join again.
   */
  private mediaChecked(ok: boolean): void {
    if (this.session.closed) return;
    if (!ok) return void this.mediaLost();
    void this.deps.precall.start();
    for (const track of this.deps.local.current?.getTracks() ?? []) {
      track.addEventListener('ended', () => void this.mediaLost());
    }
  }

  private async mediaLost(): Promise<void> {
    if (this.session.closed || this.session.current) return;
    try {
      // A reloaded page learns of its camera before its socket is up: the server must hear the leave.
      if (!this.client.socket.connected)
        await new Promise<void>((ok) => this.client.socket.once('connect', () => ok()));
      if (this.session.closed || this.session.current) return;
      await this.client.request('queue:leave', {});
    } catch {
      // Gone already, or the connection is down: the page's leaving is what matters here.
    }
    this.finish('media');
  }

  /** Runs on every (re)connect: the server's view replaces whatever we assumed. */
  private async refresh(): Promise<void> {
    try {
      const { ticket, call, transferRequest, callNode } = await this.client.request('ticket:status', {});
      this.deps.reference.setTicket(ticket.ticketId);
      if (ticket.elderly) this.deps.onElderly();
      // The call runs on another node: this refresh runs again once connected there.
      if (this.session.followCallNode(callNode)) return;
      if (call) {
        await this.session.enter(call, true);
        // A question asked while this page was away is asked again.
        if (transferRequest) this.deps.consent.ask(this.client, transferRequest);
      } else if (this.session.current) {
        this.session.endRunning();
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
      // A page that has finished its visit closed the socket: the question no longer matters.
      if (this.session.closed) return;
      if (errorCode(error) === 'unauthorized') this.finish('expired');
      else this.deps.status.failure(error);
    }
  }

  private showCall(call: CallView): void {
    this.deps.precall.stop();
    showCall(call);
    this.service.start(this.client, call.callId, call.serviceId);
    this.deps.chat.start(this.client, call.callId, this.token);
    this.deps.location.start(this.client, call.callId);
  }

  /**
   * A visit has one call: whichever call ends, the visit is over. The end
   * screen shows at once; what became of the service follows as soon as the
   * server has said (the socket stays open for that one question).
   */
  private callEnded(reason: CallEndReason | null): void {
    this.deps.consent.dismiss();
    this.deps.chat.stop();
    // Whatever was said during the call about downloading later no longer holds.
    this.deps.status.clearIf('service.recordAfterCall');
    showEnded(reason, null, this.transferredTo);
    void this.service.finalState().then((view) => {
      this.service.keepAfterCall(view);
      showEnded(reason, serviceOutcome(view), this.transferredTo);
      this.finish('ended');
    });
  }

  private tellerChanged(call: CallView): void {
    this.transferredTo = call.teller.displayName;
    showTellerName(call.teller.displayName);
    this.deps.consent.dismiss();
    this.deps.status.info('transfer.tellerChanged', { name: call.teller.displayName });
  }

  private finish(outcome: VisitOutcome): void {
    if (this.session.closed) return;
    this.deps.consent.dismiss();
    this.deps.precall.stop();
    this.service.stop();
    this.deps.chat.stop();
    this.deps.face.stop();
    this.deps.location.stop();
    this.deps.reference.close();
    this.session.close();
    this.client.close();
    clearTicketToken();
    this.deps.onFinished(outcome);
  }
}
