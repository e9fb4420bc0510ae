// Background saves of a dataset: they wait for an idle kernel, keep the tables
// as they were when asked, and a newer save replaces a pending one.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BackgroundKeeper, IdleGate } from '../src/background_keep.js';
import { openNodeSession } from '../src/node.js';
import type { EngineSession } from '../src/session.js';
import {
  clearDatasets,
  listEntries,
  restoreDataset
} from '../src/warm_cache.js';

const IDLE = 60;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

describe('BackgroundKeeper', () => {
  let session: EngineSession;
  const value = (sql: string) =>
    Number(session.query(sql).toArray()[0].toJSON().v);

  beforeAll(async () => {
    session = await openNodeSession();
  });
  afterAll(() => session?.close());
  beforeEach(async () => {
    await clearDatasets();
    session.query(
      'CREATE OR REPLACE TABLE people AS SELECT i AS id FROM range(1000) t(i)'
    );
    session.query('CREATE OR REPLACE TABLE visits AS SELECT 7 AS n');
  });

  it('should copy nothing while a cell runs, and keep the tables once idle', async () => {
    const gate = new IdleGate(IDLE);
    gate.cellStarted();
    const keeper = new BackgroundKeeper(gate);
    const outcome = keeper.keep(session, 'k', ['people', 'visits'], '{}');
    await sleep(300);
    expect(await listEntries()).toEqual([]);
    gate.cellFinished();
    const finished = performance.now();
    const result = await outcome;
    expect(result.state).toBe('kept');
    expect(performance.now() - finished).toBeGreaterThanOrEqual(IDLE - 5);
    expect((await listEntries()).map(e => e.key)).toEqual(['k']);
  });

  it('should keep the tables as they were when asked, not as changed since', async () => {
    const gate = new IdleGate(IDLE);
    gate.cellStarted();
    const keeper = new BackgroundKeeper(gate);
    const outcome = keeper.keep(session, 'k', ['people', 'visits'], '{}');
    // The learner's next cell replaces and changes the tables.
    session.query('CREATE OR REPLACE TABLE people AS SELECT 1 AS id');
    session.query('UPDATE visits SET n = 8');
    gate.cellFinished();
    expect((await outcome).state).toBe('kept');

    await restoreDataset(session, 'k');
    expect(value('SELECT count(*) AS v FROM people')).toBe(1000);
    expect(value('SELECT n AS v FROM visits')).toBe(7);
  });

  it('should cancel a pending save when a newer one starts', async () => {
    const gate = new IdleGate(IDLE);
    gate.cellStarted();
    const keeper = new BackgroundKeeper(gate);
    const first = keeper.keep(session, 'old', ['people'], '{}');
    const second = keeper.keep(session, 'new', ['visits'], '{}');
    expect((await first).state).toBe('cancelled');
    gate.cellFinished();
    expect((await second).state).toBe('kept');
    expect((await listEntries()).map(e => e.key)).toEqual(['new']);
  });

  it('should report a failure, never reject, when a table is missing', async () => {
    const keeper = new BackgroundKeeper(new IdleGate(IDLE));
    const outcome = await keeper.keep(session, 'k', ['people', 'nope'], '{}');
    expect(outcome).toEqual({
      state: 'failed',
      error: 'No table nope to keep: it was not created.'
    });
    expect(await listEntries()).toEqual([]);
  });
});
