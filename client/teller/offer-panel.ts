import type { OfferView } from '../../shared/contracts/socket-events.js';
import { setCatalogText } from '../common/catalog-labels.js';
import { byTestId } from '../common/dom.js';
import { setText } from '../common/i18n.js';

/** The customer offered to this teller, with a live waiting time. */
export class OfferPanel {
  private readonly el = byTestId('offer');
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
    const shownAt = Date.now();
    const tick = (): void => this.showWaited(offer.waitedMs + Date.now() - shownAt);
    tick();
    this.timer = setInterval(tick, 1_000);
    this.el.hidden = false;
    this.el.querySelector<HTMLElement>('h2')?.focus({ preventScroll: true });
  }

  hide(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.ticketId = null;
    this.el.hidden = true;
  }

  private showWaited(ms: number): void {
    const total = Math.max(0, Math.floor(ms / 1000));
    const min = Math.floor(total / 60);
    const sec = total % 60;
    const el = byTestId('offer-waited', this.el);
    if (min > 0) setText(el, 'offer.minutes', { min, sec });
    else setText(el, 'offer.seconds', { sec });
  }
}
