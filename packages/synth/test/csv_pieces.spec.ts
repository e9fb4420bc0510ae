import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvHeader, csvPieces } from '../src/csv_pieces.js';

const dir = mkdtempSync(join(tmpdir(), 'snds-csv-pieces-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The pieces of `text` as strings, read `bytes` at a time. */
function pieces(text: string, bytes: number): string[] {
  const path = join(dir, 'f.csv');
  writeFileSync(path, text);
  return [...csvPieces(path, bytes)].map(p => Buffer.from(p).toString('utf8'));
}

describe('csvPieces', () => {
  it('should give whole rows under the header, whatever the block size', () => {
    const rows = Array.from({ length: 50 }, (_, i) => `${i},"r${i}"\n`);
    const text = 'n,s\n' + rows.join('');
    for (const bytes of [3, 7, 16, 64, 1 << 20]) {
      const got = pieces(text, bytes);
      expect(got.every(p => p.startsWith('n,s\n'))).toBe(true);
      expect(got.map(p => p.slice(4)).join('')).toBe(rows.join(''));
      if (bytes < 64) {
        expect(got.length).toBeGreaterThan(5);
      }
    }
  });

  it('should never cut a quoted value, even one with newlines and quotes', () => {
    const rows = ['1,"a\nb"\n', '2,"say ""hi""\n,\n"\n', '3,"x"\n', '4,""""\n'];
    const text = 'n,s\n' + rows.join('');
    for (const bytes of [1, 2, 5, 9]) {
      const got = pieces(text, bytes);
      const bodies = got.map(p => p.slice(4));
      expect(bodies.join('')).toBe(rows.join(''));
      // Each piece is made of whole rows.
      for (const body of bodies) {
        expect(rows.join('').includes(body)).toBe(true);
        expect(body.endsWith('\n')).toBe(true);
      }
    }
  });

  it('should keep a last row without a newline, a header alone, and nothing of nothing', () => {
    for (const bytes of [2, 1 << 20]) {
      const got = pieces('n\n1\n2', bytes);
      expect(got.every(p => p.startsWith('n\n'))).toBe(true);
      expect(got.map(p => p.slice(2)).join('')).toBe('1\n2');
    }
    expect(pieces('n,s\n', 2)).toEqual(['n,s\n']);
    expect(pieces('n,s', 2)).toEqual(['n,s']);
    expect(pieces('', 2)).toEqual([]);
  });
});

describe('csvHeader', () => {
  const header = (text: string): string[] => {
    const path = join(dir, 'h.csv');
    writeFileSync(path, text);
    return csvHeader(path);
  };

  it('should read the names of the first line, quoted or not', () => {
    expect(header('A,"B,C","D ""E""",F\r\n1,2,3,4\n')).toEqual([
      'A',
      'B,C',
      'D "E"',
      'F'
    ]);
    expect(header(`${'X'.repeat(70_000)},Y`)).toEqual([
      'X'.repeat(70_000),
      'Y'
    ]);
    expect(header('\uFEFFA,B\n')).toEqual(['A', 'B']);
    expect(header('')).toEqual([]);
  });
});
