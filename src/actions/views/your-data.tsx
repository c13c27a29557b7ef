import { formatDate, inReadersLanguage, t } from '../../platform/i18n/index.js';
import { EmailField } from '../../platform/views/forms.js';
import type { Site } from '../../platform/views/site.js';
import { DATA_PATH, type SupporterRecord } from '../taking/rights.js';
import { channelName, Page } from './take-action.js';

/*
 * A supporter's own data: the form that mails the link, the page the link opens (what is held,
 * a download, erasure) and the answers. Never cached: each holds one person's data or link.
 */

function AskForLink(props: { email?: string; error?: string }) {
  return (
    <form method="post" action={inReadersLanguage(DATA_PATH)}>
      <EmailField field="data-email" label={t('take.email')} error={props.error} value={props.email ?? ''} />
      <button type="submit">{t('yourData.ask.submit')}</button>
    </form>
  );
}

export function askPage(site: Site, state: { email?: string; error?: string } = {}): string {
  return Page({
    site,
    title: t('yourData.ask.title'),
    children: (
      <>
        <p>{t('yourData.ask.intro')}</p>
        <AskForLink {...state} />
      </>
    ),
  });
}

export function askedPage(site: Site, email: string): string {
  return Page({
    site,
    title: t('yourData.asked.title'),
    children: <p>{t('yourData.asked.body', { email })}</p>,
  });
}

export function badDataLinkPage(site: Site, reason: 'unknown' | 'expired'): string {
  return Page({
    site,
    title: t('yourData.bad.title'),
    children: (
      <>
        <p>{t(`yourData.bad.${reason}`)}</p>
        <AskForLink />
      </>
    ),
  });
}

export function recordPage(site: Site, link: string, record: SupporterRecord): string {
  const s = record.supporter;
  const base = inReadersLanguage(`${DATA_PATH}/${link}`);
  return Page({
    site,
    title: t('yourData.title'),
    children: (
      <>
        <p>{t('yourData.intro', { site: site.name, email: s.email })}</p>
        <h2>{t('yourData.who')}</h2>
        <dl class="ua__facts">
          <dt>{t('take.name')}</dt>
          <dd>{s.name}</dd>
          <dt>{t('take.city')}</dt>
          <dd>{s.city || '—'}</dd>
          <dt>{t('take.country')}</dt>
          <dd>{s.country || '—'}</dd>
          <dt>{t('yourData.confirmed')}</dt>
          <dd>{s.confirmed_at ? formatDate(s.confirmed_at) : t('yourData.notConfirmed')}</dd>
        </dl>
        <h2>{t('yourData.actions', { count: record.actions.length })}</h2>
        {record.actions.length === 0 ? (
          <p>{t('yourData.none')}</p>
        ) : (
          <table>
            <caption class="visually-hidden">{t('yourData.actionsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('yourData.col.action')}</th>
                <th scope="col">{t('yourData.col.channel')}</th>
                <th scope="col">{t('yourData.col.date')}</th>
                <th scope="col">{t('yourData.col.informed')}</th>
              </tr>
            </thead>
            <tbody>
              {record.actions.map((a) => (
                <tr key={`${a.urgent_action_id}-${a.channel}`}>
                  <td>{a.urgent_action ?? t('yourData.deletedAction')}</td>
                  <td>{channelName(a.channel)}</td>
                  <td>{formatDate(a.taken_at)}</td>
                  <td>{a.keep_me_informed ? t('yourData.yes') : t('yourData.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p>{t('yourData.letters', { count: record.letters.length })}</p>
        <h2>{t('yourData.download.title')}</h2>
        <p>{t('yourData.download.body')}</p>
        <p>
          <a href={`${base}/data`} download="my-actions.json">
            {t('yourData.download.link')}
          </a>
        </p>
        <h2>{t('yourData.erase.title')}</h2>
        <p>{t('yourData.erase.body')}</p>
        <form method="post" action={`${base}/erase`}>
          <button type="submit">{t('yourData.erase.submit')}</button>
        </form>
      </>
    ),
  });
}

/** Erasing asks once more (a page with one button); the second press erases. */
export function eraseConfirmPage(site: Site, link: string): string {
  return Page({
    site,
    title: t('yourData.erase.confirmTitle'),
    children: (
      <form method="post" action={inReadersLanguage(`${DATA_PATH}/${link}/erase`)}>
        <p>{t('yourData.erase.confirmBody')}</p>
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit">{t('yourData.erase.confirmSubmit')}</button>
      </form>
    ),
  });
}

export function erasedPage(site: Site): string {
  return Page({ site, title: t('yourData.erased.title'), children: <p>{t('yourData.erased.body')}</p> });
}
