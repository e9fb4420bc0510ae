/**
 * Death rates of people with none of the conditions, calibrated so that the survivors of each
 * age and sex die at the population's rate every year, whatever conditions they have.
 *
 * A person's yearly risk is min(1, base × the product of the mortality ratios of the
 * conditions they have, and of their other ALD's). Conditions and other ALDs are drawn at the
 * first year's age. A condition or other ALD begun in a later year (a new case:
 * incidencePpmByAge, yearlyOnsetByAge) counts from its onset day: in its onset year, at
 * 1 + (ratio - 1) × the share of the year after it, (1 + ratio) / 2 on average
 * (ONSET_YEAR_SHARE). Its excess risk over the 12 months after its onset day (excess), if
 * any, adds to the risk: in the onset year for the share of the year after the onset day, in
 * the next year for the rest, half and half on average (the survivors of the onset year began
 * a little later in it than that: their next year's excess is a few percent above the mean;
 * and a year's excess mortality, which the program multiplies the base by, leaves the excess
 * as it is). Its excess over the next 12 months (excess2) likewise, a year later. A condition
 * that ends (stopShare) counts no more from the year after it ends. People with a high ratio
 * die first and new cases add to them, so the base moves over the years for the same
 * starting age.
 */

import {
  conditionSetsAt,
  conditionsOf,
  type IConditionDraw
} from './condition_sets.js';

/** A condition as the death draw sees it. */
export interface IMortalityCondition extends IConditionDraw {
  /** Its mortality ratio. */
  ratio: number;
  /**
   * Where the ratio depends on the person's code: by age (index), the shares of the people with
   * the condition at each ratio (summing to 1), instead of `ratio`.
   */
  ratiosByAge?: IRatioShare[][];
  /**
   * Parts per million a year of the people without it who begin it, by age (index), before
   * riskRatioWith (which the first year's conditions give); none: no new cases. A new case
   * begins from the second year, and its ratio is that of its age at onset, counted from its
   * onset day (ONSET_YEAR_SHARE).
   */
  incidencePpmByAge?: number[];
  /**
   * The share of its people whose condition ends in a year, drawn each year from the first
   * for a condition of the first year and from the year after its onset for a new case; its
   * ratio counts no more from the year after it ends. None: it never ends.
   */
  stopShare?: number;
}

/** A share of the people with a condition, and their mortality ratio. */
export interface IRatioShare {
  share: number;
  ratio: number;
  /**
   * A new case's excess risk of death over the 12 months after its onset day (0 to 1), added
   * to the risk its ratio gives; none: 0.
   */
  excess?: number;
  /** The same over the next 12 months, to the second anniversary; none: 0. */
  excess2?: number;
}

/**
 * A disease of which a person has one at most (conditions.json otherAld), drawn apart from the
 * conditions at the first year; people in none then may begin one in a later year.
 */
export interface IExclusiveRisk {
  /** By age: the share of people drawn into it at the first year. */
  shareByAge: number[];
  /** Its people's mortality ratio, from minAge (the first year's age; below it, 1). */
  ratio: number;
  minAge?: number;
  /**
   * By first-year age: of the people in none at the first year, the share who begin it in
   * each year from the second, the same each year (as one draw over the years gives it);
   * its ratio counts from its onset day. None: no new cases.
   */
  yearlyOnsetByAge?: number[];
}

/**
 * The base risk per 10 million a year, [year][starting age], for years 0 to `years - 1`:
 * `ratePer100k[age]` is the population's rate at each age (index 0 to the cap).
 */
export function baseMortalityByYear(
  ratePer100k: number[],
  conditions: IMortalityCondition[],
  years: number,
  exclusive: IExclusiveRisk[] = []
): number[][] {
  // Non-finite numbers would all print as null.
  const key = JSON.stringify(
    [ratePer100k, conditions, years, exclusive],
    (_, v: unknown) =>
      typeof v === 'number' && !Number.isFinite(v) ? String(v) : v
  );
  let base = calibrated.get(key);
  if (!base) {
    base = calibrate(ratePer100k, conditions, years, exclusive);
    if (calibrated.size >= KEPT_CALIBRATIONS) {
      calibrated.delete(calibrated.keys().next().value!);
    }
    calibrated.set(key, base);
  }
  return base.map(row => row.slice());
}

