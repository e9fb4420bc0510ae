/**
 * Per-year table names. PMSI tables are named `T_MCOaaB` in the schema and `T_MCO19B` in the
 * data; CARTOGRAPHIE tables `CT_IDE_AAAA_GN` and `CT_IDE_2019_GN`.
 */
import type { YearPattern } from './model.js';

const PMSI_TEMPLATE = /^(T_[A-Z]{3})aa(.+)$/;
const PMSI_CONCRETE = /^(T_[A-Z]{3})(\d{2})(.+)$/;
const CARTO_TEMPLATE = /^(.+_)AAAA(_.+)$/;
const CARTO_CONCRETE = /^(CT_[A-Z]{3}_)(\d{4})(_.+)$/;

export function yearPatternOf(name: string): YearPattern | undefined {
  if (PMSI_TEMPLATE.test(name)) {
    return 'aa';
  }
  if (CARTO_TEMPLATE.test(name)) {
    return 'AAAA';
  }
  return undefined;
}

/** The year written in a concrete name and the template it stands for, if it is one. */
export function parseConcreteName(
  name: string
): { template: string; year: number } | undefined {
  const upper = name.toUpperCase();
  const pmsi = PMSI_CONCRETE.exec(upper);
  if (pmsi) {
    return { template: `${pmsi[1]}aa${pmsi[3]}`, year: 2000 + Number(pmsi[2]) };
  }
  const carto = CARTO_CONCRETE.exec(upper);
  if (carto) {
    return { template: `${carto[1]}AAAA${carto[3]}`, year: Number(carto[2]) };
  }
  return undefined;
}

export const MIN_YEAR = 2000;
export const MAX_YEAR = 2099;

/** Checks a year given for a per-year table; returns an error message or undefined. */
export function checkYear(year: number): string | undefined {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    return `year ${year} is not a four-digit year between ${MIN_YEAR} and ${MAX_YEAR}`;
  }
  return undefined;
}

/** `T_MCOaaB` + 2019 → `T_MCO19B`; `CT_IDE_AAAA_GN` + 2019 → `CT_IDE_2019_GN`. */
export function concreteTableName(
  template: string,
  pattern: YearPattern,
  year: number
): string {
  if (pattern === 'aa') {
    const yy = String(year % 100).padStart(2, '0');
    return template.replace(PMSI_TEMPLATE, `$1${yy}$2`);
  }
  return template.replace(CARTO_TEMPLATE, `$1${year}$2`);
}
