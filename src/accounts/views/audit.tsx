import type { Selectable } from 'kysely';
import type { AuditLogTable } from '../../platform/db/index.js';
import { formatUtcMinute, t } from '../../platform/i18n/index.js';
import { Pager } from '../../platform/views/components.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import { auditText } from '../audit.js';
import type { Staff } from '../service.js';
import { AdminLayout } from './admin-layout.js';

export interface AuditPageProps {
  staff: Staff | null;
  rows: readonly Selectable<AuditLogTable>[];
  page: number;
  pages: number;
}

export function auditPage(site: Site, props: AuditPageProps): string {
  const { staff, rows, page, pages } = props;
  return renderDocument(
    <AdminLayout site={site} staff={staff} title={t('audit.title')} current="/admin/audit">
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
                <time dateTime={r.created_at}>{formatUtcMinute(r.created_at)}</time>
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
  );
}
