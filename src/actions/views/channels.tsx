import type { ComponentChildren } from 'preact';
import { inReadersLanguage, langIfOther, languageName, t } from '../../platform/i18n/index.js';
import { Message } from '../../platform/views/components.js';
import { ErrorSummary, type FieldErrors, type SubmittedFields } from '../../platform/views/forms.js';
import { Layout } from '../../platform/views/layout.js';
import { renderDocument } from '../../platform/views/render.js';
import type { Site } from '../../platform/views/site.js';
import {
  authorityName,
  type CallChannel,
  type ChannelsView,
  type LetterChannel,
  type PostChannel,
} from '../channels.js';
import type { UaView } from '../view.js';
import { Official } from './official.js';

/*
 * The letter, post and call channels of an urgent action's section: static HTML (the page is
 * cached), forms that post to /actions/… and links that open each network's own page. Counting
 * ("I posted it", "I called") is the intake's form, passed in as `countMe` and shown after each.
 */

export type CountedChannel = 'letter' | 'post' | 'call';

export interface ChannelsProps {
  articleId: number;
  channels: ChannelsView;
  /** The intake's "count me" form for a channel, shown at the end of its part. */
  countMe?: (channel: CountedChannel) => ComponentChildren;
}

const text = (fields: SubmittedFields, name: string) => {
  const v = fields[name];
  return typeof v === 'string' ? v : '';
};

/** The letter form's fields: on the page (empty) and again on a refusal (as sent). */
export function LetterFields(props: {
  letter: LetterChannel;
  fields: SubmittedFields;
  errors: FieldErrors;
  idPrefix: string;
}) {
  const { letter, fields, errors, idPrefix } = props;
  const chosen = text(fields, 'target') || String(letter.recipients[0]!.target.id);
  return (
    <>
      {letter.recipients.length === 1 ? (
        <input type="hidden" name="target" value={String(letter.recipients[0]!.target.id)} />
      ) : (
        <fieldset class="ua-channel__choice" id={`${idPrefix}target`}>
          <legend>{t('letter.target')}</legend>
          {errors.target ? <p class="field__error">{errors.target}</p> : null}
          {letter.recipients.map(({ target }) => (
            <label key={target.id}>
              <input
                type="radio"
                name="target"
                value={String(target.id)}
                checked={chosen === String(target.id)}
              />{' '}
              <Official target={target} titled />
            </label>
          ))}
        </fieldset>
      )}
      <PrefixedField prefix={idPrefix} name="name" label={t('letter.name')} error={errors.name}>
        {(a) => <input autoComplete="name" required maxLength={100} value={text(fields, 'name')} {...a} />}
      </PrefixedField>
      <PrefixedField prefix={idPrefix} name="city" label={t('letter.city')} error={errors.city}>
        {(a) => <input autoComplete="address-level2" maxLength={100} value={text(fields, 'city')} {...a} />}
      </PrefixedField>
      <PrefixedField prefix={idPrefix} name="country" label={t('letter.country')} error={errors.country}>
        {(a) => <input autoComplete="country-name" maxLength={100} value={text(fields, 'country')} {...a} />}
      </PrefixedField>
    </>
  );
}

/**
 * A field whose id carries a prefix (several forms share the page: the email form has a name
 * too); the error summary links to it by that id.
 */
function PrefixedField(props: {
  prefix: string;
  name: string;
  label: string;
  error?: string;
  children: (attrs: {
    id: string;
    name: string;
    'aria-describedby'?: string;
    'aria-invalid'?: 'true';
  }) => ComponentChildren;
}) {
  const id = `${props.prefix}${props.name}`;
  return (
    <div class={`field${props.error ? ' field--error' : ''}`}>
      <label for={id}>{props.label}</label>
      {props.error ? (
        <p class="field__error" id={`${id}-error`}>
          {props.error}
        </p>
      ) : null}
      {props.children({
        id,
        name: props.name,
        ...(props.error ? { 'aria-describedby': `${id}-error`, 'aria-invalid': 'true' as const } : {}),
      })}
    </div>
  );
}

