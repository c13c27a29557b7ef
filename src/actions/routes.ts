import type { FastifyInstance, HTTPMethods } from 'fastify';
import { z } from 'zod';
import type { Site } from '../platform/views/site.js';
import { type ActionsPermission, actionsAccess } from './access.js';
import { channelsView } from './channels.js';
import * as h from './handlers.js';
import type { ArticleSection } from './newsroom.js';
import { DEADLINE_JOB, deadlineReached } from './service.js';
import { actionView } from './view.js';
import { ActionSection } from './views/public.js';

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

/** The urgent action's part of its article's page, for the newsroom (handed over in app.ts). */
export function actionSection(ctx: Parameters<typeof actionView>[0] & { site: Site }): ArticleSection {
  return async (article) => {
    if (article.type !== 'urgent-action') return null;
    const view = await actionView(ctx, article.id, true);
    if (!view) return null;
    const channels = channelsView(view, { publicUrl: ctx.site.publicUrl, now: ctx.now() });
    return { node: ActionSection({ view, channels }), contentKeys: view.contentKeys };
  };
}

const deadlinePayload = z.object({ articleId: z.number().int() });

/** The room's background jobs, for the worker. */
export function actionsJobs(deps: Parameters<typeof deadlineReached>[0]) {
  return {
    [DEADLINE_JOB]: (payload: unknown) => deadlineReached(deps, deadlinePayload.parse(payload).articleId),
  };
}
