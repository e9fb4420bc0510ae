import { describe, expect, it } from 'vitest';
import {
  RecordBatchStreamWriter,
  tableFromArrays,
  tableFromIPC,
  tableToIPC
} from 'apache-arrow';
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

    it('should take a stream with dictionary batches', () => {
      const words = tableFromArrays({ w: ['a', 'b', 'a'] });
      expect(words.schema.fields[0].type.toString()).toMatch(/Dictionary/);
      expect(isWholeStream(tableToIPC(words, 'stream'))).toBe(true);
    });

    it('should refuse, without throwing, a message whose lengths or offsets are damaged', () => {
      const whole = stream();
      const view = new DataView(whole.buffer, whole.byteOffset);
      // The first record batch follows the schema message, which has no body.
      const batch = 8 + view.getInt32(4, true);
      const base = batch + 8;
      const table = base + view.getUint32(base, true);
      const vtable = table - view.getInt32(table, true);
      const bodyLength = table + view.getUint16(vtable + 10, true);
      const length = view.getInt32(batch + 4, true);
      for (const body of [-BigInt(8 + length), -1n, 1n << 60n]) {
        const bad = whole.slice();
        new DataView(bad.buffer).setBigInt64(bodyLength, body, true);
        expect(isWholeStream(bad)).toBe(false);
      }
      for (const [at, value] of [
        [base, 0x7fffff00],
        [table, -0x7fffff00],
        [vtable, 0xfff0]
      ]) {
        const bad = whole.slice();
        const v = new DataView(bad.buffer);
        if (at === vtable) {
          v.setUint16(at, value, true);
        } else if (at === table) {
          v.setInt32(at, value, true);
        } else {
          v.setUint32(at, value, true);
        }
        expect(isWholeStream(bad)).toBe(false);
      }
    });

    it('should refuse the format before Arrow 0.15, which none of our writers uses', () => {
      const table = tableFromArrays({ n: Int32Array.from([1, 2, 3]) });
      const legacy = RecordBatchStreamWriter.writeAll(table, {
        writeLegacyIpcFormat: true
      }).toUint8Array(true);
      expect(tableFromIPC(legacy).numRows).toBe(3);
      expect(isWholeStream(legacy)).toBe(false);
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
