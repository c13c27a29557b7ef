import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ROLES } from '../platform/db/index.js';
import { RateLimiter } from '../platform/http/rate-limit.js';
import { formatDate, t } from '../platform/i18n/index.js';
import { Pager } from '../platform/views/components.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors } from '../platform/views/forms.js';
import { renderDocument } from '../platform/views/render.js';
import type { Site } from '../platform/views/site.js';
import { auditText, countAudit, listAudit } from './audit.js';
import {
  clearSessionCookie,
  formToken,
  SESSION_COOKIE,
  sendAdminHtml,
  setSessionCookie,
  submissionOrigin,
} from './http.js';
import * as accounts from './service.js';
import { csrfToken } from './tokens.js';
import { loadTotp, newTotpSecret, totpUri, verifyTotp } from './totp.js';
import { AdminLayout } from './views/admin-layout.js';
import { ResumeFields } from './views/resume.js';

type Deps = accounts.AccountsDeps & { site: Site };

// No NUL: PostgreSQL refuses it in any text, so an email or name carrying one was a 500.
const str = (max: number) =>
  z
    .string()
    .max(max)
    .refine((v) => !v.includes('\u0000'))
    .default('');
const loginBody = z.object({
  email: str(320),
  password: str(1000),
  next: str(500),
  resume: str(200_000),
  resume_to: str(500),
});

/** Only an admin path may be a destination after login: never another site. */
function safeAdminPath(path: string): string | null {
  return /^\/admin(\/[\w\-/?=&%.]*)?$/.test(path) && !path.startsWith('//') ? path : null;
}

function clientOf(request: FastifyRequest) {
  return { ip: request.ip, userAgent: String(request.headers['user-agent'] ?? '') };
}

