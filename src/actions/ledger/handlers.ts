import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { type Actor, actorOf, formToken, type Staff, sendAdminHtml } from '../../accounts/index.js';
import { t } from '../../platform/i18n/index.js';
import {
  type FieldErrors,
  type FormRead,
  readForm,
  type SubmittedFields,
} from '../../platform/views/forms.js';
import type { ArticleRef } from '../newsroom.js';
import { numbering } from '../rules.js';
import { findAction } from '../service.js';
import { attachmentChange, readSubmission } from './attachment.js';
import type { LedgerAttachment, LedgerContext } from './deps.js';
import { goodNewsDraft } from './good-news.js';
import { LABELS, type OutcomeForm, outcomeForm, type ReplyForm, replyForm } from './input.js';
import { isFutureDay } from './rules.js';
import type { AttachmentChange } from './service.js';
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

// ——— Replies and outcomes: the same four handlers, each kind its form, page and writes ———

type EntryForm = { attachment_alt: string; remove_attachment: boolean; summary: string };
type Shown = {
  entryId: number | null;
  fields: SubmittedFields;
  errors: FieldErrors;
  attachmentId: number | null;
};

interface EntryKind<Row, Form extends EntryForm> {
  find(db: LedgerContext['db'], articleId: number, id: number): Promise<Row | undefined>;
  /** A new entry's fields (its day today, public). */
  blank(today: string): SubmittedFields;
  /** An entry's fields as its form shows them. */
  fields(row: Row): SubmittedFields;
  read(body: unknown): FormRead<Form>;
  /** What the form's own rules refuse beyond the fields (a day to come, an authority not named). */
  check(ctx: LedgerContext, article: ArticleRef, form: Form): Promise<FieldErrors>;
  page(ctx: LedgerContext, request: FastifyRequest, article: ArticleRef, shown: Shown): Promise<string>;
  save(
    ctx: LedgerContext,
    actor: Actor,
    articleId: number,
    id: number | null,
    form: Form,
    attachment: AttachmentChange,
  ): Promise<service.LedgerOutcome>;
  remove(ctx: LedgerContext, actor: Actor, articleId: number, id: number): Promise<service.LedgerOutcome>;
  /** The ledger page's notice after a save (`?done=`). */
  done: 'reply' | 'outcome';
}

function entryHandlers<Row extends { id: number; attachment_id: number | null }, Form extends EntryForm>(
  kind: EntryKind<Row, Form>,
) {
  const show = async (
    ctx: LedgerContext,
    request: FastifyRequest,
    reply: FastifyReply,
    article: ArticleRef,
    shown: Shown,
    status = 200,
  ) => sendAdminHtml(reply, await kind.page(ctx, request, article, shown), status);

  const newEntry: Handler = async (ctx, request, reply) => {
    const p = paramsOf(request);
    const article = p ? await urgentAction(ctx, p.id) : null;
    if (!article) return reply.callNotFound();
    const today = ctx.now().toISOString().slice(0, 10);
    return show(ctx, request, reply, article, {
      entryId: null,
      fields: kind.blank(today),
      errors: {},
      attachmentId: null,
    });
  };

  const showEntry: Handler = async (ctx, request, reply) => {
    const p = paramsOf(request);
    const article = p ? await urgentAction(ctx, p.id) : null;
    const row = article && p?.entry !== undefined ? await kind.find(ctx.db, article.id, p.entry) : undefined;
    if (!article || !row) return reply.callNotFound();
    return show(ctx, request, reply, article, {
      entryId: row.id,
      fields: kind.fields(row),
      errors: {},
      attachmentId: row.attachment_id,
    });
  };

  const saveEntry: Handler = async (ctx, request, reply) => {
    const p = paramsOf(request);
    const article = p ? await urgentAction(ctx, p.id) : null;
    if (!p || !article) return reply.callNotFound();
    const entryId = p.entry ?? null;
    const before = entryId === null ? undefined : await kind.find(ctx.db, article.id, entryId);
    if (entryId !== null && !before) return reply.callNotFound();
    const submission = await readSubmission(request);
    const form = kind.read(submission.fields);
    // Refused before anything is uploaded.
    const errors: FieldErrors = {
      ...form.errors,
      ...(form.data ? await kind.check(ctx, article, form.data) : {}),
    };
    const refuse = (more: FieldErrors) =>
      show(
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
    const outcome = await kind.save(ctx, actor(request), article.id, entryId, form.data, attachment.change);
    if (outcome.ok) return reply.redirect(`${views.ledgerPath(article.id)}?done=${kind.done}`, 303);
    if (outcome.reason === 'not-a-target') return refuse({ target_id: t('ledger.error.notATarget') });
    return reply.callNotFound();
  };

  const deleteEntry: Handler = async (ctx, request, reply) => {
    const p = paramsOf(request);
    if (!p || p.entry === undefined) return reply.callNotFound();
    const outcome = await kind.remove(ctx, actor(request), p.id, p.entry);
    if (!outcome.ok) return reply.callNotFound();
    return reply.redirect(`${views.ledgerPath(p.id)}?done=deleted`, 303);
  };

  return { newEntry, showEntry, saveEntry, deleteEntry };
}

const replies = entryHandlers<NonNullable<Awaited<ReturnType<typeof findReply>>>, ReplyForm>({
  find: findReply,
  blank: (today) => ({ received_on: today, visibility: 'public' }),
  fields: (row) => ({
    target_id: String(row.target_id),
    received_on: row.received_on,
    channel: row.channel,
    summary: row.summary,
    visibility: row.visibility,
  }),
  read: (body) => readForm(replyForm, body, { labels: LABELS }),
  check: async (ctx, article, form) => ({
    ...(isFutureDay(form.received_on, ctx.now()) ? { received_on: t('ledger.error.future') } : {}),
    // An authority the urgent action does not name.
    ...((await service.mayReplyFrom(ctx.db, article.id, form.target_id))
      ? {}
      : { target_id: t('ledger.error.notATarget') }),
  }),
  page: async (ctx, request, article, shown) => {
    const [repliers, attachment] = await Promise.all([
      repliersOf(ctx.db, article.id),
      attachmentOf(ctx, shown.attachmentId),
    ]);
    return views.replyPage({ ...page(ctx, request), article, ...shown, attachment, repliers });
  },
  save: service.saveReply,
  remove: service.deleteReply,
  done: 'reply',
});

const outcomes = entryHandlers<NonNullable<Awaited<ReturnType<typeof findOutcome>>>, OutcomeForm>({
  find: findOutcome,
  blank: (today) => ({ occurred_on: today, visibility: 'public' }),
  fields: (row) => ({
    kind: row.kind,
    occurred_on: row.occurred_on,
    source: row.source,
    summary: row.summary,
    visibility: row.visibility,
  }),
  read: (body) => readForm(outcomeForm, body, { labels: LABELS }),
  check: async (ctx, _article, form) =>
    isFutureDay(form.occurred_on, ctx.now()) ? { occurred_on: t('ledger.error.future') } : {},
  page: async (ctx, request, article, shown) =>
    views.outcomePage({
      ...page(ctx, request),
      article,
      ...shown,
      attachment: await attachmentOf(ctx, shown.attachmentId),
    }),
  save: service.saveOutcome,
  remove: service.deleteOutcome,
  done: 'outcome',
});

export const {
  newEntry: newReply,
  showEntry: showReply,
  saveEntry: saveReply,
  deleteEntry: deleteReply,
} = replies;
export const {
  newEntry: newOutcome,
  showEntry: showOutcome,
  saveEntry: saveOutcome,
  deleteEntry: deleteOutcome,
} = outcomes;

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
