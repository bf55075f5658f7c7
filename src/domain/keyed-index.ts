/**
 * A many-to-one index of records by a key, kept as maps so that it can be updated record by record
 * (add / remove) when a write changes one record, instead of being rebuilt from the whole store.
 * Records under one key keep the order they were added in (source order for the demo dataset).
 */
export class KeyedIndex<T extends { id: string }> {
  private readonly byKey = new Map<string, Map<string, T>>();

  add(key: string, record: T): void {
    let bucket = this.byKey.get(key);
    if (!bucket) {
      bucket = new Map();
      this.byKey.set(key, bucket);
    }
    bucket.set(record.id, record);
  }

  remove(key: string, id: string): void {
    const bucket = this.byKey.get(key);
    if (!bucket) return;
    bucket.delete(id);
    if (bucket.size === 0) this.byKey.delete(key);
  }

  get(key: string): readonly T[] {
    const bucket = this.byKey.get(key);
    return bucket ? [...bucket.values()] : [];
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  count(key: string): number {
    return this.byKey.get(key)?.size ?? 0;
  }

  keys(): readonly string[] {
    return [...this.byKey.keys()];
  }
}

/** Lower-case words only, for tolerant matching of names people type ("Stoke-on-Trent" = "stoke on trent"). */
export function foldWords(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/<[^>]+>/g, ' ')
    .replace(/[’']/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
