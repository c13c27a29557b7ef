import { sendAdminHtml } from '../http.js';
import { dashboardFor } from '../policy.js';
import type { Staff } from '../service.js';
import { dashboardPage } from '../views/dashboard.js';
import type { Handler } from './shared.js';

export const showDashboard: Handler = async (ctx, request, reply) => {
  // The guard let the request through with its permission, so a person is signed in.
  const staff = request.staff as Staff;
  return sendAdminHtml(
    reply,
    dashboardPage(ctx.site, { staff, sections: await dashboardFor(ctx.db, staff) }),
  );
};
