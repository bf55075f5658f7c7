/**
 * Records are stored as JSON, where an undefined field and a missing one are the same thing. Built
 * records drop undefined fields so that "unchanged" comparisons give the same answer before and
 * after the data file is reloaded.
 */
export function withoutUndefined<T extends object>(record: T): T {
  for (const key of Object.keys(record) as (keyof T)[]) {
    const value = record[key];
    if (value === undefined) delete record[key];
    else if (Array.isArray(value)) value.forEach((v) => v && typeof v === 'object' && withoutUndefined(v));
    else if (value && typeof value === 'object') withoutUndefined(value);
  }
  return record;
}
