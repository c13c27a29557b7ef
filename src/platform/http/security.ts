import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The one script in a page's head, run before the first paint: it tells the stylesheet that
 * JavaScript runs, so what the script will fold (the phone menu) is drawn folded from the start.
 * Inline, allowed by its hash: a file would hold up the first paint for a request.
 */
export const EARLY_SCRIPT = "document.documentElement.classList.add('js')";
const EARLY_SCRIPT_HASH = createHash('sha256').update(EARLY_SCRIPT).digest('base64');

/**
 * No public page makes a request to anyone but this site: the policy below enforces it, which
 * protects supporters who read about dangerous subjects.
 */
const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  `script-src 'self' 'sha256-${EARLY_SCRIPT_HASH}'`,
  "style-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The headers every response carries. */
function securityHeaderSet(options: { https: boolean }): Readonly<Record<string, string>> {
  return {
    'content-security-policy': CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

export function securityHeaders(app: FastifyInstance, options: { https: boolean }): void {
  const headers = securityHeaderSet(options);
  // A callback hook, not an async one: it runs on every response.
  app.addHook('onSend', (_request, reply, payload, done) => {
    reply.headers(headers);
    done(null, payload);
  });
}

/**
 * A route hook for pages opened from a mailed link: the address holds the token or signed link,
 * which no Referer may carry on to another site. A route's onSend runs after the site-wide one
 * above, so this wins over the site's policy.
 */
export function noReferrer(
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (err: null, payload: unknown) => void,
): void {
  reply.header('referrer-policy', 'no-referrer');
  done(null, payload);
}
