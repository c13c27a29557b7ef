import type { FastifyInstance, HTTPMethods } from 'fastify';
import type { VNode } from 'preact';
import { z } from 'zod';
import { t } from '../platform/i18n/index.js';
import type { Site } from '../platform/views/site.js';
import { type ActionsPermission, actionsAccess } from './access.js';
import { channelsView } from './channels.js';
import { actionCounts } from './counts.js';
import * as h from './handlers.js';
import * as impact from './impact.js';
import { ledgerAfter } from './ledger/public.js';
import { NetworkJoinLink } from './network-join.js';
import { type ArticleSection, type ItemExtras, keys } from './newsroom.js';
import { type TakingRouteDeps, takeActionNode } from './public-routes.js';
import { type ActionsDeps, DEADLINE_JOB, deadlineReached } from './service.js';
import { keepInformedWording } from './taking/rules.js';
import { actionView } from './view.js';
import type { CountedChannel } from './views/channels.js';
import { CountsSection, ItemCounts } from './views/counts.js';
import { ActionSection } from './views/public.js';
import { CountMeForm } from './views/take-action.js';

interface Route {
  method: Extract<HTTPMethods, 'GET' | 'POST'>;
  url: string;
  permission: ActionsPermission;
  handler: h.Handler;
}

/** Everything the actions room serves in the admin, and who may reach it. */
// biome-ignore format: one route a line, in columns, so the whole surface reads at a glance
const ROUTES: readonly Route[] = [
  { method: 'GET',  url: '/admin/actions',            permission: 'urgent-action.edit', handler: h.listActions },
  { method: 'GET',  url: '/admin/actions/:id',        permission: 'urgent-action.edit', handler: h.showDetails },
  { method: 'POST', url: '/admin/actions/:id',        permission: 'urgent-action.edit', handler: h.saveDetails },
  { method: 'POST', url: '/admin/actions/:id/events', permission: 'urgent-action.edit', handler: h.recordEvent },
  { method: 'GET',  url: '/admin/targets',            permission: 'target.edit',        handler: h.listTargets },
  { method: 'GET',  url: '/admin/targets/new',        permission: 'target.edit',        handler: h.newTarget },
  { method: 'POST', url: '/admin/targets/new',        permission: 'target.edit',        handler: h.saveTarget },
  { method: 'GET',  url: '/admin/targets/:id',        permission: 'target.edit',        handler: h.showTarget },
  { method: 'POST', url: '/admin/targets/:id',        permission: 'target.edit',        handler: h.saveTarget },
  { method: 'GET',  url: '/admin/actions/:id/impact',      permission: 'urgent-action.edit', handler: impact.showImpact },
  { method: 'GET',  url: '/admin/actions/:id/actions.csv', permission: 'urgent-action.edit', handler: impact.exportActions },
  { method: 'GET',  url: '/admin/actions/:id/impact/:table', permission: 'urgent-action.edit', handler: impact.exportImpactTable },
  { method: 'GET',  url: '/admin/actions/impact',            permission: 'urgent-action.edit', handler: impact.showImpactAll },
  { method: 'GET',  url: '/admin/actions/impact/:table',     permission: 'urgent-action.edit', handler: impact.exportImpactAllTable },
];

export function actionsAdminRoutes(app: FastifyInstance, ctx: h.ActionsContext): void {
  // Declared here so that importing the room declares its permissions before its routes name them.
  void actionsAccess;
  for (const route of ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      config: { permission: route.permission },
      handler: (request, reply) => route.handler(ctx, request, reply),
    });
  }
}

/**
 * The urgent action's part of its article's page, for the newsroom (handed over in app.ts): its
 * details, its counts as they are now and the script that refreshes them from their fragment (the
 * page's content keys do not name the counts, `ua-count:<id>`, so actions never re-render the
 * page), and while it is open the four ways to act, each with the intake's form that counts it.
 */
export function actionSection(
  ctx: Parameters<typeof actionView>[0] & { site: Site; countsScript?: string } & Partial<
      Pick<TakingRouteDeps, 'proofOfWorkAssets'>
    >,
): ArticleSection {
  return async (article) => {
    if (article.type !== 'urgent-action') return null;
    const [view, counted] = await Promise.all([
      actionView(ctx, article.id, true),
      actionCounts(ctx.db, [article.id]),
    ]);
    if (!view) return null;
    const found = counted.get(article.id);
    const counts = found
      ? CountsSection({ articleId: article.id, ...found, script: ctx.countsScript })
      : null;
    const channels = channelsView(view, { publicUrl: ctx.site.publicUrl, now: ctx.now() });
    const { site, proofOfWorkAssets } = ctx;
    // The forms to act with (when the page is given the proof of work's files).
    const taking = proofOfWorkAssets ? await takeActionNode({ site, proofOfWorkAssets }, view) : null;
    const sourcePage = view.series.find((m) => m.current)?.path ?? '';
    const wording = keepInformedWording(site.name);
    const countMe = proofOfWorkAssets
      ? (channel: CountedChannel) =>
          CountMeForm({
            articleId: view.articleId,
            channel,
            wording,
            sourcePage,
            submitLabel: t(`take.countMe.${channel}`),
          })
      : undefined;
    return ledgerAfter(ctx, view, {
      node: ActionSection({
        view,
        counts,
        channels,
        countMe,
        children: [taking, NetworkJoinLink({ from: sourcePage })],
      }),
      contentKeys: view.contentKeys,
    });
  };
}

/**
 * The counts and goal bar of the urgent actions among a listing's items, for the newsroom's
 * items (handed over in app.ts): one grouped query for the whole page of items. The listing
 * depends on the details (the goal), not on the counts, which it shows as they were at its render.
 */
export function actionItemExtras(ctx: Pick<ActionsDeps, 'db'>): ItemExtras {
  return async (items) => {
    const ids = items.filter((i) => i.type === 'urgent-action').map((i) => i.id);
    const counted = await actionCounts(ctx.db, ids);
    const nodes = new Map<number, VNode>();
    for (const [id, found] of counted) nodes.set(id, ItemCounts({ articleId: id, ...found }));
    return { nodes, contentKeys: [...counted.keys()].map((id) => keys.action(id)) };
  };
}

const deadlinePayload = z.object({ articleId: z.number().int() });

/** The room's background jobs, for the worker. */
export function actionsJobs(deps: Parameters<typeof deadlineReached>[0]) {
  return {
    [DEADLINE_JOB]: (payload: unknown) => deadlineReached(deps, deadlinePayload.parse(payload).articleId),
  };
}
