/**
 * Writes generated tables to files (`snds-synth generate --out DIR --format …`), Arrow and
 * Parquet read from DuckDB-WASM in slices of rows, CSV streamed by DuckDB's COPY, so a
 * table need not fit in one result.
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  writeSync
} from 'node:fs';
import { join } from 'node:path';
import type { EngineSession, PinnedReader } from '@snds-lab/engine';
import {
  Compression,
  Table as ParquetTable,
  transformParquetStream,
  WriterPropertiesBuilder,
  writeParquet,
  type WriterProperties
} from 'parquet-wasm';
import { quoteIdentifier } from '@snds-lab/schema';
import { columnsOf } from './table_columns.js';
import { SynthRequestError } from './runner.js';

export type DatasetFormat = 'csv' | 'arrow' | 'parquet';

/** Rows read from DuckDB-WASM at a time: ER_PRS_F takes about 1.7 KB a row as Arrow. */
export const SLICE_ROWS = 100_000;

/** Runs `read`, turning DuckDB-WASM running out of memory into a message with the way out. */
export function inWasmMemory<T>(name: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const message = String((error as Error).message ?? error);
    if (!/malloc|out of memory|Out of Memory/i.test(message)) {
      throw error;
    }
    throw new SynthRequestError(
      `${name} is too big to write out of DuckDB-WASM (${message}): generate datasets this big with python -m snds generate (native DuckDB), or ask for fewer patients or years.`
    );
  }
}

/** Writes tables to `out`, one file each (`.csv`, `.arrow` or `.parquet`); returns the rows. */
export async function writeDataset(
  session: EngineSession,
  tables: string[],
  out: string,
  format: DatasetFormat,
  sliceRows = SLICE_ROWS
): Promise<number> {
  mkdirSync(out, { recursive: true });
  // A reader of its own: DuckDB writes the IPC stream, since this package's apache-arrow
  // cannot serialise tables built by DuckDB's own copy of the library.
  const reader = session.pinnedReader(tables);
  const database = session.currentDatabase();
  let rows = 0;
  try {
    for (const name of tables) {
      const count = reader.rowCount(name);
      const path = join(out, `${name}.${format}`);
      await writeFileAtomically(path, async fd => {
        if (format === 'csv') {
          writeCsv(columnsOf(session, name, database), reader, name, fd, path);
          return;
        }
        // Arrow and Parquet read slices of row ids, up to the table's last.
        const end = reader.rowIdEnd(name);
        const slices = sliceIpc(reader, name, end, sliceRows);
        if (format === 'arrow') {
          writeArrow(slices, fd);
        } else {
          await writeParquetFile(
            name,
            slices,
            count,
            end > sliceRows,
            fd,
            sliceRows
          );
        }
      });
      rows += count;
    }
  } finally {
    reader.close();
  }
  return rows;
}

/**
 * A table's rows as Arrow IPC streams of `sliceRows` row ids each, up to `end`, its
 * rowIdEnd; at least one, for the schema. A range of row ids is read without scanning
 * the rows before it, as an OFFSET would.
 */
function* sliceIpc(
  reader: PinnedReader,
  name: string,
  end: number,
  sliceRows: number
): Generator<Uint8Array> {
  for (let from = 0; from === 0 || from < end; from += sliceRows) {
    yield inWasmMemory(name, () => reader.slice(name, from, sliceRows));
  }
}

/** Bytes copied at a time from the rows file of a CSV into the CSV. */
const COPY_BYTES = 4 * 1024 * 1024;

/**
 * CSV: a header of the column names, then the rows, strings quoted ("" for a quote in
 * them), NULL as an empty field. DuckDB writes the rows with COPY, streaming them to a
 * file beside (its header would quote the strings' names), which is then appended here.
 */
function writeCsv(
  columns: [string, string][],
  reader: PinnedReader,
  name: string,
  fd: number,
  path: string
): void {
  writeSync(fd, columns.map(([c]) => c).join(',') + '\n');
  const strings = columns.filter(([, t]) => t === 'VARCHAR');
  const quoted = strings.length
    ? `, FORCE_QUOTE (${strings.map(([c]) => quoteIdentifier(c)).join(', ')})`
    : '';
  const rows = `${path}.rows.part`;
  try {
    inWasmMemory(name, () =>
      reader.copyToFile(name, rows, `FORMAT csv, HEADER false${quoted}`)
    );
    appendFile(rows, fd);
  } finally {
    rmSync(rows, { force: true });
  }
}

/** Appends the bytes of the file `from` to `fd`, a piece at a time. */
function appendFile(from: string, fd: number): void {
  const source = openSync(from, 'r');
  try {
    const buffer = Buffer.allocUnsafe(COPY_BYTES);
    for (;;) {
      const n = readSync(source, buffer, 0, COPY_BYTES, null);
      if (n === 0) {
        return;
      }
      writeSync(fd, buffer, 0, n);
    }
  } finally {
    closeSync(source);
  }
}

/** The end-of-stream marker an IPC stream ends with: continuation, then length 0. */
const END_OF_STREAM = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

