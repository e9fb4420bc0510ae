/**
 * Deterministic pseudo-random numbers in plain SQL arithmetic.
 *
 * DuckDB's built-in hash() and random() differ between engine versions (DuckDB-WASM 1.4 and
 * native 2.0), so the generator uses its own 32-bit mixer: two multiply-xorshift rounds
 * (the "hash32" of Thomas Mueller, a bijection on 32-bit integers). Every product stays below
 * 2^59, so BIGINT never overflows and every engine computes the same bits.
 */

export const MASK32 = 4294967295;

/**
 * The generator's SQL functions, written as macros in the compiler's output and expanded at
 * compile time (expandMacros): binding a macro call costs DuckDB-WASM about a millisecond,
 * which over thousands of calls was most of a generation's time.
 */
const MACROS: Record<string, { params: string[]; body: string }> = {
  _sx: {
    params: ['x'],
    body: '((xor((x) >> 16, (x)) * 73244475) & 4294967295)'
  },
  _h: {
    params: ['x'],
    body: 'xor(_sx(_sx(CAST(x AS BIGINT) & 4294967295)) >> 16, _sx(_sx(CAST(x AS BIGINT) & 4294967295)))'
  },
  // A 32-bit word from the row random r and a salt k: r times an odd multiplier derived from
  // k (a Weyl-style projection). The row randoms themselves come from _h.
  _w: {
    params: ['r', 'k'],
    body: '((CAST(r AS BIGINT) * (((CAST(k AS BIGINT) * 2654435761) & 2147483647) | 1)) & 4294967295)'
  },
  // A draw in [0, n): the high 24 bits of the word.
  _m: { params: ['r', 'k', 'n'], body: '((_w(r, k) >> 8) % (n))' },
  // A draw in [0, 1).
  _u: { params: ['r', 'k'], body: '((_w(r, k) >> 8) / 16777216.0)' },
  // YYYYMM text, as the SNDS stores year-months.
  _ym: { params: ['d'], body: 'CAST(year(d) * 100 + month(d) AS VARCHAR)' },
  // The first day of the month n months after d's month, in integer arithmetic.
  _month_add: {
    params: ['d', 'n'],
    body: 'make_date(CAST((year(d) * 12 + month(d) - 1 + (n)) // 12 AS BIGINT), CAST((year(d) * 12 + month(d) - 1 + (n)) % 12 + 1 AS BIGINT), 1)'
  }
};

/** The same functions as DuckDB macros, for SQL written by hand against a generated dataset. */
export const HASH_MACROS = Object.entries(MACROS).map(
  ([name, m]) =>
    `CREATE OR REPLACE MACRO ${name}(${m.params.join(', ')}) AS ${m.body}`
);

/** An argument that needs no parentheses: a number or a (qualified) column name. */
const SIMPLE =
  /^(-?\d+(\.\d+)?|[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?)$/;

const CALL = new RegExp(`\\b(${Object.keys(MACROS).join('|')})\\(`, 'g');

/** Splits the arguments of a call whose '(' ends at `start`; returns them and the ')' index. */
function callArguments(sql: string, start: number): [string[], number] {
  const args: string[] = [];
  let depth = 0;
  let from = start;
  for (let i = start; i < sql.length; i++) {
    const c = sql[i];
    if (c === "'") {
      i = sql.indexOf("'", i + 1);
      while (sql[i + 1] === "'") {
        i = sql.indexOf("'", i + 2);
      }
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      depth++;
    } else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) {
        args.push(sql.slice(from, i).trim());
        return [args, i];
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      args.push(sql.slice(from, i).trim());
      from = i + 1;
    }
  }
  throw new Error(
    `Unbalanced macro call in: ${sql.slice(start - 20, start + 80)}`
  );
}

