import { ROLES, type Role, type UserRow } from '../../platform/db/index.js';
import { formatDate, t } from '../../platform/i18n/index.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors, SelectField } from '../../platform/views/forms.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import type { Staff } from '../service.js';
import { AdminLayout } from './admin-layout.js';

export interface UsersPageProps {
  staff: Staff | null;
  csrf: string;
  users: readonly UserRow[];
  errors?: FieldErrors;
  /** What was typed into the new-account form, shown again beside its errors. */
  values?: { name?: string; email?: string; role?: Role };
}

export function usersPage(site: Site, props: UsersPageProps): string {
  const { staff, csrf, users, errors = {}, values = {} } = props;
  return renderDocument(
    <AdminLayout site={site} staff={staff} title={t('users.title')} current="/admin/users">
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
                  <CsrfField token={csrf} />
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
        <CsrfField token={csrf} />
        <Field name="name" label={t('users.name')} error={errors.name}>
          {(a) => <input required value={values.name ?? ''} {...a} />}
        </Field>
        <Field name="email" label={t('users.email')} error={errors.email}>
          {(a) => <input type="email" required value={values.email ?? ''} {...a} />}
        </Field>
        <SelectField
          name="role"
          label={t('users.role')}
          error={errors.role}
          choices={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          selected={values.role}
        />
        <Field name="password" label={t('users.password')} hint={t('reset.hint')} error={errors.password}>
          {(a) => <input type="password" required minLength={12} autocomplete="new-password" {...a} />}
        </Field>
        <button type="submit">{t('users.create')}</button>
      </form>
    </AdminLayout>,
  );
}
