import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sha256, submissionOrigin } from '../../accounts/index.js';
import { inTransaction } from '../../platform/db/errors.js';
import { noReferrer } from '../../platform/http/security.js';
import { t } from '../../platform/i18n/index.js';
import { type FieldErrors, readForm, type SubmittedFields } from '../../platform/views/forms.js';
import { type Context, type Handler, opened, pageLanguage, sendPage } from '../handlers/shared.js';
import { signLink } from '../links.js';
import { guardSignup } from '../proof-of-work.js';
import * as sq from '../queries.js';
import { type FollowTarget, followValue, knownFollows, sourcePage } from '../rules.js';
import { foreignPage, Message } from '../views/public.js';
import { badSignedLinkPage } from '../views/rights.js';
import { stopLinkParts, verifyStopLink } from './links.js';
import { acceptJoin, changeMembership, memberOf, networkFollowsOf } from './membership.js';
import * as q from './queries.js';
import {
  DEFAULT_CAP,
  joinFormSchema,
  NETWORK_FORM_LISTS,
  type NetworkFollow,
  networkChoicesSchema,
  networkWording,
  stopWording,
} from './rules.js';
import {
  badStopLinkPage,
  freshJoinFields,
  joinPage,
  joinSentPage,
  leavePage,
  leftPage,
  NetworkSection,
  stopPage,
  stoppedPage,
} from './views.js';

const LABELS = { email: t('network.email') };

/** What a member may follow in the network: the newsroom's countries, regions and topics. */
async function networkTargets(ctx: Context): Promise<FollowTarget[]> {
  return (await ctx.followables.list()).filter((x) => x.kind !== 'case');
}

const showJoin: Handler = async (ctx, request, reply) => {
  const query = z.object({ from: z.string().max(500).optional() }).safeParse(request.query);
  const from = query.success && query.data.from ? sourcePage(query.data.from) : '';
  return sendPage(
    reply,
    joinPage(ctx.site, {
      fields: freshJoinFields(from || '/network'),
      errors: {},
      targets: await networkTargets(ctx),
      wording: networkWording(ctx.site.name, pageLanguage()),
      proofOfWork: ctx.proofOfWorkAssets,
    }),
  );
};

/**
 * A request to join: the sign-up form's guard (origin, the client's count, proof of work), the
 * fields, then one job whatever the address (membership.acceptJoin); the answer is the same.
 */
