/**
 * An index that depends only on some collections is built once for as long as those collections
 * are unchanged: the store copies a collection only when a write touches it, so a progress update
 * (which changes actions and updates) keeps every index of people, plans and committees as it was.
 */
const built = new WeakMap<object, Map<string, { arrays: readonly object[]; value: unknown }>>();

export function byCollections<T>(name: string, arrays: readonly (readonly unknown[])[], build: () => T): T {
  const first = arrays[0] as object;
  let entries = built.get(first);
  if (!entries) {
    entries = new Map();
    built.set(first, entries);
  }
  const cached = entries.get(name);
  if (cached && cached.arrays.length === arrays.length && cached.arrays.every((a, i) => a === arrays[i])) return cached.value as T;
  const value = build();
  entries.set(name, { arrays, value });
  return value;
}
