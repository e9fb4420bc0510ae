/** The generator's profiles (datasets/synth/*.json): every rate, weight and distribution, each file naming its source. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ISexSeries {
  male: number[];
  female: number[];
}

export interface IPopulationProfile {
  source: string;
  ageBands: number[];
  maxAge: number;
  pyramid: ISexSeries;
  mortalityPer100k: ISexSeries;
  departments: Record<string, number>;
  /** Departments of each region before 2016 (cartographie old_cod_reg). */
  oldRegions: Record<string, string[]>;
  secondNirShare: number;
  secondRankShare: number;
}

export interface IConditionProfile {
  id: string;
  label: string;
  prevalencePct: ISexSeries;
  riskRatioWith?: Record<string, number>;
  /** ALD number (IR_ALD_V), or one per ICD-10 prefix of the person's code (longest wins). */
  ald: number | Record<string, number>;
  aldShare: number;
  icd10?: string[];
  icd10ByMale?: string[];
  icd10ByFemale?: string[];
  chronicAtc: string[];
  chronicPerMonth: number;
  biologyPerYear: number;
  gpExtraPerYear: number;
  specialistExtraPerYear: number;
  specialty: number;
  admissionRiskRatio: number;
  meanStayDays: number;
  /** Share (%) of this condition's stays with no night (ambulatory). */
  ambulatoryPct: number;
  ccam: string[];
  /**
   * Sessions (séances, CMD 28) for a share of the patients, about perYear each: the principal
   * diagnosis is `icd10` and the condition's code goes in DGN_REL.
   */
  sessions?: { patientPct: number; perYear: number; icd10: string };
  /** Cartographie flags per ICD-10 prefix of the person's code ('*': every code). */
  cartography: Record<string, string[]>;
}

export interface IConditionsProfile {
  source: string;
  bands: number[];
  conditions: IConditionProfile[];
  treatedShare: number;
}

export interface ICareProfile {
  source: string;
  bands: number[];
  gpVisitsPerYear: number[];
  specialistVisitsPerYear: number[];
  acuteDispensationsPerGpVisit: number;
  biologyPerYear: number[];
  nursingPerYear: number[];
  admissionPct: number[];
  secondStayPct: number;
  acuteAtc: string[];
  prices: Record<'gp' | 'specialist' | 'biology' | 'nursing', number>;
  rates: Record<
    'consultation' | 'biology' | 'nursing' | 'drug' | 'ald',
    number
  >;
  prsNat: Record<
    'gp' | 'specialist' | 'pharmacy' | 'biology' | 'nursing',
    number
  >;
  specialties: Record<'gp' | 'pharmacy' | 'biology' | 'nursing', number>;
  /**
   * Galenic forms by ATC prefix (longest prefix wins, '' for every other class): the
   * presentations of a class, each with its pack's label and number of units, and the
   * range of a unit's price in euros (each ATC code draws one; a pack costs its units times
   * it). A presentation whose unit is another form (a flask, not a tablet) has its own range.
   */
  drugForms: {
    atc: string;
    unitPrice: [number, number];
    presentations: {
      label: string;
      units: number;
      unitPrice?: [number, number];
    }[];
  }[];
  /** Months of acute dispensations of an ATC class (prefix): 12 weights, January first. */
  seasonality: { atc: string; monthWeights: number[] }[];
  flowLagMonthsWeights: Record<string, number>;
  forInformationPct: number;
  regularisationPct: number;
  acuteStay: {
    icd10: string[];
    /** Relative frequencies of the icd10 codes among general stays (default: equal). */
    icd10Weights?: number[];
    /** Codes only plausible for one sex or an age range (childbirth, hip fracture). */
    icd10Restrictions?: Record<string, IAgeSexRestriction>;
    ccam: string[];
    /** Acts (CCAM) of the stays of a principal diagnosis: such a stay always has one. */
    ccamByCode?: Record<string, string[]>;
    /** Mean nights of a stay with a night (others: per code, meanStayDaysByCode). */
    meanStayDays: number;
    meanStayDaysByCode?: Record<string, number>;
    /** Share (%) of stays with no night, per code (others: ambulatoryDefaultPct). */
    ambulatoryPct: Record<string, number>;
    ambulatoryDefaultPct: number;
  };
  pmsi: {
    invalidLinkPct: number;
    /** Which return code a failed link has: weights by T_MCOaaC column. */
    invalidLinkCodes: Record<string, number>;
    placeholderNir: string;
    establishmentsPer10kPatients: number;
    minEstablishments: number;
    /** Share (%) of admitted person-years with an inter-establishment service stay (SEJ_TYP 'B'). */
    interEstablishmentPct: number;
    /** Share (%) of stays with a night that start in the emergency department. */
    emergencyPct: number;
    /** Share (%) of stays one severity level above what age and comorbidities give. */
    severityExtraPct: number;
    /**
     * Stays of two nights or more pass through several units (RUM): the chance (%) of a
     * second unit is this per night, at most multiUnitMaxPct; of a third (4 nights or
     * more), half that.
     */
    multiUnitPctPerNight: number;
    multiUnitMaxPct: number;
    /** GHM roots by principal diagnosis, first match wins; `ghs` is the IR_GHS_V label. */
    ghm: IGhmRule[];
  };
}

