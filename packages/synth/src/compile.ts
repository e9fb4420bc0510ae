/**
 * Compiles the generator to a program of portable DuckDB SQL: parameterised statements
 * ({{patients}}, {{seed}}, {{y0}}, {{nyears}}, {{yy+t}} for the year t after the first, and
 * per year {{year}}, {{yy}}) that DuckDB-WASM and native DuckDB run alike. Core tables come
 * from core_model.ts; every other table gets schema-valid values (nomenclature codes, enums,
 * lengths, types) and keys drawn from the tables it links to, so every link of the dictionary
 * holds.
 */
import {
  concreteTableName,
  DCIR_JOIN_KEY,
  duckdbType,
  quoteIdentifier,
  type IColumn,
  type ILink,
  type INomenclatureLoader,
  type ITable,
  type SndsDictionary
} from '@snds-lab/schema';
import {
  aldNumbers,
  CoreModel,
  coreNomenclatures,
  DRUG_KINDS,
  LOOKUP_TABLE,
  MAX_YEARS,
  TERMINAL_CAUSES,
  type ICoreCodes
} from './core_model.js';
import {
  expandMacros,
  multiplier,
  rowRandom,
  rowRandomRows,
  saltOf,
  saltedRowRandomRows,
  sqlString
} from './hash_sql.js';
import {
  inlineSql,
  poolsSelect,
  splitList,
  sqlList,
  type IPoolList
} from './pool_lists.js';
import {
  chronicAtcOf,
  lastStaysOf,
  PRESENTATIONS,
  type IProfiles
} from './profiles.js';
import { CREATE_WORK_TABLE } from './work_tables.js';

export const PROGRAM_FORMAT = 'snds-synth-program';
export const PROGRAM_VERSION = 7;

/**
 * The program's joins are written in the order they should run: DuckDB's join-order
 * optimizer costs more planning than it saves here, and it builds ER_PRS_F's filler join on
 * the 238,000 care rows instead of the 4,096 filler rows. Without it a generation takes about
 * 10% less time on both engines. (Turning off the other optimizers that cost planning time
 * saved 1.7% of the instructions natively and no measurable time.) Only optimizers the
 * engine has are named, so a DuckDB without one still runs the program. The setting is
 * global, so the caller's value is kept in a variable and put back.
 */
const OPTIMIZERS_OFF = ['join_order'];
const SAVED_OPTIMIZERS = 'snds_synth_disabled_optimizers';
const OFF_OPTIMIZERS = 'snds_synth_optimizers_off';
const PLANNER_PROLOGUE = [
  `SET VARIABLE ${SAVED_OPTIMIZERS} = current_setting('disabled_optimizers')`,
  `SET VARIABLE ${OFF_OPTIMIZERS} = (SELECT string_agg(name, ',' ORDER BY name) FROM duckdb_optimizers() WHERE name IN (${OPTIMIZERS_OFF.map(n => `'${n}'`).join(', ')}))`,
  `SET disabled_optimizers = concat_ws(',', nullif(getvariable('${SAVED_OPTIMIZERS}'), ''), getvariable('${OFF_OPTIMIZERS}'))`,
  `RESET VARIABLE ${OFF_OPTIMIZERS}`
];
const PLANNER_EPILOGUE = [
  `SET disabled_optimizers = getvariable('${SAVED_OPTIMIZERS}')`,
  `RESET VARIABLE ${SAVED_OPTIMIZERS}`
];
export const MIN_PATIENTS = 100;
export const MAX_PATIENTS = 1_000_000;
export const DRUG_TABLE = 'IR_PHA_R';
/** Keys of a parent table that the rows of a generic child table draw from. */
const KEY_SAMPLE = 4096;
/** Parent rows, in key order, among which the key sample is taken. */
const KEY_PREFIX = 4 * KEY_SAMPLE;
/** The one-row table holding every code list the generic columns draw from. */
const POOLS = LOOKUP_TABLE;
/** The column of POOLS holding every code list of the generic tables, as a list of lists. */
const ALL_POOLS = 'all_pools';

/** Kinds of generic values (IValueSpec.kind). */
const KIND = {
  pool: 0,
  integer: 1,
  string: 2,
  yearMonth: 3,
  number: 4,
  date: 5,
  datetime: 6,
  year: 7,
  boolean: 8,
  /** A string of more than 10 digits: two words, repeated. */
  longString: 9
};

/** A generic column's draw: its kind, salt multipliers and bounds, and code list if any. */
interface IValueSpec {
  kind: number;
  mult: number;
  n: number;
  lo: number;
  width: number;
  mult2: number;
  codes?: string[];
  type: string;
}

/**
 * The SQL of a generic value of one kind; `f(k)` gives field k of the spec
 * ([kind, mult, n, lo, width, pool, mult2]) as SQL, `r` the row random.
 */
function specSql(
  f: (k: number) => string,
  kind: number,
  r: string,
  pools: string
): string {
  const word = (mult: string): string =>
    `((CAST(${r} AS BIGINT) * ${mult}) & 4294967295)`;
  const draw = (n: string, mult = f(1)): string =>
    `((${word(mult)} >> 8) % ${n})`;
  switch (kind) {
    case KIND.pool:
      return `${pools}[${f(5)}][1 + ${draw(f(2))}]`;
    case KIND.integer:
      return `${f(3)} + ${draw(f(2))}`;
    case KIND.string:
      return `substr(lpad(CAST(${word(f(1))} AS VARCHAR), 10, '0'), 1, ${f(4)})`;
    case KIND.longString:
      // Twenty digits from two words, repeated up to the width.
      return `substr(repeat(lpad(CAST(${word(f(1))} AS VARCHAR), 10, '0') || lpad(CAST(${word(f(6))} AS VARCHAR), 10, '0'), (${f(4)} + 19) // 20), 1, ${f(4)})`;
    case KIND.yearMonth:
      return `CAST({{y0}} * 100 + 1 + ${draw('12')} AS VARCHAR)`;
    case KIND.number:
      return `(${f(3)} + ${draw(f(2))}) * 0.01`;
    case KIND.date:
      return `make_date({{y0}}, 1, 1) + CAST(${draw('365')} AS INTEGER)`;
    case KIND.datetime:
      return `CAST(make_date({{y0}}, 1, 1) + CAST(${draw('365')} AS INTEGER) AS TIMESTAMP) + to_seconds(CAST(${draw('86400', f(6))} AS BIGINT))`;
    case KIND.year:
      return `{{y0}} - ${draw('3')}`;
    default:
      return `${draw('2')} = 1`;
  }
}

/** A one-row relation cross-joined to a table's rows, and what its level adds to them. */
interface ILevel {
  join: string;
  exprs: (rows: string) => string[];
}

/** The `kinds` in one VARCHAR expression over a spec `s` (a BIGINT list), for a lambda. */
function anySpecSql(r: string, pools: string, kinds: number[]): string {
  const f = (k: number): string => `s[${k + 1}]`;
  const whens = [...new Set(kinds)]
    .sort((a, b) => a - b)
    .map(k => `WHEN ${k} THEN CAST(${specSql(f, k, r, pools)} AS VARCHAR)`)
    .join(' ');
  return `CASE s[1] ${whens} END`;
}
/** A spec text (IValueSpec fields by column, see specText) as a list of BIGINT lists. */
function parsedSpecs(textSql: string): string {
  return `list_transform(string_split(${textSql}, '|'), lambda x: CAST(string_split(x, ',') AS BIGINT[]))`;
}

