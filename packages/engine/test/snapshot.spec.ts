import { describe, expect, it } from 'vitest';
import { tableFromArrays, tableFromIPC, tableToIPC } from 'apache-arrow';
import { ipcFileToStream, quoteIdent } from '../src/snapshot.js';

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

  describe('#quoteIdent', () => {
    it('should double embedded quotes', () => {
      expect(quoteIdent('a"b')).toBe('"a""b"');
    });
  });
});
