/**
 * The core model: people, conditions, ambulatory care (DCIR), hospital stays (PMSI MCO), ALD,
 * causes of death and the cartographie, written as SQL over the profiles. Each function returns
 * the statements of an internal table or the driver SELECT of an SNDS table (its columns by
 * name plus `_r`, the row random); compile.ts fills the other columns and casts to the DDL.
 */
import type { INomenclatureLoader, SndsDictionary } from '@snds-lab/schema';
import { ageClass5Sql, ageClassCtSql } from './cartography.js';
import { intSetSql } from './int_set_sql.js';
import {
  admissionExcess,
  ageShares,
  eligibleShares,
  type IAdmissionCondition
} from './admission.js';
import type { IConditionDraw } from './condition_sets.js';
import {
  allPanels,
  biologyActsDriver,
  biologySources,
  followUpWeights,
  panelCents,
  panelChoiceSql,
  slotsBefore,
  type IBiologyOwner,
  type IOwnerCount,
  type IBiologySource
} from './biology.js';
import {
  baseMortalityByYear,
  menShareByCause,
  menShareOfDeaths,
  type IRatioShare
} from './mortality.js';
import {
  entriesOfCodes,
  FAMILY,
  ghsRows,
  MIN_NIGHTS_BY_LEVEL,
  resolveGhm,
  SEVERITIES,
  type IGhmEntry,
  type IGhsRow
} from './ghm.js';
import {
  bandCase,
  hash32,
  rowRandom,
  saltOf,
  sqlString,
  weightedCase
} from './hash_sql.js';
import { splitList, sqlList, type IPoolList } from './pool_lists.js';
import { CREATE_WORK_TABLE } from './work_tables.js';
import { gammaQuantiles, SPREAD_SLOTS } from './spread.js';
import {
  causesDeaths,
  chronicAtcOf,
  codesOf,
  INVALID_LINK_CODES,
  lastStaysOf,
  EXCESS_FIELDS,
  MAX_MONTHLY_DRUGS,
  MAX_TREATMENTS,
  type IAgeSexRestriction,
  type IAtcChoice,
  type IBandWeights,
  type IConditionProfile,
  type IDrugLists,
  type IOtherAldProfile,
  type IEpidemicProfile,
  type ITreatmentProfile,
  type ISexSeriesOf,
  type IProfiles
} from './profiles.js';
import { tariffCents } from './tariffs.js';

export const MAX_YEARS = 10;
/** The one-row table of code lists and lookup lists (built by the compiler's pools step). */
export const LOOKUP_TABLE = '_pools';
/** Per-age lookups cover ages 0 to AGE_CAP; older ages read the last entry. */
const AGE_CAP = 130;
/** Slots of a weighted lookup: a draw in [0, SLOTS) picks a slot, each slot names a value. */
const SLOTS = 10000;
/** Slots of each month's acute drugs (care.json acuteAtcWeights times seasonality). */
const ACUTE_SLOTS = 2000;
/** Slots of the other acute drugs (weighted by care.json acuteOtherClassWeights). */
const OTHER_ACUTE_SLOTS = 20000;
/** Slots of each sex and age band's row in a weighted lookup by sex and age. */
const BAND_SLOTS = 1000;
/** Draws in [0, THRESHOLD_SCALE) against cumulative thresholds (indexByThresholds, thresholdIndex). */
const THRESHOLD_SCALE = 1000000;

/** The kind of care line (ER_PRS_F's `kind`) of an other ALD's chronic drugs. */
const OTHER_ALD_KIND = 11;
/** The kind of the first chronic treatment outside the conditions (conditions.json treatments[0]). */
const TREATMENT_KIND = 12;
/** The year whose treatment draws are the persons' own (`r`); renewYears counts from it. */
const REFERENCE_YEAR = 2019;
/** The kinds of the treatments: TREATMENT_KIND + e for treatments[e]. */
const TREATMENT_KINDS = `kind BETWEEN ${TREATMENT_KIND} AND ${TREATMENT_KIND + MAX_TREATMENTS - 1}`;
/** Chronic drugs: a condition's (kinds 4 to 8, one per condition), an other ALD's or a treatment's. */
const CHRONIC_KINDS = `(kind BETWEEN 4 AND 8 OR kind = ${OTHER_ALD_KIND} OR ${TREATMENT_KINDS})`;
/** Every drug line: acute (kind 3) or chronic. */
export const DRUG_KINDS = `(kind BETWEEN 3 AND 8 OR kind = ${OTHER_ALD_KIND} OR ${TREATMENT_KINDS})`;
/** Nursing lines a person-year at most: slots 700 to 898 (the other ALDs' drugs from 900). */
const MAX_NURSING_LINES = 199;
/** The first DCT_ORD_NUM slot (person % 100,000 * 1000 + slot) of the conditions' and treatments' drugs. */
const FIRST_CHRONIC_SLOT = 300;

/** Per 100,000 of a condition's people, those whose condition ends in a year (stopYear's draw). */
function stopPer100k(c: IConditionProfile): number {
  return Math.round((c.stopPct ?? 0) * 1000);
}

/**
 * By band, the share of the people in no other ALD at the first year who begin `g` in a
 * given later year (otherAldNewCase): its incidenceRatio times its prevalence.
 */
function otherAldYearlyPct(
  g: IOtherAldProfile,
  sex: 'male' | 'female'
): number[] {
  return g.prevalencePct[sex].map(x => (x * (g.incidenceRatio ?? 0)) / 100);
}

/** One value per age, 0 to AGE_CAP, from one value per age band (lower bounds in `bands`). */
function perAgeOf(bands: number[], values: number[]): number[] {
  return Array.from({ length: AGE_CAP + 1 }, (_, age) => {
    let k = 0;
    while (k + 1 < bands.length && age >= bands[k + 1]) {
      k++;
    }
    return values[k];
  });
}

/**
 * One value per age, 0 to AGE_CAP, linear between the middles of the bands (the last band
 * taken as ten years wide), level beyond the first and last middles; a band of 0 stays 0
 * throughout, the bands beside it going to 0 at its edges. So that a draw kept for life
 * against these values comes true at any age, not only where a band begins.
 */
function smoothPerAgeOf(bands: number[], values: number[]): number[] {
  const points: [number, number][] = [];
  bands.forEach((start, k) => {
    const end = bands[k + 1] ?? start + 10;
    if (values[k] === 0) {
      points.push([start, 0], [end - 1, 0]);
    } else {
      points.push([(start + end - 1) / 2, values[k]]);
    }
  });
  return Array.from({ length: AGE_CAP + 1 }, (_, age) => {
    const k = points.findIndex(([a]) => a >= age);
    if (k <= 0) {
      return k === 0 ? points[0][1] : points[points.length - 1][1];
    }
    const [[a0, v0], [a1, v1]] = [points[k - 1], points[k]];
    return v0 + ((v1 - v0) * (age - a0)) / (a1 - a0);
  });
}

const sumOf = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/** Cumulative shares of the weights, times THRESHOLD_SCALE: the last is THRESHOLD_SCALE. */
function thresholds(weights: number[]): number[] {
  const total = sumOf(weights);
  let cumulative = 0;
  return weights.map(w => {
    cumulative += w;
    return Math.round((cumulative / total) * THRESHOLD_SCALE);
  });
}

/** `n` slots holding 0-based indices in proportion to the weights. */
function slotList(weights: number[], n: number): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  const slots: number[] = [];
  let cumulative = 0;
  weights.forEach((w, k) => {
    cumulative += w;
    const end = Math.round((cumulative / total) * n);
    while (slots.length < end) {
      slots.push(k);
    }
  });
  return slots;
}

/** What the core model needs from the nomenclatures and the drug referential. */
export interface ICoreCodes {
  /** Communes per department (IR_GEO_V). */
  communes: Map<string, string[]>;
  /** Organisation codes (IR_ORG_V) people are affiliated to. */
  organisations: string[];
  /** IR_NEM_T codes of the regime général. */
  emitters: number[];
  /** Position of each ATC code in the synthetic drug referential. */
  atcIndex: Map<string, number>;
  /** Number of presentations (CIP13) per ATC class. */
  presentations: number;
  etmAld: number | null;
  /** GHS of the nomenclature IR_GHS_V. */
  ghs: IGhsRow[];
  /** Region (2016 coding) of each department (IR_DPT_V). */
  regions: Map<string, string>;
  /** Columns of CT_IND_AAAA_GN, for the cartographie flags of the profiles. */
  cartographyColumns: string[];
  /** Labels of the places of death (DS_LIE_V). */
  placeLabels: Map<string, string>;
  /** Labels of the ICD-10 codes of IR_CIM_V. */
  icdLabels: Map<string, string>;
  /**
   * ICD-10 codes a stay may have as principal diagnosis: the 4-character codes of MS_CIM_V,
   * also in IR_CIM_V, that no longer code refines (S720 has S7200: it is not one).
   */
  principalCodes: string[];
  /** B coefficient (IR_BIO_R BIO_TAR_COF) of each NABM act, by its code. */
  biologyCoefficients: Map<string, number>;
}

/** The nomenclatures and schema facts the core model reads besides ICoreCodes' basics. */
export async function coreNomenclatures(
  loader: INomenclatureLoader,
  dictionary: SndsDictionary
): Promise<
  Pick<
    ICoreCodes,
    | 'ghs'
    | 'regions'
    | 'cartographyColumns'
    | 'placeLabels'
    | 'icdLabels'
    | 'principalCodes'
    | 'biologyCoefficients'
  >
> {
  const dpt = await loader.load('IR_DPT_V');
  const reg = dpt.columns.indexOf('GEO_REG_COD');
  const lie = await loader.load('DS_LIE_V');
  const cim = await loader.load('IR_CIM_V');
  const ms = await loader.load('MS_CIM_V');
  const msCodes = ms.rows.map(r => r[ms.code]);
  const refined = new Set(
    msCodes.filter(c => c.length > 4).map(c => c.slice(0, 4))
  );
  const icdLabels = new Map(cim.rows.map(r => [r[cim.code], r[cim.labels[0]]]));
  const bio = await loader.load('IR_BIO_R');
  const coefficient = bio.columns.indexOf('BIO_TAR_COF');
  return {
    biologyCoefficients: new Map(
      bio.rows.map(r => [r[bio.code], Number(r[coefficient])])
    ),
    icdLabels,
    principalCodes: [...new Set(msCodes)]
      .filter(
        c => /^[A-Z]\d{3}$/.test(c) && icdLabels.has(c) && !refined.has(c)
      )
      .sort(),
    placeLabels: new Map(lie.rows.map(r => [r[lie.code], r[lie.labels[0]]])),
    ghs: ghsRows(await loader.load('IR_GHS_V')),
    regions: new Map(dpt.rows.map(r => [r[dpt.code], r[reg]])),
    cartographyColumns: dictionary
      .table('CT_IND_AAAA_GN')
      .columns.map(c => c.name)
  };
}

/** A list of codes the compiler checks against a nomenclature. */
export interface ICodeNeed {
  nomenclature: string;
  codes: (string | number)[];
  where: string;
}

const list = (values: (string | number)[]): string =>
  `[${values.map(v => (typeof v === 'number' ? String(v) : sqlString(v))).join(', ')}]`;

/** An element of a list literal chosen by a draw. */
const pick = (values: (string | number)[], drawSql: string): string =>
  values.length === 1
    ? typeof values[0] === 'number'
      ? String(values[0])
      : sqlString(values[0])
    : `${list(values)}[1 + (${drawSql}) % ${values.length}]`;

const condCol = (c: IConditionProfile): string => `c_${c.id}`;
/** A CASE branch of year index t, which the runner drops unless more than t years are made. */
const forYears = (t: number, sql: string): string =>
  t ? `/*years>${t}*/${sql}/*end*/` : sql;
/** The full stay (inpatient's {e: admission, s: discharge}) whose inner days hold `daySql`. */
const stayAround = (daySql: string): string =>
  `CASE WHEN inpatient IS NOT NULL THEN list_filter(inpatient, lambda w: ${daySql} > w.e AND ${daySql} < w.s)[1] END`;
/** Whether the row's stay (ent to sor) and the stay from `e` to `x` share a night or a day inside one. */
const overlaps = (e: string, x: string): string =>
  `(ent < ${x} AND ${e} < sor)`;
/** `daySql` out of the stay `w` (stayAround): its discharge day, else its admission day. */
const outOfStay = (daySql: string, w: string): string =>
  `CASE WHEN ${w} IS NULL THEN ${daySql} WHEN year(${w}.s) > year(${daySql}) OR ${w}.s >= dcd THEN ${w}.e ELSE ${w}.s END`;
/** A condition the SNDS sees: treated or in ALD (the cartographie's flags). */
const seenBySnds = (c: IConditionProfile): string =>
  `(${condCol(c)} AND (t_${c.id} OR ald_${c.id}))`;
/**
 * A figure by year (keys "2020"…): that of the last year given up to `yearSql`, times
 * `scale`, 0 before the first.
 */
const lastGivenUpTo = (
  yearSql: string,
  byYear: Record<string, number>,
  scale = 1
): string =>
  `CASE ${Object.keys(byYear)
    .sort()
    .reverse()
    .map(
      y =>
        `WHEN ${yearSql} >= ${y} THEN ${Math.round(byYear[y] * scale * 1e6) / 1e6}`
    )
    .join(' ')} ELSE 0 END`;
/**
 * Month lists by year (keys "2020"…), read at `monthSql` times `scale`: the year's own list
 * (`upTo` false) or that of the last year given up to it; `otherwise` when there is none.
 */
const monthListByYear = (
  yearSql: string,
  monthSql: string,
  byYear: Record<string, number[]>,
  scale: number,
  otherwise: string,
  upTo: boolean
): string => {
  const years = Object.keys(byYear).sort().reverse();
  return years.length
    ? `CASE ${years.map(y => `WHEN ${yearSql} ${upTo ? '>=' : '='} ${y} THEN ${list(byYear[y].map(x => Math.round(x * scale)))}[${monthSql}]`).join(' ')} ELSE ${otherwise} END`
    : otherwise;
};
/** The last day of the generated period. */
const PERIOD_END = 'make_date({{y0}} + {{nyears}} - 1, 12, 31)';
/** Day `drawSql` (0 to 364) of year `yearSql`, bracketed. */
const dayInYear = (yearSql: string, drawSql: string): string =>
  `(make_date(CAST(${yearSql} AS BIGINT), 1, 1) + CAST(${drawSql} AS INTEGER))`;
/** Any day of the month beginning on `firstSql` (a DATE), alike, from `draw` and `salt`. */
const dayOfMonth = (firstSql: string, draw: string, salt: number): string =>
  `(${firstSql} + CAST(_m(${draw}, ${salt}, day(last_day(${firstSql}))) AS INTEGER))`;
/** The day of its year (0 to 364) a new case of an other ALD begins. */
const NEW_ALD_DAY = `_m(r, ${saltOf('other ald: new case day')}, 365)`;
/** The day a new case of an other ALD begun in year `yearSql` (an index) begins, bracketed. */
const newAldDay = (yearSql: string): string =>
  dayInYear(`{{y0}} + ${yearSql}`, NEW_ALD_DAY);
/** Terminal causes of a death certificate (KI_ECD_R rank 2): arrests and failures. */
export const TERMINAL_CAUSES = ['R092', 'R570', 'J969', 'I469'];

/**
 * The columns a regularisation line negates (`sign * …` in dcirEventsQuery and ER_PHA_F):
 * their values go below the schema's minimum of 0 on those lines, a pitfall of the SNDS.
 */
export const REGULARISED_COLUMNS: Record<string, string[]> = {
  ER_PRS_F: [
    'PRS_ACT_QTE',
    'PRS_ACT_NBR',
    'BSE_REM_BSE',
    'BSE_REM_MNT',
    'PRS_PAI_MNT',
    'PRS_DEP_MNT'
  ],
  ER_PHA_F: ['PHA_ACT_QSN'],
  ER_BIO_F: ['BIO_ACT_QSN']
};

/**
 * A value by ICD-10 prefix of the code in `column` (the longest prefix first), else `fallback`.
 */
function byPrefix<T>(
  column: string,
  byCode: Record<string, T> | undefined,
  value: (v: T) => string,
  fallback: string
): string {
  const entries = Object.entries(byCode ?? {}).sort(
    (a, b) => b[0].length - a[0].length
  );
  if (!entries.length) {
    return fallback;
  }
  const whens = entries.map(
    ([prefix, v]) =>
      `WHEN starts_with(${column}, ${sqlString(prefix)}) THEN ${value(v)}`
  );
  return `CASE ${whens.join(' ')} ELSE ${fallback} END`;
}

/** byPrefix's value for a known `code`: that of its longest prefix in `byCode`, else `fallback`. */
function valueByPrefix<T>(
  code: string,
  byCode: Record<string, T> | undefined,
  fallback: T
): T {
  const prefix = Object.keys(byCode ?? {})
    .filter(p => code.startsWith(p))
    .sort((a, b) => b.length - a.length)[0];
  return prefix === undefined ? fallback : byCode![prefix];
}

/** A stay for a delivery (CIM-10 O80 to O84 as principal diagnosis). */
const DELIVERY = "substr(dp, 1, 3) BETWEEN 'O80' AND 'O84'";
/** The neonatal part of a death certificate (KI_CCI_R). */
const NEONATAL = [
  'NEO_APG_SCO',
  'NEO_GES_AGE',
  'NEO_NAI_POI',
  'RNG_NAI_TYP',
  'GRS_ORD_NUM',
  'ACC_LIA_COD',
  'ACC_PST_COD',
  'ACC_DEB_COD',
  'MOD_ACC_COD',
  'HOS_TRF_TOP',
  'MER_NAI_ANN',
  'MER_PFS_COD',
  'MER_PFG_LIB',
  'MER_MAR_COD',
  'MER_SIT_TOP',
  'TOT_GRS_NBR',
  'TOT_ACC_NBR',
  'PER_PFS_COD',
  'PER_PFG_LIB'
];

/** Whether a person (columns sex, age_t) fits a diagnosis's sex and ages. */
function restrictionFits(r: IAgeSexRestriction): string {
  const fits = [
    r.sex === undefined ? null : `sex = ${r.sex}`,
    r.minAge === undefined ? null : `age_t >= ${r.minAge}`,
    r.maxAge === undefined ? null : `age_t <= ${r.maxAge}`
  ].filter(Boolean);
  return `(${fits.join(' AND ') || 'TRUE'})`;
}

/** Every ICD-10 code a condition or other ALD can give a person, each once. */
export const conditionCodes = codesOf;

/** The ALD numbers of a condition: one, or one per ICD-10 prefix. */
export function aldNumbers(c: IConditionProfile): number[] {
  return typeof c.ald === 'number'
    ? [c.ald]
    : [...new Set(Object.values(c.ald))];
}

/** The years up to the first, that one included, in which an ALD of the first year began. */
const ALD_YEARS_BACK = 8;
/** ALD periods of ten years a person may have in a dataset: its first and its renewals. */
const ALD_PERIODS = Math.ceil((ALD_YEARS_BACK + MAX_YEARS) / 10);

/** The first day of an ALD's period k (0: its first day `first`; then its renewals). */
const aldPeriodStart = (first: string, k: number): string =>
  k === 0 ? first : `${first} + INTERVAL ${10 * k} YEAR + INTERVAL ${k} DAY`;

/**
 * The day an ALD stops covering care, as SQL over `_person` (a DATE, exclusive): its first
 * renewal day (aldPeriodStart) at which the person is dead, the dataset is over or, for a
 * condition, `endSql` (its end) has come; else the day after its last period.
 */
function aldStop(first: string, endSql?: string): string {
  const whens = Array.from({ length: ALD_PERIODS - 1 }, (_, j) => {
    const start = aldPeriodStart(first, j + 1);
    const ended = endSql
      ? ` OR ${start} >= coalesce(${endSql}, DATE '9999-12-31')`
      : '';
    return `WHEN ${start} > coalesce(dcd, ${PERIOD_END})${ended} THEN ${start}`;
  });
  const last = aldPeriodStart(first, ALD_PERIODS);
  return `CAST(${whens.length ? `CASE ${whens.join(' ')} ELSE ${last} END` : last} AS DATE)`;
}

/**
 * Whether condition c's ALD covers `day`: from its first day to its stop (aldx_<id>, NULL
 * without an ALD). Not through ald_<id>, which asOfYear narrows to a year: a stay begun in
 * December keeps the ALD that covered its first day.
 */
const aldCovers = (c: IConditionProfile, day: string): string =>
  `(aldx_${c.id} IS NOT NULL AND ${day} >= aldd_${c.id} AND ${day} < aldx_${c.id})`;

/**
 * The first day of an ALD a person has from before the first year: a day of one of the
 * ALD_YEARS_BACK years up to it, after the month of birth (`key` salts the draws).
 */
function aldAtFirst(key: string): string {
  const year = `{{y0}} - _m(r, ${saltOf('aldy:' + key)}, LEAST(${ALD_YEARS_BACK}, {{y0}} - nai_ann + 1))`;
  return `GREATEST(${dayInYear(year, `_m(r, ${saltOf('ald day:' + key)}, 365)`)}, last_day(make_date(CAST(nai_ann AS BIGINT), CAST(nai_moi AS BIGINT), 1)) + 1)`;
}

/** A profile's per cent as per mille (the weekend keeps' draws are 0 to 999). */
const perMille = (pct: number): number => Math.round(pct * 10);

/** The first day of `day`'s month. */
const monthStart = (day: string): string =>
  `(${day} - CAST(day(${day}) - 1 AS INTEGER))`;

/** The per mille of a Saturday's or a Sunday's lines that stay there, as SQL. */
type WeekendKeep = (day: 'saturday' | 'sunday') => string;

/**
 * Whether `day` stays on its day (care.json weekendKeepPct): a weekday, or a weekend day whose
 * draw of `row` (0 to 999) is under its day's keep.
 */
function weekendKept(
  day: string,
  row: string,
  salt: string,
  keep: WeekendKeep
): string {
  return `(isodow(${day}) < 6 OR _m(${row}, ${saltOf(salt)}, 1000) < CASE isodow(${day}) WHEN 6 THEN ${keep('saturday')} ELSE ${keep('sunday')} END)`;
}

/** Any weekday of `day`'s month, alike (drawn from `row`). */
function weekdayOfMonth(day: string, row: string, salt: string): string {
  const first = monthStart(day);
  // The Monday of the first's week, the weekdays from it to the first, and to the last day.
  const monday = `(${first} - CAST(isodow(${first}) - 1 AS INTEGER))`;
  const lead = `LEAST(isodow(${first}) - 1, 5)`;
  const span = `(last_day(${day}) - ${monday})`;
  const toLast = `(5 * (${span} // 7) + LEAST(${span} % 7 + 1, 5))`;
  const j = `(${lead} + _m(${row}, ${saltOf(salt + ': month weekday')}, ${toLast} - ${lead}))`;
  return `(${monday} + CAST(7 * (${j} // 5) + ${j} % 5 AS INTEGER))`;
}

/**
 * `day` (a column or expression) moved off a weekend unless kept (weekendKept) to any weekday
 * of its week, alike, in its month and not before `lower`; `otherwise` (else kept) when there
 * is none.
 */
function weekendMoved(
  day: string,
  row: string,
  salt: string,
  keep: WeekendKeep,
  { lower, otherwise = day }: { lower?: string; otherwise?: string }
): string {
  const dow = `isodow(${day})`;
  const friday = `(${day} - CAST(${dow} - 5 AS INTEGER))`;
  const from = `GREATEST(${[`${day} - CAST(${dow} - 1 AS INTEGER)`, monthStart(day), ...(lower ? [lower] : [])].join(', ')})`;
  return `CASE WHEN ${weekendKept(day, row, salt, keep)} THEN ${day} WHEN ${friday} >= ${from} THEN ${from} + CAST(_m(${row}, ${saltOf(salt + ': weekday')}, ${friday} - ${from} + 1) AS INTEGER) ELSE ${otherwise} END`;
}

/**
 * The ALD number of a person's condition as SQL over `code_<id>`: an ALD per ICD-10 prefix
 * when the condition groups several (a coronary disease is ALD 13, a heart failure ALD 5).
 */
function aldSql(c: IConditionProfile): string {
  if (typeof c.ald === 'number') {
    return String(c.ald);
  }
  const prefixes = Object.entries(c.ald).sort(
    (a, b) => b[0].length - a[0].length
  );
  const uncovered = conditionCodes(c).filter(
    code => !prefixes.some(([prefix]) => code.startsWith(prefix))
  );
  if (uncovered.length) {
    throw new Error(
      `conditions.json (${c.id}) ald: no ALD number for ${uncovered.join(', ')}; give one for a prefix of each code.`
    );
  }
  return `CASE ${prefixes.map(([prefix, ald]) => `WHEN starts_with(code_${c.id}, ${sqlString(prefix)}) THEN ${ald}`).join(' ')} END`;
}

export function cip13(atcIndex: number, presentation: number): number {
  return 3400930000000 + atcIndex * 10 + presentation;
}

/** The months of treatment a box holds (care.json drugForms `months`, 1 if not given). */
const boxMonths = (pack: { months?: number }): number => pack.months ?? 1;

/** PFS_PFS_NUM of the first practitioner: 8 digits for the first 90 million, as numbers. */
const FIRST_PRACTITIONER = 10000000;

/** The general stays' draws of one sex, by band (CoreModel.acuteDraws). */
interface IAcuteDraws {
  /** icd10's codes then the other diagnoses' groups. */
  weights: number[][];
  /** General stays per 100,000 people without a condition. */
  per100k: number[];
}

/** A choice of a condition's drug that brings check-ups of its own (CoreModel.followedChoices). */
interface IFollowedChoice {
  c: IConditionProfile;
  ci: number;
  /** The drug of the condition's lists that chronicAtcChoices replaces. */
  drug: string;
  /** The choice's index among the drug's choices. */
  q: number;
  owner: IBiologyOwner;
  /** Where its check-ups are written, for messages. */
  where: string;
}

/** A block of DA_PRA_R: the practitioners of one specialty or activity, numbered in a row. */
export interface IPractitionerBlock {
  /** PSE_SPE_COD / PSP_SPE_COD of their lines (IR_SPE_V): 0 for pharmacies and nurses. */
  specialty: number;
  /** PSE_ACT_NAT / PSP_ACT_NAT of their lines (IR_ACT_V): 0 for physicians. */
  activity: number;
  inhabitantsPer: number;
}

/**
 * The yearly chance (ppm, by age) of a first course among people not on a treatment, from
 * its users' shares by age (%, `pct`): so that they make `f` of its new users with those who
 * start it for good, by age (the share rising from last year's age) and by the draw made
 * anew every `renewYears` years, people then being its users at their age's share.
 */
export function firstCoursePpm(
  pct: number[],
  renewYears: number,
  f: number
): number[] {
  return pct.map((p, a) => {
    const now = p / 100;
    const before = (a > 0 ? pct[a - 1] : p) / 100;
    const started =
      (1 - 1 / renewYears) * Math.max(0, now - before) +
      ((1 - before) * now) / renewYears;
    const others = Math.max(1 - now, 0.01);
    return Math.min(1e6, Math.round((1e6 * f * started) / ((1 - f) * others)));
  });
}

export class CoreModel {
  /** Lists the core SQL reads from LOOKUP_TABLE, by column name. */
  readonly lookups = new Map<string, IPoolList>();
  /** thresholdIndex's threshold lists: their column in LOOKUP_TABLE, by content. */
  private thresholdLists = new Map<string, string>();
  private ghmCache?: IGhmEntry[];
  private otherStayCache?: string[][];
  private baseMortality: Partial<Record<'male' | 'female', number[][]>> = {};
  private acuteDrawCache: Partial<Record<'male' | 'female', IAcuteDraws>> = {};
  private formsCache?: IProfiles['care']['drugForms'];
  private choicesCache?: IFollowedChoice[];

  constructor(
    readonly profiles: IProfiles,
    readonly codes: ICoreCodes
  ) {}

  /**
   * A cause of death among deaths.json otherCauses, by age at death and sex, drawn per person
   * (columns r, sex, dcd and nai_ann): its code, or its last stay's principal diagnosis (''
   * for a death outside MCO).
   */
  private otherCause(key: 'codes' | 'lastStayIcd10'): string {
    const o = this.profiles.deaths.otherCauses;
    // The cause's index, from its band's and sex's thresholds, written in (its statements
    // do not join LOOKUP_TABLE): a CASE of the 70-odd causes repeats the draw in each.
    const pick = (w: number[]): string =>
      this.thresholdIndex(
        `_m(r, ${saltOf('other cause')}, ${THRESHOLD_SCALE})`,
        w,
        true
      );
    // Men's and women's weights: a cause's times its share of men's deaths and of women's
    // (menShareByCause: near malePct, with the band's men's share of deaths).
    const male = o.malePct;
    const p = this.profiles.population;
    const menShare = menShareOfDeaths(
      p.ageBands,
      p.pyramid,
      p.mortalityPer100k,
      o.bands
    );
    const bySex = (w: number[], b: number): string => {
      if (!male) {
        return pick(w);
      }
      const m = menShareByCause(w, male, menShare[b]);
      return `CASE WHEN sex = 1 THEN ${pick(w.map((x, k) => x * m[k]))} ELSE ${pick(w.map((x, k) => x * (1 - m[k])))} END`;
    };
    const index = bandCase(
      'year(dcd) - nai_ann',
      o.bands,
      o.weights.map((w, b) => `(${bySex(w, b)})`)
    );
    const other = `${list(o[key].map(x => x ?? ''))}[1 + ${index}]`;
    // An epidemic's deaths come first (epi_death): its code is the cause and the last stay's
    // diagnosis.
    const epidemics = this.deathEpidemics();
    return epidemics.length
      ? `CASE WHEN epi_death IS NOT NULL THEN ${list(epidemics.map(e => e.icd10))}[1 + epi_death] ELSE ${other} END`
      : other;
  }

  /** The epidemics that cause deaths (otherCauseDeathPctByYear), in epi_death's order. */
  private deathEpidemics(): IEpidemicProfile[] {
    return this.profiles.care.acuteStay.epidemics.filter(causesDeaths);
  }

  /**
   * The epidemic (0 first, of deathEpidemics) a death is of if no condition nor other ALD
   * causes it, else NULL (epi_k, read for deaths of no condition): its share of the year's
   * deaths of other causes, from its deathMinAge (columns r, death_offset, age). Drawn
   * before the month of death, which follows the epidemic's waves (epidemicDeathMonth).
   */
  private epidemicDeath(): string {
    const epidemics = this.deathEpidemics();
    if (!epidemics.length) {
      return 'CAST(NULL AS INTEGER)';
    }
    const u = `_m(r, ${saltOf('epidemic death')}, 1000000)`;
    const ppm = epidemics.map(e => {
      const share = lastGivenUpTo(
        '{{y0}} + death_offset',
        e.otherCauseDeathPctByYear,
        10000
      );
      return e.deathMinAge
        ? `(CASE WHEN age + 1 + death_offset >= ${e.deathMinAge} THEN ${share} ELSE 0 END)`
        : `(${share})`;
    });
    return `CASE WHEN death_offset IS NOT NULL THEN CASE ${epidemics.map((_, k) => `WHEN ${u} < ${ppm.slice(0, k + 1).join(' + ')} THEN ${k}`).join(' ')} END END`;
  }

  /**
   * The month of death (1 to 12) of a death of epidemic epi_k: drawn by the year's
   * monthWeightsByYear, evenly in a year not given; `otherwise` for the other deaths.
   */
  private epidemicDeathMonth(otherwise: string): string {
    const epidemics = this.deathEpidemics();
    if (!epidemics.length) {
      return otherwise;
    }
    const draw = `_m(r, ${saltOf('epidemic death: month')}, ${THRESHOLD_SCALE})`;
    const byYear = epidemics.map(e => {
      const years = Object.keys(e.monthWeightsByYear).sort();
      return years.length
        ? `CASE ${years.map(y => `WHEN {{y0}} + death_offset = ${y} THEN 1 + ${this.thresholdIndex(draw, e.monthWeightsByYear[y])}`).join(' ')} ELSE ${otherwise} END`
        : otherwise;
    });
    return `CASE epi_k ${byYear.map((x, k) => `WHEN ${k} THEN ${x}`).join(' ')} ELSE ${otherwise} END`;
  }

  /**
   * The place of an epidemic's death (placeOfDeathWeights), else `dlie`, the place drawn by
   * age; and whether a hospital death is in MCO (mcoShareOfHospitalDeathsPct).
   */
  private epidemicDeathPlace(): { place: string; inMco: string } {
    const epidemics = this.deathEpidemics();
    const deaths = this.profiles.deaths;
    const placed = epidemics.filter(e => e.placeOfDeathWeights);
    const place = placed.length
      ? `CASE epi_death ${epidemics
          .map((e, k) =>
            e.placeOfDeathWeights
              ? `WHEN ${k} THEN ${weightedCase(`_m(r, ${saltOf('epidemic death: place')}, 1000000)`, deaths.placeOfDeath.codes.map(String), e.placeOfDeathWeights)}`
              : ''
          )
          .join(' ')} ELSE dlie END`
      : 'dlie';
    const pct = deaths.mcoShareOfHospitalDeathsPct;
    const inMco = epidemics.some(
      e => e.mcoShareOfHospitalDeathsPct !== undefined
    )
      ? `coalesce(${list(epidemics.map(e => e.mcoShareOfHospitalDeathsPct ?? pct))}[1 + epi_death], ${pct})`
      : String(pct);
    return { place, inMco };
  }