/** A generic table whose values a product's batch draws (valueBatchSteps). */
interface IBatchTable {
  name: string;
  /** Its row count, as SQL, from its rows per patient. */
  count: string;
  rate: number;
  specs: string;
  kinds: number[];
}

interface IValueBatch {
  id: string;
  name: string;
  tables: IBatchTable[];
}

/** A year that stands for {{year}} while the schema package names per-year tables. */
const YEAR_MARK = 2042;

/** A step's expected rows, for the memory estimate. */
export interface IStepRows {
  fixed: number;
  perPatient: number;
  /** Per patient and generated year, in one table (ER_PRS_F holds every year's care). */
  yearly?: boolean;
}

export interface IProgramStep {
  id: string;
  /** The SNDS table this step fills (template name), if any. */
  table?: string;
  product?: string;
  perYear: boolean;
  deps: string[];
  sql: string[];
  /** Statements run once every step has run: dropping work tables, helper columns. */
  cleanup?: string[];
  /**
   * Expected rows: fixed plus perPatient a patient, for each generated year when the step is
   * perYear or its rows are `yearly` (the care tables, one table for all years).
   */
  rows?: IStepRows;
  bytesPerRow?: number;
  /**
   * The first statement creates the table from the persons {{chunk_lo}} to {{chunk_hi}} - 1: a big
   * request runs it once per chunk of persons (INSERT after the first), so no statement
   * holds the whole table uncompressed (runner.ts, chunkStatements). {{materialized}} marks
   * a CTE that runner.py materializes where memory allows; elsewhere it is left out.
   */
  chunked?: boolean;
  /**
   * A chunked step's table, created empty from its columns' types: cheap where the first
   * statement with no persons would still be planned in full (runner.py, appended_jobs).
   */
  empty?: string;
}

export interface IProgramTable {
  name: string;
  /** The SQL name with {{yy}} / {{year}} for per-year tables. */
  sqlName: string;
  product: string;
  perYear: boolean;
  model: 'core' | 'generic';
}

export interface IProgram {
  format: typeof PROGRAM_FORMAT;
  version: number;
  credit: string;
  limits: { minPatients: number; maxPatients: number; maxYears: number };
  products: Record<string, string[]>;
  /** Run on every connection (each cursor) before its first step. */
  setup: string[];
  /**
   * Run once on the caller's connection before the first step; `epilogue` undoes it after
   * the last, also after a failure (when the prologue ran).
   */
  prologue: string[];
  epilogue: string[];
  steps: IProgramStep[];
  tables: IProgramTable[];
  profileSources: Record<string, string>;
  /**
   * Codes of the profiles that `check` needs: the GP specialty (IR_SPE_V) of declared GPs,
   * and the natures (IR_NAT_V, PRS_NAT_REF) of the drug, biology and nursing lines.
   */
  codes: {
    gpSpecialty: number;
    natures: { pharmacy: number; biology: number; nursing: number };
  };
}

/** Product aliases accepted by `--products`, besides the dictionary's own product names. */
export const PRODUCT_ALIASES: Record<string, string[]> = {
  dcir: ['DCIR', 'DCIR_DCIRS', 'BENEFICIAIRE', 'OPENMEDIC'],
  dcirs: ['DCIRS', 'DCIR_DCIRS', 'BENEFICIAIRE'],
  pmsi: ['PMSI MCO', 'PMSI HAD', 'PMSI SSR', 'PMSI RIM-P'],
  mco: ['PMSI MCO'],
  had: ['PMSI HAD'],
  ssr: ['PMSI SSR'],
  rimp: ['PMSI RIM-P'],
  beneficiaire: ['BENEFICIAIRE'],
  deces: ['Causes de décès'],
  cartographie: ['CARTOGRAPHIE_PATHOLOGIES'],
  egb: ['EGB'],
  damir: ['DAMIR'],
  open: ['OPENBIO', 'OPENLPP', 'OPENMEDIC']
};

/**
 * Expected rows of the core tables per patient (per year for per-year tables), for the
 * memory estimate only: measured on 10,000 patients with the shipped profiles, rounded up.
 */
const CORE_ROWS: Record<string, IStepRows> = {
  DA_PRA_R: { fixed: 15, perPatient: 0.004 },
  ER_PRS_F: { fixed: 0, perPatient: 28, yearly: true },
  ER_PHA_F: { fixed: 0, perPatient: 18, yearly: true },
  ER_BIO_F: { fixed: 0, perPatient: 10, yearly: true },
  T_MCOaaB: { fixed: 0, perPatient: 0.25 },
  T_MCOaaC: { fixed: 0, perPatient: 0.25 },
  T_MCOaaD: { fixed: 0, perPatient: 0.2 },
  T_MCOaaA: { fixed: 0, perPatient: 0.2 },
  T_MCOaaUM: { fixed: 0, perPatient: 0.3 },
  T_MCOaaVALO: { fixed: 0, perPatient: 0.25 },
  T_MCOaaE: { fixed: 5, perPatient: 0.0004 },
  CT_IND_AAAA_GN: { fixed: 0, perPatient: 1 },
  CT_DEP_AAAA_GN: { fixed: 0, perPatient: 1 },
  CT_IDE_AAAA_GN: { fixed: 0, perPatient: 1.03 },
  IR_BEN_R: { fixed: 0, perPatient: 1.03 },
  IR_IBA_R: { fixed: 0, perPatient: 1 },
  IR_IMB_R: { fixed: 0, perPatient: 0.16 },
  KI_CCI_R: { fixed: 0, perPatient: 0.01 },
  KI_ECD_R: { fixed: 0, perPatient: 0.02 }
};

/** ER_PHA_F's columns that the DCIR events compute and ER_PRS_F carries to it, typed. */
const PHA_FROM_EVENTS: [string, string][] = [
  ['PHA_PRS_C13', 'BIGINT'],
  ['PHA_PRS_IDE', 'BIGINT'],
  ['PHA_ACT_QSN', 'BIGINT'],
  ['PHA_ACT_PRU', 'DECIMAL(22,2)']
];
/**
 * Columns of the DCIR events ER_PRS_F keeps until every step has run (ER_PHA_F, ER_BIO_F,
 * CT_DEP), with the types the events give them.
 */
const DCIR_HELPERS: [string, string][] = [
  ['_r', 'BIGINT'],
  ['i', 'BIGINT'],
  ['kind', 'INTEGER'],
  ['atc_i', 'BIGINT'],
  ['pres', 'BIGINT'],
  ['bio_p', 'INTEGER'],
  ...PHA_FROM_EVENTS
];

