/**
 * `snds-synth check DIR`: loads a generated folder (CSV, Arrow or Parquet files, one per table) into
 * DuckDB with the dictionary's column types, then verifies that every table of its products is
 * there with its columns and types, and every invariant of checkDataset.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import {
  RecordBatchReader,
  Table,
  tableFromIPC,
  type RecordBatch
} from 'apache-arrow';
import { readParquet } from 'parquet-wasm';
import {
  duckdbType,
  type INomenclatureLoader,
  type SndsDictionary
} from '@snds-lab/schema';
import type { EngineSession } from '@snds-lab/engine';
import { checkDataset, type ICheckResult } from './check.js';
import { DRUG_TABLE, type IProgram } from './compile.js';
import { sqlString } from './hash_sql.js';
import { columnsOf } from './table_columns.js';
import { csvHeader, csvPieces } from './csv_pieces.js';
import { SynthRequestError, tableNames, tablesOfProducts } from './runner.js';

const FORMATS = ['csv', 'arrow', 'parquet'];

/** Per-year table names as a pattern with the year captured. */
function namePattern(sqlName: string): RegExp {
  const escaped = sqlName.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(
    `^${escaped.replace('{{yy}}', '(\\d{2})').replace('{{year}}', '(\\d{4})')}$`
  );
}

export async function checkDirectory(
  dir: string,
  session: EngineSession,
  program: IProgram,
  dictionary: SndsDictionary,
  loader: INomenclatureLoader
): Promise<ICheckResult> {
  const failures: string[] = [];
  let checks = 0;
  const files = readdirSync(dir).filter(f =>
    FORMATS.some(x => f.endsWith(`.${x}`))
  );
  const stems = new Map<string, string>();
  const doubled = new Map<string, string[]>();
  for (const f of files) {
    const stem = f.replace(/\.(csv|arrow|parquet)$/, '');
    const other = stems.get(stem);
    if (other) {
      doubled.set(stem, [...(doubled.get(stem) ?? [other]), f]);
    }
    stems.set(stem, f);
  }
  // The years of the dataset: those any per-year table was written for.
  const years = new Set<number>();
  for (const t of program.tables.filter(x => x.perYear)) {
    const re = namePattern(t.sqlName);
    for (const stem of stems.keys()) {
      const m = re.exec(stem);
      if (m) {
        years.add(m[1].length === 2 ? 2000 + Number(m[1]) : Number(m[1]));
      }
    }
  }
  // A dataset of some products (generate --products) holds their tables: those of every
  // product with a file here are expected, the others' absence is no failure.
  const yearList = [...years];
  const found = new Set(
    program.tables
      .filter(t => tableNames(t, yearList).some(n => stems.has(n)))
      .map(t => t.name)
  );
  if (!found.size) {
    throw new SynthRequestError(
      `check found no table of the synthetic SNDS in ${dir} (files such as IR_BEN_R.parquet): give the folder that snds-synth generate --out or python -m snds generate --out wrote.`
    );
  }
  const products = Object.keys(program.products).filter(p =>
    program.products[p].some(name => found.has(name))
  );
  const expected = tablesOfProducts(program, products, {});
  const tables: { name: string; sqlName: string }[] = [];
  const database = session.currentDatabase();
  for (const t of program.tables.filter(x => expected.has(x.name))) {
    for (const sqlName of tableNames(t, yearList)) {
      checks++;
      const file = stems.get(sqlName);
      if (!file) {
        failures.push(
          `${sqlName}: no file ${sqlName}.csv, .arrow or .parquet in ${dir}`
        );
        continue;
      }
      const several = doubled.get(sqlName);
      if (several) {
        failures.push(
          `${sqlName}: ${several.length} files (${several.join(', ')}) in ${dir}; keep one per table, in one format, to check it`
        );
        continue;
      }
      const loaded = await load(
        session,
        dir,
        file,
        sqlName,
        t.name,
        dictionary
      );
      if (loaded) {
        failures.push(loaded);
        continue;
      }
      const shape = columnsFailure(
        session,
        database,
        sqlName,
        t.name,
        dictionary
      );
      checks++;
      if (shape) {
        failures.push(shape);
        continue;
      }
      tables.push({ name: t.name, sqlName });
    }
  }
  const rows = (sql: string): Record<string, unknown>[] =>
    session
      .query(sql)
      .toArray()
      .map(r => r.toJSON());
  const result = await checkDataset(rows, program, dictionary, loader, tables);
  const known = new Set(program.tables.flatMap(t => tableNames(t, yearList)));
  const others = [...stems.keys()].filter(stem => !known.has(stem)).sort();
  return {
    checks: checks + result.checks,
    failures: [...failures, ...result.failures],
    notes: others.map(
      stem =>
        `${stems.get(stem)}: not checked, no table of the synthetic SNDS${yearList.length ? ` for ${[...yearList].sort().join(', ')}` : ''} has this name`
    )
  };
}

