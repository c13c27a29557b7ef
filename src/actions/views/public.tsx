import type { ComponentChildren, VNode } from 'preact';
import { formatDate, langIfOther, t } from '../../platform/i18n/index.js';
import { Message } from '../../platform/views/components.js';
import { type ChannelsView, whoOf } from '../channels.js';
import type { TargetView, UaView } from '../view.js';
import { Channels, type ChannelsProps } from './channels.js';

function Target(props: { target: TargetView }) {
  const x = props.target;
  // The directory's words for an office are its own, in its language (views/official.tsx).
  const lang = langIfOther(x.language);
  return (
    <li class="ua__target">
      <p lang={lang}>
        <strong>{whoOf(x)}</strong>
        {x.title ? <>, {x.title}</> : null}
        {x.body ? <>, {x.body}</> : null}
        {x.jurisdiction ? <> ({x.jurisdiction})</> : null}
      </p>
      {/* An official's office details are public by their office: they are the point of the page. */}
      <dl class="ua__contact">
        {x.postalAddress ? (
          <>
            <dt>{t('ua.postal')}</dt>
            <dd class="ua__address" lang={lang}>
              {x.postalAddress}
            </dd>
          </>
        ) : null}
        {x.email ? (
          <>
            <dt>{t('ua.email')}</dt>
            <dd>
              <a href={`mailto:${x.email}`}>{x.email}</a>
            </dd>
          </>
        ) : null}
        {x.phone ? (
          <>
            <dt>{t('ua.phone')}</dt>
            <dd>
              <a href={x.tel}>{x.phone}</a>
            </dd>
          </>
        ) : null}
        {x.social.length > 0 ? (
          <>
            <dt>{t('ua.social')}</dt>
            <dd>{x.social.join(', ')}</dd>
          </>
        ) : null}
        {x.officeHours.length > 0 ? (
          <>
            <dt>{t('ua.officeHours', { zone: x.timeZone })}</dt>
            <dd>{x.officeHours.join('; ')}</dd>
          </>
        ) : null}
      </dl>
      {x.salutation ? (
        <p>
          {/* An official is greeted in their own language. */}
          <Message
            id="ua.salutation"
            params={{ salutation: x.salutation }}
            langs={{ salutation: x.language }}
          />
        </p>
      ) : null}
    </li>
  );
}

function statusText(view: UaView): string {
  if (view.status.expired && (view.status.state === 'open' || view.status.state === 'updated')) {
    return t('ua.expired');
  }
  return t(`ua.state.${view.status.state}`);
}

