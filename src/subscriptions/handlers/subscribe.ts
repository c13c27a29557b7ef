import { submissionOrigin } from '../../accounts/index.js';
import { t } from '../../platform/i18n/index.js';
import { readForm } from '../../platform/views/forms.js';
import {
  consentWording,
  FORM_LISTS,
  knownFollows,
  openedOn,
  prefilledFollows,
  subscribeFormSchema,
} from '../rules.js';
import * as service from '../service.js';
import { foreignPage, freshFields, sentPage, subscribePage } from '../views/public.js';
import { type Handler, LABELS, PAGE_LANGUAGE, sendPage } from './shared.js';

export const showForm: Handler = async (ctx, request, reply) => {
  const targets = await ctx.followables.list();
  const query = (request.query ?? {}) as Record<string, unknown>;
  const prefill = prefilledFollows(query, targets);
  const fields = freshFields(prefill, openedOn(request.url));
  const wording = consentWording(ctx.site.name, PAGE_LANGUAGE);
  return sendPage(reply, subscribePage(ctx.site, { fields, errors: {}, targets, wording }));
};

export const subscribe: Handler = async (ctx, request, reply) => {
  if (submissionOrigin(request.headers, ctx.publicOrigin) === 'foreign')
    return sendPage(reply, foreignPage(ctx.site), 403);
  const targets = await ctx.followables.list();
  const read = readForm(subscribeFormSchema(), request.body, { lists: FORM_LISTS, labels: LABELS });
  const wording = consentWording(ctx.site.name, PAGE_LANGUAGE);
  const again = (errors: Record<string, string | undefined>, status: number, alert?: string) =>
    sendPage(
      reply,
      subscribePage(ctx.site, { fields: read.fields, errors, targets, wording, alert }),
      status,
    );
  if (!ctx.clients.take(request.ip, ctx.now().getTime())) return again({}, 429, t('subscribe.throttled'));
  if (!read.data) return again(read.errors, 400);
  const follow = knownFollows(read.data.follow, targets);
  if (follow.length === 0) return again({ follow: t('subscribe.error.follow') }, 400);
  const form = Object.assign({}, read.data, { follow });
  const outcome = await service.requestSubscription(
    ctx,
    form,
    { page: form.source_page, form: form.source_form, ip: request.ip },
    wording,
  );
  if (!outcome.ok) return again({ wording: t('subscribe.error.wording') }, 400);
  return sendPage(reply, sentPage(ctx.site, form.email));
};
