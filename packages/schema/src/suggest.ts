/** "Did you mean …?": close names by edit distance. */

/** Rows reused between calls: fuzzy search calls this thousands of times per query. */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/**
 * Optimal-string-alignment distance (Levenshtein plus transpositions), or `max + 1` as soon as
 * it is known to exceed `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (a === b) {
    return 0;
  }
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > max) {
    return max + 1;
  }
  if (la === 0 || lb === 0) {
    return Math.max(la, lb);
  }
  if (rowA.length <= lb) {
    rowA = new Int32Array(lb * 2);
    rowB = new Int32Array(lb * 2);
    rowC = new Int32Array(lb * 2);
  }
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= lb; j++) {
    prev[j] = j;
  }
  for (let i = 1; i <= la; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= lb; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = prev[j - 1] + (ca === cb ? 0 : 1);
      if (prev[j] + 1 < d) {
        d = prev[j] + 1;
      }
      if (cur[j - 1] + 1 < d) {
        d = cur[j - 1] + 1;
      }
      if (
        i > 1 &&
        j > 1 &&
        ca === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === cb &&
        prev2[j - 2] + 1 < d
      ) {
        d = prev2[j - 2] + 1;
      }
      cur[j] = d;
      if (d < rowMin) {
        rowMin = d;
      }
    }
    if (rowMin > max) {
      return max + 1;
    }
    const recycled = prev2;
    prev2 = prev;
    prev = cur;
    cur = recycled;
  }
  return prev[lb];
}

/** Largest edit distance still worth suggesting for a name of this length. */
export function typoBudget(length: number): number {
  if (length <= 3) {
    return 1;
  }
  if (length <= 8) {
    return 2;
  }
  return 3;
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) {
    i++;
  }
  return i;
}

export interface ISuggestOptions {
  limit?: number;
  maxDistance?: number;
}

/** Candidates closest to `input`, compared without case, best first. */
export function suggest(
  input: string,
  candidates: Iterable<string>,
  options: ISuggestOptions = {}
): string[] {
  const limit = options.limit ?? 3;
  const query = input.toUpperCase();
  const max = options.maxDistance ?? typoBudget(query.length);
  const scored: { name: string; distance: number; prefix: number }[] = [];
  const seen = new Set<string>();
  for (const name of candidates) {
    if (seen.has(name)) {
      continue;
    }
    seen.add(name);
    const upper = name.toUpperCase();
    let distance = editDistance(query, upper, max);
    // A name the input starts (e.g. "ER_PHA") is a good suggestion whatever its length.
    if (distance > max && query.length >= 3 && upper.startsWith(query)) {
      distance = max;
    }
    if (distance <= max) {
      scored.push({ name, distance, prefix: commonPrefix(query, upper) });
    }
  }
  scored.sort(
    (x, y) =>
      x.distance - y.distance ||
      y.prefix - x.prefix ||
      (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)
  );
  return scored.slice(0, limit).map(entry => entry.name);
}
