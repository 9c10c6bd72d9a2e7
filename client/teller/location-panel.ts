import type { CallLocationView } from '../../shared/contracts/location-events.js';
import { formatAccuracy, formatCoordinates } from '../../shared/domain/coordinates.js';
import { getLocale, onLocaleChange, t } from '../common/i18n.js';
import { elementWith } from '../common/elements.js';
import type { SocketClient } from '../common/socket.js';

/** Where the bundled GeoIP data comes from: DB-IP Lite's CC BY 4.0 licence asks for this link. */
const DB_IP_URL = 'https://db-ip.com';

/** A country's name in the page's language, with its code: "中国（CN）", "China (CN)". */
function countryName(code: string): string {
  const name = new Intl.DisplayNames([getLocale()], { type: 'region' }).of(code) ?? code;
  return getLocale() === 'zh-CN' ? `${name}（${code}）` : `${name} (${code})`;
}

/**
 * Where the customer is, for the teller: the address the customer's page
 * connected from with its GeoIP country and the allowed-countries verdict,
 * and the browser's coordinates or the customer's answer. The server pushes
 * it when the customer's page reports; a reloaded desk asks for it.
 */
export class LocationPanel {
  private readonly panel = elementWith('section', {
    class: 'card location-panel',
    'data-testid': 'location-panel',
    'aria-labelledby': 'location-panel-title',
  });
  private readonly ip = elementWith('dd', { 'data-testid': 'location-ip' });
  private readonly browser = elementWith('dd', { 'data-testid': 'location-browser' });
  private readonly refused = elementWith(
    'p',
    { class: 'location-refused', 'data-testid': 'location-service-refused', role: 'alert' },
    'teller.location.serviceRefused',
  );
  private callId: string | null = null;
  private shown: CallLocationView | null = null;

  constructor(
    /** The panel goes right before this element. */
    private readonly before: HTMLElement,
    private readonly client: SocketClient,
  ) {
    const facts = elementWith('dl', { class: 'facts facts-stacked' });
    for (const [key, value] of [
      ['teller.location.ip', this.ip],
      ['teller.location.browser', this.browser],
    ] as const) {
      const row = elementWith('div', {});
      row.append(elementWith('dt', {}, key), value);
      facts.append(row);
    }
    const attribution = elementWith('p', { class: 'location-attribution' });
    attribution.append(
      elementWith('a', { href: DB_IP_URL, target: '_blank', rel: 'noopener' }, 'teller.location.attribution'),
    );
    this.panel.append(
      elementWith('h2', { id: 'location-panel-title' }, 'teller.location.title'),
      facts,
      this.refused,
      attribution,
    );
    this.panel.hidden = true;
    client.on('location:update', (view) => {
      if (view.callId === this.callId) this.show(view);
    });
    onLocaleChange(() => this.shown && this.show(this.shown));
  }

  attach(callId: string): void {
    if (this.callId === callId) return;
    this.callId = callId;
    if (!this.panel.isConnected) this.before.before(this.panel);
    this.show({ callId, ip: null, browser: null, serviceRefused: false });
    this.panel.hidden = false;
    void this.client.request('location:view', { callId }).then(
      (view) => view.callId === this.callId && this.show(view),
      // Not fatal: the push comes when the customer's page reports.
      (error: unknown) => console.warn(error),
    );
  }

  detach(): void {
    this.callId = null;
    this.shown = null;
    this.panel.hidden = true;
  }

  private show(view: CallLocationView): void {
    this.shown = view;
    this.ip.textContent = this.ipText(view.ip);
    this.browser.textContent = this.browserText(view.browser);
    this.browser.dataset.status = view.browser?.status ?? 'none';
    this.panel.dataset.gate = view.ip?.gate ?? 'off';
    this.refused.hidden = !view.serviceRefused;
  }

  private ipText(ip: CallLocationView['ip']): string {
    if (!ip) return t('teller.location.notReported');
    const place =
      ip.addressClass === 'public'
        ? ip.country
          ? countryName(ip.country)
          : t('teller.location.countryUnknown')
        : t(ip.addressClass === 'loopback' ? 'teller.location.loopback' : 'teller.location.private');
    const sep = getLocale() === 'zh-CN' ? '，' : ', ';
    const gate = ip.gate === 'off' ? '' : `${sep}${t(`teller.location.gate.${ip.gate}`)}`;
    return getLocale() === 'zh-CN' ? `${ip.address}（${place}）${gate}` : `${ip.address} (${place})${gate}`;
  }

  private browserText(browser: CallLocationView['browser']): string {
    if (!browser) return t('teller.location.notReported');
    if (browser.status !== 'granted') return t(`teller.location.${browser.status}`);
    return `${formatCoordinates(browser.latitude, browser.longitude)} ${formatAccuracy(browser.accuracy)}`;
  }
}