/**
 * The calibrations made in this process, by their inputs. One takes seconds, and a program's
 * compile makes two (one a sex) that the next compile of the same profiles makes again.
 */
const calibrated = new Map<string, number[][]>();
const KEPT_CALIBRATIONS = 8;

function calibrate(
  ratePer100k: number[],
  conditions: IMortalityCondition[],
  years: number,
  exclusive: IExclusiveRisk[]
): number[][] {
  const cap = ratePer100k.length - 1;
  const out: number[][] = Array.from({ length: years }, () => []);
  const factors = onsetFactors(conditions);
  const states = new States(conditions, exclusive, cap);
  for (let age = 0; age <= cap; age++) {
    const onsets = exclusiveOnsets(exclusive, age);
    let groups = splitByExclusive(
      groupsAt(age, conditions, states),
      exclusive,
      age,
      !!onsets,
      states
    ).map(g => like(g, { first: g.first & factors }));
    // The new cases of the last two years whose excess risks still add, by the years they
    // add to: this one (`add`), or this one and the next (`addNext`). Apart: those of the
    // next year die faster, which would skew a merged group's `addNext`.
    let adding: IGroup[][] = [[], []];
    for (let t = 0; t < years; t++) {
      // New cases of year t (from the second year) among the people alive at its start: in
      // their own groups this year, at their onset year's share of their ratio.
      const fresh =
        t >= 1
          ? newCases(
              [groups, ...adding],
              conditions,
              Math.min(age + t, cap),
              states
            )
          : [];
      // And new cases of other ALDs, of the people open at its start, likewise.
      const freshAld =
        t >= 1 && onsets
          ? newExclusive([groups, ...adding, ...fresh], onsets, t, states)
          : [];
      // Not concat: apache-arrow, loaded in the same process by the CLI and the tests, marks
      // its vectors concat-spreadable, which puts every concat on V8's slow path (the
      // calibration took twice as long).
      const all: IGroup[] = [];
      for (const list of [groups, ...adding, ...fresh, freshAld]) {
        for (const g of list) {
          all.push(g);
        }
      }
      const target = Math.min(1, ratePer100k[Math.min(age + t, cap)] / 1e5);
      const base = solveBase(all, target);
      out[t][age] = Math.round(base * 1e7);
      for (const g of all) {
        g.alive *= 1 - Math.min(1, base * g.ratio * g.now + g.add);
        g.now = 1;
        g.add = g.addNext;
        g.addNext = g.addLater;
        g.addLater = 0;
      }
      if (t + 1 === years) {
        break;
      }
      // The ends of year t among its survivors (but of a new case's own condition, which
      // ends from the year after its onset): their ratio counts no more from year t + 1.
      const ended = [
        states.ends(groups),
        ...adding.map(list => states.ends(list)),
        ...fresh.map((g, k) => states.ends(g, k)),
        states.ends(freshAld)
      ];
      // By the years their excess risks still add: none, this one, this one and the next.
      const byYearsLeft = ended.map(list => {
        const parts: IGroup[][] = [[], [], []];
        for (const g of list) {
          parts[g.addNext !== 0 ? 2 : g.add !== 0 ? 1 : 0].push(g);
        }
        return parts;
      });
      const kept = (years: number): IGroup[] =>
        merge(
          byYearsLeft.map(parts => parts[years]),
          states
        );
      groups = kept(0);
      adding = [kept(1), kept(2)];
    }
  }
  return out;
}

interface IGroup {
  alive: number;
  ratio: number;
  /**
   * The share of `ratio` that counts this year: 1, but for the year's new cases, which count
   * from their onset day (a mean over the group's people: deaths are linear in it).
   */
  now: number;
  /**
   * The risk added this year by new cases' excess risks (IRatioShare.excess over their first
   * 12 months, excess2 over the next 12): the year's new cases' after their onset day, last
   * year's up to their anniversary and after it, those of the year before up to their second
   * anniversary (a mean, as `now`).
   */
  add: number;
  /** The risk their excess risks add next year. */
  addNext: number;
  /** And the year after. */
  addLater: number;
  /** The conditions of the first year that riskRatioWith reads (bit k: condition k). */
  first: number;
  /** The conditions had by now: the first year's and new cases. */
  had: number;
  /** In no exclusive disease yet, and may begin one (only where some have new cases). */
  open: boolean;
  /** The parts of `ratio` that `had` does not tell (States). */
  parts: number;
}