/** Rows read from a Parquet file at a time: parquet-wasm holds them in its own memory. */
const PARQUET_SLICE = 100_000;

/**
 * A Parquet file as table `sqlName`, `rows` rows at a time. parquet-wasm's Arrow stream goes
 * to DuckDB as it is: decoding and encoding it again in JavaScript took 0.85 s of a
 * 10,000-patient dataset's 5.8 s of loading.
 */
export function loadParquet(
  session: EngineSession,
  sqlName: string,
  bytes: Uint8Array,
  rows = PARQUET_SLICE
): void {
  for (let offset = 0; ; offset += rows) {
    const slice = readParquet(bytes, { offset, limit: rows });
    let n = 0;
    for (const batch of slice.recordBatches()) {
      n += batch.numRows;
      batch.free();
    }
    const ipc = slice.intoIPCStream();
    if (n > 0) {
      session.insertArrowStream(sqlName, ipc, offset === 0);
    } else if (offset === 0) {
      // No rows: the table from the file's schema (DuckDB makes none from no batch).
      session.insertArrow(sqlName, tableFromIPC(ipc), true);
    }
    if (n < rows) {
      return;
    }
  }
}

/** Rows inserted at a time from an Arrow file. */
const ARROW_SLICE = 100_000;

/**
 * An Arrow IPC file (stream or file format) as table `sqlName`, read batch by batch and
 * inserted about `rows` rows at a time: a file may be bigger than Node can read at once.
 */
export async function loadArrow(
  session: EngineSession,
  sqlName: string,
  path: string,
  rows = ARROW_SLICE
): Promise<void> {
  const file = await open(path);
  try {
    const reader = await RecordBatchReader.from(file);
    let batches: RecordBatch[] = [];
    let pending = 0;
    let created = false;
    const insert = (): void => {
      const table = batches.length
        ? new Table(batches)
        : new Table(reader.schema);
      session.insertArrow(sqlName, table, !created);
      created = true;
      batches = [];
      pending = 0;
    };
    for await (const batch of reader) {
      batches.push(batch);
      pending += batch.numRows;
      if (pending >= rows) {
        insert();
      }
    }
    if (!created || batches.length) {
      insert();
    }
  } finally {
    await file.close();
  }
}

/**
 * A CSV file as table `sqlName`, a piece of rows at a time, with `columns` (names and
 * types) or, without them, the types DuckDB detects in the first piece.
 */
export function loadCsv(
  session: EngineSession,
  sqlName: string,
  path: string,
  columns?: [string, string][],
  pieceBytes?: number
): void {
  const typed = (cs: [string, string][]): string =>
    `, columns = {${cs.map(([c, t]) => `${sqlString(c)}: ${sqlString(t)}`).join(', ')}}, auto_detect = false`;
  let options = columns ? typed(columns) : '';
  let piece = 0;
  // Rows of the pieces before this one: DuckDB numbers a piece's lines from its header.
  let before = 0;
  for (const bytes of csvPieces(path, pieceBytes)) {
    const name = `${sqlName}.${piece}.csv`;
    session.registerFile(name, bytes);
    try {
      session.query(
        `${piece === 0 ? `CREATE TABLE ${sqlName} AS` : `INSERT INTO ${sqlName}`} SELECT * FROM read_csv(${sqlString(name)}, header = true, delim = ',', quote = '"', escape = '"'${options})`
      );
    } catch (error) {
      const message = (error as Error).message;
      throw new Error(
        before
          ? message.replace(
              /\bLine: (\d+)/,
              (_, n) => `Line: ${Number(n) + before}`
            )
          : message,
        { cause: error }
      );
    } finally {
      session.dropFile(name);
    }
    before = Number(
      session.query(`SELECT count(*) AS n FROM ${sqlName}`).toArray()[0].n
    );
    if (piece === 0 && !columns) {
      options = typed(columnsOf(session, sqlName));
    }
    piece++;
  }
  if (piece === 0) {
    throw new Error('the file is empty, without even a header');
  }
}

