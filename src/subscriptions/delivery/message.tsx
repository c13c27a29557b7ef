import type { ComponentChildren } from 'preact';
import { formatDate, type Translate, translator } from '../../platform/i18n/index.js';
import type { QueuedMail } from '../../platform/mail/index.js';
import { renderDocument } from '../../platform/views/render.js';
import type { SubscriberLinks } from '../links.js';
import { type AlertContent, mailLanguage } from './content.js';

export type { AlertContent } from './content.js';

export interface MessageContext {
  siteName: string;
  publicUrl: string;
}

/** A recipient; `language` is theirs when the caller has it (else the batch's content says). */
export interface Recipient {
  id: number;
  email: string;
  language?: string | null;
}

/**
 * One message id per (alert, subscriber), the same on every try: a receiving server or client that
 * sees the one duplicate a crash can cause (CONTEXT.md) can tell it is the same message.
 */
export function alertMessageId(alertId: number, subscriberId: number): string {
  return `alert-${alertId}-${subscriberId}@candle`;
}

/**
 * Colours, inlined on each element (Gmail and others drop or ignore `<style>`). Each pair holds
 * at least 7 : 1 in light; the dark set (the `<style>` below, an enhancement only for clients that
 * honour it) holds as much on its own backgrounds. No background image anywhere.
 */
const C = {
  page: '#f3f2ef',
  card: '#ffffff',
  text: '#1b1b1b',
  muted: '#474747',
  link: '#0a4b8c',
  rule: '#d6d4cf',
} as const;
const FONT = "font-family: -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
/** The message's content width, and the lead picture's drawn size (the 1200 × 630 copy, scaled). */
const WIDTH = 600;
const PICTURE = { width: 560, height: 294 } as const;
const THUMBNAIL = { width: 160, height: 84 } as const;

const DARK_MODE = `@media (prefers-color-scheme: dark) {
  .m-page { background: #111111 !important; }
  .m-card { background: #1d1d1d !important; color: #eeeeee !important; }
  .m-text { color: #eeeeee !important; }
  .m-muted { color: #c9c9c9 !important; }
  .m-card a { color: #a8d0ff !important; }
  .m-card a.m-button { background: #a8d0ff !important; color: #111111 !important; }
  .m-rule { border-color: #444444 !important; }
}`;

