import type { OfferView } from '../../shared/contracts/socket-events.js';
import { setCatalogText } from '../common/catalog-labels.js';
import { byTestId } from '../common/dom.js';
import { setText } from '../common/i18n.js';
import { showDuration } from '../common/duration-text.js';
import type { OfferAlert } from './offer-alert.js';

/**
 * The customer offered to this teller: who, how urgent (priority, time
 * waited), how long the offer still stands, and whether a colleague handed
 * the call over. A new offer rings, notifies and flashes the tab title.
 */
export class OfferPanel {
  private readonly el = byTestId('offer');

  constructor(private readonly alert: OfferAlert) {}

  private timer: ReturnType<typeof setInterval> | null = null;
  private ticketId: string | null = null;

  get offeredTicketId(): string | null {
    return this.ticketId;
  }

  show(offer: OfferView): void {
    if (this.ticketId === offer.ticketId) return;
    this.hide();
    this.ticketId = offer.ticketId;
    byTestId('offer-customer-name', this.el).textContent = offer.fullName;
    setCatalogText(byTestId('offer-service', this.el), 'service', offer.serviceId);
    setCatalogText(byTestId('offer-language', this.el), 'language', offer.language);
    this.showPriority(offer);
    this.showTransfer(offer);
    const shownAt = Date.now();
    const tick = (): void => {
      showDuration(byTestId('offer-waited', this.el), offer.waitedMs + Date.now() - shownAt);
      this.showCountdown(offer.expiresInMs - (Date.now() - shownAt));
    };
    tick();
    this.timer = setInterval(tick, 1_000);
    this.el.hidden = false;
    this.el.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
    this.alert.start(offer.fullName);
  }

  hide(): void {
    if (this.ticketId) this.alert.stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.ticketId = null;
    this.el.hidden = true;
  }

  private showPriority(offer: OfferView): void {
    const badge = byTestId('offer-priority', this.el);
    badge.dataset.priority = offer.priority;
    badge.hidden = offer.priority === 'normal';
    if (offer.priority !== 'normal') setText(badge, `offer.priority.${offer.priority}`);
  }

  private showTransfer(offer: OfferView): void {
    const note = byTestId('offer-transfer', this.el);
    note.hidden = !offer.transfer;
    if (offer.transfer) setText(note, 'offer.transferredBy', { ...offer.transfer });
  }

  // Counted from when the offer arrived, so a desk whose clock is off still shows the right seconds.
  private showCountdown(remainingMs: number): void {
    const sec = Math.max(0, Math.ceil(remainingMs / 1000));
    const el = byTestId('offer-countdown', this.el);
    el.dataset.urgent = String(sec <= 5);
    setText(el, 'offer.seconds', { sec });
  }
}