/** A group, made here only: every group has one shape, which keeps the loops fast. */
function group(
  alive: number,
  ratio: number,
  now: number,
  add: number,
  addNext: number,
  addLater: number,
  first: number,
  had: number,
  open: boolean,
  parts: number
): IGroup {
  return { alive, ratio, now, add, addNext, addLater, first, had, open, parts };
}

/** Group `g` with the fields of `x`. */
const like = (g: IGroup, x: Partial<IGroup>): IGroup =>
  group(
    x.alive ?? g.alive,
    x.ratio ?? g.ratio,
    x.now ?? g.now,
    x.add ?? g.add,
    x.addNext ?? g.addNext,
    x.addLater ?? g.addLater,
    x.first ?? g.first,
    x.had ?? g.had,
    x.open ?? g.open,
    x.parts ?? g.parts
  );

/** Shares of people by the set of conditions they have, with the set's mortality ratio. */
function groupsAt(
  age: number,
  conditions: IMortalityCondition[],
  states: States
): IGroup[] {
  return conditionSetsAt(age, conditions).flatMap(({ set, share }) =>
    conditionsOf(set, conditions.length).reduce<IGroup[]>(
      (groups, k) =>
        groups.flatMap(g =>
          ratiosAt(conditions[k], age).map(x =>
            like(g, {
              alive: g.alive * x.share,
              ratio: g.ratio * x.ratio,
              parts: g.parts + states.digit(k, x.ratio)
            })
          )
        ),
      [group(share, 1, 1, 0, 0, 0, set, set, false, 0)]
    )
  );
}

/** A part of a group's ratio: its digit's place in `parts`, and the ratios it may be. */
interface IPart {
  place: number;
  ratios: number[];
  /** Conditions only: the share of its people whose condition ends in a year. */
  stopShare: number;
  /**
   * Conditions only: its new cases have excess risks, which end with it (those of the group's
   * people whose condition ends lose the group's: the one condition's, but where two of a
   * person's new cases have excess risks, few).
   */
  excess: boolean;
}

/**
 * The parts of a group's ratio that `had` does not tell, as the digits of one number: for each
 * condition that ends (stopShare) or whose ratio depends on the person's code (ratiosByAge),
 * but for a condition whose ratios are all 1, and for the exclusive disease, 0 where none
 * counts, else 1 + the index of its ratio. With
 * first, had and open they make a group's state an integer (key), and an end divides its
 * condition's ratio out.
 */
class States {
  /** By condition: its part, if followed. */
  private readonly byCondition: (IPart | undefined)[];
  private readonly exclusive: IPart;
  /** The number of distinct `parts`. */
  private readonly count: number;
  /** 2 ** the number of conditions: the values of `first` and `had`. */
  private readonly n: number;
  /** Where each state is in the groups of a merge (Merged). */
  readonly index: StateIndex;

  constructor(
    conditions: IMortalityCondition[],
    exclusive: IExclusiveRisk[],
    cap: number
  ) {
    let place = 1;
    const part = (
      ratios: number[],
      stopShare: number,
      excess = false
    ): IPart => {
      const p = { place, ratios, stopShare, excess };
      place *= ratios.length + 1;
      return p;
    };
    this.byCondition = conditions.map(c => {
      const shares = Array.from({ length: cap + 1 }, (_, age) =>
        ratiosAt(c, age)
      ).flat();
      const ratios = [...new Set(shares.map(x => x.ratio))];
      const excess =
        !!c.incidencePpmByAge && shares.some(x => x.excess || x.excess2);
      const ends = (c.stopShare ?? 0) > 0;
      return (ratios.some(r => r !== 1) || (ends && excess)) &&
        (ends || ratios.length > 1)
        ? part(ratios, ends ? c.stopShare! : 0, excess)
        : undefined;
    });
    this.exclusive = part([...new Set(exclusive.map(e => e.ratio))], 0);
    this.count = place;
    this.n = 2 ** conditions.length;
    this.index = new StateIndex(this.n * this.n * 2 * this.count);
  }

  /** The digit in `parts` of condition k counted at `ratio` (0 where not followed). */
  digit(k: number, ratio: number): number {
    const p = this.byCondition[k];
    return p ? p.place * (1 + p.ratios.indexOf(ratio)) : 0;
  }

