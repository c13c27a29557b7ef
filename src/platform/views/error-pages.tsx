import { currentLanguage, localizePath, t } from '../i18n/index.js';
import { Layout, SearchForm } from './layout.js';
import { renderDocument } from './render.js';
import type { Site } from './site.js';

export function notFoundPage(site: Site): string {
  return renderDocument(
    <Layout site={site} meta={{ title: t('notFound.title'), noindex: true }}>
      <div class="page page--narrow">
        <h1>{t('notFound.title')}</h1>
        <p>{t('notFound.body')}</p>
        <p>{t('notFound.search')}</p>
        <SearchForm id="not-found-search" label={t('notFound.searchLabel')} />
        <p>
          <a href={localizePath('/', currentLanguage())}>{t('notFound.home')}</a>
        </p>
      </div>
    </Layout>,
  );
}

export function badRequestPage(site: Site, detail: string): string {
  return renderDocument(
    <Layout site={site} meta={{ title: t('badRequest.title'), noindex: true }}>
      <div class="page page--narrow">
        <h1>{t('badRequest.title')}</h1>
        <p>{t('badRequest.body', { detail })}</p>
        <p>
          <a href={localizePath('/', currentLanguage())}>{t('notFound.home')}</a>
        </p>
      </div>
    </Layout>,
  );
}

export function errorPage(site: Site): string {
  return renderDocument(
    <Layout site={site} meta={{ title: t('error.title'), noindex: true }}>
      <div class="page page--narrow">
        <h1>{t('error.title')}</h1>
        <p>{t('error.body')}</p>
        <p>
          <a href={localizePath('/', currentLanguage())}>{t('error.home')}</a>
        </p>
      </div>
    </Layout>,
  );
}