function Letter(props: { articleId: number; letter: LetterChannel; countMe?: ComponentChildren }) {
  const { letter } = props;
  return (
    <section class="ua-channel" id="ua-letter" aria-labelledby="ua-letter-heading">
      <h4 id="ua-letter-heading">{t('letter.heading')}</h4>
      <p>{t('letter.intro')}</p>
      <form
        method="post"
        action={inReadersLanguage(`/actions/${props.articleId}/letter`)}
        class="form ua-channel__form"
      >
        <LetterFields letter={letter} fields={{}} errors={{}} idPrefix="ua-letter-" />
        <button type="submit">{t('letter.submit')}</button>
      </form>
      <ul class="ua-channel__hints">
        {letter.recipients.map(({ target, postage }) => (
          <li key={target.id}>
            {letter.recipients.length > 1 ? (
              <>
                <Official target={target} />:{' '}
              </>
            ) : null}
            {t(`letter.postage.${postage.zone}`, { amount: postage.amount, from: t('letter.postage.from') })}
          </li>
        ))}
      </ul>
      <details class="ua-channel__letter">
        <summary>{t('letter.sampleHeading', { language: languageName(letter.sample.language) })}</summary>
        <LetterText letter={letter.sample} />
        {letter.translations.map((l) => (
          <div key={l.language} lang={l.language}>
            <h5>{t('letter.translationHeading', { language: languageName(l.language) })}</h5>
            <LetterText letter={l} />
          </div>
        ))}
      </details>
      {props.countMe}
    </section>
  );
}

function LetterText(props: { letter: { language: string; subject: string; body: string } }) {
  return (
    <div class="ua-channel__letter-text" lang={props.letter.language}>
      <p>
        <strong>{props.letter.subject}</strong>
      </p>
      {props.letter.body
        .split(/\n\s*\n/)
        .filter((p) => p.trim() !== '')
        .map((p, i) => (
          <p key={i}>{p.trim()}</p>
        ))}
    </div>
  );
}

/** The Mastodon form: on the page, and again with its error when the server's name does not work. */
export function MastodonForm(props: { articleId: number; value?: string; error?: string }) {
  const id = 'ua-post-instance';
  const described = [`${id}-hint`, props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <form
      method="post"
      action={inReadersLanguage(`/actions/${props.articleId}/mastodon`)}
      class="form ua-channel__form"
    >
      <div class={`field${props.error ? ' field--error' : ''}`}>
        <label for={id}>{t('post.mastodon')}</label>
        <p class="field__hint" id={`${id}-hint`}>
          {t('post.mastodonHint')}
        </p>
        {props.error ? (
          <p class="field__error" id={`${id}-error`}>
            {props.error}
          </p>
        ) : null}
        <input
          id={id}
          name="instance"
          inputMode="url"
          autoComplete="off"
          autoCapitalize="none"
          spellcheck={false}
          maxLength={300}
          required
          value={props.value ?? ''}
          aria-describedby={described}
          {...(props.error ? { 'aria-invalid': 'true' as const } : {})}
        />
      </div>
      <button type="submit">{t('post.mastodonSubmit')}</button>
    </form>
  );
}

function Post(props: { articleId: number; post: PostChannel; countMe?: ComponentChildren }) {
  const { post } = props;
  return (
    <section class="ua-channel" id="ua-post" aria-labelledby="ua-post-heading">
      <h4 id="ua-post-heading">{t('post.heading')}</h4>
      <p>{t('post.intro')}</p>
      <label for="ua-post-text" class="ua-channel__label">
        {t('post.textLabel')}
      </label>
      <textarea id="ua-post-text" readonly rows={6}>
        {post.texts.x}
      </textarea>
      <ul class="ua-channel__links">
        {post.links.map((link) => (
          <li key={link.network}>
            <a href={link.href} class="button" target="_blank" rel="noopener noreferrer">
              {t(`post.${link.network}`)}
              <span class="visually-hidden"> {t('post.newTab')}</span>
            </a>
          </li>
        ))}
      </ul>
      <MastodonForm articleId={props.articleId} />
      {props.countMe}
    </section>
  );
}

