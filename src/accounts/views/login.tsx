import { t } from '../../platform/i18n/index.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors } from '../../platform/views/forms.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import type { Staff } from '../service.js';
import { AdminLayout } from './admin-layout.js';
import { ResumeFields } from './resume.js';

export function loginPage(site: Site, props: { error?: string; email?: string; next?: string } = {}): string {
  const { error, email = '', next = '' } = props;
  return renderDocument(
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
            {(a) => <input type="email" autocomplete="username" required value={email} {...a} />}
          </Field>
          <Field name="password" label={t('login.password')}>
            {(a) => <input type="password" autocomplete="current-password" required {...a} />}
          </Field>
          <button type="submit">{t('login.submit')}</button>
        </form>
        <p>
          <a href="/admin/reset">{t('login.forgot')}</a>
        </p>
      </div>
    </AdminLayout>,
  );
}

/** After a login that kept a refused submission: the text, ready to send again with a fresh token. */
export function resumePage(
  site: Site,
  props: { staff: Staff; csrf: string; action: string; fields: Record<string, string> },
): string {
  return renderDocument(
    <AdminLayout site={site} staff={props.staff} title={t('admin.resume.title')}>
      <h1>{t('admin.resume.title')}</h1>
      <p>{t('admin.resume.ready')}</p>
      <form method="post" action={props.action}>
        <CsrfField token={props.csrf} />
        <ResumeFields fields={props.fields} />
        <button type="submit">{t('admin.resume.submit')}</button>
      </form>
      <h2>{t('admin.resume.yourText')}</h2>
      <ResumeFields fields={props.fields} readonly />
    </AdminLayout>,
  );
}

export function codePage(site: Site, props: { csrf: string; error?: string }): string {
  return renderDocument(
    <AdminLayout site={site} staff={null} title={t('login.codeTitle')}>
      <div class="page--narrow">
        <h1>{t('login.codeTitle')}</h1>
        {props.error ? (
          <div class="error-summary" role="alert">
            <p>{props.error}</p>
          </div>
        ) : null}
        <form method="post" action="/admin/login/code" class="form">
          <CsrfField token={props.csrf} />
          <Field name="code" label={t('login.code')}>
            {(a) => (
              <input inputMode="numeric" autocomplete="one-time-code" pattern="[0-9 ]{6,7}" required {...a} />
            )}
          </Field>
          <button type="submit">{t('login.verify')}</button>
        </form>
      </div>
    </AdminLayout>,
  );
}

export function resetRequestPage(site: Site, message?: string): string {
  return renderDocument(
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
            {(a) => <input type="email" autocomplete="username" required {...a} />}
          </Field>
          <button type="submit">{t('reset.submit')}</button>
        </form>
      </div>
    </AdminLayout>,
  );
}

export function newPasswordPage(site: Site, props: { token: string; error?: string }): string {
  const { token, error } = props;
  return renderDocument(
    <AdminLayout site={site} staff={null} title={t('reset.newTitle')}>
      <div class="page--narrow">
        <h1>{t('reset.newTitle')}</h1>
        <ErrorSummary title={t('admin.errors')} errors={{ password: error }} />
        <form method="post" action={`/admin/reset/${token}`} class="form">
          <Field name="password" label={t('reset.newPassword')} hint={t('reset.hint')} error={error}>
            {(a) => <input type="password" autocomplete="new-password" minLength={12} required {...a} />}
          </Field>
          <button type="submit">{t('reset.save')}</button>
        </form>
      </div>
    </AdminLayout>,
  );
}

export function setupPage(
  site: Site,
  props: { errors?: FieldErrors; values?: { name?: string; email?: string } } = {},
): string {
  const { errors = {}, values = {} } = props;
  return renderDocument(
    <AdminLayout site={site} staff={null} title={t('setup.title')}>
      <div class="page--narrow">
        <h1>{t('setup.title')}</h1>
        <p>{t('setup.intro')}</p>
        <ErrorSummary title={t('admin.errors')} errors={errors} />
        <form method="post" action="/admin/setup" class="form">
          <Field name="name" label={t('setup.name')} error={errors.name}>
            {(a) => <input required value={values.name ?? ''} autocomplete="name" {...a} />}
          </Field>
          <Field name="email" label={t('login.email')} error={errors.email}>
            {(a) => <input type="email" required value={values.email ?? ''} autocomplete="username" {...a} />}
          </Field>
          <Field name="password" label={t('login.password')} hint={t('reset.hint')} error={errors.password}>
            {(a) => <input type="password" required minLength={12} autocomplete="new-password" {...a} />}
          </Field>
          <button type="submit">{t('setup.submit')}</button>
        </form>
      </div>
    </AdminLayout>,
  );
}

export function setupClosedPage(site: Site): string {
  return renderDocument(
    <AdminLayout site={site} staff={null} title={t('setup.title')}>
      <h1>{t('setup.title')}</h1>
      <p>{t('setup.closed')}</p>
    </AdminLayout>,
  );
}
