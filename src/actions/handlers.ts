import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, formToken, type Staff, sendAdminHtml } from '../accounts/index.js';
import { t } from '../platform/i18n/index.js';
import { type FieldErrors, readForm } from '../platform/views/forms.js';
import type { Site } from '../platform/views/site.js';
import type { ImpactSources } from './impact-slots.js';
import { DETAILS_LISTS, detailsForm, eventForm, idParams, targetForm } from './input.js';
import { type Numbering, numbering, ordinal, stateOf } from './rules.js';
import * as service from './service.js';
import { actionView } from './view.js';
import * as views from './views/admin.js';

export interface ActionsContext extends service.ActionsDeps {
  site: Site;
  /** What other rooms show on the impact pages (replies, outcomes, the network), from app.ts. */
  impactSources?: ImpactSources;
}

export type Handler = (ctx: ActionsContext, request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

function idOf(request: FastifyRequest): number | null {
  const parsed = idParams.safeParse(request.params);
  return parsed.success ? parsed.data.id : null;
}

const page = (ctx: ActionsContext, request: FastifyRequest) => ({
  site: ctx.site,
  staff: request.staff,
  csrf: formToken(request),
});

const actor = (request: FastifyRequest) => actorOf(request.staff as Staff, request.ip);

const notFound = (reply: FastifyReply) => reply.callNotFound();

/** "UA 58/20", or "UA 58/20, 1st update", as the admin lists them. */
const referenceText = (n: Numbering) =>
  n.update > 0 ? `${n.reference}, ${t('ua.nthUpdate', { ordinal: ordinal(n.update) })}` : n.reference;

export const listActions: Handler = async (ctx, request, reply) => {
  const articles = await ctx.newsroom.urgentActions();
  const ids = articles.map((a) => a.id);
  const [rows, events] = await Promise.all([
    ids.length === 0
      ? Promise.resolve([])
      : ctx.db.selectFrom('urgent_actions').selectAll().where('article_id', 'in', ids).execute(),
    service.eventsOf(ctx.db, ids),
  ]);
  const rowOf = new Map(rows.map((r) => [r.article_id, r]));
  return sendAdminHtml(
    reply,
    views.actionsListPage(
      page(ctx, request),
      articles.map((article) => {
        const row = rowOf.get(article.id);
        const n = row ? numbering(row) : null;
        return {
          article,
          reference: n ? referenceText(n) : '',
          state: stateOf(events.filter((e) => e.article_id === article.id)),
        };
      }),
    ),
  );
};

/** What the details page needs besides the form's values. */
async function detailsProps(ctx: ActionsContext, articleId: number) {
  const [article] = await ctx.newsroom.articles([articleId]);
  if (!article) return null;
  const [view, all, cases, targets] = await Promise.all([
    actionView(ctx, articleId, false),
    ctx.db
      .selectFrom('urgent_actions')
      .select(['article_id', 'year', 'number', 'update_ordinal'])
      .where('number', 'is not', null)
      .where('article_id', '!=', articleId)
      .execute(),
    ctx.newsroom.cases(),
    service.listTargets(ctx.db),
  ]);
  const titles = new Map(
    (await ctx.newsroom.articles(all.map((a) => a.article_id))).map((a) => [a.id, a.title]),
  );
  const numbered = all.flatMap((a) => {
    const n = numbering(a);
    return n
      ? [
          {
            articleId: a.article_id,
            reference: referenceText(n),
            title: titles.get(a.article_id) ?? '',
          },
        ]
      : [];
  });
  return { article, view, numbered, cases, targets };
}

const NOTICES = { saved: 'saved', event: 'event' } as const;

export const showDetails: Handler = async (ctx, request, reply) => {
  const id = idOf(request);
  const props = id === null ? null : await detailsProps(ctx, id);
  if (!props) return notFound(reply);
  if (props.article.type !== 'urgent-action') {
    return sendAdminHtml(reply, views.notUrgentPage(page(ctx, request), props.article), 409);
  }
  const done = (request.query as Record<string, unknown>).done;
  return sendAdminHtml(
    reply,
    views.detailsPage({
      ...page(ctx, request),
      ...props,
      fields: views.fieldsOfView(props.view),
      errors: {},
      eventErrors: {},
      notice: typeof done === 'string' && done in NOTICES ? NOTICES[done as keyof typeof NOTICES] : null,
    }),
  );
};

/** The radio buttons `role_<id>` of the form as the two lists the schema reads. */
function withRoles(body: unknown): Record<string, unknown> {
  const raw = body !== null && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const targets: string[] = [];
  const copies: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const m = /^role_(\d{1,9})$/.exec(name);
    if (!m) continue;
    if (value === 'target') targets.push(m[1]!);
    else if (value === 'copy') copies.push(m[1]!);
  }
  return { ...raw, targets, copies };
}

