import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type ComponentChildren, h } from 'preact';
import { z } from 'zod';
import { submissionOrigin } from '../accounts/index.js';
import { uniqueViolation } from '../platform/db/errors.js';
import { type ActionChannel, writersAtOnce } from '../platform/db/index.js';
import { checkProof, clientHash, type ProofKeys } from '../platform/http/proof-of-work.js';
import { noReferrer } from '../platform/http/security.js';
import { type LinkKeys, personLinkId } from '../platform/http/signed-link.js';
import { currentLanguage, inReadersLanguage, t } from '../platform/i18n/index.js';
import { type FieldErrors, readForm, type SubmittedFields } from '../platform/views/forms.js';
import type { Site } from '../platform/views/site.js';
import { whoOf } from './channels.js';
import { idParams } from './input.js';
import { type Newsroom, shownIn } from './newsroom.js';
import { takeClientAction } from './taking/client-limits.js';
import type { TakingDeps } from './taking/deps.js';
import { GroupCommit } from './taking/group-commit.js';
import {
  type ActionForIntake,
  emailed,
  emailOffered,
  type IntakeAnswer,
  type IntakeRequest,
  takeActions,
  wordingOnRecord,
} from './taking/intake.js';
import {
  doneFormSchema,
  emailFormSchema,
  HONEYPOT,
  keepInformedWording,
  normaliseEmail,
  sampleLetter,
  type Wording,
} from './taking/rules.js';
import { checkLink, confirmSupporter, freshLink, pendingActionsOf } from './taking/supporters.js';
import {
  browserTrusted,
  TRUST_COOKIE,
  trustCookieOptions,
  trustCookieValue,
} from './taking/trusted-browser.js';
import { thanksPath } from './thanks-route.js';
import type { UaView } from './view.js';
import {
  badLinkPage,
  CountMeForm,
  closedPage,
  confirmedPage,
  confirmPage,
  EmailForm,
  foreignPage,
  formPage,
  freshSentPage,
  type ProofOfWorkAssets,
  ProofOfWorkFiles,
  unknownPage,
} from './views/take-action.js';

/*
 * The public side of taking action: the forms' POSTs, the confirmation link and a fresh one. All
 * under /actions/…, never cached (the urgent action's page, which holds the forms, is).
 */

export interface TakingRouteDeps extends TakingDeps {
  site: Site;
  newsroom: Pick<Newsroom, 'articles' | 'articleIn'>;
  /** The public forms' proof of work: the keys shared with the sign-up form, and the widget's files. */
  proofKeys: ProofKeys;
  proofOfWorkAssets: ProofOfWorkAssets;
  /** The keys of signed person links: the trust cookie of a browser a supporter confirmed from. */
  linkKeys: LinkKeys;
}

interface Context extends TakingRouteDeps {
  publicOrigin: string;
  /** Every public form's gate and record, written in groups (taking/group-commit.ts). */
  intake: GroupCommit<IntakeRequest, IntakeAnswer>;
}

