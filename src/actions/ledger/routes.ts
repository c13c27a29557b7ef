import type { FastifyInstance, HTTPMethods } from 'fastify';
import type { ActionsPermission } from '../access.js';
import { actionsAccess } from '../access.js';
import type { LedgerContext } from './deps.js';
import * as h from './handlers.js';

interface Route {
  method: Extract<HTTPMethods, 'GET' | 'POST'>;
  url: string;
  permission: ActionsPermission;
  handler: h.Handler;
}

/** The replies and outcomes ledger in the admin, and who may reach it. */
// biome-ignore format: one route a line, in columns, so the whole surface reads at a glance
const ROUTES: readonly Route[] = [
  { method: 'GET',  url: '/admin/actions/:id/ledger',                    permission: 'urgent-action.edit', handler: h.showLedger },
  { method: 'GET',  url: '/admin/actions/:id/replies/new',               permission: 'urgent-action.edit', handler: h.newReply },
  { method: 'POST', url: '/admin/actions/:id/replies/new',               permission: 'urgent-action.edit', handler: h.saveReply },
  { method: 'GET',  url: '/admin/actions/:id/replies/:entry',            permission: 'urgent-action.edit', handler: h.showReply },
  { method: 'POST', url: '/admin/actions/:id/replies/:entry',            permission: 'urgent-action.edit', handler: h.saveReply },
  { method: 'POST', url: '/admin/actions/:id/replies/:entry/delete',     permission: 'urgent-action.edit', handler: h.deleteReply },
  { method: 'GET',  url: '/admin/actions/:id/outcomes/new',              permission: 'urgent-action.edit', handler: h.newOutcome },
  { method: 'POST', url: '/admin/actions/:id/outcomes/new',              permission: 'urgent-action.edit', handler: h.saveOutcome },
  { method: 'GET',  url: '/admin/actions/:id/outcomes/:entry',           permission: 'urgent-action.edit', handler: h.showOutcome },
  { method: 'POST', url: '/admin/actions/:id/outcomes/:entry',           permission: 'urgent-action.edit', handler: h.saveOutcome },
  { method: 'POST', url: '/admin/actions/:id/outcomes/:entry/delete',    permission: 'urgent-action.edit', handler: h.deleteOutcome },
  { method: 'POST', url: '/admin/actions/:id/outcomes/:entry/good-news', permission: 'urgent-action.edit', handler: h.makeGoodNews },
];

export function ledgerAdminRoutes(app: FastifyInstance, ctx: LedgerContext): void {
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