/** Replaces every call of the generator's macros by its body (repeatedly: bodies nest). */
export function expandMacros(sql: string): string {
  let text = sql;
  for (;;) {
    let out = '';
    let last = 0;
    let changed = false;
    CALL.lastIndex = 0;
    for (let m = CALL.exec(text); m; m = CALL.exec(text)) {
      if (inString(text, m.index)) {
        continue;
      }
      const [args, end] = callArguments(text, m.index + m[0].length);
      const macro = MACROS[m[1]];
      if (m[1] === '_w' && /^\d+$/.test(args[1])) {
        // The multiplier of a literal salt, folded here rather than by every engine.
        args[1] = String(multiplier(Number(args[1])));
        out +=
          text.slice(last, m.index) +
          `((CAST(${args[0]} AS BIGINT) * ${args[1]}) & 4294967295)`;
        last = end + 1;
        CALL.lastIndex = end + 1;
        changed = true;
        continue;
      }
      const body = macro.body.replace(/\b([a-z])\b/g, (w: string) => {
        const k = macro.params.indexOf(w);
        return k < 0 ? w : SIMPLE.test(args[k]) ? args[k] : `(${args[k]})`;
      });
      out += text.slice(last, m.index) + body;
      last = end + 1;
      CALL.lastIndex = end + 1;
      changed = true;
    }
    if (!changed) {
      return text;
    }
    text = out + text.slice(last);
  }
}

/** The odd multiplier _w derives from a salt k: ((k * 2654435761) & 2147483647) | 1. */
export function multiplier(k: number): number {
  return Number(((BigInt(k) * 2654435761n) & 2147483647n) | 1n);
}

/** Whether position `at` lies inside a single-quoted literal. */
function inString(sql: string, at: number): boolean {
  let quotes = 0;
  for (let i = sql.lastIndexOf('\n', at) + 1; i < at; i++) {
    if (sql[i] === "'") {
      quotes++;
    }
  }
  return quotes % 2 === 1;
}

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
  return `_h(${rowInput(indexSql, String(saltOf(salt)))})`;
}

/** What _h mixes for row `indexSql` of the stream whose salt is `saltSql` (a number or a column). */
function rowInput(indexSql: string, saltSql: string): string {
  return `xor(CAST(${indexSql} AS BIGINT), ({{seed}} * 2654435761 + ${saltSql}) & ${MASK32})`;
}

/**
 * Rows (_i, _r) of `fromSql` with the same row randoms as rowRandom, computed in
 * stages: each stage names its input once, where the inlined _h repeats it eight
 * times, which DuckDB must bind and optimise each time.
 */
export function rowRandomRows(
  indexSql: string,
  salt: string,
  fromSql: string
): string {
  return saltedRowRandomRows(indexSql, String(saltOf(salt)), fromSql, []);
}

/**
 * rowRandomRows for rows of many streams at once: `saltSql` holds each row's salt (saltOf
 * of its stream's name, or a number), and the `carry` columns of `fromSql` are kept.
 */
export function saltedRowRandomRows(
  indexSql: string,
  saltSql: string,
  fromSql: string,
  carry: string[]
): string {
  const k = ['_i', ...carry].join(', ');
  return [
    `SELECT ${k}, xor(_b >> 16, _b) AS _r FROM (`,
    `SELECT ${k}, _sx(_a) AS _b FROM (`,
    `SELECT ${k}, _sx(_c) AS _a FROM (`,
    `SELECT ${[`${indexSql} AS _i`, ...carry].join(', ')}, CAST(${rowInput(indexSql, saltSql)} AS BIGINT) & ${MASK32} AS _c FROM ${fromSql})))`
  ].join('');
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
  if (values.length === 1) {
    return values[0];
  }
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
  if (bands.length === 1) {
    return String(values[0]);
  }
  const parts: string[] = [];
  for (let k = bands.length - 1; k >= 1; k--) {
    parts.push(`WHEN ${valueSql} >= ${bands[k]} THEN ${values[k]}`);
  }
  return `CASE ${parts.join(' ')} ELSE ${values[0]} END`;
}
