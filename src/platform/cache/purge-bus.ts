import type { Kysely } from 'kysely';
import type { Database, Db } from '../db/index.js';
import { PurgeLogCursor } from '../db/purge-log.js';
import { queueCdnPurge } from './cdn-purge.js';
import type { PageCache } from './page-cache.js';

/** Purges every cached page, for changes too broad to list (a demo reload). */
export const EVERYTHING = '*';

/**
 * Records a purge in the caller's transaction. Every instance (web processes, and the page caches
 * of a separate worker) reads the log and purges its own cache, so no instance keeps serving a page
 * whose content changed, whichever process made the change.
 */
/**
 * The content key of a "not found" answer, which caches in front keep for a minute: without it a
 * reader who met an article's address before it was published would be told it does not exist
 * until that minute ends.
 */
export const MISSING_PAGE_KEY = 'missing';

export async function recordPurge(db: Kysely<Database>, keys: readonly string[], now: Date): Promise<void> {
  if (keys.length === 0) return;
  // Any change to content may make an address that answered 404 answer a page.
  const unique = [...new Set(keys.includes(EVERYTHING) ? keys : [...keys, MISSING_PAGE_KEY])];
  await db
    .insertInto('cache_purges')
    .values({ keys: unique.join(' '), created_at: now.toISOString() })
    .execute();
  // The cache in front (CDN_PURGE) is told by a job that commits or rolls back with the change.
  await queueCdnPurge(db, unique, now);
}

/** Where a listener reports a poll that failed (the app's pino logger). */
export interface PurgeLogger {
  error(obj: object, msg: string): void;
}

/**
 * Reads the purge log and drops the pages of every purge in it, each once, whichever process made
 * it and whichever order the writing transactions commit in (PurgeLogCursor says how).
 */
export class PurgeListener {
  private readonly cursor: PurgeLogCursor;
  private timer: NodeJS.Timeout | undefined;
  private polling: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly cache: Pick<PageCache, 'purge' | 'clear' | 'size'>,
    private readonly now: () => Date,
    /** Whatever carries the process's logger: the Fastify app (its pino logger) in app.ts. */
    private readonly logs: { readonly log: PurgeLogger },
  ) {
    this.cursor = new PurgeLogCursor(db);
  }

  /** Starts from the newest purge: pages cached before this process started do not exist. */
  async start(pollMs = 1000): Promise<void> {
    await this.cursor.skipToNow();
    this.timer = setInterval(() => {
      this.polling ??= this.poll()
        .then(() => {})
        // A failed poll (the database restarting, a lost connection) moves the cursor nowhere: the
        // next one reads the same rows. It is logged, since until then other processes' changes do
        // not reach this one's cache.
        .catch((err: unknown) => this.logs.log.error({ err }, 'could not read the purge log; trying again'))
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
    const purges = await this.cursor.next();
    let dropped = 0;
    for (const keyList of purges) {
      const keys = keyList.split(' ');
      if (keys.includes(EVERYTHING)) {
        dropped += this.cache.size;
        this.cache.clear();
      } else {
        dropped += this.cache.purge(keys);
      }
    }
    // The log only needs to outlive the slowest poll; a day is generous.
    if (purges.length > 0 && Math.random() < 0.01) {
      const cutoff = new Date(this.now().getTime() - 24 * 60 * 60_000).toISOString();
      await this.db.deleteFrom('cache_purges').where('created_at', '<', cutoff).execute();
    }
    return dropped;
  }
}
