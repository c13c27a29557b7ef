import { z } from 'zod';
import { countAudit, listAudit } from '../audit.js';
import { sendAdminHtml } from '../http.js';
import * as accounts from '../service.js';
import { auditPage } from '../views/audit.js';
import { outboxPage } from '../views/outbox.js';
import type { Handler } from './shared.js';

const AUDIT_PAGE_SIZE = 50;
const OUTBOX_SHOWN = 100;

// A page number that is not a plain number (or absurdly long) is the first page, never an error.
const auditQuery = z
  .object({
    page: z
      .string()
      .regex(/^\d{1,6}$/)
      .transform(Number)
      .catch(1),
  })
  .catch({ page: 1 });

export const showAudit: Handler = async (ctx, request, reply) => {
  const page = Math.max(1, auditQuery.parse(request.query).page);
  const [rows, total] = await Promise.all([
    listAudit(ctx.db, AUDIT_PAGE_SIZE, (page - 1) * AUDIT_PAGE_SIZE),
    countAudit(ctx.db),
  ]);
  const pages = Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE));
  return sendAdminHtml(reply, auditPage(ctx.site, { staff: request.staff, rows, page, pages }));
};

export const showOutbox: Handler = async (ctx, request, reply) => {
  const mail = await accounts.recentMail(ctx.db, OUTBOX_SHOWN);
  return sendAdminHtml(reply, outboxPage(ctx.site, { staff: request.staff, mail }));
};
