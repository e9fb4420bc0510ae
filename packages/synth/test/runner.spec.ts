import { describe, expect, it } from 'vitest';
import { render } from '../src/runner.js';

describe('render', () => {
  it('should drop the parts for longer periods and keep the others', () => {
    const sql =
      'CASE WHEN a THEN 0 /*years>1*/WHEN b THEN {{nyears}} /*end*/ /*years>2*/WHEN c THEN 2 /*end*/END';
    const options = (years: number[]) => ({ patients: 100, seed: 0, years });
    expect(render(sql, options([2019]))).toBe('CASE WHEN a THEN 0  END');
    expect(render(sql, options([2019, 2020]))).toBe(
      'CASE WHEN a THEN 0 /*years>1*/WHEN b THEN 2 /*end*/ END'
    );
    expect(render(sql, options([2019, 2020, 2021]))).toContain('WHEN c THEN 2');
  });
});
