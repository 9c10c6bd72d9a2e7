// Kept apart from the zod schemas: a page that imports only this does not bundle zod.

/** Default time a client waits for an ack before giving up. */
export const ACK_TIMEOUT_MS = 10_000;
