/**
 * Biology check-ups: which one a biology line of ER_PRS_F is, its price from the B
 * coefficients of its NABM acts, and its acts in ER_BIO_F.
 */
import { DCIR_JOIN_KEY } from '@snds-lab/schema';
import { saltOf } from './hash_sql.js';
import type { IBiologyPanel, ICareProfile } from './profiles.js';

/** A condition, treatment or chosen drug with check-ups of its own a year (its follow-up). */
export interface IBiologyOwner {
  id: string;
  biologyPerYear?: number;
  /** Its check-ups; care.json biologyPanels when absent. */
  biologyPanels?: IBiologyPanel[];
}

/** A profile's list of check-ups and where it is written (for messages). */
export interface IBiologySource {
  panels: IBiologyPanel[];
  where: string;
  /** The condition, treatment or chosen drug whose biologyPerYear these are; none for care.json's. */
  owner?: IBiologyOwner;
}

/**
 * care.json's check-ups first, then those of each condition, of each treatment and of each
 * chosen drug (a condition's chronicAtcChoices, with where its panels are written), that
 * gives its own.
 */
export function biologySources(
  care: ICareProfile,
  conditions: IBiologyOwner[],
  treatments: IBiologyOwner[] = [],
  choices: { owner: IBiologyOwner; where: string }[] = []
): IBiologySource[] {
  const own = (
    owners: { owner: IBiologyOwner; where: string }[]
  ): IBiologySource[] =>
    owners
      .filter(({ owner }) => owner.biologyPanels)
      .map(({ owner, where }) => ({
        panels: owner.biologyPanels!,
        where,
        owner
      }));
  const named = (owners: IBiologyOwner[], where: string) =>
    owners.map(owner => ({
      owner,
      where: `conditions.json ${where}(${owner.id}) biologyPanels`
    }));
  return [
    { panels: care.biologyPanels, where: 'care.json biologyPanels' },
    ...own(named(conditions, '')),
    ...own(named(treatments, 'treatments ')),
    ...own(choices)
  ];
}

/** Every check-up of the sources, numbered in their order (the line's `bio_p`). */
export function allPanels(sources: IBiologySource[]): IBiologyPanel[] {
  return sources.flatMap(s => s.panels);
}

/** Each check-up's price in cents: the B coefficients of its acts and the common ones. */
export function panelCents(
  panels: IBiologyPanel[],
  commonActs: number[],
  coefficients: Map<string, number>,
  euroPerB: number
): number[] {
  return panels.map(b => {
    const total = [...b.acts, ...commonActs].reduce((sum, act) => {
      const coefficient = coefficients.get(String(act));
      if (coefficient === undefined || !Number.isFinite(coefficient)) {
        throw new Error(
          `Biology act ${act} (check-up "${b.name}") has no B coefficient (BIO_TAR_COF) in IR_BIO_R; use acts of that list.`
        );
      }
      return sum + coefficient;
    }, 0);
    return Math.round(total * euroPerB * 100);
  });
}

/** Whom a check-up is for, as SQL over `sex` and `age_t`; null when for everyone. */
function forWhom(b: IBiologyPanel): string | null {
  const parts = [
    b.sex !== undefined ? `sex = ${b.sex}` : '',
    b.minAge !== undefined ? `age_t >= ${b.minAge}` : ''
  ].filter(Boolean);
  return parts.length ? parts.join(' AND ') : null;
}

/**
 * One check-up of a list, drawn by weight among those open to the person (the lists always
 * have one open to everyone); `first` numbers the list's first check-up.
 */
