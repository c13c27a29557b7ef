import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { t } from '../../platform/i18n/index.js';
import type { FieldErrors } from '../../platform/views/forms.js';
import { clearSessionCookie, formToken, sendAdminHtml } from '../http.js';
import * as accounts from '../service.js';
import { loadTotp, newTotpSecret, totpUri, verifyTotp } from '../totp.js';
import { accountPage } from '../views/account.js';
import { loginPage } from '../views/login.js';
import { type AccountsContext, type Handler, str } from './shared.js';

const passwordBody = z.object({ current: str(1000), password: str(1000) });
const twoFactorOnBody = z.object({
  secret: z.string().regex(/^[A-Z2-7]{16,64}$/),
  code: str(20),
  on_password: str(1000),
});
const twoFactorOffBody = z.object({ off_password: str(1000) });

/** `pendingSecret`: the secret of a refused attempt to turn the second factor on, offered again. */
async function accountHtml(
  ctx: AccountsContext,
  request: FastifyRequest,
  errors: FieldErrors = {},
  pendingSecret?: string,
): Promise<string> {
  await loadTotp();
  const staff = request.staff!;
  const secret = pendingSecret ?? newTotpSecret();
  const twoFactor = staff.user.totp_secret
    ? ({ on: true } as const)
    : ({ on: false, secret, uri: totpUri(secret, staff.user.email, ctx.site.name) } as const);
  return accountPage(ctx.site, { staff, csrf: formToken(request), errors, twoFactor });
}

/** The pause has already ended every session of the account (checkCurrentPassword): the cookie goes too. */
function pausedOut(ctx: AccountsContext, reply: FastifyReply) {
  clearSessionCookie(reply);
  return sendAdminHtml(reply, loginPage(ctx.site, { error: t('account.passwordPaused') }), 401);
}

export const showAccount: Handler = async (ctx, request, reply) =>
  sendAdminHtml(reply, await accountHtml(ctx, request));

export const changePassword: Handler = async (ctx, request, reply) => {
  const staff = request.staff!;
  const body = passwordBody.safeParse(request.body ?? {});
  const values = body.success ? body.data : { current: '', password: '' };
  const current = await accounts.checkCurrentPassword(ctx, staff, values.current, request.ip);
  if (current === 'paused') return pausedOut(ctx, reply);
  if (current === 'wrong')
    return sendAdminHtml(
      reply,
      await accountHtml(ctx, request, { current: t('account.passwordWrong') }),
      400,
    );
  const result = await accounts.changePassword(
    ctx,
    staff.user.id,
    values.password,
    accounts.actorOf(staff, request.ip),
  );
  if (!result.ok)
    return sendAdminHtml(reply, await accountHtml(ctx, request, { password: result.detail }), 400);
  clearSessionCookie(reply);
  return sendAdminHtml(reply, loginPage(ctx.site, { error: t('reset.done') }));
};

export const turnTwoFactorOn: Handler = async (ctx, request, reply) => {
  const staff = request.staff!;
  const body = twoFactorOnBody.safeParse(request.body ?? {});
  if (!body.success)
    return sendAdminHtml(reply, await accountHtml(ctx, request, { code: t('login.codeInvalid') }), 400);
  const { secret, code, on_password } = body.data;
  // Whoever holds a stolen session must not be able to put their own phone on the account.
  const current = await accounts.checkCurrentPassword(ctx, staff, on_password, request.ip);
  if (current === 'paused') return pausedOut(ctx, reply);
  if (current === 'wrong') {
    const errors = { on_password: t('account.passwordWrong') };
    return sendAdminHtml(reply, await accountHtml(ctx, request, errors, secret), 400);
  }
  if (!(await verifyTotp(secret, code)))
    return sendAdminHtml(
      reply,
      await accountHtml(ctx, request, { code: t('login.codeInvalid') }, secret),
      400,
    );
  await accounts.setTotpSecret(ctx, staff, secret, accounts.actorOf(staff, request.ip));
  return reply.redirect('/admin/account', 303);
};

export const turnTwoFactorOff: Handler = async (ctx, request, reply) => {
  const staff = request.staff!;
  // Nor must it be able to take the second factor off.
  const body = twoFactorOffBody.safeParse(request.body ?? {});
  const password = body.success ? body.data.off_password : '';
  const current = await accounts.checkCurrentPassword(ctx, staff, password, request.ip);
  if (current === 'paused') return pausedOut(ctx, reply);
  if (current === 'wrong')
    return sendAdminHtml(
      reply,
      await accountHtml(ctx, request, { off_password: t('account.passwordWrong') }),
      400,
    );
  await accounts.setTotpSecret(ctx, staff, null, accounts.actorOf(staff, request.ip));
  return reply.redirect('/admin/account', 303);
};