  /** The digit in `parts` of an exclusive disease of `ratio` (0 for a ratio of 1). */
  exclusiveDigit(ratio: number): number {
    return ratio === 1
      ? 0
      : this.exclusive.place * (1 + this.exclusive.ratios.indexOf(ratio));
  }

  /** A group's state as one integer. */
  key(first: number, had: number, open: boolean, parts: number): number {
    return ((first * this.n + had) * 2 + (open ? 1 : 0)) * this.count + parts;
  }

  /**
   * The groups after a year's ends: of each condition's people (but condition `except`'s),
   * its stopShare ends.
   */
  ends(groups: IGroup[], except = -1): IGroup[] {
    let out = groups;
    for (const [k, p] of this.byCondition.entries()) {
      if (!p?.stopShare || k === except) {
        continue;
      }
      const merged = new Merged(this);
      for (const g of out) {
        const d = Math.floor(g.parts / p.place) % (p.ratios.length + 1);
        if (d === 0) {
          merged.keep(g, g.alive);
          continue;
        }
        const ending = g.alive * p.stopShare;
        merged.keep(g, g.alive * (1 - p.stopShare));
        merged.add(
          g,
          ending,
          g.ratio / p.ratios[d - 1],
          g.had,
          g.open,
          g.parts - d * p.place,
          g.now,
          p.excess ? 0 : g.add,
          p.excess ? 0 : g.addNext,
          p.excess ? 0 : g.addLater
        );
      }
      out = merged.groups;
    }
    return out;
  }
}

/** A new case's mean share of its ratio in its onset year: the share of the year after its onset day. */
const ONSET_YEAR_SHARE = 0.5;

/** A group's `now` once its people begin a case of `ratio` this year. */
const onsetNow = (now: number, ratio: number): number =>
  (now * (1 + (ratio - 1) * ONSET_YEAR_SHARE)) / ratio;

/**
 * A year's new cases at `age` (the age at onset): each condition a group of `lists` has not
 * had begins in a share of it, at the condition's ratios of that age. The rest stay in their
 * groups (their states unchanged, fewer alive); the new cases are in groups of their own, by
 * condition (`fresh[k]`, merged by state, `now` their onset year's share of their ratio, `add`,
 * `addNext` and `addLater` their excess risks'), apart until the year's deaths and ends are
 * drawn. A new case of
 * two conditions in the year (few) counts as the later one's.
 */
function newCases(
  lists: IGroup[][],
  conditions: IMortalityCondition[],
  age: number,
  states: States
): IGroup[][] {
  const fresh: IGroup[][] = conditions.map(() => []);
  conditions.forEach((c, k) => {
    if (!c.incidencePpmByAge) {
      return;
    }
    const ratios = ratiosAt(c, age);
    const merged = new Merged(states);
    // By first-year conditions: the share beginning it (NaN: not yet worked out).
    const shares = new Float64Array(1 << conditions.length).fill(NaN);
    const split = (g: IGroup): void => {
      let q = 0;
      if (!((g.had >> k) & 1)) {
        q = shares[g.first];
        if (Number.isNaN(q)) {
          q = shares[g.first] = onsetShare(c, g.first, age);
        }
      }
      if (q === 0) {
        return;
      }
      for (const x of ratios) {
        const excess = x.excess ?? 0;
        const excess2 = x.excess2 ?? 0;
        merged.add(
          g,
          g.alive * q * x.share,
          g.ratio * x.ratio,
          g.had | (1 << k),
          g.open,
          g.parts + states.digit(k, x.ratio),
          onsetNow(g.now, x.ratio),
          g.add + excess * ONSET_YEAR_SHARE,
          g.addNext +
            excess * (1 - ONSET_YEAR_SHARE) +
            excess2 * ONSET_YEAR_SHARE,
          g.addLater + excess2 * (1 - ONSET_YEAR_SHARE)
        );
      }
      g.alive *= 1 - q;
    };
    fresh.forEach(list => list.forEach(split));
    lists.forEach(list => list.forEach(split));
    fresh[k] = merged.groups;
  });
  return fresh;
}

/** Lists of groups merged by state (Merged). */
function merge(lists: IGroup[][], states: States): IGroup[] {
  if (lists.slice(1).every(list => !list.length)) {
    return lists[0];
  }
  const merged = new Merged(states);
  for (const list of lists) {
    for (const g of list) {
      merged.keep(g, g.alive);
    }
  }
  return merged.groups;
}

