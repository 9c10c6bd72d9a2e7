import type { Kysely } from 'kysely';
import type { Schema } from '../database/schema.js';

/**
 * The winner's first write: the fencing epoch one higher, with who won and
 * when (one row, seeded by the migration). Compiled for whichever dialect `db`
 * speaks, so the PostgreSQL lock runs it on its own connection.
 */
export function nextEpochQuery(db: Kysely<Schema>, nodeId: string, at: number) {
  return db
    .updateTable('leader_epoch')
    .set((eb) => ({ epoch: eb('epoch', '+', 1), node_id: nodeId, elected_at: at }))
    .where('id', '=', 1)
    .returning('epoch');
}
