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

/** The header type (1 = Schema) of the IPC message at `at`, or -1. */
function messageType(bytes: Uint8Array, at: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (at + 16 > bytes.byteLength || view.getUint32(at, true) !== 0xffffffff) {
    return -1;
  }
  // A flatbuffer Message: root table, its vtable, field 1 (header_type).
  const base = at + 8;
  const table = base + view.getUint32(base, true);
  const vtable = table - view.getInt32(table, true);
  if (view.getUint16(vtable, true) < 8) {
    return 0;
  }
  const field = view.getUint16(vtable + 6, true);
  return field === 0 ? 0 : view.getUint8(table + field);
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
  const footer = new DataView(file.buffer, file.byteOffset).getInt32(
    n - 10,
    true
  );
  const end = n - 10 - footer;
  if (footer < 0 || end < 8) {
    throw new Error('Not an Arrow IPC file: its footer length is wrong.');
  }
  if (messageType(file, 8) === SCHEMA) {
    return file.slice(8, end);
  }
  return tableToIPC(tableFromIPC(file), 'stream');
}