/**
 * The position of each state (an integer key) in the groups of the merge that last saw it,
 * for one merge at a time: an array over all keys where they are few enough (no hashing, and
 * allocated once), else a map.
 */
class StateIndex {
  private readonly at?: Int32Array;
  /** The merge that last set each key's position. */
  private readonly marks?: Int32Array;
  private readonly byKey = new Map<number, number>();
  private mark = 0;

  constructor(keys: number) {
    if (!Number.isSafeInteger(keys)) {
      throw new Error('mortality: too many conditions to follow their states');
    }
    if (keys <= 1 << 22) {
      this.at = new Int32Array(keys);
      this.marks = new Int32Array(keys);
    }
  }

  /** A new merge's mark: the positions of the previous ones no longer count. */
  next(): number {
    this.byKey.clear();
    return ++this.mark;
  }

  /** Where `key` is in merge `mark`'s groups; else `size`, which becomes its position. */
  find(key: number, mark: number, size: number): number {
    if (this.at && this.marks) {
      if (this.marks[key] === mark) {
        return this.at[key];
      }
      this.marks[key] = mark;
      this.at[key] = size;
      return size;
    }
    const at = this.byKey.get(key);
    if (at !== undefined) {
      return at;
    }
    this.byKey.set(key, size);
    return size;
  }
}

/**
 * Groups merged by state (States.key), in the order each state first comes; those of less
 * than NEGLIGIBLE of the age's people are dropped.
 */
class Merged {
  readonly groups: IGroup[] = [];
  /** This merge's mark in the states' index (States.index). */
  private readonly mark: number;

  constructor(private readonly states: States) {
    this.mark = states.index.next();
  }

  /**
   * `alive` people of group `g`'s state. The merge takes `g` itself, whose list it consumes:
   * as its state's group (a third fewer objects made, and the build's garbage collection
   * with them), or blended into it.
   */
  keep(g: IGroup, alive: number): void {
    if (alive < NEGLIGIBLE) {
      return;
    }
    const at = this.slot(g.first, g.had, g.open, g.parts);
    if (at < this.groups.length) {
      blend(
        this.groups[at],
        alive,
        g.ratio,
        g.now,
        g.add,
        g.addNext,
        g.addLater
      );
    } else {
      g.alive = alive;
      this.groups.push(g);
    }
  }

  /** Where the group of a state is in this merge; a new one goes at the end. */
  private slot(
    first: number,
    had: number,
    open: boolean,
    parts: number
  ): number {
    const key = this.states.key(first, had, open, parts);
    return this.states.index.find(key, this.mark, this.groups.length);
  }

  /**
   * `alive` people of group `g` moved to another state (`now`, `add`, `addNext`, `addLater`: as
   * new cases).
   */
  add(
    g: IGroup,
    alive: number,
    ratio: number,
    had: number,
    open: boolean,
    parts: number,
    now = g.now,
    add = g.add,
    addNext = g.addNext,
    addLater = g.addLater
  ): void {
    if (alive < NEGLIGIBLE) {
      return;
    }
    const at = this.slot(g.first, had, open, parts);
    if (at < this.groups.length) {
      blend(this.groups[at], alive, ratio, now, add, addNext, addLater);
    } else {
      this.groups.push(
        group(
          alive,
          ratio,
          now,
          add,
          addNext,
          addLater,
          g.first,
          had,
          open,
          parts
        )
      );
    }
  }
}

/**
 * `alive` people of one state (Merged.add) joined to its group `same`: their means. Apart from
 * Merged.add, which then stays small enough for V8 to inline (the build took a third longer).
 */
function blend(
  same: IGroup,
  alive: number,
  ratio: number,
  now: number,
  add: number,
  addNext: number,
  addLater: number
): void {
  // A state tells its ratio (States): else the merge would lose one.
  if (Math.abs(same.ratio - ratio) > 1e-9 * ratio) {
    throw new Error(
      `mortality: one state, two ratios (${same.ratio}, ${ratio})`
    );
  }
  if (now !== same.now) {
    same.now = (same.now * same.alive + now * alive) / (same.alive + alive);
  }
  if (
    add !== same.add ||
    addNext !== same.addNext ||
    addLater !== same.addLater
  ) {
    const total = same.alive + alive;
    same.add = (same.add * same.alive + add * alive) / total;
    same.addNext = (same.addNext * same.alive + addNext * alive) / total;
    same.addLater = (same.addLater * same.alive + addLater * alive) / total;
  }
  same.alive += alive;
}

