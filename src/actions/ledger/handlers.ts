import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, formToken, type Staff, sendAdminHtml } from '../../accounts/index.js';
import { t } from '../../platform/i18n/index.js';
import { type FieldErrors, readForm, type SubmittedFields } from '../../platform/views/forms.js';
import type { ArticleRef } from '../newsroom.js';
import { numbering } from '../rules.js';
import { findAction } from '../service.js';
import { attachmentChange, readSubmission } from './attachment.js';
import type { LedgerAttachment, LedgerContext } from './deps.js';
import { goodNewsDraft } from './good-news.js';
import { LABELS, outcomeForm, replyForm } from './input.js';
import { isFutureDay } from './rules.js';
import * as service from './service.js';
import { findOutcome, findReply, outcomesOf, repliersOf, repliesOf } from './store.js';
import * as views from './views/admin.js';

export type Handler = (ctx: LedgerContext, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

const number = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);
const params = z.object({ id: number, entry: number.optional() });

function paramsOf(request: FastifyRequest): { id: number; entry?: number } | null {
  const parsed = params.safeParse(request.params);
  return parsed.success ? parsed.data : null;
}

const page = (ctx: LedgerContext, request: FastifyRequest) => ({
  site: ctx.site,
  staff: request.staff,
  csrf: formToken(request),
});

const actor = (request: FastifyRequest) => actorOf(request.staff as Staff, request.ip);

/** The urgent action the address names, or null (unknown, or an article of another type). */
async function urgentAction(ctx: LedgerContext, id: number): Promise<ArticleRef | null> {
  const [article] = await ctx.newsroom.articles([id]);
  if (article?.type !== 'urgent-action') return null;
  return (await findAction(ctx.db, id)) ? article : null;
}

const NOTICES: Record<string, Parameters<typeof t>[0]> = {
  reply: 'ledger.admin.replySaved',
  outcome: 'ledger.admin.outcomeSaved',
  deleted: 'ledger.admin.deleted',
};

export const showLedger: Handler = async (ctx, request, reply) => {
  const p = paramsOf(request);
  const article = p ? await urgentAction(ctx, p.id) : null;
  if (!p || !article) return reply.callNotFound();
  const [row, replies, outcomes] = await Promise.all([
    findAction(ctx.db, p.id),
    repliesOf(ctx.db, [p.id], false),
    outcomesOf(ctx.db, [p.id], false),
  ]);
  const draftIds = outcomes.flatMap((o) => (o.good_news_id === null ? [] : [o.good_news_id]));
  const drafts = new Map((await ctx.newsroom.articles(draftIds)).map((a) => [a.id, a]));
  const goodNews = new Map<number, ArticleRef>();
  for (const o of outcomes) {
    const draft = o.good_news_id === null ? undefined : drafts.get(o.good_news_id);
    if (draft) goodNews.set(o.id, draft);
  }
  const done = (request.query as Record<string, unknown>).done;
  const key = typeof done === 'string' && Object.hasOwn(NOTICES, done) ? NOTICES[done] : undefined;
  return sendAdminHtml(
    reply,
    views.ledgerPage({
      ...page(ctx, request),
      article,
      reference: row ? (numbering(row)?.reference ?? null) : null,
      replies,
      outcomes,
      goodNews,
      notice: key ? t(key) : null,
    }),
  );
};

async function attachmentOf(ctx: LedgerContext, id: number | null): Promise<LedgerAttachment | null> {
  if (id === null) return null;
  return (await ctx.ledgerMedia.describe([id])).get(id) ?? null;
}

// ——— Replies ———

async function showReplyForm(
  ctx: LedgerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  article: ArticleRef,
  form: { entryId: number | null; fields: SubmittedFields; errors: FieldErrors; attachmentId: number | null },
  status = 200,
) {
  const [repliers, attachment] = await Promise.all([
    repliersOf(ctx.db, article.id),
    attachmentOf(ctx, form.attachmentId),
  ]);
  return sendAdminHtml(
    reply,
    views.replyPage({
      ...page(ctx, request),
      article,
      entryId: form.entryId,
      fields: form.fields,
      errors: form.errors,
      attachment,
      repliers,
    }),
    status,
  );
}

