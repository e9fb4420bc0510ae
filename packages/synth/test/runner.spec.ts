import { describe, expect, it } from 'vitest';
import { openNodeSession } from '@snds-lab/engine/lib/node.js';
import type { IProgram, IProgramStep } from '../src/compile.js';
import {
  CHUNK_STATEMENT,
  estimateBytes,
  render,
  runProgram
} from '../src/runner.js';
import { CREATE_WORK_TABLE, temporaryWorkTables } from '../src/work_tables.js';

describe('render', () => {
  it('should drop the parts for longer periods and keep the others', () => {
    const sql =
      'CASE WHEN a THEN 0 /*years>1*/WHEN b THEN {{nyears}} /*end*/ /*years>2*/WHEN c THEN 2 /*end*/END';
    const options = (years: number[]) => ({ patients: 100, seed: 0, years });
    expect(render(sql, options([2019]))).toBe('CASE WHEN a THEN 0  END');
    expect(render(sql, options([2019, 2020]))).toBe(
      'CASE WHEN a THEN 0 /*years>1*/WHEN b THEN 2 /*end*/ END'
    );
    expect(render(sql, options([2019, 2020, 2021]))).toContain('WHEN c THEN 2');
  });

  it('should name the year t after the first by {{yy+t}}, whatever the year being made', () => {
    const options = { patients: 100, seed: 0, years: [2099, 2100, 2101] };
    expect(
      render('_stay_{{yy+0}} _stay_{{yy+1}} _stay_{{yy+2}}', options)
    ).toBe('_stay_99 _stay_00 _stay_01');
    expect(render('_stay_{{yy}} {{yy+1}}', options, 2101)).toBe('_stay_01 00');
  });
});

describe('estimateBytes', () => {
  it('should count a table of every year (ER_PRS_F) once per generated year, and others once', () => {
    const step = (id: string, yearly?: boolean): IProgramStep =>
      ({
        id,
        perYear: false,
        deps: [],
        sql: [],
        rows: { fixed: 0, perPatient: 10, yearly },
        bytesPerRow: 100
      }) as unknown as IProgramStep;
    const bytes = (steps: IProgramStep[], years: number[]): number =>
      estimateBytes(steps, { patients: 1000, seed: 0, years });
    const care = [step('table:ER_PRS_F', true)];
    const people = [step('table:IR_BEN_R')];
    expect(bytes(care, [2019, 2020, 2021])).toBeCloseTo(
      3 * bytes(care, [2019]),
      -2
    );
    expect(bytes(people, [2019, 2020, 2021])).toBe(bytes(people, [2019]));
  });

  it('should count a work table in full in a compressed database, where it is TEMP', () => {
    const step = (id: string, sql: string): IProgramStep =>
      ({
        id,
        perYear: false,
        deps: [],
        sql: [sql],
        rows: { fixed: 0, perPatient: 10 },
        bytesPerRow: 100
      }) as unknown as IProgramStep;
    const options = { patients: 1000, seed: 0, years: [2019] };
    const table = step('table:T', 'CREATE OR REPLACE TABLE T AS SELECT 1');
    const work = step('internal:_w', `${CREATE_WORK_TABLE} _w AS SELECT 1`);
    const extra = (compressed: boolean): number =>
      estimateBytes([table, work], options, compressed) -
      estimateBytes([table], options, compressed);
    // Uncompressed, both are in full; compressed, the work table still is.
    expect(extra(true)).toBe(extra(false));
    expect(extra(true)).toBeGreaterThan(10 * 100 * 1000);
  });
});

/** A program of `steps` that makes one table, T. */
const programOf = (steps: Partial<IProgramStep>[]): IProgram =>
  ({
    limits: { minPatients: 100, maxPatients: 1_000_000, maxYears: 10 },
    products: { X: ['T'] },
    setup: [],
    prologue: [],
    epilogue: [],
    tables: [
      { name: 'T', sqlName: 'T', product: 'X', perYear: false, model: 'core' }
    ],
    steps
  }) as unknown as IProgram;

