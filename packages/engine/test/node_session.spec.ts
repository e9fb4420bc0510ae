import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeSession } from '../src/node.js';
import { SESSION_DATABASE, type EngineSession } from '../src/session.js';
import { EngineError } from '../src/errors.js';
import { testQueries } from './engine_cases.js';
import { testSnapshots } from './snapshot_cases.js';

describe('EngineSession (Node)', () => {
  let session: EngineSession;
  beforeAll(async () => {
    session = await openNodeSession();
  });
  afterAll(() => session?.close());

  testQueries(() => session);
  testSnapshots(() => session);

  describe('storage', () => {
    it('should keep tables in the compressed database, a fraction of their raw size', () => {
      const scalar = (sql: string): unknown =>
        session.query(sql).toArray()[0].toJSON().v;
      expect(scalar('SELECT current_database() AS v')).toBe(SESSION_DATABASE);
      // 2 million rows of codes and dates: about 50 MB raw, a few MB compressed.
      session.query(
        `CREATE OR REPLACE TABLE stored AS SELECT range AS id, 'CODE' || (range % 50) AS code,
          DATE '2019-01-01' + CAST(range % 365 AS INTEGER) AS d FROM range(2000000)`
      );
      const bytes = Number(
        scalar(
          "SELECT sum(memory_usage_bytes) AS v FROM duckdb_memory() WHERE tag = 'IN_MEMORY_TABLE'"
        )
      );
      expect(bytes).toBeGreaterThan(0);
      expect(bytes).toBeLessThan(20e6);
      const [kept] = session.snapshotTables(['stored']);
      expect(kept.ddl).toMatch(/^CREATE TABLE "?stored"?\(/);
      session.query('DROP TABLE stored');
    });
  });

  describe('PinnedReader#copyToFile', () => {
    it("should write a table's rows as they were when the reader opened, to a file", () => {
      session.query(
        "CREATE OR REPLACE TABLE copied AS SELECT range AS n, 'a\"' || range AS s FROM range(3)"
      );
      const reader = session.pinnedReader(['copied']);
      const dir = mkdtempSync(join(tmpdir(), 'snds-engine-copy-'));
      try {
        session.query('INSERT INTO copied VALUES (99, NULL)');
        const path = join(dir, "it's.csv");
        reader.copyToFile('copied', path, 'FORMAT csv, HEADER false');
        expect(readFileSync(path, 'utf8')).toBe(
          '0,"a""0"\n1,"a""1"\n2,"a""2"\n'
        );
        expect(() =>
          reader.copyToFile('copied', join(dir, 'no', 'x.csv'), 'FORMAT csv')
        ).toThrow(EngineError);
        expect(() => reader.copyToFile('other', path, 'FORMAT csv')).toThrow(
          'Table other cannot be read: it was not asked for.'
        );
      } finally {
        reader.close();
        rmSync(dir, { recursive: true, force: true });
        session.query('DROP TABLE copied');
      }
    });
  });

  describe('#close', () => {
    it('should refuse queries once closed, with a clear message', async () => {
      const other = await openNodeSession();
      other.close();
      expect(other.closed).toBe(true);
      expect(() => other.query('select 1')).toThrow(EngineError);
      expect(() => other.query('select 1')).toThrow(/closed/);
    });
  });
});
