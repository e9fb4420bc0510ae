/**
 * From the national rates of general stays (care.json acuteStay: stays per 100,000 people a
 * year by sex and age band) to the generator's draws. A code open to only part of a band's
 * ages is drawn more by those it fits, and people with modelled conditions are admitted more
 * (admissionRiskRatio) while part of their stays are their condition's own: both are
 * divided out here, so that the band's rates come out as the profile gives them.
 */

import {
  conditionSetsAt,
  conditionsOf,
  type IConditionDraw
} from './condition_sets.js';
import type { IAgeSexRestriction, IPopulationProfile } from './profiles.js';

/** A condition as the admission draw sees it. */
export interface IAdmissionCondition extends IConditionDraw {
  admissionRiskRatio: number;
}

/**
 * Shares of the people of one sex by their first year's age (index 0 to maxAge), as `_person`
 * draws them: a band of the pyramid, then an age within it, evenly but in the last band.
 */
export function ageShares(
  p: IPopulationProfile,
  sex: 'male' | 'female'
): number[] {
  const bands = p.ageBands;
  const last = bands.length - 1;
  const lastTotal = p.lastBandAgeWeights.reduce((a, b) => a + b, 0);
  const total = p.pyramid[sex].reduce((a, b) => a + b, 0);
  return Array.from({ length: p.maxAge + 1 }, (_, age) => {
    let k = 0;
    while (k < last && age >= bands[k + 1]) {
      k++;
    }
    const within =
      k === last
        ? p.lastBandAgeWeights[age - bands[last]] / lastTotal
        : 1 / (bands[k + 1] - bands[k]);
    return (p.pyramid[sex][k] / total) * within;
  });
}

/**
 * The first-year ages of the people of band `k` of `bands`, which holds ages in the year of
 * stays (age_t, the first year's age plus one).
 */
function bandAges(bands: number[], k: number, shares: number[]): number[] {
  const hi = k + 1 < bands.length ? bands[k + 1] : Infinity;
  return shares
    .map((_, age) => age)
    .filter(age => age + 1 >= bands[k] && age + 1 < hi);
}

/** The mean of `f(age)` over the people of each band, weighted by their shares. */
function bandMeans(
  bands: number[],
  shares: number[],
  f: (age: number) => number,
  empty: number
): number[] {
  return bands.map((_, k) => {
    const ages = bandAges(bands, k, shares);
    const total = ages.reduce((s, a) => s + shares[a], 0);
    return total > 0
      ? ages.reduce((s, a) => s + shares[a] * f(a), 0) / total
      : empty;
  });
}

/** Share of each band's people whose age in the year fits r's age limits (1 without). */
export function eligibleShares(
  bands: number[],
  shares: number[],
  r: IAgeSexRestriction | undefined
): number[] {
  const min = r?.minAge ?? 0;
  const max = r?.maxAge ?? Infinity;
  return bandMeans(
    bands,
    shares,
    age => (age + 1 >= min && age + 1 <= max ? 1 : 0),
    1
  );
}

/**
 * Each band's general stays over the rate of its people without a condition: the mean over
 * its people of the product of their conditions' admissionRiskRatio, times the share of
 * their stays that are general ones (a stay is one of condition k's own with chance
 * 1 / (conditions + 1) for each k the person has; staysSql's `reason`). The 90% cap on a
 * person's admission chance is left out (it binds for a few of the oldest).
 */
export function admissionExcess(
  bands: number[],
  shares: number[],
  conditions: IAdmissionCondition[]
): number[] {
  const n = conditions.length;
  const byAge = new Map<number, number>();
  const excessAt = (age: number): number => {
    if (!byAge.has(age)) {
      byAge.set(
        age,
        conditionSetsAt(age, conditions).reduce((s, { set, share }) => {
          const has = conditionsOf(set, n);
          const ratio = has.reduce(
            (r, k) => r * conditions[k].admissionRiskRatio,
            1
          );
          return s + share * ratio * (1 - has.length / (n + 1));
        }, 0)
      );
    }
    return byAge.get(age)!;
  };
  return bandMeans(bands, shares, excessAt, 1);
}
