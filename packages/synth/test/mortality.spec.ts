import { describe, expect, it, vi } from 'vitest';
import {
  baseMortalityByYear,
  menShareByCause,
  menShareOfDeaths,
  type IMortalityCondition
} from '../src/mortality.js';

/**
 * Deaths per person each year of `groups` (shares alive, mortality ratios, for the year's
 * new cases `now`, the share of their ratio this year, and `add`, a risk added) at a base.
 */
function simulate(
  groups: { alive: number; ratio: number; now?: number; add?: number }[],
  base: number[][],
  age: number
): number[] {
  return base.map(year => {
    const total = groups.reduce((s, g) => s + g.alive, 0);
    let dead = 0;
    for (const g of groups) {
      const q = Math.min(
        1,
        (year[age] / 1e7) * g.ratio * (g.now ?? 1) + (g.add ?? 0)
      );
      dead += g.alive * q;
      g.alive *= 1 - q;
    }
    return dead / total;
  });
}

/** Deaths per person each year of a population split by the conditions' sets. */
function deathsByYear(
  rate: number[],
  conditions: IMortalityCondition[],
  years: number,
  age: number
): number[] {
  // Two independent conditions at this age: four groups.
  const [a, b] = conditions.map(c => c.ppmByAge[age] / 1e6);
  return simulate(
    [
      { alive: (1 - a) * (1 - b), ratio: 1 },
      { alive: a * (1 - b), ratio: conditions[0].ratio },
      { alive: (1 - a) * b, ratio: conditions[1].ratio },
      { alive: a * b, ratio: conditions[0].ratio * conditions[1].ratio }
    ],
    baseMortalityByYear(rate, conditions, years),
    age
  );
}

