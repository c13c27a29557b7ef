import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, formToken, recordAudit, type Staff, sendAdminHtml } from '../accounts/index.js';
import { ACTION_CHANNELS, type Db } from '../platform/db/index.js';
import { t } from '../platform/i18n/index.js';
import { csvCell } from '../platform/text/csv.js';
import { type ChannelCounts, noCounts, tallyChannels } from './count-rules.js';
import type { ActionsContext, Handler } from './handlers.js';
import { daySeries, deliveryOf, outcomesOf } from './impact-rules.js';
import { fillSlots, type ImpactSources, slotTables } from './impact-slots.js';
import { type ActionTotal, type ImpactTable, type TargetDelivery, tableCsv } from './impact-tables.js';
import { idParams } from './input.js';
import { numbering, officeOpen, ordinal, parseOfficeHours } from './rules.js';
import { findAction } from './service.js';
import {
  countedByChannel,
  countedByDay,
  countedByDetail,
  countedPerAction,
  lastCountedDay,
  lettersByTarget,
} from './tallies.js';
import { type ImpactView, impactPage, impactTables } from './views/impact.js';
import { type ImpactAllView, impactAllPage, impactAllTables } from './views/impact-all.js';

/*
 * The campaigner's view of what supporters did: on one urgent action, counts per channel (counted,
 * and pending their supporter's confirmation), counted actions per day per channel, the outcomes
 * of calls, where the emailed letters to each target are, and the actions as CSV with their
 * consent columns (exported in the audit log); on every urgent action together, the same counts
 * per channel and per day and each urgent action's totals. Counted actions and letters are read
 * from their tallies (tallies.ts, kept by triggers): an urgent action with a million actions reads
 * a few hundred rows. Each table downloads as CSV from the same rows the page draws.
 */

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

