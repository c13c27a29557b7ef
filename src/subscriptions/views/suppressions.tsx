import { AdminLayout, type Staff } from '../../accounts/index.js';
import type { SuppressionReason } from '../../platform/db/index.js';
import { formatUtcMinute, t } from '../../platform/i18n/index.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors, SelectField } from '../../platform/views/forms.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';

const CURRENT = '/admin/subscribers/suppressions';

export interface SuppressionRowView {
  email_hash: string;
  email: string | null;
  reason: SuppressionReason;
  source: string;
  note: string;
  occurred_at: string;
}

export function suppressionsPage(
  site: Site,
  props: {
    staff: Staff | null;
    csrf: string;
    /** Only who may add to the list may take off it (`subscriber.suppress`). */
    canLift: boolean;
    rows: readonly SuppressionRowView[];
    added: boolean;
    errors: FieldErrors;
    fields: { email?: string };
  },
): string {
  return renderDocument(
    <AdminLayout site={site} staff={props.staff} title={t('suppressions.title')} current={CURRENT}>
      <h1>{t('suppressions.title')}</h1>
      <p>{t('suppressions.intro')}</p>
      {props.added ? <p role="status">{t('suppressions.added')}</p> : null}
      <ErrorSummary errors={props.errors} title={t('subscribe.errors')} />
      <form method="post" action={CURRENT} class="form" novalidate>
        <CsrfField token={props.csrf} />
        <h2>{t('suppressions.add')}</h2>
        <Field name="email" label={t('suppressions.email')} error={props.errors.email}>
          {(attrs) => (
            <input type="email" maxLength={254} required value={props.fields.email ?? ''} {...attrs} />
          )}
        </Field>
        <SelectField
          name="reason"
          label={t('suppressions.reason')}
          choices={(['manual', 'bounce', 'complaint'] as const).map((r) => ({
            value: r,
            label: t(`suppressions.reason.${r}`),
          }))}
        />
        <Field name="note" label={t('suppressions.note')}>
          {(attrs) => <input type="text" maxLength={500} {...attrs} />}
        </Field>
        <button type="submit">{t('suppressions.submit')}</button>
      </form>
      {props.rows.length === 0 ? (
        <p>{t('suppressions.empty')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('suppressions.when')}</th>
              <th scope="col">{t('suppressions.address')}</th>
              <th scope="col">{t('suppressions.reason')}</th>
              <th scope="col">{t('suppressions.source')}</th>
              <th scope="col">{t('suppressions.note')}</th>
              {props.canLift ? <th scope="col">{t('suppressions.actions')}</th> : null}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.email_hash}>
                <td>
                  <time dateTime={r.occurred_at}>{formatUtcMinute(r.occurred_at)}</time>
                </td>
                <td>{r.email ?? <code title={r.email_hash}>{t('suppressions.unknownAddress')}</code>}</td>
                <td>{t(`suppressions.reason.${r.reason}`)}</td>
                <td>{r.source}</td>
                <td>{r.note}</td>
                {props.canLift ? (
                  <td>
                    <form method="post" action={`${CURRENT}/lift`}>
                      <CsrfField token={props.csrf} />
                      <input type="hidden" name="email_hash" value={r.email_hash} />
                      <button
                        type="submit"
                        aria-label={t('suppressions.liftLabel', {
                          address: r.email ?? t('suppressions.unknownAddress'),
                        })}
                      >
                        {t('suppressions.lift')}
                      </button>
                    </form>
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>,
  );
}
