import { submissionOrigin } from '../../accounts/index.js';
import { signLink } from '../links.js';
import * as service from '../service.js';
import { badLinkPage, confirmedPage, confirmPage, foreignPage } from '../views/public.js';
import { type Handler, LINK_STATUS, sendPage, tokenOf } from './shared.js';

/**
 * The link in the mail opens a page with a button; only pressing it confirms. Mail filters and
 * link scanners open every link they see, and a confirmation they could make would be no
 * confirmation by the person.
 */
export const showConfirm: Handler = async (ctx, request, reply) => {
  const token = tokenOf(request);
  const checked = token
    ? await service.checkLink(ctx, token, 'confirm')
    : ({ ok: false, reason: 'unknown' } as const);
  if (!checked.ok) return sendPage(reply, badLinkPage(ctx.site, checked.reason), LINK_STATUS[checked.reason]);
  return sendPage(reply, confirmPage(ctx.site, checked.email, token as string));
};

export const confirm: Handler = async (ctx, request, reply) => {
  if (submissionOrigin(request.headers, ctx.publicOrigin) === 'foreign')
    return sendPage(reply, foreignPage(ctx.site), 403);
  const token = tokenOf(request);
  const outcome = token
    ? await service.confirmSubscription(ctx, token, {
        page: '/subscribe/confirm',
        form: 'confirm-page',
        ip: request.ip,
      })
    : ({ ok: false, reason: 'unknown' } as const);
  if (!outcome.ok) return sendPage(reply, badLinkPage(ctx.site, outcome.reason), LINK_STATUS[outcome.reason]);
  return sendPage(reply, confirmedPage(ctx.site, outcome.email));
};

/**
 * What a confirmed subscriber who signed up again is mailed: a stored link (7 days, counted among
 * the links an address may be sent an hour) that opens the one preference centre, the page of the
 * signed links in every message (`/subscribe/preferences/…`, handlers/rights.tsx). A POST follows
 * with its body (307), so a form opened before this page moved still saves.
 */
const toPreferences =
  (status: 303 | 307): Handler =>
  async (ctx, request, reply) => {
    const token = tokenOf(request);
    const checked = token
      ? await service.checkLink(ctx, token, 'manage')
      : ({ ok: false, reason: 'unknown' } as const);
    if (!checked.ok)
      return sendPage(reply, badLinkPage(ctx.site, checked.reason), LINK_STATUS[checked.reason]);
    const held = await service.subscriptionOf(ctx, checked.subscriberId);
    if (held?.subscriber.status !== 'confirmed')
      return sendPage(reply, badLinkPage(ctx.site, 'unknown'), 404);
    const link = signLink(ctx.linkKeys, 'manage', held.subscriber, ctx.now());
    return reply
      .code(status)
      .header('cache-control', 'no-store')
      .redirect(`/subscribe/preferences/${link}`, status);
  };

export const showManage = toPreferences(303);
export const changeManaged = toPreferences(307);
