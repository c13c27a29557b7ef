import { t } from '../../platform/i18n/index.js';
import type { QueuedMail } from '../../platform/mail/index.js';
import { renderDocument } from '../../platform/views/render.js';
import type { SubscriberLinks } from '../links.js';

export interface AlertContent {
  id: number;
  title: string;
  summary: string;
  /** The item's address on the site. */
  path: string;
}

export interface MessageContext {
  siteName: string;
  publicUrl: string;
}

/**
 * One message id per (alert, subscriber), the same on every try: a receiving server or client that
 * sees the one duplicate a crash can cause (CONTEXT.md) can tell it is the same message.
 */
export function alertMessageId(alertId: number, subscriberId: number): string {
  return `alert-${alertId}-${subscriberId}@candle`;
}

/**
 * An item's alert to one subscriber: plain text and simple HTML (English for now), the item's
 * title, summary and link as they are, nothing that reports back (no pixel, no rewritten link).
 */
export function alertMessage(
  ctx: MessageContext,
  alert: AlertContent,
  to: { id: number; email: string },
  links: SubscriberLinks | null,
): QueuedMail {
  const url = `${ctx.publicUrl}${alert.path}`;
  const foot = footer(ctx, links);
  const text = [alert.title, '', alert.summary, '', t('alert.mail.read', { url }), '', '--', foot.text].join(
    '\n',
  );
  const html = renderDocument(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="color-scheme" content="light dark" />
        <title>{alert.title}</title>
      </head>
      <body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">
        <h1 style="font-size: 1.4em">
          <a href={url}>{alert.title}</a>
        </h1>
        <p>{alert.summary}</p>
        <p>
          <a href={url}>{t('alert.mail.readLink')}</a>
        </p>
        <hr />
        {foot.html}
      </body>
    </html>,
  );
  return {
    to: to.email,
    subject: alert.title,
    text,
    html,
    messageId: alertMessageId(alert.id, to.id),
    listHeaders: links?.listUnsubscribeHeaders,
  };
}

/**
 * Every message's footer: the signed preference link, or (no link keys) how to reach one. One
 * place, so an alert and a digest say the same.
 */
function footer(ctx: MessageContext, links: SubscriberLinks | null) {
  const subscribeUrl = `${ctx.publicUrl}/subscribe`;
  const text = links
    ? t('alert.mail.footer.links', { site: ctx.siteName, manage: links.manageUrl })
    : t('alert.mail.footer.none', { site: ctx.siteName, subscribe: subscribeUrl });
  const html = (
    <p style="font-size: 0.9em">
      {links ? (
        <>
          {t('alert.mail.footer.html', { site: ctx.siteName })}{' '}
          <a href={links.manageUrl}>{t('alert.mail.manage')}</a>
        </>
      ) : (
        <>
          {t('alert.mail.footer.html', { site: ctx.siteName })} {t('alert.mail.footer.noneHtml')}{' '}
          <a href={subscribeUrl}>{subscribeUrl}</a>
        </>
      )}
    </p>
  );
  return { text, html };
}

/** One message id per (subscriber, period), the same on every try (see alertMessageId). */
export function digestMessageId(subscriberId: number, period: string): string {
  return `digest-${period.replace(':', '-')}-${subscriberId}@candle`;
}

/**
 * A subscriber's digest: the period's items, each with its title, summary and link as they are,
 * in plain text and simple HTML, and nothing that reports back.
 */
export function digestMessage(
  ctx: MessageContext,
  digest: { period: string; frequency: 'daily' | 'weekly'; items: readonly AlertContent[] },
  to: { id: number; email: string },
  links: SubscriberLinks | null,
): QueuedMail {
  const subject = t(`digest.mail.subject.${digest.frequency}`, {
    site: ctx.siteName,
    count: String(digest.items.length),
  });
  const foot = footer(ctx, links);
  const entries = digest.items.map((item) => ({ ...item, url: `${ctx.publicUrl}${item.path}` }));
  const text = [
    subject,
    '',
    ...entries.flatMap((e) => [e.title, e.summary, t('alert.mail.read', { url: e.url }), '']),
    '--',
    foot.text,
  ].join('\n');
  const html = renderDocument(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="color-scheme" content="light dark" />
        <title>{subject}</title>
      </head>
      <body style="font-family: sans-serif; line-height: 1.5; max-width: 40em">
        <h1 style="font-size: 1.4em">{subject}</h1>
        {entries.map((e) => (
          <>
            <h2 style="font-size: 1.15em">
              <a href={e.url}>{e.title}</a>
            </h2>
            <p>{e.summary}</p>
          </>
        ))}
        <hr />
        {foot.html}
      </body>
    </html>,
  );
  return {
    to: to.email,
    subject,
    text,
    html,
    messageId: digestMessageId(to.id, digest.period),
    listHeaders: links?.listUnsubscribeHeaders,
  };
}
