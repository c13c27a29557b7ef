import type { ComponentChildren } from 'preact';
import { currentLanguage, t } from '../../platform/i18n/index.js';
import { CsrfField } from '../../platform/views/forms.js';
import { IconLinks, LanguageSwitch } from '../../platform/views/layout.js';
import type { Site } from '../../platform/views/site.js';
import { menuFor } from '../policy.js';
import type { Staff } from '../service.js';
import { csrfToken } from '../tokens.js';

export interface AdminPageProps {
  site: Site;
  title: string;
  staff: Staff | null;
  current?: string;
  children: ComponentChildren;
}

/** The admin shell: a plain page with the staff menu; no public cache ever stores it. */
export function AdminLayout(props: AdminPageProps) {
  const { site, staff } = props;
  return (
    <html lang={currentLanguage()}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.title} | ${t('admin.title')} | ${site.name}`}</title>
        <IconLinks site={site} />
        <link rel="stylesheet" href={site.assets.css} />
        <script src={site.assets.js} defer />
      </head>
      <body class="admin">
        <a class="skip-link" href="#main">
          {t('site.skip')}
        </a>
        <header class="site-header admin-header">
          <div class="site-header__bar">
            <a class="brand" href={staff ? '/admin' : '/'}>
              {site.name} · {t('admin.title')}
            </a>
            <LanguageSwitch />
          </div>
          {staff && staff.session.stage === 'active' ? (
            <nav class="main-menu admin-menu" aria-label={t('admin.nav')}>
              <ul>
                {menuFor(staff.user.role).map((m) => (
                  <li key={m.href}>
                    <a href={m.href} aria-current={props.current === m.href ? 'page' : undefined}>
                      {t(m.key)}
                    </a>
                  </li>
                ))}
                <li>
                  <a href="/">{t('admin.nav.site')}</a>
                </li>
              </ul>
            </nav>
          ) : null}
          {staff ? (
            <form class="admin-logout" method="post" action="/admin/logout">
              <CsrfField token={csrfToken(staff.session.csrf_secret)} />
              <span class="admin-logout__who">
                {t('admin.signedInAs', { name: staff.user.name, role: t(`role.${staff.user.role}`) })}
              </span>{' '}
              <button type="submit">{t('admin.logout')}</button>
            </form>
          ) : null}
        </header>
        <main id="main" tabindex={-1} class="page admin-page">
          {props.children}
        </main>
      </body>
    </html>
  );
}
