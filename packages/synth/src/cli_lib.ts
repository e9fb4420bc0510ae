/** Helpers of the CLI that tests import without running it. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineSession } from '@snds-lab/engine';
import {
  Compression,
  Table as ParquetTable,
  WriterPropertiesBuilder,
  writeParquet
} from 'parquet-wasm';
import { checksumSql } from './checksum.js';
import { columnsOf } from './table_columns.js';
import { SESSION_DATABASE } from '@snds-lab/engine';
import {
  parseMemory,
  SynthRequestError,
  type IEngineMemory
} from './runner.js';

/** The room an engine session gives a generation (runProgram's `memory`). */
export function sessionMemory(session: EngineSession): IEngineMemory {
  const row = session
    .query(
      "SELECT current_setting('memory_limit') AS m, current_database() AS d"
    )
    .toArray()[0];
  return {
    limit: parseMemory(String(row.m)),
    wasm: true,
    compressed: String(row.d) === SESSION_DATABASE
  };
}

export function tableChecksums(
  session: EngineSession,
  tables: string[]
): Record<string, [number, string]> {
  const out: Record<string, [number, string]> = {};
  for (const table of tables) {
    const columns = columnsOf(session, table);
    const row = session.query(checksumSql(table, columns)).toArray()[0];
    out[table] = [Number(row.n), String(row.sum)];
  }
  return out;
}

/** One table as CSV text: header, strings quoted, NULL as an empty field. */
export function csvOf(session: EngineSession, table: string): string {
  const columns = columnsOf(session, table);
  const header = columns.map(([c]) => c).join(',');
  const cells = columns.map(([c, t]) =>
    t === 'VARCHAR'
      ? `coalesce('"' || replace("${c}", '"', '""') || '"', '')`
      : `coalesce(CAST("${c}" AS VARCHAR), '')`
  );
  const lines = session
    .query(`SELECT concat_ws(',', ${cells.join(', ')}) AS line FROM ${table}`)
    .getChild('line')!
    .toArray() as string[];
  return [header, ...lines].join('\n') + '\n';
}

export type DatasetFormat = 'csv' | 'arrow' | 'parquet';

/** A table's Arrow IPC stream as a Parquet file (Snappy), written by parquet-wasm. */
export function parquetOf(ipc: Uint8Array): Uint8Array {
  const properties = new WriterPropertiesBuilder()
    .setCompression(Compression.SNAPPY)
    .build();
  return writeParquet(ParquetTable.fromIPCStream(ipc), properties);
}

/** Runs `write`, turning DuckDB-WASM running out of memory into a message with the way out. */
export function inWasmMemory<T>(name: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    const message = String((error as Error).message ?? error);
    if (!/malloc|out of memory|Out of Memory/i.test(message)) {
      throw error;
    }
    // A table is written from one result, which must fit in DuckDB-WASM's memory.
    throw new SynthRequestError(
      `${name} is too big to write from DuckDB-WASM in one piece (${message}): generate datasets this big with python -m snds generate (native DuckDB), or ask for fewer patients or years.`
    );
  }
}

function parquetFile(name: string, ipc: Uint8Array): Uint8Array {
  try {
    return parquetOf(ipc);
  } catch (error) {
    // parquet-wasm holds a whole table in its own WebAssembly memory.
    throw new SynthRequestError(
      `${name} could not be written as Parquet (${String((error as Error).message ?? error)}): use --format arrow or csv, or python -m snds generate --format parquet for datasets this big.`
    );
  }
}

/** Writes tables to `out`, one file each (`.csv`, `.arrow` or `.parquet`); returns the rows. */
export function writeDataset(
  session: EngineSession,
  tables: string[],
  out: string,
  format: DatasetFormat
): number {
  mkdirSync(out, { recursive: true });
  // The IPC stream DuckDB writes: this package's apache-arrow cannot serialise tables
  // built by DuckDB's own copy of the library (it wrote empty files).
  const reader = format === 'csv' ? null : session.pinnedReader(tables);
  let rows = 0;
  try {
    for (const name of tables) {
      if (reader) {
        rows += Number(
          session.query(`SELECT count(*) AS n FROM ${name}`).toArray()[0].n
        );
        const { ipc } = inWasmMemory(name, () => reader.snapshot(name));
        writeFileSync(
          join(out, `${name}.${format}`),
          format === 'parquet' ? parquetFile(name, ipc) : ipc
        );
      } else {
        const text = inWasmMemory(name, () => csvOf(session, name));
        rows += text.split('\n').length - 2;
        writeFileSync(join(out, `${name}.csv`), text);
      }
    }
  } finally {
    reader?.close();
  }
  return rows;
}

/** The `--name value` options each command takes; `check` also takes its folder. */
export const COMMAND_OPTIONS = {
  generate: [
    'patients',
    'seed',
    'years',
    'products',
    'out',
    'format',
    'profiles'
  ],
  checksum: ['patients', 'seed', 'years', 'products', 'profiles'],
  check: ['profiles']
} as const;

export type CliCommand = keyof typeof COMMAND_OPTIONS;

export interface IParsedArgs {
  options: Map<string, string>;
  positional: string[];
}

/**
 * Reads `--name value` pairs, refusing what the command does not take: a mistyped
 * `--patient 5000` must not quietly generate the default size.
 */
export function parseArgs(command: CliCommand, args: string[]): IParsedArgs {
  const known: readonly string[] = COMMAND_OPTIONS[command];
  const list = known.map(o => `--${o}`).join(', ');
  const options = new Map<string, string>();
  const positional: string[] = [];
  for (let k = 0; k < args.length; k++) {
    const arg = args[k];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    const [key, given] = name.split(/=(.*)/s);
    if (given !== undefined && known.includes(key)) {
      throw new SynthRequestError(
        `write --${key} ${given}: a space between the option and its value, not "=".`
      );
    }
    if (!known.includes(name)) {
      throw new SynthRequestError(
        `${command} does not take ${arg}; its options are ${list}.`
      );
    }
    const value = args[k + 1];
    if (value === undefined || value.startsWith('--')) {
      throw new SynthRequestError(`${arg} needs a value.`);
    }
    if (options.has(name)) {
      throw new SynthRequestError(`${arg} is given twice; give it once.`);
    }
    options.set(name, value);
    k++;
  }
  const folders = command === 'check' ? 1 : 0;
  if (positional.length > folders) {
    throw new SynthRequestError(
      `${command} does not take "${positional[folders]}"; its options are ${list}.`
    );
  }
  return { options, positional };
}
