import pg from 'pg';

const INT8 = 20;

/**
 * A pool whose bigint columns come back as numbers. Every INTEGER of the
 * SQLite schema is bigint on PostgreSQL (epoch milliseconds overflow int4),
 * and pg returns bigint as a string by default so as not to lose precision;
 * our values (times, counts, sequence numbers) stay far below 2^53, and one
 * that does not is refused rather than rounded.
 */
export function postgresPool(connectionString: string, onIdleError: (error: Error) => void): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    // A node's requests mostly take one connection for a few milliseconds; this leaves room on a
    // PostgreSQL with the default 100 connections for a handful of nodes.
    max: 10,
    // A database that does not answer fails the request rather than hanging it.
    connectionTimeoutMillis: 10_000,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8 ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection the server drops (a restart, a failover, an administrator) is an 'error'
  // event on the pool, which would end the process if nobody listened. pg has already discarded
  // that connection; the next query opens another.
  pool.on('error', onIdleError);
  return pool;
}

function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`bigint ${text} does not fit a JavaScript number`);
  return value;
}
