/**
 * The generator's profiles (datasets/synth/*.json): every rate, weight and distribution, each
 * file naming its source. The zod schemas below are their one definition: the types come from
 * them, and readProfiles checks every file against them, reporting all problems at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import {
  describeIssue,
  didYouMean,
  formatPath,
  type Path
} from './profile_messages.js';

/** A mistake in the profiles: the message lists the problems and how to fix them. */
export class ProfileError extends Error {
  constructor(
    message: string,
    readonly problems: string[]
  ) {
    super(message);
    this.name = 'ProfileError';
  }
}

/** Treatments outside the conditions a profile may give (their kinds of care line, 12 to 18). */
export const MAX_TREATMENTS = 7;
/** Chronic drugs a month of the conditions and treatments together: DCIR numbering slots. */
export const MAX_MONTHLY_DRUGS = 25;
/** Presentations (CIP13) of each ATC class of the synthetic drug referential. */
export const PRESENTATIONS = 2;
/** T_MCOaaC return codes a failed link can fail (care.json pmsi.invalidLinkCodes). */
export const INVALID_LINK_CODES = ['NIR_RET', 'NAI_RET', 'SEX_RET', 'SEJ_RET'];

// Field kinds. A description completes "… must be <description>" in messages.
const text = z.string().regex(/\S/).describe('a non-empty text');
const codeOf = (what: string) =>
  z.string().regex(/^\S+$/).describe(`${what} (a text with no spaces)`);
const icd10 = codeOf('an ICD-10 code such as "E119"');
const icd10Prefix = codeOf('an ICD-10 code or prefix such as "E11"');
const atc = codeOf('an ATC code such as "A10BA02"');
const ccam = codeOf('a CCAM code such as "DEQP003"');
const nonNegative = z.number().min(0).describe('a number, 0 or more');
const positive = z.number().positive().describe('a number above 0');
const pct = z.number().min(0).max(100).describe('a percentage, 0 to 100');
const spreadShape = z
  .number()
  .min(0.2)
  .max(20)
  .describe('a gamma shape, 0.2 to 20');
const share = z.number().min(0).max(1).describe('a share, 0 to 1');
const count = z.number().int().min(1).describe('a whole number, 1 or more');
/** An interval in months that divides the year, so that it recurs in the same months. */
const monthsOfYear = z
  .number()
  .int()
  .min(1)
  .refine(n => 12 % n === 0, {
    message: 'must divide the year: 1, 2, 3, 4, 6 or 12'
  });
const codeNumber = z
  .number()
  .int()
  .min(0)
  .describe('a whole number (a nomenclature code)');
const age = z.number().int().min(0).max(120).describe('an age, 0 to 120');
const year = z
  .number()
  .int()
  .min(1950)
  .max(2100)
  .describe('a year, 1950 to 2100');
const days = z.number().min(1).describe('a number of days, 1 or more');
const euros = z.number().min(0).describe('a price in euros, 0 or more');
/** A record of `item`s whose every key passes `isKey`; `message` says what a key must be. */
const keyedBy = <T extends z.ZodTypeAny>(
  item: T,
  isKey: (key: string) => boolean,
  message: string
) =>
  z.record(item).superRefine((r, ctx) => {
    for (const key of Object.keys(r)) {
      if (!isKey(key)) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [key], message });
      }
    }
  });
/** A real calendar day written YYYY-MM-DD. */
const isDay = (key: string): boolean => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  const d = m && new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return !!d && d.getUTCMonth() === +m![2] - 1 && d.getUTCDate() === +m![3];
};
/**
 * A tariff: one price in euros for every date, or its history, the price from each day on
 * ({"2017-05-01": 25, "2023-11-01": 26.5}); care before the first day takes the first price.
 */
const tariff = z.union(
  [
    euros,
    keyedBy(
      euros,
      isDay,
      'is not a day: key each price by the day it applies from, such as "2023-11-01"'
    ).refine(
      r => Object.keys(r).length > 0,
      'gives no price: give one, such as 25 or {"2017-05-01": 25}'
    )
  ],
  {
    errorMap: () => ({
      message: 'a price in euros, or {"YYYY-MM-DD": euros from that day on, …}'
    })
  }
);

/** Where a file's figures come from. */
const source = z
  .string()
  .regex(/\S/)
  .describe('a non-empty text: where its figures come from');

const hasWeight = (v: object): boolean =>
  Object.values(v).some(x => (x as number) > 0);
const NO_WEIGHT = 'has no weight above 0: give at least one';
const weightList = z.array(nonNegative).refine(hasWeight, NO_WEIGHT);
/** A treated person takes at most this many drugs of a condition a month (12 slots each). */
export const MAX_CHRONIC_DRUGS = 4;
const weightRecord = z.record(nonNegative).refine(hasWeight, NO_WEIGHT);

/** Figures by year: keys such as "2020". */
const byYear = <T extends z.ZodTypeAny>(item: T) =>
  keyedBy(
    item,
    key => /^(19[5-9]\d|20\d\d)$/.test(key),
    'is not a year: key the figures by years such as "2020"'
  );

/** The figure of the last year given up to `year`, 0 before the first. */
function lastGiven(byYear: Record<string, number>, year: string): number {
  const given = Object.keys(byYear)
    .filter(y => y <= year)
    .sort();
  return given.length ? byYear[given[given.length - 1]] : 0;
}

/** 12 weights, January first. */
const monthWeights = z
  .array(nonNegative)
  .length(12)
  .describe('one per month, January first')
  .refine(hasWeight, NO_WEIGHT);

/** Age bands: lower bounds in years, 0 first, ascending. */
const bands = z
  .array(age)
  .min(1)
  .refine(b => b[0] === 0 && b.every((x, k) => k === 0 || x > b[k - 1]), {
    message:
      'must list the lower bounds of the age bands: 0 first, then ascending'
  });

/** Series with one value per entry of the file's `bandsKey` list (a missing one says how many). */
const bandsKeyOf = new WeakMap<z.ZodTypeAny, string>();
function perBand<T extends z.ZodTypeAny>(bandsKey: string, item: T) {
  const schema = z
    .array(item)
    .describe(`one number per age band of "${bandsKey}"`);
  bandsKeyOf.set(schema, bandsKey);
  return schema;
}

/** [lowest, highest] euros per unit. */
const priceRange = z
  .tuple([positive, positive])
  .refine(([lo, hi]) => lo <= hi, {
    message: 'must be [lowest, highest] euros per unit: the lowest first'
  })
  .describe('[lowest, highest] euros per unit, both above 0');

const sexSeriesOf = <T extends z.ZodTypeAny>(item: T) =>
  z.object({ male: item, female: item }).strict();

export interface ISexSeriesOf<T> {
  male: T;
  female: T;
}
export type ISexSeries = ISexSeriesOf<number[]>;

/** Adds an issue when a series has not one value per band. */
function checkLength(
  ctx: z.RefinementCtx,
  series: unknown[],
  path: Path,
  bandsPath: Path,
  n: number,
  unit = 'values'
): void {
  if (series.length !== n) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path,
      message: `has ${series.length} ${unit} but "${formatPath([...ctx.path, ...bandsPath])}" has ${n}`
    });
  }
}

const population = z
  .object({
    source,
    ageBands: bands
      .refine(b => b.length >= 2, { message: 'must have at least 2 bands' })
      .refine(b => b.slice(1).every((x, k) => x - b[k] === b[1] - b[0]), {
        message:
          'must be evenly spaced: every band but the last is ageBands[1] - ageBands[0] years wide'
      }),
    maxAge: age,
    pyramid: sexSeriesOf(
      perBand('ageBands', nonNegative).refine(hasWeight, NO_WEIGHT)
    ),
    mortalityPer100k: sexSeriesOf(
      perBand(
        'ageBands',
        z
          .number()
          .min(0)
          .max(100000)
          .describe('deaths per 100,000 a year, 0 to 100000')
      )
    ),
    /**
     * By year, a factor on everyone's mortality (the excess mortality of epidemic years); 1 in
     * a year not given.
     */
    mortalityYearFactors: byYear(
      z.number().min(0.5).max(3).describe('a factor, 0.5 to 3')
    ).default({}),
    /** Weights of each age of the last band, maxAge included: the oldest are ever fewer. */
    lastBandAgeWeights: weightList,
    departments: weightRecord,
    /** Departments of each region before 2016 (cartographie old_cod_reg). */
    oldRegions: z.record(z.array(text)),
    secondNirShare: share,
    secondRankShare: share,
    /** People with the CMU complémentaire (free complementary cover), by age band (%). */
    cmuPct: perBand('ageBands', pct)
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const sex of ['male', 'female'] as const) {
      for (const key of ['pyramid', 'mortalityPer100k'] as const) {
        const path = [key, sex];
        checkLength(ctx, p[key][sex], path, ['ageBands'], p.ageBands.length);
      }
    }
    const last = p.ageBands[p.ageBands.length - 1];
    if (p.maxAge < last) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['maxAge'],
        message: `(${p.maxAge}) must be at least the last band of "ageBands" (${last})`
      });
    } else if (p.lastBandAgeWeights.length !== p.maxAge - last + 1) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['lastBandAgeWeights'],
        message: `has ${p.lastBandAgeWeights.length} weights but ages ${last} to ${p.maxAge} (the last band of "ageBands" to "maxAge") are ${p.maxAge - last + 1}`
      });
    }
    const unknown = Object.entries(p.oldRegions).flatMap(([region, depts]) =>
      depts
        .filter(d => !(d in p.departments))
        .map(d => `"${d}" (region ${region})`)
    );
    if (unknown.length) {
      const list = unknown.slice(0, 3).join(', ');
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['oldRegions'],
        message: `names ${unknown.length} department${unknown.length > 1 ? 's' : ''} not in "departments": ${list}${unknown.length > 3 ? ', …' : ''}`
      });
    }
  });

/**
 * A person's ICD-10 code: one list, or one per sex, with relative frequencies by sex and age
 * band (one row per band of the file's "bands", one weight per code of the sex's list);
 * equally likely when absent.
 */
