/**
 * GHM roots of the profiles resolved against the GHS nomenclature (IR_GHS_V): for each root,
 * the GHS, tariff and high bound of each severity, checked against the root's CMD and type.
 */
import type { INomenclatureValues } from '@snds-lab/schema';
import type { IGhmRule } from './profiles.js';

/** Severity characters of a GHM, in slot order: levels, very short, ambulatory, sessions, obstetrics. */
export const SEVERITIES = '1234TJZABCD';
const SLOT = Object.fromEntries([...SEVERITIES].map((c, k) => [c, k]));
/** Label suffixes of IR_GHS_V for each severity ('' for the groups without severity). */
const SUFFIX: Record<string, string> = {
  '1': ', niveau 1',
  '2': ', niveau 2',
  '3': ', niveau 3',
  '4': ', niveau 4',
  T: ', très courte durée',
  J: ', en ambulatoire',
  Z: '',
  A: ', sans complication significative',
  B: ', avec autres complications',
  C: ', avec complications majeures',
  D: ', avec complications sévères'
};
/**
 * Fewest nights of severity levels 1 to 4: levels 2, 3 and 4 need at least 3, 4 and 5 days
 * (rule of the GHM classification since its version 11); 'J' and 'T' groups are for stays
 * of 0 and of at most 1 night.
 */
export const MIN_NIGHTS_BY_LEVEL = [0, 3, 4, 5];
/** Kinds of GHM roots: with levels 1 to 4, sessions (Z), obstetrics (A to D). */
export const FAMILY = { levels: 0, sessions: 1, obstetrics: 2 };

export interface IGhsRow {
  num: number;
  label: string;
  cmd: number;
  /** GHS_DDP_MCO: C (surgery), M (medicine), O (obstetrics)… */
  ddp: string;
  ageMin: number;
  ageMax: number;
  /** GHS_SEX: 1 men only, 2 women only, 0 both. */
  sex: number;
  /** Creation date as yyyymmdd. */
  created: number;
  /** Tariff in cents, high bound (days) and tariff of a day beyond it (cents). */
  price: number;
  highBound: number;
  extraDay: number;
}

export interface IGhmEntry {
  rule: IGhmRule;
  family: number;
  /** GHS per severity slot (SEVERITIES order), if the root has that severity. */
  slots: (IGhsRow | undefined)[];
  /** Slots of stays of 0 and of 1 night. */
  short0: number;
  short1: number;
}

const MONTHS = 'JANFEBMARAPRMAYJUNJULAUGSEPOCTNOVDEC';

function sasDate(text: string): number {
  const m = /^(\d{2})([A-Z]{3})(\d{4})/.exec(text);
  return m
    ? Number(m[3]) * 10000 + (MONTHS.indexOf(m[2]) / 3 + 1) * 100 + Number(m[1])
    : 0;
}

/**
 * Whether a GHS's type (GHS_DDP_MCO) fits the letter of its GHM or root: surgery (C) in a
 * surgical root only; obstetrics (O) in any, caesareans 14C and vaginal deliveries 14Z.
 */
export function ghsTypeFits(ddp: string, ghm: string): boolean {
  return ddp === 'O' || (ddp === 'C') === (ghm[2] === 'C');
}

/** The GHS of IR_GHS_V (first sector rows, GHS_NUM_SEC = 1). */
export function ghsRows(values: INomenclatureValues): IGhsRow[] {
  const k = (name: string): number => values.columns.indexOf(name);
  const num = (text: string): number => Math.round(Number(text) || 0);
  return values.rows
    .filter(r => r[k('GHS_NUM_SEC')] === '1')
    .map(r => ({
      num: num(r[k('GHS_NUM')]),
      label: r[k('GHS_LIB')],
      cmd: num(r[k('GHS_CMD')]),
      ddp: r[k('GHS_DDP_MCO')],
      ageMin: num(r[k('GHS_AGE_MIN')]),
      ageMax: num(r[k('GHS_AGE_MAX')]),
      sex: num(r[k('GHS_SEX')]),
      created: sasDate(r[k('GHS_CRE_DTE')]),
      price: num(r[k('GHS_PRU_OC1')]),
      highBound: num(r[k('GHS_SEU_HT1')]),
      extraDay: num(r[k('GHS_PRU_EX1')])
    }));
}

