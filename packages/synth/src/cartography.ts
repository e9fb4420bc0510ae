/**
 * Age classes of the cartographie des pathologies (CT_IND_AAAA_GN, CT_DEP_AAAA_GN), as the
 * schema's descriptions define them: 0-14, 15-34, 35-54, 55-64, 65-74, 75 and over
 * (cla_age_ct), and five-year classes (cla_age_5). The columns hold 5 characters, so the
 * oldest class is written "95et+", as in the Assurance Maladie's open data.
 */
const CT_BOUNDS = [0, 15, 35, 55, 65, 75];
const FIVE_YEAR_BOUNDS = Array.from({ length: 20 }, (_, k) => k * 5);

const pad = (n: number): string => String(n).padStart(2, '0');

function classes(bounds: number[]): { lo: number; label: string }[] {
  return bounds.map((lo, k) => ({
    lo,
    label:
      k + 1 < bounds.length
        ? `${pad(lo)}-${pad(bounds[k + 1] - 1)}`
        : `${pad(lo)}et+`
  }));
}

function classSql(ageSql: string, bounds: number[]): string {
  const list = classes(bounds);
  const whens = list
    .slice(1)
    .reverse()
    .map(c => `WHEN ${ageSql} >= ${c.lo} THEN '${c.label}'`)
    .join(' ');
  return `CASE ${whens} ELSE '${list[0].label}' END`;
}

/** SQL of cla_age_ct for an age. */
export function ageClassCtSql(ageSql: string): string {
  return classSql(ageSql, CT_BOUNDS);
}

/** SQL of cla_age_5 for an age. */
export function ageClass5Sql(ageSql: string): string {
  return classSql(ageSql, FIVE_YEAR_BOUNDS);
}
