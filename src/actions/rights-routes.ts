import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { submissionOrigin } from '../accounts/index.js';
import { RateLimiter } from '../platform/http/rate-limit.js';
import { noReferrer } from '../platform/http/security.js';
import { t } from '../platform/i18n/index.js';
import type { Site } from '../platform/views/site.js';
import {
  DATA_PATH,
  downloadOf,
  eraseRecord,
  mailDataLink,
  openRecord,
  type SupporterRightsDeps,
} from './taking/rights.js';
import { LIMITS } from './taking/rules.js';
import { foreignPage } from './views/take-action.js';
import {
  askedPage,
  askPage,
  badDataLinkPage,
  eraseConfirmPage,
  erasedPage,
  recordPage,
} from './views/your-data.js';

/*
 * A supporter's own data, from a link mailed to them: GET /actions/your-data (ask for the link),
 * POST the same (mail it), GET …/:link (the page), …/:link/data (the download), POST …/:link/erase.
 */

export interface SupporterRightsRouteDeps extends SupporterRightsDeps {
  site: Site;
}

const linkParams = z.object({ link: z.string().max(100) });
const askForm = z.object({ email: z.string().trim().max(LIMITS.email).pipe(z.email()) });
const eraseForm = z.object({ confirm: z.literal('yes') });
const STATUS = { unknown: 404, expired: 410 } as const;

function sendPage(reply: FastifyReply, html: string, status = 200) {
  // One person's data or link: nothing for a cache.
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(html);
}

export function supporterRightsRoutes(app: FastifyInstance, deps: SupporterRightsRouteDeps): void {
  const origin = new URL(deps.site.publicUrl).origin;
  // Per client address, in this process: one connection cannot mail link after link to addresses.
  const clients = new RateLimiter(10, 10 * 60_000);

  const opened = async (request: FastifyRequest, reply: FastifyReply) => {
    const parsed = linkParams.safeParse(request.params);
    const result = parsed.success
      ? await openRecord(deps, parsed.data.link)
      : ({ ok: false, reason: 'unknown' } as const);
    if (!result.ok) {
      await sendPage(reply, badDataLinkPage(deps.site, result.reason), STATUS[result.reason]);
      return null;
    }
    return { ...result, link: (parsed.data as { link: string }).link };
  };

  const foreign = (request: FastifyRequest) => submissionOrigin(request.headers, origin) === 'foreign';

  app.get(DATA_PATH, (_request, reply) => sendPage(reply, askPage(deps.site)));

  app.post(DATA_PATH, async (request, reply) => {
    if (foreign(request)) return sendPage(reply, foreignPage(deps.site), 403);
    const parsed = askForm.safeParse(request.body ?? {});
    if (!parsed.success) {
      const sent = (request.body ?? {}) as Record<string, unknown>;
      const email = typeof sent.email === 'string' ? sent.email.slice(0, 254) : '';
      return sendPage(reply, askPage(deps.site, { email, error: t('yourData.ask.invalid') }), 400);
    }
    if (clients.take(request.ip, deps.now().getTime())) await mailDataLink(deps, parsed.data.email);
    return sendPage(reply, askedPage(deps.site, parsed.data.email));
  });

  app.get(`${DATA_PATH}/:link`, { onSend: noReferrer }, async (request, reply) => {
    const o = await opened(request, reply);
    if (!o) return reply;
    return sendPage(reply, recordPage(deps.site, o.link, o.record));
  });

  app.get(`${DATA_PATH}/:link/data`, { onSend: noReferrer }, async (request, reply) => {
    const o = await opened(request, reply);
    if (!o) return reply;
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="my-actions.json"')
      .header('cache-control', 'no-store')
      .send(JSON.stringify(await downloadOf(deps, o), null, 2));
  });

  app.post(`${DATA_PATH}/:link/erase`, { onSend: noReferrer }, async (request, reply) => {
    if (foreign(request)) return sendPage(reply, foreignPage(deps.site), 403);
    const o = await opened(request, reply);
    if (!o) return reply;
    if (!eraseForm.safeParse(request.body ?? {}).success)
      return sendPage(reply, eraseConfirmPage(deps.site, o.link));
    await eraseRecord(deps, o.id);
    return sendPage(reply, erasedPage(deps.site));
  });
}
