import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/index.js';
import { enqueue, type JobHandler } from '../jobs/index.js';

/** Where Candle's purges go besides its own page caches: the HTTP cache or CDN in front of it (CDN_PURGE). */
export type CdnPurgeTarget = { provider: 'varnish'; urls: string[] };

/**
 * Purges for the HTTP cache or CDN in front of Candle (CDN_PURGE). Every purge Candle records
 * (recordPurge) also queues a job in the same transaction, so the cache in front hears of exactly
 * the changes that committed; the job's retries and backoff carry a purge through a restart of the
 * cache or a network blip.
 */

/** The job that carries one recorded purge to the cache in front. */
export const CDN_PURGE_JOB = 'cache.cdn-purge';

/** purge-bus.ts's EVERYTHING, repeated because that module imports this one. */
const EVERYTHING = '*';

/**
 * A cache in front of Candle that drops what it keeps by content key. Varnish is the one there is;
 * a CDN (Fastly's surrogate-key purge, Cloudflare's purge by tag) is another implementation.
 */
export interface CdnPurger {
  /**
   * Drops every object tagged with any of the keys; the key '*' drops every object. Resolves only
   * once the cache confirmed it, and throws otherwise, so the job is retried. Must be idempotent:
   * a job may run twice.
   */
  purge(keys: readonly string[]): Promise<void>;
}

export function cdnPurger(target: CdnPurgeTarget): CdnPurger {
  switch (target.provider) {
    case 'varnish':
      return varnishPurger(target.urls);
  }
}

/**
 * recordPurge is handed only the caller's transaction. Kysely passes a database's adapter object
 * on to each of its transactions (and schema or plugin views), and makes a new one per database,
 * so the adapter tells which database, and so which configuration, a purge belongs to; this keeps
 * recordPurge's signature, and its callers, as they are.
 */
const enabled = new WeakSet<object>();

/** Purges recorded on this database from now on also queue a CDN purge job (CDN_PURGE is set). */
export function enableCdnPurge(db: Kysely<Database>): void {
  enabled.add(db.getExecutor().adapter);
}

/** Called by recordPurge inside the writing transaction: queues the job when CDN_PURGE is set. */
export async function queueCdnPurge(db: Kysely<Database>, keys: readonly string[], now: Date): Promise<void> {
  if (keys.length === 0 || !enabled.has(db.getExecutor().adapter)) return;
  await enqueue(db, { kind: CDN_PURGE_JOB, payload: { keys } }, now);
}

const payloadSchema = z.object({ keys: z.array(z.string().min(1)).min(1) });

/**
 * The worker's handler. Registered even when CDN_PURGE is unset, so that a worker started without
 * it while a web process queues purges says why in the job's error instead of "no handler".
 */
export function cdnPurgeJobHandler(purger: CdnPurger | undefined): JobHandler {
  return async (payload) => {
    const { keys } = payloadSchema.parse(payload);
    if (!purger) throw new Error('CDN_PURGE is not set in the process that runs jobs');
    await purger.purge(keys);
  };
}

/** Varnish's default limit for one request header is 8 KB; stay well under it. */
const MAX_XKEY_BYTES = 4000;

/** Splits keys into space-separated header values of at most `max` bytes (keys are ASCII). */
export function xkeyBatches(keys: readonly string[], max = MAX_XKEY_BYTES): string[] {
  const batches: string[] = [];
  let current = '';
  for (const key of keys) {
    if (current && current.length + 1 + key.length > max) {
      batches.push(current);
      current = '';
    }
    current = current ? `${current} ${key}` : key;
  }
  if (current) batches.push(current);
  return batches;
}

/**
 * Sends `PURGE /` with an `xkey` header to each Varnish (deploy/varnish/default.vcl): the keys,
 * space-separated, or '*', which that VCL turns into a ban of everything.
 */
export function varnishPurger(urls: readonly string[], options: { timeoutMs?: number } = {}): CdnPurger {
  // The worker runs jobs one at a time: a Varnish that hangs must not hold up mail and publishing.
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    async purge(keys) {
      const values = keys.includes(EVERYTHING) ? [EVERYTHING] : xkeyBatches(keys);
      for (const url of urls) {
        for (const xkey of values) {
          const res = await fetch(url, {
            method: 'PURGE',
            headers: { xkey },
            signal: AbortSignal.timeout(timeoutMs),
          });
          // Read to the end so the connection can be reused; the VCL puts its answer in the reason.
          await res.arrayBuffer();
          if (res.status !== 200) {
            throw new Error(`Varnish at ${url} answered PURGE with ${res.status} ${res.statusText}`);
          }
        }
      }
    },
  };
}