/** The urgent action's part of its article's page: number, dates, status, people, asks, targets, series. */
export function ActionSection(props: {
  view: UaView;
  /** The counters and goal bar (counts.ts), as rendered; a script refreshes them. */
  counts?: VNode | null;
  /** The letter, post and call channels; none while it is not open. */
  channels?: ChannelsView;
  /** The intake's "count me" form for each channel (composed by the caller). */
  countMe?: ChannelsProps['countMe'];
  /** The email channel's form, after the others. */
  children?: ComponentChildren;
}) {
  const v = props.view;
  // Its details are its article's words: a translation's page shows its original's.
  const lang = langIfOther(v.language);
  const heading = v.reference
    ? v.update > 0
      ? t('ua.furtherInformation', { reference: v.reference })
      : t('ua.heading', { reference: v.reference })
    : t('ua.headingUnnumbered');
  return (
    <section class="ua" aria-labelledby="ua-heading">
      <h2 id="ua-heading">
        {heading}
        {v.updateLabel ? (
          <span class="ua__ordinal"> · {t('ua.nthUpdate', { ordinal: v.updateLabel })}</span>
        ) : null}
      </h2>
      <dl class="ua__facts">
        <dt>{t('ua.status')}</dt>
        <dd class={`ua__status ua__status--${v.status.open ? 'open' : 'ended'}`}>{statusText(v)}</dd>
        {v.issuedOn ? (
          <>
            <dt>{t('ua.issued')}</dt>
            <dd>
              <time dateTime={v.issuedOn}>{formatDate(`${v.issuedOn}T00:00:00Z`)}</time>
            </dd>
          </>
        ) : null}
        {v.actBefore ? (
          <>
            <dt>{t('ua.actBefore')}</dt>
            <dd>
              <time dateTime={v.actBefore}>{formatDate(`${v.actBefore}T00:00:00Z`)}</time>
            </dd>
          </>
        ) : null}
        {v.documentIndex ? (
          <>
            <dt>{t('ua.documentIndex')}</dt>
            <dd>{v.documentIndex}</dd>
          </>
        ) : null}
        {v.languages.length > 0 ? (
          <>
            <dt>{t('ua.languages')}</dt>
            {/* Named in its article's words ("Spanish, English"). */}
            <dd lang={lang}>{v.languages.join(', ')}</dd>
          </>
        ) : null}
      </dl>
      {props.counts ?? null}
      {!v.status.open && v.status.state !== 'draft' ? (
        <div class="notice ua__ended" role="note">
          <p>{t('ua.noLongerOpen')}</p>
          {v.outcome?.note ? (
            <p>
              <Message
                id={v.outcome.kind === 'success' ? 'ua.successNote' : 'ua.closedNote'}
                params={{ note: v.outcome.note }}
                langs={{ note: v.language }}
              />
            </p>
          ) : null}
          {v.since ? (
            <p>
              <a href={v.since.path}>
                <Message
                  id="ua.since"
                  params={{ title: v.since.title }}
                  langs={{ title: v.since.language }}
                />
              </a>
            </p>
          ) : (
            <p>{t('ua.sinceNone')}</p>
          )}
        </div>
      ) : null}
      {v.people.length > 0 ? (
        <>
          <h3>{t('ua.people')}</h3>
          <ul class="ua__people" lang={lang}>
            {v.people.map((p, i) => (
              <li key={i}>
                {p.case ? <a href={p.case.path}>{p.name}</a> : p.name}
                {p.pronouns ? ` ${t('ua.pronouns', { pronouns: p.pronouns })}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {v.asks.length > 0 ? (
        <>
          <h3>{t('ua.asks')}</h3>
          <ul class="ua__asks" lang={lang}>
            {v.asks.map((a, i) => (
              <li key={i}>{a}</li>
            ))}
          </ul>
        </>
      ) : null}
      {v.targets.length > 0 ? (
        <>
          <h3>{t('ua.targets')}</h3>
          <ul class="ua__targets">
            {v.targets.map((x) => (
              <Target key={x.id} target={x} />
            ))}
          </ul>
        </>
      ) : null}
      {v.copies.length > 0 ? (
        <>
          <h3>{t('ua.copies')}</h3>
          <ul class="ua__targets">
            {v.copies.map((x) => (
              <Target key={x.id} target={x} />
            ))}
          </ul>
        </>
      ) : null}
      {props.channels?.open ? (
        <div class="ua__channels" id="ua-act" role="group" aria-labelledby="ua-act-heading">
          <h3 id="ua-act-heading">{t('channels.heading')}</h3>
          <p>{t('channels.intro')}</p>
          <Channels articleId={v.articleId} channels={props.channels} countMe={props.countMe} />
        </div>
      ) : null}
      {v.backgroundHtml ? (
        <>
          <h3>{t('ua.background')}</h3>
          <div class="prose" lang={lang} dangerouslySetInnerHTML={{ __html: v.backgroundHtml }} />
        </>
      ) : null}
      {v.series.length > 1 ? (
        <nav class="ua__series" aria-labelledby="ua-series-heading">
          <h3 id="ua-series-heading">{t('ua.series')}</h3>
          <ol reversed>
            {v.series.map((s) => (
              <li key={s.articleId}>
                {s.label}:{' '}
                {s.current ? (
                  <span aria-current="page">
                    {langIfOther(s.language) ? (
                      <span lang={langIfOther(s.language)}>{s.title}</span>
                    ) : (
                      s.title
                    )}{' '}
                    {t('ua.seriesCurrent')}
                  </span>
                ) : (
                  <a href={s.path} lang={langIfOther(s.language)}>
                    {s.title}
                  </a>
                )}
                {s.publishedAt ? (
                  <>
                    {' · '}
                    <time dateTime={s.publishedAt}>{formatDate(s.publishedAt)}</time>
                  </>
                ) : null}
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      {props.children}
    </section>
  );
}
