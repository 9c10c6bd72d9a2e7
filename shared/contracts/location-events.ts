import { z } from 'zod';

const id = z.string().min(1).max(64);

/** How a client address counts for the country gate: only a public one has a country. */
export const ADDRESS_CLASSES = ['public', 'private', 'loopback'] as const;
export type AddressClass = (typeof ADDRESS_CLASSES)[number];

/** The allowed-countries gate's verdict on an address; `off` when no list is configured. */
export const COUNTRY_GATE_VERDICTS = ['off', 'allowed', 'refused'] as const;
export type CountryGateVerdict = (typeof COUNTRY_GATE_VERDICTS)[number];

/**
 * What the customer's browser gave, or that it gave nothing (the customer said
 * no, or it could not); `pending` when the page has just asked the customer.
 */
export const browserLocationSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('granted'),
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    /** Metres, as the Geolocation API reports it (95 % confidence radius). */
    accuracy: z.number().nonnegative().max(10_000_000),
  }),
  z.object({ status: z.enum(['pending', 'refused', 'unavailable']) }),
]);
export type BrowserLocation = z.infer<typeof browserLocationSchema>;

/** Location requests: the customer's report at call start, and the teller's look at it. */
export const locationRequests = {
  'location:report': z.object({ callId: id, browser: browserLocationSchema }),
  'location:view': z.object({ callId: id }),
} as const;

/** What the teller is shown. */
export interface CallLocationView {
  callId: string;
  ip: {
    address: string;
    addressClass: AddressClass;
    country: string | null;
    gate: CountryGateVerdict;
  } | null;
  browser: BrowserLocation | null;
  /** The call's service is high-risk and the gate refuses it here. */
  serviceRefused: boolean;
}

export interface LocationResponses {
  /** To the customer: only whether the call's service is refused where they are. */
  'location:report': { serviceRefused: boolean };
  'location:view': CallLocationView;
}

export interface LocationServerEvents {
  /** To the call's teller when the customer's location is known. */
  'location:update': (view: CallLocationView) => void;
}