/** Every figure of one urgent action's impact page: tallies, and the few actions still pending. */
export async function impactOf(
  db: Db,
  articleId: number,
  now: Date,
): Promise<Omit<ImpactView, 'article' | 'goal'>> {
  const [counted, pending, days, calls, letters, named] = await Promise.all([
    countedByChannel(db, [articleId]),
    // Pending actions are few (an address unconfirmed for 7 days is deleted with its actions):
    // a range of the index by urgent action, state and channel.
    db
      .selectFrom('ua_actions_taken')
      .select((eb) => ['channel', eb.fn.countAll<number>().as('n')])
      .where('article_id', '=', articleId)
      .where('state', '=', 'pending')
      .groupBy('channel')
      .execute(),
    countedByDay(db, articleId),
    countedByDetail(db, articleId, 'call'),
    lettersByTarget(db, articleId),
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
    counted: tallyChannels(counted),
    pending: tallyChannels(pending),
    days: daySeries(days),
    calls: outcomesOf(calls),
    delivery,
  };
}

/** The sources other rooms handed over for the impact pages' slots (app.ts). */
const sourcesOf = (ctx: ActionsContext): ImpactSources | undefined => ctx.impactSources;

/** One urgent action's page: its figures and what the slots' sources give for it. */
async function actionImpact(ctx: ActionsContext, request: FastifyRequest) {
  const found = await urgentArticle(ctx, idOf(request));
  if (!found) return null;
  const now = ctx.now();
  const [figures, slots] = await Promise.all([
    impactOf(ctx.db, found.article.id, now),
    fillSlots(sourcesOf(ctx), found.article.id, now),
  ]);
  return { now, view: { article: found.article, goal: found.goal, ...figures, slots } };
}

export const showImpact: Handler = async (ctx, request, reply) => {
  const found = await actionImpact(ctx, request);
  if (!found) return reply.callNotFound();
  return sendAdminHtml(
    reply,
    impactPage({ site: ctx.site, staff: request.staff, csrf: formToken(request) }, found.view, found.now),
  );
};

// ---------------------------------------------------------------------------------------------
// Every urgent action together.

/** How many days the page of every urgent action shows, up to the last day with an action. */
export const OVERALL_DAYS = 92;

/** "UA 58/20", or "UA 58/20, 1st update". */
function referenceOf(row: { year: number | null; number: number | null; update_ordinal: number | null }) {
  const n = numbering(row);
  if (!n) return '';
  return n.update > 0 ? `${n.reference}, ${t('ua.nthUpdate', { ordinal: ordinal(n.update) })}` : n.reference;
}

/** Every figure of the page of all urgent actions: tallies only, and the titles of those with actions. */
export async function impactOfAll(ctx: ActionsContext): Promise<Omit<ImpactAllView, 'slots'>> {
  const last = await lastCountedDay(ctx.db);
  const from =
    last === null
      ? undefined
      : new Date(Date.parse(`${last}T00:00:00Z`) - (OVERALL_DAYS - 1) * 86_400_000)
          .toISOString()
          .slice(0, 10);
  const [perAction, days] = await Promise.all([
    countedPerAction(ctx.db),
    last === null ? Promise.resolve([]) : countedByDay(ctx.db, null, from),
  ]);
  const byAction = new Map<number, ChannelCounts>();
  for (const row of perAction)
    byAction.set(row.article_id, tallyChannels([row], byAction.get(row.article_id)));
  const ids = [...byAction.keys()];
  const [articles, rows] = await Promise.all([
    ids.length === 0 ? Promise.resolve([]) : ctx.newsroom.articles(ids),
    ids.length === 0
      ? Promise.resolve([])
      : ctx.db
          .selectFrom('urgent_actions')
          .select(['article_id', 'year', 'number', 'update_ordinal'])
          .where('article_id', 'in', ids)
          .execute(),
  ]);
  const titleOf = new Map(articles.map((a) => [a.id, a.title]));
  const referenceFor = new Map(rows.map((r) => [r.article_id, referenceOf(r)]));
  const counted = noCounts();
  const totals: ActionTotal[] = [];
  for (const [articleId, counts] of byAction) {
    if (counts.total === 0) continue;
    tallyChannels(
      ACTION_CHANNELS.map((channel) => ({ channel, n: counts[channel] })),
      counted,
    );
    totals.push({
      articleId,
      title: titleOf.get(articleId) ?? t('uaImpactAll.untitled', { id: articleId }),
      reference: referenceFor.get(articleId) ?? '',
      counts,
    });
  }
  return { counted, days: daySeries(days, OVERALL_DAYS), totals };
}

async function allImpact(ctx: ActionsContext) {
  const now = ctx.now();
  const [figures, slots] = await Promise.all([impactOfAll(ctx), fillSlots(sourcesOf(ctx), null, now)]);
  return { now, view: { ...figures, slots } };
}

export const showImpactAll: Handler = async (ctx, request, reply) => {
  const { now, view } = await allImpact(ctx);
  return sendAdminHtml(
    reply,
    impactAllPage({ site: ctx.site, staff: request.staff, csrf: formToken(request) }, view, now),
  );
};

// ---------------------------------------------------------------------------------------------
// Each table as CSV.

const tableParams = z.object({
  table: z
    .string()
    .regex(/^[a-z0-9-]{1,40}\.csv$/)
    .transform((name) => name.slice(0, -'.csv'.length)),
});

function tableNameOf(request: FastifyRequest): string | null {
  const parsed = tableParams.safeParse(request.params);
  return parsed.success ? parsed.data.table : null;
}

/** Sends one table as a CSV download, after writing its export to the audit log. */
async function sendTable(
  ctx: ActionsContext,
  request: FastifyRequest,
  reply: FastifyReply,
  table: ImpactTable,
  scope: { articleId: number; title: string } | null,
  now: Date,
) {
  await recordAudit(
    ctx.db,
    actorOf(request.staff as Staff, request.ip),
    {
      action: 'urgent-action.table-exported',
      entityType: scope ? 'article' : 'urgent-actions',
      entityId: scope ? scope.articleId : 'all',
      message: {
        key: 'audit.ua.tableExported',
        params: {
          caption: table.caption,
          scope: scope ? t('audit.ua.scopeOne', { title: scope.title }) : t('audit.ua.scopeAll'),
        },
      },
    },
    now,
  );
  const stem = scope ? `urgent-action-${scope.articleId}` : 'urgent-actions';
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('cache-control', 'no-store')
    .header(
      'content-disposition',
      `attachment; filename="${stem}-${table.name}-${now.toISOString().slice(0, 10)}.csv"`,
    )
    .send(tableCsv(table));
}

/** `/admin/actions/:id/impact/<table>.csv`: one table of an urgent action's impact page. */
export const exportImpactTable: Handler = async (ctx, request, reply) => {
  const name = tableNameOf(request);
  const found = name === null ? null : await actionImpact(ctx, request);
  if (!found || name === null) return reply.callNotFound();
  const own = impactTables(found.view) as Record<string, ImpactTable>;
  const table = own[name] ?? slotTables(found.view.slots).find((s) => s.name === name);
  if (!table) return reply.callNotFound();
  const { article } = found.view;
  return sendTable(ctx, request, reply, table, { articleId: article.id, title: article.title }, found.now);
};

/** `/admin/actions/impact/<table>.csv`: one table of the page of every urgent action. */
export const exportImpactAllTable: Handler = async (ctx, request, reply) => {
  const name = tableNameOf(request);
  if (name === null) return reply.callNotFound();
  const { now, view } = await allImpact(ctx);
  const own = impactAllTables(view) as Record<string, ImpactTable>;
  const table = own[name] ?? slotTables(view.slots).find((s) => s.name === name);
  if (!table) return reply.callNotFound();
  return sendTable(ctx, request, reply, table, null, now);
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
