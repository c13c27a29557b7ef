import { t } from '../../platform/i18n/index.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors } from '../../platform/views/forms.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import type { Staff } from '../service.js';
import { AdminLayout } from './admin-layout.js';

/**
 * The second factor as the page offers it: on (it can be turned off), or off with a new secret and
 * its otpauth link to put on a phone (the same secret again after a refused attempt, so the phone
 * that already scanned it stays right).
 */
export type TwoFactorOffer = { on: true } | { on: false; secret: string; uri: string };

export interface AccountPageProps {
  staff: Staff;
  csrf: string;
  errors?: FieldErrors;
  twoFactor: TwoFactorOffer;
}

export function accountPage(site: Site, props: AccountPageProps): string {
  const { staff, csrf, errors = {}, twoFactor } = props;
  return renderDocument(
    <AdminLayout site={site} staff={staff} title={t('account.title')} current="/admin/account">
      <h1>{t('account.title')}</h1>
      <ErrorSummary title={t('admin.errors')} errors={errors} />
      <h2>{t('account.password')}</h2>
      <form method="post" action="/admin/account/password" class="form">
        <CsrfField token={csrf} />
        <Field name="current" label={t('account.current')} error={errors.current}>
          {(a) => <input type="password" required autocomplete="current-password" {...a} />}
        </Field>
        <Field
          name="password"
          label={t('account.newPassword')}
          hint={t('reset.hint')}
          error={errors.password}
        >
          {(a) => <input type="password" required minLength={12} autocomplete="new-password" {...a} />}
        </Field>
        <button type="submit">{t('account.passwordSave')}</button>
      </form>
      <h2>{t('account.2fa')}</h2>
      {twoFactor.on ? (
        <form method="post" action="/admin/account/2fa/off" class="form">
          <p>{t('account.2faOn')}</p>
          <CsrfField token={csrf} />
          <Field name="off_password" label={t('account.current')} error={errors.off_password}>
            {(a) => <input type="password" required autocomplete="current-password" {...a} />}
          </Field>
          <button type="submit">{t('account.2faDisable')}</button>
        </form>
      ) : (
        <form method="post" action="/admin/account/2fa" class="form">
          <p>{t('account.2faOff')}</p>
          <p>{t('account.2faSecret')}</p>
          <p>
            <code class="secret">{twoFactor.secret}</code>
          </p>
          <p>
            <a href={twoFactor.uri}>{twoFactor.uri}</a>
          </p>
          <CsrfField token={csrf} />
          <input type="hidden" name="secret" value={twoFactor.secret} />
          <Field name="code" label={t('login.code')} error={errors.code}>
            {(a) => <input inputMode="numeric" autocomplete="one-time-code" required {...a} />}
          </Field>
          <Field name="on_password" label={t('account.current')} error={errors.on_password}>
            {(a) => <input type="password" required autocomplete="current-password" {...a} />}
          </Field>
          <button type="submit">{t('account.2faEnable')}</button>
        </form>
      )}
    </AdminLayout>,
  );
}
