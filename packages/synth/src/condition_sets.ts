/**
 * The sets of modelled conditions people have, as `_person` draws them: one draw per
 * condition, at the first year's age, its prevalence multiplied by its riskRatioWith factors.
 */

/** A condition as its draw sees it. */
export interface IConditionDraw {
  /** Parts per million of people with it, by age (index), before risk ratios. */
  ppmByAge: number[];
  /** Indices of other conditions that multiply its prevalence, with the factor. */
  riskRatioWith: [number, number][];
}

/** A set of conditions (bit k: condition k) and the share of the people of an age in it. */
export interface IConditionSet {
  set: number;
  share: number;
}

/** The sets people of `age` have, with their shares (those of share 0 left out). */
export function conditionSetsAt(
  age: number,
  conditions: IConditionDraw[]
): IConditionSet[] {
  const sets: IConditionSet[] = [];
  for (let set = 0; set < 1 << conditions.length; set++) {
    let share = 1;
    conditions.forEach((c, k) => {
      const p = Math.min(
        1,
        c.riskRatioWith.reduce(
          (ppm, [other, factor]) => (set & (1 << other) ? ppm * factor : ppm),
          c.ppmByAge[age]
        ) / 1e6
      );
      share *= (set >> k) & 1 ? p : 1 - p;
    });
    if (share > 0) {
      sets.push({ set, share });
    }
  }
  return sets;
}

/** The conditions of a set, by index. */
export function conditionsOf(set: number, count: number): number[] {
  return Array.from({ length: count }, (_, k) => k).filter(k => (set >> k) & 1);
}