const codeFields = {
  icd10: z.array(icd10).min(1).optional(),
  icd10ByMale: z.array(icd10).min(1).optional(),
  icd10ByFemale: z.array(icd10).min(1).optional(),
  icd10WeightsByAge: z
    .object({ male: z.array(weightList), female: z.array(weightList) })
    .strict()
    .optional()
};

/** A condition's or other ALD's chronic drugs, besides its default list (chronicAtc). */
const drugFields = {
  /**
   * Relative frequencies of a person's first chronicAtc drug, one each (equally likely when
   * absent); the person's next drugs follow it in the list, back to its start.
   */
  chronicAtcWeights: weightList.optional(),
  /** Drugs of the persons whose code starts with a prefix, instead of chronicAtc. */
  chronicAtcByCode: z.record(z.array(atc).min(1)).optional(),
  /**
   * Relative frequencies of taking 1, 2, 3 or 4 of the drugs each month, for a treated
   * person (drawn once per person).
   */
  chronicDrugsWeights: weightList.refine(w => w.length <= MAX_CHRONIC_DRUGS, {
    message: `gives at most ${MAX_CHRONIC_DRUGS} weights: for 1 to ${MAX_CHRONIC_DRUGS} drugs a month`
  })
};

/**
 * Relative frequencies of taking 1, 2, 3 or 4 drugs in the year a person starts (a
 * condition's new case, a treatment's new user), by the same draw as chronicDrugsWeights,
 * never more; then one drug more every yearsPerAddedDrug years, up to the person's own count.
 */
const startDrugsWeights = weightList.optional();
/**
 * Years between the drugs a person who started on fewer takes on (1 when absent): the first
 * within that many years of the start, as many people in each year, then one every that
 * many years. A treatment's users take their own count from their third year (the
 * generator follows a treatment's draws three years back): this sets its second year only.
 */
const yearsPerAddedDrug = z
  .number()
  .min(1)
  .max(20)
  .describe('a number of years, 1 to 20')
  .optional();

/** Checks that startDrugsWeights has chronicDrugsWeights' length and never gives more drugs. */
function checkStartDrugs(
  ctx: z.RefinementCtx,
  c: {
    chronicDrugsWeights?: number[];
    startDrugsWeights?: number[];
    yearsPerAddedDrug?: number;
  }
): void {
  const start = c.startDrugsWeights;
  const own = c.chronicDrugsWeights ?? [1];
  const issue = (message: string, field = 'startDrugsWeights'): void =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: [field], message });
  if (!start) {
    if (c.yearsPerAddedDrug !== undefined) {
      issue(
        'needs startDrugsWeights: it adds drugs to a start',
        'yearsPerAddedDrug'
      );
    }
    return;
  }
  if (own.length > MAX_CHRONIC_DRUGS) {
    // chronicDrugsWeights' own check says so.
    return;
  }
  if (start.length !== own.length) {
    issue(
      `has ${start.length} weights but chronicDrugsWeights has ${own.length}${c.chronicDrugsWeights ? '' : ' (one drug when absent)'}: give one per number of drugs`
    );
    return;
  }
  // Shares of taking at most 1, 2, … drugs: a start never takes more than the person later.
  const atMost = (w: number[], k: number): number =>
    w.slice(0, k + 1).reduce((a, b) => a + b, 0) / w.reduce((a, b) => a + b, 0);
  const more = own.findIndex(
    (_, k) => atMost(start, k) < atMost(own, k) - 1e-9
  );
  if (more >= 0) {
    issue(
      `gives fewer starts with at most ${more + 1} drug(s) (${(100 * atMost(start, more)).toFixed(0)}%) than chronicDrugsWeights gives treated people (${(100 * atMost(own, more)).toFixed(0)}%): a start takes no more drugs than later; move weight to fewer drugs`
    );
  }
}

/** A new case's excess risks of death, by year after its onset day (first, second). */
export const EXCESS_FIELDS = [
  'firstYearExcessDeathPctByCode',
  'secondYearExcessDeathPctByCode'
] as const;

/**
 * Checks chronicAtcWeights against chronicAtc, and that each prefix of chronicAtcByCode,
 * ccamByCode (a condition's acts), causeOfDeathPctByCode, mortalityRatioByCode and the
 * excess fields (EXCESS_FIELDS) starts one of the entry's ICD-10 `codes`.
 */
function checkTreatmentLists(
  ctx: z.RefinementCtx,
  c: {
    chronicAtc?: string[];
    chronicAtcWeights?: number[];
    chronicAtcByCode?: Record<string, string[]>;
    ccamByCode?: Record<string, string[]>;
    causeOfDeathPctByCode?: Record<string, number>;
    mortalityRatioByCode?: Record<string, number>;
    firstYearExcessDeathPctByCode?: Record<string, number>;
    secondYearExcessDeathPctByCode?: Record<string, number>;
  },
  codes: string[],
  at: Path
): void {
  if (c.chronicAtcWeights) {
    checkLength(
      ctx,
      c.chronicAtcWeights,
      [...at, 'chronicAtcWeights'],
      [...at, 'chronicAtc'],
      c.chronicAtc?.length ?? 0,
      'weights'
    );
  }
  for (const key of [
    'chronicAtcByCode',
    'ccamByCode',
    'causeOfDeathPctByCode',
    'mortalityRatioByCode',
    ...EXCESS_FIELDS
  ] as const) {
    for (const prefix of Object.keys(c[key] ?? {})) {
      if (!codes.some(x => x.startsWith(prefix))) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [...at, key, prefix],
          message: `is the prefix of none of its ICD-10 codes (${codes.join(', ')})`
        });
      }
    }
  }
}

/** Reports a condition or other ALD with neither `icd10` nor both lists by sex. */
function needsCodes(
  c: {
    id: string;
    icd10?: string[];
    icd10ByMale?: string[];
    icd10ByFemale?: string[];
  },
  ctx: z.RefinementCtx
): void {
  if (!c.icd10 && !(c.icd10ByMale && c.icd10ByFemale)) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `("${c.id}") needs "icd10", or both "icd10ByMale" and "icd10ByFemale"`
    });
  }
}

/**
 * A biology check-up: NABM acts of IR_BIO_R done together (ER_BIO_F, one row each), how
 * often it is chosen, and whom it is for (`sex` 1 men or 2 women, from `minAge`).
 */
const biologyPanel = z
  .object({
    name: text,
    acts: z.array(codeNumber).min(1),
    weight: nonNegative,
    sex: z
      .union([z.literal(1), z.literal(2)], {
        errorMap: () => ({ message: '1 (men) or 2 (women)' })
      })
      .optional(),
    minAge: age.optional()
  })
  .strict();
/** Check-ups, one of which is open to everyone with a weight above 0. */
const biologyPanels = z
  .array(biologyPanel)
  .min(1)
  .refine(
    l =>
      l.some(
        b => b.weight > 0 && b.sex === undefined && b.minAge === undefined
      ),
    'must have a check-up open to everyone (no sex, no minAge) with a weight above 0'
  );

/**
 * One of the drugs a drug of a condition's lists stands for (chronicAtcChoices): its weight
 * among them, and check-ups of its own a year (INR for a vitamin K antagonist).
 */
const atcChoice = z
  .object({
    atc,
    weight: positive,
    biologyPerYear: nonNegative.optional(),
    /** The check-ups of biologyPerYear (care.json biologyPanels when absent). */
    biologyPanels: biologyPanels.optional()
  })
  .strict()
  .superRefine((c, ctx) => panelsNeedCount(c, ctx, 'users'));

/** Refuses check-ups given without their number a year, which no one would get. */
function panelsNeedCount(
  o: { biologyPanels?: unknown; biologyPerYear?: number },
  ctx: z.RefinementCtx,
  whose: string
): void {
  if (o.biologyPanels && !o.biologyPerYear) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['biologyPanels'],
      message: `are given but biologyPerYear is absent or 0, so no one would get them: give biologyPerYear, the check-ups a year of the ${whose}`
    });
  }
}

const conditionId = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/)
  .describe('an id of letters, digits and _ (it names SQL columns)');