export const newReply: Handler = async (ctx, request, reply) => {
  const p = paramsOf(request);
  const article = p ? await urgentAction(ctx, p.id) : null;
  if (!article) return reply.callNotFound();
  const today = ctx.now().toISOString().slice(0, 10);
  return showReplyForm(ctx, request, reply, article, {
    entryId: null,
    fields: { received_on: today, visibility: 'public' },
    errors: {},
    attachmentId: null,
  });
};

export const showReply: Handler = async (ctx, request, reply) => {
  const p = paramsOf(request);
  const article = p ? await urgentAction(ctx, p.id) : null;
  const row = article && p?.entry !== undefined ? await findReply(ctx.db, article.id, p.entry) : undefined;
  if (!article || !row) return reply.callNotFound();
  return showReplyForm(ctx, request, reply, article, {
    entryId: row.id,
    fields: {
      target_id: String(row.target_id),
      received_on: row.received_on,
      channel: row.channel,
      summary: row.summary,
      visibility: row.visibility,
    },
    errors: {},
    attachmentId: row.attachment_id,
  });
};

export const saveReply: Handler = async (ctx, request, reply) => {
  const p = paramsOf(request);
  const article = p ? await urgentAction(ctx, p.id) : null;
  if (!p || !article) return reply.callNotFound();
  const entryId = p.entry ?? null;
  const before = entryId === null ? undefined : await findReply(ctx.db, article.id, entryId);
  if (entryId !== null && !before) return reply.callNotFound();
  const submission = await readSubmission(request);
  const form = readForm(replyForm, submission.fields, { labels: LABELS });
  const errors: FieldErrors = { ...form.errors };
  const now = ctx.now();
  if (form.data && isFutureDay(form.data.received_on, now)) errors.received_on = t('ledger.error.future');
  // Refused before anything is uploaded: an authority the urgent action does not name.
  if (form.data && !(await service.mayReplyFrom(ctx.db, article.id, form.data.target_id)))
    errors.target_id = t('ledger.error.notATarget');
  const refuse = (more: FieldErrors) =>
    showReplyForm(
      ctx,
      request,
      reply,
      article,
      {
        entryId,
        fields: form.fields,
        errors: { ...errors, ...more },
        attachmentId: before?.attachment_id ?? null,
      },
      400,
    );
  if (!form.data || Object.keys(errors).length > 0) return refuse({});
  const attachment = await attachmentChange(ctx.ledgerMedia, actor(request), submission, form.data);
  if (!attachment.ok) return refuse(attachment.errors);
  const outcome = await service.saveReply(
    ctx,
    actor(request),
    article.id,
    entryId,
    form.data,
    attachment.change,
  );
  if (outcome.ok) return reply.redirect(`${views.ledgerPath(article.id)}?done=reply`, 303);
  if (outcome.reason === 'not-a-target') return refuse({ target_id: t('ledger.error.notATarget') });
  return reply.callNotFound();
};

export const deleteReply: Handler = async (ctx, request, reply) => {
  const p = paramsOf(request);
  if (!p || p.entry === undefined) return reply.callNotFound();
  const outcome = await service.deleteReply(ctx, actor(request), p.id, p.entry);
  if (!outcome.ok) return reply.callNotFound();
  return reply.redirect(`${views.ledgerPath(p.id)}?done=deleted`, 303);
};

// ——— Outcomes ———

async function showOutcomeForm(
  ctx: LedgerContext,
  request: FastifyRequest,
  reply: FastifyReply,
  article: ArticleRef,
  form: { entryId: number | null; fields: SubmittedFields; errors: FieldErrors; attachmentId: number | null },
  status = 200,
) {
  return sendAdminHtml(
    reply,
    views.outcomePage({
      ...page(ctx, request),
      article,
      entryId: form.entryId,
      fields: form.fields,
      errors: form.errors,
      attachment: await attachmentOf(ctx, form.attachmentId),
    }),
    status,
  );
}

