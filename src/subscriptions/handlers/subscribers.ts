import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, can, formToken, recordAudit, type Staff, sendAdminHtml } from '../../accounts/index.js';
import { t } from '../../platform/i18n/index.js';
import { csvCell } from '../../platform/text/csv.js';
import * as aq from '../admin-queries.js';
import { confirmImport, previewImport } from '../import.js';
import { fileProblemText, followSlug, MAX_IMPORT_BYTES } from '../import-rules.js';
import * as q from '../queries.js';
import { type Follow, type FollowTarget, followValue } from '../rules.js';
import * as service from '../service.js';
import { suppressionOf } from '../suppression.js';
import { type FilterFields, historyPage, importPage, subscribersPage } from '../views/subscribers.js';
import type { Handler } from './shared.js';

/**
 * The admin's subscribers (issue 12, item 7): the list with its filters and export, one
 * subscriber's history, and the import. Campaigners and administrators see them
 * (`subscriber.view`); only administrators import (`subscriber.import`).
 */

const PAGE_SIZE = 50;
const EXPORT_BATCH = 1000;

function filterOf(request: FastifyRequest) {
  const raw = (request.query ?? {}) as Record<string, unknown>;
  const parsed = aq.listFilterSchema.parse(raw);
  const filter: aq.ListFilter = {
    follow: parsed.follow,
    status: parsed.status,
    language: parsed.language,
    frequency: parsed.frequency,
    q: parsed.q,
    match: parsed.match,
  };
  // The query of the filters as understood, so the pages and the export carry exactly them.
  const params = new URLSearchParams();
  if (filter.follow) params.set('follow', followValue(filter.follow));
  if (filter.status) params.set('status', filter.status);
  if (filter.language) params.set('language', filter.language);
  if (filter.frequency) params.set('frequency', filter.frequency);
  if (filter.q) params.set('q', filter.q);
  if (filter.q && filter.match !== 'contains') params.set('match', filter.match);
  const fields: FilterFields = {
    follow: filter.follow ? followValue(filter.follow) : '',
    status: filter.status ?? '',
    language: filter.language ?? '',
    frequency: filter.frequency ?? '',
    q: filter.q,
    match: filter.match,
  };
  return { filter, after: parsed.after, query: params.toString(), fields };
}

const followNames = (follows: readonly Follow[], targets: readonly FollowTarget[]) =>
  follows.map((f) =>
    f.kind === 'everything'
      ? t('subscribers.everything')
      : (targets.find((x) => x.kind === f.kind && x.id === f.targetId)?.name ?? `${f.kind} #${f.targetId}`),
  );

export const showList: Handler = async (ctx, request, reply) => {
  const { filter, after, query, fields } = filterOf(request);
  const [targets, total, page] = await Promise.all([
    ctx.followables.list(),
    aq.countSubscribers(ctx.db, filter),
    // One more than shown: whether there is a next page, without a second count.
    aq.listSubscribers(ctx.db, filter, after, PAGE_SIZE + 1),
  ]);
  const rows = page.slice(0, PAGE_SIZE);
  const follows = await aq.followsOfMany(
    ctx.db,
    rows.map((r) => r.id),
  );
  const last = rows[rows.length - 1];
  return sendAdminHtml(
    reply,
    subscribersPage(ctx.site, {
      staff: request.staff,
      fields,
      targets,
      rows: rows.map((r) => Object.assign({}, r, { follows: followNames(follows.get(r.id) ?? [], targets) })),
      total,
      query,
      first: after === undefined,
      nextAfter: page.length > PAGE_SIZE && last ? last.id : null,
      canImport: request.staff !== null && can(request.staff.user.role, 'subscriber.import'),
    }),
  );
};

const idParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

