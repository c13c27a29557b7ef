import type { FastifyReply, FastifyRequest, RouteShorthandOptionsWithHandler } from 'fastify';
import { type PageCache, type PreparedPage, preparePage } from '../cache/page-cache.js';
import { currentLanguage, languageOfPath, localizePath } from '../i18n/index.js';

/** What a public page handler decided. */
export type PageResult =
  | { kind: 'page'; html: string; keys: readonly string[]; contentType?: string }
  | { kind: 'redirect'; location: string; permanent: boolean }
  | { kind: 'not-found' }
  | { kind: 'bad-request'; detail: string };

export const page = (html: string, keys: readonly string[], contentType?: string): PageResult => ({
  kind: 'page',
  html,
  keys,
  contentType,
});
export const redirect = (location: string, permanent = false): PageResult => ({
  kind: 'redirect',
  location,
  permanent,
});
export const notFound = (): PageResult => ({ kind: 'not-found' });
export const badRequest = (detail: string): PageResult => ({ kind: 'bad-request', detail });

/** Shared by every public page: a minute fresh everywhere, then served stale while it refreshes. */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600, stale-if-error=86400';

export class BadRequestError extends Error {
  readonly statusCode = 400;
}

/**
 * The address a page is known by: the route with its parameters, and the query parameters it
 * reads in the order it names them. Anything else in the query (`utm_*`, `fbclid`, `gclid`, a
 * typo) does not change the page, so it does not make another one. Parameters go back in encoded,
 * so that no value can spell the address of another route (`x%2Ffeed.xml`).
 */
export function canonicalAddress(
  route: string,
  params: Readonly<Record<string, unknown>>,
  query: Readonly<Record<string, unknown>>,
  known: readonly string[],
): string {
  const path = route.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')));
  let search = '';
  for (const name of known) {
    const value = query[name];
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      search += `${search ? '&' : '?'}${name}=${encodeURIComponent(String(one))}`;
    }
  }
  return path + search;
}

/**
 * The page cache's key for a request: its language and its canonical address in that language
 * (`/fr/pays/mexico`), so each language's page is an entry of its own.
 */
function pageKey(request: FastifyRequest, known: readonly string[]): string {
  const address = localizePath(
    canonicalAddress(
      request.routeOptions.url ?? request.url,
      request.params as Record<string, unknown>,
      request.query as Record<string, unknown>,
      known,
    ),
    currentLanguage(),
  );
  return `${languageOfPath(address)} ${address}`;
}

function pickEncoding(accept: string | undefined): 'br' | 'gzip' | null {
  if (!accept) return null;
  if (/\bbr\b/.test(accept)) return 'br';
  if (/\bgzip\b/.test(accept)) return 'gzip';
  return null;
}

/**
 * Whether an If-None-Match header names this ETag. Compared weakly, as RFC 9110 asks for
 * If-None-Match: a cache or proxy in front that compresses marks the tag weak (`W/"…"`).
 */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header === etag) return true;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * Whether an If-Modified-Since header says the client's copy is at least as new as this page.
 * HTTP dates have whole seconds, as does Last-Modified; an unreadable date is ignored (RFC 9110).
 */
export function notModifiedSince(header: string | undefined, lastModified: string): boolean {
  if (!header) return false;
  const since = Date.parse(header);
  return Number.isFinite(since) && Date.parse(lastModified) <= since;
}

/**
 * Whether the client's copy is this page: If-None-Match when sent, and If-Modified-Since only
 * when it is not, as RFC 9110 orders them (an ETag is exact, a date is not).
 */
function notModified(request: FastifyRequest, prepared: PreparedPage): boolean {
  const tags = request.headers['if-none-match'];
  if (tags !== undefined) return etagMatches(tags, prepared.etag);
  return notModifiedSince(request.headers['if-modified-since'], prepared.lastModified);
}

/** The headers of a page, whether rendered now or taken from the cache. */
function pageHeaders(prepared: PreparedPage): Record<string, string> {
  return {
    'content-type': prepared.contentType,
    'cache-control': PUBLIC_CACHE_CONTROL,
    'surrogate-key': prepared.keys.join(' '),
    etag: prepared.etag,
    'last-modified': prepared.lastModified,
    vary: 'Accept-Encoding',
  };
}

function sendPrepared(request: FastifyRequest, reply: FastifyReply, prepared: PreparedPage, hit: boolean) {
  reply.headers(pageHeaders(prepared)).header('x-cache', hit ? 'HIT' : 'MISS');
  if (notModified(request, prepared)) return reply.code(304).send();
  const encoding = pickEncoding(request.headers['accept-encoding']);
  if (!encoding) return reply.send(prepared.body);
  return reply.header('content-encoding', encoding).send(prepared.encoded(encoding));
}

export interface PublicPageOptions {
  /** The query parameters the page reads, in the order its canonical address names them. */
  query?: readonly string[];
}

/**
 * A public GET route with the page cache in front of its handler. The cache is looked up in the
 * route's `onRequest` hook, inside Fastify, so hits are logged and counted like every request and
 * carry the headers every response gets; a miss runs the handler, and a fresh 200 is stored under
 * the request's language and canonical address, tagged with the content keys the handler named.
 */
export function publicPage(
  cache: PageCache,
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<PageResult>,
  options: PublicPageOptions = {},
): RouteShorthandOptionsWithHandler {
  const known = options.query ?? [];
  return {
    onRequest(request, reply, done) {
      const cached = cache.get(pageKey(request, known));
      if (cached) sendPrepared(request, reply, cached, true);
      else done();
    },
    async handler(request, reply) {
      const purges = cache.purges;
      const result = await handler(request, reply);
      switch (result.kind) {
        case 'page': {
          const prepared = preparePage(result.html, result.keys, result.contentType);
          cache.set(pageKey(request, known), prepared, purges);
          return sendPrepared(request, reply, prepared, false);
        }
        case 'redirect':
          // Handlers name route-form addresses; the reader stays in their language.
          return reply.redirect(
            localizePath(result.location, currentLanguage()),
            result.permanent ? 301 : 302,
          );
        case 'not-found':
          return reply.callNotFound();
        case 'bad-request':
          throw new BadRequestError(result.detail);
      }
    },
  };
}
