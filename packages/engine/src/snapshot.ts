import { tableFromIPC, tableToIPC } from 'apache-arrow';

/**
 * A table's definition and rows as bytes, to keep generated data outside
 * the engine (the browser's IndexedDB) and load it back unchanged.
 */
export interface ITableSnapshot {
  name: string;
  /** DuckDB's own CREATE TABLE statement, so types come back exactly. */
  ddl: string;
  /** The rows as an Arrow IPC stream. */
  ipc: Uint8Array;
}

/** Double-quotes an identifier for SQL. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** Total bytes of the rows in `snapshots`. */
export function snapshotBytes(snapshots: ITableSnapshot[]): number {
  return snapshots.reduce((n, s) => n + s.ipc.byteLength, 0);
}

const MAGIC = 'ARROW1';
const SCHEMA = 1;

function hasMagic(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[at + i] !== MAGIC.charCodeAt(i)) {
      return false;
    }
  }
  return true;
}

const viewOf = (bytes: Uint8Array): DataView =>
  new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Field `k` of a flatbuffer Message: absent (its default), or out of its metadata. */
const ABSENT = 0;
const OUTSIDE = -1;

/**
 * Where field `k` (of `size` bytes) of the flatbuffer Message in metadata [base, end) is,
 * ABSENT, or OUTSIDE when an offset points out of the metadata (damaged bytes).
 */
function messageField(
  view: DataView,
  base: number,
  end: number,
  k: number,
  size: number
): number {
  const within = (at: number, size: number): boolean =>
    at >= base && at + size <= end;
  if (!within(base, 4)) {
    return OUTSIDE;
  }
  const table = base + view.getUint32(base, true);
  if (!within(table, 4)) {
    return OUTSIDE;
  }
  const vtable = table - view.getInt32(table, true);
  const slots = within(vtable, 4) ? view.getUint16(vtable, true) : 0;
  if (slots < 4 || !within(vtable, slots)) {
    return OUTSIDE;
  }
  if (slots < 6 + 2 * k) {
    return ABSENT;
  }
  const field = view.getUint16(vtable + 4 + 2 * k, true);
  if (field === 0) {
    return ABSENT;
  }
  return within(table + field, size) ? table + field : OUTSIDE;
}

/** The header type (1 = Schema) of the IPC message at `at`, or -1. */
function messageType(bytes: Uint8Array, at: number): number {
  const view = viewOf(bytes);
  if (at + 16 > bytes.byteLength || view.getUint32(at, true) !== 0xffffffff) {
    return -1;
  }
  const end = Math.min(bytes.byteLength, at + 8 + view.getInt32(at + 4, true));
  // Field 1 of a Message: header_type, a byte.
  const field = messageField(view, at + 8, end, 1, 1);
  if (field === OUTSIDE) {
    return -1;
  }
  return field === ABSENT ? 0 : view.getUint8(field);
}

/**
 * Whether `bytes` are a whole Arrow IPC stream: messages (each a continuation mark, its
 * metadata's length, the metadata and a body of the length it gives) up to the end marker,
 * which ends the bytes. A stream cut between two messages keeps every message whole, so
 * only the walk to the end marker tells. The format before Arrow 0.15, without continuation
 * marks, is not taken: none of the writers here uses it.
 */
export function isWholeStream(bytes: Uint8Array): boolean {
  const view = viewOf(bytes);
  const n = bytes.byteLength;
  let at = 0;
  while (at + 8 <= n && view.getUint32(at, true) === 0xffffffff) {
    const length = view.getInt32(at + 4, true);
    if (length === 0) {
      return at + 8 === n;
    }
    const end = at + 8 + length;
    if (length < 0 || end > n) {
      return false;
    }
    // Field 3 of a Message: bodyLength, a long.
    const field = messageField(view, at + 8, end, 3, 8);
    if (field === OUTSIDE) {
      return false;
    }
    const body = field === ABSENT ? 0 : Number(view.getBigInt64(field, true));
    if (body < 0 || !Number.isSafeInteger(body)) {
      return false;
    }
    at = end + body;
  }
  return false;
}

/**
 * The IPC stream inside an Arrow IPC file, which is what DuckDB-WASM's IPC
 * insert reads. DuckDB writes its files as `ARROW1` + padding, the stream
 * (schema first, end marker last), the footer, the footer's length and
 * `ARROW1`: the stream is copied out as is. Files laid out otherwise (Arrow
 * JS writes the schema only in the footer) are decoded and written again.
 */
export function ipcFileToStream(file: Uint8Array): Uint8Array {
  const n = file.byteLength;
  if (n < 22 || !hasMagic(file, 0) || !hasMagic(file, n - 6)) {
    throw new Error('Not an Arrow IPC file: no ARROW1 marks at its ends.');
  }
  const footer = viewOf(file).getInt32(n - 10, true);
  const end = n - 10 - footer;
  if (footer < 0 || end < 8) {
    throw new Error('Not an Arrow IPC file: its footer length is wrong.');
  }
  if (messageType(file, 8) === SCHEMA) {
    return file.slice(8, end);
  }
  return tableToIPC(tableFromIPC(file), 'stream');
}