/** How a table is made: by a core-model driver, or by generic draws when there is none. */
interface ITableStepOptions {
  /** The core-model query whose rows the table takes. */
  driver?: string;
  deps?: string[];
  /** Where to read the driver's output column names, when not from the driver itself. */
  columnsFrom?: string;
  /** Driver columns kept on the table until cleanup, for later steps: name and type. */
  helpers?: [string, string][];
  /** Whether the generic columns may come from a filler of drawn rows. */
  filler?: boolean;
  /** Whether the table is made in chunks of persons (IProgramStep.chunked). */
  chunked?: boolean;
}
/** Core tables with this many rows per patient and generic columns draw them from a filler. */
const FILLER_MIN_ROWS = 5;
const FILLER_MIN_COLUMNS = 20;
const FILLER_ROWS = 4096;

/** Tables whose rows the core model writes (the rest are generic). */
const CORE_TABLES = new Set([
  'DA_PRA_R',
  'IR_BEN_R',
  'IR_IBA_R',
  'ER_PRS_F',
  'ER_PHA_F',
  'ER_BIO_F',
  'IR_IMB_R',
  'KI_CCI_R',
  'KI_ECD_R',
  'T_MCOaaB',
  'T_MCOaaC',
  'T_MCOaaD',
  'T_MCOaaA',
  'T_MCOaaUM',
  'T_MCOaaVALO',
  'T_MCOaaE',
  'CT_IND_AAAA_GN',
  'CT_IDE_AAAA_GN',
  'CT_DEP_AAAA_GN'
]);

export function sqlNameTemplate(table: ITable): string {
  if (!table.yearPattern) {
    return table.name;
  }
  return table.yearPattern === 'AAAA'
    ? concreteTableName(table.name, 'AAAA', YEAR_MARK).replace(
        String(YEAR_MARK),
        '{{year}}'
      )
    : concreteTableName(table.name, 'aa', YEAR_MARK).replace(
        String(YEAR_MARK % 100),
        '{{yy}}'
      );
}

/** Codes of a nomenclature that a column of this type and length can hold. */
export function fittingCodes(column: IColumn, codes: string[]): string[] {
  const type = duckdbType(column);
  const max = column.constraints?.maxLength ?? lengthOf(column);
  return codes.filter(code => {
    if (code === '' || code.trim() !== code) {
      return false;
    }
    if (type === 'VARCHAR') {
      return max === undefined || code.length <= max;
    }
    if (type === 'INTEGER' || type === 'BIGINT' || type === 'SMALLINT') {
      // Leading zeros ('011') and zero decimals ('65.00') are the same integer.
      return (
        /^-?\d{1,9}(\.0+)?$/.test(code) &&
        (max === undefined || String(Number(code)).length <= max)
      );
    }
    if (type.startsWith('DECIMAL')) {
      const m = /DECIMAL\((\d+),(\d+)\)/.exec(type)!;
      const intDigits = Number(m[1]) - Number(m[2]);
      return (
        /^-?\d+(\.\d+)?$/.test(code) &&
        Math.abs(Number(code)) < 10 ** intDigits &&
        (code.split('.')[1]?.length ?? 0) <= Number(m[2])
      );
    }
    if (type === 'DOUBLE') {
      return /^-?\d+(\.\d+)?$/.test(code);
    }
    return false;
  });
}

function lengthOf(column: IColumn): number | undefined {
  return column.length && /^\d+$/.test(column.length)
    ? Number(column.length)
    : undefined;
}

function literal(code: string, type: string): string {
  return type === 'VARCHAR' ? sqlString(code) : String(Number(code));
}

/** The referential field a column of IR_PHA_R names: the same-named field, else the code. */
export function drugField(column: string, nomenclatureColumn: string): string {
  return DRUG_FIELDS.has(column) ? column : nomenclatureColumn;
}
const DRUG_FIELDS = new Set([
  'PHA_PRS_IDE',
  'PHA_CIP_C13',
  'PHA_ATC_C07',
  'PHA_ATC_C03'
]);

interface ICompileInput {
  dictionary: SndsDictionary;
  loader: INomenclatureLoader;
  profiles: IProfiles;
  /** Draw the generic values in one batch per product (the default), or table by table. */
  valueBatches?: boolean;
}

export class ProgramCompiler {
  private readonly pools = new Map<string, string[]>();
  private readonly keySteps = new Map<string, IProgramStep>();
  /** Code lists of the generic columns, by their inlined SQL: their column of POOLS. */
  private readonly poolColumns = new Map<
    string,
    { column: string; list: IPoolList }
  >();
  /** Code lists of the generic tables' specs: codes joined by U+001F → 1-based index. */
  private readonly allPools = new Map<string, number>();
  /** The generic tables whose values a product's value batch draws, by product. */
  private readonly valueBatches = new Map<string, IValueBatch>();
  private core!: CoreModel;

  constructor(private readonly input: ICompileInput) {}

  private get dictionary(): SndsDictionary {
    return this.input.dictionary;
  }

  private async codes(name: string, field?: string): Promise<string[]> {
    let codes = this.pools.get(`${name}.${field ?? ''}`);
    if (!codes) {
      const nomenclature = this.dictionary.data.nomenclatures.find(
        n => n.name === name
      );
      if (!nomenclature || nomenclature.valueCount === null) {
        codes = [];
      } else {
        const values = await this.input.loader.load(name);
        const k = field ? values.columns.indexOf(field) : -1;
        codes = [...new Set(values.rows.map(r => r[k >= 0 ? k : values.code]))];
      }
      this.pools.set(`${name}.${field ?? ''}`, codes);
    }
    return codes;
  }

  /** An evenly spaced sample of the codes that fit the column. */
  private async pool(column: IColumn): Promise<string[]> {
    const all = fittingCodes(
      column,
      await this.codes(column.nomenclature!.name, column.nomenclature!.column)
    );
    const size = this.input.profiles.generic.codesPerNomenclature;
    if (all.length <= size) {
      return all;
    }
    return Array.from(
      { length: size },
      (_, k) => all[Math.floor((k * all.length) / size)]
    );
  }

  private async requireCodes(
    name: string,
    wanted: (string | number)[],
    where: string
  ): Promise<void> {
    const codes = new Set(await this.codes(name));
    const missing = wanted.map(String).filter(c => !codes.has(c));
    if (missing.length) {
      throw new Error(
        `${where}: ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not in nomenclature ${name}; use codes of that list.`
      );
    }
  }

  /**
   * Codes of the last MCO stay of a death (`where` names them): in MS_CIM_V, grouped by a
   * rule of care.json pmsi.ghm, and of a medical root unless acuteStay.ccamByCode gives acts.
   */
  private async checkLastStays(codes: string[], where: string): Promise<void> {
    const care = this.input.profiles.care;
    await this.requireCodes('MS_CIM_V', codes, where);
    for (const code of codes) {
      const rule = care.pmsi.ghm.find(r =>
        r.icd10.some(p => code.startsWith(p))
      );
      if (!rule) {
        throw new Error(
          `${where}: no rule of care.json pmsi.ghm groups ${code}; choose a code a rule covers, or add a rule for it.`
        );
      }
      // A surgical GHM needs an act: only general-stay codes with acts get one.
      if (
        rule.root[2] === 'C' &&
        !(code in (care.acuteStay.ccamByCode ?? {}))
      ) {
        throw new Error(
          `${where}: ${code} groups in the surgical root ${rule.root}, whose stays need an act, and care.json acuteStay.ccamByCode gives it none; choose a code of a medical root, or give it acts there.`
        );
      }
    }
  }

