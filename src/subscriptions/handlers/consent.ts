import { z } from 'zod';
import { actorOf, recordAudit, type Staff, sendAdminHtml } from '../../accounts/index.js';
import { toCsv } from '../../platform/text/csv.js';
import { normaliseEmail } from '../rules.js';
import * as service from '../service.js';
import { consentPage } from '../views/admin.js';
import type { Handler } from './shared.js';

const lookupQuery = z
  .object({
    email: z.string().max(254).catch(''),
    format: z.enum(['csv', 'json']).catch('csv'),
  })
  .catch({ email: '', format: 'csv' });

export const showConsent: Handler = async (ctx, request, reply) => {
  const { email } = lookupQuery.parse(request.query ?? {});
  const address = normaliseEmail(email);
  const proof = address ? await service.consentProof(ctx, address) : undefined;
  return sendAdminHtml(
    reply,
    consentPage(ctx.site, { staff: request.staff, email, proof, looked: address !== '' }),
  );
};

/** The proof as a file, for a regulator or the person: recorded in the audit log, as any disclosure. */
export const exportConsent: Handler = async (ctx, request, reply) => {
  const { email, format } = lookupQuery.parse(request.query ?? {});
  const proof = email ? await service.consentProof(ctx, normaliseEmail(email)) : undefined;
  if (!proof) return reply.redirect(`/admin/subscribers/consent?email=${encodeURIComponent(email)}`, 303);
  await recordAudit(
    ctx.db,
    actorOf(request.staff as Staff, request.ip),
    {
      action: 'subscriber.consent-exported',
      entityType: 'subscriber',
      entityId: proof.subscriber.id,
      message: { key: 'audit.consent.exported', params: { id: proof.subscriber.id, format } },
    },
    ctx.now(),
  );
  const name = `consent-${proof.subscriber.id}.${format}`;
  reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${name}"`);
  if (format === 'json') {
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(proof, null, 2));
  }
  const csv = toCsv(
    [
      'email',
      'time',
      'event',
      'source_page',
      'source_form',
      'wording_hash',
      'wording_text',
      'token_hash',
      'ip',
      'details',
    ],
    proof.events.map((e) => [
      proof.subscriber.email,
      e.time,
      e.event,
      e.source_page,
      e.source_form,
      e.wording_hash,
      e.wording_text,
      e.token_hash,
      e.ip,
      e.details === null ? null : JSON.stringify(e.details),
    ]),
  );
  return reply.header('content-type', 'text/csv; charset=utf-8').send(csv);
};