function pickPanel(panels: IBiologyPanel[], first: number, u: string): string {
  const weightOf = (b: IBiologyPanel): string => {
    const who = forWhom(b);
    return who
      ? `(CASE WHEN ${who} THEN ${b.weight} ELSE 0 END)`
      : String(b.weight);
  };
  const open = panels.filter(b => b.weight > 0);
  if (open.length === 1) {
    return String(first + panels.indexOf(open[0]));
  }
  const total = open.map(weightOf).join(' + ');
  const v = `(${u} * (${total}))`;
  const whens = open.slice(0, -1).map((b, k) => {
    const upTo = open
      .slice(0, k + 1)
      .map(weightOf)
      .join(' + ');
    const who = forWhom(b);
    return `WHEN ${who ? `${who} AND ` : ''}${v} < ${upTo} THEN ${first + panels.indexOf(b)}`;
  });
  const last = open[open.length - 1];
  const lastWho = forWhom(last);
  // The last one open to everyone catches what rounding leaves.
  const fallback = open.filter(b => !forWhom(b)).pop()!;
  const otherwise = lastWho
    ? `CASE WHEN ${lastWho} THEN ${first + panels.indexOf(last)} ELSE ${first + panels.indexOf(fallback)} END`
    : String(first + panels.indexOf(last));
  return `CASE ${whens.join(' ')} ELSE ${otherwise} END`;
}

/**
 * The weights of an owner's check-ups in a year, 0 to n: a Poisson law of mean
 * biologyPerYear (a regular follow-up, some missed); [1] (none) for a mean of 0.
 */
export function followUpWeights(o: IBiologyOwner): number[] {
  const mean = o.biologyPerYear ?? 0;
  if (mean <= 0) {
    return [1];
  }
  const weights: number[] = [];
  let p = Math.exp(-mean);
  let left = 1;
  for (let n = 0; left > 1e-7 && n < 60; n++) {
    weights.push(p);
    left -= p;
    p = (p * mean) / (n + 1);
  }
  return weights;
}

/** An owner of follow-up check-ups and its count column of the person-year (nbio_0…). */
export interface IOwnerCount {
  owner: IBiologyOwner;
  column: string;
}

/**
 * SQL of the first biology slot after the follow-up check-ups of `owners`: the sum of the
 * counts of those that have some.
 */
export function slotsBefore(owners: IOwnerCount[]): string {
  return (
    owners
      .filter(o => (o.owner.biologyPerYear ?? 0) > 0)
      .map(o => o.column)
      .join(' + ') || '0'
  );
}

/**
 * The check-up of a biology line (`bio_p`) of slot `k`: the first slots are the follow-up
 * check-ups of the conditions, treatments and chosen drugs (their counts in order, as in
 * `owners`), with the owner's biologyPanels when it gives them; the others, and those,
 * draw from care.json's.
 */
export function panelChoiceSql(
  sources: IBiologySource[],
  owners: IOwnerCount[]
): string {
  const u = `_u(er, ${saltOf('biology: which check-up')})`;
  const care = pickPanel(sources[0].panels, 0, u);
  const firsts = new Map<IBiologyOwner, number>();
  let first = sources[0].panels.length;
  for (const s of sources.slice(1)) {
    firsts.set(s.owner!, first);
    first += s.panels.length;
  }
  const whens = owners.flatMap(({ owner }, i) => {
    if ((owner.biologyPerYear ?? 0) <= 0) {
      return [];
    }
    const own = sources.find(s => s.owner === owner);
    return [
      `WHEN k < ${slotsBefore(owners.slice(0, i + 1))} THEN ${own ? pickPanel(own.panels, firsts.get(owner)!, u) : care}`
    ];
  });
  return whens.length ? `CASE ${whens.join(' ')} ELSE ${care} END` : care;
}

/**
 * ER_BIO_F from ER_PRS_F's biology lines (`kind` 9): one row per act of the line's check-up
 * and per common act, with its order (BIO_ORD_NUM) and the line's sign (a regularisation
 * line's acts count -1).
 */
export function biologyActsDriver(
  panels: IBiologyPanel[],
  commonActs: number[]
): string {
  const lists = panels.map(b => `[${[...b.acts, ...commonActs].join(', ')}]`);
  const key = DCIR_JOIN_KEY.map(c => `${c} AS ${c}`).join(', ');
  return `SELECT _h(_r + 7919 * o) AS _r, ${key}, act AS BIO_PRS_IDE, o AS BIO_ORD_NUM,
  CASE WHEN PRS_ACT_QTE < 0 THEN -1 ELSE 1 END AS BIO_ACT_QSN
FROM (SELECT *, unnest(acts) AS act, generate_subscripts(acts, 1) AS o
  FROM (SELECT *, [${lists.join(', ')}][1 + bio_p] AS acts FROM ER_PRS_F WHERE kind = 9))`;
}
