import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/views/forms.js';
import {
  clearSessionCookie,
  formToken,
  SESSION_COOKIE,
  sendAdminHtml,
  setSessionCookie,
  submissionOrigin,
} from '../http.js';
import * as accounts from '../service.js';
import { csrfToken } from '../tokens.js';
import {
  codePage,
  loginPage,
  newPasswordPage,
  resetRequestPage,
  resumePage,
  setupClosedPage,
  setupPage,
} from '../views/login.js';
import { type AccountsContext, clientOf, type Handler, safeAdminPath, str } from './shared.js';

const loginQuery = z.object({ next: z.string().catch('') }).catch({ next: '' });
const loginBody = z.object({
  email: str(320),
  password: str(1000),
  next: str(500),
  resume: str(200_000),
  resume_to: str(500),
});
const keptText = z.record(z.string(), z.string());
const codeBody = z.object({ code: str(20) });
const resetBody = z.object({ email: str(320) });
const tokenParams = z.object({ token: z.string() });
const newPasswordBody = z.object({ password: str(1000) });
const setupBody = z.object({ name: str(200), email: str(320), password: str(1000) });

export const showLogin: Handler = async (ctx, request, reply) => {
  if (request.staff?.session.stage === 'active') return reply.redirect('/admin', 303);
  const next = safeAdminPath(loginQuery.parse(request.query).next) ?? '';
  return sendAdminHtml(reply, loginPage(ctx.site, { next }));
};

export const logIn: Handler = async (ctx, request, reply) => {
  const body = loginBody.safeParse(request.body ?? {});
  if (!body.success) return sendAdminHtml(reply, loginPage(ctx.site, { error: t('login.invalid') }), 400);
  const { email, password } = body.data;
  if (!ctx.loginLimiter.take(request.ip))
    return sendAdminHtml(reply, loginPage(ctx.site, { error: t('login.throttled'), email }), 429);
  const outcome = await accounts.logIn(
    ctx,
    { email, password },
    clientOf(request),
    request.cookies[SESSION_COOKIE],
  );
  if (!outcome.ok) {
    // One answer for an unknown address, a wrong password and a paused account (see logIn).
    const error = t('login.refused', { minutes: accounts.LOCK_MINUTES });
    return sendAdminHtml(reply, loginPage(ctx.site, { error, email, next: body.data.next }), 401);
  }
  setSessionCookie(reply, outcome.token, ctx.secure);
  if (outcome.stage === 'second-factor') return reply.redirect('/admin/login/code', 303);
  const resumeTo = safeAdminPath(body.data.resume_to);
  // The kept text comes back with a token only from this site's own login form (see adminGuard).
  const ownForm = submissionOrigin(request.headers, ctx.publicOrigin) === 'same';
  if (resumeTo && body.data.resume && ownForm) {
    const staff = await accounts.staffFromToken(ctx, outcome.token);
    let fields: Record<string, string> = {};
    try {
      fields = keptText.parse(JSON.parse(body.data.resume));
    } catch {
      fields = {};
    }
    if (staff) {
      const csrf = csrfToken(staff.session.csrf_secret);
      return sendAdminHtml(reply, resumePage(ctx.site, { staff, csrf, action: resumeTo, fields }));
    }
  }
  return reply.redirect(safeAdminPath(body.data.next) ?? '/admin', 303);
};

export const showCode: Handler = async (ctx, request, reply) => {
  if (request.staff?.session.stage === 'active') return reply.redirect('/admin', 303);
  return sendAdminHtml(reply, codePage(ctx.site, { csrf: formToken(request) }));
};

export const checkCode: Handler = async (ctx, request, reply) => {
  const staff = request.staff;
  if (!staff) return reply.redirect('/admin/login', 303);
  if (!ctx.loginLimiter.take(request.ip))
    return sendAdminHtml(
      reply,
      codePage(ctx.site, { csrf: formToken(request), error: t('login.throttled') }),
      429,
    );
  const code = codeBody.safeParse(request.body ?? {});
  const outcome = code.success
    ? await accounts.completeSecondFactor(ctx, staff, code.data.code, request.ip)
    : 'wrong';
  if (outcome === 'paused') {
    // The half-signed-in session is over: whoever holds the password starts again after the pause.
    clearSessionCookie(reply);
    const error = t('login.codePaused', { minutes: accounts.LOCK_MINUTES });
    return sendAdminHtml(reply, loginPage(ctx.site, { error }), 429);
  }
  if (outcome === 'wrong')
    return sendAdminHtml(
      reply,
      codePage(ctx.site, { csrf: formToken(request), error: t('login.codeInvalid') }),
      401,
    );
  return reply.redirect('/admin', 303);
};