  private get conditions(): IConditionProfile[] {
    return this.profiles.conditions.conditions;
  }

  /** The columns of CT_IND_AAAA_GN, upper case. */
  private cartographyColumns(): Set<string> {
    return new Set(this.codes.cartographyColumns.map(c => c.toUpperCase()));
  }

  /** The biology check-ups of care.json, of the conditions, treatments and chosen drugs. */
  biologySources(): IBiologySource[] {
    return biologySources(
      this.profiles.care,
      this.conditions,
      this.treatments,
      this.followedChoices()
    );
  }

  /** ER_BIO_F's rows: the acts of ER_PRS_F's biology lines. */
  biologyActsDriver(): string {
    return biologyActsDriver(
      allPanels(this.biologySources()),
      this.profiles.care.biologyCommonActs
    );
  }

  /** Chronic treatments outside the conditions (conditions.json treatments). */
  private get treatments(): ITreatmentProfile[] {
    return this.profiles.conditions.treatments ?? [];
  }

  /** The other ALDs with a specialist, with their index (`oald`). */
  private otherAldSpecialists(): { g: IOtherAldProfile; k: number }[] {
    return this.otherAld
      .map((g, k) => ({ g, k }))
      .filter(({ g }) => g.specialist);
  }

  /**
   * The treatments drawn for the person at `ageSql` in year `yearSql` (ER_PRS_F's `tn` at this
   * year's, `tb0` at last year's: bit e for conditions.json treatments[e]), each a draw of the
   * person's (made anew every renewYears years: treatmentDrawOf) against its usersPct
   * (smoothPerAgeOf), so that people start them as they age. Undefined when there are none.
   */
  private treatmentList(
    ageSql = 'age_t',
    yearSql = 'y',
    /** Only these treatments' bits (all when absent). */
    only?: (t: ITreatmentProfile) => boolean
  ): string | undefined {
    const items = this.treatments.flatMap((t, e) => {
      if (only && !only(t)) {
        return [];
      }
      const pct = this.ppmBySexAndAge(`treat_${t.id}`, t.usersPct, ageSql, {
        smooth: true
      });
      return [
        `CASE WHEN _m(${this.treatmentDrawOf(t, yearSql)}, ${saltOf(`treatment:${t.id}`)}, 1000000) < ${pct} THEN ${2 ** e} ELSE 0 END`
      ];
    });
    return items.length ? `CAST(${items.join(' + ')} AS INTEGER)` : undefined;
  }

  /**
   * The row draw of a person's treatment `t` in year `yearSql`: `r`, made anew every
   * renewYears years at a phase of the person's (epoch 0 includes 2019, whose draw is `r`).
   */
  private treatmentDrawOf(t: ITreatmentProfile, yearSql: string): string {
    const n = t.renewYears;
    if (!n) {
      return 'r';
    }
    // Floor division of a non-negative number: years from 2019 - 1000 periods on.
    const epoch = `((${yearSql}) - ${REFERENCE_YEAR} + _m(r, ${saltOf(`treatment phase:${t.id}`)}, ${n}) + ${1000 * n}) // ${n} - 1000`;
    return `(CASE WHEN ${epoch} = 0 THEN r ELSE _h(r + ${saltOf(`treatment epoch:${t.id}`)} * (${epoch})) END)`;
  }

  /**
   * First courses that stop within a year (bits as treatmentList's), drawn each year with
   * `drawSql` (rt; rt_last and rt_last2 for last year's and the year before's) against
   * firstCoursePpm: people not drawn for it this year nor last, nor for a course last year
   * (tt), start one at a renewal and stop firstCoursePeriods renewal periods later, running
   * on into the next year (tc) when its prescriptions cover months of it.
   */
  private firstCourses(drawSql = 'rt', ageSql = 'age_t'): string {
    const items = this.treatments.flatMap((t, e) => {
      const f = (t.firstYearStopPct ?? 0) / 100;
      if (!f || !t.renewYears) {
        return [];
      }
      const ppm = (sex: 'male' | 'female'): string =>
        this.perAge(
          `first_course_${t.id}_${sex[0]}`,
          firstCoursePpm(
            smoothPerAgeOf(this.profiles.conditions.bands, t.usersPct[sex]),
            t.renewYears!,
            f
          ),
          ageSql
        );
      return [
        `CASE WHEN _m(${drawSql}, ${saltOf(`treatment first course:${t.id}`)}, 1000000) < CASE WHEN sex = 1 THEN ${ppm('male')} ELSE ${ppm('female')} END THEN ${2 ** e} ELSE 0 END`
      ];
    });
    return items.length ? `CAST(${items.join(' + ')} AS INTEGER)` : '0';
  }

  /**
   * The renewal (0 to perYear - 1) at which the person starts the treatment `teSql` in a year
   * they begin it, by a draw or a first course.
   */
  private static treatmentStart(teSql: string, perYear: number): string {
    return `_m(r, ${saltOf('treatment start')} + ${teSql}, ${perYear})`;
  }

  /**
   * A first course's renewal periods, drawn with `drawSql` for the treatment `teSql`: one for
   * half, two, or three.
   */
  private static firstCoursePeriods(drawSql: string, teSql = 'te'): string {
    const u = `_m(${drawSql}, ${saltOf('first course periods')} + ${teSql}, 10)`;
    return `CASE WHEN ${u} < 5 THEN 1 WHEN ${u} < 8 THEN 2 ELSE 3 END`;
  }

  /**
   * Last year's first courses that run on into this year (ER_PRS_F's `tc`): of last year's
   * (`lastSql`, bits as treatmentList's), those whose prescriptions cover months of this year.
   */
  private firstCoursesRunningOn(lastSql: string, perYear: number): string {
    // Its end, in renewal periods from last year's first; one ending with last year's last
    // renewal runs on only where that prescription covers months of this year (phase ph > 0).
    const end = (e: number): string =>
      `(${CoreModel.treatmentStart(String(e), perYear)} + ${CoreModel.firstCoursePeriods('rt_last', String(e))})`;
    const items = this.treatments.flatMap((t, e) =>
      t.firstYearStopPct && t.renewYears
        ? [
            `CASE WHEN ((${lastSql}) >> ${e}) & 1 = 1 AND (${end(e)} > ${perYear} OR (${end(e)} = ${perYear} AND ph > 0)) THEN ${2 ** e} ELSE 0 END`
          ]
        : []
    );
    return items.length ? `CAST(${items.join(' + ')} AS INTEGER)` : '0';
  }

  /**
   * The treatments a person may take this year (ER_PRS_F's `tk`, bits as treatmentList's):
   * not one whose excludedConditions the person is treated for all year, whose own drugs
   * stand for it (one that begins or ends this year removes it only from the visits on its
   * days: treatmentExcluded). So the year's treatments are `tn & tk` (tb), and those that end
   * this year, drawn at last year's age and draw and not at this year's, `tb0 & tk & ~tn`
   * (ts): a rate falling with age (statins after 80) or a new draw (renewYears) stops some,
   * at a renewal.
   */
  private treatmentsKept(): string {
    const items = this.treatments.map((t, e) => {
      const keep = t.excludedConditions.map(
        id =>
          `NOT (coalesce(t_${id}, false) AND NOT ${this.beginsOrEnds(id, 'y')})`
      );
      return keep.length
        ? `CASE WHEN ${keep.join(' AND ')} THEN ${2 ** e} ELSE 0 END`
        : String(2 ** e);
    });
    return `CAST(${items.join(' + ') || '0'} AS INTEGER)`;
  }

  /**
   * Whether a treatment's line (te) is prescribed on a day (`daySql`) when one of its
   * excludedConditions, begun or ended this year, is treated.
   */
  private treatmentExcluded(daySql: string): string {
    const whens = this.treatments.flatMap((t, e) =>
      t.excludedConditions.length
        ? [
            `WHEN ${e} THEN ${t.excludedConditions
              .map(id => {
                // The profile check makes every excluded id a condition's.
                const c = this.conditions.find(x => x.id === id)!;
                return `(coalesce(t_${id}, false) AND NOT coalesce(${this.outside(c, daySql)}, false))`;
              })
              .join(' OR ')}`
          ]
        : []
    );
    return whens.length ? `CASE te ${whens.join(' ')} ELSE false END` : 'false';
  }

  /**
   * Whether a treatment's line (te) is prescribed on a day (`daySql`) from the start of one of
   * its excludedOtherAld, for a person treated in it (nd_o > 0), whose drugs stand for it.
   */
  private treatmentExcludedByAld(daySql: string): string {
    const whens = this.treatments.flatMap((t, e) => {
      const alds = t.excludedOtherAld.map(id =>
        this.otherAld.findIndex(g => g.id === id)
      );
      return alds.length
        ? [
            `WHEN ${e} THEN oald IN (${alds.join(', ')}) AND nd_o > 0 AND ${daySql} >= oaldd`
          ]
        : [];
    });
    return whens.length
      ? `coalesce(CASE te ${whens.join(' ')} ELSE false END, false)`
      : 'false';
  }

  /**
   * SQL ` OR …` ending an other ALD's drugs forYears after its start (on the day `day`, the
   * dispensation's by default, as a condition's end does), by the person's ALD (oald); '' when
   * none end.
   */
  private otherAldDrugEnd(day = 'd'): string {
    const whens = this.otherAld.flatMap((g, k) =>
      g.drugs?.forYears
        ? [`WHEN ${k} THEN ${day} >= oaldd + INTERVAL ${g.drugs.forYears} YEAR`]
        : []
    );
    return whens.length
      ? ` OR CASE oald ${whens.join(' ')} ELSE false END`
      : '';
  }

  /** A treatment's drugs as chronic drug lists: one a month unless chronicDrugsWeights says more. */
  private static treatmentLists(t: ITreatmentProfile): IDrugLists {
    return {
      chronicAtc: t.chronicAtc,
      chronicAtcWeights: t.chronicAtcWeights,
      chronicDrugsWeights: t.chronicDrugsWeights ?? [1],
      startDrugsWeights: t.startDrugsWeights,
      yearsPerAddedDrug: t.yearsPerAddedDrug
    };
  }

  /** The ALDs no condition drives (conditions.json otherAld). */
  private get otherAld(): IOtherAldProfile[] {
    return this.profiles.conditions.otherAld ?? [];
  }

  /** Identifier of 17 characters, unique per (index, salt) thanks to the bijective mixer. */
  private identifier(prefix: string, indexSql: string, salt: string): string {
    return `${sqlString(prefix)} || lpad(CAST(${rowRandom(indexSql, salt)} AS VARCHAR), 10, '0') || lpad(CAST(${rowRandom(indexSql, salt + ':tail')} % 1000000 AS VARCHAR), 6, '0')`;
  }

  /**
   * A list in LOOKUP_TABLE, read by position: one list bound once replaces a long CASE or
   * list literal in every statement (binding those was most of DuckDB-WASM's planning time).
   */
  private lookup(name: string, values: (number | string)[]): string {
    if (!this.lookups.has(name)) {
      const numeric = values.every(v => typeof v === 'number');
      const type = numeric
        ? values.every(v => Number.isInteger(v))
          ? 'BIGINT'
          : 'DOUBLE'
        : 'VARCHAR';
      const sep = [',', '|', '~', '^'].find(x =>
        values.every(v => !String(v).includes(x))
      )!;
      this.lookups.set(name, splitList(values, sep, type));
    }
    return `${LOOKUP_TABLE}.${name}`;
  }

  /**
   * DA_PRA_R's blocks, in this order: GPs, the specialists (of the conditions, then of the
   * other visits), pharmacies, nurses, laboratories. A block's practitioners are numbered
   * after the previous block's (PFS_PFS_NUM), so a line names one from its block and a draw.
   */
  practitionerBlocks(): IPractitionerBlock[] {
    const { specialties: sp, practitioners: pr } = this.profiles.care;
    const per = pr.inhabitantsPer;
    const where = 'care.json practitioners.inhabitantsPer';
    const specialists = [
      ...new Set([
        ...this.conditions.map(c => c.specialty),
        ...this.otherAldSpecialists().map(({ g }) => g.specialist!.specialty),
        ...sp.others
      ])
    ];
    return [
      { specialty: sp.gp, activity: 0, inhabitantsPer: per.gp },
      ...specialists.map(code => {
        const n = per.specialists[String(code)];
        if (n === undefined) {
          throw new Error(
            `${where}.specialists: give the inhabitants per practitioner of specialty ${code} (IR_SPE_V), which ${this.conditions.some(c => c.specialty === code) || this.otherAld.some(g => g.specialist?.specialty === code) ? 'conditions.json' : 'care.json specialties.others'} names.`
          );
        }
        return { specialty: code, activity: 0, inhabitantsPer: n };
      }),
      {
        specialty: sp.pharmacy,
        activity: pr.activity.pharmacy,
        inhabitantsPer: per.pharmacy
      },
      {
        specialty: sp.nursing,
        activity: pr.activity.nursing,
        inhabitantsPer: per.nursing
      },
      { specialty: sp.biology, activity: 0, inhabitantsPer: per.biology }
    ];
  }

  /** A block's code in DA_PRA_R (PFS_PRA_SPE, IR_SPA_D): its specialty, else its activity. */
  private static practitionerCode(b: IPractitionerBlock): number {
    return b.specialty || b.activity;
  }

  /**
   * SQL of the practitioner blocks, by block index `b` (0-based): count (from {{patients}},
   * one at least), first number, the PFS_PFS_NUM of its practitioner `x` (a number, which
   * the table's VARCHAR column casts), specialty and activity. Counts and first numbers are
   * read from LOOKUP_TABLE.
   */
  private practitionerSql(): {
    count: (b: string) => string;
    offset: (b: string) => string;
    number: (b: string, x: string) => string;
    specialty: (b: string) => string;
    activity: (b: string) => string;
    code: (b: string) => string;
  } {
    const blocks = this.practitionerBlocks();
    const counts = blocks.map(
      b =>
        `GREATEST(1, CAST(round({{patients}} / ${b.inhabitantsPer}) AS BIGINT))`
    );
    const offsets = counts.map((_, k) =>
      k ? counts.slice(0, k).join(' + ') : '0'
    );
    const at = (values: (string | number)[], b: string): string =>
      `${list(values)}[1 + ${b}]`;
    // One definition in LOOKUP_TABLE, from the {{patients}} the runner writes in.
    this.lookups.set('prac_n', sqlList(`[${counts.join(', ')}]`));
    this.lookups.set('prac_off', sqlList(`[${offsets.join(', ')}]`));
    const offset = (b: string): string => `${LOOKUP_TABLE}.prac_off[1 + ${b}]`;
    return {
      count: b => `${LOOKUP_TABLE}.prac_n[1 + ${b}]`,
      offset,
      number: (b, x) => `${FIRST_PRACTITIONER} + ${offset(b)} + ${x}`,
      specialty: b =>
        at(
          blocks.map(x => x.specialty),
          b
        ),
      activity: b =>
        at(
          blocks.map(x => x.activity),
          b
        ),
      code: b =>
        at(
          blocks.map(x => String(CoreModel.practitionerCode(x))),
          b
        )
    };
  }

  /**
   * DA_PRA_R: the practitioners of every block, numbered from FIRST_PRACTITIONER (PFS_PFS_NUM), with
   * their specialty code (PFS_PRA_SPE), sex and birth year.
   */
  practitionersDriver(): string {
    const doc = this.practitionerSql();
    const n = this.practitionerBlocks().length;
    return `SELECT _r, CAST(${FIRST_PRACTITIONER} + j AS VARCHAR) AS PFS_PFS_NUM, code AS PFS_PRA_SPE,
  CAST(1 + _m(_r, ${saltOf('practitioner sex')}, 2) AS VARCHAR) AS IPP_SEX_COD,
  1950 + _m(_r, ${saltOf('practitioner birth')}, 45) AS IPP_ANN_NAI
FROM (SELECT *, ${rowRandom('j', 'practitioner')} AS _r FROM (SELECT ${doc.code('b')} AS code, ${doc.offset('b')} + unnest(range(${doc.count('b')})) AS j FROM range(${n}) t(b) CROSS JOIN ${LOOKUP_TABLE}))`;
  }

  /**
   * Per million, a percentage by sex and band of conditions.json's bands (times `scale`) at
   * `ageSql`, by band or, with `smooth`, linear between the bands' middles (smoothPerAgeOf):
   * lookups `${name}_m` and `${name}_f`, read by the person's sex.
   */
  private ppmBySexAndAge(
    name: string,
    pct: ISexSeriesOf<number[]>,
    ageSql: string,
    { scale = 1, smooth = false }: { scale?: number; smooth?: boolean } = {}
  ): string {
    const ppm = (v: number[]): number[] => this.ppmByAge(v, scale, smooth);
    return `CASE WHEN sex = 1 THEN ${this.perAge(`${name}_m`, ppm(pct.male), ageSql)} ELSE ${this.perAge(`${name}_f`, ppm(pct.female), ageSql)} END`;
  }

  /** Parts per million by age (0 to AGE_CAP) of percentages by band, times `scale`. */
  private ppmByAge(pct: number[], scale = 1, smooth = false): number[] {
    return (smooth ? smoothPerAgeOf : perAgeOf)(
      this.profiles.conditions.bands,
      pct
    ).map(x => Math.round(x * 10000 * scale));
  }

  /** The value of an age in a list with one value per age, 0 to AGE_CAP. */
  private perAge(name: string, values: number[], ageSql: string): string {
    return `${this.lookup(name, values)}[1 + LEAST(GREATEST(${ageSql}, 0), ${AGE_CAP})]`;
  }

  /**
   * The 0-based index of a value drawn with the weights of the person's sex (column sex) and
   * age band: one lookup holds BAND_SLOTS slots per band, the men's bands first. A list read
   * by position costs far less per row than a CASE per band and sex.
   */
  private indexBySexAndAge(
    name: string,
    bands: number[],
    rows: ISexSeriesOf<number[][]>,
    ageSql: string,
    drawSql: string
  ): string {
    this.lookup(
      name,
      [...rows.male, ...rows.female].flatMap(w => slotList(w, BAND_SLOTS))
    );
    return `${LOOKUP_TABLE}.${name}[1 + (${this.sexBandRow(name, bands, ageSql)} * ${BAND_SLOTS} + ${drawSql})]`;
  }

  /** The row of the person's sex and age band in a lookup of the men's bands, then the women's. */
  private sexBandRow(name: string, bands: number[], ageSql: string): string {
    const band = this.perAge(
      `${name}_band`,
      perAgeOf(
        bands,
        bands.map((_, k) => k)
      ),
      ageSql
    );
    return `(CASE WHEN sex = 1 THEN 0 ELSE ${bands.length} END + ${band})`;
  }

  /**
   * indexByThresholds for one list of weights: the index (0 first) that a draw in
   * [0, THRESHOLD_SCALE) picks, as weightedCase's CASE picks it, from the thresholds in
   * LOOKUP_TABLE (or, `inline`, written in): the draw is bound once, where each WHEN of the
   * CASE repeats it (planning).
   */
  private thresholdIndex(
    drawSql: string,
    weights: number[],
    inline = false
  ): string {
    if (weights.length === 1) {
      return '0';
    }
    const cuts = thresholds(weights).slice(0, -1);
    return `len(list_filter(${inline ? list(cuts) : this.thresholdList(cuts)}, lambda x: x <= ${drawSql}))`;
  }

  /** The LOOKUP_TABLE column of these cut points, one per distinct list. */
  private thresholdList(cuts: number[]): string {
    const key = cuts.join(',');
    let name = this.thresholdLists.get(key);
    if (!name) {
      name = `cuts_${this.thresholdLists.size}`;
      this.thresholdLists.set(key, name);
    }
    return this.lookup(name, cuts);
  }

  /**
   * Like indexBySexAndAge, exact to a millionth: the number of the row's cumulative thresholds
   * at or below `drawSql` (in [0, THRESHOLD_SCALE)), the weights being rates that may differ
   * a thousandfold.
   */
  private indexByThresholds(
    name: string,
    bands: number[],
    rows: ISexSeriesOf<number[][]>,
    ageSql: string,
    drawSql: string
  ): string {
    const n = rows.male[0].length;
    this.lookup(name, [...rows.male, ...rows.female].flatMap(thresholds));
    const row = this.sexBandRow(name, bands, ageSql);
    return `len(list_filter(list_slice(${LOOKUP_TABLE}.${name}, 1 + ${row} * ${n}, (${row} + 1) * ${n}), lambda x: x <= ${drawSql}))`;
  }

  /**
   * The principal diagnoses of the other general stays, by group of acuteStay.otherDiagnoses:
   * the codes of a group's prefixes, outside icd10, the excluded prefixes and the groups
   * before it; throws when a group has none, or when one groups in a surgical root.
   */
  otherStayGroups(): string[][] {
    if (!this.otherStayCache) {
      const stay = this.profiles.care.acuteStay;
      const o = stay.otherDiagnoses;
      const taken = new Set<string>();
      const excluded = [...(o.excludedPrefixes ?? []), ...stay.icd10];
      this.otherStayCache = o.groups.map((g, k) => {
        const codes = this.codes.principalCodes.filter(
          c =>
            !taken.has(c) &&
            g.icd10Prefixes.some(p => c.startsWith(p)) &&
            !excluded.some(p => c.startsWith(p))
        );
        if (codes.length === 0) {
          throw new Error(
            `care.json acuteStay.otherDiagnoses.groups[${k}]: no 4-character ICD-10 code of MS_CIM_V (a code refined into 5 characters does not count) starts with ${g.icd10Prefixes.join(', ')} outside acuteStay.icd10, excludedPrefixes and the groups before it; give other prefixes.`
          );
        }
        codes.forEach(c => taken.add(c));
        return codes;
      });
      // Their stays have no act of their own: none may group in a surgical root.
      const all = this.otherStayCache.flat();
      const entries = this.ghmEntries;
      entriesOfCodes(all, entries).forEach((pair, k) => {
        const surgical = pair
          .map(e => entries[e - 1].rule)
          .find(r => r.root[2] === 'C');
        if (surgical) {
          throw new Error(
            `care.json acuteStay.otherDiagnoses: ${all[k]} groups in the surgical root ${surgical.root} (pmsi.ghm prefixes ${surgical.icd10.join(', ')}), whose stays need an act, and the other diagnoses have none; add that prefix to otherDiagnoses.excludedPrefixes.`
          );
        }
      });
    }
    return this.otherStayCache;
  }

  /**
   * A general stay's code drawn with the rates of the person's sex and age band (columns sex
   * and age_t), by draws of `seedSql` with `salt`: one of icd10, or a group of the other
   * diagnoses, then one of its codes, evenly. `open` keeps only the codes without
   * restrictions (the other diagnoses have none).
   */
  private acuteByAge(seedSql: string, salt: number, open = false): string {
    const stay = this.profiles.care.acuteStay;
    const n = stay.icd10.length;
    const rows = (sex: 'male' | 'female'): number[][] =>
      this.acuteDraws(sex).weights.map(row => {
        const all = row.map((x, k) =>
          open && k < n && stay.icd10[k] in (stay.icd10Restrictions ?? {})
            ? 0
            : x
        );
        // A band where nothing open weighs draws the first group.
        return all.some(x => x > 0)
          ? all
          : all.map((_, k) => (k === n ? 1 : 0));
      });
    const i = this.indexByThresholds(
      open ? 'acute_open' : 'acute_all',
      stay.icd10WeightsByAge.bands,
      { male: rows('male'), female: rows('female') },
      'age_t',
      `_m(${seedSql}, ${salt}, ${THRESHOLD_SCALE})`
    );
    const members = this.otherStayGroups();
    const codes = this.lookup('acute_codes', [
      ...stay.icd10,
      ...members.flat()
    ]);
    // Draw j is code j of icd10 (j < n), or group j - n: its first code and how many it has.
    const first = this.lookup('acute_first', [
      ...stay.icd10.map((_, k) => k),
      ...members.map((_, g) => n + members.slice(0, g).flat().length)
    ]);
    const count = this.lookup('acute_count', [
      ...stay.icd10.map(() => 1),
      ...members.map(m => m.length)
    ]);
    return `${codes}[1 + ${first}[1 + ${i}] + _m(${seedSql}, ${saltOf(`other diagnosis ${salt}`)}, ${count}[1 + ${i}])]`;
  }

  /**
   * A general-stay diagnosis: the drawn code (acute0), replaced by one with no restriction
   * when the person's sex or age rules it out (no childbirth for men), or when it is once a
   * year and the person's first general stay of the year drew one of the once-a-year codes
   * (first0: a delivery, vaginal or by caesarean; a PIE repeats stay 0).
   */
  private acuteDiagnosis(): string {
    const stay = this.profiles.care.acuteStay;
    const limits = Object.entries(stay.icd10Restrictions ?? {});
    if (limits.length === 0) {
      return 'acute0';
    }
    const onceCodes = limits
      .filter(([, r]) => r.oncePerYear)
      .map(([code]) => sqlString(code));
    const ruledOut = limits.map(([code, r]) => {
      const once = r.oncePerYear
        ? ` AND NOT (kind = 0 AND s > 0 AND first0 IN (${onceCodes.join(', ')}))`
        : '';
      return `(acute0 = ${sqlString(code)} AND NOT (${restrictionFits(r)}${once}))`;
    });
    return `CASE WHEN ${ruledOut.join(' OR ')} THEN ${this.acuteByAge('sr', saltOf('acute replacement'), true)} ELSE acute0 END`;
  }

  /** The 0-based index of a value drawn with the given weights, through SLOTS slots. */
  private weightedIndex(
    name: string,
    drawSql: string,
    weights: number[]
  ): string {
    return `${this.lookup(name, slotList(weights, SLOTS))}[1 + ${drawSql}]`;
  }

  /**
   * A code drawn with weights that depend on the age band, as CASE expressions (a few
   * branches: cheaper to plan than a long list in LOOKUP_TABLE); `drawSql` is in [0, 10^6).
   */
  private bandWeighted(
    bw: IBandWeights,
    ageSql: string,
    drawSql: string
  ): string {
    return bandCase(
      ageSql,
      bw.bands,
      bw.weights.map(w => `(${weightedCase(drawSql, bw.codes.map(String), w)})`)
    );
  }

  /**
   * Deaths per 10 million in year `t` of a person with none of the conditions, by the
   * person's first-year age and sex (mortality.ts): the survivors of each age and sex die
   * at the population's rate every year.
   */
  private mortality(sexSql: string, t: number): string {
    const p = this.profiles.population;
    const bySex = (sex: 'male' | 'female'): number[][] => {
      this.baseMortality[sex] ??= baseMortalityByYear(
        perAgeOf(p.ageBands, p.mortalityPer100k[sex]),
        this.conditionDraws(sex).map((d, k) => ({
          ...d,
          ratio: this.conditions[k].mortalityRatio,
          ratiosByAge: this.ratiosByAge(this.conditions[k], sex),
          incidencePpmByAge: this.incidencePpmByAge(this.conditions[k], sex),
          stopShare: stopPer100k(this.conditions[k]) / 100000
        })),
        MAX_YEARS,
        this.otherAld.map(g => ({
          shareByAge: perAgeOf(
            this.profiles.conditions.bands,
            g.prevalencePct[sex]
          ).map(x => x / 100),
          ratio: g.mortalityRatio ?? 1,
          minAge: g.minAge,
          // The yearly share of otherAldNewCase's draw.
          yearlyOnsetByAge: g.incidenceRatio
            ? perAgeOf(
                this.profiles.conditions.bands,
                otherAldYearlyPct(g, sex)
              )
            : undefined
        }))
      );
      return this.baseMortality[sex]!;
    };
    return `CASE WHEN ${sexSql} = 1 THEN ${this.perAge(`mort_m_${t}`, bySex('male')[t], 'age')} ELSE ${this.perAge(`mort_f_${t}`, bySex('female')[t], 'age')} END`;
  }

  /**
   * By age (the first year's, or a new case's at onset), the shares of the people of `sex`
   * with condition `c` at each of its mortality ratios (mortalityRatioByCode) and a new
   * case's excess risks (firstYearExcessDeathPctByCode, secondYearExcessDeathPctByCode), as
   * their codes are drawn; none without any.
   */
  private ratiosByAge(
    c: IConditionProfile,
    sex: 'male' | 'female'
  ): IRatioShare[][] | undefined {
    const excessByCode = c.incidenceRatio
      ? c.firstYearExcessDeathPctByCode
      : undefined;
    const excess2ByCode = c.incidenceRatio
      ? c.secondYearExcessDeathPctByCode
      : undefined;
    if (!c.mortalityRatioByCode && !excessByCode && !excess2ByCode) {
      return undefined;
    }
    const codes = this.codesOfSex(c, sex);
    const rows = c.icd10WeightsByAge?.[sex] ?? [codes.map(() => 1)];
    const bands = c.icd10WeightsByAge ? this.profiles.conditions.bands : [0];
    // The shares the draw gives (drawnCode): slotList's slots of the band's weights, or
    // pick's residues of a draw in [0, 1000); codes of one ratio together.
    const byBand = rows.map(row => {
      const slots = c.icd10WeightsByAge
        ? slotList(row, BAND_SLOTS)
        : Array.from({ length: 1000 }, (_, d) => d % codes.length);
      const byRatio = new Map<string, IRatioShare>();
      for (const k of slots) {
        const ratio = valueByPrefix(
          codes[k],
          c.mortalityRatioByCode,
          c.mortalityRatio
        );
        const excess = valueByPrefix(codes[k], excessByCode, 0) / 100;
        const excess2 = valueByPrefix(codes[k], excess2ByCode, 0) / 100;
        const key = `${ratio} ${excess} ${excess2}`;
        const x = byRatio.get(key) ?? { share: 0, ratio, excess, excess2 };
        x.share += 1 / slots.length;
        byRatio.set(key, x);
      }
      return [...byRatio.values()];
    });
    return perAgeOf(
      bands,
      byBand.map((_, k) => k)
    ).map(k => byBand[k]);
  }

  /** New cases a year per million people without `c`, by age, as onsetYear draws them. */
  private incidencePpmByAge(
    c: IConditionProfile,
    sex: 'male' | 'female'
  ): number[] | undefined {
    return c.incidenceRatio
      ? this.ppmByAge(c.prevalencePct[sex], c.incidenceRatio)
      : undefined;
  }

  /** The conditions' draws for one sex (condition_sets.ts), in this.conditions' order. */
  private conditionDraws(sex: 'male' | 'female'): IConditionDraw[] {
    const bands = this.profiles.conditions.bands;
    const ids = this.conditions.map(c => c.id);
    return this.conditions.map(c => ({
      ppmByAge: perAgeOf(
        bands,
        c.prevalencePct[sex].map(x => Math.round(x * 10000))
      ),
      riskRatioWith: Object.entries(c.riskRatioWith ?? {}).map(
        ([other, factor]): [number, number] => [ids.indexOf(other), factor]
      )
    }));
  }

  /**
   * The general stays' draws for one sex, by band of acuteStay.icd10WeightsByAge: the weights
   * of icd10's codes then of the other diagnoses' groups, and the band's general stays per
   * 100,000 people without a condition (admission.ts). A code open to part of the band is
   * drawn more, its rate divided by that part; the draws its limits rule out are made again
   * among the open codes, so these weigh less by as much: each rate comes out as given.
   */
  private acuteDraws(sex: 'male' | 'female'): IAcuteDraws {
    if (!this.acuteDrawCache[sex]) {
      const stay = this.profiles.care.acuteStay;
      const bands = stay.icd10WeightsByAge.bands;
      const shares = ageShares(this.profiles.population, sex);
      const limits = stay.icd10Restrictions ?? {};
      const eligible = stay.icd10.map(code =>
        eligibleShares(bands, shares, limits[code])
      );
      const conditions: IAdmissionCondition[] = this.conditionDraws(sex).map(
        (d, k) => ({
          ...d,
          admissionRiskRatio: this.conditions[k].admissionRiskRatio
        })
      );
      const excess = admissionExcess(bands, shares, conditions);
      const draws: IAcuteDraws = { weights: [], per100k: [] };
      stay.icd10WeightsByAge[sex].forEach((row, b) => {
        const groups = stay.otherDiagnoses.groups.map(g => g[sex][b]);
        // A limited code's weight: its rate over the part of the band it fits (null: open).
        const limited = row.map((x, k) => {
          if (!(stay.icd10[k] in limits)) {
            return null;
          }
          return eligible[k][b] > 0 ? x / eligible[k][b] : 0;
        });
        const open =
          sumOf(row.filter((_, k) => limited[k] === null)) + sumOf(groups);
        const extra = sumOf(
          limited.map((w, k) => (w === null ? 0 : w - row[k]))
        );
        if (extra > 0 && extra >= open) {
          throw new Error(
            `care.json acuteStay.icd10WeightsByAge.${sex}[${b}]: the codes of icd10Restrictions open to part of the band from age ${bands[b]} need ${Math.round(extra)} more stays per 100,000 than the band's open codes and otherDiagnoses have (${Math.round(open)}); lower their rates there or raise the others.`
          );
        }
        const scale = open > 0 ? 1 - extra / open : 1;
        draws.weights.push([
          ...limited.map((w, k) => w ?? row[k] * scale),
          ...groups.map(x => x * scale)
        ]);
        draws.per100k.push((sumOf(row) + sumOf(groups)) / excess[b]);
      });
      this.acuteDrawCache[sex] = draws;
    }
    return this.acuteDrawCache[sex]!;
  }

  private prevalencePpm(c: IConditionProfile): string {
    return `(${this.ppmBySexAndAge(`prev_${c.id}`, c.prevalencePct, 'age')})${this.riskRatios(c, o => this.conditionDraw(o.id))}`;
  }

