interface Entry<V> {
  value: V;
  /** Set by a read, cleared when eviction passes over the entry (its second chance). */
  used: boolean;
}

/**
 * A bounded map that, when full, drops an entry not read for the longest, by second chance
 * (CLOCK): a read only sets a flag on its entry. Moving the entry to the back of the map on every
 * read, the textbook LRU, replaces the map's table each time, and V8 keeps each replaced table
 * alive through the one before it until a full collection: at 40,000 page-cache hits a second that
 * alone grew the old generation by 5 MB a second (docs/benchmarks.md).
 */
export class ClockCache<K, V> {
  private readonly entries = new Map<K, Entry<V>>();

  /** `onDrop` hears of each entry eviction drops (not of `delete` or `clear`). */
  constructor(
    private readonly maxEntries: number,
    private readonly onDrop: (key: K, value: V) => void = () => {},
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    entry.used = true;
    return entry.value;
  }

  /** Stores a value (in place of any before it); the entry just stored is never the one dropped. */
  set(key: K, value: V): void {
    if (this.maxEntries <= 0) return;
    const entry = this.entries.get(key);
    if (entry) {
      entry.value = value;
      return;
    }
    this.entries.set(key, { value, used: false });
    while (this.entries.size > this.maxEntries) this.dropOneBesides(key);
  }

  /** Removes an entry; returns its value, if there was one. */
  delete(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    return entry.value;
  }

  clear(): void {
    this.entries.clear();
  }

  /**
   * Walks the entries oldest first: one read since it was stored or last passed over goes to the
   * back without its mark, the first that was not is dropped.
   */
  private dropOneBesides(stored: K): void {
    // A Map's iterator also visits entries appended during the walk, so this ends.
    for (const [key, entry] of this.entries) {
      if (key === stored) continue;
      if (entry.used) {
        entry.used = false;
        this.entries.delete(key);
        this.entries.set(key, entry);
        continue;
      }
      this.entries.delete(key);
      this.onDrop(key, entry.value);
      return;
    }
  }
}
