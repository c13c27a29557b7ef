import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, formToken, type Staff, sendAdminHtml } from '../accounts/index.js';
import { t } from '../platform/i18n/index.js';
import { readForm } from '../platform/views/forms.js';
import type { Site } from '../platform/views/site.js';
import * as endpoints from './endpoints.js';
import { activeForm, ENDPOINT_LISTS, endpointForm, resendForm } from './input.js';
import { hostOf } from './rules.js';
import { resolvesPublicly } from './send.js';
import { type EndpointNotice, endpointPage, type ListNotice, listPage } from './views.js';

export interface WebhooksContext extends endpoints.WebhooksDeps {
  site: Site;
}

export type Handler = (
  ctx: WebhooksContext,
  request: FastifyRequest,
  reply: FastifyReply,
) => Promise<unknown>;

const LIST = '/admin/webhooks';

const idParams = z.object({
  id: z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
});

function idOf(request: FastifyRequest): number | null {
  const parsed = idParams.safeParse(request.params);
  return parsed.success ? parsed.data.id : null;
}

const base = (ctx: WebhooksContext, request: FastifyRequest) => ({
  site: ctx.site,
  staff: request.staff,
  csrf: formToken(request),
});

const actor = (request: FastifyRequest) => actorOf(request.staff as Staff, request.ip);

const LIST_NOTICES: readonly ListNotice[] = ['added', 'changed', 'deleted', 'tested', 'test-refused'];
const ENDPOINT_NOTICES: readonly EndpointNotice[] = ['resent', 'changed', 'tested'];

export const showList: Handler = async (ctx, request, reply) => {
  const done = (request.query as Record<string, unknown>).done;
  const notice = LIST_NOTICES.find((n) => n === done) ?? null;
  return sendAdminHtml(
    reply,
    listPage(base(ctx, request), {
      endpoints: await endpoints.listEndpoints(ctx.db),
      notice,
      fields: {},
      errors: {},
    }),
  );
};

/** Adds an endpoint; a wrong field comes back at its field with everything typed kept (400). */
export const addEndpoint: Handler = async (ctx, request, reply) => {
  const form = readForm(endpointForm, request.body, { lists: ENDPOINT_LISTS });
  let errors = form.errors;
  if (form.data) {
    // The host's addresses now, so a private one is said at once (each try checks them again).
    const resolved = await resolvesPublicly(hostOf(new URL(form.data.url)));
    if (resolved === 'ok') {
      await endpoints.addEndpoint(ctx, actor(request), {
        url: form.data.url,
        description: form.data.description,
        events: form.data.events,
        includeEmails: form.data.include_emails === '1',
      });
      return reply.redirect(`${LIST}?done=added`, 303);
    }
    errors = { url: t(resolved === 'private' ? 'webhooks.error.private' : 'webhooks.error.unresolved') };
  }
  return sendAdminHtml(
    reply,
    listPage(base(ctx, request), {
      endpoints: await endpoints.listEndpoints(ctx.db),
      notice: null,
      fields: form.fields,
      errors,
    }),
    400,
  );
};

export const showEndpoint: Handler = async (ctx, request, reply) => {
  const id = idOf(request);
  const endpoint = id === null ? undefined : await endpoints.findEndpoint(ctx.db, id);
  if (!endpoint) return reply.callNotFound();
  const done = (request.query as Record<string, unknown>).done;
  return sendAdminHtml(
    reply,
    endpointPage(base(ctx, request), {
      endpoint,
      deliveries: await endpoints.deliveriesOf(ctx.db, endpoint.id),
      notice: ENDPOINT_NOTICES.find((n) => n === done) ?? null,
    }),
  );
};

/** Where a button leads back to: the endpoint's page when pressed there, else the list. */
function backTo(request: FastifyRequest, id: number, done: string): string {
  const body = request.body as Record<string, unknown> | undefined;
  return body?.from === 'endpoint' ? `${LIST}/${id}?done=${done}` : `${LIST}?done=${done}`;
}

export const setActive: Handler = async (ctx, request, reply) => {
  const id = idOf(request);
  const form = activeForm.safeParse(request.body ?? {});
  if (id === null) return reply.callNotFound();
  if (!form.success) return reply.redirect(LIST, 303);
  if (!(await endpoints.setActive(ctx, actor(request), id, form.data.active === '1')))
    return reply.callNotFound();
  return reply.redirect(backTo(request, id, 'changed'), 303);
};

export const deleteEndpoint: Handler = async (ctx, request, reply) => {
  const id = idOf(request);
  if (id === null || !(await endpoints.deleteEndpoint(ctx, actor(request), id))) return reply.callNotFound();
  return reply.redirect(`${LIST}?done=deleted`, 303);
};

export const sendTest: Handler = async (ctx, request, reply) => {
  const id = idOf(request);
  if (id === null) return reply.callNotFound();
  const sent = await endpoints.sendTest(ctx, actor(request), id);
  if (!sent && !(await endpoints.findEndpoint(ctx.db, id))) return reply.callNotFound();
  return reply.redirect(sent ? backTo(request, id, 'tested') : `${LIST}?done=test-refused`, 303);
};

export const resend: Handler = async (ctx, request, reply) => {
  const id = idOf(request);
  if (id === null) return reply.callNotFound();
  const form = resendForm.safeParse(request.body ?? {});
  if (form.success) await endpoints.resend(ctx, actor(request), id, form.data.delivery);
  return reply.redirect(`${LIST}/${id}${form.success ? '?done=resent' : ''}`, 303);
};