  /** ` * (ratio if the flag)` for each condition of c's riskRatioWith, `flag` giving its SQL. */
  private riskRatios(
    c: IConditionProfile,
    flag: (other: IConditionProfile) => string
  ): string {
    return Object.entries(c.riskRatioWith ?? {})
      .map(
        ([other, ratio]) =>
          ` * (CASE WHEN ${flag(this.condition(other))} THEN ${ratio} ELSE 1 END)`
      )
      .join('');
  }

  /** The condition of id `id`, which riskRatioWith names. */
  private condition(id: string): IConditionProfile {
    const c = this.conditions.find(x => x.id === id);
    if (!c) {
      throw new Error(
        `conditions.json: riskRatioWith names "${id}", which is not a condition id; use one of ${this.conditions.map(x => x.id).join(', ')}.`
      );
    }
    return c;
  }

  /**
   * The year index (1 and on) in which a person without condition c at first gets it, else
   * NULL: each later year, at incidenceRatio times its prevalence at the person's age then.
   */
  private onsetYear(c: IConditionProfile): string {
    if (!c.incidenceRatio) {
      return 'CAST(NULL AS BIGINT)';
    }
    const ratios = this.riskRatios(c, condCol);
    const whens = Array.from({ length: MAX_YEARS - 1 }, (_, k) => k + 1).map(
      t =>
        forYears(
          t,
          `WHEN {{nyears}} > ${t} AND _m(r, ${saltOf(`onset:${c.id}:${t}`)}, 1000000) < (${this.ppmBySexAndAge(`inc_${c.id}`, c.prevalencePct, `age + ${t}`, { scale: c.incidenceRatio })})${ratios} THEN ${t}`
        )
    );
    return `CASE WHEN ${condCol(c)} THEN NULL ${whens.join(' ')} END`;
  }

  /** Whether condition `id` begins or ends in the year `yearSql` (never NULL). */
  private beginsOrEnds(id: string, yearSql: string): string {
    return `coalesce(year(ond_${id}) = ${yearSql} OR year(endd_${id}) = ${yearSql}, false)`;
  }

  /** Whether the day `daySql` is before condition c begins or after it ends (NULL: neither). */
  private outside(c: IConditionProfile, daySql: string): string {
    return `(${daySql} < ond_${c.id} OR ${daySql} >= endd_${c.id})`;
  }

  /** Whether the person has condition c on the day `daySql` (of a year read through asOfYear). */
  private onDay(c: IConditionProfile, daySql: string): string {
    return `(${condCol(c)} AND NOT coalesce(${this.outside(c, daySql)}, false))`;
  }

  /**
   * `_person`'s columns as of the end of year `yearSql` (for `SELECT * REPLACE (…)`): the
   * conditions and treatments begun by then, and the ALDs of the year.
   */
  private asOfYear(yearSql: string): string {
    const has = (c: IConditionProfile): string =>
      `(${condCol(c)} AND coalesce(year(ond_${c.id}), 0) <= ${yearSql} AND coalesce(year(endd_${c.id}), 9999) >= ${yearSql})`;
    // In ALD in the year: its cover, from aldd to aldx (excluded), overlaps the year.
    const ald = (c: IConditionProfile): string =>
      `(ald_${c.id} AND aldd_${c.id} <= make_date(CAST(${yearSql} AS BIGINT), 12, 31) AND aldx_${c.id} > make_date(CAST(${yearSql} AS BIGINT), 1, 1))`;
    return [
      ...this.conditions.flatMap(c => [
        `${has(c)} AS ${condCol(c)}`,
        `t_${c.id} AND ${has(c)} AS t_${c.id}`,
        `${ald(c)} AS ald_${c.id}`
      ]),
      `${this.conditions.map(c => `CAST(${has(c)} AS INTEGER)`).join(' + ')} AS n_cond`,
      // An other ALD stays open, renewed after ten years (aldDriver).
      `CASE WHEN year(oaldd) <= ${yearSql} THEN oald END AS oald`,
      `${[...this.conditions.map(ald), `(oald IS NOT NULL AND year(oaldd) <= ${yearSql})`].join(' OR ')} AS has_ald`
    ].join(', ');
  }

  /**
   * The year index in which condition c ends, stopPct a year (stopPer100k), else NULL: from the
   * first year for a condition of the first year (some end in it, as every year), from the
   * year after for a new case. Drawn before the death: the ratio counts up to the year it
   * ends, and only a condition on in the year of the death may cause it (then it never ends).
   */
  private stopYear(c: IConditionProfile): string {
    if (!c.stopPct) {
      return 'CAST(NULL AS BIGINT)';
    }
    const whens = Array.from({ length: MAX_YEARS }, (_, t) => t).map(t =>
      forYears(
        t,
        `WHEN {{nyears}} > ${t} AND coalesce(on_${c.id}, -1) < ${t} AND _m(r, ${saltOf(`stop:${c.id}:${t}`)}, 100000) < ${stopPer100k(c)} THEN ${t}`
      )
    );
    return `CASE WHEN ${condCol(c)} OR on_${c.id} IS NOT NULL THEN CASE ${whens.join(' ')} END END`;
  }

  /**
   * The day of a death in the onset year of a new case begun on `onsetSql` (columns r,
   * death_offset, _aft): on or after it where `_aft`, else before it (on it, for a case begun
   * on 1 January). Likewise in the two years after around its anniversaries, with `after`
   * _aft2.
   */
  private onsetYearDeathDay(onsetSql: string, after = '_aft'): string {
    const onset = `(${onsetSql})`;
    const day = (month: number, dayOfMonth: number): string =>
      `make_date(CAST({{y0}} + death_offset AS BIGINT), ${month}, ${dayOfMonth})`;
    const draw = (days: string): string =>
      `CAST(_m(r, ${saltOf('onset year death day')}, ${days}) AS INTEGER)`;
    return `CASE WHEN ${after} THEN ${onset} + ${draw(`${day(12, 31)} - ${onset} + 1`)} ELSE ${day(1, 1)} + ${draw(`GREATEST(1, ${onset} - ${day(1, 1)})`)} END`;
  }

  /** A condition's flag as an expression (used once for the column, again for risk ratios). */
  private conditionDraw(id: string): string {
    return `(_m(r, ${saltOf('cond:' + id)}, 1000000) < ${this.prevalencePpm(this.condition(id))})`;
  }

  /**
   * A person's ICD-10 code of a condition, drawn once at the age it begins (`coded`, before
   * the death draw): their risk and cause of death, stays, associated diagnoses, ALD and
   * cartographie flags all use it.
   */
  private personCode(c: IConditionProfile): string {
    return this.drawnCode(c, `age + coalesce(on_${c.id}, 0)`);
  }

  /** The codes of `c` for a sex. */
  private codesOfSex(
    c: IConditionProfile | IOtherAldProfile,
    sex: 'male' | 'female'
  ): string[] {
    return c.icd10 ?? (sex === 'male' ? c.icd10ByMale : c.icd10ByFemale) ?? [];
  }

  /** A person's ICD-10 code of a condition or other ALD `c`, by sex and `ageSql`. */
  private drawnCode(
    c: IConditionProfile | IOtherAldProfile,
    ageSql: string
  ): string {
    const draw = `_m(r, ${saltOf('code:' + c.id)}, 1000)`;
    const male = this.codesOfSex(c, 'male');
    const female = this.codesOfSex(c, 'female');
    const w = c.icd10WeightsByAge;
    if (!w) {
      return c.icd10
        ? pick(c.icd10, draw)
        : `CASE WHEN sex = 1 THEN ${pick(male, draw)} ELSE ${pick(female, draw)} END`;
    }
    const index = this.indexBySexAndAge(
      `cond_code_${c.id}`,
      this.profiles.conditions.bands,
      w,
      ageSql,
      `_m(r, ${saltOf('code:' + c.id)}, ${BAND_SLOTS})`
    );
    return `(CASE WHEN sex = 1 THEN ${list(male)} ELSE ${list(female)} END)[1 + ${index}]`;
  }

  /**
   * `_person`'s other ALD as drawn (the index of its otherAld entry, NULL for none): one draw
   * among the entries' prevalences at the person's sex and first-year age, so one at most;
   * `oald` keeps it for the living, above its minAge, without a condition of its category.
   */
  private otherAldGroup(): string {
    const groups = this.otherAld;
    if (!groups.length) {
      return 'CAST(NULL AS INTEGER)';
    }
    const bands = this.profiles.conditions.bands;
    const rows = (sex: 'male' | 'female'): number[][] =>
      bands.map((_, b) => {
        const pcts = groups.map(g => g.prevalencePct[sex][b]);
        return [...pcts, Math.max(0, 100 - sumOf(pcts))];
      });
    const index = this.indexByThresholds(
      'other_ald',
      bands,
      { male: rows('male'), female: rows('female') },
      'age',
      `_m(r, ${saltOf('other ald')}, ${THRESHOLD_SCALE})`
    );
    return `CAST(nullif(${index}, ${groups.length}) AS INTEGER)`;
  }

  /**
   * A new case of an other ALD, for a person in none at the first year: one draw in
   * [0, THRESHOLD_SCALE) falls in the slice of year t (1, 2, …) of width P, the yearly chance
   * of a new case at the person's sex and first-year age (the sum over the entries of
   * incidenceRatio times prevalencePct), and within it in an entry's share of P. `draws` are
   * the draw (oald_u) and P (oald_p) as columns; `year` is t (NULL where P is 0) and `index`
   * the entry (NULL when t is past the period), both read from them.
   */
  private otherAldNewCase(): { draws: string; year: string; index: string } {
    const groups = this.otherAld;
    if (!groups.some(g => g.incidenceRatio)) {
      const none = 'CAST(NULL AS INTEGER)';
      return {
        draws: `${none} AS oald_u, ${none} AS oald_p`,
        year: none,
        index: none
      };
    }
    const bands = this.profiles.conditions.bands;
    const rates = (sex: 'male' | 'female'): number[][] => {
      const yearly = groups.map(g => otherAldYearlyPct(g, sex));
      return bands.map((_, b) => yearly.map(y => y[b]));
    };
    const total = (sex: 'male' | 'female'): number[] =>
      rates(sex).map(r => Math.round(sumOf(r) * THRESHOLD_SCALE));
    const P = `nullif(CASE WHEN sex = 1 THEN ${bandCase('age', bands, total('male'))} ELSE ${bandCase('age', bands, total('female'))} END, 0)`;
    const draw = `_m(r, ${saltOf('other ald: new case')}, ${THRESHOLD_SCALE})`;
    const year = 'CAST(1 + oald_u // oald_p AS INTEGER)';
    // A band with no new case: all of its weight on "none" (index groups.length).
    const rows = (sex: 'male' | 'female'): number[][] =>
      rates(sex).map(r => (sumOf(r) > 0 ? [...r, 0] : [...r.map(() => 0), 1]));
    const index = this.indexByThresholds(
      'other_ald_new',
      bands,
      { male: rows('male'), female: rows('female') },
      'age',
      `(oald_u % oald_p) * ${THRESHOLD_SCALE} // oald_p`
    );
    return {
      draws: `${draw} AS oald_u, ${P} AS oald_p`,
      year,
      index: `CASE WHEN ${year} < {{nyears}} THEN CAST(nullif(${index}, ${groups.length}) AS INTEGER) END`
    };
  }

  /** The ICD-10 code of the person's other ALD (column oald_g), drawn by its entry's weights. */
  private otherAldCode(): string {
    const whens = this.otherAld.map(
      (g, k) => `WHEN ${k} THEN ${this.drawnCode(g, 'age')}`
    );
    return whens.length
      ? `CASE oald_g ${whens.join(' ')} END`
      : 'CAST(NULL AS VARCHAR)';
  }

  /** Codes the compiler checks against nomenclatures, with where they come from. */
  requiredCodes(): ICodeNeed[] {
    const d = this.profiles.deaths;
    const other = this.otherAld;
    return [
      ...other.map((g, k) => ({
        nomenclature: 'IR_CIM_V',
        codes: [
          ...conditionCodes(g),
          ...Object.values(g.causeIcd10ByCode ?? {})
        ],
        where: `conditions.json otherAld[${k}] ("${g.id}") ICD-10 codes`
      })),
      {
        nomenclature: 'IR_ALD_V',
        codes: other.map(g => String(g.ald)),
        where: 'conditions.json otherAld ald'
      },
      {
        nomenclature: 'IR_ETM_V',
        codes: other
          .filter(g => g.exemptionNature !== undefined)
          .map(g => String(g.exemptionNature)),
        where: 'conditions.json otherAld exemptionNature'
      },
      ...this.conditions
        .filter(c => c.sessions)
        .map(c => ({
          nomenclature: 'MS_CIM_V',
          codes: [c.sessions!.icd10],
          where: `conditions.json (${c.id}) sessions.icd10`
        })),
      {
        nomenclature: 'IR_SPA_D',
        codes: this.practitionerBlocks().map(b =>
          String(CoreModel.practitionerCode(b))
        ),
        where: 'care.json specialties and practitioners (DA_PRA_R.PFS_PRA_SPE)'
      },
      ...this.biologySources().map(({ panels, where }) => ({
        nomenclature: 'IR_BIO_R',
        codes: panels.flatMap(b => b.acts),
        where: `${where} acts`
      })),
      {
        nomenclature: 'IR_BIO_R',
        codes: this.profiles.care.biologyCommonActs,
        where: 'care.json biologyCommonActs'
      },
      {
        nomenclature: 'IR_ACT_V',
        codes: Object.values(this.profiles.care.practitioners.activity),
        where: 'care.json practitioners.activity'
      },
      {
        nomenclature: 'DS_LIE_V',
        codes: d.placeOfDeath.codes,
        where: 'deaths.json placeOfDeath.codes'
      },
      {
        nomenclature: 'DS_MAR_V',
        codes: d.maritalStatus.codes,
        where: 'deaths.json maritalStatus.codes'
      },
      {
        nomenclature: 'DS_PC1_V',
        codes: Object.keys(d.socialCategoryWeights),
        where: 'deaths.json socialCategoryWeights'
      }
    ];
  }

  /** `_person`: one row per person, with demographics, conditions, identifiers and death. */
  personSql(): string {
    const p = this.profiles.population;
    const males = p.pyramid.male.reduce((a, b) => a + b, 0);
    const females = p.pyramid.female.reduce((a, b) => a + b, 0);
    const maleShare = Math.round((males / (males + females)) * 1_000_000);
    const bandStarts = p.ageBands.map(String);
    const depts = Object.keys(p.departments);
    const deptIndex = this.weightedIndex(
      'dpt_slot',
      `_m(r, 5, ${SLOTS})`,
      depts.map(d => p.departments[d])
    );
    // Communes of each department: one list, with each department's offset and count.
    const communes: string[] = [];
    const offsets: number[] = [];
    const counts: number[] = [];
    for (const d of depts) {
      const coms = this.codes.communes.get(d) ?? [];
      offsets.push(communes.length);
      counts.push(coms.length);
      communes.push(...coms);
    }
    const L = LOOKUP_TABLE;
    this.lookup('dpt_code', depts);
    this.lookup('com_code', communes.length ? communes : ['001']);
    this.lookup('com_off', offsets);
    this.lookup('com_cnt', counts);
    const conds = this.conditions
      .map(c => `${this.conditionDraw(c.id)} AS ${condCol(c)}`)
      .join(',\n    ');
    const onsets = this.conditions
      .map(c => `${this.onsetYear(c)} AS on_${c.id}`)
      .join(',\n    ');
    const stops = this.conditions
      .map(c => `${this.stopYear(c)} AS off_${c.id}`)
      .join(', ');
    // A condition on at the death, or that causes it, never ends.
    const unended = this.conditions.flatMap((c, k) =>
      c.stopPct
        ? [
            `CASE WHEN endd_${c.id} < coalesce(dcd, DATE '9999-12-31') AND cause_cond <> ${k} THEN endd_${c.id} END AS endd_${c.id}`
          ]
        : []
    );
    // A new case counts from its day if the person is alive then; its ALD starts 1 to
    // aldDelayDays days later. A condition present from the start: its ALD begins in one of the
    // 8 years up to the first (after birth), and only before the condition ends.
    const windowEnd = PERIOD_END;
    // A day of year index `yearSql`: a month drawn (0 to 11), then any day of it.
    const monthDraw = (salt: string): string =>
      `_m(r, ${saltOf(salt + ' month')}, 12)`;
    const dayOf = (yearSql: string, salt: string): string =>
      dayOfMonth(
        `make_date(CAST({{y0}} + ${yearSql} AS BIGINT), CAST(1 + ${monthDraw(salt)} AS BIGINT), 1)`,
        'r',
        saltOf(salt + ' day')
      );
    const onsetDays = this.conditions
      .map(
        c =>
          `${dayOf(`on_${c.id}`, 'onset:' + c.id)} AS ond_${c.id}, ${dayOf(`off_${c.id}`, 'stop:' + c.id)} AS endd_${c.id}`
      )
      .join(',\n    ');
    const lives = (c: IConditionProfile): string =>
      `ond_${c.id} <= coalesce(dcd, ${windowEnd})`;
    const began = this.conditions
      .map(
        c =>
          `${condCol(c)} OR coalesce(${lives(c)}, false) AS ${condCol(c)}, CASE WHEN ${lives(c)} THEN ond_${c.id} END AS ond_${c.id}`
      )
      .join(',\n    ');
    const treated = this.conditions
      .map(
        c =>
          `${condCol(c)} AND _m(r, ${saltOf('treated:' + c.id)}, 1000) < ${Math.round(this.profiles.conditions.treatedShare * 1000)} AS t_${c.id},
  CASE WHEN ond_${c.id} IS NULL THEN ${aldAtFirst(c.id)} ELSE ond_${c.id} + CAST(1 + _m(r, ${saltOf('ald delay:' + c.id)}, ${this.profiles.conditions.aldDelayDays}) AS INTEGER) END AS aldd_${c.id}`
      )
      .join(',\n  ');
    // An other ALD of the first year begins in the ALD_YEARS_BACK years up to it (aldAtFirst); a new case
    // on a day of year y0 + oald_t.
    const otherAld = `${this.otherAldCode()} AS oald_code, ${this.otherAld.length ? `CASE WHEN oald_t IS NULL THEN ${aldAtFirst('other ald')} ELSE ${newAldDay('oald_t')} END` : 'CAST(NULL AS DATE)'} AS oaldd`;
    // An other ALD of the category of a condition the person has would be that condition's.
    const sameCode =
      this.conditions
        .map(
          c =>
            `coalesce(${condCol(c)} AND substr(code_${c.id}, 1, 3) = substr(oald_code, 1, 3), false)`
        )
        .join(' OR ') || 'FALSE';
    // Nobody younger than an other ALD's minAge is in it.
    const minAge = this.otherAld.some(g => g.minAge)
      ? `${list(this.otherAld.map(g => g.minAge ?? 0))}[1 + oald_g]`
      : '0';
    const inAld = this.conditions
      .map(
        c =>
          `${condCol(c)} AND _m(r, ${saltOf('ald:' + c.id)}, 1000) < ${Math.round(c.aldShare * 1000)} AND aldd_${c.id} <= coalesce(dcd, ${windowEnd}) AND aldd_${c.id} < coalesce(endd_${c.id}, DATE '9999-12-31') AS ald_${c.id}`
      )
      .join(',\n  ');
    const onYears = this.conditions
      .map(c => `on_${c.id}, off_${c.id}`)
      .join(', ');
    // A new case's excess risks of death after its onset day.
    const hasExcess = (c: IConditionProfile): boolean =>
      !!c.incidenceRatio && EXCESS_FIELDS.some(key => c[key]);
    // A condition's ratio (_rc_<id>, by the code of its first year or new case) counts from
    // the year _ry_<id>: the first for a condition of the first year, the year after its
    // onset for a new case (in part in its onset year: _oa_<id> below); up to the year it
    // ends, off_<id> (mortality.ts calibrates the same).
    const rated = this.conditions.filter(
      c => c.mortalityRatio !== 1 || c.mortalityRatioByCode || hasExcess(c)
    );
    const ratioColumns = rated.map(c => {
      const ratio = `CAST(${c.mortalityRatio} AS DOUBLE)`;
      const byCode = c.mortalityRatioByCode
        ? byPrefix(
            `code_${c.id}`,
            c.mortalityRatioByCode,
            v => `CAST(${v} AS DOUBLE)`,
            ratio
          )
        : ratio;
      // A new case's excess risk over its first 12 months, per 10 million (_e1_<id>), and
      // over the next 12 (_e2_<id>).
      const per1e7 = (v: number): string => String(Math.round(v * 100000));
      const excess = hasExcess(c)
        ? `, ${byPrefix(`code_${c.id}`, c.firstYearExcessDeathPctByCode, per1e7, '0')} AS _e1_${c.id}${c.secondYearExcessDeathPctByCode ? `, ${byPrefix(`code_${c.id}`, c.secondYearExcessDeathPctByCode, per1e7, '0')} AS _e2_${c.id}` : ''}`
        : '';
      return `${byCode} AS _rc_${c.id}, CASE WHEN ${condCol(c)} THEN 0 ELSE on_${c.id} + 1 END AS _ry_${c.id}${excess}`;
    });
    // A new case counts from its onset day (mortality.ts ONSET_YEAR_SHARE): in its onset year
    // at 1 + (ratio - 1) × _oa_<id>, the share of the year after that day (dayOf's draws).
    const fresh = rated.filter(c => c.incidenceRatio);
    const yearStart = (yearSql: string): string =>
      `make_date(CAST({{y0}} + ${yearSql} AS BIGINT), 1, 1)`;
    // Its excess risk over the 12 months after the onset day (_e1_<id>) adds to the risk: in
    // the onset year × _oa_<id>, in the next year × (1 - _oa_<id>); that over the next 12
    // months (_e2_<id>, of `later`) likewise a year later.
    const excessive = fresh.filter(hasExcess);
    const later = excessive.filter(c => c.secondYearExcessDeathPctByCode);
    for (const c of fresh) {
      ratioColumns.push(
        `(${yearStart(`on_${c.id} + 1`)} - ${dayOf(`on_${c.id}`, 'onset:' + c.id)} - 0.5) / (${yearStart(`on_${c.id} + 1`)} - ${yearStart(`on_${c.id}`)}) AS _oa_${c.id}`
      );
    }
    const ratios = (t: number): string[] =>
      rated.map(
        c =>
          `(CASE WHEN _ry_${c.id} <= ${t}${c.stopPct ? ` AND coalesce(off_${c.id}, ${MAX_YEARS}) >= ${t}` : ''} THEN _rc_${c.id}${t >= 1 && fresh.includes(c) ? ` WHEN on_${c.id} = ${t} THEN 1 + (_rc_${c.id} - 1) * _oa_${c.id}` : ''} ELSE 1 END)`
      );
    // An other ALD of the first year, from its minAge (oald_g0: drawn in cond).
    const aldRatios = this.otherAld.flatMap((g, k) =>
      (g.mortalityRatio ?? 1) === 1
        ? []
        : [
            `WHEN oald_g0 = ${k} AND age >= ${g.minAge ?? 0} THEN CAST(${g.mortalityRatio} AS DOUBLE)`
          ]
    );
    if (aldRatios.length) {
      ratioColumns.push(`(CASE ${aldRatios.join(' ')} ELSE 1 END) AS _ra`);
    }
    // A new case of an other ALD (oald_n, begun in year oald_t0, for a person in none at the
    // first year) counts from its day as a condition's does (_oan, mortality.ts likewise).
    const newAldRatios = this.otherAld.flatMap((g, k) =>
      (g.mortalityRatio ?? 1) === 1 || !g.incidenceRatio
        ? []
        : [
            `WHEN oald_g0 IS NULL AND oald_n = ${k} AND age >= ${g.minAge ?? 0} THEN CAST(${g.mortalityRatio} AS DOUBLE)`
          ]
    );
    if (newAldRatios.length) {
      ratioColumns.push(
        `(CASE ${newAldRatios.join(' ')} ELSE 1 END) AS _rn, oald_t0 + 1 AS _rny, 1 - (${NEW_ALD_DAY} + 0.5) / 365 AS _oan`
      );
    }
    // The product of the person's ratios in year t.
    const ratio = (t: number): string => {
      const all = [
        ...ratios(t),
        ...(aldRatios.length ? ['_ra'] : []),
        // A new case begins in year 1 at the earliest.
        ...(newAldRatios.length && t >= 1
          ? [
              `(CASE WHEN _rny <= ${t} THEN _rn WHEN _rny = ${t + 1} THEN 1 + (_rn - 1) * _oan ELSE 1 END)`
            ]
          : [])
      ];
      return all.length ? ` * (${all.join(' * ')})` : '';
    };
    // The excess risk of year t (t >= 1: new cases begin from the second year).
    const excessOf = (c: IConditionProfile, t: number): string => {
      const e2 = later.includes(c);
      const whens = [
        `WHEN on_${c.id} = ${t} THEN _e1_${c.id} * _oa_${c.id}`,
        t >= 2
          ? `WHEN on_${c.id} = ${t - 1} THEN _e1_${c.id} * (1 - _oa_${c.id})${e2 ? ` + _e2_${c.id} * _oa_${c.id}` : ''}`
          : '',
        // Up to the year the condition ends, as its ratio (a new case ends from the year
        // after its onset).
        t >= 3 && e2
          ? `WHEN on_${c.id} = ${t - 2}${c.stopPct ? ` AND coalesce(off_${c.id}, ${MAX_YEARS}) >= ${t}` : ''} THEN _e2_${c.id} * (1 - _oa_${c.id})`
          : ''
      ];
      return `(CASE ${whens.filter(w => w).join(' ')} ELSE 0 END)`;
    };
    const excessAt = (t: number): string =>
      t >= 1 && excessive.length
        ? ` + ${excessive.map(c => excessOf(c, t)).join(' + ')}`
        : '';
    const ratioNames = [
      ...rated.flatMap(c => [`_rc_${c.id}`, `_ry_${c.id}`]),
      ...excessive.map(c => `_e1_${c.id}`),
      ...later.map(c => `_e2_${c.id}`),
      ...fresh.map(c => `_oa_${c.id}`),
      ...(aldRatios.length ? ['_ra'] : []),
      ...(newAldRatios.length ? ['_rn', '_rny', '_oan'] : [])
    ];
    // A death in the onset year of a new case (_oc: the first such condition's index, else
    // the conditions' count for a new other ALD) is after its onset day (_aft) with the odds
    // its ratio gives the days after against those before.
    // With an excess risk (excessive), the odds weigh it too: of the death year's risk, _pd
    // from the ratios (the days after the onset at its ratio) and _ed from excess risks.
    const onsetYear = [
      ...fresh.map(c => ({
        k: this.conditions.indexOf(c),
        when: `on_${c.id} = death_offset`,
        ratio: `_rc_${c.id}`,
        after: `_oa_${c.id}`,
        odds: excessive.includes(c)
          ? `(_pd * _rc_${c.id} * _oa_${c.id} / (1 + (_rc_${c.id} - 1) * _oa_${c.id}) + _e1_${c.id} * _oa_${c.id}) / (_pd + _ed)`
          : undefined,
        day: dayOf(`on_${c.id}`, 'onset:' + c.id)
      })),
      ...(newAldRatios.length
        ? [
            {
              k: this.conditions.length,
              when: 'oald_t0 = death_offset AND _rn > 1',
              ratio: '_rn',
              after: '_oan',
              odds: undefined,
              day: newAldDay('oald_t0')
            }
          ]
        : [])
    ];
    const onsetYearDeath = onsetYear.length
      ? `, CASE ${onsetYear.map(e => `WHEN ${e.when} THEN ${e.k}`).join(' ')} END AS _oc,
    CASE ${onsetYear.map(e => `WHEN ${e.when} THEN _m(r, ${saltOf('onset year death')}, 1000000) < 1000000 * ${e.odds ?? `${e.ratio} * ${e.after} / (1 + (${e.ratio} - 1) * ${e.after})`}`).join(' ')} END AS _aft`
      : ', CAST(NULL AS INTEGER) AS _oc, CAST(NULL AS BOOLEAN) AS _aft';
    // A death in the year after the onset of a case with an excess risk, or in the year
    // after that with a second year's (_sc: the first such entry), is on or after the
    // anniversary (_aft2) with the odds of the risk there (its ratios' and the next 12
    // months' excess) against the year's; else before it.
    const anniversaryYear = excessive
      .flatMap(c => [
        {
          c,
          years: 1,
          risk: later.includes(c) ? `(_pd + _e2_${c.id})` : '_pd'
        },
        ...(later.includes(c) ? [{ c, years: 2, risk: '_pd' }] : [])
      ])
      .map((e, k) => ({
        k,
        when: `on_${e.c.id} + ${e.years} = death_offset`,
        odds: `${e.risk} * _oa_${e.c.id} / (_pd + _ed)`,
        day: dayOf(`on_${e.c.id} + ${e.years}`, 'onset:' + e.c.id)
      }));
    const anniversaryYearDeath = anniversaryYear.length
      ? `, CASE ${anniversaryYear.map(e => `WHEN ${e.when} THEN ${e.k}`).join(' ')} END AS _sc,
    CASE ${anniversaryYear.map(e => `WHEN ${e.when} THEN _m(r, ${saltOf('anniversary year death')}, 1000000) < 1000000 * ${e.odds}`).join(' ')} END AS _aft2`
      : '';
    const newAld = this.otherAldNewCase();
    const withNewAld = `(SELECT coded.*, ${newAld.year} AS oald_t0, ${newAld.index} AS oald_n, ${stops} FROM coded CROSS JOIN ${L})`;
    // The excess mortality of a year (population.json mortalityYearFactors).
    const factors = Object.entries(
      this.profiles.population.mortalityYearFactors
    );
    const yearFactor = (t: number): string =>
      factors.length
        ? ` * (CASE {{y0}} + ${t} ${factors.map(([y, f]) => `WHEN ${y} THEN ${f}`).join(' ')} ELSE 1 END)`
        : '';
    // A person's risk of death in year t, per 10 million, from the ratios.
    const risk = (t: number): string =>
      `(${this.mortality('sex', t)})${ratio(t)}${yearFactor(t)}`;
    const deathCase = Array.from({ length: MAX_YEARS }, (_, t) =>
      forYears(
        t,
        `WHEN {{nyears}} > ${t} AND _m(r, ${saltOf('death:' + t)}, 100000) * 100 < ${risk(t)}${excessAt(t)} THEN ${t}`
      )
    ).join(' ');
    // The death year's risk from the ratios (_pd) and from excess risks (_ed), where a new
    // case has an excess: from the second year.
    const byDeathYear = (f: (t: number) => string): string =>
      `CASE WHEN death_offset IS NULL THEN CAST(NULL AS DOUBLE) ${Array.from({ length: MAX_YEARS - 1 }, (_, t) => forYears(t + 1, `WHEN death_offset = ${t + 1} THEN ${f(t + 1)}`)).join(' ')} END`;
    const deathYearRisk = excessive.length
      ? `, ${byDeathYear(risk)} AS _pd, ${byDeathYear(t => `0${excessAt(t)}`)} AS _ed`
      : '';
    const causes = Object.entries(this.profiles.conditions.causeOfDeathPct).map(
      ([id, pct]) => {
        const k = this.conditions.findIndex(c => c.id === id);
        const c = this.conditions[k];
        const share = byPrefix(
          `code_${c.id}`,
          c.causeOfDeathPctByCode,
          String,
          String(pct)
        );
        // A condition of the first year, or a new case begun before the death; not ended
        // before it.
        return `WHEN (${condCol(c)} OR coalesce(on_${c.id} < death_offset OR (_oc = ${k} AND _aft), false))${c.stopPct ? ` AND coalesce(off_${c.id} >= death_offset, true)` : ''} AND _m(r, ${saltOf('dies of:' + id)}, 100) < ${share} THEN ${k}`;
      }
    );
    const lastAge = this.weightedIndex(
      'last_age',
      `_m(r, 3, ${SLOTS})`,
      p.lastBandAgeWeights
    );
    return `${CREATE_WORK_TABLE} _person AS
WITH base AS (
  SELECT range AS i, ${rowRandom('range', 'person')} AS r FROM range({{patients}})
), demo AS (
  SELECT i, r,
    CASE WHEN _m(r, 1, 1000000) < ${maleShare} THEN 1 ELSE 2 END AS sex
  FROM base
), aged AS (
  SELECT *,
    (CASE WHEN sex = 1 THEN ${weightedCase('_m(r, 2, 1000000)', bandStarts, p.pyramid.male)} ELSE ${weightedCase('_m(r, 2, 1000000)', bandStarts, p.pyramid.female)} END) AS band
  FROM demo
), dem AS (
  SELECT i, r, sex,
    band + CAST(CASE WHEN band = ${p.ageBands[p.ageBands.length - 1]} THEN ${lastAge} ELSE _m(r, 3, ${p.ageBands[1] - p.ageBands[0]}) END AS INTEGER) AS age,
    ${deptIndex} AS dpt_i
  FROM aged CROSS JOIN ${L}
), cond AS (
  SELECT dem.*, ${L}.dpt_code[1 + dpt_i] AS dpt,
    ${conds},
    ${newAld.draws},
    ${this.otherAldGroup()} AS oald_g0
  FROM dem CROSS JOIN ${L}
), onset AS (
  SELECT cond.*,
    ${onsets}
  FROM cond CROSS JOIN ${L}
), coded AS (
  -- The code of each condition: drawn at the age it begins (personCode).
  SELECT onset.*,
    ${this.conditions.map(c => `${this.personCode(c)} AS code_${c.id}`).join(',\n    ')}
  FROM onset CROSS JOIN ${L}
), full_ AS (
  SELECT cond.*,
    CASE ${deathCase} ELSE NULL END AS death_offset
  FROM ${ratioColumns.length ? `(SELECT x.*, ${ratioColumns.join(', ')} FROM ${withNewAld} x CROSS JOIN ${L}) cond` : `${withNewAld} cond`} CROSS JOIN ${L}
), lived AS (
SELECT f.* EXCLUDE (${['dpt_i', 'oald_u', 'oald_p', 'oald_g0', 'oald_t0', 'oald_n', 'dmo', '_oc', '_aft', ...(excessive.length ? ['_pd', '_ed', '_sc', '_aft2'] : []), ...ratioNames].join(', ')}),
  {{y0}} - 1 - age AS nai_ann,
  CAST(1 + _m(r, 4, 12) AS INTEGER) AS nai_moi,
  CASE WHEN ${L}.com_cnt[1 + dpt_i] = 0 THEN '001' ELSE ${L}.com_code[1 + ${L}.com_off[1 + dpt_i] + _m(r, 6, GREATEST(${L}.com_cnt[1 + dpt_i], 1))] END AS com,
  ${pick(this.codes.organisations, '_m(r, 7, 1000000)')} AS org,
  ${pick(this.codes.emitters, '_m(r, 8, 1000000)')} AS emt,
  CASE WHEN death_offset IS NOT NULL THEN ${this.bandWeighted(this.profiles.deaths.placeOfDeath, 'age + 1 + death_offset', `_m(r, ${saltOf('place of death')}, 1000000)`)} END AS dlie,
  CASE WHEN death_offset IS NULL THEN NULL${onsetYear.map(e => ` WHEN _oc = ${e.k} AND epi_k IS NULL THEN ${this.onsetYearDeathDay(e.day)}`).join('')}${anniversaryYear.map(e => ` WHEN _sc = ${e.k} AND epi_k IS NULL THEN ${this.onsetYearDeathDay(e.day, '_aft2')}`).join('')} ELSE make_date(CAST({{y0}} + death_offset AS BIGINT), CAST(dmo AS BIGINT), 1) + CAST(_m(r, 13, day(last_day(make_date(CAST({{y0}} + death_offset AS BIGINT), CAST(dmo AS BIGINT), 1)))) AS INTEGER) END AS dcd,
  ${this.identifier('A', 'i', 'nir_ano')} AS nir_ano,
  -- BEN_IDT_ANO is the certified NIR (BEN_IDT_TOP = 1) for everyone generated.
  ${this.identifier('A', 'i', 'nir_ano')} AS idt_ano,
  ${this.identifier('P', 'i', 'psa1')} AS psa1,
  CASE WHEN _m(r, 30, 1000000) < ${Math.round(p.secondNirShare * 1_000_000)} THEN ${this.identifier('Q', 'i', 'psa2')} END AS psa2,
  -- A second BEN_NIR_PSA takes over (a change of the person opening the rights) at a date
  -- of the period: care before it is under the first, care after under the second.
  make_date({{y0}}, 1, 1) + CAST(_m(r, ${saltOf('psa switch')}, 365 * {{nyears}}) AS INTEGER) AS psa_switch,
  CASE WHEN _m(r, 31, 1000000) < ${Math.round(p.secondRankShare * 1_000_000)} THEN 2 ELSE 1 END AS rng,
  _m(r, ${saltOf('cmu')}, 1000000) < ${bandCase(
    'age',
    p.ageBands,
    p.cmuPct.map(x => Math.round(x * 10000))
  )} AS cmu,
  -- An other ALD of the first year, else one begun in a later year of the period.
  coalesce(oald_g0, oald_n) AS oald_g,
  CASE WHEN oald_g0 IS NULL AND oald_n IS NOT NULL THEN oald_t0 END AS oald_t
FROM (
  -- epi_k: the epidemic a death no condition causes (cause_cond) would be of, drawn
  -- before its month (dmo). An other ALD's cause (oald_cause) needs the day of death: its
  -- few deaths may take an epidemic's month.
  SELECT fe.*, ${this.epidemicDeathMonth('1 + _m(r, 12, 12)')} AS dmo
  -- A death in a new case's onset year (_oc) takes its day from the case's (onsetYearDeathDay),
  -- but one of an epidemic its month's.
  FROM (SELECT *, CASE WHEN cause_cond < 0 THEN ${this.epidemicDeath()} END AS epi_k
    FROM (SELECT fo.*, CASE WHEN death_offset IS NULL THEN -1 ${causes.join(' ')} ELSE -1 END AS cause_cond
      FROM (SELECT ${deathYearRisk ? `*${onsetYearDeath}${anniversaryYearDeath} FROM (SELECT full_.*${deathYearRisk} FROM full_ CROSS JOIN ${L})` : `full_.*${onsetYearDeath} FROM full_`}) fo CROSS JOIN ${L})) fe CROSS JOIN ${L}
) f CROSS JOIN ${L}
), began AS (
  -- Conditions of the first year, or begun later while alive (ond_<id>, the day it begins);
  -- the death draw above counted a new case from that day (_oa_<id>, onsetYearDeathDay).
  SELECT * EXCLUDE (${onYears}) REPLACE (
    ${began})
  FROM (SELECT *${unended.length ? ` REPLACE (${unended.join(', ')})` : ''} FROM (SELECT *, ${onsetDays} FROM lived))
), treated AS (
  SELECT began.*,
  ${treated},
  ${otherAld}
  FROM began CROSS JOIN ${L}
), in_ald AS (
  SELECT *,
  ${inAld},
  CASE WHEN oaldd <= coalesce(dcd, ${windowEnd}) AND NOT (${sameCode}) AND age >= ${minAge} THEN oald_g END AS oald
  FROM treated
), ald_caused AS (
SELECT *,
  -- The day each ALD stops covering care (aldStop): its periods end the day before.
  ${[...this.conditions.map(c => `CASE WHEN ald_${c.id} THEN ${aldStop(`aldd_${c.id}`, c.stopPct ? `endd_${c.id}` : undefined)} END AS aldx_${c.id}`), `CASE WHEN oald IS NOT NULL THEN ${aldStop('oaldd')} END AS oaldx`].join(',\n  ')},
  ${this.conditions.map(c => `CAST(${condCol(c)} AS INTEGER)`).join(' + ')} AS n_cond,
  ${this.conditions.map(c => `CAST(ald_${c.id} AS INTEGER)`).join(' + ')} > 0 OR oald IS NOT NULL AS has_ald,
  -- A death no condition causes may be of the person's other ALD (its causeOfDeathPct), one
  -- begun by then (in_ald).
  coalesce(dcd IS NOT NULL AND cause_cond < 0 AND _m(r, ${saltOf('dies of: other ald')}, 1000) < ${list(this.otherAld.map(g => Math.round((g.causeOfDeathPct ?? 0) * 10)))}[1 + oald], false) AS oald_cause
FROM in_ald
), epidemic_caused AS (
  -- Else it may be of an epidemic (epi_death), which has its own places of death.
  SELECT *, CASE WHEN dcd IS NOT NULL AND cause_cond < 0 AND NOT oald_cause THEN epi_k END AS epi_death
  FROM ald_caused
)
SELECT * EXCLUDE (epi_k) REPLACE (${this.epidemicDeathPlace().place} AS dlie) FROM epidemic_caused`;
  }