type Handler = (ctx: Context, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

function sendPage(reply: FastifyReply, html: string, status = 200) {
  // Answers to one person's form, and pages holding a token: nothing for a cache.
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(html);
}

const tokenParams = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
const LINK_STATUS = { unknown: 404, expired: 410, used: 410 } as const;

const LABELS = {
  name: t('take.name'),
  email: t('take.email'),
  city: t('take.city'),
  country: t('take.country'),
  subject: t('take.subject'),
  body: t('take.body'),
};

// Built once: a zod schema costs more to make than to run, and these are read on every action.
const EMAIL_FORM = emailFormSchema();
const DONE_FORM = doneFormSchema();
/** The most forms written in one transaction: a group's statements stay well within both databases' limits. */
const INTAKE_GROUP = 200;

/**
 * What a public form's request says before the database is asked: sent from this site, for a
 * possible urgent action, and its proof of work checked (not spent: the group commit spends it).
 */
type Gate =
  | { ok: false; answer: unknown }
  | {
      ok: true;
      articleId: number;
      client: string;
      kind: 'solved' | 'unsolved';
      proof: { id: string; expiresAt: Date } | null;
      proofInvalid: boolean;
    };

function gate(ctx: Context, request: FastifyRequest, reply: FastifyReply): Gate {
  if (submissionOrigin(request.headers, ctx.publicOrigin) === 'foreign')
    return { ok: false, answer: sendPage(reply, foreignPage(ctx.site), 403) };
  const params = idParams.safeParse(request.params);
  if (!params.success) return { ok: false, answer: sendPage(reply, unknownPage(ctx.site), 404) };
  const body = (request.body ?? {}) as Record<string, unknown>;
  const proof = checkProof(ctx.proofKeys, body.altcha, ctx.now());
  return {
    ok: true,
    articleId: params.data.id,
    client: clientHash(ctx.proofKeys, request.ip),
    // Without a valid proof (no JavaScript, an old browser, or a bad one), the tight limit.
    kind: proof.kind === 'valid' ? 'solved' : 'unsolved',
    proof: proof.kind === 'valid' ? { id: proof.id, expiresAt: proof.expiresAt } : null,
    proofInvalid: proof.kind === 'invalid',
  };
}

/**
 * The answers every form shares once the group commit has written it, in their order: an unknown
 * or unpublished urgent action, one not open (nothing counted), the client's limit reached.
 */
function refusal(
  ctx: Context,
  reply: FastifyReply,
  gated: Extract<Gate, { ok: true }>,
  answer: IntakeAnswer,
  again: (action: ActionForIntake, alert: string) => Promise<unknown>,
): unknown {
  const { action } = answer;
  if (!action) return sendPage(reply, unknownPage(ctx.site), 404);
  if (!action.open) return closed(ctx, reply, action);
  if (answer.limited)
    return again(action, t(gated.kind === 'solved' ? 'take.throttled' : 'take.throttledNoProof'));
  return null;
}

/**
 * The supporter whose trust cookie this browser carries for the address typed, or null: an HMAC,
 * no database, so it is read before the form joins its group. A cookie of another supporter, one
 * for another address, forged or expired holds nothing.
 */
function trustedBy(ctx: Context, request: FastifyRequest, email: string): number | null {
  const cookie = request.cookies[TRUST_COOKIE] ?? null;
  const id = cookie ? personLinkId(cookie) : null;
  return id !== null && browserTrusted(ctx.linkKeys, cookie, { id, email }, ctx.now()) ? id : null;
}

/** The urgent action as the reader's language shows it (refusals only: a thanks is a 303). */
const shownAction = (ctx: Context, action: ActionForIntake) =>
  shownIn(
    ctx.newsroom,
    { id: action.articleId, title: action.title, path: action.path },
    currentLanguage(),
    ctx.now(),
  );

/**
 * A form sent back (refused, or over the client's limit) with what was typed, on a page that names
 * the urgent action as the reader's language does; `form` is given that page's address.
 */
async function sendFormAgain(
  ctx: Context,
  reply: FastifyReply,
  action: ActionForIntake,
  status: number,
  alert: string | undefined,
  form: (sourcePage: string) => ComponentChildren,
) {
  const shown = await shownAction(ctx, action);
  return sendPage(
    reply,
    formPage(
      ctx.site,
      { title: shown.title, path: shown.path, alert, assets: ctx.proofOfWorkAssets },
      form(shown.path),
    ),
    status,
  );
}

/** An urgent action that takes no actions now (or not by email): nothing was recorded. */
async function closed(ctx: Context, reply: FastifyReply, action: ActionForIntake) {
  return sendPage(reply, closedPage(ctx.site, (await shownAction(ctx, action)).path), 409);
}

/**
 * A recorded form's answer: on to the thanks page (post/redirect/get), so that a reload or the
 * back button sends nothing again, and acting costs this small answer, not a page.
 */
function thank(reply: FastifyReply, action: ActionForIntake) {
  return reply
    .header('cache-control', 'no-store')
    .redirect(inReadersLanguage(thanksPath(action.articleId)), 303);
}

/** A robot filled the field people never see: thanked like anyone, and nothing is recorded. */
function filledHoneypot(body: unknown): boolean {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[HONEYPOT] : undefined;
  return typeof value === 'string' ? value !== '' : value !== undefined;
}

/** The wording a ticked box was given with: the current one, or one on record; else a refusal. */
async function hearBackOf(
  ctx: Context,
  keep: boolean,
  hash: string | null,
): Promise<{ ok: true; wording: Wording | null } | { ok: false }> {
  if (!keep) return { ok: true, wording: null };
  const current = keepInformedWording(ctx.site.name);
  if (hash === current.hash) return { ok: true, wording: current };
  const earlier = hash ? await wordingOnRecord(ctx.db, hash) : null;
  return earlier ? { ok: true, wording: earlier } : { ok: false };
}

function emailFormNode(
  ctx: Context,
  action: ActionForIntake,
  sourcePage: string,
  state: { fields?: SubmittedFields; errors?: FieldErrors },
): ComponentChildren {
  const { letter, translation } = action.offeredIn(currentLanguage());
  return h(EmailForm, {
    articleId: action.articleId,
    letter,
    translation,
    officials: emailed(action).map((o) => ({ name: o.name, language: o.language })),
    siteName: ctx.site.name,
    wording: keepInformedWording(ctx.site.name),
    sourcePage,
    heading: 'h2',
    ...state,
  });
}

const takeEmail: Handler = async (ctx, request, reply) => {
  const gated = gate(ctx, request, reply);
  if (!gated.ok) return gated.answer;
  const read = readForm(EMAIL_FORM, request.body, { labels: LABELS });
  const honeypot = filledHoneypot(request.body);
  const form = gated.proofInvalid || honeypot ? undefined : read.data;
  const hearBack = form ? await hearBackOf(ctx, form.keep_informed, form.wording) : undefined;
  const answer = await ctx.intake.submit({
    articleId: gated.articleId,
    channel: 'email',
    client: gated.client,
    kind: gated.kind,
    proof: gated.proof,
    record:
      form && hearBack?.ok
        ? {
            channel: 'email',
            detail: '',
            person: { email: form.email, name: form.name, city: form.city, country: form.country },
            hearBack: hearBack.wording ? { wording: hearBack.wording } : null,
            sourcePage: form.source_page,
            letter: { subject: form.subject, body: form.body, readerLanguage: currentLanguage() },
            trustedBy: trustedBy(ctx, request, form.email),
          }
        : null,
  });
  const again = (action: ActionForIntake, errors: FieldErrors, status: number, alert?: string) =>
    sendFormAgain(ctx, reply, action, status, alert, (sourcePage) =>
      emailFormNode(ctx, action, sourcePage, { fields: read.fields, errors }),
    );
  const refused = refusal(ctx, reply, gated, answer, (action, alert) => again(action, {}, 429, alert));
  if (refused !== null) return refused;
  const action = answer.action!;
  if (!emailOffered(action)) return closed(ctx, reply, action);
  if (gated.proofInvalid || answer.spent)
    return again(action, { ...read.errors, altcha: t('proof.invalid') }, 400);
  // A robot filled the field people never see: thanked like anyone, and nothing was recorded.
  if (honeypot) return thank(reply, action);
  if (!read.data) return again(action, read.errors, 400);
  if (!hearBack?.ok) return again(action, { wording: t('take.error.wording') }, 400);
  return thank(reply, action);
};

const takeDone: Handler = async (ctx, request, reply) => {
  const gated = gate(ctx, request, reply);
  if (!gated.ok) return gated.answer;
  const read = readForm(DONE_FORM, request.body, { labels: LABELS });
  const channel = (['letter', 'post', 'call'] as const).find((c) => c === read.fields.channel) ?? 'letter';
  const honeypot = filledHoneypot(request.body);
  const form = gated.proofInvalid || honeypot ? undefined : read.data;
  const hearBack = form ? await hearBackOf(ctx, form.keep_informed, form.wording) : undefined;
  const answer = await ctx.intake.submit({
    articleId: gated.articleId,
    channel,
    client: gated.client,
    kind: gated.kind,
    proof: gated.proof,
    record:
      form && hearBack?.ok
        ? {
            channel: form.channel satisfies ActionChannel,
            detail: form.detail,
            person: { email: form.email, name: form.name, city: '', country: '' },
            hearBack: hearBack.wording ? { wording: hearBack.wording } : null,
            sourcePage: form.source_page,
            trustedBy: trustedBy(ctx, request, form.email),
          }
        : null,
  });
  const again = (action: ActionForIntake, errors: FieldErrors, status: number, alert?: string) =>
    sendFormAgain(ctx, reply, action, status, alert, (sourcePage) =>
      h(CountMeForm, {
        articleId: action.articleId,
        channel,
        wording: keepInformedWording(ctx.site.name),
        sourcePage,
        fields: read.fields,
        errors,
      }),
    );
  const refused = refusal(ctx, reply, gated, answer, (action, alert) => again(action, {}, 429, alert));
  if (refused !== null) return refused;
  const action = answer.action!;
  if (gated.proofInvalid || answer.spent)
    return again(action, { ...read.errors, altcha: t('proof.invalid') }, 400);
  if (honeypot) return thank(reply, action);
  if (!read.data) return again(action, read.errors, 400);
  if (!hearBack?.ok) return again(action, { wording: t('take.error.wording') }, 400);
  return thank(reply, action);
};

function tokenOf(request: FastifyRequest): string | null {
  const parsed = tokenParams.safeParse(request.params);
  return parsed.success ? parsed.data.token : null;
}

/** The link opens a page with a button: mail scanners open links, and only a person presses it. */
const showConfirm: Handler = async (ctx, request, reply) => {
  const token = tokenOf(request);
  const checked = token ? await checkLink(ctx, token) : ({ ok: false, reason: 'unknown' } as const);
  if (!checked.ok) return sendPage(reply, badLinkPage(ctx.site, checked.reason), LINK_STATUS[checked.reason]);
  const pending = await pendingActionsOf(ctx.db, checked.supporterId);
  const articles = new Map(
    (await ctx.newsroom.articles([...new Set(pending.map((p) => p.articleId))])).map((a) => [a.id, a]),
  );
  const listed = pending.map((p) => ({
    id: p.id,
    title: articles.get(p.articleId)?.title ?? '',
    channel: p.channel,
    createdAt: p.createdAt,
    letter: p.letter,
  }));
  return sendPage(reply, confirmPage(ctx.site, checked.email, token as string, listed));
};

const actionIds = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : [v].flat()))
  .pipe(
    z
      .array(
        z
          .string()
          .regex(/^\d{1,15}$/)
          .transform(Number),
      )
      .max(200),
  );

