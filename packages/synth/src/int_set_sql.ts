/**
 * SQL that tests an integer column against a set of integers, written as ranges of
 * consecutive values. DuckDB tests a long IN list row by row far slower than a few
 * comparisons: the cartographie's drug classes (runs of ATC indexes) took most of
 * CT_IND_AAAA_GN's time as IN lists.
 */
export function intSetSql(column: string, values: readonly number[]): string {
  const sorted = [...new Set(values)].sort((a, b) => a - b);
  if (!sorted.length) {
    return 'false';
  }
  const parts: string[] = [];
  for (let k = 0; k < sorted.length;) {
    let j = k;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) {
      j++;
    }
    parts.push(
      j === k
        ? `${column} = ${sorted[k]}`
        : `${column} BETWEEN ${sorted[k]} AND ${sorted[j]}`
    );
    k = j + 1;
  }
  return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
}
