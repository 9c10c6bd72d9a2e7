// What other features may use of this one.
export type { FaceChecks } from './face-checks.js';
export { faceCheckFailed, passedFaceCheck } from './face-gate.js';
export { faceRoutes } from './face-http.js';
export type { FaceRoutesDeps } from './face-http.js';
export { createFaceFeature } from './face-setup.js';
export { faceCustomerHandlers, faceTellerHandlers, forwardFaceEvents } from './face-socket.js';
