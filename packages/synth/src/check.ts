/**
 * Invariants of a generated dataset, as SQL over any DuckDB: every table-to-table link and
 * every column-to-nomenclature link holds, values keep the schema's lengths, bounds and
 * enums, and the core model's rules (care dates, flows, vital status) hold. Returns what
 * fails, one line each.
 */
import {
  DCIR_JOIN_KEY,
  duckdbType,
  PMSI_RETURN_CODE_COLUMNS,
  type INomenclatureLoader,
  type ITable,
  type SndsDictionary
} from '@snds-lab/schema';
import {
  DRUG_TABLE,
  drugField,
  fittingCodes,
  type IProgram
} from './compile.js';
import { ageClass5Sql, ageClassCtSql } from './cartography.js';
import { ghsRows, ghsTypeFits, MIN_NIGHTS_BY_LEVEL } from './ghm.js';
import { sqlString } from './hash_sql.js';
import { REGULARISED_COLUMNS } from './core_model.js';

export type QueryFn = (sql: string) => Record<string, unknown>[];

/**
 * The BEN_NIR_PSA that name two persons (twins, told apart by BEN_RNG_GEM, which the PMSI does
 * not know): a stay's NIR_ANO_17 among them may be either's.
 */
export const SHARED_PSA_SQL =
  '(SELECT BEN_NIR_PSA FROM IR_BEN_R GROUP BY 1 HAVING count(DISTINCT BEN_NIR_ANO) > 1)';

/**
 * Bounds of the share of MCO stays without a night, the stays it takes to judge it, and the
 * margin added for sampling noise (in standard errors of a share near 45%).
 */
const AMBULATORY_PCT = [35, 55];
const MIN_STAYS_FOR_SHARES = 200;
const SHARE_NOISE_SE = 4;

/**
 * Schema bounds the data does not keep, with why: they contradict the SNDS's own codes.
 */
const BOUNDS_NOT_KEPT: Record<string, string> = {
  'T_MCOaaB.SEQ_RUM':
    'the units of a stay are numbered from 1 (T_MCOaaUM), not from 10',
  'T_MCOaaB.GHS_NUM': 'IR_GHS_V has GHS numbers below 1000',
  'T_MCOaaB.ETE_GHS_NUM': 'IR_GHS_V has GHS numbers below 1000'
};

/**
 * The schema constraints of a table's columns, as [what fails, SQL condition of a failing
 * row]: numeric minimum and maximum, maxLength, minLength and enum (decimals hold by type:
 * every column with decimals is a DECIMAL of that scale).
 * The columns a regularisation line negates are bounded in absolute value. A minLength
 * above the maxLength of the column a link points to cannot hold with the link
 * (ER_PRS_F.PFS_EXE_NUM, 9, and DA_PRA_R.PFS_PFS_NUM, 8): the link wins.
 */
function constraintProbes(
  dictionary: SndsDictionary,
  name: string
): [string, string][] {
  const table = dictionary.table(name);
  const out: [string, string][] = [];
  const linkedMax = (column: string): number | undefined => {
    for (const link of dictionary.linksOf(name).filter(l => l.from === name)) {
      const k = link.fromColumns.indexOf(column);
      const parent = k >= 0 ? dictionary.table(link.to) : undefined;
      const max = parent?.columns.find(c => c.name === link.toColumns[k])
        ?.constraints?.maxLength;
      if (max !== undefined) {
        return max;
      }
    }
    return undefined;
  };
  for (const column of table.columns) {
    const c = column.constraints ?? {};
    const ident = `"${column.name}"`;
    if (
      (column.type === 'integer' || column.type === 'number') &&
      (c.minimum !== undefined || c.maximum !== undefined) &&
      !BOUNDS_NOT_KEPT[`${name}.${column.name}`]
    ) {
      const value = REGULARISED_COLUMNS[name]?.includes(column.name)
        ? `abs(${ident})`
        : ident;
      const bounds = [
        c.minimum !== undefined ? `${value} < ${c.minimum}` : '',
        c.maximum !== undefined ? `${value} > ${c.maximum}` : ''
      ].filter(Boolean);
      out.push([
        `${column.name} outside ${c.minimum ?? '…'} to ${c.maximum ?? '…'}`,
        bounds.join(' OR ')
      ]);
    }
    if (duckdbType(column) === 'VARCHAR' && c.maxLength) {
      out.push([
        `${column.name} longer than ${c.maxLength}`,
        `length(${ident}) > ${c.maxLength}`
      ]);
    }
    const min = c.minLength;
    if (
      duckdbType(column) === 'VARCHAR' &&
      min &&
      !((linkedMax(column.name) ?? Infinity) < min)
    ) {
      out.push([
        `${column.name} shorter than ${min}`,
        `length(${ident}) < ${min}`
      ]);
    }
    if (c.enum?.length) {
      out.push([
        `${column.name} not one of ${c.enum.join(', ')}`,
        `${ident} IS NOT NULL AND NOT list_contains([${c.enum.map(v => sqlString(String(v))).join(', ')}], CAST(${ident} AS VARCHAR))`
      ]);
    }
  }
  return out;
}

export interface ICheckResult {
  checks: number;
  failures: string[];
  /** What was not checked and why (files of no table), which fails nothing. */
  notes?: string[];
}

/** A FROM clause over one table, with an optional alias, then its WHERE. */
const ONE_TABLE = /^(\w+)(?: (\w+))? WHERE ([\s\S]+)$/;

/**
 * `n row(s)`, with the first failing rows' numbers (from 1, in the table's order: a file's
 * order for a folder) when `fromSql` reads one table, so a user can find them.
 */
function rowsFailing(query: QueryFn, n: number, fromSql: string): string {
  const one = ONE_TABLE.exec(fromSql.trim());
  if (!one) {
    return `${n} row(s)`;
  }
  const [, table, alias, where] = one;
  const rows = query(
    `SELECT ${alias ?? table}.rowid + 1 AS r FROM ${table}${alias ? ` ${alias}` : ''} WHERE ${where} ORDER BY 1 LIMIT 4`
  ).map(r => String(r.r));
  const shown = rows.slice(0, 3).join(', ') + (n > 3 ? ', …' : '');
  return `${n} row(s) (${rows.length > 1 ? 'rows' : 'row'} ${shown})`;
}

/** Counts checks and collects what failed, for `SELECT count(*) FROM …` probes that expect 0. */
class Findings {
  checks = 0;
  readonly failures: string[] = [];

  constructor(private readonly query: QueryFn) {}

  /** Rows of `fromSql` (a FROM clause, with its WHERE) are failures. */
  readonly expectZero = (what: string, fromSql: string): void =>
    this.expectNone(what, `SELECT count(*) AS n FROM ${fromSql}`);

  /** `countSql` (a query giving n) counts failures; the failing rows are named when it reads one table. */
  readonly expectNone = (what: string, countSql: string): void => {
    this.checks++;
    const n = Number(this.query(countSql)[0].n);
    if (n > 0) {
      const from = /^SELECT count\(\*\) AS n FROM ([\s\S]+)$/.exec(countSql);
      this.failures.push(
        `${what}: ${from ? rowsFailing(this.query, n, from[1]) : `${n} row(s)`}`
      );
    }
  };

  /** One check, failed with `failure` when `ok` is false. */
  expect(ok: boolean, failure: string): void {
    this.checks++;
    if (!ok) {
      this.failures.push(failure);
    }
  }

  add(result: ICheckResult): void {
    this.checks += result.checks;
    this.failures.push(...result.failures);
  }

  result(): ICheckResult {
    return { checks: this.checks, failures: this.failures };
  }
}

/**
 * The code sets of the nomenclature checks, each a temporary table made once: a list literal of
 * thousands of codes cost more to plan than the scan it served, in every check of its column.
 */
class CodeSets {
  /** Tables made in this process: a name is never reused, even by another check at once. */
  private static made = 0;
  private readonly names = new Map<string, string>();

  constructor(private readonly query: QueryFn) {}

  /** The table whose column `v` holds `codes` (as DOUBLE when `numeric`), made on first use. */
  of(codes: string[], numeric: boolean): string {
    const key = JSON.stringify([numeric, codes]);
    let name = this.names.get(key);
    if (!name) {
      if (codes.some(c => c.includes('\u001e'))) {
        throw new Error(
          `A code holds the separator U+001E: ${JSON.stringify(codes.find(c => c.includes('\u001e')))}`
        );
      }
      name = `_snds_check_codes_${CodeSets.made++}`;
      const v = numeric ? 'TRY_CAST(c AS DOUBLE)' : 'c';
      const split = `SELECT unnest(string_split(${sqlString(codes.join('\u001e'))}, chr(30))) AS c`;
      this.query(
        `CREATE OR REPLACE TEMP TABLE ${name} AS SELECT DISTINCT ${v} AS v FROM (${split}) WHERE ${codes.length ? `${v} IS NOT NULL` : 'false'}`
      );
      this.names.set(key, name);
    }
    return name;
  }

