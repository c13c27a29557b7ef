import http, {
  type IncomingMessage,
  type RequestListener,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { FastifyServerOptions } from 'fastify';
import type { PageCache, PreparedPage } from '../cache/page-cache.js';
import { type HitAnswer, HitLane, HitResponse } from './hit-lane.js';
import { negotiate, pageHeaders, type Variant, variantFor } from './public-page.js';

export interface CachedHitsOptions {
  cache: PageCache;
  /** Headers Fastify's hooks add to every response (security.ts), added here too. */
  alwaysHeaders: Readonly<Record<string, string>>;
  /** While the app closes, every request goes to Fastify, which answers 503. */
  isClosing: () => boolean;
  /** Hears how to end the idle connections the hit lane holds, for when the app closes. */
  onCloseIdle?: (closeIdle: () => void) => void;
}

type HeaderSets = Partial<Record<Variant, Record<string, string | number>>> & {
  /** The same answers as the hit lane sends them (see hitResponse). */
  lane?: Partial<Record<Variant, HitResponse | null>>;
};
const hitHeaderSets = new WeakMap<PreparedPage, HeaderSets>();

/**
 * The complete headers of one answer, built once per page and variant: a hit then allocates
 * nothing of its own, which at tens of thousands of requests a second keeps the heap from growing.
 */
function hitHeaders(
  page: PreparedPage,
  variant: Variant,
  body: Buffer | null,
  always: Readonly<Record<string, string>>,
): Record<string, string | number> {
  let sets = hitHeaderSets.get(page);
  if (!sets) {
    sets = {};
    hitHeaderSets.set(page, sets);
  }
  let headers = sets[variant];
  if (!headers) {
    headers = { ...pageHeaders(page), 'x-cache': 'HIT', ...always };
    if (variant === 'br' || variant === 'gzip') headers['content-encoding'] = variant;
    if (body) headers['content-length'] = body.length;
    sets[variant] = headers;
  }
  return headers;
}

const VALID_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * One answer as the hit lane sends it, made once per page and variant: the status line and
 * headers as bytes, and the body. Null when Node must send it: Node refuses a header value with a
 * control character, and so the lane leaves such a page to Node.
 */
function hitResponse(
  page: PreparedPage,
  variant: Variant,
  always: Readonly<Record<string, string>>,
): HitResponse | null {
  let sets = hitHeaderSets.get(page);
  if (!sets) {
    sets = {};
    hitHeaderSets.set(page, sets);
  }
  sets.lane ??= {};
  let response = sets.lane[variant];
  if (response === undefined) {
    const body =
      variant === 'not-modified' ? null : variant === 'identity' ? page.body : page.encoded(variant);
    const headers = hitHeaders(page, variant, body, always);
    const status = variant === 'not-modified' ? 304 : 200;
    let text = `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n`;
    for (const [name, value] of Object.entries(headers)) text += `${name}: ${value}\r\n`;
    response = Object.values(headers).every((v) => VALID_VALUE.test(String(v)))
      ? new HitResponse(Buffer.from(text, 'latin1'), body)
      : null;
    sets.lane[variant] = response;
  }
  return response;
}

/** The hit lane's answer for a request: the page's response from the cache, or null. */
function laneAnswer(cache: PageCache, always: Readonly<Record<string, string>>): HitAnswer {
  return (request) => {
    const page = cache.get(request.url);
    return page
      ? hitResponse(page, variantFor(page, request.ifNoneMatch, request.acceptEncoding), always)
      : null;
  };
}

/**
 * Answers GET and HEAD requests for pages in the page cache straight from Node's HTTP server,
 * before Fastify routes them: the same status, headers and bytes Fastify would send (tested in
 * tests/integration/cached-hits.test.ts), at about half the CPU per request. Every other request,
 * and every miss, goes on to Fastify. Only public pages are ever put in the cache (publicPage),
 * so nothing under /admin or any form can be answered here.
 */
export function answerCachedHits(options: CachedHitsOptions) {
  const { cache, alwaysHeaders, isClosing } = options;
  return function answered(request: IncomingMessage, response: ServerResponse): boolean {
    const method = request.method;
    if ((method !== 'GET' && method !== 'HEAD') || request.url === undefined || isClosing()) return false;
    const page = cache.get(request.url);
    if (!page) return false;
    const answer = negotiate(page, request.headers);
    if (answer.status === 304 || !answer.body) {
      response.writeHead(304, hitHeaders(page, 'not-modified', null, alwaysHeaders));
      response.end();
      return true;
    }
    response.writeHead(200, hitHeaders(page, answer.encoding ?? 'identity', answer.body, alwaysHeaders));
    if (method === 'HEAD') response.end();
    else response.end(answer.body);
    return true;
  };
}

/**
 * Fastify's `serverFactory`: the HTTP server Fastify would make itself (same timeouts), with
 * cached pages answered before Fastify's router, and on the plainest requests before Node's HTTP
 * server too (hit-lane.ts).
 */
export function serverWithCachedHits(options: CachedHitsOptions) {
  const answered = answerCachedHits(options);
  return (fastifyHandler: RequestListener, fastifyOptions: FastifyServerOptions): http.Server => {
    const server = http.createServer((request, response) => {
      if (!answered(request, response)) fastifyHandler(request, response);
    });
    server.keepAliveTimeout = fastifyOptions.keepAliveTimeout ?? 72_000;
    server.requestTimeout = fastifyOptions.requestTimeout ?? 0;
    server.setTimeout(fastifyOptions.connectionTimeout ?? 0);
    const lane = HitLane.install(server, laneAnswer(options.cache, options.alwaysHeaders), options.isClosing);
    options.onCloseIdle?.(() => lane.closeIdle());
    return server;
  };
}
