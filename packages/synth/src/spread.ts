/**
 * Quantiles of gamma laws of mean 1, computed when the program is compiled. A statement
 * draws a slot and reads the quantile by position: counts and lengths then spread as
 * overdispersed counts do (many people with none, a tail of heavy users), with plain
 * arithmetic only, so DuckDB-WASM and native DuckDB give the same values.
 */

/** Slots of a quantile list: a draw `_m(r, salt, SPREAD_SLOTS)` picks one. */
export const SPREAD_SLOTS = 1024;

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028,
  771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7). */
function lnGamma(x: number): number {
  if (x < 0.5) {
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) {
    sum += LANCZOS[i] / (z + i);
  }
  const t = z + 7.5;
  return (
    0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum)
  );
}

/** P(a, x): the regularized lower incomplete gamma function, by its series. */
function lowerGamma(a: number, x: number): number {
  if (x <= 0) {
    return 0;
  }
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < 10000 && term > sum * 1e-15; n++) {
    term *= x / (a + n);
    sum += term;
  }
  return Math.min(1, sum * Math.exp(-x + a * Math.log(x) - lnGamma(a)));
}

/**
 * The quantiles, at the middle of each of `slots` equal slices of probability, of a gamma law
 * of shape `shape` and mean 1, rounded to 6 significant digits (the program holds them as
 * text).
 */
export function gammaQuantiles(shape: number, slots = SPREAD_SLOTS): number[] {
  if (!(shape > 0) || !Number.isFinite(shape)) {
    throw new Error(`A gamma shape must be a number above 0, not ${shape}.`);
  }
  const cdf = (q: number): number => lowerGamma(shape, shape * q);
  const out: number[] = [];
  for (let i = 0; i < slots; i++) {
    const p = (i + 0.5) / slots;
    let lo = 0;
    let hi = 1;
    while (cdf(hi) < p) {
      hi *= 2;
    }
    for (let k = 0; k < 100 && hi - lo > 1e-12 * hi; k++) {
      const mid = (lo + hi) / 2;
      if (cdf(mid) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    out.push(Number(((lo + hi) / 2).toPrecision(6)));
  }
  return out;
}
