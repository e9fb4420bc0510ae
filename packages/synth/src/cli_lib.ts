/** Helpers of the CLI that tests import without running it. */
import type { EngineSession } from '@snds-lab/engine';
import { checksumSql } from './checksum.js';

export function tableChecksums(
  session: EngineSession,
  tables: string[]
): Record<string, [number, string]> {
  const out: Record<string, [number, string]> = {};
  for (const table of tables) {
    const columns = session
      .query(
        `SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`
      )
      .toArray()
      .map(r => [String(r.c), String(r.t)] as [string, string]);
    const row = session.query(checksumSql(table, columns)).toArray()[0];
    out[table] = [Number(row.n), String(row.sum)];
  }
  return out;
}