  private async coreCodes(): Promise<ICoreCodes> {
    const { profiles } = this.input;
    const geo = await this.input.loader.load('IR_GEO_V');
    const dptCol = geo.columns.indexOf('GEO_DPT_COD');
    const communes = new Map<string, string[]>();
    for (const row of geo.rows) {
      const d = row[dptCol];
      if (d in profiles.population.departments) {
        const list = communes.get(d) ?? [];
        if (list.length < 30 && /^\d{3}$/.test(row[geo.code])) {
          list.push(row[geo.code]);
        }
        communes.set(d, list);
      }
    }
    const orgs = (await this.codes('IR_ORG_V')).filter(c =>
      /^01C\d{6}$/.test(c)
    );
    const organisations = orgs.filter(
      (_, k) => k % Math.ceil(orgs.length / 40) === 0
    );
    const nem = await this.input.loader.load('IR_NEM_T');
    const emitters = nem.rows
      .filter(r => r[0] === '1')
      .map(r => Number(r[nem.code]))
      .filter(n => n < 100);
    const atc = await this.input.loader.load('openmedic_ATC5');
    const atcCodes = atc.rows.map(r => r[atc.code]).filter(c => c.length === 7);
    const etm = await this.codes('IR_ETM_V');
    return {
      communes,
      organisations,
      emitters,
      atcIndex: new Map(atcCodes.map((c, k) => [c, k])),
      presentations: PRESENTATIONS,
      etmAld: etm.includes('41') ? 41 : null,
      ...(await coreNomenclatures(this.input.loader, this.dictionary))
    };
  }

  private async validateProfiles(): Promise<void> {
    const { conditions, care } = this.input.profiles;
    for (const c of conditions.conditions) {
      const icd = [
        ...(c.icd10 ?? []),
        ...(c.icd10ByMale ?? []),
        ...(c.icd10ByFemale ?? [])
      ];
      await this.requireCodes(
        'MS_CIM_V',
        icd,
        `conditions.json (${c.id}) icd10`
      );
      await this.requireCodes(
        'IR_CIM_V',
        icd.map(x => x.slice(0, 4)),
        `conditions.json (${c.id}) icd10`
      );
      await this.requireCodes(
        'IR_CCAM_V63',
        [...c.ccam, ...Object.values(c.ccamByCode ?? {}).flat()],
        `conditions.json (${c.id}) ccam`
      );
      await this.requireCodes(
        'IR_ALD_V',
        aldNumbers(c),
        `conditions.json (${c.id}) ald`
      );
      await this.requireCodes(
        'IR_SPE_V',
        [c.specialty],
        `conditions.json (${c.id}) specialty`
      );
      chronicAtcOf(c).forEach(a =>
        this.core.atc(a, `conditions.json (${c.id})`)
      );
    }
    await this.requireCodes(
      'MS_CIM_V',
      care.acuteStay.icd10,
      'care.json acuteStay.icd10'
    );
    for (const code of Object.keys(care.acuteStay.icd10Restrictions ?? {})) {
      if (!care.acuteStay.icd10.includes(code)) {
        throw new Error(
          `care.json acuteStay.icd10Restrictions: ${code} is not in acuteStay.icd10; add it there or remove its restriction.`
        );
      }
    }
    await this.requireCodes(
      'IR_CCAM_V63',
      care.acuteStay.ccam,
      'care.json acuteStay.ccam'
    );
    const { icd10, ccamByCode } = care.acuteStay;
    for (const [code, acts] of Object.entries(ccamByCode ?? {})) {
      if (!icd10.includes(code)) {
        throw new Error(
          `care.json acuteStay.ccamByCode: ${code} is not in acuteStay.icd10; add it there or remove its acts.`
        );
      }
      await this.requireCodes(
        'IR_CCAM_V63',
        acts,
        `care.json acuteStay.ccamByCode (${code})`
      );
    }
    await this.requireCodes(
      'IR_NAT_V',
      Object.values(care.prsNat),
      'care.json prsNat'
    );
    if (care.teleconsultation) {
      await this.requireCodes(
        'IR_NAT_V',
        Object.values(care.teleconsultation.prsNat),
        'care.json teleconsultation.prsNat'
      );
    }
    const { gp, pharmacy, biology, nursing, others } = care.specialties;
    await this.requireCodes(
      'IR_SPE_V',
      [gp, pharmacy, biology, nursing, ...others],
      'care.json specialties'
    );
    const otherCauses = this.input.profiles.deaths.otherCauses;
    await this.requireCodes(
      'IR_CIM_V',
      otherCauses.codes,
      'deaths.json otherCauses'
    );
    await this.requireCodes(
      'IR_CIM_V',
      TERMINAL_CAUSES,
      'terminal causes of death'
    );
    await this.checkLastStays(
      lastStaysOf(otherCauses),
      'deaths.json otherCauses.lastStayIcd10'
    );
    for (const g of this.input.profiles.conditions.otherAld) {
      if (g.lastStayIcd10) {
        await this.checkLastStays(
          [g.lastStayIcd10],
          `conditions.json otherAld (${g.id}) lastStayIcd10`
        );
      }
    }
    await this.requireCodes(
      'IR_DPT_V',
      Object.keys(this.input.profiles.population.departments),
      'population.json departments'
    );
    for (const need of this.core.requiredCodes()) {
      await this.requireCodes(need.nomenclature, need.codes, need.where);
    }
  }

