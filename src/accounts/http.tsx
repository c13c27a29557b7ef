import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../platform/i18n/index.js';
import { renderDocument } from '../platform/views/render.js';
import type { Site } from '../platform/views/site.js';
import { can, type Permission } from './policy.js';
import { type AccountsDeps, SESSION_MAX_MS, type Staff, staffFromToken } from './service.js';
import { csrfToken, sameToken } from './tokens.js';
import { AdminLayout } from './views/admin-layout.js';
import { ResumeFields } from './views/resume.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What an admin route requires. A route under /admin without it refuses everyone. */
    permission?: Permission | 'public' | 'signed-in';
  }
  interface FastifyRequest {
    staff: Staff | null;
  }
}

export const SESSION_COOKIE = 'candle_session';

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/admin',
    httpOnly: true,
    sameSite: 'lax',
    secure,
    maxAge: SESSION_MAX_MS / 1000,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/admin' });
}

export function sendAdminHtml(reply: FastifyReply, html: string, status = 200) {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send(html);
}

/** The CSRF token of the signed-in staff member, for forms. */
export function formToken(request: FastifyRequest): string {
  return request.staff ? csrfToken(request.staff.session.csrf_secret) : '';
}

type FormBody = Record<string, unknown>;

/** The text fields of a submitted form, to keep them when the submission cannot be accepted. */
function keptFields(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as FormBody)) {
      if (k === '_csrf' || k === 'password') continue;
      if (typeof v === 'string') out[k] = v;
      else if (Array.isArray(v)) out[k] = v.filter((x) => typeof x === 'string').join('\n');
    }
  }
  return out;
}

/**
 * The text of a refused submission. A multipart form (an upload) is not parsed before the handler,
 * so its parts are read here: the file is drained and dropped, the words typed beside it kept.
 */
async function submittedFields(request: FastifyRequest): Promise<Record<string, string>> {
  if (!request.isMultipart()) return keptFields(request.body);
  const fields: FormBody = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') part.file.resume();
      else fields[part.fieldname] = part.value;
    }
  } catch {
    // A broken upload still gets the page with whatever text arrived.
  }
  return keptFields(fields);
}

function sameOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' || site === 'none';
  const origin = request.headers.origin;
  if (typeof origin === 'string')
    return origin === new URL(publicUrl).origin || origin === `http://${request.headers.host}`;
  return true;
}

/**
 * The admin's door: loads the session for every /admin request, refuses routes that declare no
 * permission (deny by default), sends the signed-out to the login page and checks the CSRF token
 * of every change. A refused change never loses the text being written: it comes back with it.
 */
export function adminGuard(app: FastifyInstance, deps: AccountsDeps & { site: Site }): void {
  app.decorateRequest('staff', null);

  const loadStaff = async (request: FastifyRequest) => {
    request.staff = await staffFromToken(deps, request.cookies[SESSION_COOKIE]);
  };

  // The guard is attached to each /admin route as it is registered, so it follows the route that
  // matched (never the raw URL: "/%61dmin/users" is /admin/users) and public pages pay nothing.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/admin')) return;
    route.onRequest = [loadStaff, ...[route.onRequest ?? []].flat()];
    route.preHandler = [guard, ...[route.preHandler ?? []].flat()];
  });

  async function guard(request: FastifyRequest, reply: FastifyReply) {
    const permission = request.routeOptions.config.permission;
    const changing = request.method !== 'GET' && request.method !== 'HEAD';
    if (permission === undefined) {
      request.log.error({ url: request.routeOptions.url }, 'admin route declares no permission: refused');
      return sendAdminHtml(reply, forbiddenPage(deps.site, request.staff), 403);
    }
    if (permission === 'public') {
      if (changing && !sameOrigin(request, deps.site.publicUrl)) {
        return sendAdminHtml(reply, forbiddenPage(deps.site, request.staff), 403);
      }
      return;
    }
    const staff = request.staff;
    const secondFactorRoute = request.routeOptions.url === '/admin/login/code';
    if (!staff || (staff.session.stage !== 'active' && !secondFactorRoute)) {
      if (staff?.session.stage === 'second-factor') return reply.redirect('/admin/login/code', 303);
      if (!changing) return reply.redirect(`/admin/login?next=${encodeURIComponent(request.url)}`, 303);
      return sendAdminHtml(
        reply,
        resumeLoginPage(deps.site, request.url, await submittedFields(request)),
        401,
      );
    }
    if (permission !== 'signed-in' && !can(staff.user.role, permission)) {
      return sendAdminHtml(reply, forbiddenPage(deps.site, staff), 403);
    }
    if (changing) {
      const body = (request.body ?? {}) as FormBody;
      const sent =
        (typeof body._csrf === 'string' && body._csrf) ||
        (typeof (request.query as FormBody)._csrf === 'string' &&
          ((request.query as FormBody)._csrf as string)) ||
        (typeof request.headers['x-csrf-token'] === 'string' && request.headers['x-csrf-token']) ||
        '';
      if (!sameToken(sent, csrfToken(staff.session.csrf_secret))) {
        return sendAdminHtml(
          reply,
          csrfPage(deps.site, staff, request.url, await submittedFields(request)),
          403,
        );
      }
    }
  }
}

export function forbiddenPage(site: Site, staff: Staff | null): string {
  return renderDocument(
    <AdminLayout site={site} staff={staff} title={t('admin.forbidden.title')}>
      <h1>{t('admin.forbidden.title')}</h1>
      <p>{t('admin.forbidden.body')}</p>
    </AdminLayout>,
  );
}

function csrfPage(site: Site, staff: Staff, action: string, fields: Record<string, string>): string {
  return renderDocument(
    <AdminLayout site={site} staff={staff} title={t('admin.csrf.title')}>
      <h1>{t('admin.csrf.title')}</h1>
      <p>{t('admin.csrf.body')}</p>
      <form method="post" action={action}>
        <input type="hidden" name="_csrf" value={csrfToken(staff.session.csrf_secret)} />
        <ResumeFields fields={fields} />
        <button type="submit">{t('admin.resume.submit')}</button>
      </form>
    </AdminLayout>,
  );
}

/** The login form that also carries the unsaved submission, to be offered again after login. */
function resumeLoginPage(site: Site, action: string, fields: Record<string, string>): string {
  return renderDocument(
    <AdminLayout site={site} staff={null} title={t('admin.resume.title')}>
      <h1>{t('admin.resume.title')}</h1>
      <p>{t('admin.resume.body')}</p>
      <form method="post" action="/admin/login">
        <input type="hidden" name="resume_to" value={action} />
        <input type="hidden" name="resume" value={JSON.stringify(fields)} />
        <p class="field">
          <label for="resume-email">{t('login.email')}</label>
          <input id="resume-email" type="email" name="email" autocomplete="username" required />
        </p>
        <p class="field">
          <label for="resume-password">{t('login.password')}</label>
          <input
            id="resume-password"
            type="password"
            name="password"
            autocomplete="current-password"
            required
          />
        </p>
        <button type="submit">{t('login.submit')}</button>
      </form>
      <h2>{t('admin.resume.yourText')}</h2>
      <ResumeFields fields={fields} readonly />
    </AdminLayout>,
  );
}
