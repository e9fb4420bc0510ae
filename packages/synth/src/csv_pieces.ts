/**
 * A CSV file in pieces of whole rows, each with the header, so DuckDB-WASM reads a file of
 * any size from memory a piece at a time (`snds-synth check`), and its header's names.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes read at a time, and so about the most rows a piece holds. */
export const CSV_PIECE_BYTES = 64 * 1024 * 1024;

const NEWLINE = 0x0a;
const QUOTE = 0x22;

/**
 * The pieces of the CSV file at `path`: its header line, then whole rows. A row ends at a
 * newline outside quotes ("" inside quotes is a quote). A file of a header alone gives the
 * header; an empty file gives nothing.
 */
export function* csvPieces(
  path: string,
  pieceBytes = CSV_PIECE_BYTES
): Generator<Uint8Array> {
  const fd = openSync(path, 'r');
  try {
    const block = new Uint8Array(pieceBytes);
    let header: Uint8Array | null = null;
    let pending: Uint8Array = new Uint8Array(0);
    // How far `pending` was scanned, whether that point is inside quotes, and the end of
    // its last whole row.
    let scanned = 0;
    let inQuotes = false;
    let lastRowEnd = -1;
    let pieces = 0;
    for (;;) {
      const n = readSync(fd, block, 0, pieceBytes, null);
      pending = concat(pending, block.subarray(0, n));
      if (header === null) {
        const end = pending.indexOf(NEWLINE);
        if (end < 0) {
          if (n === 0) {
            if (pending.length > 0) {
              yield pending;
            }
            return;
          }
          continue;
        }
        header = pending.slice(0, end + 1);
        pending = pending.slice(end + 1);
      }
      for (let i = scanned; i < pending.length; i++) {
        if (pending[i] === QUOTE) {
          inQuotes = !inQuotes;
        } else if (pending[i] === NEWLINE && !inQuotes) {
          lastRowEnd = i;
        }
      }
      scanned = pending.length;
      if (n === 0) {
        if (pending.length > 0 || pieces === 0) {
          yield concat(header, pending);
        }
        return;
      }
      if (lastRowEnd >= 0) {
        yield concat(header, pending.subarray(0, lastRowEnd + 1));
        pieces++;
        pending = pending.slice(lastRowEnd + 1);
        scanned = pending.length;
        lastRowEnd = -1;
      }
    }
  } finally {
    closeSync(fd);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** A CSV file's first line as column names. */
export function csvHeader(path: string): string[] {
  const fd = openSync(path, 'r');
  const chunks: Buffer[] = [];
  try {
    const buffer = Buffer.alloc(1 << 16);
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      const chunk = buffer.subarray(0, n);
      const end = chunk.indexOf(NEWLINE);
      chunks.push(Buffer.from(end < 0 ? chunk : chunk.subarray(0, end)));
      if (n === 0 || end >= 0) {
        break;
      }
    }
  } finally {
    closeSync(fd);
  }
  // A spreadsheet may write a byte-order mark first.
  const line = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .replace(/\r$/, '');
  const names: string[] = [];
  let name = '';
  let quoted = false;
  for (let k = 0; k < line.length; k++) {
    const c = line[k];
    if (quoted && c === '"' && line[k + 1] === '"') {
      name += '"';
      k++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (c === ',' && !quoted) {
      names.push(name);
      name = '';
    } else {
      name += c;
    }
  }
  return line ? [...names, name] : [];
}