function Call(props: { call: CallChannel; countMe?: ComponentChildren }) {
  const { call } = props;
  const s = call.script;
  return (
    <section class="ua-channel" id="ua-call" aria-labelledby="ua-call-heading">
      <h4 id="ua-call-heading">{t('call.heading')}</h4>
      {call.calls.map(({ target, hoursThere, hoursUtc, rangesUtc }) => (
        <div class="ua-call" key={target.id}>
          <p>
            <Message
              id="call.number"
              params={{ name: authorityName(target) }}
              nodes={{ name: <Official target={target} titled /> }}
            />{' '}
            <a href={target.tel} class="ua-call__number">
              {target.phone}
            </a>
          </p>
          {hoursThere.length === 0 ? (
            <p>{t('call.hoursNone', { zone: target.timeZone })}</p>
          ) : (
            <dl class="ua-call__hours">
              <dt>{t('call.hoursTarget', { zone: target.timeZone })}</dt>
              <dd>
                <ul>
                  {hoursThere.map((h) => (
                    <li key={h}>{h}</li>
                  ))}
                </ul>
              </dd>
              <dt>{t('call.hoursUtc')}</dt>
              <dd>
                <ul>
                  {hoursUtc.map((h) => (
                    <li key={h}>{h}</li>
                  ))}
                </ul>
              </dd>
              {/* Filled in by site.js in the reader's own zone; without the script, hidden. */}
              <dt class="ua-call__yours" hidden data-label={t('call.hoursYours', { zone: '{zone}' })}>
                {t('call.hoursYours', { zone: '' })}
              </dt>
              <dd
                class="ua-call__yours"
                hidden
                data-week-ranges={rangesUtc.map((r) => `${r.start}-${r.end}`).join(',')}
              />
            </dl>
          )}
        </div>
      ))}
      <p>{t('call.intro')}</p>
      <blockquote class="ua-call__script">
        <p>
          {/* The official is greeted in their own words. */}
          <Message
            id="call.script.greeting"
            params={{ addressed: s.addressed }}
            langs={{ addressed: call.calls[0]?.target.language }}
          />
        </p>
        <p>{s.about}</p>
        {s.asks.length > 0 ? (
          <>
            <p>{s.asksIntro}</p>
            <ul lang={langIfOther(call.asksLanguage)}>
              {s.asks.map((a, i) => (
                <li key={i}>{a}</li>
              ))}
            </ul>
          </>
        ) : null}
        <p>{s.closing}</p>
      </blockquote>
      <p class="field__hint">{s.voicemail}</p>
      {props.countMe}
    </section>
  );
}

/** The three channels, for an urgent action that is open; nothing otherwise. */
export function Channels(props: ChannelsProps) {
  const { channels, articleId } = props;
  if (!channels.open) return null;
  return (
    <>
      {channels.letter ? (
        <Letter articleId={articleId} letter={channels.letter} countMe={props.countMe?.('letter')} />
      ) : null}
      <Post articleId={articleId} post={channels.post} countMe={props.countMe?.('post')} />
      {channels.call ? <Call call={channels.call} countMe={props.countMe?.('call')} /> : null}
    </>
  );
}

function page(site: Site, title: string, body: ComponentChildren, head?: ComponentChildren) {
  return renderDocument(
    <Layout site={site} meta={{ title, noindex: true, head }}>
      <div class="page page--narrow">
        <h1>{title}</h1>
        {body}
      </div>
    </Layout>,
  );
}

/** Why a letter or a redirect cannot be had (unknown, closed), with the way back when there is one. */
export function noticePage(site: Site, title: string, text: string, back: string | null): string {
  return page(
    site,
    title,
    <>
      <p>{text}</p>
      {back ? (
        <p>
          <a href={back}>{t('letter.back')}</a>
        </p>
      ) : null}
    </>,
  );
}

/** The letter form again, what was typed kept, each error beside its field. */
export function letterRefusedPage(
  site: Site,
  view: UaView,
  letter: LetterChannel,
  fields: SubmittedFields,
  errors: FieldErrors,
): string {
  return page(
    site,
    t('letter.errorTitle'),
    <>
      <ErrorSummary title={t('channels.errors')} errors={errors} />
      <form
        method="post"
        action={inReadersLanguage(`/actions/${view.articleId}/letter`)}
        class="form"
        novalidate
      >
        <LetterFields letter={letter} fields={fields} errors={errors} idPrefix="field-" />
        <button type="submit">{t('letter.submit')}</button>
      </form>
      <p>
        <a href={view.path}>{t('letter.back')}</a>
      </p>
    </>,
  );
}

/**
 * On the way to the supporter's Mastodon server. Not a redirect: the pages' Content-Security-Policy
 * (`form-action 'self'`) rightly stops a form's answer from sending the browser to another site,
 * so this page goes there itself (a refresh, which is no form's answer) and links there too.
 */
export function mastodonOnwardPage(site: Site, instance: string, href: string): string {
  return page(
    site,
    t('post.onwardTitle', { instance }),
    <>
      <p>{t('post.onward', { instance })}</p>
      <p>
        <a href={href} class="button" rel="noopener noreferrer">
          {t('post.onwardLink', { instance })}
        </a>
      </p>
    </>,
    <meta http-equiv="refresh" content={`0; url=${href}`} />,
  );
}

/** The Mastodon form again with what was typed and why it does not work. */
export function mastodonRefusedPage(site: Site, view: UaView, typed: string): string {
  return page(
    site,
    t('post.errorTitle'),
    <>
      <MastodonForm articleId={view.articleId} value={typed} error={t('post.error.instance')} />
      <p>
        <a href={view.path}>{t('letter.back')}</a>
      </p>
    </>,
  );
}
