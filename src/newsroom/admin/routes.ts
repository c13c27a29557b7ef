import type { FastifyInstance, HTTPMethods } from 'fastify';
import type { NewsroomPermission } from '../access.js';
import * as articles from './handlers/articles.js';
import * as preview from './handlers/preview.js';
import * as revisions from './handlers/revisions.js';
import type { EditorContext, Handler } from './handlers/shared.js';

interface EditorRoute {
  method: Extract<HTTPMethods, 'GET' | 'POST'>;
  url: string;
  /** What adminGuard (accounts) checks before the handler runs; the handlers judge each article. */
  permission: NewsroomPermission;
  handler: Handler;
}

/** The article editor: every route, and who may reach it. */
// biome-ignore format: one route a line, in columns, so the whole surface reads at a glance
const ROUTES: readonly EditorRoute[] = [
  { method: 'GET',  url: '/admin/articles',                             permission: 'article.write', handler: articles.listArticles },
  { method: 'GET',  url: '/admin/articles/new',                         permission: 'article.write', handler: articles.newArticle },
  { method: 'POST', url: '/admin/articles/new',                         permission: 'article.write', handler: articles.createArticle },
  { method: 'GET',  url: '/admin/articles/:id',                         permission: 'article.write', handler: articles.showArticle },
  { method: 'POST', url: '/admin/articles/:id',                         permission: 'article.write', handler: articles.updateArticle },
  { method: 'POST', url: '/admin/articles/:id/translate',               permission: 'article.write', handler: articles.translate },
  { method: 'POST', url: '/admin/articles/:id/preview',                 permission: 'article.write', handler: preview.previewArticle },
  { method: 'POST', url: '/admin/preview',                              permission: 'article.write', handler: preview.previewBody },
  { method: 'GET',  url: '/admin/articles/:id/revisions',               permission: 'article.write', handler: revisions.showRevisions },
  { method: 'GET',  url: '/admin/articles/:id/revisions/:rev',          permission: 'article.write', handler: revisions.showRevision },
  { method: 'POST', url: '/admin/articles/:id/revisions/:rev/restore',  permission: 'article.write', handler: revisions.restoreRevision },
];

export function newsroomAdminRoutes(app: FastifyInstance, ctx: EditorContext) {
  for (const route of ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      config: { permission: route.permission },
      handler: (request, reply) => route.handler(ctx, request, reply),
    });
  }
}