export interface IGhmRule {
  /** ICD-10 prefixes of the principal diagnosis. */
  icd10: string[];
  minAge?: number;
  maxAge?: number;
  /** CMD, type letter and number: '05M04'. */
  root: string;
  ghs: string;
}

/** Weights of codes by age band: weights[band][code]. */
export interface IBandWeights {
  bands: number[];
  codes: number[];
  weights: number[][];
}

export interface IDeathsProfile {
  source: string;
  /** DS_LIE_V codes by age band; 2 and 3 are health establishments. */
  placeOfDeath: IBandWeights;
  /** Share (%) of deaths in health establishments that end an MCO stay. */
  mcoShareOfHospitalDeathsPct: number;
  /** First year of the 2017 certificate model (CER_VER_NUM 2). */
  certificate2017Since: number;
  electronicCertificatePct: number;
  causeSearchPct: number;
  retirementAge: number;
  workingBeforeRetirementPct: number;
  /** DS_PC1_V category (1 to 6) of the people in work: weights. */
  socialCategoryWeights: Record<string, number>;
  maritalStatus: Omit<IBandWeights, 'weights'> & ISexSeriesOf<number[][]>;
}

export interface ISexSeriesOf<T> {
  male: T;
  female: T;
}

export interface IGenericProfile {
  source: string;
  rowsPerPatient: number;
  minRows: number;
  referenceRowsPerPatient: number;
  codesPerNomenclature: number;
}

export interface IProfiles {
  population: IPopulationProfile;
  conditions: IConditionsProfile;
  care: ICareProfile;
  deaths: IDeathsProfile;
  generic: IGenericProfile;
}

export const PROFILE_FILES = [
  'population',
  'conditions',
  'care',
  'deaths',
  'generic'
] as const;

/** Reads the profiles of a folder (default: the repository's datasets/synth). */
export function readProfiles(dir: string): IProfiles {
  const read = (name: string): unknown => {
    const path = join(dir, `${name}.json`);
    let value: { source?: unknown };
    try {
      value = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new Error(
        `Cannot read the generator profile ${path}: ${(error as Error).message}. Restore it from git or fix its JSON.`,
        { cause: error }
      );
    }
    if (typeof value.source !== 'string' || !value.source.trim()) {
      throw new Error(
        `The generator profile ${path} has no "source": name where its figures come from.`
      );
    }
    return value;
  };
  return {
    population: read('population') as IPopulationProfile,
    conditions: read('conditions') as IConditionsProfile,
    care: read('care') as ICareProfile,
    deaths: read('deaths') as IDeathsProfile,
    generic: read('generic') as IGenericProfile
  };
}

/** Who a code can apply to: `sex` 1 (men) or 2 (women), ages in completed years. */
export interface IAgeSexRestriction {
  sex?: 1 | 2;
  minAge?: number;
  maxAge?: number;
}
