import type { FastifyInstance } from 'fastify';
import { Feed } from 'feed';
import type { PageCache } from '../platform/cache/page-cache.js';
import { notFound, page, publicPage } from '../platform/http/public-page.js';
import { t } from '../platform/i18n/index.js';
import type { Site } from '../platform/views/site.js';
import { type ItemSummary, keys } from './models.js';
import { paths } from './paths.js';
import * as q from './queries.js';
import * as service from './service.js';

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

function feedOf(site: Site, title: string, link: string, items: ItemSummary[]) {
  const feed = new Feed({
    title: `${title} | ${site.name}`,
    id: site.publicUrl + link,
    link: site.publicUrl + link,
    language: 'en',
    copyright: site.name,
    updated: undefined,
  });
  for (const item of items) {
    feed.addItem({
      title: item.title,
      id: site.publicUrl + item.href,
      link: site.publicUrl + item.href,
      description: item.summary,
      date: new Date(item.updatedAt),
      published: new Date(item.publishedAt),
      category: [{ name: t(`type.${item.type}`) }, ...item.countries.map((c) => ({ name: c.name }))],
    });
  }
  return feed.rss2();
}

/** robots.txt, the sitemap and the RSS feeds: machine-readable doors into the newsroom. */
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

  app.get(
    '/feed.xml',
    publicPage(cache, async () => {
      const latest = await service.getLatestFeed(deps);
      return page(
        feedOf(site, t('latest.title'), paths.latest(), latest.items),
        latest.contentKeys,
        'application/rss+xml; charset=utf-8',
      );
    }),
  );

  app.get<{ Params: { slug: string } }>(
    '/countries/:slug/feed.xml',
    publicPage(cache, async (request) => {
      const { slug } = request.params as { slug: string };
      if (!/^[a-z0-9-]{1,200}$/.test(slug)) return notFound();
      const outcome = await service.getCountryFeed(deps, slug);
      if (!outcome.ok) return notFound();
      return page(
        feedOf(site, outcome.country.name, outcome.country.href, outcome.items),
        outcome.contentKeys,
        'application/rss+xml; charset=utf-8',
      );
    }),
  );
}
