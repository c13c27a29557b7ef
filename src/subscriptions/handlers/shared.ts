import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ProofKeys } from '../../platform/http/proof-of-work.js';
import { RateLimiter } from '../../platform/http/rate-limit.js';
import { currentLanguage, t } from '../../platform/i18n/index.js';
import type { Site } from '../../platform/views/site.js';
import type { LinkPurpose } from '../links.js';
import { openLink, type RightsDeps } from '../rights.js';
import type { Followables } from '../rules.js';
import { badSignedLinkPage } from '../views/rights.js';

export interface SubscriptionsRouteDeps extends RightsDeps {
  site: Site;
  /** SUPPRESSION_WEBHOOK_SECRET; unset: the relay's webhook is off. */
  webhookSecret: string | undefined;
  followables: Followables;
  log: FastifyBaseLogger;
  /** The sign-up form's proof of work: its keys (keys.ts) and the hashed addresses of its files. */
  proofKeys: ProofKeys;
  proofOfWorkAssets: { script: string; css: string };
  /** Attempts a challenge takes on average (PROOF_OF_WORK_STEPS). */
  proofSteps: number;
}

export interface Context extends SubscriptionsRouteDeps {
  publicOrigin: string;
  /**
   * Per client address: one connection cannot fill the ledger or send mail to address after
   * address (links and rights; sign-ups are counted in the database, proof-of-work.ts).
   */
  clients: RateLimiter;
}

export type Handler = (ctx: Context, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/**
 * The language of the page being served, and so of the consent wording it shows (the wording is
 * written by t() in it: the record names the language its words are in).
 */
export const pageLanguage = (): string => currentLanguage();

export function sendPage(reply: FastifyReply, html: string, status = 200) {
  // Nothing here is for a cache: answers to one person's form and links that hold a token.
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(html);
}

export const LABELS = { email: t('subscribe.email'), name: t('subscribe.name') };

const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

export function tokenOf(request: FastifyRequest): string | null {
  const parsed = tokenParams.safeParse(request.params);
  return parsed.success ? parsed.data.token : null;
}

export const LINK_STATUS = { unknown: 404, expired: 410, used: 410 } as const;

const linkParams = z.object({ link: z.string().max(100) });

/**
 * The subscriber a signed link in the address opens (`:link`, for this purpose), or null once the
 * page saying it opens nothing is sent (the same for forged and unknown).
 */
export async function opened(
  ctx: Context,
  request: FastifyRequest,
  reply: FastifyReply,
  purpose: LinkPurpose,
) {
  const parsed = linkParams.safeParse(request.params);
  const result = parsed.success
    ? await openLink(ctx, purpose, parsed.data.link)
    : ({ ok: false, reason: 'unknown' } as const);
  if (!result.ok) {
    await sendPage(reply, badSignedLinkPage(ctx.site, result.reason), LINK_STATUS[result.reason]);
    return null;
  }
  return { subscriber: result.subscriber, link: (parsed.data as { link: string }).link };
}

/** What every handler works with: made once per app. */
export function subscriptionsContext(deps: SubscriptionsRouteDeps): Context {
  return Object.assign({}, deps, {
    publicOrigin: new URL(deps.site.publicUrl).origin,
    clients: new RateLimiter(20, 10 * 60_000),
  });
}