  /** Drops the tables, as far as it can: a failure here must not hide the check's own. */
  drop(): void {
    for (const name of this.names.values()) {
      try {
        this.query(`DROP TABLE IF EXISTS ${name}`);
      } catch {
        // The connection is gone: its temporary tables went with it.
      }
    }
  }
}

/** The DuckDB type of a column of a dictionary table, if both exist. */
function typeOfColumn(
  table: ITable | undefined,
  name: string
): string | undefined {
  const column = table?.columns.find(c => c.name === name);
  return column && duckdbType(column);
}

export async function checkDataset(
  query: QueryFn,
  program: IProgram,
  dictionary: SndsDictionary,
  loader: INomenclatureLoader,
  tables: { name: string; sqlName: string }[]
): Promise<ICheckResult> {
  const sets = new CodeSets(query);
  try {
    return await checkWith(query, sets, program, dictionary, loader, tables);
  } finally {
    sets.drop();
  }
}

async function checkWith(
  query: QueryFn,
  sets: CodeSets,
  program: IProgram,
  dictionary: SndsDictionary,
  loader: INomenclatureLoader,
  tables: { name: string; sqlName: string }[]
): Promise<ICheckResult> {
  const found = new Findings(query);
  const count = (sql: string): number => Number(query(sql)[0].n);
  const expectZero = found.expectNone;
  const present = new Map(tables.map(t => [t.sqlName, t.name]));
  const byTemplate = new Map<string, string[]>();
  for (const t of tables) {
    byTemplate.set(t.name, [...(byTemplate.get(t.name) ?? []), t.sqlName]);
  }
  const yearOf = (sqlName: string): string | undefined =>
    /(\d{2,4})/.exec(sqlName)?.[1];
  // The dataset's years, from the names of its tables of a year (T_MCO19B, CT_IND_2019_GN).
  const years = [...present]
    .filter(([sqlName, name]) => sqlName !== name && yearOf(sqlName))
    .map(([sqlName]) => {
      const y = Number(yearOf(sqlName));
      return y < 100 ? 2000 + y : y;
    });
  const [firstYear, lastYear] = [Math.min(...years), Math.max(...years)];
  const yearsText =
    firstYear === lastYear ? `${firstYear}` : `${firstYear} to ${lastYear}`;
  // Causes of death are empty, rightly, when nobody in the dataset died.
  const deaths = present.has('IR_BEN_R')
    ? count(
        "SELECT count(*) AS n FROM IR_BEN_R WHERE BEN_DCD_DTE <> DATE '1600-01-01'"
      )
    : 1;
  // A nomenclature's code set per kind of column (type and length), made once.
  const setsByKind = new Map<string, string>();
  for (const [sqlName, name] of present) {
    found.expect(
      count(`SELECT count(*) AS n FROM ${sqlName}`) > 0 ||
        (deaths === 0 && name.startsWith('KI_')),
      `${sqlName}: no rows`
    );
    const table = name === 'IR_PHA_R' ? undefined : dictionary.table(name);
    if (!table) {
      continue;
    }
    // Table-to-table links, to the parent of the same year when both are per year.
    for (const link of dictionary.linksOf(name).filter(l => l.from === name)) {
      const parents = byTemplate.get(link.to);
      if (!parents) {
        continue;
      }
      const parent =
        parents.find(
          p =>
            yearOf(p) &&
            yearOf(sqlName) &&
            yearOf(p)!.slice(-2) === yearOf(sqlName)!.slice(-2)
        ) ?? parents[0];
      // Columns of one type compare as they are; others as text (a code typed INTEGER in one
      // table and VARCHAR in the other). Casting every pair cost most of these checks' time.
      const parentTable = dictionary.findTable(link.to);
      const on = link.fromColumns
        .map((c, k) => {
          const to = link.toColumns[k];
          const type = typeOfColumn(table, c);
          return type !== undefined && type === typeOfColumn(parentTable, to)
            ? `c."${c}" = p."${to}"`
            : `CAST(c."${c}" AS VARCHAR) = CAST(p."${to}" AS VARCHAR)`;
        })
        .join(' AND ');
      const notNull = link.fromColumns
        .map(c => `c."${c}" IS NOT NULL`)
        .join(' AND ');
      const valid =
        table.columns.some(c => c.name === 'NIR_RET') && link.to === 'IR_BEN_R'
          ? ' AND c.NIR_RET IS NOT TRUE'
          : '';
      expectZero(
        `${sqlName}(${link.fromColumns.join(', ')}) → ${parent}(${link.toColumns.join(', ')})`,
        `SELECT count(*) AS n FROM ${sqlName} c WHERE ${notNull}${valid} AND NOT EXISTS (SELECT 1 FROM ${parent} p WHERE ${on})`
      );
    }
    // Column-to-nomenclature links.
    for (const nl of dictionary.nomenclatureLinksOf(name)) {
      const column = table.columns.find(c => c.name === nl.column)!;
      const nomenclature = dictionary.data.nomenclatures.find(
        n => n.name === nl.nomenclature
      );
      const numeric = duckdbType(column) !== 'VARCHAR';
      let set: string;
      if (nl.nomenclature === 'IR_PHA_R') {
        if (!present.has(DRUG_TABLE)) {
          continue; // a dataset of products without the drug referential
        }
        const field = drugField(column.name, nl.nomenclatureColumn);
        const codes = query(
          `SELECT DISTINCT CAST(${field} AS VARCHAR) AS c FROM IR_PHA_R WHERE ${field} IS NOT NULL`
        ).map(r => String(r.c));
        if (!codes.length) {
          continue;
        }
        set = sets.of(codes, numeric);
      } else if (!nomenclature || nomenclature.valueCount === null) {
        continue;
      } else {
        // The codes that fit a column depend on its type and length only: the 757 links
        // to nomenclatures other than IR_PHA_R need 216 sets, each filtered and made once.
        const key = [
          nl.nomenclature,
          nl.nomenclatureColumn,
          duckdbType(column),
          column.length ?? '',
          column.constraints?.maxLength ?? ''
        ].join('\u0000');
        let made = setsByKind.get(key);
        if (!made) {
          const values = await loader.load(nl.nomenclature);
          const k = values.columns.indexOf(nl.nomenclatureColumn);
          made = sets.of(
            fittingCodes(
              column,
              values.rows.map(r => r[k >= 0 ? k : values.code])
            ),
            numeric
          );
          setsByKind.set(key, made);
        }
        set = made;
      }
      const value = numeric
        ? `CAST("${column.name}" AS DOUBLE)`
        : `"${column.name}"`;
      expectZero(
        `${sqlName}.${column.name} not in ${nl.nomenclature}`,
        `SELECT count(*) AS n FROM ${sqlName} WHERE "${column.name}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${set} s WHERE s.v = ${value})`
      );
    }
    const probes = constraintProbes(dictionary, name);
    if (probes.length) {
      // One scan of the table for all of its columns' constraints.
      const row = query(
        `SELECT ${probes.map(([, cond], k) => `count_if(${cond}) AS c${k}`).join(', ')} FROM ${sqlName}`
      )[0];
      probes.forEach(([what, cond], k) => {
        const n = Number(row[`c${k}`]);
        found.checks++;
        if (n > 0) {
          found.failures.push(
            `${sqlName}.${what}: ${rowsFailing(query, n, `${sqlName} WHERE ${cond}`)}`
          );
        }
      });
    }
  }
  if (present.has('ER_PRS_F')) {
    expectZero(
      'ER_PRS_F: EXE_SOI_DTD after EXE_SOI_DTF',
      'SELECT count(*) AS n FROM ER_PRS_F WHERE EXE_SOI_DTD > EXE_SOI_DTF'
    );
    expectZero(
      'ER_PRS_F: flow FLX_DIS_DTD before the month of care',
      'SELECT count(*) AS n FROM ER_PRS_F WHERE FLX_DIS_DTD < make_date(year(EXE_SOI_DTD), month(EXE_SOI_DTD), 1)'
    );
    expectZero(
      'ER_PRS_F: flow FLX_DIS_DTD on or before the last day of care EXE_SOI_DTF, or processing date FLX_TRT_DTD after the flow',
      'SELECT count(*) AS n FROM ER_PRS_F WHERE FLX_DIS_DTD <= EXE_SOI_DTF OR FLX_TRT_DTD > FLX_DIS_DTD'
    );
    expectZero(
      'ER_PRS_F: an amount reimbursed (BSE_REM_MNT) other than the base (BSE_REM_BSE) times the rate (RGO_REM_TAU), of the sign of the base, and 0 on a line for information (DPN_QLF 71); or an amount spent (PRS_PAI_MNT) below the base',
      `SELECT count(*) AS n FROM ER_PRS_F WHERE CASE WHEN DPN_QLF = 71 THEN BSE_REM_MNT <> 0
         ELSE abs(abs(BSE_REM_MNT) - round(abs(BSE_REM_BSE) * RGO_REM_TAU / 100, 2)) > 0.011
           OR (BSE_REM_MNT <> 0 AND sign(BSE_REM_MNT) <> sign(BSE_REM_BSE))
           OR abs(PRS_PAI_MNT) < abs(BSE_REM_BSE) - 0.005 END`
    );
    if (years.length) {
      expectZero(
        `ER_PRS_F: care (EXE_SOI_DTD) outside the dataset's years (${yearsText}, from its tables of a year)`,
        `SELECT count(*) AS n FROM ER_PRS_F WHERE year(EXE_SOI_DTD) NOT BETWEEN ${firstYear} AND ${lastYear}`
      );
    }
    expectZero(
      'ER_PRS_F: flow more than 27 months after care',
      "SELECT count(*) AS n FROM ER_PRS_F WHERE date_diff('month', EXE_SOI_DTD, FLX_DIS_DTD) > 27"
    );
    expectZero(
      'ER_PRS_F: sign BSE_REM_SGN other than that of the base BSE_REM_BSE (1 positive, 2 negative), or CPL_REM_SGN other than 0 with no complement',
      'SELECT count(*) AS n FROM ER_PRS_F WHERE BSE_REM_SGN IS DISTINCT FROM (CASE WHEN BSE_REM_BSE < 0 THEN 2 ELSE 1 END) OR (CPL_REM_MNT = 0 AND CPL_REM_SGN IS DISTINCT FROM 0)'
    );
    expectZero(
      'ER_PRS_F: prescribed (PRE_PRE_DTD) after the care (EXE_SOI_DTD), or PRE_PRE_AMD not its month',
      'SELECT count(*) AS n FROM ER_PRS_F WHERE PRE_PRE_DTD > EXE_SOI_DTD OR PRE_PRE_AMD IS DISTINCT FROM CAST(year(PRE_PRE_DTD) * 100 + month(PRE_PRE_DTD) AS VARCHAR)'
    );
    expectZero(
      'ER_PRS_F: care after death',
      "SELECT count(*) AS n FROM ER_PRS_F WHERE BEN_DCD_DTE <> DATE '1600-01-01' AND EXE_SOI_DTD > BEN_DCD_DTE"
    );
    found.expect(
      count('SELECT count(*) AS n FROM ER_PRS_F WHERE DPN_QLF = 71') > 0,
      'ER_PRS_F: no row "pour information" (DPN_QLF = 71)'
    );
    found.expect(
      count('SELECT count(*) AS n FROM ER_PRS_F WHERE PRS_ACT_QTE < 0') > 0,
      'ER_PRS_F: no regularisation line (negative quantity)'
    );
  }
  if (present.has('ER_PRS_F') && present.has('DA_PRA_R')) {
    // A line's specialty is its practitioner's in DA_PRA_R; pharmacies and nurses have
    // specialty 0 on the line and their activity nature (IR_ACT_V) instead.
    for (const [role, num, spe, act] of [
      ['executant', 'PFS_EXE_NUM', 'PSE_SPE_COD', 'PSE_ACT_NAT'],
      ['prescriber', 'PFS_PRE_NUM', 'PSP_SPE_COD', 'PSP_ACT_NAT']
    ]) {
      expectZero(
        `ER_PRS_F: ${role} (${num}) whose specialty in DA_PRA_R (PFS_PRA_SPE) is not ${spe}, or ${act} where ${spe} is 0`,
        `SELECT count(*) AS n FROM ER_PRS_F f JOIN DA_PRA_R p ON p.PFS_PFS_NUM = f.${num}
         WHERE TRY_CAST(p.PFS_PRA_SPE AS INTEGER) IS DISTINCT FROM (CASE WHEN f.${spe} > 0 THEN f.${spe} ELSE f.${act} END)`
      );
    }
    const gp = program.codes.gpSpecialty;
    expectZero(
      `ER_PRS_F: declared GP (PRS_MTT_NUM) who is not a GP in DA_PRA_R (PFS_PRA_SPE ${gp})`,
      `SELECT count(*) AS n FROM ER_PRS_F f JOIN DA_PRA_R p ON p.PFS_PFS_NUM = f.PRS_MTT_NUM WHERE TRY_CAST(p.PFS_PRA_SPE AS INTEGER) IS DISTINCT FROM ${gp}`
    );
    expectZero(
      'ER_PRS_F: a person (BEN_NIR_PSA, BEN_RNG_GEM) with several declared GPs (PRS_MTT_NUM) in a year',
      'SELECT count(*) AS n FROM (SELECT BEN_NIR_PSA, BEN_RNG_GEM, year(EXE_SOI_DTD) FROM ER_PRS_F GROUP BY ALL HAVING count(DISTINCT PRS_MTT_NUM) > 1)'
    );
  }
  if (present.has('ER_PRS_F') && present.has('IR_BEN_R')) {
    // Consultations are not prescribed: they are the visits. By BEN_NIR_ANO: a visit and its
    // care may fall either side of a change of BEN_NIR_PSA. Prescriptions from before the
    // data's first year have their visit outside it.
    expectZero(
      'ER_PRS_F: prescribed care with no visit of the person to its prescriber (a consultation by PFS_EXE_NUM = PFS_PRE_NUM) on the prescription day (PRE_PRE_DTD)',
      `WITH people AS (SELECT DISTINCT BEN_NIR_PSA, BEN_RNG_GEM, BEN_NIR_ANO FROM IR_BEN_R),
        lines AS (SELECT p.BEN_NIR_ANO, f.PFS_EXE_NUM, f.PFS_PRE_NUM, f.EXE_SOI_DTD, f.PRE_PRE_DTD
          FROM ER_PRS_F f JOIN people p USING (BEN_NIR_PSA, BEN_RNG_GEM)),
        visits AS (SELECT DISTINCT BEN_NIR_ANO, PFS_EXE_NUM, EXE_SOI_DTD FROM lines WHERE PRE_PRE_DTD IS NULL)
      SELECT count(*) AS n FROM lines a WHERE a.PRE_PRE_DTD >= (SELECT make_date(year(min(EXE_SOI_DTD)), 1, 1) FROM ER_PRS_F)
        AND NOT EXISTS (SELECT 1 FROM visits v WHERE v.BEN_NIR_ANO = a.BEN_NIR_ANO AND v.PFS_EXE_NUM = a.PFS_PRE_NUM AND v.EXE_SOI_DTD = a.PRE_PRE_DTD)`
    );
  }
  if (present.has('IR_BEN_R')) {
    // Stays by NIR_ANO_17: a BEN_NIR_PSA of twins names both, left out.
    for (const b of byTemplate.get('T_MCOaaB') ?? []) {
      const c = b.replace(/B$/, 'C');
      if (!present.has(c)) {
        continue;
      }
      if (present.has('ER_PRS_F')) {
        // Town care stops in hospital.
        expectZero(
          `${b}: town care (ER_PRS_F.EXE_SOI_DTD) of the person strictly between the admission and the discharge of a stay (ENT_DAT, SOR_DAT)`,
          `SELECT count(*) AS n FROM ${c} c JOIN ER_PRS_F f ON f.BEN_NIR_PSA = c.NIR_ANO_17
           WHERE f.EXE_SOI_DTD > c.ENT_DAT AND f.EXE_SOI_DTD < c.SOR_DAT
             AND c.NIR_ANO_17 NOT IN ${SHARED_PSA_SQL}`
        );
      }
      // One stay at a time, but for a PIE (SEJ_TYP B), made during the stay it serves. Stays
      // may touch (a transfer), and a stay without a night may fall on another's first or last day.
      expectZero(
        `${b}: two stays of the same person (${c}.NIR_ANO_17) at once: one begins (ENT_DAT) before the other ends (SOR_DAT) and ends after it begins`,
        `WITH st AS (SELECT c.NIR_ANO_17 AS p, ETA_NUM, RSA_NUM, c.ENT_DAT AS e, c.SOR_DAT AS x
            FROM ${c} c JOIN ${b} b USING (ETA_NUM, RSA_NUM)
            WHERE b.SEJ_TYP IS DISTINCT FROM 'B' AND c.NIR_RET IS NOT TRUE AND c.NIR_ANO_17 NOT IN ${SHARED_PSA_SQL})
         SELECT count(*) AS n FROM st a JOIN st o ON o.p = a.p AND (a.ETA_NUM, a.RSA_NUM) < (o.ETA_NUM, o.RSA_NUM)
           AND a.e < o.x AND o.e < a.x`
      );
    }
  }
  if (present.has('IR_BEN_R') && present.has('KI_CCI_R')) {
    expectZero(
      'KI_CCI_R: a death certificate of a person alive in IR_BEN_R (BEN_DCD_DTE 1600-01-01)',
      `SELECT count(*) AS n FROM KI_CCI_R k WHERE EXISTS (SELECT 1 FROM IR_BEN_R b WHERE b.BEN_NIR_ANO = k.BEN_NIR_ANO)
         AND NOT EXISTS (SELECT 1 FROM IR_BEN_R b WHERE b.BEN_NIR_ANO = k.BEN_NIR_ANO AND b.BEN_DCD_DTE <> DATE '1600-01-01')`
    );
    expectZero(
      'IR_BEN_R: a death without its cause in KI_CCI_R',
      "SELECT count(*) AS n FROM (SELECT DISTINCT BEN_NIR_ANO FROM IR_BEN_R WHERE BEN_DCD_DTE <> DATE '1600-01-01') b WHERE NOT EXISTS (SELECT 1 FROM KI_CCI_R k WHERE k.BEN_NIR_ANO = b.BEN_NIR_ANO)"
    );
  }
  if (present.has('IR_BEN_R')) {
    expectZero(
      'IR_BEN_R: BEN_DCD_DTE missing (1600-01-01 means alive)',
      'SELECT count(*) AS n FROM IR_BEN_R WHERE BEN_DCD_DTE IS NULL'
    );
    expectZero(
      'IR_BEN_R: a death (BEN_DCD_DTE) before the month of birth (BEN_NAI_MOI)',
      "SELECT count(*) AS n FROM IR_BEN_R WHERE BEN_DCD_DTE <> DATE '1600-01-01' AND BEN_DCD_DTE < BEN_NAI_MOI"
    );
    if (years.length) {
      expectZero(
        `IR_BEN_R: a death date (BEN_DCD_DTE) neither 1600-01-01 (alive) nor in the dataset's years (${yearsText})`,
        `SELECT count(*) AS n FROM IR_BEN_R WHERE BEN_DCD_DTE <> DATE '1600-01-01' AND year(BEN_DCD_DTE) NOT BETWEEN ${firstYear} AND ${lastYear}`
      );
    }
    expectZero(
      'IR_BEN_R: duplicate (BEN_NIR_PSA, BEN_RNG_GEM)',
      'SELECT count(*) AS n FROM (SELECT BEN_NIR_PSA, BEN_RNG_GEM FROM IR_BEN_R GROUP BY ALL HAVING count(*) > 1)'
    );
    expectZero(
      'IR_BEN_R: BEN_IDT_TOP not 1 exactly when BEN_IDT_ANO is the BEN_NIR_ANO',
      'SELECT count(*) AS n FROM IR_BEN_R WHERE (BEN_IDT_TOP = 1) IS DISTINCT FROM (BEN_IDT_ANO = BEN_NIR_ANO)'
    );
    expectZero(
      'IR_BEN_R: one person (BEN_IDT_ANO) with two sexes, birth dates or death dates',
      'SELECT count(*) AS n FROM (SELECT BEN_IDT_ANO FROM IR_BEN_R GROUP BY 1 HAVING count(DISTINCT (BEN_SEX_COD, BEN_NAI_ANN, BEN_NAI_MOI, BEN_DCD_DTE)) > 1)'
    );
  }
  // Link return codes: 0 but for a few failed links; a placeholder NIR only with NIR_RET.
  for (const [sqlName, name] of present) {
    const table = name === 'IR_PHA_R' ? undefined : dictionary.table(name);
    const codes = (table?.columns ?? []).filter(c =>
      PMSI_RETURN_CODE_COLUMNS.includes(c.name)
    );
    if (!codes.length) {
      continue;
    }
    const failed = codes
      .map(c =>
        duckdbType(c) === 'BOOLEAN'
          ? `"${c.name}" IS TRUE`
          : `coalesce("${c.name}", '0') <> '0'`
      )
      .join(' OR ');
    const [row] = query(
      `SELECT count(*) AS n, count(*) FILTER (WHERE ${failed}) AS failed FROM ${sqlName}`
    );
    found.expect(
      Number(row.failed) <= 0.1 * Number(row.n),
      `${sqlName}: ${String(row.failed)} of ${String(row.n)} rows have a failed link return code (at most 10% expected)`
    );
    if (codes.some(c => c.name === 'NIR_RET')) {
      expectZero(
        `${sqlName}: placeholder NIR_ANO_17 without a failed NIR_RET`,
        `SELECT count(*) AS n FROM ${sqlName} WHERE NIR_ANO_17 LIKE 'XXXX%' AND NIR_RET IS NOT TRUE`
      );
    }
  }
  if (present.has('IR_PHA_R')) {
    expectZero(
      'IR_PHA_R: ATC class (PHA_ATC_C03) other than the start of the ATC code, or a pack without units',
      'SELECT count(*) AS n FROM IR_PHA_R WHERE PHA_ATC_C03 <> substr(PHA_ATC_C07, 1, 3) OR NOT (TRY_CAST(PHA_UPC_NBR AS INTEGER) > 0)'
    );
    // Packs of one drug and form differ by their count (CPR B/30, CPR B/90): same unit price.
    const perUnit =
      'TRY_CAST(PHA_PRI_UNI AS DOUBLE) / TRY_CAST(PHA_UPC_NBR AS DOUBLE)';
    expectZero(
      'IR_PHA_R: packs of one drug and form whose prices (PHA_PRI_UNI) are not proportional to their units (PHA_UPC_NBR)',
      `SELECT count(*) AS n FROM (
         SELECT PHA_ATC_C07, regexp_replace(PHA_MED_NOM, '[0-9]+$', '') AS form FROM IR_PHA_R
         WHERE TRY_CAST(PHA_UPC_NBR AS DOUBLE) > 0 GROUP BY ALL
         HAVING count(*) > 1 AND max(${perUnit}) - min(${perUnit}) > 0.01)`
    );
  }
  if (present.has('IR_PHA_R') && present.has('ER_PHA_F')) {
    expectZero(
      "ER_PHA_F: pack price (PHA_ACT_PRU) other than its presentation's in IR_PHA_R (PHA_PRI_UNI)",
      `SELECT count(*) AS n FROM ER_PHA_F f JOIN IR_PHA_R m ON CAST(m.PHA_CIP_C13 AS BIGINT) = CAST(f.PHA_PRS_C13 AS BIGINT)
       WHERE abs(f.PHA_ACT_PRU - TRY_CAST(m.PHA_PRI_UNI AS DOUBLE)) > 0.005`
    );
  }
  if (present.has('ER_PRS_F') && present.has('ER_PHA_F')) {
    expectZero(
      'ER_PRS_F: drug line whose unit price (BSE_REM_PRU) is not the pack price of ER_PHA_F, or whose base (BSE_REM_BSE) is not that price times the quantity',
      `SELECT count(*) AS n FROM ER_PRS_F p JOIN ER_PHA_F f USING (${DCIR_JOIN_KEY.join(', ')})
       WHERE abs(p.BSE_REM_PRU - f.PHA_ACT_PRU) > 0.005 OR abs(p.BSE_REM_BSE - f.PHA_ACT_PRU * p.PRS_ACT_QTE) > 0.01`
    );
    // The nature of every drug line the generator makes (care.json prsNat).
    const pharmacy = program.codes.natures.pharmacy;
    expectZero(
      `ER_PRS_F: drug line (PRS_NAT_REF ${pharmacy}) with no ER_PHA_F line of its key`,
      `SELECT count(*) AS n FROM ER_PRS_F p WHERE p.PRS_NAT_REF = ${pharmacy}
       AND NOT EXISTS (SELECT 1 FROM ER_PHA_F f WHERE ${DCIR_JOIN_KEY.map(c => `f.${c} = p.${c}`).join(' AND ')})`
    );
  }
  if (present.has('ER_PRS_F')) {
    checkAmounts(found, program.codes.natures.nursing);
  }
  if (present.has('ER_PRS_F') && present.has('ER_BIO_F')) {
    await checkBiology(query, found, loader, program.codes.natures.biology);
  }
  if (present.has('IR_IMB_R')) {
    // IR_CIM_V gives the ALD of the list of 30 (ALD_030_COD 1 to 30) of many ICD-10 codes.
    const cim = await loader.load('IR_CIM_V');
    const aldAt = cim.columns.indexOf('ALD_030_COD');
    const listed = new Map(
      cim.rows
        .map((r): [string, number] => [r[cim.code], Number(r[aldAt])])
        .filter(([, ald]) => ald >= 1 && ald <= 30)
    );
    const expected = query(
      'SELECT DISTINCT MED_MTF_COD AS c FROM IR_IMB_R WHERE MED_MTF_COD IS NOT NULL ORDER BY 1'
    )
      .map(r => String(r.c))
      .filter(code => listed.has(code))
      .map(code => `WHEN ${sqlString(code)} THEN ${listed.get(code)}`);
    expectZero(
      'IR_IMB_R: ALD number (IMB_ALD_NUM) other than the one of the list of 30 that IR_CIM_V gives its ICD-10 reason (MED_MTF_COD)',
      `SELECT count(*) AS n FROM IR_IMB_R WHERE IMB_ALD_NUM <> ${expected.length ? `CASE MED_MTF_COD ${expected.join(' ')} ELSE IMB_ALD_NUM END` : 'IMB_ALD_NUM'}`
    );
    if (present.has('IR_BEN_R')) {
      expectZero(
        "IR_IMB_R: ALD beginning (IMB_ALD_DTD) after the person's death (IR_BEN_R BEN_DCD_DTE)",
        `SELECT count(*) AS n FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
         WHERE b.BEN_DCD_DTE <> DATE '1600-01-01' AND i.IMB_ALD_DTD > b.BEN_DCD_DTE`
      );
      expectZero(
        "IR_IMB_R: ALD beginning (IMB_ALD_DTD) in or before the person's month of birth (IR_BEN_R BEN_NAI_MOI)",
        `SELECT count(*) AS n FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
         WHERE date_trunc('month', i.IMB_ALD_DTD) <= b.BEN_NAI_MOI`
      );
      if (present.has('ER_PRS_F')) {
        // By person (BEN_NIR_ANO): an ALD granted under one NIR covers care under the other.
        expectZero(
          'ER_PRS_F: care paid as related to an ALD (EXO_MTF 42) on a day (EXE_SOI_DTD) outside all the ALD periods (IMB_ETM_NAT 41, 43 or 45, IMB_ALD_DTD to IMB_ALD_DTF) of its person in IR_IMB_R',
          `WITH ald AS (
             SELECT b.BEN_NIR_ANO AS a, i.IMB_ALD_DTD AS dtd, coalesce(i.IMB_ALD_DTF, DATE '9999-12-31') AS dtf
             FROM IR_IMB_R i JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM)
             WHERE i.IMB_ETM_NAT IN (41, 43, 45)
           ), care AS (
             SELECT b.BEN_NIR_ANO AS a, p.EXE_SOI_DTD AS d
             FROM ER_PRS_F p JOIN IR_BEN_R b USING (BEN_NIR_PSA, BEN_RNG_GEM) WHERE p.EXO_MTF = 42
           )
           SELECT count(*) AS n FROM care c
           WHERE NOT EXISTS (SELECT 1 FROM ald WHERE ald.a = c.a AND c.d BETWEEN ald.dtd AND ald.dtf)`
        );
      }
    }
  }
  if (present.has('IR_BEN_R') && present.has('KI_CCI_R')) {
    found.add(checkDeaths(query, byTemplate, present));
  }
  for (const ind of byTemplate.get('CT_IND_AAAA_GN') ?? []) {
    found.add(await checkCartography(query, dictionary, loader, ind, present));
  }
  for (const b of byTemplate.get('T_MCOaaB') ?? []) {
    const sibling = (suffix: string): string | undefined => {
      const name = b.replace(/B$/, suffix);
      return present.has(name) ? name : undefined;
    };
    found.add(await checkStays(query, loader, b, sibling('C')));
    const diagnoses = sibling('D');
    if (diagnoses) {
      expectZero(
        `${b}: number of associated diagnoses (NBR_DGN) other than the stay's rows of ${diagnoses}`,
        `SELECT count(*) AS n FROM ${b} s LEFT JOIN (SELECT ETA_NUM, RSA_NUM, count(*) AS n FROM ${diagnoses} GROUP BY ALL) d
         USING (ETA_NUM, RSA_NUM) WHERE s.NBR_DGN <> coalesce(d.n, 0)`
      );
    }
    const units = sibling('UM');
    if (units) {
      found.add(checkUnits(query, b, units, sibling('A')));
    }
  }
  return found.result();
}

