import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeSession } from '../src/node.js';
import type { EngineSession } from '../src/session.js';
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
