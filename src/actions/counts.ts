import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { PageCache } from '../platform/cache/page-cache.js';
import { recordPurge } from '../platform/cache/purge-bus.js';
import { type Db, preparedQuery, type Slots } from '../platform/db/index.js';
import { notFound, page, publicPage } from '../platform/http/public-page.js';
import { enqueue } from '../platform/jobs/index.js';
import { renderFragment } from '../platform/views/render.js';
import { type ActionCounts, countsBucket, countsPurgeKey, noCounts, tallyChannels } from './count-rules.js';
import { idParams } from './input.js';
import { isPublicAction, keys, type Newsroom } from './newsroom.js';
import { CountsBlock } from './views/counts.js';

/*
 * How many people acted on an urgent action, per channel and in all, and its goal. Only `counted`
 * actions count (their supporter's address is confirmed). The numbers are a small fragment of
 * their own (`GET /actions/:id/counts`, content key `ua-count:<id>`) that a script on the page
 * fetches, so the urgent action's page, cached on its own keys, is not re-rendered with every
 * action; the page and listing items show the numbers as they were when they were rendered.
 */

const goalsAndTallies = preparedQuery((db: Db, v: Slots<{ ids: number[] }>) =>
  db
    .selectFrom('urgent_actions as u')
    .leftJoin('ua_action_tallies as t', 't.article_id', 'u.article_id')
    .select((eb) => ['u.article_id', 'u.goal', 't.channel', eb.fn.sum<number>('t.actions').as('n')])
    .where('u.article_id', 'in', v.ids)
    .groupBy(['u.article_id', 'u.goal', 't.channel']),
);

/**
 * The counted actions and goal of each of these urgent actions: the goals, and the actions from
 * their tallies (tallies.ts; a few hundred rows for a million actions, never a count of actions),
 * in one statement. An id with no urgent action is absent from the map.
 */
export async function actionCounts(
  db: Db,
  articleIds: readonly number[],
): Promise<Map<number, ActionCounts>> {
  const found = new Map<number, ActionCounts>();
  if (articleIds.length === 0) return found;
  const rows = await goalsAndTallies(db, { ids: [...new Set(articleIds)] });
  for (const row of rows) {
    let entry = found.get(row.article_id);
    if (!entry) {
      entry = { counts: noCounts(), goal: Number(row.goal) };
      found.set(row.article_id, entry);
    }
    // An urgent action nobody acted on yet has one row, with no channel.
    tallyChannels([row], entry.counts);
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Purging the fragment: at most once a bucket per urgent action, whatever the rate of actions.

/** The job that purges an urgent action's counts fragment at the end of a bucket. */
export const COUNTS_PURGE_JOB = 'actions.counts-purge';

/** Per database handle (one app), the last bucket each urgent action's purge was queued for. */
const queuedBuckets = new WeakMap<Db, Map<number, number>>();

export interface CountsDeps {
  db: Db;
  now: () => Date;
}

interface Purging extends CountsDeps {
  cache: { purge(keys: readonly string[]): unknown };
}

/**
 * Tells the counters that an urgent action has one more counted action (or several: once is
 * enough). Call it with the app's database handle after the transaction that counted it has
 * committed. The purge of `ua-count:<id>` is a job due at the end of the current 5-second bucket,
 * queued with an idempotency key per bucket, so every process together queues one per bucket per
 * urgent action; each process also remembers the bucket it already queued, so at 2,000 actions a
 * second only the first of a bucket touches the database. The job runs after the bucket ends, so
 * it purges after every action counted in it. Throws only if the job cannot be written (the
 * action is already safe: the caller logs it, and the next action of the bucket tries again).
 */
export async function countsChanged(deps: CountsDeps, articleId: number): Promise<void> {
  const bucket = countsBucket(deps.now());
  let queued = queuedBuckets.get(deps.db);
  if (!queued) {
    queued = new Map();
    queuedBuckets.set(deps.db, queued);
  }
  if (queued.get(articleId) === bucket.index) return;
  await enqueue(
    deps.db,
    {
      kind: COUNTS_PURGE_JOB,
      payload: { articleId, bucket: bucket.index },
      runAt: bucket.endsAt,
      idempotencyKey: countsPurgeKey(articleId, bucket.index),
      maxAttempts: 3,
    },
    deps.now(),
  );
  // Remembered once queued: a failed enqueue is tried again by the next action of the bucket.
  queued.set(articleId, bucket.index);
}

/**
 * The job: the counts fragment of this urgent action is purged everywhere (never its page). Its
 * own row goes in the same transaction: a busy urgent action would leave 17,280 done jobs a day,
 * and a bucket that has ended is never asked for again, so its key is not needed any more.
 */
export async function purgeCounts(deps: Purging, articleId: number, bucket?: number): Promise<void> {
  const now = deps.now();
  const purged = [keys.count(articleId)];
  await deps.db.transaction().execute(async (trx) => {
    await recordPurge(trx, purged, now);
    if (bucket !== undefined) {
      await trx
        .deleteFrom('jobs')
        .where('idempotency_key', '=', countsPurgeKey(articleId, bucket))
        .where('kind', '=', COUNTS_PURGE_JOB)
        .execute();
    }
  });
  deps.cache.purge(purged);
}

const purgePayload = z.object({ articleId: z.number().int(), bucket: z.number().int().optional() });

export function countsJobs(deps: Purging) {
  return {
    [COUNTS_PURGE_JOB]: (payload: unknown) => {
      const { articleId, bucket } = purgePayload.parse(payload);
      return purgeCounts(deps, articleId, bucket);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The fragment.

export interface CountsRouteDeps extends CountsDeps {
  cache: PageCache;
  newsroom: Pick<Newsroom, 'articles'>;
}

/**
 * `GET /actions/:id/counts`: the counts and goal bar of a published urgent action as an HTML
 * fragment (what the page's script puts in place of the numbers it was rendered with), through
 * the page cache like any public page, on the content keys of the counts, the details (the goal)
 * and the article (unpublished, it is gone).
 */
export function countsRoutes(app: FastifyInstance, deps: CountsRouteDeps): void {
  app.get(
    '/actions/:id/counts',
    publicPage(deps.cache, async (request) => {
      const parsed = idParams.safeParse(request.params);
      if (!parsed.success) return notFound();
      const id = parsed.data.id;
      const [[article], counted] = await Promise.all([
        deps.newsroom.articles([id]),
        actionCounts(deps.db, [id]),
      ]);
      const found = counted.get(id);
      if (!found || !isPublicAction(article, deps.now())) return notFound();
      return page(renderFragment(CountsBlock({ articleId: id, ...found })), [
        keys.count(id),
        keys.action(id),
        article.contentKey,
      ]);
    }),
  );
}
