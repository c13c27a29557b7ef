import { z } from 'zod';
import { forbiddenPage, sendAdminHtml } from '../../../accounts/index.js';
import { t } from '../../../platform/i18n/index.js';
import { renderMarkdown } from '../../../platform/text/markdown.js';
import { readForm } from '../../../platform/views/forms.js';
import { readArticleForm } from '../input.js';
import * as editor from '../service.js';
import * as views from '../views.js';
import { type Handler, idParam, showEditor, staffOf, typedValues } from './shared.js';

/** The live preview's one field, as long as a saved body may be. */
const previewForm = z.object({ body: z.string().max(200_000) });

// Renders what is in the form, unsaved, exactly as the public page would show it.
export const previewArticle: Handler = async (ctx, request, reply) => {
  const params = idParam.safeParse(request.params);
  const article = params.success ? await editor.loadArticle(ctx.db, params.data.id) : null;
  if (!article) return reply.callNotFound();
  const staff = staffOf(request);
  if (!editor.mayEdit(staff, article)) return sendAdminHtml(reply, forbiddenPage(ctx.site, staff), 403);
  const read = readArticleForm(request.body);
  if (!read.data)
    return showEditor(ctx, request, reply, article, { values: typedValues(read), errors: read.errors }, 400);
  const view = await editor.previewOf(ctx.db, article, editor.snapshotOf(read.data), ctx.now());
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    .send(views.previewPage(ctx.site, view));
};

// The live preview beside the Markdown editor (JavaScript on): the same renderer as publishing.
export const previewBody: Handler = async (_ctx, request, reply) => {
  const read = readForm(previewForm, request.body, { labels: { body: t('editor.body') } });
  reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
  // The script keeps the last preview on a refusal; the message is for anyone reading the answer.
  if (!read.data) return reply.code(400).send(views.previewRefusal(read.errors.body ?? ''));
  return reply.send(renderMarkdown(read.data.body));
};