export const showSubscriber: Handler = async (ctx, request, reply) => {
  const params = idParams.safeParse(request.params);
  if (!params.success) return reply.callNotFound();
  const subscriber = await q.findSubscriber(ctx.db, params.data.id);
  if (!subscriber) return reply.callNotFound();
  const [targets, follows, proof, suppression, deliveries, digests, waiting] = await Promise.all([
    ctx.followables.list(),
    q.followsOf(ctx.db, subscriber.id),
    // The same proof the consent records page shows and exports.
    service.consentProof(ctx, subscriber.email),
    suppressionOf(ctx.db, ctx.salt, subscriber.email),
    aq.deliveriesOf(ctx.db, subscriber.id, 200),
    aq.digestsOf(ctx.db, subscriber.id, 100),
    aq.waitingDigestEntries(ctx.db, subscriber.id),
  ]);
  if (!proof) return reply.callNotFound();
  return sendAdminHtml(
    reply,
    historyPage(ctx.site, {
      staff: request.staff,
      subscriber,
      follows: followNames(follows, targets),
      suppression: suppression ? { reason: suppression.reason } : null,
      proof,
      deliveries,
      digests,
      waiting,
    }),
  );
};

export const EXPORT_COLUMNS = [
  'email',
  'name',
  'language',
  'frequency',
  'status',
  'follows',
  'created',
  'confirmed',
  'consent_event',
  'consent_source',
  'consent_date',
  'consent_wording_hash',
  'consent_wording',
] as const;

/** When the person consented: an import's own date, or the time they pressed the confirmation. */
function consentDate(event: aq.ConfirmingEvent): string {
  if (event.kind === 'imported' && event.details) {
    try {
      const date = (JSON.parse(event.details) as { consent_date?: unknown }).consent_date;
      if (typeof date === 'string') return date;
    } catch {
      // An unreadable detail: the event's own time is the next best.
    }
  }
  return event.occurred_at;
}

/** The audit's words for a filter: which filters, never the address searched for. */
function describeFilter(filter: aq.ListFilter): string {
  const parts = [
    filter.follow ? `follow=${followValue(filter.follow)}` : '',
    filter.status ? `status=${filter.status}` : '',
    filter.language ? `language=${filter.language}` : '',
    filter.frequency ? `frequency=${filter.frequency}` : '',
    filter.q ? 'address search' : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : 'all';
}

/**
 * The filtered list as CSV, with each subscriber's consent: written a thousand rows at a time as
 * they are read (keyset by id), so a list of 100,000 never sits in memory. Recorded in the audit
 * log with the filter and the count, never an address.
 */
export const exportList: Handler = async (ctx, request, reply) => {
  const { filter } = filterOf(request);
  const now = ctx.now();
  const [targets, total] = await Promise.all([ctx.followables.list(), aq.countSubscribers(ctx.db, filter)]);
  await recordAudit(
    ctx.db,
    actorOf(request.staff as Staff, request.ip),
    {
      action: 'subscriber.exported',
      entityType: 'subscriber',
      entityId: 'list',
      message: {
        key: 'audit.subscribers.exported',
        params: { count: total, filter: describeFilter(filter) },
      },
    },
    now,
  );
  const db = ctx.db;
  async function* lines() {
    yield `${EXPORT_COLUMNS.map(csvCell).join(',')}\r\n`;
    let after: number | undefined;
    for (;;) {
      const batch = await aq.listSubscribers(db, filter, after, EXPORT_BATCH);
      if (batch.length === 0) return;
      const ids = batch.map((r) => r.id);
      const [follows, events] = await Promise.all([aq.followsOfMany(db, ids), aq.confirmingEvents(db, ids)]);
      let chunk = '';
      for (const r of batch) {
        const e = events.get(r.id);
        const cells = [
          r.email,
          r.name,
          r.language,
          r.frequency,
          r.status,
          (follows.get(r.id) ?? []).map((f) => followSlug(f, targets)).join(' '),
          r.created_at,
          r.confirmed_at,
          e?.kind ?? null,
          e?.source_page || e?.source_form || null,
          e ? consentDate(e) : null,
          e?.wording_hash ?? null,
          e?.wording_text ?? null,
        ];
        chunk += `${cells.map(csvCell).join(',')}\r\n`;
      }
      yield chunk;
      after = batch[batch.length - 1]?.id;
      if (batch.length < EXPORT_BATCH) return;
    }
  }
  const stamp = now.toISOString().slice(0, 10);
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-disposition', `attachment; filename="subscribers-${stamp}.csv"`)
    .send(Readable.from(lines()));
};

export const showImport: Handler = async (ctx, request, reply) =>
  sendAdminHtml(reply, importPage(ctx.site, { staff: request.staff, csrf: formToken(request), errors: {} }));

type Upload = { ok: true; bytes: Buffer } | { ok: false; error: string };

/**
 * The uploaded file, read to at most MAX_IMPORT_BYTES (the plugin marks a longer one truncated
 * instead of failing), so a file too large is a message beside the field, not a 413.
 */
async function readUpload(request: FastifyRequest): Promise<Upload> {
  const missing = { ok: false as const, error: t('subscribers.import.error.file') };
  if (!request.isMultipart()) return missing;
  const options: Parameters<FastifyRequest['parts']>[0] & { throwFileSizeLimit: boolean } = {
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5 },
    throwFileSizeLimit: false,
  };
  let result: Upload = missing;
  try {
    for await (const part of request.parts(options)) {
      if (part.type !== 'file') continue;
      const chunks: Buffer[] = [];
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.fieldname !== 'file') continue;
      if (part.file.truncated)
        result = {
          ok: false,
          error: t('subscribers.import.error.tooLarge', { size: MAX_IMPORT_BYTES / 1024 / 1024 }),
        };
      else if (chunks.length > 0) result = { ok: true, bytes: Buffer.concat(chunks) };
    }
  } catch (err) {
    request.log.warn({ err }, 'unreadable import upload');
    return missing;
  }
  return result;
}

