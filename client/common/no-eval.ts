/**
 * The pages' Content-Security-Policy allows no eval. zod probes for `new Function`
 * (to compile faster parsers) as each object schema is built, which the browser
 * reports as a violation. zod reads its settings from this global, so a script
 * that runs before any schema is built (each page loads it first, as its own
 * module script, which the browser runs in document order) turns the probe off.
 */
const holder = globalThis as { __zod_globalConfig?: Record<string, unknown> };
holder.__zod_globalConfig = { ...holder.__zod_globalConfig, jitless: true };
