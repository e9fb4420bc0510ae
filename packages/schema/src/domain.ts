/**
 * SNDS domain facts the code relies on. Each one was checked against the schema files; the
 * tests check them again on the shared data.
 */
import type { LinkKind } from './model.js';

/** Columns that identify a person: a link on one of them joins the same patient. */
export const PATIENT_KEY_COLUMNS: ReadonlySet<string> = new Set([
  'BEN_NIR_PSA', // DCIR pseudonym, with BEN_RNG_GEM
  'BEN_RNG_GEM',
  'BEN_NIR_ANO', // lifelong pseudonym
  'BEN_IDT_ANO', // DCIRS, causes of death
  'NIR_ANO_17', // PMSI, equal to BEN_NIR_PSA
  'IPP_IRR_CRY', // RIM-P: encrypted hospital patient number
  'ID_CARTO' // CARTOGRAPHIE: person of the pathology map
]);

/** Establishment (FINESS) and health-professional identifiers. */
const REFERENCE_KEY_PATTERNS: readonly RegExp[] = [
  /^ETA_NUM/,
  /^ETB_/,
  /^IDE_ETA_/,
  /^PFS_/,
  /^PRS_MTT_NUM$/
];

/** The 9-column key joining ER_PRS_F to its ER_*_F satellites. */
export const DCIR_JOIN_KEY: readonly string[] = [
  'FLX_DIS_DTD',
  'FLX_TRT_DTD',
  'FLX_EMT_TYP',
  'FLX_EMT_NUM',
  'FLX_EMT_ORD',
  'ORG_CLE_NUM',
  'DCT_ORD_NUM',
  'PRS_ORD_NUM',
  'REM_TYP_AFF'
];

/** `DPN_QLF = 71`: rows "pour information" that must not be counted. */
export const FOR_INFORMATION = { column: 'DPN_QLF', value: 71 } as const;

/** `BEN_DCD_DTE` holds this date for people who are alive. */
export const ALIVE_DEATH_DATE = '1600-01-01';
export const DEATH_DATE_COLUMN = 'BEN_DCD_DTE';

/** Monthly flow date and care date of the DCIR / DCIRS. */
export const FLOW_DATE_COLUMN = 'FLX_DIS_DTD';
export const CARE_DATE_COLUMN = 'EXE_SOI_DTD';
/** Care is usually in the flows of the next six months. */
export const DEFAULT_FLOW_LAG_MONTHS = 6;

/**
 * PMSI link ("chaînage") return codes: a stay links to its patient only when all of those the
 * table has are 0.
 */
export const PMSI_RETURN_CODE_COLUMNS: readonly string[] = [
  'NIR_RET',
  'NAI_RET',
  'SEX_RET',
  'SEJ_RET',
  'FHO_RET',
  'PMS_RET',
  'DAT_RET',
  'COH_NAI_RET',
  'COH_SEX_RET',
  'IAS_RET',
  'ENT_DAT_RET',
  'NIAS_RET'
];

/** Cost of a link of each kind in the join-path search. */
export const LINK_WEIGHTS: Readonly<Record<LinkKind, number>> = {
  record: 1,
  patient: 1,
  reference: 4
};

export function isPatientKey(column: string): boolean {
  return PATIENT_KEY_COLUMNS.has(column.toUpperCase());
}

export function isReferenceKey(column: string): boolean {
  const upper = column.toUpperCase();
  return REFERENCE_KEY_PATTERNS.some(pattern => pattern.test(upper));
}

/** Classifies a link from the columns of its source side. */
export function linkKind(columns: readonly string[]): LinkKind {
  if (columns.length > 0 && columns.every(isReferenceKey)) {
    return 'reference';
  }
  if (columns.some(isPatientKey)) {
    return 'patient';
  }
  return 'record';
}
