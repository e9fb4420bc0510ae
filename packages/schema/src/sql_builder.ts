/**
 * DuckDB SQL snippets: a select on one table, a join along a path with the casts its keys need,
 * per-year PMSI names, and the filters analysts must not forget.
 */
import { duckdbType, sqlTableName } from './ddl.js';
import type { SndsDictionary } from './dictionary.js';
import {
  ALIVE_DEATH_DATE,
  CARE_DATE_COLUMN,
  DEATH_DATE_COLUMN,
  DEFAULT_FLOW_LAG_MONTHS,
  FLOW_DATE_COLUMN,
  FOR_INFORMATION,
  PMSI_RETURN_CODE_COLUMNS
} from './domain.js';
import { SqlBuildError, UnknownNameError } from './errors.js';
import type { IJoinPath } from './join_graph.js';
import { JoinGraph } from './join_graph.js';
import type { IColumn, ITable } from './model.js';
import {
  DUCKDB_KEYWORDS,
  dateLiteral,
  qualifiedName,
  quoteIdentifier,
  shiftDate
} from './sql_identifiers.js';
import { suggest } from './suggest.js';

export interface IPeriodFilter {
  /** First day, YYYY-MM-DD. */
  start: string;
  /** Last day, YYYY-MM-DD (included). */
  end: string;
  /**
   * Months of flows after the period that still carry its care (default 6): the flow date
   * `FLX_DIS_DTD` is kept from `start` to `end` plus this lag.
   */
  flowLagMonths?: number;
  /** Table whose care date the period applies to (default: the first table that has one). */
  table?: string;
}

/** The standard analyst filters. Each one fails loudly when no table of the query has its column. */
export interface IAnalystFilters {
  /** Drop rows "pour information": `DPN_QLF = 71`. */
  excludeForInformation?: boolean;
  /** Keep PMSI stays whose link return codes are all 0 (`NIR_RET`, `SEJ_RET`, …). */
  validPmsiLinks?: boolean;
  /** Care date `EXE_SOI_DTD` in the period, and the flow date `FLX_DIS_DTD` in the period plus its lag. */
  period?: IPeriodFilter;
  /** `BEN_DCD_DTE = 1600-01-01` means alive. */
  vitalStatus?: 'alive' | 'deceased';
}

export interface IAggregate {
  /** Columns to group by. */
  groupBy: readonly string[];
  /** Columns to sum, e.g. quantities with their negative regularisation lines. */
  sum: readonly string[];
  /** Keep only groups whose sums are not all zero (fully cancelled lines). */
  nonZero?: boolean;
}

export interface ISnippetOptions {
  /** Year of per-year tables. */
  year?: number;
  /** Schema to qualify table names with. */
  schema?: string;
  /** Columns to select: `COLUMN` or `TABLE.COLUMN`. Default: every column of the first and last table. */
  columns?: readonly string[];
  filters?: IAnalystFilters;
  /** Return `BEN_DCD_DTE` as NULL for people alive instead of 1600-01-01. */
  decodeDeathDate?: boolean;
  aggregate?: IAggregate;
  limit?: number;
}

export interface IJoinOptions extends ISnippetOptions {
  /** `INNER` (default) or `LEFT` joins. */
  joinType?: 'INNER' | 'LEFT';
}

export interface ISnippetTable {
  table: string;
  sqlName: string;
  alias: string;
}

export interface ISqlSnippet {
  sql: string;
  tables: ISnippetTable[];
  /** Things the analyst should know: years outside a table's life, joins that repeat rows. */
  warnings: string[];
}

const NUMERIC_TYPES = /^(SMALLINT|INTEGER|BIGINT|DOUBLE|DECIMAL)/;

type TypeFamily = 'number' | 'text' | 'date' | 'boolean';

function family(sqlType: string): TypeFamily {
  if (NUMERIC_TYPES.test(sqlType)) {
    return 'number';
  }
  if (sqlType === 'DATE' || sqlType === 'TIMESTAMP') {
    return 'date';
  }
  if (sqlType === 'BOOLEAN') {
    return 'boolean';
  }
  return 'text';
}

/**
 * `a = b` with the cast the key types need. A text key compared with a numeric one is cast to
 * the numeric type with TRY_CAST: a code that is not a number cannot equal a numeric key, and
 * CAST would abort the whole query on the first such code.
 */