/** Resolves each rule's root to its GHS; throws naming the rule and the fix. */
export function resolveGhm(rules: IGhmRule[], ghs: IGhsRow[]): IGhmEntry[] {
  const byLabel = new Map<string, IGhsRow>();
  for (const row of ghs) {
    const seen = byLabel.get(row.label);
    // The latest GHS of a label is the one of the current classification.
    if (
      !seen ||
      row.created > seen.created ||
      (row.created === seen.created && row.num > seen.num)
    ) {
      byLabel.set(row.label, row);
    }
  }
  return rules.map(rule => {
    const where = `care.json pmsi.ghm (${rule.root})`;
    if (!/^\d{2}[CKMZ]\d{2}$/.test(rule.root)) {
      throw new Error(
        `${where}: a GHM root is a CMD, a type letter (C, K, M or Z) and two digits, e.g. 05M04.`
      );
    }
    const slots = [...SEVERITIES].map(s => byLabel.get(rule.ghs + SUFFIX[s]));
    const has = (s: string): boolean => slots[SLOT[s]] !== undefined;
    // A label without suffix may also be the GHS of an older classification: a root with
    // levels or obstetric severities is not a group without severity.
    const family = has('1')
      ? FAMILY.levels
      : has('A')
        ? FAMILY.obstetrics
        : has('Z')
          ? FAMILY.sessions
          : FAMILY.levels;
    const needed =
      family === FAMILY.levels
        ? ['1', '2', '3', '4']
        : family === FAMILY.obstetrics
          ? ['A', 'B', 'C', 'D']
          : ['Z'];
    const missing = needed.filter(s => !has(s));
    if (missing.length) {
      throw new Error(
        `${where}: IR_GHS_V has no GHS labelled "${rule.ghs}${SUFFIX[missing[0]]}"; use the label of the root's GHS in that nomenclature.`
      );
    }
    for (const row of slots.filter((x): x is IGhsRow => !!x)) {
      if (row.cmd !== Number(rule.root.slice(0, 2))) {
        throw new Error(
          `${where}: GHS ${row.num} ("${row.label}") is in CMD ${row.cmd}, not in the root's CMD ${rule.root.slice(0, 2)}.`
        );
      }
      if (!ghsTypeFits(row.ddp, rule.root)) {
        throw new Error(
          `${where}: GHS ${row.num} is of type ${row.ddp} in IR_GHS_V, which does not match the root's letter ${rule.root[2]} (C for surgery).`
        );
      }
      if (
        (row.ageMin > 0 && (rule.minAge ?? 0) < row.ageMin) ||
        (row.ageMax > 0 && (rule.maxAge ?? 999) > row.ageMax)
      ) {
        throw new Error(
          `${where}: GHS ${row.num} is for ages ${row.ageMin} to ${row.ageMax || 'any'}; give the rule the same minAge/maxAge.`
        );
      }
    }
    const first = (...options: string[]): number =>
      SLOT[options.find(s => has(s)) ?? options[options.length - 1]];
    return {
      rule,
      family,
      slots,
      short0:
        family === FAMILY.sessions
          ? SLOT.Z
          : family === FAMILY.obstetrics
            ? first('T', 'A')
            : first('J', 'T', '1'),
      short1:
        family === FAMILY.sessions
          ? SLOT.Z
          : family === FAMILY.obstetrics
            ? first('T', 'A')
            : first('T', '1')
    };
  });
}

/**
 * For each principal diagnosis, the entries that may group it: the first matching rule, and
 * the next one when the first is limited by age (the SQL takes the first whose ages fit).
 */
export function entriesOfCodes(
  codes: string[],
  entries: IGhmEntry[]
): [number, number][] {
  return codes.map(code => {
    const matching = entries
      .map((e, k) => ({ e, k }))
      .filter(({ e }) => e.rule.icd10.some(p => code.startsWith(p)));
    if (!matching.length) {
      throw new Error(
        `care.json pmsi.ghm: no rule groups the principal diagnosis ${code}; add a rule whose icd10 prefixes cover it.`
      );
    }
    const [a, b] = matching;
    const limited = (e: IGhmEntry): boolean =>
      e.rule.minAge !== undefined || e.rule.maxAge !== undefined;
    if (limited(a.e) && !b) {
      throw new Error(
        `care.json pmsi.ghm: ${code} is grouped only for ages ${a.e.rule.minAge ?? 0} to ${a.e.rule.maxAge ?? 'any'}; add a rule for the other ages.`
      );
    }
    return [a.k + 1, (limited(a.e) ? b.k : a.k) + 1];
  });
}
