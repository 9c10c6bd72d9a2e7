import type { CallEndReason, CallView, TellerStateView } from '../../shared/contracts/socket-events.js';
import { CallSession } from '../call/call-session.js';
import type { CallStage } from '../call/call-stage.js';
import type { LocalMedia } from '../call/local-media.js';
import { restRoutes } from '../../shared/contracts/rest-routes.js';
import { callApi } from '../common/api.js';
import { setCatalogText } from '../common/catalog-labels.js';
import { watchConnection } from '../common/connection.js';
import { $, byTestId, currentScreen, showScreen } from '../common/dom.js';
import { isMessageKey, setText } from '../common/i18n.js';
import { SocketClient, errorCode } from '../common/socket.js';
import { errorMessageKey, type StatusLine } from '../common/status-line.js';
import { ChatPanel } from '../chat/chat-panel.js';
import { CallHistory } from './call-history.js';
import { FacePanel } from './face-panel.js';
import { LocationPanel } from './location-panel.js';
import { OfferAlert } from './offer-alert.js';
import { OfferPanel } from './offer-panel.js';
import { ServiceConsole } from './service-console.js';
import type { TransferDialog } from './transfer-dialog.js';
import type { TransferStatus } from './transfer-status.js';
import { WrapUpPanel } from './wrap-up-panel.js';

export interface TellerScreenDeps {
  status: StatusLine;
  local: LocalMedia;
  stage: CallStage;
  transferDialog: TransferDialog;
  transferStatus: TransferStatus;
  /** Asks before ending the call; it goes when the call ends anyway. */
  endCallDialog: { close(): void };
  /** The server no longer accepts the teller's session. */
  onExpired(): void;
}

type SettableStatus = 'available' | 'away';

/** A signed-in teller's counter: status, the offered customer and the call. */
export class TellerScreen {
  private readonly client: SocketClient;
  private readonly alert = new OfferAlert(() => byTestId('accept-offer').focus());
  private readonly offer = new OfferPanel(this.alert);
  private readonly wrapUp = new WrapUpPanel((done) => this.finishWrapUp(done));
  private readonly history = new CallHistory();
  private readonly face: FacePanel;
  private readonly location: LocationPanel;
  private readonly session: CallSession;
  private offerTicketId: string | null = null;
  private missedOffer = false;
  private readonly service: ServiceConsole;
  private readonly chat: ChatPanel;

  constructor(private readonly deps: TellerScreenDeps) {
    showScreen('desk');
    // Opened once placement answered (openSocket); the listeners below are in place before.
    this.client = new SocketClient({}, { autoConnect: false });
    this.service = new ServiceConsole($('[data-slot=service]'), deps.status);
    this.face = new FacePanel(this.client, deps.status);
    this.chat = new ChatPanel($('[data-slot=chat]'), {
      self: 'teller',
      status: deps.status,
      quickReplies: true,
    });
    this.location = new LocationPanel(byTestId('face-panel'), this.client);
    this.session = new CallSession(this.client, deps, {
      showCall: (call, previous) => this.showCall(call, previous),
      endAnnounced: (_callId, reason, known) => this.endAnnounced(reason, known),
      callEnded: (_callId, _reason, current) => {
        if (current) this.callEnded();
      },
    });
    watchConnection(this.client, deps.status, {
      onConnect: () => void this.refresh(true),
      onUnauthorized: () => this.expire(),
    });
    this.client.on('teller:state', (state) => void this.apply(state));
    void this.history.refresh();
    void this.openSocket();
  }

  /**
   * A call is held by its teller's node, so the desk connects to the node the
   * server places it on by load (README, "Pages follow their call's node"); no
   * answer, or null, leaves the choice to the load balancer.
   */
  private async openSocket(): Promise<void> {
    let nodeId: string | null = null;
    try {
      ({ nodeId } = await callApi(restRoutes.clusterPlacement));
    } catch (error) {
      // The socket's own refusal says it if the session is gone.
      console.warn(error);
    }
    if (this.session.closed) return;
    this.client.moveTo(nodeId);
    this.client.connect();
  }

  async setStatus(status: SettableStatus): Promise<void> {
    // A click of the teller: the moment browsers allow asking to notify.
    if (status === 'available') this.alert.askPermission();
    if (status === 'available' && !(await this.session.acquireMedia())) return;
    try {
      await this.apply(await this.client.request('teller:setStatus', { status }));
    } catch (error) {
      this.deps.status.failure(error);
    }
  }

  async accept(): Promise<void> {
    const ticketId = this.offerTicketId;
    if (!ticketId) return;
    await this.session.acquireMedia();
    try {
      await this.session.enter(await this.client.request('offer:accept', { ticketId }));
    } catch (error) {
      this.deps.status.failure(error);
      await this.refresh();
    }
  }

  async decline(): Promise<void> {
    const ticketId = this.offerTicketId;
    if (!ticketId) return;
    try {
      await this.apply(await this.client.request('offer:decline', { ticketId }));
    } catch (error) {
      this.deps.status.failure(error);
      await this.refresh();
    }
  }

  openTransfer(): void {
    const call = this.session.current;
    if (!call || this.deps.transferStatus.active) return;
    void this.deps.transferDialog.open({
      client: this.client,
      callId: call.callId,
      serviceId: call.serviceId,
    });
  }

  async cancelTransfer(): Promise<void> {
    const call = this.session.current;
    if (!call) return;
    try {
      await this.client.request('call:cancelTransfer', { callId: call.callId });
    } catch (error) {
      this.deps.status.failure(error);
    }
    await this.refresh();
  }

