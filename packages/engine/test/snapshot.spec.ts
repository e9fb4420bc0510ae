import { describe, expect, it } from 'vitest';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { ipcFileToStream, isWholeStream, quoteIdent } from '../src/snapshot.js';

describe('snapshot', () => {
  describe('#ipcFileToStream', () => {
    it('should give the stream that holds the same rows as the file', () => {
      const table = tableFromArrays({ n: Int32Array.from([1, 2, 3]) });
      const stream = ipcFileToStream(tableToIPC(table, 'file'));
      expect(tableFromIPC(stream).getChild('n')!.toArray()).toEqual(
        Int32Array.from([1, 2, 3])
      );
    });

    it('should refuse bytes that are not an Arrow IPC file', () => {
      const table = tableFromArrays({ n: Int32Array.from([1]) });
      expect(() => ipcFileToStream(tableToIPC(table, 'stream'))).toThrow(
        /Not an Arrow IPC file/
      );
    });
  });

  describe('#isWholeStream', () => {
    // Two record batches; the last body ends in zero padding (one Int32 in 8 bytes).
    const stream = (): Uint8Array => {
      const a = tableFromArrays({ n: Int32Array.from([1, 2, 3]) });
      const b = tableFromArrays({ n: Int32Array.from([4]) });
      return tableToIPC(a.concat(b), 'stream');
    };

    it('should take a stream up to its end marker', () => {
      expect(isWholeStream(stream())).toBe(true);
      const empty = tableFromArrays({ n: new Int32Array(0) });
      expect(isWholeStream(tableToIPC(empty, 'stream'))).toBe(true);
    });

    it('should refuse a stream cut between messages, though it ends in zeros', () => {
      const whole = stream();
      const cut = whole.subarray(0, whole.length - 8);
      expect(cut.subarray(cut.length - 4)).toEqual(new Uint8Array(4));
      expect(isWholeStream(cut)).toBe(false);
    });

    it('should refuse a stream cut inside a message, or bytes after its end', () => {
      const whole = stream();
      for (const n of [0, 4, 7, 20, whole.length - 9, whole.length - 1]) {
        expect(isWholeStream(whole.subarray(0, n))).toBe(false);
      }
      const longer = new Uint8Array(whole.length + 8);
      longer.set(whole);
      expect(isWholeStream(longer)).toBe(false);
    });

    it('should refuse bytes that are not an Arrow stream', () => {
      const table = tableFromArrays({ n: Int32Array.from([1]) });
      expect(isWholeStream(tableToIPC(table, 'file'))).toBe(false);
      expect(isWholeStream(new TextEncoder().encode('n\n1\n2\n'))).toBe(false);
    });
  });

  describe('#quoteIdent', () => {
    it('should double embedded quotes', () => {
      expect(quoteIdent('a"b')).toBe('"a""b"');
    });
  });
});