export function joinCondition(
  left: string,
  leftColumn: IColumn,
  right: string,
  rightColumn: IColumn
): string {
  const lt = duckdbType(leftColumn);
  const rt = duckdbType(rightColumn);
  const lf = family(lt);
  const rf = family(rt);
  if (lf === rf) {
    return `${left} = ${right}`;
  }
  if (lf === 'text' && (rf === 'number' || rf === 'date')) {
    return `TRY_CAST(${left} AS ${rt}) = ${right}`;
  }
  if (rf === 'text' && (lf === 'number' || lf === 'date')) {
    return `${left} = TRY_CAST(${right} AS ${lt})`;
  }
  return `CAST(${left} AS VARCHAR) = CAST(${right} AS VARCHAR)`;
}

/** A literal of the column's type meaning "code 0". */
function zeroLiteral(column: IColumn): string {
  switch (family(duckdbType(column))) {
    case 'boolean':
      return 'FALSE';
    case 'number':
      return '0';
    default:
      return "'0'";
  }
}

/** Short, readable aliases: ER_PHA_F → pha, T_MCOaaC → mco_c, CT_IDE_AAAA_GN → ct_ide. */
export function tableAlias(name: string): string {
  let alias: string;
  let m: RegExpExecArray | null;
  if ((m = /^[A-Z]{2}_([A-Z0-9]{3})_[A-Z]{1,2}$/.exec(name))) {
    alias = m[1];
  } else if ((m = /^T_([A-Z]{3})aa(.+)$/.exec(name))) {
    alias = `${m[1]}_${m[2]}`;
  } else if ((m = /^CT_([A-Z]{3})_/.exec(name))) {
    alias = `ct_${m[1]}`;
  } else {
    alias = name;
  }
  alias = alias.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  if (/^[0-9]/.test(alias) || DUCKDB_KEYWORDS.has(alias)) {
    alias = `t_${alias}`;
  }
  return alias;
}

interface IQueryTable {
  table: ITable;
  sqlName: string;
  alias: string;
}

function uniqueAliases(tables: readonly ITable[]): string[] {
  const used = new Set<string>();
  return tables.map(table => {
    const base = tableAlias(table.name);
    let alias = base;
    for (let i = 2; used.has(alias); i++) {
      alias = `${base}${i}`;
    }
    used.add(alias);
    return alias;
  });
}

export class SqlBuilder {
  readonly graph: JoinGraph;

  constructor(
    readonly dictionary: SndsDictionary,
    graph?: JoinGraph
  ) {
    this.graph = graph ?? new JoinGraph(dictionary);
  }

  private queryTables(
    tables: readonly ITable[],
    options: ISnippetOptions,
    warnings: string[]
  ): IQueryTable[] {
    const perYear = tables.filter(table => table.yearPattern);
    if (perYear.length > 0 && options.year === undefined) {
      throw new SqlBuildError(
        `${perYear.map(t => t.name).join(', ')} ${perYear.length === 1 ? 'is a per-year table' : 'are per-year tables'}: pass a year (e.g. --year 2019 or { year: 2019 })`
      );
    }
    const aliases = uniqueAliases(tables);
    return tables.map((table, i) => {
      const sqlName = sqlTableName(table, options);
      if (table.yearPattern && options.year !== undefined) {
        const created = Number(table.dateCreated);
        const deleted = Number(table.dateDeleted);
        if (
          table.dateCreated &&
          Number.isFinite(created) &&
          options.year < created
        ) {
          warnings.push(
            `${table.name} starts in ${created}: ${sqlName} may not exist for ${options.year}`
          );
        }
        if (
          table.dateDeleted &&
          Number.isFinite(deleted) &&
          options.year > deleted
        ) {
          warnings.push(
            `${table.name} ended in ${deleted}: ${sqlName} may not exist for ${options.year}`
          );
        }
      }
      return { table, sqlName, alias: aliases[i] };
    });
  }

  /** Resolves `COLUMN` or `TABLE.COLUMN` among the query's tables. */
  private resolveColumn(
    ref: string,
    tables: readonly IQueryTable[]
  ): { t: IQueryTable; column: IColumn } {
    const dot = ref.lastIndexOf('.');
    if (dot > 0) {
      const tableName = ref.slice(0, dot);
      const columnName = ref.slice(dot + 1);
      const resolved = this.dictionary.resolveTable(tableName);
      const t = tables.find(
        q => q.table === resolved?.table || q.alias === tableName.toLowerCase()
      );
      if (!t) {
        throw new SqlBuildError(
          `Column ${ref}: table ${tableName} is not in this query (${tables.map(q => q.table.name).join(', ')})`
        );
      }
      return { t, column: this.dictionary.column(t.table.name, columnName) };
    }
    const matches = tables.flatMap(t => {
      const column = this.dictionary.findColumn(t.table.name, ref);
      return column ? [{ t, column }] : [];
    });
    if (matches.length === 0) {
      const all = tables.flatMap(t => t.table.columns.map(c => c.name));
      throw new UnknownNameError(
        'column',
        ref,
        suggest(ref, all),
        ` in ${tables.map(t => t.table.name).join(', ')}`
      );
    }
    if (matches.length > 1) {
      throw new SqlBuildError(
        `Column ${ref} is in ${matches.map(m => m.t.table.name).join(' and ')}: write ${matches[0].t.table.name}.${ref} to choose`
      );
    }
    return matches[0];
  }

