import { h } from 'preact';
import { AdminLayout, type Staff } from '../../accounts/index.js';
import {
  SUBSCRIBER_FREQUENCIES,
  SUBSCRIBER_STATUSES,
  type SubscriberFrequency,
  type SubscriberStatus,
  type SuppressionReason,
} from '../../platform/db/index.js';
import { formatUtcMinute, t } from '../../platform/i18n/index.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors, SelectField } from '../../platform/views/forms.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import type { ListedSubscriber } from '../admin-queries.js';
import type { ImportPlan, RowNote } from '../import.js';
import { MAX_IMPORT_BYTES, MAX_IMPORT_ROWS } from '../import-rules.js';
import { type FollowTarget, LANGUAGES, TARGET_KINDS } from '../rules.js';
import type { ConsentProof } from '../service.js';
import { ConsentEvents } from './admin.js';

const LIST = '/admin/subscribers';
const IMPORT = '/admin/subscribers/import';

/** The filters as the form shows them again: the address bar's values. */
export interface FilterFields {
  follow: string;
  status: string;
  language: string;
  frequency: string;
  q: string;
  match: string;
}

function Select(props: {
  name: keyof FilterFields;
  label: string;
  value: string;
  options: ReadonlyArray<{ value: string; label: string }>;
}) {
  return (
    <SelectField
      name={props.name}
      label={props.label}
      none={t('subscribers.any')}
      choices={props.options}
      selected={props.value}
    />
  );
}

