import { AdminLayout, type Staff } from '../accounts/index.js';
import { WEBHOOK_EVENT_KINDS, type WebhookDeliveryStatus } from '../platform/db/index.js';
import { formatUtcMinute, t } from '../platform/i18n/index.js';
import {
  CsrfField,
  ErrorSummary,
  Field,
  type FieldErrors,
  type SubmittedFields,
} from '../platform/views/forms.js';
import { renderDocument } from '../platform/views/render.js';
import type { Site } from '../platform/views/site.js';
import type { EndpointView } from './endpoints.js';

const LIST = '/admin/webhooks';

export interface PageBase {
  site: Site;
  staff: Staff | null;
  csrf: string;
}

export type ListNotice = 'added' | 'changed' | 'deleted' | 'tested' | 'test-refused';

const NOTICE_TEXT: Record<ListNotice, Parameters<typeof t>[0]> = {
  added: 'webhooks.added',
  changed: 'webhooks.changed',
  deleted: 'webhooks.deleted',
  tested: 'webhooks.tested',
  'test-refused': 'webhooks.testRefused',
};

export type EndpointNotice = 'resent' | 'changed' | 'tested';

const ENDPOINT_NOTICE_TEXT: Record<EndpointNotice, Parameters<typeof t>[0]> = {
  resent: 'webhooks.resent',
  changed: 'webhooks.changed',
  tested: 'webhooks.tested',
};

/** The buttons of an endpoint: on or off, a test event, delete. */
function EndpointButtons(props: {
  csrf: string;
  endpoint: { id: number; url: string; active: number };
  /** Pressed on the endpoint's own page: the answer comes back to it. */
  onItsPage?: boolean;
}) {
  const { id, url, active } = props.endpoint;
  const base = `${LIST}/${id}`;
  const from = props.onItsPage ? <input type="hidden" name="from" value="endpoint" /> : null;
  return (
    <>
      <form method="post" action={`${base}/active`}>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="active" value={active === 1 ? '0' : '1'} />
        {from}
        <button
          type="submit"
          aria-label={t(active === 1 ? 'webhooks.disableLabel' : 'webhooks.enableLabel', { url })}
        >
          {t(active === 1 ? 'webhooks.disable' : 'webhooks.enable')}
        </button>
      </form>
      {active === 1 ? (
        <form method="post" action={`${base}/test`}>
          <CsrfField token={props.csrf} />
          {from}
          <button type="submit" aria-label={t('webhooks.testLabel', { url })}>
            {t('webhooks.test')}
          </button>
        </form>
      ) : null}
      <form method="post" action={`${base}/delete`}>
        <CsrfField token={props.csrf} />
        <button type="submit" class="button--danger" aria-label={t('webhooks.deleteLabel', { url })}>
          {t('webhooks.delete')}
        </button>
      </form>
    </>
  );
}

