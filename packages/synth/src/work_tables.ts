import type { IProgramStep } from './compile.js';

/**
 * Work tables are the tables a generation makes for its own steps and drops at the end
 * (_pools, _person, _stay_yy, the link keys _k_*). They are created with {{temp}}.
 *
 * In a compressed database (DuckDB-WASM's `snds_lab`), a runner on a single connection
 * renders {{temp}} as TEMP. DuckDB keeps temporary tables uncompressed and never
 * checkpoints them, so the work tables skip a compression that their drop throws away.
 * On DuckDB-WASM this takes about 5% off a generation (measured: 10,000 and 100,000
 * patients). Elsewhere {{temp}} renders as nothing. Native DuckDB's own database does not
 * compress, and a TEMP table is seen only by the connection that made it, not by the other
 * cursors of a parallel run (runner.py, temporary).
 */
export const TEMP = '{{temp}}';

/** The start of a work table's CREATE ... AS statement. */
export const CREATE_WORK_TABLE = `CREATE OR REPLACE ${TEMP}TABLE`;

/** Whether the step makes a work table: a statement starts with CREATE_WORK_TABLE. */
export function isWorkStep(step: IProgramStep): boolean {
  return step.sql.some(sql => sql.startsWith(CREATE_WORK_TABLE));
}

/** The statement with its work table made TEMP, if it makes one. */
function temporary(sql: string): string {
  return sql.startsWith(CREATE_WORK_TABLE) ? sql.replace(TEMP, 'TEMP ') : sql;
}

/** The steps with their work tables made TEMP (in a compressed database, on one connection). */
export function temporaryWorkTables(steps: IProgramStep[]): IProgramStep[] {
  return steps.map(s =>
    isWorkStep(s) ? { ...s, sql: s.sql.map(temporary) } : s
  );
}