  /**
   * How a generic column draws its value: a spec (kind and numbers), or SQL for the few
   * columns a spec does not cover (primary keys, the drug referential, empty columns).
   */
  private async genericSpec(
    table: ITable,
    column: IColumn,
    inPrimaryKey: boolean
  ): Promise<IValueSpec | string> {
    const type = duckdbType(column);
    const salt = saltOf(`${table.name}.${column.name}`);
    const spec = (
      kind: number,
      n = 1,
      lo = 0,
      width = 0,
      codes?: string[]
    ): IValueSpec => ({
      kind,
      mult: multiplier(salt),
      n,
      lo,
      width,
      mult2: multiplier(salt + 1),
      codes,
      type
    });
    const c = column.constraints ?? {};
    if (c.enum?.length) {
      return spec(KIND.pool, c.enum.length, 0, 0, c.enum);
    }
    const link = this.dictionary
      .nomenclatureLinksOf(table.name)
      .find(l => l.column === column.name);
    if (link && !inPrimaryKey) {
      if (link.nomenclature === DRUG_TABLE) {
        const field = drugField(column.name, link.nomenclatureColumn);
        const fits =
          field === 'PHA_CIP_C13'
            ? type === 'BIGINT'
            : type !== 'VARCHAR' || field.includes('ATC');
        return fits
          ? `(SELECT list_sort(list_distinct(list(${field}))) FROM ${DRUG_TABLE})[1 + _m(d._r, ${salt}, 1000)]`
          : 'NULL';
      }
      const codes = await this.pool({
        ...column,
        nomenclature: {
          name: link.nomenclature,
          column: link.nomenclatureColumn
        }
      });
      if (!codes.length) {
        // No code of the list fits the column's type or length: leave it empty.
        return 'NULL';
      }
      return spec(KIND.pool, codes.length, 0, 0, codes);
    }
    const max = c.maxLength ?? lengthOf(column);
    switch (column.type) {
      case 'string': {
        const width = Math.max(
          1,
          Math.min(max ?? 8, Math.max(c.minLength ?? 0, 10))
        );
        if (inPrimaryKey) {
          return width >= 10
            ? `lpad(CAST(${rowRandom('d._i', table.name + '.' + column.name)} AS VARCHAR), ${width}, '0')`
            : `lpad(CAST(d._i AS VARCHAR), ${width}, '0')`;
        }
        return spec(width > 10 ? KIND.longString : KIND.string, 1, 0, width);
      }
      case 'yearmonth':
        return spec(KIND.yearMonth, 12);
      case 'integer': {
        if (inPrimaryKey) {
          return `d._i + 1`;
        }
        const lo = c.minimum ?? 0;
        const hi = c.maximum ?? 10 ** Math.min(max ?? 4, 6) - 1;
        return spec(KIND.integer, hi - lo + 1, lo);
      }
      case 'number': {
        // In cents, within the column's digits and its minimum and maximum.
        const m = column.length ? /^(\d+),(\d+)$/.exec(column.length) : null;
        const intDigits = m ? Math.min(Number(m[1]), 4) : 4;
        const lo = Math.ceil((c.minimum ?? 0) * 100);
        const hi = Math.min(
          10 ** intDigits * 100 - 1,
          Math.floor((c.maximum ?? Infinity) * 100)
        );
        return spec(KIND.number, Math.max(1, hi - lo + 1), lo);
      }
      case 'date':
        return spec(KIND.date, 365);
      case 'datetime':
        return spec(KIND.datetime, 365);
      case 'year':
        return spec(KIND.year, 3);
      case 'boolean':
        // Return codes (…_RET) are 0 (false): the core model draws the failed links.
        return /_RET$/.test(column.name) ? 'false' : spec(KIND.boolean, 2);
    }
  }

  /** A generic value as its own SQL expression over `d._r` (for core tables). */
  private async genericValue(
    table: ITable,
    column: IColumn,
    inPrimaryKey: boolean
  ): Promise<string> {
    const spec = await this.genericSpec(table, column, inPrimaryKey);
    if (typeof spec === 'string') {
      return spec;
    }
    if (spec.kind === KIND.pool) {
      return this.pick(
        spec.codes!,
        spec.type,
        n => `_m(d._r, ${saltOf(`${table.name}.${column.name}`)}, ${n})`
      );
    }
    return specSql(
      k =>
        String(
          [spec.kind, spec.mult, spec.n, spec.lo, spec.width, 0, spec.mult2][k]
        ),
      spec.kind,
      'd._r',
      ''
    );
  }

  /** The index of a code list in POOLS.all (the lists generic tables draw from). */
  private poolIndex(codes: string[], type: string): number {
    const values = codes.map(v => (type === 'VARCHAR' ? v : String(Number(v))));
    const key = values.join('\u001f');
    let k = this.allPools.get(key);
    if (k === undefined) {
      k = this.allPools.size + 1;
      this.allPools.set(key, k);
    }
    return k;
  }

  /**
   * A value drawn from a code list. Lists live in one row of POOLS, built once: binding a
   * long list literal in every statement was the main cost of planning a generic table.
   */
  private pick(
    codes: string[],
    type: string,
    draw: (n: number | string) => string
  ): string {
    const values = codes.map(v =>
      literal(v, type === 'VARCHAR' ? 'VARCHAR' : 'X')
    );
    if (values.length === 1) {
      return values[0];
    }
    const listType = type === 'VARCHAR' ? 'VARCHAR' : type;
    const sep = ['|', '~', '^', '#', '@'].find(x =>
      codes.every(code => !code.includes(x))
    );
    const list = sep
      ? splitList(
          codes.map(v => (type === 'VARCHAR' ? v : String(Number(v)))),
          sep,
          listType
        )
      : sqlList(`CAST([${values.join(', ')}] AS ${listType}[])`);
    const key = inlineSql(list);
    let pool = this.poolColumns.get(key);
    if (!pool) {
      pool = { column: `p${this.poolColumns.size}`, list };
      this.poolColumns.set(key, pool);
    }
    return `${POOLS}.${pool.column}[1 + ${draw(values.length)}]`;
  }

  /** Specs as text: `kind,mult,n,lo,width,pool,mult2` per column, joined by '|'. */
  private specText(specs: IValueSpec[]): string {
    return specs
      .map(x =>
        [
          x.kind,
          x.mult,
          x.n,
          x.lo,
          x.width,
          x.codes ? this.poolIndex(x.codes, x.type) : 0,
          x.mult2
        ].join(',')
      )
      .join('|');
  }

  private valueBatch(product: string): IValueBatch {
    let batch = this.valueBatches.get(product);
    if (!batch) {
      const slug = product
        .normalize('NFD')
        .replace(/\p{M}/gu, '')
        .replace(/[^A-Za-z0-9]+/g, '_')
        .toLowerCase();
      if ([...this.valueBatches.values()].some(b => b.name === `_gv_${slug}`)) {
        throw new Error(
          `Products "${product}" and another give the same value batch name _gv_${slug}.`
        );
      }
      batch = { id: `internal:_gv_${slug}`, name: `_gv_${slug}`, tables: [] };
      this.valueBatches.set(product, batch);
    }
    return batch;
  }

  /**
   * One step per product drawing the generic values of all its tables (_t, _i, _r, _v): the
   * lambda that draws them is bound once instead of once per table, which was half of a
   * small table's time. Each row's _r and _v are what the table's own statement drew.
   */
  private valueBatchSteps(): IProgramStep[] {
    return [...this.valueBatches.values()].map(batch => {
      const rows = batch.tables
        .map(
          (t, k) =>
            `(${k}, ${saltOf(t.name)}, ${t.count}, ${sqlString(t.specs)})`
        )
        .join(',\n  ');
      const index = saltedRowRandomRows(
        '_i',
        '_salt',
        `(SELECT _t, _s, _salt, unnest(range(_n)) AS _i FROM (SELECT _t, _salt, _n, ${parsedSpecs('_spec')} AS _s FROM (VALUES\n  ${rows}) v(_t, _salt, _n, _spec)))`,
        ['_t', '_s']
      );
      const kinds = batch.tables.flatMap(t => t.kinds);
      const generic = this.input.profiles.generic;
      return {
        id: batch.id,
        perYear: false,
        deps: [`internal:${POOLS}`],
        sql: [
          `${CREATE_WORK_TABLE} ${batch.name} AS SELECT x0._t, x0._i, x0._r, list_transform(x0._s, lambda s: ${anySpecSql('x0._r', `${POOLS}.${ALL_POOLS}`, kinds)}) AS _v FROM (${index}) x0 CROSS JOIN ${POOLS}`
        ],
        rows: {
          fixed: generic.minRows * batch.tables.length,
          perPatient: batch.tables.reduce((sum, t) => sum + t.rate, 0)
        },
        // Raw bytes, as every step's (estimateBytes adds DuckDB's overhead): measured at
        // 100,000 patients, 73 MB in memory, about 10.5 bytes a value with that overhead.
        bytesPerRow: 16 + Math.ceil(kinds.length / batch.tables.length) * 8
      };
    });
  }

