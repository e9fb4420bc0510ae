import { describe, expect, it } from 'vitest';
import {
  admissionExcess,
  ageShares,
  eligibleShares,
  type IAdmissionCondition
} from '../src/admission.js';
import { readProfiles } from '../src/profiles.js';
import { DEFAULT_PROFILES } from '../src/build_program.js';

const sum = (v: number[]): number => v.reduce((a, b) => a + b, 0);
/** As many people of each first-year age 0 to 99. */
const even: number[] = Array(100).fill(1);
const everywhere = (ppm: number): number[] => Array(100).fill(ppm);

describe('ageShares', () => {
  const population = readProfiles(DEFAULT_PROFILES).population;

  it('should spread each band of the pyramid evenly, but the last by its weights', () => {
    const shares = ageShares(population, 'female');
    const total = sum(population.pyramid.female);
    expect(shares).toHaveLength(population.maxAge + 1);
    expect(sum(shares)).toBeCloseTo(1, 12);
    // Ages 40 to 44: a fifth of their band each.
    expect(shares[42]).toBeCloseTo(
      population.pyramid.female[8] / total / 5,
      12
    );
    // 95 and over: by lastBandAgeWeights, 95 the most.
    const last = population.pyramid.female.at(-1)! / total;
    const w = population.lastBandAgeWeights;
    expect(shares[95]).toBeCloseTo((last * w[0]) / sum(w), 12);
    expect(shares[104]).toBeCloseTo((last * w[9]) / sum(w), 12);
  });
});

describe('eligibleShares', () => {
  // Bands of the age in the year of stays (the first year's age plus one).
  const bands = [0, 5, 15, 50];

  it("should give the share of a band's people whose age fits", () => {
    // 0-4 holds first-year ages 0 to 3 (ages 1 to 4 in the year): up to 2 is half of it.
    expect(eligibleShares(bands, even, { maxAge: 2 })).toEqual([0.5, 0, 0, 0]);
    expect(eligibleShares(bands, even, { minAge: 10 })).toEqual([0, 0.5, 1, 1]);
    expect(eligibleShares(bands, even, { sex: 2 })).toEqual([1, 1, 1, 1]);
    expect(eligibleShares(bands, even, undefined)).toEqual([1, 1, 1, 1]);
  });

  it('should weigh the ages by their people', () => {
    // Ages 9 and 10 in the year (first-year 8 and 9) hold 3 times the people of the others.
    const shares = even.map((x, age) => (age === 8 || age === 9 ? 3 * x : x));
    // Band 5-14: 8 ages of 1 and 2 of 3; from 10 fits 5 ages, one of them of 3.
    expect(eligibleShares(bands, shares, { minAge: 10 })[1]).toBeCloseTo(
      7 / 14,
      12
    );
    expect(eligibleShares(bands, shares, { maxAge: 9 })[1]).toBeCloseTo(
      (4 + 3) / 14,
      12
    );
  });

  it('should count a band nobody is in as open', () => {
    expect(eligibleShares([0, 5, 200], even, { maxAge: 2 })[2]).toBe(1);
  });
});

describe('admissionExcess', () => {
  const bands = [0, 50];

  it('should be 1 without conditions', () => {
    expect(admissionExcess(bands, even, [])).toEqual([1, 1]);
  });

  it("should take the ratio's mean times the share of general stays", () => {
    const half: IAdmissionCondition = {
      ppmByAge: everywhere(500_000),
      riskRatioWith: [],
      admissionRiskRatio: 3
    };
    // Half the people 3 times admitted, half of their stays the condition's own:
    // 0.5 × 1 + 0.5 × 3 × (1 - 1/2).
    expect(admissionExcess(bands, even, [half])[0]).toBeCloseTo(1.25, 12);
    const all: IAdmissionCondition = { ...half, ppmByAge: everywhere(1e6) };
    expect(admissionExcess(bands, even, [all])[1]).toBeCloseTo(1.5, 12);
  });

  it('should draw a condition more with the ones its riskRatioWith names', () => {
    const a: IAdmissionCondition = {
      ppmByAge: everywhere(200_000),
      riskRatioWith: [],
      admissionRiskRatio: 2
    };
    const b: IAdmissionCondition = {
      ppmByAge: everywhere(100_000),
      riskRatioWith: [[0, 4]],
      admissionRiskRatio: 2
    };
    // b: 40% of a's people, 10% of the others. Sets: none, a, b, both; each condition
    // takes a third of its people's stays.
    const none = 0.8 * 0.9;
    const onlyA = 0.2 * 0.6 * 2 * (2 / 3);
    const onlyB = 0.8 * 0.1 * 2 * (2 / 3);
    const both = 0.2 * 0.4 * 4 * (1 / 3);
    expect(admissionExcess(bands, even, [a, b])[0]).toBeCloseTo(
      none + onlyA + onlyB + both,
      12
    );
  });

  it('should follow the prevalence by age within a band', () => {
    const old: IAdmissionCondition = {
      // Only the first-year ages 50 to 99: the upper half of a single band.
      ppmByAge: even.map((_, age) => (age >= 50 ? 1e6 : 0)),
      riskRatioWith: [],
      admissionRiskRatio: 5
    };
    // First-year ages 0 to 99: 50 at 1, 50 at 5 × (1 - 1/2).
    expect(admissionExcess([0], even, [old])[0]).toBeCloseTo(
      (50 + 50 * 2.5) / 100,
      12
    );
  });
});
