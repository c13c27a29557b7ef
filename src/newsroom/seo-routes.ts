import type { FastifyInstance } from 'fastify';
import type { PageCache } from '../platform/cache/page-cache.js';
import { notFound, page, publicPage } from '../platform/http/public-page.js';
import { LANGUAGES, type Language, localizePath, PREFIXED_LANGUAGES } from '../platform/i18n/index.js';
import type { Site } from '../platform/views/site.js';
import { feedRoutes } from './feed-routes.js';
import { keys } from './models.js';
import { paths } from './paths.js';
import * as q from './queries.js';
import type * as service from './service.js';
import { type Names, namesFor, type TaxonomyKind } from './taxonomy-names.js';

const SITEMAP_CHUNK = 10_000;

const xmlEscape = (s: string) =>
  s.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

/**
 * A sitemap of pages in every language: each page's address in each language is a `<url>` that
 * names all of them as alternates (itself included, with x-default the English one), as search
 * engines ask, so every pair is reciprocal.
 */
function urlset(
  publicUrl: string,
  entries: Array<{ path: string; lastmod?: string; own?: Partial<Record<Language, string>> }>,
): string {
  let body = '';
  for (const e of entries) {
    const inEach = LANGUAGES.map((language) => ({
      language,
      // A page with an address word per language (a country's) names its own in each.
      loc: publicUrl + localizePath(e.own?.[language] ?? e.path, language),
    }));
    const links =
      inEach
        .map((a) => `<xhtml:link rel="alternate" hreflang="${a.language}" href="${xmlEscape(a.loc)}"/>`)
        .join('') +
      `<xhtml:link rel="alternate" hreflang="x-default" href="${xmlEscape(inEach[0]?.loc ?? '')}"/>`;
    const lastmod = e.lastmod ? `<lastmod>${e.lastmod}</lastmod>` : '';
    for (const a of inEach) body += `<url><loc>${xmlEscape(a.loc)}</loc>${lastmod}${links}</url>`;
  }
  return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">${body}</urlset>`;
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
        `User-agent: *\nDisallow: /admin\nDisallow: /search\nDisallow: /api/\nDisallow: /language\nDisallow: /fr/recherche\n\nSitemap: ${site.publicUrl}/sitemap.xml\n`,
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
      const [regions, countries, topics, cases, ...names] = await Promise.all([
        q.allRegions(db),
        q.allCountries(db),
        q.allTopics(db),
        q.allCases(db),
        ...PREFIXED_LANGUAGES.map((l) => namesFor(db, l)),
      ]);
      // Route-form addresses (the sitemap is served in English), each with its own word per language.
      const named = (kind: TaxonomyKind, base: string) => (row: { slug: string; name: string }) => ({
        path: `${base}${row.slug}`,
        own: Object.fromEntries(
          names.map((n: Names) => [n.language, `${base}${n.of(kind, row).slug}`]),
        ) as Partial<Record<Language, string>>,
      });
      const entries = [
        ...[
          paths.home(),
          paths.latest(),
          paths.countries(),
          paths.regions(),
          paths.topics(),
          paths.cases(),
        ].map((path) => ({ path })),
        ...regions.map(named('region', '/regions/')),
        ...countries.map(named('country', '/countries/')),
        ...topics.map(named('topic', '/topics/')),
        ...cases.map((c) => ({ path: paths.case(c.slug) })),
      ];
      return page(urlset(site.publicUrl, entries), [keys.taxonomy()], 'application/xml; charset=utf-8');
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
        urlset(
          site.publicUrl,
          rows.map((r) => ({ path: paths.article(r.slug), lastmod: r.updated_at })),
        ),
        [keys.latest()],
        'application/xml; charset=utf-8',
      );
    }),
  );

  feedRoutes(app, deps);
}