  private columnExpression(
    t: IQueryTable,
    column: IColumn,
    options: ISnippetOptions,
    qualified: boolean
  ): string {
    const ref = qualified
      ? `${t.alias}.${quoteIdentifier(column.name)}`
      : quoteIdentifier(column.name);
    if (
      options.decodeDeathDate &&
      column.name.toUpperCase() === DEATH_DATE_COLUMN
    ) {
      return `NULLIF(${ref}, ${dateLiteral(ALIVE_DEATH_DATE)}) AS ${quoteIdentifier(column.name)}`;
    }
    return ref;
  }

  private selectList(
    tables: readonly IQueryTable[],
    options: ISnippetOptions,
    qualified: boolean
  ): string[] {
    if (options.aggregate) {
      const { groupBy, sum } = options.aggregate;
      if (sum.length === 0) {
        throw new SqlBuildError(
          'aggregate.sum is empty: name the quantity or amount columns to sum'
        );
      }
      return [
        ...groupBy.map(ref => {
          const { t, column } = this.resolveColumn(ref, tables);
          return this.columnExpression(t, column, options, qualified);
        }),
        ...sum.map(ref => {
          const { t, column } = this.resolveColumn(ref, tables);
          if (family(duckdbType(column)) !== 'number') {
            throw new SqlBuildError(
              `Cannot sum ${t.table.name}.${column.name}: it is ${column.type}, not a number`
            );
          }
          const ref2 = qualified
            ? `${t.alias}.${quoteIdentifier(column.name)}`
            : quoteIdentifier(column.name);
          return `SUM(${ref2}) AS ${quoteIdentifier(column.name)}`;
        })
      ];
    }
    if (options.columns && options.columns.length > 0) {
      return options.columns.map(ref => {
        const { t, column } = this.resolveColumn(ref, tables);
        return this.columnExpression(t, column, options, qualified);
      });
    }
    const wholeTables =
      tables.length === 1 ? tables : [tables[0], tables[tables.length - 1]];
    return wholeTables.map(t => {
      const star = qualified ? `${t.alias}.*` : '*';
      const death = t.table.columns.find(
        c => c.name.toUpperCase() === DEATH_DATE_COLUMN
      );
      if (options.decodeDeathDate && death) {
        const ref = qualified
          ? `${t.alias}.${quoteIdentifier(death.name)}`
          : quoteIdentifier(death.name);
        return `${star} REPLACE (NULLIF(${ref}, ${dateLiteral(ALIVE_DEATH_DATE)}) AS ${quoteIdentifier(death.name)})`;
      }
      return star;
    });
  }

  /** The first query table having `column`, or all of them. */
  private tablesWith(
    tables: readonly IQueryTable[],
    column: string
  ): { t: IQueryTable; column: IColumn }[] {
    return tables.flatMap(t => {
      const found = this.dictionary.findColumn(t.table.name, column);
      return found ? [{ t, column: found }] : [];
    });
  }

