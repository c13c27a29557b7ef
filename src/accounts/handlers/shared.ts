import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { RateLimiter } from '../../platform/http/rate-limit.js';
import type { Site } from '../../platform/views/site.js';
import type { AccountsDeps } from '../service.js';

export type AccountsRouteDeps = AccountsDeps & { site: Site };

/** What every accounts handler works with: made once per app by `accountsContext`. */
export interface AccountsContext extends AccountsRouteDeps {
  /** Whether the session cookie is sent only over HTTPS. */
  secure: boolean;
  /** PUBLIC_URL's origin: the only one whose forms may have their text carried over a login. */
  publicOrigin: string;
  loginLimiter: RateLimiter;
}

export type Handler = (
  ctx: AccountsContext,
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<unknown>;

export function accountsContext(deps: AccountsRouteDeps): AccountsContext {
  return {
    ...deps,
    secure: deps.site.publicUrl.startsWith('https:'),
    publicOrigin: new URL(deps.site.publicUrl).origin,
    // Per client address, in front of the per-account counts: one address cannot pause account
    // after account (each pause needs five attempts), nor guess codes for one it has the password of.
    loginLimiter: new RateLimiter(10, 60_000),
  };
}

// No NUL: PostgreSQL refuses it in any text, so an email or name carrying one was a 500.
export const str = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !v.includes('\u0000'))
    .default('');

/** Only an admin path may be a destination after login: never another site. */
export function safeAdminPath(path: string): string | null {
  return /^\/admin(\/[\w\-/?=&%.]*)?$/.test(path) && !path.startsWith('//') ? path : null;
}

export function clientOf(request: FastifyRequest) {
  return { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? '') };
}
