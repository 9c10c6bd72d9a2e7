import type { AddressClass, CountryGateVerdict } from '../../../shared/contracts/location-events.js';

/** SKYTELLER_ALLOWED_COUNTRIES and SKYTELLER_PRIVATE_ADDRESSES_ALLOWED. */
export interface CountryPolicy {
  /** ISO 3166-1 alpha-2 codes, upper case; empty: the gate is off. */
  allowedCountries: readonly string[];
  /** Whether a loopback or private address (no country to look up) passes the gate. */
  privateAddressesAllowed: boolean;
}

/** Where the customer is as far as the server can tell from the address. */
export interface AddressPlace {
  addressClass: AddressClass;
  /** The GeoIP country of a public address; null when the database has none. */
  country: string | null;
}

/**
 * The gate's verdict. A public address passes only with a listed country (an
 * unknown country does not); a private one as the policy says.
 */
export function countryGate(policy: CountryPolicy, place: AddressPlace): CountryGateVerdict {
  if (policy.allowedCountries.length === 0) return 'off';
  if (place.addressClass !== 'public') return policy.privateAddressesAllowed ? 'allowed' : 'refused';
  return place.country !== null && policy.allowedCountries.includes(place.country) ? 'allowed' : 'refused';
}

/** Why a service may not go on where the customer is: its stable error code, or undefined. */
export type ServiceLocationRefusal = 'country_not_allowed' | 'location_required';

/**
 * Only high-risk services are gated. With the gate on, a call whose customer
 * page never reported (no address recorded) is refused too: skipping the
 * report must not be a way round the gate.
 */
export function serviceRefusal(
  policy: CountryPolicy,
  risk: 'low' | 'high',
  place: AddressPlace | undefined,
): ServiceLocationRefusal | undefined {
  if (risk !== 'high' || policy.allowedCountries.length === 0) return undefined;
  if (!place) return 'location_required';
  return countryGate(policy, place) === 'refused' ? 'country_not_allowed' : undefined;
}