  private poolsStep(): IProgramStep {
    const allPools: IPoolList = {
      text: [...this.allPools.keys()].join('\u001e'),
      sql: text =>
        `list_transform(string_split(${text}, chr(30)), lambda x: string_split(x, chr(31)))`
    };
    const columns = [
      ...[...this.poolColumns.values()].map(p => [p.column, p.list] as const),
      ...this.core.lookups,
      [ALL_POOLS, allPools] as const
    ];
    return {
      id: `internal:${POOLS}`,
      perYear: false,
      deps: [],
      sql: [`${CREATE_WORK_TABLE} ${POOLS} AS ${poolsSelect(columns)}`]
    };
  }

  private keyTable(
    link: ILink,
    perYearParent: boolean
  ): { name: string; step: IProgramStep } {
    const parent = this.dictionary.table(link.to);
    const cols = link.toColumns;
    const base = `_k_${parent.name}_${cols.join('_')}`.replace(
      /[^A-Za-z0-9_]/g,
      '_'
    );
    const name = perYearParent ? `${base}_{{yy}}` : base;
    let step = this.keySteps.get(name);
    if (!step) {
      const q = cols.map(c => quoteIdentifier(c)).join(', ');
      const notNull = cols
        .map(c => `${quoteIdentifier(c)} IS NOT NULL`)
        .join(' AND ');
      step = {
        id: `key:${name}`,
        perYear: perYearParent,
        deps: [`table:${parent.name}`],
        sql: [
          // The first KEY_SAMPLE distinct keys in key order, found among the first
          // KEY_PREFIX rows: a top-N sort instead of a DISTINCT over the whole parent (ER_PRS_F:
          // 35 ms instead of 400 ms at 100,000 patients). Keys repeated more than
          // KEY_PREFIX / KEY_SAMPLE times on average would leave fewer keys, still valid ones.
          `${CREATE_WORK_TABLE} ${name} AS SELECT row_number() OVER (ORDER BY ${q}) - 1 AS _j, ${q} FROM (SELECT ${q} FROM (SELECT ${q} FROM ${sqlNameTemplate(parent)} WHERE ${notNull} ${this.validRowsFilter(parent)} ORDER BY ${q} LIMIT ${KEY_PREFIX}) GROUP BY ALL ORDER BY ${q} LIMIT ${KEY_SAMPLE})`,
          // The keys again as lists in one row, with their count: a child cross-joins it and
          // reads key k at [1 + k], far cheaper to plan than a join and a count(*) subquery.
          `${CREATE_WORK_TABLE} ${name}_n AS SELECT count(*) AS n, ${cols.map(c => `list(${quoteIdentifier(c)} ORDER BY _j) AS ${quoteIdentifier(c)}`).join(', ')} FROM ${name}`
        ],
        cleanup: [
          `DROP TABLE IF EXISTS ${name}`,
          `DROP TABLE IF EXISTS ${name}_n`
        ]
      };
      this.keySteps.set(name, step);
    }
    return { name, step };
  }

  /** Rows a link may not point at: PMSI rows with a failed patient link. */
  private validRowsFilter(table: ITable): string {
    return table.columns.some(c => c.name === 'NIR_RET')
      ? 'AND NIR_RET IS NOT TRUE'
      : '';
  }

