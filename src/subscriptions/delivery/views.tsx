import type { Selectable } from 'kysely';
import { AdminLayout, type Staff } from '../../accounts/index.js';
import type { AlertTable } from '../../platform/db/index.js';
import { formatUtcMinute, t } from '../../platform/i18n/index.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import type { undeliveredDigests } from './digest-queries.js';
import type { DeliveryCounts } from './queries.js';

export const ALERTS_PATH = '/admin/subscribers/alerts';

type Alert = Selectable<AlertTable>;

function CountCells({ counts }: { counts: DeliveryCounts }) {
  return (
    <>
      <td>{counts.queued + counts.sending}</td>
      <td>{counts.sent}</td>
      <td>{counts.failed}</td>
      <td>{counts.dead}</td>
      <td>{counts.suppressed}</td>
      <td>{counts.cancelled}</td>
      <td>{counts.digest}</td>
    </>
  );
}

function CountHeads() {
  return (
    <>
      <th scope="col">{t('delivery.queued')}</th>
      <th scope="col">{t('delivery.sent')}</th>
      <th scope="col">{t('delivery.failed')}</th>
      <th scope="col">{t('delivery.dead')}</th>
      <th scope="col">{t('delivery.suppressed')}</th>
      <th scope="col">{t('delivery.cancelled')}</th>
      <th scope="col">{t('delivery.digest')}</th>
    </>
  );
}

const SUPPRESSION_REASONS = ['bounce', 'complaint', 'manual', 'unsubscribed', 'erased'] as const;

/** A suppression list's reason in words (an unknown one as it is). */
export const suppressionReasonText = (reason: string) =>
  (SUPPRESSION_REASONS as readonly string[]).includes(reason)
    ? t(`suppressions.reason.${reason as (typeof SUPPRESSION_REASONS)[number]}`)
    : reason;

/** Those an alert skipped because their address is on the suppression list, and the list's reason. */
function Suppressed({ rows }: { rows: ReadonlyArray<{ email: string; reason: string }> }) {
  return (
    <section aria-labelledby="alert-suppressed">
      <h2 id="alert-suppressed">{t('delivery.suppressedTitle')}</h2>
      {rows.length === 0 ? (
        <p>{t('delivery.suppressedNone')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('delivery.email')}</th>
              <th scope="col">{t('suppressions.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.email}>
                <td>{r.email}</td>
                <td>{suppressionReasonText(r.reason)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export type UndeliveredDigest = Awaited<ReturnType<typeof undeliveredDigests>>[number];

function UndeliveredDigests({ digests }: { digests: UndeliveredDigest[] }) {
  return (
    <section aria-labelledby="digests-refused">
      <h2 id="digests-refused">{t('delivery.digestsTitle')}</h2>
      <p>{t('delivery.digestsIntro')}</p>
      {digests.length === 0 ? (
        <p>{t('delivery.digestsNone')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('delivery.email')}</th>
              <th scope="col">{t('delivery.digestPeriod')}</th>
              <th scope="col">{t('delivery.digestState')}</th>
              <th scope="col">{t('delivery.attempts')}</th>
              <th scope="col">{t('delivery.digestNext')}</th>
              <th scope="col">{t('delivery.error')}</th>
            </tr>
          </thead>
          <tbody>
            {digests.map((d) => (
              <tr key={`${d.email}:${d.period}`}>
                <td>{d.email}</td>
                <td>{d.period}</td>
                <td>{t(`delivery.digestState.${d.status as 'failed' | 'dead'}`)}</td>
                <td>{d.tries}</td>
                <td>
                  {d.retry_at ? <time dateTime={d.retry_at}>{formatUtcMinute(d.retry_at)}</time> : null}
                </td>
                <td>{d.error}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function alertsPage(
  site: Site,
  props: {
    staff: Staff | null;
    alerts: Array<{ alert: Alert; counts: DeliveryCounts }>;
    digests: UndeliveredDigest[];
  },
): string {
  return renderDocument(
    <AdminLayout site={site} staff={props.staff} title={t('delivery.title')} current={ALERTS_PATH}>
      <h1>{t('delivery.title')}</h1>
      <p>{t('delivery.intro')}</p>
      <p>
        <a href="/admin/subscribers/network">{t('network.sends.title')}</a>
      </p>
      {props.alerts.length === 0 ? (
        <p role="status">{t('delivery.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('delivery.item')}</th>
              <th scope="col">{t('delivery.published')}</th>
              <CountHeads />
            </tr>
          </thead>
          <tbody>
            {props.alerts.map(({ alert, counts }) => (
              <tr key={alert.id}>
                <td>
                  <a href={`${ALERTS_PATH}/${alert.id}`}>{alert.title}</a>
                </td>
                <td>
                  <time dateTime={alert.published_at}>{formatUtcMinute(alert.published_at)}</time>
                </td>
                <CountCells counts={counts} />
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <UndeliveredDigests digests={props.digests} />
    </AdminLayout>,
  );
}

export function alertPage(
  site: Site,
  props: {
    staff: Staff | null;
    alert: Alert;
    counts: DeliveryCounts;
    dead: Array<{ email: string; attempts: number; last_error: string | null }>;
    suppressed: ReadonlyArray<{ email: string; reason: string }>;
  },
): string {
  const { alert, counts, dead } = props;
  const title = t('delivery.alertTitle', { title: alert.title });
  return renderDocument(
    <AdminLayout site={site} staff={props.staff} title={title} current={ALERTS_PATH}>
      <p>
        <a href={ALERTS_PATH}>{t('delivery.back')}</a>
      </p>
      <h1>{title}</h1>
      {alert.withdrawn_at ? (
        <p role="status">{t('delivery.withdrawn', { when: formatUtcMinute(alert.withdrawn_at) })}</p>
      ) : null}
      <table class="table">
        <thead>
          <tr>
            <CountHeads />
          </tr>
        </thead>
        <tbody>
          <tr>
            <CountCells counts={counts} />
          </tr>
        </tbody>
      </table>
      <h2>{t('delivery.deadTitle')}</h2>
      {dead.length === 0 ? (
        <p>{t('delivery.deadNone')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('delivery.email')}</th>
              <th scope="col">{t('delivery.attempts')}</th>
              <th scope="col">{t('delivery.error')}</th>
            </tr>
          </thead>
          <tbody>
            {dead.map((d) => (
              <tr key={d.email}>
                <td>{d.email}</td>
                <td>{d.attempts}</td>
                <td>
                  <code>{d.last_error ?? ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Suppressed rows={props.suppressed} />
    </AdminLayout>,
  );
}