/**
 * Every line's base is its unit price times its quantity; a nursing line (nature `nursing`,
 * IR_NAT_V) is days of care.
 */
function checkAmounts(found: Findings, nursing: number): void {
  found.expectZero(
    'ER_PRS_F: base (BSE_REM_BSE) other than the unit price (BSE_REM_PRU) times the quantity (PRS_ACT_QTE)',
    'ER_PRS_F WHERE abs(BSE_REM_BSE - BSE_REM_PRU * PRS_ACT_QTE) > 0.01'
  );
  found.expectZero(
    `ER_PRS_F: nursing line (PRS_NAT_REF ${nursing}) whose quantity (PRS_ACT_QTE) is neither its days of care (EXE_SOI_DTD to EXE_SOI_DTF) nor twice them`,
    `ER_PRS_F WHERE PRS_NAT_REF = ${nursing} AND abs(PRS_ACT_QTE) NOT IN (EXE_SOI_DTF - EXE_SOI_DTD + 1, 2 * (EXE_SOI_DTF - EXE_SOI_DTD + 1))`
  );
  // One value of the AMI for the dataset: the lines' median price per coefficient.
  found.expectNone(
    `ER_PRS_F: nursing line whose unit price (BSE_REM_PRU) is not its AMI coefficient (PRS_ACT_CFT) times the value of the AMI of the other lines`,
    `WITH l AS (SELECT BSE_REM_PRU AS pru, PRS_ACT_CFT AS c FROM ER_PRS_F WHERE PRS_NAT_REF = ${nursing}),
       v AS (SELECT median(pru / c) AS ami FROM l WHERE c > 0)
     SELECT count(*) AS n FROM l, v WHERE c IS NULL OR c <= 0 OR abs(pru - c * ami) > 0.01`
  );
}

