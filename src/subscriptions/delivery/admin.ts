import { z } from 'zod';
import { sendAdminHtml } from '../../accounts/index.js';
import type { Handler } from '../handlers/shared.js';
import { undeliveredDigests } from './digest-queries.js';
import * as q from './queries.js';
import { alertPage, alertsPage } from './views.js';

/** Every alert, newest first, with its messages by status, and the digests refused. */
export const showAlerts: Handler = async (ctx, request, reply) => {
  const [alerts, digests] = await Promise.all([
    q.alertSummaries(ctx.db, 100),
    undeliveredDigests(ctx.db, 200),
  ]);
  return sendAdminHtml(reply, alertsPage(ctx.site, { staff: request.staff, alerts, digests }));
};

const alertParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

/** One alert's delivery: its messages by state, the dead ones' errors, and those skipped as suppressed with why. */
export const showAlert: Handler = async (ctx, request, reply) => {
  const params = alertParams.safeParse(request.params);
  if (!params.success) return reply.callNotFound();
  const alert = await q.findAlert(ctx.db, params.data.id);
  if (!alert) return reply.callNotFound();
  const counts = (await q.countsOf(ctx.db, [alert.id])).get(alert.id);
  const [dead, suppressed] = await Promise.all([
    q.deadOf(ctx.db, alert.id, 500),
    q.suppressedOf(ctx.db, alert.id, 500),
  ]);
  return sendAdminHtml(
    reply,
    alertPage(ctx.site, {
      staff: request.staff,
      alert,
      counts: counts as q.DeliveryCounts,
      dead,
      suppressed,
    }),
  );
};
