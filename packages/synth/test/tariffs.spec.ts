import type { EngineSession } from '@snds-lab/engine';
import { openNodeSession } from '@snds-lab/engine/lib/node.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tariffCents } from '../src/tariffs.js';

describe('tariffCents', () => {
  let session: EngineSession;
  beforeAll(async () => {
    session = await openNodeSession();
  });
  afterAll(() => session.close());

  /** The cents of a tariff on each day, as DuckDB computes them. */
  const centsOn = (
    tariff: number | Record<string, number>,
    days: string[]
  ): number[] =>
    session
      .query(
        `SELECT ${tariffCents(tariff, 'd')} AS c FROM (VALUES ${days.map(d => `(DATE '${d}')`).join(', ')}) t(d)`
      )
      .toArray()
      .map(r => Number(r.c));

  it('should give the price from the latest day not after the care, keys in any order', () => {
    const g = { '2023-11-01': 26.5, '2017-05-01': 25, '2024-12-22': 30 };
    expect(
      centsOn(g, [
        '2017-05-01',
        '2023-10-31',
        '2023-11-01',
        '2024-12-21',
        '2024-12-22',
        '2099-01-01'
      ])
    ).toEqual([2500, 2500, 2650, 2650, 3000, 3000]);
  });

  it('should give the first price before the first day, and one price for every day', () => {
    expect(
      centsOn({ '2017-05-01': 25, '2023-11-01': 26.5 }, ['2006-01-01'])
    ).toEqual([2500]);
    expect(tariffCents({ '2019-01-01': 3.15 }, 'd')).toBe('315');
    expect(tariffCents(25, 'd')).toBe('2500');
    expect(centsOn(0.27, ['2019-06-01'])).toEqual([27]);
  });
});
