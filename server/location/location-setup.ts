import type { CallRegistry, TimelineStore } from '../call/index.js';
import { CallLocations } from './call-locations.js';
import { GeoIpCountries } from './geoip-countries.js';
import { LocationStore } from './location-store.js';
import type { CountryPolicy } from './rules/country-gate.js';

/** The location feature: the bundled GeoIP database read once, the calls' locations on their timelines. */
export function createLocationFeature(deps: {
  events: TimelineStore;
  calls: CallRegistry;
  policy: CountryPolicy;
  clock: () => number;
}): CallLocations {
  return new CallLocations({
    store: new LocationStore(deps.events),
    calls: deps.calls,
    geoip: new GeoIpCountries(),
    policy: deps.policy,
    clock: deps.clock,
  });
}