/**
 * Biology lines (nature `biology`, IR_NAT_V) and their acts: each line has its acts in
 * ER_BIO_F, counted with its sign, and its base is the B coefficients of its acts (IR_BIO_R)
 * times one value of B.
 */
async function checkBiology(
  query: QueryFn,
  found: Findings,
  loader: INomenclatureLoader,
  biology: number
): Promise<void> {
  const key = DCIR_JOIN_KEY.join(', ');
  const sameKey = DCIR_JOIN_KEY.map(c => `f.${c} = p.${c}`).join(' AND ');
  found.expectZero(
    `ER_PRS_F: biology line (PRS_NAT_REF ${biology}) with no ER_BIO_F act of its key`,
    `ER_PRS_F p WHERE p.PRS_NAT_REF = ${biology} AND NOT EXISTS (SELECT 1 FROM ER_BIO_F f WHERE ${sameKey})`
  );
  found.expectZero(
    'ER_BIO_F: act quantity (BIO_ACT_QSN) of another sign than its ER_PRS_F line (PRS_ACT_QTE)',
    `ER_BIO_F f WHERE EXISTS (SELECT 1 FROM ER_PRS_F p WHERE ${sameKey} AND sign(p.PRS_ACT_QTE) <> sign(f.BIO_ACT_QSN))`
  );
  const bio = await loader.load('IR_BIO_R');
  const at = bio.columns.indexOf('BIO_TAR_COF');
  const acts = query('SELECT DISTINCT BIO_PRS_IDE AS a FROM ER_BIO_F').map(r =>
    String(r.a)
  );
  const coefficients = new Map(bio.rows.map(r => [r[bio.code], r[at]]));
  const known = acts.filter(a => Number.isFinite(Number(coefficients.get(a))));
  if (!known.length) {
    return;
  }
  const coefficient = `CASE f.BIO_PRS_IDE ${known.map(a => `WHEN ${a} THEN ${Number(coefficients.get(a))}`).join(' ')} END`;
  // One value of B for the dataset: the lines' median price per B.
  found.expectNone(
    'ER_PRS_F: biology line whose unit price (BSE_REM_PRU) is not the B coefficients of its ER_BIO_F acts (IR_BIO_R BIO_TAR_COF) times the value of B of the other lines',
    `WITH l AS (
       SELECT p.BSE_REM_PRU AS pru, sum(${coefficient}) AS b FROM ER_PRS_F p JOIN ER_BIO_F f USING (${key})
       WHERE p.PRS_NAT_REF = ${biology} GROUP BY ${key}, p.BSE_REM_PRU
     ), v AS (SELECT median(pru / b) AS per_b FROM l WHERE b > 0)
     SELECT count(*) AS n FROM l, v WHERE b IS NULL OR abs(pru - b * per_b) > 0.01`
  );
}

