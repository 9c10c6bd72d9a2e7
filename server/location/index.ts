// What other features may use of this one.
export type { CallLocations } from './call-locations.js';
export { createLocationFeature } from './location-setup.js';
export { forwardLocationEvents, locationHandlers } from './location-socket.js';
export type { ServiceLocationRefusal } from './rules/country-gate.js';