  /**
   * IR_BEN_R: one row per BEN_NIR_PSA (a few people have two, the second inserted when it
   * takes over). BEN_IDT_TOP = 1 on every row: BEN_IDT_ANO is the person's BEN_NIR_ANO.
   */
  beneficiaryDriver(): string {
    const cols = (
      psa: string,
      k: number
    ): string => `SELECT _h(r + ${k}) AS _r, ${psa} AS BEN_NIR_PSA, rng AS BEN_RNG_GEM,
  nir_ano AS BEN_NIR_ANO, idt_ano AS BEN_IDT_ANO, sex AS BEN_SEX_COD, nai_ann AS BEN_NAI_ANN,
  make_date(CAST(nai_ann AS BIGINT), CAST(nai_moi AS BIGINT), 1) AS BEN_NAI_MOI,
  coalesce(dcd, DATE '1600-01-01') AS BEN_DCD_DTE, _ym(coalesce(dcd, DATE '1600-01-01')) AS BEN_DCD_AME,
  dpt AS BEN_RES_DPT, com AS BEN_RES_COM, org AS ORG_AFF_BEN, org AS ORG_CLE_NEW, '01' AS BEN_CDI_NIR,
  1 AS BEN_IDT_TOP, nir_ano AS ASS_NIR_ANO,
  ${k === 1 ? 'make_date(CAST(GREATEST(nai_ann, 1990) AS BIGINT), 1, 1)' : 'psa_switch'} AS BEN_DTE_INS,
  ${PERIOD_END} AS BEN_DTE_MAJ, ${PERIOD_END} AS BEN_IDT_MAJ,
  ${PERIOD_END} AS MAX_TRT_DTD, false AS BEN_TOP_CNS
FROM _person`;
    return `${cols('psa1', 1)}\nUNION ALL\n${cols('psa2', 2)} WHERE psa2 IS NOT NULL`;
  }

  /** IR_IBA_R: one row per person. */
  identityDriver(): string {
    return `SELECT _h(r + 3) AS _r, idt_ano AS BEN_IDT_ANO, 1 AS BEN_IDT_TOP, nir_ano AS ASS_NIR_ANO, '01' AS BEN_CDI_NIR,
  nai_ann AS BEN_NAI_ANN, make_date(CAST(nai_ann AS BIGINT), CAST(nai_moi AS BIGINT), 1) AS BEN_NAI_MOI, sex AS BEN_SEX_COD,
  coalesce(dcd, DATE '1600-01-01') AS BEN_DCD_DTE, _ym(coalesce(dcd, DATE '1600-01-01')) AS BEN_DCD_AME,
  org AS ORG_AFF_BEN, dpt AS BEN_RES_DPT, com AS BEN_RES_COM, 0 AS BEN_TOP_CNS, org AS ORG_CLE_NEW
FROM _person`;
  }

  /**
   * The person's drug `jSql` (0 first) of condition c, among those of the person's code
   * (chronicAtcByCode, the longest prefix), else among chronicAtc: the first drawn with
   * `drawSql` (weighted by chronicAtcWeights), the next ones following it in the list, so
   * that a person's drugs differ while there are enough of them.
   */
  private conditionDrug(
    c: IConditionProfile,
    drawSql: string,
    jSql: string
  ): string {
    return this.chronicDrug(
      c,
      `code_${c.id}`,
      `conditions.json (${c.id})`,
      drawSql,
      jSql
    );
  }

  /**
   * conditionDrug for any list of chronic drugs (a condition's, an other ALD's), the person's
   * ICD-10 code in `codeSql`; NULL for a code with no list (whose count is 0). A drug of a
   * condition's chronicAtcChoices is the person's choice among its drugs (choiceIndex).
   */
  private chronicDrug(
    lists: IDrugLists,
    codeSql: string,
    where: string,
    drawSql: string,
    jSql: string
  ): string {
    const drug = (code: string): string => {
      const choices = lists.chronicAtcChoices?.[code];
      return choices
        ? `${list(choices.map(x => this.atc(x.atc, where)))}[1 + ${CoreModel.choiceIndex(code, choices)}]`
        : String(this.atc(code, where));
    };
    const nth = (codes: string[], fallback: boolean): string => {
      if (codes.length === 1) {
        return drug(codes[0]);
      }
      const at = `(${CoreModel.firstDrug(lists, codes, drawSql, fallback)} + ${jSql}) % ${codes.length}`;
      const plain = `${list(codes.map(a => this.atc(a, where)))}[1 + ${at}]`;
      const chosen = codes
        .map((a, k) => ({ a, k }))
        .filter(({ a }) => lists.chronicAtcChoices?.[a]);
      return chosen.length
        ? `CASE ${at} ${chosen.map(({ a, k }) => `WHEN ${k} THEN ${drug(a)}`).join(' ')} ELSE ${plain} END`
        : plain;
    };
    return byPrefix(
      codeSql,
      lists.chronicAtcByCode,
      codes => nth(codes, false),
      lists.chronicAtc ? nth(lists.chronicAtc, true) : 'CAST(NULL AS INTEGER)'
    );
  }

  /**
   * The index in `codes` of the person's first drug, drawn with `drawSql`: by
   * chronicAtcWeights for the list of every code (`fallback`), else evenly.
   */
  private static firstDrug(
    lists: IDrugLists,
    codes: string[],
    drawSql: string,
    fallback: boolean
  ): string {
    return fallback && lists.chronicAtcWeights
      ? `(${weightedCase(
          drawSql,
          codes.map((_, k) => String(k)),
          lists.chronicAtcWeights
        )})`
      : `((${drawSql}) % ${codes.length})`;
  }

  /**
   * The condition that gives drugNursing (insulin injections by a nurse; one at most, as
   * profiles.ts checks), with its index, and its lines a renewal period and slots a year.
   */
  private nursedCondition():
    | {
        c: IConditionProfile;
        ci: number;
        dn: NonNullable<IConditionProfile['drugNursing']>;
        linesPerPeriod: number;
        slots: number;
      }
    | undefined {
    const ci = this.conditions.findIndex(c => c.drugNursing);
    if (ci < 0) {
      return undefined;
    }
    const { chronicRenewal, nursingCare } = this.profiles.care;
    const R = chronicRenewal.everyMonths;
    // The longest period between renewals, R months and 27 days (renewals fall on days 1 to
    // 28), in lines of maxDays; a period a renewal, and last year's last one's.
    const linesPerPeriod = Math.ceil((31 * R + 27) / nursingCare.maxDays);
    const slots = linesPerPeriod * (12 / R + 1);
    if (slots > MAX_NURSING_LINES) {
      throw new Error(
        `conditions.json drugNursing: with care.json nursingCare.maxDays ${nursingCare.maxDays} and chronicRenewal.everyMonths ${R}, a person's daily nursing takes ${slots} lines a year, more than the ${MAX_NURSING_LINES} nursing lines a person has; give a longer maxDays.`
      );
    }
    const c = this.conditions[ci];
    return { c, ci, dn: c.drugNursing!, linesPerPeriod, slots };
  }

  /** The draw of a condition's first drug (conditionDrug, takesDrug). */
  private static conditionDrugDraw(c: IConditionProfile): string {
    return `_m(r, ${saltOf('atc:' + c.id)}, 1000000)`;
  }

  /**
   * The index of the person's choice among those of a drug of chronicAtcChoices: drawn once
   * per person, so the same every year.
   */
  private static choiceIndex(drug: string, choices: IAtcChoice[]): string {
    return weightedCase(
      `_m(r, ${saltOf('atc choice:' + drug)}, 1000000)`,
      choices.map((_, k) => String(k)),
      choices.map(x => x.weight)
    );
  }

  /**
   * The choices of the conditions' drugs that bring check-ups of their own (INR for a
   * vitamin K antagonist), each a biology owner.
   */
  private followedChoices(): IFollowedChoice[] {
    // Once: panelChoiceSql finds an owner's check-ups by identity.
    this.choicesCache ??= this.conditions.flatMap((c, ci) =>
      Object.entries(c.chronicAtcChoices ?? {}).flatMap(([drug, choices]) =>
        choices
          .map((x, q) => ({
            c,
            ci,
            drug,
            q,
            owner: { ...x, id: `${c.id} ${x.atc}` },
            where: `conditions.json (${c.id}) chronicAtcChoices.${drug}[${q}] biologyPanels`
          }))
          .filter(({ owner }) => (owner.biologyPerYear ?? 0) > 0)
      )
    );
    return this.choicesCache;
  }

  /**
   * Whether a person treated for condition c (column t_<id>) takes choice `q` of `drug` this
   * year: the drug is among the nd_<ci> of their list that chronicDrug gives, and the choice
   * theirs. Reads nd_<ci>, so from a level above the one that defines it.
   */
  private takesChoice(
    c: IConditionProfile,
    ci: number,
    drug: string,
    q: number
  ): string {
    const chosen = CoreModel.choiceIndex(drug, c.chronicAtcChoices![drug]);
    return `${this.takesDrug(c, ci, a => a === drug)} AND (${chosen}) = ${q}`;
  }

  /**
   * Whether a person treated for condition c takes a drug of their list that `matches` this
   * year: one among the nd_<ci> that chronicDrug gives (`countSql`: np_<ci>, last year's).
   * Reads nd_<ci> (see takesChoice).
   */
  private takesDrug(
    c: IConditionProfile,
    ci: number,
    matches: (atc: string) => boolean,
    countSql = `nd_${ci}`
  ): string {
    const draw = CoreModel.conditionDrugDraw(c);
    const listed = (codes: string[], fallback: boolean): string => {
      const ks = codes.flatMap((a, k) => (matches(a) ? [k] : []));
      const first = CoreModel.firstDrug(c, codes, draw, fallback);
      if (!ks.length || ks.length === codes.length) {
        return ks.length ? `${countSql} > 0` : 'false';
      }
      return `(${ks.map(k => `(${k} - ${first} + ${codes.length}) % ${codes.length} < ${countSql}`).join(' OR ')})`;
    };
    return `t_${c.id} AND (${byPrefix(`code_${c.id}`, c.chronicAtcByCode, codes => listed(codes, false), listed(c.chronicAtc, true))})`;
  }

  /**
   * How many of its drugs a treated person takes each month (drawn with `drawSql` by
   * chronicDrugsWeights), at most as many as the list of their code in `codeSql` holds.
   */
  private chronicDrugCount(
    lists: IDrugLists,
    codeSql: string,
    drawSql: string
  ): string {
    return `LEAST(1 + ${this.thresholdIndex(drawSql, lists.chronicDrugsWeights)}, ${byPrefix(
      codeSql,
      lists.chronicAtcByCode,
      codes => String(codes.length),
      String(lists.chronicAtc?.length ?? 0)
    )})`;
  }

  /**
   * A drug count `countSql` in the `yearsSql`-th year since the person started (0: the
   * start's year; NULL: long before): startDrugsWeights by the same draw, then one more
   * every yearsPerAddedDrug years at a phase of the person's (salted by `id`), never more
   * than the count. LEAST skips a NULL.
   */
  private startingDrugCount(
    lists: IDrugLists,
    countSql: string,
    drawSql: string,
    yearsSql: string,
    id: string
  ): string {
    if (!lists.startDrugsWeights) {
      return countSql;
    }
    // Thousandths of a year: floor(years / step + phase), the phase uniform in [0, 1).
    const step = Math.round((lists.yearsPerAddedDrug ?? 1) * 1000);
    const phase = `_m(r, ${saltOf('added drug phase:' + id)}, ${step})`;
    return `LEAST(${countSql}, 1 + ${this.thresholdIndex(drawSql, lists.startDrugsWeights)} + (1000 * (${yearsSql}) + ${phase}) // ${step})`;
  }

  /**
   * The other acute drugs: the OpenMedic codes outside care.json acuteAtc, outside the ATC
   * classes (3 characters) of the conditions' drugs, so that a condition's drugs stay its own
   * (A10 for diabetes), the other ALDs' drugs (their codes only: their classes hold common
   * acute drugs), the seasonal classes and acuteOtherExcludedAtc. Each code's weight is its
   * class's (acuteOtherClassWeights: the longest prefix given, else its 3 characters with
   * weight 1) shared evenly among the class's codes, so a class of many codes is no likelier.
   */
  private otherAcuteAtc(): { index: number; weight: number }[] {
    const care = this.profiles.care;
    const classes = new Set(
      this.conditions.flatMap(c => chronicAtcOf(c).map(a => a.slice(0, 3)))
    );
    // A seasonal class is the acuteAtc drugs' only, so that all of it follows its season.
    const excluded = [
      ...classes,
      ...this.otherAld.flatMap(g => (g.drugs ? chronicAtcOf(g.drugs) : [])),
      ...this.treatments.flatMap(t => t.chronicAtc.map(a => a.slice(0, 3))),
      ...care.seasonality.map(x => x.atc),
      ...care.acuteOtherExcludedAtc
    ];
    const pool = [...this.codes.atcIndex].filter(
      ([atc]) =>
        !care.acuteAtc.includes(atc) &&
        !excluded.some(prefix => atc.startsWith(prefix))
    );
    const given = care.acuteOtherClassWeights;
    const prefixes = Object.keys(given).sort((a, b) => b.length - a.length);
    const classOf = (atc: string): string =>
      prefixes.find(p => atc.startsWith(p)) ?? atc.slice(0, 3);
    for (const prefix of prefixes) {
      if (!pool.some(([atc]) => atc.startsWith(prefix))) {
        throw new Error(
          `care.json acuteOtherClassWeights: "${prefix}" starts none of the other acute drugs (OpenMedic codes outside acuteAtc, the conditions', treatments' and other ALDs' drugs, the seasonal classes and acuteOtherExcludedAtc); remove it or give another ATC prefix.`
        );
      }
    }
    const sizes = new Map<string, number>();
    pool.forEach(([atc]) =>
      sizes.set(classOf(atc), (sizes.get(classOf(atc)) ?? 0) + 1)
    );
    return pool.map(([atc, index]) => ({
      index,
      weight: (given[classOf(atc)] ?? 1) / sizes.get(classOf(atc))!
    }));
  }

  atc(code: string, where: string): number {
    const index = this.codes.atcIndex.get(code);
    if (index === undefined) {
      throw new Error(
        `${where}: ATC code ${code} is not in the OpenMedic ATC5 list (nomenclature openmedic_ATC5); use a 7-character ATC code from that list.`
      );
    }
    return index;
  }

  /** care.json drugForms, longest ATC prefix first, checked: P presentations, unit prices. */
  private get drugForms(): IProfiles['care']['drugForms'] {
    if (this.formsCache) {
      return this.formsCache;
    }
    const P = this.codes.presentations;
    const forms = [...this.profiles.care.drugForms].sort(
      (a, b) => b.atc.length - a.atc.length
    );
    for (const f of forms) {
      const where = `care.json drugForms (${f.atc || 'default'})`;
      if (f.presentations.length !== P) {
        throw new Error(
          `${where}: give ${P} presentations, one per CIP13 of a class.`
        );
      }
      for (const range of [
        f.unitPrice,
        ...f.presentations.map(x => x.unitPrice)
      ]) {
        if (
          range &&
          !(range.length === 2 && range[0] > 0 && range[0] <= range[1])
        ) {
          throw new Error(
            `${where}: a unitPrice is [lowest, highest] euros per unit, both above 0.`
          );
        }
      }
    }
    // A box of several months is dispensed once every so many months of each prescription.
    const cycles = [
      this.profiles.care.chronicRenewal.everyMonths,
      ...this.conditions.map(c => c.specialistFollowUpMonths)
    ];
    for (const f of forms) {
      if (f.presentations.every(x => boxMonths(x) > 1)) {
        throw new Error(
          `care.json drugForms (${f.atc || 'default'}): give one presentation of a month (no months, or months 1), the box of the class's short courses.`
        );
      }
      f.presentations.forEach((pack, p) => {
        const months = boxMonths(pack);
        if (cycles.some(m => m % months !== 0)) {
          throw new Error(
            `care.json drugForms (${f.atc || 'default'}) presentations[${p}].months: ${months} does not divide every prescription's months (chronicRenewal.everyMonths and conditions.json specialistFollowUpMonths: ${[...new Set(cycles)].join(', ')}); give 1 or a divisor of them all.`
          );
        }
      });
    }
    if (!forms.some(f => f.atc === '')) {
      throw new Error(
        "care.json drugForms: add the forms of every other class, with atc ''."
      );
    }
    this.formsCache = forms;
    return forms;
  }

  /** The drug form (care.json drugForms) of an ATC code: the longest matching prefix. */
  private drugForm(atc: string): IProfiles['care']['drugForms'][number] {
    return this.drugForms.find(f => atc.startsWith(f.atc))!;
  }

  /**
   * Pack prices in cents, at [1 + ATC position * P + presentation]: each ATC code has a price
   * per unit drawn within its class's range (drugForms unitPrice, or the presentation's own
   * when its unit is another form, a flask for tablets), and a pack costs its units times it.
   * IR_PHA_R and the DCIR lines read the same list.
   */
  private drugPackCents(): string {
    const cents = [...this.codes.atcIndex].flatMap(([atc, a]) => {
      const form = this.drugForm(atc);
      const draw = hash32(a ^ saltOf('drug unit price'));
      return form.presentations.map(pack => {
        const [lo, hi] = (pack.unitPrice ?? form.unitPrice).map(x =>
          Math.round(x * 1000)
        );
        const unitMillis = lo + (draw % (hi - lo + 1));
        return Math.max(1, Math.round((unitMillis * pack.units) / 10));
      });
    });
    return this.lookup('drug_cents', cents);
  }

  /**
   * The months of treatment a box holds (drugForms `months`), at [1 + ATC position * P +
   * presentation] as drugPackCents; undefined when every box holds one month.
   */
  private drugPackMonths(): string | undefined {
    const months = [...this.codes.atcIndex].flatMap(([atc]) =>
      this.drugForm(atc).presentations.map(pack => boxMonths(pack))
    );
    return months.some(m => m > 1)
      ? this.lookup('drug_months', months)
      : undefined;
  }

  /**
   * The presentation an acute line takes for each drawn one, at [1 + ATC position * P +
   * presentation]: itself when its box holds a month, else its form's first that does (a
   * short course is not given in a box of three months); undefined when every box holds one.
   */
  private drugAcutePacks(): string | undefined {
    if (!this.drugPackMonths()) {
      return undefined;
    }
    const packs = [...this.codes.atcIndex].flatMap(([atc]) => {
      const boxes = this.drugForm(atc).presentations;
      const month = boxes.findIndex(x => boxMonths(x) === 1);
      return boxes.map((x, p) => (boxMonths(x) === 1 ? p : month));
    });
    return this.lookup('drug_acute_pack', packs);
  }

  /**
   * The INSERT of the synthetic drug referential: P presentations per ATC class, named and
   * packed after the galenic forms of the class (care.json drugForms), priced by the unit.
   */
  drugReferentialInsert(
    table: string,
    atcs: string[],
    labels: string[]
  ): string {
    const care = this.profiles.care;
    const P = this.codes.presentations;
    const form = this.lookup(
      'drug_form',
      atcs.map(a => care.drugForms.indexOf(this.drugForm(a)))
    );
    const packs = care.drugForms.flatMap(f => f.presentations);
    const label = this.lookup(
      'drug_pack',
      packs.map(x => x.label)
    );
    const units = this.lookup(
      'drug_units',
      packs.map(x => x.units)
    );
    const listOf = (values: string[]): string =>
      `[${values.map(sqlString).join(', ')}]`;
    return `INSERT INTO ${table} BY NAME
WITH k AS (SELECT range // ${P} AS a, range % ${P} AS p FROM range(${atcs.length * P})),
l AS (
  SELECT a, p, ${listOf(atcs)}[1 + a] AS atc, ${listOf(labels)}[1 + a] AS label,
    ${form}[1 + a] * ${P} + p + 1 AS pack
  FROM k CROSS JOIN ${LOOKUP_TABLE}
)
SELECT 3400930000000 + a * 10 + p AS PHA_CIP_C13, 3000000 + a * 10 + p AS PHA_PRS_IDE, atc AS PHA_ATC_C07, label AS PHA_ATC_L07,
  substr(atc, 1, 3) AS PHA_ATC_C03, 'SYNTH ' || substr(label, 1, 40) || ' ' || ${label}[pack] AS PHA_MED_NOM,
  CAST(${units}[pack] AS VARCHAR) AS PHA_UPC_NBR, atc AS PHA_ATC_CLA, label AS PHA_ATC_LIB,
  CAST(${this.drugPackCents()}[1 + a * ${P} + p] * 0.01 AS VARCHAR) AS PHA_PRI_UNI,
  'SYNTH' AS PHA_LAB_NOM
FROM l CROSS JOIN ${LOOKUP_TABLE}`;
  }