/** The page's choice: the actions it listed and those left ticked. No list: the page listed none. */
const confirmForm = z.object({ listed: actionIds, action: actionIds });

const confirm: Handler = async (ctx, request, reply) => {
  if (submissionOrigin(request.headers, ctx.publicOrigin) === 'foreign')
    return sendPage(reply, foreignPage(ctx.site), 403);
  const token = tokenOf(request);
  const form = confirmForm.safeParse(request.body ?? {});
  if (!form.success)
    return sendPage(reply, badLinkPage(ctx.site, 'unknown', t('take.confirm.badChoice')), 400);
  const choice =
    form.data.listed.length > 0 ? { listed: form.data.listed, chosen: form.data.action } : undefined;
  const outcome = token
    ? await confirmSupporter(ctx, token, choice)
    : ({ ok: false, reason: 'unknown' } as const);
  if (!outcome.ok) return sendPage(reply, badLinkPage(ctx.site, outcome.reason), LINK_STATUS[outcome.reason]);
  // The button was pressed in this browser: its owner's next actions from it count at once.
  reply.setCookie(
    TRUST_COOKIE,
    trustCookieValue(ctx.linkKeys, { id: outcome.supporterId, email: outcome.email }, ctx.now()),
    trustCookieOptions(ctx.site.publicUrl.startsWith('https:')),
  );
  return sendPage(reply, confirmedPage(ctx.site, outcome.email, outcome.deleted));
};