export const newOutcome: Handler = async (ctx, request, reply) => {
  const p = paramsOf(request);
  const article = p ? await urgentAction(ctx, p.id) : null;
  if (!article) return reply.callNotFound();
  const today = ctx.now().toISOString().slice(0, 10);
  return showOutcomeForm(ctx, request, reply, article, {
    entryId: null,
    fields: { occurred_on: today, visibility: 'public' },
    errors: {},
    attachmentId: null,
  });
};

export const showOutcome: Handler = async (ctx, request, reply) => {
  const p = paramsOf(request);
  const article = p ? await urgentAction(ctx, p.id) : null;
  const row = article && p?.entry !== undefined ? await findOutcome(ctx.db, article.id, p.entry) : undefined;
  if (!article || !row) return reply.callNotFound();
  return showOutcomeForm(ctx, request, reply, article, {
    entryId: row.id,
    fields: {
      kind: row.kind,
      occurred_on: row.occurred_on,
      source: row.source,
      summary: row.summary,
      visibility: row.visibility,
    },
    errors: {},
    attachmentId: row.attachment_id,
  });
};

export const saveOutcome: Handler = async (ctx, request, reply) => {
  const p = paramsOf(request);
  const article = p ? await urgentAction(ctx, p.id) : null;
  if (!p || !article) return reply.callNotFound();
  const entryId = p.entry ?? null;
  const before = entryId === null ? undefined : await findOutcome(ctx.db, article.id, entryId);
  if (entryId !== null && !before) return reply.callNotFound();
  const submission = await readSubmission(request);
  const form = readForm(outcomeForm, submission.fields, { labels: LABELS });
  const errors: FieldErrors = { ...form.errors };
  if (form.data && isFutureDay(form.data.occurred_on, ctx.now()))
    errors.occurred_on = t('ledger.error.future');
  const refuse = (more: FieldErrors) =>
    showOutcomeForm(
      ctx,
      request,
      reply,
      article,
      {
        entryId,
        fields: form.fields,
        errors: { ...errors, ...more },
        attachmentId: before?.attachment_id ?? null,
      },
      400,
    );
  if (!form.data || Object.keys(errors).length > 0) return refuse({});
  const attachment = await attachmentChange(ctx.ledgerMedia, actor(request), submission, form.data);
  if (!attachment.ok) return refuse(attachment.errors);
  const outcome = await service.saveOutcome(
    ctx,
    actor(request),
    article.id,
    entryId,
    form.data,
    attachment.change,
  );
  if (outcome.ok) return reply.redirect(`${views.ledgerPath(article.id)}?done=outcome`, 303);
  return reply.callNotFound();
};

export const deleteOutcome: Handler = async (ctx, request, reply) => {
  const p = paramsOf(request);
  if (!p || p.entry === undefined) return reply.callNotFound();
  const outcome = await service.deleteOutcome(ctx, actor(request), p.id, p.entry);
  if (!outcome.ok) return reply.callNotFound();
  return reply.redirect(`${views.ledgerPath(p.id)}?done=deleted`, 303);
};

/**
 * "Make this a good-news item": a draft article of type good news from the outcome, through the
 * newsroom's editor, and the editor is taken to it. Made once: the button then opens that draft.
 */
export const makeGoodNews: Handler = async (ctx, request, reply) => {
  const p = paramsOf(request);
  const article = p ? await urgentAction(ctx, p.id) : null;
  const row = article && p?.entry !== undefined ? await findOutcome(ctx.db, article.id, p.entry) : undefined;
  if (!article || !row) return reply.callNotFound();
  if (row.good_news_id !== null) {
    const [existing] = await ctx.newsroom.articles([row.good_news_id]);
    if (existing) return reply.redirect(`/admin/articles/${existing.id}`, 303);
  }
  const draft = await goodNewsDraft(ctx, article, row);
  const made = await ctx.newsroom.draftGoodNews(request.staff as Staff, actor(request), draft);
  if (!made.ok) {
    request.log.warn({ reason: made.reason, outcome: row.id }, 'good-news draft not made');
    return sendAdminHtml(reply, views.goodNewsRefusedPage({ ...page(ctx, request), article }), 409);
  }
  await service.linkGoodNews(ctx, row.id, made.id);
  return reply.redirect(made.editPath, 303);
};
