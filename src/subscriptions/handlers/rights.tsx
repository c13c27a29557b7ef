import { z } from 'zod';
import { sha256, submissionOrigin } from '../../accounts/index.js';
import { t } from '../../platform/i18n/index.js';
import { readForm, type SubmittedFields } from '../../platform/views/forms.js';
import { signLink } from '../links.js';
import { networkPreferences } from '../network/routes.js';
import * as rights from '../rights.js';
import { consentWording, FORM_LISTS, followValue, knownFollows, manageFormSchema } from '../rules.js';
import * as service from '../service.js';
import { foreignPage, subscribePage } from '../views/public.js';
import {
  badSignedLinkPage,
  DataSection,
  eraseConfirmPage,
  erasedPage,
  freshLinkSentPage,
  notSubscribedPage,
  unsubscribedPage,
  unsubscribePage,
} from '../views/rights.js';
import { type Context, type Handler, LABELS, opened, pageLanguage, sendPage } from './shared.js';

/** A person clicked "unsubscribe": a page with one button (scanners open links; only a POST acts). */
export const showUnsubscribe: Handler = async (ctx, request, reply) => {
  const o = await opened(ctx, request, reply, 'unsubscribe');
  if (!o) return reply;
  return sendPage(reply, unsubscribePage(ctx.site, o.subscriber.email, o.link));
};

/**
 * One-click unsubscribe (RFC 8058): a mail client POSTs `List-Unsubscribe=One-Click` here with no
 * cookie, no Origin and no CSRF token; the signature in the address is the authority, so the
 * body and the origin are not checked. The page's own button posts the same.
 */
export const unsubscribe: Handler = async (ctx, request, reply) => {
  const o = await opened(ctx, request, reply, 'unsubscribe');
  if (!o) return reply;
  await rights.unsubscribe(ctx, o.subscriber, o.link, {
    page: '/subscribe/unsubscribe',
    form: 'one-click',
    ip: request.ip,
  });
  return sendPage(
    reply,
    unsubscribedPage(ctx.site, o.subscriber.email, signLink(ctx.linkKeys, 'manage', o.subscriber, ctx.now())),
  );
};

/** The preference centre: choices for a subscriber; their data, download and erasure for anyone on record. */
export const showPreferences: Handler = async (ctx, request, reply) => {
  const o = await opened(ctx, request, reply, 'manage');
  if (!o) return reply;
  const s = o.subscriber;
  if (s.status !== 'confirmed') return sendPage(reply, notSubscribedPage(ctx.site, s.email, o.link));
  const follows = await service.subscriptionOf(ctx, s.id);
  const fields = {
    name: s.name ?? '',
    language: s.language,
    frequency: s.frequency,
    follow: (follows?.follows ?? []).map(followValue),
  };
  return sendPage(reply, await preferencesPage(ctx, o.subscriber, o.link, fields, {}, false));
};

async function preferencesPage(
  ctx: Context,
  subscriber: { id: number; email: string },
  link: string,
  fields: SubmittedFields,
  errors: Record<string, string | undefined>,
  saved: boolean,
) {
  const targets = await ctx.followables.list();
  const wording = consentWording(ctx.site.name, pageLanguage());
  const unsubscribeLink = signLink(ctx.linkKeys, 'unsubscribe', subscriber, ctx.now());
  return subscribePage(ctx.site, {
    fields,
    errors,
    targets,
    wording,
    manage: {
      email: subscriber.email,
      saved,
      action: `/subscribe/preferences/${link}`,
      intro: t('rights.preferences.intro', { email: subscriber.email }),
      after: (
        <>
          {await networkPreferences(ctx, subscriber, link)}
          <DataSection link={link} unsubscribeLink={unsubscribeLink} />
        </>
      ),
    },
  });
}

const manageSchema = manageFormSchema();

export const changePreferences: Handler = async (ctx, request, reply) => {
  if (submissionOrigin(request.headers, ctx.publicOrigin) === 'foreign')
    return sendPage(reply, foreignPage(ctx.site), 403);
  const o = await opened(ctx, request, reply, 'manage');
  if (!o) return reply;
  const read = readForm(manageSchema, request.body, { lists: FORM_LISTS, labels: LABELS });
  const show = async (errors: Record<string, string | undefined>, status: number, saved = false) =>
    sendPage(reply, await preferencesPage(ctx, o.subscriber, o.link, read.fields, errors, saved), status);
  if (o.subscriber.status !== 'confirmed')
    return sendPage(reply, notSubscribedPage(ctx.site, o.subscriber.email, o.link), 409);
  if (!ctx.clients.take(request.ip, ctx.now().getTime())) return show({}, 429);
  if (!read.data) return show(read.errors, 400);
  const follow = knownFollows(read.data.follow, await ctx.followables.list());
  if (follow.length === 0) return show({ follow: t('subscribe.error.follow') }, 400);
  const outcome = await service.changeChoices(
    ctx,
    o.subscriber.id,
    Object.assign({}, read.data, { follow }),
    { page: '/subscribe/preferences', form: 'preferences-page', ip: request.ip },
    consentWording(ctx.site.name, pageLanguage()),
    sha256(o.link),
  );
  if (outcome.ok) return show({}, 200, true);
  return show({ wording: t('subscribe.error.wording') }, 400);
};

/** The person's data as a file: everything held about them, the wording of each consent included. */
export const downloadData: Handler = async (ctx, request, reply) => {
  const o = await opened(ctx, request, reply, 'manage');
  if (!o) return reply;
  const data = await rights.exportData(ctx, o.subscriber.id, await ctx.followables.list());
  return reply
    .header('content-type', 'application/json; charset=utf-8')
    .header('content-disposition', 'attachment; filename="my-subscription.json"')
    .header('cache-control', 'no-store')
    .send(JSON.stringify(data, null, 2));
};

const eraseForm = z.object({ confirm: z.literal('yes') });

/** Erasing asks once more (a page with one button); the second press erases. */
export const erase: Handler = async (ctx, request, reply) => {
  if (submissionOrigin(request.headers, ctx.publicOrigin) === 'foreign')
    return sendPage(reply, foreignPage(ctx.site), 403);
  const o = await opened(ctx, request, reply, 'manage');
  if (!o) return reply;
  if (!eraseForm.safeParse(request.body ?? {}).success)
    return sendPage(reply, eraseConfirmPage(ctx.site, o.link));
  await rights.erase(ctx, o.subscriber.id);
  return sendPage(reply, erasedPage(ctx.site));
};

const freshForm = z.object({
  email: z.string().trim().max(254).pipe(z.email()),
});

/** A fresh preference link by mail: the same answer whether or not the address is on the list. */
export const freshLink: Handler = async (ctx, request, reply) => {
  if (submissionOrigin(request.headers, ctx.publicOrigin) === 'foreign')
    return sendPage(reply, foreignPage(ctx.site), 403);
  const parsed = freshForm.safeParse(request.body ?? {});
  if (!parsed.success) {
    const sent = (request.body ?? {}) as Record<string, unknown>;
    const email = typeof sent.email === 'string' ? sent.email.slice(0, 254) : '';
    return sendPage(reply, badSignedLinkPage(ctx.site, 'unknown', { email }), 400);
  }
  if (ctx.clients.take(request.ip, ctx.now().getTime())) await rights.sendFreshLink(ctx, parsed.data.email);
  return sendPage(reply, freshLinkSentPage(ctx.site, parsed.data.email));
};
