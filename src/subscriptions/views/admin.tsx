import { AdminLayout, type Staff } from '../../accounts/index.js';
import { formatUtcMinute, t } from '../../platform/i18n/index.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import type { ConsentProof } from '../service.js';

const CURRENT = '/admin/subscribers/consent';

export function consentPage(
  site: Site,
  props: { staff: Staff | null; email: string; proof: ConsentProof | undefined; looked: boolean },
): string {
  const { proof } = props;
  const query = proof ? `email=${encodeURIComponent(proof.subscriber.email)}` : '';
  return renderDocument(
    <AdminLayout site={site} staff={props.staff} title={t('consent.title')} current={CURRENT}>
      <h1>{t('consent.title')}</h1>
      <p>{t('consent.intro')}</p>
      <form method="get" action={CURRENT} class="form">
        <div class="field">
          <label for="consent-email">{t('consent.email')}</label>
          <input id="consent-email" type="email" name="email" value={props.email} maxLength={254} required />
        </div>
        <button type="submit">{t('consent.lookup')}</button>
      </form>
      {props.looked && !proof ? <p role="status">{t('consent.none')}</p> : null}
      {proof ? (
        <section aria-labelledby="consent-subscriber">
          <h2 id="consent-subscriber">
            {t('consent.subscriber', {
              email: proof.subscriber.email,
              status: proof.subscriber.status,
              created: formatUtcMinute(proof.subscriber.created_at),
            })}
          </h2>
          <p>
            <a href={`${CURRENT}/export?${query}&format=csv`} download>
              {t('consent.csv')}
            </a>{' '}
            ·{' '}
            <a href={`${CURRENT}/export?${query}&format=json`} download>
              {t('consent.json')}
            </a>
          </p>
          <ConsentEvents events={proof.events} full />
        </section>
      ) : null}
    </AdminLayout>,
  );
}

/**
 * A person's consent events as a table: the consent page shows everything (`full`: the link's
 * token hash and the client address, when recorded); a subscriber's history the rest.
 */
export function ConsentEvents(props: { events: ConsentProof['events']; full?: boolean }) {
  return (
    <table class="table">
      <thead>
        <tr>
          <th scope="col">{t('consent.when')}</th>
          <th scope="col">{t('consent.kind')}</th>
          <th scope="col">{t('consent.source')}</th>
          <th scope="col">{t('consent.wording')}</th>
          {props.full ? <th scope="col">{t('consent.token')}</th> : null}
          {props.full ? <th scope="col">{t('consent.ip')}</th> : null}
        </tr>
      </thead>
      <tbody>
        {props.events.map((e, i) => (
          <tr key={i}>
            <td>
              <time dateTime={e.time}>{formatUtcMinute(e.time)}</time>
            </td>
            <td>{e.event}</td>
            <td>
              {e.source_page} ({e.source_form})
            </td>
            <td>
              {e.wording_text ?? ''}
              {e.wording_hash ? (
                <>
                  <br />
                  <code>{e.wording_hash}</code>
                </>
              ) : null}
            </td>
            {props.full ? (
              <td>
                <code>{e.token_hash ?? ''}</code>
              </td>
            ) : null}
            {props.full ? <td>{e.ip ?? ''}</td> : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