export const logOut: Handler = async (ctx, request, reply) => {
  await accounts.logOut(ctx, request.cookies[SESSION_COOKIE]);
  clearSessionCookie(reply);
  return reply.redirect('/admin/login', 303);
};

export const showResetRequest: Handler = async (ctx, _request, reply) =>
  sendAdminHtml(reply, resetRequestPage(ctx.site));

export const requestReset: Handler = async (ctx, request, reply) => {
  const body = resetBody.safeParse(request.body ?? {});
  if (body.success && body.data.email && ctx.loginLimiter.take(request.ip)) {
    await accounts.requestPasswordReset(ctx, body.data.email, request.ip);
  }
  return sendAdminHtml(reply, resetRequestPage(ctx.site, t('reset.sent')));
};

export const showNewPassword: Handler = async (ctx, request, reply) => {
  const { token } = tokenParams.parse(request.params);
  const user = await accounts.findResetUser(ctx, token);
  if (!user) return sendAdminHtml(reply, resetRequestPage(ctx.site, t('reset.sent')), 404);
  return sendAdminHtml(reply, newPasswordPage(ctx.site, { token }));
};

export const resetPassword: Handler = async (ctx, request, reply) => {
  const { token } = tokenParams.parse(request.params);
  const body = newPasswordBody.safeParse(request.body ?? {});
  const password = body.success ? body.data.password : '';
  const result = await accounts.resetPassword(ctx, token, password, request.ip);
  if (!result.ok)
    return sendAdminHtml(reply, newPasswordPage(ctx.site, { token, error: result.detail }), 400);
  return sendAdminHtml(reply, loginPage(ctx.site, { error: t('reset.done') }));
};

// First run: an administrator can be made from the machine itself, until one exists.
// A request relayed by a proxy on this machine also comes from 127.0.0.1: those carry a
// forwarding header, and are refused, so the page truly serves only someone at the machine.
const setupOpen = async (ctx: AccountsContext, request: FastifyRequest) =>
  ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '') &&
  !request.headers['x-forwarded-for'] &&
  !request.headers.forwarded &&
  (await accounts.countUsers(ctx.db)) === 0;

export const showSetup: Handler = async (ctx, request, reply) =>
  (await setupOpen(ctx, request))
    ? sendAdminHtml(reply, setupPage(ctx.site))
    : sendAdminHtml(reply, setupClosedPage(ctx.site), 404);

export const setUp: Handler = async (ctx, request, reply) => {
  if (!(await setupOpen(ctx, request))) return sendAdminHtml(reply, setupClosedPage(ctx.site), 404);
  const body = setupBody.safeParse(request.body ?? {});
  const values = body.success ? body.data : { name: '', email: '', password: '' };
  const errors: FieldErrors = {};
  if (!values.name.trim()) errors.name = 'Enter your name.';
  if (!z.email().safeParse(values.email.trim()).success) errors.email = 'Enter a valid email address.';
  if (Object.keys(errors).length === 0) {
    const created = await accounts.createUser(
      ctx,
      { ...values, role: 'admin' },
      { userId: null, label: 'setup', ip: request.ip },
      { firstAccount: true },
    );
    if (!created.ok && created.reason === 'setup-done')
      return sendAdminHtml(reply, setupClosedPage(ctx.site), 404);
    if (created.ok) {
      const login = await accounts.logIn(ctx, values, clientOf(request), undefined);
      if (login.ok) setSessionCookie(reply, login.token, ctx.secure);
      return reply.redirect('/admin', 303);
    }
    errors[created.reason === 'weak-password' ? 'password' : 'email'] = created.detail;
  }
  const shown = { name: values.name, email: values.email };
  return sendAdminHtml(reply, setupPage(ctx.site, { errors, values: shown }), 400);
};
