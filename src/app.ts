import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { accountsRoutes, adminGuard } from './accounts/index.js';
import {
  actionChannelRoutes,
  actionItemExtras,
  actionSection,
  actionsAdminRoutes,
  actionsJobs,
  actionsPublicRoutes,
  bounceRoutes,
  countsChanged,
  countsJobs,
  countsRoutes,
  type ImpactSources,
  type LedgerAttachment,
  type LedgerEvents,
  type LedgerMedia,
  ledgerAdminRoutes,
  ledgerImpactSources,
  ledgerSubjectSection,
  type Newsroom,
  numberOnPublish,
  scheduleTakingJobs,
  supporterRightsRoutes,
  supportersPersonalData,
  type TakenAction,
  takingJobs,
  thanksRoutes,
} from './actions/index.js';
import type { Config } from './config.js';
import {
  AVIF_JOB,
  documentView,
  findMedia,
  imageView,
  makeAvifVariants,
  mediaAdminRoutes,
  mediaKey,
  mediaRoutes,
  uploadMedia,
} from './media/index.js';
import {
  articleRefIn,
  articleRefs,
  caseRefs,
  draftGoodNews,
  followTargets,
  isPublished,
  keptNamesCache,
  listedItemsCache,
  newsroomAdminRoutes,
  newsroomJobs,
  newsroomRoutes,
  type PublishedItem,
  pageRules,
  seoRoutes,
  setReference,
  taxonomyAdminRoutes,
} from './newsroom/index.js';
import { CDN_PURGE_JOB, cdnPurgeJobHandler, cdnPurger, enableCdnPurge } from './platform/cache/cdn-purge.js';
import { PageCache } from './platform/cache/page-cache.js';
import { PurgeListener } from './platform/cache/purge-bus.js';
import type { Database, Db } from './platform/db/index.js';
import { loadAssets } from './platform/http/assets.js';
import { errorHandling } from './platform/http/errors.js';
import { languageHandling } from './platform/http/language.js';
import { limitWaitingAnswers, type WaitingAnswersCounts } from './platform/http/queued-answers.js';
import { securityHeaders } from './platform/http/security.js';
import { rewriteToRoute } from './platform/i18n/index.js';
import { Worker } from './platform/jobs/index.js';
import { MAIL_JOB, mailJobHandler, outboxMailer, smtpMailer } from './platform/mail/index.js';
import type { Site } from './platform/views/site.js';
import { searchRoutes } from './search/index.js';
import {
  alertOnPublish,
  type ConfirmedSubscriber,
  confirmMembership,
  deliveryJobs,
  type Followables,
  isHard,
  loadSubscriberKeys,
  networkForAction,
  networkOverall,
  scheduleDigest,
  scheduleEvents,
  scheduleExpiry,
  subscriptionJobs,
  subscriptionsPersonalData,
  subscriptionsRoutes,
  suppress,
  suppressionOf,
} from './subscriptions/index.js';
import {
  emitEvent,
  emitEvents,
  webhookJobs,
  webhooksPersonalData,
  webhooksRoutes,
} from './webhooks/index.js';

/**
 * A supporter's address that bounced for good (the actions room's bounce reports) goes on the
 * subscriptions room's suppression list: neither room imports the other. Used by `buildApp` and
 * by `candle mail bounces`.
 */
export function suppressBounced(salt: string) {
  return async (trx: Kysely<Database>, email: string, note: string, at: Date): Promise<void> => {
    await suppress(trx, salt, { email, reason: 'bounce', source: 'webhook', note, at }, at);
  };
}

/**
 * Whether the actions room may mail an address: not when the suppression list holds it for a
 * hard reason (a bounce, a complaint, staff), which stops every mail, a confirmation included.
 */
export function mayMail(salt: string) {
  return async (trx: Kysely<Database>, email: string): Promise<boolean> => {
    const listed = await suppressionOf(trx, salt, email);
    return !listed || !isHard(listed.reason);
  };
}

const avifPayload = z.object({ mediaId: z.number().int(), storageKey: z.string().min(1) });

