/** A table's columns as DuckDB types them, read from the session's current database. */
import type { EngineSession } from '@snds-lab/engine';
import { sqlString } from './hash_sql.js';

/** [name, DuckDB type] of each column of `table`, in order. */
export function columnsOf(
  session: EngineSession,
  table: string
): [string, string][] {
  return session
    .query(
      `SELECT column_name AS c, data_type AS t FROM information_schema.columns
       WHERE table_catalog = current_database() AND table_name = ${sqlString(table)}
       ORDER BY ordinal_position`
    )
    .toArray()
    .map(r => [String(r.c), String(r.t)]);
}