/** `ipc` without its end-of-stream marker. */
function withoutEnd(ipc: Uint8Array): Uint8Array {
  const end = ipc.byteLength - END_OF_STREAM.length;
  if (end < 0 || END_OF_STREAM.some((b, i) => ipc[end + i] !== b)) {
    throw new Error('Not an Arrow IPC stream: no end-of-stream marker.');
  }
  return ipc.subarray(0, end);
}

/** Bytes of the Schema message an IPC stream starts with: marker, length, metadata. */
function schemaBytes(ipc: Uint8Array): number {
  const view = new DataView(ipc.buffer, ipc.byteOffset, ipc.byteLength);
  if (view.getUint32(0, true) !== 0xffffffff) {
    throw new Error('Not an Arrow IPC stream: no continuation marker.');
  }
  return 8 + view.getInt32(4, true);
}

/**
 * One Arrow IPC stream from slices of the same table: the first slice's schema, every
 * slice's record batches, one end-of-stream marker.
 */
function writeArrow(slices: Iterable<Uint8Array>, fd: number): void {
  let first = true;
  for (const ipc of slices) {
    writeSync(fd, withoutEnd(ipc).subarray(first ? 0 : schemaBytes(ipc)));
    first = false;
  }
  writeSync(fd, END_OF_STREAM);
}

/** Parquet (Snappy) row groups as big as a slice. */
function parquetProperties(sliceRows: number): WriterProperties {
  return new WriterPropertiesBuilder()
    .setCompression(Compression.SNAPPY)
    .setMaxRowGroupSize(sliceRows)
    .build();
}

/**
 * Parquet through parquet-wasm: a table of one slice is written whole; a bigger one is
 * streamed, slice by slice, so parquet-wasm never holds more than a slice and a row group.
 */
async function writeParquetFile(
  name: string,
  slices: Iterator<Uint8Array>,
  count: number,
  streamed: boolean,
  fd: number,
  sliceRows: number
): Promise<void> {
  const properties = parquetProperties(sliceRows);
  if (!streamed) {
    const ipc = slices.next().value as Uint8Array;
    writeSync(
      fd,
      await inParquetWasm(name, () =>
        writeParquet(ParquetTable.fromIPCStream(ipc), properties)
      )
    );
    return;
  }
  // parquet-wasm ends its output normally when its input fails: the failure is kept
  // here and raised once the output has ended.
  let failure: unknown;
  let rows = 0;
  const batches = new ReadableStream({
    pull(controller) {
      try {
        // A pull that enqueues nothing is never followed by another: a slice without
        // rows (a range of deleted row ids) is skipped here.
        for (let enqueued = 0; enqueued === 0;) {
          const next = slices.next();
          if (next.done) {
            controller.close();
            return;
          }
          const table = ParquetTable.fromIPCStream(next.value);
          for (const batch of table.recordBatches()) {
            rows += batch.numRows;
            enqueued += batch.numRows;
            controller.enqueue(batch);
          }
          // The batches hold their own references: parquet-wasm's memory is freed
          // now rather than whenever the garbage collector gets to it.
          table.free();
        }
      } catch (error) {
        failure = error;
        controller.close();
      }
    }
  });
  try {
    const output = (
      await inParquetWasm(name, () =>
        transformParquetStream(batches, properties)
      )
    ).getReader();
    for (;;) {
      const chunk = await inParquetWasm(name, () => output.read());
      if (chunk.done) {
        break;
      }
      writeSync(fd, chunk.value as Uint8Array);
    }
  } catch (error) {
    throw failure ?? error;
  }
  if (failure) {
    throw failure;
  }
  if (rows !== count) {
    throw new Error(`${name}: ${rows} rows written as Parquet, not ${count}.`);
  }
}

/** What parquet-wasm, which has its own WebAssembly memory, fails at. */
function parquetError(name: string, error: unknown): SynthRequestError {
  return new SynthRequestError(
    `${name} could not be written as Parquet (${String((error as Error).message ?? error)}): use --format arrow or csv, or python -m snds generate --format parquet.`
  );
}

async function inParquetWasm<T>(
  name: string,
  write: () => T | Promise<T>
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw parquetError(name, error);
  }
}

/**
 * Writes `path` through `write` under a temporary name, renamed once complete: a failed
 * write leaves no file that looks whole.
 */
async function writeFileAtomically(
  path: string,
  write: (fd: number) => Promise<void>
): Promise<void> {
  const part = `${path}.part`;
  const fd = opened(part, path);
  try {
    await write(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(part, { force: true });
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(part, path);
  } catch (error) {
    rmSync(part, { force: true });
    throw writeError(path, error);
  }
}

/** `part` opened for writing `path`, or an error that says what is in the way. */
function opened(part: string, path: string): number {
  try {
    return openSync(part, 'w');
  } catch (error) {
    throw writeError(path, error);
  }
}

/** A file system error while writing `path`, as a message naming the file and the fix. */
function writeError(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'EEXIST'
      ? 'a folder of that name is in the way; move it, or choose another --out'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'the folder cannot be written to; choose another --out'
        : code === 'ENOSPC'
          ? 'the disk is full; free some space, or choose another --out'
          : (error as Error).message;
  return new Error(`cannot write ${path}: ${why}.`);
}
