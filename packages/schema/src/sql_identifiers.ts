/** DuckDB identifier quoting and SQL literals. */

/**
 * DuckDB 1.4 keywords that cannot stand unquoted as a column or table name in every position:
 * the `reserved`, `type_function` and `column_name` categories of `duckdb_keywords()`. A test
 * checks this list against the engine.
 */
export const DUCKDB_KEYWORDS: ReadonlySet<string> = new Set(
  // reserved
  (
    'all analyse analyze and any array as asc asymmetric both case cast check collate column ' +
    'constraint create default deferrable desc describe distinct do else end except false fetch ' +
    'for foreign from group having in initially intersect into lambda lateral leading limit not ' +
    'null offset on only or order pivot pivot_longer pivot_wider placing primary qualify ' +
    'references returning select show some summarize symmetric table then to trailing true union ' +
    'unique unpivot using variadic when where window with ' +
    // type_function
    'anti asof at authorization binary by collation columns concurrently cross freeze full ' +
    'generated glob ilike inner is isnull join left like map natural notnull outer overlaps ' +
    'positional right semi similar struct tablesample try_cast unpack verbose ' +
    // column_name
    'between bigint bit boolean char character coalesce dec decimal exists extract float grouping ' +
    'grouping_id inout int integer interval national nchar none nullif numeric out overlay ' +
    'position precision real row setof smallint substring time timestamp treat trim values ' +
    'varchar xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi ' +
    'xmlroot xmlserialize xmltable'
  ).split(' ')
);

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The identifier as DuckDB reads it: unquoted when it is a plain name and not a keyword, else in
 * double quotes. DuckDB matches unquoted names without case, so lower-case CARTOGRAPHIE columns
 * need no quotes.
 */
export function quoteIdentifier(name: string): string {
  if (PLAIN_IDENTIFIER.test(name) && !DUCKDB_KEYWORDS.has(name.toLowerCase())) {
    return name;
  }
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.table` with each part quoted as needed. */
export function qualifiedName(name: string, schema?: string): string {
  return schema
    ? `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`
    : quoteIdentifier(name);
}

export function stringLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Checks an ISO date and returns it as a DuckDB DATE literal. */
export function dateLiteral(date: string): string {
  const match = ISO_DATE.exec(date);
  const parsed = match
    ? new Date(
        Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
      )
    : undefined;
  if (
    !match ||
    !parsed ||
    parsed.getUTCMonth() !== Number(match[2]) - 1 ||
    parsed.getUTCDate() !== Number(match[3])
  ) {
    throw new RangeError(
      `${JSON.stringify(date)} is not a date: write it YYYY-MM-DD, e.g. 2019-01-31`
    );
  }
  return `DATE '${date}'`;
}

/** ISO date plus months and days, for period bounds. */
export function shiftDate(date: string, months: number, days = 0): string {
  const match = ISO_DATE.exec(date);
  if (!match) {
    throw new RangeError(
      `${JSON.stringify(date)} is not a date: write it YYYY-MM-DD`
    );
  }
  const d = new Date(
    Date.UTC(
      Number(match[1]),
      Number(match[2]) - 1 + months,
      Number(match[3]) + days
    )
  );
  return d.toISOString().slice(0, 10);
}
