import { submissionOrigin } from '../../accounts/index.js';
import { newChallenge } from '../../platform/http/proof-of-work.js';
import { t } from '../../platform/i18n/index.js';
import { readForm } from '../../platform/views/forms.js';
import { guardSignup } from '../proof-of-work.js';
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
import { type Handler, LABELS, pageLanguage, sendPage } from './shared.js';

export const showForm: Handler = async (ctx, request, reply) => {
  const targets = await ctx.followables.list();
  const query = (request.query ?? {}) as Record<string, unknown>;
  const prefill = prefilledFollows(query, targets);
  const fields = freshFields(prefill, openedOn(request.url));
  const wording = consentWording(ctx.site.name, pageLanguage());
  return sendPage(
    reply,
    subscribePage(ctx.site, { fields, errors: {}, targets, wording, proofOfWork: ctx.proofOfWorkAssets }),
  );
};

/** A fresh proof-of-work challenge for the form's widget: one per page, never kept by a cache. */
export const challenge: Handler = async (ctx, _request, reply) =>
  reply
    .header('cache-control', 'no-store')
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(await newChallenge(ctx.proofKeys, ctx.now(), ctx.proofSteps)));

/**
 * A sign-up. Whatever the address's state, the work is the same and so is the answer: the
 * client's count, the proof spent (when there is one), the wording checked and one job queued
 * (service.acceptRequest); what differs by address happens in that job.
 */
export const subscribe: Handler = async (ctx, request, reply) => {
  if (submissionOrigin(request.headers, ctx.publicOrigin) === 'foreign')
    return sendPage(reply, foreignPage(ctx.site), 403);
  const targets = await ctx.followables.list();
  const read = readForm(subscribeFormSchema(), request.body, { lists: FORM_LISTS, labels: LABELS });
  const wording = consentWording(ctx.site.name, pageLanguage());
  const again = (errors: Record<string, string | undefined>, status: number, alert?: string) =>
    sendPage(
      reply,
      subscribePage(ctx.site, {
        fields: read.fields,
        errors,
        targets,
        wording,
        alert,
        proofOfWork: ctx.proofOfWorkAssets,
      }),
      status,
    );
  const guard = await guardSignup(ctx, request.body, request.ip, ctx.now());
  if (!guard.ok && guard.status === 429) return again({}, 429, guard.alert);
  if (!guard.ok) return again({ ...read.errors, altcha: t('proof.invalid') }, 400);
  if (!read.data) return again(read.errors, 400);
  const follow = knownFollows(read.data.follow, targets);
  if (follow.length === 0) return again({ follow: t('subscribe.error.follow') }, 400);
  const form = Object.assign({}, read.data, { follow });
  const outcome = await service.acceptRequest(
    ctx,
    form,
    { page: form.source_page, form: form.source_form, ip: request.ip },
    wording,
  );
  if (!outcome.ok) return again({ wording: t('subscribe.error.wording') }, 400);
  return sendPage(reply, sentPage(ctx.site, form.email));
};
