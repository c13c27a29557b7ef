import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import { z } from 'zod';
import { actorOf, recordAudit, type Staff, sendAdminHtml, submissionOrigin } from '../accounts/index.js';
import { RateLimiter } from '../platform/http/rate-limit.js';
import { t } from '../platform/i18n/index.js';
import { readForm } from '../platform/views/forms.js';
import type { Site } from '../platform/views/site.js';
import { subscriptionsAccess } from './access.js';
import { toCsv } from './csv.js';
import {
  consentWording,
  FORM_LISTS,
  type Followables,
  followValue,
  knownFollows,
  normaliseEmail,
  openedOn,
  prefilledFollows,
  subscribeFormSchema,
} from './rules.js';
import * as service from './service.js';
import { consentPage } from './views/admin.js';
import {
  badLinkPage,
  confirmedPage,
  confirmPage,
  foreignPage,
  freshFields,
  sentPage,
  subscribePage,
} from './views/public.js';

export interface SubscriptionsRouteDeps extends service.SubscriptionsDeps {
  site: Site;
  followables: Followables;
  log: FastifyBaseLogger;
}

interface Context extends SubscriptionsRouteDeps {
  publicOrigin: string;
  /** Per client address: one connection cannot fill the ledger or send mail to address after address. */
  clients: RateLimiter;
  /** Per address: nobody can bury an inbox in confirmation mails. Over it, the same answer and no mail. */
  addresses: RateLimiter;
}

