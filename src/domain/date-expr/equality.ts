/** Comparing two parsed targets, however each was written. */
import { DateExpr } from '../model.js';

/**
 * Same target, however it was written: "Sept 2020" equals "September 2020". Ignores `raw` and
 * `yearBasis` (how we learned the year, not what the target is); qualifiers, annotations and
 * tentativeness still count.
 */
export function dateExprEquals(a: DateExpr, b: DateExpr): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(expr: DateExpr): string {
  const parsed = DateExpr.safeParse(expr); // fills defaults, so a missing `tentative` equals false
  return JSON.stringify(withoutProvenance(parsed.success ? parsed.data : expr));
}

function withoutProvenance(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutProvenance);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([key, field]) => key !== 'raw' && key !== 'yearBasis' && field !== undefined)
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([key, field]) => [key, withoutProvenance(field)]);
  return Object.fromEntries(entries);
}
