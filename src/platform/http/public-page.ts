import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { type PageCache, type PreparedPage, preparePage } from '../cache/page-cache.js';
import type { Framed } from '../views/slots.js';

/** What a public page handler decided. */
export type PageResult =
  | { kind: 'page'; html: string | Framed; keys: readonly string[]; contentType?: string }
  | { kind: 'redirect'; location: string; permanent: boolean }
  | { kind: 'not-found' }
  | { kind: 'bad-request'; detail: string };

export const page = (html: string | Framed, keys: readonly string[], contentType?: string): PageResult => ({
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

function pickEncoding(accept: string | undefined): 'br' | 'gzip' | null {
  if (!accept) return null;
  if (/\bbr\b/.test(accept)) return 'br';
  if (/\bgzip\b/.test(accept)) return 'gzip';
  return null;
}

/**
 * The headers of a page. Built afresh for each response that goes through Fastify (a render, or a
 * hit while requests are logged): remembering them per page in a WeakMap cost more than building
 * them, and every rendered page's entry outlived the page until a full collection.
 * Hits answered before Fastify keep theirs with the cached page (cached-hits.ts).
 */
export function pageHeaders(prepared: PreparedPage): Record<string, string> {
  return {
    'content-type': prepared.contentType,
    'cache-control': PUBLIC_CACHE_CONTROL,
    'surrogate-key': prepared.keys.join(' '),
    etag: prepared.etag,
    vary: 'Accept-Encoding',
  };
}

/** Which of a page's answers a request gets: not modified, or the body in one encoding. */
export type Variant = 'identity' | 'br' | 'gzip' | 'not-modified';

export function variantFor(
  prepared: PreparedPage,
  ifNoneMatch: string | undefined,
  acceptEncoding: string | undefined,
): Variant {
  if (ifNoneMatch === prepared.etag) return 'not-modified';
  return pickEncoding(acceptEncoding) ?? 'identity';
}

/** What to answer a request for a prepared page: its status, the body, and how it is encoded. */
export function negotiate(
  prepared: PreparedPage,
  request: { 'if-none-match'?: string; 'accept-encoding'?: string },
): { status: 200 | 304; encoding: 'br' | 'gzip' | null; body: Buffer | null } {
  const variant = variantFor(prepared, request['if-none-match'], request['accept-encoding']);
  if (variant === 'not-modified') return { status: 304, encoding: null, body: null };
  if (variant === 'identity') return { status: 200, encoding: null, body: prepared.body };
  return { status: 200, encoding: variant, body: prepared.encoded(variant) };
}

export function sendPrepared(
  request: FastifyRequest,
  reply: FastifyReply,
  prepared: PreparedPage,
  hit: boolean,
) {
  reply.headers(pageHeaders(prepared)).header('x-cache', hit ? 'HIT' : 'MISS');
  const answer = negotiate(prepared, request.headers);
  if (answer.status === 304) return reply.code(304).send();
  if (answer.encoding) reply.header('content-encoding', answer.encoding);
  return reply.send(answer.body);
}

/**
 * Wraps a public page handler with the page cache: a hit never reaches the handler, and a fresh
 * 200 is stored under the content keys the handler declared.
 */
export function publicPage(
  cache: PageCache,
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<PageResult>,
): RouteHandlerMethod {
  return async function cachedPublicPage(request, reply) {
    const cached = cache.get(request.url);
    if (cached) return sendPrepared(request, reply, cached, true);
    const result = await handler(request, reply);
    switch (result.kind) {
      case 'page': {
        const prepared = preparePage(result.html, result.keys, result.contentType);
        cache.set(request.url, prepared);
        return sendPrepared(request, reply, prepared, false);
      }
      case 'redirect':
        return reply.redirect(result.location, result.permanent ? 301 : 302);
      case 'not-found':
        return reply.callNotFound();
      case 'bad-request':
        throw new BadRequestError(result.detail);
    }
  };
}
