import { describe, expect, it } from 'vitest';
import { firstCoursePpm } from '../src/core_model.js';

describe('first courses of the treatments outside the conditions', () => {
  it('makes f of the new users at each age, with those who start for good', () => {
    // 10% users at every age, a new draw every 10 years: 0.9 * 10% / 10 = 0.9% start for good
    // a year, among the 90% not on it; first courses for 40% of new users are 0.6%.
    const ppm = firstCoursePpm([10, 10, 10], 10, 0.4);
    const started = 0.009;
    const courses = ppm[1] / 1e6;
    expect((courses * 0.9) / (courses * 0.9 + started)).toBeCloseTo(0.4, 4);
    // A share rising with age brings more starters, so more first courses.
    const rising = firstCoursePpm([10, 12, 14], 10, 0.4);
    expect(rising[1]).toBeGreaterThan(ppm[1]);
    // None without users, and never above certainty where nearly everyone takes it.
    expect(firstCoursePpm([0, 0], 5, 0.5)).toEqual([0, 0]);
    expect(Math.max(...firstCoursePpm([50, 99, 100], 2, 0.9))).toBe(1e6);
  });
});