  /**
   * The INSERT of one table: the driver's columns (core) or generic values, keys from the
   * linked tables, every value cast to the DDL type.
   */
  private async tableStep(
    table: ITable,
    options: ITableStepOptions = {}
  ): Promise<IProgramStep> {
    const { driver, deps = [], columnsFrom, helpers = [] } = options;
    let filler = options.filler ?? false;
    const { generic } = this.input.profiles;
    const provided = new Set<string>();
    if (driver) {
      for (const m of (columnsFrom ?? driver).matchAll(
        /\bAS\s+([A-Za-z_][A-Za-z0-9_]*)/g
      )) {
        provided.add(m[1].toUpperCase());
      }
    }
    // A filler pays for its join only when it replaces many drawn columns.
    filler &&=
      table.columns.filter(c => !provided.has(c.name.toUpperCase())).length >=
      FILLER_MIN_COLUMNS;
    const links = this.dictionary
      .linksOf(table.name)
      .filter(l => l.from === table.name && l.to !== table.name);
    const joins: string[] = [];
    // The one-row relations the rows cross-join (code pools, key counts and lists). A generic
    // table nests one subquery level per relation: a flat many-way cross join costs DuckDB's
    // join-order search far more to plan. A core table keeps them flat (see `source`).
    const levels: ILevel[] = [];
    const linked = new Map<string, string>();
    const stepDeps = new Set(deps);
    const pk = new Set(table.primaryKey.map(c => c.toUpperCase()));
    let oneToOne: string | undefined;
    for (const [k, link] of links.entries()) {
      if (link.fromColumns.every(c => provided.has(c.toUpperCase()))) {
        continue;
      }
      const parent = this.dictionary.table(link.to);
      const perYearParent = !!parent.yearPattern;
      const key = this.keyTable(link, perYearParent);
      stepDeps.add(key.step.id);
      const alias = `l${k}`;
      const covers =
        !driver &&
        pk.size > 0 &&
        oneToOne === undefined &&
        [...pk].every(c => link.fromColumns.some(f => f.toUpperCase() === c));
      // Each link takes the key of rank _j: the row number when the link covers the primary
      // key (one row per key), else a rank drawn from the row random. Small tables read it
      // from the key lists (cheaper to plan); core tables join it (cheaper per row).
      const fromList = !covers && !driver;
      // The rank comes from the key count; a generic table reads the key lists of the same
      // row, a core table joins the key table on the rank.
      const counted = fromList ? alias : `n${k}`;
      const lists: string[] = [];
      const level: ILevel = {
        join: `${key.name}_n ${counted}`,
        exprs: x => [
          `_m(${x}._r, ${saltOf(table.name + ':' + k)}, ${counted}.n) AS _k${k}`,
          ...lists
        ]
      };
      if (covers) {
        oneToOne = key.name;
      } else {
        levels.push(level);
      }
      if (!fromList) {
        joins.push(
          `LEFT JOIN ${key.name} ${alias} ON ${alias}._j = ${covers ? 'd._i' : `d._k${k}`}`
        );
      }
      link.fromColumns.forEach((c, ci) => {
        if (!linked.has(c.toUpperCase()) && !provided.has(c.toUpperCase())) {
          const column = `${alias}.${quoteIdentifier(link.toColumns[ci])}`;
          if (fromList) {
            const list = `_${alias}_${ci}`;
            lists.push(`${column} AS ${list}`);
            linked.set(c.toUpperCase(), `d.${list}[1 + d._k${k}]`);
          } else {
            linked.set(c.toUpperCase(), column);
          }
        }
      });
    }
    if (
      this.dictionary
        .nomenclatureLinksOf(table.name)
        .some(l => l.nomenclature === DRUG_TABLE)
    ) {
      stepDeps.add(`table:${DRUG_TABLE}`);
    }
    const rate = /_R$|_V$|aaE$/.test(table.name)
      ? generic.referenceRowsPerPatient
      : generic.rowsPerPatient;
    const count = `GREATEST(${generic.minRows}, CAST({{patients}} * ${rate} AS BIGINT))`;
    let rows = driver
      ? driver
      : oneToOne
        ? rowRandomRows('_j', table.name, oneToOne)
        : rowRandomRows('range', table.name, `range(${count})`);
    const defaults = table.name === 'CT_IND_AAAA_GN';
    const columns: string[] = [];
    // Generic tables draw their values in one lambda over the specs of their columns (bound
    // once), then read them by position: far cheaper to plan than an expression per column.
    const specs: IValueSpec[] = [];
    const fill: string[] = [];
    for (const column of table.columns) {
      const upper = column.name.toUpperCase();
      const type = duckdbType(column);
      let value: string;
      if (provided.has(upper)) {
        value = `d.${quoteIdentifier(upper)}`;
      } else if (linked.has(upper)) {
        value = linked.get(upper)!;
      } else if (defaults && /^(top|sup)_/i.test(column.name)) {
        value = '0';
      } else if (driver) {
        value = await this.genericValue(table, column, false);
        if (filler && value.includes('d._r')) {
          fill.push(`${value} AS ${quoteIdentifier(column.name)}`);
          value = `f.${quoteIdentifier(column.name)}`;
        }
      } else {
        const spec = await this.genericSpec(table, column, pk.has(upper));
        if (typeof spec === 'string') {
          value = spec;
        } else {
          specs.push(spec);
          value = `d._v[${specs.length}]`;
        }
      }
      // Batched values are VARCHAR already: a cast to VARCHAR would only cost binding.
      const typed =
        type === 'VARCHAR' && value.startsWith('d._v[')
          ? value
          : `CAST(${value} AS ${type})`;
      columns.push(`${typed} AS ${quoteIdentifier(column.name)}`);
    }
    const batched =
      this.input.valueBatches !== false &&
      !driver &&
      !oneToOne &&
      specs.length > 0;
    if (batched) {
      const batch = this.valueBatch(table.product);
      batch.tables.push({
        name: table.name,
        count,
        rate,
        specs: this.specText(specs),
        kinds: specs.map(spec => spec.kind)
      });
      rows = `SELECT _i, _r, _v FROM ${batch.name} WHERE _t = ${batch.tables.length - 1}`;
      stepDeps.add(batch.id);
    } else if (specs.length) {
      const text = this.specText(specs);
      levels.unshift({
        join: POOLS,
        exprs: x => [
          `list_transform(${parsedSpecs(sqlString(text))}, lambda s: ${anySpecSql(
            `${x}._r`,
            `${POOLS}.${ALL_POOLS}`,
            specs.map(spec => spec.kind)
          )}) AS _v`
        ]
      });
    }
    // Core tables stay flat: DuckDB-WASM underestimates a nested driver's rows and then
    // builds its hash joins on the driver instead of the key tables.
    const source = driver
      ? levels.length
        ? `(SELECT x0.*, ${levels.flatMap(l => l.exprs('x0')).join(', ')} FROM (${rows}) x0${levels.map(l => ` CROSS JOIN ${l.join}`).join('')}) d`
        : `(${rows}) d`
      : `${levels.reduce(
          (from, level, i) =>
            `(SELECT x${i}.*, ${level.exprs(`x${i}`).join(', ')} FROM ${from} x${i} CROSS JOIN ${level.join})`,
          `(${rows})`
        )} d`;
    if (fill.length) {
      // Big core tables read their generic columns from FILLER_ROWS drawn rows, joined on the
      // row random: a join costs far less per row than drawing every column of every row.
      joins.push(
        `LEFT JOIN (SELECT d._i AS _f, ${fill.join(', ')} FROM (${rowRandomRows('range', `${table.name}:fill`, `range(${FILLER_ROWS})`)}) d CROSS JOIN ${POOLS}) f ON f._f = d._r % ${FILLER_ROWS}`
      );
    }
    columns.push(
      ...helpers.map(([h, type]) => `CAST(d.${h} AS ${type}) AS ${h}`)
    );
    const name = sqlNameTemplate(table);
    const pools = columns.some(c => c.includes(`${POOLS}.`));
    if (fill.length || specs.length || pools) {
      stepDeps.add(`internal:${POOLS}`);
    }
    return {
      id: `table:${table.name}`,
      table: table.name,
      product: table.product,
      perYear: !!table.yearPattern,
      deps: [...stepDeps],
      // One CREATE … AS SELECT with every value cast to its DDL type: the same columns as
      // createTableSql gives, in one statement (INSERT BY NAME costs DuckDB-WASM far more).
      sql: [
        `CREATE OR REPLACE TABLE ${name} AS SELECT ${columns.join(',\n  ')}\nFROM ${source}${joins.map(j => `\n${j}`).join('')}${pools ? `\nCROSS JOIN ${POOLS}` : ''}`
      ],
      ...(helpers.length
        ? {
            cleanup: helpers.map(
              ([h]) => `ALTER TABLE ${name} DROP COLUMN IF EXISTS ${h}`
            )
          }
        : {}),
      ...(options.chunked
        ? {
            chunked: true,
            empty: `CREATE OR REPLACE TABLE ${name} (${[
              ...table.columns.map(
                c => `${quoteIdentifier(c.name)} ${duckdbType(c)}`
              ),
              ...helpers.map(([h, type]) => `${h} ${type}`)
            ].join(', ')})`
          }
        : {}),
      bytesPerRow: table.columns.reduce(
        (sum, c) =>
          sum +
          (duckdbType(c) === 'VARCHAR'
            ? Math.min(lengthOf(c) ?? 8, 32) + 4
            : 8),
        0
      ),
      rows: driver ? undefined : { fixed: generic.minRows, perPatient: rate }
    };
  }

  private drugReferential(
    codes: ICoreCodes,
    atcLabels: Map<string, string>
  ): IProgramStep {
    const n = this.dictionary.data.nomenclatures.find(
      x => x.name === DRUG_TABLE
    )!;
    const typeOf = (t: string): string =>
      t === 'integer' ? 'BIGINT' : t === 'number' ? 'DOUBLE' : 'VARCHAR';
    const ddl = `CREATE TABLE ${DRUG_TABLE} (${n.fields.map(f => `${quoteIdentifier(f.name)} ${typeOf(f.type)}`).join(', ')})`;
    const atcs = [...codes.atcIndex.keys()];
    const labels = atcs.map(a => atcLabels.get(a) ?? a);
    const P = codes.presentations;
    return {
      id: `table:${DRUG_TABLE}`,
      table: DRUG_TABLE,
      product: 'DCIR',
      perYear: false,
      deps: [`internal:${POOLS}`],
      sql: [
        `DROP TABLE IF EXISTS ${DRUG_TABLE}`,
        ddl,
        this.core.drugReferentialInsert(DRUG_TABLE, atcs, labels)
      ],
      rows: { fixed: atcs.length * P, perPatient: 0 },
      bytesPerRow: 200
    };
  }