export interface App {
  app: FastifyInstance;
  cache: PageCache;
  site: Site;
  /** Runs the durable jobs (mail, scheduled publishing); `serve` starts it unless WORKER=off. */
  worker: Worker;
  /** Applies purges recorded by other instances and processes; `serve` starts it. */
  purges: PurgeListener;
  /** What the guard against clients that do not read their answers has done. */
  connections: WaitingAnswersCounts;
  /** Every route with the permission it declares: the access test walks this table. */
  routes: Array<{ method: string; url: string; permission: string | undefined }>;
  /** Queues the recurring jobs (the sweep of unconfirmed subscriptions, the digests); call where the worker starts. */
  scheduleRecurringJobs: () => Promise<void>;
}

export interface BuildOptions {
  /** The clock every service reads; tests move it to make a scheduled time arrive. */
  now?: () => Date;
  /** How long one webhook try may take (10 s); tests shorten it. */
  webhookTimeoutMs?: number;
}

function requestLogging(config: Config): boolean {
  return config.logLevel === 'debug' || config.logLevel === 'trace';
}

/** The composition root: every service gets its dependencies here and nowhere else. */
export async function buildApp(config: Config, db: Db, options: BuildOptions = {}): Promise<App> {
  const now = options.now ?? (() => new Date());
  const cache = new PageCache(config.pageCacheEntries, { maxAgeMs: config.pageCacheMaxAge * 1000, now });
  const https = config.publicUrl.startsWith('https:');
  const app = Fastify({
    logger: config.logLevel === 'silent' ? false : { level: config.logLevel },
    // Only behind a proxy that sets X-Forwarded-For may its value be believed (rate limits use it).
    trustProxy: config.trustProxy,
    routerOptions: { maxParamLength: 300 },
    bodyLimit: 1024 * 1024,
    return503OnClosing: true,
    // A line per request costs as much as serving a cached page; LOG_LEVEL=debug brings them back.
    logController: new LogController({ disableRequestLogging: !requestLogging(config) }),
    // A French address is routed as its English form; the language hook reads the address as typed.
    rewriteUrl: (request) => rewriteToRoute(request.url ?? '/'),
  });
  const connections = limitWaitingAnswers(app.server, (socket) =>
    app.log.warn(
      { remote: socket.remoteAddress },
      'closed a connection whose client does not read its answers',
    ),
  );
  const assets = loadAssets();
  const site: Site = {
    name: config.siteName,
    publicUrl: config.publicUrl,
    assets: {
      css: assets.css,
      js: assets.js,
      icon: assets.icon,
      shareImage: assets.shareImage,
      feedStylesheet: assets.feedStylesheet,
    },
  };
  const routes: App['routes'] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, permission: route.config?.permission });
    }
  });

  await app.register(formbody, { bodyLimit: 1024 * 1024 });
  await app.register(cookie);
  languageHandling(app, { https });
  await app.register(multipart, { limits: { fileSize: 25 * 1024 * 1024, files: 1, fields: 20 } });
  securityHeaders(app, { https });
  errorHandling(app, site);
  assets.routes(app);
  mediaRoutes(app, config.dataDir, db);

  const subscriberKeys = await loadSubscriberKeys(db, config, now());
  // Bounce tokens are signed with the person links' keys (their own context: `bounce.ts`).
  const bounces = config.bounceAddress
    ? { address: config.bounceAddress, keys: subscriberKeys.linkKeys }
    : undefined;
  const mailer = config.smtpUrl
    ? smtpMailer(config.smtpUrl, config.mailFrom, { dkim: config.dkim, bounces })
    : outboxMailer(db, now);
  app.addHook('onClose', () => mailer.close());
  // What the actions room knows of articles and cases comes from the newsroom here: neither imports the other.
  const newsroom: Newsroom = {
    articles: (ids) => articleRefs(db, { ids }),
    articleIn: (articleId, language) => articleRefIn(db, articleId, language),
    urgentActions: () => articleRefs(db, { type: 'urgent-action' }),
    cases: (ids) => caseRefs(db, ids),
    setReference,
    urgentActionsOfCountry: (countryId) => articleRefs(db, { type: 'urgent-action', countryId }),
    draftGoodNews: (staff, actor, draft) => draftGoodNews({ db, now, cache }, staff, actor, draft),
  };
  // The ledger's attachments go through the media library, and its entries tell the webhooks.
  const ledgerMedia: LedgerMedia = {
    upload: (input, actor) => uploadMedia({ db, dataDir: config.dataDir, now, cache }, input, actor),
    describe: async (ids) => {
      const found = new Map<number, LedgerAttachment>();
      for (const id of new Set(ids)) {
        const row = await findMedia(db, id);
        const href = row && (row.kind === 'image' ? imageView(row).src : documentView(row).href);
        if (row && href)
          found.set(id, { id, kind: row.kind, name: row.original_name, href, contentKey: mediaKey(id) });
      }
      return found;
    },
  };
  const ledgerEvents: LedgerEvents = {
    replyRecorded: async (trx, data, at) => void (await emitEvent(trx, 'reply.recorded', data, at)),
    outcomeRecorded: async (trx, data, at) => void (await emitEvent(trx, 'outcome.recorded', data, at)),
  };
  // The impact pages' slots: the ledger's replies and outcomes, the network's size and sends.
  const impactSources: ImpactSources = {
    ...ledgerImpactSources({ db, now, cache, newsroom }),
    network: {
      forAction: (articleId) => networkForAction(db, articleId),
      overall: (at) => networkOverall(db, at),
    },
  };
  // The urgent action's page carries the forms to act with, and their proof-of-work widget.
  const actions = {
    db,
    now,
    cache,
    newsroom,
    site,
    proofOfWorkAssets: assets.proofOfWork,
    ledgerMedia,
    ledgerEvents,
    impactSources,
  };
  const deps = {
    db,
    site,
    cache,
    // Listed items with their HTML, and each language's names of places, purged with the pages.
    listedItems: listedItemsCache(cache, config.itemCacheEntries),
    names: keptNamesCache(cache),
    now,
    publicUrl: config.publicUrl,
    siteName: config.siteName,
    dataDir: config.dataDir,
    log: app.log,
    // Publishing tells the subscriptions and actions rooms in its own transaction; the newsroom
    // imports neither. An urgent action's number, given here, becomes the article's reference.
    onPublished: async (trx: Parameters<typeof alertOnPublish>[0], item: PublishedItem, at: Date) => {
      await alertOnPublish(trx, item, at);
      await numberOnPublish(actions, trx, item, at);
    },
    // The urgent action's details on its article's page, and its counts in listings' items.
    articleSection: actionSection({ ...actions, countsScript: assets.actionCounts }),
    itemExtras: actionItemExtras(actions),
    // The replies, outcomes and impact of the urgent actions about a case or a country, on its page.
    subjectSection: ledgerSubjectSection(actions),
  };
  adminGuard(app, deps);
  accountsRoutes(app, deps);
  newsroomAdminRoutes(app, deps);
  taxonomyAdminRoutes(app, deps);
  mediaAdminRoutes(app, { ...deps, pageRules });
  actionsAdminRoutes(app, actions);
  ledgerAdminRoutes(app, actions);
  countsRoutes(app, actions);
  thanksRoutes(app, { ...actions, site });
  actionChannelRoutes(app, actions);
  newsroomRoutes(app, deps);
  seoRoutes(app, deps);
  searchRoutes(app, deps);
  // What supporters can follow comes from the newsroom here: the subscriptions room never imports it.
  const followables: Followables = { list: () => followTargets(db) };
  const subscriptions = {
    db,
    now,
    siteName: config.siteName,
    publicUrl: config.publicUrl,
    recordIp: config.consentRecordIp,
    salt: subscriberKeys.salt,
    // A confirmation tells the webhooks in its own transaction; the subscriptions room imports none.
    onConfirmed: async (trx: Parameters<typeof emitEvent>[0], c: ConfirmedSubscriber, at: Date) => {
      await emitEvent(trx, 'subscriber.confirmed', c, at);
      await confirmMembership(trx, c.subscriberId, at);
    },
  };
  // A person's data is everything held under their address in any room: each room's download and
  // erasure reaches the others' through these holders, and no room reads another's tables.
  const subscriptionsData = subscriptionsPersonalData(subscriberKeys, followables);
  const supportersData = supportersPersonalData({ newsroom });
  // The webhooks' log may hold an address sent to an endpoint that asked for them.
  const webhooksData = webhooksPersonalData();
  subscriptionsRoutes(app, {
    ...subscriptions,
    otherPersonalData: [supportersData, webhooksData],
    ...subscriberKeys,
    site,
    followables,
    log: app.log,
    webhookSecret: config.suppressionWebhookSecret,
    proofOfWorkAssets: assets.proofOfWork,
    proofSteps: config.proofOfWorkSteps,
  });
  // Taking action: the forms' answers and the confirmation link (the proof of work's keys are the sign-up form's).
  const taking = {
    db,
    now,
    siteName: config.siteName,
    publicUrl: config.publicUrl,
    log: app.log,
    // An address on the suppression list for good (a bounce, a complaint) is sent no link.
    mayMail: mayMail(subscriberKeys.salt),
    // A counted action refreshes its urgent action's counts fragment (at most once a bucket).
    onCounted: async (ids: readonly number[]) => {
      for (const id of ids) await countsChanged(actions, id);
    },
    // Other tools hear of each counted action through the webhooks, in the counting transaction
    // (a group's actions together: the endpoints are read once for them).
    onTaken: async (trx: Parameters<typeof emitEvent>[0], taken: readonly TakenAction[], at: Date) => {
      await emitEvents(
        trx,
        'action.taken',
        taken.map((x) => ({
          urgentActionId: x.articleId,
          reference: x.reference,
          actionId: x.actionId,
          channel: x.channel,
          takenAt: at.toISOString(),
        })),
        at,
      );
    },
  };
  actionsPublicRoutes(app, {
    ...taking,
    site,
    newsroom,
    proofKeys: subscriberKeys.proofKeys,
    proofOfWorkAssets: assets.proofOfWork,
    linkKeys: subscriberKeys.linkKeys,
  });
  supporterRightsRoutes(app, {
    db,
    now,
    site,
    siteName: config.siteName,
    publicUrl: config.publicUrl,
    linkKeys: subscriberKeys.linkKeys,
    newsroom,
    otherPersonalData: [subscriptionsData, webhooksData],
    mayMail: mayMail(subscriberKeys.salt),
  });
  // Reports of letters and supporters' mails that bounced after the relay took them.
  // A supporter's address that bounced for good goes on the suppression list too (no alert, no network mail).
  bounceRoutes(app, {
    db,
    now,
    keys: subscriberKeys.linkKeys,
    secret: config.suppressionWebhookSecret,
    onHardBounce: suppressBounced(subscriberKeys.salt),
  });
  webhooksRoutes(app, { db, now, site });
  app.get('/healthz', async () => ({ ok: true }));

  if (config.cdnPurge) enableCdnPurge(db);
  const worker = new Worker({
    db,
    now,
    log: app.log,
    concurrency: config.workerConcurrency,
    handlers: {
      [MAIL_JOB]: mailJobHandler(mailer),
      [AVIF_JOB]: (payload) => makeAvifVariants(deps, avifPayload.parse(payload)),
      ...newsroomJobs(deps),
      [CDN_PURGE_JOB]: cdnPurgeJobHandler(config.cdnPurge && cdnPurger(config.cdnPurge)),
      ...subscriptionJobs(subscriptions),
      ...actionsJobs(actions),
      ...takingJobs({ ...taking, mailer }),
      ...countsJobs(actions),
      ...webhookJobs({ db, now, siteName: config.siteName, timeoutMs: options.webhookTimeoutMs }),
      ...deliveryJobs({
        ...subscriptions,
        mailer,
        items: { isPublic: (articleId, at) => isPublished(db, articleId, at) },
        perDomainPerMinute: config.mailRatePerDomain,
        log: app.log,
        subscriberLinks: subscriberKeys.subscriberLinks,
        linkKeys: subscriberKeys.linkKeys,
        schedule: config.digest,
      }),
    },
  });

  await app.ready();
  const scheduleRecurringJobs = async () => {
    await scheduleExpiry(subscriptions);
    await scheduleDigest({ ...subscriptions, schedule: config.digest });
    await scheduleTakingJobs(taking);
    await scheduleEvents(subscriptions);
  };
  const purges = new PurgeListener(db, cache, now, app);
  return { app, cache, site, worker, routes, connections, purges, scheduleRecurringJobs };
}