const condition = z
  .object({
    id: conditionId,
    label: text,
    prevalencePct: sexSeriesOf(perBand('bands', pct)),
    riskRatioWith: z.record(nonNegative).optional(),
    /** ALD number (IR_ALD_V), or one per ICD-10 prefix of the person's code (longest wins). */
    ald: z.union([count, z.record(count)], {
      errorMap: () => ({
        message: 'an ALD number, or {"ICD-10 prefix": ALD number}'
      })
    }),
    aldShare: share,
    ...codeFields,
    chronicAtc: z.array(atc).min(1),
    ...drugFields,
    /** For the persons of chronicAtc (not chronicAtcByCode) whose condition begins. */
    startDrugsWeights,
    yearsPerAddedDrug,
    /**
     * Drugs of the lists that stand for a class: a person taking one takes one of its choices
     * instead, drawn once per person by weight (apixaban or warfarin for an anticoagulant).
     */
    chronicAtcChoices: z.record(z.array(atcChoice).min(2)).optional(),
    biologyPerYear: nonNegative,
    /** The check-ups of the condition's biologyPerYear (care.json biologyPanels when absent). */
    biologyPanels: biologyPanels.optional(),
    /**
     * A nurse's daily care at home for the users of some of the condition's drugs (insulin
     * injections): pctByBand % of them by age band, from each renewal of their prescription
     * to the next, in periods of care.json nursingCare.maxDays days.
     */
    drugNursing: z
      .object({
        /** The ATC prefix of the drugs (A10A, the insulins). */
        atc: codeOf('an ATC code or prefix such as "A10A"'),
        pctByBand: perBand('bands', pct),
        /** The AMI coefficient of each act (1: an injection). */
        coefficient: positive.max(99),
        /** Share (%) of those people with two acts a day, the others one. */
        twiceDailyPct: pct
      })
      .strict()
      .optional(),
    gpExtraPerYear: nonNegative,
    specialistExtraPerYear: nonNegative,
    specialty: codeNumber,
    /**
     * Share (%) of the condition's chronic drugs that its specialist (`specialty`) prescribes;
     * the person's GP prescribes the rest.
     */
    specialistPrescriptionPct: pct,
    /** Months between the follow-up visits at which the specialist renews their prescriptions. */
    specialistFollowUpMonths: monthsOfYear,
    /**
     * Deaths of people with the condition per death of people without, at the same age and
     * sex: up to the year it ends (stopPct), from the day a new case begins.
     */
    mortalityRatio: positive,
    /**
     * mortalityRatio per ICD-10 prefix of the code of the person's condition, of the first
     * year or of a new case, drawn at the age it begins (longest wins); mortalityRatio for the
     * other codes.
     */
    mortalityRatioByCode: z.record(positive).optional(),
    /**
     * A new case's excess risk of death (%) over the 12 months after its onset day, per
     * ICD-10 prefix of its code (longest wins), on top of the risk its mortality ratio gives:
     * the deaths of the first year after a diagnosis. Needs incidenceRatio.
     */
    firstYearExcessDeathPctByCode: z.record(pct).optional(),
    /**
     * The same over the next 12 months (from the first anniversary of the onset day to the
     * second): the deaths of the second year after a diagnosis. Needs incidenceRatio.
     */
    secondYearExcessDeathPctByCode: z.record(pct).optional(),
    /**
     * Share (%) of the deaths of people with the condition that it causes, per ICD-10 prefix of
     * the person's code (longest wins), instead of conditions.json causeOfDeathPct's.
     */
    causeOfDeathPctByCode: z.record(pct).optional(),
    /**
     * New cases a year per person with the condition, at the same sex and age: from the
     * second generated year, people without it get it at this ratio times its prevalence.
     */
    incidenceRatio: share,
    /**
     * Share (%) of the people with the condition whose condition ends (remission, treatment
     * stopped) each year: from the first year, or from the year after a new case begins. Its
     * mortalityRatio counts no more from the next year; one on at the death never ends.
     */
    stopPct: pct,
    admissionRiskRatio: nonNegative,
    meanStayDays: days,
    /** Share (%) of this condition's stays with no night (ambulatory). */
    ambulatoryPct: pct,
    ccam: z.array(ccam).min(1),
    /** Acts of the stays whose principal diagnosis starts with a prefix, instead of ccam. */
    ccamByCode: z.record(z.array(ccam).min(1)).optional(),
    /**
     * Sessions (séances, CMD 28) for a share of the patients, about perYear each: the principal
     * diagnosis is `icd10` and the condition's code goes in DGN_REL.
     */
    sessions: z
      .object({ patientPct: pct, perYear: positive, icd10 })
      .strict()
      .optional(),
    /** Cartographie flags per ICD-10 prefix of the person's code ('*': every code). */
    cartography: z.record(z.array(text))
  })
  .strict()
  .superRefine((c, ctx) => {
    needsCodes(c, ctx);
    const codes = codesOf(c);
    if (typeof c.ald === 'object') {
      const ald = Object.keys(c.ald);
      const uncovered = codes.filter(x => !ald.some(p => x.startsWith(p)));
      if (uncovered.length) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['ald'],
          message: `has no ALD number for ${uncovered.join(', ')}: give one for a prefix of each ICD-10 code`
        });
      }
    }
    checkTreatmentLists(ctx, c, codes, []);
    for (const key of EXCESS_FIELDS) {
      if (c[key] && !c.incidenceRatio) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [key],
          message:
            'applies to new cases, and the condition has none: give it an incidenceRatio above 0, or remove this field'
        });
      }
    }
    checkChoices(ctx, c);
    checkDrugNursing(ctx, c);
    checkStartDrugs(ctx, c);
  });

/**
 * Checks that drugNursing's prefix starts drugs of the condition's lists, none of them one
 * with choices (whose users take a choice instead).
 */
function checkDrugNursing(
  ctx: z.RefinementCtx,
  c: Pick<
    IDrugLists,
    'chronicAtc' | 'chronicAtcByCode' | 'chronicAtcChoices'
  > & { drugNursing?: { atc: string } }
): void {
  const prefix = c.drugNursing?.atc;
  if (prefix === undefined) {
    return;
  }
  const listed = [
    ...new Set([
      ...(c.chronicAtc ?? []),
      ...Object.values(c.chronicAtcByCode ?? {}).flat()
    ])
  ];
  const matched = listed.filter(a => a.startsWith(prefix));
  const chosen = matched.filter(a => c.chronicAtcChoices?.[a]);
  if (!matched.length || chosen.length) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['drugNursing', 'atc'],
      message: chosen.length
        ? `"${prefix}" starts ${chosen.join(', ')}, which chronicAtcChoices replaces by its choices: give a prefix of other drugs`
        : `"${prefix}" starts none of the condition's drugs (chronicAtc, chronicAtcByCode: ${listed.join(', ')}); give the ATC prefix of some of them`
    });
  }
}

/**
 * Checks that each drug of chronicAtcChoices is one of the lists', once in each list that
 * names it, and that no choice is another drug of the lists or another choice: a person
 * could take it twice.
 */
function checkChoices(
  ctx: z.RefinementCtx,
  c: Pick<IDrugLists, 'chronicAtc' | 'chronicAtcByCode' | 'chronicAtcChoices'>
): void {
  const issue = (path: Path, message: string): void =>
    ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
  const lists: [Path, string[]][] = [
    [['chronicAtc'], c.chronicAtc ?? []],
    ...Object.entries(c.chronicAtcByCode ?? {}).map(
      ([prefix, l]): [Path, string[]] => [['chronicAtcByCode', prefix], l]
    )
  ];
  const listed = new Set(lists.flatMap(([, l]) => l));
  const chosen = new Map<string, string>();
  for (const [drug, choices] of Object.entries(c.chronicAtcChoices ?? {})) {
    if (!listed.has(drug)) {
      issue(
        ['chronicAtcChoices', drug],
        'is in neither chronicAtc nor chronicAtcByCode: name a drug of those lists'
      );
    }
    for (const [path, l] of lists) {
      if (l.indexOf(drug) !== l.lastIndexOf(drug)) {
        issue(
          path,
          `names ${drug} twice, whose choices a person would then take twice: name it once`
        );
      }
    }
    choices.forEach((choice, k) => {
      const twice =
        choice.atc !== drug && listed.has(choice.atc)
          ? 'also a drug of the lists'
          : chosen.has(choice.atc)
            ? `already a choice of ${chosen.get(choice.atc)}`
            : '';
      if (twice) {
        issue(
          ['chronicAtcChoices', drug, k, 'atc'],
          `${choice.atc} is ${twice}, so a person could take it twice: remove it here or there`
        );
      }
      chosen.set(choice.atc, drug);
    });
  }
}

/** The number IR_ALD_V gives the ALDs outside the list of 30 (ALD 31 and 32). */
const OUTSIDE_LIST_ALD = 99;

/** The ICD-10 codes a condition or other ALD can give a person, each once. */
export function codesOf(c: {
  icd10?: string[];
  icd10ByMale?: string[];
  icd10ByFemale?: string[];
}): string[] {
  return [
    ...new Set([
      ...(c.icd10 ?? []),
      ...(c.icd10ByMale ?? []),
      ...(c.icd10ByFemale ?? [])
    ])
  ];
}

/**
 * An ALD that no condition drives (conditions.json otherAld): the people in it at the first
 * year, by sex and age band, its new cases after, their ICD-10 code, the cartographie flags
 * it sets, its drugs, with the GP's renewal visits, and its deaths (with a last stay in
 * MCO). No other care follows.
 */
const otherAld = z
  .object({
    id: conditionId,
    label: text,
    /** ALD number (IR_ALD_V; 99 for an ALD outside the list). */
    ald: count,
    /** Nature of the exemption (IR_ETM_V): 41, the list's, when absent; 43 outside it, 45 polypathology. */
    exemptionNature: codeNumber.optional(),
    prevalencePct: sexSeriesOf(perBand('bands', pct)),
    /** No one younger is drawn into it (the band's draws below it are dropped). */
    minAge: age.optional(),
    /**
     * New cases a year per person in it, at the same sex and age: from the second generated
     * year, people in no other ALD get it at this ratio times its prevalence (none when absent).
     */
    incidenceRatio: share.optional(),
    /**
     * Its people's yearly risk of death over others' of the same sex and age (1 when absent),
     * as conditions' mortalityRatio: for those drawn into it at the first year, from its
     * minAge (also those whose condition of the same category takes the ALD's place), and for
     * a new case from its day, as a condition's.
     */
    mortalityRatio: positive.optional(),
    /**
     * Of its people's deaths that no condition causes, the share whose underlying cause is
     * the ALD's code (none when absent); such a death in MCO ends a stay of lastStayIcd10.
     */
    causeOfDeathPct: pct.optional(),
    /**
     * The underlying cause by ICD-10 prefix of the person's code, where it is not the code
     * itself (an asterisk code such as F00, whose cause is its dagger code G30).
     */
    causeIcd10ByCode: z.record(icd10).optional(),
    lastStayIcd10: icd10.optional(),
    /**
     * Its specialist (IR_SPE_V; care.json practitioners.inhabitantsPer sizes the specialty)
     * and the visits a year its people make to them from the ALD's start, on top of their
     * other specialist visits, paid at 100% as care in relation to the ALD.
     */
    specialist: z
      .object({ specialty: codeNumber, visitsPerYear: positive })
      .strict()
      .optional(),
    ...codeFields,
    /** Cartographie flags per ICD-10 prefix of the person's code ('*': every code). */
    cartography: z.record(z.array(text)),
    /**
     * The ALD's chronic drugs, each dispensed monthly and renewed by the person's GP (care.json
     * chronicRenewal), for treatedPct of its people; one whose code has no list (neither
     * chronicAtcByCode nor chronicAtc) gets none. With forYears, only in the ALD's first
     * forYears years (hormone therapy after a breast cancer).
     */
    drugs: z
      .object({
        treatedPct: pct,
        forYears: count.optional(),
        chronicAtc: z.array(atc).min(1).optional(),
        ...drugFields
      })
      .strict()
      .optional()
  })
  .strict()
  .superRefine((c, ctx) => {
    needsCodes(c, ctx);
    for (const [prefix, cause] of Object.entries(c.causeIcd10ByCode ?? {})) {
      if (!codesOf(c).some(code => code.startsWith(prefix))) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['causeIcd10ByCode', prefix],
          message: `is the prefix of none of its ICD-10 codes (${codesOf(c).join(', ')})`
        });
      }
      if (cause.length > 4) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['causeIcd10ByCode', prefix],
          message: `"${cause}" has ${cause.length} characters: causes of death have 3 or 4 (as KI_CCI_R codes them)`
        });
      }
    }
    for (const field of ['lastStayIcd10', 'causeIcd10ByCode'] as const) {
      if (c[field] !== undefined && c.causeOfDeathPct === undefined) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [field],
          message:
            'does nothing without causeOfDeathPct: give the share of deaths the ALD causes, or drop it'
        });
      }
    }
    if (c.causeOfDeathPct && !c.lastStayIcd10) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['lastStayIcd10'],
        message:
          'is needed with causeOfDeathPct: the principal diagnosis of the last MCO stay of a death it causes (a pneumonia, J189, for most)'
      });
    }
    if (c.drugs) {
      if (!c.drugs.chronicAtc && !c.drugs.chronicAtcByCode) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['drugs'],
          message: 'needs "chronicAtc", "chronicAtcByCode" or both'
        });
      }
      checkTreatmentLists(ctx, c.drugs, codesOf(c), ['drugs']);
    }
    // IR_ALD_V numbers the ALDs outside the list (nature 43) and polypathologies (45) 99.
    const outside = [43, 45].includes(c.exemptionNature ?? 41);
    if (outside !== (c.ald === OUTSIDE_LIST_ALD)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['exemptionNature'],
        message: outside
          ? `is ${c.exemptionNature}, an ALD outside the list, whose ald is ${OUTSIDE_LIST_ALD}, not ${c.ald}`
          : `is needed for ald ${OUTSIDE_LIST_ALD}: 43 (outside the list) or 45 (polypathology)`
      });
    }
  });

