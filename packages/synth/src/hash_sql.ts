/**
 * Deterministic pseudo-random numbers in plain SQL arithmetic.
 *
 * DuckDB's built-in hash() and random() differ between engine versions (DuckDB-WASM 1.4 and
 * native 2.0), so the generator uses its own 32-bit mixer: two multiply-xorshift rounds
 * (the "hash32" of Thomas Mueller, a bijection on 32-bit integers). Every product stays below
 * 2^59, so BIGINT never overflows and every engine computes the same bits.
 */

export const MASK32 = 4294967295;

/** Macros every generation statement relies on. */
export const HASH_MACROS = [
  'CREATE OR REPLACE MACRO _sx(x) AS (xor(x >> 16, x) * CAST(73244475 AS BIGINT)) & 4294967295',
  'CREATE OR REPLACE MACRO _h(x) AS xor(_sx(_sx(CAST(x AS BIGINT) & 4294967295)) >> 16, _sx(_sx(CAST(x AS BIGINT) & 4294967295)))',
  // A 32-bit word from the row random r and a salt k: r times an odd multiplier derived from
  // k (a Weyl-style projection). r appears once, so macro expansion stays small; the row
  // randoms themselves come from _h.
  'CREATE OR REPLACE MACRO _w(r, k) AS (CAST(r AS BIGINT) * (((CAST(k AS BIGINT) * 2654435761) & 2147483647) | 1)) & 4294967295',
  // A draw in [0, n): the high 24 bits of the word.
  'CREATE OR REPLACE MACRO _m(r, k, n) AS (_w(r, k) >> 8) % n',
  // A draw in [0, 1).
  'CREATE OR REPLACE MACRO _u(r, k) AS (_w(r, k) >> 8) / 16777216.0',
  // YYYYMM text, as the SNDS stores year-months.
  'CREATE OR REPLACE MACRO _ym(d) AS CAST(year(d) * 100 + month(d) AS VARCHAR)',
  // The first day of the month n months after d's month, in integer arithmetic.
  'CREATE OR REPLACE MACRO _month_add(d, n) AS make_date(CAST((year(d) * 12 + month(d) - 1 + n) // 12 AS BIGINT), CAST((year(d) * 12 + month(d) - 1 + n) % 12 + 1 AS BIGINT), 1)'
];

/** The 32-bit mixer in TypeScript, for salts computed at compile time. */
export function hash32(value: number): number {
  let x = value >>> 0;
  x = Math.imul((x >>> 16) ^ x, 73244475) >>> 0;
  x = Math.imul((x >>> 16) ^ x, 73244475) >>> 0;
  return ((x >>> 16) ^ x) >>> 0;
}

/** A stable salt for a name (FNV-1a then mixed), so salts do not depend on table order. */
export function saltOf(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) {
    h = Math.imul(h ^ name.charCodeAt(i), 16777619) >>> 0;
  }
  return hash32(h) % 1000000007;
}

/**
 * The row random of row `i` of a table: a bijection of i for a given seed and salt, so it
 * also gives unique identifiers. The seed part is constant-folded by DuckDB.
 */
export function rowRandom(indexSql: string, salt: string): string {
  return `_h(xor(CAST(${indexSql} AS BIGINT), ({{seed}} * 2654435761 + ${saltOf(salt)}) & 4294967295))`;
}

export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** `CASE` picking from weighted values with a draw in [0, 1_000_000). */
export function weightedCase(
  drawSql: string,
  values: string[],
  weights: number[]
): string {
  const total = weights.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  const parts: string[] = [];
  for (let k = 0; k < values.length - 1; k++) {
    cumulative += weights[k];
    parts.push(
      `WHEN ${drawSql} < ${Math.round((cumulative / total) * 1_000_000)} THEN ${values[k]}`
    );
  }
  return `CASE ${parts.join(' ')} ELSE ${values[values.length - 1]} END`;
}

/** `CASE` giving a value per band: bands are lower bounds, ascending. */
export function bandCase(
  valueSql: string,
  bands: number[],
  values: (number | string)[]
): string {
  const parts: string[] = [];
  for (let k = bands.length - 1; k >= 1; k--) {
    parts.push(`WHEN ${valueSql} >= ${bands[k]} THEN ${values[k]}`);
  }
  return `CASE ${parts.join(' ')} ELSE ${values[0]} END`;
}
