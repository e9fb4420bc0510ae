import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDictionary } from '@snds-lab/schema/node';
import type { INomenclatureLoader, SndsDictionary } from '@snds-lab/schema';
import { openNodeSession } from '@snds-lab/engine/lib/node.js';
import { readProfiles } from '../src/profiles.js';
import {
  compileProgram,
  PRODUCT_ALIASES,
  type IProgram
} from '../src/compile.js';
import { runProgram } from '../src/runner.js';
import {
  checkDirectory,
  loadArrow,
  loadCsv,
  loadParquet
} from '../src/check_dir.js';
import { duckdbType } from '@snds-lab/schema';
import { checksumSql } from '../src/checksum.js';
import { writeDataset } from '../src/write_dataset.js';
import { columnsOf } from '../src/table_columns.js';
import type { EngineSession } from '@snds-lab/engine';
import {
  Table as ArrowTable,
  tableFromArrays,
  tableFromIPC,
  tableToIPC,
  Utf8,
  vectorFromArray
} from 'apache-arrow';
import { ParquetFile, Table as ParquetTable, writeParquet } from 'parquet-wasm';
import { DEFAULT_PROFILES } from '../src/build_program.js';

let dictionary: SndsDictionary;
let loader: INomenclatureLoader;
let program: IProgram;
let dir: string;
const binaryDirs: Record<'arrow' | 'parquet', string> = {
  arrow: '',
  parquet: ''
};
const LONG = 600_000;
const SLICE = 701;
let prsSum: { n: unknown; sum: unknown };

/** A table's row count and order-independent checksum. */
function tableSum(
  session: EngineSession,
  table: string
): { n: unknown; sum: unknown } {
  const row = session.query(checksumSql(table, columnsOf(session, table)));
  return row.toArray()[0].toJSON();
}

const check = async (): Promise<{ checks: number; failures: string[] }> =>
  checkDirectory(dir, await openNodeSession(), program, dictionary, loader);

beforeAll(async () => {
  ({ dictionary, loader } = await loadDictionary());
  program = await compileProgram({
    dictionary,
    loader,
    profiles: readProfiles(DEFAULT_PROFILES)
  });
  const session = await openNodeSession();
  const report = runProgram(
    program,
    sql => session.query(sql),
    { patients: 150, seed: 7, years: [2019] },
    PRODUCT_ALIASES,
    { limit: 3e9, wasm: true }
  );
  dir = mkdtempSync(join(tmpdir(), 'snds-synth-check-'));
  // Slices far smaller than tables, so each file is written in many pieces.
  await writeDataset(
    session,
    report.tables.map(t => t.sqlName),
    dir,
    'csv',
    SLICE
  );
  for (const format of ['arrow', 'parquet'] as const) {
    binaryDirs[format] = mkdtempSync(
      join(tmpdir(), `snds-synth-check-${format}-`)
    );
    await writeDataset(
      session,
      report.tables.map(t => t.sqlName),
      binaryDirs[format],
      format,
      SLICE
    );
  }
  prsSum = tableSum(session, 'ER_PRS_F');
  session.close();
}, LONG);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  Object.values(binaryDirs).forEach(d =>
    rmSync(d, { recursive: true, force: true })
  );
});

