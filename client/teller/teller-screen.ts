import type { CallEndReason, CallView, TellerStateView } from '../../shared/contracts/socket-events.js';
import { CallSession } from '../call/call-session.js';
import type { CallStage } from '../call/call-stage.js';
import type { LocalMedia } from '../call/local-media.js';
import { setCatalogText } from '../common/catalog-labels.js';
import { watchConnection } from '../common/connection.js';
import { $, byTestId, currentScreen, showScreen } from '../common/dom.js';
import { isMessageKey, setText } from '../common/i18n.js';
import { SocketClient, errorCode } from '../common/socket.js';
import type { StatusLine } from '../common/status-line.js';
import { FacePanel } from './face-panel.js';
import { OfferPanel } from './offer-panel.js';
import { ServiceConsole } from './service-console.js';
import type { TransferDialog } from './transfer-dialog.js';
import type { TransferStatus } from './transfer-status.js';

export interface TellerScreenDeps {
  status: StatusLine;
  local: LocalMedia;
  stage: CallStage;
  transferDialog: TransferDialog;
  transferStatus: TransferStatus;
  /** The server no longer accepts the teller's session. */
  onExpired(): void;
}

type SettableStatus = 'available' | 'away';

/** A signed-in teller's counter: status, the offered customer and the call. */
export class TellerScreen {
  private readonly client: SocketClient;
  private readonly offer = new OfferPanel();
  private readonly face: FacePanel;
  private readonly session: CallSession;
  private offerTicketId: string | null = null;
  private readonly service: ServiceConsole;

  constructor(private readonly deps: TellerScreenDeps) {
    showScreen('desk');
    this.client = new SocketClient();
    this.service = new ServiceConsole($('[data-slot=service]'), deps.status);
    this.face = new FacePanel(this.client, deps.status);
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
  }

  async setStatus(status: SettableStatus): Promise<void> {
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

  close(): void {
    this.offer.hide();
    this.deps.transferDialog.close();
    this.deps.transferStatus.reset();
    this.service.stop();
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
  }

  /** Says why the system set the teller away, when it did, next to the way back. */
  private renderAwayReason(state: TellerStateView): void {
    const key = `desk.away.${state.awayReason ?? ''}`;
    const shown = state.status === 'away' && isMessageKey(key);
    byTestId('away-notice').hidden = !shown;
    if (shown) setText(byTestId('away-reason'), key);
  }

  private showCall(call: CallView, previous: CallView | null): void {
    if (previous?.callId !== call.callId) this.deps.transferStatus.reset();
    this.offer.hide();
    this.deps.status.clearIf('desk.callEnded');
    byTestId('customer-name').textContent = call.customer.fullName;
    byTestId('customer-id').textContent = call.customer.idNumberMasked;
    setCatalogText(byTestId('call-service'), 'service', call.serviceId);
    setCatalogText(byTestId('call-language'), 'language', call.language);
    this.face.attach(call.callId);
    if (currentScreen() !== 'call') showScreen('call');
    this.service.start(this.client, call.callId, call.serviceId);
  }

  private endAnnounced(reason: CallEndReason, known: boolean): void {
    // The teller state announcing the free desk may come first and end the call already.
    if (known && reason === 'transferred') this.deps.status.info('desk.handedOver');
  }

  /** The call on screen ended; the desk stays open for the next one. */
  private callEnded(): void {
    this.face.detach();
    this.deps.transferDialog.close();
    this.deps.transferStatus.reset();
    this.service.stop();
    showScreen('desk');
    if (!this.deps.status.showing('desk.handedOver')) this.deps.status.info('desk.callEnded');
    // The next teller:state decides between away and available.
    void this.refresh();
  }
}