/**
 * Cartographie of one year: ages and age classes follow the birth year, regions the
 * department, flags are 0 or 1 with everyone in the population total, people agree with
 * IR_BEN_R; CT_DEP has the same people, totals that add up, reimbursed amounts within the
 * reimbursable ones, and town expenses equal to the person's DCIR lines of the year.
 */
async function checkCartography(
  query: QueryFn,
  dictionary: SndsDictionary,
  loader: INomenclatureLoader,
  ind: string,
  present: Map<string, string>
): Promise<ICheckResult> {
  const found = new Findings(query);
  const expectZero = found.expectZero;
  const year = Number(/(\d{4})/.exec(ind)![1]);
  const ide = ind.replace('CT_IND', 'CT_IDE');
  const dep = ind.replace('CT_IND', 'CT_DEP');
  const age = `${year} - ben_nai_ann`;
  expectZero(
    `${ind}: age other than ${year} minus the birth year, or age classes (cla_age_ct, cla_age_5) other than the age's`,
    `${ind} WHERE age <> ${age} OR cla_age_ct <> ${ageClassCtSql('age')} OR cla_age_5 <> ${ageClass5Sql('age')}`
  );
  const dpt = await loader.load('IR_DPT_V');
  const reg = dpt.columns.indexOf('GEO_REG_COD');
  const regions = `MAP {${dpt.rows.map(r => `${sqlString(r[dpt.code])}: ${sqlString(r[reg])}`).join(', ')}}`;
  expectZero(
    `${ind}: new_cod_reg other than the department's region (IR_DPT_V), or one department in several former regions`,
    `${ind} WHERE new_cod_reg IS DISTINCT FROM ${regions}[dpt]
       OR dpt IN (SELECT dpt FROM ${ind} GROUP BY dpt HAVING count(DISTINCT old_cod_reg) > 1)`
  );
  const flags = dictionary
    .table('CT_IND_AAAA_GN')
    .columns.filter(c => /^(top|sup)_/i.test(c.name))
    .map(c => `"${c.name}"`);
  expectZero(
    `${ind}: a pathology flag other than 0 or 1, or someone outside the population total (sup_PopTot_cat)`,
    `${ind} WHERE sup_PopTot_cat <> 1 OR greatest(${flags.join(', ')}) > 1 OR least(${flags.join(', ')}) < 0`
  );
  // Totals: a pathology is a top_ flag other than maternity and the treatments (_med).
  const pathologies = flags.filter(
    f =>
      /^"top_/i.test(f) && !/_med"$/i.test(f) && !/^"top_Materni_ind"$/i.test(f)
  );
  const treatments = flags.filter(f => /^"top_.*_med"$/i.test(f));
  expectZero(
    `${ind}: totals (sup_Patho_cat_exclu, sup_Patho_cat_nnexclu, sup_PatMat_cat, sup_hospit_ponct_exclu, sup_PatMatHos_cat, sup_Petit_Conso, sup_Materni_ind_exclu) other than the pathology (top_), treatment (top_…_med), maternity and hospital stay (sup_hospit_ponct) flags make`,
    `${ind} WHERE sup_Patho_cat_exclu <> greatest(${pathologies.join(', ')})
       OR sup_Patho_cat_nnexclu <> greatest(sup_Patho_cat_exclu${treatments.map(t => `, ${t}`).join('')})
       OR sup_PatMat_cat <> greatest(sup_Patho_cat_nnexclu, top_Materni_ind)
       OR sup_hospit_ponct_exclu <> sup_hospit_ponct * (1 - sup_PatMat_cat)
       OR sup_PatMatHos_cat <> greatest(sup_PatMat_cat, sup_hospit_ponct)
       OR sup_Petit_Conso <> 1 - sup_PatMatHos_cat
       OR sup_Petit_Conso_exclu > sup_Petit_Conso
       OR sup_Materni_ind_exclu <> top_Materni_ind * (1 - sup_Patho_cat_nnexclu)`
  );
  // A treatment flag without the pathologies (top_X_med), or among the 'petits consommateurs'
  // (sup_X_med), is set only for people of its flag with or without them (…_nnexclu).
  const names = new Set(flags.map(f => f.toLowerCase()));
  const withPathologies = (f: string): string =>
    f.replace(/^"top_/i, '"sup_').replace(/"$/, '_nnexclu"');
  const pairs = flags.filter(
    f => /_med"$/i.test(f) && names.has(withPathologies(f).toLowerCase())
  );
  if (pairs.length) {
    expectZero(
      `${ind}: a treatment flag (…_med) set for someone without its flag with or without pathologies (…_med_nnexclu)`,
      `${ind} WHERE ${pairs.map(f => `${f} > ${withPathologies(f)}`).join(' OR ')}`
    );
  }
  const minor = flags.filter(f => /^"sup_.*_med"$/i.test(f));
  if (minor.length) {
    expectZero(
      `${ind}: a treatment flag of the 'petits consommateurs' (${minor.join(', ').replaceAll('"', '')}) set for someone who is not one (sup_Petit_Conso)`,
      `${ind} WHERE greatest(${minor.join(', ')}) > sup_Petit_Conso`
    );
  }
  if (present.has(ide) && present.has('IR_BEN_R')) {
    expectZero(
      `${ind}: sex, birth year, department or death date other than the person's in IR_BEN_R`,
      `${ind} i JOIN ${ide} d ON d.id_carto = i.id_carto JOIN IR_BEN_R b ON b.BEN_NIR_PSA = d.ben_nir_psa AND b.BEN_RNG_GEM = d.ben_rng_gem
       WHERE i.ben_sex_cod <> b.BEN_SEX_COD OR i.ben_nai_ann <> b.BEN_NAI_ANN OR i.dpt <> b.BEN_RES_DPT OR i.ben_dcd_dte <> b.BEN_DCD_DTE`
    );
  }
  if (
    present.has(ide) &&
    present.has('ER_PRS_F') &&
    present.has('ER_PHA_F') &&
    present.has(DRUG_TABLE)
  ) {
    // The cartographie's diabetes: three dispensations of antidiabetics in the year make it.
    expectZero(
      `${ind}: no diabetes (top_FDiabet_ind) for a person with antidiabetics (ATC A10) dispensed on 3 days or more of ${year}`,
      `${ind} i WHERE i.top_FDiabet_ind <> 1 AND i.id_carto IN (
        SELECT d.id_carto FROM ER_PRS_F p
        JOIN ER_PHA_F f USING (FLX_DIS_DTD, FLX_TRT_DTD, FLX_EMT_TYP, FLX_EMT_NUM, FLX_EMT_ORD, ORG_CLE_NUM, DCT_ORD_NUM, PRS_ORD_NUM, REM_TYP_AFF)
        JOIN ${DRUG_TABLE} m ON m.PHA_CIP_C13 = f.PHA_PRS_C13
        JOIN ${ide} d ON d.ben_nir_psa = p.BEN_NIR_PSA AND d.ben_rng_gem = p.BEN_RNG_GEM
        WHERE m.PHA_ATC_C07 LIKE 'A10%' AND year(p.EXE_SOI_DTD) = ${year} AND p.DPN_QLF <> 71 AND p.PRS_ACT_QTE > 0
        GROUP BY d.id_carto HAVING count(DISTINCT p.EXE_SOI_DTD) >= 3)`
    );
  }
  if (!present.has(dep)) {
    return found.result();
  }
  expectZero(
    `${dep}: people other than those of ${ind}, or with other sex, age, classes, department or source`,
    `${dep} d FULL JOIN ${ind} i ON i.id_carto = d.id_carto
     WHERE i.id_carto IS NULL OR d.id_carto IS NULL OR i.ben_sex_cod <> d.ben_sex_cod OR i.age <> d.age
       OR i.cla_age_5 <> d.cla_age_5 OR i.cla_age_ct <> d.cla_age_ct OR i.dpt <> d.dpt OR i.source <> d.source`
  );
  const columns = dictionary.table('CT_DEP_AAAA_GN').columns.map(c => c.name);
  const of = (re: RegExp, m: string): string =>
    columns
      .filter(c => re.test(c) && c.endsWith(`_${m}`))
      .map(c => `"${c}"`)
      .join(' + ');
  const wrong = ['MNT', 'BSE'].map(
    m => `TOT_DEP_SDV_${m} <> ${of(/^DEP_SDV_/, m)}
       OR TOT_DEP_HOP_${m} <> ${of(/^DEP_(DGF|OQN)_/i, m)}
       OR TOT_DEP_${m} <> TOT_DEP_SDV_${m} + TOT_DEP_HOP_${m} + TOT_DEP_PRESESPECE_${m}`
  );
  const over = columns
    .filter(c => c.endsWith('_MNT'))
    .map(c => `"${c}" > "${c.replace(/_MNT$/, '_BSE')}"`);
  expectZero(
    `${dep}: totals other than the sum of their parts, or a reimbursed amount above the reimbursable one`,
    `${dep} WHERE ${wrong.join(' OR ')} OR ${over.join(' OR ')}`
  );
  if (present.has(ide) && present.has('ER_PRS_F') && present.has('IR_BEN_R')) {
    // Each town item is rounded to the euro: the total may differ by one euro per item.
    expectZero(
      `${dep}: town expenses (TOT_DEP_SDV_MNT) other than the person's reimbursed DCIR lines of ${year}`,
      `(SELECT d.id_carto, any_value(d.TOT_DEP_SDV_MNT) AS tot, coalesce(sum(p.BSE_REM_MNT), 0) AS dcir
        FROM ${dep} d JOIN ${ide} i ON i.id_carto = d.id_carto
        LEFT JOIN ER_PRS_F p ON p.BEN_NIR_PSA = i.ben_nir_psa AND p.BEN_RNG_GEM = i.ben_rng_gem
          AND year(p.EXE_SOI_DTD) = ${year} AND p.DPN_QLF <> 71
        GROUP BY d.id_carto) WHERE abs(tot - dcir) > 6`
    );
  }
  return found.result();
}

/** Neonatal part of the death certificate, empty on adult certificates. */
const NEONATAL_FIELDS = [
  'NEO_APG_SCO',
  'NEO_GES_AGE',
  'NEO_NAI_POI',
  'RNG_NAI_TYP',
  'ACC_LIA_COD',
  'MOD_ACC_COD',
  'MER_NAI_ANN',
  'TOT_GRS_NBR'
];

/**
 * Causes of death: each certificate agrees with its person (sex, birth, residence, date),
 * its fields with the deceased's age and sex (adult certificates leave the neonatal part
 * empty, pregnancy applies to women, the retired are old, the married adults), the 2017
 * model is not used before 2018; a stay ending in death (SOR_MOD 9) is the person's death in
 * a health establishment, and no stay follows a death.
 */
function checkDeaths(
  query: QueryFn,
  byTemplate: Map<string, string[]>,
  present: Map<string, string>
): ICheckResult {
  const found = new Findings(query);
  const expectZero = found.expectZero;
  const age = '(k.FLX_PER_ANN - k.BEN_NAI_ANN)';
  expectZero(
    "KI_CCI_R: sex, birth, residence or death date other than the person's in IR_BEN_R",
    `KI_CCI_R k JOIN IR_BEN_R b ON b.BEN_IDT_ANO = k.BEN_IDT_ANO
     WHERE k.BEN_SEX_COD <> b.BEN_SEX_COD OR k.BEN_NAI_ANN <> b.BEN_NAI_ANN OR k.BEN_NAI_MOI <> b.BEN_NAI_MOI
       OR k.BEN_RES_DPT <> b.BEN_RES_DPT OR k.BEN_DCD_DTE <> b.BEN_DCD_DTE`
  );
  expectZero(
    'KI_CCI_R: FLX_PER_ANN or BEN_DCD_AME not the year and month of BEN_DCD_DTE',
    `KI_CCI_R k WHERE k.FLX_PER_ANN <> year(k.BEN_DCD_DTE) OR k.BEN_DCD_AME <> CAST(year(k.BEN_DCD_DTE) * 100 + month(k.BEN_DCD_DTE) AS VARCHAR)`
  );
  expectZero(
    'KI_CCI_R: neonatal fields on an adult certificate, or a neonatal certificate after the first month',
    `KI_CCI_R k WHERE (k.TYP_CER_COD = 1 AND (${NEONATAL_FIELDS.map(f => `k.${f} IS NOT NULL`).join(' OR ')}))
       OR (k.TYP_CER_COD = 2 AND date_diff('day', k.BEN_NAI_MOI, k.BEN_DCD_DTE) > 58)`
  );
  expectZero(
    'KI_CCI_R: 2017 certificate model (CER_VER_NUM 2) for a death before 2018',
    'KI_CCI_R k WHERE k.CER_VER_NUM = 2 AND k.FLX_PER_ANN < 2018'
  );
  expectZero(
    'KI_CCI_R: pregnancy item for a man, retired (PFV_ACP_COD 1, CAT_PCS_COD 7) under 50 or not both, in work under 15, married, widowed or divorced under 18',
    `KI_CCI_R k WHERE (k.DCD_GRS_COD IS NOT NULL AND k.BEN_SEX_COD <> 2)
       OR ((k.PFV_ACP_COD = 1) <> (k.CAT_PCS_COD = '7')) OR (k.PFV_ACP_COD = 1 AND ${age} < 50)
       OR (k.PFV_ACP_COD = 3 AND ${age} < 15) OR (k.ETA_MAR_COD IN (2, 3, 4) AND ${age} < 18)`
  );
  expectZero(
    'KI_CCI_R: place of a violent death (DCD_LIE_LIB) without an external cause (V to Y)',
    "KI_CCI_R k WHERE k.DCD_LIE_LIB IS NOT NULL AND substr(k.DCD_CIM_COD, 1, 1) NOT BETWEEN 'V' AND 'Y'"
  );
  if (present.has('KI_ECD_R')) {
    expectZero(
      'KI_ECD_R: cause of rank 1 other than the initial cause of KI_CCI_R',
      'KI_ECD_R e JOIN KI_CCI_R k ON k.DCD_IDT_ENC = e.DCD_IDT_ENC WHERE e.ECD_CAU_RNG = 1 AND e.ECD_CIM_COD <> k.DCD_CIM_COD'
    );
  }
  for (const b of byTemplate.get('T_MCOaaB') ?? []) {
    const c = b.replace(/B$/, 'C');
    if (!present.has(c)) {
      continue;
    }
    const stays = `${b} s JOIN ${c} c ON c.ETA_NUM = s.ETA_NUM AND c.RSA_NUM = s.RSA_NUM
      JOIN IR_BEN_R b ON b.BEN_NIR_PSA = c.NIR_ANO_17 AND c.NIR_RET IS NOT TRUE`;
    expectZero(
      `${b}: stay ending in death (SOR_MOD 9) not on the person's death date, or not a death in a health establishment (KI_CCI_R.DCD_LIE_COD 2 or 3)`,
      `${stays} LEFT JOIN KI_CCI_R k ON k.BEN_NIR_ANO = b.BEN_NIR_ANO
       WHERE s.SOR_MOD = '9' AND (b.BEN_DCD_DTE <> c.SOR_DAT OR k.DCD_LIE_COD NOT IN (2, 3))`
    );
    expectZero(
      `${b}: stay of a dead person ending after the death`,
      `${stays} WHERE b.BEN_DCD_DTE <> DATE '1600-01-01' AND c.SOR_DAT > b.BEN_DCD_DTE`
    );
  }
  return found.result();
}

/**
 * PMSI MCO stays of one year: the GHM follows the stay (its severity the length, its GHS the
 * nomenclature's CMD, type, age and sex, the same diagnosis and age always giving the same
 * root), the related diagnosis only qualifies a Z principal diagnosis, sessions are counted
 * as sessions, inter-establishment services are transfers, dates fall in the table's year.
 */
async function checkStays(
  query: QueryFn,
  loader: INomenclatureLoader,
  b: string,
  c: string | undefined
): Promise<ICheckResult> {
  const found = new Findings(query);
  const expectZero = (what: string, where: string, from = b): void =>
    found.expectZero(`${b}: ${what}`, `${from} WHERE ${where}`);
  const year = 2000 + Number(/T_MCO(\d{2})B/.exec(b)![1]);
  const sev = 'substr(GRG_GHM, 6, 1)';
  expectZero(
    "ambulatory ('J') GHM on a stay with a night, or very short ('T') on more than one",
    `(${sev} = 'J' AND SEJ_NBJ <> 0) OR (${sev} = 'T' AND SEJ_NBJ > 1)`
  );
  expectZero(
    'GHM severity level above what the length of stay allows',
    MIN_NIGHTS_BY_LEVEL.slice(1)
      .map((d, k) => `(${sev} = '${k + 2}' AND SEJ_NBJ < ${d})`)
      .join(' OR ')
  );
  expectZero(
    'session GHM (CMD 28) without a session count, or sessions outside CMD 28',
    "(substr(GRG_GHM, 1, 2) = '28') <> (NBR_SEA > 0) OR (NBR_SEA > 0 AND SEJ_NBJ IS NOT NULL)"
  );
  expectZero(
    'the same principal diagnosis and age grouped in different GHM roots',
    'true',
    `(SELECT DGN_PAL FROM ${b} GROUP BY DGN_PAL, AGE_ANN HAVING count(DISTINCT substr(GRG_GHM, 1, 5)) > 1)`
  );
  expectZero(
    'surgical GHM (type C) without an act (NBR_ACT 0)',
    "substr(GRG_GHM, 3, 1) = 'C' AND NBR_ACT = 0"
  );
  expectZero(
    'related diagnosis (DGN_REL) without a Z principal diagnosis',
    "DGN_REL IS NOT NULL AND DGN_PAL NOT LIKE 'Z%'"
  );
  expectZero(
    "inter-establishment service (SEJ_TYP 'B') not entered and left by transfer (mode 0)",
    "SEJ_TYP = 'B' AND NOT (ENT_MOD = '0' AND SOR_MOD = '0')"
  );
  expectZero(`exit year other than ${year}`, `SOR_ANN <> ${year}`);
  // About 45% of MCO stays, sessions and services for another establishment aside, have no
  // night (ATIH, 2019); judged on enough stays for the share to mean something.
  const [share] = query(
    `SELECT count(*) AS n, avg(CASE WHEN SEJ_NBJ = 0 THEN 1 ELSE 0 END) AS ambulatory FROM ${b}
     WHERE NBR_SEA = 0 AND substr(GRG_GHM, 1, 2) <> '28' AND SEJ_TYP IS DISTINCT FROM 'B'`
  );
  found.checks++;
  const ambulatory = Math.round(Number(share.ambulatory) * 100);
  // A small dataset may stray by chance: widen the bounds by its sampling noise.
  const noise = Math.round(
    SHARE_NOISE_SE *
      100 *
      Math.sqrt((0.45 * 0.55) / Math.max(1, Number(share.n)))
  );
  const [low, high] = [AMBULATORY_PCT[0] - noise, AMBULATORY_PCT[1] + noise];
  if (
    Number(share.n) >= MIN_STAYS_FOR_SHARES &&
    (ambulatory < low || ambulatory > high)
  ) {
    found.failures.push(
      `${b}: ${ambulatory}% of ${String(share.n)} stays without a night (SEJ_NBJ 0), sessions and SEJ_TYP B aside; about 45% expected (${low} to ${high}% on this many stays)`
    );
  }
  if (c) {
    expectZero(
      `exit date outside ${year}, entry after exit, or SEJ_NBJ other than the nights between them`,
      `year(c.SOR_DAT) <> ${year} OR c.ENT_DAT > c.SOR_DAT OR (b.SEJ_NBJ IS NOT NULL AND b.SEJ_NBJ <> date_diff('day', c.ENT_DAT, c.SOR_DAT))`,
      `${b} b JOIN ${c} c ON c.ETA_NUM = b.ETA_NUM AND c.RSA_NUM = b.RSA_NUM`
    );
  }
  const ghs = new Map(
    ghsRows(await loader.load('IR_GHS_V')).map(g => [g.num, g])
  );
  const groups = query(
    `SELECT GHS_NUM AS ghs, GRG_GHM AS ghm, min(AGE_ANN) AS lo, max(AGE_ANN) AS hi, string_agg(DISTINCT COD_SEX, '') AS sexes FROM ${b} GROUP BY ALL`
  );
  found.checks++;
  const wrong = groups.filter(r => {
    const g = ghs.get(Number(r.ghs));
    const ghm = String(r.ghm);
    return (
      !g ||
      g.cmd !== Number(ghm.slice(0, 2)) ||
      !ghsTypeFits(g.ddp, ghm) ||
      (g.ageMin > 0 && Number(r.lo) < g.ageMin) ||
      (g.ageMax > 0 && Number(r.hi) > g.ageMax) ||
      (g.sex > 0 && String(r.sexes) !== String(g.sex))
    );
  });
  if (wrong.length) {
    found.failures.push(
      `${b}: GHS_NUM not in IR_GHS_V or not matching its GHM's CMD and type, or the patients' age and sex: ${wrong
        .slice(0, 3)
        .map(r => `${String(r.ghm)}/${String(r.ghs)}`)
        .join(', ')}`
    );
  }
  return found.result();
}

/**
 * Units (RUM) of the stays of one year: each stay has NBR_RUM units numbered 1 to NBR_RUM,
 * whose partial lengths add up to its length; the unit of the principal diagnosis (SEQ_RUM)
 * is one of them, a unit codes no more associated diagnoses than the stay, the units' acts
 * add up to the stay's, and an act (T_MCOaaA) falls on a day of its unit (RUM_SEQ).
 */
function checkUnits(
  query: QueryFn,
  b: string,
  um: string,
  a: string | undefined
): ICheckResult {
  const found = new Findings(query);
  const units = `(SELECT ETA_NUM, RSA_NUM, count(*) AS k, count(DISTINCT UM_ORD_NUM) AS kd, min(UM_ORD_NUM) AS lo,
      max(UM_ORD_NUM) AS hi, sum(PAR_DUR_SEJ) AS nights, min(PAR_DUR_SEJ) AS shortest,
      max(DGN_ASS_NBR) AS das, sum(ACT_RUM_NBR) AS acts
    FROM ${um} GROUP BY ALL)`;
  const stays = `${b} s LEFT JOIN ${units} u ON u.ETA_NUM = s.ETA_NUM AND u.RSA_NUM = s.RSA_NUM`;
  found.expectZero(
    `${um}: a stay of ${b} without NBR_RUM units numbered 1 to NBR_RUM, or with partial lengths (PAR_DUR_SEJ) not adding up to its SEJ_NBJ`,
    `${stays} WHERE u.k IS NULL OR u.k <> s.NBR_RUM OR u.kd <> u.k OR u.lo <> 1 OR u.hi <> s.NBR_RUM
       OR u.shortest < 0 OR u.nights <> coalesce(s.SEJ_NBJ, 0)`
  );
  found.expectZero(
    `${um}: units with more associated diagnoses (DGN_ASS_NBR) than the stay's NBR_DGN, acts (ACT_RUM_NBR) not adding up to its NBR_ACT, or a SEQ_RUM not one of its units`,
    `${stays} WHERE u.das > s.NBR_DGN OR u.acts <> s.NBR_ACT OR s.SEQ_RUM NOT BETWEEN 1 AND s.NBR_RUM`
  );
  if (a) {
    found.expectZero(
      `${a}: act in a unit (RUM_SEQ) its stay does not have, or on a day (ENT_DAT_DEL) outside that unit's nights`,
      `${a} x LEFT JOIN (
         SELECT ETA_NUM, RSA_NUM, UM_ORD_NUM, PAR_DUR_SEJ,
           sum(PAR_DUR_SEJ) OVER (PARTITION BY ETA_NUM, RSA_NUM ORDER BY UM_ORD_NUM) AS um_end
         FROM ${um}) u ON u.ETA_NUM = x.ETA_NUM AND u.RSA_NUM = x.RSA_NUM AND u.UM_ORD_NUM = TRY_CAST(x.RUM_SEQ AS INTEGER)
       WHERE u.UM_ORD_NUM IS NULL OR x.ENT_DAT_DEL NOT BETWEEN u.um_end - u.PAR_DUR_SEJ AND u.um_end`
    );
  }
  return found.result();
}
