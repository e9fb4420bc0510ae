/**
 * The lists of the pools table (LOOKUP_TABLE), the one row every statement reads its code
 * lists and lookups from. A list given as text is split when the table is built, from a
 * VALUES row: DuckDB folds a split literal while optimizing, which natively took 50 of the
 * pools step's 90 ms (the first step, before every table).
 */
import { sqlString } from './hash_sql.js';

/** A list column of the pools table: SQL over its text, or SQL alone. */
export interface IPoolList {
  /** The values as one text, read from the VALUES row; none for a list written in SQL. */
  text?: string;
  /** The list's SQL, given the SQL of its text. */
  sql: (text: string) => string;
}

/** `values` joined by `sep`, split and cast to a list of `type`. */
export function splitList(
  values: readonly (string | number)[],
  sep: string,
  type: string
): IPoolList {
  return {
    text: values.join(sep),
    sql: text => `CAST(string_split(${text}, ${sqlString(sep)}) AS ${type}[])`
  };
}

/** A list written in SQL, such as one computed from {{patients}}. */
export function sqlList(sql: string): IPoolList {
  return { sql: () => sql };
}

/** The list's SQL with its text as a literal: the same list, folded while planning. */
export function inlineSql(list: IPoolList): string {
  return list.sql(list.text === undefined ? '' : sqlString(list.text));
}

/** The one-row SELECT of the pools table's columns, their texts in one VALUES row. */
export function poolsSelect(
  columns: Iterable<readonly [string, IPoolList]>
): string {
  const texts: string[] = [];
  const select = [...columns].map(([name, list]) => {
    if (list.text === undefined) {
      return `${list.sql('')} AS ${name}`;
    }
    texts.push(sqlString(list.text));
    return `${list.sql(`v.s${texts.length - 1}`)} AS ${name}`;
  });
  if (!select.length) {
    return 'SELECT 1 AS p';
  }
  if (!texts.length) {
    return `SELECT ${select.join(',\n  ')}`;
  }
  const names = texts.map((_, k) => `s${k}`).join(', ');
  return `SELECT ${select.join(',\n  ')}\nFROM (VALUES (${texts.join(', ')})) v(${names})`;
}