export function accountsRoutes(app: FastifyInstance, deps: Deps) {
  const { site } = deps;
  const secure = site.publicUrl.startsWith('https:');
  const publicOrigin = new URL(site.publicUrl).origin;
  // Per client address, in front of the per-account counts: one address cannot pause account
  // after account (each pause needs five attempts), nor guess codes for one it has the password of.
  const loginLimiter = new RateLimiter(10, 60_000);

  const loginPage = (error?: string, email = '', next = '') =>
    renderDocument(
      <AdminLayout site={site} staff={null} title={t('login.title')}>
        <div class="page--narrow">
          <h1>{t('login.title')}</h1>
          {error ? (
            <div class="error-summary" role="alert">
              <p>{error}</p>
            </div>
          ) : null}
          <form method="post" action="/admin/login" class="form">
            <input type="hidden" name="next" value={next} />
            <Field name="email" label={t('login.email')}>
              {(a) => <input {...a} type="email" autocomplete="username" required value={email} />}
            </Field>
            <Field name="password" label={t('login.password')}>
              {(a) => <input {...a} type="password" autocomplete="current-password" required />}
            </Field>
            <button type="submit">{t('login.submit')}</button>
          </form>
          <p>
            <a href="/admin/reset">{t('login.forgot')}</a>
          </p>
        </div>
      </AdminLayout>,
    );

  app.get('/admin/login', { config: { permission: 'public' } }, async (request, reply) => {
    if (request.staff?.session.stage === 'active') return reply.redirect('/admin', 303);
    const next = safeAdminPath(String((request.query as Record<string, unknown>).next ?? '')) ?? '';
    return sendAdminHtml(reply, loginPage(undefined, '', next));
  });

  app.post('/admin/login', { config: { permission: 'public' } }, async (request, reply) => {
    const body = loginBody.safeParse(request.body ?? {});
    if (!body.success) return sendAdminHtml(reply, loginPage(t('login.invalid')), 400);
    const { email, password } = body.data;
    if (!loginLimiter.take(request.ip))
      return sendAdminHtml(reply, loginPage(t('login.throttled'), email), 429);
    const outcome = await accounts.logIn(
      deps,
      { email, password },
      clientOf(request),
      request.cookies[SESSION_COOKIE],
    );
    if (!outcome.ok) {
      // One answer for an unknown address, a wrong password and a paused account (see logIn).
      return sendAdminHtml(
        reply,
        loginPage(t('login.refused', { minutes: accounts.LOCK_MINUTES }), email, body.data.next),
        401,
      );
    }
    setSessionCookie(reply, outcome.token, secure);
    if (outcome.stage === 'second-factor') return reply.redirect('/admin/login/code', 303);
    const resumeTo = safeAdminPath(body.data.resume_to);
    // The kept text comes back with a token only from this site's own login form (see adminGuard).
    const ownForm = submissionOrigin(request.headers, publicOrigin) === 'same';
    if (resumeTo && body.data.resume && ownForm) {
      const staff = await accounts.staffFromToken(deps, outcome.token);
      let fields: Record<string, string> = {};
      try {
        fields = z.record(z.string(), z.string()).parse(JSON.parse(body.data.resume));
      } catch {
        fields = {};
      }
      if (staff) {
        return sendAdminHtml(
          reply,
          renderDocument(
            <AdminLayout site={site} staff={staff} title={t('admin.resume.title')}>
              <h1>{t('admin.resume.title')}</h1>
              <p>{t('admin.resume.ready')}</p>
              <form method="post" action={resumeTo}>
                <CsrfField token={csrfToken(staff.session.csrf_secret)} />
                <ResumeFields fields={fields} />
                <button type="submit">{t('admin.resume.submit')}</button>
              </form>
              <h2>{t('admin.resume.yourText')}</h2>
              <ResumeFields fields={fields} readonly />
            </AdminLayout>,
          ),
        );
      }
    }
    return reply.redirect(safeAdminPath(body.data.next) ?? '/admin', 303);
  });

  const codePage = (token: string, error?: string) =>
    renderDocument(
      <AdminLayout site={site} staff={null} title={t('login.codeTitle')}>
        <div class="page--narrow">
          <h1>{t('login.codeTitle')}</h1>
          {error ? (
            <div class="error-summary" role="alert">
              <p>{error}</p>
            </div>
          ) : null}
          <form method="post" action="/admin/login/code" class="form">
            <CsrfField token={token} />
            <Field name="code" label={t('login.code')}>
              {(a) => (
                <input
                  {...a}
                  inputMode="numeric"
                  autocomplete="one-time-code"
                  pattern="[0-9 ]{6,7}"
                  required
                />
              )}
            </Field>
            <button type="submit">{t('login.verify')}</button>
          </form>
        </div>
      </AdminLayout>,
    );

  app.get('/admin/login/code', { config: { permission: 'signed-in' } }, async (request, reply) => {
    if (request.staff?.session.stage === 'active') return reply.redirect('/admin', 303);
    return sendAdminHtml(reply, codePage(formToken(request)));
  });

  app.post('/admin/login/code', { config: { permission: 'signed-in' } }, async (request, reply) => {
    const staff = request.staff;
    if (!staff) return reply.redirect('/admin/login', 303);
    if (!loginLimiter.take(request.ip))
      return sendAdminHtml(reply, codePage(formToken(request), t('login.throttled')), 429);
    const code = z.object({ code: str(20) }).safeParse(request.body ?? {});
    const outcome = code.success
      ? await accounts.completeSecondFactor(deps, staff, code.data.code, request.ip)
      : 'wrong';
    if (outcome === 'paused') {
      // The half-signed-in session is over: whoever holds the password starts again after the pause.
      clearSessionCookie(reply);
      return sendAdminHtml(reply, loginPage(t('login.codePaused', { minutes: accounts.LOCK_MINUTES })), 429);
    }
    if (outcome === 'wrong')
      return sendAdminHtml(reply, codePage(formToken(request), t('login.codeInvalid')), 401);
    return reply.redirect('/admin', 303);
  });

  app.post('/admin/logout', { config: { permission: 'signed-in' } }, async (request, reply) => {
    await accounts.logOut(deps, request.cookies[SESSION_COOKIE]);
    clearSessionCookie(reply);
    return reply.redirect('/admin/login', 303);
  });

  const resetRequestPage = (message?: string) =>
    renderDocument(
      <AdminLayout site={site} staff={null} title={t('reset.title')}>
        <div class="page--narrow">
          <h1>{t('reset.title')}</h1>
          {message ? (
            <p class="notice" role="status">
              {message}
            </p>
          ) : (
            <p>{t('reset.intro')}</p>
          )}
          <form method="post" action="/admin/reset" class="form">
            <Field name="email" label={t('login.email')}>
              {(a) => <input {...a} type="email" autocomplete="username" required />}
            </Field>
            <button type="submit">{t('reset.submit')}</button>
          </form>
        </div>
      </AdminLayout>,
    );

  app.get('/admin/reset', { config: { permission: 'public' } }, async (_request, reply) =>
    sendAdminHtml(reply, resetRequestPage()),
  );

  app.post('/admin/reset', { config: { permission: 'public' } }, async (request, reply) => {
    const body = z.object({ email: str(320) }).safeParse(request.body ?? {});
    if (body.success && body.data.email && loginLimiter.take(request.ip)) {
      await accounts.requestPasswordReset(deps, body.data.email, request.ip);
    }
    return sendAdminHtml(reply, resetRequestPage(t('reset.sent')));
  });

  const newPasswordPage = (token: string, error?: string) =>
    renderDocument(
      <AdminLayout site={site} staff={null} title={t('reset.newTitle')}>
        <div class="page--narrow">
          <h1>{t('reset.newTitle')}</h1>
          <ErrorSummary title={t('admin.errors')} errors={{ password: error }} />
          <form method="post" action={`/admin/reset/${token}`} class="form">
            <Field name="password" label={t('reset.newPassword')} hint={t('reset.hint')} error={error}>
              {(a) => <input {...a} type="password" autocomplete="new-password" minLength={12} required />}
            </Field>
            <button type="submit">{t('reset.save')}</button>
          </form>
        </div>
      </AdminLayout>,
    );

  app.get<{ Params: { token: string } }>(
    '/admin/reset/:token',
    { config: { permission: 'public' } },
    async (request, reply) => {
      const user = await accounts.findResetUser(deps, request.params.token);
      if (!user) return sendAdminHtml(reply, resetRequestPage(t('reset.sent')), 404);
      return sendAdminHtml(reply, newPasswordPage(request.params.token));
    },
  );

  app.post<{ Params: { token: string } }>(
    '/admin/reset/:token',
    { config: { permission: 'public' } },
    async (request, reply) => {
      const body = z.object({ password: str(1000) }).safeParse(request.body ?? {});
      const password = body.success ? body.data.password : '';
      const result = await accounts.resetPassword(deps, request.params.token, password, request.ip);
      if (!result.ok) return sendAdminHtml(reply, newPasswordPage(request.params.token, result.detail), 400);
      return sendAdminHtml(reply, loginPage(t('reset.done')));
    },
  );

  // First run: an administrator can be made from the machine itself, until one exists.
  // A request relayed by a proxy on this machine also comes from 127.0.0.1: those carry a
  // forwarding header, and are refused, so the page truly serves only someone at the machine.
  const setupOpen = async (request: FastifyRequest) =>
    ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '') &&
    !request.headers['x-forwarded-for'] &&
    !request.headers.forwarded &&
    (await accounts.countUsers(deps.db)) === 0;

  const setupPage = (errors: FieldErrors = {}, values: Record<string, string> = {}) =>
    renderDocument(
      <AdminLayout site={site} staff={null} title={t('setup.title')}>
        <div class="page--narrow">
          <h1>{t('setup.title')}</h1>
          <p>{t('setup.intro')}</p>
          <ErrorSummary title={t('admin.errors')} errors={errors} />
          <form method="post" action="/admin/setup" class="form">
            <Field name="name" label={t('setup.name')} error={errors.name}>
              {(a) => <input {...a} required value={values.name ?? ''} autocomplete="name" />}
            </Field>
            <Field name="email" label={t('login.email')} error={errors.email}>
              {(a) => (
                <input {...a} type="email" required value={values.email ?? ''} autocomplete="username" />
              )}
            </Field>
            <Field name="password" label={t('login.password')} hint={t('reset.hint')} error={errors.password}>
              {(a) => <input {...a} type="password" required minLength={12} autocomplete="new-password" />}
            </Field>
            <button type="submit">{t('setup.submit')}</button>
          </form>
        </div>
      </AdminLayout>,
    );

  const closedPage = () =>
    renderDocument(
      <AdminLayout site={site} staff={null} title={t('setup.title')}>
        <h1>{t('setup.title')}</h1>
        <p>{t('setup.closed')}</p>
      </AdminLayout>,
    );

  app.get('/admin/setup', { config: { permission: 'public' } }, async (request, reply) =>
    (await setupOpen(request)) ? sendAdminHtml(reply, setupPage()) : sendAdminHtml(reply, closedPage(), 404),
  );

  app.post('/admin/setup', { config: { permission: 'public' } }, async (request, reply) => {
    if (!(await setupOpen(request))) return sendAdminHtml(reply, closedPage(), 404);
    const body = z
      .object({ name: str(200), email: str(320), password: str(1000) })
      .safeParse(request.body ?? {});
    const values = body.success ? body.data : { name: '', email: '', password: '' };
    const errors: FieldErrors = {};
    if (!values.name.trim()) errors.name = 'Enter your name.';
    if (!z.email().safeParse(values.email.trim()).success) errors.email = 'Enter a valid email address.';
    if (Object.keys(errors).length === 0) {
      const created = await accounts.createUser(
        deps,
        { ...values, role: 'admin' },
        { userId: null, label: 'setup', ip: request.ip },
        { firstAccount: true },
      );
      if (!created.ok && created.reason === 'setup-done') return sendAdminHtml(reply, closedPage(), 404);
      if (created.ok) {
        const login = await accounts.logIn(deps, values, clientOf(request), undefined);
        if (login.ok) setSessionCookie(reply, login.token, secure);
        return reply.redirect('/admin', 303);
      }
      errors[created.reason === 'weak-password' ? 'password' : 'email'] = created.detail;
    }
    return sendAdminHtml(reply, setupPage(errors, { name: values.name, email: values.email }), 400);
  });

  const usersPage = async (
    request: FastifyRequest,
    errors: FieldErrors = {},
    values: Record<string, string> = {},
  ) => {
    const users = await accounts.listUsers(deps.db);
    return renderDocument(
      <AdminLayout site={site} staff={request.staff} title={t('users.title')} current="/admin/users">
        <h1>{t('users.title')}</h1>
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('users.name')}</th>
              <th scope="col">{t('users.email')}</th>
              <th scope="col">{t('users.role')}</th>
              <th scope="col">{t('users.twoFactor')}</th>
              <th scope="col">{t('users.lastLogin')}</th>
              <th scope="col">{t('users.sessions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.name}</td>
                <td>{u.email}</td>
                <td>{t(`role.${u.role}`)}</td>
                <td>{u.totp_secret ? t('users.on') : t('users.off')}</td>
                <td>{u.last_login_at ? formatDate(u.last_login_at) : t('users.never')}</td>
                <td>
                  <form method="post" action={`/admin/users/${u.id}/sessions/end`}>
                    <CsrfField token={formToken(request)} />
                    <button type="submit" aria-label={t('users.endSessionsOf', { name: u.name })}>
                      {t('users.endSessions')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>{t('users.create')}</h2>
        <ErrorSummary title={t('admin.errors')} errors={errors} />
        <form method="post" action="/admin/users" class="form">
          <CsrfField token={formToken(request)} />
          <Field name="name" label={t('users.name')} error={errors.name}>
            {(a) => <input {...a} required value={values.name ?? ''} />}
          </Field>
          <Field name="email" label={t('users.email')} error={errors.email}>
            {(a) => <input {...a} type="email" required value={values.email ?? ''} />}
          </Field>
          <Field name="role" label={t('users.role')} error={errors.role}>
            {(a) => (
              <select {...a}>
                {ROLES.map((r) => (
                  <option key={r} value={r} selected={values.role === r}>
                    {t(`role.${r}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field name="password" label={t('users.password')} hint={t('reset.hint')} error={errors.password}>
            {(a) => <input {...a} type="password" required minLength={12} autocomplete="new-password" />}
          </Field>
          <button type="submit">{t('users.create')}</button>
        </form>
      </AdminLayout>,
    );
  };

  app.get('/admin/users', { config: { permission: 'user.manage' } }, async (request, reply) =>
    sendAdminHtml(reply, await usersPage(request)),
  );

  app.post('/admin/users', { config: { permission: 'user.manage' } }, async (request, reply) => {
    const body = z
      .object({ name: str(200), email: str(320), role: z.enum(ROLES).catch('author'), password: str(1000) })
      .safeParse(request.body ?? {});
    const values = body.success ? body.data : { name: '', email: '', role: 'author' as const, password: '' };
    const errors: FieldErrors = {};
    if (!values.name.trim()) errors.name = 'Enter a name.';
    if (!z.email().safeParse(values.email.trim()).success) errors.email = 'Enter a valid email address.';
    if (Object.keys(errors).length === 0 && request.staff) {
      const created = await accounts.createUser(deps, values, accounts.actorOf(request.staff, request.ip));
      if (created.ok) return reply.redirect('/admin/users', 303);
      errors[created.reason === 'weak-password' ? 'password' : 'email'] = created.detail;
    }
    return sendAdminHtml(reply, await usersPage(request, errors, values), 400);
  });

  // A lost laptop or a departing colleague: every session of that person ends at once.
  app.post<{ Params: { id: string } }>(
    '/admin/users/:id/sessions/end',
    { config: { permission: 'user.manage' } },
    async (request, reply) => {
      const staff = request.staff!;
      if (!/^\d{1,9}$/.test(request.params.id)) return reply.callNotFound();
      const ended = await accounts.endSessions(
        deps,
        Number(request.params.id),
        accounts.actorOf(staff, request.ip),
      );
      if (!ended) return reply.callNotFound();
      return reply.redirect(
        Number(request.params.id) === staff.user.id ? '/admin/login' : '/admin/users',
        303,
      );
    },
  );

  const accountPage = async (
    request: FastifyRequest,
    errors: FieldErrors = {},
    notice?: string,
    pendingSecret?: string,
  ) => {
    await loadTotp();
    const staff = request.staff!;
    const secret = pendingSecret ?? newTotpSecret();
    return renderDocument(
      <AdminLayout site={site} staff={staff} title={t('account.title')} current="/admin/account">
        <h1>{t('account.title')}</h1>
        {notice ? (
          <p class="notice" role="status">
            {notice}
          </p>
        ) : null}
        <ErrorSummary title={t('admin.errors')} errors={errors} />
        <h2>{t('account.password')}</h2>
        <form method="post" action="/admin/account/password" class="form">
          <CsrfField token={formToken(request)} />
          <Field name="current" label={t('account.current')} error={errors.current}>
            {(a) => <input {...a} type="password" required autocomplete="current-password" />}
          </Field>
          <Field
            name="password"
            label={t('account.newPassword')}
            hint={t('reset.hint')}
            error={errors.password}
          >
            {(a) => <input {...a} type="password" required minLength={12} autocomplete="new-password" />}
          </Field>
          <button type="submit">{t('account.passwordSave')}</button>
        </form>
        <h2>{t('account.2fa')}</h2>
        {staff.user.totp_secret ? (
          <form method="post" action="/admin/account/2fa/off" class="form">
            <p>{t('account.2faOn')}</p>
            <CsrfField token={formToken(request)} />
            <Field name="off_password" label={t('account.current')} error={errors.off_password}>
              {(a) => <input {...a} type="password" required autocomplete="current-password" />}
            </Field>
            <button type="submit">{t('account.2faDisable')}</button>
          </form>
        ) : (
          <form method="post" action="/admin/account/2fa" class="form">
            <p>{t('account.2faOff')}</p>
            <p>{t('account.2faSecret')}</p>
            <p>
              <code class="secret">{secret}</code>
            </p>
            <p>
              <a href={totpUri(secret, staff.user.email, site.name)}>
                {totpUri(secret, staff.user.email, site.name)}
              </a>
            </p>
            <CsrfField token={formToken(request)} />
            <input type="hidden" name="secret" value={secret} />
            <Field name="code" label={t('login.code')} error={errors.code}>
              {(a) => <input {...a} inputMode="numeric" autocomplete="one-time-code" required />}
            </Field>
            <Field name="on_password" label={t('account.current')} error={errors.on_password}>
              {(a) => <input {...a} type="password" required autocomplete="current-password" />}
            </Field>
            <button type="submit">{t('account.2faEnable')}</button>
          </form>
        )}
      </AdminLayout>,
    );
  };

  app.get('/admin/account', { config: { permission: 'dashboard.view' } }, async (request, reply) =>
    sendAdminHtml(reply, await accountPage(request)),
  );

  app.post(
    '/admin/account/password',
    { config: { permission: 'dashboard.view' } },
    async (request, reply) => {
      const staff = request.staff!;
      const body = z.object({ current: str(1000), password: str(1000) }).safeParse(request.body ?? {});
      const values = body.success ? body.data : { current: '', password: '' };
      const current = await accounts.checkCurrentPassword(deps, staff, values.current, request.ip);
      if (current === 'paused') {
        clearSessionCookie(reply);
        return sendAdminHtml(reply, loginPage(t('account.passwordPaused')), 401);
      }
      if (current === 'wrong') {
        return sendAdminHtml(reply, await accountPage(request, { current: t('account.passwordWrong') }), 400);
      }
      const result = await accounts.changePassword(
        deps,
        staff.user.id,
        values.password,
        accounts.actorOf(staff, request.ip),
      );
      if (!result.ok)
        return sendAdminHtml(reply, await accountPage(request, { password: result.detail }), 400);
      clearSessionCookie(reply);
      return sendAdminHtml(reply, loginPage(t('reset.done')));
    },
  );

  app.post('/admin/account/2fa', { config: { permission: 'dashboard.view' } }, async (request, reply) => {
    const staff = request.staff!;
    const body = z
      .object({ secret: z.string().regex(/^[A-Z2-7]{16,64}$/), code: str(20), on_password: str(1000) })
      .safeParse(request.body ?? {});
    if (!body.success)
      return sendAdminHtml(reply, await accountPage(request, { code: t('login.codeInvalid') }), 400);
    // Whoever holds a stolen session must not be able to put their own phone on the account.
    const current = await accounts.checkCurrentPassword(deps, staff, body.data.on_password, request.ip);
    if (current === 'paused') {
      clearSessionCookie(reply);
      return sendAdminHtml(reply, loginPage(t('account.passwordPaused')), 401);
    }
    if (current === 'wrong') {
      return sendAdminHtml(
        reply,
        await accountPage(request, { on_password: t('account.passwordWrong') }, undefined, body.data.secret),
        400,
      );
    }
    if (!(await verifyTotp(body.data.secret, body.data.code))) {
      return sendAdminHtml(
        reply,
        await accountPage(request, { code: t('login.codeInvalid') }, undefined, body.data.secret),
        400,
      );
    }
    await accounts.setTotpSecret(deps, staff, body.data.secret, accounts.actorOf(staff, request.ip));
    return reply.redirect('/admin/account', 303);
  });

  app.post('/admin/account/2fa/off', { config: { permission: 'dashboard.view' } }, async (request, reply) => {
    const staff = request.staff!;
    // Nor take the second factor off it.
    const body = z.object({ off_password: str(1000) }).safeParse(request.body ?? {});
    const password = body.success ? body.data.off_password : '';
    const current = await accounts.checkCurrentPassword(deps, staff, password, request.ip);
    if (current === 'paused') {
      clearSessionCookie(reply);
      return sendAdminHtml(reply, loginPage(t('account.passwordPaused')), 401);
    }
    if (current === 'wrong')
      return sendAdminHtml(
        reply,
        await accountPage(request, { off_password: t('account.passwordWrong') }),
        400,
      );
    await accounts.setTotpSecret(deps, staff, null, accounts.actorOf(staff, request.ip));
    return reply.redirect('/admin/account', 303);
  });

  app.get('/admin/audit', { config: { permission: 'audit.read' } }, async (request, reply) => {
    const raw = String((request.query as Record<string, unknown>).page ?? '1');
    const page = /^\d{1,6}$/.test(raw) ? Math.max(1, Number(raw)) : 1;
    const [rows, total] = await Promise.all([listAudit(deps.db, 50, (page - 1) * 50), countAudit(deps.db)]);
    const pages = Math.max(1, Math.ceil(total / 50));
    return sendAdminHtml(
      reply,
      renderDocument(
        <AdminLayout site={site} staff={request.staff} title={t('audit.title')} current="/admin/audit">
          <h1>{t('audit.title')}</h1>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.what')}</th>
                <th scope="col">{t('audit.details')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <time dateTime={r.created_at}>{r.created_at.slice(0, 16).replace('T', ' ')} UTC</time>
                  </td>
                  <td>{r.actor}</td>
                  <td>{auditText(r)}</td>
                  <td>
                    {r.before_json || r.after_json ? (
                      <details>
                        <summary>{t('audit.details')}</summary>
                        {r.before_json ? (
                          <>
                            <h3>{t('audit.before')}</h3>
                            <pre>{JSON.stringify(JSON.parse(r.before_json), null, 1)}</pre>
                          </>
                        ) : null}
                        {r.after_json ? (
                          <>
                            <h3>{t('audit.after')}</h3>
                            <pre>{JSON.stringify(JSON.parse(r.after_json), null, 1)}</pre>
                          </>
                        ) : null}
                      </details>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pager page={page} totalPages={pages} href={(n) => `/admin/audit?page=${n}`} />
        </AdminLayout>,
      ),
    );
  });

  app.get('/admin/outbox', { config: { permission: 'outbox.read' } }, async (request, reply) => {
    const mail = await deps.db
      .selectFrom('mail_outbox')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(100)
      .execute();
    return sendAdminHtml(
      reply,
      renderDocument(
        <AdminLayout site={site} staff={request.staff} title={t('outbox.title')} current="/admin/outbox">
          <h1>{t('outbox.title')}</h1>
          <p>{t('outbox.intro')}</p>
          {mail.length === 0 ? <p>{t('outbox.empty')}</p> : null}
          {mail.map((m) => (
            <article key={m.id} class="mail">
              <h2>{m.subject}</h2>
              <p>
                {t('outbox.to')}: {m.to_address} ·{' '}
                <time dateTime={m.created_at}>{m.created_at.slice(0, 16).replace('T', ' ')} UTC</time>
              </p>
              <pre class="mail__body">{m.text_body}</pre>
            </article>
          ))}
        </AdminLayout>,
      ),
    );
  });
}