describe('work tables', () => {
  /** A work table _w, and a table T made from it; _w is dropped at the end. */
  const program = programOf([
    {
      id: 'internal:_w',
      perYear: false,
      deps: [],
      sql: [
        `${CREATE_WORK_TABLE} _w AS SELECT range AS i FROM range({{patients}})`
      ],
      cleanup: ['DROP TABLE IF EXISTS _w']
    },
    {
      id: 'table:T',
      table: 'T',
      perYear: false,
      deps: ['internal:_w'],
      sql: ['CREATE OR REPLACE TABLE T AS SELECT i * 2 AS v FROM _w']
    }
  ]);
  const options = { patients: 300, seed: 0, years: [2019] };

  it('should mark only the work tables TEMP', () => {
    const [work, table] = temporaryWorkTables(program.steps);
    expect(work.sql[0]).toMatch(/^CREATE OR REPLACE TEMP TABLE _w AS /);
    expect(table).toBe(program.steps[1]);
    expect(program.steps[0].sql[0]).toContain('{{temp}}');
    expect(render(program.steps[0].sql[0], options)).toMatch(
      /^CREATE OR REPLACE TABLE _w AS /
    );
  });

  for (const compressed of [true, false]) {
    it(`should make them ${compressed ? 'TEMP in a compressed database' : 'in the database itself elsewhere'}, and leave none`, async () => {
      const session = await openNodeSession();
      try {
        const where: string[] = [];
        runProgram(
          program,
          sql => {
            session.query(sql);
            if (sql.startsWith('CREATE OR REPLACE TABLE T ')) {
              where.push(
                ...session
                  .query(
                    "SELECT database_name AS d FROM duckdb_tables() WHERE table_name = '_w'"
                  )
                  .toArray()
                  .map(r => String(r.d))
              );
            }
          },
          options,
          {},
          { limit: 3e9, wasm: true, compressed }
        );
        expect(where).toEqual([compressed ? 'temp' : 'snds_lab']);
        const left = session
          .query(
            "SELECT database_name AS d, table_name AS t FROM duckdb_tables() WHERE database_name <> 'system'"
          )
          .toArray()
          .map(r => `${r.d}.${r.t}`);
        expect(left).toEqual(['snds_lab.T']);
        const row = session.query('SELECT sum(v) AS s FROM T').toArray()[0];
        expect(Number(row.s)).toBe(299 * 300);
      } finally {
        session.close();
      }
    });
  }
});

describe('runProgram in chunks of persons', () => {
  /** A program of one chunked table, T, of one row per person; `row` is its value column. */
  const chunkedProgram = (row: string): IProgram =>
    programOf([
      {
        id: 'table:T',
        table: 'T',
        perYear: false,
        deps: [],
        chunked: true,
        sql: [
          `CREATE OR REPLACE TABLE T AS SELECT p.i, ${row} AS v FROM range({{patients}}) p(i) WHERE p.i >= {{chunk_lo}} AND p.i < {{chunk_hi}}`
        ]
      }
    ]);
  const options = { patients: 45_000, seed: 0, years: [2019] };
  const compressed = { limit: 3e9, wasm: true, compressed: true };
  const prepared = (session: { query(sql: string): unknown }): boolean => {
    try {
      session.query(`EXECUTE ${CHUNK_STATEMENT}(0, 1)`);
      return true;
    } catch {
      return false;
    }
  };

  it('should plan the insert once, run it per chunk, and let the prepared statement go', async () => {
    const session = await openNodeSession();
    try {
      const seen: string[] = [];
      runProgram(
        chunkedProgram('p.i * 2'),
        sql => {
          seen.push(sql.split(' ')[0]);
          session.query(sql);
        },
        options,
        {},
        compressed
      );
      expect(seen.filter(q => q === 'PREPARE')).toHaveLength(1);
      expect(seen.filter(q => q === 'EXECUTE')).toHaveLength(2);
      const row = session
        .query('SELECT count(*) AS n, sum(i) AS s, sum(v) AS v FROM T')
        .toArray()[0]
        .toJSON();
      expect(Number(row.n)).toBe(45_000);
      expect(Number(row.s)).toBe((45_000 * 44_999) / 2);
      expect(Number(row.v)).toBe(45_000 * 44_999);
      expect(prepared(session)).toBe(false);
    } finally {
      session.close();
    }
  });

  it('should let the prepared statement go when a chunk fails', async () => {
    const session = await openNodeSession();
    try {
      expect(() =>
        runProgram(
          chunkedProgram(
            "CASE WHEN p.i >= 40000 THEN error('chunk 3 fails') ELSE p.i END"
          ),
          sql => session.query(sql),
          options,
          {},
          compressed
        )
      ).toThrow(/chunk 3 fails/);
      expect(prepared(session)).toBe(false);
    } finally {
      session.close();
    }
  });
});
