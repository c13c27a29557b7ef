import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { inScope, type LanguageScope } from '../i18n/context.js';
import {
  DEFAULT_LANGUAGE,
  isLanguage,
  isLocalAddress,
  LANGUAGES,
  languageOfPath,
  localizePath,
  routeOf,
  t,
} from '../i18n/index.js';
import { BadRequestError } from './public-page.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The language this request is served in, and the address it was asked by. */
    languageScope: LanguageScope;
  }
}

/** The cookie the language switch, and only it, sets: the language chosen for pages whose address names none. */
export const LANGUAGE_COOKIE = 'lang';

const ONE_YEAR_S = 365 * 24 * 3600;

/**
 * A public page's language is in its address, never in a header or a cookie, so a cached page is
 * the same for every reader. Pages whose address names no language (the admin under /admin) take
 * the language the reader chose with the switch.
 */
function scopeOf(request: FastifyRequest): LanguageScope {
  const address = request.originalUrl;
  const language = languageOfPath(address);
  if (language === DEFAULT_LANGUAGE && address.startsWith('/admin')) {
    const chosen = request.cookies?.[LANGUAGE_COOKIE];
    if (isLanguage(chosen)) return { language: chosen, address };
  }
  return { language, address };
}

const switchQuery = z.object({
  to: z.enum(LANGUAGES),
  from: z.string().refine(isLocalAddress),
});

/**
 * The same page in another language: for now the same address under the other language's prefix
 * and path words (content in many languages will point to a translation here); an address that is
 * no page in any language leads to that language's home.
 */
export function counterpart(from: string, to: (typeof LANGUAGES)[number]): string {
  const route = routeOf(from);
  if (!route) return localizePath('/', to);
  // The admin's address names no language: it reads the cookie this switch sets.
  if (route.address.startsWith('/admin')) return route.address;
  const target = localizePath(route.address, to);
  return languageOfPath(target) === to ? target : localizePath('/', to);
}

/**
 * The request's language for every hook, handler and view after it (see i18n/context.ts), set
 * from the address as typed, before Fastify routed its English form (`rewriteToRoute`); the
 * Content-Language of every HTML answer; and the language switch, `/language?to=fr&from=/path`.
 * Register after the cookie plugin and before any route.
 */
export function languageHandling(app: FastifyInstance, options: { https: boolean }): void {
  app.decorateRequest('languageScope', null as unknown as LanguageScope);
  app.addHook('onRequest', (request, _reply, done) => {
    const scope = scopeOf(request);
    request.languageScope = scope;
    inScope(scope, done);
  });
  app.addHook('onSend', (request, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('text/html'))
      reply.header('content-language', request.languageScope.language);
    done(null, payload);
  });

  app.get('/language', async (request, reply) => {
    const parsed = switchQuery.safeParse(request.query);
    if (!parsed.success) throw new BadRequestError(t('language.bad'));
    const { to, from } = parsed.data;
    return reply
      .setCookie(LANGUAGE_COOKIE, to, {
        path: '/',
        maxAge: ONE_YEAR_S,
        sameSite: 'lax',
        httpOnly: true,
        secure: options.https,
      })
      .header('cache-control', 'no-store')
      .redirect(counterpart(from, to), 303);
  });
}
