/** A small RFC 4180 reader for the nomenclature CSV files (semicolon-separated, UTF-8). */

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

/**
 * Parses `text` into rows of cells. Quoted cells may hold the separator, doubled quotes and line
 * breaks. A UTF-8 byte-order mark and a final empty line are ignored.
 */
export function parseCsv(text: string, separator = ';'): string[][] {
  const rows: string[][] = [];
  const sep = separator.charCodeAt(0);
  const QUOTE = 34;
  const CR = 13;
  const LF = 10;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  let row: string[] = [];
  while (i <= n) {
    if (i === n) {
      // End of input right after a separator or a line break.
      if (row.length > 0) {
        row.push('');
        rows.push(row);
      }
      break;
    }
    let cell: string;
    if (text.charCodeAt(i) === QUOTE) {
      const startLine = line;
      let j = i + 1;
      let value = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          throw new CsvSyntaxError(
            `quoted cell opened on line ${startLine} is never closed`,
            startLine
          );
        }
        const chunk = text.slice(j, q);
        for (let k = 0; k < chunk.length; k++) {
          if (chunk.charCodeAt(k) === LF) {
            line++;
          }
        }
        value += chunk;
        if (text.charCodeAt(q + 1) === QUOTE) {
          value += '"';
          j = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      cell = value;
      const next = i < n ? text.charCodeAt(i) : -1;
      if (next !== -1 && next !== sep && next !== CR && next !== LF) {
        throw new CsvSyntaxError(
          `unexpected character after a quoted cell on line ${line}`,
          line
        );
      }
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === sep || c === CR || c === LF) {
          break;
        }
        j++;
      }
      cell = text.slice(i, j);
      i = j;
    }
    row.push(cell);
    if (i >= n) {
      rows.push(row);
      break;
    }
    const c = text.charCodeAt(i);
    if (c === sep) {
      i++;
      continue;
    }
    // Line break: CRLF or LF.
    i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    line++;
    rows.push(row);
    row = [];
    if (i >= n) {
      break;
    }
  }
  return rows;
}
