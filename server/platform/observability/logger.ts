import pino from 'pino';

/** Structured JSON logs on stdout; ID numbers and tokens never go in them. */
export function createLogger(level: string): pino.Logger {
  return pino({
    level,
    base: { service: 'skyteller' },
    redact: [
      'req.headers.cookie',
      'req.headers.authorization',
      '*.password',
      '*.token',
      '*.ticketToken',
      '*.idNumber',
    ],
  });
}