/** Step one: what the file would do, nothing written but the file kept for its confirmation. */
export const previewUpload: Handler = async (ctx, request, reply) => {
  const staff = request.staff as Staff;
  const refuse = (error: string) =>
    sendAdminHtml(
      reply,
      importPage(ctx.site, { staff, csrf: formToken(request), errors: { file: error } }),
      400,
    );
  const upload = await readUpload(request);
  if (!upload.ok) return refuse(upload.error);
  const targets = await ctx.followables.list();
  const result = await previewImport(ctx.db, ctx.salt, staff.user.id, upload.bytes, targets, ctx.now());
  if (!result.ok) return refuse(fileProblemText(result.problem));
  return sendAdminHtml(
    reply,
    importPage(ctx.site, {
      staff,
      csrf: formToken(request),
      errors: {},
      preview: { id: result.id, plan: result.plan },
    }),
  );
};

const confirmForm = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });

/** Step two: the previewed file imported, in one transaction, audited with its counts. */
export const confirmUpload: Handler = async (ctx, request, reply) => {
  const staff = request.staff as Staff;
  const parsed = confirmForm.safeParse(request.body ?? {});
  const page = (notice: string, status = 200) =>
    sendAdminHtml(
      reply,
      importPage(ctx.site, { staff, csrf: formToken(request), errors: {}, notice }),
      status,
    );
  if (!parsed.success) return page(t('subscribers.import.gone'), 400);
  const targets = await ctx.followables.list();
  const result = await confirmImport(
    ctx.db,
    ctx.salt,
    parsed.data.id,
    actorOf(staff, request.ip),
    targets,
    ctx.now(),
  );
  if (!result.ok) return page(t('subscribers.import.gone'), 410);
  const counts = { added: result.added, skipped: result.skipped, refused: result.refused };
  return page(t(result.already ? 'subscribers.import.already' : 'subscribers.import.done', counts));
};