const freshLinkSchema = z.object({ email: EMAIL_FORM.shape.email });

/** A fresh confirmation link for an address with something to confirm; the same answer for any address. */
const sendFreshLink: Handler = async (ctx, request, reply) => {
  if (submissionOrigin(request.headers, ctx.publicOrigin) === 'foreign')
    return sendPage(reply, foreignPage(ctx.site), 403);
  const read = readForm(freshLinkSchema, request.body, { labels: LABELS });
  if (!read.data) return sendPage(reply, badLinkPage(ctx.site, 'unknown', read.errors.email), 400);
  // Counted like an action without a proof: a form that mails someone must not be a cannon.
  if (!(await takeClientAction(ctx.db, clientHash(ctx.proofKeys, request.ip), 'unsolved', ctx.now())))
    return sendPage(reply, badLinkPage(ctx.site, 'unknown', t('take.throttled')), 429);
  await freshLink(ctx, normaliseEmail(read.data.email));
  return sendPage(reply, freshSentPage(ctx.site, read.data.email));
};

interface Route {
  method: 'GET' | 'POST';
  url: string;
  /** Opened from a mailed link: the address holds the token, which no Referer may carry on. */
  token?: true;
  handler: Handler;
}

// biome-ignore format: one route a line, in columns, so the whole surface reads at a glance
const ROUTES: readonly Route[] = [
  { method: 'POST', url: '/actions/:id/email',      handler: takeEmail },
  { method: 'POST', url: '/actions/:id/done',       handler: takeDone },
  { method: 'GET',  url: '/actions/confirm/:token', token: true, handler: showConfirm },
  { method: 'POST', url: '/actions/confirm/:token', token: true, handler: confirm },
  { method: 'POST', url: '/actions/link',           handler: sendFreshLink },
];

