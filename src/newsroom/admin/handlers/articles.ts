import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, forbiddenPage, formToken, sendAdminHtml } from '../../../accounts/index.js';
import { cannotWrite } from '../../../platform/db/errors.js';
import { ARTICLE_STATUSES } from '../../../platform/db/index.js';
import { t } from '../../../platform/i18n/index.js';
import type { FormRead } from '../../../platform/views/forms.js';
import { type ArticleForm, readArticleForm, TRANSLATION_LANGUAGES } from '../input.js';
import * as editor from '../service.js';
import { translateArticle } from '../translate.js';
import * as views from '../views.js';
import { type EditorContext, type Handler, idParam, showEditor, staffOf, typedValues } from './shared.js';

const LIST_PAGE_SIZE = 50;

// A status or page that is not one is the whole list's first page, never an error.
const listQuery = z.object({
  status: z.enum(ARTICLE_STATUSES).optional().catch(undefined),
  page: z
    .string()
    .regex(/^\d{1,6}$/)
    .transform(Number)
    .optional()
    .catch(undefined),
});

export const listArticles: Handler = async (ctx, request, reply) => {
  const query = listQuery.parse(request.query ?? {});
  const page = Math.max(1, query.page ?? 1);
  const staff = staffOf(request);
  const { rows, total } = await editor.listArticles(
    ctx.db,
    { status: query.status, authorId: editor.ownUnpublishedOnly(staff) },
    LIST_PAGE_SIZE,
    (page - 1) * LIST_PAGE_SIZE,
  );
  return sendAdminHtml(
    reply,
    views.articleListPage(ctx.site, staff, {
      rows,
      status: query.status,
      page,
      pages: Math.max(1, Math.ceil(total / LIST_PAGE_SIZE)),
    }),
  );
};

export const newArticle: Handler = async (ctx, request, reply) => showEditor(ctx, request, reply, null);

export const showArticle: Handler = async (ctx, request, reply) => {
  const params = idParam.safeParse(request.params);
  const article = params.success ? await editor.loadArticle(ctx.db, params.data.id) : null;
  if (!article) return reply.callNotFound();
  if (!editor.mayEdit(staffOf(request), article))
    return sendAdminHtml(reply, forbiddenPage(ctx.site, request.staff), 403);
  const saved = String((request.query as Record<string, unknown>).saved ?? '');
  return showEditor(
    ctx,
    request,
    reply,
    article,
    /^\d+$/.test(saved) ? { notice: t('editor.saved', { version: saved }) } : {},
  );
};

export const createArticle: Handler = async (ctx, request, reply) => save(ctx, request, reply, null);

export const updateArticle: Handler = async (ctx, request, reply) => {
  const params = idParam.safeParse(request.params);
  if (!params.success) return reply.callNotFound();
  return save(ctx, request, reply, params.data.id);
};

async function save(ctx: EditorContext, request: FastifyRequest, reply: FastifyReply, id: number | null) {
  const staff = staffOf(request);
  const read = readArticleForm(request.body);
  try {
    const form = read.data;
    if (!form) {
      // Refused before saving; the article is shown only to someone who may edit it.
      const current = id === null ? null : await editor.loadArticle(ctx.db, id);
      if (id !== null && !current) return reply.callNotFound();
      if (!editor.mayEdit(staff, current)) return sendAdminHtml(reply, forbiddenPage(ctx.site, staff), 403);
      return showEditor(
        ctx,
        request,
        reply,
        current,
        { values: typedValues(read), errors: read.errors },
        400,
      );
    }
    const outcome = await editor.saveArticle(ctx, staff, actorOf(staff, request.ip), id, form);
    if (outcome.ok) {
      return reply.redirect(`/admin/articles/${outcome.id}?saved=${outcome.version}`, 303);
    }
    const typed = typedValues(read);
    switch (outcome.reason) {
      case 'not-found':
        return reply.callNotFound();
      case 'forbidden':
        return sendAdminHtml(reply, forbiddenPage(ctx.site, staff), 403);
      case 'unavailable':
        return cannotSave(ctx, request, reply, id, read);
      case 'invalid': {
        const current = id === null ? null : await editor.loadArticle(ctx.db, id);
        return showEditor(ctx, request, reply, current, { values: typed, errors: outcome.errors }, 400);
      }
      case 'conflict':
        // The form keeps the writer's text and now names the latest version, so saving again is a choice.
        return showEditor(
          ctx,
          request,
          reply,
          outcome.current,
          { values: { ...typed, version: outcome.current.version }, conflict: outcome.current },
          409,
        );
    }
  } catch (err) {
    // Reading failed too (a lost connection): still no 500 that loses the text.
    if (!cannotWrite(err)) throw err;
    return cannotSave(ctx, request, reply, id, read);
  }
}

/**
 * The editor again with the text as sent and a 503 saying nothing was saved. If even that page
 * cannot be built (the database answers no reads either), the submission as a form that sends
 * it again.
 */
async function cannotSave(
  ctx: EditorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  id: number | null,
  read: FormRead<ArticleForm>,
) {
  try {
    const current = id === null ? null : await editor.loadArticle(ctx.db, id);
    // The failure may have come before the permission check: the article only to those allowed.
    if (current && !editor.mayEdit(staffOf(request), current))
      return sendAdminHtml(reply, forbiddenPage(ctx.site, request.staff), 403);
    return await showEditor(
      ctx,
      request,
      reply,
      current,
      { values: typedValues(read), alert: t('form.cannotSave') },
      503,
    );
  } catch (err) {
    if (!cannotWrite(err)) throw err;
    const html = views.unsavedPage(ctx.site, staffOf(request), {
      action: request.url,
      fields: read.fields,
      csrf: formToken(request),
    });
    return sendAdminHtml(reply, html, 503);
  }
}

const translateForm = z.object({ to: z.enum(TRANSLATION_LANGUAGES) });

/** "Translate into French": the draft translation's editor (made now, or the one already there). */
export const translate: Handler = async (ctx, request, reply) => {
  const params = idParam.safeParse(request.params);
  if (!params.success) return reply.callNotFound();
  const form = translateForm.safeParse(request.body ?? {});
  const article = await editor.loadArticle(ctx.db, params.data.id);
  if (!article) return reply.callNotFound();
  const staff = staffOf(request);
  if (!form.success)
    return showEditor(ctx, request, reply, article, { alert: t('translations.sameLanguage') }, 400);
  const outcome = await translateArticle(ctx, staff, actorOf(staff, request.ip), article.id, form.data.to);
  if (outcome.ok) return reply.redirect(`/admin/articles/${outcome.id}`, 303);
  switch (outcome.reason) {
    case 'not-found':
      return reply.callNotFound();
    case 'forbidden':
      return sendAdminHtml(reply, forbiddenPage(ctx.site, staff), 403);
    case 'same-language':
      return showEditor(ctx, request, reply, article, { alert: t('translations.sameLanguage') }, 400);
    case 'unavailable':
      return showEditor(ctx, request, reply, article, { alert: t('form.cannotSave') }, 503);
  }
};