/**
 * Checks a condition's or other ALD's prevalences against the bands, and the rows of its
 * icd10WeightsByAge against the bands and its codes.
 */
function checkCodeWeights(
  ctx: z.RefinementCtx,
  c: z.infer<typeof otherAld> | z.infer<typeof condition>,
  at: Path,
  bands: number
): void {
  for (const sex of ['male', 'female'] as const) {
    checkLength(
      ctx,
      c.prevalencePct[sex],
      [...at, 'prevalencePct', sex],
      ['bands'],
      bands
    );
  }
  for (const sex of ['male', 'female'] as const) {
    const rows = c.icd10WeightsByAge?.[sex];
    if (!rows) {
      continue;
    }
    const path = [...at, 'icd10WeightsByAge', sex];
    checkLength(ctx, rows, path, ['bands'], bands, 'rows');
    const list = c.icd10
      ? 'icd10'
      : sex === 'male'
        ? 'icd10ByMale'
        : 'icd10ByFemale';
    const codes = c[list];
    if (!codes) {
      continue; // the entry's own check reports the missing list
    }
    const bad = rows.findIndex(row => row.length !== codes.length);
    if (bad >= 0) {
      checkLength(
        ctx,
        rows[bad],
        [...path, bad],
        [...at, list],
        codes.length,
        'weights'
      );
    }
  }
}

/**
 * A chronic treatment outside the modelled conditions (antihypertensives, statins,
 * psychotropes): usersPct of the people take its drugs, dispensed monthly and renewed by
 * their GP, but while they are treated for one of excludedConditions (usersPct: at each
 * band's middle age, linear between). Its drugs are a ladder, as a condition's: one a month
 * unless chronicDrugsWeights gives more.
 */
const treatment = z
  .object({
    id: conditionId,
    label: text,
    usersPct: sexSeriesOf(perBand('bands', pct)),
    excludedConditions: z.array(text).default([]),
    /** Other ALDs (otherAld ids) whose drugs stand for it, from the ALD's start. */
    excludedOtherAld: z.array(text).default([]),
    /** Conditions whose ALD pays it at 100% (EXO_MTF 42) while the ALD covers the day. */
    aldConditions: z.array(text).default([]),
    chronicAtc: z.array(atc).min(1),
    chronicAtcWeights: z.array(nonNegative).optional(),
    chronicDrugsWeights: drugFields.chronicDrugsWeights.optional(),
    /** For its new users and first courses. */
    startDrugsWeights,
    yearsPerAddedDrug,
    /** Follow-up check-ups a year of its users (TSH for levothyroxine), as a condition's. */
    biologyPerYear: nonNegative.optional(),
    /** The check-ups of biologyPerYear (care.json biologyPanels when absent). */
    biologyPanels: biologyPanels.optional(),
    /**
     * Years after which a person's draw of the treatment is made anew, at a phase of the
     * person's: about (1 - users' share) / renewYears of its users stop a year and as many
     * start (none but by age when absent).
     */
    renewYears: z
      .number()
      .int()
      .min(2)
      .max(50)
      .describe('a whole number of years, 2 to 50')
      .optional(),
    /**
     * Share (%) of its new users who stop within their first year: besides renewYears' users,
     * people start it for one to three renewal periods and stop, as many a year as make this
     * share of the new users by renewYears' draws (needs renewYears).
     */
    firstYearStopPct: z
      .number()
      .min(0)
      .max(90)
      .describe('a percentage, 0 to 90')
      .optional()
  })
  .strict()
  .superRefine((t, ctx) => {
    panelsNeedCount(t, ctx, 'treated');
    checkStartDrugs(ctx, t);
    if (t.firstYearStopPct && !t.renewYears) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['firstYearStopPct'],
        message:
          "needs renewYears: its first-year stops are counted against the new users of renewYears' draws"
      });
    }
    if (
      t.chronicAtcWeights &&
      t.chronicAtcWeights.length !== t.chronicAtc.length
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['chronicAtcWeights'],
        message: `has ${t.chronicAtcWeights.length} weights but chronicAtc has ${t.chronicAtc.length} drugs: give one weight per drug`
      });
    }
  });

/** A cartographie treatment flag: its people got ATC classes on minDispensations days or more. */
const cartographyTreatment = z
  .object({
    /** The flag of the treated without the pathologies of unlessFlags (top_…_med). */
    flag: text,
    /** The flag of all the treated, with or without them (…_nnexclu). */
    allFlag: text,
    atcPrefixes: z.array(atc).min(1),
    /** Classes under atcPrefixes that do not count (lithium, N05AN, among the N05A neuroleptics). */
    excludedAtcPrefixes: z.array(atc).default([]),
    /** Pathology flags whose people do not get `flag`. */
    unlessFlags: z.array(text).default([])
  })
  .strict();

/**
 * The cartographie's treatment flags, from the year's dispensations (the other flags come from
 * the conditions and the year's stays).
 */
const cartographyTreatments = z
  .object({
    minDispensations: count,
    /** Fewer days when one of them gave a box of several months (care.json drugForms months; unused without such boxes). */
    minDispensationsWithLargePacks: count.optional(),
    treatments: z.array(cartographyTreatment),
    /** A flag set when any of its flags is (treatments, pathologies or earlier groups). */
    groups: z.record(z.array(text).min(1)).default({}),
    /** Treatments of the people with no pathology, treatment, maternity nor stay (petits consommateurs). */
    minorTreatments: z
      .array(cartographyTreatment.omit({ unlessFlags: true }))
      .default([]),
    /** The flags of any of the minor treatments, with and without the rest. */
    minorGroup: z.object({ flag: text, allFlag: text }).strict().optional()
  })
  .strict()
  .refine(
    t =>
      t.minDispensationsWithLargePacks === undefined ||
      t.minDispensationsWithLargePacks < t.minDispensations,
    {
      message:
        'must be below minDispensations (the Cartographie: 2 days with a large pack, else 3)',
      path: ['minDispensationsWithLargePacks']
    }
  );

