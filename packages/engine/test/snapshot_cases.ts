// Snapshot and restore of tables, written once for any session (see engine_cases.ts).
import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
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

    it('should refuse a snapshot whose rows are cut short, keeping the table', () => {
      db().query('CREATE OR REPLACE TABLE snap_cut AS SELECT 1 AS k');
      const good = db().snapshotTables(['snap_cut'])[0];
      // Without its end-of-stream marker DuckDB-WASM would insert nothing, silently.
      const cut = { ...good, ipc: good.ipc.subarray(0, good.ipc.length - 8) };
      db().query('CREATE OR REPLACE TABLE snap_cut AS SELECT 2 AS k');
      expect(() => db().restoreTables([cut])).toThrow(/snap_cut is cut short/);
      expect(rowOf(db(), 'SELECT k FROM snap_cut')).toEqual({ k: 2 });
    });
  });

  describe('PinnedReader#slice', () => {
    it('should read a table in slices of row ids that together are its rows, in order', () => {
      db().query(TYPED);
      // Deleted rows leave gaps in the row ids.
      db().query('DELETE FROM snap_typed WHERE n % 1000 = 999');
      const reader = db().pinnedReader(['snap_typed']);
      try {
        // The table changes after the reader opened: the reader still sees it as it was.
        db().query('DELETE FROM snap_typed WHERE n < 100');
        expect(reader.rowCount('snap_typed')).toBe(4995);
        expect(reader.rowIdEnd('snap_typed')).toBe(4999); // row 4999 is deleted
        const ns: number[] = [];
        for (let from = 0; from < 5000; from += 1200) {
          const slice = tableFromIPC(reader.slice('snap_typed', from, 1200));
          ns.push(...Array.from(slice.getChild('n')!.toArray() as Int32Array));
        }
        expect(ns).toEqual(
          Array.from({ length: 5000 }, (_, i) => i).filter(
            i => i % 1000 !== 999
          )
        );
        expect(() => reader.slice('snap_other', 0, 10)).toThrow(
          /snap_other cannot be read: it was not asked for/
        );
      } finally {
        reader.close();
      }
      expect(() => reader.rowCount('snap_typed')).toThrow(EngineError);
    });
  });

  describe('#insertArrow', () => {
    it('should create an empty table with the types of its Arrow schema', () => {
      db().query(
        `CREATE OR REPLACE TABLE typed_empty AS SELECT * FROM snap_typed LIMIT 0`
      );
      db().query(
        `CREATE OR REPLACE TABLE typed_more AS SELECT 1::TINYINT AS a, 2::UTINYINT AS b, 1.5::FLOAT AS c, true AS d, 'x' AS e LIMIT 0`
      );
      for (const name of ['typed_empty', 'typed_more']) {
        const reader = db().pinnedReader([name]);
        const empty = tableFromIPC(reader.slice(name, 0, 10));
        reader.close();
        expect(empty.numRows).toBe(0);
        db().insertArrow(`${name}_copy`, empty);
        const types = (t: string): string[] =>
          db()
            .query(`DESCRIBE ${t}`)
            .toArray()
            .map(r => `${r.column_name} ${r.column_type}`);
        expect(types(`${name}_copy`)).toEqual(types(name));
      }
    });
  });
}