  private filterConditions(
    tables: readonly IQueryTable[],
    options: ISnippetOptions,
    qualified: boolean
  ): string[] {
    const filters = options.filters;
    if (!filters) {
      return [];
    }
    const names = tables.map(t => t.table.name).join(', ');
    const ref = (t: IQueryTable, column: IColumn): string =>
      qualified
        ? `${t.alias}.${quoteIdentifier(column.name)}`
        : quoteIdentifier(column.name);
    const conditions: string[] = [];

    if (filters.excludeForInformation) {
      const found = this.tablesWith(tables, FOR_INFORMATION.column);
      if (found.length === 0) {
        throw new SqlBuildError(
          `excludeForInformation filters on ${FOR_INFORMATION.column}, which none of ${names} has: start from the prestations table (ER_PRS_F or NS_PRS_F)`
        );
      }
      // IS DISTINCT FROM keeps rows whose qualifier is missing.
      conditions.push(
        `${ref(found[0].t, found[0].column)} IS DISTINCT FROM ${FOR_INFORMATION.value}`
      );
    }

    if (filters.validPmsiLinks) {
      const withCodes = tables.filter(t =>
        this.dictionary.findColumn(t.table.name, 'NIR_RET')
      );
      if (withCodes.length === 0) {
        throw new SqlBuildError(
          `validPmsiLinks filters on the link return codes (NIR_RET, SEJ_RET, …), which none of ${names} has: add the PMSI link table (e.g. T_MCOaaC)`
        );
      }
      for (const t of withCodes) {
        for (const name of PMSI_RETURN_CODE_COLUMNS) {
          const column = this.dictionary.findColumn(t.table.name, name);
          if (column) {
            conditions.push(`${ref(t, column)} = ${zeroLiteral(column)}`);
          }
        }
      }
    }

    if (filters.period) {
      const { start, end } = filters.period;
      const lag = filters.period.flowLagMonths ?? DEFAULT_FLOW_LAG_MONTHS;
      if (!Number.isInteger(lag) || lag < 0) {
        throw new SqlBuildError(
          `period.flowLagMonths must be a whole number of months ≥ 0, not ${lag}`
        );
      }
      const startLiteral = dateLiteral(start);
      dateLiteral(end); // throws on a malformed date
      if (start > end) {
        throw new SqlBuildError(
          `period starts on ${start}, after its end ${end}`
        );
      }
      const afterEnd = shiftDate(end, 0, 1);
      let care = this.tablesWith(tables, CARE_DATE_COLUMN);
      if (filters.period.table) {
        const wanted = this.dictionary.table(filters.period.table);
        care = care.filter(c => c.t.table === wanted);
        if (care.length === 0) {
          throw new SqlBuildError(
            `period.table ${wanted.name} is not in the query or has no ${CARE_DATE_COLUMN}`
          );
        }
      }
      const flow = this.tablesWith(tables, FLOW_DATE_COLUMN);
      if (care.length === 0 && flow.length === 0) {
        throw new SqlBuildError(
          `period filters on ${CARE_DATE_COLUMN} and ${FLOW_DATE_COLUMN}, which none of ${names} has`
        );
      }
      if (care.length > 0) {
        const c = ref(care[0].t, care[0].column);
        conditions.push(
          `${c} >= ${startLiteral}`,
          `${c} < ${dateLiteral(afterEnd)}`
        );
      }
      if (flow.length > 0) {
        const f = ref(flow[0].t, flow[0].column);
        conditions.push(
          `${f} >= ${startLiteral}`,
          `${f} < ${dateLiteral(shiftDate(afterEnd, lag))}`
        );
      }
    }

    if (filters.vitalStatus) {
      const found = this.tablesWith(tables, DEATH_DATE_COLUMN);
      if (found.length === 0) {
        throw new SqlBuildError(
          `vitalStatus filters on ${DEATH_DATE_COLUMN}, which none of ${names} has: add IR_BEN_R`
        );
      }
      const c = ref(found[0].t, found[0].column);
      conditions.push(
        filters.vitalStatus === 'alive'
          ? `${c} = ${dateLiteral(ALIVE_DEATH_DATE)}`
          : `${c} > ${dateLiteral(ALIVE_DEATH_DATE)}`
      );
    }
    return conditions;
  }

  private finish(
    select: string[],
    from: string[],
    conditions: string[],
    tables: readonly IQueryTable[],
    options: ISnippetOptions,
    qualified: boolean
  ): string {
    const lines = [`SELECT ${select.join(',\n       ')}`, ...from];
    if (conditions.length > 0) {
      lines.push(`WHERE ${conditions.join('\n  AND ')}`);
    }
    if (options.aggregate) {
      if (options.aggregate.groupBy.length > 0) {
        lines.push(
          `GROUP BY ${options.aggregate.groupBy.map((_, i) => String(i + 1)).join(', ')}`
        );
      }
      if (options.aggregate.nonZero) {
        const sums = options.aggregate.sum.map(refText => {
          const { t, column } = this.resolveColumn(refText, tables);
          const c = qualified
            ? `${t.alias}.${quoteIdentifier(column.name)}`
            : quoteIdentifier(column.name);
          return `SUM(${c}) <> 0`;
        });
        lines.push(`HAVING ${sums.join(' OR ')}`);
      }
    }
    if (options.limit !== undefined) {
      if (!Number.isInteger(options.limit) || options.limit < 0) {
        throw new SqlBuildError(
          `limit must be a whole number ≥ 0, not ${options.limit}`
        );
      }
      lines.push(`LIMIT ${options.limit}`);
    }
    return `${lines.join('\n')};`;
  }

