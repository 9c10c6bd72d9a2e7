import type { BrowserLocation } from '../../shared/contracts/location-events.js';
import { setText, type MessageKey } from '../common/i18n.js';
import { elementWith } from '../common/elements.js';
import type { SocketClient } from '../common/socket.js';
import type { StatusLine } from '../common/status-line.js';

/** How long the browser may take to find the position before the page reports it unavailable. */
const POSITION_TIMEOUT_MS = 20_000;

/** The browser's position, or why there is none: a "no" from the customer or the browser is `refused`. */
function browserPosition(): Promise<BrowserLocation> {
  if (!('geolocation' in navigator)) return Promise.resolve({ status: 'unavailable' });
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      ({ coords }) =>
        resolve({
          status: 'granted',
          latitude: coords.latitude,
          longitude: coords.longitude,
          accuracy: coords.accuracy,
        }),
      (error) => resolve({ status: error.code === error.PERMISSION_DENIED ? 'refused' : 'unavailable' }),
      { enableHighAccuracy: false, timeout: POSITION_TIMEOUT_MS, maximumAge: 60_000 },
    );
  });
}

/**
 * Remote-KYC location at call start. The page tells the server at once that
 * it is asking (the server notes the address's country then), shows the
 * customer what is asked and why, and sends the browser's position only after
 * the customer agreed; "no" is sent as an answer too. When the call's
 * high-risk service is not offered where the customer is, the card says so.
 */
export class LocationConsent {
  private readonly card = elementWith('section', {
    class: 'card location-consent',
    'data-testid': 'location-consent',
    'aria-labelledby': 'location-consent-title',
    role: 'region',
  });
  private readonly share = elementWith(
    'button',
    { class: 'button button-primary', type: 'button', 'data-testid': 'location-share' },
    'location.share',
  );
  private readonly decline = elementWith(
    'button',
    { class: 'button', type: 'button', 'data-testid': 'location-decline' },
    'location.decline',
  );
  private readonly outcome = elementWith('p', { 'data-testid': 'location-outcome', role: 'status' });
  private readonly refused = elementWith(
    'p',
    { class: 'location-refused', 'data-testid': 'location-refused', role: 'alert' },
    'location.serviceRefused',
  );
  private readonly actions = elementWith('div', { class: 'location-actions' });
  private call: { client: SocketClient; callId: string } | null = null;
  private askedFor: string | null = null;

  constructor(
    /** The card goes right after this element (the call's header), where a phone shows it first. */
    private readonly after: HTMLElement,
    private readonly status: StatusLine,
  ) {
    this.actions.append(this.share, this.decline);
    this.card.append(
      elementWith('h2', { id: 'location-consent-title' }, 'location.consentTitle'),
      elementWith('p', {}, 'location.consentLead'),
      this.actions,
      this.outcome,
      this.refused,
    );
    this.card.hidden = true;
    this.outcome.hidden = true;
    this.refused.hidden = true;
    this.share.addEventListener('click', () => void this.answer(true));
    this.decline.addEventListener('click', () => void this.answer(false));
  }

  /** Once per call, also when the page comes back to it after a reconnect. */
  start(client: SocketClient, callId: string): void {
    if (this.askedFor === callId) return;
    this.askedFor = callId;
    this.call = { client, callId };
    if (!this.card.isConnected) this.after.after(this.card);
    this.outcome.hidden = true;
    this.refused.hidden = true;
    this.setBusy(false);
    this.card.hidden = false;
    this.card.scrollIntoView({ block: 'nearest' });
    void this.report({ status: 'pending' });
  }

  stop(): void {
    this.call = null;
    this.card.hidden = true;
  }

  private async answer(agreed: boolean): Promise<void> {
    this.setBusy(true);
    this.showOutcome('location.sending');
    const browser: BrowserLocation = agreed ? await browserPosition() : { status: 'refused' };
    const sent = await this.report(browser);
    if (!sent) return this.setBusy(false);
    const said: Record<BrowserLocation['status'], MessageKey> = {
      granted: 'location.shared',
      pending: 'location.sending',
      refused: 'location.declined',
      unavailable: 'location.unavailable',
    };
    this.showOutcome(said[browser.status]);
    this.actions.hidden = true;
  }

  private async report(browser: BrowserLocation): Promise<boolean> {
    const call = this.call;
    if (!call) return false;
    try {
      const { serviceRefused } = await call.client.request('location:report', {
        callId: call.callId,
        browser,
      });
      this.refused.hidden = !serviceRefused;
      if (serviceRefused) this.refused.scrollIntoView({ block: 'nearest' });
      return true;
    } catch (error) {
      this.status.failure(error);
      return false;
    }
  }

  private showOutcome(key: MessageKey): void {
    setText(this.outcome, key);
    this.outcome.hidden = false;
  }

  private setBusy(busy: boolean): void {
    this.share.disabled = this.decline.disabled = busy;
    if (!busy) this.actions.hidden = false;
  }
}
