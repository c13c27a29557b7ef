import { ACTION_CHANNELS, type ActionChannel } from '../platform/db/index.js';

/** The pure rules of the counters (counts.ts reads and purges them). */

export type ChannelCounts = Record<ActionChannel, number> & { total: number };

export interface ActionCounts {
  counts: ChannelCounts;
  /** Actions aimed at, all channels together; 0 is no goal. */
  goal: number;
}

export const noCounts = (): ChannelCounts => ({ email: 0, letter: 0, post: 0, call: 0, total: 0 });

/** Rows of (channel, n) as the counts of each channel and their total; unknown channels ignored. */
export function tallyChannels(
  rows: ReadonlyArray<{ channel: string | null; n: number | string }>,
  into: ChannelCounts = noCounts(),
): ChannelCounts {
  for (const row of rows) {
    if (row.channel === null || !(ACTION_CHANNELS as readonly string[]).includes(row.channel)) continue;
    const n = Number(row.n);
    into[row.channel as ActionChannel] += n;
    into.total += n;
  }
  return into;
}

/** How far towards its goal: the share to draw (0–100, whole) and whether it is reached; null without a goal. */
export function goalProgress(total: number, goal: number): { percent: number; reached: boolean } | null {
  if (!(goal > 0)) return null;
  return { percent: Math.min(100, Math.floor((total * 100) / goal)), reached: total >= goal };
}

/** How long the counts may lag behind at most (besides the worker's poll): one purge per bucket. */
export const COUNTS_BUCKET_MS = 5_000;

/** The bucket an instant falls in, and when it ends (when its purge runs). */
export function countsBucket(at: Date, bucketMs = COUNTS_BUCKET_MS): { index: number; endsAt: Date } {
  const index = Math.floor(at.getTime() / bucketMs);
  return { index, endsAt: new Date((index + 1) * bucketMs) };
}

/** The idempotency key of a bucket's purge: one job per urgent action per bucket, across processes. */
export const countsPurgeKey = (articleId: number, bucket: number) => `ua-count:${articleId}:${bucket}`;