const join: Handler = async (ctx, request, reply) => {
  if (submissionOrigin(request.headers, ctx.publicOrigin) === 'foreign')
    return sendPage(reply, foreignPage(ctx.site), 403);
  const targets = await networkTargets(ctx);
  const read = readForm(joinFormSchema(), request.body, { lists: NETWORK_FORM_LISTS, labels: LABELS });
  const wording = networkWording(ctx.site.name, pageLanguage());
  const again = (errors: FieldErrors, status: number, alert?: string) =>
    sendPage(
      reply,
      joinPage(ctx.site, {
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
  const follow = knownFollows(read.data.follow, targets) as NetworkFollow[];
  if (follow.length === 0) return again({ follow: t('network.error.follow') }, 400);
  const outcome = await acceptJoin(
    ctx,
    Object.assign({}, read.data, { follow }),
    { page: read.data.source_page || '/network', form: 'network-page', ip: request.ip },
    wording,
  );
  if (!outcome.ok) return again({ wording: t('subscribe.error.wording') }, 400);
  return sendPage(reply, joinSentPage(ctx.site, read.data.email));
};

/** The network's part of the preference centre, for a confirmed subscriber (rights.tsx places it). */
export async function networkPreferences(
  ctx: Context,
  subscriber: { id: number },
  link: string,
  shown?: { fields: SubmittedFields; errors: FieldErrors; saved?: 'saved' | 'left' },
) {
  const member = await memberOf(ctx.db, subscriber.id);
  const follows = member ? await networkFollowsOf(ctx.db, subscriber.id) : [];
  const fields = shown?.fields ?? {
    cap: String(member?.weekly_cap ?? DEFAULT_CAP),
    follow: follows.map(followValue),
  };
  return (
    <NetworkSection
      link={link}
      state={member?.confirmed_at ? 'member' : member ? 'pending' : 'none'}
      fields={fields}
      errors={shown?.errors ?? {}}
      targets={await networkTargets(ctx)}
      wording={networkWording(ctx.site.name, pageLanguage())}
      saved={shown?.saved}
    />
  );
}

const linkParams = z.object({ link: z.string().max(100) });

/** POST from the preference centre's network section: join, change, or leave; the signed link is the authority. */
const changeNetwork: Handler = async (ctx, request, reply) => {
  if (submissionOrigin(request.headers, ctx.publicOrigin) === 'foreign')
    return sendPage(reply, foreignPage(ctx.site), 403);
  const o = await opened(ctx, request, reply, 'manage');
  if (!o) return reply;
  const { link, subscriber: s } = o;
  const page = async (shown: Parameters<typeof networkPreferences>[3], status: number) =>
    sendPage(
      reply,
      Message({
        site: ctx.site,
        title: t('subscribe.manage.title'),
        children: (
          <>
            <p>{t('rights.preferences.intro', { email: s.email })}</p>
            {await networkPreferences(ctx, s, link, shown)}
            <p>
              <a href={`/subscribe/preferences/${link}`}>{t('subscribe.manage.title')}</a>
            </p>
          </>
        ),
      }),
      status,
    );
  if (s.status !== 'confirmed') return sendPage(reply, badSignedLinkPage(ctx.site, 'unknown'), 409);
  if (!ctx.clients.take(request.ip, ctx.now().getTime())) return page(undefined, 429);
  const body = (request.body ?? {}) as Record<string, unknown>;
  const source = { page: '/subscribe/preferences', form: 'network-preferences', ip: request.ip };
  const wording = networkWording(ctx.site.name, pageLanguage());
  if (body.do === 'leave') {
    await changeMembership(ctx, s.id, { leave: true }, source, wording, sha256(link));
    return page({ fields: { cap: String(DEFAULT_CAP), follow: [] }, errors: {}, saved: 'left' }, 200);
  }
  const read = readForm(networkChoicesSchema().omit({ language: true }), body, {
    lists: NETWORK_FORM_LISTS,
    labels: LABELS,
  });
  if (!read.data) return page({ fields: read.fields, errors: read.errors }, 400);
  const follow = knownFollows(read.data.follow, await networkTargets(ctx)) as NetworkFollow[];
  if (follow.length === 0)
    return page({ fields: read.fields, errors: { follow: t('network.error.follow') } }, 400);
  const outcome = await changeMembership(
    ctx,
    s.id,
    { leave: false, cap: read.data.cap, follow, wording: read.data.wording },
    source,
    wording,
    sha256(link),
  );
  if (!outcome.ok)
    return page({ fields: read.fields, errors: { wording: t('subscribe.error.wording') } }, 400);
  return page({ fields: read.fields, errors: {}, saved: 'saved' }, 200);
};

/** The supporter and series a stop link names, if it is genuine. */
async function stopTarget(ctx: Context, link: string) {
  const parts = stopLinkParts(link);
  if (!parts) return null;
  const supporter = await ctx.db
    .selectFrom('ua_supporters')
    .select(['id', 'email'])
    .where('id', '=', parts.supporterId)
    .executeTakeFirst();
  if (!verifyStopLink(ctx.linkKeys, link, supporter, ctx.now())) return null;
  const place = await q.seriesPlace(ctx.db, parts.seriesId);
  const reference =
    place?.year != null && place.number != null
      ? `UA ${place.number}/${String(place.year % 100).padStart(2, '0')}`
      : '';
  return { supporter: supporter as { id: number; email: string }, seriesId: parts.seriesId, reference };
}

const showStop: Handler = async (ctx, request, reply) => {
  const params = linkParams.safeParse(request.params);
  const found = params.success ? await stopTarget(ctx, params.data.link) : null;
  if (!found || !params.success) return sendPage(reply, badStopLinkPage(ctx.site), 404);
  return sendPage(reply, stopPage(ctx.site, found.reference, found.supporter.email, params.data.link));
};

/**
 * "Stop hearing about this urgent action", one-click (RFC 8058): a mail client POSTs here with no
 * cookie and no Origin; the signature in the address is the authority. Clears every "keep me
 * informed" of the supporter on the series and records the withdrawal with the button's words.
 */
const stop: Handler = async (ctx, request, reply) => {
  const params = linkParams.safeParse(request.params);
  const found = params.success ? await stopTarget(ctx, params.data.link) : null;
  if (!found) return sendPage(reply, badStopLinkPage(ctx.site), 404);
  const now = ctx.now();
  const wording = stopWording(pageLanguage());
  await inTransaction(ctx.db, async (trx) => {
    await sq.keepWording(trx, wording, now);
    await q.withdrawHearBack(trx, found.supporter.id, found.seriesId, wording.hash, '/network/stop', now);
  });
  return sendPage(reply, stoppedPage(ctx.site, found.reference, found.supporter.email));
};

/** A member opened the one-click link of a network message: a page with one button. */
const showLeave: Handler = async (ctx, request, reply) => {
  const o = await opened(ctx, request, reply, 'leave-network');
  if (!o) return reply;
  return sendPage(reply, leavePage(ctx.site, o.subscriber.email, o.link));
};

/**
 * One-click leaving (RFC 8058), as the subscriptions' one-click unsubscribe (handlers/rights.tsx):
 * a mail client POSTs `List-Unsubscribe=One-Click` with no cookie, no Origin and no CSRF token;
 * the signature in the address is the authority. It does what the preference centre's "leave"
 * does (`changeMembership`: the membership, its follows and pending sends go, a 'changed' consent
 * event with `network: null`); the person's other subscriptions stay. Pressed again, nothing more.
 */
const leave: Handler = async (ctx, request, reply) => {
  const o = await opened(ctx, request, reply, 'leave-network');
  if (!o) return reply;
  await changeMembership(
    ctx,
    o.subscriber.id,
    { leave: true },
    { page: '/network/leave', form: 'one-click', ip: request.ip },
    networkWording(ctx.site.name, pageLanguage()),
    sha256(o.link),
  );
  return sendPage(
    reply,
    leftPage(ctx.site, o.subscriber.email, signLink(ctx.linkKeys, 'manage', o.subscriber, ctx.now())),
  );
};

// biome-ignore format: one route a line, as the room's own table
const ROUTES = [
  { method: 'GET',  url: '/network',                             handler: showJoin },
  { method: 'POST', url: '/network',                             handler: join },
  { method: 'GET',  url: '/network/stop/:link',                  token: true, handler: showStop },
  { method: 'POST', url: '/network/stop/:link',                  token: true, handler: stop },
  { method: 'GET',  url: '/network/leave/:link',                 token: true, handler: showLeave },
  { method: 'POST', url: '/network/leave/:link',                 token: true, handler: leave },
  { method: 'POST', url: '/subscribe/preferences/:link/network', token: true, handler: changeNetwork },
] as const;

/** The network's routes, registered by the subscriptions room's with its context. */
export function networkRoutes(app: FastifyInstance, ctx: Context): void {
  for (const route of ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      ...('token' in route ? { onSend: noReferrer } : {}),
      handler: (request, reply) => route.handler(ctx, request, reply),
    });
  }
}
