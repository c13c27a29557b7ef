import type { VNode } from 'preact';
import { type DashboardContext, DashboardSection } from '../accounts/index.js';
import { t } from '../platform/i18n/index.js';

/**
 * Webhooks that gave up on deliveries, for the administrator's dashboard: nothing when none did
 * (a section with nothing to say is not shown). Each links to its log, where a dead one is re-sent.
 */
export async function deadDeliveries(ctx: DashboardContext<'webhook.manage'>): Promise<VNode | null> {
  const rows = await ctx.db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_endpoints as e', 'e.id', 'd.endpoint_id')
    .select((eb) => ['e.id', 'e.url', eb.fn.countAll<number>().as('n')])
    .where('d.status', '=', 'dead')
    .groupBy(['e.id', 'e.url'])
    .orderBy('e.id')
    .limit(20)
    .execute();
  if (rows.length === 0) return null;
  return (
    <DashboardSection
      id="webhooks-dead"
      title={t('webhooks.dashboard')}
      items={rows.map((r) => (
        <li key={r.id}>
          <a href={`/admin/webhooks/${r.id}`}>{r.url}</a> —{' '}
          {t('webhooks.dashboardCount', { count: Number(r.n) })}
        </li>
      ))}
    />
  );
}
