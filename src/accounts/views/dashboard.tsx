import type { VNode } from 'preact';
import { t } from '../../platform/i18n/index.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import type { Staff } from '../service.js';
import { AdminLayout } from './admin-layout.js';

/** The admin's first page: the sections every room declared for this person (policy.ts). */
export function dashboardPage(site: Site, props: { staff: Staff; sections: readonly VNode[] }): string {
  return renderDocument(
    <AdminLayout site={site} staff={props.staff} title={t('dashboard.title')} current="/admin">
      <h1>{t('dashboard.title')}</h1>
      {props.sections}
    </AdminLayout>,
  );
}
