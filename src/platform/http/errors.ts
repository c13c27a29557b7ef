import type { FastifyError, FastifyInstance } from 'fastify';
import { MISSING_PAGE_KEY } from '../cache/purge-bus.js';
import { badRequestPage, errorPage, notFoundPage } from '../views/error-pages.js';
import type { Site } from '../views/site.js';

const isApi = (url: string) => url.startsWith('/api/');

/** One not-found handler and one error handler for the whole app. */
export function errorHandling(app: FastifyInstance, site: Site): void {
  app.setNotFoundHandler((request, reply) => {
    if (isApi(request.url)) return reply.code(404).send({ error: 'not-found' });
    return reply
      .code(404)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'public, max-age=60')
      .header('surrogate-key', MISSING_PAGE_KEY)
      .send(notFoundPage(site));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ err: { message: error.message, code: error.code } }, 'request refused');
    // Messages of client errors are ours or Fastify's and name no internals; server errors say nothing.
    const detail = status >= 500 ? '' : error.message;
    if (isApi(request.url)) {
      return reply
        .code(status)
        .send(status >= 500 ? { error: 'internal' } : { error: 'bad-request', detail });
    }
    reply.code(status).header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-store');
    if (status === 404) return reply.send(notFoundPage(site));
    return reply.send(status >= 500 ? errorPage(site) : badRequestPage(site, detail));
  });
}