type Handler = (ctx: Context, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

/** The language of the public pages, and so of the consent wording they show (English only today). */
const PAGE_LANGUAGE = 'en';

function sendPage(reply: FastifyReply, html: string, status = 200) {
  // Nothing here is for a cache: answers to one person's form and links that hold a token.
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(html);
}

const LABELS = { email: t('subscribe.email'), name: t('subscribe.name') };

const showForm: Handler = async (ctx, request, reply) => {
  const targets = await ctx.followables.list();
  const query = (request.query ?? {}) as Record<string, unknown>;
  const prefill = prefilledFollows(query, targets);
  const fields = freshFields(prefill, openedOn(request.url));
  const wording = consentWording(ctx.site.name, PAGE_LANGUAGE);
  return sendPage(reply, subscribePage(ctx.site, { fields, errors: {}, targets, wording }));
};

const subscribe: Handler = async (ctx, request, reply) => {
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
  if (ctx.addresses.take(form.email, ctx.now().getTime())) {
    const outcome = await service.requestSubscription(
      ctx,
      form,
      { page: form.source_page, form: form.source_form, ip: request.ip },
      wording,
    );
    if (!outcome.ok) return again({ wording: t('subscribe.error.wording') }, 400);
    request.log.debug({ sent: outcome.sent }, 'subscription requested');
  }
  return sendPage(reply, sentPage(ctx.site, form.email));
};

const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

function tokenOf(request: FastifyRequest): string | null {
  const parsed = tokenParams.safeParse(request.params);
  return parsed.success ? parsed.data.token : null;
}

const LINK_STATUS = { unknown: 404, expired: 410, used: 410 } as const;

/**
 * The link in the mail opens a page with a button; only pressing it confirms. Mail filters and
 * link scanners open every link they see, and a confirmation they could make would be no
 * confirmation by the person.
 */
const showConfirm: Handler = async (ctx, request, reply) => {
  const token = tokenOf(request);
  const checked = token
    ? await service.checkLink(ctx, token, 'confirm')
    : ({ ok: false, reason: 'unknown' } as const);
  if (!checked.ok) return sendPage(reply, badLinkPage(ctx.site, checked.reason), LINK_STATUS[checked.reason]);
  return sendPage(reply, confirmPage(ctx.site, checked.email, token as string));
};

const confirm: Handler = async (ctx, request, reply) => {
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
const showManage: Handler = async (ctx, request, reply) => {
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
  const manage = { email: held.subscriber.email, token: token as string };
  return sendPage(reply, subscribePage(ctx.site, { fields, errors: {}, targets, wording, manage }));
};

const manageSchema = subscribeFormSchema().omit({
  email: true,
  consent: true,
  source_page: true,
  source_form: true,
});

const changeManaged: Handler = async (ctx, request, reply) => {
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
        manage: { email: checked.email, token: token as string, saved },
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

const lookupQuery = z
  .object({
    email: z.string().max(254).catch(''),
    format: z.enum(['csv', 'json']).catch('csv'),
  })
  .catch({ email: '', format: 'csv' });

const showConsent: Handler = async (ctx, request, reply) => {
  const { email } = lookupQuery.parse(request.query ?? {});
  const address = normaliseEmail(email);
  const proof = address ? await service.consentProof(ctx, address) : undefined;
  return sendAdminHtml(
    reply,
    consentPage(ctx.site, { staff: request.staff, email, proof, looked: address !== '' }),
  );
};

/** The proof as a file, for a regulator or the person: recorded in the audit log, as any disclosure. */
const exportConsent: Handler = async (ctx, request, reply) => {
  const { email, format } = lookupQuery.parse(request.query ?? {});
  const proof = email ? await service.consentProof(ctx, normaliseEmail(email)) : undefined;
  if (!proof) return reply.redirect(`/admin/subscribers/consent?email=${encodeURIComponent(email)}`, 303);
  await recordAudit(
    ctx.db,
    actorOf(request.staff as Staff, request.ip),
    {
      action: 'subscriber.consent-exported',
      entityType: 'subscriber',
      entityId: proof.subscriber.id,
      message: { key: 'audit.consent.exported', params: { id: proof.subscriber.id, format } },
    },
    ctx.now(),
  );
  const name = `consent-${proof.subscriber.id}.${format}`;
  reply.header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${name}"`);
  if (format === 'json') {
    return reply
      .header('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify(proof, null, 2));
  }
  const csv = toCsv(
    [
      'email',
      'time',
      'event',
      'source_page',
      'source_form',
      'wording_hash',
      'wording_text',
      'token_hash',
      'ip',
      'details',
    ],
    proof.events.map((e) => [
      proof.subscriber.email,
      e.time,
      e.event,
      e.source_page,
      e.source_form,
      e.wording_hash,
      e.wording_text,
      e.token_hash,
      e.ip,
      e.details === null ? null : JSON.stringify(e.details),
    ]),
  );
  return reply.header('content-type', 'text/csv; charset=utf-8').send(csv);
};

const noReferrer = (
  _request: FastifyRequest,
  reply: FastifyReply,
  payload: unknown,
  done: (err: null, payload: unknown) => void,
) => {
  reply.header('referrer-policy', 'no-referrer');
  done(null, payload);
};

interface Route {
  method: Extract<HTTPMethods, 'GET' | 'POST'>;
  url: string;
  /** For /admin routes: what the admin guard checks. Public pages need none. */
  permission?: 'subscriber.view';
  /** Opened from a mailed link: the address holds the token, which no Referer may carry on. */
  token?: true;
  handler: Handler;
}

/** Everything the subscriptions room serves, and who may reach it. */
// biome-ignore format: one route a line, in columns, so the whole surface reads at a glance
const ROUTES: readonly Route[] = [
  { method: 'GET',  url: '/subscribe',                          handler: showForm },
  { method: 'POST', url: '/subscribe',                          handler: subscribe },
  { method: 'GET',  url: '/subscribe/confirm/:token',           token: true, handler: showConfirm },
  { method: 'POST', url: '/subscribe/confirm/:token',           token: true, handler: confirm },
  { method: 'GET',  url: '/subscribe/manage/:token',            token: true, handler: showManage },
  { method: 'POST', url: '/subscribe/manage/:token',            token: true, handler: changeManaged },
  { method: 'GET',  url: '/admin/subscribers/consent',          permission: 'subscriber.view', handler: showConsent },
  { method: 'GET',  url: '/admin/subscribers/consent/export',   permission: 'subscriber.view', handler: exportConsent },
];

export function subscriptionsRoutes(app: FastifyInstance, deps: SubscriptionsRouteDeps): void {
  // Declared here so that importing the room declares its permission before its routes name it.
  void subscriptionsAccess;
  const ctx: Context = Object.assign({}, deps, {
    publicOrigin: new URL(deps.site.publicUrl).origin,
    clients: new RateLimiter(20, 10 * 60_000),
    addresses: new RateLimiter(3, 60 * 60_000),
  });
  for (const route of ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.permission ? { config: { permission: route.permission } } : {}),
      // A route's hook runs after the application's, which sets the site's referrer policy.
      ...(route.token ? { onSend: noReferrer } : {}),
      handler: (request, reply) => route.handler(ctx, request, reply),
    });
  }
}
