import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ROLES } from '../../platform/db/index.js';
import type { FieldErrors } from '../../platform/views/forms.js';
import { formToken, sendAdminHtml } from '../http.js';
import * as accounts from '../service.js';
import { type UsersPageProps, usersPage } from '../views/users.js';
import { type AccountsContext, type Handler, str } from './shared.js';

const newUserBody = z.object({
  name: str(200),
  email: str(320),
  role: z.enum(ROLES).catch('author'),
  password: str(1000),
});
const userParams = z.object({ id: z.string().regex(/^\d{1,9}$/) });

async function usersHtml(
  ctx: AccountsContext,
  request: FastifyRequest,
  form: Pick<UsersPageProps, 'errors' | 'values'> = {},
): Promise<string> {
  const users = await accounts.listUsers(ctx.db);
  return usersPage(ctx.site, { staff: request.staff, csrf: formToken(request), users, ...form });
}

export const showUsers: Handler = async (ctx, request, reply) =>
  sendAdminHtml(reply, await usersHtml(ctx, request));

export const createUser: Handler = async (ctx, request, reply) => {
  const body = newUserBody.safeParse(request.body ?? {});
  const values = body.success ? body.data : { name: '', email: '', role: 'author' as const, password: '' };
  const errors: FieldErrors = {};
  if (!values.name.trim()) errors.name = 'Enter a name.';
  if (!z.email().safeParse(values.email.trim()).success) errors.email = 'Enter a valid email address.';
  if (Object.keys(errors).length === 0 && request.staff) {
    const created = await accounts.createUser(ctx, values, accounts.actorOf(request.staff, request.ip));
    if (created.ok) return reply.redirect('/admin/users', 303);
    errors[created.reason === 'weak-password' ? 'password' : 'email'] = created.detail;
  }
  return sendAdminHtml(reply, await usersHtml(ctx, request, { errors, values }), 400);
};

// A lost laptop or a departing colleague: every session of that person ends at once.
export const endSessions: Handler = async (ctx, request, reply) => {
  const staff = request.staff!;
  const params = userParams.safeParse(request.params);
  if (!params.success) return reply.callNotFound();
  const id = Number(params.data.id);
  const ended = await accounts.endSessions(ctx, id, accounts.actorOf(staff, request.ip));
  if (!ended) return reply.callNotFound();
  return reply.redirect(id === staff.user.id ? '/admin/login' : '/admin/users', 303);
};
