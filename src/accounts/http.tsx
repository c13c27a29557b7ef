import type { IncomingHttpHeaders } from 'node:http';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../platform/i18n/index.js';
import { renderDocument } from '../platform/views/render.js';
import type { Site } from '../platform/views/site.js';
import { can, isDeclared, type Permission } from './policy.js';
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

/**
 * Where a submission came from, as the browser tells it. `same`: a form of this site, so its text
 * may be carried over a refusal with a token to send it again. `foreign`: another site, a sibling
 * subdomain included (it shares cookies with this one), so it is refused and nothing of it is
 * kept. `unknown`: no Sec-Fetch-Site, Origin or Referer at all (curl, or a browser too old to say),
 * checked as any other change but never carried over with a token, since a forged form in such a
 * browser would arrive looking exactly like that.
 *
 * Only PUBLIC_URL's origin is this site: the Host header is whatever the client sent, so an Origin
 * matching it proves nothing.
 */
export type SubmissionOrigin = 'same' | 'foreign' | 'unknown';

export function submissionOrigin(headers: IncomingHttpHeaders, publicOrigin: string): SubmissionOrigin {
  const fetchSite = headers['sec-fetch-site'];
  if (fetchSite !== undefined) {
    // 'none': the person started it themselves (an address typed, a bookmark); no page can.
    return fetchSite === 'same-origin' || fetchSite === 'none' ? 'same' : 'foreign';
  }
  const origin = headers.origin;
  if (origin !== undefined) return origin === publicOrigin ? 'same' : 'foreign';
  const referer = headers.referer;
  if (referer !== undefined) return originOf(referer) === publicOrigin ? 'same' : 'foreign';
  return 'unknown';
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The admin's door: loads the session for every /admin request, refuses routes that declare no
 * permission (deny by default), refuses changes sent from other sites, sends the signed-out to the
 * login page and checks the CSRF token of every change. A refused change of this site's own forms
 * never loses the text being written: it comes back with it.
 */
export function adminGuard(app: FastifyInstance, deps: AccountsDeps & { site: Site }): void {
  app.decorateRequest('staff', null);
  const publicOrigin = new URL(deps.site.publicUrl).origin;

  const loadStaff = async (request: FastifyRequest) => {
    request.staff = await staffFromToken(deps, request.cookies[SESSION_COOKIE]);
  };

  // The guard is attached to each /admin route as it is registered, so it follows the route that
  // matched (never the raw URL: "/%61dmin/users" is /admin/users) and public pages pay nothing.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/admin')) return;
    const permission = route.config?.permission;
    // A misspelt or undeclared permission would refuse everyone, silently: say so at start instead.
    if (
      permission !== undefined &&
      permission !== 'public' &&
      permission !== 'signed-in' &&
      !isDeclared(permission)
    )
      throw new Error(`${route.url} names the permission "${permission}", which no room declares`);
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
    const from = changing ? submissionOrigin(request.headers, publicOrigin) : 'same';
    // Before the session or the body is looked at: a form posted from elsewhere gets a page that
    // carries none of its fields and no token, whoever is signed in (the carry-over pages below
    // would otherwise hand another site's fields back with a valid token, one click from saved).
    if (from === 'foreign') return sendAdminHtml(reply, foreignPage(deps.site), 403);
    if (permission === 'public') return;
    const staff = request.staff;
    const secondFactorRoute = request.routeOptions.url === '/admin/login/code';
    if (!staff || (staff.session.stage !== 'active' && !secondFactorRoute)) {
      if (staff?.session.stage === 'second-factor') return reply.redirect('/admin/login/code', 303);
      if (!changing) return reply.redirect(`/admin/login?next=${encodeURIComponent(request.url)}`, 303);
      const fields = await submittedFields(request);
      return sendAdminHtml(
        reply,
        from === 'same'
          ? resumeLoginPage(deps.site, request.url, fields)
          : unconfirmedPage(deps.site, fields, 'signed-out'),
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
        const fields = await submittedFields(request);
        return sendAdminHtml(
          reply,
          from === 'same'
            ? csrfPage(deps.site, staff, request.url, fields)
            : unconfirmedPage(deps.site, fields, 'signed-in'),
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

/** A change sent from another site: nothing of it is shown, and no token (so no signed-in menu). */
function foreignPage(site: Site): string {
  return renderDocument(
    <AdminLayout site={site} staff={null} title={t('admin.foreign.title')}>
      <h1>{t('admin.foreign.title')}</h1>
      <p>{t('admin.foreign.body')}</p>
    </AdminLayout>,
  );
}

/**
 * A refused change whose origin the browser did not state. Its text is shown to copy, so a person
 * on an old browser loses nothing, but in no form and with no token: sent again from here, it
 * could be a forged form's fields that this page had made look like the person's own.
 */
function unconfirmedPage(
  site: Site,
  fields: Record<string, string>,
  who: 'signed-in' | 'signed-out',
): string {
  return renderDocument(
    <AdminLayout site={site} staff={null} title={t('admin.unconfirmed.title')}>
      <h1>{t('admin.unconfirmed.title')}</h1>
      <p>{t(who === 'signed-in' ? 'admin.unconfirmed.body' : 'admin.unconfirmed.signedOut')}</p>
      {who === 'signed-out' ? (
        <p>
          <a href="/admin/login">{t('login.title')}</a>
        </p>
      ) : null}
      <h2>{t('admin.resume.yourText')}</h2>
      <ResumeFields fields={fields} readonly />
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