  /**
   * Every ambulatory care line (ER_PRS_F) with its pharmacy detail, as one query: ER_PRS_F
   * is written from it directly, keeping DCIR_HELPERS for ER_PHA_F and CT_DEP.
   */
  dcirEventsQuery(): string {
    const care = this.profiles.care;
    const conds = this.conditions;
    const sum = (f: (c: IConditionProfile) => number): string =>
      conds
        .map(c => `CASE WHEN ${condCol(c)} THEN ${f(c)} ELSE 0 END`)
        .join(' + ');
    const lam = (values: number[], extra: string): string =>
      `(${bandCase('age_t', care.bands, values)}) + ${extra}`;
    // A person's propensity to acute drugs, for all years: many get few, some many.
    const acuteSpread = this.lookup(
      'acute_spread',
      gammaQuantiles(care.acuteSpreadShape)
    );
    const countSpread = this.lookup(
      'count_spread',
      gammaQuantiles(care.countSpreadShape)
    );
    // Nursing is rarer and heavier: its own spread.
    const nursingSpread = this.lookup(
      'nursing_spread',
      gammaQuantiles(care.nursingCare.spreadShape)
    );
    const count = (
      lambda: string,
      k: number,
      cap: number,
      spread = countSpread
    ): string =>
      `CAST(LEAST(${cap}, floor((${lambda}) * ${spread}[1 + _m(rt, ${k}, ${SPREAD_SLOTS})])) AS BIGINT)`;
    // Slots of DCT_ORD_NUM (person % 100,000 * 1000 + slot): one range per kind of care.
    // A specialist who prescribes a condition's drugs renews them at follow-up visits, every
    // specialistFollowUpMonths: kind-2 slots off[ci] to off[ci] + 12 / S - 1, the other
    // specialist visits from slot NS on.
    const followUps = conds.map(c => 12 / c.specialistFollowUpMonths);
    const followUpOffsets = followUps.map((_, ci) =>
      followUps.slice(0, ci).reduce((a, b) => a + b, 0)
    );
    const NS = followUps.reduce((a, b) => a + b, 0);
    if (NS > 50) {
      throw new Error(
        'conditions.json specialistFollowUpMonths: the follow-up visits of all conditions must fit 50 slots a year; give fewer, longer intervals.'
      );
    }
    const slotCase = (f: (ci: number) => string): string =>
      `CASE ${conds.map((_, ci) => `WHEN k < ${followUpOffsets[ci] + followUps[ci]} THEN ${f(ci)}`).join(' ')} END`;
    // An other ALD's specialist visits add to the person's (oald: its index, from its year).
    const aldSpecialists = this.otherAldSpecialists();
    const aldVisits = aldSpecialists.length
      ? `CASE oald ${aldSpecialists.map(({ g, k }) => `WHEN ${k} THEN ${g.specialist!.visitsPerYear}`).join(' ')} ELSE 0 END`
      : '0';
    const specialistCount = count(
      lam(
        care.specialistVisitsPerYear,
        `${sum(c => c.specialistExtraPerYear)} + ${aldVisits}`
      ),
      20,
      99 - NS
    );
    // The condition whose drug users a nurse may see every day (drugNursing), if any.
    const nursed = this.nursedCondition();
    // Each kind's slots run from its base; its count `n` keeps them below the next base.
    const kinds: {
      kind: number;
      base: number;
      n: string;
      where?: string;
    }[] = [
      {
        kind: 1,
        base: 0,
        n: count(
          lam(
            care.gpVisitsPerYear,
            sum(c => c.gpExtraPerYear)
          ),
          10,
          99
        )
      },
      {
        kind: 2,
        base: 100,
        // The follow-ups count among the person's specialist visits of the profile.
        n: `${NS} + GREATEST(0, n_sp0 - (${conds.map((_, ci) => `CASE WHEN sp_${ci} THEN ${followUps[ci]} ELSE 0 END`).join(' + ') || '0'}))`,
        // A follow-up slot is a visit when its condition's specialist prescribes.
        where: `k >= ${NS} OR ${slotCase(ci => `sp_${ci}`)}`
      },
      {
        // Acute drugs are prescribed at GP visits: acuteDispensationsPerGpVisit a visit.
        kind: 3,
        base: 200,
        // The last term rounds at random, so that the mean is the profile's per visit.
        // Children get only the acuteAtc drugs: as many of them as adults get.
        n: `CAST(LEAST(99, floor(n_gp * ${care.acuteDispensationsPerGpVisit} * (CASE WHEN age_t >= 18 THEN 1 ELSE ${Number((1 - care.acuteOtherPct / 100).toFixed(6))} END) * acute_x + _u(rt, ${saltOf('acute drugs: rounding')}))) AS BIGINT)`
      },
      // Biology and nursing are prescribed at GP visits too: counted in pn, with the visits.
      { kind: 9, base: 600, n: 'n_bio' },
      {
        kind: 10,
        base: 700,
        // drugNursing's slots first, then the others, within the kind's slots.
        n: `LEAST(${MAX_NURSING_LINES}, n_nur${nursed ? ' + n_inj' : ''})`
      }
    ];
    // Biology: the check-ups of the conditions (nbio_<ci>), of the treatments of the year
    // (nbio_t<e>) and of the drugs chosen (nbio_a<k>), a regular follow-up, first, then the
    // others (n_bio_care), spread as visits are.
    const checkUpCount = (
      onSql: string,
      o: IBiologyOwner,
      salt: string,
      column: string
    ): string =>
      `CASE WHEN ${onSql} THEN ${this.thresholdIndex(`_m(rt, ${saltOf(salt)}, ${THRESHOLD_SCALE})`, followUpWeights(o))} ELSE 0 END AS ${column}`;
    const conditionCheckUpCounts = conds.map((c, ci) =>
      checkUpCount(condCol(c), c, 'biology count:' + c.id, `nbio_${ci}`)
    );
    const followedTreatments = this.treatments
      .map((t, e) => ({ t, e }))
      .filter(({ t }) => (t.biologyPerYear ?? 0) > 0);
    const treatmentCheckUpCounts = followedTreatments.map(({ t, e }) =>
      checkUpCount(
        `((tb | ts | tt | tc) >> ${e}) & 1 = 1`,
        t,
        'biology count: treatment ' + t.id,
        `nbio_t${e}`
      )
    );
    // And of the drugs chosen that bring their own (nbio_a<k>: INR for a vitamin K antagonist).
    const choiceCheckUpCounts = this.followedChoices().map(
      ({ c, ci, drug, q, owner }, k) =>
        checkUpCount(
          this.takesChoice(c, ci, drug, q),
          owner,
          'biology count: choice ' + owner.id,
          `nbio_a${k}`
        )
    );
    // A nurse's daily care for the users of a condition's drugs (drugNursing: insulin
    // injections): n_inj slots of nursing before the others (n_nur) for a person whose draw,
    // kept from year to year, is below the rate of their age (smooth, as treatments' are).
    const nursedBelow = (ageSql: string): string =>
      nursed
        ? `_m(r, ${saltOf('drug nursing:' + nursed.c.id)}, 1000000) < ${this.perAge(
            `inj_${nursed.c.id}`,
            smoothPerAgeOf(
              this.profiles.conditions.bands,
              nursed.dn.pctByBand.map(x => Math.round(x * 10000))
            ),
            ageSql
          )}`
        : 'false';
    const injCounts = nursed
      ? [
          `CASE WHEN ${this.takesDrug(nursed.c, nursed.ci, a => a.startsWith(nursed.dn.atc))} AND ${nursedBelow('age_t')} THEN ${nursed.slots} ELSE 0 END AS n_inj`,
          // Nursed from this year, or on the drug from this year (startDrugsWeights: not
          // among last year's np_<ci>): none from last year's renewal.
          `NOT (${nursedBelow('age_t - 1')})${
            nursed.c.startDrugsWeights
              ? ` OR NOT coalesce(${this.takesDrug(nursed.c, nursed.ci, a => a.startsWith(nursed.dn.atc), `np_${nursed.ci}`)}, false)`
              : ''
          } AS inj_new`
        ]
      : [];
    // The owners of follow-up check-ups in the order of their biology slots, and their counts.
    // Owners of a condition (its own check-ups, its chosen drugs') carry it: its days hold them.
    const bioOwners: (IOwnerCount & { c?: IConditionProfile })[] = [
      ...conds.map((c, ci) => ({ owner: c, column: `nbio_${ci}`, c })),
      ...followedTreatments.map(({ t, e }) => ({
        owner: t,
        column: `nbio_t${e}`
      })),
      ...this.followedChoices().map(({ owner, c }, k) => ({
        owner,
        column: `nbio_a${k}`,
        c
      }))
    ];
    const biologyCount = `LEAST(99, n_bio_care${bioOwners.map(o => ` + ${o.column}`).join('')})`;
    const nursingCount = count(
      lam(care.nursingPerYear, '0'),
      50,
      MAX_NURSING_LINES,
      nursingSpread
    );
    // The conditions' and treatments' drugs: 12 slots a drug, as many drugs as each can take.
    const drugSlots = [
      ...conds.map(c => c.chronicDrugsWeights.length),
      ...this.treatments.map(
        t => CoreModel.treatmentLists(t).chronicDrugsWeights.length
      )
    ];
    const slotBases = drugSlots.map(
      (_, x) =>
        FIRST_CHRONIC_SLOT +
        12 * drugSlots.slice(0, x).reduce((a, b) => a + b, 0)
    );
    if (drugSlots.reduce((a, b) => a + b, 0) > MAX_MONTHLY_DRUGS) {
      // The profiles' check says so to the user: slots 600 on are biology's.
      throw new Error('Chronic drug slots past 600: profiles.ts checks this.');
    }
    // A treated person's drugs of a condition: nd_<ci> of them, each dispensed monthly.
    conds.forEach((c, ci) => {
      kinds.push({
        kind: 4 + ci,
        base: slotBases[ci],
        n: `CASE WHEN t_${c.id} THEN 12 * nd_${ci} ELSE 0 END`
      });
    });
    // At most the drugs of the person's list (chronicAtcByCode by code, else chronicAtc).
    const treatmentDrugDraw = (t: ITreatmentProfile): string =>
      `_m(r, ${saltOf(`treatment drug count:${t.id}`)}, 1000000)`;
    // A new user starts on fewer drugs (startDrugsWeights): a first course (tt, tc) or a
    // user not drawn last year is in their first year, one drawn last year but not the year
    // before in their second, the others on their own count.
    const starting = this.treatments
      .map((t, e) => ({ t, e }))
      .filter(({ t }) => t.startDrugsWeights);
    const treatmentCount = (t: ITreatmentProfile, e: number, years: string) =>
      this.startingDrugCount(
        CoreModel.treatmentLists(t),
        `nd_t${e}`,
        treatmentDrugDraw(t),
        years,
        `treatment:${t.id}`
      );
    const startingTreatments = starting
      .map(
        ({ t, e }) =>
          `, ${treatmentCount(t, e, `CASE WHEN ((tt | tc | (tb & ~tb0)) >> ${e}) & 1 = 1 THEN 0 WHEN (((tb | ts) & tb0 & ~tb00) >> ${e}) & 1 = 1 THEN 1 END`)} AS nd_t${e}`
      )
      .join('');
    // Last year's count (np_t<e>): a user in their second year or on a course running on
    // took their first year's, one in their third year their second's (tb000: the draw of
    // three years back); the others this year's (a new user has none from last year).
    const lastYearTreatments = starting.map(
      ({ t, e }) =>
        `${treatmentCount(t, e, `CASE WHEN ((((tb | ts) & tb0 & ~tb00) | tc) >> ${e}) & 1 = 1 THEN 0 WHEN (((tb | ts) & tb0 & tb00 & ~tb000) >> ${e}) & 1 = 1 THEN 1 END`)} AS np_t${e}`
    );
    // A new case starts on fewer drugs (startDrugsWeights; chronicAtcByCode's persons aside).
    const drugCounts = conds.map((c, ci) => {
      const draw = `_m(r, ${saltOf('drug count:' + c.id)}, 1000000)`;
      const years = byPrefix(
        `code_${c.id}`,
        c.chronicAtcByCode,
        () => 'NULL',
        `CASE WHEN year(ond_${c.id}) <= y THEN y - year(ond_${c.id}) END`
      );
      const own = this.chronicDrugCount(c, `code_${c.id}`, draw);
      return `${this.startingDrugCount(c, own, draw, years, c.id)} AS nd_${ci}${
        c.startDrugsWeights
          ? `, ${this.startingDrugCount(c, own, draw, `(${years}) - 1`, c.id)} AS np_${ci}`
          : ''
      }`;
    });
    // An other ALD's drugs (kind OTHER_ALD_KIND): nd_o of them for its treated people. A
    // person treated for a condition whose drugs for their code include one of them takes
    // the condition's only (a coronary patient with an arteriopathy: one statin, not two).
    const treatedAld = this.otherAld
      .map((g, k) => ({ g, k }))
      .filter(({ g }) => g.drugs);
    const otherAldDrugs = treatedAld.length
      ? `CASE oald ${treatedAld
          .map(({ g, k }) => {
            const own = new Set(chronicAtcOf(g.drugs!));
            // A drug of chronicAtcChoices shares with the other ALD when one of its choices does.
            const shares =
              (c: IConditionProfile) =>
              (codes: string[]): string =>
                String(
                  codes.some(a =>
                    [
                      a,
                      ...(c.chronicAtcChoices?.[a] ?? []).map(x => x.atc)
                    ].some(x => own.has(x))
                  )
                );
            const sharing = conds
              .filter(c => chronicAtcOf(c).some(a => own.has(a)))
              .map(
                c =>
                  `NOT (t_${c.id} AND ${byPrefix(`code_${c.id}`, c.chronicAtcByCode, shares(c), shares(c)(c.chronicAtc))}) AND `
              )
              .join('');
            return `WHEN ${k} THEN CASE WHEN ${sharing}_m(r, ${saltOf('other ald treated')}, 10000) < ${Math.round(g.drugs!.treatedPct * 100)} THEN ${this.chronicDrugCount(g.drugs!, 'oald_code', `_m(r, ${saltOf('other ald drug count')}, 1000000)`)} ELSE 0 END`;
          })
          .join(' ')} ELSE 0 END`
      : '0';
    if (treatedAld.length) {
      kinds.push({ kind: OTHER_ALD_KIND, base: 900, n: '12 * nd_o' });
    }
    // The GP renews an other ALD's drugs in the years they are given: not before the ALD
    // begins, nor once its forYears have passed.
    const otherAldRenewed = `(nd_o > 0 AND oaldd <= make_date(y, 12, 31) AND NOT coalesce(false${this.otherAldDrugEnd('make_date(y, 1, 1)')}, false))`;
    // The treatments outside the conditions (kind TREATMENT_KIND + e): bit e of tb (or of ts,
    // those that end this year, or of tt and tc, first courses), nd_t<e> drugs of 12 lines each.
    const treatments = this.treatmentList();
    if (treatments) {
      this.treatments.forEach((_, e) =>
        kinds.push({
          kind: TREATMENT_KIND + e,
          base: slotBases[conds.length + e],
          n: `CASE WHEN ((tb | ts | tt | tc) >> ${e}) & 1 = 1 THEN 12 * nd_t${e} ELSE 0 END`
        })
      );
    }
    if (conds.length > 5) {
      throw new Error(
        'conditions.json: at most 5 conditions fit the DCIR numbering slots.'
      );
    }
    // GP visits (kind 1) are counted once, in pn: the drugs, biology and nursing they
    // prescribe follow from them.
    const gpVisits = kinds[0].n;
    kinds[0].n = 'n_gp';
    const unions = kinds
      .map(k => {
        const rows = `SELECT pn.*, ${k.kind} AS kind, ${k.base} AS base, unnest(range(${k.n})) AS k FROM pn`;
        return k.where ? `SELECT * FROM (${rows}) WHERE ${k.where}` : rows;
      })
      .join('\nUNION ALL\n');
    // Whether the condition's specialist prescribes a chronic drug: drawn per person and drug
    // (slot: 16 * kind + the drug's rank j), so that a person's follow-ups (sp_<ci>) know it.
    const prescribedBySpecialist = (slotSql: string, pctSql: string): string =>
      `_m(r, ${saltOf('prescribed by the specialist')} + ${slotSql}, 100) < ${pctSql}`;
    // Whether one of a condition's drugs at least is prescribed by its specialist, or by the GP.
    const someDrugBy = (specialist: boolean): string[] =>
      conds.map(
        (c, ci) =>
          Array.from(
            { length: c.chronicDrugsWeights.length },
            (_, j) =>
              `(nd_${ci} > ${j} AND ${specialist ? '' : 'NOT '}${prescribedBySpecialist(
                String(16 * (4 + ci) + j),
                String(c.specialistPrescriptionPct)
              )})`
          ).join(' OR ') || 'false'
      );
    const specialistPrescribes = someDrugBy(true);
    const gpRenews = someDrugBy(false);
    const lagKeys = Object.keys(care.flowLagMonthsWeights);
    const lag = weightedCase(
      '_m(er, 6, 1000000)',
      lagKeys,
      lagKeys.map(k => care.flowLagMonthsWeights[k])
    );
    const acuteAtc = care.acuteAtc.map(a => this.atc(a, 'care.json acuteAtc'));
    // An acute drug is chosen at its visit, with the weights of the visit's month: a seasonal
    // class's weight is times its month weight over their mean (antibiotics in winter).
    const baseWeights = care.acuteAtcWeights ?? care.acuteAtc.map(() => 1);
    const seasonOf = care.acuteAtc.map(a => {
      const season = care.seasonality.find(x => a.startsWith(x.atc));
      return season
        ? season.monthWeights.map(
            w =>
              (w * season.monthWeights.length) /
              season.monthWeights.reduce((x, y) => x + y, 0)
          )
        : null;
    });
    for (const season of care.seasonality) {
      if (
        season.monthWeights.length !== 12 ||
        !care.acuteAtc.some(a => a.startsWith(season.atc))
      ) {
        throw new Error(
          `care.json seasonality (${season.atc}): give 12 month weights, for a class of acuteAtc.`
        );
      }
    }
    // Slots of the acute drugs for each month (12 × ACUTE_SLOTS), read at the visit's month.
    const acuteSlots = Array.from({ length: 12 }, (_, m) =>
      slotList(
        baseWeights.map((w, k) => w * (seasonOf[k]?.[m] ?? 1)),
        ACUTE_SLOTS
      ).map(k => acuteAtc[k])
    ).flat();
    const listed = `${this.lookup('acute_slots', acuteSlots)}[1 + (month(d_v) - 1) * ${ACUTE_SLOTS} + _m(er, 3, ${ACUTE_SLOTS})]`;
    // An adult's other acute drugs: the rest of the town's drugs, weighted by class.
    const otherAcute = this.otherAcuteAtc();
    const otherSlots = otherAcute.some(o => o.weight > 0)
      ? slotList(
          otherAcute.map(o => o.weight),
          OTHER_ACUTE_SLOTS
        ).map(k => otherAcute[k].index)
      : [];
    const acuteDrawn = otherSlots.length
      ? `CASE WHEN age_t >= 18 AND _m(er, ${saltOf('acute: other drug')}, 1000) < ${Math.round(care.acuteOtherPct * 10)} THEN ${this.lookup('acute_others', otherSlots)}[1 + _m(er, ${saltOf('acute: which other')}, ${OTHER_ACUTE_SLOTS})] ELSE ${listed} END`
      : listed;
    // Below a drug's minimum age (acuteAtcMinAge), the first acute drug instead.
    const minAges = [...new Set(Object.values(care.acuteAtcMinAge ?? {}))].sort(
      (a, b) => a - b
    );
    const acuteChoice = minAges.length
      ? `CASE ${minAges
          .map(
            m =>
              `WHEN age_t < ${m} AND acute_d IN (${care.acuteAtc
                .filter(a => care.acuteAtcMinAge![a] === m)
                .map(a => this.atc(a, 'care.json acuteAtcMinAge'))
                .join(', ')}) THEN ${acuteAtc[0]}`
          )
          .join(' ')} ELSE acute_d END`
      : 'acute_d';
    // The draw of event k of a kind (in the year of rtSql), and the day of the year an
    // unseasonal event takes from its draw: a prescription recomputes its visit's.
    const eventDraw = (kindSql: string, kSql: string, rtSql = 'rt'): string =>
      `_h(${rtSql} + (${kindSql}) * 104729 + (${kSql}) * 15485863)`;
    const dayOfYear = (draw: string): string => `_m(${draw}, 1, 365)`;
    // The weekly rhythm (care.json weekendKeepPct): a visit's day (d_v, and the next renewal's,
    // d_vn) moves off a weekend once, where every line of the visit reads it; a line not on its
    // visit's day moves within its week, not before its prescription. Nursing goes on every day.
    const weekend = care.weekendKeepPct;
    // Per mille kept, by the kind of a line (a visit's: 1, or 2 for a specialist's).
    const keepOf =
      (kindSql: string): WeekendKeep =>
      day =>
        `CASE ${kindSql} WHEN 1 THEN ${perMille(weekend!.gp[day])} WHEN 2 THEN ${perMille(weekend!.specialist[day])} WHEN 9 THEN ${perMille(weekend!.biology[day])} ELSE ${perMille(weekend!.pharmacy[day])} END`;
    const visitKeep = keepOf('(CASE vkind WHEN 2 THEN 2 ELSE 1 END)');
    const lineKeep = keepOf('kind');
    // A visit's day is any day of its month: one moved off a weekend goes to any weekday of it.
    const visitOnWeekday = (day: string, draw: string): string =>
      weekend
        ? `CASE WHEN ${weekendKept(day, draw, 'weekend: visit', visitKeep)} THEN ${day} ELSE ${weekdayOfMonth(day, draw, 'weekend: visit')} END`
        : day;
    // Visit days, as dayed draws them, moved off weekends once: every line of a visit reads it.
    const visitDays = weekend
      ? `(SELECT * REPLACE (${visitOnWeekday('d_v', 'er_v')} AS d_v, ${visitOnWeekday('d_vn', 'er_vn')} AS d_vn) FROM dayed) dayed`
      : 'dayed';
    // A chronic kind's drugs of a month move together (em, their shared draw). A line of no
    // visit (kv NULL) is on any day of its year: off a weekend, on any weekday of its month.
    const lineDraw = `(CASE WHEN ${CHRONIC_KINDS} THEN em ELSE er END)`;
    const lineDays = weekend
      ? `CASE WHEN kind = 10 OR (kind IN (1, 2) AND kv IS NOT NULL) THEN d
        WHEN kv IS NULL THEN CASE WHEN ${weekendKept('d', lineDraw, 'weekend: line', lineKeep)} THEN d ELSE ${weekdayOfMonth('d', lineDraw, 'weekend: line')} END
        ELSE ${weekendMoved('d', lineDraw, 'weekend: line', lineKeep, { lower: 'd_v' })} END`
      : undefined;
    // A GP visit's month (care.json gpVisitMonthWeights), then any day of it.
    const gpMonth = `(1 + ${this.thresholdIndex(`_m(er_v, 1, ${THRESHOLD_SCALE})`, care.gpVisitMonthWeights)})`;
    const gpVisitDay = (yearSql: string): string => {
      const first = `make_date(CAST(${yearSql} AS BIGINT), CAST(${gpMonth} AS BIGINT), 1)`;
      return dayOfMonth(first, 'er_v', saltOf('gp visit day'));
    };
    // A chronic patient's GP renews their prescriptions every R months: GP visits 0 to
    // n_ren - 1 of the year, in months 1 + ph + R * k (ph, the person's phase), on a day of
    // the visit's draw; the other visits on a day of a month drawn by gpVisitMonthWeights.
    const renewal = care.chronicRenewal;
    const R = renewal.everyMonths;
    const renewalDay = (
      yearSql: string,
      monthSql: string,
      draw: string
    ): string =>
      dayOfMonth(
        `make_date(CAST(${yearSql} AS BIGINT), CAST(${monthSql} AS BIGINT), 1)`,
        draw,
        saltOf('renewal day')
      );
    // The days from a prescription to its care: the same day, or 1 to maxDays after; each
    // lag given by kind.
    type Lag = { sameDayPct: number; maxDays: number };
    const lagDays = (
      lagOf: (pick: (l: Lag) => number) => string,
      draw = 'er'
    ): string =>
      `CASE WHEN _m(${draw}, 31, 10000) < ${lagOf(l => Math.round(l.sameDayPct * 100))} THEN 0 ELSE 1 + _m(${draw}, 32, ${lagOf(l => l.maxDays)}) END`;
    const lags = care.prescriptionLag;
    // d_v plus a lag, kept up to `endSql`: a lag past it wraps round (none piles up there).
    const lagWithin = (lagSql: string, endSql: string): string =>
      `d_v + CAST((${lagSql}) % (${endSql} - d_v + 1) AS INTEGER)`;
    const lagOfKind = lagDays(
      pick =>
        `CASE kind WHEN 3 THEN ${pick(lags.acute)} WHEN 9 THEN ${pick(lags.biology)} ELSE ${pick(lags.nursing)} END`
    );
    const spread = renewal.spreadDays;
    // Town visits not made (townVisitsKeptByMonth): a GP visit other than a renewal, with
    // what it prescribes (by its draw er_v and month), and a specialist visit other than a
    // follow-up. The months are those of the days once out of a stay, which a visit and its
    // prescriptions share.
    const keptVisits = care.townVisitsKeptByMonth;
    // The year's test first: the filter reads the rest only for the rows of those years.
    const lostWhen = (
      byYear: Record<string, number[]>,
      line: string,
      draw: string,
      salt: string,
      day: string
    ): string =>
      Object.keys(byYear).length
        ? `AND (y NOT IN (${Object.keys(byYear).join(', ')}) OR NOT coalesce(${line} AND _m(${draw}, ${saltOf(salt)}, 1000000) >= ${monthListByYear('y', `month(${day})`, byYear, 1000000, '1000000', false)}, false))`
        : '';
    const visitsLost = [
      lostWhen(
        keptVisits.gp,
        'vkind = 1 AND kv >= n_ren AND inj_j IS NULL AND kind IN (1, 3, 9, 10)',
        'er_v',
        'gp visit lost',
        'd_v'
      ),
      lostWhen(
        keptVisits.specialist,
        'kind = 2 AND fc IS NULL',
        'er',
        'specialist visit lost',
        'd'
      )
    ].join(' ');
    // A drug added this year (startingDrugCount: drug k // 12 from last year's count np_)
    // starts at the year's first renewal: none from last year's.
    const added = [
      ...conds.flatMap((c, ci) =>
        c.startDrugsWeights ? [`WHEN ${4 + ci} THEN k // 12 >= np_${ci}`] : []
      ),
      ...starting.map(
        ({ e }) => `WHEN ${TREATMENT_KIND + e} THEN k // 12 >= np_t${e}`
      )
    ];
    const addedDrugs = added.length
      ? `\n    AND NOT (kv < 0 AND coalesce(CASE kind ${added.join(' ')} END, false))`
      : '';
    // Acute drugs of a seasonal class not dispensed (seasonality keptByMonth), by their month.
    const acuteLost = care.seasonality
      .map(season =>
        lostWhen(
          season.keptByMonth,
          `kind = 3 AND acute_i IN (${acuteAtc.filter((_, k) => care.acuteAtc[k].startsWith(season.atc)).join(', ')})`,
          'er',
          `acute drug lost: ${season.atc}`,
          'd'
        )
      )
      .join(' ');
    // A visit by video (teleconsultation) takes its own nature, by its year and month.
    const video = care.teleconsultation;
    const byVideo = (who: 'gp' | 'specialist'): string => {
      const pcts =
        video?.[who === 'gp' ? 'gpPctByMonth' : 'specialistPctByMonth'] ?? {};
      const first = Object.keys(pcts).sort()[0];
      return first
        ? `CASE WHEN y >= ${first} AND _m(er, ${saltOf(`teleconsultation: ${who}`)}, 1000000) < ${monthListByYear('y', 'month(d)', pcts, 10000, '0', true)} THEN ${video!.prsNat[who]} ELSE ${care.prsNat[who]} END`
        : String(care.prsNat[who]);
    };
    // A monthly dispensation's day: the visit's (at most the month's last) give or take
    // spreadDays, reflected off the month's ends so that none piles up on them.
    const monthDays =
      'day(last_day(make_date(CAST(y AS BIGINT), CAST(cm AS BIGINT), 1)))';
    const nearVisit = `(LEAST(day(d_v), ${monthDays}) + _m(em, ${saltOf('monthly dispensation')}, ${2 * spread + 1}) - ${spread})`;
    const monthlyDay = `CASE WHEN ${nearVisit} < 1 THEN 1 - ${nearVisit} WHEN ${nearVisit} > ${monthDays} THEN 2 * ${monthDays} + 1 - ${nearVisit} ELSE ${nearVisit} END`;
    // A renewal's first dispensation within days of the visit and its month, the next ones
    // on about the visit's day of the month, one month each.
    // Drawn per kind and month (em): a prescription's drugs come the same day, from one pharmacy.
    const renewedDispensation = `CASE WHEN ms = 0 THEN ${lagWithin(
      lagDays(pick => String(pick(renewal.firstDispensation)), 'em'),
      'last_day(d_v)'
    )}
      ELSE make_date(CAST(y AS BIGINT), CAST(cm AS BIGINT), CAST(${monthlyDay} AS BIGINT)) END`;
    // A line whose visits are its condition's specialist's: a follow-up, or a drug they prescribe.
    const followUpLine = '(fc IS NOT NULL AND (kind = 2 OR by_specialist))';
    const byFc = (f: (ci: number) => string): string =>
      `CASE fc ${conds.map((_, ci) => `WHEN ${ci} THEN ${f(ci)}`).join(' ')} END`;
    const onsetOfFc = byFc(ci => `ond_${conds[ci].id}`);
    // A chronic patient's drug j (k // 12) is dispensed monthly: several drugs per condition.
    // The last drug, dispensed fewer than 12 times, is spread over the year (every other
    // month for 6, from a month of the person's), not given from January until it runs out.
    const perYearOfKind = `CASE kind ${conds.map((_, ci) => `WHEN ${4 + ci} THEN 12 * nd_${ci}`).join(' ')} WHEN ${OTHER_ALD_KIND} THEN 12 * nd_o ${this.treatments.map((_, e) => `WHEN ${TREATMENT_KIND + e} THEN 12 * nd_t${e}`).join(' ')} END`;
    const slotCount = `LEAST(12, ${perYearOfKind} - 12 * (k // 12))`;
    const chronicMonth = `1 + ((k % 12) * 12 // ${slotCount} + _m(r + kind, ${saltOf('chronic phase')}, GREATEST(1, 12 // ${slotCount}))) % 12`;
    const chronicAtcCase = [
      ...conds.map(
        (c, ci) =>
          `WHEN kind = ${4 + ci} THEN ${this.conditionDrug(c, CoreModel.conditionDrugDraw(c), 'k // 12')}`
      ),
      ...(treatedAld.length
        ? [
            `WHEN kind = ${OTHER_ALD_KIND} THEN CASE oald ${treatedAld
              .map(
                ({ g, k }) =>
                  `WHEN ${k} THEN ${this.chronicDrug(g.drugs!, 'oald_code', `conditions.json otherAld (${g.id}) drugs`, `_m(r, ${saltOf('atc: other ald')}, 1000000)`, 'k // 12')}`
              )
              .join(' ')} END`
          ]
        : []),
      ...(treatments
        ? [
            `WHEN ${TREATMENT_KINDS} THEN CASE te ${this.treatments
              .map(
                (t, e) =>
                  `WHEN ${e} THEN ${this.chronicDrug(CoreModel.treatmentLists(t), 'NULL', `conditions.json treatments (${t.id})`, `_m(r, ${saltOf(`treatment drug:${t.id}`)}, 1000000)`, 'k // 12')}`
              )
              .join(' ')} END`
          ]
        : [])
    ].join(' ');
    // An other ALD's specialist takes its share of the visits: its visits over the band's.
    const specialistCase = [
      ...conds.map(
        c =>
          `WHEN ${this.onDay(c, 'd')} AND _m(er, 11, 3) = 0 THEN ${c.specialty}`
      ),
      ...aldSpecialists.map(({ g, k }) => {
        const v = g.specialist!.visitsPerYear;
        return `WHEN oald = ${k} AND d >= oaldd AND _m(er, ${saltOf('other ald: specialist visit')}, 1000) < 1000 * ${v} / (${v} + ${bandCase('age_t', care.bands, care.specialistVisitsPerYear)}) THEN ${g.specialist!.specialty}`;
      })
    ].join(' ');
    // Other specialists: gynaecology sees women from 15, paediatrics children under 15 (half
    // of their visits to these specialists), rheumatology people from 15.
    const { others, womenFrom15, childrenUnder15, adultsFrom15 } =
      care.specialties;
    const notIn = (...lists: number[][]): number[] =>
      others.filter(x => lists.every(l => !l.includes(x)));
    // Children's list: the others k times each, each children's specialty m times (k of
    // them, m others), so that together they are half of it.
    const forChildren = notIn(womenFrom15, adultsFrom15, childrenUnder15);
    const times = (xs: number[], n: number): number[] =>
      xs.flatMap(x => Array<number>(Math.max(1, n)).fill(x));
    const children = [
      ...times(forChildren, childrenUnder15.length),
      ...times(childrenUnder15, forChildren.length)
    ];
    const specialistDraw = '_m(er, 12, 1000)';
    const otherSpecialist = `CASE WHEN age_t < 15 THEN ${pick(children, specialistDraw)} WHEN sex = 2 THEN ${pick(notIn(childrenUnder15), specialistDraw)} ELSE ${pick(notIn(womenFrom15, childrenUnder15), specialistDraw)} END`;
    // Care in relation to an ALD: the drugs of a condition in ALD, visits to its specialist
    // and biology; the rest of an ALD patient's care is paid at the usual rates.
    const aldSpecialist = [
      ...conds.map(c => `(spe = ${c.specialty} AND ${aldCovers(c, 'd')})`),
      ...aldSpecialists.map(
        ({ g, k }) =>
          `(oald = ${k} AND spe = ${g.specialist!.specialty} AND d >= oaldd)`
      )
    ].join(' OR ');
    const aldDrug = [
      ...conds.map((c, ci) => `(kind = ${4 + ci} AND ${aldCovers(c, 'd')})`),
      `(kind = ${OTHER_ALD_KIND} AND d >= oaldd)`,
      // drugNursing's daily care, as its drugs.
      ...(nursed
        ? [`(inj_j IS NOT NULL AND ${aldCovers(nursed.c, 'd')})`]
        : []),
      // A treatment that a condition's ALD covers (a diabetic's antihypertensives).
      ...this.treatments.flatMap((t, e) =>
        t.aldConditions.map(
          id =>
            `(kind = ${TREATMENT_KIND + e} AND ${aldCovers(this.condition(id), 'd')})`
        )
      )
    ].join(' OR ');
    // A GP's renewal of the drugs of an ALD (k < n_ren: the visits that renew them), on a
    // day they are given.
    const aldRenewal = `kind = 1 AND k < n_ren AND coalesce(${[
      ...conds.map(
        (c, ci) =>
          `(t_${c.id} AND ${aldCovers(c, 'd')} AND NOT coalesce(${this.outside(c, 'd')}, false) AND (${gpRenews[ci]}))`
      ),
      // Not once the other ALD's drugs stop (forYears).
      `(nd_o > 0 AND d >= oaldd AND NOT coalesce(false${this.otherAldDrugEnd()}, false))`
    ].join(' OR ')}, false)`;
    // Practitioners: the person's declared GP sees and prescribes most of their care, each
    // specialist of a person is the same one every time, as are their nurse and usual pharmacy.
    const pr = care.practitioners;
    const blocks = this.practitionerBlocks();
    const doc = this.practitionerSql();
    const specialists = blocks.slice(1, -3).map(b => b.specialty);
    const nSpecialists = specialists.length;
    const blockOf = (speSql: string): string =>
      `CASE ${speSql} ${specialists.map((code, k) => `WHEN ${code} THEN ${1 + k}`).join(' ')} END`;
    // The GP of a visit, from the visit's draw: a prescription at the visit recomputes it.
    const gpOf = (draw: string): string =>
      `CASE WHEN has_mt AND _m(${draw}, ${saltOf('visit: declared GP')}, 100) < ${pr.byDeclaredGpPct} THEN mt_x ELSE _m(${draw}, ${saltOf('visit: other GP')}, ${doc.count('0')}) END`;
    const specialistOf = (codeSql: string, blockSql: string): string =>
      `_m(r, ${saltOf('specialist')} + ${codeSql}, ${doc.count(blockSql)})`;
    const conditionSpecialty = byFc(ci => String(conds[ci].specialty));
    const bySpecialistPct = `CASE kind ${conds.map((c, ci) => `WHEN ${4 + ci} THEN ${c.specialistPrescriptionPct}`).join(' ')} ELSE 0 END`;
    // Blocks (practitionerBlocks): GPs 0, specialists 1 to nSpecialists, then the rest.
    const [pharmacy, nursing, biology] = [1, 2, 3].map(k => nSpecialists + k);
    // In three projections: an alias read in its own SELECT is inlined, and these nest.
    const practitioners = [
      `_m(r, ${saltOf('has a declared GP')}, 100) < ${pr.declaredGpPct} AS has_mt,
    _m(r, ${saltOf('declared GP')}, ${doc.count('0')}) AS mt_x,
    ${conditionSpecialty} AS cond_spe`,
      `CASE kind WHEN 1 THEN 0 WHEN 2 THEN ${blockOf('spe')} WHEN 9 THEN ${biology} WHEN 10 THEN ${nursing} ELSE ${pharmacy} END AS exe_b,
    CASE kind WHEN 1 THEN ${gpOf('er')} WHEN 2 THEN ${specialistOf('spe', blockOf('spe'))}
      WHEN 9 THEN _m(er, ${saltOf('laboratory')}, ${doc.count(String(biology))}) WHEN 10 THEN _m(r, ${saltOf('nurse')}, ${doc.count(String(nursing))})
      WHEN _m(em, ${saltOf('at the usual pharmacy')}, 100) < ${pr.usualPharmacyPct} THEN _m(r, ${saltOf('usual pharmacy')}, ${doc.count(String(pharmacy))})
      ELSE _m(em, ${saltOf('other pharmacy')}, ${doc.count(String(pharmacy))}) END AS exe_x,
    CASE WHEN kind IN (1, 2) THEN -1 WHEN by_specialist THEN ${blockOf('cond_spe')} ELSE 0 END AS pre_b`,
      `${doc.number('exe_b', 'exe_x')} AS exe_num,
    CASE WHEN pre_b < 0 THEN exe_num ELSE ${doc.number('pre_b', `CASE WHEN by_specialist THEN ${specialistOf('cond_spe', 'pre_b')} ELSE ${gpOf('er_v')} END`)} END AS pre_num,
    CASE WHEN has_mt THEN ${doc.number('0', 'mt_x')} END AS mtt_num,
    ${doc.activity('exe_b')} AS pse_act,
    CASE WHEN pre_b < 0 THEN spe ELSE ${doc.specialty('pre_b')} END AS psp_spe,
    ${doc.activity('CASE WHEN pre_b < 0 THEN exe_b ELSE pre_b END')} AS psp_act`
    ];
    const n = this.codes.presentations;
    const packMonths = this.drugPackMonths();
    const acutePack = this.drugAcutePacks();
    const prices = care.prices;
    const nursingCare = care.nursingCare;
    const bioSources = this.biologySources();
    const bioPanel = panelChoiceSql(bioSources, bioOwners);
    const bioCents = this.lookup(
      'biology_cents',
      panelCents(
        allPanels(bioSources),
        care.biologyCommonActs,
        this.codes.biologyCoefficients,
        prices.biologyB
      )
    );
    const rates = care.rates;
    // A visit's price on its day: a visit by video (nat) has its own, if given.
    const visitCents = (who: 'gp' | 'specialist'): string => {
      const videoTariff = video?.prices[who];
      const visit = tariffCents(prices[who], 'd');
      return videoTariff === undefined
        ? visit
        : `CASE WHEN nat = ${video!.prsNat[who]} THEN ${tariffCents(videoTariff, 'd')} ELSE ${visit} END`;
    };
    // A condition's check-ups and its chosen drugs' are kept only within the condition's days,
    // as its dispensations are: no HbA1c before diabetes begins, no INR before atrial fibrillation.
    const heldSlots = bioOwners.flatMap(({ owner, column, c }, i) => {
      if (!c || !((owner.biologyPerYear ?? 0) > 0)) {
        return [];
      }
      const first = slotsBefore(bioOwners.slice(0, i));
      return [
        `WHEN k >= ${first} AND k < ${first} + ${column} THEN ${this.outside(c, 'd')}`
      ];
    });
    const checkUpsOutside = heldSlots.length
      ? ` WHEN 9 THEN CASE ${heldSlots.join(' ')} END`
      : '';
    // drugNursing's lines (inj_j: the line among its slots): linesPerPeriod from each renewal
    // (kv -1: last year's last one, from 1 January) up to the day before the next. One that
    // starts inside a hospital stay starts at its discharge, and it ends with the condition.
    const injLines = nursed?.linesPerPeriod ?? 1;
    const injLast = `LEAST(d + ${nursingCare.maxDays - 1}, CASE WHEN kv + 1 < n_ren THEN d_vn - 1 ELSE make_date(CAST(y AS BIGINT), 12, 31) END)`;
    // A nursing line ends on its period's last day (nur_last), at the admission of a hospital
    // stay (no town care inside one), or by death.
    const nursingEnd = `LEAST(nur_last, list_min(list_transform(list_filter(inpatient, lambda w: w.e >= d AND w.e < nur_last), lambda w: w.e)), coalesce(dcd, d + 99)${nursed ? `, CASE WHEN inj_j IS NOT NULL THEN endd_${nursed.c.id} - 1 END` : ''})`;
    const injOutside = nursed
      ? ` WHEN 10 THEN CASE WHEN inj_j IS NOT NULL THEN ${this.outside(nursed.c, 'd')} END`
      : '';
    // Not last year's renewal's for a person nursed from this year, nor before the condition.
    const injDropped = nursed
      ? `AND NOT coalesce(inj_j IS NOT NULL AND (d > nur_last OR d_v < ond_${nursed.c.id} OR (kv < 0 AND inj_new)), false)`
      : '';
    return `WITH py AS (
  SELECT p.* REPLACE (${this.asOfYear('{{y0}} + t')}), ip.inpatient, t, {{y0}} + t AS y, age + t + 1 AS age_t, _h(r + 1000003 * (t + 1)) AS rt, _h(r + 1000003 * t) AS rt_last, _h(r + 1000003 * (t - 1)) AS rt_last2,
    -- A condition begins or ends this year: its drugs are dated within its days (few people).
    ${conds.map(c => this.beginsOrEnds(c.id, '{{y0}} + t')).join(' OR ') || 'false'} AS part_y
  FROM _person p LEFT JOIN _inpatient ip ON ip.i = p.i, range({{nyears}}) yt(t)
  WHERE p.i >= {{chunk_lo}} AND p.i < {{chunk_hi}} AND (p.dcd IS NULL OR year(p.dcd) >= {{y0}} + t)
), pn AS (
  -- Enough GP visits for the renewals and for a prescription of biology or nursing.
  SELECT *, GREATEST(n_gp0, n_ren, CASE WHEN n_bio + n_nur > 0 THEN 1 ELSE 0 END) AS n_gp
  FROM (SELECT *, ${biologyCount} AS n_bio
  FROM (SELECT pc.* EXCLUDE (tb00${starting.length ? ', tb000' : ''}) REPLACE (CASE WHEN (tt | tc) > 0 THEN ${12 / R} ELSE n_ren END AS n_ren${startingTreatments})${[...treatmentCheckUpCounts, ...choiceCheckUpCounts, ...injCounts, ...lastYearTreatments].map(x => `, ${x}`).join('')}
  FROM (
    -- Each level reads the columns of the one below: an alias read in its own SELECT would be
    -- bound again at each read (planning time).
    -- A first course (tt) for none drawn for one last year, nor a course: last year's (as
    -- its tt was) runs on (tc) where its prescriptions reach this year.
    SELECT pa.* EXCLUDE (tn, tk, tt0, tl0, tl00), tn & tk AS tb, tb0 & tk & ~tn AS ts,
      tt0 & tk & ~(tn | tb0 | tl0) AS tt, ${this.firstCoursesRunningOn('tl0 & tk & ~(tn | tb0 | tb00 | tl00)', 12 / R)} AS tc,
      CASE WHEN ${[...conds.map(c => `t_${c.id}`), otherAldRenewed, '((tn | tb0) & tk) > 0'].join(' OR ')} THEN ${12 / R} ELSE 0 END AS n_ren,
      ${conds.map((c, ci) => `t_${c.id} AND (${specialistPrescribes[ci]}) AS sp_${ci}`).join(', ')}
    FROM (SELECT py.*, ${drugCounts.map(d => `${d}, `).join('')}${acuteSpread}[1 + _m(r, ${saltOf('acute propensity')}, ${SPREAD_SLOTS})] AS acute_x, ${gpVisits} AS n_gp0, ${specialistCount} AS n_sp0, ${conditionCheckUpCounts.map(x => `${x}, `).join('')}${count(lam(care.biologyPerYear, '0'), 40, 99)} AS n_bio_care, ${nursingCount} AS n_nur,
      ${otherAldDrugs} AS nd_o, ${treatments ?? '0'} AS tn, ${this.treatmentList('age_t - 1', 'y - 1') ?? '0'} AS tb0, ${this.firstCourses()} AS tt0, ${this.firstCourses('rt_last', 'age_t - 1')} AS tl0, ${this.treatmentList('age_t - 2', 'y - 2') ?? '0'} AS tb00, ${starting.length ? `${this.treatmentList('age_t - 3', 'y - 3', t => !!t.startDrugsWeights)} AS tb000, ` : ''}${this.firstCourses('rt_last2', 'age_t - 2')} AS tl00, ${this.treatmentsKept()} AS tk,${this.treatments.map((t, e) => ` ${this.chronicDrugCount(CoreModel.treatmentLists(t), 'NULL', treatmentDrugDraw(t))} AS nd_t${e},`).join('')}
      _m(r, ${saltOf('renewal phase')}, ${R}) AS ph
    FROM py CROSS JOIN ${LOOKUP_TABLE}) pa) pc CROSS JOIN ${LOOKUP_TABLE}))
), ev AS (
${unions}
), drawn AS (
  -- fc: the condition of a chronic drug or of a specialist's follow-up visit.
  SELECT *, ${eventDraw('kind', 'k')} AS er, ${nursed ? 'CASE WHEN kind = 10 AND k < n_inj THEN k END' : 'CAST(NULL AS BIGINT)'} AS inj_j,
    CASE WHEN ${CHRONIC_KINDS} THEN ${chronicMonth} END AS cm,
    kind BETWEEN 4 AND 8 AND ${prescribedBySpecialist('16 * kind + k // 12', bySpecialistPct)} AS by_specialist,
    CASE WHEN kind BETWEEN 4 AND 8 THEN kind - 4 WHEN kind = 2 AND k < ${NS} THEN ${slotCase(ci => String(ci))} END AS fc${
      treatments
        ? `,
    CASE WHEN ${TREATMENT_KINDS} THEN kind - ${TREATMENT_KIND} END AS te`
        : ''
    }
  FROM ev
), cycled AS (
  -- The visits a line's prescription comes from: a GP's renewals (vkind 1, every R months
  -- from the phase ph), or its condition's specialist's follow-ups (vkind 2, from slot voff).
  SELECT *, CASE WHEN ${followUpLine} THEN ${byFc(ci => String(conds[ci].specialistFollowUpMonths))} ELSE ${R} END AS cyc,
    CASE WHEN ${followUpLine} THEN ${byFc(ci => `_m(r, ${saltOf('follow-up phase') + ci}, ${conds[ci].specialistFollowUpMonths})`)} ELSE ph END AS phase,
    CASE WHEN ${followUpLine} THEN 2 ELSE 1 END AS vkind,
    CASE WHEN ${followUpLine} THEN ${byFc(ci => String(followUpOffsets[ci]))} ELSE 0 END AS voff,
    -- em: the draw of a chronic drug's month, which its kind's other drugs share.
    CASE WHEN ${CHRONIC_KINDS} THEN ${eventDraw('kind', '1000 + cm')} ELSE er END AS em
  FROM drawn
), linked AS (
  -- kv: the visit a line comes from. A visit is its own; an acute drug, biology or nursing
  -- was prescribed at one of the year's GP visits; a chronic drug at the last renewal or
  -- follow-up in or before its month, -1 for last year's last one.
  SELECT *, CASE WHEN kind = 1 THEN k WHEN kind = 2 AND fc IS NOT NULL THEN k - voff
      WHEN inj_j IS NOT NULL THEN inj_j // ${injLines} - 1
      WHEN kind IN (3, 9, 10) THEN _m(er, ${saltOf('visit of a prescription')}, n_gp)
      WHEN ${CHRONIC_KINDS} THEN CASE WHEN cm - 1 < phase THEN -1 ELSE (cm - 1 - phase) // cyc END
    END AS kv
  FROM cycled
), visited AS (
  -- er_v: the visit's draw, as its own line makes it; ms: months from a renewal to a dispensation.
  -- Last year's draw is rt_last, a column: a nested _h inlined here cost 15% of the planning.
  SELECT *, CASE WHEN kv < 0 THEN ${eventDraw('vkind', 'voff + 12 // cyc - 1', 'rt_last')} ELSE ${eventDraw('vkind', 'voff + kv')} END AS er_v,
    CASE WHEN kv < 0 THEN cm - 1 + cyc - phase ELSE cm - 1 - phase - cyc * kv END AS ms,
    -- er_vn: the next renewal's draw, which ends a drug nursing period (injLast).
    CASE WHEN inj_j IS NOT NULL THEN ${eventDraw('vkind', 'voff + kv + 1')} END AS er_vn
  FROM linked
), dayed AS (
  -- A renewal or follow-up falls in its month of the cycle; other GP visits on a day of a
  -- month drawn by gpVisitMonthWeights.
  SELECT visited.*, CASE WHEN kv < 0 THEN ${renewalDay('y - 1', '13 - cyc + phase', 'er_v')}
      WHEN vkind = 2 OR kv < n_ren THEN ${renewalDay('y', '1 + phase + cyc * kv', 'er_v')}
      ELSE ${gpVisitDay('y')} END AS d_v,
    -- d_vn: the next renewal's day, which ends a drug nursing period (injLast).
    CASE WHEN inj_j IS NOT NULL AND kv + 1 < n_ren THEN ${renewalDay('y', '1 + phase + cyc * (kv + 1)', 'er_vn')} END AS d_vn
  FROM visited CROSS JOIN ${LOOKUP_TABLE}
), picked AS (
  SELECT dayed.*, CASE WHEN kind = 3 THEN ${acuteDrawn} END AS acute_d,
    CASE WHEN kind = 3 THEN ${acuteChoice} END AS acute_i
  FROM ${visitDays} CROSS JOIN ${LOOKUP_TABLE}
), dated AS {{materialized}}(
  -- MATERIALIZED in native DuckDB's own database (runner.py, materialized): at 10,000
  -- patients ER_PRS_F then took 1.30 s of CPU instead of 1.61 on one thread, and what follows
  -- runs on every thread; the same rows, but 40% more memory while it runs.
  SELECT ${lineDays ? `* REPLACE (${lineDays} AS d) FROM (SELECT ` : ''}picked.*,
    CASE WHEN kind IN (1, 2) AND kv IS NOT NULL THEN d_v
      WHEN ${CHRONIC_KINDS} THEN ${renewedDispensation}
      -- drugNursing: periods of maxDays from the renewal (from 1 January for last year's).
      WHEN inj_j IS NOT NULL THEN CASE WHEN kv < 0 THEN make_date(CAST(y AS BIGINT), 1, 1) ELSE d_v END + CAST(${nursingCare.maxDays} * (inj_j % ${injLines}) AS INTEGER)
      -- Care prescribed at a visit: its day, or up to maxDays after, within the year.
      WHEN kv IS NOT NULL THEN ${lagWithin(lagOfKind, 'make_date(CAST(y AS BIGINT), 12, 31)')}
      ELSE make_date(CAST(y AS BIGINT), 1, 1) + CAST(${dayOfYear('er')} AS INTEGER)
    END AS d
  FROM picked${lineDays ? ')' : ''}
), stayed AS (
  -- No town care inside a full hospital stay: the hospital gives the drugs, tests and care
  -- (dropped in main), and a visit moves to the discharge day, or to the admission day when
  -- the discharge is next year or at death (dropped if that is last year: a stay begun last
  -- year ended by death). Its prescriptions keep their days.
  SELECT * REPLACE (${outOfStay('d_v', 'wv')} AS d_v, CASE WHEN kind IN (1, 2) THEN ${outOfStay('d', 'wd')} WHEN inj_j IS NOT NULL AND wd IS NOT NULL THEN wd.s ELSE d END AS d)
  FROM (SELECT *, ${stayAround('d_v')} AS wv, ${stayAround('d')} AS wd, CASE WHEN inj_j IS NOT NULL THEN ${injLast} WHEN kind = 10 THEN d + CAST(_m(er, 2, ${nursingCare.maxDays}) AS INTEGER) END AS nur_last FROM dated)
), main AS (
  SELECT *,
    -- A nursing line is a period of daily care (nursingEnd).
    CASE WHEN kind = 10 THEN ${nursingEnd} ELSE d END AS d_end,
    CASE WHEN inj_j IS NOT NULL THEN ${nursed?.dn.coefficient ?? 'NULL'} WHEN kind = 10 THEN ${weightedCase(`_m(er, ${saltOf('nursing coefficient')}, 1000000)`, nursingCare.coefficients.map(String), nursingCare.coefficientWeights)} END AS nur_cft,
    ${lag} AS lag,
    CASE WHEN kind = 3 THEN acute_i WHEN ${CHRONIC_KINDS} THEN (CASE ${chronicAtcCase} END) END AS atc_i,
    CASE WHEN kind = 3 THEN ${acutePack ? `${acutePack}[1 + acute_i * ${n} + _m(er, 4, ${n})]` : `_m(er, 4, ${n})`} ELSE _m(r + 7919 * (k // 12), 40 + kind, ${n}) END AS pres,
    CASE WHEN ${DRUG_KINDS} THEN 1 + CAST(_m(er, 5, 10) = 0 AS INTEGER) WHEN kind = 10 THEN (d_end - d + 1) * (1 + CAST(CASE WHEN inj_j IS NOT NULL THEN _m(r, ${saltOf('drug nursing: twice a day')}, 100) < ${nursed?.dn.twiceDailyPct ?? 'NULL'} ELSE _m(er, 5, 100) < ${nursingCare.twiceDailyPct} END AS INTEGER)) ELSE 1 END AS qty,
    -- A biology line is one check-up (its acts are the biology table's), priced by their B coefficients.
    CASE WHEN kind = 9 THEN ${bioPanel} END AS bio_p,
    -- The specialty, a column here: priced reads it many times (ald_rel), and an alias read in
    -- its own SELECT is inlined at each read.
    CASE kind WHEN 1 THEN ${care.specialties.gp} WHEN 2 THEN CASE WHEN fc IS NOT NULL THEN ${conditionSpecialty} ELSE (CASE ${specialistCase} ELSE ${otherSpecialist} END) END WHEN 9 THEN ${care.specialties.biology} WHEN 10 THEN ${care.specialties.nursing} ELSE ${care.specialties.pharmacy} END AS spe,
    -- Prescribed at its visit; consultations are not prescribed.
    CASE WHEN kind >= 3 THEN d_v END AS pre
  FROM stayed${acutePack ? ` CROSS JOIN ${LOOKUP_TABLE}` : ''}
  WHERE (wd IS NULL OR (kind IN (1, 2) AND year(d) = y) OR inj_j IS NOT NULL) AND (dcd IS NULL OR d <= dcd) AND (NOT part_y OR NOT coalesce(CASE kind ${conds.map((c, ci) => `WHEN ${4 + ci} THEN ${this.outside(c, 'd')}`).join(' ')}${checkUpsOutside}${injOutside} END, false))
    -- No prescription before the condition begins (nor last year's renewal of a treatment
    -- begun this year), no follow-up visit outside its days; an other ALD's drugs from its
    -- start, and for its forYears when given.
    AND NOT (kind BETWEEN 4 AND 8 AND coalesce(d_v < ${onsetOfFc}, false)) AND NOT (kind = ${OTHER_ALD_KIND} AND (d_v < oaldd${this.otherAldDrugEnd()}))
    ${injDropped}
    -- A treatment begun this year (by age or a new draw, or a first course; not in tb0, last
    -- year's): from one of the year's renewals on, none from last year's.
    AND NOT (${TREATMENT_KINDS} AND (tb0 >> te) & 1 = 0 AND (tc >> te) & 1 = 0 AND kv < ${CoreModel.treatmentStart('te', 12 / R)})
    -- One it ends this year (ts): up to one of the year's renewals, not renewed there.
    AND NOT (${TREATMENT_KINDS} AND (ts >> te) & 1 = 1 AND kv >= _m(r, ${saltOf('treatment stop')} + te, ${12 / R}))
    -- A first course (tt) stops firstCoursePeriods renewal periods after its start; one of
    -- last year's (tc) runs on to its last period (last year's last renewal is kv -1).
    AND NOT (${TREATMENT_KINDS} AND (tt >> te) & 1 = 1 AND kv >= ${CoreModel.treatmentStart('te', 12 / R)} + ${CoreModel.firstCoursePeriods('rt')})
    AND NOT (${TREATMENT_KINDS} AND (tc >> te) & 1 = 1 AND kv >= ${CoreModel.treatmentStart('te', 12 / R)} + ${CoreModel.firstCoursePeriods('rt_last')} - ${12 / R})${addedDrugs}
    -- Nor prescribed on a day of a condition begun or ended this year whose drugs stand for
    -- it: they replace it from the same visit.
    AND NOT (${TREATMENT_KINDS} AND part_y AND ${this.treatmentExcluded('d_v')})
    -- Nor from the start of an other ALD whose drugs stand for it (ramipril for arteriopathy).
    AND NOT (${TREATMENT_KINDS} AND ${this.treatmentExcludedByAld('d_v')})
    AND NOT (kind = 2 AND fc IS NOT NULL AND coalesce(d_v < ${onsetOfFc} OR d_v >= ${byFc(ci => `endd_${conds[ci].id}`)}, false))
    ${visitsLost} ${acuteLost}
), priced AS (
  SELECT main.*,${packMonths ? ` ${packMonths}[1 + atc_i * ${n} + pres] AS box,` : ''}
    CASE kind WHEN 1 THEN ${byVideo('gp')} WHEN 2 THEN ${byVideo('specialist')} WHEN 9 THEN ${care.prsNat.biology} WHEN 10 THEN ${care.prsNat.nursing} ELSE ${care.prsNat.pharmacy} END AS nat,
    CASE kind WHEN 1 THEN ${visitCents('gp')} WHEN 2 THEN ${visitCents('specialist')} WHEN 9 THEN ${bioCents}[1 + bio_p] WHEN 10 THEN CAST(round(${Math.round(prices.nursing * 100)} * nur_cft) AS BIGINT)
      ELSE ${this.drugPackCents()}[1 + atc_i * ${n} + pres] END AS unit_cents,
    (kind = 2 AND (${aldSpecialist})) OR ${aldDrug} OR (${aldRenewal}) OR (kind = 9 AND (${conds.map(c => aldCovers(c, 'd')).join(' OR ')})) AS ald_rel,
    CASE WHEN ald_rel THEN ${rates.ald}
      WHEN kind IN (1, 2) THEN ${rates.consultation} WHEN kind = 9 THEN ${rates.biology} WHEN kind = 10 THEN ${rates.nursing} ELSE ${rates.drug} END AS rate,
    CASE WHEN kind = 2 AND _m(er, 13, 5) = 0 THEN 5 + _m(er, 14, 36) ELSE 0 END AS overage,
    ${practitioners[0]}
  FROM main CROSS JOIN ${LOOKUP_TABLE}${
    packMonths
      ? `
  -- A box of several months (box): one at a time (seen), at the first month of each such
  -- period only.
  WHERE NOT coalesce(${CHRONIC_KINDS} AND ms % ${packMonths}[1 + atc_i * ${n} + pres] <> 0, false)`
      : ''
  }
), seen AS (
  SELECT priced.*${packMonths ? ` REPLACE (CASE WHEN ${CHRONIC_KINDS} AND box > 1 THEN 1 ELSE qty END AS qty)` : ''}, ${practitioners[1]} FROM priced CROSS JOIN ${LOOKUP_TABLE}
), treated AS (
  SELECT seen.*, ${practitioners[2]} FROM seen CROSS JOIN ${LOOKUP_TABLE}
), lines AS (
  -- Line 1 of every act; line 2 repeats it "pour information" (DPN_QLF 71), line 3
  -- regularises it (negative, later flow). One pass: a UNION ALL of priced cost a copy.
  SELECT *, CASE prs_ord WHEN 3 THEN -1 ELSE 1 END AS sign, CASE prs_ord WHEN 2 THEN 71 ELSE 0 END AS dpn,
    CASE prs_ord WHEN 3 THEN 1 + _m(er, 21, 3) ELSE 0 END AS lag_extra
  FROM (SELECT *, unnest(CASE WHEN _m(er, 20, 1000000) < ${Math.round(care.forInformationPct * 10000)}
      THEN CASE WHEN _m(er, 22, 1000000) < ${Math.round(care.regularisationPct * 10000)} THEN [1, 2, 3] ELSE [1, 2] END
      ELSE CASE WHEN _m(er, 22, 1000000) < ${Math.round(care.regularisationPct * 10000)} THEN [1, 3] ELSE [1] END END) AS prs_ord
    FROM treated)
)
SELECT
  _h(er + prs_ord) AS _r, i, kind, atc_i, pres,
  CASE WHEN psa2 IS NOT NULL AND d >= psa_switch THEN psa2 ELSE psa1 END AS BEN_NIR_PSA, rng AS BEN_RNG_GEM, sex AS BEN_SEX_COD, nai_ann AS BEN_NAI_ANN,
  dpt AS BEN_RES_DPT, com AS BEN_RES_COM, coalesce(dcd, DATE '1600-01-01') AS BEN_DCD_DTE,
  _ym(coalesce(dcd, DATE '1600-01-01')) AS BEN_DCD_AME, org AS ORG_AFF_BEN, '01' AS BEN_CDI_NIR,
  d AS EXE_SOI_DTD, d_end AS EXE_SOI_DTF, _ym(d) AS EXE_SOI_AMD, _ym(d_end) AS EXE_SOI_AMF,
  pre AS PRE_PRE_DTD, _ym(pre) AS PRE_PRE_AMD,
  -- A flow comes after the care has ended: at the earliest the month after its last day.
  GREATEST(_month_add(d, CAST(lag + lag_extra AS INTEGER)), _month_add(d_end, 1)) AS FLX_DIS_DTD,
  GREATEST(d_end, GREATEST(_month_add(d, CAST(lag + lag_extra AS INTEGER)), _month_add(d_end, 1)) - CAST(1 + _m(er, 7, 10) AS INTEGER)) AS FLX_TRT_DTD,
  -- DCT_ORD_NUM: the person's line slot; 8 digits in the biology table, so persons past 100,000 go
  -- to a further flow sequence (FLX_EMT_ORD: the year and the person's 100,000s).
  1 AS FLX_EMT_TYP, emt AS FLX_EMT_NUM, t + ${MAX_YEARS} * (i // 100000) AS FLX_EMT_ORD, org AS ORG_CLE_NUM,
  (i % 100000) * 1000 + base + k AS DCT_ORD_NUM, prs_ord AS PRS_ORD_NUM,
  -- 1: within the schema's bounds in every table of the join key (1 to 10 in pharmacy).
  1 AS REM_TYP_AFF,
  nat AS PRS_NAT_REF, nat AS BSE_PRS_NAT, spe AS PSE_SPE_COD, dpn AS DPN_QLF, dpn AS PRS_DPN_QLP,
  -- The practitioners: who treats, who prescribed, and the declared GP.
  exe_num AS PFS_EXE_NUM, pse_act AS PSE_ACT_NAT, pre_num AS PFS_PRE_NUM, psp_spe AS PSP_SPE_COD, psp_act AS PSP_ACT_NAT,
  mtt_num AS PRS_MTT_NUM,
  -- IR_EXO_V 42: a person in ALD, care in relation to the affection.
  CASE WHEN ald_rel THEN 42 ELSE 0 END AS EXO_MTF,
  sign * qty AS PRS_ACT_QTE, sign * qty AS PRS_ACT_NBR, coalesce(nur_cft, 1) AS PRS_ACT_CFT, 1 AS PRS_ACT_COG,
  sign * unit_cents * qty * 0.01 AS BSE_REM_BSE,
  CASE WHEN dpn = 71 THEN 0 ELSE sign * ((unit_cents * qty * rate + 50) // 100) * 0.01 END AS BSE_REM_MNT,
  unit_cents * 0.01 AS BSE_REM_PRU,
  CASE WHEN dpn = 71 THEN 0 ELSE sign * (unit_cents * qty + overage * 100) * 0.01 END AS PRS_PAI_MNT,
  sign * overage AS PRS_DEP_MNT,
  rate AS RGO_THE_TAU, rate AS RGO_REM_TAU,
  0 AS CPL_REM_BSE, 0 AS CPL_REM_MNT, 0 AS CPL_REM_PRU, 0 AS RGO_MOD_MNT, 0 AS PRS_ETA_RAC,
  -- Signs (IR_SGN_V): 1 positive, 2 negative (the regularisation), 0 "sans objet" (no complement).
  CASE WHEN sign < 0 THEN 2 ELSE 1 END AS BSE_REM_SGN, 0 AS CPL_REM_SGN,
  -- The CMU complémentaire, managed by the person's fund (IR_COC_V 6).
  0 AS PRS_REJ_TOP, CAST(cmu AS INTEGER) AS BEN_CMU_TOP, CASE WHEN cmu THEN 6 ELSE 0 END AS BEN_CMU_CAT, 0 AS BEN_PAI_CMU,
  CASE WHEN ${DRUG_KINDS} THEN ${3400930000000}::BIGINT + atc_i * 10 + pres END AS PHA_PRS_C13,
  CASE WHEN ${DRUG_KINDS} THEN 3000000 + atc_i * 10 + pres END AS PHA_PRS_IDE,
  CASE WHEN ${DRUG_KINDS} THEN sign * qty END AS PHA_ACT_QSN,
  CASE WHEN ${DRUG_KINDS} THEN unit_cents * 0.01 END AS PHA_ACT_PRU, bio_p
FROM lines`;
  }

  /** GHM rules of the profiles, resolved against IR_GHS_V once. */
  private get ghmEntries(): IGhmEntry[] {
    this.ghmCache ??= resolveGhm(this.profiles.care.pmsi.ghm, this.codes.ghs);
    return this.ghmCache;
  }

  /** The principal diagnoses of last stays ending in a death outside the conditions. */
  private lastStayCodes(): string[] {
    return [
      ...lastStaysOf(this.profiles.deaths.otherCauses),
      ...this.otherAld.flatMap(g => (g.lastStayIcd10 ? [g.lastStayIcd10] : []))
    ];
  }

  /** Every code a stay can have as principal diagnosis. */
  private principalDiagnoses(): string[] {
    const codes = new Set<string>([
      ...this.profiles.care.acuteStay.icd10,
      ...this.otherStayGroups().flat(),
      ...this.lastStayCodes(),
      ...this.profiles.care.acuteStay.epidemics.map(e => e.icd10)
    ]);
    for (const c of this.conditions) {
      [...(c.icd10 ?? []), ...(c.icd10ByMale ?? []), ...(c.icd10ByFemale ?? [])]
        .concat(c.sessions ? [c.sessions.icd10] : [])
        .forEach(x => codes.add(x));
    }
    return [...codes];
  }

  /**
   * The GHM of a stay as lookups: the entry grouping its principal diagnosis at its age, then
   * the severity slot from the nights, age and comorbidities (levels 2 to 4 need longer stays).
   * Returns the SELECT items over columns dp, nights, age_t, n_das and sr.
   */
  private ghmColumns(): string {
    const pm = this.profiles.care.pmsi;
    const entries = this.ghmEntries;
    const dps = this.principalDiagnoses();
    const pairs = entriesOfCodes(dps, entries);
    const perSlot = (f: (row: IGhsRow) => number): number[] =>
      entries.flatMap(e => e.slots.map(row => (row ? f(row) : 0)));
    const codes = this.lookup('ghm_dp', dps);
    const e1 = this.lookup(
      'ghm_e1',
      pairs.map(p => p[0])
    );
    const e2 = this.lookup(
      'ghm_e2',
      pairs.map(p => p[1])
    );
    const min = this.lookup(
      'ghm_min',
      entries.map(e => e.rule.minAge ?? 0)
    );
    const max = this.lookup(
      'ghm_max',
      entries.map(e => e.rule.maxAge ?? 999)
    );
    this.lookup(
      'ghm_root',
      entries.map(e => e.rule.root)
    );
    this.lookup(
      'ghm_fam',
      entries.map(e => e.family)
    );
    this.lookup(
      'ghm_s0',
      entries.map(e => e.short0)
    );
    this.lookup(
      'ghm_s1',
      entries.map(e => e.short1)
    );
    const slotColumns: [string, (row: IGhsRow) => number][] = [
      ['ghm_ghs', r => r.num],
      ['ghm_price', r => r.price],
      ['ghm_high', r => r.highBound],
      ['ghm_exh', r => r.extraDay]
    ];
    for (const [name, value] of slotColumns) {
      this.lookup(name, perSlot(value));
    }
    const k = `list_position(${codes}, dp)`;
    const [d2, d3, d4] = MIN_NIGHTS_BY_LEVEL.slice(1);
    const level = `LEAST(1 + LEAST(3, n_das + CAST(age_t >= 80 AS INTEGER) + CAST(_m(sr, 16, 100) < ${pm.severityExtraPct} AS INTEGER)),
      CASE WHEN nights >= ${d4} THEN 4 WHEN nights >= ${d3} THEN 3 WHEN nights >= ${d2} THEN 2 ELSE 1 END)`;
    return `CASE WHEN age_t BETWEEN ${min}[${e1}[${k}]] AND ${max}[${e1}[${k}]] THEN ${e1}[${k}] ELSE ${e2}[${k}] END AS ge,
    ${level} AS lvl`;
  }

  /**
   * `_inpatient`: each person's full stays (a night inside at least) over the generated
   * years, as `inpatient`, a list of {e: admission day, s: discharge day}, overlapping stays
   * merged.
   */
  inpatientSql(): string {
    const years = Array.from({ length: MAX_YEARS }, (_, t) =>
      forYears(
        t,
        `${t ? ' UNION ALL ' : ''}SELECT i, ent, sor FROM _stay_{{yy+${t}}} WHERE nights >= 2`
      )
    ).join('');
    // Stays that overlap or touch merge into one: a day moved out of one is out of all.
    return `${CREATE_WORK_TABLE} _inpatient AS
SELECT i, list({'e': e, 's': s}) AS inpatient FROM (
  SELECT i, min(ent) AS e, max(sor) AS s FROM (
    SELECT *, count(*) FILTER (WHERE prev_sor IS NULL OR ent > prev_sor) OVER (PARTITION BY i ORDER BY ent, sor ROWS UNBOUNDED PRECEDING) AS island
    FROM (SELECT *, max(sor) OVER (PARTITION BY i ORDER BY ent, sor ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_sor
      FROM (${years})))
  GROUP BY i, island)
GROUP BY i`;
  }

  /** `_stay_yy`: the MCO stays of one year. */
  staysSql(): string {
    const care = this.profiles.care;
    const pm = care.pmsi;
    const conds = this.conditions;
    const L = LOOKUP_TABLE;
    const rr = conds
      .map(
        c => `(CASE WHEN ${condCol(c)} THEN ${c.admissionRiskRatio} ELSE 1 END)`
      )
      .join(' * ');
    // A band's general stays a year (per 100,000), over the stays of an admitted person.
    const admPpm = (['male', 'female'] as const).map(sex =>
      bandCase(
        'age_t',
        care.acuteStay.icd10WeightsByAge.bands,
        this.acuteDraws(sex).per100k.map(per100k =>
          Math.round((per100k * 10) / (1 + care.secondStayPct / 100))
        )
      )
    );
    const reason = conds
      .map(
        (c, ci) =>
          `WHEN _m(sr, 5, ${conds.length + 1}) = ${ci} AND ${condCol(c)} THEN ${ci}`
      )
      .join(' ');
    const byCondition = (f: (c: IConditionProfile) => string): string =>
      conds.map((c, ci) => `WHEN ${ci} THEN ${f(c)}`).join(' ');
    // Nights of a stay with a night: 1 + (mean - 1) times a gamma draw of mean 1, rounded.
    const nightsSpread = this.lookup(
      'nights_spread',
      gammaQuantiles(care.stayNightsShape)
    );
    const nightsOf = (meanSql: string, draw: string): string =>
      `1 + CAST(floor((${meanSql} - 1) * ${nightsSpread}[1 + _m(${draw}, 8, ${SPREAD_SLOTS})] + 0.5) AS INTEGER)`;
    const acute = care.acuteStay;
    // A general stay's figure by its principal diagnosis (cond_dp), else the default.
    const byAcuteCode = (
      values: Record<string, number> | undefined,
      fallback: number,
      column = 'cond_dp'
    ): string => {
      const cases = Object.entries(values ?? {}).map(
        ([code, v]) => `WHEN ${sqlString(code)} THEN ${v}`
      );
      return cases.length
        ? `(CASE ${column} ${cases.join(' ')} ELSE ${fallback} END)`
        : String(fallback);
    };
    // A cause outside the conditions ends an MCO stay only where its stay's diagnosis fits the
    // person (a young accident victim has no hip fracture stay: he dies elsewhere).
    const lastStays = this.lastStayCodes();
    // A cause with no last stay ('') happens outside MCO.
    const deathStayFits = [
      "death_dp <> ''",
      ...Object.entries(acute.icd10Restrictions ?? {})
        .filter(([code]) => lastStays.includes(code))
        .map(
          ([code, r]) =>
            `(death_dp <> ${sqlString(code)} OR ${restrictionFits(r)})`
        )
    ].join(' AND ');
    const sessions = conds.filter(c => c.sessions);
    if (sessions.length > 1) {
      throw new Error(
        `conditions.json: only one condition can have sessions, not ${sessions.map(c => c.id).join(' and ')}.`
      );
    }
    const ses = sessions[0];
    const sesCount = ses
      ? `CASE WHEN ${condCol(ses)} AND _m(rs, 4, 100) < ${ses.sessions!.patientPct} THEN LEAST(24, GREATEST(1, CAST(floor(${ses.sessions!.perYear} * (_u(rs, 6) + _u(rs, 7))) AS INTEGER))) ELSE 0 END`
      : '0';
    const n = `GREATEST(${pm.minEstablishments}, CAST({{patients}} * ${pm.establishmentsPer10kPatients} / 10000 AS BIGINT))`;
    const slots = SEVERITIES.length;
    const multiUnit = `LEAST(${pm.multiUnitMaxPct}, ${pm.multiUnitPctPerNight} * nights)`;
    // A general stay whose diagnosis has its own acts (a cataract, a delivery) always has one.
    const actCodes = Object.keys(acute.ccamByCode ?? {});
    const { epidemicOf, byEpidemic, epidemicMonth, deathStayStart } =
      this.epidemicSql();
    // Planned general stays put off (plannedStaysKeptByMonth): a stay and its PIE, which
    // shares its draws, month and length; not an emergency (urgent) nor a delivery.
    const kept = Object.entries(acute.plannedStaysKeptByMonth);
    const putOff = kept.length
      ? `AND NOT coalesce(kind IN (0, 1) AND NOT (len > 0 AND urgent) AND NOT (${DELIVERY})
    AND _m(sr, ${saltOf('planned stay put off')}, 1000000) >= CASE ${kept.map(([y, shares]) => `WHEN {{year}} = ${y} THEN ${list(shares.map(x => Math.round(x * 1000000)))}[month(ent_main)]`).join(' ')} ELSE 1000000 END, false)`
      : '';
    // The weekly rhythm (pmsi.weekendKeepPct): a planned stay or a session off a weekend, to a
    // weekday of its week in its month (so it still ends in time), not before 1 January (a
    // stay of the year begun the December before is not moved earlier, where it could end
    // before the year and leave the table), else (the 1st or 2nd of the month, or that
    // December stay) to the Monday after if it ends in time there; a PIE with its stay (sr).
    const mondayAfter = '(ent_main + CAST(8 - isodow(ent_main) AS INTEGER))';
    const weekend = pm.weekendKeepPct;
    const stayKeep: WeekendKeep = day =>
      weekend
        ? `CASE WHEN session THEN ${perMille(weekend.sessions[day])} WHEN len = 0 THEN ${perMille(weekend.ambulatory[day])} ELSE ${perMille(weekend.planned[day])} END`
        : '1000';
    const stayDays = weekend
      ? `CASE WHEN kind IN (0, 1, 2) AND NOT (len > 0 AND urgent) AND NOT coalesce(${DELIVERY}, false) THEN ${weekendMoved('ent_main', 'sr', 'weekend: stay', stayKeep, { lower: 'make_date({{year}}, 1, 1)', otherwise: `CASE WHEN ${mondayAfter} + len <= last_day THEN ${mondayAfter} ELSE ent_main END` })} ELSE ent_main END`
      : undefined;
    return `${CREATE_WORK_TABLE} _stay_{{yy}} AS
WITH p AS (
  SELECT * REPLACE (${this.asOfYear('{{year}}')}), age + ({{year}} - {{y0}}) + 1 AS age_t, _h(r + 7777 * ({{year}} - 1900)) AS rs,
    dcd IS NOT NULL AND year(dcd) = {{year}} AS dies,
    dlie IN (2, 3) AND _m(r, ${saltOf('mco death')}, 100) < ${this.epidemicDeathPlace().inMco} AS dies_mco,
    CASE WHEN oald_cause THEN ${list(this.otherAld.map(g => g.lastStayIcd10 ?? ''))}[1 + oald] ELSE ${this.otherCause('lastStayIcd10')} END AS death_dp
  FROM _person
  WHERE dcd IS NULL OR dcd >= make_date({{year}}, 1, 1)
), adm AS (
  -- A death in MCO ends a last stay of tlen nights; the other stays end before it. Its
  -- diagnosis is the condition causing the death (cause_cond), the other ALD's lastStayIcd10
  -- (oald_cause), else the one deaths.json gives.
  -- A newborn's last stay starts at birth at the earliest; an epidemic's, in its year's first
  -- month of weight (deathStayStart).
  SELECT p.*,
    CASE WHEN _m(rs, 1, 1000000) < LEAST(900000, (CASE WHEN sex = 1 THEN ${admPpm[0]} ELSE ${admPpm[1]} END) * ${rr}) THEN 1 + CAST(_m(rs, 2, 100) < ${care.secondStayPct} AS INTEGER) ELSE 0 END AS n_reg,
    ${sesCount} AS n_ses,
    ${epidemicOf} AS epi,
    CAST(dies AND dies_mco AND (cause_cond >= 0 OR ${deathStayFits}) AS INTEGER) AS n_end,
    CASE WHEN dies THEN CAST(LEAST(${nightsOf(`CASE cause_cond ${byCondition(c => String(c.meanStayDays))} ELSE ${byAcuteCode({ ...acute.meanStayDaysByCode, ...Object.fromEntries(acute.epidemics.map(e => [e.icd10, e.meanStayDays])) }, acute.meanStayDays, 'death_dp')} END`, 'rs')}, dcd - make_date(CAST(nai_ann AS BIGINT), CAST(nai_moi AS BIGINT), 1)${deathStayStart ? `, coalesce(dcd - ${deathStayStart}, 999999)` : ''}) AS INTEGER) ELSE 0 END AS tlen
  FROM p CROSS JOIN ${L}
), st AS (
  SELECT *, unnest(range(n_reg + n_pie + n_ses + n_epi + n_end)) AS s,
    CASE WHEN dies THEN dcd - 1 - n_end * tlen ELSE make_date({{year}}, 12, 31) END AS last_day
  FROM (SELECT *, CAST(n_reg > 0 AND _m(rs, 3, 1000000) < ${Math.round(pm.interEstablishmentPct * 10000)} AS INTEGER) AS n_pie, CAST(epi IS NOT NULL AS INTEGER) AS n_epi FROM adm WHERE n_reg + n_ses + n_end > 0 OR epi IS NOT NULL)
), r1 AS (
  -- Kinds: 0 stay, 1 inter-establishment service (PIE), 2 session, 4 epidemic stay, 3 stay
  -- ending in death. A PIE repeats the draws of stay 0, which it serves.
  SELECT *, CASE WHEN s < n_reg THEN 0 WHEN s < n_reg + n_pie THEN 1 WHEN s < n_reg + n_pie + n_ses THEN 2 WHEN s < n_reg + n_pie + n_ses + n_epi THEN 4 ELSE 3 END AS kind,
    _h(rs + 7919 * (CASE WHEN s >= n_reg AND s < n_reg + n_pie THEN 1 ELSE s + 1 END)) AS sr,
    _h(rs + 7919) AS rs_first
  FROM st
), r2 AS (
  SELECT r1.*, kind = 1 AS pie, kind = 2 AS session,
    CASE WHEN kind = 2 THEN ${ses ? conds.indexOf(ses) : -1} WHEN kind = 3 THEN cause_cond WHEN kind = 4 THEN -1 ${reason} ELSE -1 END AS dp_cond,
    ${this.acuteByAge('sr', 7)} AS acute0,
    -- The draw of the person's first general stay (once-a-year diagnoses).
    ${this.acuteByAge('rs_first', 7)} AS first0
  FROM r1 CROSS JOIN ${L}
), r3 AS (
  SELECT r2.*,
    CASE dp_cond ${byCondition(c => `code_${c.id}`)} ELSE CASE WHEN kind = 3 THEN death_dp WHEN kind = 4 THEN ${byEpidemic(e => sqlString(e.icd10))} ELSE ${this.acuteDiagnosis()} END END AS cond_dp,
    -- An epidemic stay's month, from its first day.
    CASE WHEN kind = 4 THEN make_date({{year}}, ${epidemicMonth}, 1) END AS epi_d0
  FROM r2 CROSS JOIN ${L}
), r4 AS (
  SELECT r3.*,
    CASE WHEN session THEN ${ses ? sqlString(ses.sessions!.icd10) : 'NULL'} ELSE cond_dp END AS dp,
    CASE WHEN session THEN cond_dp END AS dr,
    CASE WHEN kind = 3 THEN tlen WHEN session OR _m(sr, 18, 100) < (CASE WHEN kind = 4 THEN ${byEpidemic(e => String(e.ambulatoryPct))} ELSE CASE dp_cond ${byCondition(c => String(c.ambulatoryPct))} ELSE ${byAcuteCode(acute.ambulatoryPct, acute.ambulatoryDefaultPct)} END END) THEN 0
      ELSE ${nightsOf(`CASE WHEN kind = 4 THEN ${byEpidemic(e => String(e.meanStayDays))} ELSE CASE dp_cond ${byCondition(c => String(c.meanStayDays))} ELSE ${byAcuteCode(acute.meanStayDaysByCode, acute.meanStayDays)} END END`, 'sr')} END AS len,
    CASE WHEN kind = 4 THEN epi_d0 + CAST(_m(sr, ${saltOf('epidemic stay: day')}, day(last_day(epi_d0))) AS INTEGER) ELSE make_date({{year}}, 1, 1) + CAST(CASE WHEN session THEN floor((s - n_reg - n_pie + _u(sr, 10)) * 365 / n_ses) ELSE _m(sr, 10, 365) END AS INTEGER) END AS ent0,
    _h(sr + 4242) AS xr,
    -- An emergency admission if the stay has a night (made); a PIE shares its stay's draw.
    _m(sr, 19, 100) < (CASE WHEN kind = 4 THEN ${byEpidemic(e => String(e.emergencyPct))} ELSE ${pm.emergencyPct} END) AS urgent
  FROM r3 CROSS JOIN ${L}
), r5 AS (
  -- Stays end within the year and before death; a PIE lasts a day of the stay it serves.
  -- A stay that would end after last_day starts again on a day that fits: cutting it at
  -- last_day piled discharges up on 31 December.
  -- An epidemic stay keeps its month: one that would end after last_day starts again on a
  -- day of the month that fits, and is not made if none does (made).
  ${stayDays ? `SELECT * REPLACE (${stayDays} AS ent_main) FROM (` : ''}SELECT *, CASE WHEN kind = 3 THEN dcd - len WHEN kind = 4 AND ent0 + len > last_day THEN CASE WHEN last_day - len >= epi_d0 THEN epi_d0 + CAST(_m(sr, 24, LEAST(last_day - len, last_day(epi_d0)) - epi_d0 + 1) AS INTEGER) ELSE last_day - len END WHEN ent0 + len <= last_day THEN ent0
      WHEN last_day - len >= make_date({{year}}, 1, 1) THEN make_date({{year}}, 1, 1) + CAST(_m(sr, 24, last_day - len - make_date({{year}}, 1, 1) + 1) AS INTEGER)
      ELSE last_day - len END AS ent_main,
    CAST(_m(sr, 11, ${n}) AS INTEGER) AS eta_main
  FROM r4${stayDays ? ')' : ''}
), r6 AS (
  SELECT *,
    CASE WHEN pie THEN ent_main + CAST(_m(xr, 1, len + 1) AS INTEGER) ELSE ent_main END AS ent,
    CASE WHEN pie THEN 0 ELSE len END AS nights,
    CASE WHEN pie THEN CAST((eta_main + 1 + _m(xr, 2, GREATEST(${n} - 1, 1))) % ${n} AS INTEGER) ELSE eta_main END AS eta_i,
  FROM r5
), r6d AS (
  -- Associated diagnoses: the person's other conditions on the day of the stay (T_MCOaaD).
  SELECT *, ${conds.map(c => `CAST(${this.onDay(c, 'ent')} AS INTEGER)`).join(' + ') || '0'} - CAST(dp_cond >= 0 AS INTEGER) AS n_das
  FROM r6
), r7 AS (
  SELECT r6d.*, ${this.ghmColumns()}
  FROM r6d CROSS JOIN ${L}
), r8 AS (
  SELECT r7.*, CASE WHEN ${L}.ghm_fam[ge] = ${FAMILY.sessions} THEN ${SEVERITIES.indexOf('Z')}
    WHEN nights = 0 THEN ${L}.ghm_s0[ge] WHEN nights = 1 THEN ${L}.ghm_s1[ge]
    WHEN ${L}.ghm_fam[ge] = ${FAMILY.obstetrics} THEN ${SEVERITIES.indexOf('A')} + lvl - 1 ELSE lvl - 1 END AS gs,
    (ge - 1) * ${slots} + 1 AS g0
  FROM r7 CROSS JOIN ${L}
), r9 AS (
  -- Units (RUM): one, or two or three for the longer stays; the act on a day of the stay.
  SELECT r8.*,
    CASE WHEN nights >= 2 AND _m(sr, 60, 100) < ${multiUnit} THEN 2 + CAST(nights >= 4 AND _m(sr, 61, 100) < (${multiUnit}) / 2 AS INTEGER) ELSE 1 END AS n_um,
    NOT session AND (dp_cond >= 0${actCodes.length ? ` OR dp IN (${actCodes.map(sqlString).join(', ')})` : ''} OR _m(sr, 30, 2) = 1) AS has_act,
    CAST(_m(sr, 52, nights + 1) AS INTEGER) AS act_day,
    CASE WHEN ${DELIVERY} THEN 39 + CAST(_m(sr, 31, 3) AS INTEGER) END AS ges
  FROM r8
), r10 AS (
  -- Unit k spans nights [cut k-1, cut k] of the stay, a night or more each.
  SELECT r9.*, CASE WHEN n_um >= 2 THEN 1 + CAST(_m(sr, 62, GREATEST(nights - n_um + 1, 1)) AS INTEGER) ELSE nights END AS cut1
  FROM r9
), r11 AS (
  SELECT r10.*, CASE WHEN n_um = 3 THEN cut1 + 1 + CAST(_m(sr, 63, GREATEST(nights - cut1 - 1, 1)) AS INTEGER) ELSE nights END AS cut2
  FROM r10
), made AS (
SELECT r11.*, ent + nights AS sor,
  -- The unit giving the principal diagnosis is the longest; the act's, the one of its day.
  CASE WHEN cut1 >= cut2 - cut1 AND cut1 >= nights - cut2 THEN 1 WHEN cut2 - cut1 >= nights - cut2 THEN 2 ELSE 3 END AS dp_um,
  1 + CAST(n_um >= 2 AND act_day >= cut1 AS INTEGER) + CAST(n_um = 3 AND act_day >= cut2 AS INTEGER) AS act_um,
  ${L}.ghm_root[ge] || substr('${SEVERITIES}', 1 + gs, 1) AS ghm,
  ${L}.ghm_ghs[g0 + gs] AS ghs,
  ${L}.ghm_price[g0 + gs] + GREATEST(0, nights - ${L}.ghm_high[g0 + gs]) * ${L}.ghm_exh[g0 + gs] AS ghs_cents,
  GREATEST(0, nights - ${L}.ghm_high[g0 + gs]) AS beyond_high,
  -- RSA_NUM: ten digits, as the schema bounds it.
  1000000000 + i * 32 + s + 1 AS rsa,
  _m(sr, 12, 1000000) < ${Math.round(pm.invalidLinkPct * 10000)} AS bad_link,
  NOT pie AND nights > 0 AND urgent AS emergency,
  CASE WHEN psa2 IS NOT NULL AND ent >= psa_switch THEN psa2 ELSE psa1 END AS psa,
  -- Paid whole: a delivery (maternity insurance), a stay for a condition in ALD.
  ${DELIVERY} OR ${conds.map((c, ci) => `(dp_cond = ${ci} AND ${aldCovers(c, 'ent')})`).join(' OR ') || 'FALSE'} AS full_rate
FROM r11 CROSS JOIN ${L}
WHERE ent + nights >= make_date({{year}}, 1, 1) AND NOT (session AND ent0 > last_day)
  AND NOT coalesce(kind = 4 AND ent < epi_d0, false)
  ${putOff}
  -- No stay for a condition before the day it begins or from the day it ends.
  AND NOT coalesce(CASE dp_cond ${byCondition(c => this.outside(c, 'ent'))} END, false)
)
-- One stay at a time: a second stay overlapping the first is not made, nor a session inside a
-- stay made (the stay gives its care). A PIE takes place during the stay it serves, stay 0;
-- a last stay ends at death, after the others (last_day).
SELECT * EXCLUDE (e0, x0, e1, x1, e4, x4) FROM (
  SELECT *, ${[0, 1]
    .map(
      k =>
        `max(CASE WHEN kind = 0 AND s = ${k} THEN ent END) OVER (PARTITION BY i) AS e${k}, max(CASE WHEN kind = 0 AND s = ${k} THEN sor END) OVER (PARTITION BY i) AS x${k}`
    )
    .join(', ')},
    max(CASE WHEN kind = 4 THEN ent END) OVER (PARTITION BY i) AS e4, max(CASE WHEN kind = 4 THEN sor END) OVER (PARTITION BY i) AS x4
  FROM made)
-- An epidemic stay is not made over a general stay kept, nor a session inside it.
WHERE NOT coalesce(CASE kind WHEN 0 THEN s = 1 AND ${overlaps('e0', 'x0')}
  WHEN 2 THEN ${overlaps('e0', 'x0')} OR (${overlaps('e1', 'x1')} AND NOT coalesce(e1 < x0 AND e0 < x1, false)) OR ${overlaps('e4', 'x4')}
  WHEN 4 THEN ${overlaps('e0', 'x0')} OR (${overlaps('e1', 'x1')} AND NOT coalesce(e1 < x0 AND e0 < x1, false)) END, false)`;
  }

  /**
   * The epidemics' stays (care.json acuteStay.epidemics) in _stay_{{yy}}: `epidemicOf`, the
   * person's epidemic of the year (NULL for none, one at most), from the rates of its sex and
   * band times the year's factor; `byEpidemic`, a figure of that epidemic; `epidemicMonth`,
   * the stay's month (1 to 12), drawn by the year's weights.
   */
  private epidemicSql(): {
    epidemicOf: string;
    byEpidemic: (f: (e: IEpidemicProfile) => string) => string;
    epidemicMonth: string;
    deathStayStart: string;
  } {
    const acute = this.profiles.care.acuteStay;
    const epidemics = acute.epidemics;
    if (!epidemics.length) {
      return {
        epidemicOf: 'NULL',
        byEpidemic: () => 'NULL',
        epidemicMonth: 'NULL',
        deathStayStart: ''
      };
    }
    // In a year whose months begin with weights of 0 (its first), the last stay of a death of
    // the epidemic (death_dp) begins on the first month of weight at the earliest; in others,
    // it may begin the year before, as other last stays do ('' for none).
    const starts = epidemics.flatMap(e =>
      Object.entries(e.monthWeightsByYear)
        .filter(([, w]) => w[0] === 0)
        .map(
          ([y, w]) =>
            `WHEN death_dp = ${sqlString(e.icd10)} AND {{year}} = ${y} THEN make_date(${y}, ${1 + w.findIndex(x => x > 0)}, 1)`
        )
    );
    const deathStayStart = starts.length
      ? `(CASE ${starts.join(' ')} END)`
      : '';
    const bands = acute.icd10WeightsByAge.bands;
    // Per million a year: the band's rate times the year's factor (the last year's after it).
    const ppm = epidemics.map(e => {
      const rate = (['male', 'female'] as const).map(sex =>
        bandCase(
          'age_t',
          bands,
          e.per100k[sex].map(x => Math.round(x * 10))
        )
      );
      return `(CASE WHEN sex = 1 THEN ${rate[0]} ELSE ${rate[1]} END) * (${lastGivenUpTo('{{year}}', e.yearFactors)})`;
    });
    const u = `_m(rs, ${saltOf('epidemic stay')}, 1000000)`;
    const epidemicOf = `CASE ${ppm.map((_, k) => `WHEN ${u} < ${ppm.slice(0, k + 1).join(' + ')} THEN ${k}`).join(' ')} END`;
    const byEpidemic = (f: (e: IEpidemicProfile) => string): string =>
      epidemics.length === 1
        ? f(epidemics[0])
        : `CASE epi ${epidemics.map((e, k) => `WHEN ${k} THEN ${f(e)}`).join(' ')} END`;
    const monthDraw = `_m(sr, ${saltOf('epidemic stay: month')}, ${THRESHOLD_SCALE})`;
    const epidemicMonth = `CAST(1 + ${byEpidemic(e => {
      const years = Object.keys(e.monthWeightsByYear).sort();
      const even = `${monthDraw} % 12`;
      return years.length
        ? `CASE ${years.map(y => `WHEN {{year}} = ${y} THEN ${this.thresholdIndex(monthDraw, e.monthWeightsByYear[y])}`).join(' ')} ELSE ${even} END`
        : even;
    })} AS INTEGER)`;
    return { epidemicOf, byEpidemic, epidemicMonth, deathStayStart };
  }

  establishmentsDriver(): string {
    const pm = this.profiles.care.pmsi;
    return `SELECT _h(xor(range, 99991)) AS _r, CAST(100000000 + range * 7919 AS VARCHAR) AS ETA_NUM,
  CAST(10000000 + range * 7919 AS VARCHAR) AS ETB_EXE_FIN, 'CH SYNTHETIQUE ' || CAST(range + 1 AS VARCHAR) AS SOC_RAI,
  CAST({{year}} AS VARCHAR) AS ANN_TRT
FROM range(GREATEST(${pm.minEstablishments}, CAST({{patients}} * ${pm.establishmentsPer10kPatients} / 10000 AS BIGINT)))`;
  }

  /** T_MCOaaB: the stay, its GHM and GHS; counts of supplements the model does not draw are 0. */
  stayBDriver(): string {
    const zeros = [
      'ANT_SUP_NBR',
      'AUT_PGV_NBR',
      'CAI_SUP_NBR',
      'EXB_NBJ',
      'NBR_SUP_NN1',
      'NBR_SUP_NN2',
      'NBR_SUP_NN3',
      'NBR_SUP_REA',
      'NBR_SUP_REP',
      'NBR_SUP_SOI',
      'NBR_SUP_SRC',
      'NBR_SUP_STF',
      'NBR_SUP_SSC',
      'NBR_SUP_SRA',
      'PLO_ACT',
      'RTH_SUP_NBR',
      'SUP_ENT_DPA',
      'SUP_ENT_DPC',
      'SUP_ENT_HEM',
      'SUP_HEM_HS',
      'SUP_RAD_PED',
      'GHS_9615_ACT',
      'GHS_9512_ACT',
      'GHS_9515_ACT',
      'GHS_9511_ACT',
      'GHS_9619_ACT',
      'GHS_9610_ACT',
      'GHS_9620_ACT',
      'GHS_9621_ACT',
      'GHS_9622_ACT',
      'GHS_9611_ACT',
      'GHS_9612_ACT',
      'GHS_9510_ACT',
      'GHS_9524_ACT',
      'GHS_6523_ACT',
      'GHM_24707Z_ACT',
      'GHM_24706Z_ACT',
      'GHM_24705Z_ACT',
      'NBR_SEA_SROS',
      'FAIS_NBR'
    ];
    const falses = [
      'PAS_LIT_DED',
      'TOP_AVASTIN',
      'TOP_DEF_CARD',
      'TOP_GHS_MIN_SUS',
      'TOP_VLV_AOR',
      'UHCD_TOP'
    ];
    const nulls = [
      'AGE_JOU',
      'DEL_REG_ENT',
      'DOS_TYP',
      'INNOV_NUM',
      'MACH_TYP_RAD',
      'POI_NAI',
      'SEJ_COD_CONF',
      'GHS_HS_INNOV',
      'NBR_IVG_ANT',
      'DLY_ACT',
      'COD_IGS',
      'ANN_IVG_PREC',
      'BEB_SEJ'
    ];
    return `SELECT sr AS _r, 100000000 + eta_i * 7919 AS ETA_NUM, rsa AS RSA_NUM, dp AS DGN_PAL, dr AS DGN_REL,
  CASE WHEN session THEN NULL ELSE nights END AS SEJ_NBJ, CASE WHEN session THEN 1 ELSE 0 END AS NBR_SEA,
  age_t AS AGE_ANN, CAST(sex AS VARCHAR) AS COD_SEX, {{year}} AS SOR_ANN, make_date(year(sor), month(sor), 1) AS SOR_MOI,
  CASE WHEN pie THEN '0' WHEN kind = 3 THEN '9' ELSE '8' END AS SOR_MOD,
  CASE WHEN pie THEN '1' END AS SOR_DES,
  CASE WHEN pie THEN '0' ELSE '8' END AS ENT_MOD,
  CASE WHEN pie THEN '1' WHEN emergency THEN '5' END AS ENT_PRV,
  CASE WHEN pie THEN 'B' END AS SEJ_TYP,
  ghm AS GRG_GHM, ghm AS GRC_GHM, ghs AS GHS_NUM, ghs AS ETE_GHS_NUM, '000' AS GRG_RET, '000' AS GRC_RET,
  '11' AS GRG_VER, 11 AS GRC_VER, beyond_high AS BEH_NBJ, dp_um AS SEQ_RUM, '003' AS TAR_SEQ_NUM,
  n_das AS NBR_DGN, n_um AS NBR_RUM, '224' AS RSS_NUM, substr(dpt, 2, 2) AS BDI_DEP,
  substr(dpt, 2, 2) || com AS BDI_COD, 1 AS TYP_GEN_RSA,
  CAST(has_act AS INTEGER) AS NBR_ACT, ges AS AGE_GES,
  CASE WHEN ${DELIVERY} THEN 1 + CAST(_m(sr, 32, 3) AS INTEGER) END AS NBR_NAIS_ANT,
  ${zeros.map(c => `0 AS ${c}`).join(', ')},
  ${falses.map(c => `false AS ${c}`).join(', ')},
  ${nulls.map(c => `NULL AS ${c}`).join(', ')}
FROM _stay_{{yy}}`;
  }

  /**
   * T_MCOaaC: the stay's link to its patient. A failed link fails one control: the NIR one
   * leaves a placeholder NIR_ANO_17. Return codes take the dictionary's type: BOOLEAN, but
   * VARCHAR '0'/'1' for NAI_RET and DAT_RET.
   */
  stayCDriver(): string {
    const pm = this.profiles.care.pmsi;
    const failing = Object.keys(pm.invalidLinkCodes);
    const unknown = failing.filter(c => !INVALID_LINK_CODES.includes(c));
    if (unknown.length) {
      throw new Error(
        `care.json pmsi.invalidLinkCodes: ${unknown.join(', ')} cannot fail here; use ${INVALID_LINK_CODES.join(', ')}.`
      );
    }
    const fail = weightedCase(
      `_m(sr, 14, 1000000)`,
      failing.map(sqlString),
      failing.map(c => pm.invalidLinkCodes[c])
    );
    const fails = (c: string): string =>
      `(bad_link AND fail = ${sqlString(c)})`;
    return `SELECT _h(sr + 1) AS _r, 100000000 + eta_i * 7919 AS ETA_NUM, rsa AS RSA_NUM,
  CASE WHEN ${fails('NIR_RET')} THEN ${sqlString(pm.placeholderNir)} ELSE psa END AS NIR_ANO_17,
  ${fails('NIR_RET')} AS NIR_RET, CASE WHEN ${fails('NAI_RET')} THEN '1' ELSE '0' END AS NAI_RET,
  ${fails('SEX_RET')} AS SEX_RET, ${fails('SEJ_RET')} AS SEJ_RET, false AS FHO_RET,
  false AS PMS_RET, '0' AS DAT_RET, false AS COH_NAI_RET, false AS COH_SEX_RET, false AS ETA_NUM_RET,
  false AS HOS_NNE_RET, false AS HOS_ORG_RET, false AS NUM_DAT_AT_RET, false AS ORG_CPL_NUM_RET,
  false AS RNG_BEN_RET, false AS RNG_NAI_RET, false AS SEJ_MER_RET,
  ent AS ENT_DAT, sor AS SOR_DAT, CAST(ent AS TIMESTAMP) AS EXE_SOI_DTD, CAST(sor AS TIMESTAMP) AS EXE_SOI_DTF,
  _ym(ent) AS EXE_SOI_AMD, _ym(sor) AS EXE_SOI_AMF, _ym(ent) AS ENT_AM, _ym(sor) AS SOR_AM,
  year(sor) AS SOR_ANN, make_date(year(sor), month(sor), 1) AS SOR_MOI, 10001 + s AS SEJ_NUM,
  lpad(CAST(rng AS VARCHAR), 3, '0') AS RNG_BEN
FROM (SELECT *, ${fail} AS fail FROM _stay_{{yy}})`;
  }

  /** T_MCOaaD: the person's other conditions as associated diagnoses. */
  stayDDriver(): string {
    const parts = this.conditions.map(
      (
        c,
        ci
      ) => `SELECT _h(sr + ${100 + ci}) AS _r, eta_i, rsa, ${ci + 1} AS n, code_${c.id} AS code
FROM _stay_{{yy}} WHERE ${this.onDay(c, 'ent')} AND dp_cond <> ${ci}`
    );
    return `SELECT _r, CAST(100000000 + eta_i * 7919 AS VARCHAR) AS ETA_NUM, CAST(rsa AS VARCHAR) AS RSA_NUM, n AS DGN_ASS_NUM, code AS ASS_DGN
FROM (${parts.join('\nUNION ALL\n')})`;
  }

  stayADriver(): string {
    const care = this.profiles.care;
    const conds = this.conditions;
    const act = conds
      .map(
        (c, ci) =>
          `WHEN ${ci} THEN ${
            c.ccamByCode
              ? `CASE WHEN kind = 0 AND s = 0 AND nights > 0 THEN ${byPrefix(
                  'dp',
                  c.ccamByCode,
                  acts => pick(acts, '_m(sr, 50, 1000)'),
                  pick(c.ccam, '_m(sr, 50, 1000)')
                )} ELSE ${pick(c.ccam, '_m(sr, 50, 1000)')} END`
              : pick(c.ccam, '_m(sr, 50, 1000)')
          }`
      )
      .join(' ');
    // Other stays: the acts of their diagnosis, else the general ones.
    const general = pick(care.acuteStay.ccam, '_m(sr, 51, 1000)');
    const byCode = Object.entries(care.acuteStay.ccamByCode ?? {})
      .map(
        ([code, acts]) =>
          `WHEN ${sqlString(code)} THEN ${pick(acts, '_m(sr, 51, 1000)')}`
      )
      .join(' ');
    return `SELECT _h(sr + 200) AS _r, CAST(100000000 + eta_i * 7919 AS VARCHAR) AS ETA_NUM, CAST(rsa AS VARCHAR) AS RSA_NUM,
  CASE dp_cond ${act} ELSE ${byCode ? `CASE dp ${byCode} ELSE ${general} END` : general} END AS CDC_ACT,
  act_day AS ENT_DAT_DEL, 1 AS NBR_EXE_ACT, '1' AS ACV_ACT, lpad(CAST(act_um AS VARCHAR), 2, '0') AS RUM_SEQ
FROM _stay_{{yy}} WHERE has_act`;
  }

  /**
   * T_MCOaaUM: the stay's units (RUM) in order, their partial lengths adding up to the stay's;
   * the unit of the principal diagnosis codes every associated diagnosis, the others some,
   * and the act counts in the unit of its day. The model draws no supplement nor intensive care.
   */
  stayUmDriver(): string {
    return `SELECT _h(sr + 300 + u) AS _r, CAST(100000000 + eta_i * 7919 AS VARCHAR) AS ETA_NUM, CAST(rsa AS VARCHAR) AS RSA_NUM,
  dp AS DGN_PAL, dr AS DGN_REL, u + 1 AS UM_ORD_NUM, len_u AS PAR_DUR_SEJ, len_u AS PAR_NBR_SEJ,
  CASE WHEN u + 1 = dp_um THEN n_das ELSE CAST(_m(sr, 64 + u, n_das + 1) AS INTEGER) END AS DGN_ASS_NBR,
  CAST(has_act AND act_um = u + 1 AS INTEGER) AS ACT_RUM_NBR, ges AS AGE_GES,
  NULL AS SUP_TYP1_NAT, 0 AS SUP_TYP1_NBR, NULL AS SUP_TYP2_NAT, 0 AS SUP_TYP2_NBR, NULL AS IGS2_COD, NULL AS VAL_REA,
  CAST(100000000 + eta_i * 7919 AS VARCHAR) AS ETA_NUM_GEO, CAST(100000000 + eta_i * 7919 AS VARCHAR) AS ETA_NUM_GEO1
FROM (
  SELECT *, CASE u WHEN 0 THEN cut1 WHEN 1 THEN cut2 - cut1 ELSE nights - cut2 END AS len_u
  FROM (SELECT *, unnest(range(n_um)) AS u FROM _stay_{{yy}})
)`;
  }

  /** T_MCOaaVALO: the GHS tariff of IR_GHS_V, plus the days beyond its high bound. */
  stayValoDriver(): string {
    return `SELECT _h(sr + 400) AS _r, CAST(100000000 + eta_i * 7919 AS VARCHAR) AS ETA_NUM, CAST(rsa AS VARCHAR) AS RSA_NUM,
  ghs_cents * 0.01 AS MNT_GHS_AM, ghs_cents * 0.01 AS MNT_TOT_AM,
  CASE WHEN full_rate THEN 100 ELSE 80 END AS TAUX2, '1' AS VALO, 1.0 AS COEFGEO
FROM _stay_{{yy}}`;
  }

  /**
   * IR_IMB_R: the ALD of each condition a person is in, and the person's other ALD, each from
   * its first day for ten years, then renewed for ten more from the day after (a row a period)
   * while the person lives, within the period, and, for a condition that ends, before its end.
   */
  aldDriver(): string {
    const listed = this.codes.etmAld ?? 0;
    const parts: string[] = [];
    /** The rows of one ALD: its first period (salt `salt`) and its renewals. */
    /** `stop` (aldStop) is NULL without the ALD: a period is made when it begins before it. */
    const periods = (
      salt: string,
      first: string,
      columns: string,
      stop: string
    ): void => {
      for (let k = 0; k < ALD_PERIODS; k++) {
        const from = aldPeriodStart(first, k);
        const made = k === 0 ? `${stop} IS NOT NULL` : `${from} < ${stop}`;
        // A period ends the day before the next begins, so that periods tile.
        parts.push(`SELECT _h(r + ${saltOf(k === 0 ? salt : k === 1 ? `${salt} renewal` : `${salt} renewal ${k}`)}) AS _r, psa1 AS BEN_NIR_PSA, rng AS BEN_RNG_GEM, ${columns},
  CAST(${from} AS DATE) AS IMB_ALD_DTD, CAST(${aldPeriodStart(first, k + 1)} - INTERVAL 1 DAY AS DATE) AS IMB_ALD_DTF
FROM _person WHERE ${made}`);
      }
    };
    for (const c of this.conditions) {
      periods(
        'aldrow:' + c.id,
        `aldd_${c.id}`,
        `${aldSql(c)} AS IMB_ALD_NUM, code_${c.id} AS MED_MTF_COD, ${listed} AS IMB_ETM_NAT`,
        `aldx_${c.id}`
      );
    }
    const other = this.otherAld;
    if (other.length) {
      periods(
        'aldrow:other ald',
        'oaldd',
        `${list(other.map(g => g.ald))}[1 + oald] AS IMB_ALD_NUM, oald_code AS MED_MTF_COD, ${list(other.map(g => g.exemptionNature ?? listed))}[1 + oald] AS IMB_ETM_NAT`,
        'oaldx'
      );
    }
    return `SELECT *, 'CIM10' AS MED_NCL_IDT,
  IMB_ALD_DTD AS INS_DTE, IMB_ALD_DTD AS UPD_DTE
FROM (${parts.join('\nUNION ALL\n')})`;
  }

  /**
   * The underlying cause of death: the other ALD's code (oald_cause), the condition of
   * `cause_cond`, else a common cause.
   */
  private causeOfDeath(): string {
    const whens = this.conditions.map(
      (c, k) => `WHEN ${k} THEN substr(code_${c.id}, 1, 4)`
    );
    const aldCause = this.otherAld.some(g => g.causeIcd10ByCode)
      ? `CASE oald ${this.otherAld
          .flatMap((g, k) =>
            g.causeIcd10ByCode
              ? [
                  `WHEN ${k} THEN ${byPrefix('oald_code', g.causeIcd10ByCode, sqlString, 'substr(oald_code, 1, 4)')}`
                ]
              : []
          )
          .join(' ')} ELSE substr(oald_code, 1, 4) END`
      : 'substr(oald_code, 1, 4)';
    return `CASE WHEN oald_cause THEN ${aldCause} ELSE CASE cause_cond ${whens.join(' ')} ELSE ${this.otherCause('codes')} END END`;
  }

  /**
   * KI_CCI_R: one certificate per death, with the person's identity, place of death (a death
   * in hospital may end an MCO stay), certificate model and medium, and the deceased's
   * activity, social category and marital status by age and sex. People are all born before
   * the first year, so every certificate is an adult one: the neonatal part stays empty.
   */
  deathCauseDriver(): string {
    const d = this.profiles.deaths;
    const pcs = Object.keys(d.socialCategoryWeights);
    const category = weightedCase(
      `_m(r, ${saltOf('pcs')}, 1000000)`,
      pcs.map(sqlString),
      pcs.map(k => d.socialCategoryWeights[k])
    );
    const marital = (sex: 'male' | 'female'): string =>
      this.bandWeighted(
        { ...d.maritalStatus, weights: d.maritalStatus[sex] },
        'dage',
        `_m(r, ${saltOf('marital')}, 1000000)`
      );
    const external = "substr(cause, 1, 1) BETWEEN 'V' AND 'Y'";
    const places = this.lookup(
      'lie_label',
      Array.from(
        { length: Math.max(...d.placeOfDeath.codes) + 1 },
        (_, k) => this.codes.placeLabels.get(String(k)) ?? ''
      )
    );
    const L = LOOKUP_TABLE;
    return `SELECT _h(r + 500) AS _r, idt_ano AS BEN_IDT_ANO, 1 AS BEN_IDT_TOP, nir_ano AS BEN_NIR_ANO, 1 AS DCD_IDT_TOP,
  year(dcd) AS FLX_PER_ANN, dpt AS DCD_DPT_COD, com AS DCD_COM_COD, dpt AS BEN_RES_DPT, com AS BEN_RES_COM,
  dcd AS BEN_DCD_DTE, _ym(dcd) AS BEN_DCD_AME, dlie AS DCD_LIE_COD,
  nai_ann AS BEN_NAI_ANN, make_date(CAST(nai_ann AS BIGINT), CAST(nai_moi AS BIGINT), 1) AS BEN_NAI_MOI, sex AS BEN_SEX_COD,
  cause AS DCD_CIM_COD, 'SYNTH-' || idt_ano AS DCD_IDT_ENC,
  CASE WHEN year(dcd) >= ${d.certificate2017Since} THEN 2 ELSE 1 END AS CER_VER_NUM, 1 AS TRT_STA_COD, 1 AS TYP_CER_COD,
  CASE WHEN _m(r, ${saltOf('certificate medium')}, 100) < ${d.electronicCertificatePct} THEN 1 ELSE 2 END AS CER_SUP_TYP,
  CASE WHEN searched THEN 2 ELSE 1 END AS TYP_VOL_COD,
  CASE WHEN searched THEN 2 ELSE 1 END AS DCD_CAU_COD,
  CASE WHEN dage >= ${d.retirementAge} THEN 1 WHEN dage >= 15 AND working THEN 3 ELSE 2 END AS PFV_ACP_COD,
  CASE WHEN dage >= ${d.retirementAge} THEN '7' WHEN dage >= 15 AND working THEN ${category} ELSE '8' END AS CAT_PCS_COD,
  CASE WHEN sex = 1 THEN ${marital('male')} ELSE ${marital('female')} END AS ETA_MAR_COD,
  CASE WHEN sex = 2 AND dage BETWEEN 15 AND 49 THEN 2 END AS DCD_GRS_COD, NULL AS DCD_GRS_DEL,
  CASE WHEN ${external} THEN ${places}[dlie + 1] END AS DCD_LIE_LIB,
  CASE WHEN ${external} THEN CASE WHEN working THEN 2 ELSE 3 END END AS DCD_ATT_COD,
  ${NEONATAL.map(c => `NULL AS ${c}`).join(', ')}
FROM (
  SELECT *, ${this.causeOfDeath()} AS cause, year(dcd) - nai_ann AS dage,
    _m(r, ${saltOf('cause search')}, 100) < ${d.causeSearchPct} AS searched,
    _m(r, ${saltOf('working')}, 100) < ${d.workingBeforeRetirementPct} AS working
  FROM _person WHERE dcd IS NOT NULL
) CROSS JOIN ${L}`;
  }

  /**
   * KI_ECD_R: the initial cause at rank 1, a terminal cause at rank 2, then the person's other
   * conditions and other ALD as associated causes, with their labels.
   */
  deathChainDriver(): string {
    const terminal = TERMINAL_CAUSES;
    const causes = [
      ...new Set([
        ...this.conditions.flatMap(c =>
          conditionCodes(c).map(x => x.slice(0, 4))
        ),
        ...this.otherAld.flatMap(g => [
          ...conditionCodes(g).map(x => x.slice(0, 4)),
          ...Object.values(g.causeIcd10ByCode ?? {})
        ]),
        ...this.profiles.deaths.otherCauses.codes,
        ...this.profiles.care.acuteStay.epidemics.map(e => e.icd10),
        ...terminal
      ])
    ];
    // Read from d: the dead, with their underlying cause. A condition ended before the death
    // is not among its associated causes.
    const associated = this.conditions
      .map(
        (c, k) =>
          `SELECT *, ${k} AS k, substr(code_${c.id}, 1, 4) AS c FROM d WHERE ${condCol(c)} AND cause_cond <> ${k}${c.stopPct ? ` AND endd_${c.id} IS NULL` : ''}`
      )
      .concat(
        this.otherAld.length
          ? [
              `SELECT *, ${this.conditions.length} AS k, substr(oald_code, 1, 4) AS c FROM d WHERE oald IS NOT NULL AND NOT oald_cause AND substr(oald_code, 1, 4) <> cause`
            ]
          : []
      )
      .join('\n    UNION ALL\n    ');
    const label = `substr(${this.lookup(
      'cause_label',
      causes.map(c => this.codes.icdLabels.get(c) ?? c)
    )}[list_position(${this.lookup('cause_code', causes)}, code)], 1, 100)`;
    return `SELECT _h(r + 600 + rank) AS _r, idt_ano AS BEN_IDT_ANO, 1 AS BEN_IDT_TOP, nir_ano AS BEN_NIR_ANO, 1 AS DCD_IDT_TOP,
  year(dcd) AS FLX_PER_ANN, rank AS CER_LIG_NUM, rank AS ECD_CAU_RNG, code AS ECD_CIM_COD, ${label} AS ECD_CAU_LIB,
  dcd AS BEN_DCD_DTE, _ym(dcd) AS BEN_DCD_AME, 'SYNTH-' || idt_ano AS DCD_IDT_ENC
FROM (
  WITH d AS (SELECT *, ${this.causeOfDeath()} AS cause FROM _person WHERE dcd IS NOT NULL)
  SELECT *, 1 AS rank, cause AS code FROM d
  UNION ALL
  SELECT *, 2, ${pick(terminal, '_m(r, 71, 1000)')} FROM d WHERE n_cond >= 1 OR oald IS NOT NULL
  UNION ALL
  SELECT * EXCLUDE (k, c), 2 + row_number() OVER (PARTITION BY i ORDER BY k), c FROM (
    ${associated}
  )
) CROSS JOIN ${LOOKUP_TABLE}`;
  }

  /**
   * Flags of the cartographie (every other top_/sup_ flag is 0): a condition the SNDS sees
   * (treated or in ALD), and an other ALD begun by the year, by the flags its profile gives
   * the person's code.
   */
  cartographyFlags(): Record<string, string> {
    const columns = this.cartographyColumns();
    const when = new Map<string, string[]>();
    const add = (
      where: string,
      cartography: Record<string, string[]>,
      seen: string,
      code: string
    ): void => {
      for (const [prefix, flags] of Object.entries(cartography)) {
        const sql =
          prefix === '*'
            ? `(${seen})`
            : `(${seen} AND starts_with(${code}, ${sqlString(prefix)}))`;
        for (const flag of flags) {
          if (!columns.has(flag.toUpperCase())) {
            throw new Error(
              `conditions.json (${where}) cartography: ${flag} is not a column of CT_IND_AAAA_GN; use one of its top_ or sup_ columns.`
            );
          }
          when.set(flag.toUpperCase(), [
            ...(when.get(flag.toUpperCase()) ?? []),
            sql
          ]);
        }
      }
    };
    for (const c of this.conditions) {
      add(c.id, c.cartography, seenBySnds(c), `code_${c.id}`);
    }
    this.otherAld.forEach((g, k) => {
      add(
        `otherAld ${g.id}`,
        g.cartography,
        `coalesce(oald, -1) = ${k}`,
        'oald_code'
      );
    });
    const flags: Record<string, string> = {};
    for (const [flag, sql] of when) {
      flags[flag] = `CAST(${sql.join(' OR ')} AS INTEGER)`;
    }
    flags.SUP_POPTOT_CAT = '1';
    return flags;
  }

  /**
   * The cartographie's totals over its other flags (`flags`, upper case), in SQL over the
   * flag columns and `_stay` (1 for a person with an MCO stay in the year): at least one
   * pathology (a top_ flag other than maternity and the treatments, _med), or treatment (a
   * top_…_med flag), with maternity, then with a stay (sup_hospit_ponct: any stay; _exclu:
   * with none of those), and none of them ('petits consommateurs'); maternity without a
   * pathology or treatment.
   */
  private cartographyTotals(flags: string[]): Record<string, string> {
    const top = flags.filter(f => f.startsWith('TOP_'));
    const pathologies = top.filter(
      f => !f.endsWith('_MED') && f !== 'TOP_MATERNI_IND'
    );
    const greatest = (xs: string[]): string =>
      xs.length ? `greatest(${xs.join(', ')})` : '0';
    const pathology = greatest(pathologies);
    const treated = greatest([
      ...pathologies,
      ...top.filter(f => f.endsWith('_MED'))
    ]);
    const maternity = flags.includes('TOP_MATERNI_IND')
      ? `greatest(${treated}, TOP_MATERNI_IND)`
      : treated;
    const all = `greatest(${maternity}, _stay)`;
    return {
      SUP_PATHO_CAT_EXCLU: pathology,
      SUP_PATHO_CAT_NNEXCLU: treated,
      SUP_PATMAT_CAT: maternity,
      ...(flags.includes('TOP_MATERNI_IND')
        ? { SUP_MATERNI_IND_EXCLU: `TOP_MATERNI_IND * (1 - ${treated})` }
        : {}),
      SUP_HOSPIT_PONCT: '_stay',
      SUP_HOSPIT_PONCT_EXCLU: `_stay * (1 - ${maternity})`,
      SUP_PATMATHOS_CAT: all,
      SUP_PETIT_CONSO: `1 - ${all}`,
      SUP_PETIT_CONSO_EXCLU: `1 - ${all}`
    };
  }

  /**
   * The cartographie's treatment flags (conditions.json cartographyTreatments): the people
   * with the treatment's ATC classes dispensed on minDispensations days or more of the year
   * (_n<k>, the days of treatment k in `x`; `days`, whether a dispensation line is of it), or
   * on minDispensationsWithLargePacks days of which one gave a box of several months (_l<k>,
   * `largeDays`, whether a line is such a box), all of them (allFlag) and those without the
   * pathologies of unlessFlags (flag), then the groups. `inner` holds the flags the inner query sets (columns);
   * `treatments` gives the SQL of each treatment flag over them.
   */
  private cartographyTreatmentFlags(inner: Set<string>): {
    days: string[];
    largeDays: string[];
    treatments: Record<string, string>;
    minor: (petit: string) => Record<string, string>;
  } {
    const ct = this.profiles.conditions.cartographyTreatments;
    if (!ct) {
      return { days: [], largeDays: [], treatments: {}, minor: () => ({}) };
    }
    const columns = this.cartographyColumns();
    const at = 'conditions.json cartographyTreatments';
    const column = (flag: string, where: string): string => {
      const col = flag.toUpperCase();
      if (!columns.has(col)) {
        throw new Error(
          `${at} ${where}: ${flag} is not a column of CT_IND_AAAA_GN; use one of its top_ or sup_ columns.`
        );
      }
      return col;
    };
    const all = [...ct.treatments, ...ct.minorTreatments];
    const idsOf = all.map(t =>
      [...this.codes.atcIndex]
        .filter(
          ([code]) =>
            t.atcPrefixes.some(p => code.startsWith(p)) &&
            !t.excludedAtcPrefixes.some(p => code.startsWith(p))
        )
        .map(([, id]) => id)
    );
    const days = idsOf.map(ids => intSetSql('atc_i', ids));
    const packMonths = this.drugPackMonths();
    const fewer = ct.minDispensationsWithLargePacks;
    const largeDays =
      packMonths && fewer !== undefined
        ? idsOf.map(
            ids =>
              `${intSetSql('atc_i', ids)} AND ${packMonths}[1 + atc_i * ${this.codes.presentations} + pres] > 1`
          )
        : [];
    const given = (k: number): string =>
      largeDays.length
        ? `CAST(_n${k} >= ${ct.minDispensations} OR (_n${k} >= ${fewer} AND _l${k} > 0) AS INTEGER)`
        : `CAST(_n${k} >= ${ct.minDispensations} AS INTEGER)`;
    const sql: Record<string, string> = {};
    const taken = new Set(inner);
    const take = (flag: string, where: string): string => {
      const col = column(flag, where);
      if (taken.has(col)) {
        throw new Error(
          `${at} ${where}: ${flag} is set twice (by a condition, an event or another treatment flag); keep one.`
        );
      }
      taken.add(col);
      return col;
    };
    const flagOf = (flag: string, where: string): string => {
      const col = column(flag, where);
      return sql[col] ?? (inner.has(col) ? col : '0');
    };
    ct.treatments.forEach((t, k) => {
      const where = `treatments[${k}]`;
      const unless = t.unlessFlags
        .map(f => flagOf(f, `${where} unlessFlags`))
        .filter(f => f !== '0');
      sql[take(t.allFlag, where)] = given(k);
      sql[take(t.flag, where)] = unless.length
        ? `${given(k)} * (1 - greatest(${unless.join(', ')}))`
        : given(k);
    });
    for (const [group, members] of Object.entries(ct.groups)) {
      const where = `groups.${group}`;
      const exprs = members.map(m => flagOf(m, where));
      sql[take(group, where)] = `greatest(${exprs.join(', ')})`;
    }
    // Minor treatments: after the totals, among the 'petits consommateurs' (petit).
    const pairs = ct.minorTreatments.map((t, j) => {
      const where = `minorTreatments[${j}]`;
      return {
        flag: take(t.flag, where),
        allFlag: take(t.allFlag, where),
        given: given(ct.treatments.length + j)
      };
    });
    const group =
      ct.minorGroup && pairs.length
        ? {
            flag: take(ct.minorGroup.flag, 'minorGroup'),
            allFlag: take(ct.minorGroup.allFlag, 'minorGroup')
          }
        : undefined;
    const minor = (petit: string): Record<string, string> => {
      const out: Record<string, string> = {};
      for (const p of pairs) {
        out[p.allFlag] = p.given;
        out[p.flag] = `${p.given} * (${petit})`;
      }
      if (group) {
        const any = `greatest(${pairs.map(p => p.given).join(', ')})`;
        out[group.allFlag] = any;
        out[group.flag] = `${any} * (${petit})`;
        out.SUP_PETIT_CONSO_EXCLU = `(${petit}) * (1 - ${any})`;
      }
      return out;
    };
    return { days, largeDays, treatments: sql, minor };
  }

  /** The person's columns of CT_IND and CT_DEP, over `_person` and LOOKUP_TABLE. */
  private cartographyPerson(): string {
    const p = this.profiles.population;
    const depts = Object.keys(p.departments);
    const oldOf = new Map(
      Object.entries(p.oldRegions).flatMap(([reg, ds]) => ds.map(d => [d, reg]))
    );
    const k = `list_position(${this.lookup('reg_dpt', depts)}, dpt)`;
    const oldReg = this.lookup(
      'reg_old',
      depts.map(d => oldOf.get(d) ?? '')
    );
    const newReg = this.lookup(
      'reg_new',
      depts.map(d => this.codes.regions.get(d) ?? '')
    );
    const age = '({{year}} - nai_ann)';
    return `nir_ano || 'U' AS ID_CARTO, sex AS BEN_SEX_COD, nai_ann AS BEN_NAI_ANN, ${age} AS AGE,
  ${ageClassCtSql(age)} AS CLA_AGE_CT, ${ageClass5Sql(age)} AS CLA_AGE_5,
  ${oldReg}[${k}] AS OLD_COD_REG, ${newReg}[${k}] AS NEW_COD_REG, dpt AS DPT, 'RG' AS REGIME,
  CAST(cmu AS INTEGER) AS CMU, NULL AS BEN_ACS_TOP, 0 AS BEN_AAH_TOP,
  coalesce(dcd, DATE '1600-01-01') AS BEN_DCD_DTE, _ym(coalesce(dcd, DATE '1600-01-01')) AS BEN_DCD_AME,
  CASE WHEN dcd IS NOT NULL AND year(dcd) = {{year}} THEN 1 ELSE 0 END AS DCD_3112, '1' AS VERSION`;
  }

  /**
   * CT_DEP_AAAA_GN: one row per person with care in the year (the cartographie's population),
   * with what the year's DCIR lines and chained MCO stays cost: reimbursed (_MNT) and
   * reimbursable (_BSE) amounts in euros, totals the sum of their parts.
   */
  cartographyExpenseDriver(): string {
    const town: Record<string, number[]> = {
      HONOGEN: [1],
      HONOSPE: [2],
      INFIRMIER: [10],
      BIO: [9],
      PHARMACIE: [
        3,
        4,
        5,
        6,
        7,
        8,
        OTHER_ALD_KIND,
        ...Array.from({ length: MAX_TREATMENTS }, (_, e) => TREATMENT_KIND + e)
      ]
    };
    const zeroTown = [
      'HONODENT',
      'SAGEFEMME',
      'KINE',
      'AUTRESAUXIL',
      'LPP',
      'TRANSPORT',
      'AUTRES'
    ];
    const zeroHospital = [
      'DEP_DGF_MCOSUS',
      'dep_OQN_MCOSEJOUR',
      'DEP_OQN_MCOSUS',
      'DEP_DGF_ACE',
      'DEP_DGF_PSY',
      'dep_OQN_PSY',
      'DEP_DGF_SSR',
      'dep_OQN_SSR',
      'DEP_DGF_HAD',
      'DEP_OQN_HAD',
      'DEP_IJMALATMP',
      'DEP_IJMATER',
      'DEP_INVALID',
      'TOT_DEP_PRESESPECE'
    ];
    const sums = Object.entries(town)
      .flatMap(([name, kinds]) =>
        ['MNT', 'BSE'].map(
          m =>
            `CAST(round(sum(CASE WHEN kind IN (${kinds.join(', ')}) THEN BSE_REM_${m} ELSE 0 END)) AS BIGINT) AS ${name.toLowerCase()}_${m.toLowerCase()}`
        )
      )
      .join(',\n    ');
    const amounts = (m: string): string[] =>
      Object.keys(town).map(
        name => `coalesce(d.${name.toLowerCase()}_${m.toLowerCase()}, 0)`
      );
    const hospital = (m: string): string => `coalesce(h.${m.toLowerCase()}, 0)`;
    const columns = ['MNT', 'BSE'].flatMap(m => [
      ...Object.keys(town).map(
        (name, k) => `${amounts(m)[k]} AS DEP_SDV_${name}_${m}`
      ),
      ...zeroTown.map(name => `0 AS DEP_SDV_${name}_${m}`),
      ...zeroHospital.map(name => `0 AS ${name}_${m}`),
      `${amounts(m).join(' + ')} AS TOT_DEP_SDV_${m}`,
      `${hospital(m)} AS DEP_DGF_MCOSEJOUR_${m}`,
      `${hospital(m)} AS TOT_DEP_HOP_${m}`,
      `${amounts(m).join(' + ')} + ${hospital(m)} AS TOT_DEP_${m}`
    ]);
    return `SELECT _h(p.r + 900) AS _r, ${this.cartographyPerson()},
  CASE WHEN d.i IS NOT NULL THEN 'PRS' ELSE 'MCO' END AS SOURCE,
  ${columns.join(',\n  ')}
FROM _person p
LEFT JOIN (
  SELECT i, ${sums}
  FROM ER_PRS_F WHERE year(EXE_SOI_DTD) = {{year}} AND DPN_QLF <> 71 GROUP BY i
) d ON d.i = p.i
LEFT JOIN (
  SELECT i, CAST(round(sum(ghs_cents * 0.01)) AS BIGINT) AS bse,
    CAST(round(sum(ghs_cents * CASE WHEN full_rate THEN 0.01 ELSE 0.008 END)) AS BIGINT) AS mnt
  FROM _stay_{{yy}} WHERE NOT bad_link GROUP BY i
) h ON h.i = p.i
CROSS JOIN ${LOOKUP_TABLE}
WHERE (p.dcd IS NULL OR year(p.dcd) >= {{year}}) AND (d.i IS NOT NULL OR h.i IS NOT NULL)`;
  }

  /**
   * Flags of the year's events (columns of the joins `e`, stays, and `x`, drugs): acute
   * coronary syndromes, strokes and heart failures of the chained MCO stays' principal
   * diagnoses, deliveries, and the treated diabetics with insulin or without.
   */
  private cartographyEvents(): Record<string, string> {
    const flag = (sql: string): string =>
      `CAST(coalesce(${sql}, false) AS INTEGER)`;
    const acute = 'e.acs OR e.stroke OR e.hf';
    const events: Record<string, string> = {
      TOP_CVIDM_AIG: flag('e.acs'),
      TOP_CVAVC_AIG: flag('e.stroke'),
      TOP_CVIC_AIG: flag('e.hf'),
      SUP_CVAIG_CAT: flag(acute),
      TOP_MATERNI_IND: flag('e.birth')
    };
    const diabetes = this.conditions.find(c => c.id === 'diabetes');
    if (diabetes) {
      const seen = seenBySnds(diabetes);
      events.SUP_FINSUL_IND = flag(`${seen} AND x.insulin`);
      events.SUP_FINSULNO_IND = flag(
        `${seen} AND NOT coalesce(x.insulin, false)`
      );
    }
    const columns = this.cartographyColumns();
    return Object.fromEntries(
      Object.entries(events).filter(([col]) => columns.has(col))
    );
  }

  /** CT_IND_AAAA_GN: the people of CT_DEP, with the flags of their conditions and events. */
  cartographyDriver(): string {
    const events = this.cartographyEvents();
    const conditionFlags = this.cartographyFlags();
    for (const col of Object.keys(events)) {
      if (col in conditionFlags) {
        throw new Error(
          `conditions.json cartography: ${col} comes from the year's stays and drugs; remove it from the conditions' flags.`
        );
      }
    }
    // The acute episode of the year prevails over the chronic disease (the cartographie's
    // definitions of these flags).
    const prevails: Record<string, string> = {
      TOP_CVCORON_CHR: 'e.acs',
      TOP_CVIC_CHR: 'e.hf',
      TOP_CVAVC_SEQ: 'e.stroke'
    };
    for (const [col, acute] of Object.entries(prevails)) {
      if (col in conditionFlags) {
        conditionFlags[col] =
          `CAST((${conditionFlags[col]}) = 1 AND NOT coalesce(${acute}, false) AS INTEGER)`;
      }
    }
    const flagSql = { ...conditionFlags, ...events };
    const flags = Object.entries(flagSql)
      .map(([col, sql]) => `${sql} AS ${col}`)
      .join(',\n  ');
    const treatment = this.cartographyTreatmentFlags(
      new Set(Object.keys(flagSql))
    );
    const treated = Object.entries(treatment.treatments)
      .map(([col, sql]) => `CAST(${sql} AS INTEGER) AS ${col}`)
      .join(',\n  ');
    const columns = this.cartographyColumns();
    const totalSql = this.cartographyTotals([
      ...Object.keys(flagSql),
      ...Object.keys(treatment.treatments)
    ]);
    const totals = Object.entries({
      ...totalSql,
      ...treatment.minor(totalSql.SUP_PETIT_CONSO)
    })
      .filter(
        ([col]) =>
          columns.has(col) &&
          !(col in flagSql) &&
          !(col in treatment.treatments)
      )
      .map(([col, sql]) => `CAST(${sql} AS INTEGER) AS ${col}`)
      .join(',\n  ');
    const days = [
      ...treatment.days.map((_, k) => `_n${k}`),
      ...treatment.largeDays.map((_, k) => `_l${k}`)
    ];
    const insulin = [...this.codes.atcIndex]
      .filter(([code]) => code.startsWith('A10A'))
      .map(([, id]) => id);
    // A dispensation line's flags as the bits of one integer (bit 0 insulin, then `days`), so
    // that a person's day takes one bit_or rather than a bool_or per flag.
    const lineFlags = [
      `kind BETWEEN 4 AND 8 AND ${intSetSql('atc_i', insulin)}`,
      ...treatment.days,
      ...treatment.largeDays
    ];
    if (lineFlags.length > 62) {
      throw new Error(
        `conditions.json cartographyTreatments: ${lineFlags.length - 1} day flags (treatments and minorTreatments, with their large-pack flags) exceed the 61 one query can count; merge some treatments.`
      );
    }
    const lineMask = lineFlags
      .map((f, k) => `CASE WHEN ${f} THEN ${2n ** BigInt(k)} ELSE 0 END`)
      .join('\n      | ');
    const bit = (k: number): string => `(m >> ${k}) & 1 = 1`;
    const shared = [
      'ID_CARTO',
      'BEN_SEX_COD',
      'BEN_NAI_ANN',
      'AGE',
      'CLA_AGE_CT',
      'CLA_AGE_5',
      'OLD_COD_REG',
      'NEW_COD_REG',
      'DPT',
      'REGIME',
      'SOURCE',
      'CMU',
      'BEN_ACS_TOP',
      'BEN_AAH_TOP',
      'BEN_DCD_DTE',
      'BEN_DCD_AME',
      'DCD_3112',
      'VERSION'
    ];
    return `SELECT * EXCLUDE (${['_stay', ...days].join(', ')})${totals ? `,\n  ${totals}` : ''} FROM (
SELECT *${treated ? `,\n  ${treated}` : ''} FROM (
SELECT _h(p.r + 700) AS _r, ${shared.map(c => `d.${c} AS ${c}`).join(', ')},
  ${flags},${days.map(n => ` coalesce(x.${n}, 0) AS ${n},`).join('')}
  CAST(e.i IS NOT NULL AS INTEGER) AS _stay
FROM CT_DEP_{{year}}_GN d JOIN (SELECT * REPLACE (${this.asOfYear('{{year}}')}) FROM _person) p ON p.nir_ano || 'U' = d.id_carto
LEFT JOIN (
  SELECT i, bool_or(substr(dp, 1, 3) IN ('I21', 'I22')) AS acs, bool_or(substr(dp, 1, 3) IN ('I61', 'I63', 'I64')) AS stroke,
    bool_or(substr(dp, 1, 3) = 'I50') AS hf, bool_or(${DELIVERY}) AS birth
  FROM _stay_{{yy}} WHERE NOT bad_link AND NOT session GROUP BY i
) e ON e.i = p.i
LEFT JOIN (
  -- The year's dispensations (a regularisation or a line for information repeats one).
  SELECT i, bool_or(${bit(0)}) AS insulin${days.map((n, k) => `, count_if(${bit(k + 1)}) AS ${n}`).join('')}
  FROM (
    SELECT i, bit_or(${lineMask}) AS m
    FROM ER_PRS_F${treatment.largeDays.length ? ` CROSS JOIN ${LOOKUP_TABLE}` : ''} WHERE ${DRUG_KINDS} AND year(EXE_SOI_DTD) = {{year}} AND DPN_QLF <> 71 AND PRS_ACT_QTE > 0 GROUP BY i, EXE_SOI_DTD
  ) GROUP BY i
) x ON x.i = p.i
))`;
  }

  cartographyIdDriver(): string {
    return `SELECT _h(r + 800 + k) AS _r, nir_ano || 'U' AS ID_CARTO, psa AS BEN_NIR_PSA, rng AS BEN_RNG_GEM, '1' AS VERSION
FROM (SELECT *, psa1 AS psa, 0 AS k FROM _person UNION ALL SELECT *, psa2, 1 FROM _person WHERE psa2 IS NOT NULL)
WHERE dcd IS NULL OR year(dcd) >= {{year}}`;
  }
}
