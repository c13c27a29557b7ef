import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { type BounceDeps, describeOutcome, recordBounce } from './taking/bounces.js';

export const BOUNCE_HOOK_PATH = '/hooks/bounces';

export interface BounceRouteDeps extends BounceDeps {
  /** SUPPRESSION_WEBHOOK_SECRET, shared with the relay; unset: the endpoint is off (404). */
  secret: string | undefined;
}

/** `X-Candle-Signature: sha256=<hex HMAC-SHA-256 of the raw message under the shared secret>`. */
export function bounceSignature(secret: string, raw: Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;
}

function signedBy(secret: string, raw: Buffer, header: unknown): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(bounceSignature(secret, raw));
  const sent = Buffer.from(header.trim());
  return expected.length === sent.length && timingSafeEqual(expected, sent);
}

/**
 * A relay (or a mailbox fetcher) posts a bounce report as it came, the raw message
 * (`message/rfc822`), signed like the suppression webhook. Unsigned: 401 before anything is read;
 * refused (not a report, a forged or unknown token): 422 with the reason, nothing recorded.
 */
export function bounceRoutes(app: FastifyInstance, deps: BounceRouteDeps): void {
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      ['message/rfc822', 'application/octet-stream', 'text/plain'],
      { parseAs: 'buffer', bodyLimit: 1024 * 1024 },
      (_r, raw, done) => done(null, raw),
    );
    scope.post(BOUNCE_HOOK_PATH, async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (!deps.secret) return reply.code(404).send({ error: 'not found' });
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      if (!signedBy(deps.secret, raw, request.headers['x-candle-signature']))
        return reply.code(401).send({ error: 'bad signature' });
      const outcome = await recordBounce(deps, raw);
      if (!outcome.ok)
        return reply.code(422).send({ error: outcome.reason, message: describeOutcome(outcome) });
      return reply.send({
        about: outcome.about,
        id: outcome.id,
        effect: outcome.effect,
        status: outcome.status,
      });
    });
  });
}
