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
  private readonly session: CallSession;
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
    if (ticket?.elderly) deps.onElderly();
    deps.local.mount($('[data-slot=preview]'));
    deps.reference.open(token, ticket?.ticketId);
    this.client = new SocketClient({ ticketToken: token });
    this.session = new CallSession(this.client, deps, {
      showCall: (call) => this.showCall(call),
      callEnded: (_callId, reason) => this.callEnded(reason),
      tellerChanged: (call) => this.tellerChanged(call),
    });
    void this.session.acquireMedia();
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

  /** Runs on every (re)connect: the server's view replaces whatever we assumed. */
  private async refresh(): Promise<void> {
    try {
      const { ticket, call, transferRequest } = await this.client.request('ticket:status', {});
      this.deps.reference.setTicket(ticket.ticketId);
      if (ticket.elderly) this.deps.onElderly();
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
      if (errorCode(error) === 'unauthorized') this.finish('expired');
      else this.deps.status.failure(error);
    }
  }

  private showCall(call: CallView): void {
    showCall(call);
    this.service.start(this.client, call.callId, call.serviceId);
  }

  /** A visit has one call: whichever call ends, the visit is over. */
  private callEnded(reason: CallEndReason | null): void {
    this.deps.consent.dismiss();
    this.service.keepAfterCall();
    showEnded(reason);
    this.finish('ended');
  }

  private tellerChanged(call: CallView): void {
    showTellerName(call.teller.displayName);
    this.deps.consent.dismiss();
    this.deps.status.info('transfer.tellerChanged', { name: call.teller.displayName });
  }

  private finish(outcome: VisitOutcome): void {
    if (this.session.closed) return;
    this.deps.consent.dismiss();
    this.service.stop();
    this.deps.face.stop();
    this.deps.reference.close();
    this.session.close();
    this.client.close();
    clearTicketToken();
    this.deps.onFinished(outcome);
  }
}
