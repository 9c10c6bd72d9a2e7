import { EventEmitter } from 'node:events';
import { findService } from '../../shared/catalog/services.js';
import type { BrowserLocation, CallLocationView } from '../../shared/contracts/location-events.js';
import type { CallRegistry } from '../call/index.js';
import { requirePermission, type Principal } from '../identity/index.js';
import { AppError } from '../platform/errors.js';
import type { GeoIpCountries } from './geoip-countries.js';
import type { LocationStore } from './location-store.js';
import { addressClassOf, plainAddress } from './rules/address-class.js';
import {
  countryGate,
  serviceRefusal,
  type CountryPolicy,
  type ServiceLocationRefusal,
} from './rules/country-gate.js';

export interface CallLocationsDeps {
  store: LocationStore;
  calls: CallRegistry;
  geoip: GeoIpCountries;
  policy: CountryPolicy;
  clock: () => number;
}

type LocationEvents = {
  /** The customer's location is known: the call's teller is shown it. */
  update: [tellerId: string, view: CallLocationView];
};

/** A page asks, then reports the answer, and reloads a few times at most; more reports than this are refused. */
const MAX_REPORTS_PER_CALL = 10;

/**
 * Where the customer of a call is: the country of the address their page
 * connected from (GeoIP), and the browser's coordinates when they agreed to
 * share them. Both are kept on the call's timeline; the allowed-countries
 * gate reads the address's verdict for high-risk services.
 */
export class CallLocations extends EventEmitter<LocationEvents> {
  readonly #reports = new Map<string, number>();

  constructor(private readonly deps: CallLocationsDeps) {
    super();
  }

  /**
   * The customer's page reports at call start, from the socket whose
   * handshake gave `clientAddress` (through the trusted proxies). Answers only
   * whether the call's service is refused where the customer is.
   */
  async report(
    principal: Principal,
    callId: string,
    clientAddress: string,
    browser: BrowserLocation,
  ): Promise<{ serviceRefused: boolean }> {
    this.deps.calls.roomFor(requirePermission(principal, 'location.report'), callId);
    const call = this.deps.calls.get(callId)!;
    const reports = (this.#reports.get(callId) ?? 0) + 1;
    if (reports > MAX_REPORTS_PER_CALL)
      throw new AppError('rate_limited', 'the location is reported already');
    this.#forgetEndedCalls();
    this.#reports.set(callId, reports);

    const address = plainAddress(clientAddress);
    const addressClass = addressClassOf(address);
    const country = addressClass === 'public' ? this.deps.geoip.countryOf(address) : null;
    const gate = countryGate(this.deps.policy, { addressClass, country });
    // The page asks and then answers: the address goes on the timeline again only when it changed.
    const known = (await this.deps.store.ipOf(callId))?.address === address;
    await this.deps.store.save(
      { callId, ticketId: call.ticket.id, at: this.deps.clock() },
      known ? undefined : { address: address.slice(0, 64), addressClass, country, gate },
      browser,
    );
    const view = await this.#view(callId, call.ticket.serviceId);
    this.emit('update', call.tellerId, view);
    return { serviceRefused: view.serviceRefused };
  }

  /** What the call's teller is shown. */
  view(principal: Principal, callId: string): Promise<CallLocationView> {
    this.deps.calls.roomFor(requirePermission(principal, 'location.view'), callId);
    return this.#view(callId, this.deps.calls.get(callId)!.ticket.serviceId);
  }

  /** Why the call's service may not go on where its customer is (the service's gate asks). */
  async refusal(callId: string, serviceId: string): Promise<ServiceLocationRefusal | undefined> {
    const risk = findService(serviceId)?.risk ?? 'high';
    return serviceRefusal(this.deps.policy, risk, await this.deps.store.ipOf(callId));
  }

  async #view(callId: string, serviceId: string): Promise<CallLocationView> {
    const ip = await this.deps.store.ipOf(callId);
    return {
      callId,
      ip: ip
        ? { address: ip.address, addressClass: ip.addressClass, country: ip.country, gate: ip.gate }
        : null,
      browser: (await this.deps.store.browserOf(callId)) ?? null,
      serviceRefused: (await this.refusal(callId, serviceId)) !== undefined,
    };
  }

  #forgetEndedCalls(): void {
    if (this.#reports.size < 1000) return;
    for (const id of this.#reports.keys()) if (!this.deps.calls.get(id)) this.#reports.delete(id);
  }
}
