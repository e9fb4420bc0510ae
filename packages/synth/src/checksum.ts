/** Order-independent per-table checksums, identical SQL on every engine (see snds/synth/runner.py). */
export function checksumSql(
  table: string,
  columns: [string, string][]
): string {
  const parts = columns.map(([name, type]) => {
    const ident = `"${name}"`;
    const value = ['DOUBLE', 'FLOAT', 'REAL'].includes(type.toUpperCase())
      ? `CAST(CAST(round(${ident}, 6) AS DECIMAL(38,6)) AS VARCHAR)`
      : `CAST(${ident} AS VARCHAR)`;
    return `coalesce(${value}, '~')`;
  });
  const row = `md5(concat_ws('|', ${parts.join(', ')}))`;
  return `SELECT count(*) AS n, md5(coalesce(string_agg(h, '' ORDER BY h), '')) AS sum FROM (SELECT ${row} AS h FROM ${table})`;
}