  hangUp(): Promise<void> {
    return this.session.hangUp('teller_hung_up');
  }

  /** The teller gave its last call's outcome: the desk may be offered the next customer. */
  private async finishWrapUp(done: { callId: string; outcome: string; note: string }): Promise<void> {
    try {
      await this.apply(await this.client.request('teller:wrapUp', done));
      void this.history.refresh();
    } catch (error) {
      this.wrapUp.showError(errorMessageKey(errorCode(error)));
      await this.refresh();
    }
  }

  close(): void {
    this.offer.hide();
    this.wrapUp.hide();
    this.deps.transferDialog.close();
    this.deps.transferStatus.reset();
    this.service.stop();
    this.chat.stop();
    this.session.close();
    this.client.close();
  }

  private expire(): void {
    this.close();
    this.deps.onExpired();
  }

  private async refresh(afterConnect = false): Promise<void> {
    try {
      await this.apply(await this.client.request('teller:state', {}), afterConnect);
    } catch (error) {
      if (errorCode(error) === 'unauthorized') this.expire();
      else this.deps.status.failure(error);
    }
  }

  /** The server's state is the truth; the page only mirrors it. */
  private async apply(state: TellerStateView, afterConnect = false): Promise<void> {
    if (this.session.closed) return;
    this.renderDesk(state);
    // The call runs on another node: the desk reconnects there, whose state shows it.
    if (this.session.followCallNode(state.callNode)) return;
    if (state.call) {
      const entering = this.session.enter(state.call, afterConnect);
      // After the session took the call on, before its media is up.
      if (this.session.current?.callId === state.call.callId) this.deps.transferStatus.show(state.transfer);
      await entering;
      return;
    }
    if (state.status !== 'in_call') this.session.endRunning();
    if (this.session.current) return;
    if (state.status === 'away') {
      this.deps.local.release();
    } else if (await this.session.acquireMedia()) {
      this.deps.local.mount($('[data-slot=preview]'));
    }
    $('[data-slot=preview-figure]').hidden = state.status === 'away';
  }

  private renderDesk(state: TellerStateView): void {
    byTestId('waiting-count').textContent = String(state.waiting);
    for (const button of document.querySelectorAll<HTMLButtonElement>('[data-status]')) {
      const pressed =
        button.dataset.status === state.status ||
        (button.dataset.status === 'available' && state.status === 'offered');
      button.setAttribute('aria-pressed', String(pressed));
      button.disabled = state.status === 'in_call';
    }
    const statusText = byTestId('desk-status');
    if (state.status === 'away') setText(statusText, 'desk.idleAway');
    else if (state.status === 'available') setText(statusText, 'desk.idleAvailable');
    else setText(statusText, `desk.status.${state.status}`);
    this.renderAwayReason(state);
    this.offerTicketId = state.offer?.ticketId ?? null;
    if (state.offer && !state.call) this.offer.show(state.offer);
    else this.offer.hide();
    this.history.setWrappingUp(state.wrapUp?.callId ?? null);
    if (state.wrapUp) this.wrapUp.show(state.wrapUp);
    else if (this.wrapUp.active) {
      this.wrapUp.hide();
      // A wrap-up the time limit ended has its row in the history now.
      void this.history.refresh();
    }
  }

  /** Says why the system set the teller away, when it did, next to the way back. */
  private renderAwayReason(state: TellerStateView): void {
    const key = `desk.away.${state.awayReason ?? ''}`;
    const shown = state.status === 'away' && isMessageKey(key);
    const missed = shown && state.awayReason === 'missed_offer';
    // A desk in a background tab hears of the missed customer too, once.
    if (missed && !this.missedOffer) this.alert.missed();
    this.missedOffer = missed;
    byTestId('away-notice').hidden = !shown;
    if (shown) setText(byTestId('away-reason'), key);
  }

  private showCall(call: CallView, previous: CallView | null): void {
    // A new call: what the desk said about the previous one is out of date.
    if (previous?.callId !== call.callId) {
      this.deps.transferStatus.reset();
      this.deps.status.clear();
    }
    this.offer.hide();
    byTestId('customer-name').textContent = call.customer.fullName;
    byTestId('customer-id').textContent = call.customer.idNumberMasked;
    setCatalogText(byTestId('call-service'), 'service', call.serviceId);
    setCatalogText(byTestId('call-language'), 'language', call.language);
    this.face.attach(call.callId);
    this.location.attach(call.callId);
    if (currentScreen() !== 'call') showScreen('call');
    this.service.start(this.client, call.callId, call.serviceId);
    this.chat.start(this.client, call.callId);
  }

  private endAnnounced(reason: CallEndReason, known: boolean): void {
    // The teller state announcing the free desk may come first and end the call already.
    if (known && reason === 'transferred') this.deps.status.info('desk.handedOver');
  }

  /** The call on screen ended; the desk stays open for the next one. */
  private callEnded(): void {
    this.face.detach();
    this.location.detach();
    this.deps.endCallDialog.close();
    this.deps.transferDialog.close();
    this.deps.transferStatus.reset();
    this.service.stop();
    this.chat.stop();
    showScreen('desk');
    // Whatever the page said during the call ends with it; only how it ended stays.
    if (!this.deps.status.showing('desk.handedOver')) this.deps.status.info('desk.callEnded');
    // The next teller:state decides between wrap-up, away and available.
    void this.refresh();
    void this.history.refresh();
  }
}
