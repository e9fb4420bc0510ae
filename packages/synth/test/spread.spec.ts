import { describe, expect, it } from 'vitest';
import { gammaQuantiles, SPREAD_SLOTS } from '../src/spread.js';

describe('gammaQuantiles', () => {
  it('should give the quantiles of the exponential law for shape 1', () => {
    const q = gammaQuantiles(1);
    expect(q).toHaveLength(SPREAD_SLOTS);
    for (const i of [0, 100, 512, 1000, SPREAD_SLOTS - 1]) {
      const p = (i + 0.5) / SPREAD_SLOTS;
      expect(q[i]).toBeCloseTo(-Math.log(1 - p), 5);
    }
  });

  it('should give the quantiles of a gamma law of shape 2 and mean 1', () => {
    const q = gammaQuantiles(2, 64);
    // Shape 2, mean 1: P(X <= x) = 1 - exp(-2x)(1 + 2x).
    q.forEach((x, i) => {
      expect(1 - Math.exp(-2 * x) * (1 + 2 * x)).toBeCloseTo((i + 0.5) / 64, 5);
    });
  });

  it('should keep a mean of about 1 and spread more as the shape falls', () => {
    const mean = (v: number[]): number =>
      v.reduce((a, b) => a + b, 0) / v.length;
    const narrow = gammaQuantiles(4);
    const wide = gammaQuantiles(0.5);
    expect(mean(narrow)).toBeCloseTo(1, 2);
    expect(mean(wide)).toBeCloseTo(1, 2);
    // Below a fifth of the mean: few draws of shape 4, about a third of shape 0.5.
    const low = (v: number[]): number =>
      v.filter(x => x < 0.2).length / v.length;
    expect(low(narrow)).toBeLessThan(0.01);
    expect(low(wide)).toBeGreaterThan(0.3);
    expect(Math.max(...wide)).toBeGreaterThan(Math.max(...narrow));
    expect([...wide].sort((a, b) => a - b)).toEqual(wide);
  });

  it('should refuse a shape that is not a number above 0', () => {
    for (const shape of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => gammaQuantiles(shape)).toThrow(/gamma shape/);
    }
  });
});
