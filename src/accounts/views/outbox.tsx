import type { Selectable } from 'kysely';
import type { MailOutboxTable } from '../../platform/db/index.js';
import { formatUtcMinute, t } from '../../platform/i18n/index.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import type { Staff } from '../service.js';
import { AdminLayout } from './admin-layout.js';

export function outboxPage(
  site: Site,
  props: { staff: Staff | null; mail: readonly Selectable<MailOutboxTable>[] },
): string {
  const { staff, mail } = props;
  return renderDocument(
    <AdminLayout site={site} staff={staff} title={t('outbox.title')} current="/admin/outbox">
      <h1>{t('outbox.title')}</h1>
      <p>{t('outbox.intro')}</p>
      {mail.length === 0 ? <p>{t('outbox.empty')}</p> : null}
      {mail.map((m) => (
        <article key={m.id} class="mail">
          <h2>{m.subject}</h2>
          <p>
            {t('outbox.to')}: {m.to_address} ·{' '}
            <time dateTime={m.created_at}>{formatUtcMinute(m.created_at)}</time>
          </p>
          <pre class="mail__body">{m.text_body}</pre>
        </article>
      ))}
    </AdminLayout>,
  );
}
