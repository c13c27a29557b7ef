import type { Kysely } from 'kysely';
import type { Database, Db } from '../db/index.js';
import { queueCdnPurge } from './cdn-purge.js';
import type { PageCache } from './page-cache.js';

/** Purges every cached page, for changes too broad to list (a demo reload). */
export const EVERYTHING = '*';

/**
 * Records a purge in the caller's transaction. Every instance (web processes, and the page caches
 * of a separate worker) reads the log and purges its own cache, so no instance keeps serving a page
 * whose content changed, whichever process made the change.
 */
export async function recordPurge(db: Kysely<Database>, keys: readonly string[], now: Date): Promise<void> {
  const unique = [...new Set(keys)];
  if (unique.length === 0) return;
  await db
    .insertInto('cache_purges')
    .values({ keys: unique.join(' '), created_at: now.toISOString() })
    .execute();
  // The cache in front (CDN_PURGE) is told by a job that commits or rolls back with the change.
  await queueCdnPurge(db, unique, now);
}

export class PurgeListener {
  private lastId = 0;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly cache: PageCache,
    private readonly now: () => Date,
  ) {}

  /** Starts from the newest purge: pages cached before this process started do not exist. */
  async start(pollMs = 1000): Promise<void> {
    const newest = await this.db
      .selectFrom('cache_purges')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    this.lastId = Number(newest?.id ?? 0);
    this.timer = setInterval(() => {
      this.polling ??= this.poll()
        .then(() => {})
        .catch(() => {})
        .finally(() => {
          this.polling = undefined;
        });
    }, pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.polling;
  }

  /** Applies every purge recorded since the last poll; returns how many pages were dropped. */
  async poll(): Promise<number> {
    const rows = await this.db
      .selectFrom('cache_purges')
      .select(['id', 'keys'])
      .where('id', '>', this.lastId)
      .orderBy('id')
      .limit(1000)
      .execute();
    let dropped = 0;
    for (const row of rows) {
      const keys = row.keys.split(' ');
      if (keys.includes(EVERYTHING)) {
        dropped += this.cache.size;
        this.cache.clear();
      } else {
        dropped += this.cache.purge(keys);
      }
      this.lastId = row.id;
    }
    // The log only needs to outlive the slowest poll; a day is generous.
    if (rows.length > 0 && Math.random() < 0.01) {
      const cutoff = new Date(this.now().getTime() - 24 * 60 * 60_000).toISOString();
      await this.db.deleteFrom('cache_purges').where('created_at', '<', cutoff).execute();
    }
    return dropped;
  }
}
