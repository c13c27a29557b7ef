import { z } from 'zod';
import { actorOf, can, formToken, recordAudit, type Staff, sendAdminHtml } from '../../accounts/index.js';
import { inTransaction } from '../../platform/db/errors.js';
import { t } from '../../platform/i18n/index.js';
import { addressHash, lift, listSuppressions, suppress } from '../suppression.js';
import { suppressionsPage } from '../views/suppressions.js';
import type { Handler } from './shared.js';

const mayLift = (staff: Staff | null) => staff !== null && can(staff.user.role, 'subscriber.suppress');

export const showSuppressions: Handler = async (ctx, request, reply) => {
  const rows = await listSuppressions(ctx.db, ctx.salt, 500);
  const added = (request.query as Record<string, unknown> | undefined)?.added === '1';
  return sendAdminHtml(
    reply,
    suppressionsPage(ctx.site, {
      staff: request.staff,
      csrf: formToken(request),
      canLift: mayLift(request.staff),
      rows,
      added,
      errors: {},
      fields: {},
    }),
  );
};

const addForm = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
  reason: z.enum(['bounce', 'complaint', 'manual']),
  note: z.string().trim().max(500).default(''),
});

/** A suppression recorded by hand: a bounce the relay did not report, a person's request by phone. */
export const addSuppression: Handler = async (ctx, request, reply) => {
  const parsed = addForm.safeParse(request.body ?? {});
  if (!parsed.success) {
    const rows = await listSuppressions(ctx.db, ctx.salt, 500);
    const sent = (request.body ?? {}) as Record<string, unknown>;
    const fields = { email: typeof sent.email === 'string' ? sent.email.slice(0, 254) : '' };
    return sendAdminHtml(
      reply,
      suppressionsPage(ctx.site, {
        staff: request.staff,
        csrf: formToken(request),
        canLift: mayLift(request.staff),
        rows,
        added: false,
        errors: { email: t('suppressions.error.email') },
        fields,
      }),
      400,
    );
  }
  const now = ctx.now();
  const { email, reason, note } = parsed.data;
  await inTransaction(ctx.db, async (trx) => {
    await suppress(trx, ctx.salt, { email, reason, source: 'admin', note, at: now }, now);
    // The audit names no address: the log outlives erasures, the address must not.
    await recordAudit(
      trx,
      actorOf(request.staff as Staff, request.ip),
      {
        action: 'subscriber.suppressed',
        entityType: 'suppression',
        entityId: addressHash(ctx.salt, email).slice(0, 16),
        message: { key: 'audit.suppression.added', params: { reason } },
      },
      now,
    );
  });
  return reply.redirect('/admin/subscribers/suppressions?added=1', 303);
};

const liftForm = z.object({ email_hash: z.string().regex(/^[0-9a-f]{64}$/) });

/** Takes an entry off the list, audited; an unknown or malformed entry changes nothing. */
export const liftSuppression: Handler = async (ctx, request, reply) => {
  const parsed = liftForm.safeParse(request.body ?? {});
  if (!parsed.success) return reply.redirect('/admin/subscribers/suppressions', 303);
  const now = ctx.now();
  await inTransaction(ctx.db, async (trx) => {
    if (!(await lift(trx, ctx.salt, parsed.data.email_hash, now))) return;
    await recordAudit(
      trx,
      actorOf(request.staff as Staff, request.ip),
      {
        action: 'subscriber.suppression-lifted',
        entityType: 'suppression',
        entityId: parsed.data.email_hash.slice(0, 16),
        message: { key: 'audit.suppression.lifted', params: {} },
      },
      now,
    );
  });
  return reply.redirect('/admin/subscribers/suppressions', 303);
};
