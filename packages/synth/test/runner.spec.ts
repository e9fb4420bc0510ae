import { describe, expect, it } from 'vitest';
import type { IProgramStep } from '../src/compile.js';
import { estimateBytes, render } from '../src/runner.js';

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

  it('should name the year t after the first by {{yy+t}}, whatever the year being made', () => {
    const options = { patients: 100, seed: 0, years: [2099, 2100, 2101] };
    expect(
      render('_stay_{{yy+0}} _stay_{{yy+1}} _stay_{{yy+2}}', options)
    ).toBe('_stay_99 _stay_00 _stay_01');
    expect(render('_stay_{{yy}} {{yy+1}}', options, 2101)).toBe('_stay_01 00');
  });
});

describe('estimateBytes', () => {
  it('should count a table of every year (ER_PRS_F) once per generated year, and others once', () => {
    const step = (id: string, yearly?: boolean): IProgramStep =>
      ({
        id,
        perYear: false,
        deps: [],
        sql: [],
        rows: { fixed: 0, perPatient: 10, yearly },
        bytesPerRow: 100
      }) as unknown as IProgramStep;
    const bytes = (steps: IProgramStep[], years: number[]): number =>
      estimateBytes(steps, { patients: 1000, seed: 0, years });
    const care = [step('table:ER_PRS_F', true)];
    const people = [step('table:IR_BEN_R')];
    expect(bytes(care, [2019, 2020, 2021])).toBeCloseTo(
      3 * bytes(care, [2019]),
      -2
    );
    expect(bytes(people, [2019, 2020, 2021])).toBe(bytes(people, [2019]));
  });
});
