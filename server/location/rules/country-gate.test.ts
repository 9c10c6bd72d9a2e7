import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADDRESS_CLASSES } from '../../../shared/contracts/location-events.js';
import { countryGate, serviceRefusal, type AddressPlace, type CountryPolicy } from './country-gate.js';

const code = fc.constantFrom('CN', 'HK', 'MO', 'TW', 'US', 'GB', 'AU', 'SG', 'JP', 'DE');
const policy: fc.Arbitrary<CountryPolicy> = fc.record({
  allowedCountries: fc.uniqueArray(code, { maxLength: 5 }),
  privateAddressesAllowed: fc.boolean(),
});
const place: fc.Arbitrary<AddressPlace> = fc.record({
  addressClass: fc.constantFrom(...ADDRESS_CLASSES),
  country: fc.option(code, { nil: null }),
});
const CN_ONLY: CountryPolicy = { allowedCountries: ['CN'], privateAddressesAllowed: false };

describe('countryGate', () => {
  it('is off without a list, whatever the address', () => {
    fc.assert(
      fc.property(fc.boolean(), place, (privateAddressesAllowed, p) => {
        expect(countryGate({ allowedCountries: [], privateAddressesAllowed }, p)).toBe('off');
      }),
    );
  });

  it('lets a public address in only from a listed country; an unknown country is refused', () => {
    expect(countryGate(CN_ONLY, { addressClass: 'public', country: 'CN' })).toBe('allowed');
    expect(countryGate(CN_ONLY, { addressClass: 'public', country: 'US' })).toBe('refused');
    expect(countryGate(CN_ONLY, { addressClass: 'public', country: null })).toBe('refused');
    fc.assert(
      fc.property(policy, place, (pol, p) => {
        fc.pre(pol.allowedCountries.length > 0 && p.addressClass === 'public');
        const listed = p.country !== null && pol.allowedCountries.includes(p.country);
        expect(countryGate(pol, p)).toBe(listed ? 'allowed' : 'refused');
      }),
    );
  });

  it('decides loopback and private addresses by the setting alone, never by a country', () => {
    fc.assert(
      fc.property(policy, place, (pol, p) => {
        fc.pre(pol.allowedCountries.length > 0 && p.addressClass !== 'public');
        expect(countryGate(pol, p)).toBe(pol.privateAddressesAllowed ? 'allowed' : 'refused');
      }),
    );
  });

  it('never lets in more when a country is taken off the list', () => {
    fc.assert(
      fc.property(policy, place, (pol, p) => {
        fc.pre(pol.allowedCountries.length > 1);
        const fewer = { ...pol, allowedCountries: pol.allowedCountries.slice(1) };
        if (countryGate(pol, p) === 'refused') expect(countryGate(fewer, p)).toBe('refused');
      }),
    );
  });
});

describe('serviceRefusal', () => {
  it('gates only high-risk services, and only with a list', () => {
    fc.assert(
      fc.property(policy, fc.option(place, { nil: undefined }), (pol, p) => {
        expect(serviceRefusal(pol, 'low', p)).toBeUndefined();
        if (pol.allowedCountries.length === 0) expect(serviceRefusal(pol, 'high', p)).toBeUndefined();
      }),
    );
  });

  it('refuses a high-risk service outside the list, and one whose location was never reported', () => {
    expect(serviceRefusal(CN_ONLY, 'high', { addressClass: 'public', country: 'US' })).toBe(
      'country_not_allowed',
    );
    expect(serviceRefusal(CN_ONLY, 'high', { addressClass: 'loopback', country: null })).toBe(
      'country_not_allowed',
    );
    expect(serviceRefusal(CN_ONLY, 'high', undefined)).toBe('location_required');
    expect(serviceRefusal(CN_ONLY, 'high', { addressClass: 'public', country: 'CN' })).toBeUndefined();
    expect(
      serviceRefusal({ ...CN_ONLY, privateAddressesAllowed: true }, 'high', {
        addressClass: 'loopback',
        country: null,
      }),
    ).toBeUndefined();
  });
});