export const saveDetails: Handler = async (ctx, request, reply) => {
  const id = idOf(request);
  const props = id === null ? null : await detailsProps(ctx, id);
  if (!props || id === null) return notFound(reply);
  if (props.article.type !== 'urgent-action') {
    return sendAdminHtml(reply, views.notUrgentPage(page(ctx, request), props.article), 409);
  }
  const form = readForm(detailsForm, withRoles(request.body), { lists: DETAILS_LISTS });
  let errors: FieldErrors = form.errors;
  if (form.data) {
    const outcome = await service.saveDetails(ctx, actor(request), id, form.data);
    if (outcome.ok) return reply.redirect(`/admin/actions/${id}?done=saved`, 303);
    if (outcome.reason !== 'invalid') return notFound(reply);
    errors = {
      [outcome.field]:
        outcome.field === 'follows_id' ? t('uaAdmin.error.follows') : t('uaAdmin.error.targets'),
    };
  }
  return sendAdminHtml(
    reply,
    views.detailsPage({
      ...page(ctx, request),
      ...props,
      fields: form.fields,
      errors,
      eventErrors: {},
      notice: null,
    }),
    400,
  );
};

export const recordEvent: Handler = async (ctx, request, reply) => {
  const id = idOf(request);
  if (id === null) return notFound(reply);
  const form = readForm(eventForm, request.body);
  let eventErrors: FieldErrors = form.errors;
  if (form.data) {
    const outcome = await service.recordEvent(ctx, actor(request), id, form.data.kind, form.data.note);
    if (outcome.ok) return reply.redirect(`/admin/actions/${id}?done=event`, 303);
    if (outcome.reason === 'not-found') return notFound(reply);
    eventErrors = { kind: t('uaAdmin.error.transition') };
  }
  const props = await detailsProps(ctx, id);
  if (!props) return notFound(reply);
  return sendAdminHtml(
    reply,
    views.detailsPage({
      ...page(ctx, request),
      ...props,
      fields: views.fieldsOfView(props.view),
      errors: {},
      eventErrors,
      notice: null,
    }),
    400,
  );
};

export const listTargets: Handler = async (ctx, request, reply) => {
  const rows = await service.listTargets(ctx.db);
  const saved = (request.query as Record<string, unknown>).saved === '1';
  return sendAdminHtml(reply, views.targetsListPage(page(ctx, request), rows, saved));
};

export const newTarget: Handler = async (ctx, request, reply) =>
  sendAdminHtml(reply, views.targetPage(page(ctx, request), { id: null, fields: {}, errors: {} }));

export const showTarget: Handler = async (ctx, request, reply) => {
  const id = idOf(request);
  const row = id === null ? undefined : await service.findTarget(ctx.db, id);
  if (!row) return notFound(reply);
  return sendAdminHtml(
    reply,
    views.targetPage(page(ctx, request), { id: row.id, fields: views.targetFields(row), errors: {} }),
  );
};

export const saveTarget: Handler = async (ctx, request, reply) => {
  const creating = request.routeOptions.url === '/admin/targets/new';
  const id = creating ? null : idOf(request);
  if (!creating && id === null) return notFound(reply);
  const form = readForm(targetForm, request.body);
  if (!form.data) {
    return sendAdminHtml(
      reply,
      views.targetPage(page(ctx, request), { id, fields: form.fields, errors: form.errors }),
      400,
    );
  }
  const outcome = await service.saveTarget(ctx, actor(request), id, form.data);
  if (!outcome.ok) return notFound(reply);
  return reply.redirect('/admin/targets?saved=1', 303);
};