const conditions = z
  .object({
    source,
    bands,
    conditions: z
      .array(condition)
      .min(1)
      .max(5)
      .describe('1 to 5: the DCIR numbering has 5 slots'),
    treatedShare: share,
    /** A new case's ALD begins 1 to this many days after its onset. */
    aldDelayDays: count.default(30),
    /**
     * Conditions that cause deaths, gravest first: the share (%) of the deaths of people with
     * one that it causes, when no condition before it does.
     */
    causeOfDeathPct: z.record(pct),
    /** ALDs no condition drives, each person in one at most. */
    otherAld: z.array(otherAld).default([]),
    /** Chronic treatments outside the conditions, each person taking any of them. */
    treatments: z
      .array(treatment)
      .max(MAX_TREATMENTS)
      .describe(
        `at most ${MAX_TREATMENTS}: each takes one of the kinds of care line the generator numbers`
      )
      .default([]),
    cartographyTreatments: cartographyTreatments.optional()
  })
  .strict()
  .superRefine((p, ctx) => {
    const ids = p.conditions.map(c => c.id);
    p.treatments.forEach((t, k) => {
      for (const sex of ['male', 'female'] as const) {
        checkLength(
          ctx,
          t.usersPct[sex],
          ['treatments', k, 'usersPct', sex],
          ['bands'],
          p.bands.length
        );
      }
      for (const field of ['excludedConditions', 'aldConditions'] as const) {
        t[field].forEach((id, j) => {
          if (!ids.includes(id)) {
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              path: ['treatments', k, field, j],
              message: `"${id}" is not a condition id${didYouMean(id, ids)}; use one of ${[...new Set(ids)].join(', ')}`
            });
          }
        });
      }
      const aldIds = p.otherAld.map(a => a.id);
      t.excludedOtherAld.forEach((id, j) => {
        if (!aldIds.includes(id)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['treatments', k, 'excludedOtherAld', j],
            message: `"${id}" is not an otherAld id${didYouMean(id, aldIds)}; use one of ${aldIds.join(', ')}`
          });
        }
      });
      if (p.treatments.findIndex(o => o.id === t.id) !== k) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['treatments', k, 'id'],
          message: `"${t.id}" is also an earlier treatment's id: give each its own`
        });
      }
    });
    const monthly = [
      ...p.conditions.map(c => c.chronicDrugsWeights.length),
      ...p.treatments.map(t => t.chronicDrugsWeights?.length ?? 1)
    ].reduce((a, b) => a + b, 0);
    if (monthly > MAX_MONTHLY_DRUGS) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['treatments'],
        message: `and the conditions take up to ${monthly} chronic drugs a month in all (the lengths of their chronicDrugsWeights; 1 for a treatment without), but the DCIR numbering has room for ${MAX_MONTHLY_DRUGS}: give fewer weights`
      });
    }
    p.otherAld.forEach((a, k) => {
      checkCodeWeights(ctx, a, ['otherAld', k], p.bands.length);
      const taken = [...ids, ...p.otherAld.slice(0, k).map(o => o.id)];
      if (taken.includes(a.id)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['otherAld', k, 'id'],
          message: `"${a.id}" is also the id of a condition or of an earlier otherAld: give each its own`
        });
      }
    });
    for (const sex of ['male', 'female'] as const) {
      p.bands.forEach((from, b) => {
        const total = p.otherAld.reduce(
          (t, a) => t + (a.prevalencePct[sex][b] ?? 0),
          0
        );
        if (total > 100) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['otherAld'],
            message: `gives ${sex === 'male' ? 'men' : 'women'} from age ${from} ${Math.round(total * 10) / 10}% in an ALD, above 100%: a person is in one of them at most; lower their prevalencePct`
          });
        }
      });
    }
    const nursed = p.conditions.filter(c => c.drugNursing);
    if (nursed.length > 1) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['conditions'],
        message: `may give drugNursing for one condition at most (one daily nursing care a person, whose lines would otherwise pile up); ${nursed.map(c => c.id).join(', ')} give it: keep one`
      });
    }
    p.conditions.forEach((c, k) => {
      checkCodeWeights(ctx, c, ['conditions', k], p.bands.length);
      if (c.drugNursing) {
        checkLength(
          ctx,
          c.drugNursing.pctByBand,
          ['conditions', k, 'drugNursing', 'pctByBand'],
          ['bands'],
          p.bands.length
        );
      }
      if (ids.indexOf(c.id) !== k) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['conditions', k, 'id'],
          message: `"${c.id}" is also conditions[${ids.indexOf(c.id)}]'s id: give each condition its own`
        });
      }
      for (const other of Object.keys(c.riskRatioWith ?? {})) {
        if (!ids.includes(other)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['conditions', k, 'riskRatioWith'],
            message: `names "${other}", which is not a condition id${didYouMean(other, ids)}; use one of ${[...new Set(ids)].join(', ')}`
          });
        }
      }
      if (c.causeOfDeathPctByCode && !(c.id in p.causeOfDeathPct)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['conditions', k, 'causeOfDeathPctByCode'],
          message: `does nothing: "${c.id}" causes no deaths; give it a share in causeOfDeathPct, or drop this`
        });
      }
    });
    for (const id of Object.keys(p.causeOfDeathPct)) {
      if (!ids.includes(id)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['causeOfDeathPct', id],
          message: `is not a condition id${didYouMean(id, ids)}; use one of ${[...new Set(ids)].join(', ')}`
        });
      }
    }
    // A risk ratio reads the other condition's draw: a cycle would never end.
    const risks = (id: string): string[] =>
      Object.keys(p.conditions.find(c => c.id === id)?.riskRatioWith ?? {});
    const cycleFrom = (id: string, seen: string[]): string[] | undefined =>
      seen.includes(id)
        ? [...seen, id]
        : risks(id).reduce<string[] | undefined>(
            (found, other) => found ?? cycleFrom(other, [...seen, id]),
            undefined
          );
    const k = ids.findIndex(id => cycleFrom(id, []));
    if (k >= 0) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['conditions', k, 'riskRatioWith'],
        message: `makes a cycle (${cycleFrom(ids[k], [])!.join(' → ')}): a condition cannot depend on itself`
      });
    }
    const withSessions = p.conditions
      .map((c, k) => (c.sessions ? k : -1))
      .filter(k => k >= 0);
    if (withSessions.length > 1) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['conditions', withSessions[1], 'sessions'],
        message: `is not allowed: conditions[${withSessions[0]}] ("${ids[withSessions[0]]}") has sessions, and only one condition can`
      });
    }
  });

function minAgeNotAboveMax(
  r: { minAge?: number; maxAge?: number },
  ctx: z.RefinementCtx
): void {
  if (r.minAge !== undefined && r.maxAge !== undefined && r.minAge > r.maxAge) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['minAge'],
      message: `must be at most maxAge (${r.maxAge})`
    });
  }
}

/** Who a code can apply to: `sex` 1 (men) or 2 (women), ages in completed years. */
const ageSexRestriction = z
  .object({
    sex: z
      .union([z.literal(1), z.literal(2)], {
        errorMap: () => ({ message: '1 (men) or 2 (women)' })
      })
      .optional(),
    minAge: age.optional(),
    maxAge: age.optional(),
    /**
     * At most one stay of all the oncePerYear codes a person a year (a delivery, vaginal or by
     * caesarean): the first general stay only.
     */
    oncePerYear: z.boolean().optional()
  })
  .strict()
  .superRefine(minAgeNotAboveMax);

const ghmRule = z
  .object({
    /** ICD-10 prefixes of the principal diagnosis. */
    icd10: z.array(icd10Prefix).min(1),
    minAge: age.optional(),
    maxAge: age.optional(),
    /** CMD, type letter and number: '05M04'. */
    root: z
      .string()
      .regex(/^\d{2}[CKMZ]\d{2}$/)
      .describe(
        'a GHM root: a CMD, a type letter (C, K, M or Z) and two digits, e.g. "05M04"'
      ),
    ghs: text
  })
  .strict()
  .superRefine(minAgeNotAboveMax);

/** 12 shares, January first. */
const monthShares = z
  .array(share)
  .length(12)
  .describe('one share per month, January first');
/** 12 percentages, January first. */
const monthPcts = z
  .array(pct)
  .length(12)
  .describe('one percentage per month, January first');

/**
 * An epidemic's stays: per100k by sex and band of icd10WeightsByAge in a year of factor 1,
 * times the year's factor (none before the first year given, the last year's factor after it),
 * in months drawn by the year's weights (evenly in a year not given).
 */
const epidemic = z
  .object({
    label: text,
    icd10,
    per100k: sexSeriesOf(z.array(nonNegative)),
    yearFactors: byYear(nonNegative).refine(r => Object.keys(r).length > 0, {
      message: 'must give at least one year: {"2020": 1}'
    }),
    monthWeightsByYear: byYear(monthWeights).default({}),
    meanStayDays: days,
    ambulatoryPct: pct,
    /** Share (%) of its stays with a night admitted through the emergency department. */
    emergencyPct: pct,
    /**
     * Share (%) of the deaths of other causes (deaths.json otherCauses) that it causes, by
     * year (the last year's after it), more in the months of monthWeightsByYear's weight: its
     * code is then the cause and the last stay's diagnosis.
     */
    otherCauseDeathPctByYear: byYear(pct).default({}),
    /** The youngest age (at death, in years) of its deaths. */
    deathMinAge: age.default(0),
    /**
     * Where its deaths happen: weights over deaths.json placeOfDeath.codes, at every age
     * (placeOfDeath's by age when not given).
     */
    placeOfDeathWeights: z
      .array(nonNegative)
      .refine(hasWeight, NO_WEIGHT)
      .optional(),
    /** Share (%) of its hospital deaths in MCO (deaths.json's share when not given). */
    mcoShareOfHospitalDeathsPct: pct.optional()
  })
  .strict();

/** The principal diagnoses of deaths.json otherCauses' last stays (none for those outside MCO). */
export function lastStaysOf(o: { lastStayIcd10: (string | null)[] }): string[] {
  return o.lastStayIcd10.filter((x): x is string => x !== null);
}

/** Whether an epidemic causes deaths: a share of otherCauseDeathPctByYear above 0. */
export function causesDeaths(e: {
  otherCauseDeathPctByYear: Record<string, number>;
}): boolean {
  return Object.values(e.otherCauseDeathPctByYear).some(x => x > 0);
}