/** A dictionary table's columns and their DuckDB types. */
function dictionaryColumns(
  dictionary: SndsDictionary,
  name: string
): [string, string][] {
  return dictionary.table(name).columns.map(c => [c.name, duckdbType(c)]);
}

/** Loads one file as table `sqlName`; returns a failure line, or undefined. */
async function load(
  session: EngineSession,
  dir: string,
  file: string,
  sqlName: string,
  name: string,
  dictionary: SndsDictionary
): Promise<string | undefined> {
  const path = join(dir, file);
  const binary = file.endsWith('.arrow')
    ? 'Arrow'
    : file.endsWith('.parquet')
      ? 'Parquet'
      : undefined;
  try {
    if (binary === 'Arrow') {
      await loadArrow(session, sqlName, path);
    } else if (binary === 'Parquet') {
      loadParquet(session, sqlName, readFileSync(path));
    } else {
      const columns =
        name === DRUG_TABLE ? undefined : dictionaryColumns(dictionary, name);
      const header = columns && headerFailure(path, columns);
      if (header) {
        return `${file}: ${header}`;
      }
      loadCsv(session, sqlName, path, columns);
    }
    return undefined;
  } catch (error) {
    const why = firstLines((error as Error).message);
    return binary
      ? `${file}: not a readable ${binary} file (${why}); generate it again`
      : `${file}: does not load with the dictionary's columns and types (${why})`;
  }
}

/**
 * The start of an error message: DuckDB puts the line, the column and the value after the
 * first line, and the whole row, which can be long, on an "Original Line" of its own.
 */
function firstLines(message: string): string {
  const text = message
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('Original Line:'))
    .slice(0, 3)
    .join(' ');
  return text.length > 400 ? `${text.slice(0, 397)}...` : text;
}

/** Whether a CSV file's header names the dictionary's columns in order; a failure or undefined. */
function headerFailure(
  path: string,
  columns: [string, string][]
): string | undefined {
  const names = csvHeader(path);
  if (!names.length) {
    return 'the file is empty, without even a header; generate it again';
  }
  const want = columns.map(([c]) => c);
  const k = want.findIndex((c, i) => names[i] !== c);
  if (k < 0 && names.length === want.length) {
    return undefined;
  }
  const found =
    k < 0
      ? `${names.length - want.length} more column(s) after ${want[want.length - 1]}`
      : names[k] === undefined
        ? `no column ${k + 1} (${want[k]})`
        : `${names[k]} as column ${k + 1}, where the dictionary has ${want[k]}`;
  return `the header has ${found}; the first line must name the table's ${want.length} columns in the dictionary's order`;
}

/** The table's columns and types against the dictionary; a failure line or undefined. */
function columnsFailure(
  session: EngineSession,
  database: string,
  sqlName: string,
  name: string,
  dictionary: SndsDictionary
): string | undefined {
  if (name === DRUG_TABLE) {
    return undefined;
  }
  const have = columnsOf(session, sqlName, database).map(
    ([c, t]) => `${c} ${t}`
  );
  const want = dictionaryColumns(dictionary, name).map(([c, t]) => `${c} ${t}`);
  const missing = want.filter(w => !have.includes(w));
  return missing.length
    ? `${sqlName}: columns missing or of another type: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''}`
    : undefined;
}