/** An age's new cases of exclusive diseases: their shares of the people open, and ratios. */
interface IExclusiveOnsets {
  /** The share of the people open at the first year whose disease begins in a given year. */
  yearly: number;
  /** Of those, the share at each ratio (the diseases of one ratio make one state). */
  byRatio: IRatioShare[];
}

/** New cases of the exclusive diseases for people of first-year `age`; none: undefined. */
function exclusiveOnsets(
  exclusive: IExclusiveRisk[],
  age: number
): IExclusiveOnsets | undefined {
  const rates = exclusive.map(e => e.yearlyOnsetByAge?.[age] ?? 0);
  const yearly = rates.reduce((s, x) => s + x, 0);
  if (!(yearly > 0)) {
    return undefined;
  }
  const byRatio = new Map<number, number>();
  exclusive.forEach((e, k) => {
    const ratio = ratioFrom(e, age);
    byRatio.set(ratio, (byRatio.get(ratio) ?? 0) + rates[k] / yearly);
  });
  return {
    yearly,
    byRatio: [...byRatio].map(([ratio, share]) => ({ share, ratio }))
  };
}

/**
 * Year t's new cases of exclusive diseases, in groups of their own (`now` as newCases'): of
 * the people open in `lists`, those whose disease begins in year t (one draw over the years,
 * so yearly / (1 - (t - 1) yearly) of those still open), at its ratio; they are open no more.
 * The rest stay in their groups, fewer alive.
 */
function newExclusive(
  lists: IGroup[][],
  onsets: IExclusiveOnsets,
  t: number,
  states: States
): IGroup[] {
  const left = 1 - (t - 1) * onsets.yearly;
  const q = left > 0 ? Math.min(1, onsets.yearly / left) : 0;
  const merged = new Merged(states);
  if (q === 0) {
    return merged.groups;
  }
  const digits = onsets.byRatio.map(d => states.exclusiveDigit(d.ratio));
  for (const list of lists) {
    for (const g of list) {
      if (!g.open) {
        continue;
      }
      for (let i = 0; i < digits.length; i++) {
        const d = onsets.byRatio[i];
        merged.add(
          g,
          g.alive * q * d.share,
          g.ratio * d.ratio,
          g.had,
          false,
          g.parts + digits[i],
          onsetNow(g.now, d.ratio)
        );
      }
      g.alive *= 1 - q;
    }
  }
  return merged.groups;
}

/** An exclusive disease's ratio for people of first-year `age`. */
function ratioFrom(e: IExclusiveRisk, age: number): number {
  return age >= (e.minAge ?? 0) ? e.ratio : 1;
}

/** A share of an age's people too small to follow (a group's deaths would not show). */
const NEGLIGIBLE = 1e-12;

/** The yearly share of people without `c` who begin it, as the draw gives it. */
function onsetShare(
  c: IMortalityCondition,
  first: number,
  age: number
): number {
  const ppm = c.riskRatioWith.reduce(
    (v, [other, factor]) => (first & (1 << other) ? v * factor : v),
    c.incidencePpmByAge![age]
  );
  return Math.min(1, ppm / 1e6);
}

/** The first-year conditions that change a new case's odds (riskRatioWith), as bits. */
function onsetFactors(conditions: IMortalityCondition[]): number {
  return conditions
    .filter(c => c.incidencePpmByAge)
    .reduce(
      (bits, c) =>
        c.riskRatioWith.reduce((b, [other]) => b | (1 << other), bits),
      0
    );
}

/** The ratios of the people of `age` with condition `c`, with their shares. */
function ratiosAt(c: IMortalityCondition, age: number): IRatioShare[] {
  return c.ratiosByAge?.[age] ?? [{ share: 1, ratio: c.ratio }];
}

/**
 * Each group split into its people in each exclusive disease of ratio other than 1 (drawn
 * apart from the conditions), and the rest; where some begin later (`onsets`), the rest is
 * those in none, open to new cases, and those in a disease of ratio 1.
 */
