import { declareAccess } from '../accounts/index.js';
import { deadDeliveries } from './dashboard.js';

/**
 * Webhooks send Candle's events, some about supporters, to other systems: administrators alone
 * (they hold every permission) choose where.
 */
export const webhooksAccess = declareAccess({
  permissions: { 'webhook.manage': [] },
  menu: [{ href: '/admin/webhooks', key: 'admin.nav.webhooks', permission: 'webhook.manage', order: 85 }],
  dashboard: [{ permission: 'webhook.manage', order: 50, show: deadDeliveries }],
});

export type WebhooksPermission = 'webhook.manage';
