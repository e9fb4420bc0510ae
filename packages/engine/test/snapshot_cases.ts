// Snapshot and restore of tables, written once for any session (see engine_cases.ts).
import { describe, expect, it } from 'vitest';
import { EngineError } from '../src/errors.js';
import type { EngineSession } from '../src/session.js';

const TYPED = `CREATE OR REPLACE TABLE snap_typed AS
  SELECT i::INTEGER AS n, (i * 1.25)::DECIMAL(12, 2) AS amount,
         DATE '2019-01-01' + i::INTEGER AS day,
         TIMESTAMP '2019-01-01 08:00:00' + to_seconds(i) AS seen_at,
         CASE WHEN i % 3 = 0 THEN NULL ELSE 'é' || i::VARCHAR END AS label,
         i / 7.0 AS ratio, i::BIGINT * 100000000000 AS big
  FROM range(5000) t(i)`;

const CHECK = `SELECT count(*)::INTEGER AS n, sum(amount)::VARCHAR AS amounts,
  max(day)::VARCHAR AS last_day, max(seen_at)::VARCHAR AS last_at, count(label)::INTEGER AS labels,
  sum(ratio)::VARCHAR AS ratios, sum(big)::VARCHAR AS bigs FROM snap_typed`;

function rowOf(session: EngineSession, sql: string): Record<string, unknown> {
  return session.query(sql).toArray()[0].toJSON();
}

export function testSnapshots(db: () => EngineSession): void {
  describe('#snapshotTables', () => {
    it('should restore tables with the same types and values', () => {
      db().query(TYPED);
      db().query('CREATE OR REPLACE TABLE snap_empty (a VARCHAR, b DATE)');
      const before = rowOf(db(), CHECK);
      const types = db().query('DESCRIBE snap_typed').toArray().map(String);
      const snaps = db().snapshotTables(['snap_typed', 'snap_empty']);
      expect(snaps.map(s => s.name)).toEqual(['snap_typed', 'snap_empty']);
      expect(snaps[0].ipc.byteLength).toBeGreaterThan(5000);

      db().query('DROP TABLE snap_typed');
      db().query('CREATE OR REPLACE TABLE snap_empty (other INTEGER)');
      db().restoreTables(snaps);
      expect(rowOf(db(), CHECK)).toEqual(before);
      expect(db().query('DESCRIBE snap_typed').toArray().map(String)).toEqual(
        types
      );
      const empty = db().query('SELECT * FROM snap_empty');
      expect(empty.numRows).toBe(0);
      expect(empty.schema.fields.map(f => f.name)).toEqual(['a', 'b']);
    });

    it('should name a table that does not exist', () => {
      expect(() => db().snapshotTables(['snap_missing'])).toThrow(EngineError);
      expect(() => db().snapshotTables(['snap_missing'])).toThrow(
        /snap_missing/
      );
    });

    it('should leave the tables as they were when a restore fails', () => {
      db().query('CREATE OR REPLACE TABLE snap_keep AS SELECT 1 AS k');
      const good = db().snapshotTables(['snap_keep'])[0];
      const bad = {
        name: 'snap_keep',
        ddl: 'CREATE TABLE snap_keep (',
        ipc: good.ipc
      };
      db().query('CREATE OR REPLACE TABLE snap_keep AS SELECT 2 AS k');
      expect(() => db().restoreTables([bad])).toThrow(EngineError);
      expect(rowOf(db(), 'SELECT k FROM snap_keep')).toEqual({ k: 2 });
    });
  });
}
