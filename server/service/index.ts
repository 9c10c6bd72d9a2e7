// What other features may use of this one.
export { recordedManifestSha256 } from './record/record-document.js';
export { UnreadablePdfError, verifyRecord } from './record/record-verifier.js';
export { RecordTrust } from './record/record-trust.js';
export { signingSetupFrom } from './record/signing-setup.js';
export { trustAnchorPems } from './record/trust-anchors.js';
export { checkTimestampToken, timestampToken } from './record/cms/timestamp-check.js';
export { certificatesFromPem } from './record/cms/trust-path.js';
export type { FaceCheckOutcome } from './rules/flow-types.js';
export { serviceRoutes } from './service-http.js';
export { recordUrlOf } from './service-sessions.js';
export type { ServiceSessions } from './service-sessions.js';
export { createServiceSessions } from './service-setup.js';
export { forwardServiceEvents, serviceHandlers } from './service-socket.js';
export { ServiceStore } from './service-store.js';