const acuteStay = z
  .object({
    icd10: z.array(icd10).min(1),
    /**
     * General stays per 100,000 people a year for each code of icd10, by sex and age band: one
     * row per band of `bands`, one number per code, the whole band's rate (also for a code
     * that its icd10Restrictions open to part of the band). With otherDiagnoses they make a
     * band's rate of general stays; the compiler divides out the excess of people with a
     * condition (admissionRiskRatio) so that the population's rate is this one (admission.ts).
     */
    icd10WeightsByAge: z
      .object({
        bands,
        male: z.array(z.array(nonNegative)),
        female: z.array(z.array(nonNegative))
      })
      .strict(),
    /** Codes only plausible for one sex or an age range (childbirth, hip fracture). */
    icd10Restrictions: z.record(ageSexRestriction).optional(),
    ccam: z.array(ccam).min(1),
    /** Acts (CCAM) of the stays of a principal diagnosis: such a stay always has one. */
    ccamByCode: z.record(z.array(ccam).min(1)).optional(),
    /** Mean nights of a stay with a night (others: per code, meanStayDaysByCode). */
    meanStayDays: days,
    meanStayDaysByCode: z.record(days).optional(),
    /** Share (%) of stays with no night, per code (others: ambulatoryDefaultPct). */
    ambulatoryPct: z.record(pct),
    ambulatoryDefaultPct: pct,
    /**
     * The other general stays, by group: male[k] or female[k] stays per 100,000 people a year
     * in band k of icd10WeightsByAge, each with a principal diagnosis drawn evenly among the
     * ICD-10 codes of the group's prefixes (outside icd10, excludedPrefixes and the groups
     * before it).
     */
    otherDiagnoses: z
      .object({
        excludedPrefixes: z.array(icd10Prefix).optional(),
        groups: z
          .array(
            z
              .object({
                label: text,
                icd10Prefixes: z.array(icd10Prefix).min(1),
                male: z.array(nonNegative),
                female: z.array(nonNegative)
              })
              .strict()
          )
          .min(1)
      })
      .strict()
      .describe(
        'the other general stays: {"excludedPrefixes": [...], "groups": [{"label", "icd10Prefixes", "male", "female"}]}'
      ),
    /** Stays of epidemics (COVID-19 from 2020), on top of the general stays. */
    epidemics: z.array(epidemic).default([]),
    /**
     * By year, the share of planned general stays (no emergency, no delivery) kept in each
     * month, January first: the others are put off, as in the lockdowns of 2020. A year not
     * given keeps them all.
     */
    plannedStaysKeptByMonth: byYear(monthShares).default({})
  })
  .strict()
  .superRefine((a, ctx) => {
    const w = a.icd10WeightsByAge;
    a.epidemics.forEach((e, k) => {
      for (const sex of ['male', 'female'] as const) {
        checkLength(
          ctx,
          e.per100k[sex],
          ['epidemics', k, 'per100k', sex],
          ['icd10WeightsByAge', 'bands'],
          w.bands.length
        );
      }
      if (a.icd10.includes(e.icd10)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['epidemics', k, 'icd10'],
          message: `${e.icd10} is also a general stay's code (icd10): give the epidemic its own code`
        });
      }
    });
    a.epidemics.forEach((e, k) => {
      const dies = causesDeaths(e);
      for (const key of [
        'placeOfDeathWeights',
        'mcoShareOfHospitalDeathsPct'
      ] as const) {
        if (e[key] !== undefined && !dies) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['epidemics', k, key],
            message:
              'is given for an epidemic of no deaths: give its otherCauseDeathPctByYear or remove it'
          });
        }
      }
    });
    // The epidemics' deaths of a year: 100% of other causes at most.
    const years = new Set(
      a.epidemics.flatMap(o => Object.keys(o.otherCauseDeathPctByYear))
    );
    for (const y of [...years].sort()) {
      const total = a.epidemics.reduce(
        (sum, o) => sum + lastGiven(o.otherCauseDeathPctByYear, y),
        0
      );
      if (total > 100) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['epidemics'],
          message: `give ${Math.round(total)}% of the deaths of other causes in ${y} (otherCauseDeathPctByYear summed over the epidemics): at most 100; lower the shares`
        });
      }
    }
    for (const sex of ['male', 'female'] as const) {
      const path = ['icd10WeightsByAge', sex];
      checkLength(
        ctx,
        w[sex],
        path,
        ['icd10WeightsByAge', 'bands'],
        w.bands.length,
        'rows'
      );
      a.otherDiagnoses.groups.forEach((g, k) =>
        checkLength(
          ctx,
          g[sex],
          ['otherDiagnoses', 'groups', k, sex],
          ['icd10WeightsByAge', 'bands'],
          w.bands.length
        )
      );
      // A rate in a band that the code's restrictions leave nobody to draw.
      a.icd10.forEach((code, c) => {
        const r = a.icd10Restrictions?.[code];
        w[sex].forEach((row, b) => {
          const lo = w.bands[b];
          const hi = b + 1 < w.bands.length ? w.bands[b + 1] - 1 : Infinity;
          const fits =
            (r?.sex === undefined || r.sex === (sex === 'male' ? 1 : 2)) &&
            (r?.minAge ?? 0) <= hi &&
            (r?.maxAge ?? Infinity) >= lo;
          if (!fits && (row[c] ?? 0) > 0) {
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              path: ['icd10WeightsByAge', sex, b, c],
              message: `gives ${code} ${row[c]} stays per 100,000 from age ${lo}${hi === Infinity ? '' : ` to ${hi}`}, which its icd10Restrictions rule out for ${sex === 'male' ? 'men' : 'women'} of those ages; set it to 0 or widen the restriction`
            });
          }
        });
      });
      const k = w[sex].findIndex(row => row.length !== a.icd10.length);
      if (k >= 0) {
        checkLength(
          ctx,
          w[sex][k],
          [...path, k],
          ['icd10'],
          a.icd10.length,
          'weights'
        );
      }
    }
    for (const key of [
      'ambulatoryPct',
      'ccamByCode',
      'icd10Restrictions',
      'meanStayDaysByCode'
    ] as const) {
      for (const code of Object.keys(a[key] ?? {})) {
        if (!a.icd10.includes(code)) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [key],
            message: `names ${code}, which is not in "${formatPath([...ctx.path, 'icd10'])}"${didYouMean(code, a.icd10)}: add it there or remove it here`
          });
        }
      }
    }
  });

/** The shares (%) of a Saturday's and a Sunday's lines kept on that day (weekendKeepPct). */
const weekendKeep = z.object({ saturday: pct, sunday: pct }).strict();