  async compile(): Promise<IProgram> {
    const { profiles } = this.input;
    const codes = await this.coreCodes();
    this.core = new CoreModel(profiles, codes);
    await this.validateProfiles();
    const atc = await this.input.loader.load('openmedic_ATC5');
    const atcLabels = new Map(
      atc.rows.map(r => [r[atc.code], r[atc.labels[0]] ?? ''])
    );
    const core = this.core;
    const internal: IProgramStep[] = [
      {
        id: 'internal:_person',
        perYear: false,
        deps: [`internal:${POOLS}`],
        sql: [core.personSql()]
      },
      {
        id: 'internal:_stay',
        perYear: true,
        deps: ['internal:_person'],
        sql: [core.staysSql()]
      },
      {
        id: 'internal:_inpatient',
        perYear: false,
        deps: ['internal:_stay'],
        sql: [core.inpatientSql()]
      }
    ];
    const drivers: Record<string, [string, string[], string?]> = {
      DA_PRA_R: [core.practitionersDriver(), ['internal:_pools']],
      IR_BEN_R: [core.beneficiaryDriver(), ['internal:_person']],
      IR_IBA_R: [core.identityDriver(), ['internal:_person']],
      ER_PRS_F: [
        core.dcirEventsQuery(),
        ['internal:_person', 'internal:_inpatient'],
        core.dcirEventsQuery().split('\nSELECT\n').pop()
      ],
      ER_PHA_F: [
        // The drug lines of ER_PRS_F, with their join key and the pharmacy columns it carries.
        `SELECT _h(_r + 1) AS _r, ${[...DCIR_JOIN_KEY, ...PHA_FROM_EVENTS.map(([c]) => c)].map(c => `${c} AS ${c}`).join(', ')}, 1 AS PHA_ORD_NUM, 0 AS PHA_SUB_MTF
FROM ER_PRS_F WHERE ${DRUG_KINDS}`,
        ['table:ER_PRS_F', `table:${DRUG_TABLE}`]
      ],
      // The acts of ER_PRS_F's biology lines.
      ER_BIO_F: [core.biologyActsDriver(), ['table:ER_PRS_F']],
      IR_IMB_R: [core.aldDriver(), ['internal:_person']],
      KI_CCI_R: [core.deathCauseDriver(), ['internal:_person']],
      KI_ECD_R: [core.deathChainDriver(), ['internal:_person']],
      T_MCOaaE: [core.establishmentsDriver(), []],
      T_MCOaaB: [core.stayBDriver(), ['internal:_stay']],
      T_MCOaaC: [core.stayCDriver(), ['internal:_stay']],
      T_MCOaaD: [core.stayDDriver(), ['internal:_stay']],
      T_MCOaaA: [core.stayADriver(), ['internal:_stay']],
      T_MCOaaUM: [core.stayUmDriver(), ['internal:_stay']],
      T_MCOaaVALO: [core.stayValoDriver(), ['internal:_stay']],
      CT_IND_AAAA_GN: [
        core.cartographyDriver(),
        [
          'internal:_person',
          'table:CT_DEP_AAAA_GN',
          'internal:_stay',
          'table:ER_PRS_F'
        ]
      ],
      CT_DEP_AAAA_GN: [
        core.cartographyExpenseDriver(),
        ['internal:_person', 'table:ER_PRS_F', 'internal:_stay']
      ],
      CT_IDE_AAAA_GN: [core.cartographyIdDriver(), ['internal:_person']]
    };
    const tableSteps: IProgramStep[] = [this.drugReferential(codes, atcLabels)];
    const tables: IProgramTable[] = [];
    for (const table of this.dictionary.data.tables) {
      const driver = drivers[table.name];
      const step = await this.tableStep(table, {
        driver: driver?.[0],
        deps: driver?.[1],
        columnsFrom: driver?.[2],
        helpers: table.name === 'ER_PRS_F' ? DCIR_HELPERS : [],
        filler: (CORE_ROWS[table.name]?.perPatient ?? 0) >= FILLER_MIN_ROWS,
        chunked: table.name === 'ER_PRS_F'
      });
      if (driver) {
        step.rows = CORE_ROWS[table.name] ?? { fixed: 0, perPatient: 1 };
      }
      tableSteps.push(step);
      tables.push({
        name: table.name,
        sqlName: sqlNameTemplate(table),
        product: table.product,
        perYear: !!table.yearPattern,
        model: CORE_TABLES.has(table.name) ? 'core' : 'generic'
      });
    }
    tables.push({
      name: DRUG_TABLE,
      sqlName: DRUG_TABLE,
      product: 'DCIR',
      perYear: false,
      model: 'core'
    });
    const steps = orderSteps([
      ...internal,
      this.poolsStep(),
      ...this.valueBatchSteps(),
      ...tableSteps,
      ...this.keySteps.values()
    ]);
    for (const step of steps) {
      step.sql = step.sql.map(expandMacros);
    }
    const products: Record<string, string[]> = {};
    for (const p of this.dictionary.data.products) {
      products[p.name] = [...p.tables];
    }
    products.DCIR = [...(products.DCIR ?? []), DRUG_TABLE];
    for (const step of steps.filter(s => s.id.startsWith('internal:'))) {
      const name = step.id.split(':')[1];
      step.cleanup = [
        `DROP TABLE IF EXISTS ${step.perYear ? name + '_{{yy}}' : name}`
      ];
    }
    return {
      format: PROGRAM_FORMAT,
      version: PROGRAM_VERSION,
      credit: this.dictionary.data.source.credit,
      limits: {
        minPatients: MIN_PATIENTS,
        maxPatients: MAX_PATIENTS,
        maxYears: MAX_YEARS
      },
      products,
      setup: [],
      prologue: PLANNER_PROLOGUE,
      epilogue: PLANNER_EPILOGUE,
      steps,
      tables,
      profileSources: Object.fromEntries(
        Object.entries(profiles).map(([k, v]) => [
          k,
          (v as { source: string }).source
        ])
      ),
      codes: {
        gpSpecialty: profiles.care.specialties.gp,
        natures: {
          pharmacy: profiles.care.prsNat.pharmacy,
          biology: profiles.care.prsNat.biology,
          nursing: profiles.care.prsNat.nursing
        }
      }
    };
  }
}

/** Topological order, stable on the input order. */
function orderSteps(steps: IProgramStep[]): IProgramStep[] {
  const byId = new Map(steps.map(s => [s.id, s]));
  const done = new Set<string>();
  const out: IProgramStep[] = [];
  const visit = (s: IProgramStep, path: string[]): void => {
    if (done.has(s.id)) {
      return;
    }
    if (path.includes(s.id)) {
      throw new Error(
        `The generator's steps depend on each other in a cycle: ${[...path, s.id].join(' → ')}.`
      );
    }
    for (const d of s.deps) {
      const dep = byId.get(d);
      if (!dep) {
        throw new Error(
          `Step ${s.id} needs ${d}, which the program does not have.`
        );
      }
      visit(dep, [...path, s.id]);
    }
    done.add(s.id);
    out.push(s);
  };
  steps.forEach(s => visit(s, []));
  return out;
}

export async function compileProgram(input: ICompileInput): Promise<IProgram> {
  return new ProgramCompiler(input).compile();
}
