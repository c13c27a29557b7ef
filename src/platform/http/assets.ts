import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { projectRoot } from '../root.js';

interface Asset {
  body: Buffer;
  type: string;
  url: string;
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.xsl': 'text/xsl; charset=utf-8',
};

/**
 * The stylesheet, script and icon, read once at start and served under a name carrying a hash of
 * their content, so browsers may keep them for a year and still never see a stale one. The icon is
 * also at /favicon.ico, where browsers look for it whatever the page says (made from icon.svg by
 * scripts/make-favicon.mjs), kept a day since its address never changes. The share image is the
 * picture of link previews for pages with none of their own (made from share.svg by
 * scripts/make-share-image.mjs). feed.xsl is what a browser shows for a feed: it names the
 * stylesheet by its hashed address (`{{site.css}}` in the file), so it is hashed after that.
 */
export function loadAssets(): {
  css: string;
  js: string;
  icon: string;
  shareImage: string;
  feedStylesheet: string;
  routes: (app: FastifyInstance) => void;
} {
  const dir = path.join(projectRoot(), 'client');
  const assets = new Map<string, Asset>();
  const urls: Record<string, string> = {};
  for (const name of ['site.css', 'site.js', 'icon.svg', 'share.jpg', 'feed.xsl']) {
    let body = fs.readFileSync(path.join(dir, name));
    if (name === 'feed.xsl')
      body = Buffer.from(body.toString('utf8').replaceAll('{{site.css}}', urls['site.css']!));
    const ext = path.extname(name);
    const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
    const url = `/assets/${path.basename(name, ext)}.${hash}${ext}`;
    assets.set(url, { body, type: TYPES[ext] ?? 'application/octet-stream', url });
    urls[name] = url;
  }
  const favicon = fs.readFileSync(path.join(dir, 'favicon.ico'));
  return {
    css: urls['site.css']!,
    js: urls['site.js']!,
    icon: urls['icon.svg']!,
    shareImage: urls['share.jpg']!,
    feedStylesheet: urls['feed.xsl']!,
    routes(app) {
      app.get('/favicon.ico', async (_request, reply) =>
        reply
          .header('content-type', 'image/x-icon')
          .header('cache-control', 'public, max-age=86400')
          .send(favicon),
      );
      app.get<{ Params: { file: string } }>('/assets/:file', async (request, reply) => {
        const asset = assets.get(`/assets/${request.params.file}`);
        if (!asset) return reply.callNotFound();
        return reply
          .header('content-type', asset.type)
          .header('cache-control', 'public, max-age=31536000, immutable')
          .send(asset.body);
      });
    },
  };
}
