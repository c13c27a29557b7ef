import type { FastifyInstance, HTTPMethods } from 'fastify';
import { type WebhooksPermission, webhooksAccess } from './access.js';
import * as h from './handlers.js';

interface Route {
  method: Extract<HTTPMethods, 'GET' | 'POST'>;
  url: string;
  permission: WebhooksPermission;
  handler: h.Handler;
}

/** Everything the webhooks room serves, all in the admin, and who may reach it. */
// biome-ignore format: one route a line, in columns, so the whole surface reads at a glance
const ROUTES: readonly Route[] = [
  { method: 'GET',  url: '/admin/webhooks',            permission: 'webhook.manage', handler: h.showList },
  { method: 'POST', url: '/admin/webhooks',            permission: 'webhook.manage', handler: h.addEndpoint },
  { method: 'GET',  url: '/admin/webhooks/:id',        permission: 'webhook.manage', handler: h.showEndpoint },
  { method: 'POST', url: '/admin/webhooks/:id/active', permission: 'webhook.manage', handler: h.setActive },
  { method: 'POST', url: '/admin/webhooks/:id/delete', permission: 'webhook.manage', handler: h.deleteEndpoint },
  { method: 'POST', url: '/admin/webhooks/:id/test',   permission: 'webhook.manage', handler: h.sendTest },
  { method: 'POST', url: '/admin/webhooks/:id/resend', permission: 'webhook.manage', handler: h.resend },
];

export function webhooksRoutes(app: FastifyInstance, ctx: h.WebhooksContext): void {
  // Declared here so that importing the room declares its permission before its routes name it.
  void webhooksAccess;
  for (const route of ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      config: { permission: route.permission },
      handler: (request, reply) => route.handler(ctx, request, reply),
    });
  }
}
