import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { actorOf, formToken, recordAudit, type Staff, sendAdminHtml } from '../accounts/index.js';
import type { Db } from '../platform/db/index.js';
import { jsonSql } from '../platform/db/json.js';
import { csvCell } from '../platform/text/csv.js';
import { tallyChannels } from './count-rules.js';
import type { ActionsContext, Handler } from './handlers.js';
import { daySeries, deliveryOf, outcomesOf } from './impact-rules.js';
import { officeOpen, parseOfficeHours } from './rules.js';
import { findAction } from './service.js';
import { type ImpactView, impactPage, type TargetDelivery } from './views/impact.js';

/*
 * The campaigner's view of what supporters did on an urgent action: counts per channel (counted,
 * and pending their supporter's confirmation), counted actions per day per channel, the outcomes
 * of calls, where the emailed letters to each target are, and the actions as CSV with their
 * consent columns (exported in the audit log). Every figure is a grouped query: an urgent action
 * with a million actions reads a few hundred rows here.
 */

const idParams = z.object({
  id: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
});

function idOf(request: FastifyRequest): number | null {
  const parsed = idParams.safeParse(request.params);
  return parsed.success ? parsed.data.id : null;
}

/** The urgent action's article, or null when the id is not one. */
async function urgentArticle(ctx: ActionsContext, id: number | null) {
  if (id === null) return null;
  const [[article], row] = await Promise.all([ctx.newsroom.articles([id]), findAction(ctx.db, id)]);
  return article && article.type === 'urgent-action' ? { article, goal: row?.goal ?? 0 } : null;
}

/** Every figure of the impact page, each from one grouped statement. */
export async function impactOf(
  db: Db,
  articleId: number,
  now: Date,
): Promise<Omit<ImpactView, 'article' | 'goal'>> {
  const day = sql<string>`substr(${jsonSql(db).timestamp(sql.ref('counted_at'))}, 1, 10)`;
  const [states, days, calls, letters, named] = await Promise.all([
    db
      .selectFrom('ua_actions_taken')
      .select((eb) => ['channel', 'state', eb.fn.countAll<number>().as('n')])
      .where('article_id', '=', articleId)
      .groupBy(['channel', 'state'])
      .execute(),
    db
      .selectFrom('ua_actions_taken')
      .select((eb) => [day.as('day'), 'channel', eb.fn.countAll<number>().as('n')])
      .where('article_id', '=', articleId)
      .where('state', '=', 'counted')
      .where('counted_at', 'is not', null)
      .groupBy([day, 'channel'])
      .execute(),
    db
      .selectFrom('ua_actions_taken')
      .select((eb) => ['detail', eb.fn.countAll<number>().as('n')])
      .where('article_id', '=', articleId)
      .where('state', '=', 'counted')
      .where('channel', '=', 'call')
      .groupBy('detail')
      .execute(),
    db
      .selectFrom('ua_letters')
      .select((eb) => ['target_id', 'status', eb.fn.countAll<number>().as('n')])
      .where('article_id', '=', articleId)
      .groupBy(['target_id', 'status'])
      .execute(),
    db
      .selectFrom('ua_action_targets')
      .select(['target_id', 'role', 'position'])
      .where('article_id', '=', articleId)
      .orderBy('role', 'desc')
      .orderBy('position')
      .execute(),
  ]);
  // The targets named now, then any that letters went to before they stopped being named.
  const ids = [...new Set([...named.map((n) => n.target_id), ...letters.map((l) => l.target_id)])];
  const targets =
    ids.length === 0
      ? []
      : await db
          .selectFrom('ua_targets')
          .select(['id', 'honorific', 'name', 'title', 'email', 'time_zone', 'office_hours'])
          .where('id', 'in', ids)
          .execute();
  const targetOf = new Map(targets.map((t) => [t.id, t]));
  const roleOf = new Map(named.map((n) => [n.target_id, n.role]));
  const delivery: TargetDelivery[] = ids.flatMap((id) => {
    const target = targetOf.get(id);
    if (!target) return [];
    const hours = parseOfficeHours(target.office_hours);
    const ranges = hours.ok ? hours.ranges : [];
    const open = officeOpen(ranges, target.time_zone, now);
    return [
      {
        id,
        name: [target.honorific, target.name].filter(Boolean).join(' '),
        title: target.title,
        role: roleOf.get(id) ?? null,
        hasEmail: target.email !== '',
        timeZone: target.time_zone,
        officeOpen: open,
        knownHours: ranges.length > 0,
        counts: deliveryOf(
          letters.filter((l) => l.target_id === id),
          open,
        ),
      },
    ];
  });
  return {
    counted: tallyChannels(states.filter((s) => s.state === 'counted')),
    pending: tallyChannels(states.filter((s) => s.state === 'pending')),
    days: daySeries(days),
    calls: outcomesOf(calls),
    delivery,
  };
}

