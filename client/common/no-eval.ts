import { z } from 'zod';

// The pages' Content-Security-Policy allows no eval. zod would otherwise probe for
// `new Function` to compile faster parsers, which the browser reports as a violation.
z.config({ jitless: true });
