import type { FastifyInstance } from 'fastify';
import { t } from '../platform/i18n/index.js';
import { Layout } from '../platform/views/layout.js';
import { renderDocument } from '../platform/views/render.js';
import type { Site } from '../platform/views/site.js';

export function searchRoutes(app: FastifyInstance, deps: { site: Site }) {
  app.get('/search', async (request, reply) => {
    const raw = (request.query as Record<string, unknown>).q;
    const q = typeof raw === 'string' ? raw.slice(0, 200) : '';
    const html = renderDocument(
      <Layout site={deps.site} meta={{ title: t('search.title'), noindex: true, query: q }}>
        <div class="page page--narrow">
          <h1>{t('search.title')}</h1>
          <p>{q ? t('search.soon', { q }) : t('search.prompt')}</p>
        </div>
      </Layout>,
    );
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .send(html);
  });
}