export const showImpact: Handler = async (ctx, request, reply) => {
  const found = await urgentArticle(ctx, idOf(request));
  if (!found) return reply.callNotFound();
  const now = ctx.now();
  const figures = await impactOf(ctx.db, found.article.id, now);
  return sendAdminHtml(
    reply,
    impactPage(
      { site: ctx.site, staff: request.staff, csrf: formToken(request) },
      { article: found.article, goal: found.goal, ...figures },
      now,
    ),
  );
};

/** The CSV's columns: what was done and when, by whom, and what they consented to. */
export const EXPORT_COLUMNS = [
  'created_at',
  'counted_at',
  'channel',
  'detail',
  'state',
  'name',
  'email',
  'city',
  'country',
  'hear_back',
  'wording_hash',
] as const;

const EXPORT_BATCH = 1000;

/**
 * The urgent action's actions as CSV with their supporters' consent, a thousand rows at a time
 * (keyset by id) so a large one never sits in memory; every cell formula-safe. Recorded in the
 * audit log with the count, never an address.
 */
export const exportActions: Handler = async (ctx, request, reply) => {
  const found = await urgentArticle(ctx, idOf(request));
  if (!found) return reply.callNotFound();
  const { article } = found;
  const now = ctx.now();
  const total = await ctx.db
    .selectFrom('ua_actions_taken')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_id', '=', article.id)
    .executeTakeFirstOrThrow();
  await recordAudit(
    ctx.db,
    actorOf(request.staff as Staff, request.ip),
    {
      action: 'urgent-action.exported',
      entityType: 'article',
      entityId: article.id,
      message: { key: 'audit.ua.exported', params: { title: article.title, count: Number(total.n) } },
    },
    now,
  );
  const db = ctx.db;
  async function* lines() {
    yield `${EXPORT_COLUMNS.map(csvCell).join(',')}\r\n`;
    let after = 0;
    for (;;) {
      const batch = await db
        .selectFrom('ua_actions_taken as a')
        .innerJoin('ua_supporters as s', 's.id', 'a.supporter_id')
        .select([
          'a.id',
          'a.created_at',
          'a.counted_at',
          'a.channel',
          'a.detail',
          'a.state',
          'a.hear_back',
          'a.wording_hash',
          's.name',
          's.email',
          's.city',
          's.country',
        ])
        .where('a.article_id', '=', article.id)
        .where('a.id', '>', after)
        .orderBy('a.id')
        .limit(EXPORT_BATCH)
        .execute();
      if (batch.length === 0) return;
      let chunk = '';
      for (const r of batch) {
        const cells = [
          r.created_at,
          r.counted_at,
          r.channel,
          r.detail,
          r.state,
          r.name,
          r.email,
          r.city,
          r.country,
          r.hear_back ? 'yes' : 'no',
          r.wording_hash,
        ];
        chunk += `${cells.map(csvCell).join(',')}\r\n`;
      }
      yield chunk;
      after = batch[batch.length - 1]!.id;
      if (batch.length < EXPORT_BATCH) return;
    }
  }
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('cache-control', 'no-store')
    .header(
      'content-disposition',
      `attachment; filename="urgent-action-${article.id}-actions-${now.toISOString().slice(0, 10)}.csv"`,
    )
    .send(Readable.from(lines()));
};