  /** `SELECT` on one table. */
  select(table: string, options: ISnippetOptions = {}): ISqlSnippet {
    const resolved = this.dictionary.resolveTable(table);
    if (!resolved) {
      this.dictionary.table(table);
    }
    const year = options.year ?? resolved?.year;
    const opts = { ...options, year };
    const warnings: string[] = [];
    const tables = this.queryTables(
      [(resolved as { table: ITable }).table],
      opts,
      warnings
    );
    const select = this.selectList(tables, opts, false);
    const conditions = this.filterConditions(tables, opts, false);
    const from = [`FROM ${qualifiedName(tables[0].sqlName, opts.schema)}`];
    return {
      sql: this.finish(select, from, conditions, tables, opts, false),
      tables: tables.map(t => ({
        table: t.table.name,
        sqlName: t.sqlName,
        alias: t.alias
      })),
      warnings
    };
  }

  /**
   * A join along `path`, or along the cheapest path between two tables, or through a list of
   * tables (the cheapest path between each consecutive pair).
   */
  join(
    path: IJoinPath | readonly string[],
    options: IJoinOptions = {}
  ): ISqlSnippet {
    let year = options.year;
    let resolvedPath: IJoinPath;
    if (Array.isArray(path)) {
      const names = path as readonly string[];
      if (names.length < 2) {
        throw new SqlBuildError(
          'A join needs at least two tables; use select() for one'
        );
      }
      const resolved = names.map(name => {
        const r = this.dictionary.resolveTable(name);
        if (!r) {
          this.dictionary.table(name);
        }
        return r as { table: ITable; year?: number };
      });
      year ??= resolved.find(r => r.year !== undefined)?.year;
      resolvedPath = this.graph.path(
        resolved[0].table.name,
        resolved[1].table.name
      );
      for (let i = 2; i < resolved.length; i++) {
        const next = this.graph.path(resolvedPath.to, resolved[i].table.name);
        resolvedPath = {
          from: resolvedPath.from,
          to: next.to,
          tables: [...resolvedPath.tables, ...next.tables.slice(1)],
          steps: [...resolvedPath.steps, ...next.steps],
          cost: resolvedPath.cost + next.cost
        };
      }
    } else {
      resolvedPath = path as IJoinPath;
    }
    if (resolvedPath.steps.length === 0) {
      return this.select(resolvedPath.from, { ...options, year });
    }
    const opts = { ...options, year };
    const warnings: string[] = [];
    // A path may come back to a table; it then appears once per visit, with its own alias.
    const tables = this.queryTables(
      resolvedPath.tables.map(name => this.dictionary.table(name)),
      opts,
      warnings
    );
    const joinType = options.joinType ?? 'INNER';
    const from = [
      `FROM ${qualifiedName(tables[0].sqlName, opts.schema)} AS ${tables[0].alias}`
    ];
    resolvedPath.steps.forEach((step, i) => {
      const left = tables[i];
      const right = tables[i + 1];
      const on = step.fromColumns.map((fromColumn, k) => {
        const lc = this.dictionary.column(left.table.name, fromColumn);
        const rc = this.dictionary.column(right.table.name, step.toColumns[k]);
        return joinCondition(
          `${left.alias}.${quoteIdentifier(lc.name)}`,
          lc,
          `${right.alias}.${quoteIdentifier(rc.name)}`,
          rc
        );
      });
      from.push(
        `${joinType} JOIN ${qualifiedName(right.sqlName, opts.schema)} AS ${right.alias}\n  ON ${on.join('\n AND ')}`
      );
      const pk = right.table.primaryKey.map(c => c.toUpperCase());
      const used = new Set(step.toColumns.map(c => c.toUpperCase()));
      const covered = pk.filter(c => used.has(c));
      if (pk.length > 0 && covered.length > 0 && covered.length < pk.length) {
        warnings.push(
          `${left.table.name} → ${right.table.name} joins on ${step.toColumns.join(', ')}, part of the key of ${right.table.name} (${right.table.primaryKey.join(', ')}): rows may repeat`
        );
      }
    });
    const select = this.selectList(tables, opts, true);
    const conditions = this.filterConditions(tables, opts, true);
    return {
      sql: this.finish(select, from, conditions, tables, opts, true),
      tables: tables.map(t => ({
        table: t.table.name,
        sqlName: t.sqlName,
        alias: t.alias
      })),
      warnings
    };
  }
}