/** Header values on one line: a title with a line break must not start a header of its own. */
function oneLine(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

/** What a message says in one language: its translator, dates and numbers. */
interface Speech {
  lang: string;
  t: Translate;
  date: (iso: string) => string;
  number: (n: number) => string;
}

function speech(language: string | null | undefined): Speech {
  const lang = mailLanguage(language);
  // One per language, whole: a fan-out writes thousands of messages, and Intl's formatters are
  // costly to make (the language is all a Speech depends on).
  let known = speeches.get(lang);
  if (!known) {
    const numbers = new Intl.NumberFormat(lang);
    known = {
      lang,
      t: translator(lang),
      date: (iso) => formatDate(iso, lang),
      number: (n) => numbers.format(n),
    };
    speeches.set(lang, known);
  }
  return known;
}
const speeches = new Map<string, Speech>();

/**
 * A card in the plain-text part, as paragraphs of lines: the same as the HTML says, in the same
 * order, the picture as its alt text, caption and credit.
 */
function cardText(s: Speech, item: AlertContent, url: string, compact = false): string[][] {
  const p = item.picture;
  const picture = p
    ? [
        p.alt ? s.t('alert.mail.picture', { alt: p.alt }) : '',
        compact ? '' : p.caption,
        p.credit ? s.t('image.credit', { credit: p.credit }) : '',
      ].filter(Boolean)
    : [];
  return [[kicker(s, item), item.title], picture, [item.summary], [s.t('alert.mail.read', { url })]].filter(
    (lines) => lines.length > 0 && lines.some(Boolean),
  );
}

/** "Urgent action · 1 December 2026": the type's label (when known) and the date. */
function kicker(s: Speech, item: AlertContent): string {
  const date = s.date(item.publishedAt);
  return item.type ? `${s.t(`type.${item.type}`)} · ${date}` : date;
}

function Card(props: {
  s: Speech;
  ctx: MessageContext;
  item: AlertContent;
  url: string;
  heading: 'h1' | 'h2';
  /** Digests show a small picture; an alert shows it whole, with caption and credit. */
  compact?: boolean;
}) {
  const { s, item, url, compact } = props;
  const Heading = props.heading;
  // The item's own words in its own language, when it says so and it is not the message's.
  const itemLang = item.language && item.language !== s.lang ? item.language : undefined;
  const p = item.picture;
  const size = compact ? THUMBNAIL : PICTURE;
  const picture = p ? (
    <img
      src={`${props.ctx.publicUrl}${p.path}`}
      alt={p.alt}
      width={size.width}
      height={size.height}
      style={`display: block; width: 100%; max-width: ${size.width}px; height: auto; border: 0; margin: 0 0 4px`}
    />
  ) : null;
  return (
    <div>
      <p class="m-muted" style={`margin: 0 0 6px; font-size: 14px; color: ${C.muted}`}>
        {item.type ? (
          <>
            <strong style="font-weight: 600">{s.t(`type.${item.type}`)}</strong>
            {' · '}
          </>
        ) : null}
        <time datetime={item.publishedAt}>{s.date(item.publishedAt)}</time>
      </p>
      {compact && p ? (
        <>
          {picture}
          {p.credit ? (
            <p class="m-muted" style={`margin: 0 0 8px; font-size: 12px; color: ${C.muted}`}>
              {s.t('image.credit', { credit: p.credit })}
            </p>
          ) : null}
        </>
      ) : null}
      <Heading
        lang={itemLang}
        class="m-text"
        style={`margin: 0 0 12px; font-size: ${props.heading === 'h1' ? '24px' : '19px'}; line-height: 1.3; color: ${C.text}; overflow-wrap: anywhere; word-break: break-word`}
      >
        <a href={url} style={`color: ${C.link}; text-decoration: underline`}>
          {item.title}
        </a>
      </Heading>
      {!compact && p ? (
        <figure style="margin: 0 0 16px">
          {picture}
          {p.caption || p.credit ? (
            <figcaption class="m-muted" style={`margin: 6px 0 0; font-size: 13px; color: ${C.muted}`}>
              {p.caption ? <span>{p.caption}</span> : null}
              {p.caption && p.credit ? ' ' : null}
              {p.credit ? <span>{s.t('image.credit', { credit: p.credit })}</span> : null}
            </figcaption>
          ) : null}
        </figure>
      ) : null}
      <p lang={itemLang} class="m-text" style={`margin: 0 0 16px; overflow-wrap: anywhere; color: ${C.text}`}>
        {item.summary}
      </p>
      <p style="margin: 0 0 8px">
        <a
          href={url}
          class="m-button"
          style={`display: inline-block; padding: 10px 18px; border-radius: 4px; background: ${C.link}; color: #ffffff; font-weight: 600; text-decoration: none`}
        >
          {s.t('alert.mail.readLink')}
        </a>
      </p>
    </div>
  );
}

/**
 * The frame of every message: one column at most 600 px wide (tables, which every client lays
 * out, Outlook's included), the site's name at the top, the footer at the bottom.
 */
function Frame(props: {
  s: Speech;
  ctx: MessageContext;
  title: string;
  foot: ComponentChildren;
  children: ComponentChildren;
}) {
  const { s, ctx } = props;
  return (
    <html lang={s.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <title>{props.title}</title>
        {/* A constant of this file: nothing of a subscriber's or an item's goes in it. */}
        <style dangerouslySetInnerHTML={{ __html: DARK_MODE }} />
      </head>
      <body class="m-page" style={`margin: 0; padding: 0; background: ${C.page}; ${FONT}`}>
        {/* What screen readers in webmail announce the message as (the client's page holds it). */}
        <div role="article" aria-roledescription="email" aria-label={props.title} lang={s.lang}>
          <table
            role="presentation"
            class="m-page"
            width="100%"
            cellpadding="0"
            cellspacing="0"
            style={`background: ${C.page}`}
          >
            <tr>
              <td align="center" style="padding: 16px 8px">
                <table
                  role="presentation"
                  class="m-card"
                  width="100%"
                  cellpadding="0"
                  cellspacing="0"
                  style={`max-width: ${WIDTH}px; background: ${C.card}; color: ${C.text}`}
                >
                  <tr>
                    <td style={`padding: 20px; text-align: left; font-size: 16px; line-height: 1.5; ${FONT}`}>
                      <p style="margin: 0 0 20px; font-size: 15px; font-weight: 700; letter-spacing: 0.02em">
                        <a href={`${ctx.publicUrl}/`} style={`color: ${C.text}; text-decoration: none`}>
                          {ctx.siteName}
                        </a>
                      </p>
                      {props.children}
                      <hr
                        class="m-rule"
                        style={`border: 0; border-top: 1px solid ${C.rule}; margin: 24px 0 16px`}
                      />
                      {props.foot}
                    </td>
                  </tr>
                </table>
              </td>
            </tr>
          </table>
        </div>
      </body>
    </html>
  );
}

/**
 * An item's alert to one subscriber, in their language: the site's name, the item's type and date,
 * title, lead picture (alt text, caption and credit kept), summary and a link to read it, in HTML
 * and in plain text saying the same. Every address is the site's own; nothing reports back (no
 * pixel, no rewritten link); every string is escaped by the renderer.
 */
export function alertMessage(
  ctx: MessageContext,
  alert: AlertContent,
  to: Recipient,
  links: SubscriberLinks | null,
): QueuedMail {
  const s = speech(to.language);
  const url = `${ctx.publicUrl}${alert.path}`;
  const foot = footer(s, ctx, links);
  const text = [
    ctx.siteName,
    '',
    ...cardText(s, alert, url).flatMap((lines) => [...lines, '']),
    '--',
    foot.text,
  ].join('\n');
  const html = renderDocument(
    <Frame s={s} ctx={ctx} title={alert.title} foot={foot.html}>
      <Card s={s} ctx={ctx} item={alert} url={url} heading="h1" />
    </Frame>,
  );
  return {
    to: to.email,
    subject: oneLine(alert.title),
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
function footer(s: Speech, ctx: MessageContext, links: SubscriberLinks | null) {
  const { t } = s;
  const subscribeUrl = `${ctx.publicUrl}/subscribe`;
  const text = links
    ? t('alert.mail.footer.links', { site: ctx.siteName, manage: links.manageUrl })
    : t('alert.mail.footer.none', { site: ctx.siteName, subscribe: subscribeUrl });
  const style = `margin: 0; font-size: 13px; color: ${C.muted}`;
  const html = (
    <p class="m-muted" style={style}>
      {links ? (
        <>
          {t('alert.mail.footer.html', { site: ctx.siteName })}{' '}
          <a href={links.manageUrl} style={`color: ${C.link}`}>
            {t('alert.mail.manage')}
          </a>
        </>
      ) : (
        <>
          {t('alert.mail.footer.html', { site: ctx.siteName })} {t('alert.mail.footer.noneHtml')}{' '}
          <a href={subscribeUrl} style={`color: ${C.link}`}>
            {subscribeUrl}
          </a>
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
 * A subscriber's digest, in their language: the period's items, each as the same card an alert
 * shows (type, date, title, a small picture with its alt text, summary, link), in HTML and plain
 * text, and nothing that reports back.
 */
export function digestMessage(
  ctx: MessageContext,
  digest: { period: string; frequency: 'daily' | 'weekly'; items: readonly AlertContent[] },
  to: Recipient,
  links: SubscriberLinks | null,
): QueuedMail {
  const s = speech(to.language);
  const subject = oneLine(
    s.t(`digest.mail.subject.${digest.frequency}`, {
      site: ctx.siteName,
      count: s.number(digest.items.length),
    }),
  );
  const foot = footer(s, ctx, links);
  const entries = digest.items.map((item) => ({ item, url: `${ctx.publicUrl}${item.path}` }));
  const text = [
    subject,
    '',
    ...entries.flatMap((e) => [...cardText(s, e.item, e.url, true).flat(), '']),
    '--',
    foot.text,
  ].join('\n');
  const html = renderDocument(
    <Frame s={s} ctx={ctx} title={subject} foot={foot.html}>
      <h1 class="m-text" style={`margin: 0 0 8px; font-size: 22px; line-height: 1.3; color: ${C.text}`}>
        {subject}
      </h1>
      {entries.map((e) => (
        <div
          key={e.item.id}
          class="m-rule"
          style={`border-top: 1px solid ${C.rule}; padding-top: 16px; margin-top: 16px`}
        >
          <Card s={s} ctx={ctx} item={e.item} url={e.url} heading="h2" compact />
        </div>
      ))}
    </Frame>,
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

/**
 * A notice about an urgent action to one person (the network's messages, network/): a line
 * above the title ("Further information on UA 58/20"), the title linked to its page, the summary,
 * paragraphs of its own (what the person's letters did), links one tap away (the page's channel
 * sections) and a footer with the one link that stops this kind of mail. Made like an alert:
 * the same frame, nothing that reports back, every string escaped, the same Message-ID on every try.
 */
export interface Notice {
  messageId: string;
  kicker: string;
  title: string;
  /** The language the item is written in, when stated and not the message's. */
  itemLanguage?: string | null;
  summary: string;
  url: string;
  paragraphs: readonly string[];
  links: ReadonlyArray<{ label: string; url: string }>;
  /** The footer's sentence and its link (the preference centre, or "stop hearing about this"). */
  foot: { text: string; label: string; url: string };
  listHeaders?: Record<string, string>;
}

export function noticeMessage(ctx: MessageContext, notice: Notice, to: Recipient): QueuedMail {
  const s = speech(to.language);
  const itemLang = notice.itemLanguage && notice.itemLanguage !== s.lang ? notice.itemLanguage : undefined;
  const text = [
    ctx.siteName,
    '',
    notice.kicker,
    notice.title,
    '',
    notice.summary,
    '',
    ...notice.paragraphs.flatMap((p) => [p, '']),
    ...notice.links.map((l) => `${l.label}: ${l.url}`),
    s.t('alert.mail.read', { url: notice.url }),
    '',
    '--',
    `${notice.foot.text} ${notice.foot.label}: ${notice.foot.url}`,
  ].join('\n');
  const linkStyle = `color: ${C.link}; text-decoration: underline`;
  const html = renderDocument(
    <Frame
      s={s}
      ctx={ctx}
      title={notice.title}
      foot={
        <p class="m-muted" style={`margin: 0; font-size: 13px; color: ${C.muted}`}>
          {notice.foot.text}{' '}
          <a href={notice.foot.url} style={`color: ${C.link}`}>
            {notice.foot.label}
          </a>
        </p>
      }
    >
      <p class="m-muted" style={`margin: 0 0 6px; font-size: 14px; color: ${C.muted}`}>
        <strong style="font-weight: 600">{notice.kicker}</strong>
      </p>
      <h1
        lang={itemLang}
        class="m-text"
        style={`margin: 0 0 12px; font-size: 24px; line-height: 1.3; color: ${C.text}; overflow-wrap: anywhere; word-break: break-word`}
      >
        <a href={notice.url} style={linkStyle}>
          {notice.title}
        </a>
      </h1>
      <p lang={itemLang} class="m-text" style={`margin: 0 0 16px; overflow-wrap: anywhere; color: ${C.text}`}>
        {notice.summary}
      </p>
      {notice.paragraphs.map((p) => (
        <p key={p} class="m-text" style={`margin: 0 0 16px; color: ${C.text}`}>
          {p}
        </p>
      ))}
      {notice.links.length > 0 ? (
        <ul style={`margin: 0 0 16px; padding-left: 20px; color: ${C.text}`}>
          {notice.links.map((l) => (
            <li key={l.url} style="margin: 0 0 8px">
              <a href={l.url} style={linkStyle}>
                {l.label}
              </a>
            </li>
          ))}
        </ul>
      ) : null}
      <p style="margin: 0 0 8px">
        <a
          href={notice.url}
          class="m-button"
          style={`display: inline-block; padding: 10px 18px; border-radius: 4px; background: ${C.link}; color: #ffffff; font-weight: 600; text-decoration: none`}
        >
          {s.t('alert.mail.readLink')}
        </a>
      </p>
    </Frame>,
  );
  return {
    to: to.email,
    subject: oneLine(notice.title),
    text,
    html,
    messageId: notice.messageId,
    listHeaders: notice.listHeaders,
  };
}

/** The translator of a recipient's language (the catalogue's, else English), for a notice's words. */
export function speechOf(language: string | null | undefined): { lang: string; t: Translate } {
  const s = speech(language);
  return { lang: s.lang, t: s.t };
}