/** The public routes of taking action, wired in app.ts. */
export function actionsPublicRoutes(app: FastifyInstance, deps: TakingRouteDeps): void {
  const ctx: Context = {
    ...deps,
    publicOrigin: new URL(deps.site.publicUrl).origin,
    intake: new GroupCommit((requests) => takeActions(deps, requests), {
      maxGroup: INTAKE_GROUP,
      concurrency: writersAtOnce(deps.db),
      // Two first actions of a new address from two processes at once: the second try finds the first's rows.
      retryAlone: (err) => uniqueViolation(err) !== null,
    }),
  };
  for (const route of ROUTES) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.token ? { onSend: noReferrer } : {}),
      handler: (request, reply) => route.handler(ctx, request, reply),
    });
  }
}

/**
 * What the urgent action's page offers to act with, at the end of its section: the widget's
 * files and the email channel (when a target has an email address). Static: the page is cached.
 */
export async function takeActionNode(
  deps: Pick<TakingRouteDeps, 'site' | 'proofOfWorkAssets'>,
  view: UaView,
): Promise<ComponentChildren> {
  if (!view.status.open) return null;
  const path = view.series.find((s) => s.current)?.path ?? '';
  const officials = [...view.targets, ...view.copies].filter((o) => o.email);
  const main = view.targets.find((o) => o.email);
  if (!main) return h(ProofOfWorkFiles, { assets: deps.proofOfWorkAssets });
  const { letter, translation } = sampleLetter(view.letters, main.language, currentLanguage(), {
    reference: view.reference,
    title: view.series.find((s) => s.current)?.title ?? '',
    asks: view.asks,
  });
  return h('div', { class: 'ua__take-action' }, [
    h(ProofOfWorkFiles, { assets: deps.proofOfWorkAssets }),
    h(EmailForm, {
      articleId: view.articleId,
      letter,
      translation,
      officials: officials.map((o) => ({ name: whoOf(o), language: o.language })),
      siteName: deps.site.name,
      wording: keepInformedWording(deps.site.name),
      sourcePage: path,
    }),
  ]);
}
