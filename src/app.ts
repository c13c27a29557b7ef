import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.js';
import { mediaRoutes } from './media/index.js';
import { newsroomRoutes, seoRoutes } from './newsroom/index.js';
import { PageCache } from './platform/cache/page-cache.js';
import type { Db } from './platform/db/index.js';
import { loadAssets } from './platform/http/assets.js';
import { errorHandling } from './platform/http/errors.js';
import { securityHeaders } from './platform/http/security.js';
import type { Site } from './platform/views/site.js';
import { searchRoutes } from './search/index.js';

export interface App {
  app: FastifyInstance;
  cache: PageCache;
  site: Site;
}

/** The composition root: every service gets its dependencies here and nowhere else. */
export async function buildApp(config: Config, db: Db): Promise<App> {
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    trustProxy: true,
    maxParamLength: 300,
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
  });
  const assets = loadAssets();
  const site: Site = {
    name: config.siteName,
    publicUrl: config.publicUrl,
    assets: { css: assets.css, js: assets.js },
  };
  const cache = new PageCache(config.pageCacheEntries);

  await app.register(formbody);
  securityHeaders(app, { https: config.publicUrl.startsWith('https:') });
  errorHandling(app, site);
  assets.routes(app);
  mediaRoutes(app, config.dataDir);

  const deps = { db, site, cache };
  newsroomRoutes(app, deps);
  seoRoutes(app, deps);
  searchRoutes(app, deps);
  app.get('/healthz', async () => ({ ok: true }));

  await app.ready();
  return { app, cache, site };
}
