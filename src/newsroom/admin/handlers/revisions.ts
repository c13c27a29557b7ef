import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, forbiddenPage, formToken, recordAudit, sendAdminHtml } from '../../../accounts/index.js';
import { t } from '../../../platform/i18n/index.js';
import { diffLines } from '../../../platform/text/diff.js';
import { readForm } from '../../../platform/views/forms.js';
import { type ArticleSnapshot, readArticleForm } from '../input.js';
import * as editor from '../service.js';
import * as views from '../views.js';
import { type EditorContext, type Handler, idParam, revisionParams, staffOf } from './shared.js';

const restoreForm = z.object({
  version: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number)
    .catch(0),
});

export const showRevisions: Handler = async (ctx, request, reply) => {
  const params = idParam.safeParse(request.params);
  const article = params.success ? await editor.loadArticle(ctx.db, params.data.id) : null;
  if (!article) return reply.callNotFound();
  const staff = staffOf(request);
  if (!editor.mayEdit(staff, article))
    return sendAdminHtml(reply, forbiddenPage(ctx.site, request.staff), 403);
  const rows = await editor.listRevisions(ctx.db, article.id);
  return sendAdminHtml(reply, views.revisionsPage(ctx.site, staff, article, rows));
};

/** The article and the revision the address names, or null if either is missing. */
async function loadRevision(ctx: EditorContext, request: FastifyRequest) {
  const params = revisionParams.safeParse(request.params);
  if (!params.success) return null;
  const article = await editor.loadArticle(ctx.db, params.data.id);
  if (!article) return null;
  const found = await editor.findRevision(ctx.db, article.id, params.data.rev);
  return found ? { article, ...found } : null;
}

export const showRevision: Handler = async (ctx, request, reply) => {
  const found = await loadRevision(ctx, request);
  if (!found) return reply.callNotFound();
  const staff = staffOf(request);
  if (!editor.mayEdit(staff, found.article)) return sendAdminHtml(reply, forbiddenPage(ctx.site, staff), 403);
  const { article, snapshot } = found;
  const labels: Array<[keyof ArticleSnapshot, string]> = [
    ['title', t('editor.title')],
    ['type', t('editor.type')],
    ['slug', t('editor.slug')],
    ['summary', t('editor.summary')],
    ['location', t('editor.location')],
    ['reference', t('editor.reference')],
    ['lead_image_id', t('editor.image')],
    ['countries', t('item.countries')],
    ['topics', t('item.topics')],
    ['cases', t('item.cases')],
    ['attachments', t('item.attachments')],
  ];
  const show = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v ?? ''));
  const fields = labels
    .filter(([k]) => show(snapshot[k]) !== show(article[k]))
    .map(([k, label]) => ({ label, before: show(snapshot[k]), after: show(article[k]) }));
  return sendAdminHtml(
    reply,
    views.revisionPage(ctx.site, staff, {
      article,
      revisionId: found.rev.id,
      version: found.rev.version,
      fields,
      body: diffLines(snapshot.body, article.body),
      csrf: formToken(request),
      canRestore: editor.mayEdit(staff, article),
    }),
  );
};

export const restoreRevision: Handler = async (ctx, request, reply) => {
  const found = await loadRevision(ctx, request);
  if (!found) return reply.callNotFound();
  const staff = staffOf(request);
  const version = readForm(restoreForm, request.body).withoutErrors?.version ?? 0;
  const { snapshot, article } = found;
  const back = `/admin/articles/${article.id}/revisions/${found.rev.id}`;
  const form = readArticleForm({
    ...snapshot,
    // Revisions saved before languages could be chosen keep the article's.
    language: snapshot.language ?? article.language,
    lead_image_id: snapshot.lead_image_id ? String(snapshot.lead_image_id) : '',
    countries: snapshot.countries.map(String),
    topics: snapshot.topics.map(String),
    cases: snapshot.cases.map(String),
    // Revisions saved before downloads could be chosen in the editor have none.
    attachments: (snapshot.attachments ?? []).map(String),
    version: String(version),
    action: 'save',
  });
  // A revision stored by an older Candle may not pass today's checks: back to the comparison.
  if (!form.data) return reply.redirect(back, 303);
  const actor = actorOf(staff, request.ip);
  const outcome = await editor.saveArticle(ctx, staff, actor, article.id, form.data);
  if (!outcome.ok) {
    if (outcome.reason === 'forbidden') return sendAdminHtml(reply, forbiddenPage(ctx.site, staff), 403);
    if (outcome.reason === 'unavailable') {
      const html = views.unsavedPage(ctx.site, staff, {
        action: request.url,
        fields: { version: String(version) },
        csrf: formToken(request),
      });
      return sendAdminHtml(reply, html, 503);
    }
    return reply.redirect(back, 303);
  }
  await recordAudit(
    ctx.db,
    actor,
    {
      action: 'article.restore',
      entityType: 'article',
      entityId: article.id,
      message: {
        key: 'audit.article.restore',
        params: { version: found.rev.version, title: snapshot.title, newVersion: outcome.version },
      },
    },
    ctx.now(),
  );
  return reply.redirect(`/admin/articles/${article.id}?saved=${outcome.version}`, 303);
};
