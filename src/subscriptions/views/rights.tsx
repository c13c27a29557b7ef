import { inReadersLanguage, t } from '../../platform/i18n/index.js';
import { Field } from '../../platform/views/forms.js';
import type { Site } from '../../platform/views/site.js';
import { LINK_PATH } from '../links.js';
import { Message } from './public.js';

/**
 * What a person who clicks "unsubscribe" sees: one button. Only its POST unsubscribes, so a mail
 * filter or link scanner that opens the link changes nothing. The hidden field makes the button's
 * POST the same as a mail client's one-click POST (RFC 8058).
 */
export function unsubscribePage(site: Site, email: string, link: string): string {
  return Message({
    site,
    title: t('rights.unsubscribe.title'),
    children: (
      <form method="post" action={`${LINK_PATH.unsubscribe}${link}`}>
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <p>{t('rights.unsubscribe.body', { site: site.name, email })}</p>
        <button type="submit">{t('rights.unsubscribe.submit')}</button>
      </form>
    ),
  });
}

export function unsubscribedPage(site: Site, email: string, manageLink: string): string {
  return Message({
    site,
    title: t('rights.unsubscribed.title'),
    children: (
      <>
        <p role="status">{t('rights.unsubscribed.body', { email })}</p>
        <p>
          <a href={`${LINK_PATH.manage}${manageLink}`}>{t('rights.unsubscribed.data')}</a>
        </p>
      </>
    ),
  });
}

/**
 * A forged, mistyped or old link: no address named, and a way to get a fresh link by mail.
 * `refused`: what was typed in that form, when it was not an address (kept, with the message).
 */
export function badSignedLinkPage(
  site: Site,
  reason: 'unknown' | 'expired',
  refused?: { email: string },
): string {
  return Message({
    site,
    title: t('rights.badLink.title'),
    children: (
      <>
        <p>{t(`rights.badLink.${reason}`)}</p>
        <form method="post" action={inReadersLanguage('/subscribe/link')} class="form" novalidate>
          <Field
            name="email"
            label={t('subscribe.email')}
            hint={t('rights.badLink.fresh')}
            error={refused ? t('subscribe.error.email') : undefined}
          >
            {(attrs) => (
              <input
                type="email"
                autocomplete="email"
                maxLength={254}
                required
                value={refused?.email ?? ''}
                {...attrs}
              />
            )}
          </Field>
          <button type="submit">{t('rights.badLink.submit')}</button>
        </form>
      </>
    ),
  });
}

/** The same answer whether or not the address is on the list. */
export function freshLinkSentPage(site: Site, email: string): string {
  return Message({
    site,
    title: t('rights.fresh.title'),
    children: <p>{t('rights.fresh.body', { email })}</p>,
  });
}

/** The part of the preference centre about the person's data and their leaving. */
export function DataSection(props: { link: string; unsubscribeLink: string | null }) {
  const base = `${LINK_PATH.manage}${props.link}`;
  return (
    <section class="rights" aria-labelledby="rights-data">
      <h2 id="rights-data">{t('rights.data.title')}</h2>
      <p>{t('rights.data.intro')}</p>
      <p>
        <a href={`${base}/data`} download="my-subscription.json">
          {t('rights.data.download')}
        </a>
      </p>
      {props.unsubscribeLink ? (
        <form method="post" action={`${LINK_PATH.unsubscribe}${props.unsubscribeLink}`}>
          <input type="hidden" name="List-Unsubscribe" value="One-Click" />
          <button type="submit">{t('rights.data.unsubscribe')}</button>
        </form>
      ) : null}
      <form method="post" action={`${base}/erase`}>
        <button type="submit" class="button--danger">
          {t('rights.data.erase')}
        </button>
      </form>
    </section>
  );
}

/** The preference centre of someone not subscribed (unsubscribed, suppressed): their data only. */
export function notSubscribedPage(site: Site, email: string, link: string): string {
  return Message({
    site,
    title: t('subscribe.manage.title'),
    children: (
      <>
        <p>{t('rights.preferences.intro', { email })}</p>
        <p role="status">{t('rights.preferences.notSubscribed')}</p>
        <DataSection link={link} unsubscribeLink={null} />
      </>
    ),
  });
}

/** The second step of erasing: nothing is deleted by a single stray press. */
export function eraseConfirmPage(site: Site, link: string): string {
  const base = `${LINK_PATH.manage}${link}`;
  return Message({
    site,
    title: t('rights.erase.title'),
    children: (
      <>
        <p>{t('rights.erase.body')}</p>
        <form method="post" action={`${base}/erase`}>
          <input type="hidden" name="confirm" value="yes" />
          <button type="submit" class="button--danger">
            {t('rights.erase.confirm')}
          </button>
        </form>
        <p>
          <a href={base}>{t('rights.erase.cancel')}</a>
        </p>
      </>
    ),
  });
}

export function erasedPage(site: Site): string {
  return Message({
    site,
    title: t('rights.erased.title'),
    children: (
      <p role="status">
        {t('rights.erased.body')} <a href={inReadersLanguage('/subscribe')}>{t('subscribe.title')}</a>
      </p>
    ),
  });
}