describe('snds-synth check', () => {
  it(
    'should pass on a generated folder',
    async () => {
      const result = await check();
      expect(result.failures).toEqual([]);
      expect(result.checks).toBeGreaterThan(1500);
    },
    LONG
  );

  it.each(['arrow', 'parquet'] as const)(
    'should pass on a folder written as %s',
    async format => {
      const file = readFileSync(join(binaryDirs[format], 'ER_PRS_F.' + format));
      // Each file is what its extension says: Arrow IPC stream, or Parquet (PAR1 … PAR1).
      const magic = (at: number): string =>
        file.subarray(at, at + 4).toString('latin1');
      if (format === 'parquet') {
        expect([magic(0), magic(file.length - 4)]).toEqual(['PAR1', 'PAR1']);
      } else {
        expect(magic(0)).not.toBe('PAR1');
      }
      const result = await checkDirectory(
        binaryDirs[format],
        await openNodeSession(),
        program,
        dictionary,
        loader
      );
      expect(result.failures).toEqual([]);
      expect(result.checks).toBeGreaterThan(1500);
    },
    LONG
  );

  it(
    'should read a Parquet file slice by slice into the same rows',
    async () => {
      const session = await openNodeSession();
      const bytes = readFileSync(join(binaryDirs.parquet, 'ER_PRS_F.parquet'));
      loadParquet(session, 'whole', bytes);
      loadParquet(session, 'sliced', bytes, 97);
      const sums = ['whole', 'sliced'].map(t => {
        const columns = session
          .query(
            `SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_name = '${t}' ORDER BY ordinal_position`
          )
          .toArray()
          .map(r => [String(r.c), String(r.t)] as [string, string]);
        return session.query(checksumSql(t, columns)).toArray()[0].toJSON();
      });
      expect(Number(sums[0].n)).toBeGreaterThan(97 * 3);
      expect(sums[1]).toEqual(sums[0]);
    },
    LONG
  );

  it(
    'should write a table in slices that read back as the same rows',
    async () => {
      expect(Number(prsSum.n)).toBeGreaterThan(SLICE * 3);
      const session = await openNodeSession();
      session.insertArrow(
        'from_arrow',
        tableFromIPC(readFileSync(join(binaryDirs.arrow, 'ER_PRS_F.arrow')))
      );
      const parquet = readFileSync(
        join(binaryDirs.parquet, 'ER_PRS_F.parquet')
      );
      loadParquet(session, 'from_parquet', parquet);
      expect(tableSum(session, 'from_arrow')).toEqual(prsSum);
      expect(tableSum(session, 'from_parquet')).toEqual(prsSum);
      // One Parquet row group per slice: the file was streamed, not written whole.
      const file = await ParquetFile.fromFile(new Blob([parquet]));
      expect(file.metadata().numRowGroups()).toBe(
        Math.ceil(Number(prsSum.n) / SLICE)
      );
      const csv = readFileSync(join(dir, 'ER_PRS_F.csv'), 'utf8');
      expect(csv.split('\n').length).toBe(Number(prsSum.n) + 2);
    },
    LONG
  );

  it.each(['csv', 'arrow', 'parquet'] as const)(
    'should leave no %s file when reading the rows fails midway',
    async format => {
      const session = await openNodeSession();
      session.query(
        "CREATE TABLE big_t AS SELECT range AS n, 'r' || range AS s FROM range(5000)"
      );
      const out = mkdtempSync(join(tmpdir(), `snds-synth-fail-${format}-`));
      const malloc = new Error('malloc of size 2147483648 failed');
      let slices = 0;
      // The real session, whose reader runs out of memory at the third slice of rows, or
      // once DuckDB has written a CSV's rows file.
      const failing = new Proxy(session, {
        get(target, prop) {
          if (prop === 'pinnedReader') {
            return (names: string[]) => {
              const reader = target.pinnedReader(names);
              const slice = reader.slice.bind(reader);
              reader.slice = (name: string, from: number, count: number) => {
                if (++slices === 3) {
                  throw malloc;
                }
                return slice(name, from, count);
              };
              const copy = reader.copyToFile.bind(reader);
              reader.copyToFile = (name: string, path: string, o: string) => {
                copy(name, path, o);
                expect(readFileSync(path, 'utf8')).toContain('4999,"r4999"');
                throw malloc;
              };
              return reader;
            };
          }
          const value = Reflect.get(target, prop);
          return typeof value === 'function' ? value.bind(target) : value;
        }
      });
      await expect(
        writeDataset(failing, ['big_t'], out, format, 1000)
      ).rejects.toThrow(/big_t is too big to write out of DuckDB-WASM /);
      expect(readdirSync(out)).toEqual([]);
      expect(await writeDataset(session, ['big_t'], out, format, 1000)).toBe(
        5000
      );
      expect(readdirSync(out)).toEqual([`big_t.${format}`]);
      rmSync(out, { recursive: true, force: true });
    },
    LONG
  );

  it('should name a folder in the way of a file and leave no part file', async () => {
    const session = await openNodeSession();
    session.query('CREATE TABLE t AS SELECT range AS n FROM range(10)');
    const out = mkdtempSync(join(tmpdir(), 'snds-synth-in-the-way-'));
    try {
      mkdirSync(join(out, 't.parquet'));
      await expect(
        writeDataset(session, ['t'], out, 'parquet', 1000)
      ).rejects.toThrow(
        `cannot write ${join(out, 't.parquet')}: a folder of that name is in the way; move it, or choose another --out.`
      );
      expect(readdirSync(out)).toEqual(['t.parquet']);
    } finally {
      rmSync(out, { recursive: true, force: true });
      session.close();
    }
  });

  it.each(['csv', 'arrow', 'parquet'] as const)(
    'should write every row of a table whose row ids have gaps as %s',
    async format => {
      const session = await openNodeSession();
      session.query('CREATE TABLE gappy AS SELECT range AS n FROM range(5000)');
      // 500 rows left, at row ids 4,500 to 4,999: past the first slice of 1,000.
      session.query('DELETE FROM gappy WHERE n < 4500');
      const out = mkdtempSync(join(tmpdir(), `snds-synth-gaps-${format}-`));
      expect(await writeDataset(session, ['gappy'], out, format, 1000)).toBe(
        500
      );
      const back = await openNodeSession();
      const path = join(out, `gappy.${format}`);
      if (format === 'csv') {
        loadCsv(back, 'gappy', path);
      } else if (format === 'arrow') {
        await loadArrow(back, 'gappy', path);
      } else {
        loadParquet(back, 'gappy', readFileSync(path));
      }
      expect(
        back
          .query(
            'SELECT count(*)::INTEGER AS c, min(n)::INTEGER AS lo FROM gappy'
          )
          .toArray()[0]
          .toJSON()
      ).toEqual({ c: 500, lo: 4500 });
      rmSync(out, { recursive: true, force: true });
    },
    LONG
  );

  it(
    'should load a CSV file piece by piece into the same rows',
    async () => {
      const session = await openNodeSession();
      const path = join(dir, 'ER_PRS_F.csv');
      const columns = dictionary
        .table('ER_PRS_F')
        .columns.map(c => [c.name, duckdbType(c)] as [string, string]);
      loadCsv(session, 'whole', path, columns);
      // Pieces of 64 KB: about a hundred of them.
      loadCsv(session, 'pieces', path, columns, 65536);
      // No types given: those DuckDB detects in the first piece, for every piece.
      loadCsv(session, 'detected', path, undefined, 65536);
      const [whole, pieces] = ['whole', 'pieces'].map(t =>
        tableSum(session, t)
      );
      expect(Number(whole.n)).toBe(Number(prsSum.n));
      expect(pieces).toEqual(whole);
      expect(tableSum(session, 'detected').n).toEqual(whole.n);
    },
    LONG
  );

  it(
    "should give a bad value's line of the file, not of its piece, with its column",
    async () => {
      const session = await openNodeSession();
      const lines = readFileSync(join(dir, 'ER_PRS_F.csv'), 'utf8').split('\n');
      const k = lines[0].split(',').indexOf('DPN_QLF');
      // A line of the fifth or a later piece of 64 KB.
      const bad = Math.floor(lines.length * 0.8);
      const cells = lines[bad].split(',');
      cells[k] = 'O';
      lines[bad] = cells.join(',');
      const copy = mkdtempSync(join(tmpdir(), 'snds-synth-line-'));
      try {
        const path = join(copy, 'ER_PRS_F.csv');
        writeFileSync(path, lines.join('\n'));
        const columns = dictionary
          .table('ER_PRS_F')
          .columns.map(c => [c.name, duckdbType(c)] as [string, string]);
        expect(() => loadCsv(session, 'bad', path, columns, 65536)).toThrow(
          new RegExp(`Line: ${bad + 1}\\b[\\s\\S]*DPN_QLF`)
        );
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    },
    LONG
  );

  it(
    'should load a Parquet file of whole slices, or of no rows, as its table',
    async () => {
      const session = await openNodeSession();
      const rows = Array.from({ length: 2000 }, (_, i) => i);
      // Plain text, as the generator writes it (tableFromArrays would make a dictionary).
      const table = new ArrowTable({
        n: vectorFromArray(Int32Array.from(rows)),
        s: vectorFromArray(rows.map(String), new Utf8())
      });
      const parquet = (t: ArrowTable): Uint8Array =>
        writeParquet(ParquetTable.fromIPCStream(tableToIPC(t, 'stream')));
      // Two slices of 1,000, then one of none: the last read ends the table.
      loadParquet(session, 'whole_slices', parquet(table), 1000);
      expect(
        session
          .query(
            'SELECT count(*)::INTEGER AS c, sum(n)::INTEGER AS t, max(s) AS m FROM whole_slices'
          )
          .toArray()[0]
          .toJSON()
      ).toEqual({ c: 2000, t: 1999000, m: '999' });
      expect(columnsOf(session, 'whole_slices')).toEqual([
        ['n', 'INTEGER'],
        ['s', 'VARCHAR']
      ]);
      loadParquet(session, 'no_rows', parquet(new ArrowTable(table.schema)));
      expect(columnsOf(session, 'no_rows')).toEqual([
        ['n', 'INTEGER'],
        ['s', 'VARCHAR']
      ]);
      expect(
        Number(
          session.query('SELECT count(*) AS c FROM no_rows').toArray()[0].c
        )
      ).toBe(0);
    },
    LONG
  );

  it.each(['stream', 'file'] as const)(
    'should load an Arrow %s file batch by batch, empty or not',
    async kind => {
      const session = await openNodeSession();
      const path = join(dir, `loaded.${kind}.arrow`);
      const rows = Array.from({ length: 2500 }, (_, i) => i);
      // Five record batches of 500 rows, inserted 1,000 rows at a time.
      const whole = tableFromArrays({
        n: Int32Array.from(rows),
        s: rows.map(String)
      }).batches[0];
      const batches = [0, 1, 2, 3, 4].map(k =>
        whole.slice(k * 500, (k + 1) * 500)
      );
      writeFileSync(path, tableToIPC(new ArrowTable(batches), kind));
      await loadArrow(session, 'loaded', path, 1000);
      expect(
        session
          .query(
            'SELECT count(*)::INTEGER AS c, sum(n)::INTEGER AS t, max(s) AS m FROM loaded'
          )
          .toArray()[0]
          .toJSON()
      ).toEqual({ c: 2500, t: 3123750, m: '999' });
      writeFileSync(path, tableToIPC(new ArrowTable(batches[0].schema), kind));
      await loadArrow(session, 'empty', path);
      expect(
        session.query('SELECT * FROM empty').schema.fields.map(f => f.name)
      ).toEqual(['n', 's']);
      rmSync(path);
    },
    LONG
  );

  it(
    'should check a dataset of some products against their tables only',
    async () => {
      const part = mkdtempSync(join(tmpdir(), 'snds-synth-check-part-'));
      const dcir = new Set(
        PRODUCT_ALIASES.dcir.flatMap(p => program.products[p])
      );
      for (const file of readdirSync(binaryDirs.parquet)) {
        if (dcir.has(file.replace(/\.parquet$/, ''))) {
          cpSync(join(binaryDirs.parquet, file), join(part, file));
        }
      }
      const session = await openNodeSession();
      const run = () =>
        checkDirectory(part, session, program, dictionary, loader);
      const whole = await run();
      expect(whole.failures).toEqual([]);
      expect(whole.checks).toBeGreaterThan(300);
      // A table of a product that is there is still expected.
      rmSync(join(part, 'ER_PHA_F.parquet'));
      expect((await run()).failures).toContain(
        `ER_PHA_F: no file ER_PHA_F.csv, .arrow or .parquet in ${part}`
      );
      // A folder with no table of the SNDS says so, rather than listing every table.
      readdirSync(part).forEach(f => rmSync(join(part, f)));
      await expect(run()).rejects.toThrow(
        /check found no table of the synthetic SNDS in .*: give the folder that snds-synth generate --out/
      );
      rmSync(part, { recursive: true, force: true });
    },
    LONG
  );

  it(
    'should name a CSV header out of order, an unreadable Parquet file and a table in two files',
    async () => {
      const copy = mkdtempSync(join(tmpdir(), 'snds-synth-check-bad-'));
      try {
        cpSync(dir, copy, { recursive: true });
        const ben = join(copy, 'IR_BEN_R.csv');
        const [header, ...rest] = readFileSync(ben, 'utf8').split('\n');
        const names = header.split(',');
        const a = names.indexOf('BEN_RES_COM');
        const b = names.indexOf('BEN_RES_DPT');
        [names[a], names[b]] = [names[b], names[a]];
        writeFileSync(ben, [names.join(','), ...rest].join('\n'));
        rmSync(join(copy, 'DA_PRA_R.csv'));
        const parquet = readFileSync(
          join(binaryDirs.parquet, 'DA_PRA_R.parquet')
        );
        writeFileSync(
          join(copy, 'DA_PRA_R.parquet'),
          parquet.subarray(0, parquet.length - 100)
        );
        cpSync(
          join(binaryDirs.parquet, 'IR_IBA_R.parquet'),
          join(copy, 'IR_IBA_R.parquet')
        );
        writeFileSync(join(copy, 'XX_FOO_R.csv'), 'A\n1\n');
        const result = await checkDirectory(
          copy,
          await openNodeSession(),
          program,
          dictionary,
          loader
        );
        expect(result.notes).toEqual([
          'XX_FOO_R.csv: not checked, no table of the synthetic SNDS for 2019 has this name'
        ]);
        const first = Math.min(a, b);
        expect(result.failures).toContain(
          `IR_BEN_R.csv: the header has ${names[first]} as column ${first + 1}, where the dictionary has ${names[Math.max(a, b)]}; the first line must name the table's ${names.length} columns in the dictionary's order`
        );
        expect(result.failures).toContainEqual(
          expect.stringMatching(
            /^DA_PRA_R\.parquet: not a readable Parquet file \(.+\); generate it again$/
          )
        );
        expect(result.failures).toContain(
          `IR_IBA_R: 2 files (IR_IBA_R.csv, IR_IBA_R.parquet) in ${copy}; keep one per table, in one format, to check it`
        );
      } finally {
        rmSync(copy, { recursive: true, force: true });
      }
    },
    LONG
  );

  it(
    'should name a missing table and a broken invariant after a file is corrupted',
    async () => {
      rmSync(join(dir, 'IR_IBA_R.csv'));
      const file = join(dir, 'ER_PRS_F.csv');
      const [header, first, ...rest] = readFileSync(file, 'utf8').split('\n');
      const k = header.split(',').indexOf('EXE_SOI_DTD');
      const cells = first.split(',');
      cells[k] = '2099-12-31';
      writeFileSync(file, [header, cells.join(','), ...rest].join('\n'));
      const result = await check();
      expect(result.failures).toContain(
        `IR_IBA_R: no file IR_IBA_R.csv, .arrow or .parquet in ${dir}`
      );
      expect(result.failures).toContain(
        'ER_PRS_F: EXE_SOI_DTD after EXE_SOI_DTF: 1 row(s) (row 1)'
      );
    },
    LONG
  );
});
