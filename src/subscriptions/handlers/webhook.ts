import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { inTransaction } from '../../platform/db/errors.js';
import { suppress } from '../suppression.js';
import type { Context } from './shared.js';

export const WEBHOOK_PATH = '/hooks/suppressions';

/**
 * What an SMTP relay posts (documented in README): one event, or a list of up to 100.
 * `type`: 'bounce' (a hard bounce only: the address does not exist) or 'complaint' (marked as
 * spam); `at`: when it happened (ISO 8601); `reason`: the relay's words, kept as a note.
 */
const event = z.object({
  type: z.enum(['bounce', 'complaint']),
  email: z.string().trim().max(254).pipe(z.email()),
  reason: z.string().max(500).default(''),
  at: z.iso.datetime({ offset: true }),
});
const body = z.union([event, z.array(event).min(1).max(100)]);

/** `X-Candle-Signature: sha256=<hex HMAC-SHA-256 of the raw body under SUPPRESSION_WEBHOOK_SECRET>`. */
export function webhookSignature(secret: string, raw: string): string {
  return `sha256=${createHmac('sha256', secret).update(raw, 'utf8').digest('hex')}`;
}

function signedBy(secret: string, raw: string, header: unknown): boolean {
  if (typeof header !== 'string') return false;
  const expected = Buffer.from(webhookSignature(secret, raw));
  const sent = Buffer.from(header.trim());
  return expected.length === sent.length && timingSafeEqual(expected, sent);
}

/**
 * The relay's webhook, in a scope of its own: the signature is over the bytes sent, so this route
 * alone reads JSON as text and parses it after checking. Unsigned or wrongly signed: 401, before
 * the body is even parsed; signed but not JSON of the shape above: 400. Never a 500.
 */
export function suppressionWebhook(app: FastifyInstance, ctx: Context): void {
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'string', bodyLimit: 256 * 1024 },
      (_r, raw, done) => done(null, raw),
    );
    scope.post(WEBHOOK_PATH, async (request, reply) => {
      reply.header('cache-control', 'no-store');
      if (!ctx.webhookSecret) return reply.code(404).send({ error: 'not found' });
      const raw = typeof request.body === 'string' ? request.body : '';
      if (!signedBy(ctx.webhookSecret, raw, request.headers['x-candle-signature']))
        return reply.code(401).send({ error: 'bad signature' });
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return reply.code(400).send({ error: 'not JSON' });
      }
      const parsed = body.safeParse(json);
      if (!parsed.success)
        return reply.code(400).send({ error: 'bad shape', issues: parsed.error.issues.length });
      const events = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
      const now = ctx.now();
      const recorded = await inTransaction(ctx.db, async (trx) => {
        let n = 0;
        for (const e of events) {
          const changed = await suppress(
            trx,
            ctx.salt,
            { email: e.email, reason: e.type, source: 'webhook', note: e.reason, at: new Date(e.at) },
            now,
          );
          if (changed) n++;
        }
        return n;
      });
      return reply.send({ received: events.length, recorded });
    });
  });
}
