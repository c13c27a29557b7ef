import type { FastifyInstance } from 'fastify';
import type { PageCache } from '../platform/cache/page-cache.js';
import { notFound, page, publicPage } from '../platform/http/public-page.js';
import type { Site } from '../platform/views/site.js';
import { feedRoutes } from './feed-routes.js';
import { keys } from './models.js';
import { paths } from './paths.js';
import * as q from './queries.js';
import type * as service from './service.js';

const SITEMAP_CHUNK = 10_000;

const xmlEscape = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

function urlset(entries: Array<{ loc: string; lastmod?: string }>): string {
  const body = entries
    .map(
      (e) => `<url><loc>${xmlEscape(e.loc)}</loc>${e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : ''}</url>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${body}</urlset>`;
}

/** robots.txt, the sitemap and the feeds (feed-routes.ts): machine-readable doors into the newsroom. */
export function seoRoutes(
  app: FastifyInstance,
  deps: service.NewsroomDeps & { site: Site; cache: PageCache },
) {
  const { site, cache, db } = deps;

  app.get('/robots.txt', async (_request, reply) =>
    reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(
        `User-agent: *\nDisallow: /admin\nDisallow: /search\nDisallow: /api/\n\nSitemap: ${site.publicUrl}/sitemap.xml\n`,
      ),
  );

  app.get(
    '/sitemap.xml',
    publicPage(cache, async () => {
      const total = await q.countPublished(db, { kind: 'all' });
      const chunks = Math.max(1, Math.ceil(total / SITEMAP_CHUNK));
      const locs = [`${site.publicUrl}/sitemaps/pages.xml`];
      for (let i = 1; i <= chunks; i++) locs.push(`${site.publicUrl}/sitemaps/articles-${i}.xml`);
      const body = locs.map((l) => `<sitemap><loc>${xmlEscape(l)}</loc></sitemap>`).join('');
      return page(
        `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${body}</sitemapindex>`,
        [keys.latest()],
        'application/xml; charset=utf-8',
      );
    }),
  );

  app.get(
    '/sitemaps/pages.xml',
    publicPage(cache, async () => {
      const [regions, countries, topics, cases] = await Promise.all([
        q.allRegions(db),
        q.allCountries(db),
        q.allTopics(db),
        q.allCases(db),
      ]);
      const locs = [
        paths.home(),
        paths.latest(),
        paths.countries(),
        paths.regions(),
        paths.topics(),
        paths.cases(),
        ...regions.map((r) => paths.region(r.slug)),
        ...countries.map((c) => paths.country(c.slug)),
        ...topics.map((x) => paths.topic(x.slug)),
        ...cases.map((c) => paths.case(c.slug)),
      ];
      return page(
        urlset(locs.map((l) => ({ loc: site.publicUrl + l }))),
        [keys.taxonomy()],
        'application/xml; charset=utf-8',
      );
    }),
  );

  app.get<{ Params: { n: string } }>(
    '/sitemaps/articles-:n.xml',
    publicPage(cache, async (request) => {
      const n = Number((request.params as { n: string }).n);
      if (!Number.isInteger(n) || n < 1 || n > 10_000) return notFound();
      const rows = await q.sitemapArticles(db, SITEMAP_CHUNK, (n - 1) * SITEMAP_CHUNK);
      if (rows.length === 0 && n > 1) return notFound();
      return page(
        urlset(rows.map((r) => ({ loc: site.publicUrl + paths.article(r.slug), lastmod: r.updated_at }))),
        [keys.latest()],
        'application/xml; charset=utf-8',
      );
    }),
  );

  feedRoutes(app, deps);
}
