import { ClockCache } from './clock.js';

interface Entry<V> {
  value: V;
  tags: readonly string[];
  storedAt: number;
}

export interface TaggedCacheOptions {
  /** How long a value is kept at most, purged or not: a purge that never arrives costs this much. */
  maxAgeMs?: number;
  now?: () => Date;
}

/** What purges reach: the page cache, and the caches of parts of pages that follow it. */
export interface Purgeable {
  purge(keys: readonly string[]): number;
  clear(): void;
}

/**
 * Values made from content, each tagged with the content keys it was made from, so a change
 * purges exactly the values that showed it. A value not read for the longest goes first when the
 * cache is full (second chance, see clock.ts), and none is served once older than the age limit.
 * The page cache is one (by address); a room may keep parts of pages in another that follows it
 * (PageCache.parts), so every purge that reaches the pages reaches the parts.
 */
export class TaggedCache<V> implements Purgeable {
  private readonly entries: ClockCache<string, Entry<V>>;
  private readonly byTag = new Map<string, Set<string>>();
  private readonly maxAgeMs: number;
  private readonly now: () => Date;
  /** How many purges and clears this cache has had: what `set` compares `readAt` with. */
  purges = 0;

  constructor(
    private readonly maxEntries: number,
    options: TaggedCacheOptions = {},
  ) {
    this.entries = new ClockCache(maxEntries, (key, entry) => this.forget(key, entry));
    this.maxAgeMs = options.maxAgeMs ?? 10 * 60_000;
    this.now = options.now ?? (() => new Date());
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now().getTime() - entry.storedAt >= this.maxAgeMs) {
      this.remove(key);
      return undefined;
    }
    return entry.value;
  }

  /**
   * Stores a value tagged with the content keys it was made from. Given `readAt`, the purge count
   * when its content was read, a value that a purge overtook while it was being made is not
   * stored: it may show what that purge was for.
   */
  store(key: string, value: V, tags: readonly string[], readAt = this.purges): void {
    if (this.maxEntries <= 0 || readAt !== this.purges) return;
    this.remove(key);
    this.entries.set(key, { value, tags, storedAt: this.now().getTime() });
    for (const tag of tags) {
      let keys = this.byTag.get(tag);
      if (!keys) {
        keys = new Set();
        this.byTag.set(tag, keys);
      }
      keys.add(key);
    }
  }

  /** Drops every value tagged with any of these keys; returns how many were dropped. */
  purge(tags: readonly string[]): number {
    this.purges++;
    let dropped = 0;
    for (const tag of tags) {
      const keys = this.byTag.get(tag);
      if (!keys) continue;
      for (const key of [...keys]) {
        if (this.remove(key)) dropped++;
      }
    }
    return dropped;
  }

  clear(): void {
    this.purges++;
    this.entries.clear();
    this.byTag.clear();
  }

  private remove(key: string): boolean {
    const entry = this.entries.delete(key);
    if (!entry) return false;
    this.forget(key, entry);
    return true;
  }

  /** Forgets which tags a value that is gone had. */
  private forget(key: string, entry: Entry<V>): void {
    for (const tag of entry.tags) {
      const keys = this.byTag.get(tag);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(tag);
    }
  }
}
