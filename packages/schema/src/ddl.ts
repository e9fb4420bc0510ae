/**
 * DuckDB `CREATE TABLE` statements for the SNDS tables.
 *
 * Type mapping (Table Schema → DuckDB):
 * - string → VARCHAR;
 * - integer → INTEGER up to 9 digits, else (or without a length) BIGINT;
 * - number with length "p,s" (p integer digits, s decimals, as the constraints show: "11,2"
 *   allows 99999999999.99) → DECIMAL(p+s, s); without a length → DOUBLE;
 * - date → DATE, datetime → TIMESTAMP, boolean → BOOLEAN;
 * - year → SMALLINT; yearmonth → VARCHAR (YYYYMM, as the SNDS stores it).
 */
import type { SndsDictionary } from './dictionary.js';
import { SqlBuildError } from './errors.js';
import type { IColumn, ITable } from './model.js';
import {
  qualifiedName,
  quoteIdentifier,
  stringLiteral
} from './sql_identifiers.js';
import { checkYear, concreteTableName } from './table_names.js';

const MAX_DECIMAL_WIDTH = 38;
const MAX_INTEGER_DIGITS = 9;

function digits(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) {
    return 0;
  }
  return String(Math.floor(Math.abs(value))).length;
}

/** The DuckDB type of a column. */
export function duckdbType(column: IColumn): string {
  switch (column.type) {
    case 'string':
    case 'yearmonth':
      return 'VARCHAR';
    case 'integer': {
      const width =
        column.length && /^\d+$/.test(column.length)
          ? Number(column.length)
          : undefined;
      const needed = Math.max(
        width ?? Infinity,
        digits(column.constraints?.maximum),
        digits(column.constraints?.minimum)
      );
      return needed <= MAX_INTEGER_DIGITS ? 'INTEGER' : 'BIGINT';
    }
    case 'number': {
      const match = column.length ? /^(\d+),(\d+)$/.exec(column.length) : null;
      if (!match) {
        return 'DOUBLE';
      }
      const scale = Number(match[2]);
      const integerDigits = Math.max(
        Number(match[1]),
        digits(column.constraints?.maximum),
        digits(column.constraints?.minimum)
      );
      const width = integerDigits + scale;
      return width <= MAX_DECIMAL_WIDTH && width > 0
        ? `DECIMAL(${width},${scale})`
        : 'DOUBLE';
    }
    case 'date':
      return 'DATE';
    case 'datetime':
      return 'TIMESTAMP';
    case 'boolean':
      return 'BOOLEAN';
    case 'year':
      return 'SMALLINT';
  }
}

export interface ITableNameOptions {
  /** The year of per-year tables (PMSI `aa`, CARTOGRAPHIE `AAAA`). */
  year?: number;
  /** A schema to qualify table names with, e.g. `snds`. */
  schema?: string;
}

/** The name of a table in the database: per-year names get their year. */
export function sqlTableName(
  table: ITable,
  options: ITableNameOptions = {}
): string {
  if (!table.yearPattern) {
    return table.name;
  }
  if (options.year === undefined) {
    throw new SqlBuildError(
      `${table.name} is a per-year table: pass a year (e.g. year: 2019 gives ${concreteTableName(table.name, table.yearPattern, 2019)})`
    );
  }
  const problem = checkYear(options.year);
  if (problem) {
    throw new SqlBuildError(`${table.name}: ${problem}`);
  }
  return concreteTableName(table.name, table.yearPattern, options.year);
}

export interface ICreateTableOptions extends ITableNameOptions {
  ifNotExists?: boolean;
  /** Declare the source's primary key (off by default: the SNDS does not enforce it). */
  primaryKey?: boolean;
  /** Add `COMMENT ON` statements with the French descriptions. */
  comments?: boolean;
}

/** `CREATE TABLE` for one table, plus its `COMMENT ON` statements when asked. */
export function createTableSql(
  table: ITable,
  options: ICreateTableOptions = {}
): string {
  const name = qualifiedName(sqlTableName(table, options), options.schema);
  const lines = table.columns.map(
    column => `  ${quoteIdentifier(column.name)} ${duckdbType(column)}`
  );
  if (options.primaryKey && table.primaryKey.length > 0) {
    lines.push(
      `  PRIMARY KEY (${table.primaryKey.map(quoteIdentifier).join(', ')})`
    );
  }
  const statements = [
    `CREATE TABLE ${options.ifNotExists ? 'IF NOT EXISTS ' : ''}${name} (\n${lines.join(',\n')}\n);`
  ];
  if (options.comments) {
    if (table.title) {
      statements.push(
        `COMMENT ON TABLE ${name} IS ${stringLiteral(table.title)};`
      );
    }
    for (const column of table.columns) {
      if (column.description) {
        statements.push(
          `COMMENT ON COLUMN ${name}.${quoteIdentifier(column.name)} IS ${stringLiteral(column.description)};`
        );
      }
    }
  }
  return statements.join('\n');
}

/** `CREATE TABLE` statements for every table of the dictionary (or of `tables`). */
export function createTablesSql(
  dictionary: SndsDictionary,
  options: ICreateTableOptions & { tables?: readonly string[] } = {}
): string {
  const tables = options.tables
    ? options.tables.map(name => dictionary.table(name))
    : dictionary.tables;
  if (options.schema) {
    return [
      `CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(options.schema)};`,
      ...tables.map(t => createTableSql(t, options))
    ].join('\n\n');
  }
  return tables.map(table => createTableSql(table, options)).join('\n\n');
}
