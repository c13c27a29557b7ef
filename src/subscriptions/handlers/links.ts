import { submissionOrigin } from '../../accounts/index.js';
import { t } from '../../platform/i18n/index.js';
import { readForm } from '../../platform/views/forms.js';
import { type LinkSubject, signLink } from '../links.js';
import { consentWording, FORM_LISTS, followValue, knownFollows, manageFormSchema } from '../rules.js';
import * as service from '../service.js';
import { badLinkPage, confirmedPage, confirmPage, foreignPage, subscribePage } from '../views/public.js';
import { DataSection } from '../views/rights.js';
import {
  type Context,
  type Handler,
  LABELS,
  LINK_STATUS,
  PAGE_LANGUAGE,
  sendPage,
  tokenOf,
} from './shared.js';

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

/** What a confirmed subscriber who signed up again is sent to: their choices, to change. */
export const showManage: Handler = async (ctx, request, reply) => {
  const token = tokenOf(request);
  const checked = token
    ? await service.checkLink(ctx, token, 'manage')
    : ({ ok: false, reason: 'unknown' } as const);
  if (!checked.ok) return sendPage(reply, badLinkPage(ctx.site, checked.reason), LINK_STATUS[checked.reason]);
  const held = await service.subscriptionOf(ctx, checked.subscriberId);
  if (held?.subscriber.status !== 'confirmed') return sendPage(reply, badLinkPage(ctx.site, 'unknown'), 404);
  const fields = {
    name: held.subscriber.name ?? '',
    language: held.subscriber.language,
    frequency: held.subscriber.frequency,
    follow: held.follows.map(followValue),
  };
  const [targets, wording] = [await ctx.followables.list(), consentWording(ctx.site.name, PAGE_LANGUAGE)];
  const manage = {
    email: held.subscriber.email,
    token: token as string,
    after: rightsOf(ctx, held.subscriber),
  };
  return sendPage(reply, subscribePage(ctx.site, { fields, errors: {}, targets, wording, manage }));
};

/** The person's data (download, erase, unsubscribe) under their choices, through signed links. */
function rightsOf(ctx: Context, subscriber: LinkSubject) {
  const now = ctx.now();
  return DataSection({
    link: signLink(ctx.linkKeys, 'manage', subscriber, now),
    unsubscribeLink: signLink(ctx.linkKeys, 'unsubscribe', subscriber, now),
  });
}

const manageSchema = manageFormSchema();

export const changeManaged: Handler = async (ctx, request, reply) => {
  if (submissionOrigin(request.headers, ctx.publicOrigin) === 'foreign')
    return sendPage(reply, foreignPage(ctx.site), 403);
  const token = tokenOf(request);
  const checked = token
    ? await service.checkLink(ctx, token, 'manage')
    : ({ ok: false, reason: 'unknown' } as const);
  if (!checked.ok) return sendPage(reply, badLinkPage(ctx.site, checked.reason), LINK_STATUS[checked.reason]);
  const targets = await ctx.followables.list();
  const read = readForm(manageSchema, request.body, { lists: FORM_LISTS, labels: LABELS });
  const wording = consentWording(ctx.site.name, PAGE_LANGUAGE);
  const show = (errors: Record<string, string | undefined>, status: number, saved = false) =>
    sendPage(
      reply,
      subscribePage(ctx.site, {
        fields: read.fields,
        errors,
        targets,
        wording,
        manage: {
          email: checked.email,
          token: token as string,
          saved,
          after: rightsOf(ctx, { id: checked.subscriberId, email: checked.email }),
        },
      }),
      status,
    );
  if (!ctx.clients.take(request.ip, ctx.now().getTime())) return show({}, 429);
  if (!read.data) return show(read.errors, 400);
  const follow = knownFollows(read.data.follow, targets);
  if (follow.length === 0) return show({ follow: t('subscribe.error.follow') }, 400);
  const outcome = await service.changeSubscription(
    ctx,
    token as string,
    Object.assign({}, read.data, { follow }),
    { page: '/subscribe/manage', form: 'manage-page', ip: request.ip },
    wording,
  );
  if (outcome.ok) return show({}, 200, true);
  if (outcome.reason === 'unknown-wording') return show({ wording: t('subscribe.error.wording') }, 400);
  return sendPage(reply, badLinkPage(ctx.site, outcome.reason), LINK_STATUS[outcome.reason]);
};
