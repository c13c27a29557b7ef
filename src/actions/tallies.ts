import type { ActionChannel, Db } from '../platform/db/index.js';

/*
 * Reads of the tallies (migration 028), which triggers keep in the same transaction as every
 * action counted and every letter's change of status: an urgent action with a million actions is
 * a few hundred rows here (one per day, channel and detail), so the counters and the impact pages
 * never count actions one by one. See CONTEXT.md, *Tallies*.
 */

export interface ChannelRow {
  channel: string;
  n: number;
}

/** Counted actions per channel of each of these urgent actions. */
export async function countedByChannel(
  db: Db,
  articleIds: readonly number[],
): Promise<Array<ChannelRow & { article_id: number }>> {
  if (articleIds.length === 0) return [];
  const rows = await db
    .selectFrom('ua_action_tallies')
    .select((eb) => ['article_id', 'channel', eb.fn.sum<number>('actions').as('n')])
    .where('article_id', 'in', [...new Set(articleIds)])
    .groupBy(['article_id', 'channel'])
    .execute();
  return rows.map((r) => ({ article_id: r.article_id, channel: r.channel, n: Number(r.n) }));
}

/** Counted actions per UTC day and channel: of one urgent action, or (null) of all since `fromDay`. */
export async function countedByDay(
  db: Db,
  articleId: number | null,
  fromDay?: string,
): Promise<Array<ChannelRow & { day: string }>> {
  let query = db
    .selectFrom('ua_action_tallies')
    .select((eb) => ['day', 'channel', eb.fn.sum<number>('actions').as('n')])
    .where('actions', '<>', 0);
  if (articleId !== null) query = query.where('article_id', '=', articleId);
  if (fromDay !== undefined) query = query.where('day', '>=', fromDay);
  const rows = await query.groupBy(['day', 'channel']).execute();
  return rows.map((r) => ({ day: r.day, channel: r.channel, n: Number(r.n) }));
}

/** The last UTC day any action was counted on (any urgent action), or null when none was. */
export async function lastCountedDay(db: Db): Promise<string | null> {
  const row = await db
    .selectFrom('ua_action_tallies')
    .select((eb) => eb.fn.max('day').as('day'))
    .executeTakeFirst();
  return row?.day ?? null;
}

/** Counted actions of one channel of one urgent action per detail (a call's outcome). */
export async function countedByDetail(
  db: Db,
  articleId: number,
  channel: ActionChannel,
): Promise<Array<{ detail: string; n: number }>> {
  const rows = await db
    .selectFrom('ua_action_tallies')
    .select((eb) => ['detail', eb.fn.sum<number>('actions').as('n')])
    .where('article_id', '=', articleId)
    .where('channel', '=', channel)
    .groupBy('detail')
    .execute();
  return rows.map((r) => ({ detail: r.detail, n: Number(r.n) }));
}

/** Counted actions per urgent action and channel, every urgent action that has any. */
export async function countedPerAction(db: Db): Promise<Array<ChannelRow & { article_id: number }>> {
  const rows = await db
    .selectFrom('ua_action_tallies')
    .select((eb) => ['article_id', 'channel', eb.fn.sum<number>('actions').as('n')])
    .groupBy(['article_id', 'channel'])
    .execute();
  return rows.map((r) => ({ article_id: r.article_id, channel: r.channel, n: Number(r.n) }));
}

/** Emailed letters of one urgent action per target and status. */
export async function lettersByTarget(
  db: Db,
  articleId: number,
): Promise<Array<{ target_id: number; status: string; n: number }>> {
  const rows = await db
    .selectFrom('ua_letter_tallies')
    .select(['target_id', 'status', 'letters'])
    .where('article_id', '=', articleId)
    .where('letters', '<>', 0)
    .execute();
  return rows.map((r) => ({ target_id: r.target_id, status: r.status, n: Number(r.letters) }));
}
