/** Tariffs by date (care.json prices) as SQL. */
import type { ITariff } from './profiles.js';

/**
 * A tariff's price in cents on `day` (SQL): the price given from the latest day not after
 * it, the first one before them all.
 */
export function tariffCents(t: ITariff, day: string): string {
  const byDay: Record<string, number> = typeof t === 'number' ? { '': t } : t;
  const from = Object.keys(byDay).sort();
  const cents = (f: string): number => Math.round(byDay[f] * 100);
  const changes = from
    .slice(1)
    .reverse()
    .map(f => `WHEN ${day} >= DATE '${f}' THEN ${cents(f)}`);
  return changes.length
    ? `CASE ${changes.join(' ')} ELSE ${cents(from[0])} END`
    : String(cents(from[0]));
}