export function listPage(
  base: PageBase,
  props: {
    endpoints: readonly EndpointView[];
    notice: ListNotice | null;
    fields: SubmittedFields;
    errors: FieldErrors;
  },
): string {
  const { fields, errors } = props;
  const chosen = new Set(Array.isArray(fields.events) ? fields.events : []);
  return renderDocument(
    <AdminLayout site={base.site} staff={base.staff} title={t('webhooks.title')} current={LIST}>
      <h1>{t('webhooks.title')}</h1>
      <p>{t('webhooks.intro')}</p>
      {props.notice ? (
        <p role="status" class="notice">
          {t(NOTICE_TEXT[props.notice])}
        </p>
      ) : null}
      {props.endpoints.length === 0 ? (
        <p>{t('webhooks.none')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('webhooks.url')}</th>
              <th scope="col">{t('webhooks.events')}</th>
              <th scope="col">{t('webhooks.state')}</th>
              <th scope="col">{t('webhooks.deliveries')}</th>
              <th scope="col">{t('webhooks.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.endpoints.map((e) => (
              <tr key={e.id}>
                <td>
                  <a href={`${LIST}/${e.id}`}>{e.url}</a>
                  {e.description ? <p>{e.description}</p> : null}
                </td>
                <td>
                  {e.events.join(', ')}
                  {e.events.includes('subscriber.confirmed') ? (
                    <p>{t(e.include_emails === 1 ? 'webhooks.emails.yes' : 'webhooks.emails.no')}</p>
                  ) : null}
                </td>
                <td>{t(e.active === 1 ? 'webhooks.active' : 'webhooks.inactive')}</td>
                <td>
                  {t('webhooks.counts', {
                    sent: e.counts.sent ?? 0,
                    waiting: (e.counts.queued ?? 0) + (e.counts.sending ?? 0) + (e.counts.failed ?? 0),
                    dead: e.counts.dead ?? 0,
                  })}
                </td>
                <td>
                  <EndpointButtons csrf={base.csrf} endpoint={e} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorSummary errors={errors} title={t('webhooks.errors')} />
      <form method="post" action={LIST} class="form" novalidate>
        <CsrfField token={base.csrf} />
        <h2>{t('webhooks.add')}</h2>
        <Field name="url" label={t('webhooks.url')} hint={t('webhooks.urlHint')} error={errors.url}>
          {(attrs) => (
            <input type="url" maxLength={2000} required value={String(fields.url ?? '')} {...attrs} />
          )}
        </Field>
        <Field
          name="description"
          label={t('webhooks.description')}
          hint={t('webhooks.descriptionHint')}
          error={errors.description}
        >
          {(attrs) => (
            <input type="text" maxLength={200} value={String(fields.description ?? '')} {...attrs} />
          )}
        </Field>
        <fieldset
          class={`checkboxes${errors.events ? ' field--error' : ''}`}
          id="field-events"
          aria-describedby={errors.events ? 'field-events-error' : 'field-events-hint'}
        >
          <legend>{t('webhooks.events')}</legend>
          <p class="field__hint" id="field-events-hint">
            {t('webhooks.eventsHint')}
          </p>
          {errors.events ? (
            <p class="field__error" id="field-events-error">
              {errors.events}
            </p>
          ) : null}
          <ul>
            {WEBHOOK_EVENT_KINDS.map((kind) => (
              <li key={kind}>
                <label>
                  <input type="checkbox" name="events" value={kind} checked={chosen.has(kind)} />{' '}
                  {t(`webhooks.event.${kind}`)}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <fieldset class="checkboxes" id="field-include_emails" aria-describedby="field-include_emails-hint">
          <legend>{t('webhooks.includeEmails')}</legend>
          <p class="field__hint" id="field-include_emails-hint">
            {t('webhooks.includeEmailsHint')}
          </p>
          {errors.include_emails ? <p class="field__error">{errors.include_emails}</p> : null}
          <label>
            <input type="checkbox" name="include_emails" value="1" checked={fields.include_emails === '1'} />{' '}
            {t('webhooks.includeEmails')}
          </label>
        </fieldset>
        <button type="submit">{t('webhooks.submit')}</button>
      </form>
    </AdminLayout>,
  );
}

export interface DeliveryView {
  id: number;
  event: string;
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  next_attempt_at: string;
  last_status: number | null;
  last_error: string;
  created_at: string;
}

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

export function endpointPage(
  base: PageBase,
  props: {
    endpoint: {
      id: number;
      url: string;
      description: string;
      secret: string;
      active: number;
      include_emails: number;
      events: string[];
    };
    deliveries: readonly DeliveryView[];
    notice: EndpointNotice | null;
  },
): string {
  const { endpoint } = props;
  const title = t('webhooks.endpointTitle', { url: endpoint.url });
  return renderDocument(
    <AdminLayout site={base.site} staff={base.staff} title={title} current={LIST}>
      <p>
        <a href={LIST}>{t('webhooks.back')}</a>
      </p>
      <h1>{title}</h1>
      {props.notice ? (
        <p role="status" class="notice">
          {t(ENDPOINT_NOTICE_TEXT[props.notice])}
        </p>
      ) : null}
      {endpoint.description ? <p>{endpoint.description}</p> : null}
      <dl>
        <dt>{t('webhooks.state')}</dt>
        <dd>{t(endpoint.active === 1 ? 'webhooks.active' : 'webhooks.inactive')}</dd>
        <dt>{t('webhooks.events')}</dt>
        <dd>
          {endpoint.events.join(', ')}
          {endpoint.events.includes('subscriber.confirmed')
            ? ` (${t(endpoint.include_emails === 1 ? 'webhooks.emails.yes' : 'webhooks.emails.no')})`
            : ''}
        </dd>
      </dl>
      <EndpointButtons csrf={base.csrf} endpoint={endpoint} onItsPage />
      <h2>{t('webhooks.secret')}</h2>
      <p>{t('webhooks.secretHint')}</p>
      <details>
        <summary>{t('webhooks.secretShow')}</summary>
        <p>
          <code class="secret">{endpoint.secret}</code>
        </p>
      </details>
      <h2>{t('webhooks.log')}</h2>
      {props.deliveries.length === 0 ? (
        <p>{t('webhooks.logNone')}</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">{t('webhooks.delivery')}</th>
              <th scope="col">{t('webhooks.event')}</th>
              <th scope="col">{t('webhooks.status')}</th>
              <th scope="col">{t('webhooks.attempts')}</th>
              <th scope="col">{t('webhooks.lastAnswer')}</th>
              <th scope="col">{t('webhooks.body')}</th>
            </tr>
          </thead>
          <tbody>
            {props.deliveries.map((d) => (
              <tr key={d.id} id={`delivery-${d.id}`}>
                <td>
                  {d.id}
                  <br />
                  <time dateTime={d.created_at}>{formatUtcMinute(d.created_at)}</time>
                </td>
                <td>{d.event}</td>
                <td>
                  {t(`webhooks.status.${d.status}`)}
                  {d.status === 'failed' ? (
                    <>
                      <br />
                      {t('webhooks.nextTry')}:{' '}
                      <time dateTime={d.next_attempt_at}>{formatUtcMinute(d.next_attempt_at)}</time>
                    </>
                  ) : null}
                  {d.status === 'dead' ? (
                    <form method="post" action={`${LIST}/${endpoint.id}/resend`}>
                      <CsrfField token={base.csrf} />
                      <input type="hidden" name="delivery" value={String(d.id)} />
                      <button type="submit" aria-label={t('webhooks.resendLabel', { id: d.id })}>
                        {t('webhooks.resend')}
                      </button>
                    </form>
                  ) : null}
                </td>
                <td>{d.attempts}</td>
                <td>{d.last_error || (d.last_status ?? '')}</td>
                <td>
                  <details>
                    <summary>{t('webhooks.body')}</summary>
                    <pre>{prettyBody(d.body)}</pre>
                  </details>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </AdminLayout>,
  );
}