const care = z
  .object({
    source,
    bands,
    gpVisitsPerYear: perBand('bands', nonNegative),
    specialistVisitsPerYear: perBand('bands', nonNegative),
    acuteDispensationsPerGpVisit: nonNegative,
    biologyPerYear: perBand('bands', nonNegative),
    /** The check-ups of biologyPerYear, and the acts every check-up has (the forfaits). */
    biologyPanels,
    biologyCommonActs: z.array(codeNumber),
    nursingPerYear: perBand('bands', nonNegative),
    /**
     * A nursing line: 1 to maxDays days of care in a row, its act once a day or twice
     * (twiceDailyPct), of an AMI coefficient drawn by weight (prices.nursing is the AMI);
     * a person's lines a year are nursingPerYear spread by a gamma law of shape spreadShape.
     */
    nursingCare: z
      .object({
        maxDays: z.number().int().min(1).max(31),
        twiceDailyPct: pct,
        coefficients: z.array(z.number().positive().max(99)).min(1),
        coefficientWeights: weightList,
        /** Shape of the gamma law (mean 1) spreading a person's nursing lines a year. */
        spreadShape
      })
      .strict(),
    /** Shape of the gamma law (mean 1) spreading the yearly counts of visits, biology and nursing. */
    countSpreadShape: spreadShape,
    /** Shape of the gamma law (mean 1) spreading the nights, beyond the first, of a stay with a night. */
    stayNightsShape: spreadShape,
    secondStayPct: pct,
    acuteAtc: z.array(atc).min(1),
    /** Relative frequencies of the acuteAtc codes, one each (equally likely when absent). */
    acuteAtcWeights: weightList.optional(),
    /**
     * The youngest age at which a person gets an acuteAtc code (the others get the first code
     * of acuteAtc instead): for drugs of adults (proton pump inhibitors, hypnotics).
     */
    acuteAtcMinAge: z.record(age).optional(),
    /** Shape of the gamma law (mean 1) spreading a person's acute drugs per GP visit. */
    acuteSpreadShape: spreadShape,
    /**
     * Share (%) of an adult's acute drugs that are other drugs of the OpenMedic list: those
     * outside acuteAtc, the ATC classes (3 characters) of the conditions' and treatments' drugs,
     * the other ALDs' drugs, the classes of `seasonality` and the prefixes of acuteOtherExcludedAtc.
     */
    acuteOtherPct: pct,
    /** ATC prefixes the other acute drugs leave out (hospital, sex-specific, …). */
    acuteOtherExcludedAtc: z.array(text),
    /**
     * Relative weights of the other acute drugs' classes, by ATC prefix (a code takes its
     * longest prefix given, else its 3 characters, weight 1), each shared evenly by its codes.
     */
    acuteOtherClassWeights: z.record(text, nonNegative).default({}),
    prices: z
      .object({
        /** GP and specialist visits: a price, or its history (tariff). */
        gp: tariff,
        specialist: tariff,
        /** One value of B and of the AMI for every date (check verifies one per dataset). */
        biologyB: euros,
        nursing: euros
      })
      .strict(),
    rates: z
      .object({
        consultation: pct,
        biology: pct,
        nursing: pct,
        drug: pct,
        ald: pct
      })
      .strict(),
    prsNat: z
      .object({
        gp: codeNumber,
        specialist: codeNumber,
        pharmacy: codeNumber,
        biology: codeNumber,
        nursing: codeNumber
      })
      .strict(),
    specialties: z
      .object({
        gp: codeNumber,
        pharmacy: codeNumber,
        biology: codeNumber,
        nursing: codeNumber,
        /** Specialists of visits that no condition drives, equally likely. */
        others: z.array(codeNumber).min(1),
        /** Those of `others` that see women only, from 15 (gynaecology-obstetrics). */
        womenFrom15: z.array(codeNumber),
        /**
         * Those of `others` that see children only, under 15 (paediatrics): together, half of
         * the children's visits to `others`.
         */
        childrenUnder15: z.array(codeNumber).default([]),
        /** Those of `others` that see people from 15 only (rheumatology). */
        adultsFrom15: z.array(codeNumber).default([])
      })
      .strict()
      .superRefine((sp, ctx) => {
        if (new Set(sp.others).size !== sp.others.length) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['others'],
            message: 'must list each specialty once'
          });
        }
        const limits = [
          'womenFrom15',
          'childrenUnder15',
          'adultsFrom15'
        ] as const;
        for (const key of limits) {
          sp[key].forEach((x, k) => {
            if (!sp.others.includes(x)) {
              ctx.addIssue({
                code: z.ZodIssueCode.custom,
                path: [key, k],
                message: `${x} is not in "others": list it there too`
              });
            }
          });
        }
        for (const x of sp.others) {
          const keys = limits.filter(key => sp[key].includes(x));
          if (keys.length > 1) {
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              path: [keys[1]],
              message: `names ${x}, which ${keys[0]} names too: give a specialty one of these limits`
            });
          }
        }
        const children = sp.others.filter(
          x => !sp.womenFrom15.includes(x) && !sp.adultsFrom15.includes(x)
        );
        const men = sp.others.filter(
          x => !sp.womenFrom15.includes(x) && !sp.childrenUnder15.includes(x)
        );
        if (!children.length || !men.length) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: ['others'],
            message: `needs a specialty that is not in womenFrom15 nor ${children.length ? 'childrenUnder15, for men' : 'adultsFrom15, for children'}`
          });
        }
      }),
    /**
     * The practitioners of DA_PRA_R and who of them treats and prescribes: inhabitants per
     * practitioner (GPs, pharmacies, nurses, laboratories, and each specialty of `specialties`
     * and of conditions.json), the activity nature (IR_ACT_V) of pharmacies and nurses, whose
     * specialty is 0, and the shares of a declared GP (médecin traitant) and of usual practices.
     */
    practitioners: z
      .object({
        inhabitantsPer: z
          .object({
            gp: count,
            pharmacy: count,
            nursing: count,
            biology: count,
            specialists: z.record(count).superRefine((r, ctx) => {
              for (const key of Object.keys(r).filter(k => !/^\d+$/.test(k))) {
                ctx.addIssue({
                  code: z.ZodIssueCode.custom,
                  message: `has key "${key}": each key is a specialty code (IR_SPE_V), e.g. "42"`
                });
              }
            })
          })
          .strict(),
        activity: z
          .object({ pharmacy: codeNumber, nursing: codeNumber })
          .strict(),
        /** People with a declared GP (médecin traitant, PRS_MTT_NUM). */
        declaredGpPct: pct,
        /** GP visits and GP prescriptions of those people that their declared GP makes. */
        byDeclaredGpPct: pct,
        /** Dispensations of a person at their usual pharmacy. */
        usualPharmacyPct: pct
      })
      .strict(),
    /**
     * Galenic forms by ATC prefix (longest prefix wins, '' for every other class): the
     * presentations of a class, each with its pack's label and number of units, and the
     * range of a unit's price in euros (each ATC code draws one; a pack costs its units times
     * it). A presentation whose unit is another form (a flask, not a tablet) has its own range.
     * A chronic drug's box holds a month of treatment, or `months` (a box of 90 tablets: 3),
     * and is then dispensed at every `months`-th month of its prescription only.
     */
    drugForms: z
      .array(
        z
          .object({
            atc: z
              .string()
              .regex(/^\S*$/)
              .describe("an ATC prefix (text with no spaces; '' for the rest)"),
            unitPrice: priceRange,
            presentations: z
              .array(
                z
                  .object({
                    label: text,
                    units: count,
                    unitPrice: priceRange.optional(),
                    months: z
                      .number()
                      .int()
                      .min(1)
                      .max(12)
                      .optional()
                      .describe(
                        'the months of a chronic treatment one box holds (1 if not given)'
                      )
                  })
                  .strict()
              )
              .length(PRESENTATIONS)
              .describe('one per CIP13 of a class')
          })
          .strict()
      )
      .superRefine((forms, ctx) => {
        const prefixes = forms.map(f => f.atc);
        if (!prefixes.includes('')) {
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            message: 'has no form for every other class: add one with "atc": ""'
          });
        }
        prefixes.forEach((p, k) => {
          if (prefixes.indexOf(p) !== k) {
            ctx.addIssue({
              code: z.ZodIssueCode.custom,
              path: [k, 'atc'],
              message: `"${p}" is also drugForms[${prefixes.indexOf(p)}]'s: give each prefix one form`
            });
          }
        });
      }),
    /**
     * Months of acute dispensations of an ATC class (prefix): 12 weights, January first; by
     * year, the share of them kept in each month (keptByMonth: the antibiotics of the winter
     * without epidemics of 2020-2021), on top of the visits' own (townVisitsKeptByMonth). A
     * year not given keeps them all.
     */
    seasonality: z.array(
      z
        .object({
          atc: codeOf('an ATC class (prefix) such as "J01"'),
          monthWeights,
          keptByMonth: byYear(monthShares).default({})
        })
        .strict()
    ),
    /** Months of the GP visits other than renewals: 12 weights, January first. */
    gpVisitMonthWeights: monthWeights,
    /**
     * By year, the share of town visits kept in each month, January first, as in the
     * lockdowns of 2020: GP visits other than renewals (with what they prescribe) and
     * specialist visits other than follow-ups. A year not given keeps them all.
     */
    townVisitsKeptByMonth: z
      .object({
        gp: byYear(monthShares).default({}),
        specialist: byYear(monthShares).default({})
      })
      .strict()
      .default({ gp: {}, specialist: {} }),
    /**
     * Visits by video: their natures, and by year the share (%) of the visits of each month
     * that are (none before the first year given, the last year's list after it).
     */
    teleconsultation: z
      .object({
        prsNat: z.object({ gp: codeNumber, specialist: codeNumber }).strict(),
        /** The price of a visit by video (TCG, TC); none: the visit's (prices). */
        prices: z
          .object({ gp: tariff.optional(), specialist: tariff.optional() })
          .strict()
          .default({}),
        gpPctByMonth: byYear(monthPcts).default({}),
        specialistPctByMonth: byYear(monthPcts).default({})
      })
      .strict()
      .optional(),
    /**
     * The weekly rhythm of town care: the share (%) of the lines that fall on a Saturday, or
     * a Sunday, kept there; the others move to a weekday of their month (a visit's line, of
     * its week, not before the visit). Nursing goes on every day. None: every day alike.
     */
    weekendKeepPct: z
      .object({
        gp: weekendKeep,
        specialist: weekendKeep,
        pharmacy: weekendKeep,
        biology: weekendKeep
      })
      .strict()
      .optional(),
    flowLagMonthsWeights: weightRecord.superRefine((w, ctx) => {
      for (const key of Object.keys(w).filter(k => !/^\d+$/.test(k))) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: `has key "${key}": each key is a number of months, e.g. "3"`
        });
      }
    }),
    prescriptionLag: z
      .object(
        Object.fromEntries(
          ['acute', 'biology', 'nursing'].map(k => [
            k,
            z.object({ sameDayPct: pct, maxDays: count }).strict()
          ])
        ) as Record<
          'acute' | 'biology' | 'nursing',
          z.ZodObject<{ sameDayPct: typeof pct; maxDays: typeof count }>
        >
      )
      .strict(),
    /** A GP's chronic prescription: renewed every so many months, dispensed monthly on about its day. */
    chronicRenewal: z
      .object({
        everyMonths: monthsOfYear,
        spreadDays: z.number().int().min(0).max(10),
        firstDispensation: z
          .object({ sameDayPct: pct, maxDays: count })
          .strict()
      })
      .strict(),
    forInformationPct: pct,
    regularisationPct: pct,
    acuteStay,
    pmsi: z
      .object({
        invalidLinkPct: pct,
        /** Which return code a failed link has: weights by T_MCOaaC column. */
        invalidLinkCodes: weightRecord.superRefine((w, ctx) => {
          for (const key of Object.keys(w)) {
            if (!INVALID_LINK_CODES.includes(key)) {
              ctx.addIssue({
                code: z.ZodIssueCode.custom,
                message: `names ${key}, which cannot fail here${didYouMean(key, INVALID_LINK_CODES)}; use ${INVALID_LINK_CODES.join(', ')}`
              });
            }
          }
        }),
        placeholderNir: z
          .string()
          .length(17)
          .describe('17 characters (a NIR_ANO_17)'),
        establishmentsPer10kPatients: positive,
        minEstablishments: count,
        /** Share (%) of admitted person-years with an inter-establishment service stay (SEJ_TYP 'B'). */
        interEstablishmentPct: pct,
        /** Share (%) of stays with a night that start in the emergency department. */
        emergencyPct: pct,
        /**
         * The weekly rhythm of admissions: the share (%) of the planned stays with no night
         * (ambulatory), with nights (planned), and of the sessions, that fall on a Saturday
         * or a Sunday, kept there; the others move to a weekday of their week in their month.
         * Emergencies and deliveries come on every day. None: every day alike.
         */
        weekendKeepPct: z
          .object({
            ambulatory: weekendKeep,
            planned: weekendKeep,
            sessions: weekendKeep
          })
          .strict()
          .optional(),
        /** Share (%) of stays one severity level above what age and comorbidities give. */
        severityExtraPct: pct,
        /**
         * Stays of two nights or more pass through several units (RUM): the chance (%) of a
         * second unit is this per night, at most multiUnitMaxPct; of a third (4 nights or
         * more), half that.
         */
        multiUnitPctPerNight: pct,
        multiUnitMaxPct: pct,
        /** GHM roots by principal diagnosis, first match wins; `ghs` is the IR_GHS_V label. */
        ghm: z.array(ghmRule).min(1)
      })
      .strict()
  })
  .strict()
  .superRefine((p, ctx) => {
    for (const key of [
      'gpVisitsPerYear',
      'specialistVisitsPerYear',
      'biologyPerYear',
      'nursingPerYear'
    ] as const) {
      checkLength(ctx, p[key], [key], ['bands'], p.bands.length);
    }

    if (
      p.nursingCare.coefficientWeights.length !==
      p.nursingCare.coefficients.length
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['nursingCare', 'coefficientWeights'],
        message: `must have one weight per coefficient of nursingCare.coefficients (${p.nursingCare.coefficients.length})`
      });
    }

    if (p.acuteAtcWeights) {
      checkLength(
        ctx,
        p.acuteAtcWeights,
        ['acuteAtcWeights'],
        ['acuteAtc'],
        p.acuteAtc.length,
        'weights'
      );
    }
    for (const code of Object.keys(p.acuteAtcMinAge ?? {})) {
      if (!p.acuteAtc.includes(code)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['acuteAtcMinAge'],
          message: `names ${code}, which is not in "acuteAtc"${didYouMean(code, p.acuteAtc)}: add it there or remove it here`
        });
      }
    }
    if ((p.acuteAtcMinAge ?? {})[p.acuteAtc[0]]) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['acuteAtcMinAge'],
        message: `gives the first code of "acuteAtc" (${p.acuteAtc[0]}) a minimum age, but it replaces the others below theirs: give it none`
      });
    }
    p.seasonality.forEach((s, k) => {
      if (!p.acuteAtc.some(a => a.startsWith(s.atc))) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['seasonality', k, 'atc'],
          message: `"${s.atc}" is the class of no code of "acuteAtc"`
        });
      }
    });
    for (const who of ['gp', 'specialist'] as const) {
      const nat = p.teleconsultation?.prsNat[who];
      if (nat !== undefined && Object.values(p.prsNat).includes(nat)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['teleconsultation', 'prsNat', who],
          message: `${nat} is also a nature of prsNat: give the nature of a visit by video (TCG 1192, TC 1191 in IR_NAT_V)`
        });
      }
    }
  });

const bandCodes = {
  bands,
  codes: z
    .array(codeNumber)
    .min(1)
    .refine(c => new Set(c).size === c.length, {
      message: 'must list each code once'
    })
};
const weightMatrix = z.array(weightList);

