import type { CallEventData } from '../../shared/contracts/call-events.js';
import type { BrowserLocation } from '../../shared/contracts/location-events.js';
import type { TimelineStore } from '../call/index.js';
import type { AddressPlace } from './rules/country-gate.js';

export type IpCountryData = CallEventData<'location.ip_country'>;

/** A call's location, kept as its timeline events: the record, the manifest and the audit chain see them as they are. */
export class LocationStore {
  constructor(private readonly events: TimelineStore) {}

  /** One report's findings; `ip` undefined when the address is the one recorded already. */
  async save(
    head: { callId: string; ticketId: string; at: number },
    ip: IpCountryData | undefined,
    browser: BrowserLocation,
  ): Promise<void> {
    const base = { ...head, actor: 'customer' };
    if (ip) await this.events.append({ ...base, type: 'location.ip_country', data: ip });
    await this.events.append({ ...base, type: 'location.browser', data: browser });
  }

  /** The latest address the customer reported from, with its country. */
  async ipOf(callId: string): Promise<(AddressPlace & IpCountryData) | undefined> {
    return (await this.events.latest(callId, 'location.ip_country'))?.data as IpCountryData | undefined;
  }

  async browserOf(callId: string): Promise<BrowserLocation | undefined> {
    return (await this.events.latest(callId, 'location.browser'))?.data as BrowserLocation | undefined;
  }
}
