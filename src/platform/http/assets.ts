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

const FILES = [
  'site.css',
  'site.js',
  'icon.svg',
  'share.jpg',
  'feed.xsl',
  'proof-of-work.js',
  'action-counts.js',
];
const REFERS = ['feed.xsl', 'proof-of-work.js'];

/**
 * Files of dependencies served from this site like its own, never from a CDN (no page makes a
 * request to anyone else): the altcha widget in its build for a strict Content-Security-Policy
 * (styles in a file of their own, workers loaded from their own files rather than from blob:
 * addresses) and the worker of the one algorithm Candle's challenges use (proof-of-work.ts).
 */
const VENDORED: Record<string, string> = {
  'altcha.js': 'altcha/dist/external/altcha.min.js',
  'altcha.css': 'altcha/dist/external/altcha.css',
  'altcha-pbkdf2.js': 'altcha/dist/workers/pbkdf2.js',
};

/**
 * The stylesheet, script and icon, read once at start and served under a name carrying a hash of
 * their content, so browsers may keep them for a year and still never see a stale one. The icon is
 * also at /favicon.ico, where browsers look for it whatever the page says (made from icon.svg by
 * scripts/make-favicon.mjs), kept a day since its address never changes. The share image is the
 * picture of link previews for pages with none of their own (made from share.svg by
 * scripts/make-share-image.mjs). feed.xsl is what a browser shows for a feed: it names the
 * stylesheet by its hashed address (`{{site.css}}` in the file), so it is hashed after that; so
 * does proof-of-work.js name the widget and its worker.
 */
export function loadAssets(): {
  css: string;
  js: string;
  icon: string;
  shareImage: string;
  feedStylesheet: string;
  /** The sign-up form's proof of work: its script (which imports the widget) and the widget's styles. */
  proofOfWork: { script: string; css: string };
  /** The script that refreshes an urgent action's counts from their fragment (actions/counts.ts). */
  actionCounts: string;
  routes: (app: FastifyInstance) => void;
} {
  const dir = path.join(projectRoot(), 'client');
  const assets = new Map<string, Asset>();
  const urls: Record<string, string> = {};
  for (const name of [...Object.keys(VENDORED), ...FILES]) {
    const vendored = VENDORED[name];
    let body = fs.readFileSync(
      vendored ? path.join(projectRoot(), 'node_modules', vendored) : path.join(dir, name),
    );
    // A file that names others by their hashed address (`{{site.css}}`) is hashed after them.
    if (REFERS.includes(name)) {
      let text = body.toString('utf8');
      for (const [named, url] of Object.entries(urls)) text = text.replaceAll(`{{${named}}}`, url);
      body = Buffer.from(text);
    }
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
    proofOfWork: { script: urls['proof-of-work.js']!, css: urls['altcha.css']! },
    actionCounts: urls['action-counts.js']!,
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