export function subscribersPage(
  site: Site,
  props: {
    staff: Staff | null;
    fields: FilterFields;
    targets: readonly FollowTarget[];
    rows: ReadonlyArray<ListedSubscriber & { follows: string[] }>;
    total: number;
    /** The query of these filters, without the page (`status=confirmed&…`). */
    query: string;
    first: boolean;
    nextAfter: number | null;
    canImport: boolean;
  },
): string {
  const { fields } = props;
  const withQuery = (path: string, extra = '') => {
    const q = [props.query, extra].filter(Boolean).join('&');
    return q ? `${path}?${q}` : path;
  };
  return renderDocument(
    <AdminLayout site={site} staff={props.staff} title={t('subscribers.title')} current={LIST}>
      <h1>{t('subscribers.title')}</h1>
      <p>{t('subscribers.intro')}</p>
      {props.canImport ? (
        <p>
          <a href={IMPORT}>{t('subscribers.importLink')}</a>
        </p>
      ) : null}
      <form method="get" action={LIST} class="form" aria-label={t('subscribers.filters')}>
        <Field name="follow" label={t('subscribers.follow')}>
          {(attrs) =>
            h(
              'select',
              attrs,
              <>
                <option value="">{t('subscribers.any')}</option>
                <option value="everything" selected={fields.follow === 'everything'}>
                  {t('subscribers.everything')}
                </option>
                {TARGET_KINDS.map((kind) => (
                  <optgroup key={kind} label={t(`subscribers.kind.${kind}`)}>
                    {props.targets
                      .filter((x) => x.kind === kind)
                      .map((x) => (
                        <option
                          key={x.id}
                          value={`${kind}:${x.id}`}
                          selected={fields.follow === `${kind}:${x.id}`}
                        >
                          {x.name}
                        </option>
                      ))}
                  </optgroup>
                ))}
              </>,
            )
          }
        </Field>
        <Select
          name="status"
          label={t('subscribers.status')}
          value={fields.status}
          options={SUBSCRIBER_STATUSES.map((s) => ({ value: s, label: t(`subscribers.status.${s}`) }))}
        />
        <Select
          name="language"
          label={t('subscribers.language')}
          value={fields.language}
          options={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))}
        />
        <Select
          name="frequency"
          label={t('subscribers.frequency')}
          value={fields.frequency}
          options={SUBSCRIBER_FREQUENCIES.map((f) => ({ value: f, label: t(`subscribers.frequency.${f}`) }))}
        />
        <Field name="q" label={t('subscribers.search')}>
          {(attrs) => <input type="search" value={fields.q} maxLength={254} autocomplete="off" {...attrs} />}
        </Field>
        <SelectField
          name="match"
          label={t('subscribers.match')}
          choices={(['contains', 'prefix'] as const).map((m) => ({
            value: m,
            label: t(`subscribers.match.${m}`),
          }))}
          selected={fields.match}
        />
        <button type="submit">{t('subscribers.apply')}</button> <a href={LIST}>{t('subscribers.clear')}</a>
      </form>
      <p role="status">{t('subscribers.total', { count: props.total.toLocaleString('en') })}</p>
      {props.total > 0 ? (
        <p>
          <a href={withQuery(`${LIST}/export`)} download>
            {t('subscribers.export', { count: props.total.toLocaleString('en') })}
          </a>
        </p>
      ) : null}
      {props.rows.length === 0 ? (
        <p>{t('subscribers.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('subscribers.email')}</th>
              <th scope="col">{t('subscribers.name')}</th>
              <th scope="col">{t('subscribers.status')}</th>
              <th scope="col">{t('subscribers.frequency')}</th>
              <th scope="col">{t('subscribers.language')}</th>
              <th scope="col">{t('subscribers.follows')}</th>
              <th scope="col">{t('subscribers.created')}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={r.id}>
                <td>
                  <a href={`${LIST}/${r.id}`}>{r.email}</a>
                </td>
                <td>{r.name ?? ''}</td>
                <td>{t(`subscribers.status.${r.status}`)}</td>
                <td>{t(`subscribers.frequency.${r.frequency}`)}</td>
                <td>{r.language}</td>
                <td>{r.follows.join(', ')}</td>
                <td>
                  <time dateTime={r.created_at}>{formatUtcMinute(r.created_at)}</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!props.first || props.nextAfter !== null ? (
        <nav class="pager" aria-label={t('subscribers.pages')}>
          <ul>
            {!props.first ? (
              <li>
                <a href={withQuery(LIST)}>{t('subscribers.first')}</a>
              </li>
            ) : null}
            {props.nextAfter !== null ? (
              <li>
                <a href={withQuery(LIST, `after=${props.nextAfter}`)} rel="next">
                  {t('subscribers.older')}
                </a>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </AdminLayout>,
  );
}

export interface HistoryView {
  subscriber: {
    id: number;
    email: string;
    name: string | null;
    language: string;
    frequency: SubscriberFrequency;
    status: SubscriberStatus;
    created_at: string;
    confirmed_at: string | null;
  };
  follows: string[];
  suppression: { reason: SuppressionReason } | null;
  proof: ConsentProof;
  deliveries: ReadonlyArray<{
    alert_id: number;
    title: string;
    status: string;
    attempts: number;
    sent_at: string | null;
    last_error: string | null;
  }>;
  digests: ReadonlyArray<{ period: string; status: string; sent_at: string | null; created_at: string }>;
  waiting: number;
}

const When = (props: { iso: string | null }) =>
  props.iso ? <time dateTime={props.iso}>{formatUtcMinute(props.iso)}</time> : null;

export function historyPage(site: Site, props: { staff: Staff | null } & HistoryView): string {
  const s = props.subscriber;
  const proofQuery = `email=${encodeURIComponent(s.email)}`;
  return renderDocument(
    <AdminLayout site={site} staff={props.staff} title={s.email} current={LIST}>
      <p>
        <a href={LIST}>{t('subscribers.back')}</a>
      </p>
      <h1>{t('subscribers.history', { email: s.email })}</h1>
      <section aria-labelledby="history-details">
        <h2 id="history-details">{t('subscribers.details')}</h2>
        <dl>
          <dt>{t('subscribers.name')}</dt>
          <dd>{s.name ?? ''}</dd>
          <dt>{t('subscribers.status')}</dt>
          <dd>{t(`subscribers.status.${s.status}`)}</dd>
          <dt>{t('subscribers.frequency')}</dt>
          <dd>{t(`subscribers.frequency.${s.frequency}`)}</dd>
          <dt>{t('subscribers.language')}</dt>
          <dd>{s.language}</dd>
          <dt>{t('subscribers.created')}</dt>
          <dd>
            <When iso={s.created_at} />
          </dd>
          <dt>{t('subscribers.confirmed')}</dt>
          <dd>
            <When iso={s.confirmed_at} />
          </dd>
          <dt>{t('subscribers.follows')}</dt>
          <dd>{props.follows.length > 0 ? props.follows.join(', ') : t('subscribers.followsNone')}</dd>
        </dl>
        <p>
          {props.suppression
            ? t('subscribers.suppressedYes', { reason: t(`suppressions.reason.${props.suppression.reason}`) })
            : t('subscribers.suppressedNo')}
        </p>
      </section>
      <section aria-labelledby="history-consent">
        <h2 id="history-consent">{t('subscribers.consent')}</h2>
        <p>
          <a href={`/admin/subscribers/consent/export?${proofQuery}&format=csv`} download>
            {t('subscribers.consentCsv')}
          </a>{' '}
          ·{' '}
          <a href={`/admin/subscribers/consent/export?${proofQuery}&format=json`} download>
            {t('subscribers.consentJson')}
          </a>
        </p>
        <ConsentEvents events={props.proof.events} />
      </section>
      <section aria-labelledby="history-alerts">
        <h2 id="history-alerts">{t('subscribers.alerts')}</h2>
        {props.deliveries.length === 0 ? (
          <p>{t('subscribers.alertsNone')}</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('subscribers.alert.item')}</th>
                <th scope="col">{t('subscribers.alert.status')}</th>
                <th scope="col">{t('subscribers.alert.attempts')}</th>
                <th scope="col">{t('subscribers.alert.sent')}</th>
                <th scope="col">{t('subscribers.alert.error')}</th>
              </tr>
            </thead>
            <tbody>
              {props.deliveries.map((d) => (
                <tr key={d.alert_id}>
                  <td>
                    <a href={`/admin/subscribers/alerts/${d.alert_id}`}>{d.title}</a>
                  </td>
                  <td>{d.status}</td>
                  <td>{d.attempts}</td>
                  <td>
                    <When iso={d.sent_at} />
                  </td>
                  <td>{d.last_error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="history-digests">
        <h2 id="history-digests">{t('subscribers.digests')}</h2>
        {props.waiting > 0 ? <p>{t('subscribers.digestsWaiting', { count: props.waiting })}</p> : null}
        {props.digests.length === 0 ? (
          <p>{t('subscribers.digestsNone')}</p>
        ) : (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('subscribers.digest.period')}</th>
                <th scope="col">{t('subscribers.alert.status')}</th>
                <th scope="col">{t('subscribers.alert.sent')}</th>
              </tr>
            </thead>
            <tbody>
              {props.digests.map((d) => (
                <tr key={d.period}>
                  <td>{d.period}</td>
                  <td>{d.status}</td>
                  <td>
                    <When iso={d.sent_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AdminLayout>,
  );
}

/** Rows shown of each kind in a preview: the counts say how many more there are. */
const NOTES_SHOWN = 500;

function Notes(props: { id: string; title: string; notes: readonly RowNote[] }) {
  if (props.notes.length === 0) return null;
  const shown = props.notes.slice(0, NOTES_SHOWN);
  return (
    <section aria-labelledby={props.id}>
      <h3 id={props.id}>{props.title}</h3>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{t('subscribers.import.row')}</th>
            <th scope="col">{t('subscribers.email')}</th>
            <th scope="col">{t('subscribers.import.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((n) => (
            <tr key={n.row}>
              <td>{n.row}</td>
              <td>{n.email}</td>
              <td>{n.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {props.notes.length > shown.length ? (
        <p>{t('subscribers.import.more', { count: props.notes.length - shown.length })}</p>
      ) : null}
    </section>
  );
}

export function importPage(
  site: Site,
  props: {
    staff: Staff | null;
    csrf: string;
    errors: FieldErrors;
    notice?: string;
    preview?: { id: number; plan: ImportPlan };
  },
): string {
  const { preview } = props;
  const hasErrors = Object.keys(props.errors).length > 0;
  return renderDocument(
    <AdminLayout
      site={site}
      staff={props.staff}
      title={
        hasErrors ? `${t('admin.errors')}: ${t('subscribers.import.title')}` : t('subscribers.import.title')
      }
      current={LIST}
    >
      <p>
        <a href={LIST}>{t('subscribers.back')}</a>
      </p>
      <h1>{t('subscribers.import.title')}</h1>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {preview ? (
        <section aria-labelledby="import-preview">
          <h2 id="import-preview">{t('subscribers.import.previewTitle')}</h2>
          <p role="status">
            {t('subscribers.import.summary', {
              added: preview.plan.add.length,
              skipped: preview.plan.skipped.length,
              refused: preview.plan.refused.length,
            })}
          </p>
          {preview.plan.add.length > 0 ? (
            <form method="post" action={`${IMPORT}/confirm`}>
              <CsrfField token={props.csrf} />
              <input type="hidden" name="id" value={String(preview.id)} />
              <button type="submit">
                {t('subscribers.import.confirm', { count: preview.plan.add.length })}
              </button>{' '}
              <a href={IMPORT}>{t('subscribers.import.cancel')}</a>
            </form>
          ) : (
            <p>
              {t('subscribers.import.nothing')} <a href={IMPORT}>{t('subscribers.import.cancel')}</a>
            </p>
          )}
          <Notes
            id="import-refused"
            title={t('subscribers.import.refusedTitle')}
            notes={preview.plan.refused}
          />
          <Notes
            id="import-skipped"
            title={t('subscribers.import.skippedTitle')}
            notes={preview.plan.skipped}
          />
        </section>
      ) : (
        <>
          <p>{t('subscribers.import.intro')}</p>
          <ErrorSummary errors={props.errors} title={t('admin.errors')} />
          {/* A multipart body is read by the handler, after the guard: the CSRF token rides in the address. */}
          <form
            method="post"
            action={`${IMPORT}?_csrf=${encodeURIComponent(props.csrf)}`}
            enctype="multipart/form-data"
            class="form"
          >
            <Field
              name="file"
              label={t('subscribers.import.file')}
              hint={t('subscribers.import.format', {
                rows: MAX_IMPORT_ROWS.toLocaleString('en'),
                size: MAX_IMPORT_BYTES / 1024 / 1024,
              })}
              error={props.errors.file}
            >
              {(attrs) => <input type="file" accept=".csv,text/csv" required {...attrs} />}
            </Field>
            <button type="submit">{t('subscribers.import.preview')}</button>
          </form>
        </>
      )}
    </AdminLayout>,
  );
}