describe('baseMortalityByYear', () => {
  const ages = 121;
  const rate = Array.from({ length: ages }, (_, a) => 10 * Math.exp(a / 11));
  const conditions: IMortalityCondition[] = [
    { ppmByAge: Array(ages).fill(80_000), ratio: 8, riskRatioWith: [] },
    { ppmByAge: Array(ages).fill(200_000), ratio: 2, riskRatioWith: [] }
  ];

  it("should make each year's survivors die at the population's rate", () => {
    for (const age of [40, 70, 85]) {
      const got = deathsByYear(rate, conditions, 5, age);
      got.forEach((q, t) => {
        const target = Math.min(1, rate[age + t] / 1e5);
        expect(Math.abs(q - target) / target).toBeLessThan(2e-3);
      });
    }
  });

  it('should calibrate the same inputs once, and give each caller its own copy', () => {
    const big: IMortalityCondition[] = Array.from({ length: 5 }, (_, k) => ({
      ppmByAge: Array(ages).fill(20_000 * (k + 1)),
      ratio: 1.5 + k,
      riskRatioWith: [],
      incidencePpmByAge: Array(ages).fill(4000),
      stopShare: 0.1
    }));
    let t = performance.now();
    const first = baseMortalityByYear(rate, big, 10);
    const calibration = performance.now() - t;
    first[3][60] = -1;
    t = performance.now();
    const again = baseMortalityByYear(
      rate,
      big.map(c => ({ ...c })),
      10
    );
    const remembered = performance.now() - t;
    expect(again[3][60]).toBeGreaterThan(0);
    expect(again).toEqual(baseMortalityByYear(rate, big, 10));
    expect(remembered).toBeLessThan(calibration / 5);
    // Another input is another calibration.
    const other = big.map((c, k) => (k ? c : { ...c, ratio: 3 }));
    expect(baseMortalityByYear(rate, other, 10)[3][60]).not.toBe(again[3][60]);
  });

  it('should not concat its groups, which apache-arrow puts on the slow path', () => {
    // apache-arrow marks its vectors concat-spreadable; once it is loaded (the CLI, the
    // tests, the bench), every Array concat in the process takes V8's slow path, and a
    // calibration that concatenated its groups took twice as long.
    const concat = vi.spyOn(Array.prototype, 'concat');
    try {
      baseMortalityByYear(
        rate,
        conditions.map(c => ({
          ...c,
          incidencePpmByAge: Array(ages).fill(3000),
          stopShare: 0.05
        })),
        3
      );
      expect(concat).not.toHaveBeenCalled();
    } finally {
      concat.mockRestore();
    }
  });

  it('should raise the base over the years as the people at risk die first', () => {
    const base = baseMortalityByYear(Array(ages).fill(5000), conditions, 4);
    expect(base[3][60]).toBeGreaterThan(base[0][60]);
    // Without conditions the base is the rate itself: 5% is 500,000 per 10 million.
    expect(baseMortalityByYear(Array(ages).fill(5000), [], 2)[1][60]).toBe(
      500_000
    );
  });

  it('should count the people of exclusive diseases (other ALDs) apart from the conditions', () => {
    const one: IMortalityCondition[] = [
      { ppmByAge: Array(ages).fill(100_000), ratio: 3, riskRatioWith: [] }
    ];
    const exclusive = [
      { shareByAge: Array(ages).fill(0.05), ratio: 2.5 },
      { shareByAge: Array(ages).fill(0.02), ratio: 4 }
    ];
    const base = baseMortalityByYear(rate, one, 4, exclusive);
    const age = 75;
    // The condition (10%) is independent of the diseases (5%, 2%, or neither: 93%).
    const groups = [0.9, 0.1].flatMap((c, ci) =>
      [0.93, 0.05, 0.02].map((e, ei) => ({
        alive: c * e,
        ratio: (ci ? 3 : 1) * [1, 2.5, 4][ei]
      }))
    );
    simulate(groups, base, age).forEach((q, t) => {
      const target = rate[age + t] / 1e5;
      expect(Math.abs(q - target) / target).toBeLessThan(2e-3);
    });
    // Without the diseases the base would be higher: they take part of the deaths.
    expect(base[0][age]).toBeLessThan(
      baseMortalityByYear(rate, one, 1)[0][age]
    );
  });

  it('should follow the new cases of exclusive diseases among the people in none', () => {
    const one: IMortalityCondition[] = [
      { ppmByAge: Array(ages).fill(100_000), ratio: 3, riskRatioWith: [] }
    ];
    // Of the people in none at the first year (90%), 2% a year begin one: half of them A
    // (ratio 2.5), a quarter B (ratio 1) and a quarter C (ratio 4 from a first-year age of 80).
    const exclusive = [
      {
        shareByAge: Array(ages).fill(0.05),
        ratio: 2.5,
        yearlyOnsetByAge: Array(ages).fill(0.01)
      },
      {
        shareByAge: Array(ages).fill(0.03),
        ratio: 1,
        yearlyOnsetByAge: Array(ages).fill(0.005)
      },
      {
        shareByAge: Array(ages).fill(0.02),
        ratio: 4,
        minAge: 80,
        yearlyOnsetByAge: Array(ages).fill(0.005)
      }
    ];
    const years = 6;
    const base = baseMortalityByYear(rate, one, years, exclusive);
    const without = baseMortalityByYear(
      rate,
      one,
      years,
      exclusive.map(e => ({ ...e, yearlyOnsetByAge: undefined }))
    );
    // Deaths per person each year, with `yearly` of the first year's none beginning one.
    const follow = (age: number, yearly: number): number[] => {
      const c = age >= 80 ? 4 : 1;
      const groups: {
        alive: number;
        ratio: number;
        open: boolean;
        now?: number;
      }[] = [1, 3].flatMap((r, ci) =>
        [
          { share: 0.9, ratio: 1, open: true },
          { share: 0.05, ratio: 2.5, open: false },
          { share: 0.03, ratio: 1, open: false },
          { share: 0.02, ratio: c, open: false }
        ].map(g => ({
          alive: (ci ? 0.1 : 0.9) * g.share,
          ratio: r * g.ratio,
          open: g.open
        }))
      );
      return Array.from({ length: years }, (_, t) => {
        // A new case counts from its onset: at (1 + ratio) / 2 in its first year.
        if (t >= 1) {
          const h = yearly / (1 - (t - 1) * yearly);
          for (const g of groups.filter(x => x.open)) {
            const moved = g.alive * h;
            g.alive -= moved;
            for (const [share, ratio] of [
              [0.5, 2.5],
              [0.25, 1],
              [0.25, c]
            ]) {
              groups.push({
                alive: moved * share,
                ratio: g.ratio * ratio,
                open: false,
                now: (1 + ratio) / 2 / ratio
              });
            }
          }
        }
        const q = simulate(groups, [base[t]], age)[0];
        groups.forEach(g => delete g.now);
        return q;
      });
    };
    for (const age of [50, 85]) {
      const target = (t: number): number => rate[age + t] / 1e5;
      follow(age, 0.02).forEach((q, t) =>
        expect(Math.abs(q - target(t)) / target(t)).toBeLessThan(2e-3)
      );
      // No new case in the first year; from the second, they make more of the deaths.
      expect(base[0][age]).toBe(without[0][age]);
      expect(base[1][age]).toBeLessThan(without[1][age]);
      expect(base[4][age]).toBeLessThan(without[4][age]);
    }
    // Without the new cases, deaths at 50 would be over 1% below the target by the last year.
    const blind = follow(50, 0)[years - 1];
    expect(1 - blind / (rate[50 + years - 1] / 1e5)).toBeGreaterThan(0.01);
  });

  it("should split a condition's people by the ratios of their codes (ratiosByAge)", () => {
    // 10% with the condition: 60% of them at ratio 2, 40% at 12 (a mean of 6).
    const byCode: IMortalityCondition[] = [
      {
        ppmByAge: Array(ages).fill(100_000),
        ratio: 6,
        riskRatioWith: [],
        ratiosByAge: Array.from({ length: ages }, () => [
          { share: 0.6, ratio: 2 },
          { share: 0.4, ratio: 12 }
        ])
      }
    ];
    const age = 70;
    const base = baseMortalityByYear(rate, byCode, 5);
    const groups = () => [
      { alive: 0.9, ratio: 1 },
      { alive: 0.06, ratio: 2 },
      { alive: 0.04, ratio: 12 }
    ];
    simulate(groups(), base, age).forEach((q, t) => {
      const target = rate[age + t] / 1e5;
      expect(Math.abs(q - target) / target).toBeLessThan(2e-3);
    });
    // One ratio of the same mean gives the first year's base, but not the later years':
    // the people at ratio 12 die first, which the base makes up for.
    const one = baseMortalityByYear(
      rate,
      [{ ...byCode[0], ratiosByAge: undefined }],
      5
    );
    expect(Math.abs(one[0][age] - base[0][age])).toBeLessThanOrEqual(1);
    expect(base[4][age]).toBeGreaterThan(one[4][age] * 1.01);
  });

  it('should count a new case from its onset, at the ratio of its onset age', () => {
    // 5% have the condition in the first year; from the second, 2% of the others a year begin
    // it, at ratio 3 before 60 and 9 from 60.
    const ratioAt = (age: number): number => (age < 60 ? 3 : 9);
    const incident: IMortalityCondition[] = [
      {
        ppmByAge: Array(ages).fill(50_000),
        ratio: 6,
        riskRatioWith: [],
        ratiosByAge: Array.from({ length: ages }, (_, a) => [
          { share: 1, ratio: ratioAt(a) }
        ]),
        incidencePpmByAge: Array(ages).fill(20_000)
      }
    ];
    const years = 6;
    const base = baseMortalityByYear(rate, incident, years);
    const without = baseMortalityByYear(
      rate,
      [{ ...incident[0], incidencePpmByAge: undefined }],
      years
    );
    // Deaths per person each year: the people without it, with it from the first year, and
    // each year's new cases, at `onsetShare` of their ratio in their onset year.
    const follow = (age: number, onsetShare: number): number[] => {
      const groups: { alive: number; ratio: number; now?: number }[] = [
        { alive: 0.95, ratio: 1 },
        { alive: 0.05, ratio: ratioAt(age) }
      ];
      return Array.from({ length: years }, (_, t) => {
        if (t >= 1) {
          const r = ratioAt(age + t);
          groups.push({
            alive: groups[0].alive * 0.02,
            ratio: r,
            now: (1 + (r - 1) * onsetShare) / r
          });
          groups[0].alive *= 0.98;
        }
        const q = simulate(groups, [base[t]], age)[0];
        groups.forEach(g => delete g.now);
        return q;
      });
    };
    for (const age of [40, 57, 75]) {
      const target = (t: number): number => rate[age + t] / 1e5;
      follow(age, 0.5).forEach((q, t) =>
        expect(Math.abs(q - target(t)) / target(t)).toBeLessThan(2e-3)
      );
      // Counted only from the year after onset, the first year's new cases would make 1.6%
      // (at 40 and 57) to 6% (at 75) too few deaths.
      expect(follow(age, 0)[1] / target(1)).toBeLessThan(0.985);
      // No new case counts in the first year; from the second, the base is lower, as the
      // new cases make more of the deaths.
      expect(base[0][age]).toBe(without[0][age]);
      expect(base[1][age]).toBeLessThan(without[1][age] * 0.995);
    }
  });

  /**
   * 5% have a condition (ratio 4) in the first year; from the second, 0.2% of the others a
   * year begin it, with excess risks over their first 12 months (`excess`) and the next 12
   * (`excess2`). Deaths per person each year at `age`, those excess risks counted as the
   * calibration counts them (half of each in its first calendar year, half in the next) or
   * left out (`counted` false), at the calibrated base; and the bases with and without them.
   */
  function excessCase(
    excess: number,
    excess2: number,
    stopShare = 0
  ): {
    base: number[][];
    without: number[][];
    follow: (age: number, counted: boolean) => number[];
  } {
    const incident: IMortalityCondition[] = [
      {
        ppmByAge: Array(ages).fill(50_000),
        ratio: 4,
        riskRatioWith: [],
        ratiosByAge: Array.from({ length: ages }, () => [
          { share: 1, ratio: 4, excess, excess2 }
        ]),
        incidencePpmByAge: Array(ages).fill(2_000),
        stopShare
      }
    ];
    const years = 5;
    const base = baseMortalityByYear(rate, incident, years);
    const without = baseMortalityByYear(
      rate,
      [{ ...incident[0], ratiosByAge: undefined }],
      years
    );
    const follow = (age: number, counted: boolean): number[] => {
      // `adds`: the risks added this year and in the years after; `onset`: a new case's year.
      const groups: {
        alive: number;
        ratio: number;
        now?: number;
        add?: number;
        adds?: number[];
        onset?: number;
      }[] = [
        { alive: 0.95, ratio: 1 },
        { alive: 0.05, ratio: 4 }
      ];
      return Array.from({ length: years }, (_, t) => {
        if (t >= 1) {
          const [e1, e2] = counted ? [excess / 2, excess2 / 2] : [0, 0];
          groups.push({
            alive: groups[0].alive * 0.002,
            ratio: 4,
            now: (1 + 3 * 0.5) / 4,
            adds: [e1, e1 + e2, e2],
            onset: t
          });
          groups[0].alive *= 0.998;
        }
        for (const g of groups) {
          g.add = g.adds?.shift() ?? 0;
        }
        const q = simulate(groups, [base[t]], age)[0];
        for (const g of [...groups]) {
          delete g.now;
          // The ends of the year (a new case's from the year after its onset): the ratio
          // and the excess risks left.
          if (g.ratio === 4 && (g.onset ?? -1) < t) {
            groups.push({ alive: g.alive * stopShare, ratio: 1 });
            g.alive *= 1 - stopShare;
          }
        }
        return q;
      });
    };
    return { base, without, follow };
  }

  it("should add a new case's excess risk over its first 12 months, in its onset year and the next", () => {
    const { base, without, follow } = excessCase(0.3, 0);
    for (const age of [40, 60, 75]) {
      const target = (t: number): number => rate[age + t] / 1e5;
      follow(age, true).forEach((q, t) =>
        expect(Math.abs(q - target(t)) / target(t)).toBeLessThan(2e-3)
      );
      // Left out, the excess would make 11.5% (at 40), 1.8% (at 60) and 0.4% (at 75) too few
      // deaths in the third year, when two years of new cases have it: the base is as much
      // lower than without it.
      const gap = age === 40 ? 0.1 : age === 60 ? 0.015 : 0.003;
      expect(follow(age, false)[2] / target(2)).toBeLessThan(1 - gap);
      expect(base[2][age]).toBeLessThan(without[2][age] * (1 - gap));
      expect(base[0][age]).toBe(without[0][age]);
    }
  });

  it("should add a new case's excess risk over its next 12 months, a year later", () => {
    const { base, follow } = excessCase(0.3, 0.1);
    const first = excessCase(0.3, 0).base;
    // Within 1e-4 every year, and with high excess risks: each year's new cases kept apart
    // from the year before's while their excess adds (merged, 4.6e-3 off in the fifth year);
    // and when a fifth of the cases end each year, their excess risks with them.
    const high = excessCase(0.5, 0.4).follow;
    const ending = excessCase(0.5, 0.4, 0.2).follow;
    for (const age of [40, 60, 75]) {
      const target = (t: number): number => rate[age + t] / 1e5;
      [...follow(age, true), ...high(age, true), ...ending(age, true)].forEach(
        (q, k) =>
          expect(Math.abs(q - target(k % 5)) / target(k % 5)).toBeLessThan(1e-4)
      );
      // The second 12 months' excess falls in the second and third calendar years of a new
      // case: in the fourth year, the base is 3.2% (at 40), 0.43% (at 60) and 0.06% (at 75)
      // lower than with the first 12 months' alone. A calibration blind to it would make as
      // many deaths too many.
      const gap = age === 40 ? 0.025 : age === 60 ? 0.003 : 0.0004;
      expect(base[3][age]).toBeLessThan(first[3][age] * (1 - gap));
      expect(base[1][age]).toBe(first[1][age]);
    }
  });

  it('should follow new cases made likelier by a first-year condition, beside an exclusive disease', () => {
    // c1 begins at 2% a year, 6% for people with c0 in the first year (riskRatioWith, which
    // also triples its prevalence); 4% of people have an exclusive disease of ratio 3.
    const linked: IMortalityCondition[] = [
      { ppmByAge: Array(ages).fill(100_000), ratio: 2, riskRatioWith: [] },
      {
        ppmByAge: Array(ages).fill(50_000),
        ratio: 5,
        riskRatioWith: [[0, 3]],
        incidencePpmByAge: Array(ages).fill(20_000)
      }
    ];
    const exclusive = [{ shareByAge: Array(ages).fill(0.04), ratio: 3 }];
    const years = 6;
    const base = baseMortalityByYear(rate, linked, years, exclusive);
    // Deaths per person each year, with new cases of c1 at `onset(c0)` a year.
    const follow = (age: number, onset: (c0: boolean) => number): number[] => {
      const groups: {
        alive: number;
        ratio: number;
        c0: boolean;
        c1: boolean;
        now?: number;
      }[] = [];
      for (const c0 of [false, true]) {
        const p1 = c0 ? 0.15 : 0.05;
        for (const c1 of [false, true]) {
          for (const ex of [false, true]) {
            groups.push({
              alive: (c0 ? 0.1 : 0.9) * (c1 ? p1 : 1 - p1) * (ex ? 0.04 : 0.96),
              ratio: (c0 ? 2 : 1) * (c1 ? 5 : 1) * (ex ? 3 : 1),
              c0,
              c1
            });
          }
        }
      }
      return Array.from({ length: years }, (_, t) => {
        // New cases of c1 count from their onset: at (1 + 5) / 2 in their first year.
        if (t >= 1) {
          for (const g of groups.filter(x => !x.c1)) {
            const moved = g.alive * onset(g.c0);
            g.alive -= moved;
            groups.push({
              ...g,
              alive: moved,
              ratio: g.ratio * 5,
              c1: true,
              now: 3 / 5
            });
          }
        }
        const q = simulate(groups, [base[t]], age)[0];
        groups.forEach(g => delete g.now);
        return q;
      });
    };
    for (const age of [45, 70, 82]) {
      const target = (t: number): number => rate[age + t] / 1e5;
      follow(age, c0 => (c0 ? 0.06 : 0.02)).forEach((q, t) =>
        expect(Math.abs(q - target(t)) / target(t)).toBeLessThan(2e-3)
      );
      // Onsets blind to c0 would be 2% to 5% wrong by the last year (at 82, the highest
      // ratios' risks reach 1 and hide it).
      if (age < 80) {
        const blind = follow(age, () => 0.02)[years - 1];
        expect(
          Math.abs(blind - target(years - 1)) / target(years - 1)
        ).toBeGreaterThan(0.01);
      }
    }
  });

  it('should count a condition that ends (stopShare) up to the year it ends', () => {
    // a: 10% in the first year, half at ratio 2 and half at 6, 2% a year of the others begin
    // it (the same codes), and 20% of its people a year see it end (from the first year, and
    // from the year after onset for a new case), its ratio counting no more from the next.
    // b: 20% at ratio 2, 10% of its people a year see it end. 5% of people have an exclusive
    // disease of ratio 3, so a ratio of 6 is a's 6, or a's 2 with it, or a's 2 and b's.
    const codes = Array.from({ length: ages }, () => [
      { share: 0.5, ratio: 2 },
      { share: 0.5, ratio: 6 }
    ]);
    const ending: IMortalityCondition[] = [
      {
        ppmByAge: Array(ages).fill(100_000),
        ratio: 4,
        riskRatioWith: [],
        ratiosByAge: codes,
        incidencePpmByAge: Array(ages).fill(20_000),
        stopShare: 0.2
      },
      {
        ppmByAge: Array(ages).fill(200_000),
        ratio: 2,
        riskRatioWith: [],
        stopShare: 0.1
      }
    ];
    const exclusive = [{ shareByAge: Array(ages).fill(0.05), ratio: 3 }];
    const years = 7;
    const base = baseMortalityByYear(rate, ending, years, exclusive);
    // Deaths per person each year, ends counted or not.
    const follow = (age: number, ends: boolean): number[] => {
      // ra, rb: a's and b's ratios while they count, else 1; had: a begun.
      const groups: {
        alive: number;
        ex: number;
        ra: number;
        rb: number;
        had: boolean;
      }[] = [];
      for (const rb of [1, 2]) {
        for (const ex of [1, 3]) {
          const alive = (rb > 1 ? 0.2 : 0.8) * (ex > 1 ? 0.05 : 0.95);
          groups.push({ alive: alive * 0.9, ex, ra: 1, rb, had: false });
          for (const ra of [2, 6]) {
            groups.push({ alive: alive * 0.05, ex, ra, rb, had: true });
          }
        }
      }
      const ratio = (g: (typeof groups)[number]): number => g.ex * g.ra * g.rb;
      const end = (
        part: 'ra' | 'rb',
        share: number,
        spared: typeof groups = []
      ): void => {
        for (const g of groups.filter(
          x => x[part] > 1 && !spared.includes(x)
        )) {
          groups.push({ ...g, alive: g.alive * share, [part]: 1 });
          g.alive *= 1 - share;
        }
      };
      return Array.from({ length: years }, (_, t) => {
        // New cases count from their onset (at (1 + ra) / 2 in their first year), and end
        // from the year after.
        const fresh: typeof groups = [];
        if (t >= 1) {
          for (const g of groups.filter(x => !x.had)) {
            const moved = g.alive * 0.02;
            g.alive -= moved;
            for (const ra of [2, 6]) {
              fresh.push({ ...g, alive: moved / 2, ra, had: true });
            }
          }
        }
        const now = (g: (typeof groups)[number]): number =>
          fresh.includes(g) ? (1 + g.ra) / 2 / g.ra : 1;
        const all = [...groups, ...fresh];
        const q = simulate(
          all.map(g => ({ alive: g.alive, ratio: ratio(g), now: now(g) })),
          [base[t]],
          age
        )[0];
        // simulate's survivors, back into the groups.
        for (const g of all) {
          g.alive *= 1 - Math.min(1, (base[t][age] / 1e7) * ratio(g) * now(g));
        }
        // The year's new cases of a: b may end, not a.
        groups.push(...fresh);
        if (ends) {
          end('ra', 0.2, fresh);
          end('rb', 0.1);
        }
        return q;
      });
    };
    for (const age of [45, 70, 82]) {
      const target = (t: number): number => rate[age + t] / 1e5;
      follow(age, true).forEach((q, t) =>
        expect(Math.abs(q - target(t)) / target(t)).toBeLessThan(2e-3)
      );
      // Ratios kept after the ends would make 3.8% (at 82, where the highest ratios die
      // first) to 31% (at 45) too many deaths by the last year.
      const kept = follow(age, false)[years - 1];
      expect(kept / target(years - 1)).toBeGreaterThan(1.02);
    }
    // Without ends the base is the same in the first year, then lower: the ended ratios count.
    const kept = baseMortalityByYear(
      rate,
      ending.map(c => ({ ...c, stopShare: undefined })),
      years,
      exclusive
    );
    expect(kept[0][70]).toBe(base[0][70]);
    expect(kept[1][70]).toBeLessThan(base[1][70]);
    expect(kept[years - 1][70]).toBeLessThan(base[years - 1][70] * 0.97);
  });

  it('should count a condition made likelier by another (riskRatioWith)', () => {
    const linked: IMortalityCondition[] = [
      { ppmByAge: Array(ages).fill(100_000), ratio: 1, riskRatioWith: [] },
      { ppmByAge: Array(ages).fill(100_000), ratio: 4, riskRatioWith: [[0, 3]] }
    ];
    const base = baseMortalityByYear(Array(ages).fill(2000), linked, 1)[0][50];
    // 1 - 0.1 * 0.3 - 0.9 * 0.1 = 88% of people have ratio 1, 12% ratio 4.
    const mean = (base / 1e7) * (0.88 + 0.12 * 4);
    expect(Math.abs(mean - 0.02) / 0.02).toBeLessThan(1e-3);
  });

  it("gives men's share of a band's deaths from the pyramid and death rates", () => {
    // Bands 0-9 and 10+ over a pyramid in 5-year bands: (10*1 + 10*1) / (20 + 5*1 + 5*1) and
    // (10*100) / (10*100 + 30*100).
    const shares = menShareOfDeaths(
      [0, 5, 10],
      { male: [10, 10, 10], female: [5, 5, 30] },
      { male: [1, 1, 100], female: [1, 1, 100] },
      [0, 10]
    );
    expect(shares[0]).toBeCloseTo(20 / 30, 9);
    expect(shares[1]).toBeCloseTo(0.25, 9);
  });

  it("keeps the causes' shares of men near malePct, adding up to the band's", () => {
    const weights = [3, 1, 1, 1];
    const malePct = [50, 80, 0, 100];
    const mean = (m: number[]): number =>
      m.reduce((s, x, k) => s + x * weights[k], 0) / 6;
    // Shares that already make the band's: unchanged.
    const same = menShareByCause(weights, malePct, (150 + 80 + 100) / 600);
    same.forEach((m, k) => expect(m).toBeCloseTo(malePct[k] / 100, 6));
    // More men die in the band: every open share rises, 0% and 100% stay.
    const more = menShareByCause(weights, malePct, 0.65);
    expect(mean(more)).toBeCloseTo(0.65, 6);
    expect(more[0]).toBeGreaterThan(0.5);
    expect(more[1]).toBeGreaterThan(0.8);
    expect(more[2]).toBe(0);
    expect(more[3]).toBe(1);
  });
});