function splitByExclusive(
  groups: IGroup[],
  exclusive: IExclusiveRisk[],
  age: number,
  onsets: boolean,
  states: States
): IGroup[] {
  if (!exclusive.length) {
    return groups;
  }
  const shares = exclusive.map(e => e.shareByAge[age] ?? 0);
  const rated = exclusive.flatMap((e, k) => {
    const ratio = ratioFrom(e, age);
    return ratio !== 1 ? [{ share: shares[k], ratio }] : [];
  });
  const none = 1 - shares.reduce((s, x) => s + x, 0);
  const rest = 1 - rated.reduce((s, x) => s + x.share, 0);
  const rests = onsets
    ? [
        { alive: none, open: true },
        { alive: rest - none, open: false }
      ]
    : [{ alive: rest, open: false }];
  return groups.flatMap(g => [
    ...rests
      .filter(x => x.alive > 0)
      .map(x => like(g, { alive: g.alive * x.alive, open: x.open })),
    ...rated.map(x =>
      like(g, {
        alive: g.alive * x.share,
        ratio: g.ratio * x.ratio,
        parts: g.parts + states.exclusiveDigit(x.ratio)
      })
    )
  ]);
}

/**
 * The base whose mean risk over the survivors is `target`; a group's risk is min(1, the base
 * times its ratio times `now`, plus `add`).
 */
function solveBase(groups: IGroup[], target: number): number {
  const total = groups.reduce((s, g) => s + g.alive, 0);
  if (!(total > 0)) {
    return 1; // nobody left of this age
  }
  // The mean risk is concave and piecewise linear in the base: each piece (the people whose
  // risk reaches 1 counting 1) lies above it, so its solution is at most the base. From 0,
  // each solution's piece gives the next, up to the base's own.
  let base = 0;
  for (;;) {
    let capped = 0;
    let weighted = 0;
    let added = 0;
    for (const g of groups) {
      const ratio = g.ratio * g.now;
      if (base * ratio + g.add >= 1) {
        capped += g.alive;
      } else {
        weighted += g.alive * ratio;
        added += g.alive * g.add;
      }
    }
    const next = (target * total - capped - added) / weighted;
    if (!(next > base && next < Infinity)) {
      return base;
    }
    base = next;
  }
}

/**
 * Where `grows`, a function that only grows, reaches `target` between `lo` and `hi`
 * (bisection): the bracket [below, at or above] after 60 halvings.
 */
function rootOf(
  grows: (x: number) => number,
  target: number,
  lo: number,
  hi: number
): [number, number] {
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (grows(mid) < target) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return [lo, hi];
}

/**
 * Men's share of the deaths in each band of `bands` (lower bounds): the pyramid's people of
 * each sex times their death rate, each pyramid band counted in the band of its lower bound;
 * kept within 1% and 99% (one sex's deaths divide a weight).
 */
export function menShareOfDeaths(
  ageBands: number[],
  pyramid: { male: number[]; female: number[] },
  ratePer100k: { male: number[]; female: number[] },
  bands: number[]
): number[] {
  return bands.map((lo, b) => {
    const hi = bands[b + 1] ?? Infinity;
    const deaths = (sex: 'male' | 'female'): number =>
      ageBands.reduce(
        (s, a, k) =>
          a >= lo && a < hi ? s + pyramid[sex][k] * ratePer100k[sex][k] : s,
        0
      );
    const male = deaths('male');
    const total = male + deaths('female');
    return total > 0 ? Math.min(0.99, Math.max(0.01, male / total)) : 0.5;
  });
}

/**
 * Men's share (0 to 1) of each cause's deaths in a band, near `malePct` (%): every cause's
 * odds of a man's death times one factor, found so that the causes, by their `weights`, make
 * `menShare` of the band's deaths (what the sexes' death rates give). 0% and 100% stay.
 */
export function menShareByCause(
  weights: number[],
  malePct: number[],
  menShare: number
): number[] {
  const at = (logFactor: number): number[] =>
    malePct.map(p => {
      if (p <= 0 || p >= 100) {
        return p / 100;
      }
      const odds = (p / (100 - p)) * Math.exp(logFactor);
      return odds / (1 + odds);
    });
  const total = weights.reduce((s, w) => s + w, 0);
  const mean = (logFactor: number): number =>
    at(logFactor).reduce((s, m, k) => s + m * weights[k], 0) / total;
  const [lo, hi] = rootOf(mean, menShare, -20, 20);
  return at((lo + hi) / 2);
}