/** Checks one row per band and one column per code of each matrix named by `keys`. */
function checkMatrix<K extends string>(keys: K[]) {
  return (
    bw: { bands: number[]; codes: unknown[] } & Record<K, number[][]>,
    ctx: z.RefinementCtx
  ): void => {
    for (const key of keys) {
      const rows = bw[key];
      checkLength(ctx, rows, [key], ['bands'], bw.bands.length, 'rows');
      // One issue for the first row of the wrong length (adding a code breaks them all).
      const bad = rows.filter(row => row.length !== bw.codes.length).length;
      const k = rows.findIndex(row => row.length !== bw.codes.length);
      if (k >= 0) {
        const more = bad > 1 ? ` (so do ${bad - 1} more rows)` : '';
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [key, k],
          message: `has ${rows[k].length} values but "${formatPath([...ctx.path, 'codes'])}" has ${bw.codes.length}${more}`
        });
      }
    }
  };
}

/**
 * Each band of otherCauses must leave both sexes a cause: a band whose weighted causes are all
 * men's (malePct 100) or all women's (0) has none for the other sex.
 */
function checkSexWeights(
  o: { bands: number[]; malePct?: number[]; weights: number[][] },
  ctx: z.RefinementCtx
): void {
  const male = o.malePct;
  if (!male || male.length !== o.weights[0]?.length) {
    return;
  }
  o.weights.forEach((row, b) => {
    if (!row.some(w => w > 0)) {
      return; // weightList reports a row of no weight
    }
    for (const [sex, share] of [
      ['men', (k: number) => male[k]],
      ['women', (k: number) => 100 - male[k]]
    ] as const) {
      if (row.every((w, k) => w * share(k) === 0)) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ['weights', b],
          message: `gives ${sex} no cause of death in the band from age ${o.bands[b]}: every cause weighted there has malePct ${sex === 'men' ? 0 : 100}; weight a cause that ${sex} die of`
        });
      }
    }
  });
}

/** Weights of codes by age band: weights[band][code]. */
const bandWeights = z
  .object({ ...bandCodes, weights: weightMatrix })
  .strict()
  .superRefine(checkMatrix(['weights']));

const deaths = z
  .object({
    source,
    /** DS_LIE_V codes by age band; 2 and 3 are health establishments. */
    placeOfDeath: bandWeights,
    /** Share (%) of deaths in health establishments that end an MCO stay. */
    mcoShareOfHospitalDeathsPct: pct,
    /** First year of the 2017 certificate model (CER_VER_NUM 2). */
    certificate2017Since: year,
    electronicCertificatePct: pct,
    causeSearchPct: pct,
    retirementAge: age,
    workingBeforeRetirementPct: pct,
    /** DS_PC1_V category (1 to 6) of the people in work: weights. */
    socialCategoryWeights: weightRecord,
    maritalStatus: z
      .object({ ...bandCodes, male: weightMatrix, female: weightMatrix })
      .strict()
      .superRefine(checkMatrix(['male', 'female'])),
    /**
     * Underlying causes of the deaths of people with none of the modelled conditions, weighted
     * by age band at death, and the principal diagnosis of a last MCO stay ending in each (null:
     * none, the death happens outside MCO, as a death of unknown cause does), and the share
     * (%) of each cause's deaths that are men's (malePct; 50 each when not given).
     */
    otherCauses: z
      .object({
        bands,
        codes: z
          .array(icd10)
          .min(1)
          .refine(c => new Set(c).size === c.length, {
            message: 'must list each code once'
          }),
        lastStayIcd10: z.array(icd10.nullable()),
        malePct: z.array(pct).optional(),
        weights: weightMatrix
      })
      .strict()
      .superRefine(checkMatrix(['weights']))
      .superRefine((o, ctx) => {
        for (const key of ['lastStayIcd10', 'malePct'] as const) {
          const series = o[key];
          if (series) {
            checkLength(ctx, series, [key], ['codes'], o.codes.length, 'codes');
          }
        }
      })
      .superRefine(checkSexWeights)
  })
  .strict();

const generic = z
  .object({
    source,
    rowsPerPatient: nonNegative,
    minRows: count,
    referenceRowsPerPatient: nonNegative,
    codesPerNomenclature: count
  })
  .strict();

const SCHEMAS = { population, conditions, care, deaths, generic };

export type IPopulationProfile = z.infer<typeof population>;
export type ITariff = z.infer<typeof tariff>;
export type IConditionProfile = z.infer<typeof condition>;
export type IOtherAldProfile = z.infer<typeof otherAld>;

/** A condition's chronic drugs, or an other ALD's `drugs` (whose chronicAtc may be absent). */
export type IDrugLists = Pick<
  IConditionProfile,
  'chronicAtcWeights' | 'chronicAtcByCode' | 'chronicDrugsWeights'
> & {
  startDrugsWeights?: number[];
  yearsPerAddedDrug?: number;
  chronicAtc?: string[];
  chronicAtcChoices?: IConditionProfile['chronicAtcChoices'];
};
export type IAtcChoice = z.infer<typeof atcChoice>;

/**
 * Every chronic drug (ATC code) of a list: chronicAtc, those of chronicAtcByCode and the
 * choices of chronicAtcChoices.
 */
export function chronicAtcOf(
  c: Pick<IDrugLists, 'chronicAtc' | 'chronicAtcByCode' | 'chronicAtcChoices'>
): string[] {
  return [
    ...new Set([
      ...(c.chronicAtc ?? []),
      ...Object.values(c.chronicAtcByCode ?? {}).flat(),
      ...Object.values(c.chronicAtcChoices ?? {}).flatMap(l =>
        l.map(x => x.atc)
      )
    ])
  ];
}
export type IConditionsProfile = z.infer<typeof conditions>;
export type ITreatmentProfile = z.infer<typeof treatment>;
export type IEpidemicProfile = z.infer<typeof epidemic>;
export type ICareProfile = z.infer<typeof care>;
export type IGhmRule = z.infer<typeof ghmRule>;
export type IBandWeights = z.infer<typeof bandWeights>;
export type IDeathsProfile = z.infer<typeof deaths>;
export type IGenericProfile = z.infer<typeof generic>;
export type IAgeSexRestriction = z.infer<typeof ageSexRestriction>;
export type IBiologyPanel = z.infer<typeof biologyPanel>;
export type IProfiles = {
  [K in keyof typeof SCHEMAS]: z.infer<(typeof SCHEMAS)[K]>;
};

export const PROFILE_FILES = [
  'population',
  'conditions',
  'care',
  'deaths',
  'generic'
] as const;

/** Problems listed in a ProfileError; the others are counted. */
const MAX_PROBLEMS = 10;

/**
 * Reads the profiles of a folder (default: the repository's datasets/synth), checked against
 * their schemas: a ProfileError lists every problem of every file.
 */
/** Problems between files: an epidemic's code taken by a condition, a cause of death or a group. */
function crossFileProblems(p: IProfiles): string[] {
  const problems: string[] = [];
  const taken = new Map<string, string>();
  for (const c of p.conditions.conditions) {
    for (const code of [
      ...codesOf(c),
      ...(c.sessions ? [c.sessions.icd10] : [])
    ]) {
      taken.set(code, `a code of conditions.json conditions (${c.id})`);
    }
  }
  for (const g of p.conditions.otherAld) {
    for (const code of codesOf(g)) {
      taken.set(code, `a code of conditions.json otherAld (${g.id})`);
    }
  }
  const causes = p.deaths.otherCauses;
  for (const code of [...causes.codes, ...lastStaysOf(causes)]) {
    taken.set(code, 'a cause of death or last stay of deaths.json otherCauses');
  }
  const groups = p.care.acuteStay.otherDiagnoses.groups;
  p.care.acuteStay.epidemics.forEach((e, k) => {
    const group = groups.find(g =>
      g.icd10Prefixes.some(x => e.icd10.startsWith(x))
    );
    const what =
      taken.get(e.icd10) ??
      (group && `in the group "${group.label}" of acuteStay.otherDiagnoses`) ??
      (p.care.acuteStay.epidemics.slice(0, k).find(o => o.icd10 === e.icd10) &&
        "an earlier epidemic's code");
    if (what) {
      problems.push(
        `care.json: acuteStay.epidemics[${k}].icd10 ${e.icd10} is also ${what}: give the epidemic its own code`
      );
    }
    const places = p.deaths.placeOfDeath.codes.length;
    if (e.placeOfDeathWeights && e.placeOfDeathWeights.length !== places) {
      problems.push(
        `care.json: acuteStay.epidemics[${k}].placeOfDeathWeights has ${e.placeOfDeathWeights.length} values but deaths.json placeOfDeath.codes has ${places}: give one weight per place`
      );
    }
  });
  return problems;
}

export function readProfiles(dir: string): IProfiles {
  const problems: string[] = [];
  const broken = new Set<string>();
  const profiles: Record<string, unknown> = {};
  for (const name of PROFILE_FILES) {
    const file = `${name}.json`;
    const path = join(dir, file);
    let data: unknown;
    try {
      data = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      problems.push(
        e.code === 'ENOENT'
          ? `${file} is missing from ${dir}`
          : error instanceof SyntaxError
            ? `${file} is not valid JSON: ${e.message}`
            : `${file} cannot be read: ${e.message}`
      );
      broken.add(path);
      continue;
    }
    const result = SCHEMAS[name].safeParse(data);
    if (result.success) {
      profiles[name] = result.data;
    } else {
      problems.push(
        ...result.error.issues.flatMap(i =>
          describeIssue(file, i, data, SCHEMAS[name], k => bandsKeyOf.get(k))
        )
      );
      broken.add(path);
    }
  }
  if (!problems.length) {
    problems.push(...crossFileProblems(profiles as IProfiles));
  }
  if (problems.length) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > shown.length) {
      shown.push(`… and ${problems.length - shown.length} more`);
    }
    throw new ProfileError(
      [
        `${problems.length} problem${problems.length > 1 ? 's' : ''} in the generator profiles of ${dir}:`,
        ...shown.map(p => `  ${p}`),
        `Correct ${[...broken].join(', ')}; \`git checkout datasets/synth\` restores the shipped profiles.`
      ].join('\n'),
      problems
    );
  }
  return profiles as IProfiles;
}
