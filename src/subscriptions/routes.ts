import type { FastifyInstance, HTTPMethods } from 'fastify';
import { noReferrer } from '../platform/http/security.js';
import { subscriptionsAccess } from './access.js';
import * as deliveries from './delivery/admin.js';
import * as consent from './handlers/consent.js';
import * as links from './handlers/links.js';
import * as rights from './handlers/rights.js';
import { type Handler, type SubscriptionsRouteDeps, subscriptionsContext } from './handlers/shared.js';
import * as subscribe from './handlers/subscribe.js';
import * as subscribers from './handlers/subscribers.js';
import * as suppressions from './handlers/suppressions.js';
import { suppressionWebhook } from './handlers/webhook.js';
import * as network from './network/admin.js';
import { networkRoutes } from './network/routes.js';

export type { SubscriptionsRouteDeps };

interface Route {
  method: Extract<HTTPMethods, 'GET' | 'POST'>;
  url: string;
  /** For /admin routes: what the admin guard checks. Public pages need none. */
  permission?: 'subscriber.view' | 'subscriber.suppress' | 'subscriber.import';
  /** Opened from a mailed link: the address holds the token, which no Referer may carry on. */
  token?: true;
  handler: Handler;
}

/** Everything the subscriptions room serves, and who may reach it. */
// biome-ignore format: one route a line, in columns, so the whole surface reads at a glance
const ROUTES: readonly Route[] = [
  { method: 'GET',  url: '/subscribe',                          handler: subscribe.showForm },
  { method: 'POST', url: '/subscribe',                          handler: subscribe.subscribe },
  { method: 'GET',  url: '/subscribe/challenge',                handler: subscribe.challenge },
  { method: 'GET',  url: '/subscribe/confirm/:token',           token: true, handler: links.showConfirm },
  { method: 'POST', url: '/subscribe/confirm/:token',           token: true, handler: links.confirm },
  { method: 'GET',  url: '/subscribe/manage/:token',            token: true, handler: links.showManage },
  { method: 'POST', url: '/subscribe/manage/:token',            token: true, handler: links.changeManaged },
  { method: 'GET',  url: '/subscribe/unsubscribe/:link',        token: true, handler: rights.showUnsubscribe },
  { method: 'POST', url: '/subscribe/unsubscribe/:link',        token: true, handler: rights.unsubscribe },
  { method: 'GET',  url: '/subscribe/preferences/:link',        token: true, handler: rights.showPreferences },
  { method: 'POST', url: '/subscribe/preferences/:link',        token: true, handler: rights.changePreferences },
  { method: 'GET',  url: '/subscribe/preferences/:link/data',   token: true, handler: rights.downloadData },
  { method: 'POST', url: '/subscribe/preferences/:link/erase',  token: true, handler: rights.erase },
  { method: 'POST', url: '/subscribe/link',                     handler: rights.freshLink },
  { method: 'GET',  url: '/admin/subscribers/suppressions',     permission: 'subscriber.view', handler: suppressions.showSuppressions },
  { method: 'POST', url: '/admin/subscribers/suppressions',     permission: 'subscriber.suppress', handler: suppressions.addSuppression },
  { method: 'POST', url: '/admin/subscribers/suppressions/lift', permission: 'subscriber.suppress', handler: suppressions.liftSuppression },
  { method: 'GET',  url: '/admin/subscribers/consent',          permission: 'subscriber.view', handler: consent.showConsent },
  { method: 'GET',  url: '/admin/subscribers/consent/export',   permission: 'subscriber.view', handler: consent.exportConsent },
  { method: 'GET',  url: '/admin/subscribers/alerts',           permission: 'subscriber.view', handler: deliveries.showAlerts },
  { method: 'GET',  url: '/admin/subscribers/alerts/:id',       permission: 'subscriber.view', handler: deliveries.showAlert },
  { method: 'GET',  url: '/admin/subscribers/network',          permission: 'subscriber.view', handler: network.showNetworkSends },
  { method: 'GET',  url: '/admin/subscribers/network/:id',      permission: 'subscriber.view', handler: network.showNetworkSend },
  { method: 'GET',  url: '/admin/subscribers',                  permission: 'subscriber.view', handler: subscribers.showList },
  { method: 'GET',  url: '/admin/subscribers/export',           permission: 'subscriber.view', handler: subscribers.exportList },
  { method: 'GET',  url: '/admin/subscribers/import',           permission: 'subscriber.import', handler: subscribers.showImport },
  { method: 'POST', url: '/admin/subscribers/import',           permission: 'subscriber.import', handler: subscribers.previewUpload },
  { method: 'POST', url: '/admin/subscribers/import/confirm',   permission: 'subscriber.import', handler: subscribers.confirmUpload },
  { method: 'GET',  url: '/admin/subscribers/:id',              permission: 'subscriber.view', handler: subscribers.showSubscriber },
];

export function subscriptionsRoutes(app: FastifyInstance, deps: SubscriptionsRouteDeps): void {
  // Declared here so that importing the room declares its permission before its routes name it.
  void subscriptionsAccess;
  const ctx = subscriptionsContext(deps);
  for (const route of ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.permission ? { config: { permission: route.permission } } : {}),
      // A route's hook runs after the application's, which sets the site's referrer policy.
      ...(route.token ? { onSend: noReferrer } : {}),
      handler: (request, reply) => route.handler(ctx, request, reply),
    });
  }
  suppressionWebhook(app, ctx);
  networkRoutes(app, ctx);
}
