// Data tests written once, as in duckdb-wasm: each takes a session factory so
// the same function runs in Node (vitest) and in a browser worker.
import { describe, expect, it } from 'vitest';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { EngineError } from '../src/errors.js';
import type { EngineSession } from '../src/session.js';

export function testQueries(db: () => EngineSession): void {
  describe('#query', () => {
    it('should answer a constant query', () => {
      const table = db().query('select 42 as x');
      expect(table.numRows).toBe(1);
      expect(table.getChild('x')!.get(0)).toBe(42);
    });

    it('should aggregate a generated million rows', () => {
      const table = db().query(
        'select count(*)::INTEGER as n, sum(i % 7)::INTEGER as s from range(1000000) t(i)'
      );
      expect(table.getChild('n')!.get(0)).toBe(1_000_000);
      // 1e6 = 142857*7 + 1: each full cycle sums to 21, the extra row adds 0.
      expect(table.getChild('s')!.get(0)).toBe(142_857 * 21);
    });

    it('should raise an EngineError naming the problem on bad SQL', () => {
      expect(() => db().query('selec 1')).toThrow(EngineError);
      expect(() => db().query('select * from no_such_table')).toThrow(
        /no_such_table/
      );
    });

    it('should bind parameters to a prepared statement', () => {
      const table = db().query('select ? + 1 as a, ? as b', [41, "l'été"]);
      expect(table.getChild('a')!.get(0)).toBe(42);
      expect(table.getChild('b')!.get(0)).toBe("l'été");
    });

    it('should keep working after an error', () => {
      expect(() => db().query('select 1/')).toThrow(EngineError);
      expect(db().query('select 2 as y').getChild('y')!.get(0)).toBe(2);
    });
  });

  describe('#offline', () => {
    it('should have extension autoloading turned off', () => {
      const table = db().query(
        "select value from duckdb_settings() where name in ('autoload_known_extensions', 'autoinstall_known_extensions') order by name"
      );
      const values = table.getChild('value')!.toArray();
      expect(Array.from(values)).toEqual(['false', 'false']);
    });
  });

  describe('#insertArrow', () => {
    it('should create a table from Arrow columns', () => {
      const ids = Int32Array.from({ length: 1000 }, (_, i) => i);
      db().insertArrow('t_arrow', tableFromArrays({ id: ids }));
      const table = db().query('select sum(id)::INTEGER as s from t_arrow');
      expect(table.getChild('s')!.get(0)).toBe((999 * 1000) / 2);
    });
  });

  describe('#insertArrowStream', () => {
    it('should create and append from whole streams, and refuse one cut short', () => {
      const part = (from: number): Uint8Array =>
        tableToIPC(
          tableFromArrays({
            id: Int32Array.from({ length: 500 }, (_, i) => from + i)
          }),
          'stream'
        );
      db().insertArrowStream('t_stream', part(0));
      db().insertArrowStream('t_stream', part(500), false);
      const cut = part(1000);
      expect(() =>
        db().insertArrowStream(
          't_stream',
          cut.subarray(0, cut.length - 8),
          false
        )
      ).toThrow(/t_stream is cut short/);
      // Nothing of the refused stream is left to join the next one.
      db().insertArrowStream('t_stream', part(1000), false);
      const table = db().query(
        'select count(*)::INTEGER as n, sum(id)::INTEGER as s from t_stream'
      );
      expect(table.getChild('n')!.get(0)).toBe(1500);
      expect(table.getChild('s')!.get(0)).toBe((1499 * 1500) / 2);
    });
  });

  describe('#queryColumnar', () => {
    it('should lay out every common type for Python', () => {
      const r = db().queryColumnar(`
        select * from (values
          (1, 10000000000::BIGINT, 1.5::DOUBLE, 12.34::DECIMAL(10,2), true, 'é', DATE '2019-03-01', TIMESTAMP '2019-03-01 12:30:00'),
          (NULL, -1::BIGINT, NULL, -0.05::DECIMAL(10,2), NULL, NULL, NULL, NULL)
        ) t(i, b, f, d, ok, s, dt, ts)`);
      expect(r.names).toEqual(['i', 'b', 'f', 'd', 'ok', 's', 'dt', 'ts']);
      expect(r.kinds).toEqual([
        'int',
        'bigint',
        'float',
        'decimal',
        'bool',
        'string',
        'date',
        'timestamp'
      ]);
      expect(r.types[3]).toBe('DECIMAL(10,2)');
      expect(r.numRows).toBe(2);
      expect(r.columns[0][0]).toBe(1);
      expect(r.validity[0]).toEqual(new Uint8Array([1, 0]));
      expect(r.columns[1][0]).toBe(10_000_000_000n);
      expect(r.columns[1][1]).toBe(-1n);
      expect(Array.from(r.columns[3] as string[])).toEqual(['12.34', '-0.05']);
      expect(r.columns[4][0]).toBe(true);
      expect(r.columns[5][0]).toBe('é');
      expect(r.columns[5][1]).toBeNull();
      // 2019-03-01 is day 17956 after 1970-01-01.
      expect(r.columns[6][0]).toBe(17956);
      expect(r.columns[7][0]).toBe((17956 * 86400 + 12.5 * 3600) * 1e6);
      expect(r.validity[7]).toEqual(new Uint8Array([1, 0]));
    });

    it('should report HUGEINT sums as whole numbers, not decimals', () => {
      const r = db().queryColumnar(
        'select sum(i) as s from range(100000) t(i)'
      );
      expect(r.kinds).toEqual(['hugeint']);
      expect(r.types).toEqual(['HUGEINT']);
      expect(Array.from(r.columns[0] as string[])).toEqual(['4999950000']);
    });
  });
}
