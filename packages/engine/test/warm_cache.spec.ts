// The warm-start cache against an in-memory IndexedDB (fake-indexeddb) and a
// real DuckDB session: tables larger than one chunk come back unchanged.
// Chunks are 64 KB here: fake-indexeddb copies values slowly.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openNodeSession } from '../src/node.js';
import type { EngineSession } from '../src/session.js';
import {
  clearDatasets,
  WARM_CACHE_DB,
  joinChunks,
  listEntries,
  MAX_ENTRIES,
  restoreDataset,
  saveDataset,
  splitSnapshot
} from '../src/warm_cache.js';

describe('warm cache', () => {
  let session: EngineSession;
  beforeAll(async () => {
    session = await openNodeSession();
    // ~1 MB of rows: the big table spans several chunks.
    session.query(
      `CREATE TABLE big AS SELECT i AS id, repeat('x', 40) || i AS label FROM range(20000) t(i)`
    );
    session.query(`CREATE TABLE small AS SELECT 1::TINYINT AS one`);
  });
  afterAll(() => session?.close());
  beforeEach(() => clearDatasets());

  const CHUNK = 64 * 1024;
  const row = (sql: string) => session.query(sql).toArray()[0].toJSON();
  const count = (table: string) =>
    row(`SELECT COUNT(*)::INTEGER AS n FROM ${table}`).n;
  const SUMMARY = 'SELECT SUM(id)::VARCHAR AS s, MAX(label) AS m FROM big';

  describe('#splitSnapshot', () => {
    it('should cut rows into chunks of at most chunkBytes and join them back', () => {
      const ipc = new Uint8Array(2 * CHUNK + 5).map((_, i) => i % 251);
      const table = { name: 't', ddl: 'CREATE TABLE t()', ipc };
      const chunks = splitSnapshot(table, CHUNK);
      expect(chunks.map(c => c.ipc.byteLength)).toEqual([CHUNK, CHUNK, 5]);
      expect(joinChunks(chunks).ipc).toEqual(ipc);
      expect(() => joinChunks(chunks.slice(1))).toThrow(/incomplete/);
    });
  });

  describe('#saveDataset', () => {
    it('should keep tables larger than a chunk and restore them unchanged', async () => {
      const before = row(SUMMARY);
      const saved = await saveDataset(session, 'k1', ['big', 'small'], '{}', {
        chunkBytes: CHUNK
      });
      expect(saved.bytes).toBeGreaterThan(4 * CHUNK);
      expect(saved.tables).toBe(2);
      session.query('DROP TABLE big');
      session.query('DROP TABLE small');

      const restored = await restoreDataset(session, 'k1');
      expect(restored?.key).toBe('k1');
      expect(count('big')).toBe(20000);
      expect(count('small')).toBe(1);
      expect(row(SUMMARY)).toEqual(before);
    });

    it('should replace what was kept under the same key', async () => {
      await saveDataset(session, 'k1', ['big', 'small'], '{"v":1}');
      await saveDataset(session, 'k1', ['small'], '{"v":2}');
      const entries = await listEntries();
      expect(entries.map(e => [e.key, e.meta, e.tables])).toEqual([
        ['k1', '{"v":2}', 1]
      ]);
      const restored = await restoreDataset(session, 'k1');
      expect(restored?.tables).toBe(1);
    });

    it('should drop the least recently used datasets beyond MAX_ENTRIES', async () => {
      for (let i = 0; i <= MAX_ENTRIES; i++) {
        await saveDataset(session, `k${i}`, ['small'], '{}');
        await new Promise(r => setTimeout(r, 2));
      }
      const keys = (await listEntries()).map(e => e.key);
      expect(keys).toHaveLength(MAX_ENTRIES);
      expect(keys).not.toContain('k0');
      expect(await restoreDataset(session, 'k0')).toBeNull();
    });

    it('should keep nothing when a table is missing, and say which', async () => {
      await expect(
        saveDataset(session, 'k9', ['small', 'no_such_table'], '{}')
      ).rejects.toThrow(/no_such_table/);
      expect(await listEntries()).toEqual([]);
    });
  });

  describe('#restoreDataset', () => {
    it('should resolve to null for a key never kept', async () => {
      expect(await restoreDataset(session, 'never')).toBeNull();
    });

    /** Changes the stored chunks of `key` in place. */
    const alterChunks = async (
      key: string,
      part: number,
      change: (
        chunks: IDBObjectStore,
        at: IDBValidKey,
        chunk: { ipc: Uint8Array }
      ) => void
    ): Promise<void> => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open(WARM_CACHE_DB);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      try {
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('chunks', 'readwrite');
          const chunks = tx.objectStore('chunks');
          const at = [key, 0, part];
          const get = chunks.get(at);
          get.onsuccess = () => change(chunks, at, get.result);
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
          tx.onabort = () => reject(tx.error ?? new Error('aborted'));
        });
      } finally {
        db.close();
      }
    };

    it('should forget an entry whose rows are cut short, leaving the session as it was', async () => {
      session.query(
        'CREATE OR REPLACE TABLE kept_one AS SELECT 1::TINYINT AS one'
      );
      await saveDataset(session, 'k1', ['kept_one'], '{}');
      // The rows lose their end marker, as a write cut short would leave them.
      await alterChunks('k1', 0, (chunks, at, chunk) =>
        chunks.put({ ...chunk, ipc: chunk.ipc.slice(0, -8) }, at)
      );
      session.query(
        'CREATE OR REPLACE TABLE kept_one AS SELECT 2::TINYINT AS one'
      );

      await expect(restoreDataset(session, 'k1')).rejects.toThrow(
        /kept dataset damaged: the rows of kept_one are cut short; it is forgotten/
      );
      expect(row('SELECT one FROM kept_one')).toEqual({ one: 2 });
      expect(await listEntries()).toEqual([]);
      expect(await restoreDataset(session, 'k1')).toBeNull();
    });

    it('should forget an entry with a chunk missing', async () => {
      await saveDataset(session, 'k1', ['small'], '{}');
      await alterChunks('k1', 0, (chunks, at) => chunks.delete(at));
      await expect(restoreDataset(session, 'k1')).rejects.toThrow(
        /kept dataset damaged: table 1 of 1 is incomplete/
      );
      expect(await listEntries()).toEqual([]);
    });

    it('should forget a table of several chunks with one missing or the last cut short', async () => {
      const saved = await saveDataset(session, 'k1', ['big'], '{}', {
        chunkBytes: CHUNK
      });
      expect(saved.bytes).toBeGreaterThan(3 * CHUNK);
      await alterChunks('k1', 1, (chunks, at) => chunks.delete(at));
      await expect(restoreDataset(session, 'k1')).rejects.toThrow(
        /table 1 of 1 is incomplete/
      );
      await saveDataset(session, 'k2', ['big'], '{}', { chunkBytes: CHUNK });
      const last = Math.ceil(saved.bytes / CHUNK) - 1;
      await alterChunks('k2', last, (chunks, at, chunk) =>
        chunks.put({ ...chunk, ipc: chunk.ipc.slice(0, -8) }, at)
      );
      await expect(restoreDataset(session, 'k2')).rejects.toThrow(
        /the rows of big are cut short/
      );
      expect(await listEntries()).toEqual([]);
      expect(count('big')).toBe(20000);
    });

    it('should keep an entry that fails to load for another reason', async () => {
      session.query('CREATE OR REPLACE TABLE kept_two AS SELECT 3 AS three');
      await saveDataset(session, 'k1', ['kept_two'], '{}');
      // A view of the table's name: the restore cannot replace it.
      session.query('DROP TABLE kept_two');
      session.query('CREATE VIEW kept_two AS SELECT 4 AS three');
      try {
        await expect(restoreDataset(session, 'k1')).rejects.toThrow();
        expect((await listEntries()).map(e => e.key)).toEqual(['k1']);
      } finally {
        session.query('DROP VIEW kept_two');
      }
      expect((await restoreDataset(session, 'k1'))?.key).toBe('k1');
      expect(row('SELECT three FROM kept_two')).toEqual({ three: 3 });
    });
  });
});
