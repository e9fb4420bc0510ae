import type { EngineSession } from '@snds-lab/engine';
import { openNodeSession } from '@snds-lab/engine/lib/node.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intSetSql } from '../src/int_set_sql.js';

describe('intSetSql', () => {
  let session: EngineSession;
  beforeAll(async () => {
    session = await openNodeSession();
  });
  afterAll(() => session.close());

  /** The values of 0..59 that the SQL takes, as DuckDB computes them. */
  const taken = (values: number[]): number[] =>
    session
      .query(
        `SELECT range AS v FROM range(60) WHERE ${intSetSql('range', values)} ORDER BY v`
      )
      .toArray()
      .map(r => Number(r.v));

  it('should write runs of consecutive values as ranges', () => {
    expect(intSetSql('atc_i', [7, 3, 4, 5, 9, 10, 4])).toBe(
      '(atc_i BETWEEN 3 AND 5 OR atc_i = 7 OR atc_i BETWEEN 9 AND 10)'
    );
    expect(intSetSql('atc_i', [12])).toBe('atc_i = 12');
    expect(intSetSql('atc_i', [])).toBe('false');
  });

  it('should take exactly the set, on DuckDB', () => {
    const sets = [
      [],
      [0],
      [59],
      [0, 1, 2, 3, 58, 59],
      [5, 7, 9, 11],
      Array.from({ length: 60 }, (_, k) => k)
    ];
    // And sets drawn at random from a fixed seed.
    let x = 12345;
    for (let s = 0; s < 20; s++) {
      const set: number[] = [];
      for (let v = 0; v < 60; v++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        if (x >>> 30 === 0) {
          set.push(v);
        }
      }
      sets.push(set);
    }
    for (const set of sets) {
      expect(taken(set)).toEqual([...new Set(set)].sort((a, b) => a - b));
    }
  });
});
